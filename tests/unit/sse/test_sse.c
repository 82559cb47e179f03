/*
 * test_sse.c - the Server-Sent Events parser: every split point of a sample
 * stream gives the same events, the three line endings (and a CRLF split
 * across calls), comments, multi-line data, the event/id/retry fields, the
 * byte order mark, `[DONE]` passed through as data, limits, the callback
 * stopping the parser, the end-of-stream verdict, and random streams checked
 * against the plain reference reading in sse_drive.h.
 */
#include "pl_test.h"
#include "sse_drive.h"

/* A stream with a bit of everything the providers send. */
static const char SAMPLE[] =
    "\xEF\xBB\xBF"
    ": OPENROUTER PROCESSING\r\n"
    "\r\n"
    "retry: 1500\n"
    "data: {\"choices\":[{\"delta\":{\"content\":\"Ol\xC3\xA1\"}}]}\r\n"
    "\r\n"
    "event: delta\r"
    "id: 7\r"
    "data:first line\r"
    "data:  second line\r"
    "\r"
    ": keep-alive\n"
    "data\n"
    "\n"
    "id\n"
    "data: \xE2\x82\xAC and \xF0\x9F\x98\x80\n"
    "unknown: field\n"
    "\n"
    "event: ignored-without-data\n"
    "\n"
    "data: [DONE]\n"
    "\n";

static const char SAMPLE_EVENTS[] =
    "E 7:message|0:|42:{\"choices\":[{\"delta\":{\"content\":\"Ol\xC3\xA1\"}}]}\n"
    "E 5:delta|1:7|23:first line\n second line\n"
    "E 7:message|1:7|0:\n"
    "E 7:message|0:|12:\xE2\x82\xAC and \xF0\x9F\x98\x80\n"
    "E 7:message|0:|6:[DONE]\n"
    "F0\nR1500\n";

static char *transcript_cuts(const char *s, size_t n, const size_t *cuts, size_t ncuts,
                             const pl_sse_limits_t *lim)
{
    pl_buf_t t = PL_BUF_INIT(0);
    sse_run_cuts(&t, lim, (const unsigned char *)s, n, cuts, ncuts, 0);
    return t.data;
}

static char *transcript_step(const char *s, size_t n, size_t step, const pl_sse_limits_t *lim)
{
    pl_buf_t t = PL_BUF_INIT(0);
    sse_run_step(&t, lim, (const unsigned char *)s, n, step, 0);
    return t.data;
}

static char *reference(const char *s, size_t n, const pl_sse_limits_t *lim)
{
    pl_buf_t t = PL_BUF_INIT(0);
    sse_reference(&t, lim, (const unsigned char *)s, n, 0);
    return t.data;
}

/* The transcript of s, fed whole. */
static char *whole(const char *s)
{
    return transcript_step(s, strlen(s), 0, NULL);
}

PL_TEST(sample_whole)
{
    char *t = whole(SAMPLE);
    PL_CHECK_STR(t, SAMPLE_EVENTS);
    pl_free(t);
    t = reference(SAMPLE, strlen(SAMPLE), NULL);
    PL_CHECK_STR(t, SAMPLE_EVENTS);
    pl_free(t);
}

PL_TEST(sample_every_split_point)
{
    size_t n = strlen(SAMPLE);
    int bad = 0;
    for (size_t i = 0; i <= n; i++) {
        char *t = transcript_cuts(SAMPLE, n, &i, 1, NULL);
        if (strcmp(t, SAMPLE_EVENTS) != 0) {
            if (bad++ < 3)
                fprintf(stderr, "  split at %zu:\n%s", i, t);
        }
        pl_free(t);
    }
    /* Every pair of split points too (three pieces). */
    for (size_t i = 0; i <= n; i++) {
        for (size_t j = i; j <= n; j++) {
            size_t cuts[2] = {i, j};
            char *t = transcript_cuts(SAMPLE, n, cuts, 2, NULL);
            if (strcmp(t, SAMPLE_EVENTS) != 0 && bad++ < 3)
                fprintf(stderr, "  split at %zu,%zu:\n%s", i, j, t);
            pl_free(t);
        }
    }
    PL_CHECK_INT(bad, ==, 0);
}

