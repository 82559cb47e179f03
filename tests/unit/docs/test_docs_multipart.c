/*
 * test_docs_multipart.c - the multipart/form-data parser: the boundary
 * parameter, bodies as browsers send them (preamble, padding, binary data
 * holding CR, LF and dashes, epilogue), file names (quoted, escaped, paths,
 * RFC 5987), and every refusal: truncation at each byte, bare LF, header
 * folding, a boundary inside the data, missing Content-Disposition, too
 * many parts, oversized headers, transfer encodings.
 */
#include "pl_test.h"

#include "parley/docs.h"
#include "parley/error.h"
#include "parley/mem.h"

#define MAXP 8

static int parse(const char *body, size_t len, const char *boundary, pl_docs_part_t *parts,
                 size_t *n)
{
    return pl_docs_multipart_parse(body, len, boundary, strlen(boundary), parts, MAXP, n);
}

/* ------------------------------------------------------------- boundary */

PL_TEST(boundary_parameter)
{
    char b[PL_DOCS_MULTIPART_BOUNDARY_MAX + 1];
    size_t n = 0;
#define BND(s) pl_docs_multipart_boundary(s, strlen(s), b, &n)
    PL_CHECK_INT(BND("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW"), ==, 0);
    PL_CHECK_STR(b, "----WebKitFormBoundary7MA4YWxkTrZu0gW");
    PL_CHECK_INT(n, ==, strlen(b));
    PL_CHECK_INT(BND("Multipart/Form-Data;charset=utf-8;BOUNDARY=\"a b:c\""), ==, 0);
    PL_CHECK_STR(b, "a b:c");
    PL_CHECK_INT(BND("multipart/form-data ; boundary=x ;"), ==, 0);
    PL_CHECK_STR(b, "x");
    PL_CHECK_INT(BND("multipart/mixed; boundary=x"), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(BND("application/pdf"), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(BND("multipart/form-data"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(BND("multipart/form-data; boundary="), ==, PL_ERR_PARSE);
    PL_CHECK_INT(BND("multipart/form-data; boundary=\"\""), ==, PL_ERR_PARSE);
    PL_CHECK_INT(BND("multipart/form-data; boundary=\"ends in space \""), ==, PL_ERR_PARSE);
    PL_CHECK_INT(BND("multipart/form-data; boundary=\"semi;colon\""), ==, PL_ERR_PARSE);
    PL_CHECK_INT(BND("multipart/form-data; boundary=a; boundary=b"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(BND("multipart/form-data; boundary=\"unterminated"), ==, PL_ERR_PARSE);
    char ct[200];
    snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%070d", 7);
    PL_CHECK_INT(BND(ct), ==, 0);
    PL_CHECK_INT(n, ==, 70);
    snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%071d", 7);
    PL_CHECK_INT(BND(ct), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_docs_multipart_boundary(NULL, 0, b, &n), ==, PL_ERR_UNSUPPORTED);
#undef BND
}

/* ----------------------------------------------------------------- body */

/* As Chrome sends it, with a file whose bytes look like delimiters. */
static const char browser_body[] =
    "This is the preamble. --XyZ is mentioned here but is not a delimiter.\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"user_id\"\r\n"
    "\r\n"
    "u-42\r\n"
    "--XyZ   \t\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"chapter 3.pdf\"\r\n"
    "Content-Type: application/pdf\r\n"
    "X-Extra: ignored\r\n"
    "\r\n"
    "%PDF-1.4\n--XyZ-not\r\n-- XyZ\r\n\0binary\r\n"
    "\r\n"
    "--XyZ\r\n"
    "content-disposition: FORM-DATA; name=empty\r\n"
    "\r\n"
    "\r\n"
    "--XyZ--\r\n"
    "epilogue, ignored --XyZ--";

PL_TEST(browser_body_parts)
{
    pl_docs_part_t parts[MAXP];
    size_t n = 99;
    PL_CHECK_INT(parse(browser_body, sizeof(browser_body) - 1, "XyZ", parts, &n), ==, 0);
    PL_CHECK_INT(n, ==, 3);
    if (n != 3)
        return;
    PL_CHECK_STR(parts[0].name, "user_id");
    PL_CHECK_INT(parts[0].has_filename, ==, 0);
    PL_CHECK_INT(parts[0].len, ==, 4);
    PL_CHECK(memcmp(parts[0].data, "u-42", 4) == 0);
    PL_CHECK_STR(parts[0].content_type, "");

    PL_CHECK_STR(parts[1].name, "file");
    PL_CHECK_INT(parts[1].has_filename, ==, 1);
    PL_CHECK_STR(parts[1].filename, "chapter 3.pdf");
    PL_CHECK_STR(parts[1].content_type, "application/pdf");
    static const char file[] = "%PDF-1.4\n--XyZ-not\r\n-- XyZ\r\n\0binary\r\n";
    PL_CHECK_INT(parts[1].len, ==, sizeof(file) - 1);
    PL_CHECK(memcmp(parts[1].data, file, sizeof(file) - 1) == 0);

    PL_CHECK_STR(parts[2].name, "empty");
    PL_CHECK_INT(parts[2].len, ==, 0);
}

PL_TEST(body_without_preamble_and_final_crlf)
{
    const char *b = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                    "\r\nhello\r\n--b--";
    pl_docs_part_t parts[MAXP];
    size_t n;
    PL_CHECK_INT(parse(b, strlen(b), "b", parts, &n), ==, 0);
    PL_CHECK_INT(n, ==, 1);
    PL_CHECK_INT(parts[0].len, ==, 5);
    PL_CHECK(memcmp(parts[0].data, "hello", 5) == 0);
    /* closed at once: no parts */
    PL_CHECK_INT(parse("--b--\r\n", 7, "b", parts, &n), ==, 0);
    PL_CHECK_INT(n, ==, 0);
}

PL_TEST(filenames)
{
    pl_docs_part_t parts[MAXP];
    size_t n;
    const char *b =
        "--b\r\nContent-Disposition: form-data; name=file; filename=\"say \\\"hi\\\".txt\"\r\n\r\nx\r\n"
        "--b\r\nContent-Disposition: form-data; name=file; filename=\"C:\\dir\\a.md\"\r\n\r\nx\r\n"
        "--b\r\nContent-Disposition: form-data; name=file; filename=\"plain.txt\"; "
        "filename*=UTF-8''r%C3%A9sum%C3%A9.pdf\r\n\r\nx\r\n"
        "--b\r\nContent-Disposition: form-data; name=file; filename*=utf-8'en'%E2%82%AC.txt; "
        "filename=\"ignored.txt\"\r\n\r\nx\r\n"
        "--b\r\nContent-Disposition: form-data; name=file; filename*=iso-8859-1''caf%E9.txt\r\n\r\nx\r\n"
        "--b\r\nContent-Disposition: form-data; name=file; filename=\"\xc3\xa9t\xc3\xa9.txt\"\r\n\r\nx\r\n"
        "--b--\r\n";
    PL_CHECK_INT(parse(b, strlen(b), "b", parts, &n), ==, 0);
    PL_CHECK_INT(n, ==, 6);
    if (n != 6)
        return;
    PL_CHECK_STR(parts[0].filename, "say \"hi\".txt");
    PL_CHECK_STR(parts[1].filename, "C:\\dir\\a.md"); /* a backslash is only an escape before " or \ */
    PL_CHECK_STR(parts[2].filename, "r\xc3\xa9sum\xc3\xa9.pdf");
    PL_CHECK_STR(parts[3].filename, "\xe2\x82\xac.txt");
    PL_CHECK_INT(parts[4].has_filename, ==, 0); /* a charset other than UTF-8 is ignored */
    PL_CHECK_STR(parts[5].filename, "\xc3\xa9t\xc3\xa9.txt");
    /* the cleaned name keeps the last component only */
    char clean[PL_DOCS_FILENAME_MAX + 1];
    PL_CHECK_INT(pl_docs_filename_clean(parts[1].filename, strlen(parts[1].filename), clean), ==, 0);
    PL_CHECK_STR(clean, "a.md");
}

static int parse_str(const char *b)
{
    pl_docs_part_t parts[MAXP];
    size_t n;
    return parse(b, strlen(b), "b", parts, &n);
}

PL_TEST(malformed_bodies)
{
    /* no delimiter at all */
    PL_CHECK_INT(parse_str("just some text"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(parse_str(""), ==, PL_ERR_PARSE);
    /* truncated: no closing delimiter */
    PL_CHECK_INT(parse_str("--b\r\nContent-Disposition: form-data; name=a\r\n\r\nxyz"), ==, PL_ERR_PARSE);
    /* bare LF in the headers */
    PL_CHECK_INT(parse_str("--b\r\nContent-Disposition: form-data; name=a\n\r\nx\r\n--b--"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(parse_str("--b\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--b--"), ==, PL_ERR_PARSE);
    /* CR without LF */
    PL_CHECK_INT(parse_str("--b\r\nContent-Disposition: form-data; name=a\rX\r\n\r\nx\r\n--b--"), ==, PL_ERR_PARSE);
    /* header folding */
    PL_CHECK_INT(parse_str("--b\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\nx\r\n--b--"), ==, PL_ERR_PARSE);
    /* no Content-Disposition, or not form-data, or no name */
    PL_CHECK_INT(parse_str("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(parse_str("--b\r\n\r\nx\r\n--b--"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(parse_str("--b\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--b--"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(parse_str("--b\r\nContent-Disposition: form-data; filename=a\r\n\r\nx\r\n--b--"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(parse_str("--b\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nx\r\n--b--"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(parse_str("--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n--b--"), ==, PL_ERR_PARSE);
    PL_CHECK_INT(parse_str("--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--b--"), ==, PL_ERR_PARSE);
    /* two Content-Disposition headers */
    PL_CHECK_INT(parse_str("--b\r\nContent-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=c\r\n\r\nx\r\n--b--"), ==, PL_ERR_PARSE);
    /* a delimiter followed by something else inside the data */
    PL_CHECK_INT(parse_str("--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--bb\r\n--b--"), ==, PL_ERR_PARSE);
    /* a header line without a colon */
    PL_CHECK_INT(parse_str("--b\r\nContent-Disposition form-data\r\n\r\nx\r\n--b--"), ==, PL_ERR_PARSE);
    /* transfer encodings */
    PL_CHECK_INT(parse_str("--b\r\nContent-Disposition: form-data; name=a\r\nContent-Transfer-Encoding: base64\r\n\r\neA==\r\n--b--"), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(parse_str("--b\r\nContent-Disposition: form-data; name=a\r\nContent-Transfer-Encoding: binary\r\n\r\nx\r\n--b--"), ==, 0);
    /* bad arguments */
    size_t n;
    pl_docs_part_t parts[1];
    PL_CHECK_INT(pl_docs_multipart_parse("x", 1, "", 0, parts, 1, &n), ==, PL_ERR_INVALID_ARGUMENT);
    PL_CHECK_INT(pl_docs_multipart_parse("x", 1, "b", 1, parts, 1, NULL), ==, PL_ERR_INVALID_ARGUMENT);
}

PL_TEST(every_truncation_fails)
{
    /* The close delimiter ends at this offset; any shorter prefix is cut. */
    size_t whole = 0;
    for (size_t i = 0; i + 7 <= sizeof(browser_body) - 1 && whole == 0; i++)
        if (memcmp(browser_body + i, "--XyZ--", 7) == 0)
            whole = i + 7;
    PL_CHECK(whole > 300);
    pl_docs_part_t parts[MAXP];
    for (size_t cut = 0; cut < whole; cut++) {
        size_t n = 0;
        int rv = parse(browser_body, cut, "XyZ", parts, &n);
        if (rv == 0) {
            fprintf(stderr, "  a prefix of %zu bytes parsed\n", cut);
            PL_CHECK_INT(rv, !=, 0);
            break;
        }
        PL_CHECK_INT(n, ==, 0);
    }
    size_t n = 0;
    PL_CHECK_INT(parse(browser_body, whole, "XyZ", parts, &n), ==, 0);
    PL_CHECK_INT(n, ==, 3);
}

PL_TEST(limits)
{
    pl_docs_part_t parts[MAXP];
    size_t n;
    /* more parts than room */
    pl_buf_t b = PL_BUF_INIT(0);
    for (int i = 0; i < MAXP + 1; i++)
        pl_buf_appendf(&b, "--b\r\nContent-Disposition: form-data; name=p%d\r\n\r\nv\r\n", i);
    pl_buf_append_str(&b, "--b--\r\n");
    PL_CHECK_INT(parse(b.data, b.len, "b", parts, &n), ==, PL_ERR_TOO_LARGE);
    pl_docs_part_t more[MAXP + 1];
    PL_CHECK_INT(pl_docs_multipart_parse(b.data, b.len, "b", 1, more, MAXP + 1, &n), ==, 0);
    PL_CHECK_INT(n, ==, MAXP + 1);
    pl_buf_free(&b);
    /* too many header lines */
    pl_buf_append_str(&b, "--b\r\nContent-Disposition: form-data; name=a\r\n");
    for (int i = 0; i < PL_DOCS_PART_HEADERS_MAX; i++)
        pl_buf_appendf(&b, "X-H%d: v\r\n", i);
    pl_buf_append_str(&b, "\r\nx\r\n--b--");
    PL_CHECK_INT(parse(b.data, b.len, "b", parts, &n), ==, PL_ERR_TOO_LARGE);
    pl_buf_free(&b);
    /* a header section over its cap */
    pl_buf_append_str(&b, "--b\r\nContent-Disposition: form-data; name=a\r\nX-Long: ");
    for (int i = 0; i < PL_DOCS_PART_HEADER_BYTES; i++)
        pl_buf_append(&b, "a", 1);
    pl_buf_append_str(&b, "\r\n\r\nx\r\n--b--");
    PL_CHECK_INT(parse(b.data, b.len, "b", parts, &n), ==, PL_ERR_TOO_LARGE);
    pl_buf_free(&b);
    /* a name over its cap */
    pl_buf_append_str(&b, "--b\r\nContent-Disposition: form-data; name=");
    for (int i = 0; i < PL_DOCS_PART_NAME_MAX + 1; i++)
        pl_buf_append(&b, "n", 1);
    pl_buf_append_str(&b, "\r\n\r\nx\r\n--b--");
    PL_CHECK_INT(parse(b.data, b.len, "b", parts, &n), ==, PL_ERR_TOO_LARGE);
    pl_buf_free(&b);
}

PL_TEST(large_file_part)
{
    /* 1 MiB of data full of near-delimiters is scanned in one pass. */
    pl_buf_t b = PL_BUF_INIT(0);
    pl_buf_append_str(&b, "--boundary\r\nContent-Disposition: form-data; name=file; filename=big.txt\r\n\r\n");
    size_t start = b.len;
    while (b.len - start < 1024 * 1024)
        pl_buf_append_str(&b, "\r\n--boundar\r\n-boundary\r\n");
    size_t data_len = b.len - start;
    pl_buf_append_str(&b, "\r\n--boundary--\r\n");
    pl_docs_part_t parts[MAXP];
    size_t n;
    PL_CHECK_INT(parse(b.data, b.len, "boundary", parts, &n), ==, 0);
    PL_CHECK_INT(n, ==, 1);
    PL_CHECK_INT(parts[0].len, ==, data_len);
    PL_CHECK(parts[0].data == b.data + start);
    pl_buf_free(&b);
}

PL_TEST_MAIN(PL_TEST_ENTRY(boundary_parameter),
             PL_TEST_ENTRY(browser_body_parts),
             PL_TEST_ENTRY(body_without_preamble_and_final_crlf),
             PL_TEST_ENTRY(filenames),
             PL_TEST_ENTRY(malformed_bodies),
             PL_TEST_ENTRY(every_truncation_fails),
             PL_TEST_ENTRY(limits),
             PL_TEST_ENTRY(large_file_part))
