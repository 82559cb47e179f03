/*
 * lgsock.h - the load generator's socket set-up, shared by its transport
 * (loadgen.c) and seed 000 (tutor.c) workloads. Private to bench/.
 */
#ifndef PARLEY_BENCH_LGSOCK_H
#define PARLEY_BENCH_LGSOCK_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Opens a non-blocking TCP socket with TCP_NODELAY, binds it to the source
 * address src (host order; 0: no bind) with the port left to connect(), and
 * starts connecting to dst. Returns the descriptor, or -1 with why set
 * (nothing left open).
 */
int lg_sock_connect(uint32_t src, const struct sockaddr_in *dst, char *why, size_t whylen);

struct event;

/**
 * Sends p[*off..len) on the non-blocking socket fd, advancing *off. When
 * the socket is full, adds the write event wev (once: *wev_on); when all is
 * sent, removes it. Returns 0, or -1 with errno set (a send error).
 */
int lg_sock_send_pending(int fd, const uint8_t *p, size_t len, size_t *off, struct event *wev,
                         int *wev_on);

#endif
