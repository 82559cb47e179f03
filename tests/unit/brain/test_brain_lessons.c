/*
 * test_brain_lessons.c - the lessons brain driven on a real event loop
 * over the fixture lessons (tests/unit/kb/fixtures/lessons): teaching
 * walk-through, continue / repeat, quiz right, partly, wrong and skipped,
 * pause-answer-resume, follow-up questions, honesty when nothing matches,
 * misspelled topics, state rebuilt from history, document citations,
 * streaming in small chunks, and cancel (mid-stream and from inside a
 * callback) with no callback afterwards.
 */
#include "pl_test.h"

#include "parley/brain.h"
#include "parley/error.h"
#include "parley/kb.h"
#include "parley/mem.h"

#include <event2/event.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a turn delivered. */
typedef struct got {
    pl_buf_t text;
    int chunks;
    int max_words;       /* the most words in one chunk */
    int done, errors;
    int during_start;    /* callbacks that came from inside start() */
    int after_end;       /* callbacks after done/cancel */
    int cancel_after;    /* cancel from inside the n-th chunk callback (0: never) */
    pl_brain_t *brain;
    pl_brain_turn_t *turn;
    int cancelled;
    char mode[32], topic[128], title[128];
    int has_topic, has_title;
    char *citations;
} got_t;

static int in_start;

static int count_words(const char *s, size_t len)
{
    int n = 0, in = 0;
    for (size_t i = 0; i < len; i++) {
        int sp = s[i] == ' ' || s[i] == '\n' || s[i] == '\t';
        if (!sp && !in)
            n++;
        in = !sp;
    }
    return n;
}

static void on_chunk(void *ud, const char *text, size_t len)
{
    got_t *g = ud;
    if (in_start)
        g->during_start++;
    if (g->done || g->cancelled)
        g->after_end++;
    pl_buf_append(&g->text, text, len);
    g->chunks++;
    int w = count_words(text, len);
    if (w > g->max_words)
        g->max_words = w;
    if (g->cancel_after > 0 && g->chunks == g->cancel_after) {
        g->cancelled = 1;
        pl_brain_cancel(g->brain, g->turn);
    }
}

static void on_done(void *ud, const pl_brain_result_t *r)
{
    got_t *g = ud;
    if (in_start)
        g->during_start++;
    if (g->done || g->cancelled)
        g->after_end++;
    g->done++;
    snprintf(g->mode, sizeof(g->mode), "%s", r->mode ? r->mode : "(null)");
    g->has_topic = r->current_topic != NULL;
    snprintf(g->topic, sizeof(g->topic), "%s", r->current_topic ? r->current_topic : "");
    g->has_title = r->title != NULL;
    snprintf(g->title, sizeof(g->title), "%s", r->title ? r->title : "");
    g->citations = r->citations_json ? pl_strdup(r->citations_json) : NULL;
}

static void on_error(void *ud, int code, const char *message)
{
    (void)code;
    (void)message;
    got_t *g = ud;
    g->errors++;
}

static const pl_brain_sink_t sink = {on_chunk, on_done, on_error};

static void got_free(got_t *g)
{
    pl_buf_free(&g->text);
    pl_free(g->citations);
    memset(g, 0, sizeof(*g));
}

typedef struct fixture {
    struct event_base *base;
    pl_kb_t *kb;
    pl_brain_t *brain;
} fixture_t;

static int setup(fixture_t *f, double delay)
{
    const char *src = getenv("PARLEY_SOURCE_DIR");
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/tests/unit/kb/fixtures/lessons", src ? src : ".");
    memset(f, 0, sizeof(*f));
    f->base = event_base_new();
    PL_CHECK_INT(pl_kb_open(&f->kb, ":memory:"), ==, 0);
    PL_CHECK_INT(pl_kb_load_lessons(f->kb, dir), ==, 4);
    pl_brain_lessons_config_t cfg;
    pl_brain_lessons_config_init(&cfg);
    cfg.chunk_delay = delay;
    PL_CHECK_INT(pl_brain_lessons_new(&f->brain, f->base, f->kb, &cfg), ==, 0);
    return f->brain != NULL && pl_kb_lesson_count(f->kb) == 4 ? 0 : -1;
}

