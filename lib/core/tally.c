/* SPDX-License-Identifier: MIT */
/* Tallies of answers on a whole-number scale (see tally-private.h). */
#include "core/tally-private.h"

#include <cxscore/cx-cell.h>
#include <cxscore/cx-error.h>

#include <string.h>

size_t
cx_tally_size(size_t points)
{
    return sizeof(CxTally) + points * sizeof(CxTallyBin);
}

CxTally *
cx_tally_new(int lo, size_t points)
{
    if (points < 1 || points > CX_TALLY_MAX_POINTS)
        return NULL;
    CxTally *t = g_try_malloc0(cx_tally_size(points));
    if (t) {
        t->lo = lo;
        t->points = (uint32_t)points;
    }
    return t;
}

CxTally *
cx_tally_copy(const CxTally *t)
{
    CxTally *copy = g_try_malloc(cx_tally_size(t->points));
    if (copy)
        memcpy(copy, t, cx_tally_size(t->points));
    return copy;
}

void
cx_tally_free(CxTally *t)
{
    g_free(t);
}

void
cx_tally_reset(CxTally *t)
{
    const int32_t lo = t->lo;
    const uint32_t points = t->points;
    memset(t, 0, cx_tally_size(points));
    t->lo = lo;
    t->points = points;
}

void
cx_tally_add_text(CxTally *t, const char *text, size_t len, double w)
{
    double value = 0.0;
    switch (cx_cell_parse_number(text, len, &value)) {
    case CX_CELL_NUMBER:
        cx_tally_add_number(t, value, w);
        break;
    case CX_CELL_MISSING:
        t->missing++;
        break;
    default:
        t->rejected[CX_REJECT_NOT_A_NUMBER]++;
        break;
    }
}

void
cx_tally_add_counts(CxTally *t, const uint64_t *counts)
{
    for (size_t p = 0; p < t->points; p++) {
        if (counts[p] == 0)
            continue;
        t->bin[p].count += counts[p];
        cx_sum_add(&t->bin[p].weight, (double)counts[p]);
        cx_sum_add(&t->weight_sq, (double)counts[p]);
    }
}

void
cx_tally_add_block(CxTally *t, const uint64_t *counts, const double *weights, double weight_sq)
{
    for (size_t p = 0; p < t->points; p++) {
        if (counts[p] == 0)
            continue;
        t->bin[p].count += counts[p];
        cx_sum_add(&t->bin[p].weight, weights[p]);
    }
    cx_sum_add(&t->weight_sq, weight_sq);
}

uint64_t
cx_tally_rejected(const CxTally *t)
{
    uint64_t total = 0;
    for (int r = 0; r < CX_REJECT_REASONS; r++)
        total += t->rejected[r]; /* below t->answers */
    return total;
}

int
cx_tally_merge(CxTally *dst, const CxTally *src)
{
    if (dst->lo != src->lo || dst->points != src->points)
        return CX_E_MISMATCH;
    uint64_t sum;
    int fits = cx_tally_bins_fit(dst->bin, src->bin, dst->points) &&
               cx_u64_add(dst->missing, src->missing, &sum) &&
               cx_u64_add(dst->answers, src->answers, &sum);
    for (int r = 0; r < CX_REJECT_REASONS; r++)
        fits = fits && cx_u64_add(dst->rejected[r], src->rejected[r], &sum);
    if (!fits)
        return CX_E_OVERFLOW;
    cx_tally_bins_merge(dst->bin, src->bin, dst->points);
    cx_sum_merge(&dst->weight_sq, &src->weight_sq);
    dst->missing += src->missing;
    for (int r = 0; r < CX_REJECT_REASONS; r++)
        dst->rejected[r] += src->rejected[r];
    dst->answers += src->answers;
    return CX_OK;
}

/* ---- serialization --------------------------------------------------------------------------- */

void
cx_tally_build(const CxTally *t, GVariantBuilder *tuple)
{
    g_variant_builder_add_value(tuple, cx_tally_bins_counts(t->bin, t->points));
    g_variant_builder_add(tuple, "t", (guint64)t->missing);
    g_variant_builder_add_value(tuple, g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64,
                                                                 t->rejected, CX_REJECT_REASONS,
                                                                 sizeof(uint64_t)));
    g_variant_builder_add_value(tuple, cx_tally_bins_weights(t->bin, t->points));
    g_variant_builder_add(tuple, "d", t->weight_sq.s);
    g_variant_builder_add(tuple, "d", t->weight_sq.c);
}

