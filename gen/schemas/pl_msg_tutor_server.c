/* PARLEY-GEN schema tutor_server.json -- DO NOT EDIT. Source: schemas/tutor_server.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_tutor_server.c - descriptor tables and typed wrappers for schemas/tutor_server.json.
 */
#include <stddef.h>
#include <stdint.h>

#include "schemas/pl_msg_tutor_server.h"

/* tutor_server.connected */
static const pl_msg_str_t pl_msg_tutor_server_connected__mt_const[1] = {PL_MSG_STR_INIT("connected")};
static const pl_msg_type_t pl_msg_tutor_server_connected__mt_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_tutor_server_connected__mt_const, .n_names = 1};
static const pl_msg_type_t pl_msg_tutor_server_connected__conversationId_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_tutor_server_connected__message_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 1024};
static const pl_msg_type_t pl_msg_tutor_server_connected__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_tutor_server_connected__recovered_type = {.kind = PL_MSG_KIND_BOOLEAN, .max_len = SIZE_MAX};
static const pl_msg_type_t pl_msg_tutor_server_connected__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_tutor_server_connected__fields[6] = {
    {PL_MSG_STR_INIT("mt"), &pl_msg_tutor_server_connected__mt_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversationId"), &pl_msg_tutor_server_connected__conversationId_type, offsetof(pl_msg_tutor_server_connected_t, conversationId), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("message"), &pl_msg_tutor_server_connected__message_type, offsetof(pl_msg_tutor_server_connected_t, message), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_tutor_server_connected__timestamp_type, offsetof(pl_msg_tutor_server_connected_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("recovered"), &pl_msg_tutor_server_connected__recovered_type, offsetof(pl_msg_tutor_server_connected_t, recovered), offsetof(pl_msg_tutor_server_connected_t, has_recovered), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("seq"), &pl_msg_tutor_server_connected__seq_type, offsetof(pl_msg_tutor_server_connected_t, seq), offsetof(pl_msg_tutor_server_connected_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_tutor_server_connected__by_key[6] = {0, 5, 2, 4, 3, 1};
const pl_msg_desc_t pl_msg_tutor_server_connected_desc = {
    .name = "tutor_server.connected",
    .size = sizeof(pl_msg_tutor_server_connected_t),
    .fields = pl_msg_tutor_server_connected__fields,
    .n_fields = 6,
    .by_key = pl_msg_tutor_server_connected__by_key,
    .closed = true,
};

/* tutor_server.user_message_received */
static const pl_msg_str_t pl_msg_tutor_server_user_message_received__mt_const[1] = {PL_MSG_STR_INIT("user_message_received")};
static const pl_msg_type_t pl_msg_tutor_server_user_message_received__mt_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_tutor_server_user_message_received__mt_const, .n_names = 1};
static const pl_msg_type_t pl_msg_tutor_server_user_message_received__conversationId_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_tutor_server_user_message_received__message_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 32768};
static const pl_msg_type_t pl_msg_tutor_server_user_message_received__userId_type = {.kind = PL_MSG_KIND_ID, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_tutor_server_user_message_received__token_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_tutor_server_user_message_received__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_tutor_server_user_message_received__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_tutor_server_user_message_received__fields[7] = {
    {PL_MSG_STR_INIT("mt"), &pl_msg_tutor_server_user_message_received__mt_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversationId"), &pl_msg_tutor_server_user_message_received__conversationId_type, offsetof(pl_msg_tutor_server_user_message_received_t, conversationId), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("message"), &pl_msg_tutor_server_user_message_received__message_type, offsetof(pl_msg_tutor_server_user_message_received_t, message), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("userId"), &pl_msg_tutor_server_user_message_received__userId_type, offsetof(pl_msg_tutor_server_user_message_received_t, userId), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("token"), &pl_msg_tutor_server_user_message_received__token_type, offsetof(pl_msg_tutor_server_user_message_received_t, token), offsetof(pl_msg_tutor_server_user_message_received_t, has_token), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_tutor_server_user_message_received__timestamp_type, offsetof(pl_msg_tutor_server_user_message_received_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_tutor_server_user_message_received__seq_type, offsetof(pl_msg_tutor_server_user_message_received_t, seq), offsetof(pl_msg_tutor_server_user_message_received_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_tutor_server_user_message_received__by_key[7] = {0, 6, 4, 3, 2, 5, 1};
const pl_msg_desc_t pl_msg_tutor_server_user_message_received_desc = {
    .name = "tutor_server.user_message_received",
    .size = sizeof(pl_msg_tutor_server_user_message_received_t),
    .fields = pl_msg_tutor_server_user_message_received__fields,
    .n_fields = 7,
    .by_key = pl_msg_tutor_server_user_message_received__by_key,
    .closed = true,
};

/* tutor_server.typing_indicator */
static const pl_msg_str_t pl_msg_tutor_server_typing_indicator__mt_const[1] = {PL_MSG_STR_INIT("typing_indicator")};
static const pl_msg_type_t pl_msg_tutor_server_typing_indicator__mt_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_tutor_server_typing_indicator__mt_const, .n_names = 1};
static const pl_msg_type_t pl_msg_tutor_server_typing_indicator__conversationId_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_tutor_server_typing_indicator__isBot_type = {.kind = PL_MSG_KIND_BOOLEAN, .max_len = SIZE_MAX};
static const pl_msg_type_t pl_msg_tutor_server_typing_indicator__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_tutor_server_typing_indicator__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_tutor_server_typing_indicator__fields[5] = {
    {PL_MSG_STR_INIT("mt"), &pl_msg_tutor_server_typing_indicator__mt_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversationId"), &pl_msg_tutor_server_typing_indicator__conversationId_type, offsetof(pl_msg_tutor_server_typing_indicator_t, conversationId), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("isBot"), &pl_msg_tutor_server_typing_indicator__isBot_type, offsetof(pl_msg_tutor_server_typing_indicator_t, isBot), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_tutor_server_typing_indicator__timestamp_type, offsetof(pl_msg_tutor_server_typing_indicator_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_tutor_server_typing_indicator__seq_type, offsetof(pl_msg_tutor_server_typing_indicator_t, seq), offsetof(pl_msg_tutor_server_typing_indicator_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_tutor_server_typing_indicator__by_key[5] = {0, 4, 2, 3, 1};
const pl_msg_desc_t pl_msg_tutor_server_typing_indicator_desc = {
    .name = "tutor_server.typing_indicator",
    .size = sizeof(pl_msg_tutor_server_typing_indicator_t),
    .fields = pl_msg_tutor_server_typing_indicator__fields,
    .n_fields = 5,
    .by_key = pl_msg_tutor_server_typing_indicator__by_key,
    .closed = true,
};

/* tutor_server.stop_typing_indicator */
static const pl_msg_str_t pl_msg_tutor_server_stop_typing_indicator__mt_const[1] = {PL_MSG_STR_INIT("stop_typing_indicator")};
static const pl_msg_type_t pl_msg_tutor_server_stop_typing_indicator__mt_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_tutor_server_stop_typing_indicator__mt_const, .n_names = 1};
static const pl_msg_type_t pl_msg_tutor_server_stop_typing_indicator__conversationId_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_tutor_server_stop_typing_indicator__isBot_type = {.kind = PL_MSG_KIND_BOOLEAN, .max_len = SIZE_MAX};
static const pl_msg_type_t pl_msg_tutor_server_stop_typing_indicator__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_tutor_server_stop_typing_indicator__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_tutor_server_stop_typing_indicator__fields[5] = {
    {PL_MSG_STR_INIT("mt"), &pl_msg_tutor_server_stop_typing_indicator__mt_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversationId"), &pl_msg_tutor_server_stop_typing_indicator__conversationId_type, offsetof(pl_msg_tutor_server_stop_typing_indicator_t, conversationId), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("isBot"), &pl_msg_tutor_server_stop_typing_indicator__isBot_type, offsetof(pl_msg_tutor_server_stop_typing_indicator_t, isBot), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_tutor_server_stop_typing_indicator__timestamp_type, offsetof(pl_msg_tutor_server_stop_typing_indicator_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_tutor_server_stop_typing_indicator__seq_type, offsetof(pl_msg_tutor_server_stop_typing_indicator_t, seq), offsetof(pl_msg_tutor_server_stop_typing_indicator_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_tutor_server_stop_typing_indicator__by_key[5] = {0, 4, 2, 3, 1};
const pl_msg_desc_t pl_msg_tutor_server_stop_typing_indicator_desc = {
    .name = "tutor_server.stop_typing_indicator",
    .size = sizeof(pl_msg_tutor_server_stop_typing_indicator_t),
    .fields = pl_msg_tutor_server_stop_typing_indicator__fields,
    .n_fields = 5,
    .by_key = pl_msg_tutor_server_stop_typing_indicator__by_key,
    .closed = true,
};

/* tutor_server.stream_start */
static const pl_msg_str_t pl_msg_tutor_server_stream_start__mt_const[1] = {PL_MSG_STR_INIT("stream_start")};
static const pl_msg_type_t pl_msg_tutor_server_stream_start__mt_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_tutor_server_stream_start__mt_const, .n_names = 1};
static const pl_msg_type_t pl_msg_tutor_server_stream_start__conversationId_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_tutor_server_stream_start__messageId_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_tutor_server_stream_start__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_tutor_server_stream_start__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_tutor_server_stream_start__fields[5] = {
    {PL_MSG_STR_INIT("mt"), &pl_msg_tutor_server_stream_start__mt_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversationId"), &pl_msg_tutor_server_stream_start__conversationId_type, offsetof(pl_msg_tutor_server_stream_start_t, conversationId), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("messageId"), &pl_msg_tutor_server_stream_start__messageId_type, offsetof(pl_msg_tutor_server_stream_start_t, messageId), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_tutor_server_stream_start__timestamp_type, offsetof(pl_msg_tutor_server_stream_start_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_tutor_server_stream_start__seq_type, offsetof(pl_msg_tutor_server_stream_start_t, seq), offsetof(pl_msg_tutor_server_stream_start_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_tutor_server_stream_start__by_key[5] = {0, 4, 2, 3, 1};
const pl_msg_desc_t pl_msg_tutor_server_stream_start_desc = {
    .name = "tutor_server.stream_start",
    .size = sizeof(pl_msg_tutor_server_stream_start_t),
    .fields = pl_msg_tutor_server_stream_start__fields,
    .n_fields = 5,
    .by_key = pl_msg_tutor_server_stream_start__by_key,
    .closed = true,
};

/* tutor_server.stream_chunk */
static const pl_msg_str_t pl_msg_tutor_server_stream_chunk__mt_const[1] = {PL_MSG_STR_INIT("stream_chunk")};
static const pl_msg_type_t pl_msg_tutor_server_stream_chunk__mt_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_tutor_server_stream_chunk__mt_const, .n_names = 1};
static const pl_msg_type_t pl_msg_tutor_server_stream_chunk__conversationId_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_tutor_server_stream_chunk__messageId_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_tutor_server_stream_chunk__chunk_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 65536};
static const pl_msg_type_t pl_msg_tutor_server_stream_chunk__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_tutor_server_stream_chunk__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_tutor_server_stream_chunk__fields[6] = {
    {PL_MSG_STR_INIT("mt"), &pl_msg_tutor_server_stream_chunk__mt_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversationId"), &pl_msg_tutor_server_stream_chunk__conversationId_type, offsetof(pl_msg_tutor_server_stream_chunk_t, conversationId), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("messageId"), &pl_msg_tutor_server_stream_chunk__messageId_type, offsetof(pl_msg_tutor_server_stream_chunk_t, messageId), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("chunk"), &pl_msg_tutor_server_stream_chunk__chunk_type, offsetof(pl_msg_tutor_server_stream_chunk_t, chunk), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_tutor_server_stream_chunk__timestamp_type, offsetof(pl_msg_tutor_server_stream_chunk_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_tutor_server_stream_chunk__seq_type, offsetof(pl_msg_tutor_server_stream_chunk_t, seq), offsetof(pl_msg_tutor_server_stream_chunk_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_tutor_server_stream_chunk__by_key[6] = {0, 5, 3, 2, 4, 1};
const pl_msg_desc_t pl_msg_tutor_server_stream_chunk_desc = {
    .name = "tutor_server.stream_chunk",
    .size = sizeof(pl_msg_tutor_server_stream_chunk_t),
    .fields = pl_msg_tutor_server_stream_chunk__fields,
    .n_fields = 6,
    .by_key = pl_msg_tutor_server_stream_chunk__by_key,
    .closed = true,
};

/* tutor_server.stream_end */
static const pl_msg_str_t pl_msg_tutor_server_stream_end__mt_const[1] = {PL_MSG_STR_INIT("stream_end")};
static const pl_msg_type_t pl_msg_tutor_server_stream_end__mt_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_tutor_server_stream_end__mt_const, .n_names = 1};
static const pl_msg_type_t pl_msg_tutor_server_stream_end__conversationId_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_tutor_server_stream_end__messageId_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_tutor_server_stream_end__fullText_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 65536};
static const pl_msg_type_t pl_msg_tutor_server_stream_end__isFinal_type = {.kind = PL_MSG_KIND_BOOLEAN, .max_len = SIZE_MAX};
static const pl_msg_type_t pl_msg_tutor_server_stream_end__stopped_type = {.kind = PL_MSG_KIND_BOOLEAN, .max_len = SIZE_MAX};
static const pl_msg_type_t pl_msg_tutor_server_stream_end__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_tutor_server_stream_end__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_tutor_server_stream_end__fields[8] = {
    {PL_MSG_STR_INIT("mt"), &pl_msg_tutor_server_stream_end__mt_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversationId"), &pl_msg_tutor_server_stream_end__conversationId_type, offsetof(pl_msg_tutor_server_stream_end_t, conversationId), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("messageId"), &pl_msg_tutor_server_stream_end__messageId_type, offsetof(pl_msg_tutor_server_stream_end_t, messageId), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("fullText"), &pl_msg_tutor_server_stream_end__fullText_type, offsetof(pl_msg_tutor_server_stream_end_t, fullText), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("isFinal"), &pl_msg_tutor_server_stream_end__isFinal_type, offsetof(pl_msg_tutor_server_stream_end_t, isFinal), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("stopped"), &pl_msg_tutor_server_stream_end__stopped_type, offsetof(pl_msg_tutor_server_stream_end_t, stopped), offsetof(pl_msg_tutor_server_stream_end_t, has_stopped), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_tutor_server_stream_end__timestamp_type, offsetof(pl_msg_tutor_server_stream_end_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_tutor_server_stream_end__seq_type, offsetof(pl_msg_tutor_server_stream_end_t, seq), offsetof(pl_msg_tutor_server_stream_end_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_tutor_server_stream_end__by_key[8] = {0, 7, 4, 5, 3, 2, 6, 1};
const pl_msg_desc_t pl_msg_tutor_server_stream_end_desc = {
    .name = "tutor_server.stream_end",
    .size = sizeof(pl_msg_tutor_server_stream_end_t),
    .fields = pl_msg_tutor_server_stream_end__fields,
    .n_fields = 8,
    .by_key = pl_msg_tutor_server_stream_end__by_key,
    .closed = true,
};

/* tutor_server.error */
static const pl_msg_str_t pl_msg_tutor_server_error__mt_const[1] = {PL_MSG_STR_INIT("error")};
static const pl_msg_type_t pl_msg_tutor_server_error__mt_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_tutor_server_error__mt_const, .n_names = 1};
static const pl_msg_type_t pl_msg_tutor_server_error__conversationId_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_tutor_server_error__error_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 1024};
static const pl_msg_type_t pl_msg_tutor_server_error__code_type = {.kind = PL_MSG_KIND_ENUM, .max_len = SIZE_MAX, .names = &pl_msg_common_error_code_names[1], .n_names = 13};
static const pl_msg_type_t pl_msg_tutor_server_error__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_tutor_server_error__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_tutor_server_error__fields[6] = {
    {PL_MSG_STR_INIT("mt"), &pl_msg_tutor_server_error__mt_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversationId"), &pl_msg_tutor_server_error__conversationId_type, offsetof(pl_msg_tutor_server_error_t, conversationId), offsetof(pl_msg_tutor_server_error_t, has_conversationId), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("error"), &pl_msg_tutor_server_error__error_type, offsetof(pl_msg_tutor_server_error_t, error), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("code"), &pl_msg_tutor_server_error__code_type, offsetof(pl_msg_tutor_server_error_t, code), offsetof(pl_msg_tutor_server_error_t, has_code), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_tutor_server_error__timestamp_type, offsetof(pl_msg_tutor_server_error_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_tutor_server_error__seq_type, offsetof(pl_msg_tutor_server_error_t, seq), offsetof(pl_msg_tutor_server_error_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_tutor_server_error__by_key[6] = {0, 5, 3, 2, 4, 1};
const pl_msg_desc_t pl_msg_tutor_server_error_desc = {
    .name = "tutor_server.error",
    .size = sizeof(pl_msg_tutor_server_error_t),
    .fields = pl_msg_tutor_server_error__fields,
    .n_fields = 6,
    .by_key = pl_msg_tutor_server_error__by_key,
    .closed = true,
};

/* tutor_server.title_updated */
static const pl_msg_str_t pl_msg_tutor_server_title_updated__mt_const[1] = {PL_MSG_STR_INIT("title_updated")};
static const pl_msg_type_t pl_msg_tutor_server_title_updated__mt_type = {.kind = PL_MSG_KIND_CONST, .max_len = SIZE_MAX, .names = pl_msg_tutor_server_title_updated__mt_const, .n_names = 1};
static const pl_msg_type_t pl_msg_tutor_server_title_updated__conversationId_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_tutor_server_title_updated__title_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 256};
static const pl_msg_type_t pl_msg_tutor_server_title_updated__timestamp_type = {.kind = PL_MSG_KIND_STRING, .min_len = 0, .max_len = 64, .format = PL_MSG_FORMAT_DATE_TIME};
static const pl_msg_type_t pl_msg_tutor_server_title_updated__seq_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(9007199254740991), .max_text = "9007199254740991", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_tutor_server_title_updated__fields[5] = {
    {PL_MSG_STR_INIT("mt"), &pl_msg_tutor_server_title_updated__mt_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("conversationId"), &pl_msg_tutor_server_title_updated__conversationId_type, offsetof(pl_msg_tutor_server_title_updated_t, conversationId), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("title"), &pl_msg_tutor_server_title_updated__title_type, offsetof(pl_msg_tutor_server_title_updated_t, title), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("timestamp"), &pl_msg_tutor_server_title_updated__timestamp_type, offsetof(pl_msg_tutor_server_title_updated_t, timestamp), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("seq"), &pl_msg_tutor_server_title_updated__seq_type, offsetof(pl_msg_tutor_server_title_updated_t, seq), offsetof(pl_msg_tutor_server_title_updated_t, has_seq), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_tutor_server_title_updated__by_key[5] = {0, 4, 2, 3, 1};
const pl_msg_desc_t pl_msg_tutor_server_title_updated_desc = {
    .name = "tutor_server.title_updated",
    .size = sizeof(pl_msg_tutor_server_title_updated_t),
    .fields = pl_msg_tutor_server_title_updated__fields,
    .n_fields = 5,
    .by_key = pl_msg_tutor_server_title_updated__by_key,
    .closed = true,
};

void pl_msg_tutor_server_connected_init(pl_msg_tutor_server_connected_t *msg) { pl_msg_init(&pl_msg_tutor_server_connected_desc, msg); }

pl_msg_tutor_server_connected_t *pl_msg_tutor_server_connected_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_tutor_server_connected_desc, json, len, err);
}

void pl_msg_tutor_server_connected_free(pl_msg_tutor_server_connected_t *msg) { pl_msg_free(msg); }

int pl_msg_tutor_server_connected_serialize(const pl_msg_tutor_server_connected_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_tutor_server_connected_desc, msg, buf, err);
}

void pl_msg_tutor_server_user_message_received_init(pl_msg_tutor_server_user_message_received_t *msg) { pl_msg_init(&pl_msg_tutor_server_user_message_received_desc, msg); }

pl_msg_tutor_server_user_message_received_t *pl_msg_tutor_server_user_message_received_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_tutor_server_user_message_received_desc, json, len, err);
}

void pl_msg_tutor_server_user_message_received_free(pl_msg_tutor_server_user_message_received_t *msg) { pl_msg_free(msg); }

int pl_msg_tutor_server_user_message_received_serialize(const pl_msg_tutor_server_user_message_received_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_tutor_server_user_message_received_desc, msg, buf, err);
}

void pl_msg_tutor_server_typing_indicator_init(pl_msg_tutor_server_typing_indicator_t *msg) { pl_msg_init(&pl_msg_tutor_server_typing_indicator_desc, msg); }

pl_msg_tutor_server_typing_indicator_t *pl_msg_tutor_server_typing_indicator_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_tutor_server_typing_indicator_desc, json, len, err);
}

