/*
 * lessons_tutor.c - the lessons brain's command interpreter: what one user
 * message does to a conversation's tutor state, and the reply.
 *
 *   idle ──"teach me about X"──► teaching (section 1; X naming a series at least
 *                                  as well as any one lesson: an overview of the
 *                                  series, then its first lesson)
 *   teaching ──"continue"──► next section ... ──► key facts (+ quiz offer)
 *            ──"continue"──► the next lesson of its series, if it has one
 *   teaching ──"repeat"──► the same section again
 *   teaching | idle ──"quiz me"──► quiz (a question is pending)
 *   quiz ──any answer──► graded (right / partly / wrong + the answer)
 *   any ──a question──► answering (extractive; mid-lesson it ends with
 *                        "Shall we continue with <next>?", and "continue"
 *                        resumes exactly there)
 *   any ──"stop"──► idle
 *
 * Questions are answered from the knowledge base only: the best passages
 * (pl_kb_search), cut into sentences, each scored against the query's
 * words (weighted by rarity), the kind of question (a year for "when", a
 * name for "who", "because" for "why") and the passage's own score; the
 * best one to three sentences are quoted with their source. A question with
 * no strong topic of its own ("what year was this?", "who started it?",
 * "why?") is resolved against the conversation's current topic. Below the
 * score threshold the tutor says the curriculum does not cover it and
 * suggests the three nearest topics. Nothing is ever made up.
 *
 * Everything here is deterministic for a given kb, which is what lets the
 * brain rebuild a conversation's state by replaying its user messages.
 */
#include "lessons_int.h"

#include "parley/error.h"
#include "parley/log.h"

#include <yajl/yajl_gen.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INPUT 4000        /* bytes of a message the interpreter reads */
#define MAX_CANDIDATES 16     /* passages an answer is drawn from */
#define MAX_TERMS 15
#define STRONG_SCORE 0.6      /* a question this well matched has a topic of its own */
#define MAX_SENTENCES 3

static const char *const mode_names[] = {"idle", "teaching", "answering", "quiz"};

void tutor_state_init(tutor_state_t *s)
{
    memset(s, 0, sizeof(*s));
    s->section = -1;
    s->focus_section = -1;
    s->quiz_pending = -1;
    s->mode = TM_IDLE;
}

/* ---------------------------------------------------------------------- */
/* Intents                                                                */

typedef enum intent {
    I_NONE = 0,
    I_GREETING,
    I_HELP,
    I_THANKS,
    I_YES,
    I_NO,
    I_CONTINUE,
    I_REPEAT,
    I_QUIZ,
    I_STOP,
    I_SKIP,
    I_TEACH,
} intent_t;

static const char *const greetings[] = {
    "hi", "hello", "hey", "hi there", "hello there", "hey there", "good morning",
    "good afternoon", "good evening", "greetings", "howdy", "hiya", "yo", "morning",
    "hello tutor", "hi tutor", "hey tutor", NULL};
static const char *const helps[] = {
    "help", "what can you teach", "what can you teach me", "what can you do", "topics",
    "list topics", "show topics", "what topics", "what topics do you know", "what subjects",
    "subjects", "what do you know", "what do you teach", "menu", "list lessons", "lessons",
    "what lessons", "what lessons do you have", "what topics do you have",
    "show me the topics", "what can i learn", "what can i learn about", "teach me",
    "teach me something", "i want to learn", "i want to learn something", "start", NULL};
static const char *const thanks[] = {
    "thanks", "thank you", "thx", "thank you very much", "thanks a lot", "cheers",
    "great thanks", "ty", NULL};
static const char *const yeses[] = {
    "yes", "yeah", "yep", "sure", "ok", "okay", "yes please", "sure thing", "alright",
    "let's do it", "lets do it", "y", "yes let's continue", "please do", NULL};
static const char *const nos[] = {"no", "nope", "no thanks", "not now", "nah", NULL};
static const char *const continues[] = {
    "continue", "next", "go on", "carry on", "next part", "next section", "keep going",
    "more", "tell me more", "let's continue", "lets continue", "continue the lesson",
    "resume", "go ahead", "next one", "move on", "let's go on", "proceed", "continue lesson",
    "let's move on", "lets move on", "what's next", "whats next", "resume the lesson",
    "next please", "next step", "keep on", "onwards", NULL};
static const char *const repeats[] = {
    "repeat", "again", "say that again", "repeat that", "once more", "say it again",
    "repeat the last part", "repeat the section", "come again", "what did you say",
    "repeat it", "one more time", "repeat this", "repeat the part", NULL};
static const char *const quizzes[] = {
    "quiz me", "quiz", "test me", "ask me a question", "give me a quiz", "quiz me again",
    "another question", "next question", "test my knowledge", "ask me something",
    "give me a question", "quiz time", "ask me another question", "ask me another", NULL};
static const char *const stops[] = {
    "stop", "end", "end lesson", "end the lesson", "stop the lesson", "stop lesson", "quit",
    "exit", "enough", "that's enough", "thats enough", "finish", "i'm done", "im done", "done",
    "stop teaching", "cancel", "let's stop", "lets stop", "no more", "stop the quiz",
    "end quiz", NULL};
static const char *const skips[] = {
    "i don't know", "i dont know", "dont know", "don't know", "no idea", "skip", "pass",
    "tell me", "give up", "i give up", "show answer", "show me the answer",
    "what is the answer", "what's the answer", "whats the answer", "idk", "not sure",
    "i'm not sure", "im not sure", "tell me the answer", NULL};

/* Prefixes that ask for a lesson; the rest of the message is the topic. */
static const char *const teach_prefixes[] = {
    "teach me about ", "teach me ", "teach ", "explain to me ", "explain ",
    "tell me more about ", "tell me about ", "i want to learn about ", "i want to learn ",
    "i'd like to learn about ", "i would like to learn about ", "i'd like to learn ",
    "i want to study ", "lesson on ", "lesson about ", "a lesson on ", "a lesson about ",
    "give me a lesson on ", "give me a lesson about ", "start a lesson on ",
    "start a lesson about ", "start the lesson on ", "learn about ", "let's learn about ",
    "lets learn about ", "let's study ", "lets study ", "can we learn about ",
    "can we study ", "i want a lesson on ", "i want a lesson about ", "help me learn ",
    "help me understand ", "study ", NULL};
static const char *const quiz_prefixes[] = {
    "quiz me on ", "quiz me about ", "test me on ", "test me about ", "give me a quiz on ",
    "give me a quiz about ", "quiz on ", "a quiz on ", "ask me a question about ",
    "ask me a question on ", NULL};
/* Leading and trailing words that change nothing. */
static const char *const lead_fillers[] = {
    "ok ", "okay ", "ok, ", "okay, ", "so ", "so, ", "now ", "now, ", "please ", "alright ",
    "alright, ", "right, ", "great, ", "great ", "cool, ", "cool ", "well ", "well, ",
    "and ", "hmm ", "hmm, ", "can you ", "could you ", "would you ", "will you ",
    "can u ", "pls ", "i'd like you to ", "i want you to ", "then ", "yes, ", "yes ",
    "thanks, ", "thanks ", "thank you, ", "great thanks, ", "sure, ", NULL};
static const char *const trail_fillers[] = {
    " please", " pls", " now", " for me", " thanks", " thank you", " then", ",", NULL};

