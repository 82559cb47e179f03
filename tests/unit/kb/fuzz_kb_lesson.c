/*
 * fuzz_kb_lesson.c - libFuzzer harness for the lesson file parser: any
 * bytes either parse into a lesson whose every string is readable (and
 * whose series, if any, has a name and a position), or fail with a message
 * naming the file.
 */
#include "parley/kb.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pl_kb_lesson_t *l = NULL;
    char err[300];
    int rv = pl_kb_lesson_parse("fuzz.md", (const char *)data, size, &l, err, sizeof(err));
    if (rv == 0) {
        size_t sum = strlen(l->id) + strlen(l->title) + strlen(l->subject) + strlen(l->level);
        for (size_t i = 0; i < l->n_keywords; i++)
            sum += strlen(l->keywords[i]);
        for (size_t i = 0; i < l->n_sections; i++)
            sum += strlen(l->sections[i].heading) + strlen(l->sections[i].text);
        for (size_t i = 0; i < l->n_facts; i++)
            sum += strlen(l->facts[i]);
        for (size_t i = 0; i < l->n_questions; i++)
            sum += strlen(l->questions[i].question) + strlen(l->questions[i].answer);
        if (l->n_sections == 0 || l->n_facts == 0 || l->n_questions == 0 || sum == 0)
            abort();
        /* a series has a name and a position from 1; no series, position 0 */
        if (l->series != NULL ? l->series[0] == '\0' || l->series_pos < 1 : l->series_pos != 0)
            abort();
        pl_kb_lesson_free(l);
    } else if (l != NULL || strncmp(err, "fuzz.md:", 8) != 0) {
        abort();
    }
    return 0;
}
