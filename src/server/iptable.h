/*
 * iptable.h - open connections counted per client address.
 *
 * An open-addressing hash table (linear probing, backward-shift deletion,
 * so no tombstones) from an IPv4/IPv6 address to a count. Entries vanish
 * when their count drops to zero, so the table holds only addresses with
 * open connections. Private to the server module.
 */
#ifndef PARLEY_SERVER_IPTABLE_H
#define PARLEY_SERVER_IPTABLE_H

#include <stddef.h>
#include <stdint.h>

/* A client address: IPv4 addresses are stored v4-mapped. */
typedef struct pl_ipaddr {
    uint8_t bytes[16];
} pl_ipaddr_t;

typedef struct pl_iptable_entry {
    pl_ipaddr_t addr;
    uint32_t count; /* 0 = empty slot */
} pl_iptable_entry_t;

typedef struct pl_iptable {
    pl_iptable_entry_t *slots;
    size_t cap;  /* power of two */
    size_t used;
} pl_iptable_t;

/** Initialises an empty table (no allocation yet). */
void pl_iptable_init(pl_iptable_t *t);
/** Frees the slots. */
void pl_iptable_free(pl_iptable_t *t);
/** Adds one connection for addr; returns the new count for it. Aborts on OOM. */
uint32_t pl_iptable_inc(pl_iptable_t *t, const pl_ipaddr_t *addr);
/** Removes one connection for addr (no-op if absent); returns the new count. */
uint32_t pl_iptable_dec(pl_iptable_t *t, const pl_ipaddr_t *addr);
/** The count for addr (0 if absent). */
uint32_t pl_iptable_get(const pl_iptable_t *t, const pl_ipaddr_t *addr);

#endif
