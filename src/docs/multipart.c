/*
 * multipart.c - a multipart/form-data parser (RFC 2046 section 5.1,
 * RFC 7578) for whole bodies held in memory, as browsers upload files.
 *
 * Body layout:
 *
 *   preamble (ignored) CRLF
 *   "--" boundary *(SP / HTAB) CRLF          first delimiter (or at byte 0)
 *   header-line CRLF ... CRLF                 the part's headers, blank line
 *   data                                      up to the next CRLF "--" boundary
 *   CRLF "--" boundary *(SP / HTAB) CRLF      next part ...
 *   CRLF "--" boundary "--"                   close delimiter; epilogue ignored
 *
 * Strict where it matters for safety (CRLF only, no header folding, every
 * CRLF "--boundary" inside a part ends it, bounded header sections and
 * part count, the close delimiter required) and tolerant where browsers
 * differ (transport padding, a missing final CRLF, filename quoting).
 * Nothing is allocated: names are copied into the part, data points into
 * the body. memmem (two-way) keeps the scan linear in the body length.
 */
#define _GNU_SOURCE /* memmem */
#include "parley/docs.h"

#include "parley/error.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* RFC 2046 bcharsnospace plus space. */
static int is_bchar(unsigned char c)
{
    return isalnum(c) || strchr("'()+_,-./:=? ", c) != NULL;
}