static int in_list(const char *s, const char *const *list)
{
    for (size_t i = 0; list[i] != NULL; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

/* Strips fillers in place (the result is a suffix of s, possibly shortened). */
static char *strip_fillers(char *s)
{
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; lead_fillers[i] != NULL; i++) {
            size_t n = strlen(lead_fillers[i]);
            if (strncmp(s, lead_fillers[i], n) == 0 && s[n] != '\0') {
                s += n;
                while (*s == ' ' || *s == ',')
                    s++;
                changed = 1;
            }
        }
        size_t len = strlen(s);
        for (size_t i = 0; trail_fillers[i] != NULL; i++) {
            size_t n = strlen(trail_fillers[i]);
            if (len > n && strcmp(s + len - n, trail_fillers[i]) == 0) {
                s[len - n] = '\0';
                len -= n;
                changed = 1;
            }
        }
        while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == ',' || s[len - 1] == '.' ||
                           s[len - 1] == '!' || s[len - 1] == '?')) {
            s[--len] = '\0';
            changed = 1;
        }
    }
    return s;
}

static const char *after_prefix(const char *s, const char *const *prefixes)
{
    for (size_t i = 0; prefixes[i] != NULL; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(s, prefixes[i], n) == 0 && s[n] != '\0')
            return s + n;
    }
    return NULL;
}

static intent_t parse_intent(char *core, const char **arg)
{
    *arg = NULL;
    if (in_list(core, greetings))
        return I_GREETING;
    if (in_list(core, helps))
        return I_HELP;
    if (in_list(core, thanks))
        return I_THANKS;
    if (in_list(core, yeses))
        return I_YES;
    if (in_list(core, nos))
        return I_NO;
    if (in_list(core, continues))
        return I_CONTINUE;
    if (in_list(core, repeats))
        return I_REPEAT;
    if (in_list(core, quizzes))
        return I_QUIZ;
    if (in_list(core, stops))
        return I_STOP;
    if (in_list(core, skips))
        return I_SKIP;
    const char *a = after_prefix(core, quiz_prefixes);
    if (a != NULL) {
        *arg = a;
        return I_QUIZ;
    }
    a = after_prefix(core, teach_prefixes);
    if (a != NULL) {
        /* "about the basics of X" -> "X" */
        static const char *const lead[] = {"about ", "the basics of ", "the topic of ",
                                           "all about ", "some ", "something about ",
                                           "a bit about ", "more about ", NULL};
        for (int again = 1; again;) {
            again = 0;
            const char *b = after_prefix(a, lead);
            if (b != NULL) {
                a = b;
                again = 1;
            }
        }
        *arg = a;
        return I_TEACH;
    }
    return I_NONE;
}

static int starts_with_wh(const char *s)
{
    static const char *const wh[] = {"what ", "why ", "how ", "when ", "where ", "who ",
                                     "which ", "whose ", "whom ", "what's ", "whats ",
                                     "is ", "are ", "does ", "do ", "did ", "can ", "was ",
                                     "were ", "whether ", "if ", NULL};
    return after_prefix(s, wh) != NULL;
}

/* "it", "this topic", "that": the topic itself */
static int is_reference(const char *s)
{
    static const char *const refs[] = {"it", "this", "that", "this topic", "that topic",
                                       "this one", "that one", "the topic", "the lesson",
                                       "this lesson", "that lesson", "them", "those", NULL};
    return in_list(s, refs);
}

/* ---------------------------------------------------------------------- */
/* Replies                                                                */

static void say(tutor_reply_t *out, const char *s)
{
    if (out != NULL)
        pl_buf_append_str(&out->text, s);
}

static void sayf(tutor_reply_t *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sayf(tutor_reply_t *out, const char *fmt, ...)
{
    if (out == NULL)
        return;
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof(buf)) {
        pl_buf_append(&out->text, buf, (size_t)n);
        return;
    }
    char *big = pl_malloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    pl_buf_append(&out->text, big, (size_t)n);
    pl_free(big);
}

static void set_id(char dst[TUTOR_ID_MAX], const char *id)
{
    snprintf(dst, TUTOR_ID_MAX, "%s", id ? id : "");
}

static const pl_kb_lesson_t *lesson_of(pl_kb_t *kb, const char *id)
{
    return id[0] ? pl_kb_lesson_get(kb, id) : NULL;
}

/* The mode a conversation rests in between turns. */
static tutor_mode_t resting_mode(pl_kb_t *kb, const tutor_state_t *s)
{
    if (s->quiz_pending >= 0)
        return TM_QUIZ;
    const pl_kb_lesson_t *l = lesson_of(kb, s->lesson);
    if (l != NULL)
        return TM_TEACHING;
    return TM_IDLE;
}

/* "A, B and C" */
static void say_list(tutor_reply_t *out, const char *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            say(out, i + 1 == n ? " and " : ", ");
        say(out, items[i]);
    }
}

/* The next thing the lesson in progress would show, or NULL. */
static const char *next_part(const pl_kb_lesson_t *l, int section)
{
    if (l == NULL || section < -1)
        return NULL;
    if (section + 1 < (int)l->n_sections)
        return l->sections[section + 1].heading;
    if (section + 1 == (int)l->n_sections)
        return "the key facts";
    return NULL;
}

/* The lesson 'continue' goes on to once l is finished: the next of its series, or NULL. */
static const pl_kb_lesson_t *next_lesson(pl_kb_t *kb, const pl_kb_lesson_t *l, int section)
{
    if (l == NULL || section < (int)l->n_sections)
        return NULL;
    return pl_kb_series_next(kb, l);
}

/* The line that ends a reply while a lesson or a quiz question is open. */
static void say_resume(pl_kb_t *kb, const tutor_state_t *s, tutor_reply_t *out)
{
    if (s->quiz_pending >= 0) {
        const pl_kb_lesson_t *q = lesson_of(kb, s->quiz_lesson);
        if (q != NULL && s->quiz_pending < (int)q->n_questions) {
            sayf(out, "\n\nYour quiz question is still open: %s",
                 q->questions[s->quiz_pending].question);
            return;
        }
    }
    const pl_kb_lesson_t *l = lesson_of(kb, s->lesson);
    const char *next = next_part(l, s->section);
    const pl_kb_lesson_t *nl = next_lesson(kb, l, s->section);
    if (next != NULL)
        sayf(out, "\n\nShall we continue with %s? Say 'continue'.", next);
    else if (nl != NULL)
        sayf(out, "\n\nShall we go on to the next lesson of %s, %s? Say 'continue'.", l->series,
             nl->title);
}

static void say_examples(pl_kb_t *kb, tutor_reply_t *out)
{
    /* one example per subject, in curriculum order */
    const char *subjects[8], *examples[8];
    size_t n = 0;
    for (size_t i = 0; i < pl_kb_lesson_count(kb) && n < 8; i++) {
        const pl_kb_lesson_t *l = pl_kb_lesson_at(kb, i);
        size_t k = 0;
        while (k < n && strcmp(subjects[k], l->subject) != 0)
            k++;
        if (k == n) {
            subjects[n] = l->subject;
            examples[n] = l->title;
            n++;
        }
    }
    say(out, "I teach from a built-in curriculum of ");
    sayf(out, "%zu lesson%s", pl_kb_lesson_count(kb), pl_kb_lesson_count(kb) == 1 ? "" : "s");
    if (n > 0) {
        say(out, " in ");
        say_list(out, subjects, n);
        say(out, ", for example ");
        say_list(out, examples, n < 4 ? n : 4);
    }
    say(out, ".");
}

