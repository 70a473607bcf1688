/* SPDX-License-Identifier: MIT */
/*
 * SERVQUAL and instruments. Expected values: tests/data/reference/SERVQUAL.md ("Test vectors",
 * computed outside this project), data copied to tests/data/servqual/ with its source; the
 * reliability figures are covered against psych in test-alpha.c.
 */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "test-common.h"

#define REF_TOL 5e-7 /* the reference prints 7 significant digits */

typedef struct {
    double e[3][22], p[3][22], w[3][5];
} Three;

static Three
load_three(void)
{
    char *text = cx_test_read_file(cx_test_data_path("servqual/three-respondents.csv"), NULL);
    Three t;
    int r = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        ck_assert_int_lt(r, 3);
        char *p = line;
        for (int j = 0; j < 49; j++) {
            double v = strtod(p, &p);
            if (j < 22)
                t.e[r][j] = v;
            else if (j < 44)
                t.p[r][j - 22] = v;
            else
                t.w[r][j - 44] = v;
            if (*p == ',')
                p++;
        }
        r++;
    }
    ck_assert_int_eq(r, 3);
    free(text);
    return t;
}

static CxServqual *
servqual_1991(int mode)
{
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new_builtin(CX_INSTRUMENT_SERVQUAL_1991, &in), CX_OK);
    CxServqual *sq = NULL;
    ck_assert_int_eq(cx_servqual_new(in, mode, &sq), CX_OK);
    ck_assert_ptr_nonnull(sq);
    cx_instrument_free(in); /* the accumulator keeps its own copy */
    return sq;
}

static CxServqualResult
overall(const CxServqual *sq)
{
    CxServqualResult r = { .size = sizeof r };
    int st = cx_servqual_result(sq, &r);
    ck_assert_msg(st == CX_OK, "cx_servqual_result: %s", cx_status_name(st));
    return r;
}

static CxServqualDimension
dimension(const CxServqual *sq, size_t d)
{
    CxServqualDimension r = { .size = sizeof r };
    ck_assert_int_eq(cx_servqual_dimension(sq, d, 0.95, &r), CX_OK);
    return r;
}

static CxServqualItem
item(const CxServqual *sq, size_t i)
{
    CxServqualItem r = { .size = sizeof r };
    ck_assert_int_eq(cx_servqual_item(sq, i, 0.95, &r), CX_OK);
    return r;
}

START_TEST(reference_three_respondents)
{
    Three t = load_three();
    CxServqual *sq = servqual_1991(CX_MISSING_PAIRWISE);
    ck_assert_int_eq(cx_servqual_add_rows(sq, 3, &t.e[0][0], &t.p[0][0], &t.w[0][0], NULL, NULL),
                     CX_OK);
    /* SERVQUAL.md: dimension gaps (−0.0833333, −0.7333333, −0.6666667, −0.1666667, −0.5333333);
     * unweighted −0.4366667 (not the mean of the 22 item gaps, −0.4545455); per-respondent
     * weighted −0.4783333; aggregate weighted −0.4875; mean weights (0.15, 0.30, 0.2166667,
     * 0.1833333, 0.15); SERVPERF dimension means (5.416667, 5.733333, 5.0, 5.916667, 4.733333),
     * overall 5.36. */
    static const double gaps[] = { -0.0833333, -0.7333333, -0.6666667, -0.1666667, -0.5333333 };
    static const double weights[] = { 0.15, 0.30, 0.2166667, 0.1833333, 0.15 };
    static const double perf[] = { 5.416667, 5.733333, 5.0, 5.916667, 4.733333 };
    static const unsigned ranks[] = { 5, 1, 2, 4, 3 };
    for (size_t d = 0; d < 5; d++) {
        CxServqualDimension dim = dimension(sq, d);
        cx_assert_close(dim.gap, gaps[d], REF_TOL);
        cx_assert_close(dim.weight, weights[d], REF_TOL);
        cx_assert_close(dim.perception, perf[d], REF_TOL);
        ck_assert_uint_eq(dim.rank, ranks[d]);
        ck_assert_uint_eq(dim.n_gap, 3);
        ck_assert(isnan(dim.msa) && isnan(dim.zone_width)); /* no three-column data */
    }
    CxServqualResult r = overall(sq);
    cx_assert_close(r.unweighted_score, -0.4366667, REF_TOL);
    cx_assert_close(r.weighted_score_respondent, -0.4783333, REF_TOL);
    cx_assert_close(r.weighted_score, -0.4875, REF_TOL);
    cx_assert_close(r.servperf, 5.36, REF_TOL);
    ck_assert_uint_eq(r.respondents, 3);
    ck_assert_uint_eq(r.importance_used, 3);
    ck_assert_uint_eq(r.rejected, 0);
    ck_assert_int_eq(r.missing_mode, CX_MISSING_PAIRWISE);
    /* The wrong formula, for contrast: the mean of the 22 item gaps. */
    double sum = 0.0;
    for (size_t i = 0; i < 22; i++)
        sum += item(sq, i).gap;
    cx_assert_close(sum / 22.0, -0.4545455, REF_TOL);
    cx_servqual_free(sq);
}
END_TEST

