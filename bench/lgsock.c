/*
 * lgsock.c - non-blocking connect from a chosen loopback source address.
 */
#include "lgsock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int lg_sock_connect(uint32_t src, const struct sockaddr_in *dst, char *why, size_t whylen)
{
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(why, whylen, "socket: %s", strerror(errno));
        return -1;
    }
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (src != 0) {
        struct sockaddr_in sa;
        memset(&sa, 0, sizeof(sa));
        sa.sin_family = AF_INET;
        sa.sin_addr.s_addr = htonl(src);
        /* Defer the port choice to connect(), so ports are unique per
         * 4-tuple instead of per source address. */
        (void)setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
        if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
            snprintf(why, whylen, "bind %s: %s", inet_ntoa(sa.sin_addr), strerror(errno));
            close(fd);
            return -1;
        }
    }
    if (connect(fd, (const struct sockaddr *)dst, sizeof(*dst)) != 0 && errno != EINPROGRESS) {
        snprintf(why, whylen, "connect: %s", strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

int lg_sock_send_pending(int fd, const uint8_t *p, size_t len, size_t *off, struct event *wev,
                         int *wev_on)
{
    while (*off < len) {
        ssize_t n = send(fd, p + *off, len - *off, MSG_NOSIGNAL);
        if (n > 0) {
            *off += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!*wev_on) {
                event_add(wev, NULL);
                *wev_on = 1;
            }
            return 0;
        }
        return -1;
    }
    if (*wev_on) {
        event_del(wev);
        *wev_on = 0;
    }
    return 0;
}
