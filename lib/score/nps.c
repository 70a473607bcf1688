/* SPDX-License-Identifier: MIT */
/*
 * Net Promoter Score accumulator and statistics. Formulas and sources (see docs/nps.md):
 *
 * - Categories and score: Reichheld, "The One Number You Need to Grow", Harvard Business Review,
 *   December 2003. Detractors 0–6, passives 7–8, promoters 9–10; NPS = %P − %D.
 * - Variance of the ±1/0 code: p + d − (p − d)², dividing by n, as the R package NPS
 *   (nps_var) does. SE = √(var/n).
 * - Survey weights: weighted shares and Kish's effective sample size n_eff = (Σw)²/Σw²
 *   (L. Kish, Survey Sampling, Wiley 1965), which replaces n in every variance.
 * - Adjusted Wald interval: Sauro & Lewis; MeasuringU, "Confidence intervals for Net Promoter
 *   Scores" (2021): add 0.75 promoter, 0.75 detractor and 1.5 passive pseudo-answers.
 * - Tango score interval: T. Tango, "Equivalence test and confidence interval for the difference
 *   in proportions for the paired-sample design", Statistics in Medicine 17:891–908 (1998),
 *   applied to NPS = p − d as in B. Rocks, "Interval estimation for the Net Promoter Score",
 *   The American Statistician 70(4), 2016. The constrained ML detractor share has a closed form
 *   (derived in docs/nps.md).
 * - Difference of two independent scores: normal approximation with SE = √(var₁/n₁ + var₂/n₂).
 * - Sample size: n = ⌈z²·var/m²⌉.
 */
#include <cxscore/cx-error.h>
#include <cxscore/cx-nps.h>
#include <cxscore/cx-cell.h>

#include <float.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/histogram-private.h"
#include "score/abi-private.h"
#include "core/state-private.h"
#include "stats/distributions-private.h"
#include "core/util-private.h"

enum {
    NPS_VALUES = 11,
    REJECT_OUT_OF_RANGE = 0,
    REJECT_NOT_INTEGER,
    REJECT_NOT_A_NUMBER,
    REJECT_WEIGHT_NEGATIVE,
    REJECT_WEIGHT_INVALID,
    REJECT_REASONS
};

struct CxNps {
    uint64_t counts[NPS_VALUES]; /* valid answers by value */
    uint64_t missing;
    uint64_t rejected[REJECT_REASONS];
    CxSum weight[NPS_VALUES];    /* Σw by value */
    CxSum weight_sq;             /* Σw² over valid answers */
    uint64_t answers;            /* every answer held: valid + missing + rejected (not serialized) */
};

/* Reserves room for `n` more answers; false (and nothing reserved) if the total would pass
 * 2⁶⁴ − 1, so that no count, nor the result's sums of counts, can wrap. */
static int
reserve(CxNps *nps, uint64_t n)
{
    return cx_u64_add(nps->answers, n, &nps->answers);
}


int
cx_nps_new(CxNps **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = g_try_new0(CxNps, 1);
    return *out ? CX_OK : CX_E_NO_MEMORY;
}

void
cx_nps_free(CxNps *nps)
{
    g_free(nps);
}

int
cx_nps_reset(CxNps *nps)
{
    if (!nps)
        return CX_E_INVALID_ARGUMENT;
    memset(nps, 0, sizeof *nps);
    return CX_OK;
}

int
cx_nps_copy(const CxNps *nps, CxNps **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!nps)
        return CX_E_INVALID_ARGUMENT;
    *out = g_try_new(CxNps, 1);
    if (!*out)
        return CX_E_NO_MEMORY;
    **out = *nps;
    return CX_OK;
}