START_TEST(unweighted_score_of_published_gaps)
{
    /* SERVQUAL.md (12manage): dimension gaps (−0.65, −1.10, −0.83, −0.70, −1.01) → unweighted
     * −0.858. Reproduced with 100 respondents of integer ratings per dimension: a gap of −0.65
     * is 65 gaps of −1 and 35 of 0; −1.10 is 10 of −2 and 90 of −1; −1.01 is 1 of −2, 99 of −1. */
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    static const char *names[] = { "tangibles", "reliability", "responsiveness", "assurance",
                                   "empathy" };
    for (size_t d = 0; d < 5; d++) {
        cx_instrument_add_dimension(in, names[d], NULL);
        cx_instrument_add_item(in, (int)d + 1, d, NULL, 0);
    }
    CxServqual *sq = NULL;
    ck_assert_int_eq(cx_servqual_new(in, CX_MISSING_PAIRWISE, &sq), CX_OK);
    for (int r = 0; r < 100; r++) {
        const double e[5] = { 7, 7, 7, 7, 7 };
        const double p[5] = { r < 65 ? 6 : 7, r < 10 ? 5 : 6, r < 83 ? 6 : 7, r < 70 ? 6 : 7,
                              r < 1 ? 5 : 6 };
        cx_servqual_add(sq, e, p, NULL, NULL, NULL);
    }
    static const double gaps[] = { -0.65, -1.10, -0.83, -0.70, -1.01 };
    for (size_t d = 0; d < 5; d++)
        cx_assert_close(dimension(sq, d).gap, gaps[d], 1e-12);
    cx_assert_close(overall(sq).unweighted_score, -0.858, 1e-12);
    ck_assert_uint_eq(dimension(sq, 1).rank, 1);
    cx_servqual_free(sq);
    cx_instrument_free(in);
}
END_TEST

START_TEST(missing_modes_reference)
{
    Three t = load_three();
    t.p[0][6] = NAN; /* r1's P7 (reliability) missing */
    /* SERVQUAL.md: "respondent" mode gives r1 reliability −1.25 and overall −0.44;
     * listwise (drop r1) −0.21. */
    CxServqual *sq = servqual_1991(CX_MISSING_RESPONDENT);
    cx_servqual_add_rows(sq, 3, &t.e[0][0], &t.p[0][0], &t.w[0][0], NULL, NULL);
    cx_assert_close(overall(sq).unweighted_score, -0.44, REF_TOL);
    /* Reliability = mean of r1 −1.25, r2 −1, r3 0. */
    cx_assert_close(dimension(sq, 1).gap, (-1.25 - 1.0 + 0.0) / 3.0, 1e-12);
    ck_assert_int_eq(overall(sq).missing_mode, CX_MISSING_RESPONDENT);
    ck_assert_uint_eq(overall(sq).answers_missing, 1);
    cx_servqual_free(sq);

    sq = servqual_1991(CX_MISSING_LISTWISE);
    cx_servqual_add_rows(sq, 3, &t.e[0][0], &t.p[0][0], &t.w[0][0], NULL, NULL);
    CxServqualResult r = overall(sq);
    cx_assert_close(r.unweighted_score, -0.21, REF_TOL);
    ck_assert_uint_eq(r.respondents_excluded, 1);
    ck_assert_uint_eq(r.respondents_used, 2);
    cx_servqual_free(sq);

    /* Pairwise: item 7's gap uses r2 and r3 only; the reliability t-test uses the two
     * respondents complete on that dimension. */
    sq = servqual_1991(CX_MISSING_PAIRWISE);
    cx_servqual_add_rows(sq, 3, &t.e[0][0], &t.p[0][0], &t.w[0][0], NULL, NULL);
    CxServqualItem i7 = item(sq, 6);
    ck_assert_uint_eq(i7.n_gap, 2);
    ck_assert_uint_eq(i7.n_expectation, 3);
    cx_assert_close(i7.gap, ((6.0 - 7.0) + (5.0 - 6.0)) / 2.0, 1e-12);
    ck_assert_uint_eq(dimension(sq, 1).n_gap, 2);
    cx_servqual_free(sq);
}
END_TEST

START_TEST(paired_t_test_of_gaps)
{
    /* Item 1 gaps over the three respondents: −1, 0, 0 → mean −1/3, SD 0.5773503, SE 1/3,
     * t −1, df 2, two-sided p 0.4226497 (Student t with 2 df: p = 1 − |t|/√(2 + t²)). */
    Three t = load_three();
    CxServqual *sq = servqual_1991(CX_MISSING_PAIRWISE);
    cx_servqual_add_rows(sq, 3, &t.e[0][0], &t.p[0][0], NULL, NULL, NULL);
    CxServqualItem it = item(sq, 0);
    cx_assert_close(it.gap, -1.0 / 3.0, 1e-12);
    cx_assert_close(it.gap_sd, sqrt(1.0 / 3.0), 1e-12);
    cx_assert_close(it.gap_se, 1.0 / 3.0, 1e-12);
    cx_assert_close(it.gap_t, -1.0, 1e-12);
    cx_assert_close(it.gap_df, 2.0, 0.0);
    cx_assert_close(it.gap_p_value, 1.0 - 1.0 / sqrt(3.0), 1e-12);
    /* t(0.975, 2) = 4.302652729749462 (closed form; test-stats.c). */
    cx_assert_close(it.gap_ci_lower, -1.0 / 3.0 - 4.302652729749462 / 3.0, 1e-12);
    /* No importance given: weights and weighted scores are NaN, not 0. */
    CxServqualResult r = overall(sq);
    ck_assert(isnan(r.weighted_score) && isnan(r.weighted_score_respondent));
    ck_assert(isnan(dimension(sq, 0).weight));
    cx_servqual_free(sq);
}
END_TEST

