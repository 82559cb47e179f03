/*
 * kb_lesson.c - the lesson file parser (data/lessons/<id>.md; the format
 * is described in docs/lessons.md).
 *
 * A line-by-line machine: TITLE ("# Title" on line 1) -> HEADERS
 * ("subject:", "level:", "keywords:" in that order, then optionally
 * "series: <name>, <position>") -> teaching sections
 * ("## Heading" + paragraphs) -> "## Key facts" ("- " lines) ->
 * "## Questions" ("Q:" / "A:" line pairs) -> end. Anything else is an
 * error naming the file and the line. Paragraph lines are joined with a
 * space and paragraphs with a blank line, so a section's text is its
 * prose without the line wrapping of the file.
 *
 * Everything a lesson points to lives in one arena freed with the lesson.
 */
#include "kb_int.h"

#include "parley/error.h"
#include "parley/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define LESSON_MAX_BYTES (1024 * 1024)
#define MAX_SECTIONS 64
#define MAX_FACTS 256
#define MAX_QUESTIONS 128
#define MAX_KEYWORDS 64
#define MAX_ID 100
#define MAX_SERIES_NAME 100
#define MAX_SERIES_POS 1000

static const char *const subjects[] = {"mathematics", "science", "history",
                                       "geography",   "language", "computing"};
static const char *const levels[] = {"early years", "primary", "lower secondary",
                                     "upper secondary"};

/* A lesson and the arena its strings and arrays live in. */
typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    char data[];
} arena_block_t;

typedef struct lesson_rec {
    pl_kb_lesson_t pub; /* first: a pl_kb_lesson_t * is a lesson_rec * */
    arena_block_t *blocks;
    int series_line;    /* the line of the 'series:' header, 0 for none */
} lesson_rec_t;

static void *arena_alloc(lesson_rec_t *r, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (r->blocks == NULL || r->blocks->cap - r->blocks->used < n) {
        size_t cap = n > 16384 ? n : 16384;
        arena_block_t *b = pl_malloc(sizeof(*b) + cap);
        b->next = r->blocks;
        b->used = 0;
        b->cap = cap;
        r->blocks = b;
    }
    void *p = r->blocks->data + r->blocks->used;
    r->blocks->used += n;
    return p;
}