PL_TEST(sample_byte_by_byte)
{
    for (size_t step = 1; step < 8; step++) {
        char *t = transcript_step(SAMPLE, strlen(SAMPLE), step, NULL);
        PL_CHECK_STR(t, SAMPLE_EVENTS);
        pl_free(t);
    }
}

PL_TEST(line_endings)
{
    const char *want = "E 7:message|0:|1:a\nE 7:message|0:|1:b\nF0\nR-1\n";
    const char *streams[] = {
        "data: a\n\ndata: b\n\n",
        "data: a\r\n\r\ndata: b\r\n\r\n",
        "data: a\r\rdata: b\r\r",
        "data: a\r\n\rdata: b\n\r\n",
    };
    for (size_t i = 0; i < sizeof(streams) / sizeof(streams[0]); i++) {
        char *t = whole(streams[i]);
        PL_CHECK_STR(t, want);
        pl_free(t);
        t = transcript_step(streams[i], strlen(streams[i]), 1, NULL);
        PL_CHECK_STR(t, want);
        pl_free(t);
    }
    /* CRLF is one end of line, even split across calls: no extra blank line. */
    const char *s = "data: a\r\ndata: b\r\n\r\n";
    size_t cut = 8; /* between \r and \n */
    char *t = transcript_cuts(s, strlen(s), &cut, 1, NULL);
    PL_CHECK_STR(t, "E 7:message|0:|3:a\nb\nF0\nR-1\n");
    pl_free(t);
    /* LF CR is two ends of line. */
    t = whole("data: a\n\rdata: b\n\n");
    PL_CHECK_STR(t, "E 7:message|0:|1:a\nE 7:message|0:|1:b\nF0\nR-1\n");
    pl_free(t);
}

PL_TEST(comments)
{
    char *t = whole(": hello\n:\n:: x\ndata: a\n: in between\ndata: b\n\n: end\n");
    PL_CHECK_STR(t, "E 7:message|0:|3:a\nb\nF0\nR-1\n");
    pl_free(t);
    /* A comment alone dispatches nothing, and a comment line is not blank. */
    t = whole(": ping\n\n: ping\n\n");
    PL_CHECK_STR(t, "F0\nR-1\n");
    pl_free(t);
}

PL_TEST(data_lines)
{
    char *t = whole("data: one\ndata:two\ndata:  three\ndata\ndata:\ndata: \n\n");
    PL_CHECK_STR(t, "E 7:message|0:|17:one\ntwo\n three\n\n\n\nF0\nR-1\n");
    pl_free(t);
    /* A colon inside the value is data. */
    t = whole("data: a: b\n\n");
    PL_CHECK_STR(t, "E 7:message|0:|4:a: b\nF0\nR-1\n");
    pl_free(t);
    /* Field names are case-sensitive; a space before the colon makes another name. */
    t = whole("Data: x\ndata : y\n\n");
    PL_CHECK_STR(t, "F0\nR-1\n");
    pl_free(t);
    /* NUL bytes in data pass through. */
    static const char nul[] = "data: a\0b\n\n";
    t = transcript_step(nul, sizeof(nul) - 1, 0, NULL);
    PL_CHECK(t != NULL && memcmp(t, "E 7:message|0:|3:a\0b\n", 21) == 0);
    pl_free(t);
}