START_TEST(zone_of_tolerance_reference)
{
    /* SERVQUAL.md: A = (4, 5, 6), D = (6, 6, 6), P = (5, 7, 4) → MSA (1, 2, −2), MSS (−1, 1, −2),
     * zone width (2, 1, 0), positions within / above / below; A = 6, D = 5 is an inversion. */
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    size_t d;
    cx_instrument_add_dimension(in, "service", &d);
    for (int i = 1; i <= 3; i++)
        ck_assert_int_eq(cx_instrument_add_item(in, i, d, NULL, 0), CX_OK);
    CxServqual *sq = NULL;
    ck_assert_int_eq(cx_servqual_new(in, CX_MISSING_PAIRWISE, &sq), CX_OK);
    const double A[] = { 4, 5, 6 }, D[] = { 6, 6, 6 }, P[] = { 5, 7, 4 };
    ck_assert_int_eq(cx_servqual_add(sq, NULL, P, NULL, A, D), CX_OK);
    static const double msa[] = { 1, 2, -2 }, mss[] = { -1, 1, -2 }, width[] = { 2, 1, 0 };
    for (size_t i = 0; i < 3; i++) {
        CxServqualItem it = item(sq, i);
        ck_assert_uint_eq(it.n_zone, 1);
        cx_assert_close(it.msa, msa[i], 0.0);
        cx_assert_close(it.mss, mss[i], 0.0);
        cx_assert_close(it.zone_width, width[i], 0.0);
        ck_assert(isnan(it.gap)); /* no expectations: no gap */
    }
    ck_assert_uint_eq(item(sq, 0).within_zone, 1);
    ck_assert_uint_eq(item(sq, 1).above_zone, 1);
    ck_assert_uint_eq(item(sq, 2).below_zone, 1);
    cx_assert_close(dimension(sq, 0).msa, 1.0 / 3.0, 1e-15);
    /* SERVPERF needs perceptions only. */
    cx_assert_close(overall(sq).servperf, 16.0 / 3.0, 1e-14);
    ck_assert(isnan(overall(sq).unweighted_score));

    /* An inversion under each policy. */
    const double A2[] = { 6, 4, 4 }, D2[] = { 5, 6, 6 }, P2[] = { 5, 5, 5 };
    for (int policy = 0; policy < 3; policy++) {
        CxServqual *s2 = NULL;
        ck_assert_int_eq(cx_servqual_new(in, CX_MISSING_PAIRWISE, &s2), CX_OK);
        ck_assert_int_eq(cx_servqual_set_inversion_policy(s2, policy), CX_OK);
        cx_servqual_add(s2, NULL, P2, NULL, A2, D2);
        ck_assert_uint_eq(overall(s2).inversions, 1);
        ck_assert_uint_eq(item(s2, 0).inversions, 1);
        ck_assert_uint_eq(item(s2, 0).n_zone, policy == CX_INVERSION_KEEP ? 1 : 0);
        ck_assert_uint_eq(item(s2, 1).n_zone, policy == CX_INVERSION_DROP_RESPONDENT ? 0 : 1);
        cx_servqual_free(s2);
    }
    ck_assert_int_eq(cx_servqual_set_inversion_policy(sq, 3), CX_E_INVALID_ARGUMENT);
    cx_servqual_free(sq);
    cx_instrument_free(in);
}
END_TEST

START_TEST(bad_answers_are_counted)
{
    CxServqual *sq = servqual_1991(CX_MISSING_PAIRWISE);
    double e[22], p[22];
    for (int i = 0; i < 22; i++)
        e[i] = p[i] = 4;
    e[0] = 8;        /* out of scale */
    e[1] = 0;        /* out of scale (no N/A code in the built-in) */
    p[2] = 5.5;      /* not integer */
    p[3] = INFINITY; /* text */
    p[4] = NAN;      /* blank */
    const double bad_sum[] = { 20, 20, 20, 20, 19 };  /* 99: outside 100 ± 0.5 */
    const double negative[] = { 50, 60, -10, 0, 0 };
    const double partial[] = { 50, 50, NAN, 0, 0 };
    const double blank[] = { NAN, NAN, NAN, NAN, NAN };
    const double rounded[] = { 33.3, 33.3, 33.3, 0, 0 }; /* 99.9: within tolerance */
    cx_servqual_add(sq, e, p, bad_sum, NULL, NULL);
    cx_servqual_add(sq, e, p, negative, NULL, NULL);
    cx_servqual_add(sq, e, p, partial, NULL, NULL);
    cx_servqual_add(sq, e, p, blank, NULL, NULL);
    cx_servqual_add(sq, e, p, rounded, NULL, NULL);
    CxServqualResult r = overall(sq);
    ck_assert_uint_eq(r.respondents, 5);
    ck_assert_uint_eq(r.rejected_out_of_range, 10);
    ck_assert_uint_eq(r.rejected_not_integer, 5);
    ck_assert_uint_eq(r.rejected_not_a_number, 5);
    ck_assert_uint_eq(r.rejected, 20);
    ck_assert_uint_eq(r.answers_missing, 5);
    ck_assert_uint_eq(r.importance_rejected, 3);
    ck_assert_uint_eq(r.importance_used, 1);
    ck_assert_uint_eq(item(sq, 0).n_expectation, 0);
    ck_assert_uint_eq(item(sq, 0).n_perception, 5); /* the rest of the respondent still counts */
    cx_assert_close(cx_servqual_importance_tolerance(), 0.5, 0.0);
    cx_servqual_free(sq);

    /* Not-applicable codes are counted apart from blanks. */
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_load_file(in, cx_test_data_path("servqual/bank.ini")), CX_OK);
    ck_assert_int_eq(cx_servqual_new(in, CX_MISSING_PAIRWISE, &sq), CX_OK);
    const double e7[] = { 0, 3, 3, NAN, 4, 4, 4 }, p7[] = { 2, 2, 0, 5, 5, 5, 9 };
    cx_servqual_add(sq, e7, p7, NULL, NULL, NULL);
    r = overall(sq);
    ck_assert_uint_eq(r.answers_not_applicable, 2);
    ck_assert_uint_eq(r.answers_missing, 1);
    ck_assert_uint_eq(r.rejected_out_of_range, 1);
    cx_servqual_free(sq);
    cx_instrument_free(in);
}
END_TEST

