/*
 * api.c - the documents REST API and its extraction threads.
 *
 *   POST   /api/documents        raw file bytes or multipart/form-data -> 201
 *   GET    /api/documents        the owner's documents, newest first
 *   DELETE /api/documents/{id}   204, or 404 when it is not the owner's
 *
 * An upload travels: loop (handler: owner, name, type, size checked; the
 * request is kept, its body is not copied) -> job queue under mu -> an
 * extraction thread (pl_docs_extract: poppler for PDFs) -> done queue under
 * mu -> eventfd -> loop (on_wake): pl_kb_doc_add, then the answer. The
 * request, and so its body, stays alive until it is answered (server.h), so
 * the threads read the body in place. The threads never touch the kb, the
 * server or libevent; the loop never waits for them except in
 * pl_docs_free. Nothing reaches the kb unless extraction succeeded and the
 * client is still there to hear the answer.
 */
#include "parley/docs.h"

#include "parley/error.h"
#include "parley/kb.h"
#include "parley/log.h"
#include "parley/mem.h"
#include "parley/metrics.h"
#include "parley/server.h"
#include "parley/ws.h"

#include <yajl/yajl_gen.h>

#include <errno.h>
#include <event2/event.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

static const char *MOD = "docs";

#define OWNER_MAX 128       /* bytes of a user id */
#define MAX_FORM_PARTS 8    /* parts of one multipart upload */
#define N_FAILURES (PL_DOCS_NO_TEXT + 1)

typedef struct job {
    struct job *next;
    pl_req_t *req;
    const char *data;      /* the file: inside the request's body */
    size_t len;
    char owner[OWNER_MAX + 1];
    char filename[PL_DOCS_FILENAME_MAX + 1];
    char content_type[PL_DOCS_PART_TYPE_MAX + 1];
    struct timespec queued;
    /* filled by the thread */
    int rv;
    int cancelled;
    pl_docs_text_t text;
    pl_docs_error_t err;
    double extract_seconds;
} job_t;

struct pl_docs {
    pl_server_t *srv;
    pl_kb_t *kb;
    pl_docs_config_t cfg;

    pthread_mutex_t mu;
    pthread_cond_t work_cond;
    job_t *todo_head, *todo_tail; /* under mu */
    job_t *done_head, *done_tail; /* under mu */
    int stopping;                 /* under mu */
    pthread_t *threads;
    unsigned n_threads;
    int wake_fd;
    struct event *wake_ev;

    unsigned inflight;            /* loop: jobs handed to the threads, not yet answered */
    /* metrics (loop) */
    uint64_t imported, imported_bytes, pages, busy;
    uint64_t rejected[N_FAILURES];
    pl_histogram_t extract_time;
};

/* ---------------------------------------------------------------------- */
/* Configuration                                                          */

void pl_docs_config_init(pl_docs_config_t *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->limits.max_bytes = PL_DOCS_DEFAULT_MAX_BYTES;
    cfg->limits.max_text_bytes = PL_DOCS_DEFAULT_MAX_TEXT;
    cfg->limits.max_pages = PL_DOCS_DEFAULT_MAX_PAGES;
    cfg->workers = 2;
    cfg->max_inflight = 16;
}

/* ---------------------------------------------------------------------- */
/* JSON                                                                   */

static void timestamp(int64_t ms, char out[32])
{
    if (ms < 0)
        ms = 0;
    time_t s = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&s, &tm);
    unsigned year = (unsigned)(tm.tm_year + 1900) % 10000u;
    snprintf(out, 32, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ", year, (unsigned)(tm.tm_mon + 1) % 13u,
             (unsigned)tm.tm_mday % 32u, (unsigned)tm.tm_hour % 24u, (unsigned)tm.tm_min % 60u,
             (unsigned)tm.tm_sec % 62u, (unsigned)(ms % 1000));
}

