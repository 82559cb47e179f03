/*
 * libFuzzer harness of the HTTP/1.1 parser, router and helpers.
 *
 * Input: byte 0 picks the limits (defaults or tiny ones that every input can
 * reach), bytes 1-2 a cut position, the rest is a connection's byte stream.
 * The stream is parsed whole, cut in two at that position, and cut into
 * pieces of a size taken from byte 0; the three transcripts (heads, bodies,
 * errors and their statuses, end-of-stream verdict) must be identical, and
 * the parser must keep its invariants (consumed <= available, spans inside
 * the buffer, errors carry a 4xx/5xx status). The first head's path, query
 * and field values are also fed to the router and the helpers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http_drive.h"
#include "parley/error.h"
#include "parley/http.h"
#include "parley/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int nop_handler(void *ctx, const pl_http_match_t *m, void *ud)
{
    (void)ctx;
    (void)m;
    (void)ud;
    return 0;
}

static pl_http_router_t *router(void)
{
    static pl_http_router_t *r;
    if (r == NULL) {
        r = pl_http_router_new();
        pl_http_router_add(r, PL_HTTP_GET, "/health", nop_handler, NULL);
        pl_http_router_add(r, PL_HTTP_GET, "/ai-tutor/ws/{conversation_id}", nop_handler, NULL);
        pl_http_router_add(r, PL_HTTP_GET, "/api/v2/conversations/{id}/messages", nop_handler, NULL);
        pl_http_router_add(r, PL_HTTP_POST, "/api/v2/conversations/{id}/messages", nop_handler, NULL);
        pl_http_router_add(r, PL_HTTP_POST, "/api/test/conversations/{id}/stress-test", nop_handler, NULL);
        pl_http_router_add(r, PL_HTTP_GET, "/api/{a}/{b}/{c}/{d}", nop_handler, NULL);
    }
    return r;
}

static void check_helpers(const char *s, size_t n)
{
    pl_http_parser_t p;
    pl_http_parser_init(&p, NULL);
    if (pl_http_parser_execute(&p, s, n) <= 0)
        return;
    const pl_http_request_t *req = &p.req;

    pl_http_match_t m;
    int rv = pl_http_router_match(router(), req->method, s + req->path.off, req->path.len, &m);
    if ((rv == 0) != (m.status == 200) || (rv == PL_ERR_UNSUPPORTED) != (m.status == 405))
        abort();
    for (size_t i = 0; i < m.nparams; i++) {
        if (strlen(m.params[i].value) != m.params[i].len || memchr(m.params[i].value, '/', m.params[i].len))
            abort();
    }
    char allow[64];
    if (rv == PL_ERR_UNSUPPORTED && pl_http_allow_format(m.allow, allow, sizeof allow) <= 0)
        abort();

    char out[64];
    size_t olen = 0;
    rv = pl_http_query_get(s + req->query.off, req->query.len, "last_seq", out, sizeof out, &olen);
    if (rv == 0 && (olen >= sizeof out || strlen(out) != olen))
        abort();
    /* With NO_SLASH only the raw slashes survive decoding. */
    rv = pl_http_pct_decode(s + req->path.off, req->path.len, out, sizeof out, &olen, PL_HTTP_DECODE_NO_SLASH);
    if (rv == 0) {
        size_t raw = 0, dec = 0;
        for (size_t i = 0; i < req->path.len; i++)
            raw += s[req->path.off + i] == '/';
        for (size_t i = 0; i < olen; i++)
            dec += out[i] == '/';
        if (olen > req->path.len || raw != dec || strlen(out) != olen)
            abort();
    }
    for (size_t i = 0; i < req->nheaders; i++) {
        const pl_http_header_t *h = &req->headers[i];
        (void)pl_http_header_has_token(s + h->value.off, h->value.len, "upgrade");
    }
    if (req->version_minor == 1 && pl_http_find_header(req, s, "host", NULL) == NULL)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    static const pl_http_limits_t tiny = {.max_request_line = 40, .max_header_bytes = 64,
                                          .max_headers = 4, .max_body = 32, .max_chunk_line = 12};
    const pl_http_limits_t *lim = (data[0] & 1) ? &tiny : NULL;
    size_t piece = (size_t)(data[0] >> 1) + 1;
    const char *s = (const char *)data + 3;
    size_t n = size - 3;
    size_t cut = n ? ((size_t)data[1] << 8 | data[2]) % (n + 1) : 0;

    pl_buf_t whole = PL_BUF_INIT(0), split = PL_BUF_INIT(0), pieces = PL_BUF_INIT(0);
    int r1 = drive_http(lim, s, n, NULL, 0, &whole);
    int r2 = drive_http(lim, s, n, &cut, 1, &split);

    size_t ncuts = n / piece;
    size_t *cuts = pl_malloc((ncuts + 1) * sizeof(size_t));
    for (size_t i = 0; i < ncuts; i++)
        cuts[i] = (i + 1) * piece;
    int r3 = drive_http(lim, s, n, cuts, ncuts, &pieces);
    pl_free(cuts);

    const char *a = whole.data ? whole.data : "";
    const char *b = split.data ? split.data : "";
    const char *c = pieces.data ? pieces.data : "";
    if (r1 < 0 || r2 != r1 || r3 != r1 || strcmp(a, b) != 0 || strcmp(a, c) != 0)
        abort();
    pl_buf_free(&whole);
    pl_buf_free(&split);
    pl_buf_free(&pieces);

    check_helpers(s, n);
    return 0;
}