START_TEST(custom_instrument_equal_to_builtin_gives_identical_results)
{
    static const char ini[] = "[instrument]\nname = my SERVQUAL\nscale = 1-7\n"
                              "[dimensions]\ntangibles = 1;2;3;4\nreliability = 5;6;7;8;9\n"
                              "responsiveness = 10;11;12;13\nassurance = 14;15;16;17\n"
                              "empathy = 18;19;20;21;22\n";
    CxInstrument *custom = NULL, *builtin = NULL;
    ck_assert_int_eq(cx_instrument_new(&custom), CX_OK);
    ck_assert_int_eq(cx_instrument_load_data(custom, ini, strlen(ini)), CX_OK);
    cx_instrument_new_builtin(CX_INSTRUMENT_SERVQUAL_1991, &builtin);
    ck_assert_int_eq(cx_instrument_equal(custom, builtin), 1);
    Three t = load_three();
    CxServqual *a = NULL;
    ck_assert_int_eq(cx_servqual_new(custom, CX_MISSING_PAIRWISE, &a), CX_OK);
    CxServqual *b = NULL;
    ck_assert_int_eq(cx_servqual_new(builtin, CX_MISSING_PAIRWISE, &b), CX_OK);
    cx_servqual_add_rows(a, 3, &t.e[0][0], &t.p[0][0], &t.w[0][0], NULL, NULL);
    cx_servqual_add_rows(b, 3, &t.e[0][0], &t.p[0][0], &t.w[0][0], NULL, NULL);
    CxServqualResult ra = overall(a), rb = overall(b);
    ck_assert(memcmp(&ra, &rb, sizeof ra) == 0);
    for (size_t d = 0; d < 5; d++) {
        CxServqualDimension da = dimension(a, d), db = dimension(b, d);
        ck_assert(memcmp(&da, &db, sizeof da) == 0);
    }
    cx_servqual_free(a);
    cx_servqual_free(b);
    cx_instrument_free(custom);
    cx_instrument_free(builtin);
}
END_TEST

START_TEST(reverse_coding_twice_is_identity)
{
    /* The 1988 instrument on data whose reverse items were already flipped (8 − x) equals the
     * 1991 instrument on the original data. */
    Three t = load_three(), flipped = t;
    for (int r = 0; r < 3; r++)
        for (int i = 0; i < 22; i++)
            if ((i >= 9 && i <= 12) || i >= 17) {
                flipped.e[r][i] = 8.0 - t.e[r][i];
                flipped.p[r][i] = 8.0 - t.p[r][i];
            }
    CxInstrument *i88 = NULL;
    cx_instrument_new_builtin(CX_INSTRUMENT_SERVQUAL_1988, &i88);
    CxServqual *a = NULL, *b = servqual_1991(0);
    ck_assert_int_eq(cx_servqual_new(i88, CX_MISSING_PAIRWISE, &a), CX_OK);
    cx_servqual_add_rows(a, 3, &flipped.e[0][0], &flipped.p[0][0], &t.w[0][0], NULL, NULL);
    cx_servqual_add_rows(b, 3, &t.e[0][0], &t.p[0][0], &t.w[0][0], NULL, NULL);
    CxServqualResult ra = overall(a), rb = overall(b);
    ck_assert(memcmp(&ra, &rb, sizeof ra) == 0);
    for (size_t i = 0; i < 22; i++) {
        CxServqualItem ia = item(a, i), ib = item(b, i);
        ck_assert(memcmp(&ia, &ib, sizeof ia) == 0);
    }
    cx_servqual_free(a);
    cx_servqual_free(b);
    cx_instrument_free(i88);
}
END_TEST

/* Random respondents with blanks, bad values and allocations. */
static void
random_respondent(unsigned *seed, double *e, double *p, double *w)
{
    for (int i = 0; i < 22; i++) {
        *seed = *seed * 1664525u + 1013904223u;
        e[i] = 1 + (*seed >> 9) % 7;
        *seed = *seed * 1664525u + 1013904223u;
        p[i] = 1 + (*seed >> 9) % 7;
        if ((*seed >> 20) % 17 == 0)
            p[i] = NAN;
        if ((*seed >> 20) % 53 == 1)
            e[i] = 9;
    }
    *seed = *seed * 1664525u + 1013904223u;
    double a = (*seed >> 9) % 40;
    w[0] = a;
    w[1] = 40 - a;
    w[2] = 20;
    w[3] = 10;
    w[4] = (*seed >> 20) % 9 == 0 ? 11 : 30; /* some allocations sum to 81: rejected */
}

static void
assert_servqual_close(const CxServqual *x, const CxServqual *y, double tol)
{
    CxServqualResult rx = overall(x), ry = overall(y);
    ck_assert_uint_eq(rx.respondents, ry.respondents);
    ck_assert_uint_eq(rx.rejected, ry.rejected);
    ck_assert_uint_eq(rx.importance_rejected, ry.importance_rejected);
    cx_assert_close(rx.unweighted_score, ry.unweighted_score, tol);
    cx_assert_close(rx.weighted_score, ry.weighted_score, tol);
    cx_assert_close(rx.weighted_score_respondent, ry.weighted_score_respondent, tol);
    for (size_t d = 0; d < 5; d++) {
        CxServqualDimension dx = dimension(x, d), dy = dimension(y, d);
        ck_assert_uint_eq(dx.n_gap, dy.n_gap);
        cx_assert_close(dx.gap_se, dy.gap_se, tol);
        cx_assert_close(dx.alpha_gap, dy.alpha_gap, tol);
        cx_assert_close(dx.alpha_perception, dy.alpha_perception, tol);
    }
    for (size_t i = 0; i < 22; i++) {
        CxServqualItem ix = item(x, i), iy = item(y, i);
        ck_assert_uint_eq(ix.n_gap, iy.n_gap);
        cx_assert_close(ix.gap_sd, iy.gap_sd, tol);
        cx_assert_close(ix.item_total_r_gap, iy.item_total_r_gap, tol);
    }
}

/* ---- blocks: cx_servqual_add_rows() against one respondent at a time -------------------------- */