PL_TEST(event_id_retry)
{
    /* The type applies to one event; the id stays; retry needs digits only. */
    char *t = whole("event: a\nid: 1\nretry: 10\ndata: x\n\ndata: y\n\nretry: 5s\n"
                    "retry:\nretry: -1\ndata: w\n\nid\ndata: v\n\n");
    PL_CHECK_STR(t, "E 1:a|1:1|1:x\nE 7:message|1:1|1:y\nE 7:message|1:1|1:w\n"
                    "E 7:message|0:|1:v\nF0\nR10\n");
    pl_free(t);
    /* An id holding NUL is ignored. */
    static const char nulid[] = "id: 1\ndata: a\n\nid: 2\0z\ndata: b\n\n";
    t = transcript_step(nulid, sizeof(nulid) - 1, 0, NULL);
    PL_CHECK_STR(t, "E 7:message|1:1|1:a\nE 7:message|1:1|1:b\nF0\nR-1\n");
    pl_free(t);
    /* An event type with no data is dropped at the blank line. */
    t = whole("event: lonely\n\ndata: z\n\n");
    PL_CHECK_STR(t, "E 7:message|0:|1:z\nF0\nR-1\n");
    pl_free(t);
    /* The last event id is readable between events. */
    pl_buf_t tb = PL_BUF_INIT(0);
    sse_rec_t r = {&tb, 0, 0};
    pl_sse_parser_t *p;
    PL_CHECK_INT(pl_sse_parser_new(&p, NULL, sse_rec_event, &r), ==, 0);
    PL_CHECK_STR(pl_sse_parser_last_id(p), "");
    PL_CHECK_INT(pl_sse_parser_feed(p, "id: abc\nretry: 99999999999999999999999\n", 40), ==, 0);
    PL_CHECK_STR(pl_sse_parser_last_id(p), "abc");
    PL_CHECK_INT(pl_sse_parser_retry(p), ==, INT64_MAX);
    pl_sse_parser_reset(p);
    PL_CHECK_STR(pl_sse_parser_last_id(p), "");
    PL_CHECK_INT(pl_sse_parser_retry(p), ==, -1);
    pl_sse_parser_free(p);
    pl_buf_free(&tb);
}

PL_TEST(done_is_data)
{
    /* The parser knows nothing of OpenAI's end marker: the caller decides. */
    char *t = whole("data: [DONE]\n\ndata: after\n\n");
    PL_CHECK_STR(t, "E 7:message|0:|6:[DONE]\nE 7:message|0:|5:after\nF0\nR-1\n");
    pl_free(t);
}

PL_TEST(byte_order_mark)
{
    /* Only at the very start, even split inside it. */
    const char *s = "\xEF\xBB\xBF" "data: a\n\n";
    for (size_t cut = 0; cut <= 4; cut++) {
        char *t = transcript_cuts(s, strlen(s), &cut, 1, NULL);
        PL_CHECK_STR(t, "E 7:message|0:|1:a\nF0\nR-1\n");
        pl_free(t);
    }
    /* A second one is part of the line (an unknown field here). */
    char *t = whole("\xEF\xBB\xBF\xEF\xBB\xBF" "data: a\n\n");
    PL_CHECK_STR(t, "F0\nR-1\n");
    pl_free(t);
    /* Bytes that only start like a BOM are a field name. */
    t = whole("\xEF\xBC\x9A" "data: a\n\n");
    PL_CHECK_STR(t, "F0\nR-1\n");
    pl_free(t);
    t = whole("\xEF:x\n\xEF\xBB:y\ndata: ok\n\n");
    PL_CHECK_STR(t, "E 7:message|0:|2:ok\nF0\nR-1\n");
    pl_free(t);
    /* A partial BOM at the end is an open line. */
    t = whole("\xEF\xBB");
    PL_CHECK_STR(t, "F-9\nR-1\n");
    pl_free(t);
    t = whole("\xEF\xBB\xBF");
    PL_CHECK_STR(t, "F0\nR-1\n");
    pl_free(t);
}

