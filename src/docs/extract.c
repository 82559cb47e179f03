/*
 * extract.c - text out of an uploaded document: plain text and Markdown
 * (validated UTF-8, one page numbered 0) and PDF (poppler's GLib binding,
 * one page of text per PDF page, numbered from 1).
 *
 * The type is decided from the content, never from the name alone: "%PDF-"
 * at byte 0 is a PDF; a known image, archive, audio or executable signature
 * is refused; anything else must be UTF-8 text. A declared Content-Type is
 * then checked against that verdict, so a PNG sent as text/plain or a text
 * file sent as application/pdf is refused rather than misread. Nothing here
 * keeps state between calls: several threads may extract at once.
 */
#include "parley/docs.h"

#include "parley/error.h"
#include "parley/mem.h"

#include <glib.h>
#include <poppler.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------------- */
/* Failures                                                               */

int pl_docs_failure_status(pl_docs_failure_t f)
{
    switch (f) {
    case PL_DOCS_OK: return 200;
    case PL_DOCS_EMPTY: return 400;
    case PL_DOCS_TOO_LARGE: return 413;
    case PL_DOCS_UNSUPPORTED:
    case PL_DOCS_TYPE_MISMATCH: return 415;
    case PL_DOCS_BAD_UTF8:
    case PL_DOCS_CORRUPT:
    case PL_DOCS_ENCRYPTED:
    case PL_DOCS_NO_TEXT: return 422;
    }
    return 422;
}

const char *pl_docs_failure_name(pl_docs_failure_t f)
{
    switch (f) {
    case PL_DOCS_OK: return "ok";
    case PL_DOCS_EMPTY: return "empty";
    case PL_DOCS_TOO_LARGE: return "too_large";
    case PL_DOCS_UNSUPPORTED: return "unsupported";
    case PL_DOCS_TYPE_MISMATCH: return "type_mismatch";
    case PL_DOCS_BAD_UTF8: return "bad_utf8";
    case PL_DOCS_CORRUPT: return "corrupt";
    case PL_DOCS_ENCRYPTED: return "encrypted";
    case PL_DOCS_NO_TEXT: return "no_text";
    }
    return "unknown";
}

static int code_of(pl_docs_failure_t f)
{
    switch (f) {
    case PL_DOCS_OK: return 0;
    case PL_DOCS_EMPTY: return PL_ERR_INVALID_ARGUMENT;
    case PL_DOCS_TOO_LARGE: return PL_ERR_TOO_LARGE;
    case PL_DOCS_UNSUPPORTED:
    case PL_DOCS_TYPE_MISMATCH: return PL_ERR_UNSUPPORTED;
    case PL_DOCS_BAD_UTF8: return PL_ERR_UTF8;
    case PL_DOCS_ENCRYPTED: return PL_ERR_FORBIDDEN;
    case PL_DOCS_CORRUPT:
    case PL_DOCS_NO_TEXT: return PL_ERR_PARSE;
    }
    return PL_ERR_PARSE;
}

__attribute__((format(printf, 3, 4))) static int fail(pl_docs_error_t *err, pl_docs_failure_t f,
                                                      const char *fmt, ...)
{
    if (err != NULL) {
        err->code = code_of(f);
        err->failure = f;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof(err->message), fmt, ap);
        va_end(ap);
    }
    return code_of(f);
}

/* ---------------------------------------------------------------------- */
/* Content sniffing                                                       */

typedef enum kind { K_TEXT, K_PDF, K_BINARY } kind_t;

