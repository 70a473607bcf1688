/* SPDX-License-Identifier: MIT */
/* Distribution functions (lib/stats.c) against published values. */
#include <math.h>
#include <stdlib.h>

#include "stats-private.h"
#include "test-common.h"

/* Normal quantiles. Expected values: Python 3.11 statistics.NormalDist().inv_cdf (an independent
 * implementation), agreeing with printed normal tables; 1.959963984540054 is also given in
 * ../shared/reference/NPS.md. Tolerances allow the last-digit differences between the two. */
START_TEST(normal_quantile_matches_published_values)
{
    cx_assert_close(cx_normal_quantile(0.975), 1.959963984540054, 1e-15);
    cx_assert_close(cx_normal_quantile(0.5), 0.0, 0.0);
    cx_assert_close(cx_normal_quantile(0.95), 1.6448536269514722, 1e-15);
    cx_assert_close(cx_normal_quantile(0.995), 2.5758293035489004, 1e-14);
    cx_assert_close(cx_normal_quantile(0.025), -1.959963984540054, 1e-15);
    cx_assert_close(cx_normal_quantile(0.9), 1.2815515655446004, 1e-15);
    /* Central region boundary (|p − 0.5| = 0.425) and the far tail (r > 5). */
    cx_assert_close(cx_normal_quantile(0.075), -1.4395314709384563, 1e-14);
    cx_assert_close(cx_normal_quantile(1e-10), -6.3613409024040557, 1e-12);
    /* Far tail: the root of ½·erfc(x/√2) = 1e-300 found by bisection (independent of AS 241). */
    cx_assert_close(cx_normal_quantile(1e-300), -37.0470962993612, 1e-9);
}
END_TEST

START_TEST(normal_quantile_edges)
{
    ck_assert(isinf(cx_normal_quantile(0.0)) && cx_normal_quantile(0.0) < 0);
    ck_assert(isinf(cx_normal_quantile(1.0)) && cx_normal_quantile(1.0) > 0);
    ck_assert(isnan(cx_normal_quantile(-0.1)));
    ck_assert(isnan(cx_normal_quantile(1.1)));
    ck_assert(isnan(cx_normal_quantile(NAN)));
}
END_TEST

START_TEST(normal_quantile_is_antisymmetric_and_monotone)
{
    double prev = -INFINITY;
    for (int i = 1; i < 1000; i++) {
        double p = i / 1000.0;
        double x = cx_normal_quantile(p);
        ck_assert_msg(x > prev, "not increasing at p = %g: %.17g after %.17g", p, x, prev);
        cx_assert_close(x, -cx_normal_quantile(1.0 - p), 1e-13);
        prev = x;
    }
}
END_TEST

START_TEST(z_for_level_and_two_sided_p)
{
    cx_assert_close(cx_normal_z_for_level(0.95), 1.959963984540054, 1e-15);
    cx_assert_close(cx_normal_z_for_level(0.90), 1.644853626951, 1e-12); /* NPS.md */
    cx_assert_close(cx_normal_z_for_level(0.99), 2.5758293035489004, 1e-14);
    cx_assert_close(cx_normal_two_sided_p(1.959963984540054), 0.05, 1e-15);
    cx_assert_close(cx_normal_two_sided_p(-2.668380251118), 0.007621794284, 1e-12); /* NPS.md */
    cx_assert_close(cx_normal_two_sided_p(0.0), 1.0, 0.0);
    cx_assert_close(cx_normal_two_sided_p(INFINITY), 0.0, 0.0);
}
END_TEST

static Suite *
stats_suite(void)
{
    Suite *s = suite_create("stats");
    TCase *tc = tcase_create("normal");
    tcase_add_test(tc, normal_quantile_matches_published_values);
    tcase_add_test(tc, normal_quantile_edges);
    tcase_add_test(tc, normal_quantile_is_antisymmetric_and_monotone);
    tcase_add_test(tc, z_for_level_and_two_sided_p);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return cx_test_run(stats_suite());
}
