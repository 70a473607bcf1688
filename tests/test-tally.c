/* SPDX-License-Identifier: MIT */
/*
 * The tally of answers (core/tally-private.h), the one weighted histogram of NPS, ratings and the
 * loyalty index (issue #13, §6): the classification of answers, adds, merges (an overflow leaves
 * the destination unchanged), the serialized fields read back, and every kind of damaged field
 * refused.
 */
#include <cxscore/cxscore.h>

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tally-private.h"
#include "test-common.h"

START_TEST(answers_are_classified_the_same_everywhere)
{
    static const struct {
        double x;
        int what;
    } cases[] = {
        { 0.0, CX_ANSWER_VALID },           { 10.0, CX_ANSWER_VALID },
        { -0.0, CX_ANSWER_VALID },          { NAN, CX_ANSWER_MISSING },
        { INFINITY, CX_REJECT_NOT_A_NUMBER }, { -INFINITY, CX_REJECT_NOT_A_NUMBER },
        { 6.5, CX_REJECT_NOT_INTEGER },     { -0.5, CX_REJECT_NOT_INTEGER },
        { 10.000001, CX_REJECT_NOT_INTEGER }, { 11.0, CX_REJECT_OUT_OF_RANGE },
        { -1.0, CX_REJECT_OUT_OF_RANGE },   { 1e300, CX_REJECT_OUT_OF_RANGE },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        ck_assert_msg(cx_answer_classify(cases[i].x, 0.0, 10.0) == cases[i].what,
                      "answer %g: %d, expected %d", cases[i].x,
                      cx_answer_classify(cases[i].x, 0.0, 10.0), cases[i].what);
}
END_TEST

/* A tally of 1–5 with one answer of every kind. */
static CxTally *
messy_tally(void)
{
    CxTally *t = cx_tally_new(1, 5);
    ck_assert_ptr_nonnull(t);
    static const double x[] = { 1, 5, 5, 3, NAN, INFINITY, 2.5, 6, 0, 4, 4 };
    static const double w[] = { 0.5, 2, 1, 0, 1, 1, 1, 1, 1, -1, NAN };
    ck_assert(cx_tally_reserve(t, G_N_ELEMENTS(x) + 3));
    for (size_t i = 0; i < G_N_ELEMENTS(x); i++)
        cx_tally_add_number(t, x[i], w[i]);
    cx_tally_add_text(t, "3", 1, 4.0);
    cx_tally_add_text(t, "N/A", 3, 1.0);
    cx_tally_add_text(t, "7a", 2, 1.0);
    return t;
}

START_TEST(tally_counts_every_kind_of_answer)
{
    CxTally *t = messy_tally();
    ck_assert_uint_eq(t->bin[0].count, 1);
    ck_assert_uint_eq(t->bin[2].count, 2); /* 3 (weight 0) and "3" */
    ck_assert_uint_eq(t->bin[4].count, 2);
    ck_assert(cx_tally_weight(t, 4) == 3.0 && cx_tally_weight(t, 2) == 4.0);
    ck_assert(cx_sum_value(&t->weight_sq) == 0.25 + 4 + 1 + 0 + 16);
    ck_assert_uint_eq(t->missing, 2);
    ck_assert_uint_eq(t->rejected[CX_REJECT_NOT_A_NUMBER], 2);
    ck_assert_uint_eq(t->rejected[CX_REJECT_NOT_INTEGER], 1);
    ck_assert_uint_eq(t->rejected[CX_REJECT_OUT_OF_RANGE], 2);
    ck_assert_uint_eq(t->rejected[CX_REJECT_WEIGHT_NEGATIVE], 1);
    ck_assert_uint_eq(t->rejected[CX_REJECT_WEIGHT_INVALID], 1);
    ck_assert_uint_eq(cx_tally_rejected(t), 7);
    ck_assert_uint_eq(t->answers, 14);
    cx_tally_free(t);

    /* Counts added at once are answers of weight 1 added one by one, bit for bit. */
    CxTally *a = cx_tally_new(0, 11), *b = cx_tally_new(0, 11);
    uint64_t counts[11] = { 3, 0, 1, 0, 0, 0, 7, 0, 2, 0, 1 }, total = 0;
    for (int v = 0; v < 11; v++) {
        total += counts[v];
        for (uint64_t i = 0; i < counts[v]; i++)
            cx_tally_add(b, (size_t)v, 1.0);
    }
    ck_assert(cx_tally_reserve(a, total) && cx_tally_reserve(b, 0));
    b->answers = total;
    cx_tally_add_counts(a, counts);
    ck_assert(memcmp(a, b, sizeof *a + 11 * sizeof a->bin[0]) == 0);
    cx_tally_free(a);
    cx_tally_free(b);
}
END_TEST

static size_t
tally_bytes(const CxTally *t)
{
    return sizeof *t + t->points * sizeof t->bin[0];
}

START_TEST(tally_merge_overflow_leaves_dst_unchanged)
{
    CxTally *src = messy_tally();
    /* Each count in turn brought to the edge: the merge is refused and dst is as it was. */
    for (int which = 0; which < 4 + CX_REJECT_REASONS; which++) {
        CxTally *dst = messy_tally();
        uint64_t *field = which == 0   ? &dst->bin[4].count
                          : which == 1 ? &dst->missing
                          : which == 2 ? &dst->answers
                          : which == 3 ? &dst->bin[0].count
                                       : &dst->rejected[which - 4];
        uint64_t room = which == 2 ? 0 : 1; /* src holds at least 2 of each but one */
        if (which == 3 || which - 4 == CX_REJECT_WEIGHT_NEGATIVE ||
            which - 4 == CX_REJECT_WEIGHT_INVALID || which - 4 == CX_REJECT_NOT_INTEGER)
            room = 0; /* src holds 1 */
        *field = UINT64_MAX - room;
        CxTally *before = cx_tally_copy(dst);
        ck_assert_int_eq(cx_tally_merge(dst, src), CX_E_OVERFLOW);
        ck_assert_msg(memcmp(dst, before, tally_bytes(dst)) == 0, "field %d: dst changed", which);
        cx_tally_free(before);
        cx_tally_free(dst);
    }
    /* Another scale. */
    CxTally *other = cx_tally_new(0, 5);
    ck_assert_int_eq(cx_tally_merge(other, src), CX_E_MISMATCH);
    cx_tally_free(other);
    /* A merge that fits is the sum of both. */
    CxTally *dst = messy_tally();
    ck_assert_int_eq(cx_tally_merge(dst, src), CX_OK);
    ck_assert_uint_eq(dst->answers, 28);
    ck_assert_uint_eq(dst->bin[4].count, 4);
    ck_assert(cx_tally_weight(dst, 4) == 6.0);
    ck_assert_uint_eq(cx_tally_rejected(dst), 14);
    cx_tally_free(dst);
    cx_tally_free(src);
}
END_TEST

/* The six fields as a tuple (with two fields before them, to read at an offset). */
static GVariant *
state_of(const CxTally *t)
{
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE("(is" CX_TALLY_FIELDS ")"));
    g_variant_builder_add(&b, "i", 42);
    g_variant_builder_add(&b, "s", "before");
    cx_tally_build(t, &b);
    return g_variant_ref_sink(g_variant_builder_end(&b));
}

