/* SPDX-License-Identifier: MIT */
/* Distribution functions used by every module. Not installed; tested by tests/test-stats.c. */
#ifndef CX_DISTRIBUTIONS_PRIVATE_H
#define CX_DISTRIBUTIONS_PRIVATE_H

#include <stddef.h>

/* Φ⁻¹(p), the standard normal quantile, for p in (0, 1); −inf/inf at 0/1, NaN outside. */
double cx_normal_quantile(double p);

/* The z of a two-sided interval at `level`: Φ⁻¹((1 + level)/2). */
double cx_normal_z_for_level(double level);

/* Two-sided p-value of a standard normal statistic: P(|Z| ≥ |z|) = erfc(|z|/√2). */
double cx_normal_two_sided_p(double z);


/* ln Γ(x) for x > 0, thread-safe (lgamma() writes the global signgam). */
double cx_lgamma(double x);

/* Regularized incomplete beta I_x(a, b), a, b > 0, x in [0, 1]; NaN for bad arguments.
 * Relative accuracy about 1e-14 for a, b up to 5000 (df ≤ 10⁴ in the t and F functions below),
 * degrading to about 1e-10 at a = 5·10⁵ (df = 10⁶), where an asymptotic expansion would be
 * needed for full precision (DiDonato & Morris 1992, BGRAT). Tested in tests/test-stats.c. */
double cx_beta_inc(double a, double b, double x);

/* The x in [0, 1] with I_x(a, b) = p; NaN for bad arguments. */
double cx_beta_inc_inv(double a, double b, double p);

/* Regularized lower and upper incomplete gamma P(a, x), Q(a, x) = 1 − P(a, x); a > 0, x ≥ 0. */
double cx_gamma_inc_lower(double a, double x);
double cx_gamma_inc_upper(double a, double x);

/* Student t with df > 0 degrees of freedom: CDF, two-sided p-value P(|T| ≥ |t|), quantile. */
double cx_t_cdf(double t, double df);
double cx_t_two_sided_p(double t, double df);
double cx_t_quantile(double p, double df);

/* F with (d1, d2) degrees of freedom: CDF and quantile. */
double cx_f_cdf(double x, double d1, double d2);
double cx_f_quantile(double p, double d1, double d2);
double cx_f_sf(double x, double d1, double d2); /* P(F > x), accurate for tiny tails */

/* Chi-square with k degrees of freedom: upper tail P(X ≥ x). */
double cx_chi2_sf(double x, double k);

/* Sample quantile of definition 7 of Hyndman & Fan (1996), "Sample quantiles in statistical
 * packages", The American Statistician 50(4):361–365 (R's quantile(type = 7), numpy's default):
 * for x sorted ascending, h = (n − 1)p, Q(p) = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋]) (0-based).
 * NaN for n = 0, NULL or p outside [0, 1]. */
double cx_quantile_sorted(const double *x, size_t n, double p);

#endif /* CX_DISTRIBUTIONS_PRIVATE_H */
