/*
 * Unit tests of the WebSocket handshake helpers: Sec-WebSocket-Key and
 * -Accept (RFC 6455 1.3 example), the version check, subprotocol choice,
 * the permessage-deflate negotiation matrix (RFC 7692 5 and 7, server and
 * client side) and the 101 response head.
 */
#include "pl_test.h"

#include "parley/error.h"
#include "parley/ws.h"

#define S(lit) lit, sizeof(lit) - 1

PL_TEST(accept_matches_rfc6455_example)
{
    char out[PL_WS_ACCEPT_LEN + 1];
    PL_CHECK_INT(pl_ws_accept_compute(S("dGhlIHNhbXBsZSBub25jZQ=="), out), ==, 0);
    PL_CHECK_STR(out, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    /* surrounding whitespace is not part of the key */
    PL_CHECK_INT(pl_ws_accept_compute(S(" dGhlIHNhbXBsZSBub25jZQ==\t"), out), ==, 0);
    PL_CHECK_STR(out, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    PL_CHECK_INT(pl_ws_accept_compute(S("AAAAAAAAAAAAAAAAAAAAAA=="), out), ==, 0);
    PL_CHECK_INT(strlen(out), ==, PL_WS_ACCEPT_LEN);
    PL_CHECK(strcmp(out, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") != 0);
    PL_CHECK_INT(pl_ws_accept_compute(S("short"), out), ==, PL_ERR_PARSE);
}

PL_TEST(key_validation)
{
    PL_CHECK_INT(pl_ws_key_validate(S("dGhlIHNhbXBsZSBub25jZQ==")), ==, 0);
    PL_CHECK_INT(pl_ws_key_validate(S("x3JJHMbDL1EzLkh9GBhXDw==")), ==, 0);
    PL_CHECK_INT(pl_ws_key_validate(S("+/+/+/+/+/+/+/+/+/+/+w==")), ==, 0);
    PL_CHECK_INT(pl_ws_key_validate(NULL, 0), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_ws_key_validate(S("")), ==, PL_ERR_PARSE);
    /* 15 and 17 bytes */
    PL_CHECK_INT(pl_ws_key_validate(S("dGhlIHNhbXBsZSBub25j")), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_ws_key_validate(S("dGhlIHNhbXBsZSBub25jZTE=")), ==, PL_ERR_PARSE);
    /* padding missing or misplaced, bad alphabet, non-zero pad bits */
    PL_CHECK_INT(pl_ws_key_validate(S("dGhlIHNhbXBsZSBub25jZQ")), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_ws_key_validate(S("dGhlIHNhbXBsZSBub25jZQ=A")), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_ws_key_validate(S("dGhlIHNhbXBsZSBub25jZ-==")), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_ws_key_validate(S("dGhlIHNhbXBs ZSBub25jZQ==")), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_ws_key_validate(S("dGhlIHNhbXBsZSBub25jZR==")), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_ws_key_validate(S("dGhlIHNhbXBsZSBub25jZQ==dGhl")), ==, PL_ERR_PARSE);
}

PL_TEST(version_check)
{
    PL_CHECK_INT(pl_ws_version_check(S("13")), ==, 0);
    PL_CHECK_INT(pl_ws_version_check(S(" 13 ")), ==, 0);
    PL_CHECK_INT(pl_ws_version_check(S("8")), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(pl_ws_version_check(S("130")), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(pl_ws_version_check(S("13, 8")), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(pl_ws_version_check(S("")), ==, PL_ERR_UNSUPPORTED);
    PL_CHECK_INT(pl_ws_version_check(NULL, 0), ==, PL_ERR_UNSUPPORTED);
}

PL_TEST(subprotocol_server_preference)
{
    const char *const ours[] = {"parley.v2", "parley.v1"};
    PL_CHECK_INT(pl_ws_subprotocol_select(S("parley.v1, parley.v2"), ours, 2), ==, 0);
    PL_CHECK_INT(pl_ws_subprotocol_select(S("parley.v1"), ours, 2), ==, 1);
    PL_CHECK_INT(pl_ws_subprotocol_select(S(" ,chat,, parley.v1 ,"), ours, 2), ==, 1);
    PL_CHECK_INT(pl_ws_subprotocol_select(S("chat, superchat"), ours, 2), ==, PL_ERR_NOT_FOUND);
    /* case matters; prefixes are not matches */
    PL_CHECK_INT(pl_ws_subprotocol_select(S("PARLEY.V1, parley"), ours, 2), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(pl_ws_subprotocol_select(S(""), ours, 2), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(pl_ws_subprotocol_select(NULL, 0, ours, 2), ==, PL_ERR_NOT_FOUND);
    PL_CHECK_INT(pl_ws_subprotocol_select(S("parley.v1 parley.v2"), ours, 2), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_ws_subprotocol_select(S("parley.v1; q=1"), ours, 2), ==, PL_ERR_PARSE);
    PL_CHECK_INT(pl_ws_subprotocol_select(S("\"parley.v1\""), ours, 2), ==, PL_ERR_PARSE);
}

/* Negotiates with the given policy (NULL: default) and checks the outcome. */
static void negotiate_case(const char *offer, const pl_ws_deflate_policy_t *policy, int rv_expect,
                           const char *resp_expect, int snct, int cnct, int swin, int cwin)
{
    pl_ws_deflate_policy_t def;
    pl_ws_deflate_policy_init(&def);
    pl_ws_deflate_params_t pr;
    pl_buf_t resp = PL_BUF_INIT(0);
    int rv = pl_ws_deflate_negotiate(offer, strlen(offer), policy ? policy : &def, &pr, &resp);
    if (rv != rv_expect || (resp_expect == NULL) != (resp.len == 0))
        fprintf(stderr, "  offer: %s\n", offer);
    PL_CHECK_INT(rv, ==, rv_expect);
    if (resp_expect == NULL) {
        PL_CHECK_INT(resp.len, ==, 0);
        PL_CHECK_INT(pr.enabled, ==, 0);
    } else {
        PL_CHECK_STR(resp.data, resp_expect);
        PL_CHECK_INT(pr.enabled, ==, 1);
        PL_CHECK_INT(pr.server_no_context_takeover, ==, snct);
        PL_CHECK_INT(pr.client_no_context_takeover, ==, cnct);
        PL_CHECK_INT(pr.server_max_window_bits, ==, swin);
        PL_CHECK_INT(pr.client_max_window_bits, ==, cwin);
    }
    pl_buf_free(&resp);
}

#define BOTH "permessage-deflate; server_no_context_takeover; client_no_context_takeover"

PL_TEST(negotiate_accepts_with_default_policy)
{
    negotiate_case("permessage-deflate", NULL, 0, BOTH, 1, 1, 10, 15);
    negotiate_case("  permessage-deflate  ", NULL, 0, BOTH, 1, 1, 10, 15);
    negotiate_case("Permessage-Deflate", NULL, 0, BOTH, 1, 1, 10, 15);
    /* what browsers send */
    negotiate_case("permessage-deflate; client_max_window_bits", NULL, 0, BOTH, 1, 1, 10, 15);
    negotiate_case("permessage-deflate; client_max_window_bits=11", NULL, 0,
                   BOTH "; client_max_window_bits=11", 1, 1, 10, 11);
    negotiate_case("permessage-deflate;server_max_window_bits=12", NULL, 0,
                   BOTH "; server_max_window_bits=10", 1, 1, 10, 15);
    negotiate_case("permessage-deflate; server_max_window_bits=9", NULL, 0,
                   BOTH "; server_max_window_bits=9", 1, 1, 9, 15);
    negotiate_case("permessage-deflate; server_max_window_bits=8", NULL, 0,
                   BOTH "; server_max_window_bits=8", 1, 1, 8, 15);
    negotiate_case("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                   NULL, 0, BOTH, 1, 1, 10, 15);
    /* quoted values are unescaped (RFC 6455 9.1) */
    negotiate_case("permessage-deflate; server_max_window_bits=\"9\"", NULL, 0,
                   BOTH "; server_max_window_bits=9", 1, 1, 9, 15);
    negotiate_case("permessage-deflate; server_max_window_bits = \"\\9\"", NULL, 0,
                   BOTH "; server_max_window_bits=9", 1, 1, 9, 15);
}

PL_TEST(negotiate_first_acceptable_offer)
{
    /* RFC 7692 5.2's example: the first offer is accepted */
    negotiate_case("permessage-deflate; client_max_window_bits; server_max_window_bits=10, "
                   "permessage-deflate; client_max_window_bits",
                   NULL, 0, BOTH "; server_max_window_bits=10", 1, 1, 10, 15);
    /* an invalid first offer falls back to the second */
    negotiate_case("permessage-deflate; server_max_window_bits=16, "
                   "permessage-deflate; client_max_window_bits=9",
                   NULL, 0, BOTH "; client_max_window_bits=9", 1, 1, 10, 9);
    /* other extensions are skipped */
    negotiate_case("x-webkit-deflate-frame, foo; bar=\"a b\\\"\", permessage-deflate", NULL,
                   PL_ERR_PARSE, NULL, 0, 0, 0, 0);
    negotiate_case("x-webkit-deflate-frame, foo; bar=baz, permessage-deflate", NULL, 0, BOTH, 1, 1,
                   10, 15);
    negotiate_case("permessage-deflate; foo, permessage-deflate; server_no_context_takeover",
                   NULL, 0, BOTH, 1, 1, 10, 15);
}

PL_TEST(negotiate_declines_invalid_offers)
{
    static const char *const invalid[] = {
        "permessage-deflate; foo",
        "permessage-deflate; foo=1",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
        "permessage-deflate; server_no_context_takeover=1",
        "permessage-deflate; client_no_context_takeover=true",
        "permessage-deflate; server_max_window_bits",
        "permessage-deflate; server_max_window_bits=7",
        "permessage-deflate; server_max_window_bits=16",
        "permessage-deflate; server_max_window_bits=010",
        "permessage-deflate; server_max_window_bits=0x0a",
        "permessage-deflate; server_max_window_bits=10; server_max_window_bits=10",
        "permessage-deflate; client_max_window_bits=7",
        "permessage-deflate; client_max_window_bits=abc",
        "permessage-deflate; client_max_window_bits=100000000000000000000",
        "permessage-deflate; client_max_window_bits; client_max_window_bits",
        "permessage-deflate; client_max_window_bits=\"16\"",
        "deflate-frame",
        "x-webkit-deflate-frame; no_context_takeover",
    };
    for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
        negotiate_case(invalid[i], NULL, 0, NULL, 0, 0, 0, 0);
}

PL_TEST(negotiate_rejects_malformed_headers)
{
    static const char *const malformed[] = {
        "permessage-deflate;",
        "permessage-deflate; ",
        "permessage-deflate;; server_no_context_takeover",
        "permessage-deflate; =10",
        "permessage-deflate; server_max_window_bits=",
        "permessage-deflate; server_max_window_bits=\"10",
        "permessage-deflate; server_max_window_bits=\"1 0\"",
        "permessage-deflate; server_max_window_bits=\"\"",
        "permessage-deflate server_no_context_takeover",
        "permessage-deflate, ;",
        "\"permessage-deflate\"",
        "permessage-deflate; a=b=c",
    };
    for (size_t i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++)
        negotiate_case(malformed[i], NULL, PL_ERR_PARSE, NULL, 0, 0, 0, 0);
}

PL_TEST(negotiate_follows_policy)
{
    pl_ws_deflate_policy_t p;
    pl_ws_deflate_policy_init(&p);
    PL_CHECK_INT(p.enabled, ==, 1);
    PL_CHECK_INT(p.server_no_context_takeover, ==, 1);
    PL_CHECK_INT(p.client_no_context_takeover, ==, 1);

    p.enabled = 0;
    negotiate_case("permessage-deflate", &p, 0, NULL, 0, 0, 0, 0);

    /* context takeover allowed by the server: only what the client asks */
    pl_ws_deflate_policy_init(&p);
    p.server_no_context_takeover = 0;
    p.client_no_context_takeover = 0;
    p.server_max_window_bits = 15;
    negotiate_case("permessage-deflate", &p, 0, "permessage-deflate", 0, 0, 15, 15);
    negotiate_case("permessage-deflate; server_no_context_takeover", &p, 0,
                   "permessage-deflate; server_no_context_takeover", 1, 0, 15, 15);
    negotiate_case("permessage-deflate; client_no_context_takeover", &p, 0,
                   "permessage-deflate; client_no_context_takeover", 0, 1, 15, 15);

    /* limiting the client's window only when it supports the parameter */
    pl_ws_deflate_policy_init(&p);
    p.client_max_window_bits = 12;
    negotiate_case("permessage-deflate", &p, 0, BOTH, 1, 1, 10, 15);
    negotiate_case("permessage-deflate; client_max_window_bits", &p, 0,
                   BOTH "; client_max_window_bits=12", 1, 1, 10, 12);
    negotiate_case("permessage-deflate; client_max_window_bits=14", &p, 0,
                   BOTH "; client_max_window_bits=12", 1, 1, 10, 12);
    negotiate_case("permessage-deflate; client_max_window_bits=8", &p, 0,
                   BOTH "; client_max_window_bits=8", 1, 1, 10, 8);
}

PL_TEST(negotiate_leaves_buffer_on_cap)
{
    pl_ws_deflate_policy_t p;
    pl_ws_deflate_policy_init(&p);
    pl_ws_deflate_params_t pr;
    pl_buf_t resp = PL_BUF_INIT(30);
    PL_CHECK_INT(pl_buf_append_str(&resp, "x"), ==, 0);
    PL_CHECK_INT(pl_ws_deflate_negotiate(S("permessage-deflate"), &p, &pr, &resp), ==,
                 PL_ERR_TOO_LARGE);
    PL_CHECK_STR(resp.data, "x");
    PL_CHECK_INT(pr.enabled, ==, 0);
    pl_buf_free(&resp);
}

PL_TEST(client_offer_and_response)
{
    pl_ws_deflate_policy_t p;
    pl_ws_deflate_policy_init(&p);
    pl_buf_t offer = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_ws_deflate_offer(&p, &offer), ==, 0);
    PL_CHECK_STR(offer.data, BOTH "; server_max_window_bits=10; client_max_window_bits");

    /* our own server accepts our own offer, and the client agrees with it */
    pl_ws_deflate_params_t srv, cli;
    pl_buf_t resp = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_ws_deflate_negotiate(offer.data, offer.len, &p, &srv, &resp), ==, 0);
    PL_CHECK_INT(pl_ws_deflate_response_parse(resp.data, resp.len, &p, &cli), ==, 0);
    PL_CHECK_INT(cli.enabled, ==, 1);
    PL_CHECK_INT(cli.server_no_context_takeover, ==, srv.server_no_context_takeover);
    PL_CHECK_INT(cli.client_no_context_takeover, ==, srv.client_no_context_takeover);
    PL_CHECK_INT(cli.server_max_window_bits, ==, 10);
    pl_buf_free(&resp);
    pl_buf_free(&offer);

    PL_CHECK_INT(pl_ws_deflate_response_parse(NULL, 0, &p, &cli), ==, 0);
    PL_CHECK_INT(cli.enabled, ==, 0);
    PL_CHECK_INT(pl_ws_deflate_response_parse(S("permessage-deflate; client_max_window_bits=9"), &p,
                                              &cli),
                 ==, 0);
    PL_CHECK_INT(cli.client_max_window_bits, ==, 9);
    PL_CHECK_INT(cli.server_max_window_bits, ==, 15);

    static const char *const bad[] = {
        "x-webkit-deflate-frame",
        "permessage-deflate, permessage-deflate",
        "permessage-deflate; client_max_window_bits",
        "permessage-deflate; server_max_window_bits=12", /* above the offered 10 */
        "permessage-deflate; server_max_window_bits",
        "permessage-deflate; foo",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "permessage-deflate;",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rv = pl_ws_deflate_response_parse(bad[i], strlen(bad[i]), &p, &cli);
        if (rv != PL_ERR_PROTOCOL)
            fprintf(stderr, "  response: %s\n", bad[i]);
        PL_CHECK_INT(rv, ==, PL_ERR_PROTOCOL);
    }
    p.enabled = 0;
    PL_CHECK_INT(pl_ws_deflate_response_parse(S("permessage-deflate"), &p, &cli), ==,
                 PL_ERR_PROTOCOL);
}

PL_TEST(response_head_exact)
{
    pl_buf_t out = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_ws_handshake_response(&out, S("dGhlIHNhbXBsZSBub25jZQ=="), NULL, NULL, 0), ==, 0);
    PL_CHECK_STR(out.data, "HTTP/1.1 101 Switching Protocols\r\n"
                           "Upgrade: websocket\r\n"
                           "Connection: Upgrade\r\n"
                           "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                           "\r\n");
    pl_buf_reset(&out);
    PL_CHECK_INT(pl_ws_handshake_response(&out, S("dGhlIHNhbXBsZSBub25jZQ=="), "chat",
                                          S("permessage-deflate")),
                 ==, 0);
    PL_CHECK_STR(out.data, "HTTP/1.1 101 Switching Protocols\r\n"
                           "Upgrade: websocket\r\n"
                           "Connection: Upgrade\r\n"
                           "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                           "Sec-WebSocket-Protocol: chat\r\n"
                           "Sec-WebSocket-Extensions: permessage-deflate\r\n"
                           "\r\n");
    pl_buf_reset(&out);
    PL_CHECK_INT(pl_ws_handshake_response(&out, S("bad"), NULL, NULL, 0), ==, PL_ERR_PARSE);
    PL_CHECK_INT(out.len, ==, 0);
    pl_buf_free(&out);

    pl_buf_t small = PL_BUF_INIT(40);
    PL_CHECK_INT(pl_ws_handshake_response(&small, S("dGhlIHNhbXBsZSBub25jZQ=="), NULL, NULL, 0), ==,
                 PL_ERR_TOO_LARGE);
    PL_CHECK_INT(small.len, ==, 0);
    pl_buf_free(&small);
}

PL_TEST(server_handshake_outcomes)
{
    const char *const protos[] = {"parley.v1"};
    pl_ws_deflate_policy_t p;
    pl_ws_deflate_policy_init(&p);
    pl_ws_upgrade_request_t req = {
        S("dGhlIHNhbXBsZSBub25jZQ=="), S("13"), S("x, parley.v1"),
        S("permessage-deflate; client_max_window_bits"),
    };
    int idx = 7;
    pl_ws_deflate_params_t d;
    pl_buf_t out = PL_BUF_INIT(0);
    PL_CHECK_INT(pl_ws_server_handshake(&req, protos, 1, &p, &idx, &d, &out), ==, 0);
    PL_CHECK_INT(idx, ==, 0);
    PL_CHECK_INT(d.enabled, ==, 1);
    PL_CHECK_CONTAINS(out.data, "\r\nSec-WebSocket-Protocol: parley.v1\r\n");
    PL_CHECK_CONTAINS(out.data, "\r\nSec-WebSocket-Extensions: " BOTH "\r\n\r\n");
    PL_CHECK_CONTAINS(out.data, "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");

    /* no policy: no extension; unknown protocol: no protocol header */
    pl_buf_reset(&out);
    req.protocols = "chat";
    req.protocols_len = 4;
    PL_CHECK_INT(pl_ws_server_handshake(&req, protos, 1, NULL, &idx, &d, &out), ==, 0);
    PL_CHECK_INT(idx, ==, -1);
    PL_CHECK_INT(d.enabled, ==, 0);
    PL_CHECK(strstr(out.data, "Sec-WebSocket-Protocol") == NULL);
    PL_CHECK(strstr(out.data, "Sec-WebSocket-Extensions") == NULL);

    pl_buf_reset(&out);
    req.version = "8";
    req.version_len = 1;
    PL_CHECK_INT(pl_ws_server_handshake(&req, protos, 1, &p, &idx, &d, &out), ==, PL_ERR_UNSUPPORTED);
    req.version = NULL;
    PL_CHECK_INT(pl_ws_server_handshake(&req, protos, 1, &p, &idx, &d, &out), ==, PL_ERR_UNSUPPORTED);
    req.version = "13";
    req.version_len = 2;
    req.key = NULL;
    PL_CHECK_INT(pl_ws_server_handshake(&req, protos, 1, &p, &idx, &d, &out), ==, PL_ERR_PARSE);
    req.key = "dGhlIHNhbXBsZSBub25jZQ==";
    req.extensions = "permessage-deflate;";
    req.extensions_len = strlen(req.extensions);
    PL_CHECK_INT(pl_ws_server_handshake(&req, protos, 1, &p, &idx, &d, &out), ==, PL_ERR_PARSE);
    req.extensions = NULL;
    req.protocols = "a b";
    req.protocols_len = 3;
    PL_CHECK_INT(pl_ws_server_handshake(&req, protos, 1, &p, &idx, &d, &out), ==, PL_ERR_PARSE);
    PL_CHECK_INT(out.len, ==, 0);
    pl_buf_free(&out);
}

PL_TEST(close_code_validity)
{
    int valid = 0;
    for (unsigned c = 0; c < 70000; c++) {
        int expect = (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1014) || (c >= 3000 && c <= 4999);
        PL_CHECK_INT(pl_ws_close_code_valid(c), ==, expect);
        valid += expect;
    }
    PL_CHECK_INT(valid, ==, 4 + 8 + 2000);
}

PL_TEST_MAIN(PL_TEST_ENTRY(accept_matches_rfc6455_example), PL_TEST_ENTRY(key_validation),
             PL_TEST_ENTRY(version_check), PL_TEST_ENTRY(subprotocol_server_preference),
             PL_TEST_ENTRY(negotiate_accepts_with_default_policy),
             PL_TEST_ENTRY(negotiate_first_acceptable_offer),
             PL_TEST_ENTRY(negotiate_declines_invalid_offers),
             PL_TEST_ENTRY(negotiate_rejects_malformed_headers),
             PL_TEST_ENTRY(negotiate_follows_policy), PL_TEST_ENTRY(negotiate_leaves_buffer_on_cap),
             PL_TEST_ENTRY(client_offer_and_response), PL_TEST_ENTRY(response_head_exact),
             PL_TEST_ENTRY(server_handshake_outcomes), PL_TEST_ENTRY(close_code_validity))
