/*
 * parley/msg.h - the message runtime: descriptors and the generic
 * parse / serialize API the generated schema code sits on.
 *
 * Every WebSocket and REST message Parley speaks is declared as JSON Schema
 * in schemas/. tools/schemagen.py turns each schema file <f>.json into
 * gen/schemas/pl_msg_<f>.{h,c}: C structs plus descriptor tables
 * (pl_msg_desc_t). This runtime does all the work from those tables, in the
 * manner of protobuf-c:
 *
 *  - parsing validates while it parses, in one pass of yajl's event parser:
 *    JSON syntax, strict UTF-8 (no overlongs, no surrogates), nesting depth
 *    (PL_MSG_MAX_DEPTH), duplicate keys, types, required fields, enum/const,
 *    ranges, string lengths in code points, formats and array sizes. Any
 *    failure yields a pl_msg_error_t naming the path (`data.message.
 *    citations[2].score`) and the reason;
 *  - a parsed message owns one arena: the struct, its strings, arrays and
 *    nested objects all live in it and pl_msg_free() releases it at once;
 *  - serializing checks the same constraints (the server never emits an
 *    invalid message) and appends compact JSON, fields in schema order, to
 *    a pl_buf_t.
 *
 * Generated typed API, per object def <d> of schema file <f> (see the
 * generated header for the exact members):
 *
 *   pl_msg_<f>_<d>_t            struct: one member per property.
 *                               Optional properties have `bool has_<p>`;
 *                               nullable ones `bool <p>_is_null` (null is
 *                               distinct from absent). A `const` property
 *                               has no member: it is always emitted.
 *   pl_msg_<f>_<d>_desc         its descriptor, for the generic API
 *   pl_msg_<f>_<d>_init(m)      zero it: optionals absent, requireds unset
 *   pl_msg_<f>_<d>_parse(json, len, err)   -> owned message or NULL
 *   pl_msg_<f>_<d>_free(m)      NULL-safe; only for parsed / new messages
 *   pl_msg_<f>_<d>_serialize(m, buf, err)  -> 0 or a negative pl_err
 *
 * and per family file (a file with oneOf + discriminator):
 *
 *   pl_msg_<f>_kind_t           PL_MSG_<F>_KIND_UNKNOWN (0) + one per member
 *   pl_msg_<f>_t                { kind; union { <d> pointers } u; }
 *   pl_msg_<f>_parse(json, len, &out, err)   prescan, dispatch, parse
 *   pl_msg_<f>_free(&out), pl_msg_<f>_serialize(&out, buf, err)
 *   pl_msg_<f>_kind_name(kind), pl_msg_<f>_kind_from_name(s, len)
 *
 * Value mapping: string -> pl_msg_str_t; integer -> int64_t; number ->
 * double; boolean -> bool; enum -> a generated C enum whose value 0 means
 * "unset" and 1..n follow the schema's order (PL_MSG_<F>_<D>_<P>_<VALUE>,
 * name table pl_msg_<f>_<d>_<p>_names[value]); ["string","integer"] ->
 * pl_msg_id_t; object with properties -> nested struct (by value);
 * object without properties -> pl_msg_str_t holding compact raw JSON;
 * array -> struct { size_t n; T *items; }.
 *
 * Building a message to send: init() a struct on the stack, point its
 * strings at the program's own memory, set has_ flags of the optionals you
 * fill, serialize(). A required string left NULL, a required enum left 0,
 * or any value that breaks a constraint fails with PL_ERR_SCHEMA and a path.
 *
 * Memory: parsing allocates through pl_try_* only (the arena and scratch
 * space) and fails cleanly with PL_ERR_NOMEM. yajl 2.1 does not check its
 * own internal allocations, so the yajl handles use an allocator that
 * aborts on failure, like pl_malloc(); those allocations are bounded by the
 * input size.
 *
 * Thread safety: no global state; descriptors are read-only.
 */
