/*
 * lessons.c - the lessons brain: the offline tutor (pl_brain_ops_t over
 * the knowledge base). The interpreter is lessons_tutor.c; this file keeps
 * the per-conversation states and streams the replies.
 *
 * States are kept by conversation id in a hash table, at most
 * cfg->max_conversations of them; past that the least recently used one is
 * dropped. A conversation the brain does not know (new, dropped, or the
 * server restarted) gets a fresh state that is rebuilt by replaying the
 * user messages of req->history through the interpreter with no output:
 * the interpreter is deterministic, so this gives the state it had.
 *
 * start() computes the whole reply at once (a search takes well under a
 * millisecond) and streams it like a language model would: one chunk of
 * cfg->words_per_chunk words per loop turn (or per cfg->chunk_delay), then
 * on_done with the mode, topic, title and citations. Nothing is called
 * back from inside start() or cancel(); cancel() stops at once.
 *
 * Web search (cfg->search set): a tutor-dialect question the curriculum
 * does not cover starts a search before anything is streamed; when its
 * results hold sentences on the question, they replace the "does not cover"
 * part of the reply (lessons_web.c); when the search fails or finds nothing
 * useful, the honest reply stays. Either way streaming starts once the
 * search ended. The search never changes the conversation's tutor state, so
 * replays stay deterministic.
 */
#include "lessons_int.h"

#include "parley/error.h"
#include "parley/log.h"

#include <event2/event.h>

#include <math.h>
#include <string.h>

#define MOD "brain-lessons"
#define N_BUCKETS 1024

typedef struct conv {
    struct conv *next;   /* hash chain */
    char *id;
    uint64_t used;       /* tick of the last turn */
    tutor_state_t st;
} conv_t;

typedef struct lessons {
    pl_brain_t base;
    pl_kb_t *kb;
    pl_brain_lessons_config_t cfg;
    tutor_cfg_t tcfg;
    struct timeval delay;
    conv_t *buckets[N_BUCKETS];
    size_t n_convs;
    uint64_t tick;
} lessons_t;

struct pl_brain_turn {
    lessons_t *brain;
    struct event *ev;
    const pl_brain_sink_t *sink;
    void *ud;
    char *text;
    size_t len, pos;
    char *mode, *topic, *title, *citations;
    int in_callback;
    int cancelled;
    /* web search for an uncovered question */
    pl_search_req_t *sreq;
    char *web_query;
    size_t nc_start, nc_end;
};

void pl_brain_lessons_config_init(pl_brain_lessons_config_t *cfg)
{
    cfg->words_per_chunk = 4;
    cfg->chunk_delay = 0;
    cfg->min_score = 0.45;
    cfg->teach_min_score = 0.5;
    cfg->max_conversations = 10000;
    cfg->search = NULL;
}

/* ---------------------------------------------------------------------- */
/* Conversation states                                                    */

static size_t hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h % N_BUCKETS;
}

static void evict_oldest(lessons_t *b)
{
    conv_t **victim = NULL;
    for (size_t i = 0; i < N_BUCKETS; i++)
        for (conv_t **p = &b->buckets[i]; *p != NULL; p = &(*p)->next)
            if (victim == NULL || (*p)->used < (*victim)->used)
                victim = p;
    if (victim == NULL)
        return;
    conv_t *c = *victim;
    *victim = c->next;
    pl_free(c->id);
    pl_free(c);
    b->n_convs--;
}

