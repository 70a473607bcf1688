/* SPDX-License-Identifier: MIT */
/*
 * Customer loyalty index from three 0–10 answers (see cx-loyalty.h and docs/loyalty.md): the
 * "mean" variant (mean of item means × 10) and the "net" variant (mean of the items' net scores),
 * as practice computes them; the reference file LOYALTY.md documents both.
 * Per item the state is the bins of a tally of the answers 0–10 (core/tally-private.h: a weighted
 * histogram, order-independent, exact merges in counts) and its missing and rejected answers; the
 * respondent-level scores behind the intervals are kept as weighted moments (West 1979, merged
 * after Chan et al. 1979: core/moments-private.h).
 */
#include <cxscore/cx-compare.h>
#include <cxscore/cx-error.h>
#include <cxscore/cx-loyalty.h>

#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/moments-private.h"
#include "core/state-private.h"
#include "core/tally-private.h"
#include "stats/distributions-private.h"
#include "core/util-private.h"
#include "score/abi-private.h"

#define ITEMS 3
#define POINTS 11 /* answers 0–10 */

struct CxLoyaltyIndex {
    int mode;
    uint64_t respondents, complete, excluded, rejected_weight;
    CxTallyBin bins[ITEMS * POINTS]; /* item j's answer v at j·POINTS + v */
    uint64_t missing[ITEMS];
    uint64_t rejected[ITEMS]; /* for any reason (cx_answer_classify()): one total is reported */
    CxMoments mean_score, net_score; /* complete respondents: n = complete */
};

int
cx_loyalty_index_new(int missing_mode, CxLoyaltyIndex **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (missing_mode != CX_MISSING_PAIRWISE && missing_mode != CX_MISSING_LISTWISE)
        return CX_E_INVALID_ARGUMENT;
    CxLoyaltyIndex *li = g_try_new0(CxLoyaltyIndex, 1);
    if (!li)
        return CX_E_NO_MEMORY;
    li->mode = missing_mode;
    *out = li;
    return CX_OK;
}

void
cx_loyalty_index_free(CxLoyaltyIndex *index)
{
    g_free(index);
}

int
cx_loyalty_index_reset(CxLoyaltyIndex *index)
{
    if (!index)
        return CX_E_INVALID_ARGUMENT;
    int mode = index->mode;
    memset(index, 0, sizeof *index);
    index->mode = mode;
    return CX_OK;
}

int
cx_loyalty_index_copy(const CxLoyaltyIndex *index, CxLoyaltyIndex **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!index)
        return CX_E_INVALID_ARGUMENT;
    *out = g_try_new(CxLoyaltyIndex, 1);
    if (!*out)
        return CX_E_NO_MEMORY;
    **out = *index;
    return CX_OK;
}

int
cx_loyalty_index_add(CxLoyaltyIndex *li, const double answers[3], double weight)
{
    if (!li || !answers)
        return CX_E_INVALID_ARGUMENT;
    li->respondents++;
    int valid[ITEMS], all = 1;
    for (int j = 0; j < ITEMS; j++) {
        const int what = cx_answer_classify(answers[j], 0.0, POINTS - 1);
        valid[j] = what == CX_ANSWER_VALID;
        if (what == CX_ANSWER_MISSING)
            li->missing[j]++;
        else if (!valid[j])
            li->rejected[j]++;
        all &= valid[j];
    }
    if (!isfinite(weight) || weight < 0.0) {
        li->rejected_weight++;
        return CX_OK;
    }
    if (li->mode == CX_MISSING_LISTWISE && !all) {
        li->excluded++;
        return CX_OK;
    }
    double sum = 0.0, code = 0.0;
    for (int j = 0; j < ITEMS; j++) {
        if (!valid[j])
            continue;
        int v = (int)answers[j];
        cx_tally_bin_add(&li->bins[j * POINTS + v], weight);
        sum += answers[j];
        code += v >= 9 ? 1.0 : v <= 6 ? -1.0 : 0.0;
    }
    if (all) {
        li->complete++;
        cx_moments_add_weighted(&li->mean_score, 10.0 * sum / 3.0, weight);
        cx_moments_add_weighted(&li->net_score, 100.0 * code / 3.0, weight);
    }
    return CX_OK;
}

