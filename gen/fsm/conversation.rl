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

%%{
    machine conversation;
    alphtype unsigned char;
    access m->;
    variable cs m->cs_;

    action t0 { taken = 0; }
    action t1 { taken = 1; }
    action t2 { taken = 2; }
    action t3 { taken = 3; }
    action t4 { taken = 4; }
    action t5 { taken = 5; }
    action t6 { taken = 6; }
    action t7 { taken = 7; }
    action t8 { taken = 8; }
    action t9 { taken = 9; }
    action t10 { taken = 10; }
    action t11 { taken = 11; }
    action t12 { taken = 12; }
    action t13 { taken = 13; }
    action t14 { taken = 14; }
    action t15 { taken = 15; }
    action r_IDLE { restored = 0; }
    action r_LISTENING { restored = 1; }
    action r_PROCESSING { restored = 2; }
    action r_SPEAKING { restored = 3; }
    action r_WAITING_FOR_USER { restored = 4; }
    action r_ERROR { restored = 5; }
    action r_ENDED { restored = 6; }

    main := (
        start: (
            9 @r_IDLE -> IDLE |
            10 @r_LISTENING -> LISTENING |
            11 @r_PROCESSING -> PROCESSING |
            12 @r_SPEAKING -> SPEAKING |
            13 @r_WAITING_FOR_USER -> WAITING_FOR_USER |
            14 @r_ERROR -> ERROR |
            15 @r_ENDED -> ENDED
        ),
        IDLE: (
            0 @t0 -> LISTENING | # user_input
            8 @t1 -> ENDED # end
        ),
        LISTENING: (
            1 @t2 -> PROCESSING | # input_complete
            7 @t3 -> IDLE | # reset
            5 @t4 -> ERROR # failure
        ),
        PROCESSING: (
            2 @t5 -> SPEAKING | # response_started
            5 @t6 -> ERROR | # failure
            4 @t7 -> WAITING_FOR_USER # no_response
        ),
        SPEAKING: (
            3 @t8 -> WAITING_FOR_USER | # response_finished
            7 @t9 -> IDLE | # reset
            5 @t10 -> ERROR # failure
        ),
        WAITING_FOR_USER: (
            0 @t11 -> LISTENING | # user_input
            7 @t12 -> IDLE | # reset
            5 @t13 -> ERROR # failure
        ),
        ERROR: (
            6 @t14 -> IDLE | # recover
            8 @t15 -> ENDED # end
        ),
        ENDED: (
            zlen # no transitions out of ENDED
        )
    );

    write data nofinal;
}%%%%

static int exec_byte(pl_conv_fsm_t *m, unsigned char byte, int *taken_out, int *restored_out)
{
    int taken = -1, restored = -1;
    const unsigned char *p = &byte, *pe = p + 1;
    int saved = m->cs_;
    %% write exec;
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
    %% write init;
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