/* RFC 9110 tchar. */
static int is_tchar(unsigned char c)
{
    return isalnum(c) || (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static int ows(unsigned char c) { return c == ' ' || c == '\t'; }

/* ---------------------------------------------------------------------- */
/* Header parameters: name=token or name="quoted string"                   */

typedef struct cursor {
    const char *p, *end;
} cursor_t;

static void skip_ows(cursor_t *c)
{
    while (c->p < c->end && ows((unsigned char)*c->p))
        c->p++;
}

/* Reads a token; returns its length (0: none). */
static size_t read_token(cursor_t *c, const char **tok)
{
    *tok = c->p;
    while (c->p < c->end && is_tchar((unsigned char)*c->p))
        c->p++;
    return (size_t)(c->p - *tok);
}

/*
 * Reads a parameter value (token or quoted-string) into out (cap bytes incl.
 * the NUL). In a quoted string a backslash escapes only '"' and '\' — HTML
 * form submission does not escape backslashes, so "C:\dir" stays as sent.
 */
static int read_value(cursor_t *c, char *out, size_t cap, size_t *out_len)
{
    size_t n = 0;
    if (c->p < c->end && *c->p == '"') {
        c->p++;
        for (;;) {
            if (c->p >= c->end)
                return PL_ERR_PARSE; /* unterminated */
            unsigned char ch = (unsigned char)*c->p;
            if (ch == '"') {
                c->p++;
                break;
            }
            if (ch == '\\' && c->p + 1 < c->end && (c->p[1] == '"' || c->p[1] == '\\')) {
                c->p++;
                ch = (unsigned char)*c->p;
            }
            if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
                return PL_ERR_PARSE;
            if (n + 1 >= cap)
                return PL_ERR_TOO_LARGE;
            out[n++] = (char)ch;
            c->p++;
        }
    } else {
        const char *t;
        size_t tl = read_token(c, &t);
        if (tl == 0)
            return PL_ERR_PARSE;
        if (tl + 1 > cap)
            return PL_ERR_TOO_LARGE;
        memcpy(out, t, tl);
        n = tl;
    }
    out[n] = '\0';
    *out_len = n;
    return 0;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (unsigned char)tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/*
 * RFC 5987 ext-value: charset "'" [language] "'" percent-encoded bytes.
 * Only UTF-8 is read; returns 1 when out holds the decoded name, 0 when the
 * charset is another one (ignored), or an error.
 */
static int decode_ext_value(const char *v, size_t len, char *out, size_t cap)
{
    const char *q1 = memchr(v, '\'', len);
    if (q1 == NULL)
        return PL_ERR_PARSE;
    const char *q2 = memchr(q1 + 1, '\'', len - (size_t)(q1 + 1 - v));
    if (q2 == NULL)
        return PL_ERR_PARSE;
    size_t cs = (size_t)(q1 - v);
    if (cs != 5 || strncasecmp(v, "utf-8", 5) != 0)
        return 0;
    size_t n = 0;
    for (const char *p = q2 + 1; p < v + len; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '%') {
            if (p + 2 >= v + len)
                return PL_ERR_PARSE;
            int h = hexval((unsigned char)p[1]), l = hexval((unsigned char)p[2]);
            if (h < 0 || l < 0)
                return PL_ERR_PARSE;
            ch = (unsigned char)(h << 4 | l);
            if (ch == 0)
                return PL_ERR_PARSE;
            p += 2;
        }
        if (n + 1 >= cap)
            return PL_ERR_TOO_LARGE;
        out[n++] = (char)ch;
    }
    out[n] = '\0';
    return 1;
}

/* Content-Disposition: form-data; name="x"; filename="y"; filename*=UTF-8''z */
static int parse_disposition(const char *v, size_t len, pl_docs_part_t *part)
{
    cursor_t c = {v, v + len};
    const char *t;
    size_t tl = read_token(&c, &t);
    if (tl != 9 || strncasecmp(t, "form-data", 9) != 0)
        return PL_ERR_PARSE;
    int has_name = 0, has_ext = 0;
    for (;;) {
        skip_ows(&c);
        if (c.p >= c.end)
            break;
        if (*c.p != ';')
            return PL_ERR_PARSE;
        c.p++;
        skip_ows(&c);
        if (c.p >= c.end)
            break; /* a trailing ";" */
        const char *pn;
        size_t pl = read_token(&c, &pn);
        if (pl == 0)
            return PL_ERR_PARSE;
        skip_ows(&c);
        if (c.p >= c.end || *c.p != '=')
            return PL_ERR_PARSE;
        c.p++;
        skip_ows(&c);
        char val[PL_DOCS_FILENAME_MAX * 3 + 16];
        size_t vl;
        int rv = read_value(&c, val, sizeof(val), &vl);
        if (rv != 0)
            return rv;
        if (pl == 4 && strncasecmp(pn, "name", 4) == 0) {
            if (has_name || vl == 0)
                return PL_ERR_PARSE; /* one name, not empty */
            if (vl > PL_DOCS_PART_NAME_MAX)
                return PL_ERR_TOO_LARGE;
            memcpy(part->name, val, vl + 1);
            has_name = 1;
        } else if (pl == 8 && strncasecmp(pn, "filename", 8) == 0) {
            if (has_ext)
                continue; /* filename* wins */
            if (vl > PL_DOCS_FILENAME_MAX)
                return PL_ERR_TOO_LARGE;
            memcpy(part->filename, val, vl + 1);
            part->has_filename = 1;
        } else if (pl == 9 && strncasecmp(pn, "filename*", 9) == 0) {
            char dec[PL_DOCS_FILENAME_MAX + 1];
            rv = decode_ext_value(val, vl, dec, sizeof(dec));
            if (rv < 0)
                return rv;
            if (rv == 1) {
                memcpy(part->filename, dec, strlen(dec) + 1);
                part->has_filename = 1;
                has_ext = 1;
            }
        }
        /* other parameters are ignored */
    }
    return has_name ? 0 : PL_ERR_PARSE;
}

/* ---------------------------------------------------------------------- */
/* Boundary                                                                */

int pl_docs_multipart_boundary(const char *ct, size_t len,
                               char out[PL_DOCS_MULTIPART_BOUNDARY_MAX + 1], size_t *out_len)
{
    out[0] = '\0';
    if (ct == NULL)
        return PL_ERR_UNSUPPORTED;
    cursor_t c = {ct, ct + len};
    skip_ows(&c);
    const char *t;
    size_t tl = read_token(&c, &t);
    if (tl == 0 || c.p >= c.end || *c.p != '/')
        return PL_ERR_UNSUPPORTED;
    c.p++;
    const char *st;
    size_t sl = read_token(&c, &st);
    if (tl != 9 || strncasecmp(t, "multipart", 9) != 0 || sl != 9 ||
        strncasecmp(st, "form-data", 9) != 0)
        return PL_ERR_UNSUPPORTED;
    int found = 0;
    for (;;) {
        skip_ows(&c);
        if (c.p >= c.end)
            break;
        if (*c.p != ';')
            return PL_ERR_PARSE;
        c.p++;
        skip_ows(&c);
        if (c.p >= c.end)
            break;
        const char *pn;
        size_t pl = read_token(&c, &pn);
        if (pl == 0 || c.p >= c.end || *c.p != '=')
            return PL_ERR_PARSE;
        c.p++;
        char val[PL_DOCS_MULTIPART_BOUNDARY_MAX + 2];
        size_t vl;
        int rv = read_value(&c, val, sizeof(val), &vl);
        if (rv != 0)
            return PL_ERR_PARSE;
        if (pl == 8 && strncasecmp(pn, "boundary", 8) == 0) {
            if (found)
                return PL_ERR_PARSE;
            if (vl == 0 || vl > PL_DOCS_MULTIPART_BOUNDARY_MAX || val[vl - 1] == ' ')
                return PL_ERR_PARSE;
            for (size_t i = 0; i < vl; i++)
                if (!is_bchar((unsigned char)val[i]))
                    return PL_ERR_PARSE;
            memcpy(out, val, vl + 1);
            *out_len = vl;
            found = 1;
        }
    }
    return found ? 0 : PL_ERR_PARSE;
}

/* ---------------------------------------------------------------------- */
/* Body                                                                    */

/*
 * After a delimiter ("--boundary" just consumed, at p): "--" closes; else
 * transport padding and CRLF open a part. Returns 1 (close), 0 (a part
 * starts at *next) or PL_ERR_PARSE.
 */
static int after_delimiter(const char *p, const char *end, const char **next)
{
    if (end - p >= 2 && p[0] == '-' && p[1] == '-')
        return 1;
    while (p < end && ows((unsigned char)*p))
        p++;
    if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
        *next = p + 2;
        return 0;
    }
    return PL_ERR_PARSE;
}

/* Parses one part's header section at p; sets *data to the first data byte. */
static int parse_part_headers(const char *p, const char *end, pl_docs_part_t *part,
                              const char **data)
{
    const char *start = p;
    int n = 0, has_cd = 0, has_ct = 0;
    for (;;) {
        const char *eol = NULL;
        for (const char *q = p; q < end && q - start <= PL_DOCS_PART_HEADER_BYTES; q++) {
            if (*q == '\n')
                return PL_ERR_PARSE; /* a bare LF */
            if (*q == '\r') {
                eol = q;
                break;
            }
        }
        if (eol == NULL)
            return (end - start > PL_DOCS_PART_HEADER_BYTES) ? PL_ERR_TOO_LARGE : PL_ERR_PARSE;
        if (eol + 1 >= end || eol[1] != '\n')
            return PL_ERR_PARSE; /* CR not followed by LF (or cut off) */
        if (eol - start + 2 > PL_DOCS_PART_HEADER_BYTES)
            return PL_ERR_TOO_LARGE;
        if (eol == p) {
            *data = eol + 2; /* the blank line */
            break;
        }
        if (++n > PL_DOCS_PART_HEADERS_MAX)
            return PL_ERR_TOO_LARGE;
        cursor_t c = {p, eol};
        const char *name;
        size_t nl = read_token(&c, &name);
        if (nl == 0 || c.p >= c.end || *c.p != ':')
            return PL_ERR_PARSE; /* no name, folding (leading space) or no colon */
        c.p++;
        skip_ows(&c);
        const char *v = c.p, *ve = eol;
        while (ve > v && ows((unsigned char)ve[-1]))
            ve--;
        for (const char *q = v; q < ve; q++)
            if ((unsigned char)*q < 0x20 && *q != '\t')
                return PL_ERR_PARSE;
        size_t vl = (size_t)(ve - v);
        if (nl == 19 && strncasecmp(name, "content-disposition", 19) == 0) {
            if (has_cd)
                return PL_ERR_PARSE;
            int rv = parse_disposition(v, vl, part);
            if (rv != 0)
                return rv;
            has_cd = 1;
        } else if (nl == 12 && strncasecmp(name, "content-type", 12) == 0) {
            if (has_ct)
                return PL_ERR_PARSE;
            if (vl > PL_DOCS_PART_TYPE_MAX)
                return PL_ERR_TOO_LARGE;
            memcpy(part->content_type, v, vl);
            part->content_type[vl] = '\0';
            has_ct = 1;
        } else if (nl == 25 && strncasecmp(name, "content-transfer-encoding", 25) == 0) {
            if (!((vl == 4 && strncasecmp(v, "7bit", 4) == 0) ||
                  (vl == 4 && strncasecmp(v, "8bit", 4) == 0) ||
                  (vl == 6 && strncasecmp(v, "binary", 6) == 0)))
                return PL_ERR_UNSUPPORTED;
        }
        p = eol + 2;
    }
    return has_cd ? 0 : PL_ERR_PARSE;
}

int pl_docs_multipart_parse(const char *body, size_t len, const char *boundary, size_t blen,
                            pl_docs_part_t *parts, size_t max_parts, size_t *n_parts)
{
    if (n_parts != NULL)
        *n_parts = 0;
    if ((body == NULL && len > 0) || boundary == NULL || blen == 0 ||
        blen > PL_DOCS_MULTIPART_BOUNDARY_MAX || n_parts == NULL || (parts == NULL && max_parts > 0))
        return PL_ERR_INVALID_ARGUMENT;
    if (memchr(boundary, '\0', blen) != NULL)
        return PL_ERR_INVALID_ARGUMENT;

    /* The delimiter as it appears inside the body: CRLF "--" boundary. */
    char delim[PL_DOCS_MULTIPART_BOUNDARY_MAX + 4];
    delim[0] = '\r';
    delim[1] = '\n';
    delim[2] = delim[3] = '-';
    memcpy(delim + 4, boundary, blen);
    size_t dlen = blen + 4;
    const char *end = body + len;

    /* The first delimiter: at byte 0, or after the preamble's CRLF. The
     * preamble may mention the boundary: only a real delimiter line counts. */
    const char *p = NULL, *next = NULL;
    if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) {
        int rv = after_delimiter(body + dlen - 2, end, &next);
        if (rv == 1)
            return 0; /* closed at once: no parts */
        if (rv < 0)
            return PL_ERR_PARSE; /* "--boundary" at byte 0 must be a delimiter line */
        p = next;
    }
    const char *scan = body;
    while (p == NULL) {
        const char *d = len > 0 ? memmem(scan, (size_t)(end - scan), delim, dlen) : NULL;
        if (d == NULL)
            return PL_ERR_PARSE; /* no delimiter at all */
        int rv = after_delimiter(d + dlen, end, &next);
        if (rv == 1)
            return 0;
        if (rv == 0)
            p = next;
        else
            scan = d + 1;
    }

    size_t n = 0;
    for (;;) {
        if (n == max_parts)
            return PL_ERR_TOO_LARGE;
        pl_docs_part_t *part = &parts[n];
        memset(part, 0, sizeof(*part));
        const char *data;
        int rv = parse_part_headers(p, end, part, &data);
        if (rv != 0)
            return rv;
        /* The data runs to the next CRLF "--boundary" (empty data: the
         * delimiter's CRLF follows the blank line at once). */
        const char *d = memmem(data, (size_t)(end - data), delim, dlen);
        if (d == NULL)
            return PL_ERR_PARSE; /* truncated: no closing delimiter */
        part->data = data;
        part->len = (size_t)(d - data);
        n++;
        rv = after_delimiter(d + dlen, end, &next);
        if (rv < 0)
            return PL_ERR_PARSE;
        if (rv == 1)
            break;
        p = next;
    }
    *n_parts = n;
    return 0;
}
