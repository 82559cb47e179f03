/*
 * Unit tests of the WebSocket UTF-8 validator (pl_ws_utf8_*): vectors in the
 * spirit of Markus Kuhn's stress test and Autobahn's case 6, checked whole,
 * byte by byte, and for failing at the exact first impossible byte.
 */
#include "pl_test.h"

#include "parley/error.h"
#include "parley/ws.h"

typedef struct vec {
    const char *name;
    const char *bytes;
    size_t len;
    int valid;
    /* for invalid input: bytes accepted before the failing one; -1: only
     * finish() fails (the text is truncated) */
    int fail_at;
} vec_t;

#define V(name, s, valid, at) {name, s, sizeof(s) - 1, valid, at}

static const vec_t vectors[] = {
    V("empty", "", 1, 0),
    V("ascii", "Hello, world", 1, 0),
    V("ascii long", "0123456789abcdef0123456789abcdef0123456789", 1, 0),
    V("kosme", "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5", 1, 0),
    V("U+0080", "\xc2\x80", 1, 0),
    V("U+07FF", "\xdf\xbf", 1, 0),
    V("U+0800", "\xe0\xa0\x80", 1, 0),
    V("U+FFFF", "\xef\xbf\xbf", 1, 0),
    V("U+D7FF", "\xed\x9f\xbf", 1, 0),
    V("U+E000", "\xee\x80\x80", 1, 0),
    V("U+FFFD", "\xef\xbf\xbd", 1, 0),
    V("U+10000", "\xf0\x90\x80\x80", 1, 0),
    V("U+10FFFF", "\xf4\x8f\xbf\xbf", 1, 0),
    V("noncharacter U+FFFE", "\xef\xbf\xbe", 1, 0),
    V("nul byte", "a\0b", 1, 0),
    V("mixed after ascii run", "abcdefghijklmnop\xc3\xa9qrstuvwx\xf0\x9f\x98\x80", 1, 0),

    /* stray and missing continuation bytes */
    V("lone continuation 80", "\x80", 0, 0),
    V("lone continuation bf", "\xbf", 0, 0),
    V("continuation after ascii", "ab\x80", 0, 2),
    V("two-byte lead then ascii", "\xc2" "a", 0, 1),
    V("three-byte lead then ascii", "\xe1\x80" "a", 0, 2),
    V("four-byte lead then ascii", "\xf1\x80\x80" "a", 0, 3),
    V("extra continuation", "\xc2\x80\x80", 0, 2),
    /* overlongs */
    V("overlong / in 2 bytes", "\xc0\xaf", 0, 0),
    V("overlong / C1", "\xc1\xbf", 0, 0),
    V("overlong / in 3 bytes", "\xe0\x80\xaf", 0, 1),
    V("overlong U+07FF in 3", "\xe0\x9f\xbf", 0, 1),
    V("overlong / in 4 bytes", "\xf0\x80\x80\xaf", 0, 1),
    V("overlong U+FFFF in 4", "\xf0\x8f\xbf\xbf", 0, 1),
    V("overlong nul 5 bytes", "\xf8\x80\x80\x80\x80", 0, 0),
    /* surrogates */
    V("U+D800", "\xed\xa0\x80", 0, 1),
    V("U+DBFF", "\xed\xaf\xbf", 0, 1),
    V("U+DC00", "\xed\xb0\x80", 0, 1),
    V("U+DFFF", "\xed\xbf\xbf", 0, 1),
    V("surrogate pair", "\xed\xa0\x80\xed\xb0\x80", 0, 1),
    /* beyond U+10FFFF and impossible bytes */
    V("U+110000", "\xf4\x90\x80\x80", 0, 1),
    V("F5 lead", "\xf5\x80\x80\x80", 0, 0),
    V("FE", "\xfe", 0, 0),
    V("FF", "\xff", 0, 0),
    V("kosme then U+110000", "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xf4\x90\x80\x80", 0, 12),
    /* truncated at the end: only finish() can tell */
    V("truncated 2-byte", "\xc2", 0, -1),
    V("truncated 3-byte", "\xe2\x82", 0, -1),
    V("truncated 4-byte", "\xf0\x9f\x98", 0, -1),
    V("ascii then truncated", "hello\xce", 0, -1),
};

PL_TEST(utf8_vectors_whole)
{
    for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
        const vec_t *v = &vectors[i];
        int rv = pl_ws_utf8_validate(v->bytes, v->len);
        if (rv != (v->valid ? 0 : PL_ERR_UTF8))
            fprintf(stderr, "  vector \"%s\"\n", v->name);
        PL_CHECK_INT(rv, ==, v->valid ? 0 : PL_ERR_UTF8);
    }
}

