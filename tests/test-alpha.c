/* SPDX-License-Identifier: MIT */
/*
 * Reliability (cx-alpha.h) against R's psych::alpha. Data: tests/data/alpha/ (from the reference
 * tests/data/reference/SERVQUAL.md and its vectors/). Expected values: printed by
 * tests/data/alpha/psych-alpha.R with R 4.2.2 + psych 2.2.9, to 15 digits; held to 1e-12.
 */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-common.h"

#define TOL 1e-12

typedef struct {
    size_t rows, k;
    double *cells; /* rows × k, NaN for blanks */
} Table;

/* A minimal loader for these plain numeric files: header line, then comma-separated numbers or
 * blanks. (The library's own reader has its own tests; this keeps the two independent.) */
static Table
load_table(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "alpha/%s", name);
    char *text = cx_test_read_file(cx_test_data_path(path), NULL);
    Table t = { 0, 1, NULL };
    char *line = strtok(text, "\n");
    for (const char *c = line; *c; c++)
        t.k += *c == ',';
    size_t cap = 64;
    t.cells = malloc(cap * t.k * sizeof(double));
    while ((line = strtok(NULL, "\n")) != NULL) {
        if (t.rows == cap) {
            cap *= 2;
            t.cells = realloc(t.cells, cap * t.k * sizeof(double));
        }
        const char *p = line;
        for (size_t j = 0; j < t.k; j++) {
            char *end;
            double v = strtod(p, &end);
            t.cells[t.rows * t.k + j] = end == p ? (double)NAN : v;
            p = strchr(end, ',');
            ck_assert_msg(p || j + 1 == t.k, "%s: short row %zu", name, t.rows + 2);
            if (p)
                p++;
        }
        t.rows++;
    }
    free(text);
    return t;
}

static CxAlpha *
alpha_of_table(const Table *t, int mode)
{
    CxAlpha *a = NULL;
    ck_assert_int_eq(cx_alpha_new(t->k, mode, &a), CX_OK);
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(cx_alpha_add_rows(a, t->cells, t->rows), CX_OK);
    return a;
}

static CxAlphaResult
result_of(const CxAlpha *a, double level)
{
    CxAlphaResult r = { .size = sizeof r };
    int st = cx_alpha_result(a, level, &r);
    ck_assert_msg(st == CX_OK, "cx_alpha_result: %s", cx_status_name(st));
    return r;
}

static CxAlphaItem
item_of(const CxAlpha *a, size_t i)
{
    CxAlphaItem it = { .size = sizeof it };
    int st = cx_alpha_item(a, i, &it);
    ck_assert_msg(st == CX_OK, "cx_alpha_item %zu: %s", i, cx_status_name(st));
    return it;
}

START_TEST(thinkdeeply_matches_psych)
{
    Table t = load_table("thinkdeeply.csv");
    CxAlpha *a = alpha_of_table(&t, CX_MISSING_PAIRWISE);
    CxAlphaResult r = result_of(a, 0.95);
    ck_assert_uint_eq(r.rows, 10);
    ck_assert_uint_eq(r.n, 10);
    cx_assert_close(r.alpha, 0.673726676752395, TOL);
    cx_assert_close(r.std_alpha, 0.675772909844575, TOL);
    cx_assert_close(r.average_r, 0.342565684564362, TOL);
    cx_assert_close(r.ci_lower, 0.141622004343895, TOL);
    cx_assert_close(r.ci_upper, 0.90897540324887, TOL);
    cx_assert_close(r.mean, 3.175, TOL);
    cx_assert_close(r.sd, 0.677515887472595, TOL);
    static const double drop_alpha[] = { 0.558962264150943, 0.641826923076923, 0.661855670103093,
                                         0.546296296296296 };
    static const double drop_std[] = { 0.572599474451537, 0.627971008537404, 0.691361650048109,
                                       0.531010811864532 };
    static const double drop_r[] = { 0.308712071363612, 0.360063148522247, 0.427485074192462,
                                     0.274002444179127 };
    static const double raw_r[] = { 0.742028559942435, 0.688526623734494, 0.602924936037469,
                                    0.809733426012867 };
    static const double std_r[] = { 0.747647241267188, 0.693554463739427, 0.622532794330122,
                                    0.784210060301379 };
    static const double r_drop[] = { 0.547185809892288, 0.405371240588956, 0.364071235483700,
                                     0.545454545454545 };
    static const double mean[] = { 3.3, 2.9, 3.2, 3.3 };
    static const double sd[] = { 0.823272602348565, 0.994428926011753, 0.788810637746616,
                                 1.159501808728406 };
    for (size_t i = 0; i < 4; i++) {
        CxAlphaItem it = item_of(a, i);
        ck_assert_uint_eq(it.n, 10);
        cx_assert_close(it.alpha_if_deleted, drop_alpha[i], TOL);
        cx_assert_close(it.std_alpha_if_deleted, drop_std[i], TOL);
        cx_assert_close(it.average_r_if_deleted, drop_r[i], TOL);
        cx_assert_close(it.raw_r, raw_r[i], TOL);
        cx_assert_close(it.std_r, std_r[i], TOL);
        cx_assert_close(it.r_drop, r_drop[i], TOL);
        cx_assert_close(it.mean, mean[i], TOL);
        cx_assert_close(it.sd, sd[i], TOL);
    }
    cx_alpha_free(a);
    free(t.cells);
}
END_TEST

