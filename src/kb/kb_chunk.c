/*
 * kb_chunk.c - splits a document's pages into passages for the index.
 *
 * The pages are joined into one text in which runs of white space become
 * one space, or a line break where the run held a blank line (a paragraph
 * end, which also ends a sentence). The text is cut into sentences
 * (pl_kb_sentences) and sentences are packed greedily into chunks: a chunk
 * closes once it reaches KB_CHUNK_TARGET bytes, and a sentence that would
 * push it past KB_CHUNK_MAX starts the next one. A sentence longer than
 * KB_CHUNK_MAX on its own is cut at the last space before the cap (or at a
 * code point boundary when there is none). Each chunk records the page of
 * its first and of its last byte.
 */
#include "kb_int.h"

#include "parley/mem.h"

#include <string.h>

typedef struct builder {
    kb_chunk_t *chunks;
    size_t n, cap;
    pl_buf_t cur;
    int cur_start, cur_end;
} builder_t;

static void close_chunk(builder_t *b)
{
    if (b->cur.len == 0)
        return;
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->chunks = pl_realloc(b->chunks, b->cap * sizeof(*b->chunks));
    }
    kb_chunk_t *c = &b->chunks[b->n++];
    c->text = pl_strndup(b->cur.data, b->cur.len);
    c->len = b->cur.len;
    c->page_start = b->cur_start;
    c->page_end = b->cur_end;
    pl_buf_reset(&b->cur);
}

static void add_piece(builder_t *b, const char *s, size_t n, int pstart, int pend)
{
    if (b->cur.len > 0 && b->cur.len + 1 + n > KB_CHUNK_MAX)
        close_chunk(b);
    if (b->cur.len == 0) {
        b->cur_start = pstart;
    } else {
        pl_buf_append(&b->cur, " ", 1);
    }
    pl_buf_append(&b->cur, s, n);
    b->cur_end = pend;
    if (b->cur.len >= KB_CHUNK_TARGET)
        close_chunk(b);
}

static int page_at(const size_t *offs, const int *nums, size_t n_pages, size_t at)
{
    size_t lo = 0, hi = n_pages;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (offs[mid] <= at)
            lo = mid;
        else
            hi = mid;
    }
    return n_pages ? nums[lo] : 0;
}

size_t kb_chunk_pages(const pl_kb_page_t *pages, size_t n_pages, kb_chunk_t **out)
{
    pl_buf_t text = PL_BUF_INIT(0);
    size_t *offs = pl_malloc((n_pages + 1) * sizeof(*offs));
    int *nums = pl_malloc((n_pages + 1) * sizeof(*nums));
    for (size_t p = 0; p < n_pages; p++) {
        offs[p] = text.len;
        nums[p] = pages[p].number;
        const char *s = pages[p].text ? pages[p].text : "";
        size_t len = pages[p].text ? pages[p].len : 0;
        int pending = text.len > 0 ? 1 : 0; /* 0 none, 1 space, 2 line break */
        for (size_t i = 0; i < len; i++) {
            char c = s[i];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n') {
                if (pending == 0)
                    pending = 1;
                if (c == '\n') {
                    /* a blank line: another newline before the next visible byte */
                    size_t k = i + 1;
                    while (k < len && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
                        k++;
                    if (k < len && s[k] == '\n')
                        pending = 2;
                }
                continue;
            }
            if (pending != 0 && text.len > 0)
                pl_buf_append(&text, pending == 2 ? "\n" : " ", 1);
            if (pending != 0 && text.len > 0 && offs[p] == text.len - 1)
                offs[p] = text.len; /* the page starts at its first visible byte */
            pending = 0;
            pl_buf_append(&text, &c, 1);
        }
    }

    builder_t b = {0};
    b.cur = (pl_buf_t)PL_BUF_INIT(0);
    size_t n_spans = pl_kb_sentences(text.data ? text.data : "", text.len, NULL, 0);
    pl_kb_span_t *spans = pl_malloc((n_spans + 1) * sizeof(*spans));
    pl_kb_sentences(text.data ? text.data : "", text.len, spans, n_spans);
    for (size_t i = 0; i < n_spans; i++) {
        size_t a = spans[i].start, e = spans[i].end;
        while (e - a > KB_CHUNK_MAX) {
            size_t cut = a + KB_CHUNK_MAX;
            size_t sp = cut;
            while (sp > a && text.data[sp] != ' ')
                sp--;
            if (sp > a) {
                cut = sp;
            } else {
                while (cut > a && ((unsigned char)text.data[cut] & 0xC0) == 0x80)
                    cut--;
            }
            add_piece(&b, text.data + a, cut - a, page_at(offs, nums, n_pages, a),
                      page_at(offs, nums, n_pages, cut - 1));
            a = cut;
            while (a < e && text.data[a] == ' ')
                a++;
        }
        if (e > a)
            add_piece(&b, text.data + a, e - a, page_at(offs, nums, n_pages, a),
                      page_at(offs, nums, n_pages, e - 1));
    }
    close_chunk(&b);
    pl_buf_free(&b.cur);
    pl_free(spans);
    pl_free(offs);
    pl_free(nums);
    pl_buf_free(&text);
    *out = b.chunks;
    return b.n;
}

void kb_chunks_free(kb_chunk_t *chunks, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pl_free(chunks[i].text);
    pl_free(chunks);
}
