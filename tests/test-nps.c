/* SPDX-License-Identifier: MIT */
/*
 * NPS module tests. Expected values come from tests/data/reference/NPS.md (computed outside this
 * project; copied to tests/data/nps-vectors.csv) unless a comment names another source.
 * The library reports points; the reference gives proportions, hence the factors of 100.
 */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-common.h"

#define POINTS(x) (100.0 * (x))
/* Reference values are given to 12 decimals as proportions: 1e-9 of a proportion in points. */
#define REF_TOL 1e-7

static CxNpsResult
result_of(const CxNps *nps, int expected_status)
{
    CxNpsResult r = { .size = sizeof r };
    int status = cx_nps_result(nps, &r);
    ck_assert_msg(status == expected_status, "cx_nps_result: expected %s, got %s",
                  cx_status_name(expected_status), cx_status_name(status));
    return r;
}

/* An accumulator holding D detractors (answers cycling 0..6), Pa passives (7, 8) and P promoters
 * (9, 10), in an interleaved order. */
static CxNps *
nps_from_counts(int D, int Pa, int P)
{
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    ck_assert_ptr_nonnull(nps);
    int d = 0, pa = 0, p = 0;
    while (d < D || pa < Pa || p < P) {
        if (d < D)
            ck_assert_int_eq(cx_nps_add(nps, d++ % 7), CX_OK);
        if (pa < Pa)
            ck_assert_int_eq(cx_nps_add(nps, 7 + pa++ % 2), CX_OK);
        if (p < P)
            ck_assert_int_eq(cx_nps_add(nps, 9 + p++ % 2), CX_OK);
    }
    return nps;
}

typedef struct {
    int D, Pa, P;
    double nps, se, wald[2], adj[2], tango[2];
} Vector;

static size_t
load_vectors(Vector *v, size_t cap)
{
    FILE *f = fopen(cx_test_data_path("nps-vectors.csv"), "r");
    ck_assert_msg(f != NULL, "cannot open nps-vectors.csv");
    char line[512];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || strncmp(line, "detractors", 10) == 0)
            continue;
        ck_assert_uint_lt(n, cap);
        int got = sscanf(line, "%d,%d,%d,%lf,%lf,%lf,%lf,%lf,%lf,%lf,%lf", &v[n].D, &v[n].Pa,
                         &v[n].P, &v[n].nps, &v[n].se, &v[n].wald[0], &v[n].wald[1],
                         &v[n].adj[0], &v[n].adj[1], &v[n].tango[0], &v[n].tango[1]);
        ck_assert_int_eq(got, 11);
        n++;
    }
    fclose(f);
    return n;
}

/* ---- reference vectors ----------------------------------------------------------------------- */

START_TEST(reference_vectors_score_and_intervals)
{
    Vector v[16];
    size_t n = load_vectors(v, 16);
    ck_assert_uint_eq(n, 6);
    for (size_t i = 0; i < n; i++) {
        CxNps *nps = nps_from_counts(v[i].D, v[i].Pa, v[i].P);
        CxNpsResult r = result_of(nps, CX_OK);
        ck_assert_uint_eq(r.detractors, (uint64_t)v[i].D);
        ck_assert_uint_eq(r.passives, (uint64_t)v[i].Pa);
        ck_assert_uint_eq(r.promoters, (uint64_t)v[i].P);
        ck_assert_uint_eq(r.n, (uint64_t)(v[i].D + v[i].Pa + v[i].P));
        cx_assert_close(r.nps, POINTS(v[i].nps), REF_TOL);
        cx_assert_close(r.se, POINTS(v[i].se), REF_TOL);
        cx_assert_close(r.n_eff, (double)r.n, 0.0);

        static const int methods[3] = { CX_NPS_CI_WALD, CX_NPS_CI_ADJUSTED_WALD,
                                        CX_NPS_CI_TANGO };
        const double *expect[3] = { v[i].wald, v[i].adj, v[i].tango };
        for (int m = 0; m < 3; m++) {
            double lo, hi;
            ck_assert_int_eq(cx_nps_interval(&r, 0.95, methods[m], &lo, &hi), CX_OK);
            ck_assert_msg(fabs(lo - POINTS(expect[m][0])) <= REF_TOL &&
                              fabs(hi - POINTS(expect[m][1])) <= REF_TOL,
                          "counts %d,%d,%d method %s: expected [%.12f, %.12f], got [%.12f, %.12f]",
                          v[i].D, v[i].Pa, v[i].P, cx_nps_ci_method_name(methods[m]),
                          POINTS(expect[m][0]), POINTS(expect[m][1]), lo, hi);
        }
        cx_nps_free(nps);
    }
}
END_TEST

START_TEST(adjusted_wald_is_centred_on_adjusted_score)
{
    /* NPS.md: adjusted-Wald centres (1,2,3) 0.222222222222, (10,15,25) 0.283018867925; the
     * intervals are unclipped there, so the centre is the midpoint. */
    static const struct { int D, Pa, P; double centre; } cases[] = {
        { 1, 2, 3, 0.222222222222 }, { 10, 15, 25, 0.283018867925 }
    };
    for (size_t i = 0; i < 2; i++) {
        CxNps *nps = nps_from_counts(cases[i].D, cases[i].Pa, cases[i].P);
        CxNpsResult r = result_of(nps, CX_OK);
        double lo, hi;
        ck_assert_int_eq(cx_nps_interval(&r, 0.95, CX_NPS_CI_ADJUSTED_WALD, &lo, &hi), CX_OK);
        cx_assert_close((lo + hi) / 2.0, POINTS(cases[i].centre), REF_TOL);
        cx_nps_free(nps);
    }
    /* (1,2,3): SE' = 0.249828473393, so the half-width is z·SE'. */
    CxNps *nps = nps_from_counts(1, 2, 3);
    CxNpsResult r = result_of(nps, CX_OK);
    double lo, hi;
    ck_assert_int_eq(cx_nps_interval(&r, 0.95, CX_NPS_CI_ADJUSTED_WALD, &lo, &hi), CX_OK);
    cx_assert_close((hi - lo) / 2.0, POINTS(1.959963984540054 * 0.249828473393), REF_TOL);
    cx_nps_free(nps);
}
END_TEST

