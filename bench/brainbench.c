/*
 * brainbench.c - parley-brainbench: the lessons brain's retrieval cost,
 * measured without the server. Each brain runs on its own libevent loop
 * exactly as parleyd drives it: pl_brain_start(), then the loop until
 * on_done; the time from just before start() to the first on_chunk
 * callback is the brain's time to first chunk (for the lessons brain that
 * is the whole reply: the interpreter, its knowledge-base searches and the
 * sentence picking all run inside start()).
 *
 *   parley-brainbench --kb PATH [--lessons-dir DIR] --questions FILE ...
 *                     [--user ID] [--turns N] [--warmup N]
 *                     [--conversations K] [--json]
 *
 * --kb is a knowledge base file (a data dir's knowledge.db, filled by
 * parley-kbfill); the lessons of --lessons-dir are indexed into it first,
 * as parleyd does at start. Three brains are measured in turn, each fresh,
 * each asked the same questions round-robin over K conversations:
 *
 *   canned          the reference: a fixed text, no retrieval (the floor:
 *                   the loop turn, the allocations, the callbacks);
 *   lessons         the tutor dialect's request (use_documents off): the
 *                   lessons only, though the index holds the documents too;
 *   lessons+docs    the StudyMate dialect's request (use_documents on): the
 *                   lessons and the user's documents.
 *
 * Reports per brain the first-chunk and whole-answer latency (p50, p90,
 * p99, p99.9, max, mean), how many answers cite a document, and lessons
 * minus canned at p50 and p99. One JSON object on stdout with --json.
 */
#include "hist.h"
#include "lgopt.h"
#include "questions.h"

#include "parley/brain.h"
#include "parley/error.h"
#include "parley/kb.h"
#include "parley/log.h"

#include <errno.h>
#include <event2/event.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef PL_BENCH_LESSONS_DIR
#define PL_BENCH_LESSONS_DIR "data/lessons"
#endif

#define BB_MAX_QUESTION 2048
#define BB_MAX_QUESTION_FILES 16

enum { BB_CANNED, BB_LESSONS, BB_LESSONS_DOCS, BB_N };

static const char *const bb_names[BB_N] = {"canned", "lessons", "lessons+docs"};

typedef struct turn_state {
    uint64_t started_ns;
    uint64_t first_ns;
    uint64_t done_ns;
    size_t chunks;
    int done;
    int failed;
    int cites_document;
    char error[160];
} turn_state_t;

typedef struct result {
    lg_hist_t first;  /* start -> first chunk */
    lg_hist_t whole;  /* start -> on_done */
    size_t turns, errors, no_chunk, citing, chunks;
    char first_error[300];
} result_t;

typedef struct bopts {
    const char *kb_path;
    const char *lessons_dir;
    const char *user;
    long turns, warmup, conversations;
    int json;
} bopts_t;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec;
}

static void on_chunk(void *ud, const char *text, size_t len)
{
    turn_state_t *t = ud;
    (void)text;
    (void)len;
    if (t->chunks++ == 0)
        t->first_ns = now_ns();
}

static void on_done(void *ud, const pl_brain_result_t *r)
{
    turn_state_t *t = ud;
    t->done_ns = now_ns();
    t->done = 1;
    t->cites_document = r != NULL && r->citations_json != NULL &&
                        strstr(r->citations_json, "\"document_id\"") != NULL;
}

static void on_error(void *ud, int code, const char *message)
{
    turn_state_t *t = ud;
    t->done_ns = now_ns();
    t->done = 1;
    t->failed = 1;
    snprintf(t->error, sizeof(t->error), "%s (%d)", message ? message : "error", code);
}

static const pl_brain_sink_t sink = {on_chunk, on_done, on_error};