int
cx_loyalty_index_merge(CxLoyaltyIndex *dst, const CxLoyaltyIndex *src)
{
    if (!dst || !src || dst == src)
        return CX_E_INVALID_ARGUMENT;
    if (dst->mode != src->mode)
        return CX_E_MISMATCH;
    CxLoyaltyIndex sum = *dst;
    int ok = cx_u64_add(sum.respondents, src->respondents, &sum.respondents) &&
             cx_u64_add(sum.complete, src->complete, &sum.complete) &&
             cx_u64_add(sum.excluded, src->excluded, &sum.excluded) &&
             cx_u64_add(sum.rejected_weight, src->rejected_weight, &sum.rejected_weight);
    for (int j = 0; j < ITEMS && ok; j++)
        ok = cx_u64_add(sum.missing[j], src->missing[j], &sum.missing[j]) &&
             cx_u64_add(sum.rejected[j], src->rejected[j], &sum.rejected[j]);
    if (!ok || !cx_tally_bins_fit(sum.bins, src->bins, ITEMS * POINTS))
        return CX_E_OVERFLOW;
    cx_tally_bins_merge(sum.bins, src->bins, ITEMS * POINTS);
    /* Their row counts are `complete`, which did not overflow. */
    cx_moments_merge(&sum.mean_score, &src->mean_score);
    cx_moments_merge(&sum.net_score, &src->net_score);
    *dst = sum;
    return CX_OK;
}

/* t-interval of a weighted mean with Kish's n_eff (n − 1 degrees of freedom unweighted); returns
 * the standard error, NaN if undefined. */
static double
t_interval(const CxMoments *m, double level, double *lo, double *hi)
{
    *lo = *hi = CX_NAN;
    double n_eff = cx_kish_n_eff(m->w, m->w2);
    if (!(n_eff > 1.0))
        return CX_NAN;
    double se = sqrt(m->m2 / m->w / (n_eff - 1.0)); /* = sd/√n_eff with sd² = m2/w·n/(n−1) */
    double q = cx_t_quantile(1.0 - (1.0 - level) / 2.0, n_eff - 1.0);
    *lo = m->mean - q * se;
    *hi = m->mean + q * se;
    return se;
}