static const char *arena_strndup(lesson_rec_t *r, const char *s, size_t n)
{
    char *p = arena_alloc(r, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

int kb_lesson_series_line(const pl_kb_lesson_t *lesson)
{
    return ((const lesson_rec_t *)lesson)->series_line;
}

void pl_kb_lesson_free(pl_kb_lesson_t *lesson)
{
    if (lesson == NULL)
        return;
    lesson_rec_t *r = (lesson_rec_t *)lesson;
    while (r->blocks != NULL) {
        arena_block_t *b = r->blocks;
        r->blocks = b->next;
        pl_free(b);
    }
    pl_free(r);
}

/* ---------------------------------------------------------------------- */

enum part {
    P_TITLE,
    P_SUBJECT,
    P_LEVEL,
    P_KEYWORDS,
    P_SERIES, /* after keywords: an optional 'series:' line */
    P_BEFORE_SECTIONS,
    P_TEACH,
    P_FACTS,
    P_QUESTIONS
};

typedef struct parser {
    lesson_rec_t *rec;
    const char *name;
    char *err;
    size_t errlen;
    int line;
    enum part part;
    /* growing arrays, copied into the arena at the end */
    pl_kb_section_t sections[MAX_SECTIONS];
    size_t n_sections;
    const char *facts[MAX_FACTS];
    size_t n_facts;
    pl_kb_question_t questions[MAX_QUESTIONS];
    size_t n_questions;
    const char *keywords[MAX_KEYWORDS];
    size_t n_keywords;
    /* the teaching section being read */
    pl_buf_t text;
    int in_paragraph;
    int section_line;
    /* a question waiting for its answer */
    const char *pending_q;
    int pending_q_line;
    int facts_line, questions_line;
} parser_t;

static int fail(parser_t *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(parser_t *p, int line, const char *fmt, ...)
{
    if (p->err != NULL && p->errlen > 0) {
        int n = snprintf(p->err, p->errlen, "%s:%d: ", p->name, line);
        if (n >= 0 && (size_t)n < p->errlen) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
            va_end(ap);
        }
    }
    return PL_ERR_PARSE;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && is_blank(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && is_blank((*s)[*n - 1]))
        (*n)--;
}

/* Matches "key:" at the start of a line; sets the trimmed value. */
static int header(const char *s, size_t n, const char *key, const char **val, size_t *vlen)
{
    size_t k = strlen(key);
    if (n <= k || strncasecmp(s, key, k) != 0 || s[k] != ':')
        return 0;
    *val = s + k + 1;
    *vlen = n - k - 1;
    trim(val, vlen);
    return 1;
}

static int one_of(const char *v, size_t n, const char *const *set, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(set[i]) == n && strncasecmp(v, set[i], n) == 0)
            return (int)i;
    return -1;
}

/* Ends the teaching section being read. */
static int end_section(parser_t *p)
{
    if (p->part != P_TEACH)
        return 0;
    if (p->text.len == 0)
        return fail(p, p->section_line, "section '%s' has no text",
                    p->sections[p->n_sections - 1].heading);
    p->sections[p->n_sections - 1].text = arena_strndup(p->rec, p->text.data, p->text.len);
    pl_buf_reset(&p->text);
    p->in_paragraph = 0;
    return 0;
}

static int on_heading(parser_t *p, const char *h, size_t n)
{
    trim(&h, &n);
    if (n == 0)
        return fail(p, p->line, "a '## ' heading needs a text");
    int rv = end_section(p);
    if (rv != 0)
        return rv;
    if (n == 9 && strncasecmp(h, "key facts", 9) == 0) {
        if (p->part == P_FACTS || p->part == P_QUESTIONS)
            return fail(p, p->line, "a second '## Key facts' (there is exactly one, before "
                                    "'## Questions')");
        if (p->n_sections == 0)
            return fail(p, p->line, "'## Key facts' before any teaching section");
        p->part = P_FACTS;
        p->facts_line = p->line;
        return 0;
    }
    if (n == 9 && strncasecmp(h, "questions", 9) == 0) {
        if (p->part == P_QUESTIONS)
            return fail(p, p->line, "a second '## Questions'");
        if (p->part != P_FACTS)
            return fail(p, p->line, "'## Questions' must follow '## Key facts'");
        if (p->n_facts == 0)
            return fail(p, p->facts_line, "'## Key facts' has no '- ' fact");
        p->part = P_QUESTIONS;
        p->questions_line = p->line;
        return 0;
    }
    if (p->part == P_FACTS || p->part == P_QUESTIONS)
        return fail(p, p->line, "teaching section '%.*s' after '## Key facts' (teaching sections "
                                "come first)", (int)(n > 80 ? 80 : n), h);
    if (p->n_sections == MAX_SECTIONS)
        return fail(p, p->line, "more than %d sections", MAX_SECTIONS);
    p->sections[p->n_sections].heading = arena_strndup(p->rec, h, n);
    p->sections[p->n_sections].text = NULL;
    p->n_sections++;
    p->section_line = p->line;
    p->part = P_TEACH;
    return 0;
}

static int on_keywords(parser_t *p, const char *v, size_t n)
{
    size_t i = 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && v[j] != ',')
            j++;
        const char *k = v + i;
        size_t kn = j - i;
        trim(&k, &kn);
        if (kn == 0)
            return fail(p, p->line, "an empty keyword (keywords are separated by commas)");
        if (p->n_keywords == MAX_KEYWORDS)
            return fail(p, p->line, "more than %d keywords", MAX_KEYWORDS);
        p->keywords[p->n_keywords++] = arena_strndup(p->rec, k, kn);
        i = j + 1;
    }
    return 0;
}

