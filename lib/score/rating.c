/* SPDX-License-Identifier: MIT */
/*
 * Rating-scale accumulator: CSAT, CES and any bounded integer scale (see cx-rating.h and
 * docs/loyalty.md for the formulas and their sources). The state is a histogram (counts and
 * compensated weight sums per scale point), so results do not depend on the order of answers
 * and merging is exact in counts.
 */
#include <cxscore/cx-error.h>
#include <cxscore/cx-cell.h>
#include <cxscore/cx-compare.h>
#include <cxscore/cx-rating.h>

#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/state-private.h"
#include "stats/distributions-private.h"
#include "core/util-private.h"
#include "score/abi-private.h"

#define MAX_POINTS 101

enum {
    REJ_OUT_OF_SCALE,
    REJ_NOT_INTEGER,
    REJ_NOT_A_NUMBER,
    REJ_WEIGHT_NEGATIVE,
    REJ_WEIGHT_INVALID,
    REJ_REASONS
};

struct CxRating {
    int32_t min, max, good_min, good_max, top;
    uint64_t counts[MAX_POINTS];
    CxSum weight[MAX_POINTS];
    CxSum weight_sq;
    uint64_t missing;
    uint64_t rejected[REJ_REASONS];
    uint64_t answers; /* every answer held: valid + missing + rejected (not serialized) */
};

/* Reserves room for `n` more answers; false (nothing reserved) if the total would pass 2⁶⁴ − 1,
 * so that no count, nor the result's sums of counts, can wrap. */
static int
reserve(CxRating *r, uint64_t n)
{
    return cx_u64_add(r->answers, n, &r->answers);
}

static int
bounds_ok(int min, int max, int good_min, int good_max, int top)
{
    return min < max && (long)max - (long)min < MAX_POINTS && good_min >= min &&
           good_max <= max && good_min <= good_max && top >= min && top <= max;
}

int
cx_rating_new(int min, int max, int good_min, int good_max, int top, CxRating **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!bounds_ok(min, max, good_min, good_max, top))
        return CX_E_INVALID_ARGUMENT;
    CxRating *r = g_try_new0(CxRating, 1);
    if (!r)
        return CX_E_NO_MEMORY;
    r->min = min;
    r->max = max;
    r->good_min = good_min;
    r->good_max = good_max;
    r->top = top;
    *out = r;
    return CX_OK;
}

int
cx_rating_new_preset(int preset, CxRating **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    switch (preset) {
    case CX_RATING_CSAT:
        return cx_rating_new(1, 5, 4, 5, 5, out);
    case CX_RATING_CES:
        return cx_rating_new(1, 7, 5, 7, 7, out);
    case CX_RATING_CES_1:
        return cx_rating_new(1, 5, 1, 2, 1, out);
    default:
        return CX_E_INVALID_ARGUMENT;
    }
}

int
cx_rating_preset_from_name(const char *name)
{
    static const char *const names[] = { "csat", "ces", "ces1" };
    for (int i = 0; name && i < 3; i++)
        if (g_ascii_strcasecmp(name, names[i]) == 0)
            return i;
    return CX_E_INVALID_ARGUMENT;
}

void
cx_rating_free(CxRating *rating)
{
    g_free(rating);
}

int
cx_rating_reset(CxRating *rating)
{
    if (!rating)
        return CX_E_INVALID_ARGUMENT;
    int32_t min = rating->min, max = rating->max, gmin = rating->good_min,
            gmax = rating->good_max, top = rating->top;
    memset(rating, 0, sizeof *rating);
    rating->min = min;
    rating->max = max;
    rating->good_min = gmin;
    rating->good_max = gmax;
    rating->top = top;
    return CX_OK;
}

int
cx_rating_copy(const CxRating *rating, CxRating **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!rating)
        return CX_E_INVALID_ARGUMENT;
    *out = g_try_new(CxRating, 1);
    if (!*out)
        return CX_E_NO_MEMORY;
    **out = *rating;
    return CX_OK;
}

int
cx_rating_merge(CxRating *dst, const CxRating *src)
{
    if (!dst || !src || dst == src)
        return CX_E_INVALID_ARGUMENT;
    if (dst->min != src->min || dst->max != src->max || dst->good_min != src->good_min ||
        dst->good_max != src->good_max || dst->top != src->top)
        return CX_E_MISMATCH;
    CxRating sum = *dst;
    for (int v = 0; v < MAX_POINTS; v++)
        if (!cx_u64_add(sum.counts[v], src->counts[v], &sum.counts[v]))
            return CX_E_OVERFLOW;
    if (!cx_u64_add(sum.missing, src->missing, &sum.missing))
        return CX_E_OVERFLOW;
    for (int i = 0; i < REJ_REASONS; i++)
        if (!cx_u64_add(sum.rejected[i], src->rejected[i], &sum.rejected[i]))
            return CX_E_OVERFLOW;
    if (!reserve(&sum, src->answers))
        return CX_E_OVERFLOW;
    for (int v = 0; v < MAX_POINTS; v++)
        cx_sum_merge(&sum.weight[v], &src->weight[v]);
    cx_sum_merge(&sum.weight_sq, &src->weight_sq);
    *dst = sum;
    return CX_OK;
}

