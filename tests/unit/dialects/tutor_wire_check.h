/*
 * tutor_wire_check.h - shared by the seed 000 wire test and its fuzzer: one
 * engine event through both serializers of the tutor dialect (the
 * hand-written fast path and the generated one), which must agree.
 */
#ifndef TUTOR_WIRE_CHECK_H
#define TUTOR_WIRE_CHECK_H

#include "dialects/tutor_int.h"
#include "parley/mem.h"

#include <string.h>

/*
 * Serializes ev both ways. Returns 1 when the results agree (same return
 * code, same bytes), 0 when they differ. *fast_took tells whether the fast
 * path wrote it.
 */
static inline int tutor_wire_agree(const pl_engine_event_t *ev, const char *conv_id, int *fast_took)
{
    pl_buf_t a = PL_BUF_INIT(0), b = PL_BUF_INIT(0), f = PL_BUF_INIT(0);
    int ra = pl_tutor__serialize(ev, conv_id, 1, &a);
    int rb = pl_tutor__serialize(ev, conv_id, 0, &b);
    int rf = pl_tutor__serialize(ev, conv_id, 2, &f);
    int same = ra == rb && a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
    if (rf == 0)
        same = same && rb == 0 && f.len == b.len && memcmp(f.data, b.data, f.len) == 0;
    if (fast_took != NULL)
        *fast_took = rf == 0;
    pl_buf_free(&a);
    pl_buf_free(&b);
    pl_buf_free(&f);
    return same;
}

#endif