/* The state of a conversation; a new one is rebuilt from the request's history. */
static conv_t *conv_for(lessons_t *b, const pl_brain_request_t *req)
{
    const char *id = req->conversation_id ? req->conversation_id : "";
    size_t h = hash(id);
    for (conv_t *c = b->buckets[h]; c != NULL; c = c->next)
        if (strcmp(c->id, id) == 0)
            return c;
    while (b->n_convs >= b->cfg.max_conversations && b->n_convs > 0)
        evict_oldest(b);
    conv_t *c = pl_calloc(1, sizeof(*c));
    c->id = pl_strdup(id);
    tutor_state_init(&c->st);
    tutor_set_topic(b->kb, &b->tcfg, &c->st, req->topic);
    size_t replayed = 0;
    for (size_t i = 0; i < req->n_history; i++) {
        const pl_brain_history_t *m = &req->history[i];
        if (m->role == NULL || strcmp(m->role, "user") != 0 || m->content == NULL)
            continue;
        tutor_turn(b->kb, &b->tcfg, &c->st, m->content, m->len, req->user_id,
                   req->use_documents, NULL);
        replayed++;
    }
    if (replayed > 0)
        pl_log_debug(MOD, "conversation %s: state rebuilt from %zu messages", id, replayed);
    c->next = b->buckets[h];
    b->buckets[h] = c;
    b->n_convs++;
    return c;
}

/* ---------------------------------------------------------------------- */
/* Streaming                                                              */

static void turn_free(pl_brain_turn_t *t)
{
    if (t->sreq != NULL)
        pl_search_cancel(t->sreq);
    pl_free(t->web_query);
    event_free(t->ev);
    pl_free(t->text);
    pl_free(t->mode);
    pl_free(t->topic);
    pl_free(t->title);
    pl_free(t->citations);
    pl_free(t);
}