static void do_greeting(pl_kb_t *kb, tutor_state_t *s, tutor_reply_t *out)
{
    say(out, "Hello! I'm Parley's offline tutor. ");
    if (pl_kb_lesson_count(kb) == 0) {
        say(out, "No lessons are installed yet, so I cannot teach or answer questions.");
    } else {
        say_examples(kb, out);
        say(out, " Say 'teach me about' a topic to start a lesson, 'what can you teach' for the "
                 "full list, or just ask me a question.");
    }
    say_resume(kb, s, out);
    s->mode = resting_mode(kb, s);
}

static void do_help(pl_kb_t *kb, tutor_state_t *s, tutor_reply_t *out)
{
    size_t n = pl_kb_lesson_count(kb);
    if (n == 0) {
        say(out, "No lessons are installed yet, so I have nothing to teach.");
        s->mode = resting_mode(kb, s);
        return;
    }
    say(out, "These are the lessons I can teach:");
    /* grouped by subject, in curriculum order */
    const char *done[16];
    size_t n_done = 0;
    for (size_t i = 0; i < n; i++) {
        const char *subj = pl_kb_lesson_at(kb, i)->subject;
        size_t k = 0;
        while (k < n_done && strcmp(done[k], subj) != 0)
            k++;
        if (k < n_done || n_done == 16)
            continue;
        done[n_done++] = subj;
        sayf(out, "\n- %c%s: ", subj[0] >= 'a' && subj[0] <= 'z' ? subj[0] - 'a' + 'A' : subj[0],
             subj + 1);
        int first = 1;
        for (size_t j = i; j < n; j++) {
            const pl_kb_lesson_t *l = pl_kb_lesson_at(kb, j);
            if (strcmp(l->subject, subj) != 0)
                continue;
            if (!first)
                say(out, ", ");
            say(out, l->title);
            first = 0;
        }
    }
    say(out, "\n\nSay 'teach me about' one of them, or ask me a question.");
    say_resume(kb, s, out);
    s->mode = resting_mode(kb, s);
}

static void say_section(const pl_kb_lesson_t *l, int i, tutor_reply_t *out)
{
    sayf(out, "**Part %d of %zu: %s**\n\n%s\n\n", i + 1, l->n_sections, l->sections[i].heading,
         l->sections[i].text);
    if (i + 1 < (int)l->n_sections)
        say(out, "Say 'continue' for the next part, ask me anything, or 'quiz me'.");
    else
        say(out, "Say 'continue' for the key facts, ask me anything, or 'quiz me'.");
}

static void say_facts(pl_kb_t *kb, const pl_kb_lesson_t *l, tutor_reply_t *out)
{
    sayf(out, "That was the last part of **%s**. The key facts:\n", l->title);
    for (size_t i = 0; i < l->n_facts; i++)
        sayf(out, "\n- %s", l->facts[i]);
    const pl_kb_lesson_t *nl = pl_kb_series_next(kb, l);
    if (nl != NULL)
        sayf(out, "\n\nShall I quiz you? Say 'quiz me'. Or say 'continue' for the next lesson of "
                  "%s, **%s**, or ask me anything.", l->series, nl->title);
    else
        say(out, "\n\nShall I quiz you? Say 'quiz me'. Or ask me anything, or pick another topic.");
}

/* Where l stands in its series: *index from 1, and how many lessons the series has. */
static void series_place(pl_kb_t *kb, const pl_kb_lesson_t *l, size_t *index, size_t *count)
{
    *index = 1;
    *count = pl_kb_series_lessons(kb, l->series, NULL, 0);
    for (size_t i = 0; i < pl_kb_lesson_count(kb); i++) {
        const pl_kb_lesson_t *x = pl_kb_lesson_at(kb, i);
        if (x->series != NULL && strcmp(x->series, l->series) == 0 &&
            x->series_pos < l->series_pos)
            (*index)++;
    }
}

static void start_lesson(pl_kb_t *kb, tutor_state_t *s, const pl_kb_lesson_t *l,
                         tutor_reply_t *out)
{
    set_id(s->lesson, l->id);
    set_id(s->topic, l->id);
    s->section = 0;
    s->focus_section = 0;
    s->quiz_pending = -1;
    if (strcmp(s->quiz_lesson, l->id) != 0) {
        set_id(s->quiz_lesson, l->id);
        s->quiz_next = 0;
    }
    s->mode = TM_TEACHING;
    if (out != NULL)
        snprintf(out->title, sizeof(out->title), "%s", l->title);
    char place[200] = "";
    if (l->series != NULL) {
        size_t index, count;
        series_place(kb, l, &index, &count);
        snprintf(place, sizeof(place), "; lesson %zu of %zu in the series %s", index, count,
                 l->series);
    }
    sayf(out, "Let's learn about **%s** (%s, %s%s). There %s %zu part%s, then the key facts and "
              "a quiz.\n\n",
         l->title, l->subject, l->level, place, l->n_sections == 1 ? "is" : "are", l->n_sections,
         l->n_sections == 1 ? "" : "s");
    say_section(l, 0, out);
}

#define SERIES_LIST_MAX 12 /* lessons named in a series' overview */

/* A series from its first lesson: an overview of its lessons, then lesson 1 part 1. */
static void start_series(pl_kb_t *kb, tutor_state_t *s, const char *name, tutor_reply_t *out)
{
    const pl_kb_lesson_t *ls[SERIES_LIST_MAX];
    size_t n = pl_kb_series_lessons(kb, name, ls, SERIES_LIST_MAX);
    if (n == 0)
        return;
    size_t shown = n < SERIES_LIST_MAX ? n : SERIES_LIST_MAX;
    sayf(out, "**%s** is taught in %zu lesson%s: ", name, n, n == 1 ? "" : "s");
    for (size_t i = 0; i < shown; i++)
        sayf(out, "%s%zu. %s", i > 0 ? ", " : "", i + 1, ls[i]->title);
    if (shown < n)
        sayf(out, " and %zu more", n - shown);
    say(out, "; we start with the first.\n\n");
    start_lesson(kb, s, ls[0], out);
    if (out != NULL)
        snprintf(out->title, sizeof(out->title), "%s", name);
}

/* Up to n lesson titles nearest to a query: by passage hits, then by title. */
static size_t nearest_topics(pl_kb_t *kb, const char *q, const char **titles, size_t n)
{
    size_t k = 0;
    pl_kb_hit_t hits[12];
    int nh = pl_kb_search(kb, q, NULL, hits, 12);
    for (int i = 0; i < nh && k < n; i++) {
        const pl_kb_lesson_t *l = pl_kb_lesson_get(kb, hits[i].lesson_id);
        if (l == NULL)
            continue;
        size_t j = 0;
        while (j < k && titles[j] != l->title)
            j++;
        if (j == k)
            titles[k++] = l->title;
    }
    pl_kb_lesson_match_t m[8];
    int nm = pl_kb_find_lessons(kb, q, m, 8);
    for (int i = 0; i < nm && k < n; i++) {
        size_t j = 0;
        while (j < k && titles[j] != m[i].lesson->title)
            j++;
        if (j == k)
            titles[k++] = m[i].lesson->title;
    }
    for (size_t i = 0; i < pl_kb_lesson_count(kb) && k < n; i++) {
        const pl_kb_lesson_t *l = pl_kb_lesson_at(kb, i);
        size_t j = 0;
        while (j < k && titles[j] != l->title)
            j++;
        if (j == k)
            titles[k++] = l->title;
    }
    return k;
}