#ifndef PARLEY_MSG_H
#define PARLEY_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parley/mem.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Generated code #errors unless it was generated for this exact version. */
#define PL_MSG_RUNTIME_VERSION 1

/* Containers (objects and arrays) nested deeper than this are rejected. */
#define PL_MSG_MAX_DEPTH 64
/* A parsed message's arena may not pass this many bytes (PL_ERR_TOO_LARGE). */
#define PL_MSG_MAX_ARENA_BYTES ((size_t)64 << 20)
/* Sizes of the fixed buffers in pl_msg_error_t (texts are truncated). */
#define PL_MSG_ERR_PATH_MAX 192
#define PL_MSG_ERR_TEXT_MAX 384

/** A string: len bytes of UTF-8 at ptr, followed by a NUL in parsed messages.
 *  ptr == NULL means "not set". Parsed strings may contain NUL bytes when the
 *  JSON had \u0000: trust len, not strlen(). */
typedef struct pl_msg_str {
    const char *ptr;
    size_t len;
} pl_msg_str_t;

/* A static initializer from a string literal. */
#define PL_MSG_STR_INIT(lit) {(lit), sizeof(lit) - 1}
/* A pl_msg_str_t value from a string literal. */
#define PL_MSG_STR(lit) ((pl_msg_str_t){(lit), sizeof(lit) - 1})

/** An identifier that arrives as a JSON string or integer (`["string",
 *  "integer"]`): its text, and whether it was an integer (then ptr holds its
 *  canonical decimal form and it is re-serialized as a number). */
typedef struct pl_msg_id {
    const char *ptr;
    size_t len;
    bool is_int;
} pl_msg_id_t;

/** Layout of every generated array member: n items at items. */
typedef struct pl_msg_array {
    size_t n;
    void *items;
} pl_msg_array_t;

/** Why a parse or serialize failed. path is like `payload.state` or
 *  `data.message.citations[2].score` ("" for the whole document); message
 *  is the full text, `<path>: <reason>` (or just the reason at the root),
 *  e.g. `payload.confidence: expected number, got string`. */
typedef struct pl_msg_error {
    int code;      /* the pl_err_t returned */
    size_t offset; /* byte offset in the input where it was detected (parse) */
    char path[PL_MSG_ERR_PATH_MAX];
    char message[PL_MSG_ERR_TEXT_MAX];
} pl_msg_error_t;

/* --- descriptors (written by the generator; read-only) --- */

typedef enum pl_msg_kind {
    PL_MSG_KIND_OBJECT = 1, /* nested struct, described by .object */
    PL_MSG_KIND_STRING,     /* pl_msg_str_t */
    PL_MSG_KIND_ENUM,       /* C enum (int): 0 unset, i+1 = names[i] */
    PL_MSG_KIND_CONST,      /* string const names[0]: no storage */
    PL_MSG_KIND_BOOL_CONST, /* boolean const bool_value: no storage */
    PL_MSG_KIND_INTEGER,    /* int64_t */
    PL_MSG_KIND_NUMBER,     /* double */
    PL_MSG_KIND_BOOLEAN,    /* bool */
    PL_MSG_KIND_ARRAY,      /* pl_msg_array_t layout, items described by .items */
    PL_MSG_KIND_ID,         /* pl_msg_id_t */
    PL_MSG_KIND_JSON,       /* pl_msg_str_t holding a compact JSON object */
} pl_msg_kind_t;

typedef enum pl_msg_format {
    PL_MSG_FORMAT_NONE = 0,
    PL_MSG_FORMAT_DATE_TIME, /* RFC 3339: YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM) */
    PL_MSG_FORMAT_UUID,      /* 8-4-4-4-12 hex digits */
} pl_msg_format_t;

/* pl_msg_type_t.flags */
#define PL_MSG_TF_MIN 0x01 /* imin/dmin applies */
#define PL_MSG_TF_MAX 0x02 /* imax/dmax applies */

