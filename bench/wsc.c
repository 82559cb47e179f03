/*
 * wsc.c - client-side WebSocket handshake and framing for the load
 * generator (see wsc.h). Handshake keys come from OpenSSL's RAND_bytes and
 * the accept value from its SHA-1; frames are encoded masked and decoded
 * unmasked, as RFC 6455 5.1 requires of a client.
 */
#include "wsc.h"

#include "parley/error.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char ws_guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

int lg_ws_make_key(char key[LG_WS_KEY_LEN + 1])
{
    unsigned char raw[16];

    if (RAND_bytes(raw, (int)sizeof(raw)) != 1)
        return PL_ERR_INTERNAL;
    if (EVP_EncodeBlock((unsigned char *)key, raw, (int)sizeof(raw)) != LG_WS_KEY_LEN)
        return PL_ERR_INTERNAL;
    return 0;
}

int lg_ws_accept_for(const char *key, char accept[LG_WS_ACCEPT_LEN + 1])
{
    char cat[128];
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    size_t klen = strlen(key);

    if (klen + sizeof(ws_guid) > sizeof(cat))
        return PL_ERR_INTERNAL;
    memcpy(cat, key, klen);
    memcpy(cat + klen, ws_guid, sizeof(ws_guid) - 1);
    if (EVP_Digest(cat, klen + sizeof(ws_guid) - 1, md, &mdlen, EVP_sha1(), NULL) != 1 ||
        mdlen != 20)
        return PL_ERR_INTERNAL;
    if (EVP_EncodeBlock((unsigned char *)accept, md, 20) != LG_WS_ACCEPT_LEN)
        return PL_ERR_INTERNAL;
    return 0;
}

int lg_ws_build_request(char *out, size_t cap, const char *host, int port,
                        const char *path, const char *key)
{
    int n = snprintf(out, cap,
                     "GET %s HTTP/1.1\r\n"
                     "Host: %s:%d\r\n"
                     "Upgrade: websocket\r\n"
                     "Connection: Upgrade\r\n"
                     "Sec-WebSocket-Key: %s\r\n"
                     "Sec-WebSocket-Version: 13\r\n"
                     "\r\n",
                     path, host, port, key);
    if (n < 0 || (size_t)n >= cap)
        return PL_ERR_TOO_LARGE;
    return n;
}

static int is_ows(char c) { return c == ' ' || c == '\t'; }

/* Does the comma-separated list v (vlen bytes) hold token, ignoring case? */
static int list_has_token(const char *v, size_t vlen, const char *token)
{
    size_t tlen = strlen(token);
    const char *p = v, *end = v + vlen;

    while (p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *e = comma ? comma : end;
        const char *s = p;
        while (s < e && is_ows(*s))
            s++;
        const char *t = e;
        while (t > s && is_ows(t[-1]))
            t--;
        if ((size_t)(t - s) == tlen && strncasecmp(s, token, tlen) == 0)
            return 1;
        p = comma ? comma + 1 : end;
    }
    return 0;
}

static const char *find_head_end(const char *buf, size_t len)
{
    for (size_t i = 0; i + 3 < len; i++) {
        if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n')
            return buf + i + 4;
    }
    return NULL;
}

