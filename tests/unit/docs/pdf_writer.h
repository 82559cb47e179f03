/*
 * pdf_writer.h - a minimal PDF writer for the tests: a catalog, a page
 * tree, one Helvetica font and one uncompressed content stream per page
 * (each line of a page's text drawn with Tj), a classic xref table and a
 * trailer. Options make the damaged variants the tests need: an /Encrypt
 * dictionary whose password check fails (a password-protected file) and
 * pages with no text at all.
 */
#ifndef PL_TEST_PDF_WRITER_H
#define PL_TEST_PDF_WRITER_H

#include "parley/mem.h"

#include <stdio.h>
#include <string.h>

#define PDFW_MAX_OBJECTS 256

typedef struct pdfw {
    pl_buf_t out;
    size_t offsets[PDFW_MAX_OBJECTS + 1]; /* byte offset of object i (1-based) */
    int n;
} pdfw_t;

static void pdfw_begin_obj(pdfw_t *w, int num)
{
    w->offsets[num] = w->out.len;
    if (num > w->n)
        w->n = num;
    pl_buf_appendf(&w->out, "%d 0 obj\n", num);
}

/* Appends s as a PDF literal string body, escaping ( ) and backslash. */
static void pdfw_literal(pl_buf_t *b, const char *s)
{
    pl_buf_append(b, "(", 1);
    for (; *s; s++) {
        if (*s == '(' || *s == ')' || *s == '\\')
            pl_buf_append(b, "\\", 1);
        pl_buf_append(b, s, 1);
    }
    pl_buf_append(b, ")", 1);
}

/*
 * Writes a PDF with n_pages pages; pages[i] is the text of page i+1 with
 * lines separated by '\n' (NULL or "" for a page without text). encrypted:
 * add a standard-security /Encrypt dictionary no empty password opens.
 * Returns the bytes in *out (free with pl_buf_free).
 */
static void pdfw_write(pl_buf_t *out, const char *const *pages, int n_pages, int encrypted)
{
    pdfw_t w;
    memset(&w, 0, sizeof(w));
    w.out = (pl_buf_t)PL_BUF_INIT(0);
    pl_buf_append_str(&w.out, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
    /* 1 catalog, 2 pages, 3 font, then page k: 4+2k (page), 5+2k (content) */
    pdfw_begin_obj(&w, 1);
    pl_buf_append_str(&w.out, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    pdfw_begin_obj(&w, 2);
    pl_buf_append_str(&w.out, "<< /Type /Pages /Kids [");
    for (int k = 0; k < n_pages; k++)
        pl_buf_appendf(&w.out, "%d 0 R ", 4 + 2 * k);
    pl_buf_appendf(&w.out, "] /Count %d >>\nendobj\n", n_pages);
    pdfw_begin_obj(&w, 3);
    pl_buf_append_str(&w.out, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                              "/Encoding /WinAnsiEncoding >>\nendobj\n");
    for (int k = 0; k < n_pages; k++) {
        pdfw_begin_obj(&w, 4 + 2 * k);
        pl_buf_appendf(&w.out, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                               "/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>\nendobj\n",
                       5 + 2 * k);
        pl_buf_t cs = PL_BUF_INIT(0);
        const char *text = pages[k] ? pages[k] : "";
        if (*text) {
            pl_buf_append_str(&cs, "BT\n/F1 12 Tf\n14 TL\n72 720 Td\n");
            const char *line = text;
            while (*line) {
                const char *nl = strchr(line, '\n');
                size_t len = nl ? (size_t)(nl - line) : strlen(line);
                char tmp[1024];
                snprintf(tmp, sizeof(tmp), "%.*s", (int)len, line);
                pdfw_literal(&cs, tmp);
                pl_buf_append_str(&cs, " Tj T*\n");
                line += len + (nl ? 1 : 0);
            }
            pl_buf_append_str(&cs, "ET\n");
        }
        pdfw_begin_obj(&w, 5 + 2 * k);
        pl_buf_appendf(&w.out, "<< /Length %zu >>\nstream\n", cs.len);
        if (cs.len)
            pl_buf_append(&w.out, cs.data, cs.len);
        pl_buf_append_str(&w.out, "\nendstream\nendobj\n");
        pl_buf_free(&cs);
    }
    int enc = 0;
    if (encrypted) {
        enc = w.n + 1;
        pdfw_begin_obj(&w, enc);
        pl_buf_append_str(&w.out, "<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <");
        for (int i = 0; i < 32; i++)
            pl_buf_appendf(&w.out, "%02x", (unsigned)(0x5a + 7 * i) & 0xffu);
        pl_buf_append_str(&w.out, "> /U <");
        for (int i = 0; i < 32; i++)
            pl_buf_appendf(&w.out, "%02x", (unsigned)(0x13 + 11 * i) & 0xffu);
        pl_buf_append_str(&w.out, "> >>\nendobj\n");
    }
    size_t xref = w.out.len;
    pl_buf_appendf(&w.out, "xref\n0 %d\n0000000000 65535 f \n", w.n + 1);
    for (int i = 1; i <= w.n; i++)
        pl_buf_appendf(&w.out, "%010zu 00000 n \n", w.offsets[i]);
    pl_buf_appendf(&w.out, "trailer\n<< /Size %d /Root 1 0 R", w.n + 1);
    if (encrypted)
        pl_buf_appendf(&w.out, " /Encrypt %d 0 R /ID [<0123456789abcdef0123456789abcdef> "
                               "<0123456789abcdef0123456789abcdef>]",
                       enc);
    pl_buf_appendf(&w.out, " >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    *out = w.out;
}

#endif
