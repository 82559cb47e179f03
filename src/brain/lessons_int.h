/*
 * lessons_int.h - private parts of the lessons brain: the per-conversation
 * tutor state, the command interpreter (lessons_tutor.c) and the text
 * helpers it scores sentences and quiz answers with (lessons_text.c).
 */
#ifndef PARLEY_LESSONS_INT_H
#define PARLEY_LESSONS_INT_H

#include "parley/brain.h"
#include "parley/kb.h"
#include "parley/mem.h"
#include "parley/search.h"

#include <stddef.h>
#include <stdint.h>

/* What a conversation is doing, as result->mode says it. */
typedef enum tutor_mode {
    TM_IDLE = 0,
    TM_TEACHING,
    TM_ANSWERING,
    TM_QUIZ,
} tutor_mode_t;

#define TUTOR_ID_MAX 128

/* The tutor state of one conversation. Lessons are named by id, never by
 * pointer, so a reloaded curriculum cannot leave a state dangling. */
typedef struct tutor_state {
    char lesson[TUTOR_ID_MAX]; /* the lesson being taught, "" for none */
    int section;               /* index of the section last shown; n_sections: key facts shown */
    char topic[TUTOR_ID_MAX];  /* the lesson follow-up questions refer to, "" for none */
    int focus_section;         /* the section the last answer or teaching came from (-1: facts) */
    char quiz_lesson[TUTOR_ID_MAX]; /* the lesson the quiz questions come from */
    int quiz_pending;          /* index of the question awaiting an answer, -1 for none */
    int quiz_next;             /* the next question to ask */
    tutor_mode_t mode;
} tutor_state_t;

/* Settings the interpreter reads. */
typedef struct tutor_cfg {
    double min_score;
    double teach_min_score;
} tutor_cfg_t;

#define TUTOR_WEB_QUERY_MAX 512

/* What one turn produced besides its text. */
typedef struct tutor_reply {
    pl_buf_t text;             /* the answer */
    pl_buf_t citations;        /* JSON array, empty for none */
    const char *mode;          /* static */
    char topic_title[256];     /* "" for none */
    char title[256];           /* "" unless a lesson started */
    char web_query[TUTOR_WEB_QUERY_MAX]; /* a question the curriculum does not cover, "" else */
    size_t nc_start, nc_end;   /* the "does not cover" part of text (an answer from the web
                                  replaces it; the resume line after it stays) */
} tutor_reply_t;

/** Resets a state to "nothing going on". */
void tutor_state_init(tutor_state_t *s);

/**
 * Runs one user message through the interpreter: updates s and, when out is
 * not NULL, writes the reply. Deterministic for a given kb, so replaying a
 * conversation's user messages rebuilds its state.
 */
void tutor_turn(pl_kb_t *kb, const tutor_cfg_t *cfg, tutor_state_t *s, const char *input,
                size_t len, const char *user_id, int use_documents, tutor_reply_t *out);

/** Sets the follow-up topic from a request's topic field when it names a lesson. */
void tutor_set_topic(pl_kb_t *kb, const tutor_cfg_t *cfg, tutor_state_t *s, const char *topic);

/* ---- text helpers (lessons_text.c) ---- */

/** Lowercases ASCII, trims, collapses white space and drops trailing punctuation. */
void tt_normalise(const char *in, size_t len, char *out, size_t outlen);

/** A light English stemmer: "cities" -> "city", "declined" -> "declin". */
size_t tt_stem(const char *w, size_t len, char *out, size_t outlen);

/* ---- the answer from the web (lessons_web.c) ---- */

/**
 * Appends to out an answer to question quoted from web search results (the
 * best sentences of their extracts, with the pages named), labelled as
 * coming from the web. Returns 1, or 0 (nothing appended) when no sentence
 * holds enough of the question's words.
 */
int lessons_web_answer(const char *question, const pl_search_results_t *res, pl_buf_t *out);

/** 1 when two lowercased words are forms of one word (stems equal, or one a long prefix). */
int tt_same_word(const char *a, size_t la, const char *b, size_t lb);

/* What a question asks for. */
typedef enum tt_qtype {
    QT_OTHER = 0,
    QT_WHEN,      /* when, what year, what century, what date */
    QT_NUMBER,    /* how many, how much, how long, how far, how big, what temperature */
    QT_WHO,       /* who, whose, which person */
    QT_WHERE,     /* where */
    QT_WHY,       /* why, what causes */
    QT_DEFINE,    /* what is / what are / define / meaning */
    QT_HOW,       /* how do / how does (a process) */
    QT_FORMULA,   /* formula, equation, calculate, work out */
    QT_COMPARE,   /* the difference between, compare */
    QT_PURPOSE,   /* what is X for, what does X do, the function of */
} tt_qtype_t;

/** The kind of question a normalised input asks. */
tt_qtype_t tt_question_type(const char *norm);

/**
 * 1 when word w of the normalised question only names the kind of answer
 * wanted ("year" in "what year ...", "many" in "how many ...", "number" in
 * "the number of ...") for a QT_WHEN or QT_NUMBER question: it says what the
 * answer looks like, not what it is about.
 */
int tt_type_word(tt_qtype_t t, const char *norm, const char *w, size_t len);

/**
 * How well a sentence fits a question kind, 0 to 1. asked: the question's
 * words, which never count as the name a "who" question wants.
 */
double tt_type_fit(tt_qtype_t t, const char *s, size_t len, const char *const *asked,
                   size_t n_asked);

/** Other forms of a word (irregular verbs, number words, near-synonyms); returns how many. */
int tt_synonyms(const char *w, size_t len, const char **out, size_t max);

/** 1 when a sentence carries on from the one before it ("This ...", "So ...", "They ..."). */
int tt_continues(const char *s, size_t len);

/** 1 when the normalised input refers back ("it", "this", "they", "that", ...). */
int tt_has_anaphora(const char *norm);

/* How a quiz answer compares with the expected one. */
typedef enum tt_grade {
    TG_WRONG = 0,
    TG_PARTLY,
    TG_RIGHT,
} tt_grade_t;

/** Grades a free-text answer against the expected one (token overlap, numbers must match). */
tt_grade_t tt_grade(const char *expected, const char *given, size_t given_len);

#endif