static void teardown(fixture_t *f)
{
    pl_brain_free(f->brain);
    pl_kb_close(f->kb);
    event_base_free(f->base);
}

/* One turn, run to its end; history may be NULL. */
static void run_turn(fixture_t *f, got_t *g, const char *conv, const char *input,
                     const pl_brain_history_t *hist, size_t n_hist, int use_documents,
                     const char *user)
{
    got_free(g);
    g->brain = f->brain;
    pl_brain_request_t req = {0};
    req.dialect = "tutor";
    req.conversation_id = conv;
    req.user_id = user ? user : "u1";
    req.input = input;
    req.input_len = strlen(input);
    req.history = hist;
    req.n_history = n_hist;
    req.use_documents = use_documents;
    in_start = 1;
    int rv = pl_brain_start(f->brain, &req, &sink, g, &g->turn);
    in_start = 0;
    PL_CHECK_INT(rv, ==, 0);
    if (rv != 0)
        return;
    event_base_dispatch(f->base);
    PL_CHECK_INT(g->done, ==, 1);
    PL_CHECK_INT(g->errors, ==, 0);
    PL_CHECK_INT(g->during_start, ==, 0);
    PL_CHECK_INT(g->after_end, ==, 0);
    PL_CHECK(g->max_words <= 4);
    PL_CHECK(g->mode[0] != '\0' && strcmp(g->mode, "(null)") != 0);
}

static void say(fixture_t *f, got_t *g, const char *conv, const char *input)
{
    run_turn(f, g, conv, input, NULL, 0, 0, NULL);
}

PL_TEST(teach_walk_through)
{
    fixture_t f;
    if (setup(&f, 0) != 0)
        return;
    got_t g = {0};
    say(&f, &g, "c1", "Teach me about photosynthesis");
    PL_CHECK_STR(g.mode, "teaching");
    PL_CHECK_STR(g.title, "Photosynthesis");
    PL_CHECK_STR(g.topic, "Photosynthesis");
    PL_CHECK_CONTAINS(g.text.data, "Part 1 of 3: What photosynthesis is");
    PL_CHECK_CONTAINS(g.text.data, "green plants make their own food");
    PL_CHECK_CONTAINS(g.text.data, "Say 'continue' for the next part, ask me anything, or 'quiz me'.");
    PL_CHECK(g.chunks > 20); /* streamed in many small pieces */
    PL_CHECK(g.citations == NULL);

    say(&f, &g, "c1", "continue");
    PL_CHECK_STR(g.mode, "teaching");
    PL_CHECK(!g.has_title); /* a title only when a lesson starts */
    PL_CHECK_STR(g.topic, "Photosynthesis");
    PL_CHECK_CONTAINS(g.text.data, "Part 2 of 3: Where it happens");
    PL_CHECK_CONTAINS(g.text.data, "chloroplasts");

    say(&f, &g, "c1", "repeat");
    PL_CHECK_CONTAINS(g.text.data, "Part 2 of 3: Where it happens");

    say(&f, &g, "c1", "OK, next please");
    PL_CHECK_CONTAINS(g.text.data, "Part 3 of 3: What limits the rate");
    PL_CHECK_CONTAINS(g.text.data, "Say 'continue' for the key facts");

    say(&f, &g, "c1", "go on");
    PL_CHECK_STR(g.mode, "teaching");
    PL_CHECK_CONTAINS(g.text.data, "The key facts:");
    PL_CHECK_CONTAINS(g.text.data, "- It takes place in chloroplasts, which contain the green "
                                   "pigment chlorophyll.");
    PL_CHECK_CONTAINS(g.text.data, "Say 'quiz me'");

    say(&f, &g, "c1", "continue");
    PL_CHECK_CONTAINS(g.text.data, "We have finished **Photosynthesis**");

    say(&f, &g, "c1", "stop");
    PL_CHECK_STR(g.mode, "idle");
    PL_CHECK(!g.has_topic);
    say(&f, &g, "c1", "continue");
    PL_CHECK_CONTAINS(g.text.data, "We haven't started a lesson yet");
    PL_CHECK_STR(g.mode, "idle");
    got_free(&g);
    teardown(&f);
}

