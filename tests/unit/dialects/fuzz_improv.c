/*
 * fuzz_improv.c - libFuzzer harness for what the ImprovToday dialect
 * (seed 002) parses from clients: any bytes as a client WebSocket message
 * (generated improv_client parser; what parses must serialize and parse
 * back to the same text), and any bytes, and every parsed transcript, as a
 * user turn for the feedback scorer (scores within 0-100, fillers bounded,
 * the feedback object valid against its schema).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dialects/improv_int.h"
#include "parley/mem.h"
#include "schemas/pl_msg_common.h"
#include "schemas/pl_msg_improv_client.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_feedback(const char *text, size_t len, double confidence, double seconds)
{
    pl_feedback_t fb;
    pl_feedback_score(text, len, confidence, seconds, &fb);
    if (fb.clarity < 0 || fb.clarity > 100 || fb.fluency < 0 || fb.fluency > 100 ||
        fb.n_fillers > PL_FEEDBACK_MAX_FILLERS || fb.filler_count > fb.words ||
        fb.words_per_minute > 1000)
        abort();
    pl_msg_common_filler_word_t items[PL_FEEDBACK_MAX_FILLERS];
    pl_msg_common_feedback_t m;
    pl_improv__feedback_msg(&fb, &m, items);
    pl_buf_t out = PL_BUF_INIT(0);
    if (pl_msg_common_feedback_serialize(&m, &out, NULL) != 0)
        abort();
    pl_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    check_feedback(text, size, -1, 0);
    check_feedback(text, size, size > 0 ? (double)data[0] / 255.0 : 0.5, (double)size / 10.0);

    pl_msg_improv_client_t msg;
    pl_msg_error_t err;
    if (pl_msg_improv_client_parse(text, size, &msg, &err) != 0)
        return 0;
    pl_buf_t out = PL_BUF_INIT(0);
    if (pl_msg_improv_client_serialize(&msg, &out, NULL) != 0)
        abort();
    pl_msg_improv_client_t again;
    if (pl_msg_improv_client_parse(out.data, out.len, &again, &err) != 0 || again.kind != msg.kind)
        abort();
    pl_buf_t out2 = PL_BUF_INIT(0);
    if (pl_msg_improv_client_serialize(&again, &out2, NULL) != 0 || out2.len != out.len ||
        memcmp(out.data, out2.data, out.len) != 0)
        abort();
    if (msg.kind == PL_MSG_IMPROV_CLIENT_KIND_TRANSCRIPT_UPDATE) {
        const pl_msg_improv_client_transcript_update_payload_t *p = &msg.u.transcript_update->payload;
        check_feedback(p->final_transcript.ptr, p->final_transcript.len,
                       p->has_confidence ? p->confidence : -1, 2.0);
        check_feedback(p->interim_transcript.ptr, p->interim_transcript.len, -1, 0);
    }
    pl_buf_free(&out);
    pl_buf_free(&out2);
    pl_msg_improv_client_free(&again);
    pl_msg_improv_client_free(&msg);
    return 0;
}