START_TEST(variance_examples)
{
    CxNps *nps = nps_from_counts(362, 176, 462);
    CxNpsResult r = result_of(nps, CX_OK);
    cx_assert_close(r.variance, 0.814, 1e-15); /* NPS.md: 0.814 exactly */
    cx_nps_free(nps);

    /* Answers 0, 7, 7, 9, 9, 9: NPS 1/3, var 5/9 (NPS.md). */
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    static const int answers[] = { 0, 7, 7, 9, 9, 9 };
    ck_assert_int_eq(cx_nps_add_int(nps, answers, NULL, 6), CX_OK);
    r = result_of(nps, CX_OK);
    cx_assert_close(r.nps, 100.0 / 3.0, 1e-12);
    cx_assert_close(r.variance, 5.0 / 9.0, 1e-15);
    cx_assert_close(r.p_passives, 1.0 / 3.0, 1e-15);
    ck_assert_uint_eq(r.counts[0], 1);
    ck_assert_uint_eq(r.counts[7], 2);
    ck_assert_uint_eq(r.counts[9], 3);
    cx_nps_free(nps);
}
END_TEST

START_TEST(tango_at_90_percent)
{
    CxNps *nps = nps_from_counts(10, 15, 25);
    CxNpsResult r = result_of(nps, CX_OK);
    double lo, hi;
    ck_assert_int_eq(cx_nps_interval(&r, 0.90, CX_NPS_CI_TANGO, &lo, &hi), CX_OK);
    cx_assert_close(lo, POINTS(0.108349000718), REF_TOL);
    cx_assert_close(hi, POINTS(0.467818194521), REF_TOL);
    cx_nps_free(nps);
}
END_TEST

START_TEST(intervals_narrow_with_level_and_contain_score)
{
    CxNps *nps = nps_from_counts(37, 51, 112);
    CxNpsResult r = result_of(nps, CX_OK);
    for (int m = 0; m < 3; m++) {
        double prev_width = INFINITY;
        for (double level = 0.999; level > 0.05; level -= 0.05) {
            double lo, hi;
            ck_assert_int_eq(cx_nps_interval(&r, level, m, &lo, &hi), CX_OK);
            ck_assert_msg(lo <= r.nps + 1e-9 || m == CX_NPS_CI_ADJUSTED_WALD,
                          "%s lower %g above score %g", cx_nps_ci_method_name(m), lo, r.nps);
            ck_assert_msg(hi - lo < prev_width, "%s: width %g at level %g not below %g",
                          cx_nps_ci_method_name(m), hi - lo, level, prev_width);
            ck_assert(lo >= -100.0 && hi <= 100.0);
            prev_width = hi - lo;
        }
    }
    cx_nps_free(nps);
}
END_TEST

START_TEST(two_sample_comparison)
{
    /* NPS.md: (10,15,25) minus (100,200,700): diff −0.3, SE 0.112427754580, z −2.668380251118,
     * p 0.007621794284, 95 % CI −0.520354349840, −0.079645650160. */
    CxNps *a = nps_from_counts(10, 15, 25), *b = nps_from_counts(100, 200, 700);
    CxNpsResult ra = result_of(a, CX_OK), rb = result_of(b, CX_OK);
    CxNpsComparison c = { .size = sizeof c };
    ck_assert_int_eq(cx_nps_compare(&ra, &rb, 0.95, &c), CX_OK);
    cx_assert_close(c.diff, POINTS(-0.3), 1e-10);
    cx_assert_close(c.se, POINTS(0.112427754580), REF_TOL);
    cx_assert_close(c.z, -2.668380251118, 1e-9);
    cx_assert_close(c.p_value, 0.007621794284, 1e-11);
    cx_assert_close(c.ci_lower, POINTS(-0.520354349840), REF_TOL);
    cx_assert_close(c.ci_upper, POINTS(-0.079645650160), REF_TOL);

    /* Swapping keeps magnitudes and flips signs. */
    CxNpsComparison c2 = { .size = sizeof c2 };
    ck_assert_int_eq(cx_nps_compare(&rb, &ra, 0.95, &c2), CX_OK);
    cx_assert_close(c2.diff, -c.diff, 1e-12);
    cx_assert_close(c2.p_value, c.p_value, 1e-15);
    cx_assert_close(c2.ci_lower, -c.ci_upper, 1e-12);
    cx_nps_free(a);
    cx_nps_free(b);
}
END_TEST

START_TEST(comparison_with_zero_se)
{
    CxNps *a = nps_from_counts(0, 0, 10), *b = nps_from_counts(0, 10, 0);
    CxNpsResult ra = result_of(a, CX_OK), rb = result_of(b, CX_OK);
    CxNpsComparison c = { .size = sizeof c };
    ck_assert_int_eq(cx_nps_compare(&ra, &rb, 0.95, &c), CX_OK);
    cx_assert_close(c.diff, 100.0, 0.0);
    cx_assert_close(c.se, 0.0, 0.0);
    ck_assert(isinf(c.z) && c.z > 0);
    cx_assert_close(c.p_value, 0.0, 0.0);
    ck_assert_int_eq(cx_nps_compare(&ra, &ra, 0.95, &c), CX_OK);
    cx_assert_close(c.z, 0.0, 0.0);
    cx_assert_close(c.p_value, 1.0, 0.0);
    cx_nps_free(a);
    cx_nps_free(b);
}
END_TEST

