/*
 * ws_handshake.c - the WebSocket opening handshake, minus the HTTP parsing:
 * Sec-WebSocket-Key / -Accept (RFC 6455 4.2), the version check,
 * subprotocol selection, permessage-deflate negotiation (RFC 7692 5, 7)
 * for both ends, the 101 response head, and the close-code rule
 * (RFC 6455 7.4) shared by the parser and the writer.
 *
 * Header values arrive as (pointer, length) pairs exactly as the HTTP layer
 * found them; surrounding spaces and tabs are tolerated. Nothing here
 * allocates except the caller's output buffer and, in
 * pl_ws_server_handshake(), a small bounded scratch buffer.
 */
#include "parley/error.h"
#include "parley/ws.h"

#include <openssl/evp.h>
#include <string.h>

/* A permessage-deflate parameter value longer than this is invalid anyway
 * (ours are "8".."15"); unknown parameters are checked for syntax only. */
#define PARAM_VALUE_MAX 16
/* The longest permessage-deflate response we build is about 120 bytes. */
#define EXT_RESPONSE_MAX 256

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int is_ows(char c) { return c == ' ' || c == '\t'; }

static void trim(const char **p, size_t *len)
{
    const char *s = *p, *e = s + *len;
    while (s < e && is_ows(*s))
        s++;
    while (e > s && is_ows(e[-1]))
        e--;
    *p = s;
    *len = (size_t)(e - s);
}

static int b64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

static void b64_encode(const uint8_t *in, size_t n, char *out)
{
    size_t i, o = 0;
    for (i = 0; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        out[o++] = b64_alphabet[v >> 18];
        out[o++] = b64_alphabet[(v >> 12) & 63];
        out[o++] = b64_alphabet[(v >> 6) & 63];
        out[o++] = b64_alphabet[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)in[i] << 16;
        out[o++] = b64_alphabet[v >> 18];
        out[o++] = b64_alphabet[(v >> 12) & 63];
        out[o++] = '=';
        out[o++] = '=';
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
        out[o++] = b64_alphabet[v >> 18];
        out[o++] = b64_alphabet[(v >> 12) & 63];
        out[o++] = b64_alphabet[(v >> 6) & 63];
        out[o++] = '=';
    }
    out[o] = '\0';
}

int pl_ws_key_validate(const char *key, size_t len)
{
    if (key == NULL)
        return PL_ERR_PARSE;
    trim(&key, &len);
    /* 16 bytes = 5 full groups + 1 byte: 22 characters and "==" */
    if (len != PL_WS_KEY_LEN || key[22] != '=' || key[23] != '=')
        return PL_ERR_PARSE;
    for (size_t i = 0; i < 22; i++)
        if (b64_value(key[i]) < 0)
            return PL_ERR_PARSE;
    /* the last character carries 2 data bits: the 4 padding bits must be 0 */
    if (b64_value(key[21]) & 0x0f)
        return PL_ERR_PARSE;
    return 0;
}

int pl_ws_accept_compute(const char *key, size_t len, char out[PL_WS_ACCEPT_LEN + 1])
{
    if (pl_ws_key_validate(key, len) != 0)
        return PL_ERR_PARSE;
    trim(&key, &len);
    char buf[PL_WS_KEY_LEN + sizeof(PL_WS_GUID) - 1];
    memcpy(buf, key, PL_WS_KEY_LEN);
    memcpy(buf + PL_WS_KEY_LEN, PL_WS_GUID, sizeof(PL_WS_GUID) - 1);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    if (EVP_Digest(buf, sizeof(buf), md, &mdlen, EVP_sha1(), NULL) != 1 || mdlen != 20)
        return PL_ERR_INTERNAL;
    b64_encode(md, 20, out);
    return 0;
}

int pl_ws_version_check(const char *value, size_t len)
{
    if (value == NULL)
        return PL_ERR_UNSUPPORTED;
    trim(&value, &len);
    return len == 2 && value[0] == '1' && value[1] == '3' ? 0 : PL_ERR_UNSUPPORTED;
}

