/*
 * canned.c - the canned brain: a fixed text streamed in N chunks.
 *
 * For tests and benchmarks only. The text is split into N pieces of as equal
 * a number of code points as possible (piece i spans code points
 * floor(i*L/N) .. floor((i+1)*L/N)), so no chunk splits a UTF-8 sequence.
 * With no chunk delay every chunk and the end are delivered in one loop
 * callback right after start(); with a delay, one timer tick per chunk.
 * Inputs beginning with the configured fail prefix stream half the chunks
 * and then fail, which exercises the mid-stream failure path.
 */
#include "parley/brain.h"
#include "parley/error.h"
#include "parley/mem.h"

#include <event2/event.h>

#include <math.h>
#include <string.h>

const char pl_brain_canned_text[] =
    "A quadratic equation has the form ax^2 + bx + c = 0, where a is not zero. Its solutions "
    "are given by the quadratic formula x = (-b \xc2\xb1 sqrt(b^2 - 4ac)) / 2a. The discriminant "
    "b^2 - 4ac tells you how many real solutions there are: two when it is positive, one when "
    "it is zero, and none when it is negative.";

typedef struct canned {
    pl_brain_t base;
    char *text;
    size_t *bounds;     /* n_chunks + 1 byte offsets */
    unsigned n_chunks;
    struct timeval delay;
    int has_delay;
    char *fail_prefix;
} canned_t;

struct pl_brain_turn {
    canned_t *brain;
    struct event *ev;
    const pl_brain_sink_t *sink;
    void *ud;
    unsigned next;       /* next chunk to deliver */
    unsigned stop_at;    /* deliver chunks below this, then end */
    int fail;            /* end with an error instead of done */
    int in_callback;
    int cancelled;
};

void pl_brain_canned_config_init(pl_brain_canned_config_t *cfg)
{
    cfg->text = NULL;
    cfg->chunks = 20;
    cfg->chunk_delay = 0;
    cfg->fail_prefix = NULL;
}

static void turn_free(pl_brain_turn_t *t)
{
    event_free(t->ev);
    pl_free(t);
}

/* Delivers what is due; returns 1 when the turn ended (and was freed). */
static int deliver(pl_brain_turn_t *t, int all)
{
    canned_t *b = t->brain;
    t->in_callback = 1;
    while (t->next < t->stop_at) {
        size_t off = b->bounds[t->next], end = b->bounds[t->next + 1];
        t->next++;
        t->sink->on_chunk(t->ud, b->text + off, end - off);
        if (t->cancelled) {
            turn_free(t);
            return 1;
        }
        if (!all)
            break;
    }
    if (t->next >= t->stop_at) {
        if (t->fail) {
            t->sink->on_error(t->ud, PL_ERR_CALLBACK_FAILURE,
                              "The tutor could not finish this answer (simulated failure).");
        } else {
            pl_brain_result_t r = {0};
            t->sink->on_done(t->ud, &r);
        }
        turn_free(t);
        return 1;
    }
    t->in_callback = 0;
    if (t->cancelled) {
        turn_free(t);
        return 1;
    }
    return 0;
}

static void tick(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    pl_brain_turn_t *t = arg;
    if (deliver(t, !t->brain->has_delay) == 0)
        evtimer_add(t->ev, &t->brain->delay);
}

static int canned_start(pl_brain_t *base, const pl_brain_request_t *req, const pl_brain_sink_t *sink,
                        void *ud, pl_brain_turn_t **out)
{
    canned_t *b = (canned_t *)base;
    pl_brain_turn_t *t = pl_calloc(1, sizeof(*t));
    t->brain = b;
    t->sink = sink;
    t->ud = ud;
    t->stop_at = b->n_chunks;
    if (b->fail_prefix != NULL && req->input != NULL) {
        size_t pl = strlen(b->fail_prefix);
        if (req->input_len >= pl && memcmp(req->input, b->fail_prefix, pl) == 0) {
            t->fail = 1;
            t->stop_at = b->n_chunks / 2;
        }
    }
    t->ev = evtimer_new(base->base, tick, t);
    if (t->ev == NULL) {
        pl_free(t);
        return PL_ERR_NOMEM;
    }
    /* Never call back from inside start(): the first delivery is a loop turn away. */
    struct timeval zero = {0, 0};
    evtimer_add(t->ev, b->has_delay ? &b->delay : &zero);
    *out = t;
    return 0;
}

static void canned_cancel(pl_brain_turn_t *t)
{
    if (t->in_callback) {
        t->cancelled = 1; /* freed when the callback returns */
        return;
    }
    turn_free(t);
}

static void canned_destroy(pl_brain_t *base)
{
    canned_t *b = (canned_t *)base;
    pl_free(b->text);
    pl_free(b->bounds);
    pl_free(b->fail_prefix);
    pl_free(b);
}

static const pl_brain_ops_t canned_ops = {
    .name = "canned",
    .start = canned_start,
    .cancel = canned_cancel,
    .destroy = canned_destroy,
};

int pl_brain_canned_new(pl_brain_t **out, struct event_base *base,
                        const pl_brain_canned_config_t *cfg)
{
    const char *text = cfg->text ? cfg->text : pl_brain_canned_text;
    if (cfg->chunks == 0 || cfg->chunks > 100000 || cfg->chunk_delay < 0 || !isfinite(cfg->chunk_delay))
        return PL_ERR_INVALID_ARGUMENT;
    canned_t *b = pl_calloc(1, sizeof(*b));
    b->base.ops = &canned_ops;
    b->base.base = base;
    b->text = pl_strdup(text);
    b->n_chunks = cfg->chunks;
    b->fail_prefix = cfg->fail_prefix ? pl_strdup(cfg->fail_prefix) : NULL;
    b->has_delay = cfg->chunk_delay > 0;
    b->delay.tv_sec = (time_t)cfg->chunk_delay;
    b->delay.tv_usec = (suseconds_t)((cfg->chunk_delay - (double)b->delay.tv_sec) * 1e6);

    /* Code point starts, then chunk bounds over them. */
    size_t len = strlen(text), ncp = 0;
    size_t *cps = pl_malloc((len + 1) * sizeof(*cps));
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            cps[ncp++] = i;
    cps[ncp] = len;
    b->bounds = pl_malloc((b->n_chunks + 1) * sizeof(*b->bounds));
    for (unsigned i = 0; i <= b->n_chunks; i++)
        b->bounds[i] = cps[(size_t)((unsigned long long)i * ncp / b->n_chunks)];
    pl_free(cps);
    *out = &b->base;
    return 0;
}
