/*
 * lessons_text.c - text helpers of the lessons brain: input normalisation,
 * a light stemmer and word matching, question kinds and how well a
 * sentence fits one, references back to the topic, and quiz grading.
 */
#include "lessons_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

void tt_normalise(const char *in, size_t len, char *out, size_t outlen)
{
    size_t n = 0;
    int space = 1;
    for (size_t i = 0; i < len && n + 1 < outlen; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            if (!space) {
                out[n++] = ' ';
                space = 1;
            }
            continue;
        }
        /* typographic apostrophe U+2019 -> ' */
        if (c == 0xE2 && i + 2 < len && (unsigned char)in[i + 1] == 0x80 &&
            (unsigned char)in[i + 2] == 0x99) {
            out[n++] = '\'';
            i += 2;
            space = 0;
            continue;
        }
        out[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        space = 0;
    }
    while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '.' || out[n - 1] == '!' ||
                     out[n - 1] == '?' || out[n - 1] == ',' || out[n - 1] == ';' ||
                     out[n - 1] == ':'))
        n--;
    /* never end inside a UTF-8 sequence cut by outlen */
    size_t k = n;
    while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80)
        k--;
    if (k > 0 && ((unsigned char)out[k - 1] & 0x80)) {
        unsigned char lead = (unsigned char)out[k - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (n - (k - 1) < need)
            n = k - 1;
    }
    out[n] = '\0';
}

static int ends(const char *w, size_t len, const char *suf)
{
    size_t s = strlen(suf);
    return len > s && memcmp(w + len - s, suf, s) == 0;
}

size_t tt_stem(const char *w, size_t len, char *out, size_t outlen)
{
    if (outlen == 0)
        return 0;
    if (len >= outlen)
        len = outlen - 1;
    memcpy(out, w, len);
    if (len > 2 && out[len - 2] == '\'' && out[len - 1] == 's')
        len -= 2;
    if (len > 4 && ends(out, len, "ies")) {
        len -= 2;
        out[len - 1] = 'y';
    } else if (len > 4 && ends(out, len, "sses")) {
        len -= 2;
    } else if (len > 4 && (ends(out, len, "ches") || ends(out, len, "shes") ||
                           ends(out, len, "xes") || ends(out, len, "zes"))) {
        len -= 2;
    } else if (len > 3 && out[len - 1] == 's' && out[len - 2] != 's' && out[len - 2] != 'u' &&
               out[len - 2] != 'i') {
        len -= 1;
    }
    if (len > 5 && ends(out, len, "ing"))
        len -= 3;
    else if (len > 4 && ends(out, len, "ed"))
        len -= 2;
    else if (len > 5 && ends(out, len, "ly"))
        len -= 2;
    if (len > 4 && out[len - 1] == 'e')
        len -= 1;
    if (len > 3 && out[len - 1] == 'y')
        out[len - 1] = 'i'; /* "mummy" and "mummies" -> "mummi" */
    /* doubled final consonant: "stopp" -> "stop" */
    if (len > 4 && out[len - 1] == out[len - 2] && strchr("bdgmnprt", out[len - 1]) != NULL)
        len -= 1;
    out[len] = '\0';
    return len;
}

int tt_same_word(const char *a, size_t la, const char *b, size_t lb)
{
    if (la == lb && memcmp(a, b, la) == 0)
        return 1;
    char sa[64], sb[64];
    size_t na = tt_stem(a, la, sa, sizeof(sa)), nb = tt_stem(b, lb, sb, sizeof(sb));
    if (na == nb && memcmp(sa, sb, na) == 0)
        return 1;
    /* one stem starts the other, when the shorter is long enough to be specific */
    size_t m = na < nb ? na : nb;
    if (m >= 5 && memcmp(sa, sb, m) == 0 && (na > nb ? na - nb : nb - na) <= 4)
        return 1;
    return 0;
}

/*
 * Word forms and near-synonyms a stemmer cannot see: irregular verbs,
 * number words, and a few everyday words for the lessons' terms. Each row
 * is one group; a word matches any word of its group. General English only.
 */
