/* PARLEY-GEN fsm conversation.fsm -- DO NOT EDIT.
 * The conversation state machine: states, events, transitions, hooks.
 * Source: fsm/conversation.fsm. Generator: tools/fsmgen.py (then ragel for the .c).
 * Regenerate: make regen */
#ifndef PARLEY_GEN_FSM_CONVERSATION_H
#define PARLEY_GEN_FSM_CONVERSATION_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* States. */
typedef enum pl_conv_state {
    PL_CONV_STATE_IDLE = 0, /* Conversation ready, waiting for input */
    PL_CONV_STATE_LISTENING = 1, /* Actively capturing speech input */
    PL_CONV_STATE_PROCESSING = 2, /* Processing user input, generating response */
    PL_CONV_STATE_SPEAKING = 3, /* AI is speaking/synthesizing speech */
    PL_CONV_STATE_WAITING_FOR_USER = 4, /* Waiting for user to respond */
    PL_CONV_STATE_ERROR = 5, /* Error state, needs recovery */
    PL_CONV_STATE_ENDED = 6, /* Conversation completed */
} pl_conv_state_t;
#define PL_CONV_STATE_COUNT 7

/* Events: what causes a transition. */
typedef enum pl_conv_event {
    PL_CONV_EVENT_USER_INPUT = 0, /* The user started speaking or a user message arrived */
    PL_CONV_EVENT_INPUT_COMPLETE = 1, /* The user's turn is complete (final transcript, message committed) */
    PL_CONV_EVENT_RESPONSE_STARTED = 2, /* The brain produced the first part of its answer */
    PL_CONV_EVENT_RESPONSE_FINISHED = 3, /* The answer is complete (delivered, or stopped with its partial text) */
    PL_CONV_EVENT_NO_RESPONSE = 4, /* Processing ended with nothing to say (stopped before the first chunk) */
    PL_CONV_EVENT_FAILURE = 5, /* Something failed: the brain, the store, or the input */
    PL_CONV_EVENT_RECOVER = 6, /* The failure was reported; the conversation may go on */
    PL_CONV_EVENT_RESET = 7, /* The turn is abandoned (cancel, barge-in, explicit request) */
    PL_CONV_EVENT_END = 8, /* The conversation is closed for good */
} pl_conv_event_t;
#define PL_CONV_EVENT_COUNT 9

/** The initial state of a new machine. */
#define PL_CONV_INITIAL_STATE PL_CONV_STATE_IDLE

/* One declared transition; line is its line in fsm/conversation.fsm. */
typedef struct pl_conv_transition {
    pl_conv_state_t from;
    pl_conv_event_t event;
    pl_conv_state_t to;
    int line;
} pl_conv_transition_t;

/** Every valid transition, in declaration order. */
extern const pl_conv_transition_t pl_conv_transitions[];
#define PL_CONV_TRANSITION_COUNT 16

typedef struct pl_conv_fsm pl_conv_fsm_t;

/** A hook: runs on a transition; t is the transition being taken. */
typedef void (*pl_conv_hook_fn)(pl_conv_fsm_t *m, const pl_conv_transition_t *t, void *user_data);

/*
 * Hooks the engine supplies; any may be NULL. Exit hooks run before the
 * state changes, enter hooks after. on_transition runs for every change
 * (logging, metrics, persistence), after the exit hook and before the enter
 * hook. Hooks must not fire events on the same machine (the fire returns
 * PL_ERR_BUSY): queue them and fire after the current fire returns.
 */
typedef struct pl_conv_hooks {
    pl_conv_hook_fn start_listening; /* enter LISTENING */
    pl_conv_hook_fn stop_listening; /* exit LISTENING */
    pl_conv_hook_fn start_typing; /* enter PROCESSING */
    pl_conv_hook_fn start_speaking; /* enter SPEAKING */
    pl_conv_hook_fn stop_speaking; /* exit SPEAKING */
    pl_conv_hook_fn stop_typing; /* enter WAITING_FOR_USER */
    pl_conv_hook_fn report_error; /* enter ERROR */
    pl_conv_hook_fn close_conversation; /* enter ENDED */
    pl_conv_hook_fn on_transition; /* every transition */
} pl_conv_hooks_t;

/* A machine instance. Plain data: embed it, copy it (a scratch copy
 * fires independently), no allocation. Fields are private. */
struct pl_conv_fsm {
    int cs_;
    pl_conv_state_t state_;
    int firing_;
    const pl_conv_hooks_t *hooks_;
    void *user_data_;
};

/** Starts a machine in the initial state; runs no hook. hooks may be NULL. */
void pl_conv_fsm_init(pl_conv_fsm_t *m, const pl_conv_hooks_t *hooks, void *user_data);

/** Puts a machine in state s (e.g. loaded from the store); runs no hook.
 * Returns 0, or PL_ERR_INVALID_ARGUMENT if s is not a state. */
int pl_conv_fsm_restore(pl_conv_fsm_t *m, pl_conv_state_t s);

/** Replaces the hooks and their user data (e.g. on a scratch copy). */
void pl_conv_fsm_set_hooks(pl_conv_fsm_t *m, const pl_conv_hooks_t *hooks, void *user_data);

/** Fires an event through the generated machine. Returns 0 (state changed,
 * hooks ran), PL_ERR_FSM_TRANSITION (the event is not valid in the current
 * state; nothing changed), PL_ERR_INVALID_ARGUMENT (not an event) or
 * PL_ERR_BUSY (called from one of this machine's hooks). */
int pl_conv_fsm_fire(pl_conv_fsm_t *m, pl_conv_event_t ev);

/** The current state. */
pl_conv_state_t pl_conv_fsm_state(const pl_conv_fsm_t *m);

/** The state an event leads to from a state by the table, or -1 if invalid. */
int pl_conv_target(pl_conv_state_t from, pl_conv_event_t ev);

/** The event that moves from to to, or -1 if no transition does. */
int pl_conv_event_between(pl_conv_state_t from, pl_conv_state_t to);

/** Name as declared ("WAITING_FOR_USER"); "?" if out of range. */
const char *pl_conv_state_name(pl_conv_state_t s);

/** Lower-case name ("waiting_for_user"); "?" if out of range. */
const char *pl_conv_state_name_lower(pl_conv_state_t s);

/** Description from the source; "" if out of range. */
const char *pl_conv_state_description(pl_conv_state_t s);

/** State by name, case-insensitive; -1 if none. */
int pl_conv_state_from_name(const char *name, size_t len);

/** Event name as declared ("user_input"); "?" if out of range. */
const char *pl_conv_event_name(pl_conv_event_t e);

/** Description from the source; "" if out of range. */
const char *pl_conv_event_description(pl_conv_event_t e);

/** Event by name, case-insensitive; -1 if none. */
int pl_conv_event_from_name(const char *name, size_t len);

/** Writes why an event is invalid in a state, e.g. "event 'end' is not
 * valid in state SPEAKING (valid: response_finished, reset, failure)".
 * Returns the length snprintf would write. */
int pl_conv_describe_invalid(pl_conv_state_t from, pl_conv_event_t ev, char *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif
