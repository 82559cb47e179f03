/*
 * libFuzzer harness of the fast reading of OpenAI stream chunks
 * (llm_openai_delta in src/brain/openai.c): whatever it takes, the
 * yajl_tree reading (delta_oracle.h) must read the same way: an object with
 * no error member and no tool calls, the same content (no NUL, valid
 * UTF-8) and the same finish reason. It may decline anything. Any
 * disagreement aborts. Corpus tests/fuzz/corpus/openai_delta/, dictionary
 * tests/fuzz/openai_delta.dict.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "delta_oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    llm_delta_t d;
    const char *why;
    if (oracle_compare((const char *)data, size, &d, &why) < 0) {
        fprintf(stderr, "the readings disagree: %s\n", why);
        abort();
    }
    return 0;
}
