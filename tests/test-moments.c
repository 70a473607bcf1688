/* SPDX-License-Identifier: MIT */
/*
 * One implementation per primitive, tested once (issue #13, §6).
 *
 * core/moments-private.h: CxMoments and CxCoMoments, with unit and with random weights (zeros
 * among them), added one row at a time and merged from k shards (k = 1, 2, 7, cut at random
 * points, empty shards included), against two-pass sums in long double; unit weights against a
 * plain Welford/Chan loop and positive weights against the loyalty index's former West loop, bit
 * for bit; the exact-from-integer-sums constructors; the validity rules of deserialized moments;
 * a row count that would wrap; the order of pairs; the moments of alpha's pairs, from blocks with
 * missing answers and one row at a time.
 *
 * The tally of answers, the other primitive of that issue: test-tally.c.
 */
#include <cxscore/cxscore.h>

#include <float.h>
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/moments-private.h"
#include "test-common.h"

static uint64_t
splitmix(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double
uniform(uint64_t *state)
{
    return (double)(splitmix(state) >> 11) * 0x1.0p-53;
}

static int
same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* ---- references ------------------------------------------------------------------------------ */

/* Two-pass moments in long double (64-bit significand): Σw, Σw², the means, then the sums of
 * squared and crossed deviations from them. */
typedef struct {
    long double w, w2, mean_a, mean_b, m2_a, m2_b, co;
} Ref;

static Ref
two_pass(const double *a, const double *b, const double *w, size_t n)
{
    Ref r = { 0 };
    long double sa = 0, sb = 0;
    for (size_t i = 0; i < n; i++) {
        long double wi = w ? w[i] : 1.0;
        r.w += wi;
        r.w2 += wi * wi;
        sa += wi * a[i];
        sb += wi * b[i];
    }
    if (!(r.w > 0))
        return r;
    r.mean_a = sa / r.w;
    r.mean_b = sb / r.w;
    for (size_t i = 0; i < n; i++) {
        long double wi = w ? w[i] : 1.0, da = a[i] - r.mean_a, db = b[i] - r.mean_b;
        r.m2_a += wi * da * da;
        r.m2_b += wi * db * db;
        r.co += wi * da * db;
    }
    return r;
}

/* The unweighted one-pass loops the library had before core/moments-private.h: Welford's update
 * and Chan et al.'s merge with counts (core/moments-private.h, score/alpha.c's ItemMoments). */
typedef struct {
    uint64_t n;
    double mean_a, m2_a, mean_b, m2_b, co;
} Plain;

static void
plain_add(Plain *m, double a, double b)
{
    m->n++;
    double d = a - m->mean_a, e = b - m->mean_b;
    m->mean_a += d / (double)m->n;
    m->mean_b += e / (double)m->n;
    m->m2_a += d * (a - m->mean_a);
    m->m2_b += e * (b - m->mean_b);
    m->co += d * (b - m->mean_b);
}

static void
plain_merge(Plain *a, const Plain *b)
{
    if (b->n == 0)
        return;
    if (a->n == 0) {
        *a = *b;
        return;
    }
    double na = (double)a->n, nb = (double)b->n, n = na + nb;
    double dx = b->mean_a - a->mean_a, dt = b->mean_b - a->mean_b;
    a->mean_a += dx * nb / n;
    a->mean_b += dt * nb / n;
    a->m2_a += b->m2_a + dx * dx * na * nb / n;
    a->m2_b += b->m2_b + dt * dt * na * nb / n;
    a->co += b->co + dx * dt * na * nb / n;
    a->n += b->n;
}

/* The loyalty index's former weighted loop (West's update, Chan's merge), which kept no n, with
 * one change: the first row of weight adds nothing to M2 (see core/moments-private.h; the former
 * loop added w·d times the rounding of mean' there). */
typedef struct {
    double w, w2, mean, m2;
} West;

static void
west_add(West *m, double x, double w)
{
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

static void
west_merge(West *a, const West *b)
{
    if (!(b->w > 0.0))
        return;
    if (!(a->w > 0.0)) {
        *a = *b;
        return;
    }
    double w = a->w + b->w, d = b->mean - a->mean;
    a->mean += d * b->w / w;
    a->m2 += b->m2 + d * d * a->w * b->w / w;
    a->w = w;
    a->w2 += b->w2;
}

/* ---- data ------------------------------------------------------------------------------------ */

enum { ROWS = 1000 };

typedef struct {
    const char *name;
    double a[ROWS], b[ROWS], w[ROWS];
} Data;

/* kind 0: ratings-like values 0–10 and a correlated second variable; kind 1: values near 1e6
 * with unit spread (a hard case for one-pass formulas); kind 2: mixed signs and magnitudes.
 * Weights in [0, 3), one in ten exactly 0. */
static void
make_data(Data *d, int kind, uint64_t seed)
{
    static const char *const names[] = { "ratings", "offset 1e6", "mixed" };
    d->name = names[kind];
    for (size_t i = 0; i < ROWS; i++) {
        double u = uniform(&seed), v = uniform(&seed);
        switch (kind) {
        case 0:
            d->a[i] = floor(11.0 * u);
            d->b[i] = 0.6 * d->a[i] + 4.0 * v;
            break;
        case 1:
            d->a[i] = 1e6 + u;
            d->b[i] = -1e6 + u + 0.5 * v;
            break;
        default:
            d->a[i] = (u - 0.5) * pow(10.0, floor(6.0 * v) - 2.0);
            d->b[i] = (v - 0.3) * 50.0 + d->a[i];
            break;
        }
        d->w[i] = uniform(&seed) < 0.1 ? 0.0 : 3.0 * uniform(&seed);
    }
}

/* |got − want| within `tol` × scale, with a message naming the figure and the case (data, k). */
static void
assert_near(const char *what, const char *data, int k, double got, long double want,
            long double scale, double tol)
{
    long double err = fabsl((long double)got - want);
    ck_assert_msg(err <= (long double)tol * scale,
                  "%s (%s, %d): %.17g, two-pass %.17Lg (error %.3Lg, allowed %.3Lg)", what,
                  data, k, got, want, err, (long double)tol * scale);
}

/* The relative error a one-pass variance may carry over n rows: about n·κ·u, with κ² = 1 +
 * mean²·W/M2 the condition number of the data (T. F. Chan, G. H. Golub & R. J. LeVeque,
 * "Algorithms for computing the sample variance: analysis and recommendations", The American
 * Statistician 37(3):242–247, 1983), with a factor 8 of room. */
static double
one_pass_tolerance(long double mean, long double m2, long double w, size_t n)
{
    double kappa = m2 > 0 ? (double)sqrtl(1.0L + mean * mean * w / m2) : 1.0;
    return 8.0 * (double)n * kappa * (DBL_EPSILON / 2.0);
}

/* Cuts [0, n) at k − 1 random points (sorted; shards may be empty): cut[0] = 0, cut[k] = n. */
static void
random_cuts(size_t n, int k, uint64_t *seed, size_t *cut)
{
    cut[0] = 0;
    cut[k] = n;
    for (int s = 1; s < k; s++)
        cut[s] = (size_t)(splitmix(seed) % (n + 1));
    for (int s = 1; s < k; s++) /* insertion sort of the inner cuts */
        for (int t = s; t > 1 && cut[t - 1] > cut[t]; t--) {
            size_t x = cut[t];
            cut[t] = cut[t - 1];
            cut[t - 1] = x;
        }
}

/* ---- moments against two passes -------------------------------------------------------------- */

/* Shards added row by row (weights or unit weights), merged into the first in turn and, from
 * the last, into an empty accumulator: both merged totals against the two-pass figures. */
static void
check_shards(const Data *d, int weighted, int k, uint64_t *seed)
{
    const double *w = weighted ? d->w : NULL;
    size_t cut[8];
    random_cuts(ROWS, k, seed, cut);
    CxMoments um[7];
    CxCoMoments bm[7];
    memset(um, 0, sizeof um);
    memset(bm, 0, sizeof bm);
    for (int s = 0; s < k; s++)
        for (size_t i = cut[s]; i < cut[s + 1]; i++) {
            if (weighted) {
                cx_moments_add_weighted(&um[s], d->a[i], w[i]);
                cx_comoments_add_weighted(&bm[s], d->a[i], d->b[i], w[i]);
            } else {
                cx_moments_add(&um[s], d->a[i]);
                cx_comoments_add(&bm[s], d->a[i], d->b[i]);
            }
        }
    CxMoments u = um[0], ur = { 0 };
    CxCoMoments c = bm[0], cr = { 0 };
    for (int s = 1; s < k; s++) {
        ck_assert(cx_moments_merge(&u, &um[s]));
        ck_assert(cx_comoments_merge(&c, &bm[s]));
    }
    for (int s = k - 1; s >= 0; s--) {
        ck_assert(cx_moments_merge(&ur, &um[s]));
        ck_assert(cx_comoments_merge(&cr, &bm[s]));
    }

    const Ref r = two_pass(d->a, d->b, w, ROWS);
    const double tol_a = one_pass_tolerance(r.mean_a, r.m2_a, r.w, ROWS);
    const double tol_b = one_pass_tolerance(r.mean_b, r.m2_b, r.w, ROWS);
    const long double sd_a = sqrtl(r.m2_a / r.w), sd_b = sqrtl(r.m2_b / r.w);
    const CxMoments *us[2] = { &u, &ur };
    const CxCoMoments *cs[2] = { &c, &cr };
    for (int t = 0; t < 2; t++) {
        const CxMoments *m = us[t];
        const CxCoMoments *p = cs[t];
        ck_assert_uint_eq(m->n, ROWS); /* every row, weight 0 included */
        ck_assert_uint_eq(p->n, ROWS);
        if (!weighted) {
            /* Sums of ones: exact. */
            ck_assert(m->w == ROWS && m->w2 == ROWS && p->w == ROWS && p->w2 == ROWS);
        }
        /* Σw and Σw² are plain sums: n·u at most (Higham 2002, §4.2). */
        assert_near("Σw", d->name, k, m->w, r.w, r.w, ROWS * DBL_EPSILON);
        assert_near("Σw²", d->name, k, m->w2, r.w2, r.w2, ROWS * DBL_EPSILON);
        assert_near("mean", d->name, k, m->mean, r.mean_a, sd_a, tol_a);
        assert_near("M2", d->name, k, m->m2, r.m2_a, r.m2_a, tol_a);
        assert_near("pair Σw", d->name, k, p->w, r.w, r.w, ROWS * DBL_EPSILON);
        assert_near("pair mean a", d->name, k, p->mean_a, r.mean_a, sd_a, tol_a);
        assert_near("pair mean b", d->name, k, p->mean_b, r.mean_b, sd_b, tol_b);
        assert_near("pair M2 a", d->name, k, p->m2_a, r.m2_a, r.m2_a, tol_a);
        assert_near("pair M2 b", d->name, k, p->m2_b, r.m2_b, r.m2_b, tol_b);
        assert_near("co-moment", d->name, k, p->co, r.co, sqrtl(r.m2_a * r.m2_b),
                    fmax(tol_a, tol_b));
        /* The pair's first variable is the univariate moments of a, bit for bit. */
        ck_assert(same_bits(p->mean_a, m->mean) && same_bits(p->m2_a, m->m2));
    }
}

START_TEST(moments_match_two_passes)
{
    static const int shards[] = { 1, 2, 7 };
    uint64_t seed = 11;
    for (int kind = 0; kind < 3; kind++) {
        Data *d = malloc(sizeof *d);
        make_data(d, kind, 100 + (uint64_t)kind);
        for (int weighted = 0; weighted < 2; weighted++)
            for (size_t s = 0; s < G_N_ELEMENTS(shards); s++)
                for (int trial = 0; trial < 5; trial++)
                    check_shards(d, weighted, shards[s], &seed);
        free(d);
    }
}
END_TEST

/* ---- unit weights are the unweighted formulas, bit for bit ----------------------------------- */

static void
assert_same_as_plain(const CxMoments *m, const CxCoMoments *c, const Plain *p, const char *when)
{
    ck_assert_msg(m->n == p->n && c->n == p->n, "%s: counts", when);
    ck_assert_msg(m->w == (double)p->n && m->w2 == (double)p->n && c->w == (double)p->n &&
                      c->w2 == (double)p->n,
                  "%s: Σw and Σw² are not the count", when);
    ck_assert_msg(same_bits(m->mean, p->mean_a) && same_bits(m->m2, p->m2_a),
                  "%s: univariate (%.17g, %.17g) against Welford (%.17g, %.17g)", when, m->mean,
                  m->m2, p->mean_a, p->m2_a);
    ck_assert_msg(same_bits(c->mean_a, p->mean_a) && same_bits(c->mean_b, p->mean_b) &&
                      same_bits(c->m2_a, p->m2_a) && same_bits(c->m2_b, p->m2_b) &&
                      same_bits(c->co, p->co),
                  "%s: bivariate differs from Welford's", when);
}

START_TEST(unit_weights_are_welford_bit_for_bit)
{
    uint64_t seed = 5;
    for (int kind = 0; kind < 3; kind++) {
        Data *d = malloc(sizeof *d);
        make_data(d, kind, 7 + (uint64_t)kind);
        /* One row at a time. */
        CxMoments m = { 0 };
        CxCoMoments c = { 0 };
        Plain p = { 0 };
        for (size_t i = 0; i < ROWS; i++) {
            cx_moments_add(&m, d->a[i]);
            cx_comoments_add(&c, d->a[i], d->b[i]);
            plain_add(&p, d->a[i], d->b[i]);
            char when[64];
            snprintf(when, sizeof when, "%s data, after row %zu", d->name, i);
            assert_same_as_plain(&m, &c, &p, when);
        }
        /* Shards, merged with Chan et al.'s formulas. */
        for (int k = 2; k <= 7; k += 5) {
            size_t cut[8];
            random_cuts(ROWS, k, &seed, cut);
            CxMoments mm = { 0 };
            CxCoMoments cm = { 0 };
            Plain pm = { 0 };
            for (int s = 0; s < k; s++) {
                CxMoments ms = { 0 };
                CxCoMoments cs = { 0 };
                Plain ps = { 0 };
                for (size_t i = cut[s]; i < cut[s + 1]; i++) {
                    cx_moments_add(&ms, d->a[i]);
                    cx_comoments_add(&cs, d->a[i], d->b[i]);
                    plain_add(&ps, d->a[i], d->b[i]);
                }
                cx_moments_merge(&mm, &ms);
                cx_comoments_merge(&cm, &cs);
                plain_merge(&pm, &ps);
                char when[64];
                snprintf(when, sizeof when, "%s data, %d shards, after shard %d", d->name, k, s);
                assert_same_as_plain(&mm, &cm, &pm, when);
            }
        }
        free(d);
    }
}
END_TEST

START_TEST(weights_are_the_former_west_loop)
{
    Data *d = malloc(sizeof *d);
    make_data(d, 2, 21);
    CxMoments m = { 0 }, shard = { 0 }, merged = { 0 };
    West w = { 0 }, wshard = { 0 }, wmerged = { 0 };
    for (size_t i = 0; i < ROWS; i++) {
        cx_moments_add_weighted(&m, d->a[i], d->w[i]);
        west_add(&w, d->a[i], d->w[i]);
        cx_moments_add_weighted(&shard, d->b[i], d->w[i]);
        west_add(&wshard, d->b[i], d->w[i]);
        if (i % 97 == 96) { /* shards of 97 rows */
            cx_moments_merge(&merged, &shard);
            west_merge(&wmerged, &wshard);
            shard = (CxMoments){ 0 };
            wshard = (West){ 0 };
        }
        ck_assert(same_bits(m.w, w.w) && same_bits(m.w2, w.w2) && same_bits(m.mean, w.mean) &&
                  same_bits(m.m2, w.m2));
        ck_assert(same_bits(merged.w, wmerged.w) && same_bits(merged.w2, wmerged.w2) &&
                  same_bits(merged.mean, wmerged.mean) && same_bits(merged.m2, wmerged.m2));
    }
    ck_assert_uint_eq(m.n, ROWS);
    free(d);

    /* The first row of weight: M2 stays 0, however far from 0 the value and whatever the weight;
     * the mean is the value up to the rounding of (x·w)/w. */
    uint64_t seed = 9;
    for (int i = 0; i < 1000; i++) {
        const double x = 1e6 + uniform(&seed), wx = 3.0 * uniform(&seed) + 1e-3;
        CxMoments one = { 0 };
        CxCoMoments two = { 0 };
        cx_moments_add_weighted(&one, 5.0, 0.0); /* a row of weight 0 first changes nothing */
        cx_moments_add_weighted(&one, x, wx);
        cx_comoments_add_weighted(&two, x, -x, wx);
        ck_assert(one.m2 == 0.0 && two.m2_a == 0.0 && two.m2_b == 0.0 && two.co == 0.0);
        ck_assert(fabs(one.mean - x) <= x * DBL_EPSILON && two.mean_a == one.mean);
    }
}
END_TEST

/* ---- the exact constructors ------------------------------------------------------------------ */

/* One rounding: within half an ulp of the exact value (long double is exact here). */
static void
assert_rounded_once(const char *what, double got, long double want)
{
    ck_assert_msg(fabsl((long double)got - want) <= fabsl(want) * (DBL_EPSILON / 2.0) + 1e-300L,
                  "%s: %.17g, exact %.20Lg", what, got, want);
}

START_TEST(exact_moments_are_rounded_once)
{
    uint64_t seed = 3;
    for (int trial = 0; trial < 200; trial++) {
        const size_t n = 1 + splitmix(&seed) % 256;
        const double scale = (double)(1 + splitmix(&seed) % 22);
        int64_t sa = 0, qa = 0, sb = 0, qb = 0, sab = 0;
        double a[256], b[256];
        for (size_t i = 0; i < n; i++) {
            int64_t x = (int64_t)(splitmix(&seed) % 1025) - 512;
            int64_t y = (int64_t)(splitmix(&seed) % 15) - 7;
            sa += x, qa += x * x, sb += y, qb += y * y, sab += x * y;
            a[i] = (double)x / scale; /* only for the reference: rounded, so compared loosely */
            b[i] = (double)y;
        }
        const CxMoments m = cx_moments_exact(n, sa, qa, scale);
        const CxCoMoments c = cx_comoments_exact(n, sa, qa, sb, qb, sab, scale, 1.0);
        /* Exact values in long double: n·q − s² and the sums are integers below 2^40. */
        const long double ln = (long double)n, ls = (long double)scale;
        assert_rounded_once("mean", m.mean, (long double)sa / (ln * ls));
        assert_rounded_once("M2", m.m2, ((long double)((int64_t)n * qa - sa * sa)) / (ln * ls * ls));
        assert_rounded_once("co", c.co, ((long double)((int64_t)n * sab - sa * sb)) / (ln * ls));
        ck_assert(same_bits(c.mean_a, m.mean) && same_bits(c.m2_a, m.m2));
        ck_assert(m.n == n && m.w == (double)n && m.w2 == (double)n && c.n == n);
        /* And the data's two passes agree. */
        const Ref r = two_pass(a, b, NULL, n);
        assert_near("exact M2 against two passes", "integer", 1, m.m2, r.m2_a, r.m2_a + 1.0, 1e-12);
    }
    const CxMoments z = cx_moments_exact(0, 0, 0, 1.0);
    ck_assert(z.n == 0 && z.w == 0.0 && z.mean == 0.0 && z.m2 == 0.0);
}
END_TEST

/* ---- deserialized moments ------------------------------------------------------------------ */

START_TEST(validity_rules)
{
    CxMoments ok = cx_moments_unweighted(10, 4.5, 82.5);
    ck_assert(cx_moments_valid(&ok, 10));
    ck_assert(!cx_moments_valid(&ok, 9)); /* n above the limit */
    CxMoments bad = ok;
    bad.mean = NAN;
    ck_assert(!cx_moments_valid(&bad, 10));
    bad = ok;
    bad.m2 = -1e-300;
    ck_assert(!cx_moments_valid(&bad, 10));
    bad = ok;
    bad.w2 = INFINITY;
    ck_assert(!cx_moments_valid(&bad, 10));
    /* Weights: Σw² ≤ (Σw)² ≤ n·Σw². */
    CxMoments wm = { 4, 6.0, 10.0, 1.0, 2.0 };
    ck_assert(cx_moments_valid(&wm, 4));
    wm.w2 = 40.0; /* above (Σw)² = 36 */
    ck_assert(!cx_moments_valid(&wm, 4));
    wm.w2 = 8.0; /* (Σw)² = 36 above n·Σw² = 32 */
    ck_assert(!cx_moments_valid(&wm, 4));
    wm = (CxMoments){ 4, -1.0, 0.0, 0.0, 0.0 };
    ck_assert(!cx_moments_valid(&wm, 4));
    /* Rows of weight 0 only: n > 0, all else 0. */
    wm = (CxMoments){ 3, 0.0, 0.0, 0.0, 0.0 };
    ck_assert(cx_moments_valid(&wm, 3));
    /* No rows: all zero. */
    CxMoments empty = { 0 };
    ck_assert(cx_moments_valid(&empty, 0));
    empty.mean = 1.0;
    ck_assert(!cx_moments_valid(&empty, 5));
    empty = (CxMoments){ 0, 1.0, 1.0, 0.0, 0.0 };
    ck_assert(!cx_moments_valid(&empty, 5));

    CxCoMoments c = cx_comoments_unweighted(5, 1.0, 2.0, 3.0, 4.0, -2.5);
    ck_assert(cx_comoments_valid(&c, 5));
    c.co = NAN;
    ck_assert(!cx_comoments_valid(&c, 5));
    c = cx_comoments_unweighted(5, 1.0, 2.0, 3.0, -4.0, 1.0);
    ck_assert(!cx_comoments_valid(&c, 5));
    c = cx_comoments_unweighted(0, 0.0, 0.0, 0.0, 0.0, 1.0);
    ck_assert(!cx_comoments_valid(&c, 5));
    c = cx_comoments_unweighted(0, 0.0, 0.0, 0.0, 0.0, 0.0);
    ck_assert(cx_comoments_valid(&c, 0));
}
END_TEST

START_TEST(a_count_that_would_wrap_is_refused)
{
    CxMoments a = cx_moments_unweighted(UINT64_MAX - 1, 2.0, 3.0), b = { 0 }, before;
    cx_moments_add(&b, 7.0);
    cx_moments_add(&b, 9.0);
    before = a;
    ck_assert(!cx_moments_merge(&a, &b));
    ck_assert(memcmp(&a, &before, sizeof a) == 0);
    CxMoments one = { 0 };
    cx_moments_add(&one, 1.0); /* one more row fits */
    ck_assert(cx_moments_merge(&a, &one));
    ck_assert_uint_eq(a.n, UINT64_MAX);

    CxCoMoments c = cx_comoments_unweighted(UINT64_MAX, 2.0, 3.0, 4.0, 5.0, 1.0), d = { 0 }, keep;
    cx_comoments_add_weighted(&d, 1.0, 2.0, 0.0); /* a row of weight 0 still counts */
    keep = c;
    ck_assert(!cx_comoments_merge(&c, &d));
    ck_assert(memcmp(&c, &keep, sizeof c) == 0);
}
END_TEST

START_TEST(rows_of_weight_zero_count_and_change_nothing_else)
{
    CxMoments m = { 0 };
    CxCoMoments c = { 0 };
    for (int i = 0; i < 4; i++) {
        cx_moments_add_weighted(&m, 5.0 + i, 0.0);
        cx_comoments_add_weighted(&c, 5.0 + i, 1.0, 0.0);
    }
    ck_assert_uint_eq(m.n, 4);
    ck_assert(m.w == 0.0 && m.w2 == 0.0 && m.mean == 0.0 && m.m2 == 0.0);
    ck_assert(isnan(cx_moments_mean(&m)));
    ck_assert(cx_moments_valid(&m, 4));
    CxMoments x = { 0 };
    cx_moments_add_weighted(&x, 3.0, 2.0);
    ck_assert(cx_moments_merge(&m, &x)); /* into moments with rows but no weight */
    ck_assert(m.n == 5 && m.w == 2.0 && m.mean == 3.0 && cx_moments_mean(&m) == 3.0);
    CxCoMoments y = { 0 };
    cx_comoments_add_weighted(&y, 3.0, 4.0, 2.0);
    ck_assert(cx_comoments_merge(&y, &c)); /* from co-moments with rows but no weight */
    ck_assert(y.n == 5 && y.w == 2.0 && y.mean_a == 3.0 && y.mean_b == 4.0 && y.co == 0.0);
}
END_TEST

START_TEST(pairs_are_numbered_row_by_row)
{
    ck_assert_uint_eq(cx_pair_count(0), 0);
    ck_assert_uint_eq(cx_pair_count(1), 0);
    for (size_t k = 2; k <= 257; k++) {
        size_t next = 0;
        for (size_t i = 0; i + 1 < k; i++)
            for (size_t j = i + 1; j < k; j++, next++)
                if (cx_pair_index(k, i, j) != next)
                    ck_abort_msg("k %zu: pair (%zu, %zu) at %zu, expected %zu", k, i, j,
                                 cx_pair_index(k, i, j), next);
        ck_assert_uint_eq(cx_pair_count(k), next);
    }
}
END_TEST

/* ---- the moments of alpha's pairs ------------------------------------------------------------ */

/* The pairs' co-moments of an alpha state (format 3: a(tddddd) after the items; the payload
 * between the 8-byte header and the 4-byte checksum). */
static CxCoMoments *
alpha_pairs(const CxAlpha *a, size_t *count)
{
    uint8_t *bytes;
    size_t len;
    ck_assert_int_eq(cx_alpha_serialize(a, &bytes, &len), CX_OK);
    GVariant *v = g_variant_ref_sink(g_variant_new_from_data(
        G_VARIANT_TYPE("(tttttt(tdd)a(tddddd)a(tddddd))"), bytes + 8, len - 12, FALSE, NULL, NULL));
    GVariant *pairs = g_variant_get_child_value(v, 8);
    *count = g_variant_n_children(pairs);
    CxCoMoments *out = calloc(*count, sizeof *out);
    for (size_t p = 0; p < *count; p++) {
        guint64 n;
        double ma, m2a, mb, m2b, co;
        g_variant_get_child(pairs, p, "(tddddd)", &n, &ma, &m2a, &mb, &m2b, &co);
        out[p] = cx_comoments_unweighted(n, ma, m2a, mb, m2b, co);
    }
    g_variant_unref(pairs);
    g_variant_unref(v);
    cx_free(bytes);
    return out;
}

/* cx_alpha_add_rows() computes each pair's moments from a block's columns (block.c's pair sums,
 * two passes); cx_alpha_add() one row at a time. Both against the two-pass figures of the rows
 * answering both items, with answers missing at random and without. */
START_TEST(alpha_pairs_from_blocks_match_two_passes)
{
    enum { K = 4, N = 700 };
    uint64_t seed = 17;
    for (int missing = 0; missing < 2; missing++) {
        double *rows = malloc(N * K * sizeof *rows);
        for (size_t r = 0; r < N; r++)
            for (size_t i = 0; i < K; i++)
                rows[r * K + i] = missing && splitmix(&seed) % 5 == 0
                                      ? (double)NAN
                                      : 1.0 + (double)(splitmix(&seed) % 7) + 0.25 * (double)i;
        CxAlpha *bulk = NULL, *one = NULL;
        ck_assert_int_eq(cx_alpha_new(K, CX_MISSING_PAIRWISE, &bulk), CX_OK);
        ck_assert_int_eq(cx_alpha_new(K, CX_MISSING_PAIRWISE, &one), CX_OK);
        ck_assert_int_eq(cx_alpha_add_rows(bulk, rows, N), CX_OK);
        for (size_t r = 0; r < N; r++)
            ck_assert_int_eq(cx_alpha_add(one, rows + r * K), CX_OK);
        size_t nb, no;
        CxCoMoments *pb = alpha_pairs(bulk, &nb), *po = alpha_pairs(one, &no);
        ck_assert_uint_eq(nb, cx_pair_count(K));
        ck_assert_uint_eq(no, nb);
        for (size_t i = 0; i + 1 < K; i++)
            for (size_t j = i + 1; j < K; j++) {
                double a[N], b[N];
                size_t n = 0;
                for (size_t r = 0; r < N; r++)
                    if (!isnan(rows[r * K + i]) && !isnan(rows[r * K + j])) {
                        a[n] = rows[r * K + i];
                        b[n++] = rows[r * K + j];
                    }
                const Ref ref = two_pass(a, b, NULL, n);
                const CxCoMoments *both[2] = { &pb[cx_pair_index(K, i, j)],
                                               &po[cx_pair_index(K, i, j)] };
                for (int t = 0; t < 2; t++) {
                    const CxCoMoments *p = both[t];
                    const char *how = t == 0 ? "blocks" : "one row at a time";
                    const int at = (int)cx_pair_index(K, i, j);
                    ck_assert_uint_eq(p->n, n);
                    assert_near("pair M2 a", how, at, p->m2_a, ref.m2_a, ref.m2_a, 1e-12);
                    assert_near("pair M2 b", how, at, p->m2_b, ref.m2_b, ref.m2_b, 1e-12);
                    assert_near("pair co-moment", how, at, p->co, ref.co,
                                sqrtl(ref.m2_a * ref.m2_b), 1e-12);
                    assert_near("pair mean a", how, at, p->mean_a, ref.mean_a, 1.0, 1e-13);
                }
            }
        free(pb);
        free(po);
        cx_alpha_free(bulk);
        cx_alpha_free(one);
        free(rows);
    }
}
END_TEST

static Suite *
moments_suite(void)
{
    Suite *s = suite_create("moments");
    TCase *m = tcase_create("moments");
    tcase_add_test(m, moments_match_two_passes);
    tcase_add_test(m, unit_weights_are_welford_bit_for_bit);
    tcase_add_test(m, weights_are_the_former_west_loop);
    tcase_add_test(m, exact_moments_are_rounded_once);
    tcase_add_test(m, validity_rules);
    tcase_add_test(m, a_count_that_would_wrap_is_refused);
    tcase_add_test(m, rows_of_weight_zero_count_and_change_nothing_else);
    tcase_add_test(m, pairs_are_numbered_row_by_row);
    tcase_add_test(m, alpha_pairs_from_blocks_match_two_passes);
    suite_add_tcase(s, m);
    return s;
}

int
main(void)
{
    return cx_test_run(moments_suite());
}