START_TEST(pingouin_wide_matches_psych)
{
    Table t = load_table("cronbach_alpha_wide.csv");
    ck_assert_uint_eq(t.k, 10);
    CxAlpha *a = alpha_of_table(&t, CX_MISSING_PAIRWISE);
    CxAlphaResult r = result_of(a, 0.95);
    /* Published by pingouin: 0.5917188485995826, CI [0.195, 0.840]. */
    cx_assert_close(r.alpha, 0.5917188485995826, TOL);
    cx_assert_close(r.std_alpha, 0.634349801541794, TOL);
    cx_assert_close(r.average_r, 0.147837733196288, TOL);
    cx_assert_close(r.ci_lower, 0.194921390663122, TOL);
    cx_assert_close(r.ci_upper, 0.839820814627543, TOL);
    cx_assert_close(r.mean, 3.72, TOL);
    cx_assert_close(r.sd, 0.660302960768767, TOL);
    /* Q5 and Q6 correlate negatively with the rest. */
    cx_assert_close(item_of(a, 4).r_drop, -0.1075830824925742, TOL);
    cx_assert_close(item_of(a, 5).r_drop, -0.1572365196566517, TOL);
    cx_assert_close(item_of(a, 4).alpha_if_deleted, 0.668489065606362, TOL);
    cx_assert_close(item_of(a, 9).raw_r, 0.604220342302737, TOL);
    cx_assert_close(item_of(a, 0).std_r, 0.7385831661918763, TOL);
    cx_alpha_free(a);
    free(t.cells);
}
END_TEST

START_TEST(missing_pairwise_and_listwise_match_psych)
{
    Table t = load_table("cronbach_wide_missing.csv");
    ck_assert_uint_eq(t.rows, 12);
    ck_assert_uint_eq(t.k, 11);
    CxAlpha *a = alpha_of_table(&t, CX_MISSING_PAIRWISE);
    CxAlphaResult r = result_of(a, 0.95);
    ck_assert_uint_eq(r.rows_complete, 9);
    ck_assert_uint_eq(r.n, 12);
    ck_assert_int_eq(r.missing_mode, CX_MISSING_PAIRWISE);
    cx_assert_close(r.alpha, 0.732660835214447, TOL);
    cx_assert_close(r.std_alpha, 0.730149341317616, TOL);
    cx_assert_close(r.average_r, 0.197417342426486, TOL);
    cx_assert_close(r.ci_lower, 0.435310448544826, TOL);
    cx_assert_close(r.ci_upper, 0.909362910164429, TOL);
    cx_assert_close(r.mean, 0.516161616161616, TOL);
    cx_assert_close(r.sd, 0.235905232299933, TOL);
    CxAlphaItem q1 = item_of(a, 0);
    ck_assert_uint_eq(q1.n, 11);
    cx_assert_close(q1.r_drop, -0.00942703464705989, TOL);
    cx_assert_close(q1.alpha_if_deleted, 0.758390120612983, TOL);
    cx_assert_close(item_of(a, 7).raw_r, 0.778618493764010, TOL);
    cx_alpha_free(a);

    a = alpha_of_table(&t, CX_MISSING_LISTWISE);
    r = result_of(a, 0.95);
    ck_assert_uint_eq(r.n, 9); /* not 12: the rows actually used */
    ck_assert_uint_eq(r.rows_excluded, 3);
    ck_assert_int_eq(r.missing_mode, CX_MISSING_LISTWISE);
    cx_assert_close(r.alpha, 0.8016949152542373, TOL);
    cx_assert_close(r.std_alpha, 0.794475054570006, TOL);
    cx_assert_close(r.ci_lower, 0.533003199913274, TOL);
    cx_assert_close(r.ci_upper, 0.947207967339016, TOL);
    cx_assert_close(item_of(a, 5).r_drop, 0.780670868297450, TOL);
    cx_assert_close(item_of(a, 3).alpha_if_deleted, 0.829475308641975, TOL);
    ck_assert_uint_eq(item_of(a, 0).n, 9);
    cx_alpha_free(a);
    free(t.cells);
}
END_TEST

