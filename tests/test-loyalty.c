/* SPDX-License-Identifier: MIT */
/*
 * Customer loyalty index (cx-loyalty.h). Expected values: tests/data/reference/LOYALTY.md
 * ("Test vectors", computed outside the project) and tests/data/loyalty-compare/ (R).
 */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "test-common.h"

START_TEST(loyalty_index_reference)
{
    /* LOYALTY.md: respondents (recommend, again, other) (10,9,7) (8,8,5) (6,7,3) (9,10,9)
     * (3,5,2): item means 7.2, 7.8, 5.2; mean 67.333333333333; item nets 0, 0.2, −0.4; net
     * −6.666666666667 (points here). Intervals (t over respondent scores, 4 df): mpmath at 30
     * digits gives mean [36.862630089361716, 97.80403657730495] and net
     * [−113.79891902439973, 100.46558569106639], which the library clips to [−100, 100]. */
    static const double rows[5][3] = { { 10, 9, 7 }, { 8, 8, 5 }, { 6, 7, 3 }, { 9, 10, 9 },
                                       { 3, 5, 2 } };
    CxLoyaltyIndex *li = NULL;
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_PAIRWISE, &li), CX_OK);
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(cx_loyalty_index_add(li, rows[i], 1.0), CX_OK);
    CxLoyaltyIndexResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_loyalty_index_result(li, 0.95, &r), CX_OK);
    cx_assert_close(r.item_mean[0], 7.2, 1e-14);
    cx_assert_close(r.item_mean[1], 7.8, 1e-14);
    cx_assert_close(r.item_mean[2], 5.2, 1e-14);
    cx_assert_close(r.mean_index, 67.333333333333, 1e-9);
    cx_assert_close(r.item_net[0], 0.0, 1e-13);
    cx_assert_close(r.item_net[1], 20.0, 1e-13);
    cx_assert_close(r.item_net[2], -40.0, 1e-13);
    cx_assert_close(r.net_index, -6.666666666667, 1e-9);
    cx_assert_close(r.mean_index_ci_lower, 36.862630089361716, 1e-11);
    cx_assert_close(r.mean_index_ci_upper, 97.80403657730495, 1e-11);
    cx_assert_close(r.net_index_ci_lower, -100.0, 0.0);
    cx_assert_close(r.net_index_ci_upper, 100.0, 0.0);
    ck_assert_uint_eq(r.complete, 5);

    /* A respondent missing one item counts for the items answered (pairwise) or not at all
     * (listwise); bad answers and weights are counted. */
    const double partial[3] = { 10, NAN, 11 };
    cx_loyalty_index_add(li, partial, 1.0);
    cx_loyalty_index_add(li, rows[0], -1.0);
    ck_assert_int_eq(cx_loyalty_index_result(li, 0.95, &r), CX_OK);
    ck_assert_uint_eq(r.n[0], 6);
    ck_assert_uint_eq(r.n[1], 5);
    ck_assert_uint_eq(r.missing[1], 1);
    ck_assert_uint_eq(r.rejected[2], 1);
    ck_assert_uint_eq(r.rejected_weight, 1);
    CxLoyaltyIndex *lw = NULL;
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_LISTWISE, &lw), CX_OK);
    for (int i = 0; i < 5; i++)
        cx_loyalty_index_add(lw, rows[i], 1.0);
    cx_loyalty_index_add(lw, partial, 1.0);
    ck_assert_int_eq(cx_loyalty_index_result(lw, 0.95, &r), CX_OK);
    ck_assert_uint_eq(r.excluded, 1);
    cx_assert_close(r.mean_index, 67.333333333333, 1e-9);
    ck_assert_int_eq(cx_loyalty_index_merge(li, lw), CX_E_MISMATCH);
    /* Merge of halves equals one pass. */
    CxLoyaltyIndex *a = NULL, *b = NULL, *all = NULL;
    ck_assert_int_eq(cx_loyalty_index_new(0, &a), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_new(0, &b), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_new(0, &all), CX_OK);
    for (int i = 0; i < 5; i++) {
        cx_loyalty_index_add(i < 2 ? a : b, rows[i], 1.0 + i);
        cx_loyalty_index_add(all, rows[i], 1.0 + i);
    }
    ck_assert_int_eq(cx_loyalty_index_merge(a, b), CX_OK);
    CxLoyaltyIndexResult ra = { .size = sizeof ra }, rall = { .size = sizeof rall };
    cx_loyalty_index_result(a, 0.9, &ra);
    cx_loyalty_index_result(all, 0.9, &rall);
    cx_assert_close(ra.mean_index, rall.mean_index, 1e-12);
    cx_assert_close(ra.mean_index_ci_lower, rall.mean_index_ci_lower, 1e-10);
    cx_assert_close(ra.n_eff, rall.n_eff, 1e-12);
    CxLoyaltyIndex *e = NULL;
    ck_assert_int_eq(cx_loyalty_index_new(0, &e), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_result(e, 0.95, &r), CX_E_EMPTY);
    ck_assert(isnan(r.mean_index));
    {
        CxLoyaltyIndex *refused = (CxLoyaltyIndex *)&refused;
        ck_assert_int_eq(cx_loyalty_index_new(2, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    ck_assert_int_eq(cx_loyalty_index_add(NULL, rows[0], 1.0), CX_E_INVALID_ARGUMENT);
    cx_loyalty_index_free(e);
    cx_loyalty_index_free(a);
    cx_loyalty_index_free(b);
    cx_loyalty_index_free(all);
    cx_loyalty_index_free(lw);
    cx_loyalty_index_free(li);
}
END_TEST

START_TEST(loyalty_index_compare_reference)
{
    /* tests/data/loyalty-compare/expected.txt, from R's t.test by welch.R next to it:
     *   mean diff -9.888888888889 t -0.757590863928 df 7.036818537682 p 4.732972432094e-01
     *        ci -40.721793741706 20.944015963928
     *   net diff -23.333333333333 t -0.459242717683 df 8.404127599211 p 6.577059976255e-01
     *        ci -139.523965748389 92.857299081723 */
    static const double a[5][3] = { { 10, 9, 7 }, { 8, 8, 5 }, { 6, 7, 3 }, { 9, 10, 9 },
                                    { 3, 5, 2 } };
    static const double b[6][3] = { { 9, 9, 8 },   { 7, 6, 6 }, { 10, 10, 9 },
                                    { 5, 6, 4 },   { 8, 9, 7 }, { 9, 8, 9 } };
    CxLoyaltyIndex *la = NULL, *lb = NULL, *one = NULL;
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_LISTWISE, &la), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_LISTWISE, &lb), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_LISTWISE, &one), CX_OK);
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(cx_loyalty_index_add(la, a[i], 1.0), CX_OK);
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(cx_loyalty_index_add(lb, b[i], 1.0), CX_OK);
    CxLoyaltyIndexResult ra = { .size = sizeof ra }, rb = { .size = sizeof rb },
                         r1 = { .size = sizeof r1 };
    ck_assert_int_eq(cx_loyalty_index_result(la, 0.95, &ra), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_result(lb, 0.95, &rb), CX_OK);
    CxLoyaltyIndexComparison c = { .size = sizeof c };
    ck_assert_int_eq(cx_loyalty_index_compare(&ra, &rb, 0.95, &c), CX_OK);
    cx_assert_close(c.mean_diff, -9.888888888889, 1e-9);
    cx_assert_close(c.mean_t, -0.757590863928, 1e-11);
    cx_assert_close(c.mean_df, 7.036818537682, 1e-11);
    cx_assert_close(c.mean_p_value, 4.732972432094e-01, 1e-11);
    cx_assert_close(c.mean_ci_lower, -40.721793741706, 5e-10);
    cx_assert_close(c.mean_ci_upper, 20.944015963928, 5e-10);
    cx_assert_close(c.net_diff, -23.333333333333, 1e-9);
    cx_assert_close(c.net_t, -0.459242717683, 1e-11);
    cx_assert_close(c.net_df, 8.404127599211, 1e-11);
    cx_assert_close(c.net_p_value, 6.577059976255e-01, 1e-11);
    cx_assert_close(c.net_ci_lower, -139.523965748389, 5e-10);
    cx_assert_close(c.net_ci_upper, 92.857299081723, 5e-10);

    /* One respondent: no standard error, so no interval (not a clipped 0-100) and no test. */
    ck_assert_int_eq(cx_loyalty_index_add(one, a[0], 1.0), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_result(one, 0.95, &r1), CX_OK);
    ck_assert(isnan(r1.mean_index_se) && isnan(r1.mean_index_ci_lower) &&
              isnan(r1.net_index_ci_upper));
    ck_assert_int_eq(cx_loyalty_index_compare(&r1, &rb, 0.95, &c), CX_OK);
    ck_assert(isnan(c.mean_t) && isnan(c.mean_p_value));
    cx_assert_close(c.mean_diff, 260.0 / 3.0 - rb.mean_index, 1e-9); /* (10, 9, 7): 86.67 */
    ck_assert_int_eq(cx_loyalty_index_compare(NULL, &rb, 0.95, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_loyalty_index_compare(&ra, &rb, 0.0, &c), CX_E_INVALID_ARGUMENT);
    cx_loyalty_index_free(la);
    cx_loyalty_index_free(lb);
    cx_loyalty_index_free(one);
}
END_TEST