PL_TEST(finish_verdicts)
{
    char *t = whole("");
    PL_CHECK_STR(t, "F0\nR-1\n");
    pl_free(t);
    t = whole("data: a\n\n: trailing comment\n");
    PL_CHECK_STR(t, "E 7:message|0:|1:a\nF0\nR-1\n");
    pl_free(t);
    /* The spec discards an event whose blank line never came. */
    t = whole("data: a\n\ndata: b\n");
    PL_CHECK_STR(t, "E 7:message|0:|1:a\nF-9\nR-1\n");
    pl_free(t);
    t = whole("data: a\n\ndata: b");
    PL_CHECK_STR(t, "E 7:message|0:|1:a\nF-9\nR-1\n");
    pl_free(t);
    t = whole(": open comment");
    PL_CHECK_STR(t, "F-9\nR-1\n");
    pl_free(t);
    /* A CR ends its line at once (the LF may never come). */
    t = whole("data: a\r\r");
    PL_CHECK_STR(t, "E 7:message|0:|1:a\nF0\nR-1\n");
    pl_free(t);
}

PL_TEST(limits)
{
    pl_sse_limits_t lim = {16, 32};
    /* A line of exactly max_line bytes is fine, one more is not, however split. */
    const char *ok = "data: 0123456789\n\n";     /* 16-byte line */
    const char *big = "data: 0123456789A\n\n";   /* 17 */
    for (size_t step = 0; step < 4; step++) {
        char *t = transcript_step(ok, strlen(ok), step, &lim);
        PL_CHECK_STR(t, "E 7:message|0:|10:0123456789\nF0\nR-1\n");
        pl_free(t);
        t = transcript_step(big, strlen(big), step, &lim);
        PL_CHECK_STR(t, "X-6\nF-6\nR-1\n");
        pl_free(t);
    }
    /* Comments and unknown fields count as lines too. */
    char *t = whole(": a comment far longer than sixteen\n");
    PL_CHECK_STR(t, "F0\nR-1\n"); /* default limits */
    pl_free(t);
    const char *longc = ": a comment far longer than sixteen\n";
    t = transcript_step(longc, strlen(longc), 3, &lim);
    PL_CHECK_STR(t, "X-6\nF-6\nR-1\n");
    pl_free(t);
    /* The event bound: data lines add up (with their joins). */
    const char *ev = "data: 0123456789\ndata: 0123456789\ndata: 0123456789\n\n";
    t = transcript_step(ev, strlen(ev), 5, &lim);
    PL_CHECK_STR(t, "X-6\nF-6\nR-1\n");
    pl_free(t);
    const char *ev2 = "data: 0123456789\ndata: 012345678\n\n"; /* 10+1+9+1 = 21 */
    t = transcript_step(ev2, strlen(ev2), 5, &lim);
    PL_CHECK_STR(t, "E 7:message|0:|20:0123456789\n012345678\nF0\nR-1\n");
    pl_free(t);
    /* Events before the failing one were delivered; the reference agrees. */
    const char *mix = "data: a\n\ndata: 0123456789ABCDEF\n\n";
    t = transcript_step(mix, strlen(mix), 1, &lim);
    char *r = reference(mix, strlen(mix), &lim);
    PL_CHECK_STR(t, "E 7:message|0:|1:a\nX-6\nF-6\nR-1\n");
    PL_CHECK_STR(r, t);
    pl_free(t);
    pl_free(r);
}

