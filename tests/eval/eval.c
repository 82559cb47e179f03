/*
 * eval.c - parley-eval: how well the lessons brain answers the curriculum's
 * evaluation questions.
 *
 *   parley-eval [--lessons DIR] [--min RATE] [--verbose] [FILE.tsv | DIR]...
 *
 * Loads the lessons into an in-memory knowledge base, then puts every
 * question of the TSV files (`lesson<TAB>question<TAB>fact`, first line
 * exactly that header; a folder means its *.tsv files) to the lessons brain
 * as the first message of a fresh conversation, on a real event loop, and
 * measures:
 *   topic: the answer's current_topic is the expected lesson, or the kb's
 *          top passage for the question belongs to it;
 *   fact:  the streamed answer contains the fact (case-insensitive).
 * Prints both rates and every failure; exits 1 when either rate is below
 * --min (default 0.9), 2 on bad input.
 */
#include "parley/brain.h"
#include "parley/kb.h"
#include "parley/log.h"
#include "parley/mem.h"

#include <event2/event.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct question {
    char *file;
    int line;
    char *lesson, *question, *fact;
} question_t;

typedef struct answer {
    pl_buf_t text;
    char topic[256];
    int done, failed;
} answer_t;

static void on_chunk(void *ud, const char *text, size_t len)
{
    answer_t *a = ud;
    pl_buf_append(&a->text, text, len);
}

static void on_done(void *ud, const pl_brain_result_t *r)
{
    answer_t *a = ud;
    a->done = 1;
    snprintf(a->topic, sizeof(a->topic), "%s", r->current_topic ? r->current_topic : "");
}

static void on_error(void *ud, int code, const char *message)
{
    (void)code;
    (void)message;
    answer_t *a = ud;
    a->failed = 1;
}

static const pl_brain_sink_t sink = {on_chunk, on_done, on_error};

static question_t *qs;
static size_t n_qs, cap_qs;

static char *field(char **p)
{
    char *s = *p, *tab = strchr(s, '\t');
    if (tab != NULL) {
        *tab = '\0';
        *p = tab + 1;
    } else {
        *p = s + strlen(s);
    }
    return s;
}

static int read_tsv(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int no = 0, rv = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        no++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (no == 1) {
            if (strcmp(line, "lesson\tquestion\tfact") != 0) {
                fprintf(stderr, "%s:1: the header must be 'lesson<TAB>question<TAB>fact'\n", path);
                rv = -1;
                break;
            }
            continue;
        }
        if (n == 0)
            continue;
        char *p = line;
        char *lesson = field(&p), *question = field(&p), *fact = field(&p);
        if (*lesson == '\0' || *question == '\0' || *fact == '\0' || *p != '\0' ||
            strchr(fact, '\t') != NULL) {
            fprintf(stderr, "%s:%d: expected three non-empty tab-separated fields\n", path, no);
            rv = -1;
            break;
        }
        if (n_qs == cap_qs) {
            cap_qs = cap_qs ? cap_qs * 2 : 256;
            qs = pl_realloc(qs, cap_qs * sizeof(*qs));
        }
        question_t *q = &qs[n_qs++];
        q->file = pl_strdup(path);
        q->line = no;
        q->lesson = pl_strdup(lesson);
        q->question = pl_strdup(question);
        q->fact = pl_strdup(fact);
    }
    free(line);
    fclose(f);
    return rv;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return read_tsv(path);
    DIR *d = opendir(path);
    if (d == NULL) {
        perror(path);
        return -1;
    }
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 256) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".tsv") == 0 && e->d_name[0] != '.')
            names[n++] = pl_strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(*names), cmp_str);
    int rv = 0;
    for (size_t i = 0; i < n; i++) {
        char full[4096];
        snprintf(full, sizeof(full), "%s/%s", path, names[i]);
        if (rv == 0)
            rv = read_tsv(full);
        pl_free(names[i]);
    }
    if (n == 0) {
        fprintf(stderr, "%s: no .tsv file\n", path);
        return -1;
    }
    return rv;
}

static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p != '\0'; p++)
        if (strncasecmp(p, needle, n) == 0)
            return 1;
    return n == 0;
}

/* The id of the lesson with that title, or "" */
static const char *id_of_title(pl_kb_t *kb, const char *title)
{
    for (size_t i = 0; i < pl_kb_lesson_count(kb); i++)
        if (strcmp(pl_kb_lesson_at(kb, i)->title, title) == 0)
            return pl_kb_lesson_at(kb, i)->id;
    return "";
}

static void one_line(const char *s, size_t max)
{
    for (size_t i = 0; s[i] != '\0' && i < max; i++)
        putchar(s[i] == '\n' ? ' ' : s[i]);
    if (strlen(s) > max)
        fputs("...", stdout);
}