int
cx_nps_merge(CxNps *dst, const CxNps *src)
{
    if (!dst || !src || dst == src)
        return CX_E_INVALID_ARGUMENT;

    /* Check every count first so that an overflow leaves dst unchanged. */
    CxNps sum = *dst;
    for (int i = 0; i < NPS_VALUES; i++)
        if (!cx_u64_add(sum.counts[i], src->counts[i], &sum.counts[i]))
            return CX_E_OVERFLOW;
    if (!cx_u64_add(sum.missing, src->missing, &sum.missing))
        return CX_E_OVERFLOW;
    for (int i = 0; i < REJECT_REASONS; i++)
        if (!cx_u64_add(sum.rejected[i], src->rejected[i], &sum.rejected[i]))
            return CX_E_OVERFLOW;
    if (!reserve(&sum, src->answers))
        return CX_E_OVERFLOW;
    for (int i = 0; i < NPS_VALUES; i++)
        cx_sum_merge(&sum.weight[i], &src->weight[i]);
    cx_sum_merge(&sum.weight_sq, &src->weight_sq);
    *dst = sum;
    return CX_OK;
}

/* ---- adding ---------------------------------------------------------------------------------- */

/* A valid answer 0–10 with a weight still to check. The callers have reserved room for it
 * (reserve()), so no count can overflow. */
static inline void
add_valid(CxNps *nps, unsigned score, double weight)
{
    if (G_UNLIKELY(!isfinite(weight))) {
        nps->rejected[REJECT_WEIGHT_INVALID]++;
        return;
    }
    if (G_UNLIKELY(weight < 0.0)) {
        nps->rejected[REJECT_WEIGHT_NEGATIVE]++;
        return;
    }
    nps->counts[score]++;
    cx_sum_add(&nps->weight[score], weight);
    cx_sum_add(&nps->weight_sq, weight * weight);
}

/* Classifies a numeric answer (NaN = missing) and adds it. */
static void
add_number(CxNps *nps, double value, double weight)
{
    if (isnan(value)) {
        nps->missing++;
    } else if (isinf(value)) { /* a cell that held text (cxscore.h) */
        nps->rejected[REJECT_NOT_A_NUMBER]++;
    } else if (value > floor(value)) { /* finite and not whole */
        nps->rejected[REJECT_NOT_INTEGER]++;
    } else if (value < 0.0 || value > 10.0) {
        nps->rejected[REJECT_OUT_OF_RANGE]++;
    } else {
        add_valid(nps, (unsigned)value, weight);
    }
}

int
cx_nps_add(CxNps *nps, int score)
{
    return cx_nps_add_weighted(nps, score, 1.0);
}

int
cx_nps_add_weighted(CxNps *nps, int score, double weight)
{
    if (!nps)
        return CX_E_INVALID_ARGUMENT;
    if (!reserve(nps, 1))
        return CX_E_OVERFLOW;
    if (score < 0 || score > 10)
        nps->rejected[REJECT_OUT_OF_RANGE]++;
    else
        add_valid(nps, (unsigned)score, weight);
    return CX_OK;
}

/* Adds counts[v] unweighted answers of each value v; room reserved by the caller. Sums of ones
 * are exact below 2⁵³, so adding a count equals adding 1.0 that many times. */
static void
add_counts_reserved(CxNps *nps, const uint64_t counts[NPS_VALUES])
{
    for (int v = 0; v < NPS_VALUES; v++) {
        if (counts[v] == 0)
            continue;
        nps->counts[v] += counts[v];
        cx_sum_add(&nps->weight[v], (double)counts[v]);
        cx_sum_add(&nps->weight_sq, (double)counts[v]);
    }
}

/* Unweighted bytes: the 0–10 histogram (histogram.c, vectorized), folded into the state. */
static void
add_u8_unweighted(CxNps *nps, const uint8_t *scores, size_t n)
{
    uint64_t hist[CX_HIST_BINS] = { 0 };
    nps->rejected[REJECT_OUT_OF_RANGE] += cx_hist11_u8(scores, n, hist);
    add_counts_reserved(nps, hist);
}

