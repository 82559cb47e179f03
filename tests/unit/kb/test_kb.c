/*
 * test_kb.c - the knowledge base: search ranking over the fixture lessons
 * (word forms, stop words, title weight, misspellings, normalised scores,
 * filters), lesson finding by topic, sentence splitting, the chunker, and
 * documents (add / list / delete, ownership, persistence, rollback of a
 * failed import).
 */
#include "pl_test.h"

#include "kb/kb_int.h"
#include "parley/error.h"
#include "parley/kb.h"
#include "parley/mem.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pl_kb_t *open_fixtures(void)
{
    const char *src = getenv("PARLEY_SOURCE_DIR");
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/tests/unit/kb/fixtures/lessons", src ? src : ".");
    pl_kb_t *kb = NULL;
    PL_CHECK_INT(pl_kb_open(&kb, ":memory:"), ==, 0);
    if (kb == NULL)
        return NULL;
    int n = pl_kb_load_lessons(kb, dir);
    PL_CHECK_INT(n, ==, 4); /* a missing fixture folder fails every test that needs it */
    if (n != 4) {
        pl_kb_close(kb);
        return NULL;
    }
    return kb;
}

/* The lesson of the best hit, or "" */
static const char *top_lesson(pl_kb_t *kb, const char *q)
{
    static char id[128];
    pl_kb_hit_t hits[8];
    int n = pl_kb_search(kb, q, NULL, hits, 8);
    snprintf(id, sizeof(id), "%s", n > 0 && hits[0].lesson_id ? hits[0].lesson_id : "");
    return id;
}

PL_TEST(search_ranks_the_right_lesson)
{
    pl_kb_t *kb = open_fixtures();
    if (kb == NULL)
        return;
    PL_CHECK_STR(top_lesson(kb, "which gas do plants give off when they make food"),
                 "photosynthesis");
    PL_CHECK_STR(top_lesson(kb, "when did the harappan cities decline"),
                 "indus-valley-civilisation");
    /* word forms: "declining", "factorise" */
    PL_CHECK_STR(top_lesson(kb, "why were the cities declining"), "indus-valley-civilisation");
    PL_CHECK_STR(top_lesson(kb, "how do you factorise a quadratic"), "quadratic-equations");
    PL_CHECK_STR(top_lesson(kb, "what makes clouds form"), "the-water-cycle");

    pl_kb_hit_t hits[16];
    int n = pl_kb_search(kb, "discriminant", NULL, hits, 16);
    PL_CHECK_INT(n, >=, 2);
    for (int i = 0; i < n; i++) {
        PL_CHECK(hits[i].score >= 0 && hits[i].score <= 1);
        PL_CHECK(hits[i].source == PL_KB_LESSON);
        PL_CHECK_STR(hits[i].lesson_id, "quadratic-equations");
        PL_CHECK_STR(hits[i].title, "Quadratic equations");
        if (i > 0)
            PL_CHECK(hits[i].score <= hits[i - 1].score);
    }
    /* the section that explains it comes before the key facts */
    PL_CHECK_INT(hits[0].section, ==, 2);
    PL_CHECK_CONTAINS(hits[0].text, "is called the discriminant");

    /* the key facts are a passage of their own (section -1) */
    n = pl_kb_search(kb, "Daya Ram Sahni 1921", NULL, hits, 16);
    int facts = 0;
    for (int i = 0; i < n; i++)
        facts += hits[i].section == -1;
    PL_CHECK_INT(facts, ==, 1);
    PL_CHECK_INT(hits[0].section, ==, -1); /* only the key facts hold 1921 */
    pl_kb_close(kb);
}

PL_TEST(stop_words_and_empty_queries)
{
    pl_kb_t *kb = open_fixtures();
    if (kb == NULL)
        return;
    pl_kb_hit_t hits[4];
    PL_CHECK_INT(pl_kb_search(kb, "what is the", NULL, hits, 4), ==, 0);
    PL_CHECK_INT(pl_kb_search(kb, "", NULL, hits, 4), ==, 0);
    PL_CHECK_INT(pl_kb_search(kb, NULL, NULL, hits, 4), ==, 0);
    PL_CHECK_INT(pl_kb_search(kb, "?!...\"'*()", NULL, hits, 4), ==, 0);
    /* FTS5 syntax in a query is only text */
    PL_CHECK_INT(pl_kb_search(kb, "NOT AND OR NEAR( \"photo* {title}: ^x", NULL, hits, 4), >=, 0);
    PL_CHECK_STR(pl_kb_last_error(kb), "");
    /* symbols and emoji only */
    PL_CHECK_INT(pl_kb_search(kb, "\xF0\x9F\x98\x80 \xE2\x80\x94", NULL, hits, 4), ==, 0);
    pl_kb_term_t t[8];
    PL_CHECK_INT(pl_kb_query_terms(kb, "What is the water cycle, please?", t, 8), ==, 2);
    PL_CHECK_STR(t[0].word, "water");
    PL_CHECK_STR(t[1].word, "cycle");
    pl_kb_close(kb);
}