int
cx_loyalty_index_result(const CxLoyaltyIndex *li, double level, CxLoyaltyIndexResult *out)
{
    if (!li || !out || !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    CxLoyaltyIndexResult r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.respondents = li->respondents;
    r.complete = li->complete;
    r.excluded = li->excluded;
    r.rejected_weight = li->rejected_weight;
    r.level = level;
    r.missing_mode = li->mode;
    int status = CX_OK;
    double mean_sum = 0.0, net_sum = 0.0;
    for (int j = 0; j < ITEMS; j++) {
        r.missing[j] = li->missing[j];
        r.rejected[j] = li->rejected[j];
        double total = 0.0, sum = 0.0, promoters = 0.0, detractors = 0.0;
        for (int v = 0; v < POINTS; v++) {
            const CxTallyBin *bin = &li->bins[j * POINTS + v];
            r.n[j] += bin->count;
            double w = cx_sum_value(&bin->weight);
            total += w;
            sum += w * v;
            if (v >= 9)
                promoters += w;
            else if (v <= 6)
                detractors += w;
        }
        if (!isfinite(total) || !isfinite(sum)) {
            /* Weights near the largest double: Σw or Σw·v overflowed. No figure is right. */
            r.item_mean[j] = r.item_net[j] = CX_NAN;
            status = CX_E_OVERFLOW;
            continue;
        }
        if (!(total > 0.0)) {
            r.item_mean[j] = r.item_net[j] = CX_NAN;
            if (status == CX_OK)
                status = CX_E_EMPTY;
            continue;
        }
        r.item_mean[j] = sum / total;
        r.item_net[j] = 100.0 * ((promoters - detractors) / total); /* no overflow at 1e307 */
        mean_sum += r.item_mean[j];
        net_sum += r.item_net[j];
    }
    if (status == CX_OK) {
        r.mean_index = 10.0 * mean_sum / 3.0;
        r.net_index = net_sum / 3.0;
    } else {
        r.mean_index = r.net_index = CX_NAN;
    }
    /* Clipped to the range the index can take (0–100; −100…100), like the adjusted-Wald NPS
     * interval: a t-interval of a bounded score can overshoot with few respondents. */
    r.mean_index_se = t_interval(&li->mean_score, level, &r.mean_index_ci_lower,
                                 &r.mean_index_ci_upper);
    r.net_index_se = t_interval(&li->net_score, level, &r.net_index_ci_lower,
                                &r.net_index_ci_upper);
    /* fmax/fmin would turn an undefined (NaN) bound into the range's end: clip numbers only. */
    if (!isnan(r.mean_index_ci_lower)) {
        r.mean_index_ci_lower = fmax(r.mean_index_ci_lower, 0.0);
        r.mean_index_ci_upper = fmin(r.mean_index_ci_upper, 100.0);
    }
    if (!isnan(r.net_index_ci_lower)) {
        r.net_index_ci_lower = fmax(r.net_index_ci_lower, -100.0);
        r.net_index_ci_upper = fmin(r.net_index_ci_upper, 100.0);
    }
    /* Weights whose squares leave a double (beyond about 1e154, below about 1e-154): no n_eff,
     * hence no interval. Before, Σw² that underflowed gave an n_eff beyond n or infinite. */
    const double n_eff = cx_kish_n_eff(li->mean_score.w, li->mean_score.w2);
    r.n_eff = isfinite(n_eff) ? n_eff : 0.0;
    if (li->mean_score.w > 0.0 && !isfinite(n_eff)) {
        status = CX_E_OVERFLOW;
        r.mean_index = r.net_index = CX_NAN;
        for (int j = 0; j < ITEMS; j++)
            r.item_mean[j] = r.item_net[j] = CX_NAN;
    }
    int copy = cx_struct_out(out, &r, sizeof r, CX_ABI_LOYALTY_INDEX_RESULT);
    return copy != CX_OK ? copy : status;
}

/* Welch's t-test of one variant (cx_mean_compare()); NaN figures when it is undefined. */
static void
welch(double mean_a, double se_a, double n_a, double mean_b, double se_b, double n_b,
      double level, double *se, double *t, double *df, double *p, double *lo, double *hi)
{
    CxMeanComparison c = { .size = sizeof c };
    *se = *t = *df = *p = *lo = *hi = CX_NAN;
    if (cx_mean_compare(mean_a, se_a, n_a, mean_b, se_b, n_b, level, &c) != CX_OK)
        return;
    *se = c.se;
    *t = c.t;
    *df = c.df;
    *p = c.p_value;
    *lo = c.ci_lower;
    *hi = c.ci_upper;
}

int
cx_loyalty_index_compare(const CxLoyaltyIndexResult *a, const CxLoyaltyIndexResult *b,
                         double level, CxLoyaltyIndexComparison *out)
{
    if (!a || !b || !out || !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    /* Reads mean_index, net_index, their standard errors and n_eff. */
    if (!cx_struct_holds(a, CX_STRUCT_END(CxLoyaltyIndexResult, n_eff)) ||
        !cx_struct_holds(b, CX_STRUCT_END(CxLoyaltyIndexResult, n_eff)))
        return CX_E_STRUCT_SIZE;
    if (isnan(a->mean_index) || isnan(b->mean_index))
        return CX_E_EMPTY;
    CxLoyaltyIndexComparison c;
    memset(&c, 0, sizeof c);
    c.size = sizeof c;
    c.level = level;
    c.mean_diff = a->mean_index - b->mean_index;
    c.net_diff = a->net_index - b->net_index;
    welch(a->mean_index, a->mean_index_se, a->n_eff, b->mean_index, b->mean_index_se, b->n_eff,
          level, &c.mean_se, &c.mean_t, &c.mean_df, &c.mean_p_value, &c.mean_ci_lower,
          &c.mean_ci_upper);
    welch(a->net_index, a->net_index_se, a->n_eff, b->net_index, b->net_index_se, b->n_eff,
          level, &c.net_se, &c.net_t, &c.net_df, &c.net_p_value, &c.net_ci_lower,
          &c.net_ci_upper);
    return cx_struct_out(out, &c, sizeof c, CX_ABI_LOYALTY_INDEX_COMPARISON);
}

/* ---- serialization ----------------------------------------------------------------------------
 * Framing in state-private.h (magic "CXLI"). Payload of format version 2 (format 1 had no checksum):
 *   (i mode, t respondents, t complete, t excluded, t rejected_weight,
 *    at counts[3][11], ad weights (Σw and its compensation per item and value: 66),
 *    at missing[3], at rejected[3], (dddd) mean-score moments, (dddd) net-score moments: Σw,
 *    Σw², mean, M2, over `complete` rows)
 * A later format bumps the version; this code refuses versions it does not know (CX_E_VERSION).
 */
#define LI_MAGIC "CXLI"
#define LI_FORMAT_VERSION 2 /* 1 had no checksum: not read */
#define LI_STATE_TYPE_V1 "(ittttatadatat(dddd)(dddd))"
#define LI_STATE_FORMAT_V1 "(itttt@at@ad@at@at(dddd)(dddd))"

int
cx_loyalty_index_serialize(const CxLoyaltyIndex *index, uint8_t **bytes, size_t *len)
{
    if (!index || !bytes || !len)
        return CX_E_INVALID_ARGUMENT;
    *bytes = NULL;
    *len = 0;
    const CxMoments *a = &index->mean_score, *b = &index->net_score;
    GVariant *state = g_variant_new(
        LI_STATE_FORMAT_V1, (gint32)index->mode, (guint64)index->respondents,
        (guint64)index->complete, (guint64)index->excluded, (guint64)index->rejected_weight,
        cx_tally_bins_counts(index->bins, ITEMS * POINTS),
        cx_tally_bins_weights(index->bins, ITEMS * POINTS),
        g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64, index->missing, ITEMS, 8),
        g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64, index->rejected, ITEMS, 8), a->w, a->w2,
        a->mean, a->m2, b->w, b->w2, b->mean, b->m2);
    return cx_state_pack(LI_MAGIC, LI_FORMAT_VERSION, state, bytes, len);
}

