/* SPDX-License-Identifier: MIT */
/* Distribution functions used by every module. Not installed; tested by tests/test-stats.c. */
#ifndef CX_STATS_PRIVATE_H
#define CX_STATS_PRIVATE_H

/* Φ⁻¹(p), the standard normal quantile, for p in (0, 1); −inf/inf at 0/1, NaN outside. */
double cx_normal_quantile(double p);

/* The z of a two-sided interval at `level`: Φ⁻¹((1 + level)/2). */
double cx_normal_z_for_level(double level);

/* Two-sided p-value of a standard normal statistic: P(|Z| ≥ |z|) = erfc(|z|/√2). */
double cx_normal_two_sided_p(double z);

#endif /* CX_STATS_PRIVATE_H */
