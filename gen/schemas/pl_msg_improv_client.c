/* PARLEY-GEN schema improv_client.json -- DO NOT EDIT. Source: schemas/improv_client.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_improv_client.c - descriptor tables and typed wrappers for schemas/improv_client.json.
 */
#include <stddef.h>
#include <stdint.h>

#include "schemas/pl_msg_improv_client.h"

_Static_assert(sizeof(pl_msg_improv_client_state_change_request_payload_state_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_improv_client_state_change_request_payload_state_names[8] = {{NULL, 0}, PL_MSG_STR_INIT("idle"), PL_MSG_STR_INIT("listening"), PL_MSG_STR_INIT("processing"), PL_MSG_STR_INIT("speaking"), PL_MSG_STR_INIT("waiting_for_user"), PL_MSG_STR_INIT("error"), PL_MSG_STR_INIT("ended")};

/* improv_client.transcript_update */
static const pl_msg_str_t pl_msg_improv_client_transcript_update__type_const[1] = {PL_MSG_STR_INIT("transcript_update")};
static const pl_msg_type_t pl_msg_improv_client_transcript_update__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_improv_client_transcript_update__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_improv_client_transcript_update__conversation_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_improv_client_transcript_update__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_improv_client_transcript_update__payload_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_improv_client_transcript_update_payload_desc};
static const pl_msg_field_t pl_msg_improv_client_transcript_update__fields[4] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_improv_client_transcript_update__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversation_id"), &pl_msg_improv_client_transcript_update__conversation_id_type, offsetof(pl_msg_improv_client_transcript_update_t, conversation_id), offsetof(pl_msg_improv_client_transcript_update_t, has_conversation_id), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_improv_client_transcript_update__timestamp_type, offsetof(pl_msg_improv_client_transcript_update_t, timestamp), offsetof(pl_msg_improv_client_transcript_update_t, has_timestamp), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("payload"), &pl_msg_improv_client_transcript_update__payload_type, offsetof(pl_msg_improv_client_transcript_update_t, payload), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_improv_client_transcript_update__by_key[4] = {0, 3, 2, 1};
const pl_msg_desc_t pl_msg_improv_client_transcript_update_desc = {
    .name = "improv_client.transcript_update",
    .size = sizeof(pl_msg_improv_client_transcript_update_t),
    .fields = pl_msg_improv_client_transcript_update__fields,
    .n_fields = 4,
    .by_key = pl_msg_improv_client_transcript_update__by_key,
    .closed = true,
};

/* improv_client.transcript_update_payload */
static const pl_msg_type_t pl_msg_improv_client_transcript_update_payload__interim_transcript_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 32768};
static const pl_msg_type_t pl_msg_improv_client_transcript_update_payload__final_transcript_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 32768};
static const pl_msg_type_t pl_msg_improv_client_transcript_update_payload__confidence_type = {.kind = PL_MSG_KIND_NUMBER, .max_len = SIZE_MAX, .dmin = 0.0, .min_text = "0", .dmax = 1.0, .max_text = "1", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_improv_client_transcript_update_payload__fields[3] = {
    {PL_MSG_STR_INIT("interim_transcript"), &pl_msg_improv_client_transcript_update_payload__interim_transcript_type, offsetof(pl_msg_improv_client_transcript_update_payload_t, interim_transcript), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("final_transcript"), &pl_msg_improv_client_transcript_update_payload__final_transcript_type, offsetof(pl_msg_improv_client_transcript_update_payload_t, final_transcript), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("confidence"), &pl_msg_improv_client_transcript_update_payload__confidence_type, offsetof(pl_msg_improv_client_transcript_update_payload_t, confidence), offsetof(pl_msg_improv_client_transcript_update_payload_t, has_confidence), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_client_transcript_update_payload__by_key[3] = {2, 1, 0};
const pl_msg_desc_t pl_msg_improv_client_transcript_update_payload_desc = {
    .name = "improv_client.transcript_update_payload",
    .size = sizeof(pl_msg_improv_client_transcript_update_payload_t),
    .fields = pl_msg_improv_client_transcript_update_payload__fields,
    .n_fields = 3,
    .by_key = pl_msg_improv_client_transcript_update_payload__by_key,
    .closed = true,
};

/* improv_client.state_change_request */
static const pl_msg_str_t pl_msg_improv_client_state_change_request__type_const[1] = {PL_MSG_STR_INIT("state_change_request")};
static const pl_msg_type_t pl_msg_improv_client_state_change_request__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_improv_client_state_change_request__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_improv_client_state_change_request__conversation_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_improv_client_state_change_request__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_improv_client_state_change_request__payload_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_improv_client_state_change_request_payload_desc};
static const pl_msg_field_t pl_msg_improv_client_state_change_request__fields[4] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_improv_client_state_change_request__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversation_id"), &pl_msg_improv_client_state_change_request__conversation_id_type, offsetof(pl_msg_improv_client_state_change_request_t, conversation_id), offsetof(pl_msg_improv_client_state_change_request_t, has_conversation_id), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_improv_client_state_change_request__timestamp_type, offsetof(pl_msg_improv_client_state_change_request_t, timestamp), offsetof(pl_msg_improv_client_state_change_request_t, has_timestamp), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("payload"), &pl_msg_improv_client_state_change_request__payload_type, offsetof(pl_msg_improv_client_state_change_request_t, payload), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_improv_client_state_change_request__by_key[4] = {0, 3, 2, 1};
const pl_msg_desc_t pl_msg_improv_client_state_change_request_desc = {
    .name = "improv_client.state_change_request",
    .size = sizeof(pl_msg_improv_client_state_change_request_t),
    .fields = pl_msg_improv_client_state_change_request__fields,
    .n_fields = 4,
    .by_key = pl_msg_improv_client_state_change_request__by_key,
    .closed = true,
};

/* improv_client.state_change_request_payload */
static const pl_msg_type_t pl_msg_improv_client_state_change_request_payload__state_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_improv_client_state_change_request_payload_state_names[1], .n_names = 7};
static const pl_msg_type_t pl_msg_improv_client_state_change_request_payload__metadata_type = {.kind = PL_MSG_KIND_JSON, .max_len = SIZE_MAX};
static const pl_msg_field_t pl_msg_improv_client_state_change_request_payload__fields[2] = {
    {PL_MSG_STR_INIT("state"), &pl_msg_improv_client_state_change_request_payload__state_type, offsetof(pl_msg_improv_client_state_change_request_payload_t, state), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("metadata"), &pl_msg_improv_client_state_change_request_payload__metadata_type, offsetof(pl_msg_improv_client_state_change_request_payload_t, metadata), offsetof(pl_msg_improv_client_state_change_request_payload_t, has_metadata), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_client_state_change_request_payload__by_key[2] = {0, 1};
const pl_msg_desc_t pl_msg_improv_client_state_change_request_payload_desc = {
    .name = "improv_client.state_change_request_payload",
    .size = sizeof(pl_msg_improv_client_state_change_request_payload_t),
    .fields = pl_msg_improv_client_state_change_request_payload__fields,
    .n_fields = 2,
    .by_key = pl_msg_improv_client_state_change_request_payload__by_key,
    .closed = true,
};

/* improv_client.speech_event */
static const pl_msg_str_t pl_msg_improv_client_speech_event__type_const[1] = {PL_MSG_STR_INIT("speech_event")};
static const pl_msg_type_t pl_msg_improv_client_speech_event__type_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_improv_client_speech_event__type_const, .n_names = 1};
static const pl_msg_type_t pl_msg_improv_client_speech_event__conversation_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_improv_client_speech_event__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_improv_client_speech_event__payload_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_improv_client_speech_event_payload_desc};
static const pl_msg_field_t pl_msg_improv_client_speech_event__fields[4] = {
    {PL_MSG_STR_INIT("type"), &pl_msg_improv_client_speech_event__type_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversation_id"), &pl_msg_improv_client_speech_event__conversation_id_type, offsetof(pl_msg_improv_client_speech_event_t, conversation_id), offsetof(pl_msg_improv_client_speech_event_t, has_conversation_id), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_improv_client_speech_event__timestamp_type, offsetof(pl_msg_improv_client_speech_event_t, timestamp), offsetof(pl_msg_improv_client_speech_event_t, has_timestamp), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("payload"), &pl_msg_improv_client_speech_event__payload_type, offsetof(pl_msg_improv_client_speech_event_t, payload), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_improv_client_speech_event__by_key[4] = {0, 3, 2, 1};
const pl_msg_desc_t pl_msg_improv_client_speech_event_desc = {
    .name = "improv_client.speech_event",
    .size = sizeof(pl_msg_improv_client_speech_event_t),
    .fields = pl_msg_improv_client_speech_event__fields,
    .n_fields = 4,
    .by_key = pl_msg_improv_client_speech_event__by_key,
    .closed = true,
};

/* improv_client.speech_event_payload */
static const pl_msg_type_t pl_msg_improv_client_speech_event_payload__event_type_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_common_speech_event_type_names[1], .n_names = 5};
static const pl_msg_type_t pl_msg_improv_client_speech_event_payload__data_type = {.kind = PL_MSG_KIND_JSON, .max_len = SIZE_MAX};
static const pl_msg_field_t pl_msg_improv_client_speech_event_payload__fields[2] = {
    {PL_MSG_STR_INIT("event_type"), &pl_msg_improv_client_speech_event_payload__event_type_type, offsetof(pl_msg_improv_client_speech_event_payload_t, event_type), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("data"), &pl_msg_improv_client_speech_event_payload__data_type, offsetof(pl_msg_improv_client_speech_event_payload_t, data), offsetof(pl_msg_improv_client_speech_event_payload_t, has_data), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_improv_client_speech_event_payload__by_key[2] = {1, 0};
const pl_msg_desc_t pl_msg_improv_client_speech_event_payload_desc = {
    .name = "improv_client.speech_event_payload",
    .size = sizeof(pl_msg_improv_client_speech_event_payload_t),
    .fields = pl_msg_improv_client_speech_event_payload__fields,
    .n_fields = 2,
    .by_key = pl_msg_improv_client_speech_event_payload__by_key,
    .closed = true,
};

void pl_msg_improv_client_transcript_update_init(pl_msg_improv_client_transcript_update_t *msg) { pl_msg_init(&pl_msg_improv_client_transcript_update_desc, msg); }

pl_msg_improv_client_transcript_update_t *pl_msg_improv_client_transcript_update_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_client_transcript_update_desc, json, len, err);
}

void pl_msg_improv_client_transcript_update_free(pl_msg_improv_client_transcript_update_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_client_transcript_update_serialize(const pl_msg_improv_client_transcript_update_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_client_transcript_update_desc, msg, buf, err);
}

void pl_msg_improv_client_transcript_update_payload_init(pl_msg_improv_client_transcript_update_payload_t *msg) { pl_msg_init(&pl_msg_improv_client_transcript_update_payload_desc, msg); }

pl_msg_improv_client_transcript_update_payload_t *pl_msg_improv_client_transcript_update_payload_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_client_transcript_update_payload_desc, json, len, err);
}

