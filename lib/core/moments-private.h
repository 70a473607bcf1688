/* SPDX-License-Identifier: MIT */
/*
 * One-pass moments of a stream, weighted and mergeable: CxMoments for one variable (count, Σw,
 * Σw², mean, M2) and CxCoMoments for two (both means, both M2 and the co-moment), plus the order
 * of the pairs (i, j) of an upper triangle. Every module's moments are these. Not installed.
 *
 * Sources:
 * - Adding a value x of weight w: D. H. D. West, "Updating mean and variance estimates: an improved
 *   method", CACM 22(9):532–535 (1979). With d = x − mean and W the new Σw,
 *     mean' = mean + d·w/W,   M2' = M2 + w·d·(x − mean'),
 *   which is West's M2 + W_old·d·(d·w/W) rearranged (x − mean' = d·(1 − w/W)); in two variables
 *   the co-moment takes C' = C + w·(a − mean_a)·(b − mean_b'). With w = 1 this is Welford's
 *   update (B. P. Welford, Technometrics 4:419–420, 1962).
 * - Merging two sets: T. F. Chan, G. H. Golub & R. J. LeVeque, "Updating formulae and a pairwise
 *   algorithm for computing sample variances", Stanford STAN-CS-79-773 (1979), weighted:
 *     mean = mean_a + δ·W_b/W,   M2 = M2_a + M2_b + δ²·W_a·W_b/W   (δ = mean_b − mean_a),
 *   and C = C_a + C_b + δ_a·δ_b·W_a·W_b/W for the co-moment.
 *
 * Unit weights are Welford's and Chan's unweighted formulas bit for bit, so the unweighted callers
 * (cx_moments_add(), cx_comoments_add()) lose nothing by sharing the weighted code: W is then a sum
 * of ones, exact below 2^53, so W == (double)n; multiplying by 1.0 is exact in IEEE 754; and C
 * evaluates d * w / W as (d·w)/W and w * d * e as (w·d)·e, so the weight is applied first, where
 * it changes nothing: d·1.0/W == d/n and 1.0·d·e == d·e. Σw² grows by 1.0·1.0, exact too. In a
 * merge, δ·W_b/W and δ²·W_a·W_b/W are the counts' formulas with counts that are exact doubles.
 * tests/test-moments.c checks the identity against a plain Welford loop.
 *
 * The first row of weight adds nothing to M2 or C: West's increment W_old·d·(d·w/W) is 0 there,
 * but the form w·d·(x − mean') would add w·d times the rounding of mean' = (d·w)/w, which is not
 * x exactly when w ≠ 1, and d = x − 0 is large for data far from 0: on 1000 weighted values in
 * 1e6 + [0, 1) merged from 10 shards, M2 was then off by 5e-6 relatively, against 1e-11 now
 * (tests/test-moments.c). With unit weights that increment is d·(x − x) = 0, so skipping it
 * keeps Welford's bits.
 *
 * Weights must be finite and ≥ 0 (callers count the others as rejected). A row of weight 0 is
 * counted in n and changes nothing else, so n is the number of rows, as in a listwise count.
 */
#ifndef CX_MOMENTS_PRIVATE_H
#define CX_MOMENTS_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/util-private.h"

typedef struct {
    uint64_t n;  /* rows added, weight-0 rows included */
    double w;    /* Σw */
    double w2;   /* Σw² */
    double mean; /* weighted mean */
    double m2;   /* Σw(x − mean)² */
} CxMoments;

typedef struct {
    uint64_t n;            /* rows added, weight-0 rows included */
    double w;              /* Σw */
    double w2;             /* Σw² */
    double mean_a, mean_b; /* weighted means */
    double m2_a, m2_b;     /* Σw(a − mean_a)², Σw(b − mean_b)² */
    double co;             /* Σw(a − mean_a)(b − mean_b) */
} CxCoMoments;

/* ---- one variable ---------------------------------------------------------------------------- */

/* Adds x with weight w (finite, ≥ 0): West's update. */
static inline void
cx_moments_add_weighted(CxMoments *m, double x, double w)
{
    m->n++;
    if (!(w > 0.0))
        return;
    const int first = !(m->w > 0.0);
    m->w += w;
    m->w2 += w * w;
    double d = x - m->mean;
    m->mean += d * w / m->w;
    if (!first)
        m->m2 += w * d * (x - m->mean);
}

/* Adds x with weight 1: Welford's update, bit for bit (see the top of the file). */
static inline void
cx_moments_add(CxMoments *m, double x)
{
    cx_moments_add_weighted(m, x, 1.0);
}

