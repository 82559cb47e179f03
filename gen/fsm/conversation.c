
#line 1 "gen/fsm/conversation.rl"
/* PARLEY-GEN fsm conversation.fsm -- DO NOT EDIT.
 * Ragel host for the conversation machine; ragel turns this into conversation.c.
 * Source: fsm/conversation.fsm. Generator: tools/fsmgen.py (then ragel for the .c).
 * Regenerate: make regen */
#include "fsm/conversation.h"

#include "parley/error.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/*
 * Transitions (from --event--> to), declared in fsm/conversation.fsm:
 *
 *   IDLE              --user_input--> LISTENING
 *   IDLE              --end--> ENDED
 *   LISTENING         --input_complete--> PROCESSING
 *   LISTENING         --reset--> IDLE
 *   LISTENING         --failure--> ERROR
 *   PROCESSING        --response_started--> SPEAKING
 *   PROCESSING        --failure--> ERROR
 *   PROCESSING        --no_response--> WAITING_FOR_USER
 *   SPEAKING          --response_finished--> WAITING_FOR_USER
 *   SPEAKING          --reset--> IDLE
 *   SPEAKING          --failure--> ERROR
 *   WAITING_FOR_USER  --user_input--> LISTENING
 *   WAITING_FOR_USER  --reset--> IDLE
 *   WAITING_FOR_USER  --failure--> ERROR
 *   ERROR             --recover--> IDLE
 *   ERROR             --end--> ENDED
 *
 * Input alphabet of the Ragel machine: event e is the byte e; the byte
 * 9 + s restores state s from the start state (used by init/restore).
 */

const pl_conv_transition_t pl_conv_transitions[] = {
    {PL_CONV_STATE_IDLE, PL_CONV_EVENT_USER_INPUT, PL_CONV_STATE_LISTENING, 42},
    {PL_CONV_STATE_IDLE, PL_CONV_EVENT_END, PL_CONV_STATE_ENDED, 43},
    {PL_CONV_STATE_LISTENING, PL_CONV_EVENT_INPUT_COMPLETE, PL_CONV_STATE_PROCESSING, 44},
    {PL_CONV_STATE_LISTENING, PL_CONV_EVENT_RESET, PL_CONV_STATE_IDLE, 45},
    {PL_CONV_STATE_LISTENING, PL_CONV_EVENT_FAILURE, PL_CONV_STATE_ERROR, 46},
    {PL_CONV_STATE_PROCESSING, PL_CONV_EVENT_RESPONSE_STARTED, PL_CONV_STATE_SPEAKING, 47},
    {PL_CONV_STATE_PROCESSING, PL_CONV_EVENT_FAILURE, PL_CONV_STATE_ERROR, 48},
    {PL_CONV_STATE_PROCESSING, PL_CONV_EVENT_NO_RESPONSE, PL_CONV_STATE_WAITING_FOR_USER, 49},
    {PL_CONV_STATE_SPEAKING, PL_CONV_EVENT_RESPONSE_FINISHED, PL_CONV_STATE_WAITING_FOR_USER, 50},
    {PL_CONV_STATE_SPEAKING, PL_CONV_EVENT_RESET, PL_CONV_STATE_IDLE, 51},
    {PL_CONV_STATE_SPEAKING, PL_CONV_EVENT_FAILURE, PL_CONV_STATE_ERROR, 52},
    {PL_CONV_STATE_WAITING_FOR_USER, PL_CONV_EVENT_USER_INPUT, PL_CONV_STATE_LISTENING, 53},
    {PL_CONV_STATE_WAITING_FOR_USER, PL_CONV_EVENT_RESET, PL_CONV_STATE_IDLE, 54},
    {PL_CONV_STATE_WAITING_FOR_USER, PL_CONV_EVENT_FAILURE, PL_CONV_STATE_ERROR, 55},
    {PL_CONV_STATE_ERROR, PL_CONV_EVENT_RECOVER, PL_CONV_STATE_IDLE, 56},
    {PL_CONV_STATE_ERROR, PL_CONV_EVENT_END, PL_CONV_STATE_ENDED, 57},
};