PL_TEST(utf8_vectors_byte_by_byte_fail_fast)
{
    for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
        const vec_t *v = &vectors[i];
        pl_ws_utf8_t st;
        pl_ws_utf8_init(&st);
        int failed_at = -1;
        for (size_t j = 0; j < v->len; j++) {
            if (pl_ws_utf8_feed(&st, v->bytes + j, 1) != 0) {
                failed_at = (int)j;
                break;
            }
        }
        int expect = v->valid ? -1 : v->fail_at;
        if (failed_at != expect)
            fprintf(stderr, "  vector \"%s\"\n", v->name);
        PL_CHECK_INT(failed_at, ==, expect);
        PL_CHECK_INT(pl_ws_utf8_finish(&st), ==, v->valid ? 0 : PL_ERR_UTF8);
    }
}

PL_TEST(utf8_every_split_of_multibyte_text)
{
    const char text[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z\xed\x9f\xbf\xf4\x8f\xbf\xbf";
    size_t n = sizeof(text) - 1;
    for (size_t cut = 0; cut <= n; cut++) {
        pl_ws_utf8_t st;
        pl_ws_utf8_init(&st);
        PL_CHECK_INT(pl_ws_utf8_feed(&st, text, cut), ==, 0);
        PL_CHECK_INT(pl_ws_utf8_feed(&st, text + cut, n - cut), ==, 0);
        PL_CHECK_INT(pl_ws_utf8_finish(&st), ==, 0);
    }
}

PL_TEST(utf8_rejection_is_sticky)
{
    pl_ws_utf8_t st;
    pl_ws_utf8_init(&st);
    PL_CHECK_INT(pl_ws_utf8_feed(&st, "\xff", 1), ==, PL_ERR_UTF8);
    PL_CHECK_INT(pl_ws_utf8_feed(&st, "abc", 3), ==, PL_ERR_UTF8);
    PL_CHECK_INT(pl_ws_utf8_finish(&st), ==, PL_ERR_UTF8);
    pl_ws_utf8_init(&st);
    PL_CHECK_INT(pl_ws_utf8_feed(&st, "abc", 3), ==, 0);
}

/* Every code point, encoded by hand, must pass exactly when it is a scalar
 * value; every 2-byte sequence must match an independent decoder. */
static size_t encode(uint32_t cp, unsigned char *o)
{
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xc0 | cp >> 6);
        o[1] = (unsigned char)(0x80 | (cp & 63));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xe0 | cp >> 12);
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 63));
        o[2] = (unsigned char)(0x80 | (cp & 63));
        return 3;
    }
    o[0] = (unsigned char)(0xf0 | cp >> 18);
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 63));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 63));
    o[3] = (unsigned char)(0x80 | (cp & 63));
    return 4;
}

PL_TEST(utf8_all_code_points)
{
    unsigned char b[4];
    int bad = 0;
    for (uint32_t cp = 0; cp <= 0x1fffff; cp++) {
        size_t n = encode(cp, b);
        int scalar = cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
        if ((pl_ws_utf8_validate(b, n) == 0) != scalar)
            bad++;
    }
    PL_CHECK_INT(bad, ==, 0);
}

PL_TEST(utf8_all_two_byte_sequences)
{
    int bad = 0;
    for (unsigned a = 0; a < 256; a++) {
        for (unsigned c = 0; c < 256; c++) {
            unsigned char s[2] = {(unsigned char)a, (unsigned char)c};
            int expect;
            if (a < 0x80)
                expect = c < 0x80;
            else if (a >= 0xc2 && a <= 0xdf)
                expect = c >= 0x80 && c <= 0xbf;
            else
                expect = 0; /* stray, overlong lead, or truncated longer sequence */
            if ((pl_ws_utf8_validate(s, 2) == 0) != expect)
                bad++;
        }
    }
    PL_CHECK_INT(bad, ==, 0);
}

PL_TEST_MAIN(PL_TEST_ENTRY(utf8_vectors_whole), PL_TEST_ENTRY(utf8_vectors_byte_by_byte_fail_fast),
             PL_TEST_ENTRY(utf8_every_split_of_multibyte_text),
             PL_TEST_ENTRY(utf8_rejection_is_sticky), PL_TEST_ENTRY(utf8_all_code_points),
             PL_TEST_ENTRY(utf8_all_two_byte_sequences))
