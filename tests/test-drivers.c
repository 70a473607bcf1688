/* SPDX-License-Identifier: MIT */
/*
 * Driver analysis (cx-drivers.h). Expected values come from outside the project:
 * - the project's reference LOYALTY.md ("Test vectors", Drivers), cited in drivers_loyalty_md;
 * - the published relative weights of R's mtcars data in the documentation of the R package rwa;
 * - tests/data/drivers/expected-r.txt, printed by tests/data/drivers/drivers-reference.R with
 *   base R 4.2.2 (listwise, pairwise, weighted), read here block by block.
 * The rest are properties: shards merged equal one pass, row order does not matter, whole-number
 * weights equal repeated rows, the relative weights sum to R², degenerate data give a status.
 */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-common.h"

#define TOL 1e-12

typedef struct {
    size_t rows, cols;
    double *cells; /* rows × cols, NaN for blanks */
} Table;

/* A minimal loader for these plain numeric files: a header line, then comma-separated numbers
 * or blanks. (The library's reader has its own tests; this keeps the two independent.) */
static Table
load_table(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "drivers/%s", name);
    char *text = cx_test_read_file(cx_test_data_path(path), NULL);
    Table t = { 0, 1, NULL };
    char *save = NULL;
    char *line = strtok_r(text, "\n", &save);
    for (const char *c = line; *c; c++)
        t.cols += *c == ',';
    size_t cap = 64;
    t.cells = malloc(cap * t.cols * sizeof(double));
    while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
        if (t.rows == cap) {
            cap *= 2;
            t.cells = realloc(t.cells, cap * t.cols * sizeof(double));
        }
        const char *p = line;
        for (size_t j = 0; j < t.cols; j++) {
            char *end;
            double v = strtod(p, &end);
            t.cells[t.rows * t.cols + j] = end == p ? (double)NAN : v;
            p = strchr(end, ',');
            ck_assert_msg(p || j + 1 == t.cols, "%s: short row %zu", name, t.rows + 2);
            if (p)
                p++;
        }
        t.rows++;
    }
    free(text);
    return t;
}

/* Predictors are the first k columns, the outcome column k, the weight column k + 1 if asked. */
static CxDrivers *
drivers_of_table(const Table *t, size_t k, int weighted)
{
    CxDrivers *d = NULL;
    ck_assert_int_eq(cx_drivers_new(k, &d), CX_OK);
    ck_assert_ptr_nonnull(d);
    for (size_t r = 0; r < t->rows; r++) {
        const double *row = &t->cells[r * t->cols];
        ck_assert_int_eq(cx_drivers_add(d, row, row[k], weighted ? row[k + 1] : 1.0), CX_OK);
    }
    return d;
}

static CxDriversResult
model_of(const CxDrivers *d, int mode, double level, int expected)
{
    CxDriversResult m = { .size = sizeof m };
    int st = cx_drivers_result(d, mode, level, &m);
    ck_assert_msg(st == expected, "cx_drivers_result: expected %s, got %s",
                  cx_status_name(expected), cx_status_name(st));
    return m;
}

static CxDriver
driver_of(const CxDrivers *d, int mode, double level, size_t j, int expected)
{
    CxDriver p = { .size = sizeof p };
    int st = cx_drivers_predictor(d, j, mode, level, &p);
    ck_assert_msg(st == expected, "cx_drivers_predictor(%zu): expected %s, got %s", j,
                  cx_status_name(expected), cx_status_name(st));
    return p;
}

START_TEST(drivers_loyalty_md)
{
    /* LOYALTY.md, Drivers: 12 respondents; Pearson 0.965176057754, 0.829380506046,
     * 0.923455631488; Spearman 0.967977659735, 0.868281971399, 0.866476811375; betas
     * 0.070100869767, 0.383434051934, 0.621322625340 (R² 0.959436286497); relative weights
     * 0.323134699914, 0.269755560483, 0.366546026099 (33.679641312525 %, 28.116047337381 %,
     * 38.204311350094 %). Printed to 12 decimals: held to 1e-12 (5e-10 for the percentages). */
    static const double pearson[] = { 0.965176057754, 0.829380506046, 0.923455631488 };
    static const double spearman[] = { 0.967977659735, 0.868281971399, 0.866476811375 };
    static const double beta[] = { 0.070100869767, 0.383434051934, 0.621322625340 };
    static const double weight[] = { 0.323134699914, 0.269755560483, 0.366546026099 };
    static const double pct[] = { 33.679641312525, 28.116047337381, 38.204311350094 };
    static const uint32_t rank[] = { 2, 3, 1 };
    Table t = load_table("loyalty-vector.csv");
    ck_assert_uint_eq(t.rows, 12);
    for (int mode = CX_MISSING_PAIRWISE; mode <= CX_MISSING_LISTWISE; mode++) {
        CxDrivers *d = drivers_of_table(&t, 3, 0);
        CxDriversResult m = model_of(d, mode, 0.95, CX_OK);
        ck_assert_uint_eq(m.n, 12);
        ck_assert_uint_eq(m.rows_complete, 12);
        ck_assert_int_eq(m.regression_status, CX_OK);
        ck_assert_int_eq(m.singular_predictor, -1);
        cx_assert_close(m.r_squared, 0.959436286497, TOL);
        for (size_t j = 0; j < 3; j++) {
            CxDriver p = driver_of(d, mode, 0.95, j, CX_OK);
            ck_assert_uint_eq(p.n, 12);
            cx_assert_close(p.r, pearson[j], TOL);
            cx_assert_close(p.rho, spearman[j], TOL);
            ck_assert_int_eq(p.rho_status, CX_OK);
            cx_assert_close(p.beta, beta[j], TOL);
            cx_assert_close(p.relative_weight, weight[j], TOL);
            cx_assert_close(p.relative_weight_pct, pct[j], 5e-10);
            ck_assert_uint_eq(p.rank, rank[j]);
        }
        cx_drivers_free(d);
    }
    free(t.cells);
}
END_TEST