static const char *const state_names[] = {
    "IDLE",
    "LISTENING",
    "PROCESSING",
    "SPEAKING",
    "WAITING_FOR_USER",
    "ERROR",
    "ENDED",
};

static const char *const state_descriptions[] = {
    "Conversation ready, waiting for input",
    "Actively capturing speech input",
    "Processing user input, generating response",
    "AI is speaking/synthesizing speech",
    "Waiting for user to respond",
    "Error state, needs recovery",
    "Conversation completed",
};

static const char *const event_names[] = {
    "user_input",
    "input_complete",
    "response_started",
    "response_finished",
    "no_response",
    "failure",
    "recover",
    "reset",
    "end",
};

static const char *const event_descriptions[] = {
    "The user started speaking or a user message arrived",
    "The user's turn is complete (final transcript, message committed)",
    "The brain produced the first part of its answer",
    "The answer is complete (delivered, or stopped with its partial text)",
    "Processing ended with nothing to say (stopped before the first chunk)",
    "Something failed: the brain, the store, or the input",
    "The failure was reported; the conversation may go on",
    "The turn is abandoned (cancel, barge-in, explicit request)",
    "The conversation is closed for good",
};

static const char *const state_names_lower[] = {
    "idle",
    "listening",
    "processing",
    "speaking",
    "waiting_for_user",
    "error",
    "ended",
};


#line 111 "gen/fsm/conversation.c.tmp"
static const char _conversation_actions[] = {
	0, 1, 0, 1, 1, 1, 2, 1, 
	3, 1, 4, 1, 5, 1, 6, 1, 
	7, 1, 8, 1, 9, 1, 10, 1, 
	11, 1, 12, 1, 13, 1, 14, 1, 
	15, 1, 16, 1, 17, 1, 18, 1, 
	19, 1, 20, 1, 21, 1, 22
};

static const char _conversation_key_offsets[] = {
	0, 0, 7, 9, 12, 15, 18, 21, 
	23
};

static const unsigned char _conversation_trans_keys[] = {
	9u, 10u, 11u, 12u, 13u, 14u, 15u, 0u, 
	8u, 1u, 5u, 7u, 2u, 4u, 5u, 3u, 
	5u, 7u, 0u, 5u, 7u, 6u, 8u, 0
};

static const char _conversation_single_lengths[] = {
	0, 7, 2, 3, 3, 3, 3, 2, 
	0
};

static const char _conversation_range_lengths[] = {
	0, 0, 0, 0, 0, 0, 0, 0, 
	0
};

static const char _conversation_index_offsets[] = {
	0, 0, 8, 11, 15, 19, 23, 27, 
	30
};

static const char _conversation_trans_targs[] = {
	2, 3, 4, 5, 6, 7, 8, 0, 
	3, 8, 0, 4, 7, 2, 0, 5, 
	6, 7, 0, 6, 7, 2, 0, 3, 
	7, 2, 0, 2, 8, 0, 0, 0
};

static const char _conversation_trans_actions[] = {
	33, 35, 37, 39, 41, 43, 45, 0, 
	1, 3, 0, 5, 9, 7, 0, 11, 
	15, 13, 0, 17, 21, 19, 0, 23, 
	27, 25, 0, 29, 31, 0, 0, 0
};

static const int conversation_start = 1;
static const int conversation_error = 0;

static const int conversation_en_main = 1;


#line 184 "gen/fsm/conversation.rl"

#line 185 "gen/fsm/conversation.rl"

