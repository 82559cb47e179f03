/*
 * libFuzzer harness of document extraction (type sniffing, UTF-8 checks,
 * PDF through poppler).
 *
 * Input: byte 0 picks the declared type and the file name, the rest is the
 * file. Limits are small so every limit is reachable. Checks: a success has
 * pages whose text is valid UTF-8 without NUL, lengths that add up, numbers
 * 0 (text) or 1..n in order (PDF), within the limits; a failure carries a
 * known reason, its pl_err code and HTTP status, a message, and no pages.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "parley/docs.h"
#include "parley/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const types[] = {
    NULL, "application/pdf", "text/plain", "text/markdown", "application/octet-stream",
    "text/plain; charset=latin1", "image/png", "text/plain; charset=\"utf-8\"",
};
static const char *const names[] = {"doc.pdf", "notes.md", "notes.txt", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *type = types[data[0] % (sizeof(types) / sizeof(types[0]))];
    const char *name = names[(data[0] >> 3) % (sizeof(names) / sizeof(names[0]))];
    pl_docs_limits_t lim = {.max_bytes = 256 * 1024, .max_text_bytes = 64 * 1024, .max_pages = 64};
    pl_docs_text_t t;
    pl_docs_error_t e;
    int rv = pl_docs_extract(data + 1, size - 1, name, type, &lim, &t, &e);
    if (rv != 0) {
        int st = pl_docs_failure_status(e.failure);
        if (e.code != rv || e.failure == PL_DOCS_OK || e.message[0] == '\0' || t.pages != NULL ||
            t.n_pages != 0 || (st != 400 && st != 413 && st != 415 && st != 422))
            abort();
        return 0;
    }
    if (t.n_pages == 0 || t.mime == NULL || t.n_pages > lim.max_pages || t.text_bytes > lim.max_text_bytes)
        abort();
    size_t sum = 0;
    int is_pdf = strcmp(t.mime, "application/pdf") == 0;
    for (size_t i = 0; i < t.n_pages; i++) {
        const pl_docs_page_t *p = &t.pages[i];
        if (p->number != (is_pdf ? (int)i + 1 : 0) || strlen(p->text) != p->len ||
            !g_utf8_validate(p->text, (gssize)p->len, NULL))
            abort();
        sum += p->len;
    }
    if (sum != t.text_bytes || (!is_pdf && t.n_pages != 1))
        abort();
    pl_docs_text_free(&t);
    return 0;
}