static const char *const synonym_groups[][8] = {
    {"take", "took", "taken", "takes", "taking", NULL},
    {"make", "made", "makes", "making", NULL},
    {"go", "went", "gone", "goes", NULL},
    {"begin", "began", "begun", "start", "started", "starts", "founded", "founder"},
    {"fall", "fell", "fallen", "collapse", "collapsed", NULL},
    {"kill", "killed", "assassinate", "assassinated", "murder", "murdered", NULL},
    {"die", "died", "dies", "death", NULL},
    {"grow", "grew", "grown", NULL},
    {"adult", "adults", "grown", NULL},
    {"give", "gave", "given", NULL},
    {"come", "came", NULL},
    {"see", "saw", "seen", NULL},
    {"think", "thought", NULL},
    {"know", "knew", "known", NULL},
    {"lead", "led", NULL},
    {"win", "won", NULL},
    {"fight", "fought", NULL},
    {"rise", "rose", "risen", NULL},
    {"write", "wrote", "written", NULL},
    {"build", "built", NULL},
    {"buy", "bought", NULL},
    {"teach", "taught", NULL},
    {"break", "broke", "broken", NULL},
    {"eat", "ate", "eaten", NULL},
    {"big", "large", "huge", NULL},
    {"small", "tiny", "little", NULL},
    {"formula", "equation", NULL},
    {"switch", "turn", "turned", NULL},
    {"happen", "happens", "occur", "occurs", NULL},
    {"zero", "0", "none", NULL},
    {"one", "1", NULL},
    {"two", "2", NULL},
    {"three", "3", NULL},
    {"four", "4", NULL},
    {"five", "5", NULL},
    {"six", "6", NULL},
    {"seven", "7", NULL},
    {"eight", "8", NULL},
    {"nine", "9", NULL},
    {"ten", "10", NULL},
    {"eleven", "11", NULL},
    {"twelve", "12", NULL},
    {"twenty", "20", NULL},
    {"hundred", "100", NULL},
};

int tt_synonyms(const char *w, size_t len, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t g = 0; g < sizeof(synonym_groups) / sizeof(synonym_groups[0]); g++) {
        const char *const *row = synonym_groups[g];
        int in = 0;
        for (size_t i = 0; i < 8 && row[i] != NULL; i++)
            if (strlen(row[i]) == len && memcmp(row[i], w, len) == 0)
                in = 1;
        if (!in)
            continue;
        for (size_t i = 0; i < 8 && row[i] != NULL && n < max; i++)
            if (!(strlen(row[i]) == len && memcmp(row[i], w, len) == 0))
                out[n++] = row[i];
    }
    return (int)n;
}

static int starts(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* 1 when word w (a whole word) occurs in s */
static int has_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = strstr(s, w); p != NULL; p = strstr(p + 1, w)) {
        int before = p == s || !isalnum((unsigned char)p[-1]);
        int after = !isalnum((unsigned char)p[n]);
        if (before && after)
            return 1;
    }
    return 0;
}

static int ends_with_word(const char *s, const char *w)
{
    size_t n = strlen(s), k = strlen(w);
    return n >= k && strcmp(s + n - k, w) == 0 && (n == k || s[n - k - 1] == ' ');
}

tt_qtype_t tt_question_type(const char *q)
{
    if (starts(q, "how many") || starts(q, "how much") || starts(q, "how long") ||
        starts(q, "how far") || starts(q, "how big") || starts(q, "how old") ||
        starts(q, "how hot") || starts(q, "how cold") || has_word(q, "temperature") ||
        starts(q, "how fast") || starts(q, "how heavy") || starts(q, "how tall") ||
        starts(q, "how deep") || starts(q, "how high") || has_word(q, "how many") ||
        has_word(q, "how much") || has_word(q, "number of") || has_word(q, "percentage"))
        return QT_NUMBER;
    /* "when should I use ..." asks how, not when */
    if ((starts(q, "when ") && !starts(q, "when should") && !starts(q, "when do i") &&
         !starts(q, "when do you") && !starts(q, "when can") && !starts(q, "when would")) ||
        has_word(q, "what year") || has_word(q, "which year") || has_word(q, "what date") ||
        has_word(q, "what century") || has_word(q, "which century") || starts(q, "what time") ||
        has_word(q, "how long ago") || has_word(q, "in what year"))
        return QT_WHEN;
    if (starts(q, "who") || starts(q, "whose") || has_word(q, "who") || has_word(q, "whose") ||
        has_word(q, "which person") || has_word(q, "which scientist"))
        return QT_WHO;
    if (starts(q, "where") || has_word(q, "where"))
        return QT_WHERE;
    if (starts(q, "why") || has_word(q, "why") || starts(q, "what causes") ||
        starts(q, "what caused") || has_word(q, "reason"))
        return QT_WHY;
    if (has_word(q, "formula") || has_word(q, "equation") || has_word(q, "calculate") ||
        has_word(q, "work out") || has_word(q, "symbol equation"))
        return QT_FORMULA;
    if (has_word(q, "difference") || has_word(q, "diffrence") || has_word(q, "differ") ||
        has_word(q, "compare") || has_word(q, "versus") || has_word(q, "vs"))
        return QT_COMPARE;
    if ((starts(q, "what is") && (has_word(q, "for") || has_word(q, "used"))) ||
        (starts(q, "what does") && (ends_with_word(q, "do") || has_word(q, "do in"))) ||
        (starts(q, "what do") && ends_with_word(q, "do")) || has_word(q, "purpose") ||
        has_word(q, "function") || has_word(q, "job of") || has_word(q, "role of"))
        return QT_PURPOSE;
    if (starts(q, "what is") || starts(q, "what are") || starts(q, "what's") ||
        starts(q, "whats") || starts(q, "define") || has_word(q, "meaning") ||
        has_word(q, "definition") || starts(q, "what does") || starts(q, "what do") ||
        starts(q, "which "))
        return QT_DEFINE;
    if (starts(q, "how"))
        return QT_HOW;
    return QT_OTHER;
}

