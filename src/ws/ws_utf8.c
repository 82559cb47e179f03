/*
 * ws_utf8.c - incremental, fail-fast UTF-8 validation for WebSocket text.
 *
 * A deterministic automaton over byte classes, in the style of Bjoern
 * Hoehrmann's decoder: each byte maps to one of 12 classes, and
 * (state, class) gives the next state. The states track exactly which
 * continuation bytes may follow, so overlongs (C0, C1, E0 80-9F,
 * F0 80-8F), UTF-16 surrogates (ED A0-BF) and code points above U+10FFFF
 * (F4 90-BF, F5-FF) are rejected at the first byte that rules out every
 * valid continuation. Runs of ASCII are skipped eight bytes at a time.
 */
#include "parley/error.h"
#include "parley/ws.h"

#include <string.h>

/* Byte classes:
 *  0: 00-7F  1: 80-8F  2: 90-9F  3: A0-BF  4: C0-C1,F5-FF  5: C2-DF
 *  6: E0     7: E1-EC,EE-EF      8: ED     9: F0  10: F1-F3  11: F4 */
static const uint8_t byte_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 00 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 10 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 20 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 30 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 40 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 50 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 60 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 70 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 80 */
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 90 */
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, /* A0 */
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, /* B0 */
    4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, /* C0 */
    5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, /* D0 */
    6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 7, /* E0 */
    9, 10, 10, 10, 11, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, /* F0 */
};

/* States, pre-multiplied by the number of classes so that a transition is
 * one lookup: state + class. */
#define NCLASS 12
/* Bytes run through the automaton between checks for rejection and ASCII. */
#define DFA_RUN 16
enum {
    S_ACCEPT = 0 * NCLASS, /* between code points */
    S_REJECT = 1 * NCLASS, /* no valid continuation: absorbing */
    S_CONT1 = 2 * NCLASS,  /* one more 80-BF */
    S_CONT2 = 3 * NCLASS,  /* two more 80-BF */
    S_E0 = 4 * NCLASS,     /* after E0: A0-BF, then one */
    S_ED = 5 * NCLASS,     /* after ED: 80-9F (no surrogates), then one */
    S_CONT3 = 6 * NCLASS,  /* three more 80-BF */
    S_F0 = 7 * NCLASS,     /* after F0: 90-BF, then two */
    S_F4 = 8 * NCLASS,     /* after F4: 80-8F (<= U+10FFFF), then two */
};

#define R S_REJECT
static const uint8_t transition[9 * NCLASS] = {
    /*            00-7F     80-8F    90-9F    A0-BF    bad C2-DF    E0    E1-EF    ED    F0    F1-F3    F4 */
    /* ACCEPT */ S_ACCEPT, R,       R,       R,       R, S_CONT1, S_E0, S_CONT2, S_ED, S_F0, S_CONT3, S_F4,
    /* REJECT */ R,        R,       R,       R,       R, R,       R,    R,       R,    R,    R,       R,
    /* CONT1  */ R,        S_ACCEPT, S_ACCEPT, S_ACCEPT, R, R,    R,    R,       R,    R,    R,       R,
    /* CONT2  */ R,        S_CONT1, S_CONT1, S_CONT1, R, R,       R,    R,       R,    R,    R,       R,
    /* E0     */ R,        R,       R,       S_CONT1, R, R,       R,    R,       R,    R,    R,       R,
    /* ED     */ R,        S_CONT1, S_CONT1, R,       R, R,       R,    R,       R,    R,    R,       R,
    /* CONT3  */ R,        S_CONT2, S_CONT2, S_CONT2, R, R,       R,    R,       R,    R,    R,       R,
    /* F0     */ R,        R,       S_CONT2, S_CONT2, R, R,       R,    R,       R,    R,    R,       R,
    /* F4     */ R,        S_CONT2, R,       R,       R, R,       R,    R,       R,    R,    R,       R,
};
#undef R

void pl_ws_utf8_init(pl_ws_utf8_t *v) { v->state = S_ACCEPT; }

int pl_ws_utf8_feed(pl_ws_utf8_t *v, const void *p, size_t n)
{
    uint32_t st = v->state;
    if (n == 0)
        return st == S_REJECT ? PL_ERR_UTF8 : 0;
    const uint8_t *s = p, *end = s + n;

    while (s < end) {
        if (st == S_ACCEPT) {
            /* ASCII runs: eight bytes per step */
            while (end - s >= 8) {
                uint64_t w;
                memcpy(&w, s, 8);
                if (w & UINT64_C(0x8080808080808080))
                    break;
                s += 8;
            }
            while (s < end && *s < 0x80)
                s++;
        }
        /* then the automaton for up to DFA_RUN bytes; REJECT is absorbing,
         * so one check per run still fails within the same call */
        const uint8_t *stop = end - s > DFA_RUN ? s + DFA_RUN : end;
        while (s < stop)
            st = transition[st + byte_class[*s++]];
        if (st == S_REJECT)
            break;
    }
    v->state = st;
    return st == S_REJECT ? PL_ERR_UTF8 : 0;
}

int pl_ws_utf8_finish(const pl_ws_utf8_t *v) { return v->state == S_ACCEPT ? 0 : PL_ERR_UTF8; }

int pl_ws_utf8_validate(const void *p, size_t n)
{
    pl_ws_utf8_t v;
    pl_ws_utf8_init(&v);
    int rv = pl_ws_utf8_feed(&v, p, n);
    return rv != 0 ? rv : pl_ws_utf8_finish(&v);
}