/* Adds b into a (Chan et al.). Returns 0, leaving a unchanged, if the row count would pass
 * 2^64 − 1; callers whose counts are bounded by a checked total may ignore it. */
static inline int
cx_moments_merge(CxMoments *a, const CxMoments *b)
{
    uint64_t n;
    if (!cx_u64_add(a->n, b->n, &n))
        return 0;
    if (!(b->w > 0.0)) {
        a->n = n;
        return 1;
    }
    if (!(a->w > 0.0)) {
        *a = *b;
        a->n = n;
        return 1;
    }
    const double w = a->w + b->w, d = b->mean - a->mean;
    a->mean += d * b->w / w;
    a->m2 += b->m2 + d * d * a->w * b->w / w;
    a->w = w;
    a->w2 += b->w2;
    a->n = n;
    return 1;
}

/* The moments of n rows of weight 1 with the given mean and M2 (a block's or a stored state's). */
static inline CxMoments
cx_moments_unweighted(uint64_t n, double mean, double m2)
{
    CxMoments m = { n, (double)n, (double)n, mean, m2 };
    return m;
}

/* The moments of n values x/scale of weight 1, where the x are integers with exact sum s and sum
 * of squares q: n·q − s² is exact in int64 and converts to a double exactly (the caller keeps
 * |n·q| and s² within 2^53), so each figure is rounded once. */
static inline CxMoments
cx_moments_exact(uint64_t n, int64_t s, int64_t q, double scale)
{
    if (n == 0)
        return cx_moments_unweighted(0, 0.0, 0.0);
    const double dn = (double)n;
    return cx_moments_unweighted(n, (double)s / (dn * scale),
                                 (double)((int64_t)n * q - s * s) / (dn * scale * scale));
}

/* The mean, NaN without weight. */
static inline double
cx_moments_mean(const CxMoments *m)
{
    return m->w > 0.0 ? m->mean : CX_NAN;
}

/* True for moments that deserialized state may hold: n ≤ limit; every figure finite and M2 ≥ 0;
 * Σw and Σw² that n weights ≥ 0 can have (cx_weight_sums_consistent()); all zero if n = 0. */
static inline int
cx_moments_valid(const CxMoments *m, uint64_t limit)
{
    if (m->n > limit || !isfinite(m->w) || !isfinite(m->w2) || !isfinite(m->mean) ||
        !isfinite(m->m2) || !(m->m2 >= 0.0))
        return 0;
    if (m->n == 0)
        return cx_is_zero(m->w) && cx_is_zero(m->w2) && cx_is_zero(m->mean) &&
               cx_is_zero(m->m2);
    return cx_weight_sums_consistent(m->w, m->w2, m->n);
}

/* ---- two variables --------------------------------------------------------------------------- */

/* The moments of one variable of the pair, over the rows of the pair. */
static inline CxMoments
cx_comoments_a(const CxCoMoments *m)
{
    CxMoments a = { m->n, m->w, m->w2, m->mean_a, m->m2_a };
    return a;
}

static inline CxMoments
cx_comoments_b(const CxCoMoments *m)
{
    CxMoments b = { m->n, m->w, m->w2, m->mean_b, m->m2_b };
    return b;
}

/* The pair of variables with moments a and b over the same rows, and co-moment co. */
static inline CxCoMoments
cx_comoments_of(const CxMoments *a, const CxMoments *b, double co)
{
    CxCoMoments m = { a->n, a->w, a->w2, a->mean, b->mean, a->m2, b->m2, co };
    return m;
}

/* Adds the pair (a, b) with weight w (finite, ≥ 0). Each variable takes cx_moments_add_weighted(),
 * so it equals that variable's own moments bit for bit; the co-moment takes West's
 * w·(a − mean_a)·(b − mean_b'), nothing on the first row of weight. */
static inline void
cx_comoments_add_weighted(CxCoMoments *m, double a, double b, double w)
{
    const double da = a - m->mean_a;
    const int first = !(m->w > 0.0);
    CxMoments ma = cx_comoments_a(m), mb = cx_comoments_b(m);
    cx_moments_add_weighted(&ma, a, w);
    cx_moments_add_weighted(&mb, b, w);
    double co = m->co;
    if (w > 0.0 && !first)
        co += w * da * (b - mb.mean);
    *m = cx_comoments_of(&ma, &mb, co);
}

/* Adds (a, b) with weight 1: Welford's bivariate update, bit for bit. */
static inline void
cx_comoments_add(CxCoMoments *m, double a, double b)
{
    cx_comoments_add_weighted(m, a, b, 1.0);
}

