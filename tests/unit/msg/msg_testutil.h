/*
 * msg_testutil.h - helpers shared by the msg tests: reading files, finding
 * descriptors by name in the generated registries, and comparing two JSON
 * texts as values (key order and whitespace ignored).
 */
#ifndef PL_MSG_TESTUTIL_H
#define PL_MSG_TESTUTIL_H

#include <stddef.h>

#include "parley/msg.h"

/** Reads a whole file (NUL-terminated, pl_free() it); NULL if unreadable. */
char *mt_read_file(const char *path, size_t *len);

/** The descriptor "<fileid>.<def>" from the real or the test registry, or NULL. */
const pl_msg_desc_t *mt_find_desc(const char *fileid, const char *def);

/** The family <fileid> from the real or the test registry, or NULL. */
const pl_msg_family_t *mt_find_family(const char *fileid);

/** Every family of both registries, NULL-terminated (static). */
const pl_msg_family_t *const *mt_all_families(size_t *n);
/** Every top-level descriptor of both registries (static). */
const pl_msg_desc_t *const *mt_all_descs(size_t *n);

/** 1 when a and b are the same JSON value (objects compared as key sets,
 *  numbers numerically), else 0 with the first difference in why. */
int mt_json_equal(const char *a, size_t alen, const char *b, size_t blen, char *why, size_t cap);

#endif