PL_TEST(titles_weigh_more_than_body)
{
    char dir[] = "/tmp/pl-kb-title-XXXXXX";
    PL_CHECK(mkdtemp(dir) != NULL);
    char p1[256], p2[256];
    snprintf(p1, sizeof(p1), "%s/volcanoes.md", dir);
    snprintf(p2, sizeof(p2), "%s/mountains.md", dir);
    FILE *f = fopen(p1, "w");
    fputs("# Volcanoes\nsubject: geography\nlevel: primary\nkeywords: lava, magma\n\n"
          "## Openings in the crust\nAn opening in the crust lets hot rock escape.\n\n"
          "## Key facts\n- Hot rock at the surface is lava.\n\n"
          "## Questions\nQ: What is hot rock at the surface called?\nA: Lava\n", f);
    fclose(f);
    f = fopen(p2, "w");
    fputs("# Mountains\nsubject: geography\nlevel: primary\nkeywords: peaks, ranges\n\n"
          "## How mountains form\nSome mountains are volcanoes, and volcanoes build mountains "
          "when volcanoes erupt again and again over many volcanoes' lives.\n\n"
          "## Key facts\n- Plates pushing together fold rock into ranges.\n\n"
          "## Questions\nQ: What folds rock into ranges?\nA: Plates pushing together\n", f);
    fclose(f);
    pl_kb_t *kb = NULL;
    PL_CHECK_INT(pl_kb_open(&kb, ":memory:"), ==, 0);
    PL_CHECK_INT(pl_kb_load_lessons(kb, dir), ==, 2);
    PL_CHECK_STR(top_lesson(kb, "volcanoes"), "volcanoes");
    PL_CHECK_STR(top_lesson(kb, "magma"), "volcanoes"); /* a keyword */
    pl_kb_close(kb);
    unlink(p1);
    unlink(p2);
    rmdir(dir);
}

PL_TEST(misspellings_are_corrected)
{
    pl_kb_t *kb = open_fixtures();
    if (kb == NULL)
        return;
    PL_CHECK_STR(top_lesson(kb, "fotosynthesis"), "photosynthesis");
    PL_CHECK_STR(top_lesson(kb, "what is chlorofyll"), "photosynthesis");
    PL_CHECK_STR(top_lesson(kb, "condensaton"), "the-water-cycle");
    PL_CHECK_STR(top_lesson(kb, "harapa"), "indus-valley-civilisation");
    PL_CHECK_STR(top_lesson(kb, "descriminant"), "quadratic-equations");
    pl_kb_term_t t[4];
    PL_CHECK_INT(pl_kb_query_terms(kb, "the evaporaton of water", t, 4), ==, 2);
    PL_CHECK_STR(t[0].word, "evaporaton");
    PL_CHECK_STR(t[0].correction, "evaporation");
    PL_CHECK(t[1].correction == NULL); /* "water" is indexed */
    PL_CHECK(t[0].weight > 0 && t[1].weight > 0);
    /* a rare word weighs more than a common one */
    PL_CHECK_INT(pl_kb_query_terms(kb, "sahni water", t, 4), ==, 2);
    PL_CHECK(t[0].weight > t[1].weight);
    /* a word that starts an indexed word is not "corrected" */
    PL_CHECK_INT(pl_kb_query_terms(kb, "photosynth", t, 4), ==, 1);
    PL_CHECK(t[0].correction == NULL);
    PL_CHECK_STR(top_lesson(kb, "photosynth"), "photosynthesis");
    /* too far from anything: no correction */
    PL_CHECK_INT(pl_kb_query_terms(kb, "xylophones", t, 4), ==, 1);
    PL_CHECK(t[0].correction == NULL);
    pl_kb_close(kb);
}

