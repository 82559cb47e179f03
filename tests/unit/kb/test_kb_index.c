/*
 * test_kb_index.c - the kb's two indexes (src/kb/kb.c): a search that may
 * return a user's documents gives exactly what the original single-query
 * search gave (a reference implementation of it here, in SQL over the same
 * file: one count(*) per word for its weight, then "ORDER BY bm25 LIMIT 64"
 * joined with passages), through document adds and deletes of several
 * owners, rowid reuse and a reopen; a lessons-only search is not moved by
 * anyone's documents; the spelling correction equals a brute-force search
 * of the vocabulary.
 */
#include "pl_test.h"

#include "kb/kb_int.h"
#include "kb/kb_rank.h"
#include "parley/error.h"
#include "parley/kb.h"
#include "parley/mem.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *fixtures_dir(void)
{
    static char dir[4096];
    const char *src = getenv("PARLEY_SOURCE_DIR");
    snprintf(dir, sizeof(dir), "%s/tests/unit/kb/fixtures/lessons", src ? src : ".");
    return dir;
}

/* Sentences the documents are made of: the fixture lessons' words, and others. */
static const char *const sentences[] = {
    "Water evaporates from the sea when the sun warms it.",
    "The water cycle moves water between the land, the sea and the air.",
    "Clouds form when water vapour condenses on tiny particles of dust.",
    "Rain, snow and hail are all kinds of precipitation.",
    "Plants use light energy to make glucose in their leaves.",
    "Chlorophyll in the chloroplasts absorbs light.",
    "Oxygen is released by plants as a waste product of photosynthesis.",
    "A quadratic equation can be solved by factorising or with the formula.",
    "The discriminant tells how many real roots a quadratic has.",
    "The graph of a quadratic is a parabola with a line of symmetry.",
    "The Indus valley cities had drains, granaries and wells.",
    "Harappa and Mohenjo-daro were large, planned cities.",
    "Mitochondria release energy from glucose in respiration.",
    "Ribosomes build proteins from amino acids.",
    "Volcanoes erupt when magma rises through the crust.",
    "The river carries sediment to the sea and drops it at the mouth.",
    "Use the formula carefully and check the roots by substituting them.",
    "Café owners in the valley used water from the river.",
};
#define N_SENTENCES (sizeof(sentences) / sizeof(sentences[0]))

static unsigned rng_state = 7;

static unsigned rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 16) & 0x7fff;
}

/* A document of 1-3 pages of 3-14 sentences each. */
static int add_generated(pl_kb_t *kb, const char *owner, int k, char id[40])
{
    pl_buf_t text[3] = {PL_BUF_INIT(0), PL_BUF_INIT(0), PL_BUF_INIT(0)};
    pl_kb_page_t pages[3];
    int n_pages = 1 + (int)(rng() % 3);
    for (int p = 0; p < n_pages; p++) {
        int n = 3 + (int)(rng() % 12);
        for (int i = 0; i < n; i++)
            pl_buf_appendf(&text[p], "%s%s", i ? " " : "", sentences[rng() % N_SENTENCES]);
        pages[p].number = p + 1;
        pages[p].text = text[p].data;
        pages[p].len = text[p].len;
    }
    char name[64];
    snprintf(name, sizeof(name), "%s-notes-%d.pdf", owner, k);
    int rv = pl_kb_doc_add(kb, owner, name, "application/pdf", 1000, pages, (size_t)n_pages, id);
    for (int p = 0; p < 3; p++)
        pl_buf_free(&text[p]);
    return rv;
}

/* ---------------------------------------------------------------------- */
/* The reference: the original search, in SQL over the file               */

typedef struct ref_hit {
    int source;
    char lesson_id[64], document_id[40], chunk_id[64];
    int section;
    double score;
    size_t order;
} ref_hit_t;

