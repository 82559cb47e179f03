/*
 * test_kb_lesson.c - the lesson file parser: a good file (and the same
 * file with CRLF line ends), every malformed case naming file and line,
 * and pl_kb_load_lessons refusing a folder with a broken file while
 * keeping what was loaded before.
 */
#include "pl_test.h"

#include "kb/kb_int.h"
#include "parley/error.h"
#include "parley/kb.h"
#include "parley/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *fixture(const char *rel, size_t *len)
{
    const char *src = getenv("PARLEY_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof(path), "%s/tests/unit/kb/fixtures/%s", src ? src : ".", rel);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "  cannot open %s\n", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = pl_malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    fclose(f);
    buf[got] = '\0';
    *len = got;
    return buf;
}

static void check_photosynthesis(const pl_kb_lesson_t *l)
{
    PL_CHECK_STR(l->id, "photosynthesis");
    PL_CHECK_STR(l->title, "Photosynthesis");
    PL_CHECK_STR(l->subject, "science");
    PL_CHECK_STR(l->level, "lower secondary");
    PL_CHECK_INT(l->n_keywords, ==, 6);
    PL_CHECK_STR(l->keywords[0], "photosynthesis");
    PL_CHECK_STR(l->keywords[5], "light energy");
    PL_CHECK_INT(l->n_sections, ==, 3);
    PL_CHECK_STR(l->sections[0].heading, "What photosynthesis is");
    /* lines of a paragraph joined by a space, paragraphs by a blank line */
    PL_CHECK_STR(l->sections[0].text,
                 "Photosynthesis is the process by which green plants make their own food. "
                 "Plants take in carbon dioxide from the air and water from the soil, and use "
                 "light energy to turn them into glucose and oxygen.\n\n"
                 "The word equation is: carbon dioxide + water -> glucose + oxygen.");
    PL_CHECK_STR(l->sections[2].heading, "What limits the rate");
    PL_CHECK_INT(l->n_facts, ==, 3);
    PL_CHECK_STR(l->facts[1],
                 "It takes place in chloroplasts, which contain the green pigment chlorophyll.");
    PL_CHECK_INT(l->n_questions, ==, 3);
    PL_CHECK_STR(l->questions[0].question, "Which gas do plants release during photosynthesis?");
    PL_CHECK_STR(l->questions[0].answer, "Oxygen");
    PL_CHECK_STR(l->questions[2].answer, "Light intensity");
}

PL_TEST(parses_good_file)
{
    size_t len = 0;
    char *text = fixture("lessons/photosynthesis.md", &len);
    PL_CHECK(text != NULL);
    if (text == NULL)
        return;
    pl_kb_lesson_t *l = NULL;
    char err[256];
    PL_CHECK_INT(pl_kb_lesson_parse("photosynthesis.md", text, len, &l, err, sizeof(err)), ==, 0);
    PL_CHECK_STR(err, "");
    if (l != NULL)
        check_photosynthesis(l);
    pl_kb_lesson_free(l);

    /* The same file with CRLF line ends and a byte order mark. */
    pl_buf_t crlf = PL_BUF_INIT(0);
    pl_buf_append(&crlf, "\xEF\xBB\xBF", 3);
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n')
            pl_buf_append(&crlf, "\r", 1);
        pl_buf_append(&crlf, text + i, 1);
    }
    l = NULL;
    PL_CHECK_INT(pl_kb_lesson_parse("photosynthesis.md", crlf.data, crlf.len, &l, err,
                                    sizeof(err)), ==, 0);
    if (l != NULL)
        check_photosynthesis(l);
    pl_kb_lesson_free(l);
    pl_buf_free(&crlf);
    pl_free(text);
}

#define HEAD "# T\nsubject: science\nlevel: primary\nkeywords: a, b\n"
#define SECTION "\n## One\nSome text.\n"
#define FACTS "\n## Key facts\n- A fact.\n"
#define QUESTIONS "\n## Questions\nQ: Why?\nA: Because.\n"

