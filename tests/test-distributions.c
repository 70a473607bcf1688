/* SPDX-License-Identifier: MIT */
/* Distribution functions (lib/stats/distributions.c) against published values. */
#include <math.h>
#include <stdlib.h>

#include "stats/distributions-private.h"
#include "test-common.h"

/* Normal quantiles. Expected values: Python 3.11 statistics.NormalDist().inv_cdf (an independent
 * implementation), agreeing with printed normal tables; 1.959963984540054 is also given in
 * tests/data/reference/NPS.md. Tolerances allow the last-digit differences between the two. */
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


/* ---- t, F, chi-square and the special functions behind them -------------------------------------
 * Expected values: scipy 1.10.1 (Debian 12 package python3-scipy; scipy.special.betainc,
 * betaincinv, gammainc, gammaincc, scipy.stats.t / f / chi2), printed with repr(). */

#define assert_rel(actual, expected, rel)                                                          \
    ck_assert_msg(fabs((actual) - (expected)) <= (rel) * fabs(expected),                          \
                  "%s: expected %.17g, got %.17g (relative tolerance %g)", #actual,               \
                  (double)(expected), (double)(actual), (double)(rel))

START_TEST(incomplete_beta_matches_scipy)
{
    static const struct { double a, b, x, want; } c[] = {
        { 0.5, 0.5, 0.3, 0.3690101195655454 },   { 2, 3, 0.4, 0.5247999999999999 },
        { 10, 0.5, 0.99, 0.6579281751567843 },   { 0.5, 20, 0.01, 0.4713699354850156 },
        { 100, 200, 0.33, 0.45661816333401317 },
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++)
        assert_rel(cx_beta_inc(c[i].a, c[i].b, c[i].x), c[i].want, 1e-12);
    /* Large parameters, where ln Γ differences cancel: mpmath 1.2.1 at 50 digits (Debian
     * python3-mpmath) gives I = 0.75704612790217793575; scipy 1.10 is 2e-12 off here. */
    assert_rel(cx_beta_inc(1000, 5000, 0.17), 0.75704612790217793575, 1e-13);
    ck_assert(cx_beta_inc(2, 3, 0.0) <= 0.0 && cx_beta_inc(2, 3, 1.0) >= 1.0);
    ck_assert(isnan(cx_beta_inc(-1, 3, 0.5)) && isnan(cx_beta_inc(1, 3, NAN)));
}
END_TEST

START_TEST(incomplete_beta_inverse_matches_scipy)
{
    static const struct { double a, b, p, want; } c[] = {
        { 2, 3, 0.3, 0.27238394207510536 },
        { 0.5, 10, 1e-8, 8.052722492439185e-18 },
        { 50, 0.5, 0.999, 0.9999999842132934 },
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++)
        assert_rel(cx_beta_inc_inv(c[i].a, c[i].b, c[i].p), c[i].want, 1e-10);
    /* Round trip over a grid. */
    for (double p = 0.01; p < 1.0; p += 0.07) {
        double x = cx_beta_inc_inv(3.5, 1.25, p);
        cx_assert_close(cx_beta_inc(3.5, 1.25, x), p, 1e-14);
    }
}
END_TEST

START_TEST(incomplete_gamma_matches_scipy)
{
    static const struct { double a, x, lower, upper; } c[] = {
        { 0.5, 0.2, 0.47291074313446196, 0.5270892568655381 },
        { 3, 2.5, 0.45618688411667035, 0.5438131158833297 },
        { 10, 15, 0.9301463393005901, 0.06985366069940986 },
        { 100, 90, 0.15822098918643007, 0.84177901081357 },
        { 2.5, 30, 0.9999999999878454, 1.2154569777183007e-11 },
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        assert_rel(cx_gamma_inc_lower(c[i].a, c[i].x), c[i].lower, 1e-12);
        assert_rel(cx_gamma_inc_upper(c[i].a, c[i].x), c[i].upper, 1e-11);
    }
}
END_TEST

