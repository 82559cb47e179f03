/*
 * test_kb_lesson.c - the lesson file parser: a good file (and the same
 * file with CRLF line ends), every malformed case naming file and line,
 * and pl_kb_load_lessons refusing a folder with a broken file while
 * keeping what was loaded before. Lesson series: the 'series:' line, its
 * errors, two lessons at one position refused at load, the order of a
 * series (with a gap), and topic names matched against series names.
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
    /* the optional series line */
    {HEAD "series: India's history\n" SECTION FACTS QUESTIONS, PL_ERR_PARSE,
     "x.md:5: expected 'series: <series name>, <position>' (no comma"},
    {HEAD "series: S, 0\n" SECTION FACTS QUESTIONS, PL_ERR_PARSE,
     "x.md:5: the series position '0' is not a positive integer"},
    {HEAD "series: S, -1\n" SECTION FACTS QUESTIONS, PL_ERR_PARSE,
     "x.md:5: the series position '-1' is not a positive integer"},
    {HEAD "series: S, two\n" SECTION FACTS QUESTIONS, PL_ERR_PARSE,
     "x.md:5: the series position 'two' is not a positive integer"},
    {HEAD "series: S, 1.5\n" SECTION FACTS QUESTIONS, PL_ERR_PARSE,
     "x.md:5: the series position '1.5' is not a positive integer"},
    {HEAD "series: S, 1001\n" SECTION FACTS QUESTIONS, PL_ERR_PARSE,
     "x.md:5: the series position '1001' is not a positive integer (1 to 1000)"},
    {HEAD "series: S,\n" SECTION FACTS QUESTIONS, PL_ERR_PARSE,
     "x.md:5: the series position '' is not a positive integer"},
    {HEAD "series: , 1\n" SECTION FACTS QUESTIONS, PL_ERR_PARSE,
     "x.md:5: the series name is empty"},
    {HEAD "series: S, 1\n\nseries: S, 2\n" SECTION FACTS QUESTIONS, PL_ERR_PARSE,
     "x.md:7: a second 'series:' line"},
    {"# T\nsubject: science\nlevel: primary\nseries: S, 1\nkeywords: a\n", PL_ERR_PARSE,
     "x.md:4: expected 'keywords: a, b, c'"},
    {HEAD "series: S, 1\n", PL_ERR_PARSE, "x.md:5: no teaching section"},
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

PL_TEST(series_line)
{
    pl_kb_lesson_t *l = NULL;
    char err[256];
    /* after keywords (blank lines allowed), the name before the last comma */
    const char *ok = HEAD "\nseries:  Stories, myths and legends , 12 \n" SECTION FACTS QUESTIONS;
    PL_CHECK_INT(pl_kb_lesson_parse("x.md", ok, strlen(ok), &l, err, sizeof(err)), ==, 0);
    PL_CHECK(l != NULL);
    if (l != NULL) {
        PL_CHECK_STR(l->series, "Stories, myths and legends");
        PL_CHECK_INT(l->series_pos, ==, 12);
        PL_CHECK_INT(l->n_sections, ==, 1);
        PL_CHECK_STR(l->sections[0].heading, "One");
    }
    pl_kb_lesson_free(l);
    /* none: NULL and 0 */
    const char *plain = HEAD SECTION FACTS QUESTIONS;
    PL_CHECK_INT(pl_kb_lesson_parse("x.md", plain, strlen(plain), &l, err, sizeof(err)), ==, 0);
    PL_CHECK(l != NULL && l->series == NULL && l->series_pos == 0);
    pl_kb_lesson_free(l);
    /* a 'series:' line further down is prose of the section */
    const char *prose = HEAD "\n## One\nseries: not a header, 1\n" FACTS QUESTIONS;
    PL_CHECK_INT(pl_kb_lesson_parse("x.md", prose, strlen(prose), &l, err, sizeof(err)), ==, 0);
    PL_CHECK(l != NULL && l->series == NULL);
    if (l != NULL)
        PL_CHECK_STR(l->sections[0].text, "series: not a header, 1");
    pl_kb_lesson_free(l);
    /* a name of 100 bytes is the longest */
    char name[120];
    memset(name, 'n', sizeof(name));
    pl_buf_t b = PL_BUF_INIT(0);
    for (size_t len = 100; len <= 101; len++) {
        pl_buf_reset(&b);
        pl_buf_append_str(&b, HEAD "series: ");
        pl_buf_append(&b, name, len);
        pl_buf_append_str(&b, ", 3\n" SECTION FACTS QUESTIONS);
        int rv = pl_kb_lesson_parse("x.md", b.data, b.len, &l, err, sizeof(err));
        PL_CHECK_INT(rv, ==, len == 100 ? 0 : PL_ERR_PARSE);
        if (len == 100 && l != NULL)
            PL_CHECK_INT(strlen(l->series), ==, 100);
        if (len == 101)
            PL_CHECK_STR(err, "x.md:5: the series name is longer than 100 bytes");
        pl_kb_lesson_free(l);
        l = NULL;
    }
    pl_buf_free(&b);
}