struct bad_case {
    const char *text;
    int rv;
    const char *error; /* the start of the message */
};

static const struct bad_case bad_cases[] = {
    {"", PL_ERR_PARSE, "x.md:1: the file is empty"},
    {"Title\n", PL_ERR_PARSE, "x.md:1: line 1 must be the title"},
    {"#   \n", PL_ERR_PARSE, "x.md:1: the title is empty"},
    {"# T\nlevel: primary\n", PL_ERR_PARSE, "x.md:2: expected 'subject: <subject>'"},
    {"# T\nsubject: magic\n", PL_ERR_PARSE, "x.md:2: unknown subject 'magic'"},
    {"# T\nsubject: science\nkeywords: a\n", PL_ERR_PARSE, "x.md:3: expected 'level: <level>'"},
    {"# T\nsubject: science\nlevel: university\n", PL_ERR_PARSE,
     "x.md:3: unknown level 'university'"},
    {"# T\nsubject: science\nlevel: primary\nkeywords: a,,b\n", PL_ERR_PARSE,
     "x.md:4: an empty keyword"},
    {"# T\nsubject: science\nlevel: primary\nkeywords:\n", PL_ERR_PARSE, "x.md:4: no keywords"},
    {"# T\nsubject: science\nlevel: primary\n", PL_ERR_PARSE, "x.md:3: missing 'keywords:'"},
    {HEAD "Stray text.\n" SECTION FACTS QUESTIONS, PL_ERR_PARSE,
     "x.md:5: text before the first '## ' section"},
    {HEAD "\n## Empty\n## Two\nText.\n" FACTS QUESTIONS, PL_ERR_PARSE,
     "x.md:6: section 'Empty' has no text"},
    {HEAD "\n## Key facts\n- A fact.\n" QUESTIONS, PL_ERR_PARSE,
     "x.md:6: '## Key facts' before any teaching section"},
    {HEAD SECTION "\n## Key facts\nnot a list line\n" QUESTIONS, PL_ERR_PARSE,
     "x.md:10: expected a '- ' fact"},
    {HEAD SECTION "\n## Key facts\n-   \n" QUESTIONS, PL_ERR_PARSE, "x.md:10: an empty fact"},
    {HEAD SECTION "\n## Key facts\n\n## Questions\nQ: a\nA: b\n", PL_ERR_PARSE,
     "x.md:9: '## Key facts' has no '- ' fact"},
    {HEAD SECTION QUESTIONS FACTS, PL_ERR_PARSE, "x.md:9: '## Questions' must follow"},
    {HEAD SECTION FACTS "\n## Questions\nQ: one?\nQ: two?\nA: b\n", PL_ERR_PARSE,
     "x.md:13: question without an 'A:' answer line"},
    {HEAD SECTION FACTS "\n## Questions\nA: b\n", PL_ERR_PARSE,
     "x.md:13: an 'A:' answer without a 'Q:'"},
    {HEAD SECTION FACTS "\n## Questions\nQ: one?\n", PL_ERR_PARSE,
     "x.md:13: question without an 'A:' answer line"},
    {HEAD SECTION FACTS "\n## Questions\nsomething else\n", PL_ERR_PARSE,
     "x.md:13: expected 'Q: ...' or 'A: ...'"},
    {HEAD SECTION FACTS "\n## Questions\n\n", PL_ERR_PARSE,
     "x.md:12: '## Questions' has no 'Q:'/'A:' pair"},
    {HEAD SECTION FACTS, PL_ERR_PARSE, "x.md:10: missing '## Questions'"},
    {HEAD SECTION, PL_ERR_PARSE, "x.md:7: missing '## Key facts' and '## Questions'"},
    {HEAD, PL_ERR_PARSE, "x.md:4: no teaching section"},
    {HEAD SECTION "\n# Another title\n" FACTS QUESTIONS, PL_ERR_PARSE,
     "x.md:9: a second '# ' title"},
    {HEAD SECTION "### Sub\n" FACTS QUESTIONS, PL_ERR_PARSE,
     "x.md:8: only '## ' headings are allowed"},
    {HEAD SECTION FACTS "\n## Late section\nText.\n" QUESTIONS, PL_ERR_PARSE,
     "x.md:12: teaching section 'Late section' after '## Key facts'"},
    {HEAD SECTION FACTS FACTS QUESTIONS, PL_ERR_PARSE, "x.md:12: a second '## Key facts'"},
    {HEAD SECTION FACTS QUESTIONS QUESTIONS, PL_ERR_PARSE, "x.md:16: a second '## Questions'"},
    {HEAD SECTION "## \n" FACTS QUESTIONS, PL_ERR_PARSE, "x.md:8: a '## ' heading needs a text"},
    {HEAD SECTION "Bad byte \xC3\x28 here.\n" FACTS QUESTIONS, PL_ERR_UTF8,
     "x.md:8: not valid UTF-8"},
};

