/* PARLEY-GEN schema audio_client.json -- DO NOT EDIT. Source: schemas/audio_client.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_audio_client.c - descriptor tables and typed wrappers for schemas/audio_client.json.
 */
#include <stddef.h>
#include <stdint.h>

#include "schemas/pl_msg_audio_client.h"

_Static_assert(sizeof(pl_msg_audio_client_start_encoding_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_audio_client_start_encoding_names[2] = {{NULL, 0}, PL_MSG_STR_INIT("pcm_s16le")};

/* audio_client.start */
static const pl_msg_str_t pl_msg_audio_client_start__type_const[1] = {PL_MSG_STR_INIT("start")};
static const pl_msg_type_t pl_msg_audio_client_start__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_audio_client_start__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_audio_client_start__sample_rate_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(24000), .min_text = "24000", .imax = INT64_C(24000), .max_text = "24000", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_type_t pl_msg_audio_client_start__channels_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(1), .max_text = "1", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_type_t pl_msg_audio_client_start__encoding_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_audio_client_start_encoding_names[1], .n_names = 1};
static const pl_msg_type_t pl_msg_audio_client_start__session_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_field_t pl_msg_audio_client_start__fields[5] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_audio_client_start__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("sample_rate"), &pl_msg_audio_client_start__sample_rate_type, offsetof(pl_msg_audio_client_start_t, sample_rate), offsetof(pl_msg_audio_client_start_t, has_sample_rate), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("channels"), &pl_msg_audio_client_start__channels_type, offsetof(pl_msg_audio_client_start_t, channels), offsetof(pl_msg_audio_client_start_t, has_channels), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("encoding"), &pl_msg_audio_client_start__encoding_type, offsetof(pl_msg_audio_client_start_t, encoding), offsetof(pl_msg_audio_client_start_t, has_encoding), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("session_id"), &pl_msg_audio_client_start__session_id_type, offsetof(pl_msg_audio_client_start_t, session_id), offsetof(pl_msg_audio_client_start_t, has_session_id), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_audio_client_start__by_key[5] = {0, 2, 3, 4, 1};
const pl_msg_desc_t pl_msg_audio_client_start_desc = {
    .name = "audio_client.start",
    .size = sizeof(pl_msg_audio_client_start_t),
    .fields = pl_msg_audio_client_start__fields,
    .n_fields = 5,
    .by_key = pl_msg_audio_client_start__by_key,
    .closed = true,
};

/* audio_client.stop */
static const pl_msg_str_t pl_msg_audio_client_stop__type_const[1] = {PL_MSG_STR_INIT("stop")};
static const pl_msg_type_t pl_msg_audio_client_stop__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_audio_client_stop__type_const, .n_names = 1};
static const pl_msg_field_t pl_msg_audio_client_stop__fields[1] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_audio_client_stop__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_audio_client_stop__by_key[1] = {0};
const pl_msg_desc_t pl_msg_audio_client_stop_desc = {
    .name = "audio_client.stop",
    .size = sizeof(pl_msg_audio_client_stop_t),
    .fields = pl_msg_audio_client_stop__fields,
    .n_fields = 1,
    .by_key = pl_msg_audio_client_stop__by_key,
    .closed = true,
};

void pl_msg_audio_client_start_init(pl_msg_audio_client_start_t *msg) { pl_msg_init(&pl_msg_audio_client_start_desc, msg); }

pl_msg_audio_client_start_t *pl_msg_audio_client_start_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_audio_client_start_desc, json, len, err);
}

void pl_msg_audio_client_start_free(pl_msg_audio_client_start_t *msg) { pl_msg_free(msg); }

int pl_msg_audio_client_start_serialize(const pl_msg_audio_client_start_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_audio_client_start_desc, msg, buf, err);
}

void pl_msg_audio_client_stop_init(pl_msg_audio_client_stop_t *msg) { pl_msg_init(&pl_msg_audio_client_stop_desc, msg); }

pl_msg_audio_client_stop_t *pl_msg_audio_client_stop_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_audio_client_stop_desc, json, len, err);
}

void pl_msg_audio_client_stop_free(pl_msg_audio_client_stop_t *msg) { pl_msg_free(msg); }

int pl_msg_audio_client_stop_serialize(const pl_msg_audio_client_stop_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_audio_client_stop_desc, msg, buf, err);
}

static const pl_msg_family_member_t pl_msg_audio_client__members[2] = {
    {PL_MSG_STR_INIT("start"), &pl_msg_audio_client_start_desc, PL_MSG_AUDIO_CLIENT_KIND_START},
    {PL_MSG_STR_INIT("stop"), &pl_msg_audio_client_stop_desc, PL_MSG_AUDIO_CLIENT_KIND_STOP},
};

const pl_msg_family_t pl_msg_audio_client_family = {"audio_client", PL_MSG_STR_INIT("type"), pl_msg_audio_client__members, 2};

int pl_msg_audio_client_parse(const char *json, size_t len, pl_msg_audio_client_t *out, pl_msg_error_t *err)
{
    int kind = 0;
    int rv = pl_msg_family_parse(&pl_msg_audio_client_family, json, len, &kind, &out->u.any, err);
    out->kind = (pl_msg_audio_client_kind_t)kind;
    return rv;
}

void pl_msg_audio_client_free(pl_msg_audio_client_t *msg)
{
    if (msg == NULL)
        return;
    pl_msg_free(msg->u.any);
    msg->u.any = NULL;
    msg->kind = PL_MSG_AUDIO_CLIENT_KIND_UNKNOWN;
}

int pl_msg_audio_client_serialize(const pl_msg_audio_client_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_family_serialize(&pl_msg_audio_client_family, (int)msg->kind, msg->u.any, buf, err);
}

const char *pl_msg_audio_client_kind_name(pl_msg_audio_client_kind_t kind)
{
    const pl_msg_family_member_t *m = pl_msg_family_member(&pl_msg_audio_client_family, (int)kind);
    return m != NULL ? m->value.ptr : NULL;
}

pl_msg_audio_client_kind_t pl_msg_audio_client_kind_from_name(const char *s, size_t len)
{
    const pl_msg_family_member_t *m = pl_msg_family_lookup(&pl_msg_audio_client_family, s, len);
    return m != NULL ? (pl_msg_audio_client_kind_t)m->kind : PL_MSG_AUDIO_CLIENT_KIND_UNKNOWN;
}