PL_TEST(scores_are_normalised_and_meaningful)
{
    pl_kb_t *kb = open_fixtures();
    if (kb == NULL)
        return;
    pl_kb_hit_t full[4], partial[4], none[4];
    int a = pl_kb_search(kb, "chlorophyll chloroplasts", NULL, full, 4);
    int b = pl_kb_search(kb, "chlorophyll bananas", NULL, partial, 4);
    PL_CHECK(a > 0 && b > 0);
    if (a > 0 && b > 0) {
        PL_CHECK(full[0].score <= 1.0 && full[0].score > 0.6);
        PL_CHECK(partial[0].score < full[0].score);
    }
    /* a question the curriculum does not cover scores low, if at all */
    int c = pl_kb_search(kb, "what is the capital city of france", NULL, none, 4);
    PL_CHECK(c == 0 || none[0].score < 0.3);
    pl_kb_close(kb);
}

PL_TEST(filters)
{
    pl_kb_t *kb = open_fixtures();
    if (kb == NULL)
        return;
    pl_kb_hit_t hits[16];
    pl_kb_filter_t f = {0};
    f.lesson_id = "photosynthesis";
    int n = pl_kb_search(kb, "water", &f, hits, 16);
    PL_CHECK_INT(n, >, 0);
    for (int i = 0; i < n; i++)
        PL_CHECK_STR(hits[i].lesson_id, "photosynthesis");
    f.lesson_id = "the-water-cycle";
    n = pl_kb_search(kb, "water", &f, hits, 16);
    PL_CHECK_INT(n, >, 0);
    for (int i = 0; i < n; i++)
        PL_CHECK_STR(hits[i].lesson_id, "the-water-cycle");
    f.lesson_id = "no-such-lesson";
    PL_CHECK_INT(pl_kb_search(kb, "water", &f, hits, 16), ==, 0);
    /* documents only, with no owner: nothing */
    pl_kb_filter_t d = {PL_KB_DOCUMENT, NULL, NULL};
    PL_CHECK_INT(pl_kb_search(kb, "water", &d, hits, 16), ==, 0);
    /* max bounds the hits */
    PL_CHECK_INT(pl_kb_search(kb, "water", NULL, hits, 2), ==, 2);
    PL_CHECK_INT(pl_kb_search(kb, "water", NULL, hits, 0), ==, 0);
    pl_kb_close(kb);
}

PL_TEST(find_lessons_by_topic)
{
    pl_kb_t *kb = open_fixtures();
    if (kb == NULL)
        return;
    pl_kb_lesson_match_t m[4];
    int n = pl_kb_find_lessons(kb, "quadratic equations", m, 4);
    PL_CHECK_INT(n, >=, 1);
    if (n >= 1) {
        PL_CHECK_STR(m[0].lesson->id, "quadratic-equations");
        PL_CHECK(m[0].score > 0.8 && m[0].score <= 1.0);
    }
    n = pl_kb_find_lessons(kb, "the water cycle", m, 4);
    PL_CHECK(n >= 1 && strcmp(m[0].lesson->id, "the-water-cycle") == 0);
    n = pl_kb_find_lessons(kb, "harappa", m, 4); /* a keyword */
    PL_CHECK(n >= 1 && strcmp(m[0].lesson->id, "indus-valley-civilisation") == 0);
    n = pl_kb_find_lessons(kb, "fotosynthesis", m, 4); /* misspelt */
    PL_CHECK(n >= 1 && strcmp(m[0].lesson->id, "photosynthesis") == 0);
    n = pl_kb_find_lessons(kb, "indus valley civilization", m, 4); /* US spelling */
    PL_CHECK(n >= 1 && strcmp(m[0].lesson->id, "indus-valley-civilisation") == 0);
    /* an unknown topic matches weakly, if at all */
    n = pl_kb_find_lessons(kb, "the french revolution", m, 4);
    PL_CHECK(n == 0 || m[0].score < 0.5);
    pl_kb_close(kb);
}