static void write_lesson(const char *dir, const char *id, const char *title, const char *series)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s.md", dir, id);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return;
    fprintf(f, "# %s\nsubject: history\nlevel: primary\nkeywords: %s\n", title, id);
    if (series != NULL)
        fprintf(f, "series: %s\n", series);
    fputs("\n## Part\nSome text about it.\n\n## Key facts\n- A fact.\n\n"
          "## Questions\nQ: Why?\nA: Because.\n", f);
    fclose(f);
}

static void remove_lessons(const char *dir, const char *const *ids)
{
    char path[512];
    for (size_t i = 0; ids[i] != NULL; i++) {
        snprintf(path, sizeof(path), "%s/%s.md", dir, ids[i]);
        unlink(path);
    }
    rmdir(dir);
}

PL_TEST(series_positions_checked_at_load)
{
    char dir[] = "/tmp/pl-kb-series-XXXXXX";
    PL_CHECK(mkdtemp(dir) != NULL);
    static const char *const ids[] = {"alpha", "beta", "gamma", "delta", NULL};
    write_lesson(dir, "alpha", "Alpha", "Greek letters, 1");
    write_lesson(dir, "beta", "Beta", "Greek letters, 2");
    write_lesson(dir, "gamma", "Gamma", "Other letters, 2"); /* another series: no clash */
    pl_kb_t *kb = NULL;
    PL_CHECK_INT(pl_kb_open(&kb, ":memory:"), ==, 0);
    if (kb == NULL)
        return;
    PL_CHECK_INT(pl_kb_load_lessons(kb, dir), ==, 3);
    /* delta takes beta's position: refused, naming delta's series line and beta */
    write_lesson(dir, "delta", "Delta", "Greek letters, 2");
    PL_CHECK_INT(pl_kb_load_lessons(kb, dir), ==, PL_ERR_PARSE);
    char want[300];
    snprintf(want, sizeof(want),
             "%s/delta.md:5: series 'Greek letters' position 2 is also the position of beta.md",
             dir);
    PL_CHECK_STR(pl_kb_last_error(kb), want);
    /* nothing replaced */
    PL_CHECK_INT(pl_kb_lesson_count(kb), ==, 3);
    PL_CHECK(pl_kb_lesson_get(kb, "delta") == NULL);
    /* moved to a free position, it loads */
    write_lesson(dir, "delta", "Delta", "Greek letters, 3");
    PL_CHECK_INT(pl_kb_load_lessons(kb, dir), ==, 4);
    const pl_kb_lesson_t *order[4];
    PL_CHECK_INT(pl_kb_series_lessons(kb, "Greek letters", order, 4), ==, 3);
    PL_CHECK_STR(order[0]->id, "alpha");
    PL_CHECK_STR(order[2]->id, "delta");
    pl_kb_close(kb);
    remove_lessons(dir, ids);
}

static pl_kb_t *series_kb(void)
{
    const char *src = getenv("PARLEY_SOURCE_DIR");
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/tests/unit/kb/fixtures/series", src ? src : ".");
    pl_kb_t *kb = NULL;
    PL_CHECK_INT(pl_kb_open(&kb, ":memory:"), ==, 0);
    if (kb != NULL && pl_kb_load_lessons(kb, dir) != 5) {
        PL_CHECK(0);
        pl_kb_close(kb);
        return NULL;
    }
    return kb;
}