/* The same tuple from raw fields. */
static GVariant *
raw_state(const uint64_t *counts, size_t n_counts, uint64_t missing, const uint64_t *rejected,
          size_t n_rejected, const double *weights, size_t n_weights, double wsq_s, double wsq_c)
{
    return g_variant_ref_sink(g_variant_new(
        "(is@att@at@addd)", 42, "before",
        g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64, counts, n_counts, sizeof(uint64_t)),
        (guint64)missing,
        g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64, rejected, n_rejected, sizeof(uint64_t)),
        g_variant_new_fixed_array(G_VARIANT_TYPE_DOUBLE, weights, n_weights, sizeof(double)),
        wsq_s, wsq_c));
}

static int
read_raw(size_t points, GVariant *v)
{
    CxTally *t = cx_tally_new(0, points);
    int status = cx_tally_read(t, v, 2);
    cx_tally_free(t);
    g_variant_unref(v);
    return status;
}

START_TEST(tally_fields_round_trip)
{
    CxTally *t = messy_tally();
    GVariant *v = state_of(t);
    CxTally *back = cx_tally_new(1, 5);
    ck_assert_int_eq(cx_tally_read(back, v, 2), CX_OK);
    ck_assert(memcmp(back, t, tally_bytes(t)) == 0); /* answers recounted to the same */
    GVariant *again = state_of(back);
    ck_assert(g_variant_equal(v, again));
    g_variant_unref(again);
    g_variant_unref(v);
    cx_tally_free(back);
    cx_tally_free(t);

    /* Bins alone (the loyalty index's three items in one array). */
    CxTallyBin bins[6] = { { 1, { 2.0, 0.0 } }, { 0, { 0.0, 0.0 } }, { 5, { 5.0, 1e-17 } } };
    bins[4] = bins[2];
    GVariant *c = g_variant_ref_sink(cx_tally_bins_counts(bins, 6));
    GVariant *w = g_variant_ref_sink(cx_tally_bins_weights(bins, 6));
    gsize nc, nw;
    const uint64_t *cc = g_variant_get_fixed_array(c, &nc, sizeof(uint64_t));
    const double *ww = g_variant_get_fixed_array(w, &nw, sizeof(double));
    ck_assert(nc == 6 && nw == 12);
    CxTallyBin read[6];
    uint64_t total;
    ck_assert_int_eq(cx_tally_bins_load(read, 3, cc, ww, &total), CX_OK);
    ck_assert_uint_eq(total, 6);
    ck_assert_int_eq(cx_tally_bins_load(read + 3, 3, cc + 3, ww + 6, &total), CX_OK);
    ck_assert_uint_eq(total, 5);
    ck_assert(memcmp(read, bins, sizeof bins) == 0);
    ck_assert(cx_tally_bins_fit(read, bins, 6));
    cx_tally_bins_merge(read, bins, 6);
    ck_assert(read[2].count == 10 && cx_sum_value(&read[2].weight) == 10.0 + 2e-17);
    read[2].count = UINT64_MAX - 4;
    ck_assert(!cx_tally_bins_fit(read, bins, 6));
    g_variant_unref(c);
    g_variant_unref(w);
}
END_TEST