/* Equal counts are compared exactly elsewhere; here a figure may differ in its last bits. */
static void
same_figure(const char *what, size_t at, double got, double want, double tol)
{
    if (isnan(got) || isnan(want) || isinf(got) || isinf(want)) {
        ck_assert_msg((isnan(got) && isnan(want)) || (!(got < want) && !(got > want)),
                      "%s [%zu]: expected %.17g, got %.17g", what, at, want, got);
        return;
    }
    ck_assert_msg(fabs(got - want) <= tol * fmax(1.0, fabs(want)),
                  "%s [%zu]: expected %.17g, got %.17g (relative tolerance %g)", what, at, want,
                  got, tol);
}

#define SAME_U(field) ck_assert_msg(x.field == y.field, "%s [%zu]: expected %llu, got %llu", \
                                    #field, at, (unsigned long long)y.field,                   \
                                    (unsigned long long)x.field)
#define SAME_D(field) same_figure(#field, at, x.field, y.field, tol)

static void
assert_reliability_same(const CxServqual *a, const CxServqual *b, size_t at, int series,
                        double tol)
{
    CxAlphaResult x = { .size = sizeof x }, y = { .size = sizeof y };
    ck_assert_int_eq(cx_servqual_reliability(a, at, series, 0.95, &x),
                     cx_servqual_reliability(b, at, series, 0.95, &y));
    SAME_U(k), SAME_U(rows), SAME_U(rows_complete), SAME_U(rows_empty);
    SAME_U(rows_excluded), SAME_U(n), SAME_U(n_min_pair);
    SAME_D(alpha), SAME_D(std_alpha), SAME_D(average_r), SAME_D(total_variance);
    SAME_D(mean), SAME_D(sd), SAME_D(ci_lower), SAME_D(ci_upper);
}

/* Every figure of every result function: counts exactly, the rest to `tol` (relative). */
static void
assert_servqual_same(const CxServqual *a, const CxServqual *b, double tol)
{
    size_t at = 0;
    {
        CxServqualResult x = { .size = sizeof x }, y = { .size = sizeof y };
        ck_assert_int_eq(cx_servqual_result(a, &x), cx_servqual_result(b, &y));
        SAME_U(respondents), SAME_U(respondents_used), SAME_U(respondents_excluded);
        SAME_U(answers_missing), SAME_U(answers_not_applicable), SAME_U(rejected);
        SAME_U(rejected_out_of_range), SAME_U(rejected_not_integer);
        SAME_U(rejected_not_a_number), SAME_U(importance_used), SAME_U(importance_rejected);
        SAME_U(inversions);
        SAME_D(unweighted_score), SAME_D(weighted_score), SAME_D(weighted_score_respondent);
        SAME_D(servperf), SAME_D(servperf_weighted);
    }
    const CxInstrument *in = cx_servqual_instrument(a);
    for (at = 0; at < cx_instrument_dimension_count(in); at++) {
        CxServqualDimension x = { .size = sizeof x }, y = { .size = sizeof y };
        ck_assert_int_eq(cx_servqual_dimension(a, at, 0.95, &x), CX_OK);
        ck_assert_int_eq(cx_servqual_dimension(b, at, 0.95, &y), CX_OK);
        SAME_U(n_gap), SAME_U(rank);
        SAME_D(expectation), SAME_D(perception), SAME_D(gap), SAME_D(gap_sd), SAME_D(gap_se);
        SAME_D(gap_ci_lower), SAME_D(gap_ci_upper), SAME_D(gap_t), SAME_D(gap_df), SAME_D(gap_p_value);
        SAME_D(weight), SAME_D(alpha_perception), SAME_D(alpha_expectation), SAME_D(alpha_gap);
        SAME_D(adequate), SAME_D(desired), SAME_D(msa), SAME_D(mss), SAME_D(zone_width);
        for (int s = 0; s < 3; s++)
            assert_reliability_same(a, b, at, s, tol);
    }
    for (at = 0; at < cx_instrument_item_count(in); at++) {
        CxServqualItem x = { .size = sizeof x }, y = { .size = sizeof y };
        ck_assert_int_eq(cx_servqual_item(a, at, 0.95, &x), CX_OK);
        ck_assert_int_eq(cx_servqual_item(b, at, 0.95, &y), CX_OK);
        SAME_U(n_expectation), SAME_U(n_perception), SAME_U(n_gap), SAME_U(n_zone);
        SAME_U(below_zone), SAME_U(within_zone), SAME_U(above_zone), SAME_U(inversions);
        SAME_D(expectation), SAME_D(perception), SAME_D(gap), SAME_D(gap_sd), SAME_D(gap_se);
        SAME_D(gap_ci_lower), SAME_D(gap_ci_upper), SAME_D(gap_t), SAME_D(gap_df), SAME_D(gap_p_value);
        SAME_D(alpha_if_deleted_perception), SAME_D(item_total_r_perception);
        SAME_D(alpha_if_deleted_expectation), SAME_D(item_total_r_expectation);
        SAME_D(alpha_if_deleted_gap), SAME_D(item_total_r_gap);
        SAME_D(adequate), SAME_D(desired), SAME_D(msa), SAME_D(mss), SAME_D(zone_width);
    }
}

static unsigned
lcg(unsigned *seed)
{
    *seed = *seed * 1664525u + 1013904223u;
    return *seed >> 8;
}

/* A rating on lo..hi, or now and then each kind of bad answer the accumulator counts. */
static double
messy_rating(unsigned *seed, int lo, int hi, int na)
{
    unsigned u = lcg(seed) % 1000;
    if (u < 40)
        return NAN;
    if (u < 55)
        return na;
    if (u < 65)
        return hi + 1 + (int)(u % 3);
    if (u < 72)
        return lo + 0.5;
    if (u < 78)
        return u % 2 ? INFINITY : -INFINITY;
    return lo + (int)(lcg(seed) % (unsigned)(hi - lo + 1));
}