int lg_ws_check_response(const char *buf, size_t len, const char *key, int *status)
{
    char accept[LG_WS_ACCEPT_LEN + 1];
    const char *head_end, *p, *line_end;
    int have_upgrade = 0, have_connection = 0, have_accept = 0, accept_ok = 0;
    int code;

    size_t scan = len < LG_WS_MAX_RESPONSE_HEAD ? len : LG_WS_MAX_RESPONSE_HEAD;
    head_end = find_head_end(buf, scan);
    if (head_end == NULL)
        return len >= LG_WS_MAX_RESPONSE_HEAD ? PL_ERR_TOO_LARGE : PL_ERR_INCOMPLETE;

    /* Status line: HTTP/1.1 SP 3DIGIT SP reason */
    if ((size_t)(head_end - buf) < 12 || memcmp(buf, "HTTP/1.", 7) != 0 ||
        (buf[7] != '0' && buf[7] != '1') || buf[8] != ' ')
        return PL_ERR_PARSE;
    if (buf[9] < '0' || buf[9] > '9' || buf[10] < '0' || buf[10] > '9' ||
        buf[11] < '0' || buf[11] > '9')
        return PL_ERR_PARSE;
    code = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
    if (status)
        *status = code;
    if (code != 101)
        return PL_ERR_PROTOCOL;

    if (lg_ws_accept_for(key, accept) != 0)
        return PL_ERR_INTERNAL;

    p = memchr(buf, '\n', (size_t)(head_end - buf));
    p++; /* first header line */
    while (p < head_end - 2) {
        line_end = memchr(p, '\n', (size_t)(head_end - p));
        if (line_end == NULL || line_end == p || line_end[-1] != '\r')
            return PL_ERR_PARSE;
        const char *lend = line_end - 1; /* at '\r' */
        const char *colon = memchr(p, ':', (size_t)(lend - p));
        if (colon == NULL || colon == p || is_ows(p[0]))
            return PL_ERR_PARSE;
        size_t nlen = (size_t)(colon - p);
        const char *v = colon + 1, *ve = lend;
        while (v < ve && is_ows(*v))
            v++;
        while (ve > v && is_ows(ve[-1]))
            ve--;
        size_t vlen = (size_t)(ve - v);

        if (nlen == 7 && strncasecmp(p, "Upgrade", 7) == 0) {
            have_upgrade = list_has_token(v, vlen, "websocket");
        } else if (nlen == 10 && strncasecmp(p, "Connection", 10) == 0) {
            have_connection = list_has_token(v, vlen, "upgrade");
        } else if (nlen == 20 && strncasecmp(p, "Sec-WebSocket-Accept", 20) == 0) {
            if (have_accept)
                return PL_ERR_PROTOCOL;
            have_accept = 1;
            accept_ok = vlen == LG_WS_ACCEPT_LEN && memcmp(v, accept, LG_WS_ACCEPT_LEN) == 0;
        } else if ((nlen == 24 && strncasecmp(p, "Sec-WebSocket-Extensions", 24) == 0) ||
                   (nlen == 22 && strncasecmp(p, "Sec-WebSocket-Protocol", 22) == 0)) {
            if (vlen > 0)
                return PL_ERR_UNSUPPORTED;
        }
        p = line_end + 1;
    }
    if (!have_upgrade || !have_connection || !have_accept || !accept_ok)
        return PL_ERR_PROTOCOL;
    return (int)(head_end - buf);
}

size_t lg_ws_frame_size(size_t len)
{
    size_t h = len < 126 ? 2 : len <= 0xffff ? 4 : 10;
    return h + 4 + len;
}

size_t lg_ws_encode_frame(uint8_t *out, int opcode, const uint8_t *payload,
                          size_t len, uint32_t mask)
{
    size_t h;
    uint8_t m[4];

    out[0] = (uint8_t)(0x80 | (opcode & 0x0f));
    if (len < 126) {
        out[1] = (uint8_t)(0x80 | len);
        h = 2;
    } else if (len <= 0xffff) {
        out[1] = 0x80 | 126;
        out[2] = (uint8_t)(len >> 8);
        out[3] = (uint8_t)len;
        h = 4;
    } else {
        out[1] = 0x80 | 127;
        for (int i = 0; i < 8; i++)
            out[2 + i] = (uint8_t)((uint64_t)len >> (56 - 8 * i));
        h = 10;
    }
    m[0] = (uint8_t)(mask >> 24);
    m[1] = (uint8_t)(mask >> 16);
    m[2] = (uint8_t)(mask >> 8);
    m[3] = (uint8_t)mask;
    memcpy(out + h, m, 4);
    h += 4;
    for (size_t i = 0; i < len; i++)
        out[h + i] = payload[i] ^ m[i & 3];
    return h + len;
}

void lg_ws_decoder_init(lg_ws_decoder_t *d, size_t max_message)
{
    memset(d, 0, sizeof(*d));
    d->max_message = max_message ? max_message : LG_WS_DEFAULT_MAX_MESSAGE;
}

