/* SPDX-License-Identifier: MIT */
/* Private helpers shared by the library's modules. Not installed. */
#ifndef CX_UTIL_PRIVATE_H
#define CX_UTIL_PRIVATE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cxscore/cx-error.h>

/*
 * Compensated summation (Neumaier 1974, "Rundungsfehleranalyse einiger Verfahren zur Summation
 * endlicher Summen", ZAMM 54): the running error of each addition is kept in `c`, so the value
 * s + c is accurate to about one rounding of the exact sum whatever the number of terms. Sums of
 * whole numbers below 2^53 stay exact, so all-ones weights reproduce unweighted counts bit for bit.
 */
typedef struct {
    double s;
    double c;
} CxSum;

static inline void
cx_sum_add(CxSum *sum, double x)
{
    double t = sum->s + x;
    if (fabs(sum->s) >= fabs(x))
        sum->c += (sum->s - t) + x;
    else
        sum->c += (x - t) + sum->s;
    sum->s = t;
}

static inline void
cx_sum_merge(CxSum *dst, const CxSum *src)
{
    cx_sum_add(dst, src->s);
    cx_sum_add(dst, src->c);
}

static inline double
cx_sum_value(const CxSum *sum)
{
    return sum->s + sum->c;
}

/*
 * For deserialized state: can Σw and Σw² come from n weights ≥ 0? Then Σw² ≤ (Σw)² and, by
 * Cauchy–Schwarz, (Σw)² ≤ n·Σw², so 1 ≤ n_eff ≤ n. Compared as √Σw² ≤ Σw and Σw/√Σw² ≤ √n,
 * which cannot overflow. A subnormal Σw² (weights below about 1e-154) holds few significant
 * digits, hence the wider tolerance there; an infinite Σw is left to the result's overflow check.
 */
static inline int
cx_weight_sums_consistent(double w, double wsq, uint64_t n)
{
    if (!(w >= 0.0) || !(wsq >= 0.0))
        return 0;
    if (wsq > 0.0 && !(w > 0.0))
        return 0;
    if (!isfinite(w) || !(wsq > 0.0))
        return 1;
    double tol = wsq >= 2.2250738585072014e-308 ? 1e-9 : 1.0; /* DBL_MIN */
    double root = sqrt(wsq), ratio = w / root;
    return root <= w * (1.0 + tol) && ratio * ratio <= (double)n * (1.0 + tol);
}

/* a + b for 64-bit counts; returns 0 and leaves *out alone on overflow. */
static inline int
cx_u64_add(uint64_t a, uint64_t b, uint64_t *out)
{
    if (a > UINT64_MAX - b)
        return 0;
    *out = a + b;
    return 1;
}

/* NaN as a double (C's NAN is a float; -Wdouble-promotion flags it in double expressions). */
#define CX_NAN ((double)NAN)

/* x == 0.0, spelled so that -Wfloat-equal can stay on for the comparisons that are mistakes. */
static inline int
cx_is_zero(double x)
{
    return !(x < 0.0) && !(x > 0.0) && !isnan(x);
}

/* Kish's effective sample size (L. Kish, Survey Sampling, Wiley 1965) n_eff = (Σw)²/Σw², written
 * Σw·(Σw/Σw²) so that unit weights give exactly n; NaN unless both sums are finite and positive,
 * and NaN too when Σw² is subnormal (weights below about 1e-154): it then holds too few
 * significant digits, and n_eff computed from it could pass n (Cauchy–Schwarz bounds it by n),
 * or be infinite. Callers report a NaN n_eff with weight as CX_E_OVERFLOW. */
static inline double
cx_kish_n_eff(double w, double wsq)
{
    return isfinite(w) && isfinite(wsq) && w > 0.0 && wsq >= 2.2250738585072014e-308 /* DBL_MIN */
               ? w * (w / wsq)
               : CX_NAN;
}

/* True for a confidence level strictly inside (0, 1). */
static inline int
cx_level_ok(double level)
{
    return isfinite(level) && level > 0.0 && level < 1.0;
}

/* qsort() comparator of doubles, ascending (NaN-free input). */
static inline int
cx_compare_doubles(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

#endif /* CX_UTIL_PRIVATE_H */
