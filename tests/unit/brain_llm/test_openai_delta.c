/*
 * test_openai_delta.c - the fast reading of OpenAI stream chunks
 * (llm_openai_delta in src/brain/openai.c) against the yajl_tree reading
 * (delta_oracle.h): the chunks providers send are taken, with their text,
 * escapes decoded, and finish reason; everything the fast reading must not
 * decide (errors, tool calls, duplicates, invalid JSON or UTF-8, NUL,
 * unpaired surrogates, deep nesting, long escaped text) is declined; and
 * whatever it takes, both readings agree on.
 */
#include "delta_oracle.h"
#include "pl_test.h"

/* Both readings of a chunk; returns 1 (taken) or 0 (declined); a disagreement fails the case. */
static int read2(const char *data, size_t len, llm_delta_t *d, int line)
{
    const char *why;
    int rv = oracle_compare(data, len, d, &why);
    if (rv < 0) {
        fprintf(stderr, "  line %d: the readings disagree (%s) on: %.*s\n", line, why, (int)len,
                data);
        pl_test__failed_checks++;
        return 1;
    }
    return rv;
}

#define READ(s, d) read2((s), strlen(s), (d), __LINE__)

static int content_is(const llm_delta_t *d, const char *want)
{
    return d->content != NULL && d->content_len == strlen(want) &&
           memcmp(d->content, want, d->content_len) == 0;
}

#define CHUNK(delta, reason)                                                                    \
    "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"       \
    "\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,"      \
    "\"delta\":" delta ",\"logprobs\":null,\"finish_reason\":" reason "}]}"

PL_TEST(common_chunks_are_taken)
{
    llm_delta_t d;
    PL_CHECK_INT(READ(CHUNK("{\"content\":\"Hello\"}", "null"), &d), ==, 1);
    PL_CHECK(content_is(&d, "Hello"));
    PL_CHECK(d.finish_reason == NULL);

    PL_CHECK_INT(READ(CHUNK("{\"role\":\"assistant\",\"content\":\"\"}", "null"), &d), ==, 1);
    PL_CHECK(content_is(&d, ""));

    PL_CHECK_INT(READ(CHUNK("{}", "\"stop\""), &d), ==, 1);
    PL_CHECK(d.content == NULL);
    PL_CHECK_STR(d.finish_reason, "stop");

    /* llama.cpp / Ollama style: fewer members, content and finish reason together */
    PL_CHECK_INT(READ("{\"choices\":[{\"delta\":{\"content\":\" end.\"},\"finish_reason\":\"length\"}]}", &d),
                 ==, 1);
    PL_CHECK(content_is(&d, " end."));
    PL_CHECK_STR(d.finish_reason, "length");

    /* white space anywhere JSON allows it, data lines joined with \n */
    PL_CHECK_INT(READ(" \r\n\t{ \"choices\" :\n[ { \"delta\" : { \"content\" : \"a b\" } } ] }\n ", &d),
                 ==, 1);
    PL_CHECK(content_is(&d, "a b"));

    /* tool_calls: null is taken */
    PL_CHECK_INT(READ(CHUNK("{\"content\":\"x\",\"tool_calls\":null}", "null"), &d), ==, 1);
    PL_CHECK(content_is(&d, "x"));

    /* raw UTF-8 passes as it is, with no copy */
    const char *raw = CHUNK("{\"content\":\"na\xc3\xafve \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80\"}", "null");
    PL_CHECK_INT(READ(raw, &d), ==, 1);
    PL_CHECK(content_is(&d, "na\xc3\xafve \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80"));
    PL_CHECK(d.content > raw && d.content < raw + strlen(raw));

    /* members the reading does not need, of every kind, are checked and skipped */
    PL_CHECK_INT(READ("{\"usage\":{\"a\":[1,2.5e-3,-0,0.5E+2,1e9,true,false,null,{\"x\":[]},[]],"
                      "\"b\":{}},\"choices\":[{\"delta\":{\"content\":\"ok\",\"refusal\":null}}],"
                      "\"z\":-12.75}", &d),
                 ==, 1);
    PL_CHECK(content_is(&d, "ok"));
}

