/*
 * test_docs_extract.c - text extraction of uploaded documents: plain text
 * and Markdown (UTF-8 rules, line ends, type by name), PDFs written by the
 * test itself (pages in order and numbered from 1, blank pages, no text,
 * truncated, damaged, encrypted), refused formats (images, archives,
 * binary), declared types that disagree with the content, every limit,
 * file-name cleaning, and extraction from several threads at once.
 */
#include "pl_test.h"
#include "pdf_writer.h"

#include "parley/docs.h"
#include "parley/error.h"
#include "parley/mem.h"

#include <pthread.h>

static const char *const three_pages[] = {
    "Photosynthesis happens in the chloroplasts.\nLight energy becomes chemical energy.",
    "The Calvin cycle fixes carbon dioxide.\nIt runs in the stroma.",
    "Cellular respiration releases the energy (in mitochondria).",
};

static int extract(const void *data, size_t len, const char *name, const char *ct,
                   pl_docs_text_t *t, pl_docs_error_t *e)
{
    return pl_docs_extract(data, len, name, ct, NULL, t, e);
}

/* ---------------------------------------------------------------- text */

PL_TEST(plain_text_is_one_page_zero)
{
    const char *s = "Hello world.\r\nSecond line.\rThird line.\n";
    pl_docs_text_t t;
    pl_docs_error_t e;
    PL_CHECK_INT(extract(s, strlen(s), "notes.txt", "text/plain; charset=utf-8", &t, &e), ==, 0);
    PL_CHECK_STR(t.mime, "text/plain");
    PL_CHECK_INT(t.n_pages, ==, 1);
    PL_CHECK_INT(t.pages[0].number, ==, 0);
    PL_CHECK_STR(t.pages[0].text, "Hello world.\nSecond line.\nThird line.\n");
    PL_CHECK_INT(t.pages[0].len, ==, strlen(t.pages[0].text));
    PL_CHECK_INT(t.text_bytes, ==, t.pages[0].len);
    PL_CHECK_INT(e.code, ==, 0);
    pl_docs_text_free(&t);
    PL_CHECK(t.pages == NULL && t.n_pages == 0);
    pl_docs_text_free(&t); /* twice is fine */
}

PL_TEST(utf8_text_keeps_characters_and_drops_bom)
{
    const char *s = "\xef\xbb\xbf" "Caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\x9a";
    pl_docs_text_t t;
    pl_docs_error_t e;
    PL_CHECK_INT(extract(s, strlen(s), "x.txt", "text/plain", &t, &e), ==, 0);
    PL_CHECK_STR(t.pages[0].text, "Caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\x9a");
    pl_docs_text_free(&t);
}

PL_TEST(markdown_keeps_markup)
{
    const char *s = "# Cells\n\n**Mitochondria** are the *powerhouse*.\n\n- one\n- two\n";
    pl_docs_text_t t;
    pl_docs_error_t e;
    PL_CHECK_INT(extract(s, strlen(s), "cells.md", "text/markdown", &t, &e), ==, 0);
    PL_CHECK_STR(t.mime, "text/markdown");
    PL_CHECK_INT(t.n_pages, ==, 1);
    PL_CHECK_INT(t.pages[0].number, ==, 0);
    PL_CHECK_STR(t.pages[0].text, s);
    pl_docs_text_free(&t);
    /* text/x-markdown is the same thing */
    PL_CHECK_INT(extract(s, strlen(s), "cells", "text/x-markdown", &t, &e), ==, 0);
    PL_CHECK_STR(t.mime, "text/markdown");
    pl_docs_text_free(&t);
}