START_TEST(drivers_rwa_mtcars)
{
    /* The R package rwa's documentation (regression-methods article): rwa_multiregress(mtcars,
     * "mpg", c("cyl", "disp", "hp", "wt")): Raw.RelWeight 0.2096904, 0.1883043, 0.1799590,
     * 0.2706812; Rescaled.RelWeight 24.70914, 22.18908, 21.20570, 31.89607 (7 digits). */
    static const double raw[] = { 0.2096904, 0.1883043, 0.1799590, 0.2706812 };
    static const double pct[] = { 24.70914, 22.18908, 21.20570, 31.89607 };
    Table t = load_table("mtcars.csv");
    ck_assert_uint_eq(t.rows, 32);
    CxDrivers *d = drivers_of_table(&t, 4, 0);
    double sum = 0.0;
    for (size_t j = 0; j < 4; j++) {
        CxDriver p = driver_of(d, CX_MISSING_LISTWISE, 0.95, j, CX_OK);
        cx_assert_close(p.relative_weight, raw[j], 5e-8);
        cx_assert_close(p.relative_weight_pct, pct[j], 5e-6);
        sum += p.relative_weight;
    }
    CxDriversResult m = model_of(d, CX_MISSING_LISTWISE, 0.95, CX_OK);
    cx_assert_close(sum, m.r_squared, 1e-14);
    cx_drivers_free(d);
    free(t.cells);
}
END_TEST

/* ---- tests/data/drivers/expected-r.txt ---------------------------------------------------- */

typedef struct {
    const char *label, *file;
    size_t k;
    int mode, weighted;
    double level;
} Case;

static const Case cases[] = {
    { "loyalty-vector listwise", "loyalty-vector.csv", 3, CX_MISSING_LISTWISE, 0, 0.95 },
    { "mtcars listwise", "mtcars.csv", 4, CX_MISSING_LISTWISE, 0, 0.95 },
    { "touchpoints listwise", "touchpoints.csv", 4, CX_MISSING_LISTWISE, 0, 0.95 },
    { "touchpoints pairwise", "touchpoints.csv", 4, CX_MISSING_PAIRWISE, 0, 0.95 },
    { "touchpoints listwise weighted", "touchpoints.csv", 4, CX_MISSING_LISTWISE, 1, 0.95 },
    { "touchpoints pairwise weighted", "touchpoints.csv", 4, CX_MISSING_PAIRWISE, 1, 0.95 },
    { "touchpoints listwise level 0.9", "touchpoints.csv", 4, CX_MISSING_LISTWISE, 0, 0.9 },
};

/* |actual − expected| within 1e-12 relative (R prints 15 significant digits), 1e-14 absolute. */
static void
check_value(const char *block, const char *what, size_t i, double actual, double expected)
{
    double tol = 1e-12 * fabs(expected) + 1e-14;
    ck_assert_msg(fabs(actual - expected) <= tol,
                  "%s, %s [%zu]: expected %.15g, got %.15g (tolerance %g)", block, what, i,
                  expected, actual, tol);
}

static void
check_line(const Case *c, const CxDrivers *d, const char *what, const double *v, size_t nv)
{
    CxDriversResult m = model_of(d, c->mode, c->level, CX_OK);
    if (strcmp(what, "model n, n_eff") == 0) {
        ck_assert_uint_eq(nv, 2);
        ck_assert_uint_eq(m.n, (uint64_t)v[0]);
        check_value(c->label, what, 1, m.n_eff, v[1]);
        return;
    }
    if (strcmp(what, "R2, adj R2") == 0) {
        check_value(c->label, what, 0, m.r_squared, v[0]);
        check_value(c->label, what, 1, m.adj_r_squared, v[1]);
        return;
    }
    if (strcmp(what, "F, df2, p") == 0) {
        check_value(c->label, what, 0, m.f, v[0]);
        check_value(c->label, what, 1, m.df2, v[1]);
        check_value(c->label, what, 2, m.f_p_value, v[2]);
        cx_assert_close(m.df1, (double)c->k, 0.0);
        return;
    }
    if (strcmp(what, "lm F (check)") == 0) {
        ck_assert_msg(fabs(m.f - v[0]) <= 1e-11 * v[0], "lm F: expected %.15g, got %.15g",
                      v[0], m.f);
        return;
    }
    ck_assert_uint_eq(nv, c->k);
    for (size_t j = 0; j < c->k; j++) {
        CxDriver p = driver_of(d, c->mode, c->level, j, CX_OK);
        double got;
        if (strcmp(what, "n per predictor") == 0)
            got = (double)p.n;
        else if (strcmp(what, "n_eff per predictor") == 0)
            got = p.n_eff;
        else if (strcmp(what, "mean") == 0)
            got = p.mean;
        else if (strcmp(what, "sd") == 0)
            got = p.sd;
        else if (strcmp(what, "pearson") == 0)
            got = p.r;
        else if (strcmp(what, "p") == 0)
            got = p.r_p_value;
        else if (strcmp(what, "ci lower") == 0)
            got = p.r_ci_lower;
        else if (strcmp(what, "ci upper") == 0)
            got = p.r_ci_upper;
        else if (strcmp(what, "spearman") == 0)
            got = p.rho;
        else if (strcmp(what, "beta") == 0)
            got = p.beta;
        else if (strcmp(what, "relative weight") == 0)
            got = p.relative_weight;
        else if (strcmp(what, "percent of R2") == 0)
            got = p.relative_weight_pct;
        else
            ck_abort_msg("%s: unknown line '%s' in expected-r.txt", c->label, what);
        check_value(c->label, what, j, got, v[j]);
    }
}