void pl_msg_improv_client_transcript_update_payload_free(pl_msg_improv_client_transcript_update_payload_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_client_transcript_update_payload_serialize(const pl_msg_improv_client_transcript_update_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_client_transcript_update_payload_desc, msg, buf, err);
}

void pl_msg_improv_client_state_change_request_init(pl_msg_improv_client_state_change_request_t *msg) { pl_msg_init(&pl_msg_improv_client_state_change_request_desc, msg); }

pl_msg_improv_client_state_change_request_t *pl_msg_improv_client_state_change_request_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_client_state_change_request_desc, json, len, err);
}

void pl_msg_improv_client_state_change_request_free(pl_msg_improv_client_state_change_request_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_client_state_change_request_serialize(const pl_msg_improv_client_state_change_request_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_client_state_change_request_desc, msg, buf, err);
}

void pl_msg_improv_client_state_change_request_payload_init(pl_msg_improv_client_state_change_request_payload_t *msg) { pl_msg_init(&pl_msg_improv_client_state_change_request_payload_desc, msg); }

pl_msg_improv_client_state_change_request_payload_t *pl_msg_improv_client_state_change_request_payload_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_client_state_change_request_payload_desc, json, len, err);
}

void pl_msg_improv_client_state_change_request_payload_free(pl_msg_improv_client_state_change_request_payload_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_client_state_change_request_payload_serialize(const pl_msg_improv_client_state_change_request_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_client_state_change_request_payload_desc, msg, buf, err);
}