/* ---- adding ------------------------------------------------------------------------------------ */

static void
add_number(CxRating *r, double x, double w)
{
    if (isnan(x)) {
        r->missing++;
    } else if (isinf(x)) {
        r->rejected[REJ_NOT_A_NUMBER]++;
    } else if (x > floor(x)) {
        r->rejected[REJ_NOT_INTEGER]++;
    } else if (x < r->min || x > r->max) {
        r->rejected[REJ_OUT_OF_SCALE]++;
    } else if (!isfinite(w)) {
        r->rejected[REJ_WEIGHT_INVALID]++;
    } else if (w < 0.0) {
        r->rejected[REJ_WEIGHT_NEGATIVE]++;
    } else {
        int i = (int)x - r->min;
        r->counts[i]++;
        cx_sum_add(&r->weight[i], w);
        cx_sum_add(&r->weight_sq, w * w);
    }
}

int
cx_rating_add(CxRating *rating, int value, double weight)
{
    if (!rating)
        return CX_E_INVALID_ARGUMENT;
    if (!reserve(rating, 1))
        return CX_E_OVERFLOW;
    add_number(rating, (double)value, weight);
    return CX_OK;
}

int
cx_rating_add_double(CxRating *rating, const double *values, const double *weights, size_t n)
{
    if (!rating || (!values && n > 0))
        return CX_E_INVALID_ARGUMENT;
    if (!reserve(rating, n))
        return CX_E_OVERFLOW;
    for (size_t i = 0; i < n; i++)
        add_number(rating, values[i], weights ? weights[i] : 1.0);
    return CX_OK;
}

int
cx_rating_add_text(CxRating *rating, const char *text, size_t len, double weight)
{
    if (!rating || (!text && len > 0))
        return CX_E_INVALID_ARGUMENT;
    if (!reserve(rating, 1))
        return CX_E_OVERFLOW;
    double v = 0.0;
    switch (cx_cell_parse_number(text, len, &v)) {
    case CX_CELL_NUMBER:
        add_number(rating, v, weight);
        break;
    case CX_CELL_MISSING:
        rating->missing++;
        break;
    default:
        rating->rejected[REJ_NOT_A_NUMBER]++;
        break;
    }
    return CX_OK;
}

/* ---- results ----------------------------------------------------------------------------------- */

