/*
 * prompt.c - what the LLM brains send besides the user's words: the system
 * prompt of each dialect and personality (the same texts as
 * docs/prompts.md), the history trimmed to a character budget, the
 * numbered sources of retrieval, the web_search instruction, the title
 * request and the tidying of its answer, and the UTF-8 and JSON helpers the
 * request builders share.
 *
 * Trimming keeps the newest messages whole while they fit; the next older
 * one keeps as many of its last characters as still fit (at least
 * MIN_TAIL, cut at a code point boundary and marked with "…"), and
 * everything older is dropped. Budgets count code points, not bytes.
 */
#include "llm_int.h"
#include "parley/error.h"

#include <string.h>
#include <strings.h>

/* A partly kept message keeps at least this many characters, or is dropped. */
#define MIN_TAIL 80u
/* Characters of a client-given topic put into the system prompt. */
#define MAX_TOPIC 200u

typedef struct dialect_prompt {
    const char *dialect;
    const char *text;
} dialect_prompt_t;

/* One per dialect; keep docs/prompts.md in step. */
static const dialect_prompt_t dialect_prompts[] = {
    {"tutor",
     "You are a patient, knowledgeable tutor. Explain ideas step by step in plain language, "
     "use a small worked example when it helps, and check understanding with a short question "
     "now and then. Keep answers focused: a few short paragraphs unless the student asks for "
     "more. If you are not sure of a fact, say so instead of guessing. Answer in the language "
     "the student writes in."},
    {"teach",
     "You are an interactive teaching agent. When the student asks to learn a topic, teach it "
     "in short sections, one idea per section, and end each section by asking whether to "
     "continue. When the student asks a question in the middle of a lesson, answer it directly, "
     "then offer to resume where the lesson stopped. Quiz the student with one question at a "
     "time when they ask for practice, and explain why an answer is right or wrong."},
    {"improv",
     "You are a conversation partner for speaking practice. Reply the way a person talks: "
     "short, natural turns of one to three sentences, with no lists, headings or markdown, "
     "because your words may be read aloud. Keep the conversation going with an open question "
     "now and then, and when the user makes a mistake, model the correct phrasing in your reply "
     "without lecturing."},
    {"studymate",
     "You are a study assistant. When the conversation includes passages from the student's "
     "documents, answer from them, say which document each fact comes from, and say plainly "
     "when the documents do not contain the answer. Without documents, answer from general "
     "knowledge and say so. Prefer concise, well-structured answers; use numbered steps for "
     "procedures."},
    {"audio",
     "You are a warm, playful tutor talking with a young child of about five. Use very short "
     "sentences and simple words, one idea at a time. Everything you say is spoken aloud: no "
     "lists, symbols, emoji or markdown. Praise effort, ask one simple question at a time, and "
     "keep every reply under about forty words."},
};

typedef struct personality_prompt {
    const char *name;
    const char *text;
} personality_prompt_t;

/* Known personalities; any other name is ignored (never pasted into the prompt). */
static const personality_prompt_t personality_prompts[] = {
    {"friendly_neutral", "Tone: friendly and even; warm without gushing, clear without being curt."},
    {"encouraging", "Tone: encouraging; notice what the learner got right and build on it."},
    {"socratic", "Tone: Socratic; lead with guiding questions and let the learner reach the "
                 "answer before you give it."},
    {"playful", "Tone: playful; light humour and vivid examples, never at the cost of accuracy."},
    {"formal", "Tone: formal and precise."},
};

char *pl_brain_system_prompt(const char *dialect, const char *personality, const char *topic)
{
    const char *base = dialect_prompts[0].text;
    for (size_t i = 0; dialect != NULL && i < sizeof(dialect_prompts) / sizeof(dialect_prompts[0]); i++)
        if (strcmp(dialect, dialect_prompts[i].dialect) == 0)
            base = dialect_prompts[i].text;
    pl_buf_t b = PL_BUF_INIT(0);
    (void)pl_buf_append_str(&b, base);
    for (size_t i = 0; personality != NULL &&
                       i < sizeof(personality_prompts) / sizeof(personality_prompts[0]); i++) {
        if (strcmp(personality, personality_prompts[i].name) == 0) {
            (void)pl_buf_append_str(&b, "\n");
            (void)pl_buf_append_str(&b, personality_prompts[i].text);
        }
    }
    if (topic != NULL && topic[0] != '\0') {
        size_t n = strlen(topic), keep = 0, chars = 0;
        while (keep < n && chars < MAX_TOPIC) {
            keep++;
            while (keep < n && ((unsigned char)topic[keep] & 0xC0) == 0x80)
                keep++;
            chars++;
        }
        (void)pl_buf_append_str(&b, "\nThe current topic is: ");
        (void)llm_utf8_repair(&b, topic, keep);
        (void)pl_buf_append_str(&b, ".");
    }
    return b.data;
}