START_TEST(damaged_tally_fields_are_refused)
{
    /* A good state of 3 points: 2 answers at 0 (weights 1 and 3), 1 at 2 (weight 2). */
    uint64_t counts[3] = { 2, 0, 1 }, rejected[5] = { 1, 0, 0, 0, 2 };
    double weights[6] = { 4.0, 0.0, 0.0, 0.0, 2.0, 0.0 };
    ck_assert_int_eq(read_raw(3, raw_state(counts, 3, 1, rejected, 5, weights, 6, 14.0, 0.0)),
                     CX_OK);

    /* Arrays of the wrong length. */
    ck_assert_int_eq(read_raw(4, raw_state(counts, 3, 1, rejected, 5, weights, 6, 14.0, 0.0)),
                     CX_E_CORRUPT);
    ck_assert_int_eq(read_raw(3, raw_state(counts, 3, 1, rejected, 4, weights, 6, 14.0, 0.0)),
                     CX_E_CORRUPT);
    ck_assert_int_eq(read_raw(3, raw_state(counts, 3, 1, rejected, 5, weights, 5, 14.0, 0.0)),
                     CX_E_CORRUPT);
    /* Sums: not finite, negative, weight without answers. */
    static const double poison[] = { NAN, INFINITY, -INFINITY, -4.0 };
    for (size_t p = 0; p < G_N_ELEMENTS(poison); p++)
        for (size_t at = 0; at < 6; at++) {
            double bad[6];
            memcpy(bad, weights, sizeof bad);
            bad[at] = poison[p];
            ck_assert_int_eq(
                read_raw(3, raw_state(counts, 3, 1, rejected, 5, bad, 6, 14.0, 0.0)),
                CX_E_CORRUPT);
        }
    double orphan[6] = { 4.0, 0.0, 1.0, 0.0, 2.0, 0.0 };
    ck_assert_int_eq(read_raw(3, raw_state(counts, 3, 1, rejected, 5, orphan, 6, 15.0, 0.0)),
                     CX_E_CORRUPT);
    for (size_t p = 0; p < G_N_ELEMENTS(poison); p++) {
        ck_assert_int_eq(
            read_raw(3, raw_state(counts, 3, 1, rejected, 5, weights, 6, poison[p], 0.0)),
            CX_E_CORRUPT);
        ck_assert_int_eq(
            read_raw(3, raw_state(counts, 3, 1, rejected, 5, weights, 6, 14.0, poison[p])),
            CX_E_CORRUPT);
    }
    /* Σw² without answers; Σw and Σw² that no weights can give (Σw² > (Σw)², (Σw)² > n·Σw²). */
    const uint64_t none[5] = { 0 }; /* as bins (3) and as reasons (5) */
    const double zero[6] = { 0 };
    ck_assert_int_eq(read_raw(3, raw_state(none, 3, 0, rejected, 5, zero, 6, 1.0, 0.0)),
                     CX_E_CORRUPT);
    ck_assert_int_eq(read_raw(3, raw_state(counts, 3, 1, rejected, 5, weights, 6, 37.0, 0.0)),
                     CX_E_CORRUPT);
    ck_assert_int_eq(read_raw(3, raw_state(counts, 3, 1, rejected, 5, weights, 6, 11.0, 0.0)),
                     CX_E_CORRUPT);
    /* Counts past 2^64 − 1: the bins, then with the missing and rejected answers. */
    uint64_t huge[3] = { UINT64_MAX, 0, 1 };
    ck_assert_int_eq(read_raw(3, raw_state(huge, 3, 0, rejected, 5, weights, 6, 14.0, 0.0)),
                     CX_E_OVERFLOW);
    huge[0] = UINT64_MAX - 1;
    ck_assert_int_eq(read_raw(3, raw_state(huge, 3, 1, none, 5, weights, 6, 14.0, 0.0)),
                     CX_E_OVERFLOW);
    uint64_t many[5] = { 0, 0, 0, 0, UINT64_MAX - 2 };
    ck_assert_int_eq(read_raw(3, raw_state(counts, 3, 0, many, 5, weights, 6, 14.0, 0.0)),
                     CX_E_OVERFLOW);
    many[4] = UINT64_MAX - 3;
    ck_assert_int_eq(read_raw(3, raw_state(counts, 3, 0, many, 5, weights, 6, 14.0, 0.0)),
                     CX_OK);
}
END_TEST

static Suite *
tally_suite(void)
{
    Suite *s = suite_create("tally");
    TCase *t = tcase_create("tally");
    tcase_add_test(t, answers_are_classified_the_same_everywhere);
    tcase_add_test(t, tally_counts_every_kind_of_answer);
    tcase_add_test(t, tally_merge_overflow_leaves_dst_unchanged);
    tcase_add_test(t, tally_fields_round_trip);
    tcase_add_test(t, damaged_tally_fields_are_refused);
    suite_add_tcase(s, t);
    return s;
}

int
main(void)
{
    return cx_test_run(tally_suite());
}
