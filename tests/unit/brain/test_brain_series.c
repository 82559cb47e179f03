/*
 * test_brain_series.c - lesson series in the lessons brain, driven on a
 * real event loop over the fixture lessons of tests/unit/kb/fixtures/series
 * ("India's history": the Indus Valley 1, the Maurya Empire 2, the Mughal
 * Empire 4; plus the Indian monsoon and volcanoes, in no series): a topic
 * naming a series starts it with an overview (in the word forms a learner
 * uses), a lesson named on its own still starts alone, "continue" after the
 * key facts goes on to the next lesson (also after a quiz or a question),
 * the last lesson says so, a "what year" question mid-lesson is answered
 * with the dates and the lesson resumes, and the state is rebuilt from the
 * history.
 */
#include "pl_test.h"

#include "parley/brain.h"
#include "parley/kb.h"
#include "parley/mem.h"

#include <event2/event.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a turn delivered. */
typedef struct got {
    pl_buf_t text;
    int done, errors;
    char mode[32], topic[128], title[128];
    int has_title;
} got_t;

static void on_chunk(void *ud, const char *text, size_t len)
{
    got_t *g = ud;
    pl_buf_append(&g->text, text, len);
}

static void on_done(void *ud, const pl_brain_result_t *r)
{
    got_t *g = ud;
    g->done++;
    snprintf(g->mode, sizeof(g->mode), "%s", r->mode ? r->mode : "(null)");
    snprintf(g->topic, sizeof(g->topic), "%s", r->current_topic ? r->current_topic : "");
    g->has_title = r->title != NULL;
    snprintf(g->title, sizeof(g->title), "%s", r->title ? r->title : "");
}

static void on_error(void *ud, int code, const char *message)
{
    (void)code;
    (void)message;
    got_t *g = ud;
    g->errors++;
}

static const pl_brain_sink_t sink = {on_chunk, on_done, on_error};

typedef struct fixture {
    struct event_base *base;
    pl_kb_t *kb;
    pl_brain_t *brain;
} fixture_t;

static int setup(fixture_t *f)
{
    const char *src = getenv("PARLEY_SOURCE_DIR");
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/tests/unit/kb/fixtures/series", src ? src : ".");
    memset(f, 0, sizeof(*f));
    f->base = event_base_new();
    PL_CHECK_INT(pl_kb_open(&f->kb, ":memory:"), ==, 0);
    PL_CHECK_INT(pl_kb_load_lessons(f->kb, dir), ==, 5);
    PL_CHECK_INT(pl_brain_lessons_new(&f->brain, f->base, f->kb, NULL), ==, 0);
    return f->brain != NULL && pl_kb_lesson_count(f->kb) == 5 ? 0 : -1;
}

static void teardown(fixture_t *f)
{
    pl_brain_free(f->brain);
    pl_kb_close(f->kb);
    event_base_free(f->base);
}

/* One turn of conversation conv, run to its end; history may be NULL. */
static void turn(fixture_t *f, got_t *g, const char *conv, const char *input,
                 const pl_brain_history_t *hist, size_t n_hist)
{
    pl_buf_free(&g->text);
    memset(g, 0, sizeof(*g));
    pl_brain_request_t req = {0};
    req.dialect = "teach";
    req.conversation_id = conv;
    req.user_id = "learner";
    req.input = input;
    req.input_len = strlen(input);
    req.history = hist;
    req.n_history = n_hist;
    pl_brain_turn_t *t = NULL;
    PL_CHECK_INT(pl_brain_start(f->brain, &req, &sink, g, &t), ==, 0);
    event_base_dispatch(f->base);
    PL_CHECK_INT(g->done, ==, 1);
    PL_CHECK_INT(g->errors, ==, 0);
}

static void say(fixture_t *f, got_t *g, const char *conv, const char *input)
{
    turn(f, g, conv, input, NULL, 0);
}

#define OVERVIEW                                                                          \
    "**India's history** is taught in 3 lessons: 1. The Indus Valley civilisation, 2. The " \
    "Maurya Empire, 3. The Mughal Empire; we start with the first.\n\n"

