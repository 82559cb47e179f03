/*
 * feedback.c - speaking feedback on one user turn (seed 002's ai_response
 * `feedback`): clarity and fluency scores 0-100, the filler words used,
 * immediate repetitions and, when the timing of the speech is known, the
 * speaking rate. Pure computation: no allocation survives the call, no
 * global state.
 *
 * Method (the numbers are the whole method; tests/unit/dialects pins them):
 *
 *  1. Words. The text is split into words: runs of letters, digits, any
 *     non-ASCII letter, and apostrophes inside a word ("don't", "it’s").
 *     Everything else separates words. The gap before each word is
 *     classed: 0 nothing but spaces, 1 a comma-like pause (, ; : - — –
 *     … parentheses), 2 a sentence end (. ! ? newline, and the start of
 *     the turn); the gap after the last word counts as 2.
 *  2. Fillers. Hesitation sounds are always fillers: um (umm, uhm), uh, er
 *     (err, erm), ah, hmm (hm, mm, mhm). Words that are fillers only in
 *     some places count only there:
 *       like       when a pause or the turn start is just before it, a
 *                  comma-like pause just after it, or "and/but/so/or" or
 *                  another filler just before it ("it was, like, huge";
 *                  not "I like it", "looks like rain");
 *       you know   when a pause or the turn end follows and the word before
 *                  is not do/did/does/don't/didn't/doesn't/if/would/will/
 *                  could/can/what ("you know, it's hard"; not "you know
 *                  the answer", "do you know?");
 *       i mean     when a pause or the turn end follows and the word before
 *                  is not what/do/did/don't/didn't;
 *       kind of, sort of  when a pause or the turn end follows and the
 *                  word before is not what/this/that/which/some/any/a/the/
 *                  no/every.
 *  3. Repetitions, counted on the words left once fillers are removed (so
 *     "I um I think" is a restart): a word equal to the one before ("I I
 *     think", each further copy counts again), or a two-word phrase equal
 *     to the two words before it ("I think I think"; three copies count 2).
 *  4. Rate. words_per_minute = words / minutes of speech, fillers
 *     included, when the speech lasted at least 0.5 s (capped at 1000).
 *  5. Scores, with n words, f filler occurrences, r repetitions:
 *       fluency = 100 - 200 f/n - 150 r/n - pace
 *         pace  = 0.5 per word/minute under 90 or over 190, at most 40;
 *                 0 when the rate is unknown
 *       clarity = 100 - 120 f/n - 100 r/n - run_on
 *         run_on = 1.5 per word the mean sentence length passes 25, at most 25
 *       with a recognizer confidence c (0-1):
 *       clarity = (clarity + 100 c) / 2
 *     Both are rounded and kept within 0-100. A turn with no word scores 0.
 */
#include "parley/dialects.h"

#include "parley/mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Canonical fillers, the index is the filler kind (kind 0 = not a filler). */
static const char *const filler_names[] = {
    NULL, "um", "uh", "er", "ah", "hmm", "like", "you know", "i mean", "kind of", "sort of",
};
enum { F_NONE, F_UM, F_UH, F_ER, F_AH, F_HMM, F_LIKE, F_YOU_KNOW, F_I_MEAN, F_KIND_OF, F_SORT_OF,
       F_COUNT };

typedef struct tok {
    const char *w;  /* lower-cased copy of the word */
    size_t n;
    int gap_before; /* 0 spaces, 1 comma-like pause, 2 sentence end / turn start */
    int filler;     /* filler kind that covers this word, 0 if none */
} tok_t;

static int eqw(const tok_t *t, const char *s)
{
    size_t n = strlen(s);
    return t->n == n && memcmp(t->w, s, n) == 0;
}

static int eqt(const tok_t *a, const tok_t *b) { return a->n == b->n && memcmp(a->w, b->w, a->n) == 0; }