/* Adds b into a: each variable by cx_moments_merge(), the co-moment by Chan et al.'s
 * C_a + C_b + δ_a·δ_b·W_a·W_b/W. Returns 0, leaving a unchanged, if the row count would pass
 * 2^64 − 1. */
static inline int
cx_comoments_merge(CxCoMoments *a, const CxCoMoments *b)
{
    CxMoments aa = cx_comoments_a(a), ab = cx_comoments_b(a);
    const CxMoments ba = cx_comoments_a(b), bb = cx_comoments_b(b);
    if (!cx_moments_merge(&aa, &ba))
        return 0;
    cx_moments_merge(&ab, &bb); /* the same rows: cannot wrap now */
    double co = a->co; /* as cx_moments_merge(): kept if b has no weight, b's if a has none */
    if (b->w > 0.0 && !(a->w > 0.0))
        co = b->co;
    else if (b->w > 0.0)
        co += b->co + (ba.mean - a->mean_a) * (bb.mean - a->mean_b) * a->w * b->w / aa.w;
    *a = cx_comoments_of(&aa, &ab, co);
    return 1;
}

/* The co-moments of n rows of weight 1 with the given figures. */
static inline CxCoMoments
cx_comoments_unweighted(uint64_t n, double mean_a, double m2_a, double mean_b, double m2_b,
                        double co)
{
    const CxMoments a = cx_moments_unweighted(n, mean_a, m2_a);
    const CxMoments b = cx_moments_unweighted(n, mean_b, m2_b);
    return cx_comoments_of(&a, &b, co);
}

/* The co-moment of n ≥ 1 pairs (a/scale_a, b/scale_b) whose integers have exact sums sa, sb and
 * sum of products sab: n·sab − sa·sb is exact in int64 (the caller keeps it within 2^53, as for
 * cx_moments_exact()), so the figure is rounded once. */
static inline double
cx_comoment_exact(uint64_t n, int64_t sa, int64_t sb, int64_t sab, double scale_a, double scale_b)
{
    return (double)((int64_t)n * sab - sa * sb) / ((double)n * scale_a * scale_b);
}

/* The co-moments of n such pairs, the integers having sums of squares qa and qb besides: each
 * variable by cx_moments_exact(), the co-moment by cx_comoment_exact(). */
static inline CxCoMoments
cx_comoments_exact(uint64_t n, int64_t sa, int64_t qa, int64_t sb, int64_t qb, int64_t sab,
                   double scale_a, double scale_b)
{
    if (n == 0)
        return cx_comoments_unweighted(0, 0.0, 0.0, 0.0, 0.0, 0.0);
    const CxMoments a = cx_moments_exact(n, sa, qa, scale_a);
    const CxMoments b = cx_moments_exact(n, sb, qb, scale_b);
    return cx_comoments_of(&a, &b, cx_comoment_exact(n, sa, sb, sab, scale_a, scale_b));
}

/* True if a co-moment C can go with the spreads M2_a and M2_b of the same rows: by Cauchy–Schwarz
 * |C| ≤ √(M2_a·M2_b), with room for the rounding of sums computed apart (relative 1e-9). */
static inline int
cx_comoment_bounded(double co, double m2_a, double m2_b)
{
    return fabs(co) <= sqrt(m2_a) * sqrt(m2_b) * (1.0 + 1e-9) + 2.2250738585072014e-308;
}

/* True for co-moments that deserialized state may hold: each variable's moments valid
 * (cx_moments_valid()), the co-moment finite, within Cauchy–Schwarz's bound, and 0 if n = 0. */
static inline int
cx_comoments_valid(const CxCoMoments *m, uint64_t limit)
{
    const CxMoments a = cx_comoments_a(m), b = cx_comoments_b(m);
    return cx_moments_valid(&a, limit) && cx_moments_valid(&b, limit) && isfinite(m->co) &&
           (m->n > 0 || cx_is_zero(m->co)) && cx_comoment_bounded(m->co, m->m2_a, m->m2_b);
}

/* ---- pairs of variables ---------------------------------------------------------------------- */

/* The pairs (i, j) with i < j < k: k(k − 1)/2 of them. */
static inline size_t
cx_pair_count(size_t k)
{
    return k > 1 ? k * (k - 1) / 2 : 0;
}

/* The place of the pair (i, j), i < j < k, in row-major upper-triangle order: rows 0 … i − 1 hold
 * (k − 1) + … + (k − i) = i(2k − i − 1)/2 pairs. */
static inline size_t
cx_pair_index(size_t k, size_t i, size_t j)
{
    return i * (2 * k - i - 1) / 2 + (j - i - 1);
}

#endif /* CX_MOMENTS_PRIVATE_H */