/* True if moments m of scores in [lo, hi] can be: the mean in the range (when there is weight),
 * and M2 within Popoviciu's bound Σw·(hi − lo)²/4 on Σw(x − mean)² (T. Popoviciu, "Sur les
 * équations algébriques ayant toutes leurs racines réelles", Mathematica 9:129–145, 1935), with
 * room for rounding. */
static int
scores_fit(const CxMoments *m, double lo, double hi)
{
    if (!(m->w > 0.0))
        return 1;
    const double tol = 1e-9 * (hi - lo);
    return m->mean >= lo - tol && m->mean <= hi + tol &&
           m->m2 <= m->w * (hi - lo) * (hi - lo) / 4.0 * (1.0 + 1e-9);
}

/* The checks a deserialized state must pass besides each field's own (issue 21: a state with
 * inconsistent weight moments gave n_eff = inf and SE 0 with CX_OK). Every respondent is
 * counted once: complete, excluded (listwise), of a rejected weight, or (pairwise) incomplete;
 * each item's answers, missing and rejected ones are at most the respondents, and the item's
 * scored answers include every complete respondent's (all of them, listwise). The two score
 * moments come from the same rows and weights, so their Σw and Σw² are equal bit for bit, and
 * the complete respondents' Σw is at most each item's (up to the sums' rounding). */
