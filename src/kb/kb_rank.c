/*
 * kb_rank.c - the kb's search pass and BM25 ranking (see kb_rank.h).
 *
 * A search used to ask SQLite for "ORDER BY bm25(...) LIMIT 64" over every
 * row the query matched, and one count(*) per query word for its weight.
 * bm25() reads each matched row's size from the FTS5 docsize table (one
 * lookup per row) and counts each phrase's rows again (one more scan per
 * phrase), so a common word in a big index cost thousands of lookups.
 *
 * Here one scan (pl_kb_pass, an FTS5 auxiliary function called for every
 * matched row) reads each row's phrase instances only: it counts the rows
 * per phrase (BM25's nHit) and per word (the kb's document frequency), and
 * keeps the rows the caller's filter accepts with their weighted phrase
 * frequencies. kb_rank_top() then computes FTS5's BM25 with the same
 * formula and operations (so the same double):
 *
 *   idf(p) = log((N - nHit(p) + 0.5) / (nHit(p) + 0.5)), 1e-6 when <= 0
 *   bm     = sum over p of idf(p) * f(p) * (k1 + 1) / (f(p) + k1 * (1 - b + b * D / avgdl))
 *
 * (k1 = 1.2, b = 0.75, f the column-weighted frequency, D the row's tokens,
 * avgdl the table's tokens per row). D is needed for the exact value only:
 * with D >= 0 each term is at most idf * f * (k1 + 1) / (f + k1 * (1 - b)),
 * so rows are scored in the order of that bound (taken from a heap) and the
 * scoring stops when the next bound is below the k-th best score: rows
 * matching only common words are never scored.
 */
#include "kb_rank.h"

#include "parley/mem.h"

#include <math.h>
#include <string.h>

/* BM25 column weights: title, heading, keywords, body (as KB_RANK_BM25). */
static const double col_weight[4] = {6.0, 3.0, 4.0, 1.0};

/* ---------------------------------------------------------------------- */
/* Auxiliary functions                                                    */

/*
 * pl_kb_matches(fts): bit i (i < 31) is set when phrase i of the query has
 * an instance in the row, bit 32 + i when that instance is in the title,
 * heading or keywords column (columns 0-2).
 */
static void matches_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                       int nval, sqlite3_value **vals)
{
    (void)nval;
    (void)vals;
    int n = 0;
    if (api->xInstCount(fts, &n) != SQLITE_OK) {
        sqlite3_result_error(ctx, "pl_kb_matches: xInstCount failed", -1);
        return;
    }
    sqlite3_int64 bits = 0;
    for (int i = 0; i < n; i++) {
        int phrase, col, off;
        if (api->xInst(fts, i, &phrase, &col, &off) != SQLITE_OK)
            break;
        if (phrase < 0 || phrase > 30)
            continue;
        bits |= (sqlite3_int64)1 << phrase;
        if (col <= 2)
            bits |= (sqlite3_int64)1 << (32 + phrase);
    }
    sqlite3_result_int64(ctx, bits);
}

/* pl_kb_size(fts): the row's tokens over all columns. */
static void size_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                    int nval, sqlite3_value **vals)
{
    (void)nval;
    (void)vals;
    int n = 0;
    if (api->xColumnSize(fts, -1, &n) != SQLITE_OK) {
        sqlite3_result_error(ctx, "pl_kb_size: xColumnSize failed", -1);
        return;
    }
    sqlite3_result_int(ctx, n);
}

static void grow_rows(kb_pass_t *p)
{
    if (p->n_kept < p->cap_rows)
        return;
    p->cap_rows = p->cap_rows ? p->cap_rows * 2 : 256;
    p->rows = pl_realloc(p->rows, p->cap_rows * sizeof(*p->rows));
}

static void grow_freq(kb_pass_t *p, size_t more)
{
    if (p->n_freq + more <= p->cap_freq)
        return;
    while (p->n_freq + more > p->cap_freq)
        p->cap_freq = p->cap_freq ? p->cap_freq * 2 : 1024;
    p->freq_phrase = pl_realloc(p->freq_phrase, p->cap_freq * sizeof(*p->freq_phrase));
    p->freq = pl_realloc(p->freq, p->cap_freq * sizeof(*p->freq));
}