/* Weighted bytes, in blocks of WEIGHT_BLOCK answers. A block whose answers and weights are all
 * valid (the usual case) is counted by the histogram kernel and its weights summed by the
 * weighted kernel (histogram.c) into eight interleaved sets of bins, independent chains the CPU
 * overlaps; a block with a bad answer or weight is redone on the careful path, which counts each
 * rejection by its reason and sums the valid answers in the same lanes. Each block's partial sums
 * then enter the state through the compensated sum. A partial sum of at most WEIGHT_BLOCK / 8
 * terms has a relative error below that many ulps (Higham, "Accuracy and Stability of Numerical
 * Algorithms", 2nd ed., §4.2), and the compensated totals do not grow it with the number of
 * blocks, so the result stays within a few hundred ulps of the exact sum however many answers
 * are added; every instruction-set level gives the same bits. */
#define WEIGHT_BLOCK 1024

static void
add_u8_weighted(CxNps *nps, const uint8_t *scores, const double *weights, size_t n)
{
    const CxSimdLevel level = cx_simd_best_level();
    for (size_t start = 0; start < n; start += WEIGHT_BLOCK) {
        const size_t len = n - start > WEIGHT_BLOCK ? WEIGHT_BLOCK : n - start;
        const uint8_t *s = scores + start;
        const double *w = weights + start;
        double w1[16][CX_WSUM_LANES], w2[CX_WSUM_LANES];
        uint64_t hist[CX_HIST_BINS] = { 0 };
        memset(w1, 0, sizeof w1);
        memset(w2, 0, sizeof w2);
        if (G_LIKELY(cx_wsum11_u8_at(level, s, w, len, w1, w2))) {
            cx_hist11_u8_at(level, s, len, hist);
        } else {
            memset(w1, 0, sizeof w1);
            memset(w2, 0, sizeof w2);
            for (size_t i = 0; i < len; i++) {
                if (s[i] > 10) {
                    nps->rejected[REJECT_OUT_OF_RANGE]++;
                } else if (!isfinite(w[i])) {
                    nps->rejected[REJECT_WEIGHT_INVALID]++;
                } else if (w[i] < 0.0) {
                    nps->rejected[REJECT_WEIGHT_NEGATIVE]++;
                } else {
                    hist[s[i]]++;
                    w1[s[i]][i % CX_WSUM_LANES] += w[i];
                    w2[i % CX_WSUM_LANES] += w[i] * w[i];
                }
            }
        }
        for (int v = 0; v < NPS_VALUES; v++) {
            if (hist[v] == 0)
                continue;
            nps->counts[v] += hist[v];
            double sum = 0.0;
            for (int lane = 0; lane < CX_WSUM_LANES; lane++)
                sum += w1[v][lane];
            cx_sum_add(&nps->weight[v], sum);
        }
        double sq = 0.0;
        for (int lane = 0; lane < CX_WSUM_LANES; lane++)
            sq += w2[lane];
        cx_sum_add(&nps->weight_sq, sq);
    }
}

int
cx_nps_add_u8(CxNps *nps, const uint8_t *scores, const double *weights, size_t n)
{
    if (!nps || (!scores && n > 0))
        return CX_E_INVALID_ARGUMENT;
    if (!reserve(nps, n))
        return CX_E_OVERFLOW;
    if (weights)
        add_u8_weighted(nps, scores, weights, n);
    else
        add_u8_unweighted(nps, scores, n);
    return CX_OK;
}