/* Signatures of formats people upload by mistake; what the refusal calls them. */
static const struct signature {
    size_t off;
    const char *magic;
    size_t len;
    const char *what;
} signatures[] = {
    {0, "\x89PNG\r\n\x1a\n", 8, "a PNG image"},
    {0, "\xff\xd8\xff", 3, "a JPEG image"},
    {0, "GIF87a", 6, "a GIF image"},
    {0, "GIF89a", 6, "a GIF image"},
    {0, "II*\0", 4, "a TIFF image"},
    {0, "MM\0*", 4, "a TIFF image"},
    {8, "WEBP", 4, "a WebP image"},
    {4, "ftyp", 4, "an MP4/HEIC media file"},
    {0, "PK\x03\x04", 4, "a ZIP archive (Word, OpenDocument and EPUB files are ZIP archives)"},
    {0, "PK\x05\x06", 4, "a ZIP archive"},
    {0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, "an old Microsoft Office file"},
    {0, "\x1f\x8b", 2, "a gzip archive"},
    {0, "7z\xbc\xaf\x27\x1c", 6, "a 7-Zip archive"},
    {0, "Rar!\x1a\x07", 6, "a RAR archive"},
    {0, "\xfd" "7zXZ\0", 6, "an xz archive"},
    {0, "\x7f" "ELF", 4, "an executable"},
    {0, "OggS", 4, "an Ogg media file"},
    {0, "fLaC", 4, "a FLAC audio file"},
    {0, "\0asm", 4, "a WebAssembly module"},
    {0, "{\\rtf", 5, "an RTF document"},
};

/* NULL when no signature matches, else what the content is. */
static const char *binary_signature(const unsigned char *p, size_t len)
{
    for (size_t i = 0; i < sizeof(signatures) / sizeof(signatures[0]); i++) {
        const struct signature *s = &signatures[i];
        if (len >= s->off + s->len && memcmp(p + s->off, s->magic, s->len) == 0) {
            /* RIFF....WEBP and ....ftyp need their container too. */
            if (s->off == 8 && memcmp(p, "RIFF", 4) != 0)
                continue;
            return s->what;
        }
    }
    if (len >= 3 && memcmp(p, "ID3", 3) == 0 && len >= 4 && p[3] < 0x10)
        return "an MP3 audio file";
    return NULL;
}

/* The declared media type, lower-cased and without parameters. */
typedef struct declared {
    char type[96];
    char charset[32]; /* "" when not given */
} declared_t;

static void parse_declared(const char *ct, declared_t *d)
{
    d->type[0] = d->charset[0] = '\0';
    if (ct == NULL)
        return;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    size_t n = 0;
    while (ct[n] != '\0' && ct[n] != ';' && ct[n] != ' ' && ct[n] != '\t')
        n++;
    if (n >= sizeof(d->type))
        n = sizeof(d->type) - 1;
    for (size_t i = 0; i < n; i++)
        d->type[i] = (char)tolower((unsigned char)ct[i]);
    d->type[n] = '\0';
    /* charset=..., possibly quoted, among the parameters */
    const char *p = strchr(ct, ';');
    while (p != NULL) {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncasecmp(p, "charset=", 8) == 0) {
            p += 8;
            if (*p == '"')
                p++;
            size_t k = 0;
            while (p[k] != '\0' && p[k] != '"' && p[k] != ';' && p[k] != ' ' &&
                   k + 1 < sizeof(d->charset)) {
                d->charset[k] = (char)tolower((unsigned char)p[k]);
                k++;
            }
            d->charset[k] = '\0';
            return;
        }
        p = strchr(p, ';');
    }
}

typedef enum decl_kind { D_NONE, D_TEXT, D_MARKDOWN, D_PDF, D_OTHER } decl_kind_t;

static decl_kind_t classify_declared(const declared_t *d)
{
    const char *t = d->type;
    if (t[0] == '\0' || strcmp(t, "application/octet-stream") == 0 ||
        strcmp(t, "binary/octet-stream") == 0)
        return D_NONE;
    if (strcmp(t, "text/plain") == 0)
        return D_TEXT;
    if (strcmp(t, "text/markdown") == 0 || strcmp(t, "text/x-markdown") == 0)
        return D_MARKDOWN;
    if (strcmp(t, "application/pdf") == 0 || strcmp(t, "application/x-pdf") == 0)
        return D_PDF;
    return D_OTHER;
}

