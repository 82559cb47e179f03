/*
 * floor.c - parley-floor: the least a WebSocket echo server can do on this
 * machine, as the transport benchmark's floor reference.
 *
 *   parley-floor PORT
 *
 * One thread, epoll(7) level-triggered, non-blocking sockets: the upgrade
 * of GET /test/echo answered from the key alone, then every complete frame
 * of a read unmasked and echoed, all the replies of that read in one
 * write(2); a Close answered and the socket closed; GET /health answers a
 * small JSON object (the driver waits for it). Nothing else: no UTF-8 check,
 * no limits beyond a frame fitting the buffer, no fragmentation, no
 * timeouts, no partial-write queue beyond one buffer. So it is not a server
 * anyone should run; it is the cost of the system calls and copies every
 * server pays for this workload, which bounds what any real one, Parley or
 * Node's ws, can reach here (bench/README.md, "The floor").
 */
#define _GNU_SOURCE /* accept4, memmem */
#include "wsc.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF 65536
#define MAX_EVENTS 256

typedef struct conn {
    int fd;
    int upgraded;
    size_t in_len;
    unsigned char in[BUF];
    unsigned char out[BUF + 16];
} conn_t;

static void drop(int ep, conn_t *c)
{
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c);
}

/* Writes all of buf (blocking briefly on a full socket: a floor, not a server). */
static int write_all(int fd, const unsigned char *buf, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, buf, n);
        if (k > 0) {
            buf += k;
            n -= (size_t)k;
        } else if (k < 0 && errno == EAGAIN) {
            usleep(50);
        } else if (k < 0 && errno == EINTR) {
            continue;
        } else {
            return -1;
        }
    }
    return 0;
}

/* The HTTP head in c->in: 1 answered (upgraded or closed), 0 incomplete, -1 drop. */
static int head(conn_t *c)
{
    unsigned char *end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
    if (end == NULL)
        return c->in_len < BUF ? 0 : -1;
    *end = '\0';
    char *req = (char *)c->in;
    if (strncmp(req, "GET /health ", 12) == 0) {
        static const char body[] = "{\"status\":\"ok\",\"stack\":\"parley-floor\"}";
        char resp[256];
        int n = snprintf(resp, sizeof(resp),
                         "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                         sizeof(body) - 1, body);
        (void)write_all(c->fd, (unsigned char *)resp, (size_t)n);
        return -1;
    }
    char *key = NULL;
    for (char *line = strstr(req, "\r\n"); line != NULL; line = strstr(line + 2, "\r\n"))
        if (strncasecmp(line + 2, "Sec-WebSocket-Key:", 18) == 0) {
            key = line + 20;
            while (*key == ' ')
                key++;
            break;
        }
    if (key == NULL)
        return -1;
    size_t klen = strcspn(key, "\r ");
    key[klen] = '\0';
    char accept[LG_WS_ACCEPT_LEN + 1];
    if (lg_ws_accept_for(key, accept) != 0)
        return -1;
    char resp[256];
    int n = snprintf(resp, sizeof(resp),
                     "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n",
                     accept);
    if (write_all(c->fd, (unsigned char *)resp, (size_t)n) != 0)
        return -1;
    size_t used = (size_t)(end + 4 - c->in);
    memmove(c->in, c->in + used, c->in_len - used);
    c->in_len -= used;
    c->upgraded = 1;
    return 1;
}

/* Echoes every complete frame in c->in with one write; -1: drop the connection. */
static int frames(conn_t *c)
{
    size_t off = 0, out = 0;
    int closing = 0;
    while (!closing) {
        size_t avail = c->in_len - off;
        const unsigned char *p = c->in + off;
        if (avail < 2)
            break;
        unsigned op = p[0] & 0x0f;
        uint64_t len = p[1] & 0x7f;
        size_t hl = 2;
        if (len == 126) {
            if (avail < 4)
                break;
            len = (uint64_t)p[2] << 8 | p[3];
            hl = 4;
        } else if (len == 127) {
            if (avail < 10)
                break;
            len = 0;
            for (int i = 0; i < 8; i++)
                len = len << 8 | p[2 + i];
            hl = 10;
        }
        if (!(p[1] & 0x80) || len > BUF - 14)
            return -1; /* unmasked, or larger than this floor handles */
        if (avail < hl + 4 + len)
            break;
        const unsigned char *mask = p + hl;
        unsigned char *o = c->out + out;
        if (out + 10 + len > sizeof(c->out)) {
            if (write_all(c->fd, c->out, out) != 0)
                return -1;
            out = 0;
            o = c->out;
        }
        unsigned reply = op == 0x9 ? 0xA : op; /* ping -> pong */
        size_t oh = 2;
        o[0] = (unsigned char)(0x80 | reply);
        if (len < 126) {
            o[1] = (unsigned char)len;
        } else if (len < 65536) {
            o[1] = 126;
            o[2] = (unsigned char)(len >> 8);
            o[3] = (unsigned char)len;
            oh = 4;
        } else {
            o[1] = 127;
            for (int i = 0; i < 8; i++)
                o[2 + i] = (unsigned char)(len >> (56 - 8 * i));
            oh = 10;
        }
        const unsigned char *payload = mask + 4;
        for (uint64_t i = 0; i < len; i++)
            o[oh + i] = payload[i] ^ mask[i & 3];
        if (op != 0xA) /* a pong from the client needs nothing */
            out += oh + len;
        off += hl + 4 + len;
        closing = op == 0x8;
    }
    if (out > 0 && write_all(c->fd, c->out, out) != 0)
        return -1;
    memmove(c->in, c->in + off, c->in_len - off);
    c->in_len -= off;
    return closing ? -1 : 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: parley-floor PORT\n");
        return 2;
    }
    int port = atoi(argv[1]);
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(lfd, 4096) != 0) {
        perror("parley-floor: listen");
        return 1;
    }
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
    struct epoll_event evs[MAX_EVENTS];
    for (;;) {
        int n = epoll_wait(ep, evs, MAX_EVENTS, -1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            perror("parley-floor: epoll_wait");
            return 1;
        }
        for (int i = 0; i < n; i++) {
            conn_t *c = evs[i].data.ptr;
            if (c == NULL) {
                int fd;
                while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
                    conn_t *nc = calloc(1, sizeof(*nc));
                    if (nc == NULL) {
                        close(fd);
                        continue;
                    }
                    nc->fd = fd;
                    struct epoll_event cev = {.events = EPOLLIN, .data.ptr = nc};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &cev);
                }
                continue;
            }
            ssize_t k = read(c->fd, c->in + c->in_len, BUF - c->in_len);
            if (k < 0 && (errno == EAGAIN || errno == EINTR))
                continue;
            if (k <= 0) {
                drop(ep, c);
                continue;
            }
            c->in_len += (size_t)k;
            int rv = c->upgraded ? frames(c) : head(c);
            if (rv > 0 && c->in_len > 0)
                rv = frames(c);
            if (rv < 0)
                drop(ep, c);
        }
    }
}