PL_TEST(series_starts_with_an_overview)
{
    fixture_t f;
    if (setup(&f) != 0)
        return;
    got_t g = {0};
    /* the word forms a learner uses for the series' name */
    static const char *const asks[] = {
        "teach me about India", "Teach me about Indian history.",
        "I want to learn about the history of India", "teach me india's history",
        "lesson on indian histroy", NULL};
    for (size_t i = 0; asks[i] != NULL; i++) {
        char conv[16];
        snprintf(conv, sizeof(conv), "o%zu", i);
        say(&f, &g, conv, asks[i]);
        PL_CHECK_STR(g.mode, "teaching");
        PL_CHECK_STR(g.topic, "The Indus Valley civilisation");
        PL_CHECK_STR(g.title, "India's history");
        PL_CHECK(g.text.data != NULL && strncmp(g.text.data, OVERVIEW, strlen(OVERVIEW)) == 0);
        PL_CHECK_CONTAINS(g.text.data, "Let's learn about **The Indus Valley civilisation** "
                                       "(history, lower secondary; lesson 1 of 3 in the series "
                                       "India's history)");
        PL_CHECK_CONTAINS(g.text.data, "Part 1 of 2: Cities on the river");
    }
    /* a lesson asked for by name starts alone, and says where it stands */
    say(&f, &g, "l1", "teach me about the Maurya empire");
    PL_CHECK_STR(g.topic, "The Maurya Empire");
    PL_CHECK_STR(g.title, "The Maurya Empire");
    PL_CHECK(strstr(g.text.data, "is taught in") == NULL);
    PL_CHECK_CONTAINS(g.text.data, "lesson 2 of 3 in the series India's history");
    say(&f, &g, "l2", "teach me about the Indian monsoon");
    PL_CHECK_STR(g.topic, "The Indian monsoon");
    PL_CHECK(strstr(g.text.data, "series") == NULL);
    say(&f, &g, "l3", "teach me about the Indus Valley");
    PL_CHECK_STR(g.title, "The Indus Valley civilisation");
    PL_CHECK(strstr(g.text.data, "is taught in") == NULL);
    /* nothing to do with the series */
    say(&f, &g, "l4", "teach me about volcanoes");
    PL_CHECK_STR(g.topic, "Volcanoes");
    PL_CHECK(strstr(g.text.data, "series") == NULL);
    pl_buf_free(&g.text);
    teardown(&f);
}

PL_TEST(continue_goes_on_through_the_series)
{
    fixture_t f;
    if (setup(&f) != 0)
        return;
    got_t g = {0};
    say(&f, &g, "w", "teach me about India");
    say(&f, &g, "w", "continue");
    PL_CHECK_CONTAINS(g.text.data, "Part 2 of 2: Digging up the past");
    say(&f, &g, "w", "continue");
    PL_CHECK_STR(g.mode, "teaching");
    PL_CHECK_CONTAINS(g.text.data, "The key facts:");
    PL_CHECK_CONTAINS(g.text.data, "Shall I quiz you? Say 'quiz me'. Or say 'continue' for the "
                                   "next lesson of India's history, **The Maurya Empire**");
    /* a question after the key facts: answered, then the way on */
    say(&f, &g, "w", "when was harappa excavated?");
    PL_CHECK_STR(g.mode, "answering");
    PL_CHECK_CONTAINS(g.text.data, "1921");
    PL_CHECK_CONTAINS(g.text.data, "Shall we go on to the next lesson of India's history, The "
                                   "Maurya Empire? Say 'continue'.");
    /* a quiz: graded, then the way on */
    say(&f, &g, "w", "quiz me");
    PL_CHECK_STR(g.mode, "quiz");
    say(&f, &g, "w", "mohenjo-daro");
    PL_CHECK_CONTAINS(g.text.data, "Correct!");
    PL_CHECK_CONTAINS(g.text.data, "'continue' for the next lesson of India's history (The "
                                   "Maurya Empire)");
    say(&f, &g, "w", "next");
    PL_CHECK_STR(g.mode, "teaching");
    PL_CHECK_STR(g.topic, "The Maurya Empire");
    PL_CHECK_STR(g.title, "The Maurya Empire");
    PL_CHECK_CONTAINS(g.text.data, "We have finished **The Indus Valley civilisation**. On to the "
                                   "next lesson of India's history.");
    PL_CHECK_CONTAINS(g.text.data, "Part 1 of 2: Chandragupta founds an empire");
    say(&f, &g, "w", "continue");
    say(&f, &g, "w", "continue");
    PL_CHECK_CONTAINS(g.text.data, "next lesson of India's history, **The Mughal Empire**");
    /* over the gap in positions (2 -> 4) */
    say(&f, &g, "w", "continue");
    PL_CHECK_STR(g.topic, "The Mughal Empire");
    PL_CHECK_CONTAINS(g.text.data, "lesson 3 of 3 in the series India's history");
    say(&f, &g, "w", "continue");
    PL_CHECK_CONTAINS(g.text.data, "The key facts:");
    PL_CHECK_CONTAINS(g.text.data, "Or ask me anything, or pick another topic.");
    PL_CHECK(strstr(g.text.data, "next lesson") == NULL);
    say(&f, &g, "w", "continue");
    PL_CHECK_STR(g.topic, "The Mughal Empire");
    PL_CHECK_CONTAINS(g.text.data, "We have finished **The Mughal Empire**, the last lesson of "
                                   "India's history.");

    /* a lesson of a series started on its own goes on to the next one too */
    say(&f, &g, "w2", "teach me about the maurya empire");
    say(&f, &g, "w2", "continue");
    say(&f, &g, "w2", "continue");
    say(&f, &g, "w2", "continue");
    PL_CHECK_STR(g.topic, "The Mughal Empire");
    /* a lesson in no series ends as before */
    say(&f, &g, "w3", "teach me about volcanoes");
    say(&f, &g, "w3", "continue");
    PL_CHECK(strstr(g.text.data, "next lesson") == NULL);
    say(&f, &g, "w3", "continue");
    PL_CHECK_CONTAINS(g.text.data, "We have finished **Volcanoes**. Say 'quiz me'");
    PL_CHECK_STR(g.topic, "Volcanoes");
    pl_buf_free(&g.text);
    teardown(&f);
}

