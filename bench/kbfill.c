/*
 * kbfill.c - parley-kbfill: pre-fills a data dir's knowledge base with
 * synthetic study documents for one user, so the lessons brain can be
 * measured over the curriculum plus a realistic document collection.
 *
 *   parley-kbfill --data-dir DIR [--lessons-dir DIR] [--pages N] [--user ID]
 *                 [--seed N] [--json]
 *
 * Opens DIR/knowledge.db with pl_kb_open (creating the folder and the file
 * as parleyd would), builds the generator (kbsynth.c) from the lessons of
 * --lessons-dir (loaded into a separate in-memory kb, so the target gets
 * only documents: parleyd indexes the lessons itself when it starts), and
 * adds documents of 3-24 pages with pl_kb_doc_add until N pages are in.
 * Prints what it added: documents, pages, passages, bytes and seconds (one
 * JSON object with --json). Exit status 0, 1 when a document could not be
 * added, 2 for bad usage.
 */
#include "kbsynth.h"
#include "lgutil.h"

#include "parley/kb.h"
#include "parley/log.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef PL_BENCH_LESSONS_DIR
#define PL_BENCH_LESSONS_DIR "data/lessons"
#endif

typedef struct count {
    size_t documents, pages, chunks, bytes;
} count_t;

static int count_doc(const pl_kb_doc_t *d, void *ud)
{
    count_t *c = ud;
    c->documents++;
    c->pages += d->pages > 0 ? (size_t)d->pages : 0;
    c->chunks += d->chunks > 0 ? (size_t)d->chunks : 0;
    c->bytes += d->bytes;
    return 0;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: parley-kbfill --data-dir DIR [options]\n"
            "  --data-dir DIR      the data dir whose knowledge.db gets the documents (required)\n"
            "  --lessons-dir DIR   the curriculum the text is drawn from (%s)\n"
            "  --pages N           pages to add, in documents of 3-24 pages (2000)\n"
            "  --user ID           the documents' owner (123, the tutor workloads' user)\n"
            "  --seed N            generator seed (1)\n"
            "  --json              print the summary as one JSON object\n",
            PL_BENCH_LESSONS_DIR);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"data-dir", required_argument, NULL, 'd'}, {"lessons-dir", required_argument, NULL, 'l'},
        {"pages", required_argument, NULL, 'p'},    {"user", required_argument, NULL, 'u'},
        {"seed", required_argument, NULL, 's'},     {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
    };
    const char *data_dir = NULL, *lessons = PL_BENCH_LESSONS_DIR, *user = "123";
    unsigned long long seed = 1;
    long pages = 2000;
    int json = 0, ch, rc, status = 1;
    char path[4096], *end;
    pl_kb_t *src = NULL, *kb = NULL;
    lg_kbsynth_t *gen = NULL;
    lg_kbsynth_stats_t st;
    count_t total = {0, 0, 0, 0};

    while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'd':
            data_dir = optarg;
            break;
        case 'l':
            lessons = optarg;
            break;
        case 'p':
            errno = 0;
            pages = strtol(optarg, &end, 10);
            if (errno || *end || pages < 1 || pages > 10000000) {
                fprintf(stderr, "parley-kbfill: bad --pages '%s'\n", optarg);
                return 2;
            }
            break;
        case 'u':
            if (*optarg == '\0' || strlen(optarg) > 128) {
                fprintf(stderr, "parley-kbfill: bad --user\n");
                return 2;
            }
            user = optarg;
            break;
        case 's':
            errno = 0;
            seed = strtoull(optarg, &end, 10);
            if (errno || *end || end == optarg) {
                fprintf(stderr, "parley-kbfill: bad --seed '%s'\n", optarg);
                return 2;
            }
            break;
        case 'j':
            json = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (data_dir == NULL || optind < argc) {
        usage(stderr);
        return 2;
    }
    pl_log_setup(PL_LOG_WARN, PL_LOG_TEXT);
    if (mkdir(data_dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "parley-kbfill: cannot create %s: %s\n", data_dir, strerror(errno));
        return 1;
    }
    if ((size_t)snprintf(path, sizeof(path), "%s/knowledge.db", data_dir) >= sizeof(path)) {
        fprintf(stderr, "parley-kbfill: --data-dir too long\n");
        return 2;
    }
    if (pl_kb_open(&src, ":memory:") != 0) {
        fprintf(stderr, "parley-kbfill: cannot open an in-memory kb\n");
        goto out;
    }
    rc = pl_kb_load_lessons(src, lessons);
    if (rc < 0) {
        fprintf(stderr, "parley-kbfill: cannot load %s: %s\n", lessons, pl_kb_last_error(src));
        goto out;
    }
    if (lg_kbsynth_new(&gen, src, seed) != 0) {
        fprintf(stderr, "parley-kbfill: %s holds no usable lesson\n", lessons);
        goto out;
    }
    if (pl_kb_open(&kb, path) != 0) {
        fprintf(stderr, "parley-kbfill: cannot open %s\n", path);
        goto out;
    }
    rc = lg_kbsynth_fill(gen, kb, user, (size_t)pages, &st);
    if (rc != 0) {
        fprintf(stderr, "parley-kbfill: a document was not added after %zu pages: %s\n", st.pages,
                pl_kb_last_error(kb));
        goto out;
    }
    pl_kb_doc_list(kb, user, count_doc, &total);
    if (json) {
        printf("{\"ok\":true,\"kb\":");
        lg_json_string(stdout, path);
        printf(",\"user\":");
        lg_json_string(stdout, user);
        printf(",\"lessons\":%zu,\"documents_added\":%zu,\"pages_added\":%zu,\"bytes_added\":%zu,"
               "\"seconds\":%.3f,\"documents\":%zu,\"pages\":%zu,\"passages\":%zu,\"seed\":%llu}\n",
               pl_kb_lesson_count(src), st.documents, st.pages, st.bytes, st.seconds,
               total.documents, total.pages, total.chunks, seed);
    } else
        printf("parley-kbfill: added %zu documents, %zu pages (%zu bytes) for user %s to %s in "
               "%.2f s; the user now has %zu documents, %zu pages, %zu passages\n",
               st.documents, st.pages, st.bytes, user, path, st.seconds, total.documents,
               total.pages, total.chunks);
    status = 0;
out:
    lg_kbsynth_free(gen);
    pl_kb_close(kb);
    pl_kb_close(src);
    return status;
}