void pl_msg_improv_client_speech_event_init(pl_msg_improv_client_speech_event_t *msg) { pl_msg_init(&pl_msg_improv_client_speech_event_desc, msg); }

pl_msg_improv_client_speech_event_t *pl_msg_improv_client_speech_event_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_client_speech_event_desc, json, len, err);
}

void pl_msg_improv_client_speech_event_free(pl_msg_improv_client_speech_event_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_client_speech_event_serialize(const pl_msg_improv_client_speech_event_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_client_speech_event_desc, msg, buf, err);
}

void pl_msg_improv_client_speech_event_payload_init(pl_msg_improv_client_speech_event_payload_t *msg) { pl_msg_init(&pl_msg_improv_client_speech_event_payload_desc, msg); }

pl_msg_improv_client_speech_event_payload_t *pl_msg_improv_client_speech_event_payload_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_improv_client_speech_event_payload_desc, json, len, err);
}

void pl_msg_improv_client_speech_event_payload_free(pl_msg_improv_client_speech_event_payload_t *msg) { pl_msg_free(msg); }

int pl_msg_improv_client_speech_event_payload_serialize(const pl_msg_improv_client_speech_event_payload_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_improv_client_speech_event_payload_desc, msg, buf, err);
}

static const pl_msg_family_member_t pl_msg_improv_client__members[3] = {
    {PL_MSG_STR_INIT("transcript_update"), &pl_msg_improv_client_transcript_update_desc, PL_MSG_IMPROV_CLIENT_KIND_TRANSCRIPT_UPDATE},
    {PL_MSG_STR_INIT("state_change_request"), &pl_msg_improv_client_state_change_request_desc, PL_MSG_IMPROV_CLIENT_KIND_STATE_CHANGE_REQUEST},
    {PL_MSG_STR_INIT("speech_event"), &pl_msg_improv_client_speech_event_desc, PL_MSG_IMPROV_CLIENT_KIND_SPEECH_EVENT},
};

