/* SPDX-License-Identifier: MIT */
/*
 * One-pass mean and variance of a stream, mergeable: Welford's update (B. P. Welford,
 * Technometrics 4:419–420, 1962) and the combination of Chan, Golub & LeVeque ("Updating formulae
 * and a pairwise algorithm for computing sample variances", Stanford STAN-CS-79-773, 1979).
 * Not installed.
 */
#ifndef CX_MOMENTS_PRIVATE_H
#define CX_MOMENTS_PRIVATE_H

#include <stdint.h>

#include "core/util-private.h"

typedef struct {
    uint64_t n;
    double mean;
    double m2; /* Σ (x − mean)² */
} CxMoments;

static inline void
cx_moments_add(CxMoments *m, double x)
{
    m->n++;
    double d = x - m->mean;
    m->mean += d / (double)m->n;
    m->m2 += d * (x - m->mean);
}

static inline void
cx_moments_merge(CxMoments *a, const CxMoments *b)
{
    if (b->n == 0)
        return;
    if (a->n == 0) {
        *a = *b;
        return;
    }
    double na = (double)a->n, nb = (double)b->n, n = na + nb, d = b->mean - a->mean;
    a->mean += d * nb / n;
    a->m2 += b->m2 + d * d * na * nb / n;
    a->n += b->n;
}

/* The moments of n values x/scale where the x are integers with exact sum s and sum of squares
 * q: n·q − s² is exact in int64 and converts to a double exactly (the caller keeps |n·q| and s²
 * within 2^53), so each figure is rounded once. */
static inline CxMoments
cx_moments_exact(uint64_t n, int64_t s, int64_t q, double scale)
{
    CxMoments m = { n, 0.0, 0.0 };
    if (n == 0)
        return m;
    const double dn = (double)n;
    m.mean = (double)s / (dn * scale);
    m.m2 = (double)((int64_t)n * q - s * s) / (dn * scale * scale);
    return m;
}

static inline double
cx_moments_mean(const CxMoments *m)
{
    return m->n ? m->mean : CX_NAN;
}

/* True for moments that deserialized state may hold: n ≤ limit, finite, m2 ≥ 0, zeros if n = 0. */
static inline int
cx_moments_valid(const CxMoments *m, uint64_t limit)
{
    return m->n <= limit && isfinite(m->mean) && isfinite(m->m2) && m->m2 >= 0.0 &&
           (m->n > 0 || (cx_is_zero(m->mean) && cx_is_zero(m->m2)));
}

#endif /* CX_MOMENTS_PRIVATE_H */