int tt_type_word(tt_qtype_t t, const char *q, const char *w, size_t len)
{
    if ((t != QT_WHEN && t != QT_NUMBER) || len == 0)
        return 0;
    if (t == QT_NUMBER && len == 6 && memcmp(w, "number", 6) == 0 && has_word(q, "number of"))
        return 1;
    for (const char *p = strstr(q, " "); p != NULL; p = strstr(p + 1, " ")) {
        /* p is the space before a word: is it w, and the word before it an asker? */
        if (strncmp(p + 1, w, len) != 0 || isalnum((unsigned char)p[1 + len]))
            continue;
        const char *b = p;
        while (b > q && b[-1] != ' ')
            b--;
        size_t bl = (size_t)(p - b);
        if (bl == 0)
            continue;
        if ((t == QT_WHEN && ((bl == 4 && memcmp(b, "what", 4) == 0) ||
                              (bl == 5 && memcmp(b, "which", 5) == 0))) ||
            (t == QT_NUMBER && bl == 3 && memcmp(b, "how", 3) == 0))
            return 1;
    }
    return 0;
}

/* Copies the word at s[i..) (letters only, as written, cut to fit w) and returns the length copied. */
static size_t word_at(const char *s, size_t len, size_t i, char *w, size_t wmax)
{
    size_t n = 0;
    while (i < len && isalpha((unsigned char)s[i])) {
        if (n + 1 < wmax)
            w[n++] = s[i];
        i++;
    }
    w[n] = '\0';
    return n;
}

/* The word after the number ending at j (one space between), and the one before the
 * number starting at i. */
static void words_around(const char *s, size_t len, size_t i, size_t j, char *before,
                         char *after, size_t wmax)
{
    before[0] = after[0] = '\0';
    if (j + 1 < len && s[j] == ' ')
        word_at(s, len, j + 1, after, wmax);
    if (i >= 2 && s[i - 1] == ' ') {
        size_t b = i - 1;
        while (b > 0 && isalpha((unsigned char)s[b - 1]))
            b--;
        word_at(s, len, b, before, wmax);
    }
}

static int one_of_ci(const char *w, const char *const *set)
{
    for (size_t i = 0; set[i] != NULL; i++)
        if (strcasecmp(w, set[i]) == 0)
            return 1;
    return 0;
}

static const char *const months[] = {"January", "February", "March",     "April",   "May",
                                     "June",    "July",     "August",    "September", "October",
                                     "November", "December", NULL};
static const char *const eras[] = {"BCE", "BC", "CE", "AD", NULL};
/* words that put a number in time: "in 1921", "from 1757 until 1857" */
static const char *const time_words[] = {"in", "since", "until", "till", "from", "by", "before",
                                         "after", "between", "around", "circa", "c", "of", "year",
                                         NULL};
/* the same for three digits, which are more often counts ("by 200", "of 700") */
static const char *const time_words3[] = {"in", "since", "until", "till", "circa", "c", "year",
                                          NULL};