START_TEST(drivers_r_reference)
{
    char *text = cx_test_read_file(cx_test_data_path("drivers/expected-r.txt"), NULL);
    const Case *c = NULL;
    CxDrivers *d = NULL;
    Table t = { 0, 0, NULL };
    size_t blocks = 0, lines = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "== ", 3) == 0) {
            char *label = line + 3;
            for (size_t n = strlen(label); n > 0 && label[n - 1] == ' '; n--)
                label[n - 1] = '\0';
            cx_drivers_free(d);
            free(t.cells);
            c = NULL;
            for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
                if (strcmp(cases[i].label, label) == 0)
                    c = &cases[i];
            ck_assert_msg(c != NULL, "expected-r.txt: unknown block '%s'", label);
            t = load_table(c->file);
            d = drivers_of_table(&t, c->k, c->weighted);
            blocks++;
            continue;
        }
        ck_assert_msg(c != NULL && strlen(line) > 35, "expected-r.txt: bad line '%s'", line);
        char what[40];
        memcpy(what, line, 34);
        what[34] = '\0';
        for (size_t n = 34; n > 0 && what[n - 1] == ' '; n--)
            what[n - 1] = '\0';
        double v[8];
        size_t nv = 0;
        char *p = line + 35, *end;
        for (double x = strtod(p, &end); end != p && nv < 8; x = strtod(p, &end)) {
            v[nv++] = x;
            p = end;
        }
        check_line(c, d, what, v, nv);
        lines++;
    }
    cx_drivers_free(d);
    free(t.cells);
    free(text);
    ck_assert_uint_eq(blocks, sizeof cases / sizeof cases[0]);
    ck_assert_uint_ge(lines, 100);
}
END_TEST

/* ---- properties ---------------------------------------------------------------------------- */

static unsigned
lcg(unsigned *seed)
{
    *seed = *seed * 1664525u + 1013904223u;
    return *seed >> 8;
}

/* A synthetic survey: k ratings 1–5 related to a latent value, y on 0–10, blanks, weights. */
static void
synthetic_row(unsigned *seed, size_t k, double *x, double *y, double *w)
{
    double latent = (double)(lcg(seed) % 1000) / 250.0 - 2.0;
    for (size_t j = 0; j < k; j++) {
        double v = round(3.0 + latent * (0.3 + 0.1 * (double)(j % 5)) +
                         (double)(lcg(seed) % 300) / 100.0 - 1.5);
        x[j] = lcg(seed) % 12 == 0 ? (double)NAN : fmin(5.0, fmax(1.0, v));
    }
    *y = lcg(seed) % 20 == 0 ? (double)NAN
                            : fmin(10.0, fmax(0.0, round(6.5 + 1.4 * latent +
                                                         (double)(lcg(seed) % 300) / 100.0 - 1.5)));
    *w = (double)(lcg(seed) % 8) / 4.0 + 0.25;
}

static void
assert_same_figures(const CxDrivers *a, const CxDrivers *b, int mode, double tol)
{
    CxDriversResult ma = model_of(a, mode, 0.95, CX_OK), mb = model_of(b, mode, 0.95, CX_OK);
    ck_assert_uint_eq(ma.rows, mb.rows);
    ck_assert_uint_eq(ma.rows_complete, mb.rows_complete);
    ck_assert_uint_eq(ma.n, mb.n);
    ck_assert_uint_eq(ma.outcome_missing, mb.outcome_missing);
    cx_assert_close(ma.n_eff, mb.n_eff, tol * ma.n_eff);
    cx_assert_close(ma.r_squared, mb.r_squared, tol);
    cx_assert_close(ma.f, mb.f, tol * ma.f);
    for (size_t j = 0; j < cx_drivers_predictor_count(a); j++) {
        CxDriver pa = driver_of(a, mode, 0.95, j, CX_OK), pb = driver_of(b, mode, 0.95, j, CX_OK);
        ck_assert_uint_eq(pa.n, pb.n);
        ck_assert_uint_eq(pa.missing, pb.missing);
        ck_assert_uint_eq(pa.rank, pb.rank);
        cx_assert_close(pa.mean, pb.mean, tol);
        cx_assert_close(pa.sd, pb.sd, tol);
        cx_assert_close(pa.r, pb.r, tol);
        cx_assert_close(pa.r_ci_lower, pb.r_ci_lower, tol);
        cx_assert_close(pa.rho, pb.rho, tol);
        cx_assert_close(pa.beta, pb.beta, tol);
        cx_assert_close(pa.relative_weight, pb.relative_weight, tol);
    }
}

START_TEST(drivers_merge_equals_one_pass)
{
    enum { K = 6, ROWS = 900 };
    CxDrivers *whole = NULL, *merged = NULL;
    ck_assert_int_eq(cx_drivers_new(K, &whole), CX_OK);
    ck_assert_int_eq(cx_drivers_new(K, &merged), CX_OK);
    double x[K], y, w;
    unsigned seed = 7;
    for (int s = 0; s < 3; s++) {
        CxDrivers *part = NULL;
        ck_assert_int_eq(cx_drivers_new(K, &part), CX_OK);
        for (int i = 0; i < ROWS / 3; i++) {
            synthetic_row(&seed, K, x, &y, &w);
            cx_drivers_add(part, x, y, w);
            cx_drivers_add(whole, x, y, w);
        }
        ck_assert_int_eq(cx_drivers_merge(merged, part), CX_OK);
        cx_drivers_free(part);
    }
    CxDrivers *empty = NULL;
    ck_assert_int_eq(cx_drivers_new(K, &empty), CX_OK);
    ck_assert_int_eq(cx_drivers_merge(merged, empty), CX_OK);
    for (int mode = CX_MISSING_PAIRWISE; mode <= CX_MISSING_LISTWISE; mode++)
        assert_same_figures(whole, merged, mode, 1e-12);
    /* An empty accumulator takes the other's state. */
    ck_assert_int_eq(cx_drivers_merge(empty, whole), CX_OK);
    assert_same_figures(whole, empty, CX_MISSING_LISTWISE, 0.0);
    CxDrivers *other = NULL;
    ck_assert_int_eq(cx_drivers_new(K + 1, &other), CX_OK);
    ck_assert_int_eq(cx_drivers_merge(whole, other), CX_E_MISMATCH);
    ck_assert_int_eq(cx_drivers_merge(whole, whole), CX_E_INVALID_ARGUMENT);
    cx_drivers_free(other);
    cx_drivers_free(empty);
    cx_drivers_free(whole);
    cx_drivers_free(merged);
}
END_TEST