static void gen_kv(yajl_gen g, const char *k, const char *v)
{
    yajl_gen_string(g, (const unsigned char *)k, strlen(k));
    if (v == NULL)
        yajl_gen_null(g);
    else
        yajl_gen_string(g, (const unsigned char *)v, strlen(v));
}

static void gen_kv_int(yajl_gen g, const char *k, long long v)
{
    yajl_gen_string(g, (const unsigned char *)k, strlen(k));
    yajl_gen_integer(g, v);
}

static void gen_doc(yajl_gen g, const pl_kb_doc_t *d)
{
    char ts[32];
    timestamp(d->created_ms, ts);
    yajl_gen_map_open(g);
    gen_kv(g, "id", d->id);
    gen_kv(g, "filename", d->filename);
    gen_kv(g, "mime", d->mime);
    gen_kv_int(g, "pages", d->pages);
    gen_kv_int(g, "chunks", d->chunks);
    gen_kv_int(g, "bytes", (long long)d->bytes);
    gen_kv(g, "created_at", ts);
    yajl_gen_map_close(g);
}

static yajl_gen new_gen(void)
{
    yajl_gen g = yajl_gen_alloc(NULL);
    yajl_gen_config(g, yajl_gen_validate_utf8, 1);
    return g;
}

static void respond_gen(pl_req_t *req, int status, yajl_gen g)
{
    const unsigned char *b;
    size_t n;
    yajl_gen_get_buf(g, &b, &n);
    pl_req_respond_json(req, status, (const char *)b, n);
    yajl_gen_free(g);
}

/* ---------------------------------------------------------------------- */
/* Request fields                                                         */