static int make_brain(int which, struct event_base *base, pl_kb_t *kb, pl_brain_t **out)
{
    if (which == BB_CANNED) {
        pl_brain_canned_config_t cc;
        pl_brain_canned_config_init(&cc);
        return pl_brain_canned_new(out, base, &cc);
    }
    pl_brain_lessons_config_t lc;
    pl_brain_lessons_config_init(&lc);
    return pl_brain_lessons_new(out, base, kb, &lc);
}

/* Runs warmup + turns turns of one brain; fills res. Returns 0 or -1 (setup failed). */
static int run_brain(int which, const bopts_t *o, pl_kb_t *kb, const lg_questions_t *qs,
                     result_t *res)
{
    struct event_base *base = event_base_new();
    pl_brain_t *brain = NULL;
    long total = o->warmup + o->turns;

    if (base == NULL || make_brain(which, base, kb, &brain) != 0) {
        if (base)
            event_base_free(base);
        return -1;
    }
    for (long k = 0; k < total; k++) {
        long conv = k % o->conversations, round = k / o->conversations;
        /* conversation j asks question (j * n / K + round) mod n: every
         * conversation goes through the whole list, the conversations in step */
        size_t qi = ((size_t)conv * qs->n / (size_t)o->conversations + (size_t)round) % qs->n;
        const char *q = qs->items[qi];
        char conv_id[64];
        pl_brain_request_t req;
        pl_brain_turn_t *turn = NULL;
        turn_state_t t;

        snprintf(conv_id, sizeof(conv_id), "bench-%s-%ld", bb_names[which], conv);
        memset(&req, 0, sizeof(req));
        memset(&t, 0, sizeof(t));
        req.dialect = which == BB_LESSONS_DOCS ? "studymate" : "tutor";
        req.conversation_id = conv_id;
        req.user_id = o->user;
        req.input = q;
        req.input_len = strlen(q);
        req.use_documents = which == BB_LESSONS_DOCS;
        t.started_ns = now_ns();
        int rc = pl_brain_start(brain, &req, &sink, &t, &turn);
        if (rc != 0) {
            res->errors++;
            if (!res->first_error[0])
                snprintf(res->first_error, sizeof(res->first_error), "start failed: %s",
                         pl_strerror(rc));
            continue;
        }
        while (!t.done)
            event_base_loop(base, EVLOOP_ONCE);
        if (k < o->warmup)
            continue;
        res->turns++;
        res->chunks += t.chunks;
        if (t.failed) {
            res->errors++;
            if (!res->first_error[0])
                snprintf(res->first_error, sizeof(res->first_error), "\"%.60s\": %s", q, t.error);
            continue;
        }
        if (t.chunks == 0) {
            res->no_chunk++;
            continue;
        }
        lg_hist_record(&res->first, t.first_ns - t.started_ns);
        lg_hist_record(&res->whole, t.done_ns - t.started_ns);
        res->citing += (size_t)t.cites_document;
    }
    pl_brain_free(brain);
    event_base_free(base);
    return 0;
}

typedef struct kb_count {
    size_t documents, pages, passages;
} kb_count_t;

static int count_doc(const pl_kb_doc_t *d, void *ud)
{
    kb_count_t *c = ud;
    c->documents++;
    c->pages += d->pages > 0 ? (size_t)d->pages : 0;
    c->passages += d->chunks > 0 ? (size_t)d->chunks : 0;
    return 0;
}

static void hist_json(const char *name, const lg_hist_t *h)
{
    printf("\"%s\":{\"count\":%" PRIu64 ",\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"p999\":%.1f,"
           "\"max\":%.1f,\"mean\":%.1f}",
           name, h->total, lg_hist_percentile(h, 50) / 1e3, lg_hist_percentile(h, 90) / 1e3,
           lg_hist_percentile(h, 99) / 1e3, lg_hist_percentile(h, 99.9) / 1e3,
           (h->total ? h->max : 0) / 1e3, lg_hist_mean(h) / 1e3);
}