START_TEST(drivers_row_order_does_not_matter)
{
    enum { K = 5, ROWS = 600 };
    double *xs = malloc(ROWS * K * sizeof *xs), ys[ROWS], ws[ROWS];
    unsigned seed = 99;
    for (int i = 0; i < ROWS; i++)
        synthetic_row(&seed, K, &xs[i * K], &ys[i], &ws[i]);
    CxDrivers *fwd = NULL, *shuffled = NULL;
    ck_assert_int_eq(cx_drivers_new(K, &fwd), CX_OK);
    ck_assert_int_eq(cx_drivers_new(K, &shuffled), CX_OK);
    ck_assert_int_eq(cx_drivers_add_rows(fwd, xs, ys, ws, ROWS), CX_OK);
    int order[ROWS];
    for (int i = 0; i < ROWS; i++)
        order[i] = i;
    for (int i = ROWS - 1; i > 0; i--) { /* Fisher–Yates */
        int j = (int)(lcg(&seed) % (unsigned)(i + 1)), tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
    }
    for (int i = 0; i < ROWS; i++)
        cx_drivers_add(shuffled, &xs[order[i] * K], ys[order[i]], ws[order[i]]);
    for (int mode = CX_MISSING_PAIRWISE; mode <= CX_MISSING_LISTWISE; mode++)
        assert_same_figures(fwd, shuffled, mode, 1e-12);
    cx_drivers_free(fwd);
    cx_drivers_free(shuffled);
    free(xs);
}
END_TEST

START_TEST(drivers_whole_weights_equal_repeated_rows)
{
    /* Weights 1–3 give the point estimates of the data with each row repeated w times. */
    enum { K = 4, ROWS = 300 };
    CxDrivers *weighted = NULL, *repeated = NULL;
    ck_assert_int_eq(cx_drivers_new(K, &weighted), CX_OK);
    ck_assert_int_eq(cx_drivers_new(K, &repeated), CX_OK);
    double x[K], y, w;
    unsigned seed = 3;
    for (int i = 0; i < ROWS; i++) {
        synthetic_row(&seed, K, x, &y, &w);
        int times = 1 + (int)(lcg(&seed) % 3);
        cx_drivers_add(weighted, x, y, (double)times);
        for (int t = 0; t < times; t++)
            cx_drivers_add(repeated, x, y, 1.0);
    }
    for (int mode = CX_MISSING_PAIRWISE; mode <= CX_MISSING_LISTWISE; mode++)
        for (size_t j = 0; j < K; j++) {
            CxDriver a = driver_of(weighted, mode, 0.95, j, CX_OK);
            CxDriver b = driver_of(repeated, mode, 0.95, j, CX_OK);
            cx_assert_close(a.mean, b.mean, 1e-13);
            cx_assert_close(a.r, b.r, 1e-13);
            cx_assert_close(a.rho, b.rho, 1e-13);
            cx_assert_close(a.beta, b.beta, 1e-12);
            cx_assert_close(a.relative_weight, b.relative_weight, 1e-12);
            ck_assert(a.n_eff < b.n_eff); /* Kish's n_eff, not Σw */
        }
    cx_drivers_free(weighted);
    cx_drivers_free(repeated);
}
END_TEST

START_TEST(drivers_weights_sum_to_r_squared)
{
    /* Johnson (2000): Σ raw weights = R², for every k up to the maximum. */
    static const size_t ks[] = { 1, 2, 7, 20, 64 };
    for (size_t c = 0; c < sizeof ks / sizeof ks[0]; c++) {
        size_t k = ks[c];
        CxDrivers *d = NULL;
        ck_assert_int_eq(cx_drivers_new(k, &d), CX_OK);
        ck_assert_ptr_nonnull(d);
        double *x = malloc(k * sizeof *x), y, w;
        unsigned seed = 1234 + (unsigned)k;
        for (int i = 0; i < 800; i++) {
            synthetic_row(&seed, k, x, &y, &w);
            /* Continuous, so 64 predictors are not collinear; few blanks, so that listwise keeps
             * rows with 64 predictors. */
            for (size_t j = 0; j < k; j++)
                x[j] = (isnan(x[j]) && lcg(&seed) % 16 ? 3.0 : x[j]) +
                       (double)(lcg(&seed) % 1000) / 500.0;
            y += (double)(lcg(&seed) % 1000) / 1000.0;
            cx_drivers_add(d, x, y, w);
        }
        for (int mode = CX_MISSING_PAIRWISE; mode <= CX_MISSING_LISTWISE; mode++) {
            CxDriversResult m = model_of(d, mode, 0.95, CX_OK);
            double sum = 0.0, pct = 0.0;
            for (size_t j = 0; j < k; j++) {
                CxDriver p = driver_of(d, mode, 0.95, j, CX_OK);
                ck_assert(p.relative_weight >= 0.0);
                ck_assert(p.rank >= 1 && p.rank <= k);
                sum += p.relative_weight;
                pct += p.relative_weight_pct;
                if (k == 1) { /* one predictor: β = r, R² = r² = its weight */
                    cx_assert_close(p.beta, p.r, 1e-14);
                    cx_assert_close(m.r_squared, p.r * p.r, 1e-14);
                }
            }
            cx_assert_close(sum, m.r_squared, 1e-12);
            cx_assert_close(pct, 100.0, 1e-10);
        }
        free(x);
        cx_drivers_free(d);
    }
}
END_TEST