START_TEST(loyalty_index_state)
{
    /* Serialize -> deserialize gives bit-identical results; copy, reset; truncated, corrupted
     * and newer-version states are refused. */
    CxLoyaltyIndex *li = NULL;
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_LISTWISE, &li), CX_OK);
    unsigned seed = 7;
    for (int i = 0; i < 300; i++) {
        double a[3];
        for (int j = 0; j < 3; j++) {
            seed = seed * 1664525u + 1013904223u;
            unsigned r = (seed >> 8) % 14;
            a[j] = r == 11 ? (double)NAN : r == 12 ? 11.0 : r == 13 ? 6.5 : (double)r;
        }
        ck_assert_int_eq(cx_loyalty_index_add(li, a, 0.5 + (seed >> 24) % 4), CX_OK);
    }
    CxLoyaltyIndexResult r = { .size = sizeof r }, back_r = { .size = sizeof back_r };
    ck_assert_int_eq(cx_loyalty_index_result(li, 0.9, &r), CX_OK);
    uint8_t *bytes = NULL;
    size_t len = 0;
    ck_assert_int_eq(cx_loyalty_index_serialize(li, &bytes, &len), CX_OK);
    CxLoyaltyIndex *back = NULL;
    ck_assert_int_eq(cx_loyalty_index_deserialize(bytes, len, &back), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_result(back, 0.9, &back_r), CX_OK);
    ck_assert(memcmp(&r, &back_r, sizeof r) == 0);
    /* A merge after the round trip equals merging the original. */
    CxLoyaltyIndex *m1 = NULL, *m2 = NULL;
    ck_assert_int_eq(cx_loyalty_index_copy(li, &m1), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_copy(li, &m2), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_merge(m1, li), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_merge(m2, back), CX_OK);
    CxLoyaltyIndexResult x = { .size = sizeof x }, y = { .size = sizeof y };
    ck_assert_int_eq(cx_loyalty_index_result(m1, 0.9, &x), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_result(m2, 0.9, &y), CX_OK);
    ck_assert(memcmp(&x, &y, sizeof x) == 0);
    ck_assert_uint_eq(x.respondents, 600);
    cx_loyalty_index_free(back);
    for (size_t cut = 0; cut < len; cut++)
        ck_assert_int_eq(cx_loyalty_index_deserialize(bytes, cut, &back), CX_E_CORRUPT);
    uint8_t *copy = malloc(len);
    for (size_t i = 8; i < len; i++) {
        memcpy(copy, bytes, len);
        copy[i] ^= 0x5A;
        int st = cx_loyalty_index_deserialize(copy, len, &back);
        ck_assert_msg(st == CX_OK || st == CX_E_CORRUPT || st == CX_E_OVERFLOW,
                      "byte %zu: expected OK, CORRUPT or OVERFLOW, got %s", i, cx_status_name(st));
        if (st == CX_OK) {
            CxLoyaltyIndexResult d = { .size = sizeof d };
            st = cx_loyalty_index_result(back, 0.95, &d);
            ck_assert(st == CX_OK || st == CX_E_EMPTY);
            cx_loyalty_index_free(back);
        }
    }
    memcpy(copy, bytes, len);
    copy[4] = 3; /* format version 3, from a newer library */
    cx_test_state_seal(copy, len);
    ck_assert_int_eq(cx_loyalty_index_deserialize(copy, len, &back), CX_E_VERSION);
    free(copy);
    cx_free(bytes);
    ck_assert_int_eq(cx_loyalty_index_reset(m1), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_result(m1, 0.9, &x), CX_E_EMPTY);
    ck_assert_int_eq(x.missing_mode, CX_MISSING_LISTWISE);
    ck_assert_int_eq(cx_loyalty_index_serialize(NULL, &bytes, &len), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_loyalty_index_deserialize(NULL, 10, &back), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_loyalty_index_deserialize(bytes, 0, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_loyalty_index_reset(NULL), CX_E_INVALID_ARGUMENT);
    {
        CxLoyaltyIndex *refused = (CxLoyaltyIndex *)&refused;
        ck_assert_int_eq(cx_loyalty_index_copy(NULL, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    cx_loyalty_index_free(m1);
    cx_loyalty_index_free(m2);
    cx_loyalty_index_free(li);
}
END_TEST

/* k shards of one log of respondents, merged (directly, and through their serialized states), give
 * the one-pass result: counts exactly, figures to rounding (Chan et al.'s merge). */
START_TEST(merge_of_k_shards_equals_one_pass)
{
    enum { N = 400 };
    static double answers[N][3], weights[N];
    uint64_t x = 7;
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < 3; j++) {
            x = x * 6364136223846793005u + 1442695040888963407u;
            unsigned v = (unsigned)(x >> 33) % 13; /* 0–10, then a blank and a bad answer */
            answers[i][j] = v <= 10 ? (double)v : v == 11 ? (double)NAN : 12.5;
        }
        weights[i] = 0.5 + (double)((x >> 20) % 4);
    }
    for (int mode = CX_MISSING_PAIRWISE; mode <= CX_MISSING_LISTWISE; mode++) {
        CxLoyaltyIndex *whole = NULL;
        ck_assert_int_eq(cx_loyalty_index_new(mode, &whole), CX_OK);
        for (size_t i = 0; i < N; i++)
            ck_assert_int_eq(cx_loyalty_index_add(whole, answers[i], weights[i]), CX_OK);
        CxLoyaltyIndexResult one = { .size = sizeof one };
        ck_assert_int_eq(cx_loyalty_index_result(whole, 0.95, &one), CX_OK);
        static const size_t ks[] = { 1, 2, 5 };
        for (size_t kk = 0; kk < 3; kk++) {
            const size_t k = ks[kk];
            CxLoyaltyIndex *merged = NULL, *via_bytes = NULL;
            ck_assert_int_eq(cx_loyalty_index_new(mode, &merged), CX_OK);
            ck_assert_int_eq(cx_loyalty_index_new(mode, &via_bytes), CX_OK);
            for (size_t s = 0; s < k; s++) {
                CxLoyaltyIndex *shard = NULL, *back = NULL;
                ck_assert_int_eq(cx_loyalty_index_new(mode, &shard), CX_OK);
                for (size_t i = s; i < N; i += k) /* interleaved: every shard sees the range */
                    cx_loyalty_index_add(shard, answers[i], weights[i]);
                ck_assert_int_eq(cx_loyalty_index_merge(merged, shard), CX_OK);
                uint8_t *bytes = NULL;
                size_t len = 0;
                ck_assert_int_eq(cx_loyalty_index_serialize(shard, &bytes, &len), CX_OK);
                ck_assert_int_eq(cx_loyalty_index_deserialize(bytes, len, &back), CX_OK);
                ck_assert_int_eq(cx_loyalty_index_merge(via_bytes, back), CX_OK);
                cx_free(bytes);
                cx_loyalty_index_free(back);
                cx_loyalty_index_free(shard);
            }
            CxLoyaltyIndex *both[2] = { merged, via_bytes };
            for (size_t b = 0; b < 2; b++) {
                CxLoyaltyIndexResult r = { .size = sizeof r };
                ck_assert_int_eq(cx_loyalty_index_result(both[b], 0.95, &r), CX_OK);
                ck_assert_uint_eq(r.respondents, one.respondents);
                ck_assert_uint_eq(r.complete, one.complete);
                ck_assert_uint_eq(r.excluded, one.excluded);
                for (size_t j = 0; j < 3; j++) {
                    ck_assert_uint_eq(r.n[j], one.n[j]);
                    ck_assert_uint_eq(r.missing[j], one.missing[j]);
                    ck_assert_uint_eq(r.rejected[j], one.rejected[j]);
                    cx_assert_close(r.item_mean[j], one.item_mean[j], 1e-12);
                }
                cx_assert_close(r.mean_index, one.mean_index, 1e-11);
                cx_assert_close(r.net_index, one.net_index, 1e-11);
                cx_assert_close(r.mean_index_se, one.mean_index_se, 1e-11);
                cx_assert_close(r.net_index_ci_lower, one.net_index_ci_lower, 1e-10);
                cx_assert_close(r.n_eff, one.n_eff, 1e-9);
            }
            cx_loyalty_index_free(merged);
            cx_loyalty_index_free(via_bytes);
        }
        cx_loyalty_index_free(whole);
    }
}
END_TEST

static Suite *
loyalty_suite(void)
{
    Suite *s = suite_create("loyalty");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, loyalty_index_reference);
    tcase_add_test(tc, loyalty_index_compare_reference);
    tcase_add_test(tc, loyalty_index_state);
    tcase_add_test(tc, merge_of_k_shards_equals_one_pass);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return cx_test_run(loyalty_suite());
}
