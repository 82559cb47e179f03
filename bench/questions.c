/*
 * questions.c - the benchmarks' question lists (see questions.h): a table
 * with a "question" column, or one question per line.
 */
#include "questions.h"

#include "parley/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void lg_questions_free(lg_questions_t *q)
{
    for (size_t i = 0; i < q->n; i++)
        free(q->items[i]);
    free(q->items);
    q->items = NULL;
    q->n = q->cap = 0;
}

static int fail(char *err, size_t errlen, int rc, size_t line, const char *why)
{
    if (errlen > 0)
        snprintf(err, errlen, "line %zu: %s", line, why);
    return rc;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t k;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        k = 2, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        k = 3, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        k = 4, cp = c & 0x07;
    else
        return 0;
    if (n < k)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if ((k == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (k == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return k;
}

/* Checks one question: UTF-8, no control character. */
static int check_text(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        if (p[i] < 0x20 || p[i] == 0x7f)
            return PL_ERR_PARSE;
        size_t k = utf8_len(p + i, n - i);
        if (k == 0)
            return PL_ERR_UTF8;
        i += k;
    }
    return 0;
}

/* Field number col (0-based) of the tab-separated line [s, s + n). */
static int field(const char *s, size_t n, size_t col, const char **f, size_t *fn)
{
    const char *end = s + n;
    for (size_t c = 0; c < col; c++) {
        const char *t = memchr(s, '\t', (size_t)(end - s));
        if (t == NULL)
            return -1;
        s = t + 1;
    }
    const char *t = memchr(s, '\t', (size_t)(end - s));
    *f = s;
    *fn = (size_t)((t ? t : end) - s);
    return 0;
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && (**s == ' '))
        (*s)++, (*n)--;
    while (*n > 0 && ((*s)[*n - 1] == ' '))
        (*n)--;
}

/* The column named "question" in a header line, or -1. */
static long question_column(const char *s, size_t n)
{
    const char *end = s + n;
    for (long col = 0;; col++) {
        const char *t = memchr(s, '\t', (size_t)(end - s));
        const char *fe = t ? t : end;
        const char *f = s;
        size_t fn = (size_t)(fe - f);
        trim(&f, &fn);
        if (fn == 8 && strncasecmp(f, "question", 8) == 0)
            return col;
        if (t == NULL)
            return -1;
        s = t + 1;
    }
}

int lg_questions_parse(lg_questions_t *q, const char *text, size_t len, size_t max_len, char *err,
                       size_t errlen)
{
    size_t before = q->n, lineno = 0;
    long col = -1;
    int first = 1, rc;
    const char *p = text, *end = text + len;

    if (errlen > 0)
        err[0] = '\0';
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end, *f;
        size_t n, fn;
        lineno++;
        n = (size_t)(le - p);
        if (n > 0 && p[n - 1] == '\r')
            n--;
        if (first) {
            first = 0;
            if (memchr(p, '\t', n) != NULL && (col = question_column(p, n)) >= 0)
                goto next; /* the header */
        }
        f = p;
        fn = n;
        trim(&f, &fn);
        if (fn == 0 || f[0] == '#')
            goto next;
        if (col >= 0) {
            if (field(p, n, (size_t)col, &f, &fn) != 0) {
                rc = fail(err, errlen, PL_ERR_PARSE, lineno, "no question column");
                goto undo;
            }
            trim(&f, &fn);
        } else if (memchr(f, '\t', fn) != NULL) {
            rc = fail(err, errlen, PL_ERR_PARSE, lineno,
                      "a tab in a plain line (a table needs a header naming its question column)");
            goto undo;
        }
        if (fn == 0) {
            rc = fail(err, errlen, PL_ERR_PARSE, lineno, "empty question");
            goto undo;
        }
        if (fn > max_len) {
            rc = fail(err, errlen, PL_ERR_TOO_LARGE, lineno, "question too long");
            goto undo;
        }
        rc = check_text(f, fn);
        if (rc != 0) {
            rc = fail(err, errlen, rc, lineno,
                      rc == PL_ERR_UTF8 ? "not UTF-8" : "a control character in the question");
            goto undo;
        }
        if (q->n == q->cap) {
            size_t cap = q->cap ? q->cap * 2 : 64;
            char **ni = realloc(q->items, cap * sizeof(*ni));
            if (ni == NULL) {
                rc = fail(err, errlen, PL_ERR_NOMEM, lineno, "out of memory");
                goto undo;
            }
            q->items = ni;
            q->cap = cap;
        }
        q->items[q->n] = malloc(fn + 1);
        if (q->items[q->n] == NULL) {
            rc = fail(err, errlen, PL_ERR_NOMEM, lineno, "out of memory");
            goto undo;
        }
        memcpy(q->items[q->n], f, fn);
        q->items[q->n][fn] = '\0';
        q->n++;
    next:
        p = nl ? nl + 1 : end;
    }
    return (int)(q->n - before);
undo:
    while (q->n > before)
        free(q->items[--q->n]);
    return rc;
}

int lg_questions_load(lg_questions_t *q, const char *path, size_t max_len, char *err,
                      size_t errlen)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;
    int rc;

    if (f == NULL) {
        if (errlen > 0)
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return PL_ERR_IO;
    }
    buf = malloc(LG_QUESTIONS_MAX_FILE + 1);
    if (buf == NULL) {
        fclose(f);
        return PL_ERR_NOMEM;
    }
    n = fread(buf, 1, LG_QUESTIONS_MAX_FILE + 1, f);
    if (ferror(f)) {
        if (errlen > 0)
            snprintf(err, errlen, "%s: read error", path);
        rc = PL_ERR_IO;
    } else if (n > LG_QUESTIONS_MAX_FILE) {
        if (errlen > 0)
            snprintf(err, errlen, "%s: larger than %u bytes", path, LG_QUESTIONS_MAX_FILE);
        rc = PL_ERR_TOO_LARGE;
    } else {
        char why[200];
        rc = lg_questions_parse(q, buf, n, max_len, why, sizeof(why));
        if (rc < 0 && errlen > 0)
            snprintf(err, errlen, "%s: %s", path, why);
    }
    fclose(f);
    free(buf);
    return rc;
}