int
cx_rating_result(const CxRating *rating, double level, CxRatingResult *out)
{
    if (!rating || !out || !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    const CxRating *r = rating;
    CxRatingResult res;
    memset(&res, 0, sizeof res);
    res.size = sizeof res;
    res.scale_min = r->min;
    res.scale_max = r->max;
    res.good_min = r->good_min;
    res.good_max = r->good_max;
    res.top = r->top;
    res.level = level;
    res.missing = r->missing;
    res.rejected_out_of_range = r->rejected[REJ_OUT_OF_SCALE];
    res.rejected_not_integer = r->rejected[REJ_NOT_INTEGER];
    res.rejected_not_a_number = r->rejected[REJ_NOT_A_NUMBER];
    res.rejected_weight_negative = r->rejected[REJ_WEIGHT_NEGATIVE];
    res.rejected_weight_invalid = r->rejected[REJ_WEIGHT_INVALID];
    for (int i = 0; i < REJ_REASONS; i++)
        res.rejected += r->rejected[i];

    const int points = r->max - r->min + 1;
    double w[MAX_POINTS], total = 0.0, good = 0.0, sum = 0.0;
    for (int i = 0; i < points; i++) {
        res.n += r->counts[i];
        w[i] = cx_sum_value(&r->weight[i]);
        total += w[i];
        sum += w[i] * (double)(r->min + i);
        if (r->min + i >= r->good_min && r->min + i <= r->good_max)
            good += w[i];
    }
    res.weight_total = total;
    double wsq = cx_sum_value(&r->weight_sq);
    int status = CX_OK;
    res.n_eff = res.mean = res.sd = res.se = res.mean_ci_lower = res.mean_ci_upper = CX_NAN;
    res.good = res.good_ci_lower = res.good_ci_upper = CX_NAN;
    res.top_box = res.top_box_ci_lower = res.top_box_ci_upper = CX_NAN;
    /* Σw·(Σw/Σw²): exactly n when unweighted. Weights beyond about 1e154 overflow Σw², below
     * about 1e-154 it underflows: then n_eff is not finite. */
    double n_eff = isfinite(total) && isfinite(wsq) && total > 0.0 && wsq > 0.0
                       ? total * (total / wsq)
                       : CX_NAN;
    if (res.n == 0 || cx_is_zero(total)) {
        status = CX_E_EMPTY;
    } else if (!isfinite(n_eff) || !isfinite(sum)) {
        status = CX_E_OVERFLOW;
    } else {
        double mean = sum / total, ss = 0.0;
        for (int i = 0; i < points; i++) {
            double d = (double)(r->min + i) - mean;
            ss += w[i] * d * d;
        }
        res.n_eff = n_eff;
        res.mean = mean;
        res.good = good / total;
        res.top_box = w[r->top - r->min] / total;
        if (n_eff > 1.0) {
            /* Population variance ss/Σw, rescaled to n_eff − 1: s² = ss/(n − 1) unweighted. */
            res.sd = sqrt(ss / total * n_eff / (n_eff - 1.0));
            res.se = res.sd / sqrt(n_eff);
            double q = cx_t_quantile(1.0 - (1.0 - level) / 2.0, n_eff - 1.0);
            res.mean_ci_lower = mean - q * res.se;
            res.mean_ci_upper = mean + q * res.se;
        }
        cx_wilson_interval(res.good * n_eff, n_eff, level, &res.good_ci_lower,
                           &res.good_ci_upper);
        cx_wilson_interval(res.top_box * n_eff, n_eff, level, &res.top_box_ci_lower,
                           &res.top_box_ci_upper);
    }
    int copy = cx_struct_out(out, &res, sizeof res, CX_ABI_RATING_RESULT);
    return copy != CX_OK ? copy : status;
}

/* Welch's t-test of the means and the two-proportion comparison of the good-band shares; sources
 * in cx-rating.h (Welch 1947; Newcombe 1998, method 10). */
int
cx_rating_compare(const CxRatingResult *a, const CxRatingResult *b, double level,
                  CxRatingComparison *out)
{
    if (!a || !b || !out || !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    /* Reads the scale and band, n, n_eff, mean, se and good. */
    if (!cx_struct_holds(a, CX_STRUCT_END(CxRatingResult, good)) ||
        !cx_struct_holds(b, CX_STRUCT_END(CxRatingResult, good)))
        return CX_E_STRUCT_SIZE;
    if (a->scale_min != b->scale_min || a->scale_max != b->scale_max ||
        a->good_min != b->good_min || a->good_max != b->good_max)
        return CX_E_MISMATCH;
    if (a->n == 0 || b->n == 0 || !(a->n_eff > 0.0) || !(b->n_eff > 0.0))
        return CX_E_EMPTY;
    if (!isfinite(a->n_eff) || !isfinite(b->n_eff) || !isfinite(a->mean) ||
        !isfinite(b->mean) || !(a->good >= 0.0 && a->good <= 1.0) ||
        !(b->good >= 0.0 && b->good <= 1.0))
        return CX_E_INVALID_ARGUMENT;

    CxRatingComparison c;
    memset(&c, 0, sizeof c);
    c.size = sizeof c;
    c.level = level;
    c.mean_diff = a->mean - b->mean;
    c.mean_se = c.mean_t = c.mean_df = c.mean_p_value = c.mean_ci_lower = c.mean_ci_upper = CX_NAN;
    /* se is NaN when n_eff ≤ 1: no variance estimate, so no test. */
    CxMeanComparison mc = { .size = sizeof mc };
    if (cx_mean_compare(a->mean, a->se, a->n_eff, b->mean, b->se, b->n_eff, level, &mc) ==
        CX_OK) {
        c.mean_se = mc.se;
        c.mean_t = mc.t;
        c.mean_df = mc.df;
        c.mean_p_value = mc.p_value;
        c.mean_ci_lower = mc.ci_lower;
        c.mean_ci_upper = mc.ci_upper;
    }

    CxProportionComparison pc = { .size = sizeof pc };
    c.good_diff = a->good - b->good;
    c.good_z = c.good_p_value = c.good_ci_lower = c.good_ci_upper = CX_NAN;
    if (cx_proportion_compare(a->good * a->n_eff, a->n_eff, b->good * b->n_eff, b->n_eff, level,
                              &pc) == CX_OK) {
        c.good_z = pc.z;
        c.good_p_value = pc.p_value;
        c.good_ci_lower = pc.ci_lower;
        c.good_ci_upper = pc.ci_upper;
    }
    return cx_struct_out(out, &c, sizeof c, CX_ABI_RATING_COMPARISON);
}

int
cx_rating_count(const CxRating *rating, int value, uint64_t *count)
{
    if (!rating || !count || value < rating->min || value > rating->max)
        return CX_E_INVALID_ARGUMENT;
    *count = rating->counts[value - rating->min];
    return CX_OK;
}

/* ---- serialization ------------------------------------------------------------------------------
 * Magic "CXRT", format 1: (i min, i max, i good_min, i good_max, i top, at counts[points],
 *                          t missing, at rejected[5], ad weight sums and compensations, d, d) */
#define RT_MAGIC "CXRT"
#define RT_FORMAT_VERSION 1
#define RT_STATE_TYPE_V1 "(iiiiiattataddd)"

int
cx_rating_serialize(const CxRating *rating, uint8_t **bytes, size_t *len)
{
    if (!rating || !bytes || !len)
        return CX_E_INVALID_ARGUMENT;
    *bytes = NULL;
    *len = 0;
    const size_t points = (size_t)(rating->max - rating->min + 1);
    double w[2 * MAX_POINTS];
    for (size_t i = 0; i < points; i++) {
        w[2 * i] = rating->weight[i].s;
        w[2 * i + 1] = rating->weight[i].c;
    }
    GVariant *state = g_variant_new(
        "(iiiii@att@at@addd)", rating->min, rating->max,
        rating->good_min, rating->good_max, rating->top,
        g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64, rating->counts, points, 8),
        (guint64)rating->missing,
        g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64, rating->rejected, REJ_REASONS, 8),
        g_variant_new_fixed_array(G_VARIANT_TYPE_DOUBLE, w, 2 * points, 8), rating->weight_sq.s,
        rating->weight_sq.c);
    return cx_state_pack(RT_MAGIC, RT_FORMAT_VERSION, state, bytes, len);
}