static int in_list(const tok_t *t, const char *const *list)
{
    for (; *list != NULL; list++)
        if (eqw(t, *list))
            return 1;
    return 0;
}

/* Length of the UTF-8 sequence led by b (1 for ASCII and for stray bytes). */
static size_t seq_len(unsigned char b)
{
    if (b >= 0xF0 && b <= 0xF4)
        return 4;
    if (b >= 0xE0)
        return b <= 0xEF ? 3 : 1;
    if (b >= 0xC2)
        return 2;
    return 1;
}

/* Class of the character at p (k bytes): 'w' word, '\'' apostrophe, ','
 * comma-like pause, '.' sentence end, ' ' plain separator. */
static int char_class(const unsigned char *p, size_t k)
{
    if (k == 1) {
        unsigned char c = p[0];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            return 'w';
        if (c == '\'')
            return '\'';
        if (c == ',' || c == ';' || c == ':' || c == '-' || c == '(' || c == ')')
            return ',';
        if (c == '.' || c == '!' || c == '?' || c == '\n')
            return '.';
        return ' ';
    }
    if (k == 3 && p[0] == 0xE2 && (p[1] == 0x80 || p[1] == 0x81)) {
        /* General punctuation U+2000..U+207F. */
        if (p[1] == 0x80 && p[2] == 0x99)
            return '\''; /* ’ */
        if (p[1] == 0x80 && p[2] == 0xA6)
            return '.'; /* … */
        if (p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94))
            return ','; /* – — */
        return ' ';
    }
    if (k == 2 && p[0] == 0xC2)
        return ' '; /* U+0080..U+00BF: nbsp, ¡ ¿ « » and other Latin-1 symbols */
    if (k == 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] <= 0x82)
        return p[2] == 0x82 ? '.' : (p[2] == 0x81 ? ',' : ' '); /* ideographic space 、 。 */
    return 'w';
}

/*
 * Hesitation sounds by the shape of their letter runs: "ummm" is u-m,
 * "uhm" u-h-m, "erm" e-r-m, "mhm" m-h-m.
 */
static int hesitation(const tok_t *t)
{
    char runs[8];
    size_t nr = 0;
    for (size_t i = 0; i < t->n; i++) {
        char c = t->w[i];
        if (c < 'a' || c > 'z')
            return F_NONE;
        if (nr > 0 && runs[nr - 1] == c)
            continue;
        if (nr == sizeof(runs) - 1)
            return F_NONE;
        runs[nr++] = c;
    }
    runs[nr] = '\0';
    if (strcmp(runs, "um") == 0 || strcmp(runs, "uhm") == 0)
        return F_UM;
    if (strcmp(runs, "uh") == 0)
        return F_UH;
    if (strcmp(runs, "er") == 0 || strcmp(runs, "erm") == 0)
        return F_ER;
    if (strcmp(runs, "ah") == 0)
        return F_AH;
    if (strcmp(runs, "hm") == 0 || strcmp(runs, "mhm") == 0 || (strcmp(runs, "m") == 0 && t->n >= 2))
        return F_HMM;
    return F_NONE;
}

static const char *const like_openers[] = {"and", "but", "so", "or", NULL};
static const char *const you_know_not_after[] = {"do",   "did",   "does", "don't", "didn't",
                                                 "doesn't", "if", "would", "will", "could",
                                                 "can",  "what",  NULL};
static const char *const i_mean_not_after[] = {"what", "do", "did", "don't", "didn't", NULL};
static const char *const kind_of_not_after[] = {"what", "this", "that", "which", "some", "any",
                                                "a",    "the",  "no",   "every", NULL};

