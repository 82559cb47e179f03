/*
 * libFuzzer harness of the Server-Sent Events parser.
 *
 * Input: byte 0 picks the limits (defaults, or tiny ones every input can
 * reach) and whether the callback stops at the second event; bytes 1-2 a cut
 * position; the rest is a stream. The stream is parsed whole, cut in two at
 * that position, and fed in slices of a size taken from byte 0; the three
 * transcripts (events, errors, end-of-stream verdict, retry) must be
 * identical, and equal to the plain whole-buffer reference reading in
 * sse_drive.h. Any difference aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sse_drive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    unsigned mode = data[0];
    size_t cut = ((size_t)data[1] << 8) | data[2];
    const unsigned char *s = data + 3;
    size_t n = size - 3;
    if (cut > n)
        cut = n ? cut % (n + 1) : 0;
    pl_sse_limits_t tiny = {1 + (mode >> 4), 1 + ((mode >> 1) & 7) * 3};
    const pl_sse_limits_t *lim = (mode & 1) ? &tiny : NULL;
    int stop_after = (mode & 0x08) ? 2 : 0;
    size_t step = 1 + ((mode >> 2) & 3);

    pl_buf_t ref = PL_BUF_INIT(0), a = PL_BUF_INIT(0), b = PL_BUF_INIT(0), c = PL_BUF_INIT(0);
    sse_reference(&ref, lim, s, n, stop_after);
    sse_run_cuts(&a, lim, s, n, NULL, 0, stop_after);
    sse_run_cuts(&b, lim, s, n, &cut, 1, stop_after);
    sse_run_step(&c, lim, s, n, step, stop_after);
    if (strcmp(ref.data, a.data) != 0 || strcmp(a.data, b.data) != 0 ||
        strcmp(a.data, c.data) != 0) {
        fprintf(stderr, "transcripts differ (cut %zu, step %zu)\nreference:\n%s\nwhole:\n%s\n"
                        "cut:\n%s\nstep:\n%s\n", cut, step, ref.data, a.data, b.data, c.data);
        abort();
    }
    pl_buf_free(&ref);
    pl_buf_free(&a);
    pl_buf_free(&b);
    pl_buf_free(&c);
    return 0;
}
