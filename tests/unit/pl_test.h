/*
 * pl_test.h - the unit test harness: checks, a case table, a summary.
 *
 * A test file defines cases with PL_TEST(name) { ... }, lists them in
 * PL_TEST_MAIN(case1, case2, ...), and uses the PL_CHECK* macros. A failed
 * check prints file:line and the values, marks the case failed and goes on.
 * The runner prints one line per case and closes with
 * "N passed, N failed"; it exits non-zero if any case failed.
 * Run one case by naming it: ./test_x case_name
 */
#ifndef PL_TEST_H
#define PL_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int pl_test__failed_checks;

#define PL_TEST(name) static void name(void)

#define PL_CHECK(cond)                                                         \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "  %s:%d: check failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                    \
            pl_test__failed_checks++;                                          \
        }                                                                      \
    } while (0)

#define PL_CHECK_INT(a, op, b)                                                 \
    do {                                                                       \
        long long pl__a = (long long)(a), pl__b = (long long)(b);              \
        if (!(pl__a op pl__b)) {                                               \
            fprintf(stderr, "  %s:%d: check failed: %s %s %s (%lld vs %lld)\n", \
                    __FILE__, __LINE__, #a, #op, #b, pl__a, pl__b);            \
            pl_test__failed_checks++;                                          \
        }                                                                      \
    } while (0)

#define PL_CHECK_STR(a, b)                                                     \
    do {                                                                       \
        const char *pl__a = (a), *pl__b = (b);                                 \
        if (pl__a == NULL || pl__b == NULL || strcmp(pl__a, pl__b) != 0) {     \
            fprintf(stderr, "  %s:%d: check failed: %s == %s (\"%s\" vs \"%s\")\n", \
                    __FILE__, __LINE__, #a, #b, pl__a ? pl__a : "(null)",      \
                    pl__b ? pl__b : "(null)");                                 \
            pl_test__failed_checks++;                                          \
        }                                                                      \
    } while (0)

/* Substring check: haystack contains needle. */
#define PL_CHECK_CONTAINS(hay, needle)                                         \
    do {                                                                       \
        const char *pl__h = (hay), *pl__n = (needle);                          \
        if (pl__h == NULL || strstr(pl__h, pl__n) == NULL) {                   \
            fprintf(stderr, "  %s:%d: check failed: \"%s\" contains \"%s\"\n", \
                    __FILE__, __LINE__, pl__h ? pl__h : "(null)", pl__n);      \
            pl_test__failed_checks++;                                          \
        }                                                                      \
    } while (0)

struct pl_test_case {
    const char *name;
    void (*fn)(void);
};

#define PL_TEST_ENTRY(fn) {#fn, fn}

static inline int pl_test_run(const struct pl_test_case *cases, size_t n,
                              int argc, char **argv)
{
    int passed = 0, failed = 0;
    for (size_t i = 0; i < n; i++) {
        if (argc > 1 && strcmp(argv[1], cases[i].name) != 0)
            continue;
        int before = pl_test__failed_checks;
        cases[i].fn();
        if (pl_test__failed_checks == before) {
            printf("ok %zu - %s\n", i + 1, cases[i].name);
            passed++;
        } else {
            printf("not ok %zu - %s\n", i + 1, cases[i].name);
            failed++;
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}

#define PL_TEST_MAIN(...)                                                      \
    int main(int argc, char **argv)                                            \
    {                                                                          \
        static const struct pl_test_case pl__cases[] = {__VA_ARGS__};         \
        return pl_test_run(pl__cases, sizeof(pl__cases) / sizeof(pl__cases[0]), \
                           argc, argv);                                        \
    }

#endif