PL_TEST(sentences)
{
    const char *t = "Dr. Smith went home. He slept! Did he? Yes, e.g. at 3.14 pm. "
                    "J. K. Rowling wrote books.\nA new line without a stop\n\n  (Brackets.) End";
    pl_kb_span_t s[16];
    size_t n = pl_kb_sentences(t, strlen(t), s, 16);
    const char *want[] = {"Dr. Smith went home.", "He slept!", "Did he?",
                          "Yes, e.g. at 3.14 pm.", "J. K. Rowling wrote books.",
                          "A new line without a stop", "(Brackets.)", "End"};
    PL_CHECK_INT(n, ==, 8);
    for (size_t i = 0; i < n && i < 8; i++) {
        char buf[128];
        snprintf(buf, sizeof(buf), "%.*s", (int)(s[i].end - s[i].start), t + s[i].start);
        PL_CHECK_STR(buf, want[i]);
    }
    /* max smaller than the count: the count is still returned */
    PL_CHECK_INT(pl_kb_sentences(t, strlen(t), s, 2), ==, 8);
    PL_CHECK_INT(pl_kb_sentences("   \n ", 5, s, 16), ==, 0);
}

PL_TEST(edit_distance)
{
    PL_CHECK_INT(kb_edit_distance("photo", 5, "photo", 5, 2), ==, 0);
    PL_CHECK_INT(kb_edit_distance("fotosynthesis", 13, "photosynthesis", 14, 2), ==, 2);
    PL_CHECK_INT(kb_edit_distance("teh", 3, "the", 3, 1), ==, 1); /* a transposition */
    PL_CHECK_INT(kb_edit_distance("abc", 3, "xyz", 3, 1), ==, 2); /* capped at max + 1 */
}

PL_TEST(chunker_pages_and_sentences)
{
    /* three pages of numbered sentences, about 2400 bytes */
    pl_buf_t pg[3] = {PL_BUF_INIT(0), PL_BUF_INIT(0), PL_BUF_INIT(0)};
    for (int p = 0; p < 3; p++)
        for (int i = 0; i < 20; i++)
            pl_buf_appendf(&pg[p], "Sentence %d on page %d says something useful.   \n", i,
                           p + 1);
    pl_kb_page_t pages[3];
    for (int p = 0; p < 3; p++) {
        pages[p].number = p + 1;
        pages[p].text = pg[p].data;
        pages[p].len = pg[p].len;
    }
    kb_chunk_t *c = NULL;
    size_t n = kb_chunk_pages(pages, 3, &c);
    PL_CHECK_INT(n, >=, 3);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        PL_CHECK_INT(c[i].len, <=, KB_CHUNK_MAX);
        if (i + 1 < n)
            PL_CHECK_INT(c[i].len, >=, KB_CHUNK_TARGET);
        /* a chunk ends at a sentence end, and white space is collapsed */
        PL_CHECK(c[i].text[c[i].len - 1] == '.');
        PL_CHECK(strstr(c[i].text, "  ") == NULL && strchr(c[i].text, '\n') == NULL);
        PL_CHECK(c[i].page_start >= 1 && c[i].page_end <= 3 && c[i].page_start <= c[i].page_end);
        total += c[i].len;
    }
    PL_CHECK_INT(c[0].page_start, ==, 1);
    PL_CHECK_INT(c[n - 1].page_end, ==, 3);
    PL_CHECK_INT(total, >, 0);
    /* some chunk spans a page break */
    int spans = 0;
    for (size_t i = 0; i < n; i++)
        spans += c[i].page_end > c[i].page_start;
    PL_CHECK_INT(spans, >=, 1);
    /* the first chunk of page 2's text says which page it is on */
    for (size_t i = 0; i < n; i++) {
        const char *p2 = strstr(c[i].text, "Sentence 0 on page 2");
        if (p2 == c[i].text)
            PL_CHECK_INT(c[i].page_start, ==, 2);
    }
    kb_chunks_free(c, n);

    /* one long run with no sentence end and no space is cut at code points */
    pl_buf_t big = PL_BUF_INIT(0);
    for (int i = 0; i < 1500; i++)
        pl_buf_append_str(&big, "\xC3\xA9"); /* é */
    pl_kb_page_t one = {0, big.data, big.len};
    n = kb_chunk_pages(&one, 1, &c);
    PL_CHECK_INT(n, ==, 3);
    for (size_t i = 0; i < n; i++) {
        PL_CHECK_INT(c[i].len, <=, KB_CHUNK_MAX);
        PL_CHECK(kb_utf8_valid(c[i].text, c[i].len, NULL));
        PL_CHECK_INT(c[i].page_start, ==, 0);
    }
    kb_chunks_free(c, n);
    pl_buf_free(&big);

    /* no pages, or only white space: no chunk */
    PL_CHECK_INT(kb_chunk_pages(NULL, 0, &c), ==, 0);
    kb_chunks_free(c, 0);
    pl_kb_page_t blank = {1, "  \n\n \t", 6};
    PL_CHECK_INT(kb_chunk_pages(&blank, 1, &c), ==, 0);
    kb_chunks_free(c, 0);
    for (int p = 0; p < 3; p++)
        pl_buf_free(&pg[p]);
}

