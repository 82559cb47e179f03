/*
 * msg_int.h - private pieces of the message runtime shared by its files:
 * the arena, value checks used by both the parser and the serializer,
 * number conversion, error formatting and yajl's allocator.
 */
#ifndef PARLEY_MSG_INT_H
#define PARLEY_MSG_INT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <yajl/yajl_common.h>

#include "parley/msg.h"

/* --- arena --- */

/* The first chunk is sized from the input; later chunks double up to this. */
#define MSG_ARENA_MIN_CHUNK ((size_t)1024)
#define MSG_ARENA_MAX_CHUNK ((size_t)1 << 20)
#define MSG_ALIGN ((size_t)_Alignof(max_align_t))

typedef struct msg_chunk {
    struct msg_chunk *next;
    size_t size; /* usable bytes after the header */
    size_t used;
} msg_chunk_t;

typedef struct msg_arena {
    msg_chunk_t *head; /* the chunk allocations come from; older ones follow */
    size_t total;      /* bytes taken from the allocator */
    size_t next_size;  /* size of the next chunk */
    int err;           /* PL_ERR_NOMEM or PL_ERR_TOO_LARGE after a failure */
} msg_arena_t;

/* Creates a message of desc whose arena's first chunk has room for extra
 * more bytes. Returns the zeroed struct, or NULL (out of memory). */
void *msg_arena_new_message(const pl_msg_desc_t *desc, size_t extra);
/* The arena of a message from msg_arena_new_message(). */
msg_arena_t *msg_arena_of(void *msg);
/* size bytes aligned to align (a power of two <= MSG_ALIGN); NULL sets a->err. */
void *msg_arena_alloc(msg_arena_t *a, size_t size, size_t align);
/* Grows the block old (old_size bytes) to new_size bytes: in place when it is
 * the last allocation and fits, else by copying. NULL sets a->err. */
void *msg_arena_grow(msg_arena_t *a, void *old, size_t old_size, size_t new_size, size_t align);
/* A NUL-terminated copy of s[0..len) in the arena; NULL sets a->err. */
char *msg_arena_strdup(msg_arena_t *a, const char *s, size_t len);

/* --- yajl allocator (yajl cannot survive allocation failure) --- */

extern yajl_alloc_funcs msg_yajl_alloc;

/* --- checks shared by parse and serialize --- */

/* Why a check failed: the reason text after "<path>: ". */
typedef struct msg_why {
    char text[PL_MSG_ERR_TEXT_MAX];
} msg_why_t;

/* Fills why (if not NULL) printf-style; returns code. */
int msg_why(msg_why_t *why, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Checks a string value against a STRING / ID (string form) type: UTF-8,
 * length in code points, format. Returns 0, PL_ERR_UTF8 or PL_ERR_SCHEMA. */
int msg_check_string(const pl_msg_type_t *t, const char *s, size_t len, msg_why_t *why);
/* Checks an integer against imin/imax. Returns 0 or PL_ERR_SCHEMA. */
int msg_check_int(const pl_msg_type_t *t, int64_t v, msg_why_t *why);
/* Checks a number: finite and within dmin/dmax. Returns 0 or PL_ERR_SCHEMA. */
int msg_check_number(const pl_msg_type_t *t, double v, msg_why_t *why);
/* Checks an array's item count. Returns 0 or PL_ERR_SCHEMA. */
int msg_check_items(const pl_msg_type_t *t, size_t n, msg_why_t *why);
/* The "expected one of a, b, c" reason of an enum type. Returns PL_ERR_SCHEMA. */
int msg_why_enum(const pl_msg_type_t *t, msg_why_t *why);
/* The JSON type names the type accepts: "string", "string or integer or null". */
const char *msg_expected(const pl_msg_type_t *t, bool nullable, char *buf, size_t cap);

/* Converts JSON number text to int64 exactly. Returns 0, 1 (not integral)
 * or 2 (outside int64). */
int msg_json_to_int64(const char *s, size_t len, int64_t *out);
/* Converts JSON number text to double. Returns 0, or 2 when it overflows. */
int msg_json_to_double(const char *s, size_t len, double *out);
/* Writes the shortest text that reads back as v (finite) into buf. Returns its length. */
size_t msg_format_double(double v, char *buf, size_t cap);
/* Appends s to buf as a JSON string literal. Returns pl_buf_append's codes. */
int msg_json_escape(pl_buf_t *buf, const char *s, size_t len);
/* Copies s[0..len) into dst (cap bytes) for display: control bytes become
 * '?', long texts end in "...". Returns the length written. */
size_t msg_display(char *dst, size_t cap, const char *s, size_t len);

/* Writes "<path>: <why>" (or just why when path is "") into dst, truncated. */
void msg_join(char *dst, size_t cap, const char *path, const char *why);
/* Fills err (if not NULL): code, offset, path, and message "<path>: <why>". */
void msg_set_error(pl_msg_error_t *err, int code, size_t offset, const char *path,
                   const char *why);

/* --- raw JSON validation (free-form fields, on serialize) --- */

/* Checks that raw[0..len) is one JSON object obeying the parse rules, with
 * depth containers already open around it, and stores its compact form in
 * *out (pl_try_malloc'd; caller frees). Returns 0, or a parse code with the
 * reason in *why and the path inside raw (maybe "") in path[PL_MSG_ERR_PATH_MAX]. */
int msg_raw_normalize(const char *raw, size_t len, int depth, char **out, size_t *out_len,
                      msg_why_t *why, char *path);

#endif