PL_TEST(quiz_right_partly_wrong_skip)
{
    fixture_t f;
    if (setup(&f, 0) != 0)
        return;
    got_t g = {0};
    say(&f, &g, "q", "teach me about photosynthesis");
    say(&f, &g, "q", "quiz me");
    PL_CHECK_STR(g.mode, "quiz");
    PL_CHECK_CONTAINS(g.text.data, "question 1 of 3");
    PL_CHECK_CONTAINS(g.text.data, "Which gas do plants release during photosynthesis?");
    say(&f, &g, "q", "I think it is oxygen");
    PL_CHECK_STR(g.mode, "quiz");
    PL_CHECK_CONTAINS(g.text.data, "Correct! The answer is: Oxygen.");
    PL_CHECK_CONTAINS(g.text.data, "'continue' to go on with the lesson (next: Where it happens)");

    say(&f, &g, "q", "quiz me");
    PL_CHECK_CONTAINS(g.text.data, "What is the green pigment in chloroplasts called?");
    say(&f, &g, "q", "chlorophyl"); /* a slip in a long word still counts */
    PL_CHECK_CONTAINS(g.text.data, "Correct!");

    say(&f, &g, "q", "quiz me");
    PL_CHECK_CONTAINS(g.text.data, "Name one factor that limits the rate");
    say(&f, &g, "q", "light");
    PL_CHECK_CONTAINS(g.text.data, "Partly right. The full answer is: Light intensity.");
    PL_CHECK_CONTAINS(g.text.data, "That was the last of the 3 questions");

    say(&f, &g, "q", "quiz me"); /* wraps around */
    PL_CHECK_CONTAINS(g.text.data, "question 1 of 3");
    say(&f, &g, "q", "carbon dioxide");
    PL_CHECK_CONTAINS(g.text.data, "Not quite. The answer is: Oxygen.");

    say(&f, &g, "q", "quiz me");
    say(&f, &g, "q", "I don't know");
    PL_CHECK_CONTAINS(g.text.data, "The answer is: Chlorophyll.");

    /* a question during a quiz is answered and the quiz question stays open */
    say(&f, &g, "q", "quiz me");
    say(&f, &g, "q", "Where does photosynthesis happen?");
    PL_CHECK_STR(g.mode, "answering");
    PL_CHECK_CONTAINS(g.text.data, "chloroplasts");
    PL_CHECK_CONTAINS(g.text.data, "Your quiz question is still open: Name one factor");
    say(&f, &g, "q", "the intensity of the light");
    PL_CHECK_CONTAINS(g.text.data, "Correct! The answer is: Light intensity.");

    /* a quiz on a named topic, and on a numeric answer */
    say(&f, &g, "q2", "quiz me on quadratic equations");
    PL_CHECK_STR(g.mode, "quiz");
    PL_CHECK_STR(g.topic, "Quadratic equations");
    PL_CHECK_CONTAINS(g.text.data, "What is the discriminant");
    say(&f, &g, "q2", "b^2 - 4ac");
    PL_CHECK_CONTAINS(g.text.data, "Correct!");
    say(&f, &g, "q2", "quiz me");
    say(&f, &g, "q2", "x = -2"); /* half of it */
    PL_CHECK_CONTAINS(g.text.data, "Partly right");

    /* no topic at all */
    say(&f, &g, "q3", "quiz me");
    PL_CHECK_STR(g.mode, "idle");
    PL_CHECK_CONTAINS(g.text.data, "Which topic shall I quiz you on?");
    got_free(&g);
    teardown(&f);
}