static void say_not_covered(pl_kb_t *kb, tutor_state_t *s, const char *q, tutor_reply_t *out)
{
    if (out != NULL)
        out->nc_start = out->text.len;
    if (pl_kb_lesson_count(kb) == 0) {
        say(out, "I have no lessons installed, so I cannot answer that without guessing.");
    } else {
        say(out, "My curriculum does not cover that, so I can't answer it without guessing. ");
        const char *titles[3];
        size_t n = nearest_topics(kb, q, titles, 3);
        say(out, n == 1 ? "The nearest topic I have is " : "The nearest topics I have are ");
        say_list(out, titles, n);
        sayf(out, ": say 'teach me about %s' to start %s.", titles[0], n == 1 ? "it" : "one");
    }
    if (out != NULL)
        out->nc_end = out->text.len;
    say_resume(kb, s, out);
    s->mode = TM_ANSWERING;
}

/* ---------------------------------------------------------------------- */
/* Teaching, quizzes                                                      */

static void do_continue(pl_kb_t *kb, tutor_state_t *s, tutor_reply_t *out)
{
    const pl_kb_lesson_t *l = lesson_of(kb, s->lesson);
    if (l == NULL) {
        s->lesson[0] = '\0';
        const pl_kb_lesson_t *t = lesson_of(kb, s->topic);
        if (t != NULL) {
            start_lesson(kb, s, t, out);
            return;
        }
        say(out, "We haven't started a lesson yet. ");
        if (pl_kb_lesson_count(kb) > 0) {
            say_examples(kb, out);
            say(out, " Say 'teach me about' one of them to start.");
        }
        s->mode = resting_mode(kb, s);
        return;
    }
    s->quiz_pending = -1;
    set_id(s->topic, l->id);
    s->mode = TM_TEACHING;
    if (s->section + 1 < (int)l->n_sections) {
        s->section++;
        s->focus_section = s->section;
        say_section(l, s->section, out);
    } else if (s->section + 1 == (int)l->n_sections) {
        s->section++;
        s->focus_section = -1;
        say_facts(kb, l, out);
    } else if (next_lesson(kb, l, s->section) != NULL) {
        const pl_kb_lesson_t *nl = next_lesson(kb, l, s->section);
        sayf(out, "We have finished **%s**. On to the next lesson of %s.\n\n", l->title, l->series);
        start_lesson(kb, s, nl, out);
    } else if (l->series != NULL) {
        sayf(out, "We have finished **%s**, the last lesson of %s. Say 'quiz me' to test "
                  "yourself, 'repeat' to see the key facts again, or 'teach me about' another "
                  "topic.", l->title, l->series);
    } else {
        sayf(out, "We have finished **%s**. Say 'quiz me' to test yourself, 'repeat' to see the "
                  "key facts again, or 'teach me about' another topic.", l->title);
    }
}

static void do_repeat(pl_kb_t *kb, tutor_state_t *s, tutor_reply_t *out)
{
    const pl_kb_lesson_t *l = lesson_of(kb, s->lesson);
    if (l == NULL) {
        say(out, "There is nothing to repeat yet: say 'teach me about' a topic to start a "
                 "lesson, or ask me a question.");
        s->mode = resting_mode(kb, s);
        return;
    }
    s->quiz_pending = -1;
    set_id(s->topic, l->id);
    s->mode = TM_TEACHING;
    if (s->section >= 0 && s->section < (int)l->n_sections) {
        s->focus_section = s->section;
        say_section(l, s->section, out);
    } else {
        s->focus_section = -1;
        say_facts(kb, l, out);
    }
}

static void quiz_tail(pl_kb_t *kb, const tutor_state_t *s, tutor_reply_t *out)
{
    say(out, "\n\nSay 'quiz me' for another question");
    const pl_kb_lesson_t *l = lesson_of(kb, s->lesson);
    const char *next = next_part(l, s->section);
    const pl_kb_lesson_t *nl = next_lesson(kb, l, s->section);
    if (next != NULL)
        sayf(out, ", 'continue' to go on with the lesson (next: %s)", next);
    else if (nl != NULL)
        sayf(out, ", 'continue' for the next lesson of %s (%s)", l->series, nl->title);
    say(out, ", or ask me anything.");
}

static void ask_question(pl_kb_t *kb, tutor_state_t *s, const pl_kb_lesson_t *l,
                         tutor_reply_t *out)
{
    (void)kb;
    if (strcmp(s->quiz_lesson, l->id) != 0) {
        set_id(s->quiz_lesson, l->id);
        s->quiz_next = 0;
    }
    int q = s->quiz_next % (int)l->n_questions;
    s->quiz_pending = q;
    s->quiz_next = q + 1;
    set_id(s->topic, l->id);
    s->mode = TM_QUIZ;
    sayf(out, "Quiz on **%s**, question %d of %zu:\n\n%s\n\nType your answer (or 'skip').",
         l->title, q + 1, l->n_questions, l->questions[q].question);
}

static void do_quiz(pl_kb_t *kb, const tutor_cfg_t *cfg, tutor_state_t *s, const char *arg,
                    tutor_reply_t *out)
{
    const pl_kb_lesson_t *l = NULL;
    if (arg != NULL && !is_reference(arg)) {
        pl_kb_lesson_match_t m[1];
        if (pl_kb_find_lessons(kb, arg, m, 1) == 1 && m[0].score >= cfg->teach_min_score)
            l = m[0].lesson;
        if (l == NULL) {
            say_not_covered(kb, s, arg, out);
            return;
        }
    } else {
        l = lesson_of(kb, s->lesson);
        if (l == NULL)
            l = lesson_of(kb, s->topic);
    }
    if (l == NULL) {
        say(out, "Which topic shall I quiz you on? Say 'quiz me on' a topic, or 'teach me about' "
                 "one first. ");
        say_examples(kb, out);
        s->mode = resting_mode(kb, s);
        return;
    }
    ask_question(kb, s, l, out);
}

static void do_grade(pl_kb_t *kb, tutor_state_t *s, const char *given, size_t len, int skipped,
                     tutor_reply_t *out)
{
    const pl_kb_lesson_t *l = lesson_of(kb, s->quiz_lesson);
    int q = s->quiz_pending;
    s->quiz_pending = -1;
    s->mode = TM_QUIZ;
    if (l == NULL || q < 0 || q >= (int)l->n_questions) {
        say(out, "That quiz question is no longer available. Say 'quiz me' for a new one.");
        return;
    }
    const char *answer = l->questions[q].answer;
    if (skipped) {
        sayf(out, "The answer is: %s.", answer);
    } else {
        switch (tt_grade(answer, given, len)) {
        case TG_RIGHT:
            sayf(out, "Correct! The answer is: %s.", answer);
            break;
        case TG_PARTLY:
            sayf(out, "Partly right. The full answer is: %s.", answer);
            break;
        case TG_WRONG:
            sayf(out, "Not quite. The answer is: %s.", answer);
            break;
        }
    }
    if (s->quiz_next >= (int)l->n_questions) {
        s->quiz_next = 0;
        sayf(out, "\n\nThat was the last of the %zu questions on %s.", l->n_questions, l->title);
    }
    quiz_tail(kb, s, out);
}

static void do_stop(pl_kb_t *kb, tutor_state_t *s, tutor_reply_t *out)
{
    const pl_kb_lesson_t *l = lesson_of(kb, s->lesson);
    if (l == NULL)
        l = s->quiz_pending >= 0 ? lesson_of(kb, s->quiz_lesson) : NULL;
    if (l != NULL)
        sayf(out, "All right, we'll stop **%s** here. Say 'teach me about %s' to start it again, "
                  "or ask me anything.", l->title, l->title);
    else
        say(out, "There is no lesson running. Say 'teach me about' a topic, or ask me anything.");
    s->lesson[0] = '\0';
    s->topic[0] = '\0';
    s->section = -1;
    s->focus_section = -1;
    s->quiz_pending = -1;
    s->mode = TM_IDLE;
}