/* 1 when the digits s[i..j) are part of a grouped or decimal amount: "11,870", "2.4". */
static int is_amount(const char *s, size_t len, size_t i, size_t j)
{
    int sep_after = j + 1 < len && (s[j] == ',' || s[j] == '.') && isdigit((unsigned char)s[j + 1]);
    int sep_before = i >= 2 && (s[i - 1] == ',' || s[i - 1] == '.') &&
                     isdigit((unsigned char)s[i - 2]);
    return sep_after || sep_before;
}

/* 1 when the digits s[i..j) are an ordinal century: "18th century", "3rd millennium". */
static int is_century(const char *s, size_t len, size_t i, size_t j)
{
    if (j - i > 2 || j + 3 >= len)
        return 0;
    static const char *const suffixes[] = {"th ", "st ", "nd ", "rd ", NULL};
    int ordinal = 0;
    for (size_t k = 0; suffixes[k] != NULL; k++)
        ordinal |= strncmp(s + j, suffixes[k], 3) == 0;
    return ordinal && (strncasecmp(s + j + 3, "century", 7) == 0 ||
                       strncasecmp(s + j + 3, "millennium", 10) == 0);
}

/*
 * How surely a sentence holds a date or year: 1 for a number marked as one
 * ("2600 BCE", "AD 79", "15 August 1947", "the 1920s", "18th century", "in
 * 1921"), 0.8 for a bare four-digit number that counts nothing ("1830 and"),
 * 0 for counts and measures ("more than 1000 settlements", "11,870 mm").
 */
static double date_fit(const char *s, size_t len)
{
    double best = 0;
    for (size_t i = 0; i < len && best < 1.0; i++) {
        if (!isdigit((unsigned char)s[i]) || (i > 0 && isalnum((unsigned char)s[i - 1])))
            continue;
        size_t j = i;
        while (j < len && isdigit((unsigned char)s[j]))
            j++;
        size_t n = j - i;
        char before[16], after[16];
        words_around(s, len, i, j, before, after, sizeof(after));
        int decade = (n == 3 || n == 4) && j < len && s[j] == 's' &&
                     (j + 1 == len || !isalnum((unsigned char)s[j + 1]));
        if (is_amount(s, len, i, j)) {
            /* an amount is no date */
        } else if ((one_of_ci(after, eras) && isupper((unsigned char)after[0])) ||
                   strcmp(before, "AD") == 0) {
            best = 1.0;
        } else if ((one_of_ci(after, months) && isupper((unsigned char)after[0])) ||
                   (one_of_ci(before, months) && isupper((unsigned char)before[0]))) {
            best = 1.0;
        } else if (decade || is_century(s, len, i, j)) {
            best = 1.0;
        } else if (n == 3 || n == 4) {
            /* a count is followed by what it counts: "1000 settlements", "700 wells" */
            int counts = after[0] != '\0' && islower((unsigned char)after[0]) &&
                         !pl_kb_is_stop_word(after, strlen(after)) &&
                         strcmp(after, "onwards") != 0;
            int timed = one_of_ci(before, n == 4 ? time_words : time_words3);
            if (!counts && timed)
                best = 1.0;
            else if (!counts && n == 4 && best < 0.8)
                best = 0.8;
        }
        i = j;
    }
    return best;
}

static int has_digit(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (isdigit((unsigned char)s[i]))
            return 1;
    return 0;
}

/* 1 when the sentence spells a number out ("eight legs", "a hundred years"). */
static int has_number_word(const char *s, size_t len)
{
    static const char *const numbers[] = {
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
        "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion",
        "billions", "dozen", "half", "quarter", "twice", NULL};
    char w[16];
    for (size_t i = 0; i < len; i++) {
        if (!isalpha((unsigned char)s[i]) || (i > 0 && isalpha((unsigned char)s[i - 1])))
            continue;
        size_t n = word_at(s, len, i, w, sizeof(w));
        if (n > 0 && n < sizeof(w) - 1 && one_of_ci(w, numbers))
            return 1;
        i += n;
    }
    return 0;
}

/*
 * A name the question does not already hold: an upper-case word that does
 * not start the sentence, followed by a lower-case letter, and not one of
 * the question's words ("Harappa" does not answer "who excavated Harappa?").
 */
