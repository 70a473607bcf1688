/* SPDX-License-Identifier: MIT */
/* Rating scales (cx-rating.h). Expected values: tests/data/reference/LOYALTY.md ("Test
 * vectors", computed outside the project with scipy), cited case by case. */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test-common.h"

#define TOL 1e-11

static CxRatingResult
result_of(const CxRating *r, int expected)
{
    CxRatingResult res = { .size = sizeof res };
    int st = cx_rating_result(r, 0.95, &res);
    ck_assert_msg(st == expected, "expected %s, got %s", cx_status_name(expected),
                  cx_status_name(st));
    return res;
}

START_TEST(csat_reference)
{
    /* LOYALTY.md: CSAT 5,4,4,3,5,2,4,5,1,4: mean 3.7, SD 1.337493509849, t 95 %
     * [2.743214781063, 4.656785218937], top-two 0.7, Wilson [0.396778147461, 0.892208732594]. */
    static const double a[] = { 5, 4, 4, 3, 5, 2, 4, 5, 1, 4 };
    CxRating *r = NULL;
    ck_assert_int_eq(cx_rating_new_preset(CX_RATING_CSAT, &r), CX_OK);
    ck_assert_int_eq(cx_rating_add_double(r, a, NULL, 10), CX_OK);
    CxRatingResult res = result_of(r, CX_OK);
    ck_assert_uint_eq(res.n, 10);
    cx_assert_close(res.mean, 3.7, 1e-14);
    cx_assert_close(res.sd, 1.337493509849, TOL);
    /* The reference's t bounds came from scipy's t.ppf, 2.5e-11 off at 9 df (see test-stats.c);
     * mpmath at 40 digits gives 2.7432147810383893284 and 4.6567852189616106716. */
    cx_assert_close(res.mean_ci_lower, 2.743214781063, 5e-11);
    cx_assert_close(res.mean_ci_upper, 4.656785218937, 5e-11);
    cx_assert_close(res.mean_ci_lower, 2.7432147810383893284, 1e-13);
    cx_assert_close(res.mean_ci_upper, 4.6567852189616106716, 1e-13);
    cx_assert_close(res.good, 0.7, 1e-15);
    cx_assert_close(res.good_ci_lower, 0.396778147461, TOL);
    cx_assert_close(res.good_ci_upper, 0.892208732594, TOL);
    cx_assert_close(res.top_box, 0.3, 1e-15);
    uint64_t c;
    ck_assert_int_eq(cx_rating_count(r, 4, &c), CX_OK);
    ck_assert_uint_eq(c, 4);
    ck_assert_int_eq(cx_rating_count(r, 6, &c), CX_E_INVALID_ARGUMENT);
    /* LOYALTY.md: a public help page, 74 of 107 answers 4 or 5 → CSAT 69.16 %. */
    CxRating *h = NULL;
    cx_rating_new_preset(CX_RATING_CSAT, &h);
    for (int i = 0; i < 107; i++)
        cx_rating_add(h, i < 74 ? 4 + i % 2 : 1 + i % 3, 1.0);
    cx_assert_close(100.0 * result_of(h, CX_OK).good, 69.16, 0.005);
    cx_rating_free(h);
    cx_rating_free(r);
}
END_TEST