void pl_msg_tutor_server_typing_indicator_free(pl_msg_tutor_server_typing_indicator_t *msg) { pl_msg_free(msg); }

int pl_msg_tutor_server_typing_indicator_serialize(const pl_msg_tutor_server_typing_indicator_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_tutor_server_typing_indicator_desc, msg, buf, err);
}

void pl_msg_tutor_server_stop_typing_indicator_init(pl_msg_tutor_server_stop_typing_indicator_t *msg) { pl_msg_init(&pl_msg_tutor_server_stop_typing_indicator_desc, msg); }

pl_msg_tutor_server_stop_typing_indicator_t *pl_msg_tutor_server_stop_typing_indicator_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_tutor_server_stop_typing_indicator_desc, json, len, err);
}

void pl_msg_tutor_server_stop_typing_indicator_free(pl_msg_tutor_server_stop_typing_indicator_t *msg) { pl_msg_free(msg); }

int pl_msg_tutor_server_stop_typing_indicator_serialize(const pl_msg_tutor_server_stop_typing_indicator_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_tutor_server_stop_typing_indicator_desc, msg, buf, err);
}

void pl_msg_tutor_server_stream_start_init(pl_msg_tutor_server_stream_start_t *msg) { pl_msg_init(&pl_msg_tutor_server_stream_start_desc, msg); }

