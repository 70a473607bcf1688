/* SPDX-License-Identifier: MIT */
/*
 * Comparing two shares or two means from their summaries (see cx-compare.h):
 * - E. B. Wilson, "Probable inference, the law of succession, and statistical inference", JASA
 *   22:209–212 (1927): the score interval of a share;
 * - B. L. Welch, "The generalization of 'Student's' problem when several different population
 *   variances are involved", Biometrika 34:28–35 (1947): the unequal-variance t-test;
 * - R. G. Newcombe, "Interval estimation for the difference between independent proportions:
 *   comparison of eleven methods", Statistics in Medicine 17:873–890 (1998), method 10: the
 *   hybrid score interval of a difference of shares, with the pooled z test.
 * The chi-square and ANOVA tests of several segments are in consistency.c.
 */
#include <cxscore/cx-compare.h>
#include <cxscore/cx-error.h>

#include <math.h>
#include <string.h>

#include "core/util-private.h"
#include "stats/abi-private.h"
#include "stats/distributions-private.h"

int
cx_wilson_interval(double successes, double n, double level, double *lower, double *upper)
{
    if (!lower || !upper || !cx_level_ok(level) || isnan(successes) || isnan(n))
        return CX_E_INVALID_ARGUMENT;
    if (!(n > 0.0) || !isfinite(n))
        return CX_E_EMPTY;
    if (successes < 0.0 || successes > n * (1.0 + 1e-12))
        return CX_E_INVALID_ARGUMENT;
    double z = cx_normal_z_for_level(level), p = fmin(successes / n, 1.0);
    double centre = p + z * z / (2.0 * n);
    double half = z * sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n));
    double den = 1.0 + z * z / n;
    /* At p = 0 and p = 1 the bounds are exactly 0 and 1; computed, they are off by a rounding. */
    *lower = successes > 0.0 ? fmax(0.0, (centre - half) / den) : 0.0;
    *upper = successes < n ? fmin(1.0, (centre + half) / den) : 1.0;
    return CX_OK;
}

int
cx_mean_compare(double mean_a, double se_a, double n_a, double mean_b, double se_b, double n_b,
                double level, CxMeanComparison *out)
{
    if (!out || !cx_level_ok(level) || !isfinite(mean_a) || !isfinite(mean_b) || isnan(n_a) ||
        isnan(n_b) || se_a < 0.0 || se_b < 0.0 || isinf(se_a) || isinf(se_b))
        return CX_E_INVALID_ARGUMENT;
    if (!(n_a > 1.0) || !(n_b > 1.0) || isnan(se_a) || isnan(se_b))
        return CX_E_EMPTY;
    CxMeanComparison c;
    memset(&c, 0, sizeof c);
    c.size = sizeof c;
    c.level = level;
    c.diff = mean_a - mean_b;
    double va = se_a * se_a, vb = se_b * se_b, v = va + vb;
    c.se = sqrt(v);
    c.t = c.df = c.p_value = c.ci_lower = c.ci_upper = CX_NAN;
    if (v > 0.0) {
        c.t = c.diff / c.se;
        c.df = v * v / (va * va / (n_a - 1.0) + vb * vb / (n_b - 1.0));
        c.p_value = cx_t_two_sided_p(c.t, c.df);
        double q = cx_t_quantile(1.0 - (1.0 - level) / 2.0, c.df);
        c.ci_lower = c.diff - q * c.se;
        c.ci_upper = c.diff + q * c.se;
    }
    return cx_struct_out(out, &c, sizeof c, CX_ABI_MEAN_COMPARISON);
}

int
cx_proportion_compare(double x_a, double n_a, double x_b, double n_b, double level,
                      CxProportionComparison *out)
{
    if (!out || !cx_level_ok(level) || isnan(x_a) || isnan(n_a) || isnan(x_b) || isnan(n_b))
        return CX_E_INVALID_ARGUMENT;
    if (!(n_a > 0.0) || !(n_b > 0.0) || !isfinite(n_a) || !isfinite(n_b))
        return CX_E_EMPTY;
    if (x_a < 0.0 || x_b < 0.0 || x_a > n_a * (1.0 + 1e-12) || x_b > n_b * (1.0 + 1e-12))
        return CX_E_INVALID_ARGUMENT;
    CxProportionComparison c;
    memset(&c, 0, sizeof c);
    c.size = sizeof c;
    c.level = level;
    double pa = fmin(x_a / n_a, 1.0), pb = fmin(x_b / n_b, 1.0);
    c.diff = pa - pb;
    double pooled = (x_a + x_b) / (n_a + n_b);
    double pooled_var = pooled * (1.0 - pooled) * (1.0 / n_a + 1.0 / n_b);
    if (pooled_var > 0.0) {
        c.z = c.diff / sqrt(pooled_var);
        c.p_value = cx_normal_two_sided_p(c.z);
    } else {
        /* Both shares are 0, or both 1: no difference and nothing to test. */
        c.z = c.p_value = CX_NAN;
    }
    double la, ua, lb, ub;
    cx_wilson_interval(fmin(x_a, n_a), n_a, level, &la, &ua);
    cx_wilson_interval(fmin(x_b, n_b), n_b, level, &lb, &ub);
    c.ci_lower = c.diff - sqrt((pa - la) * (pa - la) + (ub - pb) * (ub - pb));
    c.ci_upper = c.diff + sqrt((ua - pa) * (ua - pa) + (pb - lb) * (pb - lb));
    return cx_struct_out(out, &c, sizeof c, CX_ABI_PROPORTION_COMPARISON);
}
