/* SPDX-License-Identifier: MIT */
/*
 * Rating-scale accumulator: CSAT, CES and any bounded integer scale (see cx-rating.h and
 * docs/loyalty.md for the formulas and their sources). The state is a tally of the scale's points
 * (core/tally-private.h: counts and compensated weight sums per point), so results do not depend
 * on the order of answers and merging is exact in counts.
 */
#include <cxscore/cx-error.h>
#include <cxscore/cx-compare.h>
#include <cxscore/cx-rating.h>

#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/state-private.h"
#include "core/tally-private.h"
#include "stats/distributions-private.h"
#include "core/util-private.h"
#include "score/abi-private.h"

/* The scale and its bands, and the tally of its points min … max. Every add reserves room for its
 * answers first (cx_tally_reserve()), so no count, nor the result's sums of counts, can wrap. */
struct CxRating {
    int32_t min, max, good_min, good_max, top;
    CxTally *tally;
};

static int
bounds_ok(int min, int max, int good_min, int good_max, int top)
{
    return min < max && (long)max - (long)min < CX_TALLY_MAX_POINTS && good_min >= min &&
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
    if (r)
        r->tally = cx_tally_new(min, (size_t)(max - min + 1));
    if (!r || !r->tally) {
        g_free(r);
        return CX_E_NO_MEMORY;
    }
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
    if (!rating)
        return;
    cx_tally_free(rating->tally);
    g_free(rating);
}

int
cx_rating_reset(CxRating *rating)
{
    if (!rating)
        return CX_E_INVALID_ARGUMENT;
    cx_tally_reset(rating->tally);
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
    CxRating *copy = g_try_new(CxRating, 1);
    CxTally *tally = cx_tally_copy(rating->tally);
    if (!copy || !tally) {
        g_free(copy);
        cx_tally_free(tally);
        return CX_E_NO_MEMORY;
    }
    *copy = *rating;
    copy->tally = tally;
    *out = copy;
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
    return cx_tally_merge(dst->tally, src->tally); /* dst unchanged on overflow */
}

/* ---- adding ------------------------------------------------------------------------------------ */

int
cx_rating_add(CxRating *rating, int value, double weight)
{
    if (!rating)
        return CX_E_INVALID_ARGUMENT;
    if (!cx_tally_reserve(rating->tally, 1))
        return CX_E_OVERFLOW;
    cx_tally_add_number(rating->tally, (double)value, weight);
    return CX_OK;
}

int
cx_rating_add_double(CxRating *rating, const double *values, const double *weights, size_t n)
{
    if (!rating || (!values && n > 0))
        return CX_E_INVALID_ARGUMENT;
    if (!cx_tally_reserve(rating->tally, n))
        return CX_E_OVERFLOW;
    for (size_t i = 0; i < n; i++)
        cx_tally_add_number(rating->tally, values[i], weights ? weights[i] : 1.0);
    return CX_OK;
}

int
cx_rating_add_text(CxRating *rating, const char *text, size_t len, double weight)
{
    if (!rating || (!text && len > 0))
        return CX_E_INVALID_ARGUMENT;
    if (!cx_tally_reserve(rating->tally, 1))
        return CX_E_OVERFLOW;
    cx_tally_add_text(rating->tally, text, len, weight);
    return CX_OK;
}

/* ---- results ----------------------------------------------------------------------------------- */

int
cx_rating_result(const CxRating *rating, double level, CxRatingResult *out)
{
    if (!rating || !out || !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    const CxRating *r = rating;
    const CxTally *t = rating->tally;
    CxRatingResult res;
    memset(&res, 0, sizeof res);
    res.size = sizeof res;
    res.scale_min = r->min;
    res.scale_max = r->max;
    res.good_min = r->good_min;
    res.good_max = r->good_max;
    res.top = r->top;
    res.level = level;
    CX_TALLY_RESULT_COUNTS(res, t);

    const int points = r->max - r->min + 1;
    double w[CX_TALLY_MAX_POINTS], total = 0.0, good = 0.0, sum = 0.0;
    for (int i = 0; i < points; i++) {
        res.n += t->bin[i].count;
        w[i] = cx_tally_weight(t, (size_t)i);
        total += w[i];
        sum += w[i] * (double)(r->min + i);
        if (r->min + i >= r->good_min && r->min + i <= r->good_max)
            good += w[i];
    }
    res.weight_total = total;
    int status = CX_OK;
    res.n_eff = res.mean = res.sd = res.se = res.mean_ci_lower = res.mean_ci_upper = CX_NAN;
    res.good = res.good_ci_lower = res.good_ci_upper = CX_NAN;
    res.top_box = res.top_box_ci_lower = res.top_box_ci_upper = CX_NAN;
    /* Weights beyond about 1e154 overflow Σw², below about 1e-154 it underflows: then n_eff is
     * NaN or not finite. */
    double n_eff = cx_kish_n_eff(total, cx_sum_value(&t->weight_sq));
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
    *count = rating->tally->bin[value - rating->min].count;
    return CX_OK;
}

/* ---- serialization ------------------------------------------------------------------------------
 * Magic "CXRT", format 2 (format 1 had no checksum): (i min, i max, i good_min, i good_max, i top, then the tally of the
 *   points min … max (core/tally-private.h): at counts[points], t missing, at rejected[5], ad
 *   weight sums and compensations, d Σw², d its compensation) */
#define RT_MAGIC "CXRT"
#define RT_FORMAT_VERSION 2 /* 1 had no checksum: not read */
#define RT_STATE_TYPE_V1 "(iiiii" CX_TALLY_FIELDS ")"

int
cx_rating_serialize(const CxRating *rating, uint8_t **bytes, size_t *len)
{
    if (!rating || !bytes || !len)
        return CX_E_INVALID_ARGUMENT;
    *bytes = NULL;
    *len = 0;
    GVariantBuilder state;
    g_variant_builder_init(&state, G_VARIANT_TYPE(RT_STATE_TYPE_V1));
    g_variant_builder_add(&state, "i", rating->min);
    g_variant_builder_add(&state, "i", rating->max);
    g_variant_builder_add(&state, "i", rating->good_min);
    g_variant_builder_add(&state, "i", rating->good_max);
    g_variant_builder_add(&state, "i", rating->top);
    cx_tally_build(rating->tally, &state);
    return cx_state_pack(RT_MAGIC, RT_FORMAT_VERSION, g_variant_builder_end(&state), bytes, len);
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
    g_variant_get_child(state, 0, "i", &min);
    g_variant_get_child(state, 1, "i", &max);
    g_variant_get_child(state, 2, "i", &gmin);
    g_variant_get_child(state, 3, "i", &gmax);
    g_variant_get_child(state, 4, "i", &top);
    CxRating *r = NULL;
    status = cx_rating_new(min, max, gmin, gmax, top, &r);
    if (status == CX_E_INVALID_ARGUMENT)
        status = CX_E_CORRUPT; /* bounds no accumulator can have */
    if (status == CX_OK)
        status = cx_tally_read(r->tally, state, 5);
    g_variant_unref(state);
    if (status != CX_OK) {
        cx_rating_free(r);
        return status;
    }
    *out = r;
    return CX_OK;
}