PL_TEST(undeclared_type_follows_content_and_name)
{
    const char *s = "# Title\nbody\n";
    pl_docs_text_t t;
    pl_docs_error_t e;
    PL_CHECK_INT(extract(s, strlen(s), "a.MD", NULL, &t, &e), ==, 0);
    PL_CHECK_STR(t.mime, "text/markdown");
    pl_docs_text_free(&t);
    PL_CHECK_INT(extract(s, strlen(s), "a.markdown", "application/octet-stream", &t, &e), ==, 0);
    PL_CHECK_STR(t.mime, "text/markdown");
    pl_docs_text_free(&t);
    PL_CHECK_INT(extract(s, strlen(s), "a.txt", "", &t, &e), ==, 0);
    PL_CHECK_STR(t.mime, "text/plain");
    pl_docs_text_free(&t);
    PL_CHECK_INT(extract(s, strlen(s), NULL, NULL, &t, &e), ==, 0);
    PL_CHECK_STR(t.mime, "text/plain");
    pl_docs_text_free(&t);
    /* a declared text type wins over the name */
    PL_CHECK_INT(extract(s, strlen(s), "a.md", "text/plain", &t, &e), ==, 0);
    PL_CHECK_STR(t.mime, "text/plain");
    pl_docs_text_free(&t);
}

PL_TEST(invalid_utf8_is_refused_with_the_offset)
{
    static const struct {
        const char *s;
        size_t off;
    } bad[] = {
        {"abc\xff" "def", 3},          /* never valid */
        {"ok \xc0\xaf", 3},            /* overlong "/" */
        {"\xed\xa0\x80 surrogate", 0}, /* UTF-16 surrogate */
        {"cut \xe2\x82", 4},           /* truncated sequence */
        {"\xf4\x90\x80\x80", 0},       /* past U+10FFFF */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        pl_docs_text_t t;
        pl_docs_error_t e;
        PL_CHECK_INT(extract(bad[i].s, strlen(bad[i].s), "x.txt", "text/plain", &t, &e), ==,
                     PL_ERR_UTF8);
        PL_CHECK_INT(e.code, ==, PL_ERR_UTF8);
        PL_CHECK_INT(e.failure, ==, PL_DOCS_BAD_UTF8);
        PL_CHECK_INT(pl_docs_failure_status(e.failure), ==, 422);
        char want[64];
        snprintf(want, sizeof(want), "offset %zu", bad[i].off);
        PL_CHECK_CONTAINS(e.message, want);
        PL_CHECK(t.pages == NULL && t.n_pages == 0);
    }
}