static int exec_byte(pl_conv_fsm_t *m, unsigned char byte, int *taken_out, int *restored_out)
{
    int taken = -1, restored = -1;
    const unsigned char *p = &byte, *pe = p + 1;
    int saved = m->cs_;
    
#line 171 "gen/fsm/conversation.c.tmp"
	{
	int _klen;
	unsigned int _trans;
	const char *_acts;
	unsigned int _nacts;
	const unsigned char *_keys;

	if ( p == pe )
		goto _test_eof;
	if ( ( m->cs_) == 0 )
		goto _out;
_resume:
	_keys = _conversation_trans_keys + _conversation_key_offsets[( m->cs_)];
	_trans = _conversation_index_offsets[( m->cs_)];

	_klen = _conversation_single_lengths[( m->cs_)];
	if ( _klen > 0 ) {
		const unsigned char *_lower = _keys;
		const unsigned char *_mid;
		const unsigned char *_upper = _keys + _klen - 1;
		while (1) {
			if ( _upper < _lower )
				break;

			_mid = _lower + ((_upper-_lower) >> 1);
			if ( (*p) < *_mid )
				_upper = _mid - 1;
			else if ( (*p) > *_mid )
				_lower = _mid + 1;
			else {
				_trans += (unsigned int)(_mid - _keys);
				goto _match;
			}
		}
		_keys += _klen;
		_trans += _klen;
	}

	_klen = _conversation_range_lengths[( m->cs_)];
	if ( _klen > 0 ) {
		const unsigned char *_lower = _keys;
		const unsigned char *_mid;
		const unsigned char *_upper = _keys + (_klen<<1) - 2;
		while (1) {
			if ( _upper < _lower )
				break;

			_mid = _lower + (((_upper-_lower) >> 1) & ~1);
			if ( (*p) < _mid[0] )
				_upper = _mid - 2;
			else if ( (*p) > _mid[1] )
				_lower = _mid + 2;
			else {
				_trans += (unsigned int)((_mid - _keys)>>1);
				goto _match;
			}
		}
		_trans += _klen;
	}

_match:
	( m->cs_) = _conversation_trans_targs[_trans];

	if ( _conversation_trans_actions[_trans] == 0 )
		goto _again;

	_acts = _conversation_actions + _conversation_trans_actions[_trans];
	_nacts = (unsigned int) *_acts++;
	while ( _nacts-- > 0 )
	{
		switch ( *_acts++ )
		{
	case 0:
#line 116 "gen/fsm/conversation.rl"
	{ taken = 0; }
	break;
	case 1:
#line 117 "gen/fsm/conversation.rl"
	{ taken = 1; }
	break;
	case 2:
#line 118 "gen/fsm/conversation.rl"
	{ taken = 2; }
	break;
	case 3:
#line 119 "gen/fsm/conversation.rl"
	{ taken = 3; }
	break;
	case 4:
#line 120 "gen/fsm/conversation.rl"
	{ taken = 4; }
	break;
	case 5:
#line 121 "gen/fsm/conversation.rl"
	{ taken = 5; }
	break;
	case 6:
#line 122 "gen/fsm/conversation.rl"
	{ taken = 6; }
	break;
	case 7:
#line 123 "gen/fsm/conversation.rl"
	{ taken = 7; }
	break;
	case 8:
#line 124 "gen/fsm/conversation.rl"
	{ taken = 8; }
	break;
	case 9:
#line 125 "gen/fsm/conversation.rl"
	{ taken = 9; }
	break;
	case 10:
#line 126 "gen/fsm/conversation.rl"
	{ taken = 10; }
	break;
	case 11:
#line 127 "gen/fsm/conversation.rl"
	{ taken = 11; }
	break;
	case 12:
#line 128 "gen/fsm/conversation.rl"
	{ taken = 12; }
	break;
	case 13:
#line 129 "gen/fsm/conversation.rl"
	{ taken = 13; }
	break;
	case 14:
#line 130 "gen/fsm/conversation.rl"
	{ taken = 14; }
	break;
	case 15:
#line 131 "gen/fsm/conversation.rl"
	{ taken = 15; }
	break;
	case 16:
#line 132 "gen/fsm/conversation.rl"
	{ restored = 0; }
	break;
	case 17:
#line 133 "gen/fsm/conversation.rl"
	{ restored = 1; }
	break;
	case 18:
#line 134 "gen/fsm/conversation.rl"
	{ restored = 2; }
	break;
	case 19:
#line 135 "gen/fsm/conversation.rl"
	{ restored = 3; }
	break;
	case 20:
#line 136 "gen/fsm/conversation.rl"
	{ restored = 4; }
	break;
	case 21:
#line 137 "gen/fsm/conversation.rl"
	{ restored = 5; }
	break;
	case 22:
#line 138 "gen/fsm/conversation.rl"
	{ restored = 6; }
	break;
#line 312 "gen/fsm/conversation.c.tmp"
		}
	}

_again:
	if ( ( m->cs_) == 0 )
		goto _out;
	if ( ++p != pe )
		goto _resume;
	_test_eof: {}
	_out: {}
	}

#line 192 "gen/fsm/conversation.rl"
    if (m->cs_ == conversation_error) {
        m->cs_ = saved;
        return PL_ERR_FSM_TRANSITION;
    }
    *taken_out = taken;
    *restored_out = restored;
    return 0;
}