/* Marks fillers on toks[0..n). Returns the number of filler occurrences. */
static unsigned mark_fillers(tok_t *toks, size_t n, unsigned counts[F_COUNT])
{
    unsigned total = 0;
    for (size_t i = 0; i < n; i++) {
        tok_t *t = &toks[i];
        const tok_t *prev = i > 0 ? &toks[i - 1] : NULL;
        int after2 = i + 2 < n ? toks[i + 2].gap_before : 2; /* gap after a two-word phrase */
        int kind = hesitation(t);
        int words = 1;
        if (kind == F_NONE && eqw(t, "like")) {
            int after = i + 1 < n ? toks[i + 1].gap_before : 2;
            if (t->gap_before >= 1 || after == 1 || (prev != NULL && prev->filler != F_NONE) ||
                (prev != NULL && in_list(prev, like_openers)))
                kind = F_LIKE;
        } else if (kind == F_NONE && i + 1 < n && after2 >= 1) {
            const tok_t *next = &toks[i + 1];
            if (eqw(t, "you") && eqw(next, "know") &&
                (prev == NULL || !in_list(prev, you_know_not_after)))
                kind = F_YOU_KNOW;
            else if (eqw(t, "i") && eqw(next, "mean") &&
                     (prev == NULL || !in_list(prev, i_mean_not_after)))
                kind = F_I_MEAN;
            else if ((eqw(t, "kind") || eqw(t, "sort")) && eqw(next, "of") &&
                     (prev == NULL || !in_list(prev, kind_of_not_after)))
                kind = eqw(t, "kind") ? F_KIND_OF : F_SORT_OF;
            if (kind != F_NONE)
                words = 2;
        }
        if (kind == F_NONE)
            continue;
        for (int k = 0; k < words; k++)
            toks[i + (size_t)k].filler = kind;
        i += (size_t)(words - 1);
        counts[kind]++;
        total++;
    }
    return total;
}

/* Immediate repetitions among the words that are not fillers. */
static unsigned count_repetitions(const tok_t *toks, size_t n, const tok_t **seq)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (toks[i].filler == F_NONE)
            seq[m++] = &toks[i];
    unsigned reps = 0;
    size_t bigram_from = 3;
    for (size_t i = 1; i < m; i++) {
        if (eqt(seq[i], seq[i - 1])) {
            reps++;
            continue;
        }
        if (i >= bigram_from && eqt(seq[i], seq[i - 2]) && eqt(seq[i - 1], seq[i - 3]) &&
            !eqt(seq[i - 1], seq[i - 2])) {
            reps++;
            bigram_from = i + 2; /* the next copy ends two words on */
        }
    }
    return reps;
}

static int clamp_score(double v)
{
    if (!(v > 0))
        return 0;
    if (v > 100)
        return 100;
    return (int)lround(v);
}