/* pl_kb_pass(fts, pass): one matched row of a kb_pass_t scan; returns NULL. */
static void pass_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                    int nval, sqlite3_value **vals)
{
    kb_pass_t *p = nval >= 1 ? sqlite3_value_pointer(vals[0], "pl_kb_pass") : NULL;
    if (p == NULL) {
        sqlite3_result_error(ctx, "pl_kb_pass: no pass", -1);
        return;
    }
    if (p->seen++ == 0 && (api->xRowCount(fts, &p->n_rows) != SQLITE_OK ||
                           api->xColumnTotalSize(fts, -1, &p->n_tokens) != SQLITE_OK)) {
        p->failed = 1;
        sqlite3_result_error(ctx, "pl_kb_pass: no table statistics", -1);
        return;
    }
    /* each distinct phrase's column-weighted frequency: bm25() adds the weights
     * instance by instance, small whole numbers, so any order gives the same sum */
    double fx[KB_RANK_MAX_PHRASES];
    uint32_t in_row_x = 0, in_fields_x = 0;
    for (int j = 0; j < p->n_expr; j++) {
        Fts5PhraseIter it;
        int col = -1, off = 0;
        double f = 0;
        if (api->xPhraseFirst(fts, j, &it, &col, &off) != SQLITE_OK) {
            p->failed = 1;
            sqlite3_result_error(ctx, "pl_kb_pass: xPhraseFirst failed", -1);
            return;
        }
        for (; col >= 0; api->xPhraseNext(fts, &it, &col, &off)) {
            f += col < 4 ? col_weight[col] : 1.0;
            if (col <= 2)
                in_fields_x |= (uint32_t)1 << j;
        }
        fx[j] = f;
        if (f > 0)
            in_row_x |= (uint32_t)1 << j;
    }
    int n_phrases = 2 * p->n_terms;
    uint32_t in_row = 0, in_fields = 0;
    for (int ph = 0; ph < n_phrases; ph++) {
        int j = p->phrase[ph];
        in_row |= ((in_row_x >> j) & 1) << ph;
        in_fields |= ((in_fields_x >> j) & 1) << ph;
    }
    for (int ph = 0; ph < n_phrases; ph++)
        p->nhit[ph] += (in_row >> ph) & 1;
    for (int t = 0; t < p->n_terms; t++)
        p->df[t] += ((in_row >> (2 * t)) & 3) != 0;
    sqlite3_int64 rowid = api->xRowid(fts);
    if (p->keep != NULL && p->keep(rowid, p->keep_ud)) {
        grow_rows(p);
        grow_freq(p, (size_t)n_phrases);
        kb_rank_row_t *r = &p->rows[p->n_kept++];
        r->rowid = rowid;
        r->bits = (sqlite3_int64)in_row | ((sqlite3_int64)in_fields << 32);
        r->bound = r->bm = 0;
        r->freq_at = (uint32_t)p->n_freq;
        r->n_freq = 0;
        for (int ph = 0; ph < n_phrases; ph++) {
            if (!((in_row >> ph) & 1))
                continue;
            p->freq_phrase[p->n_freq] = (uint8_t)ph;
            p->freq[p->n_freq] = fx[p->phrase[ph]];
            p->n_freq++;
            r->n_freq++;
        }
    }
    sqlite3_result_null(ctx);
}

int kb_rank_register(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (api == NULL || api->iVersion < 2)
        return -1;
    if (api->xCreateFunction(api, "pl_kb_matches", NULL, matches_fn, NULL) != SQLITE_OK ||
        api->xCreateFunction(api, "pl_kb_pass", NULL, pass_fn, NULL) != SQLITE_OK ||
        api->xCreateFunction(api, "pl_kb_size", NULL, size_fn, NULL) != SQLITE_OK)
        return -1;
    return 0;
}

int kb_rank_docsize(const unsigned char *blob, int len, int n_cols, int *ntok)
{
    /* SQLite varints (big-endian groups of 7 bits, the high bit set on all but the
     * last); FTS5 reads them with fts5GetVarint32 and sums the columns */
    int at = 0, sum = 0;
    for (int c = 0; c < n_cols; c++) {
        uint64_t v = 0;
        int k = 0;
        for (;;) {
            if (at >= len || k == 9)
                return -1;
            unsigned char b = blob[at++];
            if (k == 8) {
                v = (v << 8) | b;
                break;
            }
            v = (v << 7) | (b & 0x7f);
            k++;
            if (!(b & 0x80))
                break;
        }
        if (v > (uint64_t)INT32_MAX)
            return -1;
        sum += (int)v;
    }
    if (at != len)
        return -1;
    *ntok = sum;
    return 0;
}

/* ---------------------------------------------------------------------- */
/* The pass                                                               */

void kb_pass_reset(kb_pass_t *p)
{
    p->seen = p->n_rows = p->n_tokens = 0;
    memset(p->nhit, 0, sizeof(p->nhit));
    memset(p->df, 0, sizeof(p->df));
    p->n_kept = 0;
    p->n_freq = 0;
    p->failed = 0;
}

void kb_pass_free(kb_pass_t *p)
{
    pl_free(p->rows);
    pl_free(p->freq_phrase);
    pl_free(p->freq);
    p->rows = NULL;
    p->freq_phrase = NULL;
    p->freq = NULL;
    p->n_kept = p->cap_rows = p->n_freq = p->cap_freq = 0;
}