pl_msg_tutor_server_stream_start_t *pl_msg_tutor_server_stream_start_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_tutor_server_stream_start_desc, json, len, err);
}

void pl_msg_tutor_server_stream_start_free(pl_msg_tutor_server_stream_start_t *msg) { pl_msg_free(msg); }

int pl_msg_tutor_server_stream_start_serialize(const pl_msg_tutor_server_stream_start_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_tutor_server_stream_start_desc, msg, buf, err);
}

void pl_msg_tutor_server_stream_chunk_init(pl_msg_tutor_server_stream_chunk_t *msg) { pl_msg_init(&pl_msg_tutor_server_stream_chunk_desc, msg); }

pl_msg_tutor_server_stream_chunk_t *pl_msg_tutor_server_stream_chunk_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_tutor_server_stream_chunk_desc, json, len, err);
}

void pl_msg_tutor_server_stream_chunk_free(pl_msg_tutor_server_stream_chunk_t *msg) { pl_msg_free(msg); }

int pl_msg_tutor_server_stream_chunk_serialize(const pl_msg_tutor_server_stream_chunk_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_tutor_server_stream_chunk_desc, msg, buf, err);
}

void pl_msg_tutor_server_stream_end_init(pl_msg_tutor_server_stream_end_t *msg) { pl_msg_init(&pl_msg_tutor_server_stream_end_desc, msg); }