/* ---------------------------------------------------------------------- */
/* Questions                                                              */

typedef struct cand {
    int source;
    char *lesson_id;       /* lessons */
    int section;
    char *document_id, *chunk_id, *filename; /* documents */
    int page_start, page_end;
    const char *title;     /* lesson title (kb-owned) or filename */
    char *text;
    double score;
} cand_t;

typedef struct term {
    char word[64];
    char corr[64];
    double weight;
    const char *syn[8];  /* other forms (static strings) */
    int n_syn;
} term_t;

typedef struct pick {
    size_t cand;
    size_t start, end;  /* the sentence in cand text */
    size_t order;       /* sentence index in its passage */
    double score;
    unsigned matched;   /* bit i: term i matched */
} pick_t;

static void cand_free(cand_t *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pl_free(c[i].lesson_id);
        pl_free(c[i].document_id);
        pl_free(c[i].chunk_id);
        pl_free(c[i].filename);
        pl_free(c[i].text);
    }
}

static size_t add_hit(pl_kb_t *kb, cand_t *c, size_t n, const pl_kb_hit_t *h)
{
    if (n == MAX_CANDIDATES)
        return n;
    for (size_t i = 0; i < n; i++) {
        if (h->source == PL_KB_LESSON && c[i].source == PL_KB_LESSON &&
            strcmp(c[i].lesson_id, h->lesson_id) == 0 && c[i].section == h->section) {
            if (h->score > c[i].score)
                c[i].score = h->score;
            return n;
        }
        if (h->source == PL_KB_DOCUMENT && c[i].source == PL_KB_DOCUMENT &&
            strcmp(c[i].chunk_id, h->chunk_id) == 0)
            return n;
    }
    cand_t *x = &c[n];
    memset(x, 0, sizeof(*x));
    x->source = h->source;
    x->score = h->score;
    x->text = pl_strdup(h->text);
    if (h->source == PL_KB_LESSON) {
        const pl_kb_lesson_t *l = pl_kb_lesson_get(kb, h->lesson_id);
        if (l == NULL) {
            pl_free(x->text);
            return n;
        }
        x->lesson_id = pl_strdup(h->lesson_id);
        x->section = h->section;
        x->title = l->title;
    } else {
        x->document_id = pl_strdup(h->document_id);
        x->chunk_id = pl_strdup(h->chunk_id);
        x->filename = pl_strdup(h->filename);
        x->title = x->filename;
        x->page_start = h->page_start;
        x->page_end = h->page_end;
        x->section = -1;
    }
    return n + 1;
}

typedef struct sent_words {
    const term_t *terms;
    size_t n_terms;
    unsigned matched;
} sent_words_t;

static int match_word(const char *word, size_t len, size_t at, void *ud)
{
    (void)at;
    sent_words_t *sw = ud;
    for (size_t i = 0; i < sw->n_terms; i++) {
        const term_t *t = &sw->terms[i];
        size_t tl = strlen(t->word);
        int m = tt_same_word(word, len, t->word, tl) ||
                (tl >= 4 && len > tl && strncmp(word, t->word, tl) == 0) ||
                (t->corr[0] && tt_same_word(word, len, t->corr, strlen(t->corr)));
        for (int k = 0; k < t->n_syn && !m; k++)
            m = tt_same_word(word, len, t->syn[k], strlen(t->syn[k]));
        if (m)
            sw->matched |= 1u << i;
    }
    return 0;
}

static const char *heading_of(pl_kb_t *kb, const cand_t *c)
{
    const pl_kb_lesson_t *l = pl_kb_lesson_get(kb, c->lesson_id);
    if (l == NULL || c->section < 0 || c->section >= (int)l->n_sections)
        return "Key facts";
    return l->sections[c->section].heading;
}

/* Word-set overlap of two sentences, to skip one that repeats another. */
static double overlap(const char *a, size_t la, const char *b, size_t lb)
{
    term_t words[32];
    size_t n = 0;
    const char *p = a, *end = a + la;
    while (p < end && n < 32) {
        while (p < end && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                            (*p >= '0' && *p <= '9')))
            p++;
        const char *s = p;
        while (p < end && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                           (*p >= '0' && *p <= '9')))
            p++;
        if (p - s >= 3 && (size_t)(p - s) < sizeof(words[0].word)) {
            for (size_t i = 0; i < (size_t)(p - s); i++)
                words[n].word[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
            words[n].word[p - s] = '\0';
            words[n].corr[0] = '\0';
            words[n].n_syn = 0;
            n++;
        }
    }
    if (n == 0 || n > 31)
        return n == 0 ? 0 : 0.5;
    sent_words_t sw = {words, n, 0};
    pl_kb_words(b, lb, match_word, &sw);
    size_t hit = 0;
    for (size_t i = 0; i < n; i++)
        hit += (sw.matched >> i) & 1u;
    return (double)hit / (double)n;
}

