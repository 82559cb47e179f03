/*
 * Unit tests of src/common: pl_buf_t caps and growth, error texts.
 */
#include "pl_test.h"

#include "parley/error.h"
#include "parley/mem.h"

PL_TEST(buf_grows_and_stays_terminated)
{
    pl_buf_t b = PL_BUF_INIT(0);
    for (int i = 0; i < 1000; i++)
        PL_CHECK_INT(pl_buf_append_str(&b, "ab"), ==, 0);
    PL_CHECK_INT(b.len, ==, 2000);
    PL_CHECK_INT(b.data[b.len], ==, '\0');
    pl_buf_consume(&b, 1999);
    PL_CHECK_STR(b.data, "b");
    pl_buf_free(&b);
}

PL_TEST(buf_cap_refuses_and_keeps_content)
{
    pl_buf_t b = PL_BUF_INIT(8);
    PL_CHECK_INT(pl_buf_append(&b, "12345678", 8), ==, 0);
    PL_CHECK_INT(pl_buf_append(&b, "9", 1), ==, PL_ERR_TOO_LARGE);
    PL_CHECK_INT(b.len, ==, 8);
    PL_CHECK_STR(b.data, "12345678");
    pl_buf_free(&b);
}

PL_TEST(buf_appendf_long)
{
    pl_buf_t b = PL_BUF_INIT(0);
    char big[1000];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    PL_CHECK_INT(pl_buf_appendf(&b, "<%s>%d", big, 42), ==, 0);
    PL_CHECK_INT(b.len, ==, 1003);
    PL_CHECK_INT(b.data[b.len - 2], ==, '4');
    pl_buf_free(&b);
}

PL_TEST(strerror_names_every_code)
{
    PL_CHECK_STR(pl_strerror(PL_ERR_FSM_TRANSITION), "invalid state transition");
    PL_CHECK_STR(pl_strerror(-12345), "unknown error");
    for (int e = 0; e >= PL_ERR_FORBIDDEN; e--)
        PL_CHECK(strcmp(pl_strerror(e), "unknown error") != 0);
}

PL_TEST_MAIN(PL_TEST_ENTRY(buf_grows_and_stays_terminated),
             PL_TEST_ENTRY(buf_cap_refuses_and_keeps_content),
             PL_TEST_ENTRY(buf_appendf_long),
             PL_TEST_ENTRY(strerror_names_every_code))