static int has_suffix_ci(const char *name, const char *suffix)
{
    if (name == NULL)
        return 0;
    size_t n = strlen(name), s = strlen(suffix);
    return n > s && strcasecmp(name + n - s, suffix) == 0;
}

/* ---------------------------------------------------------------------- */
/* Text                                                                   */

static int only_space(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isspace((unsigned char)s[i]))
            return 0;
    return 1;
}

static void add_page(pl_docs_text_t *out, int number, pl_buf_t *text)
{
    out->pages = pl_realloc(out->pages, (out->n_pages + 1) * sizeof(*out->pages));
    pl_docs_page_t *pg = &out->pages[out->n_pages++];
    pg->number = number;
    if (text->data == NULL) {
        pg->text = pl_strdup("");
        pg->len = 0;
    } else {
        pg->text = text->data; /* the buffer's memory changes hands */
        pg->len = text->len;
        *text = (pl_buf_t)PL_BUF_INIT(0);
    }
    out->text_bytes += pg->len;
}

static int extract_text(const unsigned char *p, size_t len, int markdown, pl_docs_text_t *out,
                        pl_docs_error_t *err)
{
    if (len >= 2 && ((p[0] == 0xff && p[1] == 0xfe) || (p[0] == 0xfe && p[1] == 0xff)))
        return fail(err, PL_DOCS_BAD_UTF8, "the text is UTF-16: save it as UTF-8 and upload it again");
    if (memchr(p, '\0', len) != NULL)
        return fail(err, PL_DOCS_UNSUPPORTED, "binary content (NUL bytes): not a text file");
    const gchar *end = NULL;
    if (!g_utf8_validate_len((const gchar *)p, len, &end)) {
        size_t off = (size_t)((const unsigned char *)end - p);
        return fail(err, PL_DOCS_BAD_UTF8, "the text is not valid UTF-8 (first bad byte at offset %zu)",
                    off);
    }
    if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
        p += 3; /* the byte order mark is not text */
        len -= 3;
    }
    if (only_space((const char *)p, len))
        return fail(err, PL_DOCS_NO_TEXT, "the file holds no text (only white space)");
    /* Lines end in LF; a lone CR (old Mac files) counts as a line end too. */
    pl_buf_t text = PL_BUF_INIT(0);
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (p[i] != '\r')
            continue;
        pl_buf_append(&text, p + start, i - start);
        pl_buf_append(&text, "\n", 1);
        if (i + 1 < len && p[i + 1] == '\n')
            i++;
        start = i + 1;
    }
    pl_buf_append(&text, p + start, len - start);
    out->mime = markdown ? "text/markdown" : "text/plain";
    add_page(out, 0, &text);
    return 0;
}

/* ---------------------------------------------------------------------- */
/* PDF                                                                    */

/* Acrobat looks for the end-of-file marker in the last 1024 bytes. */
static int has_eof_marker(const unsigned char *p, size_t len)
{
    size_t from = len > 1024 ? len - 1024 : 0;
    for (size_t i = len >= 5 ? len - 5 + 1 : 0; i-- > from;)
        if (memcmp(p + i, "%%EOF", 5) == 0)
            return 1;
    return 0;
}

/*
 * Appends a page's text: valid UTF-8 kept (invalid sequences become
 * U+FFFD), NUL and control characters other than tab and newline become
 * spaces or newlines, trailing white space is dropped.
 */
static int append_page_text(pl_buf_t *b, const char *s)
{
    const char *p = s, *end = s + strlen(s);
    while (p < end) {
        const gchar *bad = NULL;
        if (g_utf8_validate_len(p, (gsize)(end - p), &bad))
            bad = end;
        size_t at = b->len;
        if (bad > p && pl_buf_append(b, p, (size_t)(bad - p)) != 0)
            return PL_ERR_TOO_LARGE;
        for (size_t i = at; i < b->len; i++) {
            unsigned char c = (unsigned char)b->data[i];
            if (c == '\r' || c == '\f' || c == '\v')
                b->data[i] = '\n';
            else if (c < 0x20 && c != '\t' && c != '\n')
                b->data[i] = ' ';
        }
        if (bad >= end)
            break;
        if (pl_buf_append(b, "\xef\xbf\xbd", 3) != 0)
            return PL_ERR_TOO_LARGE;
        p = bad + 1;
    }
    while (b->len > 0 && isspace((unsigned char)b->data[b->len - 1]))
        b->data[--b->len] = '\0';
    return 0;
}