pl_msg_tutor_server_stream_end_t *pl_msg_tutor_server_stream_end_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_tutor_server_stream_end_desc, json, len, err);
}

void pl_msg_tutor_server_stream_end_free(pl_msg_tutor_server_stream_end_t *msg) { pl_msg_free(msg); }

int pl_msg_tutor_server_stream_end_serialize(const pl_msg_tutor_server_stream_end_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_tutor_server_stream_end_desc, msg, buf, err);
}

void pl_msg_tutor_server_error_init(pl_msg_tutor_server_error_t *msg) { pl_msg_init(&pl_msg_tutor_server_error_desc, msg); }

pl_msg_tutor_server_error_t *pl_msg_tutor_server_error_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_tutor_server_error_desc, json, len, err);
}

void pl_msg_tutor_server_error_free(pl_msg_tutor_server_error_t *msg) { pl_msg_free(msg); }

int pl_msg_tutor_server_error_serialize(const pl_msg_tutor_server_error_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_tutor_server_error_desc, msg, buf, err);
}

void pl_msg_tutor_server_title_updated_init(pl_msg_tutor_server_title_updated_t *msg) { pl_msg_init(&pl_msg_tutor_server_title_updated_desc, msg); }

pl_msg_tutor_server_title_updated_t *pl_msg_tutor_server_title_updated_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_tutor_server_title_updated_desc, json, len, err);
}

