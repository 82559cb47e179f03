/*
 * kbsynth.c - synthetic study documents from the curriculum (see
 * kbsynth.h). Each lesson's sections and key facts are cut into words
 * (runs of non-blank bytes, punctuation kept, so UTF-8 stays whole); a
 * sentence starts at a word that starts one in the lesson and walks the
 * lesson's word bigrams (a successor of the current word drawn uniformly
 * from its occurrences) until a word ends a sentence, so every sentence is
 * new but reads like the curriculum and uses its vocabulary.
 */
#include "kbsynth.h"

#include "parley/error.h"
#include "parley/mem.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Sentences: at least this many words before an end is accepted, at most this many. */
#define MIN_WORDS 6
#define MAX_WORDS 40
/* Share of a document's sentences drawn from a second lesson, in percent. */
#define MIX_PERCENT 15

typedef struct slesson {
    const char *id;
    const char *title;
    char *text;          /* the words, NUL-separated */
    const char **word;   /* n words, pointing into text */
    size_t n;
    size_t *starts;      /* indices of words that start a sentence */
    size_t nstarts;
    size_t *head;        /* hash bucket -> first word index + 1 (0: empty) */
    size_t *next;        /* word index -> next index + 1 with the same hash */
    size_t nbuckets;
} slesson_t;

struct lg_kbsynth {
    slesson_t *lessons;
    size_t n;
    uint64_t rng;
    uint64_t doc_serial;
};

static uint64_t rnd(lg_kbsynth_t *s)
{
    /* xorshift64*: reproducible, not secret */
    uint64_t x = s->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    s->rng = x;
    return x * UINT64_C(2685821657736338717);
}

static size_t below(lg_kbsynth_t *s, size_t n)
{
    return n ? (size_t)((rnd(s) >> 11) % n) : 0;
}

static size_t hash(const char *w)
{
    uint64_t h = 1469598103934665603u;
    for (; *w; w++) {
        h ^= (unsigned char)*w;
        h *= 1099511628211u;
    }
    return (size_t)h;
}

static int ends_sentence(const char *w)
{
    size_t n = strlen(w);
    while (n > 0 && (w[n - 1] == '"' || w[n - 1] == ')' || w[n - 1] == '\''))
        n--;
    return n > 0 && (w[n - 1] == '.' || w[n - 1] == '?' || w[n - 1] == '!');
}

static int is_blank(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* Builds one lesson's model from its sections and facts. */
static void lesson_build(slesson_t *l, const pl_kb_lesson_t *src)
{
    pl_buf_t all = PL_BUF_INIT(0);
    size_t cap = 0;

    l->id = src->id;
    l->title = src->title;
    for (size_t i = 0; i < src->n_sections; i++) {
        pl_buf_append_str(&all, src->sections[i].text);
        pl_buf_append_str(&all, "\n");
    }
    for (size_t i = 0; i < src->n_facts; i++) {
        pl_buf_append_str(&all, src->facts[i]);
        pl_buf_append_str(&all, ends_sentence(src->facts[i]) ? "\n" : ".\n");
    }
    l->text = all.data ? all.data : pl_strdup("");
    /* words: cut at blanks; a word after a line break or a sentence end starts one */
    int start = 1;
    for (char *p = l->text; *p;) {
        while (*p && is_blank(*p)) {
            if (*p == '\n')
                start = 1;
            *p++ = '\0';
        }
        if (!*p)
            break;
        if (l->n == cap) {
            cap = cap ? cap * 2 : 1024;
            l->word = pl_realloc(l->word, cap * sizeof(*l->word));
            l->starts = pl_realloc(l->starts, cap * sizeof(*l->starts));
        }
        l->word[l->n] = p;
        if (start && ((unsigned char)*p >= 0x80 || (*p >= 'A' && *p <= 'Z')))
            l->starts[l->nstarts++] = l->n;
        l->n++;
        while (*p && !is_blank(*p))
            p++;
        start = ends_sentence(l->word[l->n - 1]);
    }
    l->nbuckets = 1;
    while (l->nbuckets < 2 * l->n + 1)
        l->nbuckets *= 2;
    l->head = pl_calloc(l->nbuckets, sizeof(*l->head));
    l->next = pl_calloc(l->n ? l->n : 1, sizeof(*l->next));
    for (size_t i = l->n; i-- > 0;) {
        size_t b = hash(l->word[i]) & (l->nbuckets - 1);
        l->next[i] = l->head[b];
        l->head[b] = i + 1;
    }
}

static void lesson_free(slesson_t *l)
{
    pl_free(l->text);
    pl_free(l->word);
    pl_free(l->starts);
    pl_free(l->head);
    pl_free(l->next);
}

int lg_kbsynth_new(lg_kbsynth_t **out, const pl_kb_t *kb, uint64_t seed)
{
    size_t n = pl_kb_lesson_count(kb);
    lg_kbsynth_t *s;

    if (n == 0)
        return PL_ERR_NOT_FOUND;
    s = pl_calloc(1, sizeof(*s));
    s->lessons = pl_calloc(n, sizeof(*s->lessons));
    for (size_t i = 0; i < n; i++) {
        const pl_kb_lesson_t *l = pl_kb_lesson_at(kb, i);
        if (l != NULL)
            lesson_build(&s->lessons[s->n++], l);
    }
    s->rng = seed * UINT64_C(0x9e3779b97f4a7c15) + 0x2545f4914f6cdd1du;
    if (s->rng == 0)
        s->rng = 1;
    /* a lesson without a sentence start cannot make a page */
    for (size_t i = 0; i < s->n; i++) {
        if (s->lessons[i].nstarts == 0) {
            lg_kbsynth_free(s);
            return PL_ERR_NOT_FOUND;
        }
    }
    *out = s;
    return 0;
}

void lg_kbsynth_free(lg_kbsynth_t *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++)
        lesson_free(&s->lessons[i]);
    pl_free(s->lessons);
    pl_free(s);
}