/* "India's history, 1": the name before the last comma, a positive position after it. */
static int on_series(parser_t *p, const char *v, size_t n)
{
    const char *comma = NULL;
    for (size_t i = 0; i < n; i++)
        if (v[i] == ',')
            comma = v + i;
    if (comma == NULL)
        return fail(p, p->line, "expected 'series: <series name>, <position>' (no comma before "
                                "the position)");
    const char *name = v, *pos = comma + 1;
    size_t nn = (size_t)(comma - v), pn = n - nn - 1;
    trim(&name, &nn);
    trim(&pos, &pn);
    if (nn == 0)
        return fail(p, p->line, "the series name is empty");
    if (nn > MAX_SERIES_NAME)
        return fail(p, p->line, "the series name is longer than %d bytes", MAX_SERIES_NAME);
    long value = 0;
    int ok = pn > 0;
    for (size_t i = 0; i < pn && ok; i++) {
        ok = pos[i] >= '0' && pos[i] <= '9';
        if (ok)
            value = value * 10 + (pos[i] - '0');
        if (value > MAX_SERIES_POS)
            ok = 0;
    }
    if (!ok || value < 1)
        return fail(p, p->line, "the series position '%.*s' is not a positive integer (1 to %d)",
                    (int)(pn > 20 ? 20 : pn), pos, MAX_SERIES_POS);
    p->rec->pub.series = arena_strndup(p->rec, name, nn);
    p->rec->pub.series_pos = (int)value;
    p->rec->series_line = p->line;
    return 0;
}

