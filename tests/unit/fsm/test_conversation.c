/*
 * Unit tests of the generated conversation machine (gen/fsm/conversation.*).
 *
 * The expected transitions are written here from seed 002's table, not read
 * from the generator's output, so a wrong edit of fsm/conversation.fsm fails
 * this test. Every (state, event) pair is fired through the Ragel machine.
 */
#include "pl_test.h"

#include "fsm/conversation.h"
#include "parley/error.h"

/* Seed 002, "Valid Transitions". */
static const struct {
    pl_conv_state_t from, to;
} seed_table[] = {
    {PL_CONV_STATE_IDLE, PL_CONV_STATE_LISTENING},
    {PL_CONV_STATE_IDLE, PL_CONV_STATE_ENDED},
    {PL_CONV_STATE_LISTENING, PL_CONV_STATE_PROCESSING},
    {PL_CONV_STATE_LISTENING, PL_CONV_STATE_IDLE},
    {PL_CONV_STATE_LISTENING, PL_CONV_STATE_ERROR},
    {PL_CONV_STATE_PROCESSING, PL_CONV_STATE_SPEAKING},
    {PL_CONV_STATE_PROCESSING, PL_CONV_STATE_ERROR},
    {PL_CONV_STATE_PROCESSING, PL_CONV_STATE_WAITING_FOR_USER},
    {PL_CONV_STATE_SPEAKING, PL_CONV_STATE_WAITING_FOR_USER},
    {PL_CONV_STATE_SPEAKING, PL_CONV_STATE_IDLE},
    {PL_CONV_STATE_SPEAKING, PL_CONV_STATE_ERROR},
    {PL_CONV_STATE_WAITING_FOR_USER, PL_CONV_STATE_LISTENING},
    {PL_CONV_STATE_WAITING_FOR_USER, PL_CONV_STATE_IDLE},
    {PL_CONV_STATE_WAITING_FOR_USER, PL_CONV_STATE_ERROR},
    {PL_CONV_STATE_ERROR, PL_CONV_STATE_IDLE},
    {PL_CONV_STATE_ERROR, PL_CONV_STATE_ENDED},
};
#define SEED_N (sizeof(seed_table) / sizeof(seed_table[0]))

static int seed_allows(pl_conv_state_t from, pl_conv_state_t to)
{
    for (size_t i = 0; i < SEED_N; i++)
        if (seed_table[i].from == from && seed_table[i].to == to)
            return 1;
    return 0;
}

PL_TEST(table_matches_seed)
{
    PL_CHECK_INT(PL_CONV_STATE_COUNT, ==, 7);
    PL_CHECK_INT(PL_CONV_TRANSITION_COUNT, ==, SEED_N);
    for (int i = 0; i < PL_CONV_TRANSITION_COUNT; i++)
        PL_CHECK(seed_allows(pl_conv_transitions[i].from, pl_conv_transitions[i].to));
    for (size_t i = 0; i < SEED_N; i++)
        PL_CHECK(pl_conv_event_between(seed_table[i].from, seed_table[i].to) >= 0);
}

PL_TEST(new_machine_is_idle)
{
    pl_conv_fsm_t m;
    pl_conv_fsm_init(&m, NULL, NULL);
    PL_CHECK_INT(pl_conv_fsm_state(&m), ==, PL_CONV_STATE_IDLE);
    PL_CHECK_INT(PL_CONV_INITIAL_STATE, ==, PL_CONV_STATE_IDLE);
}

/* The whole matrix: each (state, event) either moves exactly as the seed
 * allows, or fails with the state unchanged. */
PL_TEST(every_pair_through_the_machine)
{
    int accepted = 0, rejected = 0;
    for (int s = 0; s < PL_CONV_STATE_COUNT; s++) {
        for (int e = 0; e < PL_CONV_EVENT_COUNT; e++) {
            pl_conv_fsm_t m;
            pl_conv_fsm_init(&m, NULL, NULL);
            PL_CHECK_INT(pl_conv_fsm_restore(&m, (pl_conv_state_t)s), ==, 0);
            int expect = pl_conv_target((pl_conv_state_t)s, (pl_conv_event_t)e);
            int rv = pl_conv_fsm_fire(&m, (pl_conv_event_t)e);
            if (expect >= 0) {
                PL_CHECK_INT(rv, ==, 0);
                PL_CHECK_INT(pl_conv_fsm_state(&m), ==, expect);
                PL_CHECK(seed_allows((pl_conv_state_t)s, (pl_conv_state_t)expect));
                accepted++;
            } else {
                PL_CHECK_INT(rv, ==, PL_ERR_FSM_TRANSITION);
                PL_CHECK_INT(pl_conv_fsm_state(&m), ==, s);
                /* The machine is still usable after a rejected event. */
                for (int e2 = 0; e2 < PL_CONV_EVENT_COUNT; e2++) {
                    pl_conv_fsm_t c = m;
                    int t2 = pl_conv_target((pl_conv_state_t)s, (pl_conv_event_t)e2);
                    PL_CHECK_INT(pl_conv_fsm_fire(&c, (pl_conv_event_t)e2), ==,
                                 t2 >= 0 ? 0 : PL_ERR_FSM_TRANSITION);
                }
                rejected++;
            }
        }
    }
    PL_CHECK_INT(accepted, ==, SEED_N);
    PL_CHECK_INT(rejected, ==, PL_CONV_STATE_COUNT * PL_CONV_EVENT_COUNT - SEED_N);
}