void pl_feedback_score(const char *text, size_t len, double confidence, double speech_seconds,
                       pl_feedback_t *out)
{
    memset(out, 0, sizeof(*out));
    out->words_per_minute = -1;
    if (text == NULL)
        len = 0;
    /* A lower-cased copy the words point into (ASCII folding; the
     * typographic apostrophe ’ becomes '). */
    char *lower = pl_malloc(len + 1);
    size_t ln = 0;
    for (size_t j = 0; j < len; j++) {
        char c = text[j];
        if ((unsigned char)c == 0xE2 && j + 2 < len && (unsigned char)text[j + 1] == 0x80 &&
            (unsigned char)text[j + 2] == 0x99) {
            lower[ln++] = '\'';
            j += 2;
            continue;
        }
        lower[ln++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    lower[ln] = '\0';
    len = ln;
    /* At most one word per two bytes (a word and a separator). */
    size_t cap = len / 2 + 1;
    tok_t *toks = pl_calloc(cap, sizeof(*toks));
    size_t n = 0, sentence_ends = 0;
    int gap = 2; /* the turn start counts as a sentence boundary */
    const unsigned char *p = (const unsigned char *)lower;
    size_t i = 0;
    while (i < len) {
        size_t k = seq_len(p[i]);
        if (i + k > len)
            k = 1;
        int cls = char_class(p + i, k);
        if (cls == 'w') {
            /* A word: letters, digits, non-ASCII letters, inner apostrophes. */
            size_t start = i, end = i;
            while (end < len) {
                size_t kk = seq_len(p[end]);
                if (end + kk > len)
                    kk = 1;
                int c2 = char_class(p + end, kk);
                if (c2 == 'w') {
                    end += kk;
                    continue;
                }
                if (c2 == '\'' && end + kk < len) {
                    size_t k3 = seq_len(p[end + kk]);
                    if (end + kk + k3 <= len && char_class(p + end + kk, k3) == 'w') {
                        end += kk;
                        continue;
                    }
                }
                break;
            }
            if (n == cap) /* cannot happen (see cap) but stay in bounds */
                break;
            toks[n].w = lower + start;
            toks[n].n = end - start;
            toks[n].gap_before = gap;
            if (gap == 2 && n > 0)
                sentence_ends++;
            n++;
            gap = 0;
            i = end;
            continue;
        }
        if (cls == '.')
            gap = 2;
        else if (cls == ',' && gap < 1)
            gap = 1;
        i += k;
    }

    unsigned counts[F_COUNT] = {0};
    unsigned fillers = mark_fillers(toks, n, counts);
    const tok_t **seq = pl_calloc(n + 1, sizeof(*seq));
    unsigned reps = count_repetitions(toks, n, seq);
    pl_free(seq);

    out->words = (unsigned)n;
    out->filler_count = fillers;
    out->repetitions = reps;
    /* Distinct fillers, most frequent first, ties in alphabetical order. */
    for (int kind = 1; kind < F_COUNT; kind++) {
        if (counts[kind] == 0)
            continue;
        size_t at = out->n_fillers;
        while (at > 0 && (out->fillers[at - 1].count < counts[kind] ||
                          (out->fillers[at - 1].count == counts[kind] &&
                           strcmp(out->fillers[at - 1].word, filler_names[kind]) > 0))) {
            if (at < PL_FEEDBACK_MAX_FILLERS)
                out->fillers[at] = out->fillers[at - 1];
            at--;
        }
        if (at < PL_FEEDBACK_MAX_FILLERS) {
            strncpy(out->fillers[at].word, filler_names[kind], PL_FEEDBACK_WORD_MAX - 1);
            out->fillers[at].word[PL_FEEDBACK_WORD_MAX - 1] = '\0';
            out->fillers[at].count = counts[kind];
            if (out->n_fillers < PL_FEEDBACK_MAX_FILLERS)
                out->n_fillers++;
        }
    }

    if (speech_seconds >= 0.5 && isfinite(speech_seconds)) {
        double wpm = (double)n / (speech_seconds / 60.0);
        out->words_per_minute = wpm > 1000 ? 1000 : wpm;
    }
    if (n == 0) {
        pl_free(toks);
        pl_free(lower);
        return; /* nothing said: 0 and 0 */
    }
    double nw = (double)n, fr = fillers / nw, rr = reps / nw;
    double pace = 0;
    if (out->words_per_minute >= 0) {
        double w = out->words_per_minute;
        pace = w < 90 ? (90 - w) * 0.5 : w > 190 ? (w - 190) * 0.5 : 0;
        if (pace > 40)
            pace = 40;
    }
    double sentences = (double)(sentence_ends + 1);
    double mean_len = nw / sentences;
    double run_on = mean_len > 25 ? (mean_len - 25) * 1.5 : 0;
    if (run_on > 25)
        run_on = 25;
    double fluency = 100 - 200 * fr - 150 * rr - pace;
    double clarity = 100 - 120 * fr - 100 * rr - run_on;
    if (confidence >= 0 && confidence <= 1)
        clarity = (clarity + 100 * confidence) / 2;
    out->fluency = clamp_score(fluency);
    out->clarity = clamp_score(clarity);
    pl_free(toks);
    pl_free(lower);
}