START_TEST(weighted_reference)
{
    /* NPS.md: answers 10, 9, 8, 6, 0, 7, 10 with weights 1, 2, 1, 1, 0.5, 1.5, 0.25: NPS_w 7/29,
     * var_w 0.596908442331, n_eff 5.496732026144, SE_w 0.329535022969,
     * Wald 95 % −0.404497466319, 0.887256087009. */
    static const uint8_t answers[] = { 10, 9, 8, 6, 0, 7, 10 };
    static const double weights[] = { 1, 2, 1, 1, 0.5, 1.5, 0.25 };
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    ck_assert_int_eq(cx_nps_add_u8(nps, answers, weights, 7), CX_OK);
    CxNpsResult r = result_of(nps, CX_OK);
    cx_assert_close(r.nps, POINTS(7.0 / 29.0), 1e-12);
    cx_assert_close(r.variance, 0.596908442331, 1e-12);
    cx_assert_close(r.n_eff, 5.496732026144, 1e-11);
    cx_assert_close(r.se, POINTS(0.329535022969), REF_TOL);
    cx_assert_close(r.weight_total, 7.25, 1e-15);
    ck_assert_uint_eq(r.n, 7);
    double lo, hi;
    ck_assert_int_eq(cx_nps_interval(&r, 0.95, CX_NPS_CI_WALD, &lo, &hi), CX_OK);
    cx_assert_close(lo, POINTS(-0.404497466319), REF_TOL);
    cx_assert_close(hi, POINTS(0.887256087009), REF_TOL);
    /* The other methods use n_eff in place of n and still bracket the score. */
    for (int m = 1; m < 3; m++) {
        ck_assert_int_eq(cx_nps_interval(&r, 0.95, m, &lo, &hi), CX_OK);
        ck_assert(lo < r.nps && r.nps < hi);
    }
    cx_nps_free(nps);
}
END_TEST