PL_TEST(ended_is_terminal)
{
    pl_conv_fsm_t m;
    pl_conv_fsm_init(&m, NULL, NULL);
    PL_CHECK_INT(pl_conv_fsm_fire(&m, PL_CONV_EVENT_END), ==, 0);
    for (int e = 0; e < PL_CONV_EVENT_COUNT; e++)
        PL_CHECK_INT(pl_conv_fsm_fire(&m, (pl_conv_event_t)e), ==, PL_ERR_FSM_TRANSITION);
    PL_CHECK_INT(pl_conv_fsm_state(&m), ==, PL_CONV_STATE_ENDED);
}

PL_TEST(bad_arguments)
{
    pl_conv_fsm_t m;
    pl_conv_fsm_init(&m, NULL, NULL);
    PL_CHECK_INT(pl_conv_fsm_fire(&m, (pl_conv_event_t)PL_CONV_EVENT_COUNT), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_conv_fsm_fire(&m, (pl_conv_event_t)-1), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_conv_fsm_restore(&m, (pl_conv_state_t)99), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_conv_fsm_state(&m), ==, PL_CONV_STATE_IDLE);
}

/* Hook order for one exchange: a log of what ran. */
static char hook_log[1024];

static void log_hook(const char *what, const pl_conv_transition_t *t)
{
    size_t n = strlen(hook_log);
    snprintf(hook_log + n, sizeof(hook_log) - n, "%s(%s>%s) ", what,
             pl_conv_state_name(t->from), pl_conv_state_name(t->to));
}

