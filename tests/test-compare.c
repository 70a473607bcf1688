/* SPDX-License-Identifier: MIT */
/*
 * Comparison tests (cx-compare.h): Wilson's interval, chi-square and one-way ANOVA. Expected
 * values: tests/data/reference/LOYALTY.md ("Test vectors", computed outside the project).
 */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "test-common.h"

#define TOL 1e-11

static void
summarize(const double *x, size_t n, double *count, double *mean, double *var)
{
    double s = 0.0, ss = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    *mean = s / (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - *mean) * (x[i] - *mean);
    *var = ss / (double)(n - 1);
    *count = (double)n;
}

START_TEST(wilson_reference)
{
    double lo, hi;
    /* LOYALTY.md: 74/107 → [0.598715091322, 0.771182602521]; 0/20 → [0, 0.161125158053];
     * 20/20 → [0.838874841947, 1]. */
    ck_assert_int_eq(cx_wilson_interval(74, 107, 0.95, &lo, &hi), CX_OK);
    cx_assert_close(lo, 0.598715091322, TOL);
    cx_assert_close(hi, 0.771182602521, TOL);
    ck_assert_int_eq(cx_wilson_interval(0, 20, 0.95, &lo, &hi), CX_OK);
    cx_assert_close(lo, 0.0, 0.0);
    cx_assert_close(hi, 0.161125158053, TOL);
    ck_assert_int_eq(cx_wilson_interval(20, 20, 0.95, &lo, &hi), CX_OK);
    cx_assert_close(lo, 0.838874841947, TOL);
    cx_assert_close(hi, 1.0, 0.0);
    ck_assert_int_eq(cx_wilson_interval(1, 0, 0.95, &lo, &hi), CX_E_EMPTY);
    ck_assert_int_eq(cx_wilson_interval(21, 20, 0.95, &lo, &hi), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_wilson_interval(1, 20, 1.0, &lo, &hi), CX_E_INVALID_ARGUMENT);
}
END_TEST

START_TEST(chi_square_reference)
{
    /* LOYALTY.md: D/Pa/P by channel (30,40,80), (50,45,55), (20,30,100): χ² 30.022201665125,
     * df 4, p 4.843763538241e-06. */
    const uint64_t table[] = { 30, 40, 80, 50, 45, 55, 20, 30, 100 };
    CxTestResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_chi_square_independence(table, 3, 3, &r), CX_OK);
    cx_assert_close(r.statistic, 30.022201665125, 1e-10);
    cx_assert_close(r.df1, 4.0, 0.0);
    cx_assert_close(r.p_value, 4.843763538241e-06, 1e-17);
    ck_assert_uint_eq(r.groups, 3);
    /* An empty segment and an empty category drop out of the degrees of freedom. */
    const uint64_t sparse[] = { 30, 0, 80, 0, 0, 0, 20, 0, 100 };
    ck_assert_int_eq(cx_chi_square_independence(sparse, 3, 3, &r), CX_OK);
    cx_assert_close(r.df1, 1.0, 0.0);
    ck_assert_uint_eq(r.groups, 2);
    const uint64_t one[] = { 3, 4, 5 };
    ck_assert_int_eq(cx_chi_square_independence(one, 1, 3, &r), CX_E_EMPTY);
    ck_assert(isnan(r.statistic));
    ck_assert_int_eq(cx_chi_square_independence(NULL, 1, 3, &r), CX_E_INVALID_ARGUMENT);
}
END_TEST

START_TEST(anova_reference)
{
    /* LOYALTY.md: groups (5,4,4,3,5,2,4,5), (3,3,2,4,3,1,2), (5,5,4,5,4,5,3,4,5):
     * F 8.525442477876, p 0.001947478165; Welch F 8.596709402901, df (2, 12.689509507698),
     * p 0.004364040794. */
    const double g1[] = { 5, 4, 4, 3, 5, 2, 4, 5 }, g2[] = { 3, 3, 2, 4, 3, 1, 2 },
                 g3[] = { 5, 5, 4, 5, 4, 5, 3, 4, 5 };
    double n[3], m[3], v[3];
    summarize(g1, 8, &n[0], &m[0], &v[0]);
    summarize(g2, 7, &n[1], &m[1], &v[1]);
    summarize(g3, 9, &n[2], &m[2], &v[2]);
    CxTestResult c = { .size = sizeof c }, w = { .size = sizeof w };
    ck_assert_int_eq(cx_anova_oneway(n, m, v, 3, &c, &w), CX_OK);
    cx_assert_close(c.statistic, 8.525442477876, 1e-10);
    cx_assert_close(c.df1, 2.0, 0.0);
    cx_assert_close(c.df2, 21.0, 0.0);
    cx_assert_close(c.p_value, 0.001947478165, 1e-12);
    cx_assert_close(w.statistic, 8.596709402901, 1e-10);
    cx_assert_close(w.df2, 12.689509507698, 1e-10);
    cx_assert_close(w.p_value, 0.004364040794, 1e-12);
    /* A group with zero variance: classic F exists, Welch does not. */
    double v0[3] = { v[0], 0.0, v[2] };
    ck_assert_int_eq(cx_anova_oneway(n, m, v0, 3, &c, &w), CX_OK);
    ck_assert(isfinite(c.statistic) && isnan(w.statistic));
    double n1[2] = { 5, 0 };
    ck_assert_int_eq(cx_anova_oneway(n1, m, v, 2, &c, NULL), CX_E_EMPTY);
    ck_assert_int_eq(cx_anova_oneway(n, m, v, 3, NULL, NULL), CX_E_INVALID_ARGUMENT);
}
END_TEST

static Suite *
compare_suite(void)
{
    Suite *s = suite_create("compare");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, wilson_reference);
    tcase_add_test(tc, chi_square_reference);
    tcase_add_test(tc, anova_reference);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return cx_test_run(compare_suite());
}