void pl_conv_fsm_set_hooks(pl_conv_fsm_t *m, const pl_conv_hooks_t *hooks, void *user_data)
{
    m->hooks_ = hooks;
    m->user_data_ = user_data;
}

int pl_conv_fsm_restore(pl_conv_fsm_t *m, pl_conv_state_t s)
{
    int taken, restored;
    if ((int)s < 0 || (int)s >= PL_CONV_STATE_COUNT)
        return PL_ERR_INVALID_ARGUMENT;
    
#line 343 "gen/fsm/conversation.c.tmp"
	{
	( m->cs_) = conversation_start;
	}

#line 213 "gen/fsm/conversation.rl"
    if (exec_byte(m, (unsigned char)(9 + (int)s), &taken, &restored) != 0 || restored != (int)s)
        return PL_ERR_INTERNAL;
    m->state_ = s;
    return 0;
}

void pl_conv_fsm_init(pl_conv_fsm_t *m, const pl_conv_hooks_t *hooks, void *user_data)
{
    m->firing_ = 0;
    pl_conv_fsm_set_hooks(m, hooks, user_data);
    (void)pl_conv_fsm_restore(m, PL_CONV_INITIAL_STATE);
    (void)conversation_en_main;
}

/* The one place the state changes: exit hook, new state, trace, enter hook. */
static void set_state(pl_conv_fsm_t *m, const pl_conv_transition_t *t)
{
    const pl_conv_hooks_t *h = m->hooks_;
    m->firing_ = 1;
    if (h != NULL) {
        switch (t->from) {
        case PL_CONV_STATE_LISTENING:
            if (h->stop_listening != NULL)
                h->stop_listening(m, t, m->user_data_);
            break;
        case PL_CONV_STATE_SPEAKING:
            if (h->stop_speaking != NULL)
                h->stop_speaking(m, t, m->user_data_);
            break;
        default:
            break;
        }
    }
    m->state_ = t->to;
    if (h != NULL && h->on_transition != NULL)
        h->on_transition(m, t, m->user_data_);
    if (h != NULL) {
        switch (t->to) {
        case PL_CONV_STATE_LISTENING:
            if (h->start_listening != NULL)
                h->start_listening(m, t, m->user_data_);
            break;
        case PL_CONV_STATE_PROCESSING:
            if (h->start_typing != NULL)
                h->start_typing(m, t, m->user_data_);
            break;
        case PL_CONV_STATE_SPEAKING:
            if (h->start_speaking != NULL)
                h->start_speaking(m, t, m->user_data_);
            break;
        case PL_CONV_STATE_WAITING_FOR_USER:
            if (h->stop_typing != NULL)
                h->stop_typing(m, t, m->user_data_);
            break;
        case PL_CONV_STATE_ERROR:
            if (h->report_error != NULL)
                h->report_error(m, t, m->user_data_);
            break;
        case PL_CONV_STATE_ENDED:
            if (h->close_conversation != NULL)
                h->close_conversation(m, t, m->user_data_);
            break;
        default:
            break;
        }
    }
    m->firing_ = 0;
}

