/*
 * test_tutor_wire.c - the seed 000 dialect's fast serializer for the
 * stream's events (typing on/off, stream start, chunks, stream end) gives
 * exactly the bytes of the generated serializer: escaping of every control
 * byte, quotes and backslashes, multi-byte UTF-8, the length bounds of each
 * field in code points, invalid UTF-8, seq bounds, optional fields, texts
 * too long for the fast path, and random events. Also checks the fast path
 * really writes the common events (so the comparison is not vacuous).
 */
#include "pl_test.h"
#include "tutor_wire_check.h"

#include "parley/error.h"

#include <stdint.h>
#include <stdlib.h>

static const pl_ev_kind_t FAST_KINDS[] = {PL_EV_TYPING_START, PL_EV_TYPING_STOP,
                                          PL_EV_STREAM_START, PL_EV_STREAM_CHUNK,
                                          PL_EV_STREAM_END};
#define N_FAST (sizeof(FAST_KINDS) / sizeof(FAST_KINDS[0]))

static pl_engine_event_t event(pl_ev_kind_t kind, const char *text, size_t len)
{
    pl_engine_event_t ev = {0};
    ev.kind = kind;
    ev.seq = 42;
    ev.at_ms = INT64_C(1705318200123);
    ev.message_id = "ai_tutor_response_1705318200.123";
    ev.text = text;
    ev.len = len;
    ev.status = "complete";
    return ev;
}

/* Every fast kind with this text as chunk / full text, message id and conversation id. */
static void check_text(const char *s, size_t len)
{
    char id[512];
    size_t idn = len < sizeof(id) - 1 ? len : sizeof(id) - 1;
    memcpy(id, s, idn);
    id[idn] = '\0';
    for (size_t k = 0; k < N_FAST; k++) {
        pl_engine_event_t ev = event(FAST_KINDS[k], s, len);
        PL_CHECK(tutor_wire_agree(&ev, "6507f1f77e1a2b3c4d5e6f7a", NULL));
        ev.message_id = id;
        PL_CHECK(tutor_wire_agree(&ev, "6507f1f77e1a2b3c4d5e6f7a", NULL));
        if (strlen(id) > 0)
            PL_CHECK(tutor_wire_agree(&ev, id, NULL));
    }
}

PL_TEST(common_events_take_the_fast_path)
{
    const char *chunk = "A quadratic equation has the form ax^2 + bx + c = 0 (\xc2\xb1 sqrt).";
    for (size_t k = 0; k < N_FAST; k++) {
        pl_engine_event_t ev = event(FAST_KINDS[k], chunk, strlen(chunk));
        int took = 0;
        PL_CHECK(tutor_wire_agree(&ev, "6507f1f77e1a2b3c4d5e6f7a", &took));
        PL_CHECK(took);
    }
    /* what it writes, spelled out once */
    pl_engine_event_t ev = event(PL_EV_STREAM_CHUNK, "a \"b\"\n", 7);
    pl_buf_t out = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_tutor__serialize(&ev, "c1", 2, &out), ==, 0);
    PL_CHECK_STR(out.data, "{\"mt\":\"stream_chunk\",\"conversationId\":\"c1\",\"messageId\":"
                           "\"ai_tutor_response_1705318200.123\",\"chunk\":\"a \\\"b\\\"\\n\\u0000\","
                           "\"timestamp\":\"2024-01-15T11:30:00.123Z\",\"seq\":42}");
    pl_buf_free(&out);
    /* the kinds it does not write go to the generated serializer */
    const pl_ev_kind_t slow[] = {PL_EV_USER_MESSAGE, PL_EV_ERROR, PL_EV_TITLE, PL_EV_STATE};
    for (size_t k = 0; k < sizeof(slow) / sizeof(slow[0]); k++) {
        pl_engine_event_t e2 = event(slow[k], "hello", 5);
        e2.user_id = "123";
        e2.error_code = "brain_error";
        pl_buf_t o = PL_BUF_INIT(0);
        PL_CHECK_INT(pl_tutor__serialize(&e2, "c1", 2, &o), ==, 1);
        PL_CHECK_INT(o.len, ==, 0);
        pl_buf_free(&o);
        PL_CHECK(tutor_wire_agree(&e2, "c1", NULL));
    }
}

PL_TEST(every_byte_is_escaped_the_same)
{
    for (int c = 0; c < 256; c++) {
        char s[4] = {'x', (char)c, 'y', 0};
        check_text(s, 3);
        check_text(s + 1, 1);
    }
    const char *samples[] = {
        "", "\"", "\\", "/", "\\\"\\\"", "</script>", "tab\there", "\x7f", "caf\xc3\xa9",
        "\xe2\x82\xac 100", "\xf0\x9f\x98\x80 emoji", "\xed\x9f\xbf", "\xef\xbf\xbf",
        "\xf4\x8f\xbf\xbf",
        /* invalid: overlong, surrogate, past U+10FFFF, truncated, stray continuation */
        "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\x80",
        "\xf0\x9f\x98"};
    for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
        check_text(samples[i], strlen(samples[i]));
}