int
cx_nps_add_int(CxNps *nps, const int *scores, const double *weights, size_t n)
{
    if (!nps || (!scores && n > 0))
        return CX_E_INVALID_ARGUMENT;
    if (!reserve(nps, n))
        return CX_E_OVERFLOW;
    if (!weights) {
        /* Unweighted: a histogram added as counts, the same bits as adding 1.0 per answer. */
        uint64_t hist[CX_HIST_BINS] = { 0 };
        nps->rejected[REJECT_OUT_OF_RANGE] += cx_hist11_int(scores, n, hist);
        add_counts_reserved(nps, hist);
        return CX_OK;
    }
    for (size_t i = 0; i < n; i++) {
        if (scores[i] < 0 || scores[i] > 10)
            nps->rejected[REJECT_OUT_OF_RANGE]++;
        else
            add_valid(nps, (unsigned)scores[i], weights[i]);
    }
    return CX_OK;
}

int
cx_nps_add_double(CxNps *nps, const double *scores, const double *weights, size_t n)
{
    if (!nps || (!scores && n > 0))
        return CX_E_INVALID_ARGUMENT;
    if (!reserve(nps, n))
        return CX_E_OVERFLOW;
    if (!weights) {
        /* Unweighted: whole numbers 0–10 (the usual case) into a histogram added as counts,
         * anything else (NaN, 6.5, 11, −1, infinities) one by one. */
        uint64_t hist[NPS_VALUES] = { 0 };
        for (size_t i = 0; i < n; i++) {
            double x = scores[i];
            if (x >= 0.0 && x <= 10.0 && (double)(unsigned)x >= x) /* whole: truncation keeps it */
                hist[(unsigned)x]++;
            else
                add_number(nps, x, 1.0);
        }
        add_counts_reserved(nps, hist);
        return CX_OK;
    }
    for (size_t i = 0; i < n; i++)
        add_number(nps, scores[i], weights[i]);
    return CX_OK;
}

int
cx_nps_add_text(CxNps *nps, const char *text, size_t len, double weight)
{
    if (!nps || (!text && len > 0))
        return CX_E_INVALID_ARGUMENT;
    if (!reserve(nps, 1))
        return CX_E_OVERFLOW;
    double value = 0.0;
    switch (cx_cell_parse_number(text, len, &value)) {
    case CX_CELL_NUMBER:
        add_number(nps, value, weight);
        break;
    case CX_CELL_MISSING:
        nps->missing++;
        break;
    default:
        nps->rejected[REJECT_NOT_A_NUMBER]++;
        break;
    }
    return CX_OK;
}

int
cx_nps_add_counts(CxNps *nps, const uint64_t counts[NPS_VALUES])
{
    if (!nps || !counts)
        return CX_E_INVALID_ARGUMENT;
    uint64_t total = 0;
    for (int v = 0; v < NPS_VALUES; v++)
        if (!cx_u64_add(total, counts[v], &total))
            return CX_E_OVERFLOW;
    if (!reserve(nps, total))
        return CX_E_OVERFLOW;
    add_counts_reserved(nps, counts);
    return CX_OK;
}

int
cx_nps_add_missing(CxNps *nps, uint64_t count)
{
    if (!nps)
        return CX_E_INVALID_ARGUMENT;
    if (!reserve(nps, count))
        return CX_E_OVERFLOW;
    nps->missing += count;
    return CX_OK;
}

/* ---- results --------------------------------------------------------------------------------- */

/* Σw and Σw² from which Kish's n_eff = (Σw)²/Σw² can be computed: both finite and positive. A
 * weight beyond about 1e154 overflows Σw² (and Σw for ~1e308); one below about 1e-154 leaves
 * Σw² at 0 while Σw is positive. */
static int
weight_sums_ok(double w, double wsq)
{
    return isfinite(w) && isfinite(wsq) && w > 0.0 && wsq > 0.0;
}

/* p + d − (p − d)², clamped at 0 against rounding. */
static double
code_variance(double p, double d)
{
    double v = p + d - (p - d) * (p - d);
    return v > 0.0 ? v : 0.0;
}