PL_TEST(pause_answer_resume)
{
    fixture_t f;
    if (setup(&f, 0) != 0)
        return;
    got_t g = {0};
    say(&f, &g, "p", "I want to learn about photosynthesis");
    say(&f, &g, "p", "continue");
    PL_CHECK_CONTAINS(g.text.data, "Part 2 of 3");
    say(&f, &g, "p", "Which colours of light does chlorophyll absorb?");
    PL_CHECK_STR(g.mode, "answering");
    PL_CHECK_STR(g.topic, "Photosynthesis");
    PL_CHECK_CONTAINS(g.text.data, "From the lesson **Photosynthesis** (Where it happens)");
    PL_CHECK_CONTAINS(g.text.data, "absorbs red and blue light");
    PL_CHECK_CONTAINS(g.text.data, "Shall we continue with What limits the rate? Say 'continue'.");
    /* a question about another lesson, then the lesson resumes where it was */
    say(&f, &g, "p", "what is condensation?");
    PL_CHECK_STR(g.mode, "answering");
    PL_CHECK_STR(g.topic, "The water cycle");
    PL_CHECK_CONTAINS(g.text.data, "condensation");
    PL_CHECK_CONTAINS(g.text.data, "Shall we continue with What limits the rate?");
    say(&f, &g, "p", "continue");
    PL_CHECK_STR(g.mode, "teaching");
    PL_CHECK_STR(g.topic, "Photosynthesis");
    PL_CHECK_CONTAINS(g.text.data, "Part 3 of 3: What limits the rate");
    got_free(&g);
    teardown(&f);
}

PL_TEST(follow_up_questions)
{
    fixture_t f;
    if (setup(&f, 0) != 0)
        return;
    got_t g = {0};
    say(&f, &g, "fu", "when did the harappan cities decline?");
    PL_CHECK_STR(g.mode, "answering");
    PL_CHECK_STR(g.topic, "Indus Valley civilisation");
    PL_CHECK_CONTAINS(g.text.data, "1900 BCE");
    PL_CHECK_CONTAINS(g.text.data, "Say 'teach me about Indus Valley civilisation'");
    say(&f, &g, "fu", "who excavated them?");
    PL_CHECK_STR(g.topic, "Indus Valley civilisation");
    PL_CHECK_CONTAINS(g.text.data, "Daya Ram Sahni");
    say(&f, &g, "fu", "why?");
    PL_CHECK_STR(g.mode, "answering");
    PL_CHECK_CONTAINS(g.text.data, "made farming harder, so people moved away");

    /* while teaching: "this" is the section being taught */
    say(&f, &g, "fu2", "teach me about the indus valley");
    say(&f, &g, "fu2", "continue");
    say(&f, &g, "fu2", "continue");
    PL_CHECK_CONTAINS(g.text.data, "Discovery and decline");
    say(&f, &g, "fu2", "what year was this?");
    PL_CHECK_STR(g.mode, "answering");
    PL_CHECK_CONTAINS(g.text.data, "(Discovery and decline)");
    PL_CHECK_CONTAINS(g.text.data, "19");
    PL_CHECK_CONTAINS(g.text.data, "Shall we continue with the key facts?");
    say(&f, &g, "fu2", "who started it?");
    PL_CHECK_CONTAINS(g.text.data, "Daya Ram Sahni");

    /* a question with a strong topic of its own is not forced onto the current one */
    say(&f, &g, "fu2", "what is the discriminant of a quadratic?");
    PL_CHECK_STR(g.topic, "Quadratic equations");
    PL_CHECK_CONTAINS(g.text.data, "b^2 - 4ac");
    got_free(&g);
    teardown(&f);
}