const pl_msg_family_t pl_msg_improv_client_family = {"improv_client", PL_MSG_STR_INIT("type"), pl_msg_improv_client__members, 3};

int pl_msg_improv_client_parse(const char *json, size_t len, pl_msg_improv_client_t *out, pl_msg_error_t *err)
{
    int kind = 0;
    int rv = pl_msg_family_parse(&pl_msg_improv_client_family, json, len, &kind, &out->u.any, err);
    out->kind = (pl_msg_improv_client_kind_t)kind;
    return rv;
}

void pl_msg_improv_client_free(pl_msg_improv_client_t *msg)
{
    if (msg == NULL)
        return;
    pl_msg_free(msg->u.any);
    msg->u.any = NULL;
    msg->kind = PL_MSG_IMPROV_CLIENT_KIND_UNKNOWN;
}

int pl_msg_improv_client_serialize(const pl_msg_improv_client_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_family_serialize(&pl_msg_improv_client_family, (int)msg->kind, msg->u.any, buf, err);
}

const char *pl_msg_improv_client_kind_name(pl_msg_improv_client_kind_t kind)
{
    const pl_msg_family_member_t *m = pl_msg_family_member(&pl_msg_improv_client_family, (int)kind);
    return m != NULL ? m->value.ptr : NULL;
}

pl_msg_improv_client_kind_t pl_msg_improv_client_kind_from_name(const char *s, size_t len)
{
    const pl_msg_family_member_t *m = pl_msg_family_lookup(&pl_msg_improv_client_family, s, len);
    return m != NULL ? (pl_msg_improv_client_kind_t)m->kind : PL_MSG_IMPROV_CLIENT_KIND_UNKNOWN;
}
