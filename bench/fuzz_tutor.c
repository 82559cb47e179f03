/*
 * fuzz_tutor.c - libFuzzer harness for the load generator's parsers of the
 * seed 000 server's bytes (tutor_proto.c). The first input byte picks the
 * target: 0-1, the rest split at NUL bytes into a sequence of events fed
 * through one parser (so its reused yajl handle sees every kind of broken
 * message before a good one) and into one exchange check; 2, the HTTP
 * response parser, with every shorter prefix; 3, the conversation id
 * extractor. Checks the invariants the load generator relies on: sizes
 * within their caps, a refused exchange left idle, a complete response
 * INCOMPLETE one byte short, the body inside its buffer.
 */
#include "tutor_proto.h"

#include "parley/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const lg_tutor_text_t *t)
{
    if (t->set && (t->len > LG_TUTOR_MAX_TEXT || t->p == NULL || t->p[t->len] != '\0'))
        abort();
    if (!t->set && t->len != 0)
        abort();
}

static void fuzz_events(const uint8_t *data, size_t size, unsigned chunks)
{
    static const char good[] = "{\"mt\":\"title_updated\",\"conversationId\":\"c\"}";
    lg_tutor_parser_t p;
    lg_tutor_exchange_t x;
    size_t off = 0;

    if (lg_tutor_parser_init(&p) != 0)
        return;
    lg_tutor_exchange_init(&x, "c", chunks);
    lg_tutor_exchange_begin(&x, "t", "hi");
    while (off <= size) {
        const uint8_t *nul = off < size ? memchr(data + off, 0, size - off) : NULL;
        size_t n = nul ? (size_t)(nul - (data + off)) : size - off;
        int rc = lg_tutor_parse_event(&p, data + off, n);
        if (rc != 0 && rc != PL_ERR_PARSE && rc != PL_ERR_SCHEMA && rc != PL_ERR_TOO_LARGE &&
            rc != PL_ERR_NOMEM)
            abort();
        if (rc == 0) {
            const lg_tutor_event_t *ev = &p.ev;
            if (ev->mt_name[0] == '\0' || strlen(ev->mt_name) > LG_TUTOR_MAX_MT)
                abort();
            if (strlen(ev->conversation_id) > LG_TUTOR_MAX_ID || strlen(ev->token) > LG_TUTOR_MAX_ID ||
                strlen(ev->message_id) > LG_TUTOR_MAX_ID)
                abort();
            if (ev->is_final < -1 || ev->is_final > 1)
                abort();
            check_text(&ev->chunk);
            check_text(&ev->full_text);
            check_text(&ev->error);
            check_text(&ev->message);
            int st = lg_tutor_exchange_step(&x, ev);
            if (st < 0 && x.state != LG_TUTOR_X_IDLE)
                abort();
            if (x.answer_len > LG_TUTOR_MAX_ANSWER)
                abort();
            if (x.state == LG_TUTOR_X_IDLE)
                lg_tutor_exchange_begin(&x, "t", "hi");
        }
        /* whatever came before, a well-formed event still parses */
        if (lg_tutor_parse_event(&p, (const uint8_t *)good, sizeof(good) - 1) != 0 ||
            p.ev.mt != LG_TUTOR_MT_TITLE_UPDATED)
            abort();
        if (nul == NULL)
            break;
        off += n + 1;
    }
    lg_tutor_exchange_free(&x);
    lg_tutor_parser_free(&p);
}

static void fuzz_http(const char *buf, size_t size)
{
    char body[512];
    size_t blen = 0;
    int status = 0;

    for (int eof = 0; eof <= 1; eof++) {
        int r = lg_tutor_parse_http_response(buf, size, eof, &status, body, sizeof(body), &blen);
        if (r == 0)
            abort();
        if (r > 0) {
            if ((size_t)r > size || blen >= sizeof(body) || body[blen] != '\0')
                abort();
            if (status < 100 || status > 999)
                abort();
            if (!eof && lg_tutor_parse_http_response(buf, (size_t)r - 1, 0, &status, body,
                                                     sizeof(body), &blen) != PL_ERR_INCOMPLETE)
                abort();
        }
    }
}

static void fuzz_id(const char *buf, size_t size)
{
    char id[LG_TUTOR_MAX_ID + 1];
    int rc = lg_tutor_parse_conversation_id(buf, size, id);
    if (rc == 0) {
        size_t n = strlen(id);
        if (n == 0 || n > LG_TUTOR_MAX_ID || strspn(id, "abcdefghijklmnopqrstuvwxyz"
                                                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-") != n)
            abort();
    } else if (id[0] != '\0') {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    switch (data[0] & 3) {
    case 0:
    case 1:
        fuzz_events(data + 1, size - 1, (unsigned)(data[0] >> 2) & 3);
        break;
    case 2:
        fuzz_http((const char *)data + 1, size - 1);
        break;
    default:
        fuzz_id((const char *)data + 1, size - 1);
        break;
    }
    return 0;
}