static int on_line(parser_t *p, const char *s, size_t n)
{
    const char *t = s;
    size_t tn = n;
    trim(&t, &tn);
    const char *v;
    size_t vn;

    switch (p->part) {
    case P_TITLE:
        if (n < 2 || s[0] != '#' || s[1] != ' ')
            return fail(p, p->line, "line 1 must be the title: '# Title'");
        t = s + 2;
        tn = n - 2;
        trim(&t, &tn);
        if (tn == 0)
            return fail(p, p->line, "the title is empty");
        p->rec->pub.title = arena_strndup(p->rec, t, tn);
        p->part = P_SUBJECT;
        return 0;
    case P_SUBJECT:
        if (tn == 0)
            return 0;
        if (!header(t, tn, "subject", &v, &vn))
            return fail(p, p->line, "expected 'subject: <subject>' after the title");
        int si = one_of(v, vn, subjects, sizeof(subjects) / sizeof(subjects[0]));
        if (si < 0)
            return fail(p, p->line, "unknown subject '%.*s' (mathematics, science, history, "
                                    "geography, language or computing)", (int)(vn > 40 ? 40 : vn), v);
        p->rec->pub.subject = subjects[si];
        p->part = P_LEVEL;
        return 0;
    case P_LEVEL:
        if (tn == 0)
            return 0;
        if (!header(t, tn, "level", &v, &vn))
            return fail(p, p->line, "expected 'level: <level>' after 'subject:'");
        int li = one_of(v, vn, levels, sizeof(levels) / sizeof(levels[0]));
        if (li < 0)
            return fail(p, p->line, "unknown level '%.*s' (early years, primary, lower secondary "
                                    "or upper secondary)", (int)(vn > 40 ? 40 : vn), v);
        p->rec->pub.level = levels[li];
        p->part = P_KEYWORDS;
        return 0;
    case P_KEYWORDS:
        if (tn == 0)
            return 0;
        if (!header(t, tn, "keywords", &v, &vn))
            return fail(p, p->line, "expected 'keywords: a, b, c' after 'level:'");
        if (vn == 0)
            return fail(p, p->line, "no keywords");
        p->part = P_SERIES;
        return on_keywords(p, v, vn);
    case P_SERIES:
        if (tn == 0)
            return 0;
        p->part = P_BEFORE_SECTIONS;
        if (header(t, tn, "series", &v, &vn))
            return on_series(p, v, vn);
        break; /* no series: the line is read as what comes after the headers */
    default:
        break;
    }

    if (n >= 1 && s[0] == '#') {
        if (n >= 3 && s[1] == '#' && s[2] == ' ')
            return on_heading(p, s + 3, n - 3);
        if (n >= 2 && s[1] == ' ')
            return fail(p, p->line, "a second '# ' title (sections are '## Heading')");
        return fail(p, p->line, "only '## ' headings are allowed");
    }

    switch (p->part) {
    case P_BEFORE_SECTIONS:
        if (tn == 0)
            return 0;
        if (header(t, tn, "series", &v, &vn))
            return fail(p, p->line, "a second 'series:' line");
        return fail(p, p->line, "text before the first '## ' section");
    case P_TEACH:
        if (tn == 0) {
            p->in_paragraph = 0;
            return 0;
        }
        if (p->text.len > 0)
            pl_buf_append_str(&p->text, p->in_paragraph ? " " : "\n\n");
        pl_buf_append(&p->text, t, tn);
        p->in_paragraph = 1;
        return 0;
    case P_FACTS:
        if (tn == 0)
            return 0;
        if (t[0] != '-' || (tn > 1 && !is_blank(t[1])))
            return fail(p, p->line, "expected a '- ' fact in '## Key facts'");
        t++;
        tn--;
        trim(&t, &tn);
        if (tn == 0)
            return fail(p, p->line, "an empty fact");
        if (p->n_facts == MAX_FACTS)
            return fail(p, p->line, "more than %d facts", MAX_FACTS);
        p->facts[p->n_facts++] = arena_strndup(p->rec, t, tn);
        return 0;
    case P_QUESTIONS:
        if (tn == 0)
            return 0;
        if (tn >= 2 && (t[0] == 'Q' || t[0] == 'q') && t[1] == ':') {
            if (p->pending_q != NULL)
                return fail(p, p->pending_q_line, "question without an 'A:' answer line");
            t += 2;
            tn -= 2;
            trim(&t, &tn);
            if (tn == 0)
                return fail(p, p->line, "an empty question");
            if (p->n_questions == MAX_QUESTIONS)
                return fail(p, p->line, "more than %d questions", MAX_QUESTIONS);
            p->pending_q = arena_strndup(p->rec, t, tn);
            p->pending_q_line = p->line;
            return 0;
        }
        if (tn >= 2 && (t[0] == 'A' || t[0] == 'a') && t[1] == ':') {
            if (p->pending_q == NULL)
                return fail(p, p->line, "an 'A:' answer without a 'Q:' question before it");
            t += 2;
            tn -= 2;
            trim(&t, &tn);
            if (tn == 0)
                return fail(p, p->line, "an empty answer");
            p->questions[p->n_questions].question = p->pending_q;
            p->questions[p->n_questions].answer = arena_strndup(p->rec, t, tn);
            p->n_questions++;
            p->pending_q = NULL;
            return 0;
        }
        return fail(p, p->line, "expected 'Q: ...' or 'A: ...' in '## Questions'");
    default:
        return fail(p, p->line, "internal parser state");
    }
}

static int finish(parser_t *p)
{
    switch (p->part) {
    case P_TITLE:
        return fail(p, 1, "the file is empty (line 1 must be '# Title')");
    case P_SUBJECT:
        return fail(p, p->line, "missing 'subject:' line");
    case P_LEVEL:
        return fail(p, p->line, "missing 'level:' line");
    case P_KEYWORDS:
        return fail(p, p->line, "missing 'keywords:' line");
    case P_SERIES:
    case P_BEFORE_SECTIONS:
        return fail(p, p->line, "no teaching section ('## Heading')");
    case P_TEACH: {
        int rv = end_section(p);
        if (rv != 0)
            return rv;
        return fail(p, p->line, "missing '## Key facts' and '## Questions'");
    }
    case P_FACTS:
        if (p->n_facts == 0)
            return fail(p, p->facts_line, "'## Key facts' has no '- ' fact");
        return fail(p, p->line, "missing '## Questions'");
    case P_QUESTIONS:
        if (p->pending_q != NULL)
            return fail(p, p->pending_q_line, "question without an 'A:' answer line");
        if (p->n_questions == 0)
            return fail(p, p->questions_line, "'## Questions' has no 'Q:'/'A:' pair");
        return 0;
    }
    return 0;
}