PL_TEST(pause_answer_resume_in_a_series)
{
    fixture_t f;
    if (setup(&f) != 0)
        return;
    got_t g = {0};
    say(&f, &g, "p", "teach me about India");
    /* "this" is the civilisation being taught: its dates, not its 1000 settlements */
    say(&f, &g, "p", "what year was this?");
    PL_CHECK_STR(g.mode, "answering");
    PL_CHECK_STR(g.topic, "The Indus Valley civilisation");
    PL_CHECK_CONTAINS(g.text.data, "From the lesson **The Indus Valley civilisation** (Cities on "
                                   "the river)");
    PL_CHECK_CONTAINS(g.text.data, "flourished from about 2600 BCE to 1900 BCE");
    PL_CHECK(strstr(g.text.data, "1000 settlements") == NULL);
    PL_CHECK_CONTAINS(g.text.data, "Shall we continue with Digging up the past? Say 'continue'.");
    say(&f, &g, "p", "continue");
    PL_CHECK_STR(g.mode, "teaching");
    PL_CHECK_CONTAINS(g.text.data, "Part 2 of 2: Digging up the past");
    /* in this part, "this" is the excavation */
    say(&f, &g, "p", "what year was this?");
    PL_CHECK_CONTAINS(g.text.data, "(Digging up the past)");
    PL_CHECK_CONTAINS(g.text.data, "1921");
    /* "how many" wants the number */
    say(&f, &g, "p", "how many settlements have archaeologists found?");
    PL_CHECK_STR(g.mode, "answering");
    PL_CHECK_CONTAINS(g.text.data, "more than 1000 settlements");
    pl_buf_free(&g.text);
    teardown(&f);
}

PL_TEST(series_state_rebuilt_from_history)
{
    fixture_t f;
    if (setup(&f) != 0)
        return;
    got_t g = {0};
    /* what an earlier process saw: the series started, a question, the lesson finished */
    const pl_brain_history_t hist[] = {
        {"user", "teach me about India", 20},
        {"assistant", "**India's history** is taught in 3 lessons ...", 47},
        {"user", "what year was this?", 19},
        {"assistant", "From the lesson ...", 19},
        {"user", "continue", 8},
        {"assistant", "Part 2 of 2 ...", 15},
        {"user", "continue", 8},
        {"assistant", "The key facts ...", 17},
    };
    turn(&f, &g, "r", "continue", hist, 8);
    PL_CHECK_STR(g.mode, "teaching");
    PL_CHECK_STR(g.topic, "The Maurya Empire");
    PL_CHECK_CONTAINS(g.text.data, "On to the next lesson of India's history.");
    /* mid-lesson */
    turn(&f, &g, "r2", "continue", hist, 4);
    PL_CHECK_STR(g.topic, "The Indus Valley civilisation");
    PL_CHECK_CONTAINS(g.text.data, "Part 2 of 2: Digging up the past");
    pl_buf_free(&g.text);
    teardown(&f);
}

PL_TEST_MAIN(PL_TEST_ENTRY(series_starts_with_an_overview),
             PL_TEST_ENTRY(continue_goes_on_through_the_series),
             PL_TEST_ENTRY(pause_answer_resume_in_a_series),
             PL_TEST_ENTRY(series_state_rebuilt_from_history))