PL_TEST(escapes_are_decoded)
{
    llm_delta_t d;
    PL_CHECK_INT(READ(CHUNK("{\"content\":\"line\\nnext \\\"q\\\" \\\\ \\/ \\t\\r\\b\\f "
                            "caf\\u00e9 \\u20ac \\ud83d\\ude00 \\u0041\"}", "null"), &d),
                 ==, 1);
    PL_CHECK(content_is(&d, "line\nnext \"q\" \\ / \t\r\b\f caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 A"));
    PL_CHECK(d.content == d.text);
    /* escapes in the finish reason too (the key has none) */
    PL_CHECK_INT(READ(CHUNK("{}", "\"st\\u006fp\""), &d), ==, 1);
    PL_CHECK_STR(d.finish_reason, "stop");
    /* an escaped text just within the storage is taken, one past it declined */
    size_t n = LLM_DELTA_MAX_TEXT - 1;
    pl_buf_t b = PL_BUF_INIT(0);
    (void)pl_buf_append_str(&b, "{\"choices\":[{\"delta\":{\"content\":\"");
    for (size_t i = 0; i + 2 <= n; i += 2)
        (void)pl_buf_append_str(&b, "\\n.");
    (void)pl_buf_append_str(&b, "\"}}]}");
    PL_CHECK_INT(read2(b.data, b.len, &d, __LINE__), ==, 1);
    PL_CHECK(d.content_len == (n / 2) * 2);
    pl_buf_reset(&b);
    (void)pl_buf_append_str(&b, "{\"choices\":[{\"delta\":{\"content\":\"");
    for (size_t i = 0; i < LLM_DELTA_MAX_TEXT; i++)
        (void)pl_buf_append_str(&b, "\\t");
    (void)pl_buf_append_str(&b, "\"}}]}");
    PL_CHECK_INT(read2(b.data, b.len, &d, __LINE__), ==, 0);
    /* a long text without escapes needs no storage: taken */
    pl_buf_reset(&b);
    (void)pl_buf_append_str(&b, "{\"choices\":[{\"delta\":{\"content\":\"");
    for (size_t i = 0; i < 10000; i++)
        (void)pl_buf_append_str(&b, "x");
    (void)pl_buf_append_str(&b, "\"}}]}");
    PL_CHECK_INT(read2(b.data, b.len, &d, __LINE__), ==, 1);
    PL_CHECK_INT(d.content_len, ==, 10000);
    pl_buf_free(&b);
    /* a long finish reason is declined (the general reading takes it) */
    PL_CHECK_INT(READ(CHUNK("{}", "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\""),
                      &d),
                 ==, 0);
}

PL_TEST(shapes_without_text)
{
    llm_delta_t d;
    /* content of another type, delta or choices[0] of another type, choices of another
     * type or empty: nothing, as the tree reading finds nothing */
    const char *none[] = {
        CHUNK("{\"content\":null}", "null"),
        CHUNK("{\"content\":12}", "null"),
        CHUNK("{\"content\":{\"text\":\"x\"}}", "7"),
        CHUNK("[\"content\"]", "null"),
        CHUNK("\"content\"", "null"),
        "{\"choices\":[3,{\"delta\":{\"content\":\"second\"}}]}",
        "{\"choices\":{\"0\":{\"delta\":{\"content\":\"x\"}}}}",
        "{\"choices\":[]}",
        "{\"choices\":null}",
        "{}",
        "{\"object\":\"chat.completion.chunk\",\"usage\":{\"total_tokens\":10}}",
    };
    for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
        PL_CHECK_INT(READ(none[i], &d), ==, 1);
        PL_CHECK(d.content == NULL);
        PL_CHECK(d.finish_reason == NULL);
    }
}