PL_TEST(no_match_is_honest)
{
    fixture_t f;
    if (setup(&f, 0) != 0)
        return;
    got_t g = {0};
    say(&f, &g, "n", "What is the capital city of Australia?");
    PL_CHECK_STR(g.mode, "answering");
    PL_CHECK(!g.has_topic);
    PL_CHECK_CONTAINS(g.text.data, "My curriculum does not cover that");
    PL_CHECK_CONTAINS(g.text.data, "The nearest topics I have are ");
    /* three titles, each a real lesson */
    int titles = 0;
    const char *all[] = {"Photosynthesis", "Indus Valley civilisation", "Quadratic equations",
                         "The water cycle"};
    for (int i = 0; i < 4; i++)
        titles += strstr(g.text.data, all[i]) != NULL;
    PL_CHECK_INT(titles, ==, 3);
    PL_CHECK(strstr(g.text.data, "Australia") == NULL); /* never echoes the question */

    say(&f, &g, "n", "teach me about the french revolution");
    PL_CHECK_CONTAINS(g.text.data, "My curriculum does not cover that");
    PL_CHECK(!g.has_title);

    /* mid-lesson: honest, and the lesson can resume */
    say(&f, &g, "n2", "teach me about the water cycle");
    say(&f, &g, "n2", "how do jet engines work?");
    PL_CHECK_CONTAINS(g.text.data, "My curriculum does not cover that");
    PL_CHECK_CONTAINS(g.text.data, "Shall we continue with Condensation and clouds?");
    PL_CHECK_STR(g.topic, "The water cycle");
    got_free(&g);
    teardown(&f);
}

PL_TEST(misspelled_topics_and_wording)
{
    fixture_t f;
    if (setup(&f, 0) != 0)
        return;
    got_t g = {0};
    say(&f, &g, "m1", "teach me about fotosynthesis");
    PL_CHECK_STR(g.title, "Photosynthesis");
    say(&f, &g, "m2", "can you explain the water cycel please");
    PL_CHECK_STR(g.title, "The water cycle");
    say(&f, &g, "m3", "lesson on quadratics");
    PL_CHECK_STR(g.title, "Quadratic equations");
    say(&f, &g, "m4", "Tell me about the Harappan civilization!");
    PL_CHECK_STR(g.title, "Indus Valley civilisation");
    /* "explain how ..." is a question, not a lesson */
    say(&f, &g, "m5", "explain how clouds form");
    PL_CHECK_STR(g.mode, "answering");
    PL_CHECK(!g.has_title);
    PL_CHECK_CONTAINS(g.text.data, "cloud");
    /* greetings and the topic list */
    say(&f, &g, "m6", "Hello!");
    PL_CHECK_STR(g.mode, "idle");
    PL_CHECK_CONTAINS(g.text.data, "offline tutor");
    PL_CHECK_CONTAINS(g.text.data, "history");
    say(&f, &g, "m6", "what can you teach?");
    PL_CHECK_CONTAINS(g.text.data, "- Science: Photosynthesis, The water cycle");
    got_free(&g);
    teardown(&f);
}

PL_TEST(state_rebuilt_from_history)
{
    fixture_t f;
    if (setup(&f, 0) != 0)
        return;
    got_t g = {0};
    /* what an earlier process saw */
    const pl_brain_history_t hist[] = {
        {"user", "teach me about photosynthesis", 29},
        {"assistant", "Let's learn about Photosynthesis ...", 36},
        {"user", "continue", 8},
        {"assistant", "Part 2 of 3 ...", 15},
        {"user", "where does it happen?", 21},
        {"assistant", "From the lesson ...", 19},
    };
    run_turn(&f, &g, "r1", "continue", hist, 6, 0, NULL);
    PL_CHECK_STR(g.mode, "teaching");
    PL_CHECK_STR(g.topic, "Photosynthesis");
    PL_CHECK_CONTAINS(g.text.data, "Part 3 of 3: What limits the rate");

    /* a quiz question open in the history is graded */
    const pl_brain_history_t quiz[] = {
        {"user", "teach me about the water cycle", 30},
        {"assistant", "...", 3},
        {"user", "quiz me", 7},
        {"assistant", "Quiz on The water cycle, question 1 of 2 ...", 44},
    };
    run_turn(&f, &g, "r2", "condensation", quiz, 4, 0, NULL);
    PL_CHECK_STR(g.mode, "quiz");
    PL_CHECK_CONTAINS(g.text.data, "Correct! The answer is: Condensation.");

    /* once known, the brain's own state wins over a (stale) history */
    run_turn(&f, &g, "r1", "continue", hist, 2, 0, NULL);
    PL_CHECK_CONTAINS(g.text.data, "The key facts:");
    got_free(&g);
    teardown(&f);
}

