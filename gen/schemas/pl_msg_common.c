/* PARLEY-GEN schema common.json -- DO NOT EDIT. Source: schemas/common.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_common.c - descriptor tables and typed wrappers for schemas/common.json.
 */
#include <stddef.h>
#include <stdint.h>

#include "schemas/pl_msg_common.h"

_Static_assert(sizeof(pl_msg_common_error_code_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_common_error_code_names[14] = {{NULL, 0}, PL_MSG_STR_INIT("invalid_json"), PL_MSG_STR_INIT("invalid_message"), PL_MSG_STR_INIT("invalid_transition"), PL_MSG_STR_INIT("too_large"), PL_MSG_STR_INIT("unsupported"), PL_MSG_STR_INIT("not_found"), PL_MSG_STR_INIT("forbidden"), PL_MSG_STR_INIT("rate_limited"), PL_MSG_STR_INIT("busy"), PL_MSG_STR_INIT("timeout"), PL_MSG_STR_INIT("brain_error"), PL_MSG_STR_INIT("store_error"), PL_MSG_STR_INIT("internal_error")};
_Static_assert(sizeof(pl_msg_common_speech_event_type_t) == sizeof(int), "the runtime stores enums as int");
const pl_msg_str_t pl_msg_common_speech_event_type_names[6] = {{NULL, 0}, PL_MSG_STR_INIT("speech_start"), PL_MSG_STR_INIT("speech_end"), PL_MSG_STR_INIT("synthesis_start"), PL_MSG_STR_INIT("synthesis_end"), PL_MSG_STR_INIT("barge_in")};

/* common.feedback */
static const pl_msg_type_t pl_msg_common_feedback__clarity_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(0), .min_text = "0", .imax = INT64_C(100), .max_text = "100", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_type_t pl_msg_common_feedback__fluency_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(0), .min_text = "0", .imax = INT64_C(100), .max_text = "100", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_type_t pl_msg_common_feedback__filler_words_item_type = {.kind = PL_MSG_KIND_OBJECT, .max_len = SIZE_MAX, .object = &pl_msg_common_filler_word_desc};
static const pl_msg_field_t pl_msg_common_feedback__filler_words_item = {{NULL, 0}, &pl_msg_common_feedback__filler_words_item_type, 0, PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true};
static const pl_msg_type_t pl_msg_common_feedback__filler_words_type = {.kind = PL_MSG_KIND_ARRAY, .min_len = 0, .max_len = 32, .items = &pl_msg_common_feedback__filler_words_item, .item_size = sizeof(((pl_msg_common_feedback_t *)0)->filler_words.items[0])};
static const pl_msg_type_t pl_msg_common_feedback__repetitions_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(0), .min_text = "0", .imax = INT64_C(100000), .max_text = "100000", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_type_t pl_msg_common_feedback__words_per_minute_type = {.kind = PL_MSG_KIND_NUMBER, .max_len = SIZE_MAX, .dmin = 0.0, .min_text = "0", .dmax = 1000.0, .max_text = "1000", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_common_feedback__fields[5] = {
    {PL_MSG_STR_INIT("clarity"), &pl_msg_common_feedback__clarity_type, offsetof(pl_msg_common_feedback_t, clarity), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("fluency"), &pl_msg_common_feedback__fluency_type, offsetof(pl_msg_common_feedback_t, fluency), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("filler_words"), &pl_msg_common_feedback__filler_words_type, offsetof(pl_msg_common_feedback_t, filler_words), offsetof(pl_msg_common_feedback_t, has_filler_words), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("repetitions"), &pl_msg_common_feedback__repetitions_type, offsetof(pl_msg_common_feedback_t, repetitions), offsetof(pl_msg_common_feedback_t, has_repetitions), PL_MSG_NO_OFFSET, false},
    {PL_MSG_STR_INIT("words_per_minute"), &pl_msg_common_feedback__words_per_minute_type, offsetof(pl_msg_common_feedback_t, words_per_minute), offsetof(pl_msg_common_feedback_t, has_words_per_minute), PL_MSG_NO_OFFSET, false},
};
static const uint16_t pl_msg_common_feedback__by_key[5] = {0, 1, 3, 2, 4};
const pl_msg_desc_t pl_msg_common_feedback_desc = {
    .name = "common.feedback",
    .size = sizeof(pl_msg_common_feedback_t),
    .fields = pl_msg_common_feedback__fields,
    .n_fields = 5,
    .by_key = pl_msg_common_feedback__by_key,
    .closed = true,
};

/* common.filler_word */
static const pl_msg_type_t pl_msg_common_filler_word__word_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 64};
static const pl_msg_type_t pl_msg_common_filler_word__count_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(100000), .max_text = "100000", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_common_filler_word__fields[2] = {
    {PL_MSG_STR_INIT("word"), &pl_msg_common_filler_word__word_type, offsetof(pl_msg_common_filler_word_t, word), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("count"), &pl_msg_common_filler_word__count_type, offsetof(pl_msg_common_filler_word_t, count), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_common_filler_word__by_key[2] = {0, 1};
const pl_msg_desc_t pl_msg_common_filler_word_desc = {
    .name = "common.filler_word",
    .size = sizeof(pl_msg_common_filler_word_t),
    .fields = pl_msg_common_filler_word__fields,
    .n_fields = 2,
    .by_key = pl_msg_common_filler_word__by_key,
    .closed = true,
};

/* common.citation */
static const pl_msg_type_t pl_msg_common_citation__document_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_common_citation__chunk_id_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 128};
static const pl_msg_type_t pl_msg_common_citation__filename_type = {.kind = PL_MSG_KIND_STRING, .min_len = 1, .max_len = 255};
static const pl_msg_type_t pl_msg_common_citation__page_start_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(1000000), .max_text = "1000000", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_type_t pl_msg_common_citation__page_end_type = {.kind = PL_MSG_KIND_INTEGER, .max_len = SIZE_MAX, .imin = INT64_C(1), .min_text = "1", .imax = INT64_C(1000000), .max_text = "1000000", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_type_t pl_msg_common_citation__score_type = {.kind = PL_MSG_KIND_NUMBER, .max_len = SIZE_MAX, .dmin = 0.0, .min_text = "0", .dmax = 1.0, .max_text = "1", .flags = PL_MSG_TF_MIN | PL_MSG_TF_MAX};
static const pl_msg_field_t pl_msg_common_citation__fields[6] = {
    {PL_MSG_STR_INIT("document_id"), &pl_msg_common_citation__document_id_type, offsetof(pl_msg_common_citation_t, document_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("chunk_id"), &pl_msg_common_citation__chunk_id_type, offsetof(pl_msg_common_citation_t, chunk_id), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("filename"), &pl_msg_common_citation__filename_type, offsetof(pl_msg_common_citation_t, filename), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("page_start"), &pl_msg_common_citation__page_start_type, offsetof(pl_msg_common_citation_t, page_start), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("page_end"), &pl_msg_common_citation__page_end_type, offsetof(pl_msg_common_citation_t, page_end), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
    {PL_MSG_STR_INIT("score"), &pl_msg_common_citation__score_type, offsetof(pl_msg_common_citation_t, score), PL_MSG_NO_OFFSET, PL_MSG_NO_OFFSET, true},
};
static const uint16_t pl_msg_common_citation__by_key[6] = {5, 1, 2, 4, 3, 0};
const pl_msg_desc_t pl_msg_common_citation_desc = {
    .name = "common.citation",
    .size = sizeof(pl_msg_common_citation_t),
    .fields = pl_msg_common_citation__fields,
    .n_fields = 6,
    .by_key = pl_msg_common_citation__by_key,
    .closed = true,
};

void pl_msg_common_feedback_init(pl_msg_common_feedback_t *msg) { pl_msg_init(&pl_msg_common_feedback_desc, msg); }

pl_msg_common_feedback_t *pl_msg_common_feedback_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_common_feedback_desc, json, len, err);
}

void pl_msg_common_feedback_free(pl_msg_common_feedback_t *msg) { pl_msg_free(msg); }

int pl_msg_common_feedback_serialize(const pl_msg_common_feedback_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_common_feedback_desc, msg, buf, err);
}

void pl_msg_common_filler_word_init(pl_msg_common_filler_word_t *msg) { pl_msg_init(&pl_msg_common_filler_word_desc, msg); }

pl_msg_common_filler_word_t *pl_msg_common_filler_word_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_common_filler_word_desc, json, len, err);
}

void pl_msg_common_filler_word_free(pl_msg_common_filler_word_t *msg) { pl_msg_free(msg); }

int pl_msg_common_filler_word_serialize(const pl_msg_common_filler_word_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_common_filler_word_desc, msg, buf, err);
}

void pl_msg_common_citation_init(pl_msg_common_citation_t *msg) { pl_msg_init(&pl_msg_common_citation_desc, msg); }

pl_msg_common_citation_t *pl_msg_common_citation_parse(const char *json, size_t len, pl_msg_error_t *err)
{
    return pl_msg_parse(&pl_msg_common_citation_desc, json, len, err);
}

void pl_msg_common_citation_free(pl_msg_common_citation_t *msg) { pl_msg_free(msg); }

int pl_msg_common_citation_serialize(const pl_msg_common_citation_t *msg, pl_buf_t *buf, pl_msg_error_t *err)
{
    return pl_msg_serialize_ex(&pl_msg_common_citation_desc, msg, buf, err);
}