PL_TEST(utf16_nul_and_charsets_are_refused)
{
    pl_docs_text_t t;
    pl_docs_error_t e;
    const char utf16[] = "\xff\xfeh\0i\0";
    PL_CHECK_INT(extract(utf16, sizeof(utf16) - 1, "x.txt", "text/plain", &t, &e), ==, PL_ERR_UTF8);
    PL_CHECK_CONTAINS(e.message, "UTF-16");
    const char nul[] = "text\0with NUL";
    PL_CHECK_INT(extract(nul, sizeof(nul) - 1, "x.txt", NULL, &t, &e), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(e.failure, ==, PL_DOCS_UNSUPPORTED);
    PL_CHECK_CONTAINS(e.message, "NUL");
    PL_CHECK_INT(extract("caf\xe9", 4, "x.txt", "text/plain; charset=ISO-8859-1", &t, &e), ==,
                 PL_ERR_UNSUPPORTED);
    PL_CHECK_CONTAINS(e.message, "charset=iso-8859-1");
    PL_CHECK_INT(extract("plain", 5, "x.txt", "text/plain; charset=\"US-ASCII\"", &t, &e), ==, 0);
    pl_docs_text_free(&t);
}

PL_TEST(blank_and_empty_files)
{
    pl_docs_text_t t;
    pl_docs_error_t e;
    PL_CHECK_INT(extract("", 0, "x.txt", "text/plain", &t, &e), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(e.failure, ==, PL_DOCS_EMPTY);
    PL_CHECK_INT(pl_docs_failure_status(e.failure), ==, 400);
    PL_CHECK_CONTAINS(e.message, "empty");
    PL_CHECK_INT(extract(NULL, 0, "x.pdf", "application/pdf", &t, &e), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(e.failure, ==, PL_DOCS_EMPTY);
    PL_CHECK_INT(extract(" \n\t\r\n ", 6, "x.txt", NULL, &t, &e), ==, PL_ERR_PARSE);
    PL_CHECK_INT(e.failure, ==, PL_DOCS_NO_TEXT);
    PL_CHECK_INT(pl_docs_failure_status(e.failure), ==, 422);
    PL_CHECK(t.pages == NULL);
}

/* ---------------------------------------------------------------- PDF */

PL_TEST(pdf_pages_in_order_numbered_from_one)
{
    pl_buf_t pdf;
    pdfw_write(&pdf, three_pages, 3, 0);
    const char *types[] = {"application/pdf", NULL, "application/octet-stream", "application/x-pdf"};
    for (size_t k = 0; k < sizeof(types) / sizeof(types[0]); k++) {
        pl_docs_text_t t;
        pl_docs_error_t e;
        int rv = extract(pdf.data, pdf.len, "bio.pdf", types[k], &t, &e);
        PL_CHECK_INT(rv, ==, 0);
        if (rv != 0) {
            fprintf(stderr, "  %s\n", e.message);
            continue;
        }
        PL_CHECK_STR(t.mime, "application/pdf");
        PL_CHECK_INT(t.n_pages, ==, 3);
        size_t sum = 0;
        for (size_t i = 0; i < t.n_pages; i++) {
            PL_CHECK_INT(t.pages[i].number, ==, (int)i + 1);
            PL_CHECK_INT(strlen(t.pages[i].text), ==, t.pages[i].len);
            sum += t.pages[i].len;
        }
        PL_CHECK_INT(t.text_bytes, ==, sum);
        PL_CHECK_CONTAINS(t.pages[0].text, "Photosynthesis happens in the chloroplasts.");
        PL_CHECK_CONTAINS(t.pages[0].text, "Light energy becomes chemical energy.");
        PL_CHECK_CONTAINS(t.pages[1].text, "The Calvin cycle fixes carbon dioxide.");
        PL_CHECK_CONTAINS(t.pages[2].text, "Cellular respiration releases the energy (in mitochondria).");
        PL_CHECK(strstr(t.pages[0].text, "Calvin") == NULL);
        PL_CHECK(strstr(t.pages[2].text, "chloroplasts") == NULL);
        /* the two drawn lines stay two lines */
        PL_CHECK(strchr(t.pages[0].text, '\n') != NULL);
        pl_docs_text_free(&t);
    }
    pl_buf_free(&pdf);
}

PL_TEST(pdf_blank_page_keeps_its_number)
{
    const char *pages[] = {"First page text.", "", "Third page text."};
    pl_buf_t pdf;
    pdfw_write(&pdf, pages, 3, 0);
    pl_docs_text_t t;
    pl_docs_error_t e;
    PL_CHECK_INT(extract(pdf.data, pdf.len, "x.pdf", "application/pdf", &t, &e), ==, 0);
    PL_CHECK_INT(t.n_pages, ==, 3);
    if (t.n_pages == 3) {
        PL_CHECK_INT(t.pages[1].number, ==, 2);
        PL_CHECK_INT(t.pages[1].len, ==, 0);
        PL_CHECK_STR(t.pages[1].text, "");
        PL_CHECK_INT(t.pages[2].number, ==, 3);
        PL_CHECK_CONTAINS(t.pages[2].text, "Third page text.");
    }
    pl_docs_text_free(&t);
    pl_buf_free(&pdf);
}

PL_TEST(pdf_without_text_is_refused)
{
    const char *pages[] = {"", NULL};
    pl_buf_t pdf;
    pdfw_write(&pdf, pages, 2, 0);
    pl_docs_text_t t;
    pl_docs_error_t e;
    PL_CHECK_INT(extract(pdf.data, pdf.len, "scan.pdf", "application/pdf", &t, &e), ==, PL_ERR_PARSE);
    PL_CHECK_INT(e.failure, ==, PL_DOCS_NO_TEXT);
    PL_CHECK_INT(pl_docs_failure_status(e.failure), ==, 422);
    PL_CHECK_CONTAINS(e.message, "no extractable text");
    PL_CHECK(t.pages == NULL && t.n_pages == 0);
    pl_buf_free(&pdf);
}

PL_TEST(truncated_pdf_is_corrupt)
{
    pl_buf_t pdf;
    pdfw_write(&pdf, three_pages, 3, 0);
    size_t cuts[] = {pdf.len / 2, pdf.len - 8, 6, pdf.len > 400 ? pdf.len - 200 : 10};
    for (size_t k = 0; k < sizeof(cuts) / sizeof(cuts[0]); k++) {
        pl_docs_text_t t;
        pl_docs_error_t e;
        PL_CHECK_INT(extract(pdf.data, cuts[k], "cut.pdf", "application/pdf", &t, &e), ==, PL_ERR_PARSE);
        PL_CHECK_INT(e.failure, ==, PL_DOCS_CORRUPT);
        PL_CHECK_INT(pl_docs_failure_status(e.failure), ==, 422);
        PL_CHECK_CONTAINS(e.message, "truncated");
        PL_CHECK(t.pages == NULL);
    }
    pl_buf_free(&pdf);
}

PL_TEST(damaged_pdf_is_corrupt)
{
    /* Looks like a PDF at both ends; nothing readable in between. */
    const char *junk = "%PDF-1.7\n1 0 obj << /Type /Nothing >> endobj\ngarbage ((( <<\n%%EOF\n";
    pl_docs_text_t t;
    pl_docs_error_t e;
    int rv = extract(junk, strlen(junk), "bad.pdf", "application/pdf", &t, &e);
    PL_CHECK_INT(rv, ==, PL_ERR_PARSE);
    PL_CHECK_INT(e.failure, ==, PL_DOCS_CORRUPT);
    PL_CHECK_CONTAINS(e.message, "PDF");
    PL_CHECK(t.pages == NULL);
}

PL_TEST(encrypted_pdf_is_refused)
{
    pl_buf_t pdf;
    pdfw_write(&pdf, three_pages, 3, 1);
    pl_docs_text_t t;
    pl_docs_error_t e;
    PL_CHECK_INT(extract(pdf.data, pdf.len, "locked.pdf", "application/pdf", &t, &e), ==,
                 PL_ERR_FORBIDDEN);
    PL_CHECK_INT(e.failure, ==, PL_DOCS_ENCRYPTED);
    PL_CHECK_INT(pl_docs_failure_status(e.failure), ==, 422);
    PL_CHECK_CONTAINS(e.message, "encrypted");
    PL_CHECK(t.pages == NULL);
    pl_buf_free(&pdf);
}

/* ------------------------------------------------------ types and limits */

PL_TEST(images_and_archives_are_unsupported)
{
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                                        'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0};
    static const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0};
    static const unsigned char zip[] = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
    static const char webp[] = "RIFF\x24\0\0\0WEBPVP8 ";
    pl_docs_text_t t;
    pl_docs_error_t e;
    /* undeclared: refused for what it is */
    PL_CHECK_INT(extract(png, sizeof(png), "photo.png", NULL, &t, &e), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(e.failure, ==, PL_DOCS_UNSUPPORTED);
    PL_CHECK_INT(pl_docs_failure_status(e.failure), ==, 415);
    PL_CHECK_CONTAINS(e.message, "PNG image");
    PL_CHECK_INT(extract(jpeg, sizeof(jpeg), "p.jpg", "application/octet-stream", &t, &e), ==,
                 PL_ERR_UNSUPPORTED);
    PL_CHECK_CONTAINS(e.message, "JPEG");
    PL_CHECK_INT(extract(zip, sizeof(zip), "essay.docx", NULL, &t, &e), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_CONTAINS(e.message, "ZIP");
    PL_CHECK_INT(extract(webp, sizeof(webp) - 1, "w.webp", NULL, &t, &e), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_CONTAINS(e.message, "WebP");
    /* declared as an image: the type alone is refused */
    PL_CHECK_INT(extract(png, sizeof(png), "photo.png", "image/png", &t, &e), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_CONTAINS(e.message, "image/png");
    /* declared as text: the content gives it away */
    PL_CHECK_INT(extract(png, sizeof(png), "photo.txt", "text/plain", &t, &e), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(e.failure, ==, PL_DOCS_TYPE_MISMATCH);
    PL_CHECK_INT(pl_docs_failure_status(e.failure), ==, 415);
    /* other text types are not read */
    PL_CHECK_INT(extract("<p>x</p>", 8, "x.html", "text/html", &t, &e), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(extract("a=b", 3, "x", "application/x-www-form-urlencoded", &t, &e), ==,
                 PL_ERR_UNSUPPORTED);
    PL_CHECK(t.pages == NULL);
}

PL_TEST(declared_type_must_match_content)
{
    pl_buf_t pdf;
    pdfw_write(&pdf, three_pages, 1, 0);
    pl_docs_text_t t;
    pl_docs_error_t e;
    PL_CHECK_INT(extract(pdf.data, pdf.len, "x.txt", "text/plain", &t, &e), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(e.failure, ==, PL_DOCS_TYPE_MISMATCH);
    PL_CHECK_CONTAINS(e.message, "is a PDF");
    PL_CHECK_INT(extract(pdf.data, pdf.len, "x.md", "text/markdown", &t, &e), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(extract("just text", 9, "x.pdf", "application/pdf", &t, &e), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(e.failure, ==, PL_DOCS_TYPE_MISMATCH);
    PL_CHECK_CONTAINS(e.message, "not a PDF");
    /* "%PDF-" elsewhere than byte 0 is just text */
    const char *s = "About the %PDF- header.";
    PL_CHECK_INT(extract(s, strlen(s), "x.md", "text/markdown", &t, &e), ==, 0);
    pl_docs_text_free(&t);
    pl_buf_free(&pdf);
}

PL_TEST(limits)
{
    pl_docs_text_t t;
    pl_docs_error_t e;
    pl_docs_limits_t lim = {.max_bytes = 10};
    PL_CHECK_INT(pl_docs_extract("0123456789", 10, "x.txt", NULL, &lim, &t, &e), ==, 0);
    pl_docs_text_free(&t);
    PL_CHECK_INT(pl_docs_extract("0123456789a", 11, "x.txt", NULL, &lim, &t, &e), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(e.failure, ==, PL_DOCS_TOO_LARGE);
    PL_CHECK_INT(pl_docs_failure_status(e.failure), ==, 413);

    pl_buf_t pdf;
    pdfw_write(&pdf, three_pages, 3, 0);
    pl_docs_limits_t pages2 = {.max_pages = 2};
    PL_CHECK_INT(pl_docs_extract(pdf.data, pdf.len, "x.pdf", NULL, &pages2, &t, &e), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_CONTAINS(e.message, "3 pages");
    pl_docs_limits_t text50 = {.max_text_bytes = 50};
    PL_CHECK_INT(pl_docs_extract(pdf.data, pdf.len, "x.pdf", NULL, &text50, &t, &e), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_CONTAINS(e.message, "text");
    PL_CHECK(t.pages == NULL);
    pl_docs_limits_t enough = {.max_pages = 3, .max_text_bytes = 4096, .max_bytes = pdf.len};
    PL_CHECK_INT(pl_docs_extract(pdf.data, pdf.len, "x.pdf", NULL, &enough, &t, &e), ==, 0);
    PL_CHECK_INT(t.n_pages, ==, 3);
    pl_docs_text_free(&t);
    pl_buf_free(&pdf);
}

PL_TEST(failure_names_and_statuses)
{
    PL_CHECK_STR(pl_docs_failure_name(PL_DOCS_ENCRYPTED), "encrypted");
    PL_CHECK_STR(pl_docs_failure_name(PL_DOCS_TOO_LARGE), "too_large");
    PL_CHECK_INT(pl_docs_failure_status(PL_DOCS_OK), ==, 200);
    PL_CHECK_INT(pl_docs_failure_status(PL_DOCS_TYPE_MISMATCH), ==, 415);
    PL_CHECK_INT(pl_docs_failure_status(PL_DOCS_CORRUPT), ==, 422);
}

/* ----------------------------------------------------------- file names */

PL_TEST(filename_clean)
{
    char out[PL_DOCS_FILENAME_MAX + 1];
#define CLEAN(s) pl_docs_filename_clean(s, strlen(s), out)
    PL_CHECK_INT(CLEAN("biology.pdf"), ==, 0);
    PL_CHECK_STR(out, "biology.pdf");
    PL_CHECK_INT(CLEAN("C:\\Users\\ana\\My notes.md"), ==, 0);
    PL_CHECK_STR(out, "My notes.md");
    PL_CHECK_INT(CLEAN("../../etc/passwd"), ==, 0);
    PL_CHECK_STR(out, "passwd");
    PL_CHECK_INT(CLEAN("  spaced.txt  "), ==, 0);
    PL_CHECK_STR(out, "spaced.txt");
    PL_CHECK_INT(CLEAN("r\xc3\xa9sum\xc3\xa9.pdf"), ==, 0);
    PL_CHECK_STR(out, "r\xc3\xa9sum\xc3\xa9.pdf");
    PL_CHECK_INT(CLEAN(""), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(CLEAN("dir/"), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(CLEAN(".."), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(CLEAN("a\nb.txt"), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(CLEAN("bad\xff.txt"), ==, PL_ERR_UTF8);
    char longname[300];
    memset(longname, 'a', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    PL_CHECK_INT(CLEAN(longname), ==, PL_ERR_TOO_LARGE);
    longname[PL_DOCS_FILENAME_MAX] = '\0';
    PL_CHECK_INT(CLEAN(longname), ==, 0);
    PL_CHECK_INT(strlen(out), ==, PL_DOCS_FILENAME_MAX);
    PL_CHECK_INT(pl_docs_filename_clean(NULL, 0, out), ==, PL_ERR_INVALID_ARGUMENT);
#undef CLEAN
}

/* -------------------------------------------------------------- threads */

typedef struct thread_arg {
    const pl_buf_t *pdf;
    int ok;
} thread_arg_t;

static void *extract_many(void *p)
{
    thread_arg_t *a = p;
    a->ok = 1;
    for (int i = 0; i < 10; i++) {
        pl_docs_text_t t;
        pl_docs_error_t e;
        if (pl_docs_extract(a->pdf->data, a->pdf->len, "x.pdf", "application/pdf", NULL, &t, &e) != 0 ||
            t.n_pages != 3 || strstr(t.pages[1].text, "Calvin cycle") == NULL)
            a->ok = 0;
        pl_docs_text_free(&t);
    }
    return NULL;
}

PL_TEST(threads_extract_at_once)
{
    pl_buf_t pdf;
    pdfw_write(&pdf, three_pages, 3, 0);
    pthread_t th[4];
    thread_arg_t args[4];
    for (int i = 0; i < 4; i++) {
        args[i].pdf = &pdf;
        PL_CHECK_INT(pthread_create(&th[i], NULL, extract_many, &args[i]), ==, 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        PL_CHECK(args[i].ok);
    }
    pl_buf_free(&pdf);
}

PL_TEST_MAIN(PL_TEST_ENTRY(plain_text_is_one_page_zero),
             PL_TEST_ENTRY(utf8_text_keeps_characters_and_drops_bom),
             PL_TEST_ENTRY(markdown_keeps_markup),
             PL_TEST_ENTRY(undeclared_type_follows_content_and_name),
             PL_TEST_ENTRY(invalid_utf8_is_refused_with_the_offset),
             PL_TEST_ENTRY(utf16_nul_and_charsets_are_refused),
             PL_TEST_ENTRY(blank_and_empty_files),
             PL_TEST_ENTRY(pdf_pages_in_order_numbered_from_one),
             PL_TEST_ENTRY(pdf_blank_page_keeps_its_number),
             PL_TEST_ENTRY(pdf_without_text_is_refused),
             PL_TEST_ENTRY(truncated_pdf_is_corrupt),
             PL_TEST_ENTRY(damaged_pdf_is_corrupt),
             PL_TEST_ENTRY(encrypted_pdf_is_refused),
             PL_TEST_ENTRY(images_and_archives_are_unsupported),
             PL_TEST_ENTRY(declared_type_must_match_content),
             PL_TEST_ENTRY(limits),
             PL_TEST_ENTRY(failure_names_and_statuses),
             PL_TEST_ENTRY(filename_clean),
             PL_TEST_ENTRY(threads_extract_at_once))