int
cx_nps_result(const CxNps *nps, CxNpsResult *out)
{
    if (!nps || !out)
        return CX_E_INVALID_ARGUMENT;

    CxNpsResult r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;

    double w[NPS_VALUES];
    for (int v = 0; v < NPS_VALUES; v++) {
        r.counts[v] = nps->counts[v];
        w[v] = cx_sum_value(&nps->weight[v]);
    }
    for (int v = 0; v <= 6; v++) {
        r.detractors += nps->counts[v];
        r.weight_detractors += w[v];
    }
    for (int v = 7; v <= 8; v++) {
        r.passives += nps->counts[v];
        r.weight_passives += w[v];
    }
    for (int v = 9; v <= 10; v++) {
        r.promoters += nps->counts[v];
        r.weight_promoters += w[v];
    }
    r.n = r.detractors + r.passives + r.promoters;
    r.missing = nps->missing;
    r.rejected_out_of_range = nps->rejected[REJECT_OUT_OF_RANGE];
    r.rejected_not_integer = nps->rejected[REJECT_NOT_INTEGER];
    r.rejected_not_a_number = nps->rejected[REJECT_NOT_A_NUMBER];
    r.rejected_weight_negative = nps->rejected[REJECT_WEIGHT_NEGATIVE];
    r.rejected_weight_invalid = nps->rejected[REJECT_WEIGHT_INVALID];
    for (int i = 0; i < REJECT_REASONS; i++)
        r.rejected += nps->rejected[i];
    r.weight_total = r.weight_detractors + r.weight_passives + r.weight_promoters;

    int status = CX_OK;
    double wsq = cx_sum_value(&nps->weight_sq);
    /* Written as Σw·(Σw/Σw²) so that unweighted data gives exactly n. Not finite when Σw² is
     * subnormal. */
    double n_eff = weight_sums_ok(r.weight_total, wsq)
                       ? r.weight_total * (r.weight_total / wsq)
                       : CX_NAN;
    if (r.n == 0 || cx_is_zero(r.weight_total))
        status = CX_E_EMPTY;
    else if (!isfinite(n_eff))
        status = CX_E_OVERFLOW;
    if (status != CX_OK) {
        r.n_eff = 0.0;
        r.p_promoters = r.p_passives = r.p_detractors = CX_NAN;
        r.nps = r.variance = r.se = CX_NAN;
    } else {
        r.n_eff = n_eff;
        r.p_promoters = r.weight_promoters / r.weight_total;
        r.p_passives = r.weight_passives / r.weight_total;
        r.p_detractors = r.weight_detractors / r.weight_total;
        double score = r.p_promoters - r.p_detractors;
        r.nps = 100.0 * score;
        r.variance = code_variance(r.p_promoters, r.p_detractors);
        r.se = 100.0 * sqrt(r.variance / r.n_eff);
    }

    int copy = cx_struct_out(out, &r, sizeof r, CX_ABI_NPS_RESULT);
    return copy != CX_OK ? copy : status;
}

/* Checks that a caller-provided result is usable for inference; fills proportions and n. */
static int
result_inputs(const CxNpsResult *r, double *p, double *d, double *n)
{
    if (!r)
        return CX_E_INVALID_ARGUMENT;
    if (!cx_struct_holds(r, CX_STRUCT_END(CxNpsResult, p_detractors)))
        return CX_E_STRUCT_SIZE;
    if (r->n == 0 || !(r->n_eff > 0.0))
        return CX_E_EMPTY;
    if (!isfinite(r->n_eff) || !(r->p_promoters >= 0.0) || !(r->p_detractors >= 0.0) ||
        r->p_promoters + r->p_detractors > 1.0 + 1e-12)
        return CX_E_INVALID_ARGUMENT;
    *p = r->p_promoters;
    *d = r->p_detractors;
    *n = r->n_eff;
    return CX_OK;
}

/*
 * Tango's constrained maximum-likelihood detractor share under p − d = delta, for counts
 * (n·p promoters, n·pa passives, n·d detractors): the positive root of
 * 2n·t² − B·t − D·Δ(1 − Δ) = 0 with B = D(1 − 3Δ) − 2·Pa·Δ + P(1 − Δ). Returns the variance of
 * the ±1/0 code under that fit, 2t + Δ − Δ², divided by n.
 */