START_TEST(drivers_degenerate_data)
{
    /* No row: empty. */
    CxDrivers *d = NULL;
    ck_assert_int_eq(cx_drivers_new(2, &d), CX_OK);
    CxDriversResult m = model_of(d, CX_MISSING_LISTWISE, 0.95, CX_E_EMPTY);
    ck_assert(isnan(m.r_squared));
    CxDriver p = driver_of(d, CX_MISSING_PAIRWISE, 0.95, 0, CX_E_EMPTY);
    ck_assert(isnan(p.r) && isnan(p.rho) && isnan(p.mean) && p.rank == 0);
    /* A constant predictor: undefined, and named. */
    for (int i = 0; i < 20; i++) {
        double x[2] = { 3.0, (double)(i % 5) };
        cx_drivers_add(d, x, (double)(i % 7), 1.0);
    }
    m = model_of(d, CX_MISSING_LISTWISE, 0.95, CX_E_UNDEFINED);
    ck_assert_int_eq(m.regression_status, CX_E_UNDEFINED);
    ck_assert_int_eq(m.singular_predictor, 0);
    ck_assert(isnan(m.r_squared) && isnan(m.f));
    p = driver_of(d, CX_MISSING_LISTWISE, 0.95, 0, CX_E_UNDEFINED);
    ck_assert(isnan(p.r) && isnan(p.beta) && p.rank == 0);
    ck_assert_int_eq(p.rho_status, CX_E_UNDEFINED);
    p = driver_of(d, CX_MISSING_LISTWISE, 0.95, 1, CX_E_UNDEFINED);
    ck_assert(!isnan(p.r) && !isnan(p.rho) && isnan(p.beta)); /* correlations still there */
    m = model_of(d, CX_MISSING_PAIRWISE, 0.95, CX_E_UNDEFINED);
    ck_assert_int_eq(m.singular_predictor, 0);
    cx_drivers_free(d);
    /* Collinear predictors: x3 = x1 + x2. */
    ck_assert_int_eq(cx_drivers_new(3, &d), CX_OK);
    unsigned seed = 5;
    for (int i = 0; i < 50; i++) {
        double a = (double)(lcg(&seed) % 5 + 1), b = (double)(lcg(&seed) % 5 + 1);
        double x[3] = { a, b, a + b };
        cx_drivers_add(d, x, a + (double)(lcg(&seed) % 3), 1.0);
    }
    m = model_of(d, CX_MISSING_LISTWISE, 0.95, CX_E_UNDEFINED);
    ck_assert_int_eq(m.singular_predictor, 2);
    cx_drivers_free(d);
    /* A constant outcome: undefined, no predictor to blame. */
    ck_assert_int_eq(cx_drivers_new(2, &d), CX_OK);
    for (int i = 0; i < 10; i++) {
        double x[2] = { (double)(i % 3), (double)(i % 4) };
        cx_drivers_add(d, x, 9.0, 1.0);
    }
    m = model_of(d, CX_MISSING_LISTWISE, 0.95, CX_E_UNDEFINED);
    ck_assert_int_eq(m.singular_predictor, -1);
    cx_drivers_free(d);
    /* Too few rows for the regression (n ≤ k + 1) while r is defined. */
    ck_assert_int_eq(cx_drivers_new(2, &d), CX_OK);
    static const double rows[3][3] = { { 1, 2, 3 }, { 2, 2, 5 }, { 3, 1, 4 } };
    for (int i = 0; i < 3; i++)
        cx_drivers_add(d, rows[i], rows[i][2], 1.0);
    m = model_of(d, CX_MISSING_LISTWISE, 0.95, CX_E_UNDEFINED);
    ck_assert_int_eq(m.singular_predictor, -1);
    p = driver_of(d, CX_MISSING_LISTWISE, 0.95, 0, CX_E_UNDEFINED);
    ck_assert(!isnan(p.r) && !isnan(p.r_p_value) && isnan(p.r_ci_lower)); /* CI needs n > 3 */
    cx_drivers_free(d);
    /* Pairwise correlations that no data set could have (x1 = y and x2 = y on some rows,
     * x2 = −x1 on others): listwise has no row, pairwise is not a correlation matrix. */
    ck_assert_int_eq(cx_drivers_new(2, &d), CX_OK);
    for (int i = 0; i < 30; i++) {
        double v = (double)(i % 6), u = (double)((i * 7) % 5);
        double a[2] = { v, (double)NAN }, b[2] = { (double)NAN, v }, c[2] = { v, -v + u / 4 };
        cx_drivers_add(d, a, v, 1.0);
        cx_drivers_add(d, b, v, 1.0);
        cx_drivers_add(d, c, (double)NAN, 1.0);
    }
    m = model_of(d, CX_MISSING_LISTWISE, 0.95, CX_E_EMPTY);
    ck_assert_uint_eq(m.rows_complete, 0);
    m = model_of(d, CX_MISSING_PAIRWISE, 0.95, CX_E_UNDEFINED);
    ck_assert_uint_eq(m.n, 30);
    p = driver_of(d, CX_MISSING_PAIRWISE, 0.95, 0, CX_E_UNDEFINED);
    cx_assert_close(p.r, 1.0, 1e-15);
    cx_assert_close(p.r_p_value, 0.0, 0.0);
    cx_drivers_free(d);
}
END_TEST