static int cmp_pick(const void *a, const void *b)
{
    const pick_t *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->cand != y->cand)
        return x->cand < y->cand ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int cmp_pick_pos(const void *a, const void *b)
{
    const pick_t *x = a, *y = b;
    if (x->cand != y->cand)
        return x->cand < y->cand ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* 1 when the sentence's first word after an article is one of the question's words. */
static int subject_is_term(const char *s, size_t len, const term_t *terms, size_t n)
{
    size_t i = 0;
    for (int skip = 0; skip < 2; skip++) {
        static const char *const articles[] = {"A ", "An ", "The ", NULL};
        for (size_t a = 0; articles[a] != NULL; a++) {
            size_t al = strlen(articles[a]);
            if (len - i > al && strncmp(s + i, articles[a], al) == 0) {
                i += al;
                break;
            }
        }
    }
    size_t e = i;
    while (e < len && isalnum((unsigned char)s[e]))
        e++;
    if (e == i || e - i >= 48)
        return 0;
    char w[48];
    for (size_t k = i; k < e; k++)
        w[k - i] = (char)tolower((unsigned char)s[k]);
    w[e - i] = '\0';
    for (size_t t = 0; t < n; t++) {
        if (tt_same_word(w, e - i, terms[t].word, strlen(terms[t].word)) ||
            (terms[t].corr[0] && tt_same_word(w, e - i, terms[t].corr, strlen(terms[t].corr))))
            return 1;
    }
    return 0;
}

/* Reading order: the best sentence's passage first, each passage in its own order. */
static void sort_chosen(pick_t *chosen, size_t n, size_t best_cand)
{
    pick_t first[MAX_SENTENCES], rest[MAX_SENTENCES];
    size_t nf = 0, nr = 0;
    for (size_t i = 0; i < n; i++) {
        if (chosen[i].cand == best_cand)
            first[nf++] = chosen[i];
        else
            rest[nr++] = chosen[i];
    }
    qsort(first, nf, sizeof(*first), cmp_pick_pos);
    qsort(rest, nr, sizeof(*rest), cmp_pick_pos);
    memcpy(chosen, first, nf * sizeof(*first));
    memcpy(chosen + nf, rest, nr * sizeof(*rest));
}

static void add_citations(const cand_t *c, const pick_t *chosen, size_t n, tutor_reply_t *out)
{
    if (out == NULL)
        return;
    yajl_gen g = yajl_gen_alloc(NULL);
    if (g == NULL)
        return;
    int any = 0;
    yajl_gen_array_open(g);
    for (size_t i = 0; i < n; i++) {
        const cand_t *x = &c[chosen[i].cand];
        if (x->source != PL_KB_DOCUMENT)
            continue;
        int dup = 0;
        for (size_t j = 0; j < i; j++)
            dup |= chosen[j].cand == chosen[i].cand;
        if (dup)
            continue;
        any = 1;
        int ps = x->page_start > 0 ? x->page_start : 1;
        int pe = x->page_end >= ps ? x->page_end : ps;
        char num[32];
        yajl_gen_map_open(g);
        yajl_gen_string(g, (const unsigned char *)"document_id", 11);
        yajl_gen_string(g, (const unsigned char *)x->document_id, strlen(x->document_id));
        yajl_gen_string(g, (const unsigned char *)"chunk_id", 8);
        yajl_gen_string(g, (const unsigned char *)x->chunk_id, strlen(x->chunk_id));
        yajl_gen_string(g, (const unsigned char *)"filename", 8);
        yajl_gen_string(g, (const unsigned char *)x->filename, strlen(x->filename));
        yajl_gen_string(g, (const unsigned char *)"page_start", 10);
        yajl_gen_integer(g, ps);
        yajl_gen_string(g, (const unsigned char *)"page_end", 8);
        yajl_gen_integer(g, pe);
        yajl_gen_string(g, (const unsigned char *)"score", 5);
        int len = snprintf(num, sizeof(num), "%.3f", x->score < 0 ? 0 : x->score > 1 ? 1 : x->score);
        yajl_gen_number(g, num, (size_t)len);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    const unsigned char *buf;
    size_t len;
    if (any && yajl_gen_get_buf(g, &buf, &len) == yajl_gen_status_ok)
        pl_buf_append(&out->citations, buf, len);
    yajl_gen_free(g);
}

/* The question's words less those that only name the kind of answer wanted. */
typedef struct content_query {
    tt_qtype_t qtype;
    const char *norm;
    char *out;
    size_t len, cap;
} content_query_t;

static int keep_content_word(const char *word, size_t len, size_t at, void *ud)
{
    (void)at;
    content_query_t *c = ud;
    if (tt_type_word(c->qtype, c->norm, word, len) || c->len + len + 2 > c->cap)
        return 0;
    if (c->len > 0)
        c->out[c->len++] = ' ';
    memcpy(c->out + c->len, word, len);
    c->len += len;
    c->out[c->len] = '\0';
    return 0;
}

/*
 * Answers a question from the kb. Returns 1 when it answered, 0 when the
 * curriculum does not cover it (nothing was said).
 */
static int answer(pl_kb_t *kb, const tutor_cfg_t *cfg, tutor_state_t *s, const char *q,
                  const char *norm, const char *user_id, int use_documents, tutor_reply_t *out)
{
    tt_qtype_t qtype = tt_question_type(norm);
    pl_kb_filter_t f = {PL_KB_LESSON, NULL, NULL};
    if (use_documents && user_id != NULL && user_id[0] != '\0') {
        f.sources = PL_KB_LESSON | PL_KB_DOCUMENT;
        f.owner = user_id;
    }
    /* the question without "year" in "what year ...", "many" in "how many ...": those say
     * what the answer looks like (tt_type_fit scores that), not what it is about, so they
     * count neither in a sentence's coverage nor in ranking the current lesson's passages
     * (the search over everything keeps them: a lesson may use the question's own words,
     * "how many solutions") */
    char sq[MAX_INPUT + 1] = "";
    content_query_t cq = {qtype, norm, sq, 0, sizeof(sq)};
    pl_kb_words(q, strlen(q), keep_content_word, &cq);
    cand_t c[MAX_CANDIDATES];
    size_t nc = 0;
    pl_kb_hit_t hits[8];
    int nh = pl_kb_search(kb, q, &f, hits, 8);
    if (nh < 0)
        nh = 0;
    double best_global = nh > 0 ? hits[0].score : 0;
    const char *best_lesson = nh > 0 && hits[0].source == PL_KB_LESSON ? hits[0].lesson_id : NULL;
    const pl_kb_lesson_t *topic = lesson_of(kb, s->topic);
    int anaphora = tt_has_anaphora(norm);

    /* the query's words and weights (copied: the next search reuses the kb's strings),
     * their other forms, and the one-digit numbers the kb does not index ("is 1 prime?") */
    pl_kb_term_t kt[MAX_TERMS];
    term_t terms[MAX_TERMS + 4];
    const char *asked[2 * (MAX_TERMS + 4)];
    size_t n_asked = 0;
    int nt = pl_kb_query_terms_in(kb, sq, &f, kt, MAX_TERMS);
    if (nt < 0)
        nt = 0;
    int n_all = nt;
    double wsum = 0;
    for (int i = 0; i < nt; i++) {
        snprintf(terms[i].word, sizeof(terms[i].word), "%s", kt[i].word);
        snprintf(terms[i].corr, sizeof(terms[i].corr), "%s", kt[i].correction ? kt[i].correction : "");
        terms[i].weight = kt[i].weight;
        wsum += kt[i].weight;
    }
    for (const char *p = q; *p != '\0' && n_all < MAX_TERMS + 4; p++) {
        if (*p >= '0' && *p <= '9' && (p == q || !isalnum((unsigned char)p[-1])) &&
            !isalnum((unsigned char)p[1])) {
            term_t *t = &terms[n_all++];
            t->word[0] = *p;
            t->word[1] = '\0';
            t->corr[0] = '\0';
            t->weight = nt > 0 ? wsum / nt : 1.0;
        }
    }
    for (int i = nt; i < n_all; i++)
        wsum += terms[i].weight;
    for (int i = 0; i < n_all; i++) {
        term_t *t = &terms[i];
        t->n_syn = tt_synonyms(t->word, strlen(t->word), t->syn, 8);
        asked[n_asked++] = t->word;
        if (t->corr[0])
            asked[n_asked++] = t->corr;
    }

    int followup = topic != NULL &&
                   (anaphora || nt == 0 || nh == 0 || best_global < STRONG_SCORE ||
                    (best_lesson != NULL && strcmp(best_lesson, topic->id) == 0));
    if (followup) {
        /* every passage of the topic, scored by a search restricted to it */
        pl_kb_filter_t lf = {PL_KB_LESSON, topic->id, NULL};
        int nl = pl_kb_search(kb, sq, &lf, hits, 8);
        for (int i = 0; i < nl; i++)
            nc = add_hit(kb, c, nc, &hits[i]);
        for (size_t i = 0; i <= topic->n_sections && nc < MAX_CANDIDATES; i++) {
            pl_kb_hit_t h = {0};
            h.source = PL_KB_LESSON;
            h.lesson_id = topic->id;
            h.section = i < topic->n_sections ? (int)i : -1;
            pl_buf_t facts = PL_BUF_INIT(0);
            if (i < topic->n_sections) {
                h.text = topic->sections[i].text;
            } else {
                for (size_t k = 0; k < topic->n_facts; k++) {
                    pl_buf_append_str(&facts, topic->facts[k]);
                    pl_buf_append_str(&facts, "\n");
                }
                h.text = facts.data ? facts.data : "";
            }
            h.score = 0;
            nc = add_hit(kb, c, nc, &h);
            pl_buf_free(&facts);
        }
    } else {
        if (nh == 0 || best_global < cfg->min_score)
            return 0;
        for (int i = 0; i < nh && nc < 5; i++)
            if (hits[i].score >= cfg->min_score * 0.5)
                nc = add_hit(kb, c, nc, &hits[i]);
    }

    /* score every sentence */
    pick_t *picks = NULL;
    size_t n_picks = 0, cap = 0;
    for (size_t i = 0; i < nc; i++) {
        size_t len = strlen(c[i].text);
        pl_kb_span_t spans[128];
        size_t ns = pl_kb_sentences(c[i].text, len, spans, 128);
        if (ns > 128)
            ns = 128;
        for (size_t k = 0; k < ns; k++) {
            const char *st = c[i].text + spans[k].start;
            size_t sl = spans[k].end - spans[k].start;
            sent_words_t sw = {terms, (size_t)n_all, 0};
            pl_kb_words(st, sl, match_word, &sw);
            double cov = 0;
            for (int t = 0; t < n_all; t++)
                if (sw.matched & (1u << t))
                    cov += terms[t].weight;
            cov = wsum > 0 ? cov / wsum : 0;
            double fit = tt_type_fit(qtype, st, sl, asked, n_asked);
            double sc = 0.55 * cov + 0.25 * c[i].score + 0.2 * fit;
            /* "when" and "how many" are answered with a date or a number when one fits */
            if ((qtype == QT_WHEN || qtype == QT_NUMBER) && fit == 0)
                sc -= 0.1;
            if (followup && c[i].source == PL_KB_LESSON && c[i].section == s->focus_section)
                sc += 0.15;
            /* the thing asked about is what the sentence is about ("A simile compares ...") */
            if (subject_is_term(st, sl, terms, (size_t)n_all) &&
                (qtype == QT_DEFINE || qtype == QT_PURPOSE || qtype == QT_COMPARE ||
                 qtype == QT_OTHER || qtype == QT_HOW))
                sc += 0.1;
            /* key facts are written to stand alone */
            if (c[i].source == PL_KB_LESSON && c[i].section < 0)
                sc += 0.05;
            if (sl < 25)
                sc -= 0.1;
            if (n_picks == cap) {
                cap = cap ? cap * 2 : 64;
                picks = pl_realloc(picks, cap * sizeof(*picks));
            }
            pick_t *p = &picks[n_picks++];
            p->cand = i;
            p->start = spans[k].start;
            p->end = spans[k].end;
            p->order = k;
            p->score = sc;
            p->matched = sw.matched;
        }
    }
    if (n_picks == 0) {
        pl_free(picks);
        cand_free(c, nc);
        return 0;
    }
    qsort(picks, n_picks, sizeof(*picks), cmp_pick);
    const pick_t *best = &picks[0];
    double best_cov = 0;
    for (int t = 0; t < n_all; t++)
        if (best->matched & (1u << t))
            best_cov += terms[t].weight;
    best_cov = wsum > 0 ? best_cov / wsum : 0;
    double best_fit = tt_type_fit(qtype, c[best->cand].text + best->start, best->end - best->start,
                                  asked, n_asked);
    if (pl_log_enabled(PL_LOG_DEBUG)) {
        for (size_t i = 0; i < n_picks && i < 5; i++)
            pl_log_debug("brain-lessons", "candidate %.3f %s#%d: %.*s", picks[i].score,
                         c[picks[i].cand].title, c[picks[i].cand].section,
                         (int)(picks[i].end - picks[i].start), c[picks[i].cand].text + picks[i].start);
    }
    int ok;
    if (!followup)
        ok = best_cov > 0;
    else if (nt == 0)
        ok = anaphora || qtype != QT_OTHER;
    else
        ok = best_cov >= 0.3 || (anaphora && best_fit > 0);
    if (!ok) {
        pl_free(picks);
        cand_free(c, nc);
        return 0;
    }

    /* the best sentence, with the one before it when it refers back ("These are called
     * ..."), the one after it when it carries on or answers the kind of question, and
     * then other sentences of the same source that add to it, three at most */
    pick_t chosen[MAX_SENTENCES];
    size_t n_chosen = 0;
    chosen[n_chosen++] = *best;
    unsigned covered = best->matched;
    const cand_t *bc = &c[best->cand];
    const char *bs = bc->text + best->start;
    if (tt_continues(bs, best->end - best->start) && best->order > 0) {
        for (size_t i = 1; i < n_picks; i++) {
            if (picks[i].cand == best->cand && picks[i].order + 1 == best->order) {
                chosen[n_chosen++] = picks[i];
                covered |= picks[i].matched;
                break;
            }
        }
    }
    for (size_t i = 1; i < n_picks && n_chosen < MAX_SENTENCES; i++) {
        const pick_t *p = &picks[i];
        if (p->cand != best->cand || p->order != best->order + 1)
            continue;
        const char *st = bc->text + p->start;
        size_t sl = p->end - p->start;
        /* (every "X is ..." fits a definition: there only a continuation counts) */
        if ((qtype != QT_DEFINE && tt_type_fit(qtype, st, sl, asked, n_asked) > 0) ||
            tt_continues(st, sl)) {
            chosen[n_chosen++] = *p;
            covered |= p->matched;
        }
        break;
    }
    for (size_t i = 1; i < n_picks && n_chosen < MAX_SENTENCES; i++) {
        const pick_t *p = &picks[i];
        const cand_t *pc = &c[p->cand];
        if (p->score < 0.5 * best->score || p->score <= 0)
            break;
        int taken = 0;
        for (size_t k = 0; k < n_chosen; k++)
            taken |= chosen[k].cand == p->cand && chosen[k].order == p->order;
        if (taken)
            continue;
        int same_source = pc->source == bc->source &&
                          (pc->source == PL_KB_LESSON ? strcmp(pc->lesson_id, bc->lesson_id) == 0
                                                      : strcmp(pc->document_id, bc->document_id) == 0);
        if (!same_source)
            continue;
        /* it holds a word of the question, and adds one or is nearly as good as the best */
        if (p->matched == 0 || ((p->matched & ~covered) == 0 && p->score < 0.8 * best->score))
            continue;
        int dup = 0;
        for (size_t k = 0; k < n_chosen && !dup; k++) {
            const pick_t *o = &chosen[k];
            dup = overlap(pc->text + p->start, p->end - p->start, c[o->cand].text + o->start,
                          o->end - o->start) >= 0.6;
        }
        if (dup)
            continue;
        chosen[n_chosen++] = *p;
        covered |= p->matched;
    }
    /* read in the passage's order, the best sentence's passage first */
    sort_chosen(chosen, n_chosen, best->cand);
    int one_passage = 1;
    for (size_t i = 1; i < n_chosen; i++)
        one_passage &= chosen[i].cand == chosen[0].cand;
    if (bc->source == PL_KB_LESSON && one_passage)
        sayf(out, "From the lesson **%s** (%s):\n\n", bc->title, heading_of(kb, bc));
    else if (bc->source == PL_KB_LESSON)
        sayf(out, "From the lesson **%s**:\n\n", bc->title);
    else if (bc->page_start > 0 && bc->page_end > bc->page_start)
        sayf(out, "From your document **%s** (pages %d-%d):\n\n", bc->filename, bc->page_start,
             bc->page_end);
    else if (bc->page_start > 0)
        sayf(out, "From your document **%s** (page %d):\n\n", bc->filename, bc->page_start);
    else
        sayf(out, "From your document **%s**:\n\n", bc->filename);
    for (size_t i = 0; i < n_chosen; i++) {
        const cand_t *x = &c[chosen[i].cand];
        if (i > 0)
            say(out, " ");
        if (out != NULL)
            pl_buf_append(&out->text, x->text + chosen[i].start, chosen[i].end - chosen[i].start);
    }
    add_citations(c, chosen, n_chosen, out);

    /* the conversation's topic follows the answer */
    const pl_kb_lesson_t *answered = NULL;
    if (bc->source == PL_KB_LESSON) {
        answered = pl_kb_lesson_get(kb, bc->lesson_id);
        set_id(s->topic, bc->lesson_id);
        s->focus_section = bc->section;
    }
    const pl_kb_lesson_t *running = lesson_of(kb, s->lesson);
    if (s->quiz_pending >= 0 || next_part(running, s->section) != NULL ||
        next_lesson(kb, running, s->section) != NULL)
        say_resume(kb, s, out);
    else if (answered != NULL && answered != running)
        sayf(out, "\n\nSay 'teach me about %s' for the whole lesson, or ask me another question.",
             answered->title);
    s->mode = TM_ANSWERING;
    pl_free(picks);
    cand_free(c, nc);
    return 1;
}

static void do_question(pl_kb_t *kb, const tutor_cfg_t *cfg, tutor_state_t *s, const char *q,
                        const char *norm, const char *user_id, int use_documents,
                        tutor_reply_t *out)
{
    if (!answer(kb, cfg, s, q, norm, user_id, use_documents, out)) {
        say_not_covered(kb, s, q, out);
        /* the brain may answer it from the web instead (lessons_web.c) */
        if (out != NULL) {
            size_t n = strlen(q);
            if (n >= sizeof(out->web_query)) {
                n = sizeof(out->web_query) - 1;
                while (n > 0 && ((unsigned char)q[n] & 0xC0) == 0x80)
                    n--;
            }
            memcpy(out->web_query, q, n);
            out->web_query[n] = '\0';
        }
    }
}

static void do_teach(pl_kb_t *kb, const tutor_cfg_t *cfg, tutor_state_t *s, const char *arg,
                     const char *input, const char *norm, const char *user_id,
                     int use_documents, tutor_reply_t *out)
{
    if (is_reference(arg)) {
        const pl_kb_lesson_t *t = lesson_of(kb, s->topic);
        if (t != NULL) {
            start_lesson(kb, s, t, out);
            return;
        }
        do_help(kb, s, out);
        return;
    }
    /* "explain how plants make food" is a question, not a topic */
    if (starts_with_wh(arg) || strchr(input, '?') != NULL) {
        do_question(kb, cfg, s, input, norm, user_id, use_documents, out);
        return;
    }
    pl_kb_lesson_match_t m[1];
    int nm = pl_kb_find_lessons(kb, arg, m, 1);
    /* a series named at least as well as any one lesson starts from its first lesson
     * ("India" -> India's history); a lesson asked for by name still starts that lesson */
    pl_kb_series_match_t sm[1];
    if (pl_kb_find_series(kb, arg, sm, 1) == 1 && sm[0].score >= cfg->teach_min_score &&
        (nm != 1 || sm[0].score >= m[0].score)) {
        start_series(kb, s, sm[0].name, out);
        return;
    }
    if (nm == 1 && m[0].score >= cfg->teach_min_score) {
        start_lesson(kb, s, m[0].lesson, out);
        return;
    }
    /* no lesson by that name: what the curriculum says about it, if anything */
    do_question(kb, cfg, s, arg, arg, user_id, use_documents, out);
}

/* ---------------------------------------------------------------------- */

void tutor_set_topic(pl_kb_t *kb, const tutor_cfg_t *cfg, tutor_state_t *s, const char *topic)
{
    if (topic == NULL || topic[0] == '\0' || s->topic[0] != '\0')
        return;
    const pl_kb_lesson_t *l = pl_kb_lesson_get(kb, topic);
    if (l == NULL) {
        pl_kb_lesson_match_t m[1];
        if (pl_kb_find_lessons(kb, topic, m, 1) == 1 && m[0].score >= cfg->teach_min_score)
            l = m[0].lesson;
    }
    if (l != NULL)
        set_id(s->topic, l->id);
}

void tutor_turn(pl_kb_t *kb, const tutor_cfg_t *cfg, tutor_state_t *s, const char *input,
                size_t len, const char *user_id, int use_documents, tutor_reply_t *out)
{
    if (len > MAX_INPUT) {
        len = MAX_INPUT;
        while (len > 0 && ((unsigned char)input[len] & 0xC0) == 0x80)
            len--;
    }
    char *raw = pl_strndup(input, len);
    len = strlen(raw); /* a NUL byte ends the message */
    char *norm = pl_malloc(len + 1);
    tt_normalise(raw, len, norm, len + 1);
    char *core_buf = pl_strdup(norm);
    char *core = strip_fillers(core_buf);
    const char *arg = NULL;
    intent_t in = parse_intent(core, &arg);

    if (s->quiz_pending >= 0) {
        int question = in == I_NONE && strchr(raw, '?') != NULL && starts_with_wh(norm);
        if (in == I_SKIP) {
            do_grade(kb, s, "", 0, 1, out);
            goto done;
        }
        if ((in == I_NONE && !question) || in == I_YES || in == I_NO) {
            do_grade(kb, s, raw, len, 0, out);
            goto done;
        }
    }

    switch (in) {
    case I_GREETING:
        do_greeting(kb, s, out);
        break;
    case I_HELP:
        do_help(kb, s, out);
        break;
    case I_THANKS:
        say(out, "You're welcome!");
        if (resting_mode(kb, s) == TM_IDLE)
            say(out, " Ask me anything, or say 'teach me about' a topic.");
        say_resume(kb, s, out);
        s->mode = resting_mode(kb, s);
        break;
    case I_YES: {
        const pl_kb_lesson_t *l = lesson_of(kb, s->lesson);
        if (l != NULL && s->section >= (int)l->n_sections)
            do_quiz(kb, cfg, s, NULL, out);
        else if (l != NULL || lesson_of(kb, s->topic) != NULL)
            do_continue(kb, s, out);
        else
            do_help(kb, s, out);
        break;
    }
    case I_NO:
        say(out, "All right. Ask me anything, or say 'teach me about' a topic.");
        say_resume(kb, s, out);
        s->mode = resting_mode(kb, s);
        break;
    case I_CONTINUE:
        do_continue(kb, s, out);
        break;
    case I_REPEAT:
        do_repeat(kb, s, out);
        break;
    case I_QUIZ:
        do_quiz(kb, cfg, s, arg, out);
        break;
    case I_STOP:
        do_stop(kb, s, out);
        break;
    case I_SKIP:
        say(out, "There is no quiz question open. Say 'quiz me' for one, or ask me anything.");
        say_resume(kb, s, out);
        s->mode = resting_mode(kb, s);
        break;
    case I_TEACH:
        do_teach(kb, cfg, s, arg, raw, norm, user_id, use_documents, out);
        break;
    case I_NONE:
        if (core[0] == '\0') {
            do_greeting(kb, s, out);
            break;
        }
        do_question(kb, cfg, s, raw, norm, user_id, use_documents, out);
        break;
    }
done:
    if (out != NULL) {
        out->mode = mode_names[s->mode];
        const pl_kb_lesson_t *t = lesson_of(kb, s->topic);
        snprintf(out->topic_title, sizeof(out->topic_title), "%s", t ? t->title : "");
    }
    pl_free(core_buf);
    pl_free(norm);
    pl_free(raw);
}