static double
tango_var_over_n(double P, double Pa, double D, double n, double delta)
{
    double B = D * (1.0 - 3.0 * delta) - 2.0 * Pa * delta + P * (1.0 - delta);
    double disc = B * B + 8.0 * n * D * delta * (1.0 - delta);
    if (disc < 0.0)
        disc = 0.0;
    double t = (B + sqrt(disc)) / (4.0 * n);
    double v = 2.0 * t + delta - delta * delta;
    return v > 0.0 ? v / n : 0.0;
}

/*
 * One Tango bound by bisection. `inside` is the observed score (where the statistic is 0) and
 * `outside` is −1 or 1. Keeps g(lo_out) > 0 (outside the interval) and g(in) ≤ 0, with
 * g(Δ) = |score − Δ| − z·√(var(Δ)/n), halving until the two ends are adjacent doubles.
 * If g never becomes positive before `outside`, the bound is `outside`.
 */
static double
tango_bound(double P, double Pa, double D, double n, double score, double z, double outside)
{
    double in = score, out = outside;
    double g_out = fabs(score - out) - z * sqrt(tango_var_over_n(P, Pa, D, n, out));
    if (!(g_out > 0.0))
        return outside;
    for (int i = 0; i < 200; i++) {
        double mid = in + (out - in) / 2.0;
        if (mid <= fmin(in, out) || mid >= fmax(in, out)) /* adjacent doubles */
            break;
        double g = fabs(score - mid) - z * sqrt(tango_var_over_n(P, Pa, D, n, mid));
        if (g > 0.0)
            out = mid;
        else
            in = mid;
    }
    return in;
}