static int extract_pdf(const unsigned char *p, size_t len, const pl_docs_limits_t *lim,
                       pl_docs_text_t *out, pl_docs_error_t *err)
{
    if (!has_eof_marker(p, len))
        return fail(err, PL_DOCS_CORRUPT, "the PDF is truncated or damaged (no %%%%EOF marker at its end)");
    GBytes *bytes = g_bytes_new_static(p, len);
    GError *gerr = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    g_bytes_unref(bytes); /* the document keeps its own reference */
    if (doc == NULL) {
        int rv;
        if (gerr != NULL && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED)
            rv = fail(err, PL_DOCS_ENCRYPTED, "the PDF is encrypted (password-protected): upload an "
                                              "unprotected copy");
        else
            rv = fail(err, PL_DOCS_CORRUPT, "the PDF cannot be read: %s",
                      gerr != NULL && gerr->message != NULL ? gerr->message : "damaged file");
        if (gerr != NULL)
            g_error_free(gerr);
        return rv;
    }
    int rv = 0;
    int n = poppler_document_get_n_pages(doc);
    if (n <= 0) {
        rv = fail(err, PL_DOCS_CORRUPT, "the PDF has no pages");
        goto out;
    }
    if ((size_t)n > lim->max_pages) {
        rv = fail(err, PL_DOCS_TOO_LARGE, "the PDF has %d pages; at most %zu are read", n, lim->max_pages);
        goto out;
    }
    out->mime = "application/pdf";
    size_t nonblank = 0;
    for (int i = 0; i < n; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        if (page == NULL) {
            rv = fail(err, PL_DOCS_CORRUPT, "the PDF is damaged: page %d cannot be read", i + 1);
            goto out;
        }
        char *t = poppler_page_get_text(page);
        g_object_unref(page);
        pl_buf_t text = PL_BUF_INIT(0);
        /* What is left of the text budget bounds this page. */
        text.max = lim->max_text_bytes - out->text_bytes + 1;
        int arv = append_page_text(&text, t != NULL ? t : "");
        g_free(t);
        if (arv != 0 || out->text_bytes + text.len > lim->max_text_bytes) {
            pl_buf_free(&text);
            rv = fail(err, PL_DOCS_TOO_LARGE, "the PDF's text is longer than %zu bytes",
                      lim->max_text_bytes);
            goto out;
        }
        text.max = 0;
        if (!only_space(text.data ? text.data : "", text.len))
            nonblank++;
        add_page(out, i + 1, &text);
    }
    if (nonblank == 0)
        rv = fail(err, PL_DOCS_NO_TEXT, "the PDF has no extractable text (a scan? text inside "
                                        "images is not read)");
out:
    g_object_unref(doc);
    return rv;
}

/* ---------------------------------------------------------------------- */

void pl_docs_text_free(pl_docs_text_t *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n_pages; i++)
        pl_free(t->pages[i].text);
    pl_free(t->pages);
    memset(t, 0, sizeof(*t));
}