static int cmp_ref(const void *a, const void *b)
{
    const ref_hit_t *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static void phrase(pl_buf_t *b, const char *w)
{
    pl_buf_appendf(b, "\"%s\"%s", w, strlen(w) >= 4 ? "*" : "");
}

static long long count_match(sqlite3 *db, const char *expr)
{
    sqlite3_stmt *st = NULL;
    long long n = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?1", -1,
                           &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

/* The hits the original code gave for query q with filter f (the words and corrections
 * come from the kb's analysis, which did not change). */
static int ref_search(pl_kb_t *kb, sqlite3 *db, const char *q, const pl_kb_filter_t *f,
                      ref_hit_t *out, int max)
{
    pl_kb_term_t t[16];
    int nt = pl_kb_query_terms_in(kb, q, f, t, 15);
    char words[16][64], corr[16][64];
    for (int i = 0; i < nt; i++) {
        snprintf(words[i], sizeof(words[i]), "%s", t[i].word);
        snprintf(corr[i], sizeof(corr[i]), "%s", t[i].correction ? t[i].correction : "");
    }
    if (nt <= 0)
        return 0;
    long long total = 0;
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM passages", -1, &st, NULL);
    if (sqlite3_step(st) == SQLITE_ROW)
        total = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    double weight[16];
    pl_buf_t e = PL_BUF_INIT(0), all = PL_BUF_INIT(0);
    for (int i = 0; i < nt; i++) {
        pl_buf_reset(&e);
        if (corr[i][0]) {
            pl_buf_append_str(&e, "(");
            phrase(&e, words[i]);
            pl_buf_append_str(&e, " OR ");
            phrase(&e, corr[i]);
            pl_buf_append_str(&e, ")");
        } else {
            phrase(&e, words[i]);
        }
        double n = (double)total, d = (double)count_match(db, e.data);
        if (d > n)
            d = n;
        weight[i] = log(1.0 + (n - d + 0.5) / (d + 0.5));
        pl_buf_appendf(&all, "%s(", i ? " OR " : "");
        phrase(&all, words[i]);
        pl_buf_append_str(&all, " OR ");
        phrase(&all, corr[i][0] ? corr[i] : words[i]);
        pl_buf_append_str(&all, ")");
    }
    unsigned sources = f && f->sources ? f->sources : PL_KB_LESSON;
    int want_lessons = (sources & PL_KB_LESSON) != 0 || f->lesson_id != NULL;
    int want_docs = (sources & PL_KB_DOCUMENT) != 0 && f->owner != NULL && f->lesson_id == NULL;
    PL_CHECK_INT(
        sqlite3_prepare_v2(db,
                           "SELECT p.source, p.lesson_id, p.section, p.document_id, p.chunk_id,"
                           " " KB_RANK_BM25("passages_fts") ", pl_kb_matches(passages_fts)"
                           " FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid"
                           " WHERE passages_fts MATCH ?1"
                           " AND ((?2 AND p.source = 1 AND (?3 IS NULL OR p.lesson_id = ?3))"
                           "  OR (?4 AND p.source = 2 AND p.owner = ?5))"
                           " ORDER BY " KB_RANK_BM25("passages_fts") " LIMIT 64",
                           -1, &st, NULL),
        ==, SQLITE_OK);
    sqlite3_bind_text(st, 1, all.data, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, want_lessons);
    sqlite3_bind_text(st, 3, f->lesson_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, want_docs);
    sqlite3_bind_text(st, 5, f->owner, -1, SQLITE_STATIC);
    ref_hit_t c[64];
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && n < 64) {
        ref_hit_t *x = &c[n];
        memset(x, 0, sizeof(*x));
        x->source = sqlite3_column_int(st, 0);
        const char *lid = (const char *)sqlite3_column_text(st, 1);
        if (x->source == PL_KB_LESSON && pl_kb_lesson_get(kb, lid) == NULL)
            continue;
        snprintf(x->lesson_id, sizeof(x->lesson_id), "%s", lid ? lid : "");
        x->section = x->source == PL_KB_LESSON ? sqlite3_column_int(st, 2) : -1;
        const char *did = (const char *)sqlite3_column_text(st, 3);
        const char *cid = (const char *)sqlite3_column_text(st, 4);
        snprintf(x->document_id, sizeof(x->document_id), "%s", did ? did : "");
        snprintf(x->chunk_id, sizeof(x->chunk_id), "%s", cid ? cid : "");
        double bm = -sqlite3_column_double(st, 5);
        if (bm < 0)
            bm = 0;
        sqlite3_int64 bits = sqlite3_column_int64(st, 6);
        double tw = 0, hit = 0, fhit = 0;
        for (int i = 0; i < nt; i++) {
            tw += weight[i];
            sqlite3_int64 m = ((sqlite3_int64)3) << (2 * i);
            if (bits & m)
                hit += weight[i];
            if ((bits >> 32) & m)
                fhit += weight[i];
        }
        double any = tw > 0 ? hit / tw : 0, fields = tw > 0 ? fhit / tw : 0;
        x->score = 0.6 * any + 0.2 * fields + 0.2 * (bm / (bm + 8.0));
        if (x->score > 1)
            x->score = 1;
        x->order = n;
        n++;
    }
    sqlite3_finalize(st);
    pl_buf_free(&e);
    pl_buf_free(&all);
    qsort(c, n, sizeof(*c), cmp_ref);
    int k = 0;
    for (; k < (int)n && k < max; k++)
        out[k] = c[k];
    return k;
}

static const char *const queries[] = {
    "how does the water cycle work",
    "why does water evaporate from the sea",
    "what is the discriminant of a quadratic",
    "how do you use the quadratic formula",
    "which gas do plants give off",
    "chlorophyll chloroplasts light",
    "mitochondria respiration glucose energy",
    "when did the harappan cities decline",
    "evaporaton of watter", /* misspelt */
    "the river mouth sediment",
    "cafe valley",
    "volcanoes magma crust",
    "use",
    "x",
    "what is the capital city of france",
};
#define N_QUERIES (sizeof(queries) / sizeof(queries[0]))

/* Every query, for each owner and filter, against the reference; returns the hits seen. */
static int check_against_reference(pl_kb_t *kb, const char *path, const char *const *owners,
                                   int n_owners)
{
    sqlite3 *db = NULL;
    PL_CHECK_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    PL_CHECK_INT(kb_rank_register(db), ==, 0);
    int seen = 0;
    for (size_t q = 0; q < N_QUERIES; q++) {
        for (int o = 0; o < n_owners; o++) {
            pl_kb_filter_t fs[2] = {{PL_KB_LESSON | PL_KB_DOCUMENT, NULL, owners[o]},
                                    {PL_KB_DOCUMENT, NULL, owners[o]}};
            for (int k = 0; k < 2; k++) {
                ref_hit_t want[12];
                pl_kb_hit_t got[12];
                int nw = ref_search(kb, db, queries[q], &fs[k], want, 12);
                int ng = pl_kb_search(kb, queries[q], &fs[k], got, 12);
                PL_CHECK_INT(ng, ==, nw);
                for (int i = 0; i < ng && i < nw; i++) {
                    int same = got[i].source == (pl_kb_source_t)want[i].source &&
                               got[i].score == want[i].score;
                    if (got[i].source == PL_KB_LESSON)
                        same = same && strcmp(got[i].lesson_id, want[i].lesson_id) == 0 &&
                               got[i].section == want[i].section;
                    else
                        same = same && strcmp(got[i].document_id, want[i].document_id) == 0 &&
                               strcmp(got[i].chunk_id, want[i].chunk_id) == 0 &&
                               strncmp(got[i].filename, owners[o], strlen(owners[o])) == 0;
                    if (!same)
                        fprintf(stderr, "  \"%s\" (%s, %d) #%d: got %s%s %.17g, want %s%s %.17g\n",
                                queries[q], owners[o], k, i,
                                got[i].lesson_id ? got[i].lesson_id : "",
                                got[i].chunk_id ? got[i].chunk_id : "", got[i].score,
                                want[i].lesson_id, want[i].chunk_id, want[i].score);
                    PL_CHECK(same);
                    seen++;
                }
            }
        }
    }
    sqlite3_close(db);
    return seen;
}

static pl_kb_t *open_file(const char *dir, char *path, size_t cap)
{
    snprintf(path, cap, "%s/knowledge.db", dir);
    pl_kb_t *kb = NULL;
    PL_CHECK_INT(pl_kb_open(&kb, path), ==, 0);
    return kb;
}

static void remove_dir(const char *dir)
{
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    PL_CHECK_INT(system(cmd), ==, 0);
}

PL_TEST(document_search_equals_the_original)
{
    char dir[] = "/tmp/pl-kb-index-XXXXXX";
    PL_CHECK(mkdtemp(dir) != NULL);
    char path[256];
    pl_kb_t *kb = open_file(dir, path, sizeof(path));
    if (kb == NULL)
        return;
    PL_CHECK_INT(pl_kb_load_lessons(kb, fixtures_dir()), ==, 4);
    static const char *const owners[] = {"alice", "bob", "carol"};
    char ids[40][40];
    for (int i = 0; i < 40; i++)
        PL_CHECK_INT(add_generated(kb, owners[i % 3], i, ids[i]), ==, 0);
    PL_CHECK(check_against_reference(kb, path, owners, 3) > 500);

    /* deletes in the middle and at the end (whose rowids the next adds take again) */
    for (int i = 5; i < 40; i += 7)
        PL_CHECK_INT(pl_kb_doc_delete(kb, owners[i % 3], ids[i]), ==, 0);
    PL_CHECK_INT(pl_kb_doc_delete(kb, owners[39 % 3], ids[39]), ==, 0);
    PL_CHECK_INT(pl_kb_doc_delete(kb, owners[38 % 3], ids[38]), ==, 0);
    for (int i = 40; i < 46; i++) {
        char id[40];
        PL_CHECK_INT(add_generated(kb, owners[(i * 2) % 3], i, id), ==, 0);
    }
    check_against_reference(kb, path, owners, 3);

    /* the lessons again (their rows move), then reopened: the maps are read back */
    PL_CHECK_INT(pl_kb_load_lessons(kb, fixtures_dir()), ==, 4);
    check_against_reference(kb, path, owners, 3);
    pl_kb_close(kb);
    kb = open_file(dir, path, sizeof(path));
    if (kb != NULL) {
        PL_CHECK_INT(pl_kb_load_lessons(kb, fixtures_dir()), ==, 4);
        check_against_reference(kb, path, owners, 3);
        char id[40];
        PL_CHECK_INT(add_generated(kb, "dave", 99, id), ==, 0);
        static const char *const all[] = {"alice", "bob", "carol", "dave", "nobody"};
        check_against_reference(kb, path, all, 5);
        pl_kb_close(kb);
    }
    /* documents only, before any lessons are loaded (a restart's first moments) */
    kb = open_file(dir, path, sizeof(path));
    if (kb != NULL) {
        static const char *const some[] = {"alice", "dave"};
        check_against_reference(kb, path, some, 2);
        pl_kb_close(kb);
    }
    remove_dir(dir);
}

/* The hits and weights a lessons-only search gives, as text. */
static void lesson_answers(pl_kb_t *kb, pl_buf_t *out)
{
    pl_buf_reset(out);
    for (size_t q = 0; q < N_QUERIES; q++) {
        pl_kb_hit_t h[8];
        pl_kb_filter_t fs[2] = {{PL_KB_LESSON, NULL, NULL}, {0, "the-water-cycle", NULL}};
        for (int k = 0; k < 2; k++) {
            int n = pl_kb_search(kb, queries[q], &fs[k], h, 8);
            for (int i = 0; i < n; i++)
                pl_buf_appendf(out, "%s/%d/%a ", h[i].lesson_id, h[i].section, h[i].score);
            pl_buf_append_str(out, "\n");
        }
        pl_kb_term_t t[8];
        int n = pl_kb_query_terms(kb, queries[q], t, 8);
        for (int i = 0; i < n; i++)
            pl_buf_appendf(out, "%s/%a ", t[i].word, t[i].weight);
        pl_kb_lesson_match_t m[4];
        n = pl_kb_find_lessons(kb, queries[q], m, 4);
        for (int i = 0; i < n; i++)
            pl_buf_appendf(out, "%s/%a ", m[i].lesson->id, m[i].score);
        pl_buf_append_str(out, "\n");
    }
}

PL_TEST(lessons_search_is_not_moved_by_documents)
{
    pl_kb_t *kb = NULL;
    PL_CHECK_INT(pl_kb_open(&kb, ":memory:"), ==, 0);
    if (kb == NULL)
        return;
    PL_CHECK_INT(pl_kb_load_lessons(kb, fixtures_dir()), ==, 4);
    pl_buf_t before = PL_BUF_INIT(0), after = PL_BUF_INIT(0);
    lesson_answers(kb, &before);
    PL_CHECK(before.len > 500);
    char ids[30][40];
    for (int i = 0; i < 30; i++)
        PL_CHECK_INT(add_generated(kb, i % 2 ? "alice" : "bob", i, ids[i]), ==, 0);
    lesson_answers(kb, &after);
    PL_CHECK(before.len == after.len && memcmp(before.data, after.data, before.len) == 0);
    /* while a documents search does see them */
    pl_kb_hit_t h[8];
    pl_kb_filter_t f = {PL_KB_LESSON | PL_KB_DOCUMENT, NULL, "alice"};
    int n = pl_kb_search(kb, "mitochondria respiration", &f, h, 8), docs = 0;
    for (int i = 0; i < n; i++)
        docs += h[i].source == PL_KB_DOCUMENT;
    PL_CHECK(docs > 0);
    /* and weighs the words over everything */
    pl_kb_term_t lt[2], dt[2];
    PL_CHECK_INT(pl_kb_query_terms(kb, "water", lt, 2), ==, 1);
    PL_CHECK_INT(pl_kb_query_terms_in(kb, "water", &f, dt, 2), ==, 1);
    PL_CHECK(lt[0].weight != dt[0].weight);
    for (int i = 0; i < 30; i += 2)
        PL_CHECK_INT(pl_kb_doc_delete(kb, i % 2 ? "alice" : "bob", ids[i]), ==, 0);
    lesson_answers(kb, &after);
    PL_CHECK(before.len == after.len && memcmp(before.data, after.data, before.len) == 0);
    pl_buf_free(&before);
    pl_buf_free(&after);
    pl_kb_close(kb);
}

/* ---------------------------------------------------------------------- */
/* Spelling correction                                                    */

typedef struct vword {
    char w[64];
    int df;
} vword_t;

/* What the correction must be: the nearest word (edit distance 1, or 2 from eight
 * letters), the commoner on a tie, the first in order on a tie of both; none when the
 * word is indexed or starts an indexed word. */
static const char *brute_correct(const vword_t *v, size_t n, const char *w)
{
    size_t len = strlen(w);
    for (size_t i = 0; i < n; i++)
        if (strncmp(v[i].w, w, len) == 0)
            return NULL;
    int max = len >= 8 ? 2 : 1, best_d = max + 1, best_df = 0;
    const char *best = NULL;
    for (size_t i = 0; i < n; i++) {
        size_t vl = strlen(v[i].w);
        if (vl < 3)
            continue;
        int d = kb_edit_distance(w, len, v[i].w, vl, max);
        if (d > max)
            continue;
        if (d < best_d || (d == best_d && v[i].df > best_df)) {
            best = v[i].w;
            best_d = d;
            best_df = v[i].df;
        }
    }
    return best;
}

PL_TEST(spelling_correction_equals_brute_force)
{
    char dir[] = "/tmp/pl-kb-spell-XXXXXX";
    PL_CHECK(mkdtemp(dir) != NULL);
    char path[256];
    pl_kb_t *kb = open_file(dir, path, sizeof(path));
    if (kb == NULL)
        return;
    PL_CHECK_INT(pl_kb_load_lessons(kb, fixtures_dir()), ==, 4);
    char id[40];
    PL_CHECK_INT(add_generated(kb, "alice", 1, id), ==, 0);
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    PL_CHECK_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    PL_CHECK_INT(sqlite3_prepare_v2(db, "SELECT term, df FROM terms ORDER BY term", -1, &st, NULL),
                 ==, SQLITE_OK);
    vword_t *v = pl_calloc(4096, sizeof(*v));
    size_t n = 0;
    while (n < 4096 && sqlite3_step(st) == SQLITE_ROW) {
        snprintf(v[n].w, sizeof(v[n].w), "%s", (const char *)sqlite3_column_text(st, 0));
        v[n].df = sqlite3_column_int(st, 1);
        n++;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    PL_CHECK(n > 200);
    int checked = 0, corrected = 0;
    for (size_t i = 0; i < n; i += 3) {
        size_t len = strlen(v[i].w);
        if (len < 5 || strspn(v[i].w, "abcdefghijklmnopqrstuvwxyz") != len)
            continue;
        char typo[5][72];
        snprintf(typo[0], sizeof(typo[0]), "%.*s%s", (int)(len / 2), v[i].w, v[i].w + len / 2 + 1);
        snprintf(typo[1], sizeof(typo[1]), "%s", v[i].w);
        typo[1][1] = v[i].w[2];
        typo[1][2] = v[i].w[1];
        snprintf(typo[2], sizeof(typo[2]), "%s", v[i].w);
        typo[2][len - 2] = 'q';
        snprintf(typo[3], sizeof(typo[3]), "%.*sz%s", (int)(len - 1), v[i].w, v[i].w + len - 1);
        snprintf(typo[4], sizeof(typo[4]), "%s", v[i].w);
        typo[4][0] = 'x';
        typo[4][len - 1] = 'k';
        for (int k = 0; k < 5; k++) {
            pl_kb_term_t t[1];
            if (pl_kb_query_terms(kb, typo[k], t, 1) != 1 || kb_is_stop_word(typo[k], len))
                continue;
            const char *want = brute_correct(v, n, typo[k]);
            const char *got = t[0].correction;
            if ((want == NULL) != (got == NULL) || (want && strcmp(want, got) != 0))
                fprintf(stderr, "  %s: got %s, want %s\n", typo[k], got ? got : "-",
                        want ? want : "-");
            PL_CHECK((want == NULL) == (got == NULL) && (want == NULL || strcmp(want, got) == 0));
            checked++;
            corrected += got != NULL;
        }
    }
    PL_CHECK(checked > 200);
    PL_CHECK(corrected > 100);
    pl_free(v);
    pl_kb_close(kb);
    remove_dir(dir);
}

PL_TEST_MAIN(PL_TEST_ENTRY(document_search_equals_the_original),
             PL_TEST_ENTRY(lessons_search_is_not_moved_by_documents),
             PL_TEST_ENTRY(spelling_correction_equals_brute_force))