static int valid_name(const char *name, size_t *idlen)
{
    size_t n = strlen(name);
    if (n <= 3 || strcmp(name + n - 3, ".md") != 0 || n - 3 > MAX_ID)
        return 0;
    for (size_t i = 0; i < n - 3; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return 0;
    }
    *idlen = n - 3;
    return 1;
}

int pl_kb_lesson_parse(const char *name, const char *text, size_t len, pl_kb_lesson_t **out,
                       char *err, size_t errlen)
{
    if (err != NULL && errlen > 0)
        err[0] = '\0';
    *out = NULL;
    size_t idlen = 0;
    if (name == NULL || !valid_name(name, &idlen)) {
        if (err != NULL)
            snprintf(err, errlen, "%s: a lesson file is named <id>.md, the id made of lower-case "
                                  "letters, digits and hyphens", name ? name : "(null)");
        return PL_ERR_INVALID_ARGUMENT;
    }
    if (len > LESSON_MAX_BYTES) {
        if (err != NULL)
            snprintf(err, errlen, "%s: larger than %d bytes", name, LESSON_MAX_BYTES);
        return PL_ERR_TOO_LARGE;
    }
    size_t bad = 0;
    if (!kb_utf8_valid(text, len, &bad)) {
        int line = 1;
        for (size_t i = 0; i < bad; i++)
            line += text[i] == '\n';
        if (err != NULL)
            snprintf(err, errlen, "%s:%d: not valid UTF-8 (byte %zu)", name, line, bad + 1);
        return PL_ERR_UTF8;
    }
    if (memchr(text, '\0', len) != NULL) {
        int line = 1;
        for (const char *q = text; *q != '\0'; q++)
            line += *q == '\n';
        if (err != NULL)
            snprintf(err, errlen, "%s:%d: a NUL byte", name, line);
        return PL_ERR_PARSE;
    }

    parser_t *p = pl_calloc(1, sizeof(*p));
    lesson_rec_t *rec = pl_calloc(1, sizeof(*rec));
    p->rec = rec;
    p->name = name;
    p->err = err;
    p->errlen = errlen;
    p->text = (pl_buf_t)PL_BUF_INIT(0);
    rec->pub.id = arena_strndup(rec, name, idlen);

    size_t i = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3; /* a byte order mark */
    int rv = 0;
    while (i < len && rv == 0) {
        size_t e = i;
        while (e < len && text[e] != '\n' && text[e] != '\r')
            e++;
        p->line++;
        rv = on_line(p, text + i, e - i);
        if (e < len && text[e] == '\r' && e + 1 < len && text[e + 1] == '\n')
            e++;
        i = e + 1;
    }
    if (rv == 0) {
        if (p->line == 0)
            p->line = 1;
        rv = finish(p);
    }
    if (rv == 0) {
        pl_kb_lesson_t *l = &rec->pub;
        pl_kb_section_t *secs = arena_alloc(rec, p->n_sections * sizeof(*secs));
        memcpy(secs, p->sections, p->n_sections * sizeof(*secs));
        l->sections = secs;
        l->n_sections = p->n_sections;
        const char **facts = arena_alloc(rec, p->n_facts * sizeof(*facts));
        memcpy(facts, p->facts, p->n_facts * sizeof(*facts));
        l->facts = facts;
        l->n_facts = p->n_facts;
        pl_kb_question_t *qs = arena_alloc(rec, p->n_questions * sizeof(*qs));
        memcpy(qs, p->questions, p->n_questions * sizeof(*qs));
        l->questions = qs;
        l->n_questions = p->n_questions;
        const char **kw = arena_alloc(rec, p->n_keywords * sizeof(*kw));
        memcpy(kw, p->keywords, p->n_keywords * sizeof(*kw));
        l->keywords = kw;
        l->n_keywords = p->n_keywords;
        *out = l;
    } else {
        pl_kb_lesson_free(&rec->pub);
    }
    pl_buf_free(&p->text);
    pl_free(p);
    return rv;
}
