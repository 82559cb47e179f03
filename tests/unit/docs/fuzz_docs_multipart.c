/*
 * libFuzzer harness of the multipart/form-data parser.
 *
 * Input: a Content-Type value up to the first LF, then the body. The
 * boundary is read from the value (the harness falls back to "b" when it
 * has none, so bodies are reached either way) and the body parsed with
 * room for 4 parts. Checks: a success leaves every part's data inside the
 * body and its strings NUL-terminated within their arrays; a failure
 * reports no parts; parsing the same bytes again gives the same verdict.
 */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parley/docs.h"
#include "parley/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *nl = memchr(s, '\n', size);
    size_t ctlen = nl ? (size_t)(nl - s) : 0;
    const char *body = nl ? nl + 1 : s;
    size_t blen = size - (size_t)(body - s);

    char boundary[PL_DOCS_MULTIPART_BOUNDARY_MAX + 1];
    size_t bl = 0;
    int rv = pl_docs_multipart_boundary(s, ctlen, boundary, &bl);
    if (rv == 0) {
        if (bl == 0 || bl > PL_DOCS_MULTIPART_BOUNDARY_MAX || strlen(boundary) != bl)
            abort();
    } else {
        if (rv != PL_ERR_PARSE && rv != PL_ERR_UNSUPPORTED)
            abort();
        memcpy(boundary, "b", 2);
        bl = 1;
    }

    pl_docs_part_t parts[4];
    size_t n = 99;
    rv = pl_docs_multipart_parse(body, blen, boundary, bl, parts, 4, &n);
    if (rv != 0) {
        if (n != 0 || (rv != PL_ERR_PARSE && rv != PL_ERR_TOO_LARGE && rv != PL_ERR_UNSUPPORTED))
            abort();
    } else {
        if (n > 4)
            abort();
        for (size_t i = 0; i < n; i++) {
            const pl_docs_part_t *p = &parts[i];
            if (p->len > blen || p->data < body || p->data + p->len > body + blen)
                abort();
            if (memchr(p->name, '\0', sizeof(p->name)) == NULL || p->name[0] == '\0' ||
                memchr(p->filename, '\0', sizeof(p->filename)) == NULL ||
                memchr(p->content_type, '\0', sizeof(p->content_type)) == NULL)
                abort();
            if (!p->has_filename && p->filename[0] != '\0')
                abort();
            /* the data never holds the delimiter */
            char delim[PL_DOCS_MULTIPART_BOUNDARY_MAX + 4] = "\r\n--";
            memcpy(delim + 4, boundary, bl);
            if (p->len >= bl + 4 && memmem(p->data, p->len, delim, bl + 4) != NULL)
                abort();
            char clean[PL_DOCS_FILENAME_MAX + 1];
            if (pl_docs_filename_clean(p->filename, strlen(p->filename), clean) == 0 &&
                (clean[0] == '\0' || strchr(clean, '/') != NULL || strchr(clean, '\\') != NULL))
                abort();
        }
        /* parts are in body order and do not overlap */
        for (size_t i = 1; i < n; i++)
            if (parts[i].data < parts[i - 1].data + parts[i - 1].len)
                abort();
    }
    size_t n2 = 0;
    pl_docs_part_t again[4];
    if (pl_docs_multipart_parse(body, blen, boundary, bl, again, 4, &n2) != rv || n2 != (rv ? 0 : n))
        abort();
    return 0;
}