PL_TEST(length_bounds_match)
{
    /* ids: 1..128 code points; chunk 1..65536; fullText 0..65536; the fast
     * path itself stops at 4096 bytes of output */
    size_t lens[] = {0, 1, 127, 128, 129, 1000, 4000, 4096, 5000, 65536, 65537, 70000};
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        size_t n = lens[i];
        char *a = malloc(n + 1), *m = malloc(2 * n + 1);
        memset(a, 'a', n);
        a[n] = '\0';
        for (size_t j = 0; j < n; j++)
            memcpy(m + 2 * j, "\xc3\xa9", 2); /* n code points in 2n bytes */
        m[2 * n] = '\0';
        check_text(a, n);
        check_text(m, 2 * n);
        for (size_t k = 0; k < N_FAST; k++) {
            pl_engine_event_t ev = event(FAST_KINDS[k], "x", 1);
            PL_CHECK(tutor_wire_agree(&ev, n > 0 ? a : "c", NULL));
            PL_CHECK(tutor_wire_agree(&ev, 2 * n > 0 ? m : "c", NULL));
        }
        free(a);
        free(m);
    }
}

PL_TEST(seq_and_optional_fields_match)
{
    const uint64_t seqs[] = {0, 1, 2, 9, 10, 99, 1000, UINT64_C(9007199254740991),
                             UINT64_C(9007199254740992), UINT64_C(1) << 63, UINT64_MAX};
    const char *statuses[] = {"complete", "stopped", "failed", NULL};
    const int64_t times[] = {0, -5, 1, INT64_C(253402300799999), INT64_C(253402300800000),
                             INT64_MAX / 2};
    for (size_t i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++)
        for (size_t k = 0; k < N_FAST; k++)
            for (size_t s = 0; s < sizeof(statuses) / sizeof(statuses[0]); s++)
                for (size_t t = 0; t < sizeof(times) / sizeof(times[0]); t++) {
                    pl_engine_event_t ev = event(FAST_KINDS[k], "chunk", 5);
                    ev.seq = seqs[i];
                    ev.status = statuses[s];
                    ev.at_ms = times[t];
                    PL_CHECK(tutor_wire_agree(&ev, "conv", NULL));
                    ev.message_id = NULL;
                    PL_CHECK(tutor_wire_agree(&ev, "conv", NULL));
                }
    pl_engine_event_t ev = event(PL_EV_STREAM_CHUNK, NULL, 0);
    PL_CHECK(tutor_wire_agree(&ev, "conv", NULL));
    ev = event(PL_EV_STREAM_START, "x", 1);
    PL_CHECK(tutor_wire_agree(&ev, NULL, NULL));
}

PL_TEST(random_events_match)
{
    static const char *const pieces[] = {"a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\x01",
                                         "\x1f", "\x7f", "\xc3\xa9", "\xe2\x82\xac",
                                         "\xf0\x9f\x98\x80", "\xc3", "\x80", "\xed\xa0\x80"};
    unsigned seed = 12345;
    int taken = 0;
    for (int i = 0; i < 20000; i++) {
        char text[600], id[200];
        size_t tn = 0, in = 0;
        int parts = rand_r(&seed) % 40, idparts = 1 + rand_r(&seed) % 12;
        for (int j = 0; j < parts; j++) {
            const char *p = pieces[rand_r(&seed) % (sizeof(pieces) / sizeof(pieces[0]))];
            size_t pn = strlen(p);
            memcpy(text + tn, p, pn);
            tn += pn;
        }
        text[tn] = '\0';
        for (int j = 0; j < idparts; j++) {
            /* ids mostly valid */
            const char *p = pieces[rand_r(&seed) % 14];
            size_t pn = strlen(p);
            memcpy(id + in, p, pn);
            in += pn;
        }
        id[in] = '\0';
        pl_engine_event_t ev = event(FAST_KINDS[rand_r(&seed) % N_FAST], text, tn);
        ev.seq = (uint64_t)(rand_r(&seed) % 3);
        ev.message_id = rand_r(&seed) % 2 ? id : ev.message_id;
        ev.status = rand_r(&seed) % 2 ? "complete" : "stopped";
        int took = 0;
        PL_CHECK(tutor_wire_agree(&ev, rand_r(&seed) % 2 ? id : "c1", &took));
        taken += took;
    }
    PL_CHECK_INT(taken, >, 5000); /* many went through the fast path */
}

PL_TEST_MAIN(PL_TEST_ENTRY(common_events_take_the_fast_path),
             PL_TEST_ENTRY(every_byte_is_escaped_the_same), PL_TEST_ENTRY(length_bounds_match),
             PL_TEST_ENTRY(seq_and_optional_fields_match), PL_TEST_ENTRY(random_events_match))