PL_TEST(malformed_cases_name_file_and_line)
{
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        const struct bad_case *c = &bad_cases[i];
        pl_kb_lesson_t *l = (pl_kb_lesson_t *)1;
        char err[256];
        int rv = pl_kb_lesson_parse("x.md", c->text, strlen(c->text), &l, err, sizeof(err));
        if (rv != c->rv || strncmp(err, c->error, strlen(c->error)) != 0 || l != NULL) {
            fprintf(stderr, "  case %zu: rv %d (want %d), error \"%s\" (want \"%s...\")\n", i, rv,
                    c->rv, err, c->error);
            PL_CHECK(0);
        }
    }
    /* The valid skeleton itself parses. */
    const char *ok = HEAD SECTION FACTS QUESTIONS;
    pl_kb_lesson_t *l = NULL;
    char err[256];
    PL_CHECK_INT(pl_kb_lesson_parse("x.md", ok, strlen(ok), &l, err, sizeof(err)), ==, 0);
    PL_CHECK(l != NULL && l->n_sections == 1 && l->n_facts == 1 && l->n_questions == 1);
    pl_kb_lesson_free(l);
}

PL_TEST(rejects_bad_names_and_nul)
{
    const char *ok = HEAD SECTION FACTS QUESTIONS;
    pl_kb_lesson_t *l = NULL;
    char err[256];
    PL_CHECK_INT(pl_kb_lesson_parse("Bad Name.md", ok, strlen(ok), &l, err, sizeof(err)), ==,
                 PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_CONTAINS(err, "Bad Name.md: a lesson file is named <id>.md");
    PL_CHECK_INT(pl_kb_lesson_parse("x.txt", ok, strlen(ok), &l, err, sizeof(err)), ==,
                 PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_kb_lesson_parse(".md", ok, strlen(ok), &l, err, sizeof(err)), ==,
                 PL_ERR_INVALID_ARGUMENT);
    char withnul[] = "# T\nsub\0ject: science\n";
    PL_CHECK_INT(pl_kb_lesson_parse("x.md", withnul, sizeof(withnul) - 1, &l, err, sizeof(err)),
                 ==, PL_ERR_PARSE);
    PL_CHECK_CONTAINS(err, "x.md:2: a NUL byte");
    PL_CHECK(l == NULL);
}

PL_TEST(load_refuses_broken_folder_and_keeps_old)
{
    const char *src = getenv("PARLEY_SOURCE_DIR");
    char good[4096], bad[4096];
    snprintf(good, sizeof(good), "%s/tests/unit/kb/fixtures/lessons", src ? src : ".");
    snprintf(bad, sizeof(bad), "%s/tests/unit/kb/fixtures/bad", src ? src : ".");
    pl_kb_t *kb = NULL;
    PL_CHECK_INT(pl_kb_open(&kb, ":memory:"), ==, 0);
    if (kb == NULL)
        return;
    PL_CHECK_INT(pl_kb_load_lessons(kb, good), ==, 4);
    PL_CHECK_STR(pl_kb_last_error(kb), "");
    PL_CHECK_INT(pl_kb_lesson_count(kb), ==, 4);
    PL_CHECK_STR(pl_kb_lesson_at(kb, 0)->id, "indus-valley-civilisation");
    PL_CHECK_STR(pl_kb_lesson_at(kb, 3)->id, "the-water-cycle");
    PL_CHECK(pl_kb_lesson_at(kb, 4) == NULL);
    PL_CHECK(pl_kb_lesson_get(kb, "photosynthesis") != NULL);
    PL_CHECK(pl_kb_lesson_get(kb, "nope") == NULL);

    PL_CHECK_INT(pl_kb_load_lessons(kb, bad), ==, PL_ERR_PARSE);
    char want[4200];
    snprintf(want, sizeof(want), "%s/broken.md:7: section 'Only heading' has no text", bad);
    PL_CHECK_STR(pl_kb_last_error(kb), want);
    /* nothing replaced: the old lessons are loaded and searchable */
    PL_CHECK_INT(pl_kb_lesson_count(kb), ==, 4);
    pl_kb_hit_t hits[4];
    PL_CHECK_INT(pl_kb_search(kb, "chlorophyll", NULL, hits, 4), >, 0);

    PL_CHECK_INT(pl_kb_load_lessons(kb, "/nonexistent/lessons"), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(pl_kb_lesson_count(kb), ==, 4);
    pl_kb_close(kb);
}

PL_TEST(reload_replaces_lessons)
{
    char dir[] = "/tmp/pl-kb-lessons-XXXXXX";
    PL_CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof(path), "%s/volcanoes.md", dir);
    FILE *f = fopen(path, "w");
    fputs("# Volcanoes\nsubject: geography\nlevel: primary\nkeywords: volcano, lava\n\n"
          "## What a volcano is\nA volcano is an opening in the crust where magma escapes.\n\n"
          "## Key facts\n- Magma that reaches the surface is called lava.\n\n"
          "## Questions\nQ: What is magma called at the surface?\nA: Lava\n", f);
    fclose(f);
    const char *src = getenv("PARLEY_SOURCE_DIR");
    char good[4096];
    snprintf(good, sizeof(good), "%s/tests/unit/kb/fixtures/lessons", src ? src : ".");
    pl_kb_t *kb = NULL;
    PL_CHECK_INT(pl_kb_open(&kb, ":memory:"), ==, 0);
    PL_CHECK_INT(pl_kb_load_lessons(kb, good), ==, 4);
    PL_CHECK_INT(pl_kb_load_lessons(kb, dir), ==, 1);
    PL_CHECK_INT(pl_kb_lesson_count(kb), ==, 1);
    pl_kb_hit_t hits[4];
    /* the old lessons' passages are gone */
    PL_CHECK_INT(pl_kb_search(kb, "chlorophyll", NULL, hits, 4), ==, 0);
    int n = pl_kb_search(kb, "magma", NULL, hits, 4);
    PL_CHECK_INT(n, >, 0);
    if (n > 0)
        PL_CHECK_STR(hits[0].lesson_id, "volcanoes");
    /* and so is their vocabulary: no correction towards a word of an old lesson */
    pl_kb_term_t t[2];
    PL_CHECK_INT(pl_kb_query_terms(kb, "chlorophyl", t, 2), ==, 1);
    PL_CHECK(t[0].correction == NULL);
    pl_kb_close(kb);
    unlink(path);
    rmdir(dir);
}

PL_TEST_MAIN(PL_TEST_ENTRY(parses_good_file), PL_TEST_ENTRY(malformed_cases_name_file_and_line),
             PL_TEST_ENTRY(rejects_bad_names_and_nul),
             PL_TEST_ENTRY(load_refuses_broken_folder_and_keeps_old),
             PL_TEST_ENTRY(reload_replaces_lessons))
