/*
 * fuzz_kb_query.c - libFuzzer harness for query analysis and search: any
 * bytes as a query (FTS5 syntax, symbols, long words, bad UTF-8) give hits
 * with scores in [0, 1], never an SQL error, over the lesson index (lessons
 * only, one lesson) and the file (lessons and documents); and the same
 * bytes as an FTS5 docsize record (kb_rank_docsize) never read past them.
 */
#include "kb/kb_rank.h"
#include "parley/kb.h"
#include "parley/log.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char lesson[] =
    "# Photosynthesis\nsubject: science\nlevel: primary\nkeywords: plants, chlorophyll\n\n"
    "## Making food\nPlants use light energy to make glucose from carbon dioxide and water. "
    "Oxygen is released.\n\n## Key facts\n- Chlorophyll is green.\n\n"
    "## Questions\nQ: Which gas is released?\nA: Oxygen\n";

static pl_kb_t *kb;

static void setup(void)
{
    pl_log_setup(PL_LOG_ERROR, PL_LOG_TEXT);
    char dir[] = "/tmp/pl-fuzz-kb-XXXXXX";
    if (mkdtemp(dir) == NULL || pl_kb_open(&kb, ":memory:") != 0)
        abort();
    char path[64];
    snprintf(path, sizeof(path), "%s/photosynthesis.md", dir);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        abort();
    fputs(lesson, f);
    fclose(f);
    if (pl_kb_load_lessons(kb, dir) != 1)
        abort();
    remove(path);
    remove(dir);
    static const char doc[] = "Mitochondria release energy in respiration.";
    pl_kb_page_t p = {1, doc, sizeof(doc) - 1};
    char id[40];
    if (pl_kb_doc_add(kb, "u", "notes.txt", "text/plain", sizeof(doc) - 1, &p, 1, id) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (kb == NULL)
        setup();
    char *q = malloc(size + 1);
    memcpy(q, data, size);
    q[size] = '\0';
    pl_kb_hit_t hits[8];
    pl_kb_filter_t filters[3] = {{PL_KB_LESSON | PL_KB_DOCUMENT, NULL, "u"},
                                 {PL_KB_LESSON, NULL, NULL},
                                 {PL_KB_LESSON, "photosynthesis", NULL}};
    for (int k = 0; k < 3; k++) {
        int n = pl_kb_search(kb, q, &filters[k], hits, 8);
        if (n < 0)
            abort();
        for (int i = 0; i < n; i++)
            if (!(hits[i].score >= 0 && hits[i].score <= 1) || hits[i].text == NULL ||
                (k > 0 && hits[i].source != PL_KB_LESSON))
                abort();
    }
    pl_kb_lesson_match_t m[4];
    if (pl_kb_find_lessons(kb, q, m, 4) < 0)
        abort();
    pl_kb_term_t t[16];
    if (pl_kb_query_terms(kb, q, t, 16) < 0 || pl_kb_query_terms_in(kb, q, &filters[0], t, 16) < 0)
        abort();
    int ntok = -1;
    if (kb_rank_docsize(data, (int)(size < 64 ? size : 64), 4, &ntok) == 0 && ntok < 0)
        abort();
    pl_kb_span_t s[8];
    pl_kb_sentences(q, size, s, 8);
    free(q);
    return 0;
}
