/*
 * kb_text.c - text helpers of the knowledge base: the word tokenizer, the
 * stop-word list, a bounded edit distance (for spelling correction), UTF-8
 * validation and the sentence splitter the lessons brain also uses.
 */
#include "kb_int.h"

#include <stdlib.h>
#include <string.h>

static int word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/*
 * Length of the UTF-8 punctuation or symbol at s (Latin-1 signs U+0080-
 * U+00BF, U+00D7, U+00F7; general punctuation U+2000-U+206F: dashes,
 * curly quotes, ellipsis), which separates words; 0 for anything else.
 */
static size_t punct_len(const unsigned char *s, size_t left)
{
    if (left >= 2 && s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0xBF)
        return 2;
    if (left >= 2 && s[0] == 0xC3 && (s[1] == 0x97 || s[1] == 0xB7))
        return 2;
    if (left >= 3 && s[0] == 0xE2 && (s[1] == 0x80 || s[1] == 0x81))
        return 3;
    return 0;
}

void kb_words(const char *text, size_t len, kb_word_fn fn, void *ud)
{
    const unsigned char *u = (const unsigned char *)text;
    char w[KB_WORD_MAX + 1];
    size_t i = 0;
    while (i < len) {
        while (i < len) {
            size_t pl = u[i] >= 0x80 ? punct_len(u + i, len - i) : 0;
            if (pl > 0)
                i += pl;
            else if (!word_byte(u[i]))
                i++;
            else
                break;
        }
        size_t start = i, n = 0;
        while (i < len && word_byte(u[i]) && (u[i] < 0x80 || punct_len(u + i, len - i) == 0)) {
            unsigned char c = u[i];
            if (n < KB_WORD_MAX)
                w[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            i++;
        }
        if (n == 0)
            continue;
        /* A word cut at the cap must not end inside a UTF-8 sequence. */
        if (i - start > KB_WORD_MAX) {
            while (n > 0 && ((unsigned char)w[n - 1] & 0xC0) == 0x80)
                n--;
            if (n > 0 && ((unsigned char)w[n - 1] & 0x80))
                n--;
            if (n == 0)
                continue;
        }
        w[n] = '\0';
        if (fn(w, n, start, ud) != 0)
            return;
    }
}

int kb_word_is_indexable(const char *word, size_t len)
{
    const unsigned char *u = (const unsigned char *)word;
    for (size_t i = 0; i < len; i++) {
        if (u[i] < 0x80)
            return 1; /* ASCII letters and digits are all a word holds below 0x80 */
        /* a lead byte of a letter-ish range: Latin, Greek, Cyrillic ... CJK, Hangul */
        if (u[i] >= 0xC3 && u[i] <= 0xE1)
            return 1;
        if (u[i] >= 0xE3 && u[i] <= 0xED)
            return 1;
    }
    return 0;
}

/* Sorted for bsearch: English function words, question words, the pieces contractions
 * split into ("doesn", "isnt") and chat filler. Words that can carry meaning in a lesson
 * ("even", "above", "between", "most", "things") are not in it. */
static const char *const stop_words[] = {
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "anything", "are",
    "aren", "arent", "as", "at", "be", "because", "been", "before", "being", "both", "but", "by",
    "can", "cannot", "cant", "could", "couldn", "couldnt", "d", "define", "describe", "did",
    "didn", "didnt", "do", "does", "doesn", "doesnt", "doing", "don", "done", "dont", "down",
    "during", "each", "else", "ever", "explain", "for", "from", "further", "get", "gets", "give",
    "go", "got", "had", "hadn", "has", "hasn", "hasnt", "have", "haven", "havent", "having",
    "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "im",
    "in", "into", "is", "isn", "isnt", "it", "its", "itself", "ive", "just", "know", "let", "ll",
    "m", "me", "mean", "means", "meant", "much", "must", "mustn", "my", "myself", "no", "nor",
    "not", "now", "of", "off", "ok", "okay", "on", "once", "one", "only", "or", "other", "our",
    "ours", "ourselves", "out", "own", "please", "re", "really", "s", "say", "shan", "she",
    "should", "shouldn", "shouldnt", "so", "some", "something", "stuff", "such", "t", "tell",
    "than", "thanks", "that", "thats", "the", "their", "theirs", "them", "themselves", "then",
    "there", "these", "they", "theyre", "this", "those", "through", "to", "too", "until", "up",
    "us", "ve", "very", "want", "was", "wasn", "wasnt", "we", "were", "weren", "werent", "what",
    "whats", "when", "where", "which", "while", "who", "whom", "whose", "why", "will", "with",
    "won", "wont", "would", "wouldn", "wouldnt", "you", "your", "youre", "yours", "yourself",
};

static int cmp_word(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

int kb_is_stop_word(const char *word, size_t len)
{
    char buf[KB_WORD_MAX + 1];
    if (len > KB_WORD_MAX)
        return 0;
    memcpy(buf, word, len);
    buf[len] = '\0';
    return bsearch(buf, stop_words, sizeof(stop_words) / sizeof(stop_words[0]),
                   sizeof(stop_words[0]), cmp_word) != NULL;
}

int kb_edit_distance(const char *a, size_t la, const char *b, size_t lb, int max)
{
    if (la > KB_WORD_MAX || lb > KB_WORD_MAX)
        return max + 1;
    if ((la > lb ? la - lb : lb - la) > (size_t)max)
        return max + 1;
    /* Three rows of the optimal-string-alignment table. */
    int rows[3][KB_WORD_MAX + 1];
    int *pp = rows[0], *p = rows[1], *c = rows[2];
    for (size_t j = 0; j <= lb; j++)
        p[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        c[0] = (int)i;
        int row_min = c[0];
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = p[j - 1] + cost;
            if (p[j] + 1 < v)
                v = p[j] + 1;
            if (c[j - 1] + 1 < v)
                v = c[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            c[j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min > max)
            return max + 1;
        int *t = pp;
        pp = p;
        p = c;
        c = t;
    }
    return p[lb] > max ? max + 1 : p[lb];
}

int kb_utf8_valid(const char *s, size_t len, size_t *bad_at)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned char c = u[i];
        size_t n;
        unsigned long cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            goto bad;
        }
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (u[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (u[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        i += n + 1;
    }
    return 1;
bad:
    if (bad_at != NULL)
        *bad_at = i;
    return 0;
}

/* Abbreviations after which a full stop does not end a sentence. */
static const char *const abbreviations[] = {
    "approx", "ca", "cf", "dr", "e.g", "eg", "etc", "fig", "i.e", "ie", "jr", "mr", "mrs",
    "ms", "mt", "no", "prof", "sr", "st", "vs",
};

static int is_abbreviation(const char *text, size_t dot)
{
    size_t s = dot;
    while (s > 0 && (word_byte((unsigned char)text[s - 1]) || text[s - 1] == '.'))
        s--;
    size_t n = dot - s;
    if (n == 0 || n > 6)
        return 0;
    /* An initial: "J. K. Rowling". */
    if (n == 1 && text[s] >= 'A' && text[s] <= 'Z')
        return 1;
    char w[8];
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[s + i];
        w[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    w[n] = '\0';
    for (size_t i = 0; i < sizeof(abbreviations) / sizeof(abbreviations[0]); i++)
        if (strcmp(w, abbreviations[i]) == 0)
            return 1;
    return 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static size_t emit(const char *text, size_t a, size_t b, pl_kb_span_t *out, size_t max, size_t n)
{
    while (a < b && is_space(text[a]))
        a++;
    while (b > a && is_space(text[b - 1]))
        b--;
    if (b > a) {
        if (n < max) {
            out[n].start = a;
            out[n].end = b;
        }
        n++;
    }
    return n;
}

size_t pl_kb_sentences(const char *text, size_t len, pl_kb_span_t *out, size_t max)
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '\n') {
            n = emit(text, start, i, out, max, n);
            start = i + 1;
            continue;
        }
        if (c != '.' && c != '!' && c != '?')
            continue;
        /* Closing quotes and brackets stay with their sentence. */
        size_t e = i + 1;
        while (e < len && (text[e] == '"' || text[e] == '\'' || text[e] == ')' || text[e] == ']'))
            e++;
        if (e < len && !(text[e] == ' ' || text[e] == '\t'))
            continue;
        size_t k = e;
        while (k < len && (text[k] == ' ' || text[k] == '\t'))
            k++;
        if (k < len) {
            unsigned char nx = (unsigned char)text[k];
            int starts = (nx >= 'A' && nx <= 'Z') || (nx >= '0' && nx <= '9') || nx == '"' ||
                         nx == '\'' || nx == '(' || nx >= 0x80 || nx == '\n';
            if (!starts)
                continue;
        }
        if (c == '.' && is_abbreviation(text, i))
            continue;
        n = emit(text, start, e, out, max, n);
        start = e;
        i = e - 1;
    }
    return emit(text, start, len, out, max, n);
}

void pl_kb_words(const char *text, size_t len,
                 int (*fn)(const char *word, size_t wlen, size_t at, void *ud), void *ud)
{
    kb_words(text, len, fn, ud);
}

int pl_kb_is_stop_word(const char *word, size_t len)
{
    return kb_is_stop_word(word, len);
}