/* Whole blank rows (issue 20): the library's n leaves them out, psych's counts them; both
 * rules against psych (tests/data/alpha/psych-feldt-blank-rows.R and its output). */
START_TEST(feldt_with_blank_rows_matches_psych_by_either_rule)
{
    Table t = load_table("blank_rows.csv");
    ck_assert_uint_eq(t.rows, 15);
    CxAlpha *a = alpha_of_table(&t, CX_MISSING_PAIRWISE);
    char *text = cx_test_read_file(cx_test_data_path("alpha/psych-feldt-blank-rows.csv"), NULL);
    int checked = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char rule[16];
        double level, n, alpha, lower, upper;
        if (sscanf(line, "%15[a-z],%lf,%lf,%lf,%lf,%lf", rule, &level, &n, &alpha, &lower,
                   &upper) != 6)
            continue; /* the header */
        CxAlphaResult r = result_of(a, level);
        ck_assert_uint_eq(r.rows, 15);
        ck_assert_uint_eq(r.rows_empty, 3);
        cx_assert_close(r.alpha, alpha, TOL);
        int which = strcmp(rule, "rows") == 0 ? CX_FELDT_N_ROWS : CX_FELDT_N_ANSWERED;
        ck_assert_uint_eq(which == CX_FELDT_N_ROWS ? r.rows : r.n, (uint64_t)n);
        double lo, hi;
        ck_assert_int_eq(cx_alpha_feldt(&r, level, which, &lo, &hi), CX_OK);
        cx_assert_close(lo, lower, TOL);
        cx_assert_close(hi, upper, TOL);
        if (which == CX_FELDT_N_ANSWERED) { /* the library's default is this rule */
            cx_assert_close(r.ci_lower, lower, TOL);
            cx_assert_close(r.ci_upper, upper, TOL);
        }
        checked++;
    }
    ck_assert_int_eq(checked, 4);
    double lo, hi;
    CxAlphaResult r = result_of(a, 0.95);
    ck_assert_int_eq(cx_alpha_feldt(&r, 0.95, 2, &lo, &hi), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_feldt(&r, 1.0, CX_FELDT_N_ROWS, &lo, &hi), CX_E_INVALID_ARGUMENT);
    r.alpha = NAN;
    ck_assert_int_eq(cx_alpha_feldt(&r, 0.95, CX_FELDT_N_ROWS, &lo, &hi), CX_E_UNDEFINED);
    ck_assert(isnan(lo) && isnan(hi));
    free(text);
    cx_alpha_free(a);
    free(t.cells);
}
END_TEST