static int has_name(const char *s, size_t len, const char *const *exclude, size_t n_exclude)
{
    for (size_t i = 1; i < len; i++) {
        if (!(s[i - 1] == ' ' && isupper((unsigned char)s[i]) && i + 1 < len &&
              islower((unsigned char)s[i + 1])))
            continue;
        size_t e = i;
        while (e < len && isalpha((unsigned char)s[e]))
            e++;
        char w[48];
        size_t n = e - i < sizeof(w) - 1 ? e - i : sizeof(w) - 1;
        for (size_t k = 0; k < n; k++)
            w[k] = (char)tolower((unsigned char)s[i + k]);
        w[n] = '\0';
        int asked = 0;
        for (size_t k = 0; k < n_exclude && !asked; k++)
            asked = tt_same_word(w, n, exclude[k], strlen(exclude[k])) ||
                    (strlen(exclude[k]) >= 4 && strncmp(w, exclude[k], strlen(exclude[k])) == 0);
        if (!asked)
            return 1;
    }
    return 0;
}

static int contains_ci(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);
    for (size_t i = 0; i + n <= len; i++) {
        size_t k = 0;
        while (k < n && tolower((unsigned char)s[i + k]) == w[k])
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

double tt_type_fit(tt_qtype_t t, const char *s, size_t len, const char *const *asked,
                   size_t n_asked)
{
    switch (t) {
    case QT_WHEN: {
        double d = date_fit(s, len);
        if (d < 0.8 && (contains_ci(s, len, "century") || contains_ci(s, len, "millennium")))
            d = 0.8;
        return d;
    }
    case QT_NUMBER:
        return has_digit(s, len) ? 1.0 : has_number_word(s, len) ? 0.8 : 0.0;
    case QT_WHO:
        return has_name(s, len, asked, n_asked) ? 1.0 : 0.0;
    case QT_WHERE:
        return (contains_ci(s, len, " in ") || contains_ci(s, len, " at ") ||
                contains_ci(s, len, " inside ") || contains_ci(s, len, " found ")) &&
                       has_name(s, len, asked, n_asked)
                   ? 1.0
                   : (contains_ci(s, len, " in ") || contains_ci(s, len, "inside")) ? 0.5 : 0.0;
    case QT_WHY:
        return (contains_ci(s, len, "because") || contains_ci(s, len, " so ") ||
                contains_ci(s, len, "therefore") || contains_ci(s, len, "due to") ||
                contains_ci(s, len, "as a result") || contains_ci(s, len, "caused") ||
                contains_ci(s, len, "which is why") || contains_ci(s, len, " led to") ||
                contains_ci(s, len, "so that") || contains_ci(s, len, "in order to"))
                   ? 1.0
                   : 0.0;
    case QT_FORMULA:
        return memchr(s, '=', len) != NULL || contains_ci(s, len, "->") ? 1.0 : 0.0;
    case QT_COMPARE:
        return (contains_ci(s, len, "while ") || contains_ci(s, len, "whereas") ||
                contains_ci(s, len, "unlike") || contains_ci(s, len, "however") ||
                contains_ci(s, len, "but ") || contains_ci(s, len, "difference"))
                   ? 0.6
                   : 0.0;
    case QT_PURPOSE:
        return (contains_ci(s, len, "help") || contains_ci(s, len, "used to") ||
                contains_ci(s, len, "used for") || contains_ci(s, len, "control") ||
                contains_ci(s, len, "so that") || contains_ci(s, len, "job") ||
                contains_ci(s, len, "allows") || contains_ci(s, len, "protect") ||
                contains_ci(s, len, "carries") || contains_ci(s, len, "breaks down"))
                   ? 0.8
                   : 0.0;
    case QT_DEFINE:
        return (contains_ci(s, len, " is ") || contains_ci(s, len, " are ") ||
                contains_ci(s, len, " means ") || contains_ci(s, len, "called"))
                   ? 0.5
                   : 0.0;
    case QT_HOW:
    case QT_OTHER:
        return 0.0;
    }
    return 0.0;
}

int tt_continues(const char *s, size_t len)
{
    static const char *const openers[] = {
        "This ", "These ", "It ", "Its ", "They ", "Their ", "So ", "Because ", "As a result",
        "That is why", "That ", "Therefore", "Then ", "In this ", "In these ", "Such ",
        "Here ", "Those ", "He ", "She ", "In symbols", NULL};
    for (size_t i = 0; openers[i] != NULL; i++) {
        size_t n = strlen(openers[i]);
        if (len >= n && memcmp(s, openers[i], n) == 0)
            return 1;
    }
    return 0;
}

int tt_has_anaphora(const char *q)
{
    static const char *const words[] = {"it",    "its",   "it's", "this",  "that",  "these",
                                        "those", "they",  "them", "their", "he",    "she",
                                        "his",   "her",   "there", "then", "him"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (has_word(q, words[i]))
            return 1;
    return 0;
}

/* ---- grading ---- */

#define GRADE_WORDS 32

typedef struct wordlist {
    char w[GRADE_WORDS][48];
    size_t len[GRADE_WORDS];
    size_t n;
} wordlist_t;

static int is_number(const char *w, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)w[i]))
            return 0;
    return len > 0;
}