START_TEST(bulk_adds_equal_one_at_a_time)
{
    enum { N = 1100, MAX_ITEMS = 22, MAX_DIMS = 5 };
    /* Row-major with the instrument's own widths (k items, nd dimensions). */
    static double e[N * MAX_ITEMS], p[N * MAX_ITEMS], a[N * MAX_ITEMS], d[N * MAX_ITEMS],
        w[N * MAX_DIMS];
    CxInstrument *instruments[2] = { NULL, NULL };
    ck_assert_int_eq(cx_instrument_new(&instruments[1]), CX_OK);
    ck_assert_int_eq(cx_instrument_new_builtin(CX_INSTRUMENT_SERVQUAL_1991, &instruments[0]), CX_OK);
    ck_assert_int_eq(cx_instrument_load_file(instruments[1],
                                             cx_test_data_path("servqual/bank.ini")),
                     CX_OK);
    /* Chunk sizes: single rows, short calls (one at a time inside), and blocks of every kind. */
    const size_t chunks[] = { 1, 3, 8, 13, 64, 255, 256, 257, 300, 7 };
    for (int which = 0; which < 2; which++) {
        const CxInstrument *in = instruments[which];
        const size_t k = cx_instrument_item_count(in), nd = cx_instrument_dimension_count(in);
        const int lo = cx_instrument_scale_min(in), hi = cx_instrument_scale_max(in);
        int na = -99;
        cx_instrument_not_applicable(in, &na);
        unsigned seed = 11u + (unsigned)which;
        for (int r = 0; r < N; r++) {
            /* Rows 0–519 and 760 on have whole-number expectations and perceptions only, so the
             * bulk adds take their whole-number block path for some blocks (also right after a
             * partly filled block of messy rows), and the cleaning path for the others. */
            const int tidy = r < 520 || r >= 760;
            int blank = lcg(&seed) % 40 == 0 && !tidy, half = lcg(&seed) % 25 == 0 && !tidy;
            for (size_t i = 0; i < k; i++) {
                e[r * k + i] = blank || (half && i % 2) ? (double)NAN
                               : tidy ? lo + (int)(lcg(&seed) % (unsigned)(hi - lo + 1))
                                      : messy_rating(&seed, lo, hi, na);
                p[r * k + i] = blank  ? (double)NAN
                               : tidy ? lo + (int)(lcg(&seed) % (unsigned)(hi - lo + 1))
                                      : messy_rating(&seed, lo, hi, na);
                a[r * k + i] = messy_rating(&seed, lo, hi, na);
                d[r * k + i] = messy_rating(&seed, lo, hi, na);
            }
            unsigned u = lcg(&seed) % 10;
            for (size_t j = 0; j < nd; j++)
                w[r * nd + j] = u == 0 ? (double)NAN : 100.0 / (double)nd;
            if (u == 1)
                w[r * nd] += 7; /* sums to 107: rejected */
            if (u == 2)
                w[r * nd + nd - 1] = NAN; /* blank and filled: rejected */
        }
        for (int mode = 0; mode < 3; mode++)
            for (int policy = CX_INVERSION_KEEP; policy <= CX_INVERSION_DROP_RESPONDENT;
                 policy++)
                for (int zone = 0; zone < 2; zone++) {
                    const double *A = zone ? a : NULL, *D = zone ? d : NULL;
                    CxServqual *one = NULL, *bulk = NULL, *chunked = NULL;
                    ck_assert_int_eq(cx_servqual_new(in, mode, &one), CX_OK);
                    ck_assert_int_eq(cx_servqual_new(in, mode, &bulk), CX_OK);
                    ck_assert_int_eq(cx_servqual_new(in, mode, &chunked), CX_OK);
                    CxServqual *all[] = { one, bulk, chunked };
                    for (int s = 0; s < 3; s++)
                        ck_assert_int_eq(cx_servqual_set_inversion_policy(all[s], policy), CX_OK);
                    for (size_t r = 0; r < N; r++)
                        ck_assert_int_eq(cx_servqual_add(one, e + r * k, p + r * k, w + r * nd,
                                                         A ? a + r * k : NULL,
                                                         D ? d + r * k : NULL),
                                         CX_OK);
                    ck_assert_int_eq(cx_servqual_add_rows(bulk, N, e, p, w,
                                                          A, D),
                                     CX_OK);
                    for (size_t r = 0, c = 0; r < N; c++) {
                        size_t m = chunks[c % (sizeof chunks / sizeof *chunks)];
                        m = m < N - r ? m : N - r;
                        ck_assert_int_eq(cx_servqual_add_rows(chunked, m, e + r * k, p + r * k,
                                                              w + r * nd, A ? a + r * k : NULL,
                                                              D ? d + r * k : NULL),
                                         CX_OK);
                        r += m;
                    }
                    assert_servqual_same(bulk, one, 1e-11);
                    assert_servqual_same(chunked, one, 1e-11);
                    for (int s = 0; s < 3; s++)
                        cx_servqual_free(all[s]);
                }
        /* A row with expectations only, and adequate without desired. */
        CxServqual *one = NULL, *bulk = NULL;
        ck_assert_int_eq(cx_servqual_new(in, CX_MISSING_PAIRWISE, &one), CX_OK);
        ck_assert_int_eq(cx_servqual_new(in, CX_MISSING_PAIRWISE, &bulk), CX_OK);
        for (size_t r = 0; r < N; r++)
            cx_servqual_add(one, e + r * k, NULL, NULL, a + r * k, NULL);
        cx_servqual_add_rows(bulk, N, e, NULL, NULL, a, NULL);
        assert_servqual_same(bulk, one, 1e-11);
        cx_servqual_free(one);
        cx_servqual_free(bulk);
    }
    cx_instrument_free(instruments[0]);
    cx_instrument_free(instruments[1]);
}
END_TEST

