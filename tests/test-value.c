/* SPDX-License-Identifier: MIT */
/* Customer value (cx-value.h): retention from counts and customer lifetime value. Expected
 * values: tests/data/reference/LOYALTY.md ("Test vectors", computed outside the project). */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdlib.h>

#include "test-common.h"

START_TEST(retention_reference)
{
    double r, c;
    /* LOYALTY.md: S = 200, E = 220, N = 40 → retention 0.9, churn 0.1. */
    ck_assert_int_eq(cx_value_retention_rate(200, 220, 40, &r, &c), CX_OK);
    cx_assert_close(r, 0.9, 1e-15);
    cx_assert_close(c, 0.1, 1e-15);
    ck_assert_int_eq(cx_value_retention_rate(0, 10, 10, &r, &c), CX_E_EMPTY);
    ck_assert_int_eq(cx_value_retention_rate(100, 10, 20, &r, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_value_retention_rate(100, 300, 10, &r, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_value_retention_rate(100, 100, 0, NULL, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_value_retention_rate(100, 100, 0, &r, &c), CX_OK);
    cx_assert_close(r, 1.0, 0.0);
}
END_TEST

START_TEST(clv_reference)
{
    double v;
    /* LOYALTY.md: m = 100, r = 0.8, i = 0.1: infinite 266.666666666667; T = 5: 212.409733562660;
     * infinite with AC = 50: 216.666666666667. */
    ck_assert_int_eq(cx_value_clv(100, 0.8, 0.1, 0, 0, &v), CX_OK);
    cx_assert_close(v, 266.666666666667, 1e-9);
    ck_assert_int_eq(cx_value_clv(100, 0.8, 0.1, 5, 0, &v), CX_OK);
    cx_assert_close(v, 212.409733562660, 1e-9);
    ck_assert_int_eq(cx_value_clv(100, 0.8, 0.1, 0, 50, &v), CX_OK);
    cx_assert_close(v, 216.666666666667, 1e-9);
    /* A long finite horizon approaches the infinite one. */
    ck_assert_int_eq(cx_value_clv(100, 0.8, 0.1, 100000, 0, &v), CX_OK);
    cx_assert_close(v, 800.0 / 3.0, 1e-9);
    /* r = 1 with no discounting diverges: refused for the infinite horizon, m·T otherwise. */
    ck_assert_int_eq(cx_value_clv(100, 1.0, 0.0, 0, 0, &v), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_value_clv(100, 1.0, 0.0, 12, 0, &v), CX_OK);
    cx_assert_close(v, 1200.0, 1e-9);
    ck_assert_int_eq(cx_value_clv(100, 1.2, 0.1, 0, 0, &v), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_value_clv(NAN, 0.8, 0.1, 0, 0, &v), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_value_clv(100, 0.8, -1.0, 0, 0, &v), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_value_clv(100, 0.8, 0.1, 0, 0, NULL), CX_E_INVALID_ARGUMENT);
}
END_TEST

static Suite *
value_suite(void)
{
    Suite *s = suite_create("value");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, retention_reference);
    tcase_add_test(tc, clv_reference);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return cx_test_run(value_suite());
}