int kb_pass_run(sqlite3_stmt *st, const char *expr, kb_pass_t *p)
{
    kb_pass_reset(p);
    if (p->n_terms < 0 || p->n_terms > KB_RANK_MAX_TERMS || p->n_expr < 0 ||
        p->n_expr > 2 * p->n_terms)
        return SQLITE_MISUSE;
    for (int ph = 0; ph < 2 * p->n_terms; ph++)
        if (p->phrase[ph] >= p->n_expr)
            return SQLITE_MISUSE;
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    sqlite3_bind_pointer(st, 2, p, "pl_kb_pass", NULL);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc == SQLITE_DONE && p->failed)
        rc = SQLITE_ERROR;
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* ---------------------------------------------------------------------- */
/* Ranking                                                                */

/* 1 when x's bound is above y's (the lower rowid first among equals). */
static int bound_above(const kb_rank_row_t *x, const kb_rank_row_t *y)
{
    if (x->bound != y->bound)
        return x->bound > y->bound;
    return x->rowid < y->rowid;
}

/* Restores the max-heap (by bound) below node i of h[0..n). */
static void sift_down(kb_rank_row_t **h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, top = i;
        if (l < n && bound_above(h[l], h[top]))
            top = l;
        if (r < n && bound_above(h[r], h[top]))
            top = r;
        if (top == i)
            return;
        kb_rank_row_t *t = h[i];
        h[i] = h[top];
        h[top] = t;
        i = top;
    }
}

/* 1 when x ranks before y: the higher BM25, then the lower rowid (the scan order). */
static int before(const kb_rank_row_t *x, const kb_rank_row_t *y)
{
    if (x->bm != y->bm)
        return x->bm > y->bm;
    return x->rowid < y->rowid;
}

int kb_rank_top(kb_pass_t *p, size_t k, kb_rank_size_fn size, void *size_ud,
                kb_rank_row_t ***out)
{
    const double k1 = 1.2; /* BM25's constants, as FTS5 has them */
    const double b = 0.75;
    *out = NULL;
    if (k == 0 || p->n_kept == 0 || p->seen == 0)
        return 0;
    int n_phrases = 2 * p->n_terms;
    double idf[KB_RANK_MAX_PHRASES];
    sqlite3_int64 n_row = p->n_rows;
    for (int i = 0; i < n_phrases; i++) {
        sqlite3_int64 n_hit = p->nhit[i];
        double v = log((n_row - n_hit + 0.5) / (n_hit + 0.5));
        if (v <= 0.0)
            v = 1e-6;
        idf[i] = v;
    }
    double avgdl = (double)p->n_tokens / (double)p->n_rows;

    kb_rank_row_t **order = pl_malloc(p->n_kept * sizeof(*order));
    for (size_t i = 0; i < p->n_kept; i++) {
        kb_rank_row_t *r = &p->rows[i];
        double bound = 0.0;
        for (uint8_t j = 0; j < r->n_freq; j++) {
            double f = p->freq[r->freq_at + j];
            bound += idf[p->freq_phrase[r->freq_at + j]] * ((f * (k1 + 1.0)) / (f + k1 * (1 - b)));
        }
        r->bound = bound;
        order[i] = r;
    }
    /* a heap by bound: the rows come out best bound first, and only as many as are
     * scored are taken out */
    size_t n_heap = p->n_kept;
    for (size_t i = n_heap / 2; i-- > 0;)
        sift_down(order, n_heap, i);

    kb_rank_row_t **best = pl_malloc((k < p->n_kept ? k : p->n_kept) * sizeof(*best));
    size_t n_best = 0;
    while (n_heap > 0) {
        kb_rank_row_t *r = order[0];
        order[0] = order[--n_heap];
        sift_down(order, n_heap, 0);
        /* bounds only fall from here: stop when this one cannot reach the k-th best
         * (with a margin far above rounding, so a tie is always scored) */
        if (n_best == k && r->bound + 1e-9 * (1.0 + r->bound) < best[k - 1]->bm)
            break;
        int ntok = 0;
        if (size(r->rowid, &ntok, size_ud) != 0) {
            pl_free(order);
            pl_free(best);
            return -1;
        }
        double D = (double)ntok;
        double score = 0.0;
        for (uint8_t j = 0; j < r->n_freq; j++) {
            double f = p->freq[r->freq_at + j];
            /* the expression of FTS5's fts5Bm25Function, phrase by phrase in order (the
             * phrases without an instance add 0.0 there) */
            score += idf[p->freq_phrase[r->freq_at + j]] *
                     ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * D / avgdl)));
        }
        r->bm = -(-1.0 * score);
        if (n_best == k && !before(r, best[k - 1]))
            continue;
        size_t at = n_best < k ? n_best++ : k - 1;
        while (at > 0 && before(r, best[at - 1])) {
            best[at] = best[at - 1];
            at--;
        }
        best[at] = r;
    }
    pl_free(order);
    *out = best;
    return (int)n_best;
}