START_TEST(merge_of_shards_equals_one_pass)
{
    enum { N = 300 };
    static double e[N][22], p[N][22], w[N][5];
    unsigned seed = 2026;
    for (int r = 0; r < N; r++)
        random_respondent(&seed, e[r], p[r], w[r]);
    for (int mode = 0; mode < 3; mode++) {
        CxServqual *whole = servqual_1991(mode), *merged = servqual_1991(mode);
        cx_servqual_add_rows(whole, N, &e[0][0], &p[0][0], &w[0][0], NULL, NULL);
        size_t cuts[] = { 0, 7, 150, 151, N };
        for (size_t s = 0; s + 1 < 5; s++) {
            CxServqual *part = servqual_1991(mode);
            cx_servqual_add_rows(part, cuts[s + 1] - cuts[s], &e[cuts[s]][0], &p[cuts[s]][0],
                                 &w[cuts[s]][0], NULL, NULL);
            ck_assert_int_eq(cx_servqual_merge(merged, part), CX_OK);
            cx_servqual_free(part);
        }
        assert_servqual_close(whole, merged, 1e-12);
        cx_servqual_free(whole);
        cx_servqual_free(merged);
    }
    CxServqual *a = servqual_1991(CX_MISSING_PAIRWISE), *b = servqual_1991(CX_MISSING_LISTWISE);
    ck_assert_int_eq(cx_servqual_merge(a, b), CX_E_MISMATCH);
    cx_servqual_free(a);
    cx_servqual_free(b);
}
END_TEST

START_TEST(serialize_round_trips)
{
    enum { N = 60 };
    static double e[N][22], p[N][22], w[N][5];
    unsigned seed = 7;
    for (int r = 0; r < N; r++)
        random_respondent(&seed, e[r], p[r], w[r]);
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_load_file(in, cx_test_data_path("servqual/bank.ini")), CX_OK);
    cx_instrument_free(in);
    CxServqual *sq = servqual_1991(CX_MISSING_RESPONDENT);
    cx_servqual_set_inversion_policy(sq, CX_INVERSION_DROP_ITEM);
    cx_servqual_add_rows(sq, N, &e[0][0], &p[0][0], &w[0][0], &e[0][0], &p[0][0]);
    uint8_t *bytes;
    size_t len;
    ck_assert_int_eq(cx_servqual_serialize(sq, &bytes, &len), CX_OK);
    CxServqual *back = NULL;
    ck_assert_int_eq(cx_servqual_deserialize(bytes, len, &back), CX_OK);
    assert_servqual_close(sq, back, 0.0);
    uint8_t *bytes2;
    size_t len2;
    ck_assert_int_eq(cx_servqual_serialize(back, &bytes2, &len2), CX_OK);
    ck_assert(len == len2 && memcmp(bytes, bytes2, len) == 0);
    ck_assert_int_eq(cx_instrument_equal(cx_servqual_instrument(sq), cx_servqual_instrument(back)),
                     1);
    CxServqual *bad = (CxServqual *)1;
    for (size_t cut = 0; cut < len; cut += 13)
        ck_assert_int_eq(cx_servqual_deserialize(bytes, cut, &bad), CX_E_CORRUPT);
    ck_assert_ptr_null(bad);
    uint8_t *copy = malloc(len);
    /* Corrupt ~300 positions spread over the whole state (every byte would be slow under ASan). */
    size_t step = len / 300 + 1;
    for (size_t i = 8; i < len; i += step) {
        memcpy(copy, bytes, len);
        copy[i] ^= 0x81;
        int st = cx_servqual_deserialize(copy, len, &bad);
        ck_assert(st == CX_OK || st == CX_E_CORRUPT);
        if (st == CX_OK) {
            CxServqualResult r = { .size = sizeof r };
            st = cx_servqual_result(bad, &r);
            ck_assert(st == CX_OK || st == CX_E_EMPTY);
            cx_servqual_free(bad);
        }
    }
    free(copy);
    CxServqual *c = NULL;
    ck_assert_int_eq(cx_servqual_copy(sq, &c), CX_OK);
    assert_servqual_close(sq, c, 0.0);
    cx_servqual_reset(c);
    CxServqualResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_servqual_result(c, &r), CX_E_EMPTY);
    ck_assert_uint_eq(r.respondents, 0);
    cx_free(bytes);
    cx_free(bytes2);
    cx_servqual_free(sq);
    cx_servqual_free(back);
    cx_servqual_free(c);
}
END_TEST