void pl_msg_tutor_server_title_updated_free(pl_msg_tutor_server_title_updated_t *msg) { pl_msg_free(msg); }

int pl_msg_tutor_server_title_updated_serialize(const pl_msg_tutor_server_title_updated_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_tutor_server_title_updated_desc, msg, buf, err);
}

static const pl_msg_family_member_t pl_msg_tutor_server__members[9] = {
    {PL_MSG_STR_INIT("connected"), &pl_msg_tutor_server_connected_desc, PL_MSG_TUTOR_SERVER_KIND_CONNECTED},
    {PL_MSG_STR_INIT("user_message_received"), &pl_msg_tutor_server_user_message_received_desc, PL_MSG_TUTOR_SERVER_KIND_USER_MESSAGE_RECEIVED},
    {PL_MSG_STR_INIT("typing_indicator"), &pl_msg_tutor_server_typing_indicator_desc, PL_MSG_TUTOR_SERVER_KIND_TYPING_INDICATOR},
    {PL_MSG_STR_INIT("stop_typing_indicator"), &pl_msg_tutor_server_stop_typing_indicator_desc, PL_MSG_TUTOR_SERVER_KIND_STOP_TYPING_INDICATOR},
    {PL_MSG_STR_INIT("stream_start"), &pl_msg_tutor_server_stream_start_desc, PL_MSG_TUTOR_SERVER_KIND_STREAM_START},
    {PL_MSG_STR_INIT("stream_chunk"), &pl_msg_tutor_server_stream_chunk_desc, PL_MSG_TUTOR_SERVER_KIND_STREAM_CHUNK},
    {PL_MSG_STR_INIT("stream_end"), &pl_msg_tutor_server_stream_end_desc, PL_MSG_TUTOR_SERVER_KIND_STREAM_END},
    {PL_MSG_STR_INIT("error"), &pl_msg_tutor_server_error_desc, PL_MSG_TUTOR_SERVER_KIND_ERROR},
    {PL_MSG_STR_INIT("title_updated"), &pl_msg_tutor_server_title_updated_desc, PL_MSG_TUTOR_SERVER_KIND_TITLE_UPDATED},
};