PL_TEST(what_the_general_reading_decides)
{
    llm_delta_t d;
    const char *declined[] = {
        /* failures and tool calls */
        "{\"error\":{\"message\":\"Rate limit\",\"type\":\"requests\"}}",
        "{\"error\":null,\"choices\":[]}",
        "{\"choices\":[{\"delta\":{\"content\":\"x\"}}],\"error\":\"late\"}",
        CHUNK("{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"web_search\"}}]}", "null"),
        CHUNK("{\"tool_calls\":{}}", "null"),
        /* keys of interest twice, or spelt with escapes */
        "{\"choices\":[],\"choices\":[{\"delta\":{\"content\":\"x\"}}]}",
        CHUNK("{\"content\":\"a\",\"content\":\"b\"}", "null"),
        "{\"choices\":[{\"delta\":{},\"delta\":{\"content\":\"b\"}}]}",
        "{\"choices\":[{\"finish_reason\":null,\"finish_reason\":\"stop\"}]}",
        CHUNK("{\"cont\\u0065nt\":\"a\"}", "null"),
        "{\"ch\\u006fices\":[]}",
        /* NUL and unpaired surrogates */
        CHUNK("{\"content\":\"a\\u0000b\"}", "null"),
        CHUNK("{\"content\":\"\\ud83d\"}", "null"),
        CHUNK("{\"content\":\"\\ud83d\\u0041\"}", "null"),
        CHUNK("{\"content\":\"\\ude00\"}", "null"),
        CHUNK("{\"content\":\"\\ud83dx\"}", "null"),
        /* not strict JSON */
        "{\"choices\":[{\"delta\":{\"content\":\"a\"}}],}",
        "{\"choices\":[{\"delta\":{\"content\":\"a\"},}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]} x",
        "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}{}",
        "{\"n\":01}",
        "{\"n\":1.}",
        "{\"n\":.5}",
        "{\"n\":-}",
        "{\"n\":1e}",
        "{\"n\":+1}",
        "{\"n\":tru}",
        "{\"n\":NaN}",
        "{/* c */\"choices\":[]}",
        "{'choices':[]}",
        "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]",
        "{\"choices\":",
        "{\"choices\": ",
        "{\"choices\":[{\"delta\":",
        "{\"choices\":[{\"finish_reason\":",
        "{\"choices\":[{\"delta\":{\"tool_calls\":",
        "{\"choices\":[{\"delta\":{\"content\":",
        "{\"choices\":[{\"delta\":{\"content\":\"a}}]}",
        "{\"s\":\"\\x41\"}",
        "{\"s\":\"\\u12G4\"}",
        "{\"s\":\"tab\there\"}",
        "{\"a\" 1}",
        "{\"a\":1 \"b\":2}",
        "{\x0b\"a\":1}",
        "[{\"choices\":[]}]",
        "\"choices\"",
        "",
        "   ",
        /* invalid UTF-8 (yajl takes some of these; the fast reading takes none) */
        "{\"choices\":[{\"delta\":{\"content\":\"\xc0\x80\"}}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"\x80\"}}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"\xed\xa0\x80\"}}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"\xf5\x80\x80\x80\"}}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"\xe2\x82\"}}]}",
        "{\"other\":\"\xff\",\"choices\":[]}",
    };
    for (size_t i = 0; i < sizeof(declined) / sizeof(declined[0]); i++) {
        int rv = READ(declined[i], &d);
        if (rv != 0)
            fprintf(stderr, "  taken, should be declined: %s\n", declined[i]);
        PL_CHECK_INT(rv, ==, 0);
    }
    /* a NUL after the object: yajl stops at it, the fast reading declines */
    static const char nul[] = "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\0{";
    PL_CHECK_INT(read2(nul, sizeof(nul) - 1, &d, __LINE__), ==, 0);
    static const char nul_in[] = "{\"choices\":[{\"delta\":{\"content\":\"a\0b\"}}]}";
    PL_CHECK_INT(read2(nul_in, sizeof(nul_in) - 1, &d, __LINE__), ==, 0);
}

PL_TEST(nesting_bound)
{
    llm_delta_t d;
    pl_buf_t b = PL_BUF_INIT(0);
    for (int depth = 20; depth <= 40; depth += 20) {
        pl_buf_reset(&b);
        (void)pl_buf_append_str(&b, "{\"choices\":[{\"delta\":{\"content\":\"deep\"}}],\"x\":");
        for (int i = 0; i < depth; i++)
            (void)pl_buf_append_str(&b, i % 2 ? "{\"k\":" : "[");
        (void)pl_buf_append_str(&b, "1");
        for (int i = depth - 1; i >= 0; i--)
            (void)pl_buf_append_str(&b, i % 2 ? "}" : "]");
        (void)pl_buf_append_str(&b, "}");
        int rv = read2(b.data, b.len, &d, __LINE__);
        PL_CHECK_INT(rv, ==, depth + 1 <= LLM_DELTA_MAX_DEPTH ? 1 : 0);
        if (rv == 1)
            PL_CHECK(content_is(&d, "deep"));
    }
    pl_buf_free(&b);
}

PL_TEST_MAIN(PL_TEST_ENTRY(common_chunks_are_taken), PL_TEST_ENTRY(escapes_are_decoded),
             PL_TEST_ENTRY(shapes_without_text), PL_TEST_ENTRY(what_the_general_reading_decides),
             PL_TEST_ENTRY(nesting_bound))