PL_TEST(documents_are_cited)
{
    fixture_t f;
    if (setup(&f, 0) != 0)
        return;
    static const char page1[] = "Mitochondria are the powerhouses of the cell. They release "
                                "energy from glucose in a process called cellular respiration.";
    pl_kb_page_t p = {3, page1, sizeof(page1) - 1};
    char id[40];
    PL_CHECK_INT(pl_kb_doc_add(f.kb, "u1", "biology-ch3.pdf", "application/pdf", 100, &p, 1, id),
                 ==, 0);
    got_t g = {0};
    run_turn(&f, &g, "d1", "What do mitochondria release?", NULL, 0, 1, "u1");
    PL_CHECK_STR(g.mode, "answering");
    PL_CHECK_CONTAINS(g.text.data, "From your document **biology-ch3.pdf** (page 3)");
    PL_CHECK_CONTAINS(g.text.data, "release energy from glucose");
    PL_CHECK(g.citations != NULL);
    if (g.citations != NULL) {
        char want[320];
        snprintf(want, sizeof(want), "[{\"document_id\":\"%s\",\"chunk_id\":\"%s_c1\","
                                     "\"filename\":\"biology-ch3.pdf\",\"page_start\":3,"
                                     "\"page_end\":3,\"score\":",
                 id, id);
        PL_CHECK(strncmp(g.citations, want, strlen(want)) == 0);
    }
    /* another user does not see it */
    run_turn(&f, &g, "d2", "What do mitochondria release?", NULL, 0, 1, "u2");
    PL_CHECK(g.citations == NULL);
    PL_CHECK_CONTAINS(g.text.data, "does not cover");
    /* without use_documents, documents are not searched */
    run_turn(&f, &g, "d3", "What do mitochondria release?", NULL, 0, 0, "u1");
    PL_CHECK(g.citations == NULL);
    /* lessons answer in a documents dialect too, uncited */
    run_turn(&f, &g, "d4", "what is the word equation for photosynthesis?", NULL, 0, 1, "u1");
    PL_CHECK_CONTAINS(g.text.data, "carbon dioxide + water -> glucose + oxygen");
    PL_CHECK(g.citations == NULL);
    got_free(&g);
    teardown(&f);
}

PL_TEST(cancel_mid_stream)
{
    fixture_t f;
    if (setup(&f, 0) != 0)
        return;
    got_t g = {0};
    g.brain = f.brain;
    pl_brain_request_t req = {0};
    req.conversation_id = "x";
    req.user_id = "u1";
    req.input = "teach me about photosynthesis";
    req.input_len = strlen(req.input);
    in_start = 1;
    PL_CHECK_INT(pl_brain_start(f.brain, &req, &sink, &g, &g.turn), ==, 0);
    in_start = 0;
    PL_CHECK_INT(g.chunks, ==, 0);
    /* one chunk per loop turn */
    event_base_loop(f.base, EVLOOP_ONCE);
    PL_CHECK_INT(g.chunks, ==, 1);
    event_base_loop(f.base, EVLOOP_ONCE);
    PL_CHECK_INT(g.chunks, ==, 2);
    pl_brain_cancel(f.brain, g.turn);
    g.cancelled = 1;
    event_base_dispatch(f.base);
    PL_CHECK_INT(g.chunks, ==, 2);
    PL_CHECK_INT(g.done, ==, 0);
    PL_CHECK_INT(g.after_end, ==, 0);

    /* cancel from inside the third chunk's callback */
    got_free(&g);
    g.brain = f.brain;
    g.cancel_after = 3;
    req.conversation_id = "y";
    PL_CHECK_INT(pl_brain_start(f.brain, &req, &sink, &g, &g.turn), ==, 0);
    event_base_dispatch(f.base);
    PL_CHECK_INT(g.chunks, ==, 3);
    PL_CHECK_INT(g.done, ==, 0);
    PL_CHECK_INT(g.after_end, ==, 0);

    /* cancel before the first chunk */
    got_free(&g);
    req.conversation_id = "z";
    PL_CHECK_INT(pl_brain_start(f.brain, &req, &sink, &g, &g.turn), ==, 0);
    pl_brain_cancel(f.brain, g.turn);
    g.cancelled = 1;
    event_base_dispatch(f.base);
    PL_CHECK_INT(g.chunks + g.done, ==, 0);
    got_free(&g);
    teardown(&f);
}

