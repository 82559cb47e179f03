/*
 * lessons_web.c - the lessons brain's answer from the web: when the
 * curriculum does not cover a tutor-dialect question and web search is on,
 * the search results' extracts are cut into sentences, each sentence is
 * scored by the share of the question's content words it holds (word forms
 * meet, as in the tutor's own answers), and the best ones (three at most,
 * two per page) are quoted with the pages they come from. Like the rest of
 * the tutor it only quotes; the reply says plainly that the sentences come
 * from the web, not from the curriculum.
 */
#include "lessons_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 16
#define MAX_PICKS 3
#define PER_PAGE 2
#define MAX_PAGES 8
#define MIN_SENTENCE 20u
#define MAX_SENTENCE 400u
#define MIN_COVERAGE 0.3

typedef struct qwords {
    char w[MAX_WORDS][48];
    size_t len[MAX_WORDS];
    size_t n;
} qwords_t;

static int add_qword(const char *word, size_t len, size_t at, void *ud)
{
    (void)at;
    qwords_t *q = ud;
    if (q->n == MAX_WORDS || len < 2 || len >= sizeof(q->w[0]) || pl_kb_is_stop_word(word, len))
        return 0;
    for (size_t i = 0; i < q->n; i++)
        if (q->len[i] == len && memcmp(q->w[i], word, len) == 0)
            return 0;
    memcpy(q->w[q->n], word, len);
    q->w[q->n][len] = '\0';
    q->len[q->n] = len;
    q->n++;
    return 0;
}

typedef struct hits {
    const qwords_t *q;
    unsigned matched;
} hits_t;

static int match_qword(const char *word, size_t len, size_t at, void *ud)
{
    (void)at;
    hits_t *h = ud;
    for (size_t i = 0; i < h->q->n; i++)
        if (tt_same_word(word, len, h->q->w[i], h->q->len[i]))
            h->matched |= 1u << i;
    return 0;
}

typedef struct pick {
    size_t page;
    size_t start, end;
    double score;
} pick_t;

static int cmp_pick(const void *a, const void *b)
{
    const pick_t *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->page != y->page)
        return x->page < y->page ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Appends s[0..n) with line breaks and runs of white space made one space. */
static void append_flat(pl_buf_t *b, const char *s, size_t n)
{
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = 1;
            continue;
        }
        if (space && b->len > 0 && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '\n')
            (void)pl_buf_append(b, " ", 1);
        space = 0;
        (void)pl_buf_append(b, &c, 1);
    }
}

static int has_gap_mark(const char *s, size_t n)
{
    for (size_t i = 0; i + 5 <= n; i++)
        if (memcmp(s + i, "[...]", 5) == 0)
            return 1;
    return 0;
}

/* Bytes of s up to max, never ending inside a code point. */
static size_t cut_at(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

int lessons_web_answer(const char *question, const pl_search_results_t *res, pl_buf_t *out)
{
    if (question == NULL || res == NULL || res->n == 0)
        return 0;
    qwords_t q;
    memset(&q, 0, sizeof(q));
    pl_kb_words(question, strlen(question), add_qword, &q);
    if (q.n == 0)
        return 0;
    pick_t *picks = NULL;
    size_t n_picks = 0, cap = 0;
    size_t pages = res->n < MAX_PAGES ? res->n : MAX_PAGES;
    for (size_t p = 0; p < pages; p++) {
        const char *c = res->hits[p].content;
        size_t len = strlen(c);
        pl_kb_span_t spans[96];
        size_t ns = pl_kb_sentences(c, len, spans, 96);
        if (ns > 96)
            ns = 96;
        for (size_t k = 0; k < ns; k++) {
            size_t sl = spans[k].end - spans[k].start;
            if (sl < MIN_SENTENCE || sl > MAX_SENTENCE)
                continue;
            /* Tavily marks the gaps between extracts with "[...]" */
            if (has_gap_mark(c + spans[k].start, sl))
                continue;
            hits_t h = {&q, 0};
            pl_kb_words(c + spans[k].start, sl, match_qword, &h);
            size_t m = (size_t)__builtin_popcount(h.matched);
            double cov = (double)m / (double)q.n;
            if (m == 0 || cov < MIN_COVERAGE)
                continue;
            if (n_picks == cap) {
                cap = cap ? cap * 2 : 32;
                picks = pl_realloc(picks, cap * sizeof(*picks));
            }
            pick_t *x = &picks[n_picks++];
            x->page = p;
            x->start = spans[k].start;
            x->end = spans[k].end;
            /* coverage first; the provider's ranking and an early place break ties */
            x->score = cov + 0.1 * res->hits[p].score - 0.002 * (double)k;
        }
    }
    if (n_picks == 0) {
        pl_free(picks);
        return 0;
    }
    qsort(picks, n_picks, sizeof(*picks), cmp_pick);
    pick_t chosen[MAX_PICKS];
    size_t nc = 0;
    for (size_t i = 0; i < n_picks && nc < MAX_PICKS; i++) {
        size_t same_page = 0;
        int dup = 0;
        const char *s = res->hits[picks[i].page].content + picks[i].start;
        size_t sl = picks[i].end - picks[i].start;
        for (size_t k = 0; k < nc; k++) {
            same_page += chosen[k].page == picks[i].page;
            const char *o = res->hits[chosen[k].page].content + chosen[k].start;
            dup |= chosen[k].end - chosen[k].start == sl && memcmp(o, s, sl) == 0;
        }
        if (same_page >= PER_PAGE || dup)
            continue;
        chosen[nc++] = picks[i];
    }
    pl_free(picks);

    pl_buf_append_str(out, "My curriculum does not cover that, so I searched the web. The "
                           "sentences below come from web pages, not from my lessons, so check "
                           "them before you rely on them:\n");
    for (size_t i = 0; i < nc; i++) {
        pl_buf_append_str(out, "\n- ");
        append_flat(out, res->hits[chosen[i].page].content + chosen[i].start,
                    chosen[i].end - chosen[i].start);
    }
    pl_buf_append_str(out, "\n\nSources (web):");
    for (size_t i = 0; i < nc; i++) {
        int seen = 0;
        for (size_t k = 0; k < i; k++)
            seen |= chosen[k].page == chosen[i].page;
        if (seen)
            continue;
        const pl_search_hit_t *h = &res->hits[chosen[i].page];
        pl_buf_append_str(out, "\n- ");
        if (h->title[0] != '\0') {
            append_flat(out, h->title, cut_at(h->title, 200));
            pl_buf_append_str(out, ": ");
        }
        append_flat(out, h->url, cut_at(h->url, 500));
    }
    return 1;
}