int
cx_rating_deserialize(const uint8_t *bytes, size_t len, CxRating **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    GVariant *state = NULL;
    int status = cx_state_unpack(bytes, len, RT_MAGIC, RT_FORMAT_VERSION, RT_STATE_TYPE_V1,
                                 &state, NULL);
    if (status != CX_OK)
        return status;
    gint32 min, max, gmin, gmax, top;
    guint64 missing;
    double wsq_s, wsq_c;
    GVariant *counts, *rejected, *weights;
    g_variant_get(state, "(iiiii@att@at@addd)", &min, &max, &gmin, &gmax, &top, &counts, &missing,
                  &rejected, &weights, &wsq_s, &wsq_c);
    CxRating *r = NULL;
    status = cx_rating_new(min, max, gmin, gmax, top, &r);
    if (status == CX_E_INVALID_ARGUMENT)
        status = CX_E_CORRUPT; /* bounds no accumulator can have */
    if (status != CX_OK)
        goto out;
    status = CX_E_CORRUPT;
    gsize nc, nr, nw;
    const guint64 *c = g_variant_get_fixed_array(counts, &nc, 8);
    const guint64 *rj = g_variant_get_fixed_array(rejected, &nr, 8);
    const double *w = g_variant_get_fixed_array(weights, &nw, 8);
    if (nc != (gsize)(max - min + 1) || nr != REJ_REASONS || nw != 2 * nc)
        goto out;
    uint64_t total = 0;
    for (gsize i = 0; i < nc; i++) {
        r->counts[i] = c[i];
        r->weight[i] = (CxSum){ w[2 * i], w[2 * i + 1] };
        double v = cx_sum_value(&r->weight[i]);
        if (!isfinite(w[2 * i]) || !isfinite(w[2 * i + 1]) || v < 0.0 ||
            (c[i] == 0 && v > 0.0))
            goto out;
        if (!cx_u64_add(total, c[i], &total)) {
            status = CX_E_OVERFLOW;
            goto out;
        }
    }
    r->missing = missing;
    memcpy(r->rejected, rj, sizeof r->rejected);
    r->answers = total;
    int fits = reserve(r, missing);
    for (int i = 0; i < REJ_REASONS; i++)
        fits = fits && reserve(r, rj[i]);
    if (!fits) {
        status = CX_E_OVERFLOW;
        goto out;
    }
    r->weight_sq = (CxSum){ wsq_s, wsq_c };
    if (!isfinite(wsq_s) || !isfinite(wsq_c) || wsq_s + wsq_c < 0.0 ||
        (total == 0 && wsq_s + wsq_c > 0.0))
        goto out;
    double w_total = 0.0;
    for (gsize i = 0; i < nc; i++)
        w_total += cx_sum_value(&r->weight[i]);
    if (!cx_weight_sums_consistent(w_total, cx_sum_value(&r->weight_sq), total))
        goto out;
    status = CX_OK;
out:
    g_variant_unref(counts);
    g_variant_unref(rejected);
    g_variant_unref(weights);
    g_variant_unref(state);
    if (status != CX_OK) {
        cx_rating_free(r);
        return status;
    }
    *out = r;
    return CX_OK;
}