const pl_msg_family_t pl_msg_tutor_server_family = {"tutor_server", PL_MSG_STR_INIT("mt"), pl_msg_tutor_server__members, 9};

int pl_msg_tutor_server_parse(const char *json, size_t len, pl_msg_tutor_server_t *out, pl_msg_error_t *err)
{
    int kind = 0;
    int rv = pl_msg_family_parse(&pl_msg_tutor_server_family, json, len, &kind, &out->u.any, err);
    out->kind = (pl_msg_tutor_server_kind_t)kind;
    return rv;
}

void pl_msg_tutor_server_free(pl_msg_tutor_server_t *msg)
{
    if (msg == NULL)
        return;
    pl_msg_free(msg->u.any);
    msg->u.any = NULL;
    msg->kind = PL_MSG_TUTOR_SERVER_KIND_UNKNOWN;
}

int pl_msg_tutor_server_serialize(const pl_msg_tutor_server_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_family_serialize(&pl_msg_tutor_server_family, (int)msg->kind, msg->u.any, buf, err);
}

const char *pl_msg_tutor_server_kind_name(pl_msg_tutor_server_kind_t kind)
{
    const pl_msg_family_member_t *m = pl_msg_family_member(&pl_msg_tutor_server_family, (int)kind);
    return m != NULL ? m->value.ptr : NULL;
}

pl_msg_tutor_server_kind_t pl_msg_tutor_server_kind_from_name(const char *s, size_t len)
{
    const pl_msg_family_member_t *m = pl_msg_family_lookup(&pl_msg_tutor_server_family, s, len);
    return m != NULL ? (pl_msg_tutor_server_kind_t)m->kind : PL_MSG_TUTOR_SERVER_KIND_UNKNOWN;
}