static int
consistent(const CxLoyaltyIndex *li)
{
    uint64_t accounted;
    if (!cx_u64_add(li->complete, li->excluded, &accounted) ||
        !cx_u64_add(accounted, li->rejected_weight, &accounted) || accounted > li->respondents)
        return 0;
    if (li->mode == CX_MISSING_PAIRWISE && li->excluded != 0)
        return 0;
    if (li->mode == CX_MISSING_LISTWISE && accounted != li->respondents)
        return 0;
    const CxMoments *a = &li->mean_score, *b = &li->net_score;
    if (memcmp(&a->w, &b->w, sizeof a->w) != 0 || memcmp(&a->w2, &b->w2, sizeof a->w2) != 0)
        return 0;
    if (!scores_fit(a, 0.0, 100.0) || !scores_fit(b, -100.0, 100.0))
        return 0;
    for (int j = 0; j < ITEMS; j++) {
        uint64_t answered = 0, all;
        double weight = 0.0;
        for (int v = 0; v < POINTS; v++) {
            answered += li->bins[j * POINTS + v].count; /* bounded by cx_tally_bins_load() */
            weight += cx_sum_value(&li->bins[j * POINTS + v].weight);
        }
        if (!cx_u64_add(answered, li->missing[j], &all) ||
            !cx_u64_add(all, li->rejected[j], &all) || all > li->respondents ||
            answered < li->complete ||
            (li->mode == CX_MISSING_LISTWISE && answered != li->complete))
            return 0;
        if (isfinite(weight) && !(a->w <= weight * (1.0 + 1e-9)))
            return 0;
    }
    return 1;
}

int
cx_loyalty_index_deserialize(const uint8_t *bytes, size_t len, CxLoyaltyIndex **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    GVariant *state = NULL;
    int status = cx_state_unpack(bytes, len, LI_MAGIC, LI_FORMAT_VERSION, LI_STATE_TYPE_V1,
                                 &state, NULL);
    if (status != CX_OK)
        return status;
    gint32 mode;
    guint64 respondents, complete, excluded, rejected_weight;
    GVariant *counts, *weights, *missing, *rejected;
    CxMoments a = { 0 }, b = { 0 };
    g_variant_get(state, LI_STATE_FORMAT_V1, &mode, &respondents, &complete, &excluded,
                  &rejected_weight, &counts, &weights, &missing, &rejected, &a.w, &a.w2, &a.mean,
                  &a.m2, &b.w, &b.w2, &b.mean, &b.m2);
    CxLoyaltyIndex *li = NULL;
    status = cx_loyalty_index_new(mode, &li);
    if (status == CX_E_INVALID_ARGUMENT)
        status = CX_E_CORRUPT; /* no such mode */
    if (status != CX_OK)
        goto out;
    status = CX_E_CORRUPT;
    gsize nc, nw, nm, nr;
    const guint64 *c = g_variant_get_fixed_array(counts, &nc, 8);
    const double *w = g_variant_get_fixed_array(weights, &nw, 8);
    const guint64 *mi = g_variant_get_fixed_array(missing, &nm, 8);
    const guint64 *rj = g_variant_get_fixed_array(rejected, &nr, 8);
    /* The scores' moments count the complete respondents (weight 0 included). */
    a.n = b.n = complete;
    if (nc != ITEMS * POINTS || nw != 2 * nc || nm != ITEMS || nr != ITEMS ||
        complete > respondents || excluded > respondents || !cx_moments_valid(&a, complete) ||
        !cx_moments_valid(&b, complete))
        goto out;
    li->respondents = respondents;
    li->complete = complete;
    li->excluded = excluded;
    li->rejected_weight = rejected_weight;
    for (int j = 0; j < ITEMS; j++) {
        uint64_t item;
        status = cx_tally_bins_load(&li->bins[j * POINTS], POINTS, c + j * POINTS,
                                    w + 2 * j * POINTS, &item);
        if (status != CX_OK)
            goto out;
        li->missing[j] = mi[j];
        li->rejected[j] = rj[j];
    }
    li->mean_score = a;
    li->net_score = b;
    status = CX_E_CORRUPT;
    if (!consistent(li))
        goto out;
    status = CX_OK;
out:
    g_variant_unref(counts);
    g_variant_unref(weights);
    g_variant_unref(missing);
    g_variant_unref(rejected);
    g_variant_unref(state);
    if (status != CX_OK) {
        cx_loyalty_index_free(li);
        return status;
    }
    *out = li;
    return CX_OK;
}
