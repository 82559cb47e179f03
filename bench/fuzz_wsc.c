/*
 * fuzz_wsc.c - libFuzzer harness for the load generator's parsers of server
 * bytes (wsc.c). The first input byte picks the target: odd, the 101
 * response check; even, the frame decoder over the rest of the input with a
 * message cap drawn from that byte. Checks the invariants the event loop
 * relies on: consumed lengths stay inside the input, a complete head is
 * INCOMPLETE one byte short, messages respect the cap, control frames are
 * small.
 */
#include "wsc.h"

#include "parley/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_response(const char *buf, size_t size)
{
    static const char key[] = "dGhlIHNhbXBsZSBub25jZQ==";
    int status = 0;
    int r = lg_ws_check_response(buf, size, key, &status);

    if (r == 0 || (r > 0 && (size_t)r > size))
        abort();
    if (r > 0) {
        if (status != 101)
            abort();
        if (lg_ws_check_response(buf, (size_t)r - 1, key, &status) != PL_ERR_INCOMPLETE)
            abort();
    }
}

static void fuzz_frames(const uint8_t *data, size_t size, size_t cap)
{
    lg_ws_decoder_t d;
    size_t off = 0;
    volatile uint8_t sink = 0;

    lg_ws_decoder_init(&d, cap);
    while (off < size) {
        size_t used = 0;
        lg_ws_event_t ev;
        int r = lg_ws_decode(&d, data + off, size - off, &used, &ev);
        if (r < 0)
            break;
        if (used == 0 || used > size - off)
            abort();
        if (r == 1) {
            if (ev.len > cap)
                abort();
            if ((ev.opcode & 0x8) && ev.len > 125)
                abort();
            if (ev.opcode == LG_WS_OP_CONT)
                abort();
            for (size_t i = 0; i < ev.len; i++)
                sink ^= ev.data[i];
        }
        off += used;
    }
    (void)sink;
    lg_ws_decoder_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t sel = data[0];
    if (sel & 1)
        fuzz_response((const char *)data + 1, size - 1);
    else
        fuzz_frames(data + 1, size - 1, 1 + (size_t)(sel >> 1) * 97);
    return 0;
}
