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

#include <float.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/histogram-private.h"
#include "score/abi-private.h"
#include "core/state-private.h"
#include "core/tally-private.h"
#include "stats/distributions-private.h"
#include "core/util-private.h"

#define NPS_VALUES 11
_Static_assert(NPS_VALUES == CX_HIST_BINS, "the histogram kernels count the 0–10 scale");

/* The answers 0–10 (core/tally-private.h). Every add reserves room for its answers first
 * (cx_tally_reserve()), so no count, nor the result's sums of counts, can wrap. The tally lives
 * in the accumulator's own block, just after this struct: one allocation per accumulator, which
 * is what a segment of `cxscore nps --by` costs (docs/performance.md). */
struct CxNps {
    CxTally *tally;
};

/* Where the tally starts in an accumulator's block. */
#define NPS_TALLY_AT                                                                               \
    ((sizeof(CxNps) + _Alignof(CxTally) - 1) / _Alignof(CxTally) * _Alignof(CxTally))

/* A new accumulator holding a copy of `tally` (freed), or NULL (and the tally freed) without
 * memory. */
static CxNps *
nps_of(CxTally *tally)
{
    const size_t bytes = tally ? cx_tally_size(tally->points) : 0;
    CxNps *nps = tally ? g_try_malloc(NPS_TALLY_AT + bytes) : NULL;
    if (nps) {
        nps->tally = (CxTally *)((char *)nps + NPS_TALLY_AT);
        memcpy(nps->tally, tally, bytes);
    }
    cx_tally_free(tally);
    return nps;
}

int
cx_nps_new(CxNps **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = nps_of(cx_tally_new(0, NPS_VALUES));
    return *out ? CX_OK : CX_E_NO_MEMORY;
}

void
cx_nps_free(CxNps *nps)
{
    if (!nps)
        return;
    g_free(nps); /* the tally with it */
}

int
cx_nps_reset(CxNps *nps)
{
    if (!nps)
        return CX_E_INVALID_ARGUMENT;
    cx_tally_reset(nps->tally);
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
    *out = nps_of(cx_tally_copy(nps->tally));
    return *out ? CX_OK : CX_E_NO_MEMORY;
}

int
cx_nps_merge(CxNps *dst, const CxNps *src)
{
    if (!dst || !src || dst == src)
        return CX_E_INVALID_ARGUMENT;
    return cx_tally_merge(dst->tally, src->tally); /* dst unchanged on overflow */
}

/* ---- adding ---------------------------------------------------------------------------------- */

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
    if (!cx_tally_reserve(nps->tally, 1))
        return CX_E_OVERFLOW;
    if (score < 0 || score > 10)
        cx_tally_reject(nps->tally, CX_REJECT_OUT_OF_RANGE, 1);
    else
        cx_tally_add(nps->tally, (size_t)score, weight);
    return CX_OK;
}

/* Unweighted bytes: the 0–10 histogram (histogram.c, vectorized), folded into the state. */
static void
add_u8_unweighted(CxTally *t, const uint8_t *scores, size_t n)
{
    uint64_t hist[CX_HIST_BINS] = { 0 };
    cx_tally_reject(t, CX_REJECT_OUT_OF_RANGE, cx_hist11_u8(scores, n, hist));
    cx_tally_add_counts(t, hist);
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
add_u8_weighted(CxTally *t, const uint8_t *scores, const double *weights, size_t n)
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
                    cx_tally_reject(t, CX_REJECT_OUT_OF_RANGE, 1);
                } else if (!isfinite(w[i])) {
                    cx_tally_reject(t, CX_REJECT_WEIGHT_INVALID, 1);
                } else if (w[i] < 0.0) {
                    cx_tally_reject(t, CX_REJECT_WEIGHT_NEGATIVE, 1);
                } else {
                    hist[s[i]]++;
                    w1[s[i]][i % CX_WSUM_LANES] += w[i];
                    w2[i % CX_WSUM_LANES] += w[i] * w[i];
                }
            }
        }
        double sums[NPS_VALUES], sq = 0.0;
        for (int v = 0; v < NPS_VALUES; v++) {
            sums[v] = 0.0;
            for (int lane = 0; lane < CX_WSUM_LANES; lane++)
                sums[v] += w1[v][lane];
        }
        for (int lane = 0; lane < CX_WSUM_LANES; lane++)
            sq += w2[lane];
        cx_tally_add_block(t, hist, sums, sq);
    }
}

int
cx_nps_add_u8(CxNps *nps, const uint8_t *scores, const double *weights, size_t n)
{
    if (!nps || (!scores && n > 0))
        return CX_E_INVALID_ARGUMENT;
    if (!cx_tally_reserve(nps->tally, n))
        return CX_E_OVERFLOW;
    if (weights)
        add_u8_weighted(nps->tally, scores, weights, n);
    else
        add_u8_unweighted(nps->tally, scores, n);
    return CX_OK;
}