START_TEST(sample_size_reference)
{
    uint64_t n = 0;
    /* NPS.md: m = 0.05 at 95 %: worst case 1537; planning p = 0.5, d = 0.2: 938. */
    ck_assert_int_eq(cx_nps_sample_size(5.0, 0.95, 0.5, 0.5, &n), CX_OK);
    ck_assert_uint_eq(n, 1537);
    ck_assert_int_eq(cx_nps_sample_size(5.0, 0.95, 0.5, 0.2, &n), CX_OK);
    ck_assert_uint_eq(n, 938);
    /* Everyone a promoter: variance 0, one respondent suffices. */
    ck_assert_int_eq(cx_nps_sample_size(5.0, 0.95, 1.0, 0.0, &n), CX_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(cx_nps_sample_size(0.0, 0.95, 0.5, 0.5, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_sample_size(5.0, 1.0, 0.5, 0.5, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_sample_size(5.0, 0.95, 0.7, 0.5, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_sample_size(5.0, 0.95, NAN, 0.5, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_sample_size(1e-300, 0.95, 0.5, 0.5, &n), CX_E_OVERFLOW);
    ck_assert_int_eq(cx_nps_sample_size(5.0, 0.95, 0.5, 0.5, NULL), CX_E_INVALID_ARGUMENT);
}
END_TEST

/* ---- input handling -------------------------------------------------------------------------- */

START_TEST(rejections_are_counted_by_reason)
{
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    static const uint8_t u8[] = { 10, 11, 255, 0 };
    ck_assert_int_eq(cx_nps_add_u8(nps, u8, NULL, 4), CX_OK);       /* 2 valid, 2 out of range */
    static const int ints[] = { -1, 11, 5, 9 };
    ck_assert_int_eq(cx_nps_add_int(nps, ints, NULL, 4), CX_OK);    /* 2 valid, 2 out of range */
    static const double dbl[] = { 6.5, NAN, INFINITY, 9.0, -0.0, 10.000001, -3.0 };
    /* 6.5 and 10.000001 not integer; NaN missing; inf a text cell (not a number); −3 out of
     * range; 9.0 and −0.0 valid */
    ck_assert_int_eq(cx_nps_add_double(nps, dbl, NULL, 7), CX_OK);
    static const char *texts[] = { "7a", "N/A", " 8 ", "6.5", "11", "", "na", "-", "NA", "seven",
                                   "9\t", "1e1" };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        ck_assert_int_eq(cx_nps_add_text(nps, texts[i], strlen(texts[i]), 1.0), CX_OK);
    /* text: 7a, seven not a number; N/A, "", na, -, NA missing; 6.5 not integer; 11 out of
     * range; " 8 ", "9\t", "1e1" valid */
    ck_assert_int_eq(cx_nps_add_weighted(nps, 9, -1.0), CX_OK);
    ck_assert_int_eq(cx_nps_add_weighted(nps, 9, NAN), CX_OK);
    ck_assert_int_eq(cx_nps_add_weighted(nps, 9, INFINITY), CX_OK);
    ck_assert_int_eq(cx_nps_add_weighted(nps, 12, NAN), CX_OK); /* the answer is judged first */
    ck_assert_int_eq(cx_nps_add_text(nps, "", 0, NAN), CX_OK);  /* missing answer, weight moot */
    ck_assert_int_eq(cx_nps_add_missing(nps, 3), CX_OK);

    CxNpsResult r = result_of(nps, CX_OK);
    ck_assert_uint_eq(r.n, 2 + 2 + 2 + 3);
    ck_assert_uint_eq(r.missing, 1 + 5 + 1 + 3);
    ck_assert_uint_eq(r.rejected_out_of_range, 2 + 2 + 1 + 1 + 1);
    ck_assert_uint_eq(r.rejected_not_integer, 2 + 1);
    ck_assert_uint_eq(r.rejected_not_a_number, 1 + 2);
    ck_assert_uint_eq(r.rejected_weight_negative, 1);
    ck_assert_uint_eq(r.rejected_weight_invalid, 2);
    ck_assert_uint_eq(r.rejected, 8 + 3 + 2 + 1 + 2);
    ck_assert_uint_eq(r.counts[10], 2);
    ck_assert_uint_eq(r.counts[0], 2);
    ck_assert_uint_eq(r.counts[8], 1);
    ck_assert_uint_eq(r.counts[9], 3);
    ck_assert_uint_eq(r.counts[5], 1);
    cx_nps_free(nps);
}
END_TEST

START_TEST(zero_weights_count_but_do_not_score)
{
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    ck_assert_int_eq(cx_nps_add_weighted(nps, 10, 0.0), CX_OK);
    CxNpsResult r = result_of(nps, CX_E_EMPTY); /* all weights zero: no score */
    ck_assert_uint_eq(r.n, 1);
    ck_assert_uint_eq(r.promoters, 1);
    ck_assert(isnan(r.nps) && isnan(r.se));
    double lo, hi;
    ck_assert_int_eq(cx_nps_interval(&r, 0.95, CX_NPS_CI_TANGO, &lo, &hi), CX_E_EMPTY);
    ck_assert_int_eq(cx_nps_add_weighted(nps, 0, 2.0), CX_OK);
    r = result_of(nps, CX_OK);
    cx_assert_close(r.nps, -100.0, 0.0);
    cx_assert_close(r.n_eff, 1.0, 0.0);
    cx_nps_free(nps);
}
END_TEST

START_TEST(empty_accumulator_is_a_clear_error)
{
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    ck_assert_int_eq(cx_nps_add_missing(nps, 5), CX_OK);
    CxNpsResult r = result_of(nps, CX_E_EMPTY);
    ck_assert_uint_eq(r.n, 0);
    ck_assert_uint_eq(r.missing, 5);
    double lo = 1.0, hi = 2.0;
    for (int m = 0; m < 3; m++)
        ck_assert_int_eq(cx_nps_interval(&r, 0.95, m, &lo, &hi), CX_E_EMPTY);
    CxNpsComparison c = { .size = sizeof c };
    ck_assert_int_eq(cx_nps_compare(&r, &r, 0.95, &c), CX_E_EMPTY);
    cx_nps_free(nps);
}
END_TEST

START_TEST(u8_fast_path_matches_one_by_one)
{
    /* Every byte value, lengths around the fast-path threshold, unaligned starts. */
    uint8_t buf[1100];
    unsigned seed = 12345;
    for (size_t i = 0; i < sizeof buf; i++) {
        seed = seed * 1103515245u + 12345u;
        buf[i] = (uint8_t)((i % 3 == 0) ? (seed >> 16) & 0xff : (seed >> 16) % 11);
    }
    static const size_t lengths[] = { 0, 1, 3, 63, 64, 65, 127, 257, 1000 };
    for (size_t li = 0; li < sizeof lengths / sizeof *lengths; li++) {
        for (size_t off = 0; off < 4; off++) {
            size_t n = lengths[li];
            CxNps *bulk = NULL, *single = NULL;
            ck_assert_int_eq(cx_nps_new(&bulk), CX_OK);
            ck_assert_int_eq(cx_nps_new(&single), CX_OK);
            ck_assert_int_eq(cx_nps_add_u8(bulk, buf + off, NULL, n), CX_OK);
            for (size_t i = 0; i < n; i++)
                cx_nps_add(single, buf[off + i]);
            CxNpsResult a = { .size = sizeof a }, b = { .size = sizeof b };
            int sa = cx_nps_result(bulk, &a), sb = cx_nps_result(single, &b);
            ck_assert_int_eq(sa, sb);
            ck_assert_msg(memcmp(&a, &b, sizeof a) == 0, "length %zu offset %zu differ", n, off);
            cx_nps_free(bulk);
            cx_nps_free(single);
        }
    }
}
END_TEST

/* ---- properties ------------------------------------------------------------------------------ */

static void
random_data(unsigned seed, uint8_t *scores, double *weights, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        scores[i] = (uint8_t)((seed >> 8) % 13); /* 11 and 12 are rejected */
        seed = seed * 1664525u + 1013904223u;
        weights[i] = ((seed >> 8) % 1000) / 250.0; /* 0 … 3.996 */
    }
}

static void
assert_results_close(const CxNpsResult *a, const CxNpsResult *b)
{
    ck_assert(memcmp(a->counts, b->counts, sizeof a->counts) == 0);
    ck_assert_uint_eq(a->rejected, b->rejected);
    ck_assert_uint_eq(a->missing, b->missing);
    cx_assert_close(a->weight_total, b->weight_total, 1e-12 * b->weight_total);
    cx_assert_close(a->n_eff, b->n_eff, 1e-12 * b->n_eff);
    cx_assert_close(a->nps, b->nps, 1e-11);
    cx_assert_close(a->se, b->se, 1e-11);
}

START_TEST(input_order_does_not_change_result)
{
    enum { N = 5000 };
    static uint8_t s[N], s2[N];
    static double w[N], w2[N];
    random_data(7, s, w, N);
    for (size_t i = 0; i < N; i++) { /* reversed order */
        s2[i] = s[N - 1 - i];
        w2[i] = w[N - 1 - i];
    }
    CxNps *a = NULL, *b = NULL;
    ck_assert_int_eq(cx_nps_new(&a), CX_OK);
    ck_assert_int_eq(cx_nps_new(&b), CX_OK);
    cx_nps_add_u8(a, s, NULL, N);
    cx_nps_add_u8(b, s2, NULL, N);
    CxNpsResult ra = result_of(a, CX_OK), rb = result_of(b, CX_OK);
    ck_assert_msg(memcmp(&ra, &rb, sizeof ra) == 0, "unweighted results differ with order");
    cx_nps_reset(a);
    cx_nps_reset(b);
    cx_nps_add_u8(a, s, w, N);
    cx_nps_add_u8(b, s2, w2, N);
    ra = result_of(a, CX_OK);
    rb = result_of(b, CX_OK);
    assert_results_close(&ra, &rb);
    cx_nps_free(a);
    cx_nps_free(b);
}
END_TEST

START_TEST(added_counts_equal_single_adds)
{
    /* cx_nps_add_counts(): a tallied histogram gives the same result, bit for bit, as adding
     * each answer, also on top of answers already added. */
    const uint64_t counts[11] = { 3, 0, 1, 4, 0, 2, 5, 7, 1, 9, 6 };
    CxNps *a = NULL, *b = NULL;
    ck_assert_int_eq(cx_nps_new(&a), CX_OK);
    ck_assert_int_eq(cx_nps_new(&b), CX_OK);
    cx_nps_add(a, 10);
    cx_nps_add(b, 10);
    ck_assert_int_eq(cx_nps_add_counts(a, counts), CX_OK);
    for (int v = 0; v <= 10; v++)
        for (uint64_t i = 0; i < counts[v]; i++)
            cx_nps_add(b, v);
    CxNpsResult ra = result_of(a, CX_OK), rb = result_of(b, CX_OK);
    ck_assert_msg(memcmp(&ra, &rb, sizeof ra) == 0,
                  "counts and single adds differ: NPS %.17g vs %.17g, n %llu vs %llu", ra.nps,
                  rb.nps, (unsigned long long)ra.n, (unsigned long long)rb.n);
    cx_nps_free(a);
    cx_nps_free(b);
}
END_TEST

START_TEST(merge_of_shards_equals_one_pass)
{
    enum { N = 6000 };
    static uint8_t s[N];
    static double w[N];
    random_data(99, s, w, N);
    for (int weighted = 0; weighted < 2; weighted++) {
        for (size_t k = 1; k <= 7; k++) {
            CxNps *whole = NULL, *merged = NULL;
            ck_assert_int_eq(cx_nps_new(&whole), CX_OK);
            ck_assert_int_eq(cx_nps_new(&merged), CX_OK);
            cx_nps_add_u8(whole, s, weighted ? w : NULL, N);
            size_t start = 0;
            for (size_t shard = 0; shard < k; shard++) {
                size_t end = N * (shard + 1) / k;
                CxNps *part = NULL;
                ck_assert_int_eq(cx_nps_new(&part), CX_OK);
                cx_nps_add_u8(part, s + start, weighted ? w + start : NULL, end - start);
                cx_nps_add_missing(part, 1);
                ck_assert_int_eq(cx_nps_merge(merged, part), CX_OK);
                cx_nps_free(part);
                start = end;
            }
            cx_nps_add_missing(whole, k);
            CxNpsResult a = result_of(whole, CX_OK), b = result_of(merged, CX_OK);
            if (weighted)
                assert_results_close(&b, &a);
            else
                ck_assert_msg(memcmp(&a, &b, sizeof a) == 0, "unweighted merge of %zu differs", k);
            cx_nps_free(whole);
            cx_nps_free(merged);
        }
    }
}
END_TEST

START_TEST(all_ones_weights_equal_unweighted)
{
    enum { N = 3000 };
    static uint8_t s[N];
    static double w[N], ones[N];
    random_data(3, s, w, N);
    for (size_t i = 0; i < N; i++)
        ones[i] = 1.0;
    CxNps *a = NULL, *b = NULL, *c = NULL;
    ck_assert_int_eq(cx_nps_new(&a), CX_OK);
    ck_assert_int_eq(cx_nps_new(&b), CX_OK);
    ck_assert_int_eq(cx_nps_new(&c), CX_OK);
    cx_nps_add_u8(a, s, NULL, N);
    cx_nps_add_u8(b, s, ones, N);
    for (size_t i = 0; i < N; i++)
        cx_nps_add_weighted(c, s[i], 1.0);
    CxNpsResult ra = result_of(a, CX_OK), rb = result_of(b, CX_OK), rc = result_of(c, CX_OK);
    ck_assert_msg(memcmp(&ra, &rb, sizeof ra) == 0, "all-ones weights differ from unweighted");
    ck_assert_msg(memcmp(&ra, &rc, sizeof ra) == 0, "single weighted adds differ");
    for (int m = 0; m < 3; m++) {
        double l1, h1, l2, h2;
        cx_nps_interval(&ra, 0.95, m, &l1, &h1);
        cx_nps_interval(&rb, 0.95, m, &l2, &h2);
        ck_assert(l1 == l2 && h1 == h2);
    }
    cx_nps_free(a);
    cx_nps_free(b);
    cx_nps_free(c);
}
END_TEST

START_TEST(copy_and_reset)
{
    CxNps *a = nps_from_counts(3, 4, 5);
    CxNps *b = NULL;
    ck_assert_int_eq(cx_nps_copy(a, &b), CX_OK);
    ck_assert_ptr_nonnull(b);
    CxNpsResult ra = result_of(a, CX_OK), rb = result_of(b, CX_OK);
    ck_assert(memcmp(&ra, &rb, sizeof ra) == 0);
    cx_nps_add(b, 10); /* independent */
    ck_assert_uint_eq(result_of(a, CX_OK).n, 12);
    ck_assert_int_eq(cx_nps_reset(b), CX_OK);
    CxNpsResult rz = result_of(b, CX_E_EMPTY);
    ck_assert_uint_eq(rz.n + rz.missing + rz.rejected, 0);
    cx_nps_free(a);
    cx_nps_free(b);
}
END_TEST

/* ---- serialization ----------------------------------------------------------------------------- */

static CxNps *
messy_accumulator(void)
{
    enum { N = 777 };
    static uint8_t s[N];
    static double w[N];
    random_data(42, s, w, N);
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    cx_nps_add_u8(nps, s, w, N);
    cx_nps_add_weighted(nps, 5, -2.0);
    cx_nps_add_text(nps, "6.5", 3, 1.0);
    cx_nps_add_text(nps, "x", 1, 1.0);
    cx_nps_add_missing(nps, 9);
    return nps;
}

START_TEST(serialize_round_trips_bit_exactly)
{
    CxNps *a = messy_accumulator();
    uint8_t *bytes = NULL;
    size_t len = 0;
    ck_assert_int_eq(cx_nps_serialize(a, &bytes, &len), CX_OK);
    ck_assert_uint_gt(len, 8);
    CxNps *b = NULL;
    ck_assert_int_eq(cx_nps_deserialize(bytes, len, &b), CX_OK);
    CxNpsResult ra = result_of(a, CX_OK), rb = result_of(b, CX_OK);
    ck_assert_msg(memcmp(&ra, &rb, sizeof ra) == 0, "round trip changed the result");
    uint8_t *bytes2 = NULL;
    size_t len2 = 0;
    ck_assert_int_eq(cx_nps_serialize(b, &bytes2, &len2), CX_OK);
    ck_assert_uint_eq(len2, len);
    ck_assert(memcmp(bytes, bytes2, len) == 0);

    /* From an unaligned copy too. */
    uint8_t *shifted = malloc(len + 1);
    memcpy(shifted + 1, bytes, len);
    CxNps *c = NULL;
    ck_assert_int_eq(cx_nps_deserialize(shifted + 1, len, &c), CX_OK);
    CxNpsResult rc = result_of(c, CX_OK);
    ck_assert(memcmp(&ra, &rc, sizeof ra) == 0);
    /* Merging the deserialized state equals merging the original. */
    CxNps *m1 = NULL, *m2 = NULL;
    ck_assert_int_eq(cx_nps_new(&m1), CX_OK);
    ck_assert_int_eq(cx_nps_new(&m2), CX_OK);
    cx_nps_merge(m1, a);
    cx_nps_merge(m2, c);
    CxNpsResult r1 = result_of(m1, CX_OK), r2 = result_of(m2, CX_OK);
    ck_assert(memcmp(&r1, &r2, sizeof r1) == 0);

    free(shifted);
    cx_free(bytes);
    cx_free(bytes2);
    cx_nps_free(a);
    cx_nps_free(b);
    cx_nps_free(c);
    cx_nps_free(m1);
    cx_nps_free(m2);
}
END_TEST

static void
le_double(double x, uint8_t out[8])
{
    uint64_t u;
    memcpy(&u, &x, 8);
    for (int i = 0; i < 8; i++)
        out[i] = (uint8_t)(u >> (8 * i));
}

static size_t
find_bytes(const uint8_t *hay, size_t len, const uint8_t needle[8])
{
    for (size_t i = 0; i + 8 <= len; i++)
        if (memcmp(hay + i, needle, 8) == 0)
            return i;
    return len;
}

START_TEST(deserialize_rejects_damaged_state)
{
    CxNps *a = messy_accumulator();
    uint8_t *bytes = NULL;
    size_t len = 0;
    ck_assert_int_eq(cx_nps_serialize(a, &bytes, &len), CX_OK);
    CxNps *out = (CxNps *)1;

    /* Every truncation is refused, never read past. */
    for (size_t cut = 0; cut < len; cut++) {
        int st = cx_nps_deserialize(bytes, cut, &out);
        ck_assert_msg(st == CX_E_CORRUPT, "truncated to %zu: got %s", cut, cx_status_name(st));
        ck_assert_ptr_null(out);
    }
    uint8_t *copy = malloc(len);
    /* A newer format version. */
    memcpy(copy, bytes, len);
    copy[4] = 3;
    cx_test_state_seal(copy, len);
    ck_assert_int_eq(cx_nps_deserialize(copy, len, &out), CX_E_VERSION);
    /* Format 1, which had no checksum, is no longer read. */
    copy[4] = 1;
    cx_test_state_seal(copy, len);
    ck_assert_int_eq(cx_nps_deserialize(copy, len, &out), CX_E_VERSION);
    /* Wrong magic. */
    memcpy(copy, bytes, len);
    copy[0] = 'X';
    ck_assert_int_eq(cx_nps_deserialize(copy, len, &out), CX_E_CORRUPT);
    /* Every single-byte corruption gives CX_OK or a clear error, never a crash, and a state that
     * is accepted still yields a result without NaN shares. */
    for (size_t i = 8; i < len; i++) {
        memcpy(copy, bytes, len);
        copy[i] ^= 0xA5;
        int st = cx_nps_deserialize(copy, len, &out);
        ck_assert(st == CX_OK || st == CX_E_CORRUPT || st == CX_E_OVERFLOW);
        if (st == CX_OK) {
            CxNpsResult r = { .size = sizeof r };
            int rs = cx_nps_result(out, &r);
            ck_assert(rs == CX_OK || rs == CX_E_EMPTY);
            if (rs == CX_OK)
                ck_assert(isfinite(r.nps) && r.nps >= -100.0 - 1e-9 && r.nps <= 100.0 + 1e-9);
            cx_nps_free(out);
        }
    }
    free(copy);
    cx_free(bytes);
    cx_nps_free(a);

    /* Bad weight sums smuggled into an otherwise valid state: one answer 5 with weight 3 stores
     * Σw[5] = 3.0 and Σw² = 9.0; each is found by its little-endian bytes and replaced. */
    ck_assert_int_eq(cx_nps_new(&a), CX_OK);
    cx_nps_add_weighted(a, 5, 3.0);
    ck_assert_int_eq(cx_nps_serialize(a, &bytes, &len), CX_OK);
    copy = malloc(len);
    static const double targets[] = { 3.0, 9.0 };
    static const double poison[] = { NAN, -3.0, INFINITY };
    for (size_t t = 0; t < 2; t++) {
        uint8_t pattern[8];
        le_double(targets[t], pattern);
        size_t at = find_bytes(bytes, len, pattern);
        ck_assert_msg(at < len, "value %g not found in the serialized state", targets[t]);
        for (size_t k = 0; k < 3; k++) {
            memcpy(copy, bytes, len);
            le_double(poison[k], copy + at);
            int st = cx_nps_deserialize(copy, len, &out);
            ck_assert_msg(st == CX_E_CORRUPT, "%g replaced by %g: got %s", targets[t], poison[k],
                          cx_status_name(st));
        }
    }
    /* A weight for a value that has no answers. */
    memcpy(copy, bytes, len);
    uint8_t pattern[8];
    le_double(3.0, pattern);
    size_t at = find_bytes(copy, len, pattern);
    memset(copy + at, 0, 8);                 /* Σw[5] = 0 … */
    le_double(3.0, copy + at - 16);          /* … and Σw[4] = 3 although counts[4] = 0 */
    ck_assert_int_eq(cx_nps_deserialize(copy, len, &out), CX_E_CORRUPT);

    ck_assert_int_eq(cx_nps_deserialize(NULL, 10, &out), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_deserialize(bytes, len, NULL), CX_E_INVALID_ARGUMENT);
    free(copy);
    cx_free(bytes);
    cx_nps_free(a);
}
END_TEST

START_TEST(merge_detects_count_overflow)
{
    CxNps *a = NULL;
    ck_assert_int_eq(cx_nps_new(&a), CX_OK);
    cx_nps_add(a, 10);
    /* Doubling 63 times reaches 2⁶³ answers; one more doubling would pass 2⁶⁴ − 1. */
    for (int i = 0; i < 63; i++) {
        CxNps *copy = NULL;
        ck_assert_int_eq(cx_nps_copy(a, &copy), CX_OK);
        ck_assert_int_eq(cx_nps_merge(a, copy), CX_OK);
        cx_nps_free(copy);
    }
    CxNpsResult before = result_of(a, CX_OK);
    ck_assert_uint_eq(before.counts[10], UINT64_C(1) << 63);
    CxNps *copy = NULL;
    ck_assert_int_eq(cx_nps_copy(a, &copy), CX_OK);
    ck_assert_int_eq(cx_nps_merge(a, copy), CX_E_OVERFLOW);
    CxNpsResult after = result_of(a, CX_OK);
    ck_assert(memcmp(&before, &after, sizeof before) == 0); /* unchanged */
    /* Counts beyond 2³² survive serialization. */
    uint8_t *bytes;
    size_t len;
    ck_assert_int_eq(cx_nps_serialize(a, &bytes, &len), CX_OK);
    CxNps *b = NULL;
    ck_assert_int_eq(cx_nps_deserialize(bytes, len, &b), CX_OK);
    ck_assert_uint_eq(result_of(b, CX_OK).counts[10], UINT64_C(1) << 63);
    /* The answers held in all (here 2⁶³ valid) may not pass 2⁶⁴ − 1, missing ones included. */
    ck_assert_int_eq(cx_nps_add_missing(b, UINT64_MAX), CX_E_OVERFLOW);
    ck_assert_int_eq(cx_nps_add_missing(b, UINT64_MAX - (UINT64_C(1) << 63)), CX_OK);
    ck_assert_int_eq(cx_nps_add_missing(b, 1), CX_E_OVERFLOW);
    ck_assert_int_eq(cx_nps_add(b, 9), CX_E_OVERFLOW);
    ck_assert_uint_eq(result_of(b, CX_OK).counts[9], 0); /* nothing added */
    cx_free(bytes);
    cx_nps_free(a);
    cx_nps_free(b);
    cx_nps_free(copy);
}
END_TEST

/* ---- API edges --------------------------------------------------------------------------------- */

START_TEST(null_and_invalid_arguments)
{
    CxNps *nps = nps_from_counts(1, 1, 1);
    CxNpsResult r = result_of(nps, CX_OK);
    double lo, hi;
    uint8_t *bytes;
    size_t len;
    ck_assert_int_eq(cx_nps_reset(NULL), CX_E_INVALID_ARGUMENT);
    {
        CxNps *refused = (CxNps *)&refused;
        ck_assert_int_eq(cx_nps_copy(NULL, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    cx_nps_free(NULL);
    ck_assert_int_eq(cx_nps_merge(NULL, nps), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_merge(nps, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_merge(nps, nps), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add(NULL, 5), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add_weighted(NULL, 5, 1.0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add_u8(NULL, NULL, NULL, 0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add_u8(nps, NULL, NULL, 3), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add_u8(nps, NULL, NULL, 0), CX_OK);
    ck_assert_int_eq(cx_nps_add_int(nps, NULL, NULL, 2), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add_int(nps, NULL, NULL, 0), CX_OK);
    ck_assert_int_eq(cx_nps_add_double(nps, NULL, NULL, 2), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add_text(nps, NULL, 2, 1.0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add_text(nps, NULL, 0, 1.0), CX_OK); /* a missing answer */
    ck_assert_int_eq(cx_nps_add_missing(NULL, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_result(NULL, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_result(nps, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_interval(NULL, 0.95, 0, &lo, &hi), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_interval(&r, 0.95, 0, NULL, &hi), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_interval(&r, 0.95, 3, &lo, &hi), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_interval(&r, 0.95, -1, &lo, &hi), CX_E_INVALID_ARGUMENT);
    static const double bad_levels[] = { 0.0, 1.0, -0.5, 1.5, NAN, INFINITY };
    for (size_t i = 0; i < 6; i++)
        ck_assert_int_eq(cx_nps_interval(&r, bad_levels[i], 0, &lo, &hi), CX_E_INVALID_ARGUMENT);
    CxNpsComparison c = { .size = sizeof c };
    ck_assert_int_eq(cx_nps_compare(NULL, &r, 0.95, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_compare(&r, &r, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_compare(&r, &r, 2.0, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_serialize(NULL, &bytes, &len), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_serialize(nps, NULL, &len), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_serialize(nps, &bytes, NULL), CX_E_INVALID_ARGUMENT);
    cx_free(NULL);
    cx_nps_free(nps);
}
END_TEST

START_TEST(result_struct_size_is_checked)
{
    CxNps *nps = nps_from_counts(1, 1, 1);
    CxNpsResult r;
    memset(&r, 0xff, sizeof r);
    r.size = 0;
    ck_assert_int_eq(cx_nps_result(nps, &r), CX_E_STRUCT_SIZE);
    r.size = sizeof r - 1;
    ck_assert_int_eq(cx_nps_result(nps, &r), CX_E_STRUCT_SIZE);
    /* A caller built against a later, larger struct: the known prefix is filled. */
    struct {
        CxNpsResult r;
        double future;
    } big;
    memset(&big, 0, sizeof big);
    big.r.size = sizeof big;
    big.future = 42.0;
    ck_assert_int_eq(cx_nps_result(nps, &big.r), CX_OK);
    ck_assert_uint_eq(big.r.size, sizeof big);
    ck_assert_uint_eq(big.r.n, 3);
    cx_assert_close(big.future, 42.0, 0.0);
    /* An input struct whose size is too small is refused. */
    CxNpsResult good = result_of(nps, CX_OK);
    good.size = 8;
    double lo, hi;
    ck_assert_int_eq(cx_nps_interval(&good, 0.95, 0, &lo, &hi), CX_E_STRUCT_SIZE);
    cx_nps_free(nps);
}
END_TEST

START_TEST(categories_and_names)
{
    int cat = 99;
    for (int s = 0; s <= 10; s++) {
        ck_assert_int_eq(cx_nps_category(s, &cat), CX_OK);
        ck_assert_int_eq(cat, s <= 6 ? -1 : s <= 8 ? 0 : 1);
    }
    ck_assert_int_eq(cx_nps_category(11, &cat), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_category(-1, &cat), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_category(5, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_promoter_min(), 9);
    ck_assert_int_eq(cx_nps_detractor_max(), 6);
    ck_assert_int_eq(cx_nps_ci_method_from_name("wald"), CX_NPS_CI_WALD);
    ck_assert_int_eq(cx_nps_ci_method_from_name("Adjusted-Wald"), CX_NPS_CI_ADJUSTED_WALD);
    ck_assert_int_eq(cx_nps_ci_method_from_name("TANGO"), CX_NPS_CI_TANGO);
    ck_assert_int_eq(cx_nps_ci_method_from_name("wilson"), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_ci_method_from_name(NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_str_eq(cx_nps_ci_method_name(CX_NPS_CI_TANGO), "tango");
    ck_assert_ptr_null(cx_nps_ci_method_name(7));
    ck_assert_str_eq(cx_strerror(CX_E_EMPTY), "no usable data: the figure is undefined");
    ck_assert_str_eq(cx_status_name(CX_E_CORRUPT), "CX_E_CORRUPT");
    ck_assert_str_eq(cx_status_name(12345), "CX_UNKNOWN");
    ck_assert_str_eq(cx_strerror(12345), "unknown status code");
    ck_assert_str_eq(cx_version_string(), CX_VERSION_STRING);
    ck_assert_int_eq(cx_version_major(), CX_VERSION_MAJOR);
    ck_assert_int_eq(cx_version_minor(), CX_VERSION_MINOR);
    ck_assert_int_eq(cx_version_micro(), CX_VERSION_MICRO);
}
END_TEST

static Suite *
nps_suite(void)
{
    Suite *s = suite_create("nps");
    TCase *ref = tcase_create("reference");
    tcase_add_test(ref, reference_vectors_score_and_intervals);
    tcase_add_test(ref, adjusted_wald_is_centred_on_adjusted_score);
    tcase_add_test(ref, variance_examples);
    tcase_add_test(ref, tango_at_90_percent);
    tcase_add_test(ref, intervals_narrow_with_level_and_contain_score);
    tcase_add_test(ref, two_sample_comparison);
    tcase_add_test(ref, comparison_with_zero_se);
    tcase_add_test(ref, weighted_reference);
    tcase_add_test(ref, sample_size_reference);
    suite_add_tcase(s, ref);

    TCase *input = tcase_create("input");
    tcase_add_test(input, rejections_are_counted_by_reason);
    tcase_add_test(input, zero_weights_count_but_do_not_score);
    tcase_add_test(input, empty_accumulator_is_a_clear_error);
    tcase_add_test(input, u8_fast_path_matches_one_by_one);
    suite_add_tcase(s, input);

    TCase *prop = tcase_create("properties");
    tcase_add_test(prop, input_order_does_not_change_result);
    tcase_add_test(prop, merge_of_shards_equals_one_pass);
    tcase_add_test(prop, added_counts_equal_single_adds);
    tcase_add_test(prop, all_ones_weights_equal_unweighted);
    tcase_add_test(prop, copy_and_reset);
    suite_add_tcase(s, prop);

    TCase *ser = tcase_create("serialization");
    tcase_add_test(ser, serialize_round_trips_bit_exactly);
    tcase_add_test(ser, deserialize_rejects_damaged_state);
    tcase_add_test(ser, merge_detects_count_overflow);
    suite_add_tcase(s, ser);

    TCase *api = tcase_create("api");
    tcase_add_test(api, null_and_invalid_arguments);
    tcase_add_test(api, result_struct_size_is_checked);
    tcase_add_test(api, categories_and_names);
    suite_add_tcase(s, api);
    return s;
}

int
main(void)
{
    return cx_test_run(nps_suite());
}