void lg_ws_decoder_free(lg_ws_decoder_t *d)
{
    free(d->msg);
    d->msg = NULL;
    d->msg_len = d->msg_cap = 0;
    d->in_message = 0;
}

static int msg_append(lg_ws_decoder_t *d, const uint8_t *p, size_t n)
{
    if (n > d->max_message - d->msg_len)
        return PL_ERR_TOO_LARGE;
    if (d->msg_len + n > d->msg_cap) {
        size_t cap = d->msg_cap ? d->msg_cap : 256;
        while (cap < d->msg_len + n)
            cap *= 2;
        uint8_t *nb = realloc(d->msg, cap);
        if (nb == NULL)
            return PL_ERR_NOMEM;
        d->msg = nb;
        d->msg_cap = cap;
    }
    if (n)
        memcpy(d->msg + d->msg_len, p, n);
    d->msg_len += n;
    return 0;
}

int lg_ws_decode(lg_ws_decoder_t *d, const uint8_t *buf, size_t len,
                 size_t *consumed, lg_ws_event_t *ev)
{
    size_t hdr = 2;
    uint64_t plen;
    int fin, opcode, rc;

    if (len < 2)
        return PL_ERR_INCOMPLETE;
    fin = (buf[0] & 0x80) != 0;
    opcode = buf[0] & 0x0f;
    if (buf[0] & 0x70)
        return PL_ERR_PROTOCOL; /* no extension was negotiated */
    if (buf[1] & 0x80)
        return PL_ERR_PROTOCOL; /* servers never mask */
    plen = buf[1] & 0x7f;
    if (plen == 126) {
        if (len < 4)
            return PL_ERR_INCOMPLETE;
        plen = (uint64_t)buf[2] << 8 | buf[3];
        if (plen < 126)
            return PL_ERR_PROTOCOL;
        hdr = 4;
    } else if (plen == 127) {
        if (len < 10)
            return PL_ERR_INCOMPLETE;
        plen = 0;
        for (int i = 0; i < 8; i++)
            plen = plen << 8 | buf[2 + i];
        if (plen >> 63 || plen <= 0xffff)
            return PL_ERR_PROTOCOL;
        hdr = 10;
    }

    if (opcode & 0x8) {
        if (opcode != LG_WS_OP_CLOSE && opcode != LG_WS_OP_PING && opcode != LG_WS_OP_PONG)
            return PL_ERR_PROTOCOL;
        if (!fin || plen > 125)
            return PL_ERR_PROTOCOL;
        if (opcode == LG_WS_OP_CLOSE && plen == 1)
            return PL_ERR_PROTOCOL;
    } else if (opcode != LG_WS_OP_CONT && opcode != LG_WS_OP_TEXT && opcode != LG_WS_OP_BINARY) {
        return PL_ERR_PROTOCOL;
    }
    if (plen > d->max_message)
        return PL_ERR_TOO_LARGE;
    if (len - hdr < plen)
        return PL_ERR_INCOMPLETE;

    const uint8_t *payload = buf + hdr;
    size_t n = (size_t)plen;

    if (opcode & 0x8) {
        ev->opcode = opcode;
        ev->data = payload;
        ev->len = n;
        *consumed = hdr + n;
        return 1;
    }
    if (opcode == LG_WS_OP_CONT) {
        if (!d->in_message)
            return PL_ERR_PROTOCOL;
        if ((rc = msg_append(d, payload, n)) != 0)
            return rc;
        *consumed = hdr + n;
        if (!fin)
            return 0;
        d->in_message = 0;
        ev->opcode = d->msg_opcode;
        ev->data = d->msg;
        ev->len = d->msg_len;
        return 1;
    }
    if (d->in_message)
        return PL_ERR_PROTOCOL; /* a new message inside a fragmented one */
    if (fin) {
        ev->opcode = opcode;
        ev->data = payload;
        ev->len = n;
        *consumed = hdr + n;
        return 1;
    }
    d->msg_len = 0;
    if ((rc = msg_append(d, payload, n)) != 0)
        return rc;
    d->in_message = 1;
    d->msg_opcode = opcode;
    *consumed = hdr + n;
    return 0;
}
