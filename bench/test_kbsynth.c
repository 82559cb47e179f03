/*
 * test_kbsynth.c - unit tests of the synthetic study documents
 * (kbsynth.c): the page count and document sizes added, pages that are
 * sentences of UTF-8 text, the same pages for the same seed, and documents
 * the knowledge base's searches reach (for their owner only) with the
 * curriculum's words. Needs the lessons: $PARLEY_SOURCE_DIR/data/lessons.
 */
#include "kbsynth.h"

#include "parley/error.h"
#include "parley/log.h"
#include "parley/mem.h"
#include "pl_test.h"

static pl_kb_t *open_with_lessons(void)
{
    const char *src = getenv("PARLEY_SOURCE_DIR");
    char dir[4096];
    pl_kb_t *kb = NULL;
    pl_log_setup(PL_LOG_ERROR, PL_LOG_TEXT); /* one line per document added otherwise */
    snprintf(dir, sizeof(dir), "%s/data/lessons", src ? src : ".");
    if (pl_kb_open(&kb, ":memory:") != 0)
        return NULL;
    if (pl_kb_load_lessons(kb, dir) <= 0) {
        pl_kb_close(kb);
        return NULL;
    }
    return kb;
}

typedef struct docs {
    size_t n, pages, chunks, small;
} docs_t;

static int count_doc(const pl_kb_doc_t *d, void *ud)
{
    docs_t *c = ud;
    c->n++;
    c->pages += (size_t)d->pages;
    c->chunks += (size_t)d->chunks;
    if (d->pages < 3)
        c->small++;
    return 0;
}

PL_TEST(fill_adds_the_pages_asked)
{
    pl_kb_t *kb = open_with_lessons();
    lg_kbsynth_t *s = NULL;
    lg_kbsynth_stats_t st;
    docs_t d = {0, 0, 0, 0};
    PL_CHECK(kb != NULL);
    if (kb == NULL)
        return;
    PL_CHECK_INT(lg_kbsynth_new(&s, kb, 7), ==, 0);
    PL_CHECK_INT(lg_kbsynth_fill(s, kb, "u1", 60, &st), ==, 0);
    PL_CHECK_INT(st.pages, ==, 60);
    PL_CHECK_INT(st.documents, >=, 3);
    PL_CHECK_INT(st.documents, <=, 20);
    PL_CHECK_INT(st.bytes, >=, 60 * 1800);
    pl_kb_doc_list(kb, "u1", count_doc, &d);
    PL_CHECK_INT(d.n, ==, st.documents);
    PL_CHECK_INT(d.pages, ==, 60);
    PL_CHECK_INT(d.chunks, >=, 60 * 2);
    PL_CHECK_INT(d.small, <=, 1); /* only the last document may be cut short */
    lg_kbsynth_free(s);
    pl_kb_close(kb);
}

typedef struct lesson_ids {
    char id[3][128];
    size_t n;
} lesson_ids_t;

/* The lessons the first documents follow: their file names start with the lesson id. */
static int doc_lesson(const pl_kb_doc_t *d, void *ud)
{
    lesson_ids_t *l = ud;
    const char *cut = NULL, *kinds[] = {"-notes-", "-summary-", "-handout-"};
    for (size_t i = 0; i < 3 && cut == NULL; i++)
        cut = strstr(d->filename, kinds[i]);
    if (cut == NULL || (size_t)(cut - d->filename) >= sizeof(l->id[0]))
        return 0;
    for (size_t i = 0; i < l->n; i++)
        if (strncmp(l->id[i], d->filename, (size_t)(cut - d->filename)) == 0 &&
            l->id[i][cut - d->filename] == '\0')
            return 0;
    memcpy(l->id[l->n], d->filename, (size_t)(cut - d->filename));
    l->id[l->n][cut - d->filename] = '\0';
    return ++l->n == 3;
}