PL_TEST(series_order_and_next)
{
    pl_kb_t *kb = series_kb();
    if (kb == NULL)
        return;
    const pl_kb_lesson_t *indus = pl_kb_lesson_get(kb, "indus-valley-civilisation");
    const pl_kb_lesson_t *maurya = pl_kb_lesson_get(kb, "maurya-empire");
    const pl_kb_lesson_t *mughal = pl_kb_lesson_get(kb, "mughal-empire");
    const pl_kb_lesson_t *monsoon = pl_kb_lesson_get(kb, "the-indian-monsoon");
    PL_CHECK(indus != NULL && maurya != NULL && mughal != NULL && monsoon != NULL);
    if (indus == NULL || maurya == NULL || mughal == NULL || monsoon == NULL) {
        pl_kb_close(kb);
        return;
    }
    PL_CHECK_STR(indus->series, "India's history");
    PL_CHECK_INT(indus->series_pos, ==, 1);
    PL_CHECK_INT(mughal->series_pos, ==, 4); /* position 3 is not there */
    PL_CHECK(monsoon->series == NULL && monsoon->series_pos == 0);

    const pl_kb_lesson_t *ls[3] = {NULL, NULL, NULL};
    PL_CHECK_INT(pl_kb_series_lessons(kb, "India's history", ls, 3), ==, 3);
    PL_CHECK(ls[0] == indus && ls[1] == maurya && ls[2] == mughal);
    ls[1] = NULL;
    PL_CHECK_INT(pl_kb_series_lessons(kb, "India's history", ls, 1), ==, 3); /* fills 1 */
    PL_CHECK(ls[0] == indus && ls[1] == NULL);
    PL_CHECK_INT(pl_kb_series_lessons(kb, "India's History", ls, 3), ==, 0);
    PL_CHECK_INT(pl_kb_series_lessons(kb, NULL, ls, 3), ==, 0);

    PL_CHECK(pl_kb_series_next(kb, indus) == maurya);
    PL_CHECK(pl_kb_series_next(kb, maurya) == mughal); /* over the gap */
    PL_CHECK(pl_kb_series_next(kb, mughal) == NULL);
    PL_CHECK(pl_kb_series_next(kb, monsoon) == NULL);
    PL_CHECK(pl_kb_series_next(kb, NULL) == NULL);
    pl_kb_close(kb);
}

/* The best series match for a topic, and whether it beats the best lesson match. */
static double series_score(pl_kb_t *kb, const char *topic, const char *want, int *beats)
{
    pl_kb_series_match_t sm[2];
    pl_kb_lesson_match_t lm[1];
    int n = pl_kb_find_series(kb, topic, sm, 2);
    int nl = pl_kb_find_lessons(kb, topic, lm, 1);
    if (n < 1 || strcmp(sm[0].name, want) != 0) {
        fprintf(stderr, "  topic '%s': %d series matches\n", topic, n);
        *beats = 0;
        return 0;
    }
    PL_CHECK_INT(sm[0].n_lessons, ==, 3);
    *beats = nl < 1 || sm[0].score >= lm[0].score;
    return sm[0].score;
}

PL_TEST(topics_match_series_names)
{
    pl_kb_t *kb = series_kb();
    if (kb == NULL)
        return;
    /* word forms of the name, at least as well as any lesson */
    static const char *const forms[] = {"India", "india's history", "Indian history",
                                        "the history of India", "histroy of india", NULL};
    for (size_t i = 0; forms[i] != NULL; i++) {
        int beats = 0;
        double sc = series_score(kb, forms[i], "India's history", &beats);
        if (sc < 0.5 || !beats) {
            fprintf(stderr, "  '%s': score %.3f, beats the lessons: %d\n", forms[i], sc, beats);
            PL_CHECK(0);
        }
    }
    /* a lesson's own name beats the series */
    static const char *const lessons[] = {"the Indian monsoon", "the Maurya Empire",
                                          "Indus Valley", NULL};
    for (size_t i = 0; lessons[i] != NULL; i++) {
        pl_kb_series_match_t sm[1];
        pl_kb_lesson_match_t lm[1];
        PL_CHECK_INT(pl_kb_find_lessons(kb, lessons[i], lm, 1), ==, 1);
        int n = pl_kb_find_series(kb, lessons[i], sm, 1);
        if (n == 1 && sm[0].score >= lm[0].score) {
            fprintf(stderr, "  '%s': the series scores %.3f, the lesson %.3f\n", lessons[i],
                    sm[0].score, lm[0].score);
            PL_CHECK(0);
        }
    }
    /* nothing in common: no match; odd input is harmless */
    pl_kb_series_match_t sm[1];
    PL_CHECK_INT(pl_kb_find_series(kb, "volcanoes", sm, 1), ==, 0);
    PL_CHECK_INT(pl_kb_find_series(kb, "", sm, 1), ==, 0);
    PL_CHECK_INT(pl_kb_find_series(kb, "the of and", sm, 1), ==, 0);
    PL_CHECK_INT(pl_kb_find_series(kb, NULL, sm, 1), ==, 0);
    PL_CHECK_INT(pl_kb_find_series(kb, "India", sm, 0), ==, 0);
    pl_kb_close(kb);
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
             PL_TEST_ENTRY(series_line), PL_TEST_ENTRY(series_positions_checked_at_load),
             PL_TEST_ENTRY(series_order_and_next), PL_TEST_ENTRY(topics_match_series_names),
             PL_TEST_ENTRY(rejects_bad_names_and_nul),
             PL_TEST_ENTRY(load_refuses_broken_folder_and_keeps_old),
             PL_TEST_ENTRY(reload_replaces_lessons))