/* A user id: 1..OWNER_MAX bytes of UTF-8, no control characters. */
static int owner_ok(const char *s, size_t n)
{
    if (n == 0 || n > OWNER_MAX || pl_ws_utf8_validate(s, n) != 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return 0;
    return 1;
}

/*
 * The owner from ?user_id= or X-User-Id. Returns 1 (found, valid), 0
 * (absent) or -1 (present but invalid: answered 400).
 */
static int owner_from_request(pl_req_t *req, char out[OWNER_MAX + 1])
{
    int n = pl_req_query(req, "user_id", out, OWNER_MAX + 1);
    if (n < 0) {
        size_t hl;
        const char *h = pl_req_header(req, "X-User-Id", &hl);
        if (h == NULL)
            return 0;
        if (hl > OWNER_MAX) {
            pl_req_respond_error(req, 400, "user_id: at most 128 bytes");
            return -1;
        }
        memcpy(out, h, hl);
        out[hl] = '\0';
        n = (int)hl;
    }
    if (!owner_ok(out, (size_t)n)) {
        pl_req_respond_error(req, 400, "user_id: 1 to 128 bytes of UTF-8, no control characters");
        return -1;
    }
    return 1;
}

/* The file name from ?filename= or X-Filename (percent-decoded). 1, 0 or -1 as above. */
static int filename_from_request(pl_req_t *req, char out[PL_DOCS_FILENAME_MAX + 1])
{
    char raw[PL_DOCS_FILENAME_MAX * 3 + 1];
    int n = pl_req_query(req, "filename", raw, sizeof(raw));
    if (n < 0) {
        size_t hl;
        const char *h = pl_req_header(req, "X-Filename", &hl);
        if (h == NULL)
            return 0;
        size_t dl;
        if (pl_http_pct_decode(h, hl, raw, sizeof(raw), &dl, 0) != 0) {
            pl_req_respond_error(req, 400, "X-Filename: malformed or too long");
            return -1;
        }
        n = (int)dl;
    }
    int rv = pl_docs_filename_clean(raw, (size_t)n, out);
    if (rv != 0) {
        pl_req_respond_error(req, 400, rv == PL_ERR_TOO_LARGE ? "filename: at most 255 bytes"
                                       : rv == PL_ERR_UTF8    ? "filename: not valid UTF-8"
                                                              : "filename: empty or invalid");
        return -1;
    }
    return 1;
}

/* ---------------------------------------------------------------------- */
/* Extraction threads                                                     */

static double elapsed_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void *worker_main(void *arg)
{
    pl_docs_t *d = arg;
    pthread_mutex_lock(&d->mu);
    for (;;) {
        while (!d->stopping && d->todo_head == NULL)
            pthread_cond_wait(&d->work_cond, &d->mu);
        if (d->stopping)
            break; /* what is still queued is cancelled by pl_docs_free */
        job_t *j = d->todo_head;
        d->todo_head = j->next;
        if (d->todo_head == NULL)
            d->todo_tail = NULL;
        j->next = NULL;
        pthread_mutex_unlock(&d->mu);

        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        j->rv = pl_docs_extract(j->data, j->len, j->filename,
                                j->content_type[0] ? j->content_type : NULL, &d->cfg.limits,
                                &j->text, &j->err);
        j->extract_seconds = elapsed_since(&t0);

        pthread_mutex_lock(&d->mu);
        if (d->done_tail != NULL)
            d->done_tail->next = j;
        else
            d->done_head = j;
        d->done_tail = j;
        pthread_mutex_unlock(&d->mu);
        uint64_t one = 1;
        while (write(d->wake_fd, &one, sizeof(one)) < 0 && errno == EINTR)
            ;
        pthread_mutex_lock(&d->mu);
    }
    pthread_mutex_unlock(&d->mu);
    return NULL;
}

/* ---------------------------------------------------------------------- */
/* Completion (loop)                                                      */

typedef struct find_doc {
    const char *id;
    yajl_gen g;
    int found;
} find_doc_t;

static int find_doc_cb(const pl_kb_doc_t *doc, void *ud)
{
    find_doc_t *f = ud;
    if (strcmp(doc->id, f->id) != 0)
        return 0;
    gen_doc(f->g, doc);
    f->found = 1;
    return 1;
}

static void reject(pl_docs_t *d, job_t *j, pl_docs_failure_t f, int status, const char *message)
{
    if (f > PL_DOCS_OK && f < N_FAILURES)
        d->rejected[f]++;
    pl_log_info(MOD, "upload %s from %s refused (%d %s): %s", j->filename, j->owner, status,
                pl_docs_failure_name(f), message);
    pl_req_respond_error(j->req, status, message);
}

static void finish_job(pl_docs_t *d, job_t *j)
{
    pl_histogram_observe(&d->extract_time, j->extract_seconds);
    if (j->rv != 0) {
        reject(d, j, j->err.failure, pl_docs_failure_status(j->err.failure), j->err.message);
        return;
    }
    if (!pl_req_alive(j->req)) {
        /* Nobody would learn the id: storing it would only leave a duplicate
         * behind when the client retries. */
        pl_log_info(MOD, "upload %s from %s: the client left before the answer; not stored",
                    j->filename, j->owner);
        pl_req_respond(j->req, 503, NULL, NULL, 0); /* only frees the request */
        return;
    }
    pl_kb_page_t *pages = pl_calloc(j->text.n_pages ? j->text.n_pages : 1, sizeof(*pages));
    for (size_t i = 0; i < j->text.n_pages; i++) {
        pages[i].number = j->text.pages[i].number;
        pages[i].text = j->text.pages[i].text;
        pages[i].len = j->text.pages[i].len;
    }
    char id[40] = "";
    int rv = pl_kb_doc_add(d->kb, j->owner, j->filename, j->text.mime, j->len, pages,
                           j->text.n_pages, id);
    pl_free(pages);
    if (rv != 0) {
        pl_log_error(MOD, "cannot index %s for %s: %s", j->filename, j->owner, pl_strerror(rv));
        if (rv == PL_ERR_TOO_LARGE)
            reject(d, j, PL_DOCS_TOO_LARGE, 413, "the document is too large to index");
        else
            pl_req_respond_error(j->req, 500, "the document could not be stored");
        return;
    }
    d->imported++;
    d->imported_bytes += j->len;
    d->pages += j->text.n_pages;
    yajl_gen g = new_gen();
    find_doc_t f = {id, g, 0};
    pl_kb_doc_list(d->kb, j->owner, find_doc_cb, &f);
    if (!f.found) {
        /* Listing lost it (cannot happen with a working kb): answer what we know. */
        pl_kb_doc_t doc = {id, j->owner, j->filename, j->text.mime, (int)j->text.n_pages, 0, j->len, 0};
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        doc.created_ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
        gen_doc(g, &doc);
    }
    pl_log_info(MOD, "stored %s (%s, %zu bytes, %zu pages) for %s as %s in %.3f s", j->filename,
                j->text.mime, j->len, j->text.n_pages, j->owner, id,
                elapsed_since(&j->queued));
    respond_gen(j->req, 201, g);
}

static void free_job(job_t *j)
{
    pl_docs_text_free(&j->text);
    pl_free(j);
}

static job_t *take_done(pl_docs_t *d)
{
    pthread_mutex_lock(&d->mu);
    job_t *list = d->done_head;
    d->done_head = d->done_tail = NULL;
    pthread_mutex_unlock(&d->mu);
    return list;
}

static void on_wake(evutil_socket_t fd, short what, void *arg)
{
    pl_docs_t *d = arg;
    (void)what;
    uint64_t count;
    while (read(fd, &count, sizeof(count)) < 0 && errno == EINTR)
        ;
    job_t *list = take_done(d);
    while (list != NULL) {
        job_t *j = list;
        list = j->next;
        d->inflight--;
        finish_job(d, j);
        free_job(j);
    }
}

/* ---------------------------------------------------------------------- */
/* Handlers                                                               */

/* Takes the file out of a multipart body: the "file" part, and "user_id" if owner is empty. */
static int from_multipart(pl_req_t *req, const char *ct, size_t ctlen, const char *body,
                          size_t len, job_t *j, int *have_owner)
{
    char boundary[PL_DOCS_MULTIPART_BOUNDARY_MAX + 1];
    size_t blen;
    if (pl_docs_multipart_boundary(ct, ctlen, boundary, &blen) != 0) {
        pl_req_respond_error(req, 400, "multipart/form-data: missing or invalid boundary");
        return -1;
    }
    pl_docs_part_t *parts = pl_calloc(MAX_FORM_PARTS, sizeof(*parts));
    size_t n = 0;
    int rv = pl_docs_multipart_parse(body, len, boundary, blen, parts, MAX_FORM_PARTS, &n);
    if (rv != 0) {
        pl_free(parts);
        pl_req_respond_error(req, 400,
                             rv == PL_ERR_TOO_LARGE     ? "multipart body: too many parts or headers too long"
                             : rv == PL_ERR_UNSUPPORTED ? "multipart body: unsupported Content-Transfer-Encoding"
                                                        : "multipart body: malformed or truncated");
        return -1;
    }
    const pl_docs_part_t *file = NULL;
    for (size_t i = 0; i < n; i++) {
        const pl_docs_part_t *p = &parts[i];
        if (strcmp(p->name, "file") == 0) {
            if (file != NULL) {
                pl_free(parts);
                pl_req_respond_error(req, 400, "multipart body: one \"file\" part per upload");
                return -1;
            }
            file = p;
        } else if (strcmp(p->name, "user_id") == 0 && !*have_owner) {
            if (!owner_ok(p->data, p->len)) {
                pl_free(parts);
                pl_req_respond_error(req, 400, "user_id: 1 to 128 bytes of UTF-8, no control characters");
                return -1;
            }
            memcpy(j->owner, p->data, p->len);
            j->owner[p->len] = '\0';
            *have_owner = 1;
        }
    }
    if (file == NULL) {
        pl_free(parts);
        pl_req_respond_error(req, 400, "multipart body: no \"file\" part");
        return -1;
    }
    if (file->has_filename && j->filename[0] == '\0') {
        rv = pl_docs_filename_clean(file->filename, strlen(file->filename), j->filename);
        if (rv != 0) {
            pl_free(parts);
            pl_req_respond_error(req, 400, "filename: empty or invalid");
            return -1;
        }
    }
    memcpy(j->content_type, file->content_type, sizeof(j->content_type));
    j->data = file->data;
    j->len = file->len;
    pl_free(parts);
    return 0;
}

static void post_document(pl_req_t *req, void *ud)
{
    pl_docs_t *d = ud;
    job_t *j = pl_calloc(1, sizeof(*j));
    j->req = req;
    clock_gettime(CLOCK_MONOTONIC, &j->queued);
    int have_owner = owner_from_request(req, j->owner);
    int have_name = have_owner < 0 ? -1 : filename_from_request(req, j->filename);
    if (have_owner < 0 || have_name < 0) {
        pl_free(j); /* answered */
        return;
    }
    size_t len;
    const char *body = pl_req_body(req, &len);
    size_t ctlen = 0;
    const char *ct = pl_req_header(req, "Content-Type", &ctlen);
    if (ct != NULL && ctlen >= 10 && strncasecmp(ct, "multipart/", 10) == 0) {
        if (from_multipart(req, ct, ctlen, body, len, j, &have_owner) != 0) {
            pl_free(j);
            return;
        }
    } else {
        if (ct != NULL) {
            size_t n = ctlen < PL_DOCS_PART_TYPE_MAX ? ctlen : PL_DOCS_PART_TYPE_MAX;
            memcpy(j->content_type, ct, n);
            j->content_type[n] = '\0';
        }
        j->data = body;
        j->len = len;
    }
    if (!have_owner) {
        pl_free(j);
        pl_req_respond_error(req, 400, "user_id: required (?user_id=, X-User-Id or a form field)");
        return;
    }
    if (j->filename[0] == '\0') {
        pl_free(j);
        pl_req_respond_error(req, 400, "filename: required (?filename=, X-Filename or the file part's "
                                       "filename)");
        return;
    }
    /* What needs no thread is answered at once. */
    if (j->len == 0 || j->len > d->cfg.limits.max_bytes) {
        pl_docs_error_t err;
        pl_docs_text_t none;
        pl_docs_limits_t lim = d->cfg.limits;
        pl_docs_extract(j->data, j->len, j->filename, NULL, &lim, &none, &err);
        reject(d, j, err.failure, pl_docs_failure_status(err.failure), err.message);
        pl_free(j);
        return;
    }
    if (d->inflight >= d->cfg.max_inflight) {
        d->busy++;
        pl_free(j);
        pl_req_respond_error(req, 503, "too many documents are being imported: try again shortly");
        return;
    }
    d->inflight++;
    pthread_mutex_lock(&d->mu);
    if (d->todo_tail != NULL)
        d->todo_tail->next = j;
    else
        d->todo_head = j;
    d->todo_tail = j;
    pthread_cond_signal(&d->work_cond);
    pthread_mutex_unlock(&d->mu);
}

/* The owner of a read or delete: required. Returns 0 or -1 (answered). */
static int require_owner(pl_req_t *req, char owner[OWNER_MAX + 1])
{
    int rv = owner_from_request(req, owner);
    if (rv == 0)
        pl_req_respond_error(req, 400, "user_id: required (?user_id= or X-User-Id)");
    return rv == 1 ? 0 : -1;
}

static int list_cb(const pl_kb_doc_t *doc, void *ud)
{
    gen_doc(ud, doc);
    return 0;
}

static void list_documents(pl_req_t *req, void *ud)
{
    pl_docs_t *d = ud;
    char owner[OWNER_MAX + 1];
    if (require_owner(req, owner) != 0)
        return;
    yajl_gen g = new_gen();
    yajl_gen_map_open(g);
    yajl_gen_string(g, (const unsigned char *)"documents", 9);
    yajl_gen_array_open(g);
    int rv = pl_kb_doc_list(d->kb, owner, list_cb, g);
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    if (rv < 0) {
        yajl_gen_free(g);
        pl_log_error(MOD, "cannot list the documents of %s: %s", owner, pl_strerror(rv));
        pl_req_respond_error(req, 500, "the documents could not be listed");
        return;
    }
    respond_gen(req, 200, g);
}

static void delete_document(pl_req_t *req, void *ud)
{
    pl_docs_t *d = ud;
    char owner[OWNER_MAX + 1];
    if (require_owner(req, owner) != 0)
        return;
    const char *id = pl_req_param(req, "id");
    int rv = pl_kb_doc_delete(d->kb, owner, id);
    if (rv == 0) {
        pl_log_info(MOD, "deleted document %s of %s", id, owner);
        pl_req_respond(req, 204, NULL, NULL, 0);
    } else if (rv == PL_ERR_NOT_FOUND) {
        pl_req_respond_error(req, 404, "Document not found");
    } else {
        pl_log_error(MOD, "cannot delete document %s of %s: %s", id, owner, pl_strerror(rv));
        pl_req_respond_error(req, 500, "the document could not be deleted");
    }
}

/* ---------------------------------------------------------------------- */
/* Metrics                                                                */

static int render_metrics(pl_buf_t *out, void *ud)
{
    pl_docs_t *d = ud;
    int rv = pl_buf_appendf(out, "# HELP parley_documents_imported_total Documents extracted and "
                                 "indexed.\n# TYPE parley_documents_imported_total counter\n"
                                 "parley_documents_imported_total %llu\n",
                            (unsigned long long)d->imported);
    if (rv == 0)
        rv = pl_buf_appendf(out, "# HELP parley_documents_imported_bytes_total Bytes of the "
                                 "documents indexed.\n# TYPE parley_documents_imported_bytes_total "
                                 "counter\nparley_documents_imported_bytes_total %llu\n",
                            (unsigned long long)d->imported_bytes);
    if (rv == 0)
        rv = pl_buf_appendf(out, "# HELP parley_documents_rejected_total Uploads refused, by "
                                 "reason.\n# TYPE parley_documents_rejected_total counter\n");
    for (int f = PL_DOCS_EMPTY; rv == 0 && f < N_FAILURES; f++)
        rv = pl_buf_appendf(out, "parley_documents_rejected_total{reason=\"%s\"} %llu\n",
                            pl_docs_failure_name((pl_docs_failure_t)f),
                            (unsigned long long)d->rejected[f]);
    if (rv == 0)
        rv = pl_buf_appendf(out, "# HELP parley_documents_busy_total Uploads refused with 503: "
                                 "too many imports at once.\n# TYPE parley_documents_busy_total "
                                 "counter\nparley_documents_busy_total %llu\n",
                            (unsigned long long)d->busy);
    if (rv == 0)
        rv = pl_buf_appendf(out, "# HELP parley_document_imports_inflight Uploads being extracted "
                                 "or waiting for a thread.\n# TYPE parley_document_imports_inflight "
                                 "gauge\nparley_document_imports_inflight %u\n",
                            d->inflight);
    if (rv == 0)
        rv = pl_metrics_render_histogram(out, "parley_document_extract_seconds",
                                         "Time to extract the text of one upload.", NULL,
                                         &d->extract_time);
    return rv;
}

/* ---------------------------------------------------------------------- */
/* Life                                                                   */

static void stop_threads(pl_docs_t *d)
{
    pthread_mutex_lock(&d->mu);
    d->stopping = 1;
    pthread_cond_broadcast(&d->work_cond);
    pthread_mutex_unlock(&d->mu);
    for (unsigned i = 0; i < d->n_threads; i++)
        pthread_join(d->threads[i], NULL);
    d->n_threads = 0;
}

pl_docs_t *pl_docs_new(pl_server_t *srv, pl_kb_t *kb, const pl_docs_config_t *cfg)
{
    if (srv == NULL || kb == NULL) {
        pl_log_error(MOD, "pl_docs_new: a server and a knowledge base are required");
        return NULL;
    }
    pl_docs_t *d = pl_calloc(1, sizeof(*d));
    d->srv = srv;
    d->kb = kb;
    pl_docs_config_init(&d->cfg);
    if (cfg != NULL) {
        if (cfg->limits.max_bytes)
            d->cfg.limits.max_bytes = cfg->limits.max_bytes;
        if (cfg->limits.max_text_bytes)
            d->cfg.limits.max_text_bytes = cfg->limits.max_text_bytes;
        if (cfg->limits.max_pages)
            d->cfg.limits.max_pages = cfg->limits.max_pages;
        if (cfg->workers)
            d->cfg.workers = cfg->workers;
        if (cfg->max_inflight)
            d->cfg.max_inflight = cfg->max_inflight;
    }
    if (d->cfg.workers > 64)
        d->cfg.workers = 64;
    pthread_mutex_init(&d->mu, NULL);
    pthread_cond_init(&d->work_cond, NULL);
    d->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (d->wake_fd < 0) {
        pl_log_error(MOD, "eventfd: %s", strerror(errno));
        goto fail;
    }
    d->wake_ev = event_new(pl_server_base(srv), d->wake_fd, EV_READ | EV_PERSIST, on_wake, d);
    if (d->wake_ev == NULL || event_add(d->wake_ev, NULL) != 0) {
        pl_log_error(MOD, "cannot watch the completion eventfd");
        goto fail;
    }
    d->threads = pl_calloc(d->cfg.workers, sizeof(*d->threads));
    /* The threads take no signals: they stay with the loop thread. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    for (unsigned i = 0; i < d->cfg.workers; i++) {
        int err = pthread_create(&d->threads[i], NULL, worker_main, d);
        if (err != 0) {
            pthread_sigmask(SIG_SETMASK, &old, NULL);
            pl_log_error(MOD, "cannot start an extraction thread: %s", strerror(err));
            goto fail;
        }
        d->n_threads++;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);

    int rv = pl_server_route(srv, "POST", "/api/documents", post_document, d);
    if (rv == 0)
        rv = pl_server_route(srv, "GET", "/api/documents", list_documents, d);
    if (rv == 0)
        rv = pl_server_route(srv, "DELETE", "/api/documents/{id}", delete_document, d);
    if (rv != 0) {
        pl_log_error(MOD, "cannot register routes: %s", pl_strerror(rv));
        goto fail;
    }
    pl_server_add_metrics(srv, render_metrics, d);
    return d;

fail:
    pl_docs_free(d);
    return NULL;
}

void pl_docs_free(pl_docs_t *d)
{
    if (d == NULL)
        return;
    stop_threads(d);
    /* Finished extractions are answered (their clients may still be
     * there); queued ones are refused. The kb is still open. */
    job_t *list = take_done(d);
    while (list != NULL) {
        job_t *j = list;
        list = j->next;
        finish_job(d, j);
        free_job(j);
    }
    pthread_mutex_lock(&d->mu);
    list = d->todo_head;
    d->todo_head = d->todo_tail = NULL;
    pthread_mutex_unlock(&d->mu);
    while (list != NULL) {
        job_t *j = list;
        list = j->next;
        pl_req_respond_error(j->req, 503, "the server is shutting down");
        free_job(j);
    }
    if (d->wake_ev != NULL)
        event_free(d->wake_ev);
    if (d->wake_fd >= 0)
        close(d->wake_fd);
    pthread_cond_destroy(&d->work_cond);
    pthread_mutex_destroy(&d->mu);
    pl_free(d->threads);
    pl_free(d);
}