static int add_word(const char *word, size_t len, size_t at, void *ud)
{
    (void)at;
    wordlist_t *l = ud;
    if (pl_kb_is_stop_word(word, len) && !is_number(word, len))
        return 0;
    if (l->n == GRADE_WORDS || len >= sizeof(l->w[0]))
        return 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->len[i] == len && memcmp(l->w[i], word, len) == 0)
            return 0; /* "x = -2 or x = -3" holds x once */
    memcpy(l->w[l->n], word, len);
    l->w[l->n][len] = '\0';
    l->len[l->n] = len;
    l->n++;
    return 0;
}

/* 1 when a and b differ by at most one substitution, insertion or deletion. */
static int within_one(const char *a, size_t la, const char *b, size_t lb)
{
    if (la > lb + 1 || lb > la + 1)
        return 0;
    size_t i = 0;
    while (i < la && i < lb && a[i] == b[i])
        i++;
    if (la == lb)
        return i == la || memcmp(a + i + 1, b + i + 1, la - i - 1) == 0;
    if (la > lb)
        return memcmp(a + i + 1, b + i, la - i - 1) == 0;
    return memcmp(a + i, b + i + 1, lb - i - 1) == 0;
}

static int word_in(const wordlist_t *l, const char *w, size_t len)
{
    for (size_t i = 0; i < l->n; i++) {
        if (is_number(w, len)) {
            if (l->len[i] == len && memcmp(l->w[i], w, len) == 0)
                return 1;
            continue;
        }
        if (tt_same_word(l->w[i], l->len[i], w, len))
            return 1;
        /* a small slip in a long word */
        if (len >= 5 && l->len[i] >= 5 && within_one(w, len, l->w[i], l->len[i]))
            return 1;
    }
    return 0;
}

static tt_grade_t grade_one(const char *expected, size_t elen, const wordlist_t *given)
{
    wordlist_t e = {0};
    pl_kb_words(expected, elen, add_word, &e);
    if (e.n == 0)
        return TG_WRONG;
    size_t hit = 0, numbers = 0, numbers_hit = 0;
    for (size_t i = 0; i < e.n; i++) {
        int ok = word_in(given, e.w[i], e.len[i]);
        hit += ok;
        if (is_number(e.w[i], e.len[i])) {
            numbers++;
            numbers_hit += ok;
        }
    }
    if (numbers > 0 && numbers_hit < numbers)
        return hit > 0 ? TG_PARTLY : TG_WRONG;
    double ratio = (double)hit / (double)e.n;
    if (ratio >= 0.6)
        return TG_RIGHT;
    return hit > 0 ? TG_PARTLY : TG_WRONG;
}

tt_grade_t tt_grade(const char *expected, const char *given, size_t given_len)
{
    wordlist_t g = {0};
    pl_kb_words(given, given_len, add_word, &g);
    if (g.n == 0)
        return TG_WRONG;
    /* "Harappa or Mohenjo-daro": any one alternative will do (but "x = -2 or x = -3",
     * with numbers, needs all of it) */
    tt_grade_t best = TG_WRONG;
    const char *p = expected;
    int split = strpbrk(expected, "0123456789") == NULL;
    for (; split;) {
        const char *or = strstr(p, " or ");
        size_t n = or ? (size_t)(or - p) : strlen(p);
        tt_grade_t gr = grade_one(p, n, &g);
        if (gr > best)
            best = gr;
        if (or == NULL)
            break;
        p = or + 4;
    }
    if (!split || strstr(expected, " or ") != NULL) {
        tt_grade_t gr = grade_one(expected, strlen(expected), &g);
        if (gr > best)
            best = gr;
    }
    return best;
}
