/*
 * fuzz_lessons_brain.c - libFuzzer harness for the lessons brain's command
 * interpreter: the input, split at line breaks, is one conversation's user
 * messages (commands, questions, quiz answers, any bytes); every reply must
 * be non-empty valid UTF-8 with a mode, and the state must stay consistent.
 */
#include "brain/lessons_int.h"
#include "parley/log.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char lesson[] =
    "# Photosynthesis\nsubject: science\nlevel: primary\nkeywords: plants, chlorophyll\n"
    "series: Living things, 1\n\n"
    "## Making food\nPlants use light energy to make glucose from carbon dioxide and water. "
    "Oxygen is released. This happens in 1771, when Joseph Priestley saw it.\n\n"
    "## Where\nIt happens in chloroplasts, because they hold chlorophyll.\n\n"
    "## Key facts\n- Chlorophyll is green.\n- Plants release oxygen.\n\n"
    "## Questions\nQ: Which gas is released?\nA: Oxygen\nQ: What year?\nA: 1771\n";

/* the next lesson of its series, which 'continue' goes on to after the key facts */
static const char lesson2[] =
    "# Respiration\nsubject: science\nlevel: primary\nkeywords: respiration, energy\n"
    "series: Living things, 2\n\n"
    "## Releasing energy\nCells release energy from glucose. About 1 in 5 breaths is used.\n\n"
    "## Key facts\n- Respiration releases energy.\n\n"
    "## Questions\nQ: What does respiration release?\nA: Energy\n";

static pl_kb_t *kb;

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[64];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        abort();
    fputs(text, f);
    fclose(f);
}

static void setup(void)
{
    pl_log_setup(PL_LOG_ERROR, PL_LOG_TEXT);
    char dir[] = "/tmp/pl-fuzz-brain-XXXXXX";
    if (mkdtemp(dir) == NULL || pl_kb_open(&kb, ":memory:") != 0)
        abort();
    write_file(dir, "photosynthesis.md", lesson);
    write_file(dir, "respiration.md", lesson2);
    if (pl_kb_load_lessons(kb, dir) != 2)
        abort();
    char path[64];
    snprintf(path, sizeof(path), "%s/photosynthesis.md", dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/respiration.md", dir);
    unlink(path);
    rmdir(dir);
    static const char doc[] = "Mitochondria release energy in respiration. They are in cells.";
    pl_kb_page_t p = {2, doc, sizeof(doc) - 1};
    char id[40];
    if (pl_kb_doc_add(kb, "u", "notes.pdf", "application/pdf", sizeof(doc) - 1, &p, 1, id) != 0)
        abort();
}

static int valid_utf8(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (k == 0 || i + k > n)
            return 0;
        for (size_t j = 1; j < k; j++)
            if (((unsigned char)s[i + j] & 0xC0) != 0x80)
                return 0;
        i += k;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (kb == NULL)
        setup();
    tutor_cfg_t cfg = {0.45, 0.5};
    tutor_state_t st;
    tutor_state_init(&st);
    const char *p = (const char *)data, *end = p + size;
    int turns = 0;
    while (p <= end && turns < 16) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        tutor_reply_t r;
        memset(&r, 0, sizeof(r));
        r.text = (pl_buf_t)PL_BUF_INIT(0);
        r.citations = (pl_buf_t)PL_BUF_INIT(0);
        tutor_turn(kb, &cfg, &st, p, len, "u", turns & 1, &r);
        /* the interpreter quotes lessons and documents, never the message itself */
        if (r.mode == NULL || r.text.len == 0 || !valid_utf8(r.text.data, r.text.len))
            abort();
        if (st.quiz_pending >= 2 || st.section > 3 || st.section < -1)
            abort();
        pl_buf_free(&r.text);
        pl_buf_free(&r.citations);
        turns++;
        if (nl == NULL)
            break;
        p = nl + 1;
    }
    return 0;
}