START_TEST(undefined_cases_have_a_status)
{
    CxAlphaResult r = { .size = sizeof r };
    CxAlphaItem it = { .size = sizeof it };
    /* One item. */
    CxAlpha *a = NULL;
    ck_assert_int_eq(cx_alpha_new(1, CX_MISSING_PAIRWISE, &a), CX_OK);
    double one = 3.0;
    cx_alpha_add(a, &one);
    ck_assert_int_eq(cx_alpha_result(a, 0.95, &r), CX_E_UNDEFINED);
    ck_assert(isnan(r.alpha));
    ck_assert_uint_eq(r.rows, 1);
    cx_alpha_free(a);
    /* Zero variance. */
    ck_assert_int_eq(cx_alpha_new(3, CX_MISSING_PAIRWISE, &a), CX_OK);
    const double same[] = { 4, 4, 4 };
    for (int i = 0; i < 5; i++)
        cx_alpha_add(a, same);
    ck_assert_int_eq(cx_alpha_result(a, 0.95, &r), CX_E_UNDEFINED);
    ck_assert(isnan(r.alpha) && isnan(r.std_alpha));
    ck_assert_int_eq(cx_alpha_item(a, 0, &it), CX_E_UNDEFINED);
    cx_assert_close(it.mean, 4.0, 0.0);
    cx_alpha_free(a);
    /* Items that always add up to the same total: the total score's variance is zero in exact
     * arithmetic, and whatever rounding leaves of it (either sign, a few units of the last
     * place) must not make a huge alpha out of noise, one at a time or in blocks. */
    unsigned seed = 17;
    int undefined = 0;
    for (size_t n = 2; n <= 40; n++)
        for (int bulk = 0; bulk < 2; bulk++) {
            double rows[40 * 3];
            for (size_t i = 0; i < n; i++) {
                seed = seed * 1664525u + 1013904223u;
                rows[3 * i] = 1 + (seed >> 8) % 7;
                rows[3 * i + 1] = 1 + (seed >> 16) % 7;
                rows[3 * i + 2] = 15 - rows[3 * i] - rows[3 * i + 1];
            }
            ck_assert_int_eq(cx_alpha_new(3, CX_MISSING_PAIRWISE, &a), CX_OK);
            if (bulk)
                ck_assert_int_eq(cx_alpha_add_rows(a, rows, n), CX_OK);
            else
                for (size_t i = 0; i < n; i++)
                    cx_alpha_add(a, rows + 3 * i);
            int st = cx_alpha_result(a, 0.95, &r);
            ck_assert_msg(st == CX_E_UNDEFINED || (st == CX_OK && r.alpha > -1e3),
                          "constant total, %zu rows (%s): status %d, alpha %.17g, variance %.17g",
                          n, bulk ? "bulk" : "one at a time", st, r.alpha, r.total_variance);
            undefined += st == CX_E_UNDEFINED;
            if (st == CX_E_UNDEFINED)
                ck_assert(isnan(r.alpha) && isnan(r.std_alpha));
            cx_alpha_free(a);
        }
    ck_assert_int_gt(undefined, 0);
    /* Empty. */
    ck_assert_int_eq(cx_alpha_new(3, CX_MISSING_PAIRWISE, &a), CX_OK);
    ck_assert_int_eq(cx_alpha_result(a, 0.95, &r), CX_E_UNDEFINED);
    const double blank[] = { NAN, NAN, NAN };
    cx_alpha_add(a, blank);
    ck_assert_int_eq(cx_alpha_result(a, 0.95, &r), CX_E_UNDEFINED);
    ck_assert_uint_eq(r.rows_empty, 1);
    cx_alpha_free(a);
    /* Bad arguments. */
    {
        CxAlpha *refused = (CxAlpha *)&refused;
        ck_assert_int_eq(cx_alpha_new(0, CX_MISSING_PAIRWISE, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    {
        CxAlpha *refused = (CxAlpha *)&refused;
        ck_assert_int_eq(cx_alpha_new(cx_alpha_max_items() + 1, CX_MISSING_PAIRWISE, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    {
        CxAlpha *refused = (CxAlpha *)&refused;
        ck_assert_int_eq(cx_alpha_new(3, CX_MISSING_RESPONDENT, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    ck_assert_int_eq(cx_alpha_new(2, CX_MISSING_PAIRWISE, &a), CX_OK);
    ck_assert_int_eq(cx_alpha_add(a, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_add(NULL, blank), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_add_rows(a, NULL, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_add_rows(a, NULL, 0), CX_OK);
    ck_assert_int_eq(cx_alpha_result(a, 1.5, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_item(a, 2, &it), CX_E_INVALID_ARGUMENT);
    r.size = 4;
    ck_assert_int_eq(cx_alpha_result(a, 0.95, &r), CX_E_STRUCT_SIZE);
    CxAlpha *b = NULL, *c = NULL;
    ck_assert_int_eq(cx_alpha_new(3, CX_MISSING_PAIRWISE, &b), CX_OK);
    ck_assert_int_eq(cx_alpha_new(2, CX_MISSING_LISTWISE, &c), CX_OK);
    ck_assert_int_eq(cx_alpha_merge(a, b), CX_E_MISMATCH);
    ck_assert_int_eq(cx_alpha_merge(a, c), CX_E_MISMATCH);
    ck_assert_int_eq(cx_alpha_merge(a, a), CX_E_INVALID_ARGUMENT);
    ck_assert_uint_eq(cx_alpha_item_count(b), 3);
    ck_assert_uint_eq(cx_alpha_item_count(NULL), 0);
    cx_alpha_free(a);
    cx_alpha_free(b);
    cx_alpha_free(c);
    cx_alpha_free(NULL);
}
END_TEST

static void
assert_same_figures(const CxAlpha *x, const CxAlpha *y, double tol)
{
    CxAlphaResult rx = result_of(x, 0.9), ry = result_of(y, 0.9);
    ck_assert_uint_eq(rx.rows, ry.rows);
    ck_assert_uint_eq(rx.n, ry.n);
    cx_assert_close(rx.alpha, ry.alpha, tol);
    cx_assert_close(rx.std_alpha, ry.std_alpha, tol);
    cx_assert_close(rx.ci_lower, ry.ci_lower, tol);
    for (size_t i = 0; i < cx_alpha_item_count(x); i++) {
        CxAlphaItem a = item_of(x, i), b = item_of(y, i);
        ck_assert_uint_eq(a.n, b.n);
        cx_assert_close(a.r_drop, b.r_drop, tol);
        cx_assert_close(a.alpha_if_deleted, b.alpha_if_deleted, tol);
        cx_assert_close(a.sd, b.sd, tol);
    }
}

/* Every figure: counts exactly, the rest to `tol` relative (NaN in both or neither). */
static void
same_figure(const char *what, double got, double want, double tol)
{
    if (isnan(got) || isnan(want)) {
        ck_assert_msg(isnan(got) && isnan(want), "%s: expected %.17g, got %.17g", what, want, got);
        return;
    }
    ck_assert_msg(fabs(got - want) <= tol * fmax(1.0, fabs(want)),
                  "%s: expected %.17g, got %.17g (relative tolerance %g)", what, want, got, tol);
}

#define SAME_U(field) ck_assert_msg(x.field == y.field, "%s: expected %llu, got %llu", #field, \
                                    (unsigned long long)y.field, (unsigned long long)x.field)
#define SAME_D(field) same_figure(#field, x.field, y.field, tol)

static void
assert_alpha_same(const CxAlpha *a, const CxAlpha *b, double tol)
{
    CxAlphaResult x = { .size = sizeof x }, y = { .size = sizeof y };
    ck_assert_int_eq(cx_alpha_result(a, 0.95, &x), cx_alpha_result(b, 0.95, &y));
    SAME_U(k), SAME_U(rows), SAME_U(rows_complete), SAME_U(rows_empty), SAME_U(rows_excluded);
    SAME_U(n), SAME_U(n_min_pair);
    SAME_D(alpha), SAME_D(std_alpha), SAME_D(average_r), SAME_D(total_variance), SAME_D(mean);
    SAME_D(sd), SAME_D(ci_lower), SAME_D(ci_upper);
    for (size_t i = 0; i < cx_alpha_item_count(a); i++) {
        CxAlphaItem u = { .size = sizeof u }, v = { .size = sizeof v };
        ck_assert_int_eq(cx_alpha_item(a, i, &u), cx_alpha_item(b, i, &v));
        ck_assert_uint_eq(u.n, v.n);
        same_figure("item mean", u.mean, v.mean, tol);
        same_figure("item sd", u.sd, v.sd, tol);
        same_figure("raw_r", u.raw_r, v.raw_r, tol);
        same_figure("std_r", u.std_r, v.std_r, tol);
        same_figure("r_drop", u.r_drop, v.r_drop, tol);
        same_figure("alpha_if_deleted", u.alpha_if_deleted, v.alpha_if_deleted, tol);
        same_figure("std_alpha_if_deleted", u.std_alpha_if_deleted, v.std_alpha_if_deleted, tol);
        same_figure("average_r_if_deleted", u.average_r_if_deleted, v.average_r_if_deleted, tol);
    }
}

/* cx_alpha_add_rows() works in blocks of rows; the figures must be those of one row at a time. */
START_TEST(bulk_adds_equal_one_at_a_time)
{
    enum { N = 1000 };
    static double rows[N * 40];
    const size_t ks[] = { 1, 2, 5, 40 };
    const size_t chunks[] = { 1, 7, 8, 9, 256, 257, 3, 300 };
    unsigned seed = 5;
    for (size_t c = 0; c < sizeof ks / sizeof *ks; c++) {
        const size_t k = ks[c];
        for (size_t r = 0; r < N; r++) {
            /* Rows 0–399 and 700 on: complete whole numbers (some negative, some at the
             * magnitude limit of the integer blocks, ±512), which the bulk adds sum exactly in
             * integers; the others have halves, blanks and infinities. */
            const int tidy = r < 400 || r >= 700;
            seed = seed * 1664525u + 1013904223u;
            unsigned kind = (seed >> 8) % 10; /* 0: empty row, 1–3: some missing, else complete */
            double base = (double)((seed >> 12) % 5);
            for (size_t i = 0; i < k; i++) {
                seed = seed * 1664525u + 1013904223u;
                double x = base + (double)((seed >> 9) % 4) + (i % 3 ? 0.5 : 0.0);
                if (tidy)
                    x = r % 97 == 0 ? ((seed >> 9) % 2 ? 512.0 : -512.0)
                                    : base + (double)((seed >> 9) % 4) - 3.0;
                else if (kind == 0 || (kind < 4 && (seed >> 20) % 3 == 0))
                    x = (seed >> 24) % 5 ? (double)NAN : (double)INFINITY;
                rows[r * k + i] = x;
            }
        }
        for (int mode = CX_MISSING_PAIRWISE; mode <= CX_MISSING_LISTWISE; mode++) {
            CxAlpha *one = NULL, *bulk = NULL, *chunked = NULL;
            ck_assert_int_eq(cx_alpha_new(k, mode, &one), CX_OK);
            ck_assert_int_eq(cx_alpha_new(k, mode, &bulk), CX_OK);
            ck_assert_int_eq(cx_alpha_new(k, mode, &chunked), CX_OK);
            for (size_t r = 0; r < N; r++)
                ck_assert_int_eq(cx_alpha_add(one, rows + r * k), CX_OK);
            ck_assert_int_eq(cx_alpha_add_rows(bulk, rows, N), CX_OK);
            for (size_t r = 0, i = 0; r < N; i++) {
                size_t m = chunks[i % (sizeof chunks / sizeof *chunks)];
                m = m < N - r ? m : N - r;
                ck_assert_int_eq(cx_alpha_add_rows(chunked, rows + r * k, m), CX_OK);
                r += m;
            }
            assert_alpha_same(bulk, one, 1e-11);
            assert_alpha_same(chunked, one, 1e-11);
            cx_alpha_free(one);
            cx_alpha_free(bulk);
            cx_alpha_free(chunked);
        }
    }
}
END_TEST

START_TEST(merge_of_shards_equals_one_pass)
{
    Table t = load_table("cronbach_wide_missing.csv");
    for (int mode = 0; mode < 2; mode++) {
        CxAlpha *whole = alpha_of_table(&t, mode);
        for (size_t k = 2; k <= 5; k++) {
            CxAlpha *merged = NULL;
            ck_assert_int_eq(cx_alpha_new(t.k, mode, &merged), CX_OK);
            size_t start = 0;
            for (size_t s = 0; s < k; s++) {
                size_t end = t.rows * (s + 1) / k;
                CxAlpha *part = NULL;
                ck_assert_int_eq(cx_alpha_new(t.k, mode, &part), CX_OK);
                cx_alpha_add_rows(part, t.cells + start * t.k, end - start);
                ck_assert_int_eq(cx_alpha_merge(merged, part), CX_OK);
                cx_alpha_free(part);
                start = end;
            }
            assert_same_figures(whole, merged, 1e-13);
            cx_alpha_free(merged);
        }
        cx_alpha_free(whole);
    }
    free(t.cells);
}
END_TEST

START_TEST(serialize_round_trips_and_rejects_damage)
{
    Table t = load_table("cronbach_wide_missing.csv");
    CxAlpha *a = alpha_of_table(&t, CX_MISSING_PAIRWISE);
    uint8_t *bytes;
    size_t len;
    ck_assert_int_eq(cx_alpha_serialize(a, &bytes, &len), CX_OK);
    CxAlpha *b = NULL;
    ck_assert_int_eq(cx_alpha_deserialize(bytes, len, &b), CX_OK);
    assert_same_figures(a, b, 0.0); /* bit-identical state */
    uint8_t *bytes2;
    size_t len2;
    ck_assert_int_eq(cx_alpha_serialize(b, &bytes2, &len2), CX_OK);
    ck_assert(len2 == len && memcmp(bytes, bytes2, len) == 0);
    CxAlpha *c = (CxAlpha *)1;
    for (size_t cut = 0; cut < len; cut += 7)
        ck_assert_int_eq(cx_alpha_deserialize(bytes, cut, &c), CX_E_CORRUPT);
    ck_assert_ptr_null(c);
    uint8_t *copy = malloc(len);
    for (size_t i = 8; i < len; i++) {
        memcpy(copy, bytes, len);
        copy[i] ^= 0x5A;
        int st = cx_alpha_deserialize(copy, len, &c);
        ck_assert(st == CX_OK || st == CX_E_CORRUPT);
        if (st == CX_OK) {
            CxAlphaResult r = { .size = sizeof r };
            st = cx_alpha_result(c, 0.95, &r);
            ck_assert(st == CX_OK || st == CX_E_UNDEFINED);
            cx_alpha_free(c);
        }
    }
    memcpy(copy, bytes, len);
    copy[4] = 9;
    cx_test_state_seal(copy, len);
    ck_assert_int_eq(cx_alpha_deserialize(copy, len, &c), CX_E_VERSION);
    free(copy);
    cx_free(bytes);
    cx_free(bytes2);
    CxAlpha *d = NULL;
    ck_assert_int_eq(cx_alpha_copy(a, &d), CX_OK);
    assert_same_figures(a, d, 0.0);
    cx_alpha_reset(d);
    CxAlphaResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_alpha_result(d, 0.95, &r), CX_E_UNDEFINED);
    ck_assert_uint_eq(r.rows, 0);
    cx_alpha_free(a);
    cx_alpha_free(b);
    cx_alpha_free(d);
    free(t.cells);
}
END_TEST

static Suite *
alpha_suite(void)
{
    Suite *s = suite_create("alpha");
    TCase *ref = tcase_create("psych");
    tcase_add_test(ref, thinkdeeply_matches_psych);
    tcase_add_test(ref, pingouin_wide_matches_psych);
    tcase_add_test(ref, missing_pairwise_and_listwise_match_psych);
    tcase_add_test(ref, feldt_with_blank_rows_matches_psych_by_either_rule);
    suite_add_tcase(s, ref);
    TCase *edge = tcase_create("edges");
    tcase_add_test(edge, undefined_cases_have_a_status);
    suite_add_tcase(s, edge);
    TCase *prop = tcase_create("properties");
    tcase_add_test(prop, bulk_adds_equal_one_at_a_time);
    tcase_add_test(prop, merge_of_shards_equals_one_pass);
    tcase_add_test(prop, serialize_round_trips_and_rejects_damage);
    suite_add_tcase(s, prop);
    return s;
}

int
main(void)
{
    return cx_test_run(alpha_suite());
}