int pl_ws_close_code_valid(unsigned code)
{
    if (code >= 1000 && code <= 1003)
        return 1;
    /* 1012-1014 are registered with IANA (service restart, try again
     * later, bad gateway); the server sends 1013 when over its caps. */
    if (code >= 1007 && code <= 1014)
        return 1;
    return code >= 3000 && code <= 4999;
}

/* ------------------------------------------------------------------------ */
/* Lists of tokens and extensions (RFC 7230 #rule, RFC 6455 9.1)            */

static int is_tchar(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return 1;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
        return 1;
    return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

typedef struct cursor {
    const char *p, *end;
} cursor_t;

static void skip_ows(cursor_t *c)
{
    while (c->p < c->end && is_ows(*c->p))
        c->p++;
}

static size_t take_token(cursor_t *c)
{
    const char *s = c->p;
    while (c->p < c->end && is_tchar((unsigned char)*c->p))
        c->p++;
    return (size_t)(c->p - s);
}

static int token_eq(const char *a, size_t alen, const char *lit)
{
    size_t n = strlen(lit);
    if (alen != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char x = a[i], y = lit[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x + 32);
        if (x != y)
            return 0;
    }
    return 1;
}

/* Next element of a comma list: skips empty elements. Returns 1 with the
 * element's leading token in (*name, *len), 0 at the end, PL_ERR_PARSE. */
static int next_element(cursor_t *c, const char **name, size_t *len)
{
    for (;;) {
        skip_ows(c);
        if (c->p == c->end)
            return 0;
        if (*c->p != ',')
            break;
        c->p++;
    }
    *name = c->p;
    *len = take_token(c);
    return *len > 0 ? 1 : PL_ERR_PARSE;
}

/* After an element: OWS then the end or a comma. */
static int end_element(cursor_t *c)
{
    skip_ows(c);
    if (c->p == c->end)
        return 0;
    if (*c->p != ',')
        return PL_ERR_PARSE;
    c->p++;
    return 0;
}

typedef struct param {
    const char *name;
    size_t name_len;
    int has_value;
    char value[PARAM_VALUE_MAX];
    size_t value_len; /* may exceed PARAM_VALUE_MAX: value then truncated */
} param_t;

/* Next ";name[=value]" of an extension. Returns 1 with *pm filled, 0 when
 * the extension ends (at a comma or the end), PL_ERR_PARSE. Quoted values
 * are unescaped and must then be tokens (RFC 6455 9.1). */
static int next_param(cursor_t *c, param_t *pm)
{
    skip_ows(c);
    if (c->p == c->end || *c->p == ',')
        return 0;
    if (*c->p != ';')
        return PL_ERR_PARSE;
    c->p++;
    skip_ows(c);
    pm->name = c->p;
    pm->name_len = take_token(c);
    pm->has_value = 0;
    pm->value_len = 0;
    if (pm->name_len == 0)
        return PL_ERR_PARSE;
    skip_ows(c);
    if (c->p == c->end || *c->p != '=')
        return 1;
    c->p++;
    skip_ows(c);
    pm->has_value = 1;
    if (c->p < c->end && *c->p == '"') {
        c->p++;
        for (;;) {
            if (c->p == c->end)
                return PL_ERR_PARSE;
            char ch = *c->p++;
            if (ch == '"')
                break;
            if (ch == '\\') {
                if (c->p == c->end)
                    return PL_ERR_PARSE;
                ch = *c->p++;
            }
            if (!is_tchar((unsigned char)ch))
                return PL_ERR_PARSE;
            if (pm->value_len < PARAM_VALUE_MAX)
                pm->value[pm->value_len] = ch;
            pm->value_len++;
        }
    } else {
        const char *s = c->p;
        size_t n = take_token(c);
        for (size_t i = 0; i < n && i < PARAM_VALUE_MAX; i++)
            pm->value[i] = s[i];
        pm->value_len = n;
    }
    return pm->value_len > 0 ? 1 : PL_ERR_PARSE;
}

int pl_ws_subprotocol_select(const char *value, size_t len, const char *const *supported,
                             size_t nsupported)
{
    if (value == NULL)
        return PL_ERR_NOT_FOUND;
    cursor_t c = {value, value + len};
    const char *name;
    size_t nlen;
    int rv, best = -1;
    /* one pass: validate the whole list and keep the best-ranked match */
    while ((rv = next_element(&c, &name, &nlen)) == 1) {
        if ((rv = end_element(&c)) != 0)
            return rv;
        for (size_t i = 0; i < nsupported && (best < 0 || i < (size_t)best); i++) {
            if (strlen(supported[i]) == nlen && memcmp(supported[i], name, nlen) == 0) {
                best = (int)i;
                break;
            }
        }
    }
    if (rv < 0)
        return rv;
    return best >= 0 ? best : PL_ERR_NOT_FOUND;
}

/* ------------------------------------------------------------------------ */
/* permessage-deflate                                                       */

#define PMD_NAME "permessage-deflate"

void pl_ws_deflate_policy_init(pl_ws_deflate_policy_t *p)
{
    p->enabled = 1;
    p->server_no_context_takeover = 1;
    p->client_no_context_takeover = 1;
    p->server_max_window_bits = 10;
    p->client_max_window_bits = 15;
}

/* "8".."15" without leading zeros; returns the number or -1 */
static int window_bits_value(const param_t *pm)
{
    if (!pm->has_value || pm->value_len == 0 || pm->value_len > 2)
        return -1;
    int v = 0;
    for (size_t i = 0; i < pm->value_len; i++) {
        if (pm->value[i] < '0' || pm->value[i] > '9')
            return -1;
        v = v * 10 + (pm->value[i] - '0');
    }
    if (pm->value[0] == '0' || v < 8 || v > 15)
        return -1;
    return v;
}

/* One permessage-deflate offer or response, as parsed. Window fields: 0
 * absent, -1 present without value, else the value. */
typedef struct pmd_params {
    int valid;
    int snct, cnct;
    int smwb, cmwb;
} pmd_params_t;

/* Reads the parameters of one permessage-deflate element. Sets p->valid = 0
 * on unknown, duplicate or invalid parameters (RFC 7692 7). Returns 0 or
 * PL_ERR_PARSE (syntax). */
static int read_pmd_params(cursor_t *c, pmd_params_t *p)
{
    param_t pm;
    int rv;
    memset(p, 0, sizeof(*p));
    p->valid = 1;
    while ((rv = next_param(c, &pm)) == 1) {
        if (token_eq(pm.name, pm.name_len, "server_no_context_takeover")) {
            if (p->snct || pm.has_value)
                p->valid = 0;
            p->snct = 1;
        } else if (token_eq(pm.name, pm.name_len, "client_no_context_takeover")) {
            if (p->cnct || pm.has_value)
                p->valid = 0;
            p->cnct = 1;
        } else if (token_eq(pm.name, pm.name_len, "server_max_window_bits")) {
            int v = window_bits_value(&pm);
            if (p->smwb != 0 || v < 0)
                p->valid = 0;
            p->smwb = v < 0 ? -1 : v;
        } else if (token_eq(pm.name, pm.name_len, "client_max_window_bits")) {
            int v = pm.has_value ? window_bits_value(&pm) : -1;
            if (p->cmwb != 0 || (pm.has_value && v < 0))
                p->valid = 0;
            p->cmwb = v;
        } else {
            p->valid = 0;
        }
    }
    return rv;
}

static int clamp_bits(int v, int lo)
{
    if (v < lo)
        return lo;
    return v > 15 ? 15 : v;
}

int pl_ws_deflate_negotiate(const char *value, size_t len, const pl_ws_deflate_policy_t *policy,
                            pl_ws_deflate_params_t *params, pl_buf_t *resp)
{
    memset(params, 0, sizeof(*params));
    if (value == NULL || policy == NULL)
        return 0;
    cursor_t c = {value, value + len};
    const char *name;
    size_t nlen;
    int rv, accepted = 0;
    pmd_params_t best = {0};

    while ((rv = next_element(&c, &name, &nlen)) == 1) {
        pmd_params_t p;
        if ((rv = read_pmd_params(&c, &p)) != 0)
            return rv;
        if ((rv = end_element(&c)) != 0)
            return rv;
        if (!accepted && policy->enabled && p.valid && token_eq(name, nlen, PMD_NAME)) {
            best = p;
            accepted = 1;
        }
    }
    if (rv < 0)
        return rv;
    if (!accepted)
        return 0;

    int snct = best.snct || policy->server_no_context_takeover;
    int cnct = best.cnct || policy->client_no_context_takeover;
    /* our compressor's window: the policy's, lowered to what the client allows */
    int swin = clamp_bits(policy->server_max_window_bits, 9);
    if (best.smwb > 0 && best.smwb < swin)
        swin = best.smwb;
    /* the client's window: limited only if it said it supports the parameter */
    int cwin = 15;
    if (best.cmwb != 0) {
        cwin = clamp_bits(policy->client_max_window_bits, 8);
        if (best.cmwb > 0 && best.cmwb < cwin)
            cwin = best.cmwb;
    }

    size_t mark = resp->len;
    rv = pl_buf_append_str(resp, PMD_NAME);
    if (rv == 0 && snct)
        rv = pl_buf_append_str(resp, "; server_no_context_takeover");
    if (rv == 0 && cnct)
        rv = pl_buf_append_str(resp, "; client_no_context_takeover");
    if (rv == 0 && best.smwb > 0)
        rv = pl_buf_appendf(resp, "; server_max_window_bits=%d", swin);
    if (rv == 0 && cwin < 15)
        rv = pl_buf_appendf(resp, "; client_max_window_bits=%d", cwin);
    if (rv != 0) {
        resp->len = mark;
        if (resp->data != NULL)
            resp->data[mark] = '\0';
        return rv;
    }
    params->enabled = 1;
    params->server_no_context_takeover = (uint8_t)snct;
    params->client_no_context_takeover = (uint8_t)cnct;
    params->server_max_window_bits = (uint8_t)swin;
    params->client_max_window_bits = (uint8_t)cwin;
    return 0;
}

int pl_ws_deflate_offer(const pl_ws_deflate_policy_t *policy, pl_buf_t *out)
{
    size_t mark = out->len;
    int rv = pl_buf_append_str(out, PMD_NAME);
    if (rv == 0 && policy->server_no_context_takeover)
        rv = pl_buf_append_str(out, "; server_no_context_takeover");
    if (rv == 0 && policy->client_no_context_takeover)
        rv = pl_buf_append_str(out, "; client_no_context_takeover");
    if (rv == 0 && policy->server_max_window_bits >= 8 && policy->server_max_window_bits < 15)
        rv = pl_buf_appendf(out, "; server_max_window_bits=%d", policy->server_max_window_bits);
    if (rv == 0)
        rv = pl_buf_append_str(out, "; client_max_window_bits");
    if (rv != 0) {
        out->len = mark;
        if (out->data != NULL)
            out->data[mark] = '\0';
    }
    return rv;
}

int pl_ws_deflate_response_parse(const char *value, size_t len, const pl_ws_deflate_policy_t *policy,
                                 pl_ws_deflate_params_t *params)
{
    memset(params, 0, sizeof(*params));
    if (value == NULL)
        return 0;
    cursor_t c = {value, value + len};
    const char *name;
    size_t nlen;
    int rv, seen = 0;
    pmd_params_t p = {0};

    while ((rv = next_element(&c, &name, &nlen)) == 1) {
        /* we offered only permessage-deflate, once */
        if (seen || !token_eq(name, nlen, PMD_NAME) || policy == NULL || !policy->enabled)
            return PL_ERR_PROTOCOL;
        if (read_pmd_params(&c, &p) != 0 || end_element(&c) != 0)
            return PL_ERR_PROTOCOL;
        seen = 1;
    }
    if (rv < 0)
        return PL_ERR_PROTOCOL;
    if (!seen)
        return 0;
    /* in a response, both window parameters need a value */
    if (!p.valid || p.smwb < 0 || p.cmwb < 0)
        return PL_ERR_PROTOCOL;
    int offered_swin = policy->server_max_window_bits >= 8 && policy->server_max_window_bits < 15
                           ? policy->server_max_window_bits
                           : 15;
    if (p.smwb > offered_swin)
        return PL_ERR_PROTOCOL;
    int cwin = clamp_bits(policy->client_max_window_bits, 9);
    if (p.cmwb > 0 && p.cmwb < cwin)
        cwin = p.cmwb;
    params->enabled = 1;
    params->server_no_context_takeover = (uint8_t)p.snct;
    params->client_no_context_takeover = (uint8_t)(p.cnct || policy->client_no_context_takeover);
    params->server_max_window_bits = (uint8_t)(p.smwb > 0 ? p.smwb : 15);
    params->client_max_window_bits = (uint8_t)cwin;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* The 101 head                                                             */

int pl_ws_handshake_response(pl_buf_t *out, const char *key, size_t key_len, const char *protocol,
                             const char *extensions, size_t extensions_len)
{
    char accept[PL_WS_ACCEPT_LEN + 1];
    int rv = pl_ws_accept_compute(key, key_len, accept);
    if (rv != 0)
        return rv;
    size_t mark = out->len;
    rv = pl_buf_append_str(out, "HTTP/1.1 101 Switching Protocols\r\n"
                                "Upgrade: websocket\r\n"
                                "Connection: Upgrade\r\n"
                                "Sec-WebSocket-Accept: ");
    if (rv == 0)
        rv = pl_buf_append(out, accept, PL_WS_ACCEPT_LEN);
    if (rv == 0 && protocol != NULL) {
        rv = pl_buf_append_str(out, "\r\nSec-WebSocket-Protocol: ");
        if (rv == 0)
            rv = pl_buf_append_str(out, protocol);
    }
    if (rv == 0 && extensions != NULL && extensions_len > 0) {
        rv = pl_buf_append_str(out, "\r\nSec-WebSocket-Extensions: ");
        if (rv == 0)
            rv = pl_buf_append(out, extensions, extensions_len);
    }
    if (rv == 0)
        rv = pl_buf_append_str(out, "\r\n\r\n");
    if (rv != 0) {
        out->len = mark;
        if (out->data != NULL)
            out->data[mark] = '\0';
    }
    return rv;
}

int pl_ws_server_handshake(const pl_ws_upgrade_request_t *req, const char *const *protocols,
                           size_t nprotocols, const pl_ws_deflate_policy_t *policy,
                           int *protocol_index, pl_ws_deflate_params_t *deflate, pl_buf_t *out)
{
    pl_buf_t ext = PL_BUF_INIT(EXT_RESPONSE_MAX);
    int rv;

    *protocol_index = -1;
    memset(deflate, 0, sizeof(*deflate));
    if ((rv = pl_ws_version_check(req->version, req->version_len)) != 0)
        return rv;
    if (pl_ws_key_validate(req->key, req->key_len) != 0)
        return PL_ERR_PARSE;
    if (req->protocols != NULL) {
        rv = pl_ws_subprotocol_select(req->protocols, req->protocols_len, protocols, nprotocols);
        if (rv == PL_ERR_PARSE)
            return rv;
        if (rv >= 0)
            *protocol_index = rv;
    }
    if (req->extensions != NULL && policy != NULL) {
        rv = pl_ws_deflate_negotiate(req->extensions, req->extensions_len, policy, deflate, &ext);
        if (rv != 0)
            goto out;
    }
    rv = pl_ws_handshake_response(out, req->key, req->key_len,
                                  *protocol_index >= 0 ? protocols[*protocol_index] : NULL,
                                  ext.data, ext.len);
out:
    if (rv != 0) {
        *protocol_index = -1;
        memset(deflate, 0, sizeof(*deflate));
    }
    pl_buf_free(&ext);
    return rv;
}