PL_TEST(errors_stick_until_reset)
{
    pl_sse_limits_t lim = {8, 8};
    pl_buf_t tb = PL_BUF_INIT(0);
    sse_rec_t r = {&tb, 0, 0};
    pl_sse_parser_t *p;
    PL_CHECK_INT(pl_sse_parser_new(&p, &lim, sse_rec_event, &r), ==, 0);
    PL_CHECK_INT(pl_sse_parser_feed(p, "data: 123456789", 15), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(pl_sse_parser_feed(p, "\n\ndata: a\n\n", 11), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(pl_sse_parser_finish(p), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(r.events, ==, 0);
    pl_sse_parser_reset(p);
    PL_CHECK_INT(pl_sse_parser_feed(p, "data: a\n\n", 9), ==, 0);
    PL_CHECK_INT(r.events, ==, 1);
    PL_CHECK_INT(pl_sse_parser_finish(p), ==, 0);
    pl_sse_parser_free(p);
    pl_buf_free(&tb);
    PL_CHECK_INT(pl_sse_parser_new(&p, NULL, NULL, NULL), ==, PL_ERR_INVALID_ARGUMENT);
    pl_sse_parser_free(NULL);
}

PL_TEST(callback_stops)
{
    const char *s = "data: 1\n\ndata: 2\n\ndata: 3\n\n";
    for (size_t step = 0; step < 3; step++) {
        pl_buf_t t = PL_BUF_INIT(0);
        sse_run_step(&t, NULL, (const unsigned char *)s, strlen(s), step, 2);
        PL_CHECK_STR(t.data, "E 7:message|0:|1:1\nE 7:message|0:|1:2\nX-14\nF-14\nR-1\n");
        pl_buf_free(&t);
    }
}

/* A deterministic generator of streams made of the grammar's pieces. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static void random_stream(pl_buf_t *b)
{
    static const char *pieces[] = {
        "data", "data:", "data: ", "event", "event: ", "id", "id: ", "retry: ", "retry", ":",
        " ", "x", "12", "\xC3\xA9", "\xF0\x9F\x98\x80", "\r", "\n", "\r\n", "\n\n", "\r\n\r\n",
        "\xEF\xBB\xBF", "\xEF", "[DONE]", "{\"a\":1}", "\0", "unknown: ", "ddata", "dat",
    };
    pl_buf_reset(b);
    unsigned n = rnd(40);
    for (unsigned i = 0; i < n; i++) {
        const char *p = pieces[rnd(sizeof(pieces) / sizeof(pieces[0]))];
        (void)pl_buf_append(b, p, p[0] ? strlen(p) : 1);
    }
}

PL_TEST(random_streams_match_reference)
{
    pl_buf_t s = PL_BUF_INIT(0);
    pl_sse_limits_t small = {12, 20};
    int bad = 0;
    for (int iter = 0; iter < 3000; iter++) {
        random_stream(&s);
        const pl_sse_limits_t *lim = (iter % 3 == 0) ? &small : NULL;
        const char *d = s.data ? s.data : "";
        char *want = reference(d, s.len, lim);
        size_t cut = s.len ? rnd((unsigned)s.len + 1) : 0;
        char *a = transcript_step(d, s.len, 0, lim);
        char *b = transcript_step(d, s.len, 1, lim);
        char *c = transcript_cuts(d, s.len, &cut, 1, lim);
        if (strcmp(a, want) != 0 || strcmp(b, want) != 0 || strcmp(c, want) != 0) {
            if (bad++ < 2)
                fprintf(stderr, "  stream %d (%zu bytes) differs:\nwant:\n%sgot:\n%s", iter, s.len,
                        want, a);
        }
        pl_free(want);
        pl_free(a);
        pl_free(b);
        pl_free(c);
    }
    pl_buf_free(&s);
    PL_CHECK_INT(bad, ==, 0);
}

PL_TEST_MAIN(PL_TEST_ENTRY(sample_whole), PL_TEST_ENTRY(sample_every_split_point),
             PL_TEST_ENTRY(sample_byte_by_byte), PL_TEST_ENTRY(line_endings),
             PL_TEST_ENTRY(comments), PL_TEST_ENTRY(data_lines), PL_TEST_ENTRY(event_id_retry),
             PL_TEST_ENTRY(done_is_data), PL_TEST_ENTRY(byte_order_mark),
             PL_TEST_ENTRY(finish_verdicts), PL_TEST_ENTRY(limits),
             PL_TEST_ENTRY(errors_stick_until_reset), PL_TEST_ENTRY(callback_stops),
             PL_TEST_ENTRY(random_streams_match_reference))