START_TEST(ces_reference)
{
    /* LOYALTY.md: CES 7,6,5,5,4,3,7,2,6,5,1,6: mean 4.75, SD 1.912875037500, t 95 %
     * [3.534617185526, 5.965382814474], agree 2/3, Wilson [0.390622088873, 0.861879908909]. */
    static const char *a[] = { "7", "6", "5", "5", "4", "3", "7", "2", "6", "5", "1", "6" };
    CxRating *r = NULL;
    ck_assert_int_eq(cx_rating_new_preset(cx_rating_preset_from_name("CES"), &r), CX_OK);
    for (size_t i = 0; i < 12; i++)
        cx_rating_add_text(r, a[i], strlen(a[i]), 1.0);
    CxRatingResult res = result_of(r, CX_OK);
    cx_assert_close(res.mean, 4.75, 1e-14);
    cx_assert_close(res.sd, 1.912875037500, TOL);
    cx_assert_close(res.mean_ci_lower, 3.534617185526, 5e-11);
    cx_assert_close(res.mean_ci_upper, 5.965382814474, 5e-11);
    /* mpmath at 40 digits: 3.5346171855209919445, 5.9653828144790080555. */
    cx_assert_close(res.mean_ci_lower, 3.5346171855209919445, 1e-13);
    cx_assert_close(res.mean_ci_upper, 5.9653828144790080555, 1e-13);
    cx_assert_close(res.good, 2.0 / 3.0, 1e-15);
    cx_assert_close(res.good_ci_lower, 0.390622088873, TOL);
    cx_assert_close(res.good_ci_upper, 0.861879908909, TOL);
    ck_assert_int_eq(res.good_min, 5);
    ck_assert_int_eq(res.good_max, 7);
    cx_rating_free(r);
    /* CES 1.0: lower is better. */
    ck_assert_int_eq(cx_rating_new_preset(CX_RATING_CES_1, &r), CX_OK);
    cx_rating_add(r, 1, 1.0);
    cx_rating_add(r, 5, 1.0);
    res = result_of(r, CX_OK);
    cx_assert_close(res.good, 0.5, 0.0);
    ck_assert_int_eq(res.top, 1);
    cx_rating_free(r);
    ck_assert_int_eq(cx_rating_preset_from_name("nps"), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_new_preset(9, &r), CX_E_INVALID_ARGUMENT);
}
END_TEST