START_TEST(drivers_counts_and_bad_input)
{
    CxDrivers *d = NULL;
    ck_assert_int_eq(cx_drivers_new(2, &d), CX_OK);
    const double inf = (double)INFINITY, nan = (double)NAN;
    const double rows[][2] = { { 1, 2 }, { nan, 3 }, { inf, 4 }, { 2, -inf }, { 3, 1 },
                               { 4, 4 }, { 5, 2 }, { 2, 5 } };
    const double ys[] = { 5, 6, nan, 7, inf, 8, 9, 4 };
    const double ws[] = { 1, 1, 1, 1, 1, 0, 2, 1 };
    for (int i = 0; i < 8; i++)
        ck_assert_int_eq(cx_drivers_add(d, rows[i], ys[i], ws[i]), CX_OK);
    cx_drivers_add(d, rows[0], 5, -1.0);
    cx_drivers_add(d, rows[0], 5, nan);
    cx_drivers_add(d, rows[0], 5, inf);
    CxDriversResult m = model_of(d, CX_MISSING_LISTWISE, 0.95, CX_E_UNDEFINED);
    ck_assert_uint_eq(m.rows, 11);
    ck_assert_uint_eq(m.rows_weight_negative, 1);
    ck_assert_uint_eq(m.rows_weight_invalid, 2);
    ck_assert_uint_eq(m.outcome_valid, 6);
    ck_assert_uint_eq(m.outcome_missing, 1);
    ck_assert_uint_eq(m.outcome_rejected, 1);
    ck_assert_uint_eq(m.rows_complete, 4); /* rows 0, 5 (weight 0, counted), 6, 7 */
    ck_assert_uint_eq(m.n, 4);
    cx_assert_close(m.n_eff, 16.0 / 6.0, 1e-15); /* weights 1, 0, 2, 1: (Σw)²/Σw² */
    CxDriver p0 = driver_of(d, CX_MISSING_LISTWISE, 0.95, 0, CX_E_UNDEFINED);
    CxDriver p1 = driver_of(d, CX_MISSING_LISTWISE, 0.95, 1, CX_E_UNDEFINED);
    ck_assert_uint_eq(p0.valid, 6);
    ck_assert_uint_eq(p0.missing, 1);
    ck_assert_uint_eq(p0.rejected, 1);
    ck_assert_uint_eq(p1.valid, 7);
    ck_assert_uint_eq(p1.rejected, 1);
    ck_assert_uint_eq(p0.valid + p0.missing + p0.rejected, m.rows - 3);
    /* Weighted mean of x1 over the complete rows (1, w 1), (4, w 0), (5, w 2), (2, w 1). */
    cx_assert_close(p0.mean, 13.0 / 4.0, 1e-15);
    /* Pairwise: x1 with y on rows 0, 3, 5, 6, 7 (row 3's x2 is rejected, not its x1). */
    CxDriver q0 = driver_of(d, CX_MISSING_PAIRWISE, 0.95, 0, CX_OK);
    ck_assert_uint_eq(q0.n, 5);
    /* Every pair has weights 1, 1, 0, 2, 1 there: n_eff 25/7 > k + 1, so pairwise has a model. */
    m = model_of(d, CX_MISSING_PAIRWISE, 0.95, CX_OK);
    ck_assert_uint_eq(m.n, 5);
    cx_assert_close(m.n_eff, 25.0 / 7.0, 1e-15);
    cx_drivers_free(d);
}
END_TEST

START_TEST(drivers_spearman_table_limit)
{
    /* Continuous data exceed the table: ρ is NaN with CX_E_OVERFLOW, nothing else changes. */
    size_t limit = cx_drivers_max_distinct();
    ck_assert_uint_eq(limit, 4096);
    CxDrivers *d = NULL, *small = NULL;
    ck_assert_int_eq(cx_drivers_new(2, &d), CX_OK);
    ck_assert_int_eq(cx_drivers_new(2, &small), CX_OK);
    unsigned seed = 17;
    for (size_t i = 0; i < limit + 1000; i++) {
        double u = (double)(lcg(&seed) % 100000) / 10000.0;
        double x[2] = { u + (double)(lcg(&seed) % 1000) / 1000.0, (double)(i % 5) };
        cx_drivers_add(d, x, round(u), 1.0);
        if (i < 100)
            cx_drivers_add(small, x, round(u), 1.0);
    }
    CxDriver p = driver_of(d, CX_MISSING_LISTWISE, 0.95, 0, CX_OK);
    ck_assert_int_eq(p.rho_status, CX_E_OVERFLOW);
    ck_assert(isnan(p.rho) && p.r > 0.9 && !isnan(p.relative_weight));
    p = driver_of(d, CX_MISSING_LISTWISE, 0.95, 1, CX_OK); /* a rating: 5 × 11 cells at most */
    ck_assert_int_eq(p.rho_status, CX_OK);
    /* Merging an overflowed table into a small one overflows it. */
    ck_assert_int_eq(driver_of(small, CX_MISSING_LISTWISE, 0.95, 0, CX_OK).rho_status, CX_OK);
    ck_assert_int_eq(cx_drivers_merge(small, d), CX_OK);
    ck_assert_int_eq(driver_of(small, CX_MISSING_LISTWISE, 0.95, 0, CX_OK).rho_status,
                     CX_E_OVERFLOW);
    ck_assert_int_eq(driver_of(small, CX_MISSING_PAIRWISE, 0.95, 0, CX_OK).rho_status,
                     CX_E_OVERFLOW);
    cx_drivers_free(d);
    cx_drivers_free(small);
}
END_TEST