typedef struct listed {
    int n;
    char ids[8][40];
    char names[8][64];
    int pages[8], chunks[8];
} listed_t;

static int list_cb(const pl_kb_doc_t *d, void *ud)
{
    listed_t *l = ud;
    if (l->n < 8) {
        snprintf(l->ids[l->n], 40, "%s", d->id);
        snprintf(l->names[l->n], 64, "%s", d->filename);
        l->pages[l->n] = d->pages;
        l->chunks[l->n] = d->chunks;
    }
    l->n++;
    return 0;
}

static const char *const doc_pages[] = {
    "Mitochondria are the powerhouses of the cell. They release energy from glucose in a "
    "process called respiration.",
    "Ribosomes build proteins. The nucleus holds the genetic material of the cell.",
};

static int add_doc(pl_kb_t *kb, const char *owner, const char *name, char id[40])
{
    pl_kb_page_t p[2] = {{1, doc_pages[0], strlen(doc_pages[0])},
                         {2, doc_pages[1], strlen(doc_pages[1])}};
    return pl_kb_doc_add(kb, owner, name, "application/pdf", 1234, p, 2, id);
}

PL_TEST(documents_add_list_delete_ownership)
{
    pl_kb_t *kb = open_fixtures();
    if (kb == NULL)
        return;
    char id1[40] = "", id2[40] = "";
    PL_CHECK_INT(add_doc(kb, "alice", "biology-ch3.pdf", id1), ==, 0);
    PL_CHECK_INT(strlen(id1), ==, 32);
    PL_CHECK_INT(strspn(id1, "0123456789abcdef"), ==, 32);
    PL_CHECK_INT(add_doc(kb, "alice", "second.pdf", id2), ==, 0);
    PL_CHECK(strcmp(id1, id2) != 0);

    listed_t l = {0};
    PL_CHECK_INT(pl_kb_doc_list(kb, "alice", list_cb, &l), ==, 0);
    PL_CHECK_INT(l.n, ==, 2);
    PL_CHECK_STR(l.ids[0], id2); /* newest first */
    PL_CHECK_STR(l.names[1], "biology-ch3.pdf");
    PL_CHECK_INT(l.pages[1], ==, 2);
    PL_CHECK_INT(l.chunks[1], ==, 1);
    listed_t b = {0};
    PL_CHECK_INT(pl_kb_doc_list(kb, "bob", list_cb, &b), ==, 0);
    PL_CHECK_INT(b.n, ==, 0);

    /* search: documents are seen by their owner only */
    pl_kb_hit_t hits[8];
    pl_kb_filter_t f = {PL_KB_LESSON | PL_KB_DOCUMENT, NULL, "alice"};
    int n = pl_kb_search(kb, "mitochondria respiration", &f, hits, 8);
    PL_CHECK_INT(n, ==, 2);
    if (n > 0) {
        PL_CHECK(hits[0].source == PL_KB_DOCUMENT);
        PL_CHECK(strlen(hits[0].document_id) == 32);
        PL_CHECK_CONTAINS(hits[0].chunk_id, "_c1");
        PL_CHECK(strncmp(hits[0].chunk_id, hits[0].document_id, 32) == 0);
        PL_CHECK(strcmp(hits[0].filename, "biology-ch3.pdf") == 0 ||
                 strcmp(hits[0].filename, "second.pdf") == 0);
        PL_CHECK_INT(hits[0].page_start, ==, 1);
        PL_CHECK_INT(hits[0].page_end, ==, 2);
        PL_CHECK(hits[0].lesson_id == NULL);
        PL_CHECK(hits[0].score > 0 && hits[0].score <= 1);
    }
    pl_kb_filter_t fb = {PL_KB_LESSON | PL_KB_DOCUMENT, NULL, "bob"};
    PL_CHECK_INT(pl_kb_search(kb, "mitochondria", &fb, hits, 8), ==, 0);
    PL_CHECK_INT(pl_kb_search(kb, "mitochondria", NULL, hits, 8), ==, 0); /* lessons only */
    /* lessons and documents together: the lessons still come */
    n = pl_kb_search(kb, "glucose", &f, hits, 8);
    int lessons = 0, docs = 0;
    for (int i = 0; i < n; i++) {
        lessons += hits[i].source == PL_KB_LESSON;
        docs += hits[i].source == PL_KB_DOCUMENT;
    }
    PL_CHECK(lessons > 0 && docs == 2);
    /* a document word is in the spelling vocabulary */
    pl_kb_term_t t[2];
    PL_CHECK_INT(pl_kb_query_terms(kb, "ribosomse", t, 2), ==, 1);
    PL_CHECK(t[0].correction != NULL && strcmp(t[0].correction, "ribosomes") == 0);

    /* delete: only the owner, only once */
    PL_CHECK_INT(pl_kb_doc_delete(kb, "bob", id1), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(pl_kb_doc_delete(kb, "alice", "0123"), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(pl_kb_doc_delete(kb, "alice", id1), ==, 0);
    PL_CHECK_INT(pl_kb_doc_delete(kb, "alice", id1), ==, PL_ERR_NOT_FOUND);
    n = pl_kb_search(kb, "mitochondria", &f, hits, 8);
    PL_CHECK_INT(n, ==, 1);
    if (n == 1)
        PL_CHECK(strncmp(hits[0].document_id, id2, 32) == 0);
    PL_CHECK_INT(pl_kb_doc_delete(kb, "alice", id2), ==, 0);
    PL_CHECK_INT(pl_kb_search(kb, "mitochondria", &f, hits, 8), ==, 0);
    listed_t e = {0};
    PL_CHECK_INT(pl_kb_doc_list(kb, "alice", list_cb, &e), ==, 0);
    PL_CHECK_INT(e.n, ==, 0);
    /* the vocabulary forgot the document's words */
    PL_CHECK_INT(pl_kb_query_terms(kb, "ribosomse", t, 2), ==, 1);
    PL_CHECK(t[0].correction == NULL);
    pl_kb_close(kb);
}

PL_TEST(documents_bad_input)
{
    pl_kb_t *kb = open_fixtures();
    if (kb == NULL)
        return;
    char id[40] = "";
    pl_kb_page_t ok = {1, "Fine text.", 10};
    pl_kb_page_t bad = {2, "Bad \xC3\x28 text.", 12};
    pl_kb_page_t two[2] = {ok, bad};
    PL_CHECK_INT(pl_kb_doc_add(kb, "alice", "x.txt", "text/plain", 10, two, 2, id), ==,
                 PL_ERR_UTF8);
    PL_CHECK_CONTAINS(pl_kb_last_error(kb), "x.txt: page 2 is not valid UTF-8");
    PL_CHECK_INT(pl_kb_doc_add(kb, "", "x.txt", "text/plain", 10, &ok, 1, id), ==,
                 PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_kb_doc_add(kb, "alice", NULL, "text/plain", 10, &ok, 1, id), ==,
                 PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_kb_doc_add(kb, "alice", "x.txt", "text/plain", 10, NULL, 1, id), ==,
                 PL_ERR_INVALID_ARGUMENT);
    listed_t l = {0};
    PL_CHECK_INT(pl_kb_doc_list(kb, "alice", list_cb, &l), ==, 0);
    PL_CHECK_INT(l.n, ==, 0);
    /* an empty document is kept, with no passage */
    PL_CHECK_INT(pl_kb_doc_add(kb, "alice", "empty.txt", "text/plain", 0, NULL, 0, id), ==, 0);
    PL_CHECK_INT(pl_kb_doc_list(kb, "alice", list_cb, &l), ==, 0);
    PL_CHECK_INT(l.n, ==, 1);
    PL_CHECK_INT(l.chunks[0], ==, 0);
    pl_kb_close(kb);
}

static int count_rows(const char *path, const char *q)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int n = -1;
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static int exec_sql(const char *path, const char *q)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open(path, &db);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, q, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

PL_TEST(documents_persist_and_roll_back)
{
    char dir[] = "/tmp/pl-kb-db-XXXXXX";
    PL_CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof(path), "%s/knowledge.db", dir);
    pl_kb_t *kb = NULL;
    PL_CHECK_INT(pl_kb_open(&kb, path), ==, 0);
    if (kb == NULL)
        return;
    char id[40];
    PL_CHECK_INT(add_doc(kb, "alice", "keep.pdf", id), ==, 0);

    /* A failure in the middle of an import (the second chunk) leaves nothing behind. */
    pl_buf_t long_page = PL_BUF_INIT(0);
    for (int i = 0; i < 40; i++)
        pl_buf_appendf(&long_page, "Zanzibarite sentence number %d fills the page. ", i);
    pl_kb_page_t p = {1, long_page.data, long_page.len};
    PL_CHECK_INT(exec_sql(path, "CREATE TRIGGER fail_c2 BEFORE INSERT ON passages"
                                " WHEN new.chunk_id LIKE '%\\_c2' ESCAPE '\\'"
                                " BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"),
                 ==, SQLITE_OK);
    char id2[40] = "";
    PL_CHECK_INT(pl_kb_doc_add(kb, "alice", "fails.txt", "text/plain", long_page.len, &p, 1, id2),
                 ==, PL_ERR_STORE);
    PL_CHECK_CONTAINS(pl_kb_last_error(kb), "injected failure");
    PL_CHECK_STR(id2, "");
    PL_CHECK_INT(count_rows(path, "SELECT count(*) FROM documents"), ==, 1);
    PL_CHECK_INT(count_rows(path, "SELECT count(*) FROM passages WHERE source = 2"), ==, 1);
    PL_CHECK_INT(count_rows(path, "SELECT count(*) FROM terms WHERE term = 'zanzibarite'"), ==, 0);
    pl_kb_hit_t hits[4];
    pl_kb_filter_t f = {PL_KB_DOCUMENT, NULL, "alice"};
    PL_CHECK_INT(pl_kb_search(kb, "zanzibarite", &f, hits, 4), ==, 0);
    /* the kb still works, and the same import goes through once the fault is gone */
    PL_CHECK_INT(exec_sql(path, "DROP TRIGGER fail_c2"), ==, SQLITE_OK);
    PL_CHECK_INT(pl_kb_doc_add(kb, "alice", "fails.txt", "text/plain", long_page.len, &p, 1, id2),
                 ==, 0);
    PL_CHECK_INT(pl_kb_search(kb, "zanzibarite", &f, hits, 4), >, 0);
    pl_kb_close(kb);

    /* Reopened: the documents are still there and searchable. */
    kb = NULL;
    PL_CHECK_INT(pl_kb_open(&kb, path), ==, 0);
    if (kb != NULL) {
        listed_t l = {0};
        pl_kb_doc_list(kb, "alice", list_cb, &l);
        PL_CHECK_INT(l.n, ==, 2);
        PL_CHECK_INT(pl_kb_search(kb, "mitochondria", &f, hits, 4), ==, 1);
        pl_kb_term_t t[1];
        PL_CHECK_INT(pl_kb_query_terms(kb, "zanzibarit", t, 1), ==, 1); /* prefix: known */
        PL_CHECK_INT(pl_kb_query_terms(kb, "zanzibaryte", t, 1), ==, 1);
        PL_CHECK(t[0].correction != NULL && strcmp(t[0].correction, "zanzibarite") == 0);
        pl_kb_close(kb);
    }
    /* A file from a newer schema is refused. */
    PL_CHECK_INT(exec_sql(path, "PRAGMA user_version = 99"), ==, SQLITE_OK);
    kb = NULL;
    PL_CHECK_INT(pl_kb_open(&kb, path), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK(kb == NULL);
    pl_buf_free(&long_page);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    PL_CHECK_INT(system(cmd), ==, 0);
}

PL_TEST_MAIN(PL_TEST_ENTRY(search_ranks_the_right_lesson), PL_TEST_ENTRY(stop_words_and_empty_queries),
             PL_TEST_ENTRY(titles_weigh_more_than_body), PL_TEST_ENTRY(misspellings_are_corrected),
             PL_TEST_ENTRY(scores_are_normalised_and_meaningful), PL_TEST_ENTRY(filters),
             PL_TEST_ENTRY(find_lessons_by_topic), PL_TEST_ENTRY(sentences),
             PL_TEST_ENTRY(edit_distance), PL_TEST_ENTRY(chunker_pages_and_sentences),
             PL_TEST_ENTRY(documents_add_list_delete_ownership),
             PL_TEST_ENTRY(documents_bad_input), PL_TEST_ENTRY(documents_persist_and_roll_back))