int
cx_nps_interval(const CxNpsResult *result, double level, int method, double *lower,
                double *upper)
{
    if (!lower || !upper || !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    double p, d, n;
    int status = result_inputs(result, &p, &d, &n);
    if (status != CX_OK)
        return status;

    double z = cx_normal_z_for_level(level);
    double score = p - d;
    double lo, hi;
    switch (method) {
    case CX_NPS_CI_WALD: {
        double se = sqrt(code_variance(p, d) / n);
        lo = score - z * se;
        hi = score + z * se;
        break;
    }
    case CX_NPS_CI_ADJUSTED_WALD: {
        double n2 = n + 3.0;
        double p2 = (p * n + 0.75) / n2;
        double d2 = (d * n + 0.75) / n2;
        double se2 = sqrt(code_variance(p2, d2) / n2);
        lo = fmax(-1.0, (p2 - d2) - z * se2);
        hi = fmin(1.0, (p2 - d2) + z * se2);
        break;
    }
    case CX_NPS_CI_TANGO: {
        double P = p * n, D = d * n;
        double Pa = fmax(0.0, n - P - D);
        lo = tango_bound(P, Pa, D, n, score, z, -1.0);
        hi = tango_bound(P, Pa, D, n, score, z, 1.0);
        break;
    }
    default:
        return CX_E_INVALID_ARGUMENT;
    }
    *lower = 100.0 * lo;
    *upper = 100.0 * hi;
    return CX_OK;
}

int
cx_nps_compare(const CxNpsResult *a, const CxNpsResult *b, double level, CxNpsComparison *out)
{
    if (!a || !b || !out || !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    double pa, da, na, pb, db, nb;
    int status = result_inputs(a, &pa, &da, &na);
    if (status == CX_OK)
        status = result_inputs(b, &pb, &db, &nb);
    if (status != CX_OK)
        return status;

    CxNpsComparison c;
    memset(&c, 0, sizeof c);
    c.size = sizeof c;
    double diff = (pa - da) - (pb - db);
    double se = sqrt(code_variance(pa, da) / na + code_variance(pb, db) / nb);
    double z = cx_normal_z_for_level(level);
    c.diff = 100.0 * diff;
    c.se = 100.0 * se;
    if (se > 0.0)
        c.z = diff / se;
    else
        c.z = diff > 0.0 ? HUGE_VAL : diff < 0.0 ? -HUGE_VAL : 0.0;
    c.p_value = cx_normal_two_sided_p(c.z);
    c.ci_lower = 100.0 * (diff - z * se);
    c.ci_upper = 100.0 * (diff + z * se);
    return cx_struct_out(out, &c, sizeof c, CX_ABI_NPS_COMPARISON);
}

int
cx_nps_sample_size(double margin, double level, double p_promoters, double p_detractors,
                   uint64_t *n)
{
    if (!n || !cx_level_ok(level) || !isfinite(margin) || !(margin > 0.0) ||
        !(p_promoters >= 0.0 && p_promoters <= 1.0) ||
        !(p_detractors >= 0.0 && p_detractors <= 1.0) || p_promoters + p_detractors > 1.0)
        return CX_E_INVALID_ARGUMENT;
    double z = cx_normal_z_for_level(level);
    double m = margin / 100.0;
    double need = ceil(z * z * code_variance(p_promoters, p_detractors) / (m * m));
    if (!(need < 18446744073709551616.0)) /* 2^64 */
        return CX_E_OVERFLOW;
    *n = need < 1.0 ? 1 : (uint64_t)need;
    return CX_OK;
}

/* ---- serialization ----------------------------------------------------------------------------
 * Framing in state-private.h (magic "CXNP"). Payload of format version 1, type NPS_STATE_TYPE_V1:
 *   (at counts[11], t missing, at rejected[5], ad Σw and its compensation for each value (22),
 *    d Σw², d its compensation)
 * A later format bumps the version; this code refuses versions it does not know with CX_E_VERSION.
 */
#define NPS_MAGIC "CXNP"
#define NPS_FORMAT_VERSION 1
#define NPS_STATE_TYPE_V1 "(attataddd)"

int
cx_nps_serialize(const CxNps *nps, uint8_t **bytes, size_t *len)
{
    if (!nps || !bytes || !len)
        return CX_E_INVALID_ARGUMENT;
    *bytes = NULL;
    *len = 0;

    double w[2 * NPS_VALUES];
    for (int v = 0; v < NPS_VALUES; v++) {
        w[2 * v] = nps->weight[v].s;
        w[2 * v + 1] = nps->weight[v].c;
    }
    GVariant *counts = g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64, nps->counts, NPS_VALUES,
                                                 sizeof(uint64_t));
    GVariant *rejected = g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64, nps->rejected,
                                                   REJECT_REASONS, sizeof(uint64_t));
    GVariant *weights = g_variant_new_fixed_array(G_VARIANT_TYPE_DOUBLE, w, G_N_ELEMENTS(w),
                                                  sizeof(double));
    GVariant *state = g_variant_new("(@att@at@addd)", counts, nps->missing, rejected, weights,
                                    nps->weight_sq.s, nps->weight_sq.c);
    return cx_state_pack(NPS_MAGIC, NPS_FORMAT_VERSION, state, bytes, len);
}

static int
sum_ok(double s, double c)
{
    return isfinite(s) && isfinite(c) && s + c >= 0.0;
}