START_TEST(student_t_matches_scipy)
{
    /* Closed forms: df = 1 is the Cauchy distribution, t = tan(π(p − ½)); df = 2 has
     * t = (2p − 1)/√(2p(1 − p)). Python's math module evaluates both. (scipy 1.10's stdtrit is
     * 2e-11 and 4e-11 off on these two, so its values below are held to 1e-10 only.) */
    assert_rel(cx_t_quantile(0.975, 1), 12.706204736174696, 1e-14);
    assert_rel(cx_t_quantile(0.975, 2), 4.302652729749462, 1e-14);
    static const struct { double p, df, want; } q[] = {
        { 0.975, 9, 2.2621571627409915 },   { 0.975, 29, 2.045229642132703 },
        { 0.995, 4, 4.604094871415897 },    { 0.6, 5, 0.2671808657039658 },
        { 0.975, 1e6, 1.9599663568141066 }, { 1e-10, 3, -2225.769284683086 },
        { 0.975, 2.5, 3.5746548420118773 },
    };
    for (size_t i = 0; i < sizeof q / sizeof *q; i++)
        assert_rel(cx_t_quantile(q[i].p, q[i].df), q[i].want, 1e-10);
    cx_assert_close(cx_t_quantile(0.5, 7), 0.0, 0.0);
    assert_rel(cx_t_quantile(0.025, 9), -2.2621571627409915, 1e-10);
    /* The tighter check: the quantile inverts the CDF (itself checked against scipy's betainc
     * below) to about one rounding, over a grid of levels and degrees of freedom. */
    static const double dfs[] = { 1, 2, 3.5, 9, 30, 1000 };
    for (size_t k = 0; k < sizeof dfs / sizeof *dfs; k++)
        for (double p = 0.0005; p < 1.0; p += 0.0411)
            cx_assert_close(cx_t_cdf(cx_t_quantile(p, dfs[k]), dfs[k]), p, 4e-15);
    /* Large df and far tails, against mpmath 1.2.1 at 40 digits (root of its betainc). */
    assert_rel(cx_t_quantile(0.0827, 1000), -1.3881517770115120884, 1e-15);
    assert_rel(cx_t_quantile(0.206, 1000), -0.82072241107250319572, 1e-15);
    assert_rel(cx_t_quantile(1e-10, 1000), -6.4278762831342136275, 1e-14);
    assert_rel(cx_t_quantile(1e-10, 3), -2225.7692846830931927, 1e-14);

    static const struct { double t, df, p2, cdf; } c[] = {
        { 2.0, 5, 0.10193947882985828, 0.9490302605850709 },
        { -3.5, 12, 0.0043818694317481486, 0.0021909347158740743 },
        { 0.1, 30, 0.9210096117902711, 0.5394951941048645 },
        { 10, 2, 0.009852457023325692, 0.9950737714883371 },
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        assert_rel(cx_t_two_sided_p(c[i].t, c[i].df), c[i].p2, 1e-12);
        assert_rel(cx_t_cdf(c[i].t, c[i].df), c[i].cdf, 1e-13);
    }
    /* df = 10⁶ (mpmath and scipy agree: 0.049996067585269790686): the continued fraction keeps
     * about 10 significant digits there, the documented accuracy for df above 10⁴. */
    assert_rel(cx_t_two_sided_p(1.96, 1e6), 0.049996067585269790686, 1e-10);
    cx_assert_close(cx_t_two_sided_p(0.0, 4), 1.0, 0.0);
    cx_assert_close(cx_t_two_sided_p(INFINITY, 4), 0.0, 0.0);
    ck_assert(isnan(cx_t_quantile(0.5, 0.0)) && isnan(cx_t_cdf(NAN, 3)));
}
END_TEST

START_TEST(f_distribution_matches_scipy)
{
    static const struct { double p, d1, d2, want; } q[] = {
        { 0.975, 9, 27, 2.6308555879228086 },  { 0.025, 9, 27, 0.27898265124805466 },
        { 0.975, 14, 126, 1.9718730746580702 }, { 0.025, 14, 126, 0.3923256922908076 },
        { 0.5, 3, 7, 0.8709442531872845 },      { 0.999, 2, 2, 998.9999999999991 },
        { 0.001, 1, 1, 2.4674051589901436e-06 },
    };
    for (size_t i = 0; i < sizeof q / sizeof *q; i++)
        assert_rel(cx_f_quantile(q[i].p, q[i].d1, q[i].d2), q[i].want, 1e-10);
    assert_rel(cx_f_cdf(2.5, 3, 10), 0.8809604373417219, 1e-12);
    assert_rel(cx_f_cdf(0.5, 8, 8), 0.17329675354366722, 1e-12);
    cx_assert_close(cx_f_cdf(0.0, 3, 4), 0.0, 0.0);
    ck_assert(isnan(cx_f_quantile(0.5, -1, 3)));
}
END_TEST

START_TEST(chi_square_matches_scipy)
{
    static const struct { double x, k, want; } c[] = {
        { 3.84, 1, 0.05004352124870519 },  { 11.07, 5, 0.050009618622405425 },
        { 0.5, 3, 0.9188914116546758 },    { 100, 80, 0.064570368921133 },
        { 250, 200, 0.009379131668826098 },
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++)
        assert_rel(cx_chi2_sf(c[i].x, c[i].k), c[i].want, 1e-11);
    cx_assert_close(cx_chi2_sf(0.0, 3), 1.0, 0.0);
}
END_TEST

static Suite *
distributions_suite(void)
{
    Suite *s = suite_create("distributions");
    TCase *tc = tcase_create("normal");
    tcase_add_test(tc, normal_quantile_matches_published_values);
    tcase_add_test(tc, normal_quantile_edges);
    tcase_add_test(tc, normal_quantile_is_antisymmetric_and_monotone);
    tcase_add_test(tc, z_for_level_and_two_sided_p);
    suite_add_tcase(s, tc);

    TCase *dist = tcase_create("distributions");
    tcase_add_test(dist, incomplete_beta_matches_scipy);
    tcase_add_test(dist, incomplete_beta_inverse_matches_scipy);
    tcase_add_test(dist, incomplete_gamma_matches_scipy);
    tcase_add_test(dist, student_t_matches_scipy);
    tcase_add_test(dist, f_distribution_matches_scipy);
    tcase_add_test(dist, chi_square_matches_scipy);
    suite_add_tcase(s, dist);
    return s;
}

int
main(void)
{
    return cx_test_run(distributions_suite());
}