/* End of the next chunk: after n words and the white space that follows them. */
static size_t chunk_end(const char *s, size_t len, size_t pos, unsigned words)
{
    size_t i = pos;
    unsigned seen = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
        i++;
    while (i < len && seen < words) {
        while (i < len && !(s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
            i++;
        seen++;
        while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
            i++;
    }
    return i;
}

static void tick(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    pl_brain_turn_t *t = arg;
    lessons_t *b = t->brain;
    t->in_callback = 1;
    if (t->pos < t->len) {
        size_t end = chunk_end(t->text, t->len, t->pos, b->cfg.words_per_chunk);
        size_t from = t->pos;
        t->pos = end;
        t->sink->on_chunk(t->ud, t->text + from, end - from);
        if (t->cancelled) {
            turn_free(t);
            return;
        }
    }
    if (t->pos >= t->len) {
        pl_brain_result_t r = {0};
        r.mode = t->mode;
        r.current_topic = t->topic;
        r.title = t->title;
        r.citations_json = t->citations;
        t->sink->on_done(t->ud, &r);
        turn_free(t);
        return;
    }
    t->in_callback = 0;
    evtimer_add(t->ev, &b->delay);
}

static void web_done(void *ud, int err, const char *message, const pl_search_results_t *res)
{
    (void)message; /* the search client logged it */
    pl_brain_turn_t *t = ud;
    t->sreq = NULL;
    pl_buf_t web = PL_BUF_INIT(0);
    if (err == 0 && lessons_web_answer(t->web_query, res, &web)) {
        pl_buf_t text = PL_BUF_INIT(0);
        pl_buf_append(&text, t->text, t->nc_start);
        pl_buf_append(&text, web.data, web.len);
        pl_buf_append(&text, t->text + t->nc_end, t->len - t->nc_end);
        pl_free(t->text);
        t->text = text.data;
        t->len = text.len;
        pl_log_info(MOD, "an uncovered question answered from %zu web result(s)", res->n);
    } else if (err == 0) {
        pl_log_info(MOD, "web search: nothing on the question in %zu result(s); the honest "
                    "answer stays", res->n);
    }
    pl_buf_free(&web);
    struct timeval zero = {0, 0};
    evtimer_add(t->ev, &zero);
}

static int lessons_start(pl_brain_t *base, const pl_brain_request_t *req,
                         const pl_brain_sink_t *sink, void *ud, pl_brain_turn_t **out)
{
    lessons_t *b = (lessons_t *)base;
    if (req == NULL || sink == NULL || out == NULL || (req->input == NULL && req->input_len > 0))
        return PL_ERR_INVALID_ARGUMENT;
    pl_brain_turn_t *t = pl_calloc(1, sizeof(*t));
    t->brain = b;
    t->sink = sink;
    t->ud = ud;
    t->ev = evtimer_new(base->base, tick, t);
    if (t->ev == NULL) {
        pl_free(t);
        return PL_ERR_NOMEM;
    }
    conv_t *c = conv_for(b, req);
    c->used = ++b->tick;

    tutor_reply_t r;
    memset(&r, 0, sizeof(r));
    r.text = (pl_buf_t)PL_BUF_INIT(0);
    r.citations = (pl_buf_t)PL_BUF_INIT(0);
    tutor_turn(b->kb, &b->tcfg, &c->st, req->input ? req->input : "", req->input_len,
               req->user_id, req->use_documents, &r);
    t->text = r.text.data ? r.text.data : pl_strdup("");
    t->len = r.text.len;
    t->mode = pl_strdup(r.mode ? r.mode : "idle");
    t->topic = r.topic_title[0] ? pl_strdup(r.topic_title) : NULL;
    t->title = r.title[0] ? pl_strdup(r.title) : NULL;
    t->citations = r.citations.len ? pl_strndup(r.citations.data, r.citations.len) : NULL;
    pl_buf_free(&r.citations);

    if (r.web_query[0] != '\0' && b->cfg.search != NULL && req->dialect != NULL &&
        strcmp(req->dialect, "tutor") == 0 && r.nc_end > r.nc_start && r.nc_end <= t->len) {
        t->web_query = pl_strdup(r.web_query);
        t->nc_start = r.nc_start;
        t->nc_end = r.nc_end;
        if (pl_search_start(b->cfg.search, t->web_query, web_done, t, &t->sreq) == 0) {
            *out = t;
            return 0; /* web_done starts the stream */
        }
        t->sreq = NULL;
    }
    /* Never call back from inside start(): the first chunk is a loop turn away. */
    struct timeval zero = {0, 0};
    evtimer_add(t->ev, &zero);
    *out = t;
    return 0;
}

static void lessons_cancel(pl_brain_turn_t *t)
{
    if (t->in_callback) {
        t->cancelled = 1; /* freed when the callback returns */
        return;
    }
    turn_free(t);
}

static void lessons_destroy(pl_brain_t *base)
{
    lessons_t *b = (lessons_t *)base;
    for (size_t i = 0; i < N_BUCKETS; i++) {
        while (b->buckets[i] != NULL) {
            conv_t *c = b->buckets[i];
            b->buckets[i] = c->next;
            pl_free(c->id);
            pl_free(c);
        }
    }
    pl_free(b);
}

static const pl_brain_ops_t lessons_ops = {
    .name = "lessons",
    .start = lessons_start,
    .cancel = lessons_cancel,
    .destroy = lessons_destroy,
};

int pl_brain_lessons_new(pl_brain_t **out, struct event_base *base, pl_kb_t *kb,
                         const pl_brain_lessons_config_t *cfg)
{
    pl_brain_lessons_config_t def;
    if (cfg == NULL) {
        pl_brain_lessons_config_init(&def);
        cfg = &def;
    }
    if (out == NULL || base == NULL || kb == NULL || cfg->words_per_chunk == 0 ||
        cfg->chunk_delay < 0 || !isfinite(cfg->chunk_delay) || cfg->chunk_delay > 60 ||
        !(cfg->min_score >= 0 && cfg->min_score <= 1) ||
        !(cfg->teach_min_score >= 0 && cfg->teach_min_score <= 1) || cfg->max_conversations == 0)
        return PL_ERR_INVALID_ARGUMENT;
    lessons_t *b = pl_calloc(1, sizeof(*b));
    b->base.ops = &lessons_ops;
    b->base.base = base;
    b->kb = kb;
    b->cfg = *cfg;
    b->tcfg.min_score = cfg->min_score;
    b->tcfg.teach_min_score = cfg->teach_min_score;
    b->delay.tv_sec = (time_t)cfg->chunk_delay;
    b->delay.tv_usec = (suseconds_t)((cfg->chunk_delay - (double)b->delay.tv_sec) * 1e6);
    *out = &b->base;
    return 0;
}