START_TEST(null_and_invalid_arguments)
{
    CxServqual *sq = servqual_1991(CX_MISSING_PAIRWISE);
    CxServqualResult r = { .size = sizeof r };
    CxServqualDimension d = { .size = sizeof d };
    CxServqualItem it = { .size = sizeof it };
    CxInstrument *empty = NULL;
    ck_assert_int_eq(cx_instrument_new(&empty), CX_OK);
    {
        CxServqual *refused = (CxServqual *)&refused;
        ck_assert_int_eq(cx_servqual_new(NULL, 0, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    { /* no items */
        CxServqual *refused = (CxServqual *)&refused;
        ck_assert_int_eq(cx_servqual_new(empty, 0, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    {
        CxServqual *refused = (CxServqual *)&refused;
        ck_assert_int_eq(cx_servqual_new(cx_servqual_instrument(sq), 9, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    ck_assert_int_eq(cx_servqual_add(NULL, NULL, NULL, NULL, NULL, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_add(sq, NULL, NULL, NULL, NULL, NULL), CX_OK); /* nothing */
    ck_assert_int_eq(cx_servqual_result(sq, &r), CX_E_EMPTY);
    ck_assert_uint_eq(r.respondents, 1);
    ck_assert_uint_eq(r.respondents_used, 0);
    ck_assert_int_eq(cx_servqual_dimension(sq, 5, 0.95, &d), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_dimension(sq, 0, 1.0, &d), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_item(sq, 22, 0.95, &it), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_reliability(sq, 0, 3, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_merge(sq, sq), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_serialize(NULL, NULL, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_deserialize(NULL, 0, NULL), CX_E_INVALID_ARGUMENT);
    r.size = 3;
    ck_assert_int_eq(cx_servqual_result(sq, &r), CX_E_STRUCT_SIZE);
    ck_assert_int_eq(cx_instrument_add_item(empty, 1, 0, NULL, 0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_add_dimension(empty, "", NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_add_dimension(empty, "a", NULL), CX_OK);
    ck_assert_int_eq(cx_instrument_add_dimension(empty, "a", NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_add_item(empty, 0, 0, NULL, 0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_add_item(empty, 3, 0, NULL, 0), CX_OK);
    ck_assert_int_eq(cx_instrument_add_item(empty, 3, 0, NULL, 0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_set_scale(empty, 5, 5), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_set_not_applicable(empty, 1, 4), CX_E_INVALID_ARGUMENT);
    ck_assert_uint_eq(cx_instrument_max_items(), 256);
    ck_assert_uint_eq(cx_instrument_max_dimensions(), 32);
    ck_assert_ptr_null(cx_instrument_dimension_name(empty, 1));
    ck_assert_uint_eq(cx_instrument_item_dimension(empty, 1), (size_t)-1);
    cx_instrument_free(empty);
    cx_instrument_free(NULL);
    cx_servqual_free(sq);
    cx_servqual_free(NULL);
}
END_TEST

/* Issue 20: a respondent with no rating at all is a row of psych's data frame: the reliability's
 * `rows` counts it, so Feldt's interval by CX_FELDT_N_ROWS is the one of a CxAlpha given the
 * same rows blank ones included (which test-alpha.c checks against psych::alpha). */
START_TEST(reliability_rows_count_blank_respondents)
{
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    cx_instrument_add_dimension(in, "only", NULL);
    for (int i = 1; i <= 3; i++)
        cx_instrument_add_item(in, i, 0, NULL, 0);
    CxServqual *sq = NULL;
    CxAlpha *alpha = NULL;
    ck_assert_int_eq(cx_servqual_new(in, CX_MISSING_PAIRWISE, &sq), CX_OK);
    ck_assert_int_eq(cx_alpha_new(3, CX_MISSING_PAIRWISE, &alpha), CX_OK);
    const double e[5][3] = { { 5, 6, 5 }, { 3, 4, 4 }, { 7, 6, 7 }, { 4, 4, 5 }, { 2, 3, 2 } };
    const double none[3] = { NAN, NAN, NAN };
    for (int r = 0; r < 5; r++) {
        ck_assert_int_eq(cx_servqual_add(sq, e[r], NULL, NULL, NULL, NULL), CX_OK);
        ck_assert_int_eq(cx_alpha_add(alpha, e[r]), CX_OK);
        if (r % 2 == 0) { /* three blank respondents */
            ck_assert_int_eq(cx_servqual_add(sq, none, none, NULL, NULL, NULL), CX_OK);
            ck_assert_int_eq(cx_alpha_add(alpha, none), CX_OK);
        }
    }
    CxAlphaResult got = { .size = sizeof got }, want = { .size = sizeof want };
    ck_assert_int_eq(cx_servqual_reliability(sq, 0, CX_SERVQUAL_EXPECTATION, 0.95, &got), CX_OK);
    ck_assert_int_eq(cx_alpha_result(alpha, 0.95, &want), CX_OK);
    ck_assert_uint_eq(got.rows, 8);
    ck_assert_uint_eq(got.rows_empty, 3);
    ck_assert_uint_eq(got.n, 5);
    cx_assert_close(got.alpha, want.alpha, 1e-12);
    double lo, hi, want_lo, want_hi;
    ck_assert_int_eq(cx_alpha_feldt(&got, 0.95, CX_FELDT_N_ROWS, &lo, &hi), CX_OK);
    ck_assert_int_eq(cx_alpha_feldt(&want, 0.95, CX_FELDT_N_ROWS, &want_lo, &want_hi), CX_OK);
    cx_assert_close(lo, want_lo, 1e-12);
    cx_assert_close(hi, want_hi, 1e-12);
    ck_assert_int_eq(cx_alpha_feldt(&got, 0.95, CX_FELDT_N_ANSWERED, &lo, &hi), CX_OK);
    cx_assert_close(lo, got.ci_lower, 1e-15);
    cx_assert_close(hi, got.ci_upper, 1e-15);
    ck_assert(want_hi - want_lo < hi - lo); /* blank rows narrow psych's interval */
    cx_alpha_free(alpha);
    cx_servqual_free(sq);
    cx_instrument_free(in);
}
END_TEST

static Suite *
servqual_suite(void)
{
    Suite *s = suite_create("servqual");
    TCase *ref = tcase_create("reference");
    tcase_add_test(ref, reference_three_respondents);
    tcase_add_test(ref, unweighted_score_of_published_gaps);
    tcase_add_test(ref, missing_modes_reference);
    tcase_add_test(ref, paired_t_test_of_gaps);
    tcase_add_test(ref, zone_of_tolerance_reference);
    tcase_add_test(ref, reliability_rows_count_blank_respondents);
    suite_add_tcase(s, ref);
    TCase *input = tcase_create("input");
    tcase_add_test(input, bad_answers_are_counted);
    tcase_add_test(input, null_and_invalid_arguments);
    suite_add_tcase(s, input);
    TCase *prop = tcase_create("properties");
    tcase_add_test(prop, custom_instrument_equal_to_builtin_gives_identical_results);
    tcase_add_test(prop, reverse_coding_twice_is_identity);
    tcase_add_test(prop, bulk_adds_equal_one_at_a_time);
    tcase_add_test(prop, merge_of_shards_equals_one_pass);
    tcase_add_test(prop, serialize_round_trips);
    suite_add_tcase(s, prop);
    return s;
}

int
main(void)
{
    return cx_test_run(servqual_suite());
}