/* ------------------------------------------------------------------ UTF-8 */

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when it is invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    unsigned cp = c & (0xFFu >> (len + 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

int llm_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = utf8_seq(p + i, n - i);
        if (k == 0)
            return 0;
        i += k;
    }
    return 1;
}

int llm_utf8_repair(pl_buf_t *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;
    while (i < n) {
        size_t k = utf8_seq(p + i, n - i);
        if (k != 0) {
            i += k;
            continue;
        }
        int rv = pl_buf_append(out, s + run, i - run);
        if (rv == 0)
            rv = pl_buf_append(out, "\xEF\xBF\xBD", 3);
        if (rv != 0)
            return rv;
        i++;
        run = i;
    }
    return pl_buf_append(out, s + run, n - run);
}

size_t llm_utf8_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

/* ---------------------------------------------------------------- history */

static void msg_set(llm_msg_t *m, const char *role, const char *prefix, const char *s, size_t n)
{
    pl_buf_t b = PL_BUF_INIT(0);
    if (prefix != NULL)
        (void)pl_buf_append_str(&b, prefix);
    (void)llm_utf8_repair(&b, s, n);
    if (b.data == NULL)
        (void)pl_buf_append(&b, "", 0);
    m->role = role;
    m->text = b.data;
    m->len = b.len;
}

size_t llm_prompt_messages(const pl_brain_request_t *req, size_t budget, llm_msg_t **out)
{
    llm_msg_t *msgs = pl_calloc(req->n_history + 1, sizeof(*msgs));
    size_t first = req->n_history, n = 0;
    size_t cut = 0; /* bytes dropped from the front of history[first] */
    size_t left = budget;
    for (size_t i = req->n_history; i-- > 0;) {
        const pl_brain_history_t *h = &req->history[i];
        if (h->content == NULL || h->len == 0 || h->role == NULL ||
            (strcmp(h->role, "user") != 0 && strcmp(h->role, "assistant") != 0))
            continue;
        size_t chars = llm_utf8_chars(h->content, h->len);
        if (chars <= left) {
            left -= chars;
            first = i;
            continue;
        }
        if (left >= MIN_TAIL) {
            /* Keep the last `left` characters: skip chars - left from the front. */
            size_t skip = chars - left, off = 0;
            while (skip > 0 && off < h->len) {
                off++;
                while (off < h->len && ((unsigned char)h->content[off] & 0xC0) == 0x80)
                    off++;
                skip--;
            }
            first = i;
            cut = off;
        }
        break;
    }
    for (size_t i = first; i < req->n_history; i++) {
        const pl_brain_history_t *h = &req->history[i];
        if (h->content == NULL || h->len == 0 || h->role == NULL ||
            (strcmp(h->role, "user") != 0 && strcmp(h->role, "assistant") != 0))
            continue;
        const char *role = strcmp(h->role, "user") == 0 ? "user" : "assistant";
        if (i == first && cut > 0)
            msg_set(&msgs[n++], role, "\xE2\x80\xA6", h->content + cut, h->len - cut);
        else
            msg_set(&msgs[n++], role, NULL, h->content, h->len);
    }
    msg_set(&msgs[n++], "user", NULL, req->input != NULL ? req->input : "",
            req->input != NULL ? req->input_len : 0);
    *out = msgs;
    return n;
}

void llm_msgs_free(llm_msg_t *msgs, size_t n)
{
    for (size_t i = 0; msgs != NULL && i < n; i++) {
        pl_free(msgs[i].text);
        for (size_t k = 0; k < msgs[i].n_calls; k++)
            llm_tool_call_free(&msgs[i].calls[k]);
        pl_free(msgs[i].calls);
        pl_free(msgs[i].tool_call_id);
    }
    pl_free(msgs);
}

