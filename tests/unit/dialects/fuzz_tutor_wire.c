/*
 * fuzz_tutor_wire.c - libFuzzer harness for the seed 000 dialect's fast
 * serializer: the input is cut into an event (kind, seq, time, stop flag,
 * conversation id, message id, text) and serialized by both the fast path
 * and the generated serializer; any difference in return code or bytes
 * aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tutor_wire_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next field: bytes up to a 0xFF separator (or the end), NUL-terminated copy. */
static char *field(const uint8_t **p, const uint8_t *end, size_t *len)
{
    const uint8_t *s = *p, *e = s;
    while (e < end && *e != 0xFF)
        e++;
    *len = (size_t)(e - s);
    char *out = malloc(*len + 1);
    if (out == NULL)
        abort();
    memcpy(out, s, *len);
    out[*len] = '\0';
    *p = e < end ? e + 1 : e;
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const pl_ev_kind_t kinds[] = {PL_EV_TYPING_START, PL_EV_TYPING_STOP,
                                         PL_EV_STREAM_START, PL_EV_STREAM_CHUNK,
                                         PL_EV_STREAM_END,   PL_EV_USER_MESSAGE};
    if (size < 11)
        return 0;
    pl_engine_event_t ev = {0};
    ev.kind = kinds[data[0] % (sizeof(kinds) / sizeof(kinds[0]))];
    uint64_t seq = 0;
    for (int i = 0; i < 4; i++)
        seq = seq << 8 | data[1 + i];
    ev.seq = data[5] & 0x80 ? seq << 24 : seq % 1000;
    int64_t at = 0;
    for (int i = 0; i < 4; i++)
        at = at << 8 | data[6 + i];
    ev.at_ms = at * 1000;
    ev.status = data[10] & 1 ? "stopped" : "complete";
    const uint8_t *p = data + 11, *end = data + size;
    size_t conv_len, mid_len, text_len;
    char *conv = field(&p, end, &conv_len);
    char *mid = field(&p, end, &mid_len);
    char *text = field(&p, end, &text_len);
    ev.message_id = data[10] & 2 ? NULL : mid;
    ev.text = text;
    ev.len = text_len;
    ev.user_id = "123";
    if (!tutor_wire_agree(&ev, conv, NULL))
        abort();
    free(conv);
    free(mid);
    free(text);
    return 0;
}