int
cx_nps_deserialize(const uint8_t *bytes, size_t len, CxNps **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    GVariant *state = NULL;
    int status = cx_state_unpack(bytes, len, NPS_MAGIC, NPS_FORMAT_VERSION,
                                 NPS_STATE_TYPE_V1, &state, NULL);
    if (status != CX_OK)
        return status;

    status = CX_E_CORRUPT;
    CxNps *nps = NULL;
    GVariant *counts = NULL, *rejected = NULL, *weights = NULL;
    guint64 missing;
    double wsq_s, wsq_c;
    g_variant_get(state, "(@att@at@addd)", &counts, &missing, &rejected, &weights, &wsq_s,
                  &wsq_c);
    gsize n_counts, n_rejected, n_weights;
    const guint64 *c = g_variant_get_fixed_array(counts, &n_counts, sizeof(guint64));
    const guint64 *rj = g_variant_get_fixed_array(rejected, &n_rejected, sizeof(guint64));
    const double *w = g_variant_get_fixed_array(weights, &n_weights, sizeof(double));
    if (n_counts != NPS_VALUES || n_rejected != REJECT_REASONS || n_weights != 2 * NPS_VALUES)
        goto out;

    status = cx_nps_new(&nps);
    if (status != CX_OK)
        goto out;
    status = CX_E_CORRUPT;
    uint64_t total = 0;
    for (int v = 0; v < NPS_VALUES; v++) {
        nps->counts[v] = c[v];
        nps->weight[v].s = w[2 * v];
        nps->weight[v].c = w[2 * v + 1];
        if (!sum_ok(w[2 * v], w[2 * v + 1]))
            goto out;
        /* No answers of a value means no weight for it. */
        if (c[v] == 0 && cx_sum_value(&nps->weight[v]) > 0.0)
            goto out;
        if (!cx_u64_add(total, c[v], &total)) {
            status = CX_E_OVERFLOW;
            goto out;
        }
    }
    nps->missing = missing;
    nps->answers = total;
    int fits = reserve(nps, missing);
    for (int i = 0; i < REJECT_REASONS; i++) {
        nps->rejected[i] = rj[i];
        fits = fits && reserve(nps, rj[i]);
    }
    if (!fits) {
        status = CX_E_OVERFLOW;
        goto out;
    }
    nps->weight_sq.s = wsq_s;
    nps->weight_sq.c = wsq_c;
    if (!sum_ok(wsq_s, wsq_c) || (total == 0 && wsq_s + wsq_c > 0.0))
        goto out;
    double w_total = 0.0;
    for (int v = 0; v < NPS_VALUES; v++)
        w_total += cx_sum_value(&nps->weight[v]);
    if (!cx_weight_sums_consistent(w_total, cx_sum_value(&nps->weight_sq), total))
        goto out;
    status = CX_OK;

out:
    if (counts)
        g_variant_unref(counts);
    if (rejected)
        g_variant_unref(rejected);
    if (weights)
        g_variant_unref(weights);
    g_variant_unref(state);
    if (status != CX_OK) {
        cx_nps_free(nps);
        return status;
    }
    *out = nps;
    return CX_OK;
}

/* ---- constants --------------------------------------------------------------------------------- */

int
cx_nps_category(int score, int *category)
{
    if (!category || score < 0 || score > 10)
        return CX_E_INVALID_ARGUMENT;
    *category = score >= 9 ? 1 : score >= 7 ? 0 : -1;
    return CX_OK;
}

int
cx_nps_promoter_min(void)
{
    return 9;
}

int
cx_nps_detractor_max(void)
{
    return 6;
}

static const char *const method_names[] = {
    [CX_NPS_CI_WALD] = "wald",
    [CX_NPS_CI_ADJUSTED_WALD] = "adjusted-wald",
    [CX_NPS_CI_TANGO] = "tango",
};

int
cx_nps_ci_method_from_name(const char *name)
{
    if (!name)
        return CX_E_INVALID_ARGUMENT;
    for (int i = 0; i < (int)G_N_ELEMENTS(method_names); i++)
        if (g_ascii_strcasecmp(name, method_names[i]) == 0)
            return i;
    return CX_E_INVALID_ARGUMENT;
}

const char *
cx_nps_ci_method_name(int method)
{
    if (method < 0 || method >= (int)G_N_ELEMENTS(method_names))
        return NULL;
    return method_names[method];
}