/* A sum read back: both parts finite and a value ≥ 0. */
static int
sum_ok(const CxSum *sum)
{
    return isfinite(sum->s) && isfinite(sum->c) && cx_sum_value(sum) >= 0.0;
}

int
cx_tally_read(CxTally *t, GVariant *tuple, size_t first)
{
    GVariant *counts = g_variant_get_child_value(tuple, first);
    GVariant *rejected = g_variant_get_child_value(tuple, first + 2);
    GVariant *weights = g_variant_get_child_value(tuple, first + 3);
    guint64 missing;
    g_variant_get_child(tuple, first + 1, "t", &missing);
    g_variant_get_child(tuple, first + 4, "d", &t->weight_sq.s);
    g_variant_get_child(tuple, first + 5, "d", &t->weight_sq.c);
    gsize n_counts, n_rejected, n_weights;
    const guint64 *c = g_variant_get_fixed_array(counts, &n_counts, sizeof(guint64));
    const guint64 *rj = g_variant_get_fixed_array(rejected, &n_rejected, sizeof(guint64));
    const double *w = g_variant_get_fixed_array(weights, &n_weights, sizeof(double));

    int status = CX_E_CORRUPT;
    uint64_t total = 0;
    if (n_counts != t->points || n_rejected != CX_REJECT_REASONS || n_weights != 2 * n_counts)
        goto out;
    status = cx_tally_bins_load(t->bin, t->points, c, w, &total);
    if (status != CX_OK)
        goto out;
    /* Every answer held, missing and rejected ones included, must fit (cx_tally_reserve()). */
    status = CX_E_OVERFLOW;
    t->answers = total;
    t->missing = missing;
    if (!cx_tally_reserve(t, missing))
        goto out;
    for (int r = 0; r < CX_REJECT_REASONS; r++) {
        t->rejected[r] = rj[r];
        if (!cx_tally_reserve(t, rj[r]))
            goto out;
    }
    status = CX_E_CORRUPT;
    const double wsq = cx_sum_value(&t->weight_sq);
    if (!sum_ok(&t->weight_sq) || (total == 0 && wsq > 0.0))
        goto out;
    double w_total = 0.0;
    for (size_t p = 0; p < t->points; p++)
        w_total += cx_tally_weight(t, p);
    if (!cx_weight_sums_consistent(w_total, wsq, total))
        goto out;
    status = CX_OK;
out:
    g_variant_unref(counts);
    g_variant_unref(rejected);
    g_variant_unref(weights);
    return status;
}

/* ---- bins alone ------------------------------------------------------------------------------ */

int
cx_tally_bins_fit(const CxTallyBin *dst, const CxTallyBin *src, size_t n)
{
    uint64_t sum;
    for (size_t p = 0; p < n; p++)
        if (!cx_u64_add(dst[p].count, src[p].count, &sum))
            return 0;
    return 1;
}

void
cx_tally_bins_merge(CxTallyBin *dst, const CxTallyBin *src, size_t n)
{
    for (size_t p = 0; p < n; p++) {
        dst[p].count += src[p].count;
        cx_sum_merge(&dst[p].weight, &src[p].weight);
    }
}

GVariant *
cx_tally_bins_counts(const CxTallyBin *bins, size_t n)
{
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE("at"));
    for (size_t p = 0; p < n; p++)
        g_variant_builder_add(&b, "t", (guint64)bins[p].count);
    return g_variant_builder_end(&b);
}

GVariant *
cx_tally_bins_weights(const CxTallyBin *bins, size_t n)
{
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE("ad"));
    for (size_t p = 0; p < n; p++) {
        g_variant_builder_add(&b, "d", bins[p].weight.s);
        g_variant_builder_add(&b, "d", bins[p].weight.c);
    }
    return g_variant_builder_end(&b);
}

int
cx_tally_bins_load(CxTallyBin *bins, size_t n, const uint64_t *counts, const double *weights,
                   uint64_t *total)
{
    *total = 0;
    for (size_t p = 0; p < n; p++) {
        const CxSum w = { weights[2 * p], weights[2 * p + 1] };
        /* No answers at a point means no weight there. */
        if (!sum_ok(&w) || (counts[p] == 0 && cx_sum_value(&w) > 0.0))
            return CX_E_CORRUPT;
        if (!cx_u64_add(*total, counts[p], total))
            return CX_E_OVERFLOW;
        bins[p].count = counts[p];
        bins[p].weight = w;
    }
    return CX_OK;
}
