/*
 * fuzz_msg.c - libFuzzer harness for the message runtime. Every input is
 * parsed by every family parser and every top-level message descriptor of
 * the real schemas (gen/schemas) and the test schemas. Whatever parses must
 * serialize; the serialized text must parse again and serialize to the same
 * bytes. Anything else aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg_testutil.h"
#include "parley/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const char *name, const pl_msg_error_t *err, const pl_buf_t *b)
{
    fprintf(stderr, "fuzz_msg: %s failed for %s: %s\n  output: %.*s\n", what, name, err->message,
            b != NULL ? (int)b->len : 0, b != NULL && b->data != NULL ? b->data : "");
    abort();
}

static void round_trip(const pl_msg_desc_t *desc, void *msg, const char *name)
{
    pl_msg_error_t err;
    pl_buf_t a = PL_BUF_INIT(0), b = PL_BUF_INIT(0);
    void *again = NULL;
    if (pl_msg_serialize_ex(desc, msg, &a, &err) != 0)
        die("serialize", name, &err, NULL);
    if (pl_msg_parse_ex(desc, a.data, a.len, &again, &err) != 0)
        die("re-parse", name, &err, &a);
    if (pl_msg_serialize_ex(desc, again, &b, &err) != 0)
        die("re-serialize", name, &err, &a);
    if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) {
        err.message[0] = '\0';
        die("stable serialization", name, &err, &b);
    }
    pl_msg_free(again);
    pl_buf_free(&a);
    pl_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *json = (const char *)data;
    size_t n;
    const pl_msg_family_t *const *fams = mt_all_families(&n);
    for (size_t i = 0; i < n; i++) {
        int kind;
        void *msg;
        pl_msg_error_t err;
        if (pl_msg_family_parse(fams[i], json, size, &kind, &msg, &err) == 0) {
            const pl_msg_family_member_t *m = pl_msg_family_member(fams[i], kind);
            if (m == NULL)
                abort();
            round_trip(m->desc, msg, m->desc->name);
            pl_msg_free(msg);
        } else if (err.code >= 0 || err.message[0] == '\0') {
            abort(); /* a failure must say why */
        }
    }
    const pl_msg_desc_t *const *descs = mt_all_descs(&n);
    for (size_t i = 0; i < n; i++) {
        void *msg = pl_msg_parse(descs[i], json, size, NULL);
        if (msg != NULL) {
            round_trip(descs[i], msg, descs[i]->name);
            pl_msg_free(msg);
        }
    }
    return 0;
}