/* A word that follows w somewhere in the lesson, drawn uniformly, or NULL. */
static const char *successor(lg_kbsynth_t *s, const slesson_t *l, const char *w)
{
    size_t b = hash(w) & (l->nbuckets - 1), seen = 0;
    const char *pick = NULL;
    for (size_t i = l->head[b]; i != 0; i = l->next[i - 1]) {
        size_t at = i - 1;
        if (at + 1 >= l->n || strcmp(l->word[at], w) != 0)
            continue;
        seen++;
        if (below(s, seen) == 0) /* reservoir sampling */
            pick = l->word[at + 1];
    }
    return pick;
}

static void sentence(lg_kbsynth_t *s, const slesson_t *l, pl_buf_t *out)
{
    const char *w = l->word[l->starts[below(s, l->nstarts)]];
    size_t words = 1;
    pl_buf_append_str(out, w);
    while (words < MAX_WORDS && !(words >= MIN_WORDS && ends_sentence(w))) {
        const char *nx = successor(s, l, w);
        if (nx == NULL)
            break;
        w = nx;
        pl_buf_append_str(out, " ");
        pl_buf_append_str(out, w);
        words++;
    }
    if (!ends_sentence(w)) {
        /* drop trailing punctuation that cannot end a sentence, then close it */
        while (out->len > 0 && (out->data[out->len - 1] == ',' || out->data[out->len - 1] == ';' ||
                                out->data[out->len - 1] == ':'))
            out->data[--out->len] = '\0';
        pl_buf_append_str(out, ".");
    }
}

/* A page following lesson a, with a share of sentences from lesson b. */
static void page(lg_kbsynth_t *s, size_t a, size_t b, size_t target, int number, pl_buf_t *out)
{
    const slesson_t *la = &s->lessons[a], *lb = &s->lessons[b];
    pl_buf_appendf(out, "%s: notes, page %d\n\n", la->title, number);
    while (out->len < target) {
        size_t n = 2 + below(s, 5);
        for (size_t i = 0; i < n; i++) {
            const slesson_t *l = below(s, 100) < MIX_PERCENT ? lb : la;
            if (i > 0)
                pl_buf_append_str(out, " ");
            sentence(s, l, out);
        }
        pl_buf_append_str(out, "\n\n");
    }
    while (out->len > 0 && out->data[out->len - 1] == '\n')
        out->data[--out->len] = '\0';
}

char *lg_kbsynth_page(lg_kbsynth_t *s, size_t lesson, size_t target_bytes, size_t *len)
{
    pl_buf_t b = PL_BUF_INIT(0);
    size_t a = lesson % s->n;
    page(s, a, (a + 1 + below(s, s->n > 1 ? s->n - 1 : 1)) % s->n,
         target_bytes < 200 ? 200 : target_bytes, 1, &b);
    *len = b.len;
    return b.data ? b.data : pl_strdup("");
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int lg_kbsynth_fill(lg_kbsynth_t *s, pl_kb_t *kb, const char *owner, size_t pages,
                    lg_kbsynth_stats_t *st)
{
    static const struct {
        const char *kind, *ext, *mime;
    } kinds[] = {
        {"notes", "pdf", "application/pdf"},
        {"summary", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"handout", "txt", "text/plain"},
    };
    lg_kbsynth_stats_t local;
    size_t added = 0;
    int rc = 0;

    if (st == NULL)
        st = &local;
    memset(st, 0, sizeof(*st));
    while (added < pages) {
        size_t n = 3 + below(s, 22), a = below(s, s->n);
        size_t b = (a + 1 + below(s, s->n > 1 ? s->n - 1 : 1)) % s->n;
        size_t k = below(s, sizeof(kinds) / sizeof(kinds[0])), bytes = 0;
        pl_buf_t *texts;
        pl_kb_page_t *pg;
        char name[256], id[40];
        double t0;

        if (n > pages - added)
            n = pages - added;
        texts = pl_calloc(n, sizeof(*texts));
        pg = pl_calloc(n, sizeof(*pg));
        for (size_t i = 0; i < n; i++) {
            texts[i] = (pl_buf_t)PL_BUF_INIT(0);
            page(s, a, b, 1800 + below(s, 1401), (int)i + 1, &texts[i]);
            pg[i].number = (int)i + 1;
            pg[i].text = texts[i].data;
            pg[i].len = texts[i].len;
            bytes += texts[i].len;
        }
        snprintf(name, sizeof(name), "%s-%s-%04llu.%s", s->lessons[a].id, kinds[k].kind,
                 (unsigned long long)++s->doc_serial, kinds[k].ext);
        t0 = now_s();
        rc = pl_kb_doc_add(kb, owner, name, kinds[k].mime, bytes, pg, n, id);
        st->seconds += now_s() - t0;
        for (size_t i = 0; i < n; i++)
            pl_buf_free(&texts[i]);
        pl_free(texts);
        pl_free(pg);
        if (rc != 0)
            return rc;
        st->documents++;
        st->pages += n;
        st->bytes += bytes;
        added += n;
    }
    return 0;
}