static void hist_text(FILE *f, const char *what, const lg_hist_t *h)
{
    fprintf(f, "  %-22s p50 %8.1f  p90 %8.1f  p99 %8.1f  p99.9 %8.1f  max %8.1f  mean %8.1f us\n",
            what, lg_hist_percentile(h, 50) / 1e3, lg_hist_percentile(h, 90) / 1e3,
            lg_hist_percentile(h, 99) / 1e3, lg_hist_percentile(h, 99.9) / 1e3,
            (h->total ? h->max : 0) / 1e3, lg_hist_mean(h) / 1e3);
}

static void json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: parley-brainbench --kb PATH --questions FILE [--questions FILE ...] [options]\n"
            "  --kb PATH            knowledge base file (a data dir's knowledge.db, see parley-kbfill)\n"
            "  --lessons-dir DIR    lessons indexed into it first (%s)\n"
            "  --questions FILE     questions asked round-robin (repeatable; a tests/eval/*.tsv\n"
            "                       table or one question per line)\n"
            "  --user ID            the user asking, owner of the documents (123)\n"
            "  --turns N            measured turns per brain (2000)\n"
            "  --warmup N           turns first, not measured (200)\n"
            "  --conversations K    conversations the turns are spread over (50)\n"
            "  --json               one JSON object on stdout\n",
            PL_BENCH_LESSONS_DIR);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"kb", required_argument, NULL, 'k'},        {"lessons-dir", required_argument, NULL, 'l'},
        {"questions", required_argument, NULL, 'q'}, {"user", required_argument, NULL, 'u'},
        {"turns", required_argument, NULL, 't'},     {"warmup", required_argument, NULL, 'w'},
        {"conversations", required_argument, NULL, 'c'}, {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},            {NULL, 0, NULL, 0},
    };
    bopts_t o = {NULL, PL_BENCH_LESSONS_DIR, "123", 2000, 200, 50, 0};
    const char *qfiles[BB_MAX_QUESTION_FILES];
    size_t nq = 0;
    lg_questions_t qs = {NULL, 0, 0};
    pl_kb_t *kb = NULL;
    result_t res[BB_N];
    kb_count_t kc = {0, 0, 0};
    int ch, status = 1, nl = 0;
    char err[300];

    memset(res, 0, sizeof(res));
    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (ch) {
        case 'k':
            o.kb_path = optarg;
            break;
        case 'l':
            o.lessons_dir = optarg;
            break;
        case 'q':
            if (nq == BB_MAX_QUESTION_FILES)
                bad = 1;
            else
                qfiles[nq++] = optarg;
            break;
        case 'u':
            bad = *optarg == '\0' || strlen(optarg) > 128;
            o.user = optarg;
            break;
        case 't':
            bad = lg_parse_long(optarg, 1, 100000000, &o.turns);
            break;
        case 'w':
            bad = lg_parse_long(optarg, 0, 100000000, &o.warmup);
            break;
        case 'c':
            bad = lg_parse_long(optarg, 1, 1000000, &o.conversations);
            break;
        case 'j':
            o.json = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
        if (bad) {
            fprintf(stderr, "parley-brainbench: bad value '%s'\n", optarg);
            return 2;
        }
    }
    if (o.kb_path == NULL || nq == 0 || optind < argc) {
        usage(stderr);
        return 2;
    }
    pl_log_setup(PL_LOG_WARN, PL_LOG_TEXT);
    for (size_t i = 0; i < nq; i++) {
        if (lg_questions_load(&qs, qfiles[i], BB_MAX_QUESTION, err, sizeof(err)) < 0) {
            fprintf(stderr, "parley-brainbench: %s\n", err);
            goto out;
        }
    }
    if (qs.n == 0) {
        fprintf(stderr, "parley-brainbench: no question in the --questions files\n");
        goto out;
    }
    if (pl_kb_open(&kb, o.kb_path) != 0) {
        fprintf(stderr, "parley-brainbench: cannot open %s\n", o.kb_path);
        goto out;
    }
    nl = pl_kb_load_lessons(kb, o.lessons_dir);
    if (nl <= 0) {
        fprintf(stderr, "parley-brainbench: no lessons from %s: %s\n", o.lessons_dir,
                pl_kb_last_error(kb));
        goto out;
    }
    pl_kb_doc_list(kb, o.user, count_doc, &kc);
    for (int b = 0; b < BB_N; b++) {
        if (lg_hist_init(&res[b].first) != 0 || lg_hist_init(&res[b].whole) != 0) {
            fprintf(stderr, "parley-brainbench: out of memory\n");
            goto out;
        }
        if (run_brain(b, &o, kb, &qs, &res[b]) != 0) {
            fprintf(stderr, "parley-brainbench: cannot make the %s brain\n", bb_names[b]);
            goto out;
        }
    }
    status = 0;
    for (int b = 0; b < BB_N; b++)
        if (res[b].errors > 0 || res[b].no_chunk > 0 || res[b].first.total == 0)
            status = 1;

    {
        FILE *f = o.json ? stderr : stdout;
        double c99 = lg_hist_percentile(&res[BB_CANNED].first, 99) / 1e3;
        double c50 = lg_hist_percentile(&res[BB_CANNED].first, 50) / 1e3;
        fprintf(f, "parley-brainbench: %d lessons + %zu documents (%zu pages, %zu passages) of user "
                "%s in %s; %zu questions, %ld turns per brain after %ld warm-up, over %ld "
                "conversations\n",
                nl, kc.documents, kc.pages, kc.passages, o.user, o.kb_path, qs.n, o.turns, o.warmup,
                o.conversations);
        for (int b = 0; b < BB_N; b++) {
            fprintf(f, "%s: %zu turns, %zu errors, %zu answers citing a document\n", bb_names[b],
                    res[b].turns, res[b].errors, res[b].citing);
            hist_text(f, "start -> first chunk", &res[b].first);
            hist_text(f, "start -> done", &res[b].whole);
            if (res[b].first_error[0])
                fprintf(f, "  first error: %s\n", res[b].first_error);
        }
        for (int b = BB_LESSONS; b < BB_N; b++)
            fprintf(f, "%s adds %.1f us at p50 and %.1f us at p99 over canned\n", bb_names[b],
                    lg_hist_percentile(&res[b].first, 50) / 1e3 - c50,
                    lg_hist_percentile(&res[b].first, 99) / 1e3 - c99);
        fprintf(f, "result: %s\n", status == 0 ? "ok" : "FAILED");
    }
    if (o.json) {
        printf("{\"ok\":%s,\"kb\":", status == 0 ? "true" : "false");
        json_str(o.kb_path);
        printf(",\"user\":");
        json_str(o.user);
        printf(",\"lessons\":%d,\"documents\":%zu,\"pages\":%zu,\"passages\":%zu,\"questions\":%zu,"
               "\"turns\":%ld,\"warmup\":%ld,\"conversations\":%ld,\"brains\":{",
               nl, kc.documents, kc.pages, kc.passages, qs.n, o.turns, o.warmup, o.conversations);
        for (int b = 0; b < BB_N; b++) {
            printf("%s\"%s\":{\"turns\":%zu,\"errors\":%zu,\"no_chunk\":%zu,\"citing_documents\":%zu,"
                   "\"chunks\":%zu,",
                   b ? "," : "", bb_names[b], res[b].turns, res[b].errors, res[b].no_chunk,
                   res[b].citing, res[b].chunks);
            hist_json("first_chunk_us", &res[b].first);
            putchar(',');
            hist_json("answer_us", &res[b].whole);
            printf(",\"first_error\":");
            json_str(res[b].first_error);
            putchar('}');
        }
        printf("}}\n");
    }
out:
    for (int b = 0; b < BB_N; b++) {
        lg_hist_free(&res[b].first);
        lg_hist_free(&res[b].whole);
    }
    lg_questions_free(&qs);
    pl_kb_close(kb);
    return status;
}