int pl_docs_extract(const void *data, size_t len, const char *filename, const char *content_type,
                    const pl_docs_limits_t *limits, pl_docs_text_t *out, pl_docs_error_t *err)
{
    if (err != NULL)
        memset(err, 0, sizeof(*err));
    if (out == NULL || (data == NULL && len > 0)) {
        if (err != NULL) {
            err->code = PL_ERR_INVALID_ARGUMENT;
            snprintf(err->message, sizeof(err->message), "invalid arguments");
        }
        return PL_ERR_INVALID_ARGUMENT;
    }
    memset(out, 0, sizeof(*out));
    pl_docs_limits_t lim = {0};
    if (limits != NULL)
        lim = *limits;
    if (lim.max_bytes == 0)
        lim.max_bytes = PL_DOCS_DEFAULT_MAX_BYTES;
    if (lim.max_text_bytes == 0)
        lim.max_text_bytes = PL_DOCS_DEFAULT_MAX_TEXT;
    if (lim.max_pages == 0)
        lim.max_pages = PL_DOCS_DEFAULT_MAX_PAGES;

    const unsigned char *p = data;
    if (len == 0)
        return fail(err, PL_DOCS_EMPTY, "the file is empty");
    if (len > lim.max_bytes)
        return fail(err, PL_DOCS_TOO_LARGE, "the file is %zu bytes; at most %zu are accepted", len,
                    lim.max_bytes);

    kind_t kind = K_TEXT;
    const char *what = NULL;
    if (len >= 5 && memcmp(p, "%PDF-", 5) == 0)
        kind = K_PDF;
    else if ((what = binary_signature(p, len)) != NULL)
        kind = K_BINARY;

    declared_t d;
    parse_declared(content_type, &d);
    decl_kind_t dk = classify_declared(&d);
    if (dk == D_OTHER)
        return fail(err, PL_DOCS_UNSUPPORTED,
                    "unsupported type %s: send text/plain, text/markdown or application/pdf", d.type);
    if (kind == K_BINARY)
        return fail(err, dk == D_NONE ? PL_DOCS_UNSUPPORTED : PL_DOCS_TYPE_MISMATCH,
                    "the file is %s: only text, Markdown and PDF documents are read", what);
    if (dk == D_PDF && kind != K_PDF)
        return fail(err, PL_DOCS_TYPE_MISMATCH,
                    "declared %s but the content is not a PDF (no %%PDF- header)", d.type);
    if ((dk == D_TEXT || dk == D_MARKDOWN) && kind == K_PDF)
        return fail(err, PL_DOCS_TYPE_MISMATCH, "declared %s but the content is a PDF", d.type);

    int rv;
    if (kind == K_PDF) {
        rv = extract_pdf(p, len, &lim, out, err);
    } else {
        if (d.charset[0] != '\0' && strcmp(d.charset, "utf-8") != 0 && strcmp(d.charset, "utf8") != 0 &&
            strcmp(d.charset, "us-ascii") != 0)
            return fail(err, PL_DOCS_UNSUPPORTED, "only UTF-8 text is read (charset=%s)", d.charset);
        int markdown = dk == D_MARKDOWN ||
                       (dk == D_NONE && (has_suffix_ci(filename, ".md") ||
                                         has_suffix_ci(filename, ".markdown")));
        rv = extract_text(p, len, markdown, out, err);
    }
    if (rv != 0)
        pl_docs_text_free(out);
    return rv;
}

/* ---------------------------------------------------------------------- */
/* File names                                                             */

int pl_docs_filename_clean(const char *name, size_t len, char out[PL_DOCS_FILENAME_MAX + 1])
{
    out[0] = '\0';
    if (name == NULL)
        return PL_ERR_INVALID_ARGUMENT;
    /* The last path component: browsers of old sent C:\dir\file.pdf. */
    size_t start = 0;
    for (size_t i = 0; i < len; i++)
        if (name[i] == '/' || name[i] == '\\')
            start = i + 1;
    const char *s = name + start;
    size_t n = len - start;
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
        return PL_ERR_INVALID_ARGUMENT;
    if (n > PL_DOCS_FILENAME_MAX)
        return PL_ERR_TOO_LARGE;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return PL_ERR_INVALID_ARGUMENT;
    }
    if (!g_utf8_validate_len(s, n, NULL))
        return PL_ERR_UTF8;
    memcpy(out, s, n);
    out[n] = '\0';
    return 0;
}