/* "no such member" in pl_msg_field_t offsets */
#define PL_MSG_NO_OFFSET ((size_t)-1)

struct pl_msg_desc;
struct pl_msg_field;

/** The type of a value and its constraints. */
typedef struct pl_msg_type {
    uint8_t kind;   /* pl_msg_kind_t */
    uint8_t format; /* pl_msg_format_t (strings, string ids) */
    uint8_t flags;  /* PL_MSG_TF_* */
    bool bool_value;                  /* BOOL_CONST */
    size_t min_len, max_len;          /* strings: code points; arrays: items */
    int64_t imin, imax;               /* INTEGER, ID (integer form) */
    double dmin, dmax;                /* NUMBER */
    const char *min_text, *max_text;  /* the bounds as the schema writes them */
    const pl_msg_str_t *names;        /* ENUM values / CONST value */
    size_t n_names;
    const struct pl_msg_desc *object; /* OBJECT */
    const struct pl_msg_field *items; /* ARRAY: one item (name unused) */
    size_t item_size;                 /* ARRAY: bytes per item */
} pl_msg_type_t;

/** One property of an object (or the item of an array). Offsets are bytes
 *  from the start of the containing struct (or item). */
typedef struct pl_msg_field {
    pl_msg_str_t name; /* JSON key */
    const pl_msg_type_t *type;
    size_t offset;      /* the value; unused for CONST / BOOL_CONST */
    size_t has_offset;  /* bool has_<p>, or PL_MSG_NO_OFFSET when required */
    size_t null_offset; /* bool <p>_is_null, or PL_MSG_NO_OFFSET */
    bool required;
} pl_msg_field_t;

/** An object type: a generated struct. */
typedef struct pl_msg_desc {
    const char *name; /* "<fileid>.<defname>[.<property>...]" */
    size_t size;      /* sizeof the struct */
    const pl_msg_field_t *fields;
    size_t n_fields;        /* at most 64 */
    const uint16_t *by_key; /* field indexes sorted by (key length, key bytes) */
    bool closed;            /* additionalProperties: false */
} pl_msg_desc_t;

/** One message of a family: the discriminator value it carries. */
typedef struct pl_msg_family_member {
    pl_msg_str_t value;
    const pl_msg_desc_t *desc;
    int kind; /* the generated pl_msg_<f>_kind_t value */
} pl_msg_family_member_t;

/** A family: the messages of one direction of a dialect. */
typedef struct pl_msg_family {
    const char *name;  /* the file id */
    pl_msg_str_t key;  /* the discriminator property, e.g. "mt" */
    const pl_msg_family_member_t *members;
    size_t n_members;
} pl_msg_family_t;

/* --- generic API (the generated functions are thin wrappers) --- */

/** Zeroes a caller-owned struct of type desc: optionals absent, requireds unset. */
void pl_msg_init(const pl_msg_desc_t *desc, void *msg);

/** Parses and validates one JSON document as a desc message. Returns the
 *  message (it owns its arena; free with pl_msg_free()), or NULL with *err
 *  filled when err != NULL: PL_ERR_PARSE (not JSON, empty, truncated,
 *  trailing garbage), PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE (depth
 *  or arena cap), PL_ERR_NOMEM, PL_ERR_INVALID_ARGUMENT (json NULL, len > 0). */
void *pl_msg_parse(const pl_msg_desc_t *desc, const char *json, size_t len,
                   pl_msg_error_t *err);

/** Like pl_msg_parse() but returns the code: 0 with *out set, or one of the
 *  codes listed there with *out NULL. */
int pl_msg_parse_ex(const pl_msg_desc_t *desc, const char *json, size_t len,
                    void **out, pl_msg_error_t *err);

/** Frees a message from pl_msg_parse*() or pl_msg_new() with everything in
 *  its arena. NULL is fine. Never pass an init()ed caller-owned struct. */
