/*
 * test_dialect_common.c - what the dialects share (src/dialects/common.c):
 * the resume point of a WebSocket's query string, wire timestamps, error
 * codes by name.
 */
#include "pl_test.h"

#include "parley/dialects.h"

#include <string.h>

PL_TEST(last_seq_from_the_query)
{
    PL_CHECK(pl_dialect_last_seq("last_seq=0") == 0);
    PL_CHECK(pl_dialect_last_seq("last_seq=42") == 42);
    PL_CHECK(pl_dialect_last_seq("a=1&last_seq=7&b=2") == 7);
    PL_CHECK(pl_dialect_last_seq("last_seq=9007199254740993") == 9007199254740993LL);
    /* absent, empty, negative, not a whole number, or too long for its buffer: live only */
    PL_CHECK(pl_dialect_last_seq(NULL) == -1);
    PL_CHECK(pl_dialect_last_seq("") == -1);
    PL_CHECK(pl_dialect_last_seq("seq=3") == -1);
    PL_CHECK(pl_dialect_last_seq("last_seq=") == -1);
    PL_CHECK(pl_dialect_last_seq("last_seq=-1") == -1);
    PL_CHECK(pl_dialect_last_seq("last_seq=12abc") == -1);
    PL_CHECK(pl_dialect_last_seq("last_seq=1.5") == -1);
    PL_CHECK(pl_dialect_last_seq("last_seq=123456789012345678901234567890123456") == -1);
}

PL_TEST(timestamps_and_error_codes)
{
    char ts[32];
    pl_dialect_timestamp(1705314600123LL, ts);
    PL_CHECK_STR(ts, "2024-01-15T10:30:00.123Z");
    pl_dialect_timestamp(-5, ts);
    PL_CHECK_STR(ts, "1970-01-01T00:00:00.000Z");
    PL_CHECK_INT(pl_dialect_error_code("not_found"), ==, PL_MSG_COMMON_ERROR_CODE_NOT_FOUND);
    PL_CHECK_INT(pl_dialect_error_code("no such code"), ==, PL_MSG_COMMON_ERROR_CODE_BRAIN_ERROR);
    PL_CHECK_INT(pl_dialect_error_code(NULL), ==, PL_MSG_COMMON_ERROR_CODE_BRAIN_ERROR);
}

PL_TEST_MAIN(PL_TEST_ENTRY(last_seq_from_the_query), PL_TEST_ENTRY(timestamps_and_error_codes))