PL_TEST(chunk_delay_and_bad_config)
{
    fixture_t f;
    if (setup(&f, 0.001) != 0)
        return;
    got_t g = {0};
    say(&f, &g, "dl", "hi");
    PL_CHECK(g.chunks > 3);
    got_free(&g);
    teardown(&f);

    struct event_base *base = event_base_new();
    pl_kb_t *kb = NULL;
    PL_CHECK_INT(pl_kb_open(&kb, ":memory:"), ==, 0);
    pl_brain_lessons_config_t cfg;
    pl_brain_lessons_config_init(&cfg);
    pl_brain_t *b = NULL;
    cfg.words_per_chunk = 0;
    PL_CHECK_INT(pl_brain_lessons_new(&b, base, kb, &cfg), ==, PL_ERR_INVALID_ARGUMENT);
    pl_brain_lessons_config_init(&cfg);
    cfg.min_score = 2;
    PL_CHECK_INT(pl_brain_lessons_new(&b, base, kb, &cfg), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_brain_lessons_new(&b, base, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK(b == NULL);
    /* no lessons at all: still answers, honestly */
    PL_CHECK_INT(pl_brain_lessons_new(&b, base, kb, NULL), ==, 0);
    fixture_t e = {base, kb, b};
    say(&e, &g, "e", "what is photosynthesis?");
    PL_CHECK_CONTAINS(g.text.data, "I have no lessons installed");
    say(&e, &g, "e", "");
    PL_CHECK_CONTAINS(g.text.data, "No lessons are installed yet");
    got_free(&g);
    teardown(&e);
}

PL_TEST(evicted_states_are_rebuilt)
{
    const char *src = getenv("PARLEY_SOURCE_DIR");
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/tests/unit/kb/fixtures/lessons", src ? src : ".");
    fixture_t f;
    memset(&f, 0, sizeof(f));
    f.base = event_base_new();
    PL_CHECK_INT(pl_kb_open(&f.kb, ":memory:"), ==, 0);
    PL_CHECK_INT(pl_kb_load_lessons(f.kb, dir), ==, 4);
    pl_brain_lessons_config_t cfg;
    pl_brain_lessons_config_init(&cfg);
    cfg.max_conversations = 2;
    PL_CHECK_INT(pl_brain_lessons_new(&f.brain, f.base, f.kb, &cfg), ==, 0);
    got_t g = {0};
    say(&f, &g, "a", "teach me about photosynthesis");
    say(&f, &g, "b", "teach me about the water cycle");
    say(&f, &g, "c", "teach me about quadratic equations"); /* evicts "a" */
    const pl_brain_history_t hist[] = {{"user", "teach me about photosynthesis", 29},
                                       {"assistant", "...", 3}};
    run_turn(&f, &g, "a", "continue", hist, 2, 0, NULL);
    PL_CHECK_CONTAINS(g.text.data, "Part 2 of 3: Where it happens");
    /* without the history, an evicted conversation starts over, and says so */
    say(&f, &g, "b", "continue");
    PL_CHECK_CONTAINS(g.text.data, "We haven't started a lesson yet");
    got_free(&g);
    teardown(&f);
}

PL_TEST_MAIN(PL_TEST_ENTRY(teach_walk_through), PL_TEST_ENTRY(quiz_right_partly_wrong_skip),
             PL_TEST_ENTRY(pause_answer_resume), PL_TEST_ENTRY(follow_up_questions),
             PL_TEST_ENTRY(no_match_is_honest), PL_TEST_ENTRY(misspelled_topics_and_wording),
             PL_TEST_ENTRY(state_rebuilt_from_history), PL_TEST_ENTRY(documents_are_cited),
             PL_TEST_ENTRY(cancel_mid_stream), PL_TEST_ENTRY(chunk_delay_and_bad_config),
             PL_TEST_ENTRY(evicted_states_are_rebuilt))