PL_TEST(documents_are_found_by_curriculum_words)
{
    pl_kb_t *kb = open_with_lessons();
    lg_kbsynth_t *s = NULL;
    pl_kb_hit_t hits[8];
    lesson_ids_t ids;
    PL_CHECK(kb != NULL);
    if (kb == NULL)
        return;
    memset(&ids, 0, sizeof(ids));
    PL_CHECK_INT(lg_kbsynth_new(&s, kb, 1), ==, 0);
    PL_CHECK_INT(lg_kbsynth_fill(s, kb, "u1", 200, NULL), ==, 0);
    pl_kb_doc_list(kb, "u1", doc_lesson, &ids);
    PL_CHECK_INT(ids.n, ==, 3);
    for (size_t i = 0; i < ids.n; i++) {
        /* ask with the lesson's own words: its title and keywords */
        const pl_kb_lesson_t *l = pl_kb_lesson_get(kb, ids.id[i]);
        char q[512];
        PL_CHECK(l != NULL);
        if (l == NULL)
            continue;
        snprintf(q, sizeof(q), "%s", l->title);
        for (size_t k = 0; k < l->n_keywords && k < 4; k++) {
            strncat(q, " ", sizeof(q) - strlen(q) - 1);
            strncat(q, l->keywords[k], sizeof(q) - strlen(q) - 1);
        }
        pl_kb_filter_t mine = {PL_KB_LESSON | PL_KB_DOCUMENT, NULL, "u1"};
        pl_kb_filter_t other = {PL_KB_LESSON | PL_KB_DOCUMENT, NULL, "u2"};
        pl_kb_filter_t lessons = {PL_KB_LESSON, NULL, NULL};
        int n = pl_kb_search(kb, q, &mine, hits, 8), docs = 0;
        for (int k = 0; k < n; k++)
            docs += hits[k].source == PL_KB_DOCUMENT;
        if (docs == 0)
            fprintf(stderr, "  no document among the hits of \"%s\"\n", q);
        PL_CHECK_INT(docs, >, 0);
        n = pl_kb_search(kb, q, &other, hits, 8);
        for (int k = 0; k < n; k++)
            PL_CHECK(hits[k].source == PL_KB_LESSON);
        n = pl_kb_search(kb, q, &lessons, hits, 8);
        PL_CHECK_INT(n, >, 0);
        for (int k = 0; k < n; k++)
            PL_CHECK(hits[k].source == PL_KB_LESSON);
    }
    lg_kbsynth_free(s);
    pl_kb_close(kb);
}

static int utf8_ok(const char *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)p[i];
        size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (k == 0 || i + k > n)
            return 0;
        for (size_t j = 1; j < k; j++)
            if (((unsigned char)p[i + j] & 0xc0) != 0x80)
                return 0;
        i += k;
    }
    return 1;
}

PL_TEST(pages_are_sentences_and_reproducible)
{
    pl_kb_t *kb = open_with_lessons();
    lg_kbsynth_t *a = NULL, *b = NULL, *c = NULL;
    PL_CHECK(kb != NULL);
    if (kb == NULL)
        return;
    PL_CHECK_INT(lg_kbsynth_new(&a, kb, 42), ==, 0);
    PL_CHECK_INT(lg_kbsynth_new(&b, kb, 42), ==, 0);
    PL_CHECK_INT(lg_kbsynth_new(&c, kb, 43), ==, 0);
    int differ = 0;
    for (size_t i = 0; i < 5; i++) {
        size_t na, nb, nc;
        char *pa = lg_kbsynth_page(a, i, 2000, &na);
        char *pb = lg_kbsynth_page(b, i, 2000, &nb);
        char *pc = lg_kbsynth_page(c, i, 2000, &nc);
        PL_CHECK(na == nb && memcmp(pa, pb, na) == 0);
        differ |= na != nc || memcmp(pa, pc, na) != 0;
        PL_CHECK_INT(na, >=, 2000);
        PL_CHECK_INT(na, <, 2000 + 2000);
        PL_CHECK_INT(strlen(pa), ==, na);
        PL_CHECK(utf8_ok(pa, na));
        char last = pa[na - 1];
        PL_CHECK(last == '.' || last == '?' || last == '!' || last == '"' || last == ')' ||
                 last == '\'');
        /* the page follows its lesson: its title heads it */
        const pl_kb_lesson_t *l = pl_kb_lesson_at(kb, i);
        PL_CHECK(l != NULL && strncmp(pa, l->title, strlen(l->title)) == 0);
        pl_free(pa);
        pl_free(pb);
        pl_free(pc);
    }
    PL_CHECK(differ);
    lg_kbsynth_free(a);
    lg_kbsynth_free(b);
    lg_kbsynth_free(c);
    pl_kb_close(kb);
}

PL_TEST(no_lessons_no_generator)
{
    pl_kb_t *kb = NULL;
    lg_kbsynth_t *s = NULL;
    PL_CHECK_INT(pl_kb_open(&kb, ":memory:"), ==, 0);
    PL_CHECK_INT(lg_kbsynth_new(&s, kb, 1), ==, PL_ERR_NOT_FOUND);
    PL_CHECK(s == NULL);
    pl_kb_close(kb);
}

PL_TEST_MAIN(PL_TEST_ENTRY(fill_adds_the_pages_asked),
             PL_TEST_ENTRY(documents_are_found_by_curriculum_words),
             PL_TEST_ENTRY(pages_are_sentences_and_reproducible),
             PL_TEST_ENTRY(no_lessons_no_generator))