#define HOOK(name)                                                             \
    static void hook_##name(pl_conv_fsm_t *m, const pl_conv_transition_t *t, void *ud) \
    {                                                                          \
        (void)m;                                                               \
        (*(int *)ud)++;                                                        \
        log_hook(#name, t);                                                    \
    }
HOOK(start_listening)
HOOK(stop_listening)
HOOK(start_typing)
HOOK(start_speaking)
HOOK(stop_speaking)
HOOK(stop_typing)
HOOK(on_transition)

PL_TEST(hooks_run_in_order)
{
    pl_conv_hooks_t h = {0};
    h.start_listening = hook_start_listening;
    h.stop_listening = hook_stop_listening;
    h.start_typing = hook_start_typing;
    h.start_speaking = hook_start_speaking;
    h.stop_speaking = hook_stop_speaking;
    h.stop_typing = hook_stop_typing;
    h.on_transition = hook_on_transition;
    int calls = 0;
    pl_conv_fsm_t m;
    hook_log[0] = '\0';
    pl_conv_fsm_init(&m, &h, &calls);
    PL_CHECK_INT(pl_conv_fsm_fire(&m, PL_CONV_EVENT_USER_INPUT), ==, 0);
    PL_CHECK_INT(pl_conv_fsm_fire(&m, PL_CONV_EVENT_INPUT_COMPLETE), ==, 0);
    PL_CHECK_INT(pl_conv_fsm_fire(&m, PL_CONV_EVENT_RESPONSE_STARTED), ==, 0);
    PL_CHECK_INT(pl_conv_fsm_fire(&m, PL_CONV_EVENT_RESPONSE_FINISHED), ==, 0);
    PL_CHECK_STR(hook_log,
                 "on_transition(IDLE>LISTENING) start_listening(IDLE>LISTENING) "
                 "stop_listening(LISTENING>PROCESSING) on_transition(LISTENING>PROCESSING) "
                 "start_typing(LISTENING>PROCESSING) on_transition(PROCESSING>SPEAKING) "
                 "start_speaking(PROCESSING>SPEAKING) stop_speaking(SPEAKING>WAITING_FOR_USER) "
                 "on_transition(SPEAKING>WAITING_FOR_USER) stop_typing(SPEAKING>WAITING_FOR_USER) ");
    PL_CHECK_INT(calls, ==, 10);
    /* A rejected event runs no hook. */
    PL_CHECK_INT(pl_conv_fsm_fire(&m, PL_CONV_EVENT_RESPONSE_STARTED), ==, PL_ERR_FSM_TRANSITION);
    PL_CHECK_INT(calls, ==, 10);
}

static int reentry_rv;

static void reenter(pl_conv_fsm_t *m, const pl_conv_transition_t *t, void *ud)
{
    (void)t;
    (void)ud;
    reentry_rv = pl_conv_fsm_fire(m, PL_CONV_EVENT_RECOVER);
}

PL_TEST(hooks_cannot_fire)
{
    pl_conv_hooks_t h = {0};
    h.report_error = reenter;
    pl_conv_fsm_t m;
    pl_conv_fsm_init(&m, &h, NULL);
    PL_CHECK_INT(pl_conv_fsm_fire(&m, PL_CONV_EVENT_USER_INPUT), ==, 0);
    PL_CHECK_INT(pl_conv_fsm_fire(&m, PL_CONV_EVENT_FAILURE), ==, 0);
    PL_CHECK_INT(reentry_rv, ==, PL_ERR_BUSY);
    PL_CHECK_INT(pl_conv_fsm_state(&m), ==, PL_CONV_STATE_ERROR);
    PL_CHECK_INT(pl_conv_fsm_fire(&m, PL_CONV_EVENT_RECOVER), ==, 0);
    PL_CHECK_INT(pl_conv_fsm_state(&m), ==, PL_CONV_STATE_IDLE);
}

PL_TEST(scratch_copy_is_independent)
{
    pl_conv_fsm_t live, scratch;
    pl_conv_fsm_init(&live, NULL, NULL);
    PL_CHECK_INT(pl_conv_fsm_fire(&live, PL_CONV_EVENT_USER_INPUT), ==, 0);
    scratch = live;
    PL_CHECK_INT(pl_conv_fsm_fire(&scratch, PL_CONV_EVENT_FAILURE), ==, 0);
    PL_CHECK_INT(pl_conv_fsm_state(&scratch), ==, PL_CONV_STATE_ERROR);
    PL_CHECK_INT(pl_conv_fsm_state(&live), ==, PL_CONV_STATE_LISTENING);
}

PL_TEST(names_and_lookup)
{
    PL_CHECK_STR(pl_conv_state_name(PL_CONV_STATE_WAITING_FOR_USER), "WAITING_FOR_USER");
    PL_CHECK_STR(pl_conv_state_name_lower(PL_CONV_STATE_WAITING_FOR_USER), "waiting_for_user");
    PL_CHECK_STR(pl_conv_state_description(PL_CONV_STATE_IDLE), "Conversation ready, waiting for input");
    PL_CHECK_INT(pl_conv_state_from_name("listening", 9), ==, PL_CONV_STATE_LISTENING);
    PL_CHECK_INT(pl_conv_state_from_name("LISTENING", 9), ==, PL_CONV_STATE_LISTENING);
    PL_CHECK_INT(pl_conv_state_from_name("listen", 6), ==, -1);
    PL_CHECK_INT(pl_conv_event_from_name("input_complete", 14), ==, PL_CONV_EVENT_INPUT_COMPLETE);
    PL_CHECK_STR(pl_conv_state_name((pl_conv_state_t)42), "?");
    for (int s = 0; s < PL_CONV_STATE_COUNT; s++) {
        const char *n = pl_conv_state_name((pl_conv_state_t)s);
        PL_CHECK_INT(pl_conv_state_from_name(n, strlen(n)), ==, s);
    }
    char buf[256];
    pl_conv_describe_invalid(PL_CONV_STATE_SPEAKING, PL_CONV_EVENT_END, buf, sizeof(buf));
    PL_CHECK_STR(buf, "event 'end' is not valid in state SPEAKING (valid: response_finished, reset, failure)");
    pl_conv_describe_invalid(PL_CONV_STATE_ENDED, PL_CONV_EVENT_RECOVER, buf, sizeof(buf));
    PL_CHECK_STR(buf, "event 'recover' is not valid in state ENDED (valid: none)");
}

PL_TEST_MAIN(PL_TEST_ENTRY(table_matches_seed), PL_TEST_ENTRY(new_machine_is_idle),
             PL_TEST_ENTRY(every_pair_through_the_machine), PL_TEST_ENTRY(ended_is_terminal),
             PL_TEST_ENTRY(bad_arguments), PL_TEST_ENTRY(hooks_run_in_order),
             PL_TEST_ENTRY(hooks_cannot_fire), PL_TEST_ENTRY(scratch_copy_is_independent),
             PL_TEST_ENTRY(names_and_lookup))