/* ---------------------------------------------------------------- sources */

/* Keep docs/prompts.md ("Sources", "Web search", "Titles") in step with these. */
static const char sources_head[] =
    "Numbered sources (passages from the student's documents and lessons that may hold the "
    "answer):";
static const char sources_rule[] =
    "Answer from these sources when they hold the answer, and mark every fact you take from one "
    "with its number in square brackets, like [1] or [2][3]. Never cite a number that is not "
    "listed. If the sources do not hold the answer, say so plainly; then answer from general "
    "knowledge if you can, and say that you did.";
static const char sources_none[] =
    "No passage of the student's documents matched this question. If answering would need "
    "them, say so.";
static const char tools_rule[] =
    "You can search the web with the web_search tool. Use it when a question needs recent "
    "information or facts you are not sure of, not for things you know well. When your answer "
    "uses what a search found, name the pages you relied on by their titles.";
const char llm_title_system[] =
    "You write short, specific titles for tutoring conversations. Reply with the title only: at "
    "most 6 words, no quotes, no final punctuation.";
static const char title_rule[] =
    "Write a title of at most 6 words for the conversation this message opens.";

/* Appends at most max_chars code points of s[0..n) (repaired), marking a cut with "…". */
static void append_cut(pl_buf_t *b, const char *s, size_t n, size_t max_chars)
{
    size_t keep = 0, chars = 0;
    while (keep < n && chars < max_chars) {
        keep++;
        while (keep < n && ((unsigned char)s[keep] & 0xC0) == 0x80)
            keep++;
        chars++;
    }
    (void)llm_utf8_repair(b, s, keep);
    if (keep < n)
        (void)pl_buf_append_str(b, "\xE2\x80\xA6");
}

void llm_prompt_sources(pl_buf_t *system, const llm_source_t *src, size_t n, size_t max_chars)
{
    if (n == 0) {
        (void)pl_buf_append_str(system, "\n\n");
        (void)pl_buf_append_str(system, sources_none);
        return;
    }
    (void)pl_buf_append_str(system, "\n\n");
    (void)pl_buf_append_str(system, sources_head);
    for (size_t i = 0; i < n; i++) {
        const llm_source_t *x = &src[i];
        (void)pl_buf_appendf(system, "\n\n[%zu] ", i + 1);
        if (x->is_document) {
            (void)pl_buf_append_str(system, "From the document \"");
            append_cut(system, x->filename, strlen(x->filename), 200);
            (void)pl_buf_append_str(system, "\"");
            if (x->page_start > 0 && x->page_end > x->page_start)
                (void)pl_buf_appendf(system, ", pages %d-%d", x->page_start, x->page_end);
            else if (x->page_start > 0)
                (void)pl_buf_appendf(system, ", page %d", x->page_start);
        } else {
            (void)pl_buf_append_str(system, "From the lesson \"");
            append_cut(system, x->title, strlen(x->title), 200);
            (void)pl_buf_append_str(system, "\"");
            if (x->heading != NULL && x->heading[0] != '\0') {
                (void)pl_buf_append_str(system, " (");
                append_cut(system, x->heading, strlen(x->heading), 200);
                (void)pl_buf_append_str(system, ")");
            }
        }
        (void)pl_buf_append_str(system, ":\n");
        append_cut(system, x->text, strlen(x->text), max_chars);
    }
    (void)pl_buf_append_str(system, "\n\n");
    (void)pl_buf_append_str(system, sources_rule);
}

void llm_prompt_tools(pl_buf_t *system)
{
    (void)pl_buf_append_str(system, "\n\n");
    (void)pl_buf_append_str(system, tools_rule);
}

/* ----------------------------------------------------------------- titles */

char *llm_title_request(const char *question, size_t question_len, const char *topic)
{
    pl_buf_t b = PL_BUF_INIT(0);
    (void)pl_buf_append_str(&b, "Student: ");
    append_cut(&b, question != NULL ? question : "", question != NULL ? question_len : 0, 500);
    (void)pl_buf_append_str(&b, "\n\n");
    if (topic != NULL && topic[0] != '\0') {
        (void)pl_buf_append_str(&b, "Topic: ");
        append_cut(&b, topic, strlen(topic), 100);
        (void)pl_buf_append_str(&b, "\n\n");
    }
    (void)pl_buf_append_str(&b, title_rule);
    return b.data;
}

