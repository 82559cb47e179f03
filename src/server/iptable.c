/*
 * iptable.c - per-address connection counts (see iptable.h).
 */
#include "iptable.h"

#include "parley/mem.h"

#include <string.h>

void pl_iptable_init(pl_iptable_t *t)
{
    t->slots = NULL;
    t->cap = 0;
    t->used = 0;
}

void pl_iptable_free(pl_iptable_t *t)
{
    pl_free(t->slots);
    pl_iptable_init(t);
}

static size_t hash(const pl_ipaddr_t *a)
{
    /* FNV-1a over the 16 bytes: enough spread for a table of addresses. */
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < 16; i++) {
        h ^= a->bytes[i];
        h *= 1099511628211ull;
    }
    return (size_t)(h ^ (h >> 32));
}

static size_t find(const pl_iptable_t *t, const pl_ipaddr_t *a)
{
    size_t mask = t->cap - 1;
    for (size_t i = hash(a) & mask;; i = (i + 1) & mask) {
        if (t->slots[i].count == 0 || memcmp(&t->slots[i].addr, a, sizeof(*a)) == 0)
            return i;
    }
}

static void grow(pl_iptable_t *t)
{
    pl_iptable_entry_t *old = t->slots;
    size_t oldcap = t->cap;
    t->cap = oldcap ? oldcap * 2 : 64;
    t->slots = pl_calloc(t->cap, sizeof(*t->slots));
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].count != 0)
            t->slots[find(t, &old[i].addr)] = old[i];
    pl_free(old);
}

uint32_t pl_iptable_inc(pl_iptable_t *t, const pl_ipaddr_t *addr)
{
    if ((t->used + 1) * 4 > t->cap * 3)
        grow(t);
    size_t i = find(t, addr);
    if (t->slots[i].count == 0) {
        t->slots[i].addr = *addr;
        t->used++;
    }
    return ++t->slots[i].count;
}

uint32_t pl_iptable_get(const pl_iptable_t *t, const pl_ipaddr_t *addr)
{
    if (t->cap == 0)
        return 0;
    return t->slots[find(t, addr)].count;
}

uint32_t pl_iptable_dec(pl_iptable_t *t, const pl_ipaddr_t *addr)
{
    if (t->cap == 0)
        return 0;
    size_t mask = t->cap - 1;
    size_t i = find(t, addr);
    if (t->slots[i].count == 0)
        return 0;
    if (--t->slots[i].count != 0)
        return t->slots[i].count;
    /* Backward-shift deletion keeps every probe chain unbroken. */
    t->used--;
    size_t j = i;
    for (;;) {
        j = (j + 1) & mask;
        if (t->slots[j].count == 0)
            break;
        size_t home = hash(&t->slots[j].addr) & mask;
        /* Move j into the hole at i if its home is not in (i, j]. */
        if ((j > i && (home <= i || home > j)) || (j < i && (home <= i && home > j))) {
            t->slots[i] = t->slots[j];
            i = j;
        }
    }
    t->slots[i].count = 0;
    return 0;
}