void pl_msg_free(void *msg);

/** Allocates a zeroed desc message in its own arena, for building a message
 *  whose strings outlive the caller's buffers. Returns NULL when out of memory. */
void *pl_msg_new(const pl_msg_desc_t *desc);

/** Allocates size zeroed bytes (aligned for any member) in the arena of msg
 *  (from pl_msg_parse*() or pl_msg_new()); they live until pl_msg_free(msg).
 *  Returns NULL when out of memory or past PL_MSG_MAX_ARENA_BYTES. */
void *pl_msg_alloc(void *msg, size_t size);

/** Copies len bytes at s (plus a NUL) into the arena of msg and points *dst
 *  at the copy. Returns 0, PL_ERR_NOMEM or PL_ERR_TOO_LARGE (arena cap). */
int pl_msg_set_str(void *msg, pl_msg_str_t *dst, const char *s, size_t len);

/** Checks msg against desc and appends it as compact JSON (fields in schema
 *  order) to buf. Returns 0, PL_ERR_SCHEMA (a required field unset or a
 *  constraint broken), PL_ERR_UTF8 (a string is not valid UTF-8),
 *  PL_ERR_TOO_LARGE (buf's cap, or nesting deeper than PL_MSG_MAX_DEPTH) or
 *  PL_ERR_NOMEM. On error buf is left as it was. */
int pl_msg_serialize(const pl_msg_desc_t *desc, const void *msg, pl_buf_t *buf);

/** pl_msg_serialize() that also fills *err (when not NULL) with the path. */
int pl_msg_serialize_ex(const pl_msg_desc_t *desc, const void *msg, pl_buf_t *buf,
                        pl_msg_error_t *err);

/** Finds the family member of a document with a cheap prescan of its top
 *  level (stops at the discriminator's value). Returns 0 with *member set,
 *  PL_ERR_SCHEMA (discriminator missing, not a string, or unknown:
 *  `mt: unknown message type "foo"`; top level not an object), PL_ERR_PARSE
 *  (malformed before the discriminator), PL_ERR_UTF8, PL_ERR_TOO_LARGE,
 *  PL_ERR_INVALID_ARGUMENT. The rest of the document is not checked. */
int pl_msg_family_peek(const pl_msg_family_t *fam, const char *json, size_t len,
                       const pl_msg_family_member_t **member, pl_msg_error_t *err);

/** Parses any message of a family: prescan, then a full parse with the
 *  member's descriptor. Returns 0 with *kind and *msg set (free *msg with
 *  pl_msg_free()), or a code of pl_msg_family_peek() / pl_msg_parse() with
 *  *kind 0 and *msg NULL. */
int pl_msg_family_parse(const pl_msg_family_t *fam, const char *json, size_t len,
                        int *kind, void **msg, pl_msg_error_t *err);

/** Serializes a family message of the given kind. Returns the codes of
 *  pl_msg_serialize(), or PL_ERR_INVALID_ARGUMENT for an unknown kind or
 *  NULL msg. */
int pl_msg_family_serialize(const pl_msg_family_t *fam, int kind, const void *msg,
                            pl_buf_t *buf, pl_msg_error_t *err);

/** The member of fam with this kind, or NULL. */
const pl_msg_family_member_t *pl_msg_family_member(const pl_msg_family_t *fam, int kind);

/** The member of fam whose discriminator value is s[0..len), or NULL. */
const pl_msg_family_member_t *pl_msg_family_lookup(const pl_msg_family_t *fam,
                                                   const char *s, size_t len);

/** Index (0-based) of s[0..len) in names[0..n), or -1. */
int pl_msg_enum_lookup(const pl_msg_str_t *names, size_t n, const char *s, size_t len);

/** Number of code points in s[0..len) if it is valid UTF-8 (no overlong
 *  forms, surrogates or values past U+10FFFF), else (size_t)-1. */
size_t pl_msg_utf8_count(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