/* White space, and any other control character (a title holds none). */
static int is_space(unsigned char c)
{
    return c <= ' ' || c == 0x7F;
}

/* Characters stripped from both ends of a title: quotes, markdown marks, brackets. */
static size_t strip_mark(const char *s, size_t n, int at_end)
{
    static const char *const marks[] = {"\"", "'", "`", "*", "_", "#", "\xE2\x80\x9C",
                                        "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99",
                                        "\xC2\xAB", "\xC2\xBB", NULL};
    for (size_t i = 0; marks[i] != NULL; i++) {
        size_t m = strlen(marks[i]);
        if (n >= m && memcmp(at_end ? s + n - m : s, marks[i], m) == 0)
            return m;
    }
    return 0;
}

char *llm_title_clean(const char *text, size_t len)
{
    if (text == NULL)
        return NULL;
    /* the first line with something on it */
    size_t a = 0, e = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || text[i] == '\n') {
            size_t x = a;
            while (x < i && is_space((unsigned char)text[x]))
                x++;
            if (x < i) {
                e = i;
                break;
            }
            a = i + 1;
        }
    }
    if (e <= a)
        return NULL;
    pl_buf_t raw = PL_BUF_INIT(0);
    (void)llm_utf8_repair(&raw, text + a, e - a);
    if (raw.data == NULL)
        return NULL;
    const char *s = raw.data;
    size_t n = raw.len;
    for (int again = 1; again;) {
        again = 0;
        while (n > 0 && is_space((unsigned char)s[0])) {
            s++;
            n--;
            again = 1;
        }
        while (n > 0 && (is_space((unsigned char)s[n - 1]) || s[n - 1] == '.' || s[n - 1] == '!' ||
                         s[n - 1] == '?' || s[n - 1] == ':' || s[n - 1] == ';' || s[n - 1] == ',')) {
            n--;
            again = 1;
        }
        size_t m;
        if ((m = strip_mark(s, n, 0)) > 0) {
            s += m;
            n -= m;
            again = 1;
        }
        if ((m = strip_mark(s, n, 1)) > 0) {
            n -= m;
            again = 1;
        }
        if (n >= 6 && strncasecmp(s, "title:", 6) == 0) {
            s += 6;
            n -= 6;
            again = 1;
        }
    }
    /* white space collapsed, at most 6 words and LLM_MAX_TITLE bytes */
    pl_buf_t out = PL_BUF_INIT(0);
    int words = 0;
    size_t i = 0;
    while (i < n && words < 6) {
        while (i < n && is_space((unsigned char)s[i]))
            i++;
        size_t w = i;
        while (i < n && !is_space((unsigned char)s[i]))
            i++;
        if (i == w)
            break;
        if (out.len + (out.len ? 1 : 0) + (i - w) > LLM_MAX_TITLE) {
            if (out.len == 0) {
                size_t keep = LLM_MAX_TITLE;
                while (keep > 0 && ((unsigned char)s[w + keep] & 0xC0) == 0x80)
                    keep--;
                (void)pl_buf_append(&out, s + w, keep);
            }
            break;
        }
        if (out.len)
            (void)pl_buf_append(&out, " ", 1);
        (void)pl_buf_append(&out, s + w, i - w);
        words++;
    }
    pl_buf_free(&raw);
    /* a cut may leave punctuation at the end again */
    while (out.len > 0 && (out.data[out.len - 1] == '.' || out.data[out.len - 1] == ',' ||
                           out.data[out.len - 1] == ':' || out.data[out.len - 1] == ';'))
        out.data[--out.len] = '\0';
    if (out.len == 0) {
        pl_buf_free(&out);
        return NULL;
    }
    return out.data;
}

/* ------------------------------------------------------------------- JSON */

void llm_gen_strn(yajl_gen g, const char *s, size_t n)
{
    yajl_gen_string(g, (const unsigned char *)s, n);
}

void llm_gen_str(yajl_gen g, const char *s)
{
    llm_gen_strn(g, s, strlen(s));
}

void llm_gen_take(yajl_gen g, char **body, size_t *len)
{
    const unsigned char *buf;
    size_t n;
    yajl_gen_get_buf(g, &buf, &n);
    *body = pl_strndup((const char *)buf, n);
    *len = n;
}