START_TEST(bad_answers_weights_and_empty)
{
    CxRating *r = NULL;
    cx_rating_new_preset(CX_RATING_CSAT, &r);
    CxRatingResult res = result_of(r, CX_E_EMPTY);
    ck_assert(isnan(res.mean) && isnan(res.good));
    static const char *t[] = { "6", "0", "4.5", "4a", "", "N/A", " 5 " };
    for (size_t i = 0; i < 7; i++)
        cx_rating_add_text(r, t[i], strlen(t[i]), 1.0);
    cx_rating_add(r, 4, -1.0);
    cx_rating_add(r, 4, NAN);
    const double inf[] = { INFINITY };
    cx_rating_add_double(r, inf, NULL, 1);
    res = result_of(r, CX_OK);
    ck_assert_uint_eq(res.n, 1);
    ck_assert_uint_eq(res.missing, 2);
    ck_assert_uint_eq(res.rejected_out_of_range, 2);
    ck_assert_uint_eq(res.rejected_not_integer, 1);
    ck_assert_uint_eq(res.rejected_not_a_number, 2);
    ck_assert_uint_eq(res.rejected_weight_negative, 1);
    ck_assert_uint_eq(res.rejected_weight_invalid, 1);
    ck_assert_uint_eq(res.rejected, 7);
    ck_assert(isnan(res.sd)); /* one answer: no spread */
    cx_assert_close(res.mean, 5.0, 0.0);
    cx_rating_free(r);
    /* Weighted; all-ones equals unweighted bit for bit. */
    static const double v[] = { 5, 4, 4, 3, 5, 2, 4, 5, 1, 4 };
    static const double ones[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
    static const double w[] = { 2, 1, 1, 1, 0.5, 1, 1, 3, 1, 0 };
    CxRating *a = NULL, *b = NULL, *c = NULL;
    cx_rating_new_preset(CX_RATING_CSAT, &a);
    cx_rating_new_preset(CX_RATING_CSAT, &b);
    cx_rating_new_preset(CX_RATING_CSAT, &c);
    cx_rating_add_double(a, v, NULL, 10);
    cx_rating_add_double(b, v, ones, 10);
    cx_rating_add_double(c, v, w, 10);
    CxRatingResult ra = result_of(a, CX_OK), rb = result_of(b, CX_OK), rc = result_of(c, CX_OK);
    ck_assert(memcmp(&ra, &rb, sizeof ra) == 0);
    /* Weighted mean Σwx/Σw = 45.5/11.5; n_eff = (Σw)²/Σw² = 11.5²/19.25; good (4–5) 8.5/11.5. */
    cx_assert_close(rc.mean, 45.5 / 11.5, 1e-14);
    cx_assert_close(rc.n_eff, 11.5 * 11.5 / 19.25, 1e-13);
    cx_assert_close(rc.good, 8.5 / 11.5, 1e-15);
    cx_rating_free(a);
    cx_rating_free(b);
    cx_rating_free(c);
    {
        CxRating *refused = (CxRating *)&refused;
        ck_assert_int_eq(cx_rating_new(5, 1, 4, 5, 5, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    {
        CxRating *refused = (CxRating *)&refused;
        ck_assert_int_eq(cx_rating_new(1, 5, 4, 6, 5, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    {
        CxRating *refused = (CxRating *)&refused;
        ck_assert_int_eq(cx_rating_new(0, 101, 4, 5, 5, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    ck_assert_int_eq(cx_rating_new(0, 100, 90, 100, 100, &r), CX_OK);
    cx_rating_free(r);
}
END_TEST

START_TEST(merge_and_serialize)
{
    CxRating *whole = NULL, *merged = NULL;
    ck_assert_int_eq(cx_rating_new(0, 10, 9, 10, 10, &whole), CX_OK);
    ck_assert_int_eq(cx_rating_new(0, 10, 9, 10, 10, &merged), CX_OK);
    unsigned seed = 11;
    for (int s = 0; s < 4; s++) {
        CxRating *part = NULL;
        ck_assert_int_eq(cx_rating_new(0, 10, 9, 10, 10, &part), CX_OK);
        for (int i = 0; i < 250; i++) {
            seed = seed * 1664525u + 1013904223u;
            double x = (double)((seed >> 8) % 13), wt = ((seed >> 20) % 8) / 4.0;
            cx_rating_add_double(part, &x, &wt, 1);
            cx_rating_add_double(whole, &x, &wt, 1);
        }
        ck_assert_int_eq(cx_rating_merge(merged, part), CX_OK);
        cx_rating_free(part);
    }
    CxRatingResult a = result_of(whole, CX_OK), b = result_of(merged, CX_OK);
    ck_assert_uint_eq(a.n, b.n);
    ck_assert_uint_eq(a.rejected, b.rejected);
    cx_assert_close(a.mean, b.mean, 1e-13);
    cx_assert_close(a.good_ci_lower, b.good_ci_lower, 1e-13);
    uint8_t *bytes;
    size_t len;
    ck_assert_int_eq(cx_rating_serialize(whole, &bytes, &len), CX_OK);
    CxRating *back = NULL;
    ck_assert_int_eq(cx_rating_deserialize(bytes, len, &back), CX_OK);
    CxRatingResult c = result_of(back, CX_OK);
    ck_assert(memcmp(&a, &c, sizeof a) == 0);
    cx_rating_free(back);
    for (size_t cut = 0; cut < len; cut++)
        ck_assert_int_eq(cx_rating_deserialize(bytes, cut, &back), CX_E_CORRUPT);
    uint8_t *copy = malloc(len);
    for (size_t i = 8; i < len; i++) {
        memcpy(copy, bytes, len);
        copy[i] ^= 0x3C;
        int st = cx_rating_deserialize(copy, len, &back);
        ck_assert(st == CX_OK || st == CX_E_CORRUPT || st == CX_E_OVERFLOW);
        if (st == CX_OK) {
            CxRatingResult d = { .size = sizeof d };
            st = cx_rating_result(back, 0.95, &d);
            ck_assert(st == CX_OK || st == CX_E_EMPTY);
            cx_rating_free(back);
        }
    }
    free(copy);
    /* Weights whose squares do not add exactly: the compensation terms must survive too. */
    CxRating *odd = NULL;
    ck_assert_int_eq(cx_rating_new(1, 5, 4, 5, 5, &odd), CX_OK);
    for (int i = 0; i < 1000; i++) {
        double x = 1 + i % 5, wt = 0.1 + 1e-3 * (i % 7) + 1e-9 * i;
        cx_rating_add_double(odd, &x, &wt, 1);
    }
    uint8_t *ob;
    size_t olen;
    ck_assert_int_eq(cx_rating_serialize(odd, &ob, &olen), CX_OK);
    CxRating *oback = NULL;
    ck_assert_int_eq(cx_rating_deserialize(ob, olen, &oback), CX_OK);
    CxRatingResult o1 = result_of(odd, CX_OK), o2 = result_of(oback, CX_OK);
    ck_assert_msg(memcmp(&o1, &o2, sizeof o1) == 0, "n_eff %.17g != %.17g", o1.n_eff, o2.n_eff);
    cx_free(ob);
    cx_rating_free(oback);
    cx_rating_free(odd);
    CxRating *other = NULL;
    ck_assert_int_eq(cx_rating_new(1, 5, 4, 5, 5, &other), CX_OK);
    ck_assert_int_eq(cx_rating_merge(whole, other), CX_E_MISMATCH);
    CxRating *cp = NULL;
    ck_assert_int_eq(cx_rating_copy(whole, &cp), CX_OK);
    ck_assert_int_eq(cx_rating_reset(cp), CX_OK);
    result_of(cp, CX_E_EMPTY);
    cx_rating_free(cp);
    cx_rating_free(other);
    cx_free(bytes);
    cx_rating_free(whole);
    cx_rating_free(merged);
    ck_assert_int_eq(cx_rating_add(NULL, 1, 1.0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_add_double(NULL, NULL, NULL, 0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_add_text(NULL, "1", 1, 1.0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_result(NULL, 0.95, &a), CX_E_INVALID_ARGUMENT);
}
END_TEST

static CxRating *
csat_of(const double *values, size_t n)
{
    CxRating *r = NULL;
    ck_assert_int_eq(cx_rating_new_preset(CX_RATING_CSAT, &r), CX_OK);
    ck_assert_int_eq(cx_rating_add_double(r, values, NULL, n), CX_OK);
    return r;
}

START_TEST(compare_reference)
{
    /* tests/data/rating-compare/expected.txt, computed by welch-newcombe.R next to it with R's
     * t.test(var.equal = FALSE) and prop.test(correct = FALSE):
     *   welch diff 0.783333333333 t 1.489048135198 df 17.303056154753 p 1.544753240706e-01
     *         ci -0.325083894675 1.891750561342
     *   good 7/10 vs 3/12 diff 0.45 z 2.110687091921 p 3.479921620986e-02
     *         newcombe 0.035705667443 0.700766790196 */
    static const double a[] = { 5, 4, 4, 3, 5, 2, 4, 5, 1, 4 };
    static const double b[] = { 3, 3, 2, 4, 3, 1, 2, 5, 3, 4, 2, 3 };
    CxRating *ra = csat_of(a, 10), *rb = csat_of(b, 12);
    CxRatingResult x = result_of(ra, CX_OK), y = result_of(rb, CX_OK);
    CxRatingComparison c = { .size = sizeof c };
    ck_assert_int_eq(cx_rating_compare(&x, &y, 0.95, &c), CX_OK);
    cx_assert_close(c.mean_diff, 0.783333333333, TOL);
    cx_assert_close(c.mean_t, 1.489048135198, TOL);
    cx_assert_close(c.mean_df, 17.303056154753, TOL);
    cx_assert_close(c.mean_p_value, 1.544753240706e-01, TOL);
    cx_assert_close(c.mean_ci_lower, -0.325083894675, 5e-11);
    cx_assert_close(c.mean_ci_upper, 1.891750561342, 5e-11);
    cx_assert_close(c.good_diff, 0.45, 1e-15);
    cx_assert_close(c.good_z, 2.110687091921, TOL);
    cx_assert_close(c.good_p_value, 3.479921620986e-02, TOL);
    cx_assert_close(c.good_ci_lower, 0.035705667443, TOL);
    cx_assert_close(c.good_ci_upper, 0.700766790196, TOL);
    cx_assert_close(c.level, 0.95, 0.0);

    /* The same Welch test from bare summaries (mean, se, n). */
    CxMeanComparison m = { .size = sizeof m };
    ck_assert_int_eq(cx_mean_compare(x.mean, x.se, 10, y.mean, y.se, 12, 0.95, &m), CX_OK);
    cx_assert_close(m.t, 1.489048135198, TOL);
    cx_assert_close(m.df, 17.303056154753, TOL);
    cx_assert_close(m.p_value, 1.544753240706e-01, TOL);
    cx_assert_close(m.ci_lower, -0.325083894675, 5e-11);
    ck_assert_int_eq(cx_mean_compare(1, 0, 5, 1, 0, 5, 0.95, &m), CX_OK);
    ck_assert(m.diff == 0.0 && m.se == 0.0 && isnan(m.t) && isnan(m.p_value));
    ck_assert_int_eq(cx_mean_compare(1, 0.5, 1, 2, 0.5, 5, 0.95, &m), CX_E_EMPTY);
    ck_assert_int_eq(cx_mean_compare(1, (double)NAN, 5, 2, 0.5, 5, 0.95, &m), CX_E_EMPTY);
    ck_assert_int_eq(cx_mean_compare((double)NAN, 0.5, 5, 2, 0.5, 5, 0.95, &m),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_mean_compare(1, -0.5, 5, 2, 0.5, 5, 0.95, &m), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_mean_compare(1, 0.5, 5, 2, 0.5, 5, 0.95, NULL), CX_E_INVALID_ARGUMENT);

    /* Swapping the sides flips every signed figure. */
    CxRatingComparison s = { .size = sizeof s };
    ck_assert_int_eq(cx_rating_compare(&y, &x, 0.95, &s), CX_OK);
    cx_assert_close(s.mean_t, -c.mean_t, 1e-15);
    cx_assert_close(s.good_ci_lower, -c.good_ci_upper, 1e-15);
    cx_assert_close(s.mean_p_value, c.mean_p_value, 1e-15);

    /* Errors: different scales, an empty side, NULLs, a bad level. */
    CxRating *ces = NULL, *empty = csat_of(a, 0);
    ck_assert_int_eq(cx_rating_new_preset(CX_RATING_CES, &ces), CX_OK);
    ck_assert_int_eq(cx_rating_add(ces, 5, 1.0), CX_OK);
    CxRatingResult z = { .size = sizeof z }, e = result_of(empty, CX_E_EMPTY);
    ck_assert_int_eq(cx_rating_result(ces, 0.95, &z), CX_OK);
    ck_assert_int_eq(cx_rating_compare(&x, &z, 0.95, &c), CX_E_MISMATCH);
    ck_assert_int_eq(cx_rating_compare(&x, &e, 0.95, &c), CX_E_EMPTY);
    ck_assert_int_eq(cx_rating_compare(NULL, &y, 0.95, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_compare(&x, &y, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_compare(&x, &y, 1.0, &c), CX_E_INVALID_ARGUMENT);
    cx_rating_free(ra);
    cx_rating_free(rb);
    cx_rating_free(ces);
    cx_rating_free(empty);
}
END_TEST

START_TEST(compare_newcombe_published)
{
    /* Newcombe, R. G. (1998), Stat. Med. 17:873-890, Table II, example (a): 56/70 vs 48/80,
     * method 10 (hybrid score) published as 0.0524 to 0.3339; to 12 digits from R in
     * tests/data/rating-compare/expected.txt: 0.052431472402, 0.333872654037. Built as two
     * 1-5 scales whose good band 4-5 holds 56 of 70 and 48 of 80 answers. */
    CxRating *ra = NULL, *rb = NULL;
    ck_assert_int_eq(cx_rating_new_preset(CX_RATING_CSAT, &ra), CX_OK);
    ck_assert_int_eq(cx_rating_new_preset(CX_RATING_CSAT, &rb), CX_OK);
    for (int i = 0; i < 70; i++)
        ck_assert_int_eq(cx_rating_add(ra, i < 56 ? 5 : 2, 1.0), CX_OK);
    for (int i = 0; i < 80; i++)
        ck_assert_int_eq(cx_rating_add(rb, i < 48 ? 4 : 1, 1.0), CX_OK);
    CxRatingResult x = result_of(ra, CX_OK), y = result_of(rb, CX_OK);
    CxRatingComparison c = { .size = sizeof c };
    ck_assert_int_eq(cx_rating_compare(&x, &y, 0.95, &c), CX_OK);
    cx_assert_close(c.good_diff, 0.2, 1e-15);
    cx_assert_close(c.good_ci_lower, 0.052431472402, TOL);
    cx_assert_close(c.good_ci_upper, 0.333872654037, TOL);
    cx_assert_close(c.good_ci_lower, 0.0524, 5e-5);
    cx_assert_close(c.good_ci_upper, 0.3339, 5e-5);

    /* The same through the bare two-proportion function. */
    CxProportionComparison pc = { .size = sizeof pc };
    ck_assert_int_eq(cx_proportion_compare(56, 70, 48, 80, 0.95, &pc), CX_OK);
    cx_assert_close(pc.diff, 0.2, 1e-15);
    cx_assert_close(pc.ci_lower, 0.052431472402, TOL);
    cx_assert_close(pc.ci_upper, 0.333872654037, TOL);
    cx_assert_close(pc.z, c.good_z, 1e-15);
    /* expected.txt: 7/10 vs 3/12, z 2.110687091921, p 3.479921620986e-02. */
    ck_assert_int_eq(cx_proportion_compare(7, 10, 3, 12, 0.95, &pc), CX_OK);
    cx_assert_close(pc.z, 2.110687091921, TOL);
    cx_assert_close(pc.p_value, 3.479921620986e-02, TOL);
    /* Both shares 1: no test, but an interval; bad counts are refused. */
    ck_assert_int_eq(cx_proportion_compare(5, 5, 9, 9, 0.95, &pc), CX_OK);
    ck_assert(isnan(pc.z) && isnan(pc.p_value) && pc.ci_lower < 0.0 && pc.ci_upper > 0.0);
    ck_assert_int_eq(cx_proportion_compare(6, 5, 1, 9, 0.95, &pc), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_proportion_compare(1, 0, 1, 9, 0.95, &pc), CX_E_EMPTY);
    ck_assert_int_eq(cx_proportion_compare((double)NAN, 5, 1, 9, 0.95, &pc),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_proportion_compare(1, 5, 1, 9, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    cx_rating_free(ra);
    cx_rating_free(rb);
}
END_TEST

static Suite *
rating_suite(void)
{
    Suite *s = suite_create("rating");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, csat_reference);
    tcase_add_test(tc, ces_reference);
    tcase_add_test(tc, compare_reference);
    tcase_add_test(tc, compare_newcombe_published);
    suite_add_tcase(s, tc);
    TCase *more = tcase_create("input");
    tcase_add_test(more, bad_answers_weights_and_empty);
    tcase_add_test(more, merge_and_serialize);
    suite_add_tcase(s, more);
    return s;
}

int
main(void)
{
    return cx_test_run(rating_suite());
}