START_TEST(drivers_copy_reset_and_null)
{
    Table t = load_table("touchpoints.csv");
    CxDrivers *d = drivers_of_table(&t, 4, 1);
    CxDrivers *c = NULL;
    ck_assert_int_eq(cx_drivers_copy(d, &c), CX_OK);
    assert_same_figures(d, c, CX_MISSING_PAIRWISE, 0.0);
    ck_assert_int_eq(cx_drivers_reset(c), CX_OK);
    CxDriversResult m = model_of(c, CX_MISSING_LISTWISE, 0.95, CX_E_EMPTY);
    ck_assert_uint_eq(m.rows, 0);
    cx_drivers_free(c);
    /* Bad arguments. */
    {
        CxDrivers *refused = (CxDrivers *)&refused;
        ck_assert_int_eq(cx_drivers_new(0, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    {
        CxDrivers *refused = (CxDrivers *)&refused;
        ck_assert_int_eq(cx_drivers_new(cx_drivers_max_predictors() + 1, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    ck_assert_uint_eq(cx_drivers_max_predictors(), 64);
    {
        CxDrivers *refused = (CxDrivers *)&refused;
        ck_assert_int_eq(cx_drivers_copy(NULL, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    ck_assert_uint_eq(cx_drivers_predictor_count(NULL), 0);
    ck_assert_uint_eq(cx_drivers_predictor_count(d), 4);
    cx_drivers_free(NULL);
    double x[4] = { 1, 2, 3, 4 }, y = 5;
    ck_assert_int_eq(cx_drivers_add(NULL, x, 1, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_add(d, NULL, 1, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_add_rows(NULL, x, &y, NULL, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_add_rows(d, NULL, &y, NULL, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_add_rows(d, x, NULL, NULL, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_add_rows(d, NULL, NULL, NULL, 0), CX_OK);
    ck_assert_int_eq(cx_drivers_reset(NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_merge(NULL, d), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_merge(d, NULL), CX_E_INVALID_ARGUMENT);
    CxDriversResult r = { .size = sizeof r };
    CxDriver p = { .size = sizeof p };
    ck_assert_int_eq(cx_drivers_result(NULL, CX_MISSING_LISTWISE, 0.95, &r),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_result(d, CX_MISSING_LISTWISE, 0.95, NULL),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_result(d, CX_MISSING_RESPONDENT, 0.95, &r),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_result(d, CX_MISSING_LISTWISE, 1.0, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_predictor(NULL, 0, CX_MISSING_LISTWISE, 0.95, &p),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_predictor(d, 4, CX_MISSING_LISTWISE, 0.95, &p),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_predictor(d, 0, CX_MISSING_LISTWISE, 0.95, NULL),
                     CX_E_INVALID_ARGUMENT);
    r.size = sizeof r - 1;
    ck_assert_int_eq(cx_drivers_result(d, CX_MISSING_LISTWISE, 0.95, &r), CX_E_STRUCT_SIZE);
    p.size = 8;
    ck_assert_int_eq(cx_drivers_predictor(d, 0, CX_MISSING_LISTWISE, 0.95, &p),
                     CX_E_STRUCT_SIZE);
    cx_drivers_free(d);
    free(t.cells);
}
END_TEST

/* ---- serialized state ----------------------------------------------------------------------- */

static uint8_t *
state_of(const CxDrivers *d, size_t *len)
{
    uint8_t *bytes = NULL;
    ck_assert_int_eq(cx_drivers_serialize(d, &bytes, len), CX_OK);
    ck_assert_ptr_nonnull(bytes);
    return bytes;
}

static CxDrivers *
read_back(const CxDrivers *d)
{
    size_t len;
    uint8_t *bytes = state_of(d, &len);
    CxDrivers *back = NULL;
    ck_assert_int_eq(cx_drivers_deserialize(bytes, len, &back), CX_OK);
    cx_free(bytes);
    return back;
}

/* The same state, bytes and every figure of both modes, bit for bit. */
static void
assert_identical(const CxDrivers *a, const CxDrivers *b)
{
    size_t la, lb;
    uint8_t *sa = state_of(a, &la), *sb = state_of(b, &lb);
    ck_assert_msg(la == lb && memcmp(sa, sb, la) == 0, "states differ (%zu and %zu bytes)", la,
                  lb);
    cx_free(sa);
    cx_free(sb);
    ck_assert_uint_eq(cx_drivers_predictor_count(a), cx_drivers_predictor_count(b));
    for (int mode = CX_MISSING_PAIRWISE; mode <= CX_MISSING_LISTWISE; mode++) {
        CxDriversResult ma = { .size = sizeof ma }, mb = { .size = sizeof mb };
        ck_assert_int_eq(cx_drivers_result(a, mode, 0.9, &ma), cx_drivers_result(b, mode, 0.9, &mb));
        ck_assert_msg(memcmp(&ma, &mb, sizeof ma) == 0, "model figures differ (mode %d)", mode);
        for (size_t j = 0; j < cx_drivers_predictor_count(a); j++) {
            CxDriver pa = { .size = sizeof pa }, pb = { .size = sizeof pb };
            ck_assert_int_eq(cx_drivers_predictor(a, j, mode, 0.9, &pa),
                             cx_drivers_predictor(b, j, mode, 0.9, &pb));
            ck_assert_msg(memcmp(&pa, &pb, sizeof pa) == 0, "predictor %zu differs (mode %d)", j,
                          mode);
        }
    }
}

START_TEST(drivers_state_round_trip)
{
    /* Weighted rows with blanks, rejects and dropped rows; the R reference sets; a table past
     * its cap (dropped); 64 predictors; no row at all. */
    Table t = load_table("touchpoints.csv");
    CxDrivers *d[5];
    d[0] = drivers_of_table(&t, 4, 1);
    const double bad[4] = { (double)INFINITY, (double)NAN, 2, 3 };
    cx_drivers_add(d[0], bad, 7, 1.0);
    cx_drivers_add(d[0], bad, 7, -1.0);
    cx_drivers_add(d[0], bad, 7, (double)NAN);
    free(t.cells);
    t = load_table("mtcars.csv");
    d[1] = drivers_of_table(&t, 4, 0);
    free(t.cells);
    ck_assert_int_eq(cx_drivers_new(2, &d[2]), CX_OK);
    unsigned seed = 21;
    for (size_t i = 0; i < cx_drivers_max_distinct() + 10; i++) {
        double x[2] = { (double)(lcg(&seed) % 100000) / 7.0, (double)(i % 5) };
        cx_drivers_add(d[2], x, (double)(lcg(&seed) % 11), 0.5 + (double)(i % 3));
    }
    ck_assert_int_eq(cx_drivers_new(64, &d[3]), CX_OK);
    double x[64], y, w;
    for (int i = 0; i < 300; i++) {
        synthetic_row(&seed, 64, x, &y, &w);
        cx_drivers_add(d[3], x, y, w);
    }
    ck_assert_int_eq(cx_drivers_new(3, &d[4]), CX_OK);
    for (int i = 0; i < 5; i++) {
        CxDrivers *back = read_back(d[i]), *copy = NULL;
        assert_identical(d[i], back);
        ck_assert_int_eq(cx_drivers_copy(back, &copy), CX_OK);
        assert_identical(d[i], copy);
        /* Read back, the accumulator goes on as the original does. */
        const size_t k = cx_drivers_predictor_count(d[i]);
        for (int r = 0; r < 20; r++) {
            synthetic_row(&seed, k, x, &y, &w);
            cx_drivers_add(d[i], x, y, w);
            cx_drivers_add(back, x, y, w);
        }
        assert_identical(d[i], back);
        ck_assert_int_eq(cx_drivers_merge(back, copy), CX_OK);
        ck_assert_int_eq(cx_drivers_merge(d[i], copy), CX_OK);
        assert_identical(d[i], back);
        cx_drivers_free(copy);
        cx_drivers_free(back);
    }
    ck_assert_int_eq(driver_of(d[2], CX_MISSING_LISTWISE, 0.95, 0, CX_OK).rho_status,
                     CX_E_OVERFLOW);
    for (int i = 0; i < 5; i++)
        cx_drivers_free(d[i]);
}
END_TEST

START_TEST(drivers_shards_and_their_states_merge_to_one_pass)
{
    /* k = 1, 2, 5 shards, contiguous blocks of rows or rows dealt at random; merged as they
     * are and read back from their states: the same bits either way, and one pass's figures
     * (up to rounding: Chan's merge is not Welford's update). */
    enum { K = 5, ROWS = 700 };
    static const unsigned ks[] = { 1, 2, 5 };
    double *xs = malloc(ROWS * K * sizeof *xs), ys[ROWS], ws[ROWS];
    unsigned seed = 77;
    for (int i = 0; i < ROWS; i++)
        synthetic_row(&seed, K, &xs[i * K], &ys[i], &ws[i]);
    CxDrivers *one = NULL;
    ck_assert_int_eq(cx_drivers_new(K, &one), CX_OK);
    ck_assert_int_eq(cx_drivers_add_rows(one, xs, ys, ws, ROWS), CX_OK);
    for (size_t c = 0; c < 3; c++)
        for (int mode = 0; mode < 2; mode++) {
            const unsigned k = ks[c];
            CxDrivers *shards[5], *merged = NULL, *from_states = NULL;
            for (unsigned s = 0; s < k; s++)
                ck_assert_int_eq(cx_drivers_new(K, &shards[s]), CX_OK);
            for (int i = 0; i < ROWS; i++) {
                unsigned s = mode == 0 ? (unsigned)i * k / ROWS : lcg(&seed) % k;
                cx_drivers_add(shards[s], &xs[i * K], ys[i], ws[i]);
            }
            ck_assert_int_eq(cx_drivers_new(K, &merged), CX_OK);
            ck_assert_int_eq(cx_drivers_new(K, &from_states), CX_OK);
            for (unsigned s = 0; s < k; s++) {
                CxDrivers *back = read_back(shards[s]);
                ck_assert_int_eq(cx_drivers_merge(merged, shards[s]), CX_OK);
                ck_assert_int_eq(cx_drivers_merge(from_states, back), CX_OK);
                cx_drivers_free(back);
            }
            assert_identical(merged, from_states);
            for (int m = CX_MISSING_PAIRWISE; m <= CX_MISSING_LISTWISE; m++)
                assert_same_figures(one, merged, m, 1e-12);
            if (k == 1)
                assert_identical(one, merged);
            cx_drivers_free(merged);
            cx_drivers_free(from_states);
            for (unsigned s = 0; s < k; s++)
                cx_drivers_free(shards[s]);
        }
    cx_drivers_free(one);
    free(xs);
}
END_TEST

static Suite *
drivers_suite(void)
{
    Suite *s = suite_create("drivers");
    TCase *ref = tcase_create("reference");
    tcase_add_test(ref, drivers_loyalty_md);
    tcase_add_test(ref, drivers_rwa_mtcars);
    tcase_add_test(ref, drivers_r_reference);
    suite_add_tcase(s, ref);
    TCase *prop = tcase_create("properties");
    tcase_set_timeout(prop, 60);
    tcase_add_test(prop, drivers_merge_equals_one_pass);
    tcase_add_test(prop, drivers_row_order_does_not_matter);
    tcase_add_test(prop, drivers_whole_weights_equal_repeated_rows);
    tcase_add_test(prop, drivers_weights_sum_to_r_squared);
    tcase_add_test(prop, drivers_state_round_trip);
    tcase_add_test(prop, drivers_shards_and_their_states_merge_to_one_pass);
    suite_add_tcase(s, prop);
    TCase *input = tcase_create("input");
    tcase_add_test(input, drivers_degenerate_data);
    tcase_add_test(input, drivers_counts_and_bad_input);
    tcase_add_test(input, drivers_spearman_table_limit);
    tcase_add_test(input, drivers_copy_reset_and_null);
    suite_add_tcase(s, input);
    return s;
}

int
main(void)
{
    return cx_test_run(drivers_suite());
}