int
cx_nps_add_int(CxNps *nps, const int *scores, const double *weights, size_t n)
{
    if (!nps || (!scores && n > 0))
        return CX_E_INVALID_ARGUMENT;
    CxTally *t = nps->tally;
    if (!cx_tally_reserve(t, n))
        return CX_E_OVERFLOW;
    if (!weights) {
        /* Unweighted: a histogram added as counts, the same bits as adding 1.0 per answer. */
        uint64_t hist[CX_HIST_BINS] = { 0 };
        cx_tally_reject(t, CX_REJECT_OUT_OF_RANGE, cx_hist11_int(scores, n, hist));
        cx_tally_add_counts(t, hist);
        return CX_OK;
    }
    for (size_t i = 0; i < n; i++) {
        if (scores[i] < 0 || scores[i] > 10)
            cx_tally_reject(t, CX_REJECT_OUT_OF_RANGE, 1);
        else
            cx_tally_add(t, (size_t)scores[i], weights[i]);
    }
    return CX_OK;
}

int
cx_nps_add_double(CxNps *nps, const double *scores, const double *weights, size_t n)
{
    if (!nps || (!scores && n > 0))
        return CX_E_INVALID_ARGUMENT;
    CxTally *t = nps->tally;
    if (!cx_tally_reserve(t, n))
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
                cx_tally_add_number(t, x, 1.0);
        }
        cx_tally_add_counts(t, hist);
        return CX_OK;
    }
    for (size_t i = 0; i < n; i++)
        cx_tally_add_number(t, scores[i], weights[i]);
    return CX_OK;
}

int
cx_nps_add_text(CxNps *nps, const char *text, size_t len, double weight)
{
    if (!nps || (!text && len > 0))
        return CX_E_INVALID_ARGUMENT;
    if (!cx_tally_reserve(nps->tally, 1))
        return CX_E_OVERFLOW;
    cx_tally_add_text(nps->tally, text, len, weight);
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
    if (!cx_tally_reserve(nps->tally, total))
        return CX_E_OVERFLOW;
    cx_tally_add_counts(nps->tally, counts);
    return CX_OK;
}

int
cx_nps_add_missing(CxNps *nps, uint64_t count)
{
    if (!nps)
        return CX_E_INVALID_ARGUMENT;
    if (!cx_tally_reserve(nps->tally, count))
        return CX_E_OVERFLOW;
    cx_tally_add_missing(nps->tally, count);
    return CX_OK;
}

/* ---- results --------------------------------------------------------------------------------- */

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

    const CxTally *t = nps->tally;
    for (int v = 0; v < NPS_VALUES; v++)
        r.counts[v] = t->bin[v].count;
    for (int v = 0; v <= 6; v++) {
        r.detractors += r.counts[v];
        r.weight_detractors += cx_tally_weight(t, (size_t)v);
    }
    for (int v = 7; v <= 8; v++) {
        r.passives += r.counts[v];
        r.weight_passives += cx_tally_weight(t, (size_t)v);
    }
    for (int v = 9; v <= 10; v++) {
        r.promoters += r.counts[v];
        r.weight_promoters += cx_tally_weight(t, (size_t)v);
    }
    r.n = r.detractors + r.passives + r.promoters;
    CX_TALLY_RESULT_COUNTS(r, t);
    r.weight_total = r.weight_detractors + r.weight_passives + r.weight_promoters;

    int status = CX_OK;
    /* Weights beyond about 1e154 overflow Σw² (and Σw for ~1e308); below about 1e-154 Σw² is 0
     * or subnormal: then n_eff is NaN or not finite. */
    double n_eff = cx_kish_n_eff(r.weight_total, cx_sum_value(&t->weight_sq));
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
    c.level = level;
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
 * Framing in state-private.h (magic "CXNP"). Payload of format version 2 (format 1 had no checksum), type NPS_STATE_TYPE_V1:
 * the tally of the answers 0–10 (core/tally-private.h), as
 *   (at counts[11], t missing, at rejected[5], ad Σw and its compensation for each value (22),
 *    d Σw², d its compensation)
 * A later format bumps the version; this code refuses versions it does not know with CX_E_VERSION.
 */
#define NPS_MAGIC "CXNP"
#define NPS_FORMAT_VERSION 2 /* 1 had no checksum: not read */
#define NPS_STATE_TYPE_V1 "(" CX_TALLY_FIELDS ")"

int
cx_nps_serialize(const CxNps *nps, uint8_t **bytes, size_t *len)
{
    if (!nps || !bytes || !len)
        return CX_E_INVALID_ARGUMENT;
    *bytes = NULL;
    *len = 0;
    GVariantBuilder state;
    g_variant_builder_init(&state, G_VARIANT_TYPE(NPS_STATE_TYPE_V1));
    cx_tally_build(nps->tally, &state);
    return cx_state_pack(NPS_MAGIC, NPS_FORMAT_VERSION, g_variant_builder_end(&state), bytes,
                         len);
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
    CxNps *nps = NULL;
    status = cx_nps_new(&nps);
    if (status == CX_OK)
        status = cx_tally_read(nps->tally, state, 0);
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
