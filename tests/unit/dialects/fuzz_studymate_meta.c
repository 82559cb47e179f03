/*
 * fuzz_studymate_meta.c - libFuzzer harness for the StudyMate dialect's
 * meta decoder (stored message meta and brain citations_json). Whatever it
 * keeps must satisfy the citation schema: each citation serializes, the
 * list written back decodes to the same citations, and a user message or
 * answer built from the input serializes (bad parts fall back, never fail).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dialects/studymate_int.h"
#include "parley/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *json = (const char *)data;
    pl_studymate_meta_t m;
    if (pl_studymate_meta_decode(json, size, &m) != 0) {
        if (m.tree != NULL || m.citations != NULL || m.n_citations != 0)
            abort();
        return 0;
    }
    if (m.n_citations > PL_STUDYMATE_CITATIONS_MAX || (m.n_citations > 0 && !m.has_citations))
        abort();
    pl_buf_t out = PL_BUF_INIT(0);
    for (size_t i = 0; i < m.n_citations; i++) {
        pl_buf_reset(&out);
        if (pl_msg_common_citation_serialize(&m.citations[i], &out, NULL) != 0)
            abort();
    }
    pl_buf_reset(&out);
    if (pl_studymate_citations_json(m.citations, m.n_citations, &out) != 0)
        abort();
    pl_studymate_meta_t again;
    if (pl_studymate_meta_decode(out.data, out.len, &again) != 0 || again.n_citations != m.n_citations ||
        again.n_dropped != 0)
        abort();
    for (size_t i = 0; i < m.n_citations; i++) {
        const pl_msg_common_citation_t *a = &m.citations[i], *b = &again.citations[i];
        if (a->document_id.len != b->document_id.len ||
            memcmp(a->document_id.ptr, b->document_id.ptr, a->document_id.len) != 0 ||
            a->page_start != b->page_start || a->page_end != b->page_end)
            abort();
    }
    pl_studymate_meta_clear(&again);

    /* The input as a user message's meta and as an answer's citations. */
    char *text = pl_strndup(json, size);
    pl_engine_event_t ev = {0};
    ev.kind = PL_EV_USER_MESSAGE;
    ev.seq = 1;
    ev.at_ms = 1736000000000LL;
    ev.message_id = "user_1";
    ev.text = "hello";
    ev.len = 5;
    ev.user_id = "u";
    ev.token = "m_1";
    ev.client_meta = text;
    pl_buf_reset(&out);
    if (pl_studymate_event_json(&ev, "chat", &out) != 0)
        abort();
    pl_brain_result_t r = {0};
    r.citations_json = text;
    ev.kind = PL_EV_STREAM_END;
    ev.message_id = "a_1736000000.450";
    ev.status = "complete";
    ev.result = &r;
    pl_buf_reset(&out);
    if (pl_studymate_event_json(&ev, "chat", &out) != 0)
        abort();
    pl_free(text);
    pl_buf_free(&out);
    pl_studymate_meta_clear(&m);
    return 0;
}