int pl_conv_fsm_fire(pl_conv_fsm_t *m, pl_conv_event_t ev)
{
    int taken, restored, rv;
    if ((int)ev < 0 || (int)ev >= PL_CONV_EVENT_COUNT)
        return PL_ERR_INVALID_ARGUMENT;
    if (m->firing_)
        return PL_ERR_BUSY;
    rv = exec_byte(m, (unsigned char)ev, &taken, &restored);
    if (rv != 0)
        return rv;
    if (taken < 0 || taken >= PL_CONV_TRANSITION_COUNT)
        return PL_ERR_INTERNAL;
    set_state(m, &pl_conv_transitions[taken]);
    return 0;
}

pl_conv_state_t pl_conv_fsm_state(const pl_conv_fsm_t *m)
{
    return m->state_;
}

int pl_conv_target(pl_conv_state_t from, pl_conv_event_t ev)
{
    for (int i = 0; i < PL_CONV_TRANSITION_COUNT; i++)
        if (pl_conv_transitions[i].from == from && pl_conv_transitions[i].event == ev)
            return (int)pl_conv_transitions[i].to;
    return -1;
}

int pl_conv_event_between(pl_conv_state_t from, pl_conv_state_t to)
{
    for (int i = 0; i < PL_CONV_TRANSITION_COUNT; i++)
        if (pl_conv_transitions[i].from == from && pl_conv_transitions[i].to == to)
            return (int)pl_conv_transitions[i].event;
    return -1;
}

const char *pl_conv_state_name(pl_conv_state_t s)
{
    return (int)s >= 0 && (int)s < PL_CONV_STATE_COUNT ? state_names[s] : "?";
}

const char *pl_conv_state_name_lower(pl_conv_state_t s)
{
    return (int)s >= 0 && (int)s < PL_CONV_STATE_COUNT ? state_names_lower[s] : "?";
}

const char *pl_conv_state_description(pl_conv_state_t s)
{
    return (int)s >= 0 && (int)s < PL_CONV_STATE_COUNT ? state_descriptions[s] : "";
}

const char *pl_conv_event_name(pl_conv_event_t e)
{
    return (int)e >= 0 && (int)e < PL_CONV_EVENT_COUNT ? event_names[e] : "?";
}

const char *pl_conv_event_description(pl_conv_event_t e)
{
    return (int)e >= 0 && (int)e < PL_CONV_EVENT_COUNT ? event_descriptions[e] : "";
}

static int lookup(const char *const *names, int n, const char *name, size_t len)
{
    for (int i = 0; i < n; i++)
        if (strlen(names[i]) == len && strncasecmp(names[i], name, len) == 0)
            return i;
    return -1;
}

int pl_conv_state_from_name(const char *name, size_t len)
{
    return lookup(state_names, PL_CONV_STATE_COUNT, name, len);
}

int pl_conv_event_from_name(const char *name, size_t len)
{
    return lookup(event_names, PL_CONV_EVENT_COUNT, name, len);
}

int pl_conv_describe_invalid(pl_conv_state_t from, pl_conv_event_t ev, char *buf, size_t len)
{
    char valid[256];
    size_t used = 0;
    valid[0] = '\0';
    for (int i = 0; i < PL_CONV_TRANSITION_COUNT; i++) {
        if (pl_conv_transitions[i].from != from)
            continue;
        int n = snprintf(valid + used, sizeof(valid) - used, "%s%s", used ? ", " : "",
                         event_names[pl_conv_transitions[i].event]);
        if (n < 0 || (size_t)n >= sizeof(valid) - used)
            break;
        used += (size_t)n;
    }
    return snprintf(buf, len, "event '%s' is not valid in state %s (valid: %s)",
                    pl_conv_event_name(ev), pl_conv_state_name(from), used ? valid : "none");
}