int main(int argc, char **argv)
{
    const char *lessons = NULL;
    double min = 0.9;
    int verbose = 0, rv = 0;
    const char *src = getenv("PARLEY_SOURCE_DIR");
    char def_lessons[4096], def_tsv[4096];
    snprintf(def_lessons, sizeof(def_lessons), "%s/data/lessons", src ? src : ".");
    snprintf(def_tsv, sizeof(def_tsv), "%s/tests/eval", src ? src : ".");
    int n_paths = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--lessons") == 0 && i + 1 < argc) {
            lessons = argv[++i];
        } else if (strcmp(argv[i], "--min") == 0 && i + 1 < argc) {
            min = atof(argv[++i]);
        } else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
            verbose = 1;
        } else if (strcmp(argv[i], "--help") == 0 || argv[i][0] == '-') {
            printf("usage: %s [--lessons DIR] [--min RATE] [--verbose] [FILE.tsv | DIR]...\n",
                   argv[0]);
            return argv[i][1] == '-' && strcmp(argv[i], "--help") == 0 ? 0 : 2;
        } else {
            if (read_path(argv[i]) != 0)
                return 2;
            n_paths++;
        }
    }
    if (n_paths == 0 && read_path(def_tsv) != 0)
        return 2;
    if (lessons == NULL)
        lessons = def_lessons;
    if (n_qs == 0) {
        fprintf(stderr, "no questions\n");
        return 2;
    }

    pl_log_setup(PL_LOG_WARN, PL_LOG_TEXT);
    struct event_base *base = event_base_new();
    pl_kb_t *kb = NULL;
    pl_brain_t *brain = NULL;
    if (base == NULL || pl_kb_open(&kb, ":memory:") != 0)
        return 2;
    int nl = pl_kb_load_lessons(kb, lessons);
    if (nl <= 0) {
        fprintf(stderr, "%s: %s\n", lessons, nl == 0 ? "no lessons" : pl_kb_last_error(kb));
        pl_kb_close(kb);
        event_base_free(base);
        return 2;
    }
    if (pl_brain_lessons_new(&brain, base, kb, NULL) != 0)
        return 2;

    size_t topic_ok = 0, brain_topic_ok = 0, fact_ok = 0, unknown = 0;
    pl_buf_t failures = PL_BUF_INIT(0);
    for (size_t i = 0; i < n_qs; i++) {
        question_t *q = &qs[i];
        if (pl_kb_lesson_get(kb, q->lesson) == NULL) {
            unknown++;
            pl_buf_appendf(&failures, "  %s:%d: no lesson '%s'\n", q->file, q->line, q->lesson);
            continue;
        }
        answer_t a = {PL_BUF_INIT(0), "", 0, 0};
        char conv[32];
        snprintf(conv, sizeof(conv), "eval-%zu", i);
        pl_brain_request_t req = {0};
        req.dialect = "tutor";
        req.conversation_id = conv;
        req.user_id = "eval";
        req.input = q->question;
        req.input_len = strlen(q->question);
        pl_brain_turn_t *t = NULL;
        if (pl_brain_start(brain, &req, &sink, &a, &t) != 0) {
            fprintf(stderr, "%s:%d: the brain refused the question\n", q->file, q->line);
            rv = 2;
            break;
        }
        event_base_dispatch(base);
        const char *text = a.text.data ? a.text.data : "";
        const char *brain_topic = a.done ? id_of_title(kb, a.topic) : "";
        pl_kb_hit_t hit;
        int nh = pl_kb_search(kb, q->question, NULL, &hit, 1);
        const char *top = nh > 0 && hit.lesson_id ? hit.lesson_id : "";
        int t_ok = strcmp(brain_topic, q->lesson) == 0 || strcmp(top, q->lesson) == 0;
        int f_ok = a.done && contains_ci(text, q->fact);
        topic_ok += t_ok;
        brain_topic_ok += strcmp(brain_topic, q->lesson) == 0;
        fact_ok += f_ok;
        if (!t_ok)
            pl_buf_appendf(&failures, "  topic  %s | %s -> topic '%s', top passage '%s'\n",
                           q->lesson, q->question, brain_topic, top);
        if (!f_ok) {
            pl_buf_appendf(&failures, "  fact   %s | %s | '%s' not in: ", q->lesson, q->question,
                           q->fact);
            const char *body = text;
            const char *nl2 = strstr(text, ":\n\n");
            if (nl2 != NULL && strncmp(text, "From ", 5) == 0)
                body = nl2 + 3;
            size_t len = strlen(body);
            for (size_t k = 0; k < len && k < 160; k++)
                pl_buf_append(&failures, body[k] == '\n' ? " " : body + k, 1);
            pl_buf_append_str(&failures, len > 160 ? "...\n" : "\n");
        }
        if (verbose) {
            printf("%s %s %s | %s\n   ", t_ok ? "T" : "-", f_ok ? "F" : "-", q->lesson, q->question);
            one_line(text, 400);
            putchar('\n');
        }
        pl_buf_free(&a.text);
    }
    size_t n = n_qs;
    double tr = (double)topic_ok / (double)n, fr = (double)fact_ok / (double)n;
    if (failures.len > 0)
        printf("failures:\n%s", failures.data);
    printf("questions: %zu (%d lessons)%s\n", n, nl, unknown ? " -- some name no lesson" : "");
    printf("topic accuracy: %zu/%zu = %.1f%% (the brain's current topic alone: %.1f%%)\n",
           topic_ok, n, 100 * tr, 100.0 * (double)brain_topic_ok / (double)n);
    printf("answer contains fact: %zu/%zu = %.1f%%\n", fact_ok, n, 100 * fr);
    if (rv == 0 && (tr < min || fr < min)) {
        printf("FAIL: below %.0f%%\n", 100 * min);
        rv = 1;
    } else if (rv == 0) {
        printf("PASS: both at or above %.0f%%\n", 100 * min);
    }
    pl_buf_free(&failures);
    pl_brain_free(brain);
    pl_kb_close(kb);
    event_base_free(base);
    for (size_t i = 0; i < n_qs; i++) {
        pl_free(qs[i].file);
        pl_free(qs[i].lesson);
        pl_free(qs[i].question);
        pl_free(qs[i].fact);
    }
    pl_free(qs);
    return rv;
}
