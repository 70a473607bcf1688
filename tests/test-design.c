/* SPDX-License-Identifier: MIT */
/*
 * Design-based variance (cx-design.h) against R's survey package: tests/data/survey/ holds the
 * data, the R script that computed the figures (survey-reference.R) and its output
 * (expected.csv). Every case is compared to a relative 1e-9, in one pass, after merging shards
 * that split strata and clusters, and after a serialize/deserialize round trip.
 */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-common.h"

#define MAX_ROWS 400
#define MAX_VARS 6

/* ---- the committed data ---------------------------------------------------------------------- */

typedef struct {
    char stratum[16], cluster[16];
    double w;
    double v[MAX_VARS];
} Row;

typedef struct {
    Row rows[MAX_ROWS];
    size_t n;
} Table;

/* Splits a CSV line (no quoting in these files) into at most @max fields, in place. */
static size_t
split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    char *p = line;
    while (n < max) {
        fields[n++] = p;
        char *comma = strchr(p, ',');
        if (!comma)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    return n;
}

static double
cell(const char *s)
{
    return *s ? strtod(s, NULL) : (double)NAN;
}

/* apistrat.csv: stype,dnum,pw,api00,api99,sch_wide,meals → variables api00, api99, sch_wide,
 * meals. */
static void
load_api(Table *t)
{
    FILE *f = fopen(cx_test_data_path("survey/apistrat.csv"), "r");
    ck_assert_ptr_nonnull(f);
    char line[256], *fl[8];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    t->n = 0;
    while (fgets(line, sizeof line, f)) {
        ck_assert_uint_eq(split(line, fl, 8), 7);
        ck_assert_uint_lt(t->n, MAX_ROWS);
        Row *r = &t->rows[t->n++];
        snprintf(r->stratum, sizeof r->stratum, "%s", fl[0]);
        snprintf(r->cluster, sizeof r->cluster, "%s", fl[1]);
        r->w = cell(fl[2]);
        r->v[0] = cell(fl[3]);
        r->v[1] = cell(fl[4]);
        r->v[2] = cell(fl[5]);
        r->v[3] = cell(fl[6]);
    }
    fclose(f);
    ck_assert_uint_eq(t->n, 200);
}

/* synthetic.csv: stratum,cluster,w,nps,rating → variables nps100, promoter, detractor, rating,
 * good (4–5), top (5), the NPS code and indicators derived with the library's own cut-offs. */
static void
load_synthetic(Table *t)
{
    FILE *f = fopen(cx_test_data_path("survey/synthetic.csv"), "r");
    ck_assert_ptr_nonnull(f);
    char line[256], *fl[8];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    t->n = 0;
    while (fgets(line, sizeof line, f)) {
        ck_assert_uint_eq(split(line, fl, 8), 5);
        ck_assert_uint_lt(t->n, MAX_ROWS);
        Row *r = &t->rows[t->n++];
        snprintf(r->stratum, sizeof r->stratum, "%s", fl[0]);
        snprintf(r->cluster, sizeof r->cluster, "%s", fl[1]);
        r->w = cell(fl[2]);
        double score = cell(fl[3]), rating = cell(fl[4]);
        int category = 0;
        if (isnan(score)) {
            r->v[0] = r->v[1] = r->v[2] = (double)NAN;
        } else {
            ck_assert_int_eq(cx_nps_category((int)score, &category), CX_OK);
            r->v[0] = 100.0 * category;
            r->v[1] = category == 1;
            r->v[2] = category == -1;
        }
        r->v[3] = rating;
        r->v[4] = rating >= 4;
        r->v[5] = rating == 5;
    }
    fclose(f);
    ck_assert_uint_eq(t->n, 312);
}

/* ---- the cases of expected.csv --------------------------------------------------------------- */

typedef struct {
    const char *name;
    int synthetic, strata, cluster;
    int domain; /* the rows with a rating of 4 or 5, within the whole design */
} Case;

static const Case cases[] = {
    { "api-weights", 0, 0, 0, 0 },  { "api-strata", 0, 1, 0, 0 },
    { "api-cluster", 0, 0, 1, 0 },  { "api-strata-cluster", 0, 1, 1, 0 },
    { "syn-weights", 1, 0, 0, 0 },  { "syn-strata", 1, 1, 0, 0 },
    { "syn-cluster", 1, 0, 1, 0 },  { "syn-strata-cluster", 1, 1, 1, 0 },
    { "dom-strata", 1, 1, 0, 1 },   { "dom-strata-cluster", 1, 1, 1, 1 },
};

static int
variable_index(int synthetic, const char *name)
{
    static const char *const api[] = { "api00", "api99", "sch_wide", "meals" };
    static const char *const syn[] = { "nps100", "promoter", "detractor", "rating", "good", "top" };
    const char *const *names = synthetic ? syn : api;
    size_t n = synthetic ? 6 : 4;
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (int)i;
    ck_abort_msg("unknown variable %s", name);
    return -1;
}

/* Adds rows [from, to) of @t as case @c sees them. For "syn-cluster" the clusters are the
 * (stratum, cluster) pairs in one stratum, as R's ids = ~cluster_id. */
static void
add_rows_filtered(CxDesign *d, const Table *t, const Case *c, size_t from, size_t to,
                  int whole)
{
    for (size_t i = from; i < to; i++) {
        const Row *r = &t->rows[i];
        if (c->domain && !whole && !(r->v[3] >= 4))
            continue;
        char cluster[40];
        const char *stratum = c->strata ? r->stratum : NULL;
        if (c->cluster && !c->strata && c->synthetic)
            snprintf(cluster, sizeof cluster, "%s/%s", r->stratum, r->cluster);
        else
            snprintf(cluster, sizeof cluster, "%s", r->cluster);
        ck_assert_int_eq(cx_design_add(d, stratum, stratum ? strlen(stratum) : 0,
                                       c->cluster ? cluster : NULL,
                                       c->cluster ? strlen(cluster) : 0, r->w, r->v),
                         CX_OK);
    }
}

/* Adds rows [from, to) of @t that case @c takes (its domain's rows for a domain case). */
static void
add_rows(CxDesign *d, const Table *t, const Case *c, size_t k, size_t from, size_t to)
{
    (void)k;
    add_rows_filtered(d, t, c, from, to, 0);
}

static void
check_close(const char *what, double actual, double expected)
{
    double tol = 1e-9 * fmax(1.0, fabs(expected));
    ck_assert_msg(fabs(actual - expected) <= tol, "%s: expected %.17g, got %.17g", what, expected,
                  actual);
}

/* Builds the design of case @c three ways (one pass; three shards merged in another order;
 * a serialized copy) and compares variable @j with R. */
static void
check_case(const Case *c, const Table *t, int j, double mean, double se, double df)
{
    size_t k = c->synthetic ? 6 : 4;
    CxDesign *one = NULL, *parts[3] = { NULL }, *merged = NULL, *back = NULL;
    ck_assert_int_eq(cx_design_new(k, c->cluster, &one), CX_OK);
    add_rows(one, t, c, k, 0, t->n);
    /* Shards cut at arbitrary rows split strata and clusters between them. */
    size_t cut1 = t->n / 3 + 7, cut2 = 2 * t->n / 3 + 1;
    for (int p = 0; p < 3; p++)
        ck_assert_int_eq(cx_design_new(k, c->cluster, &parts[p]), CX_OK);
    add_rows(parts[0], t, c, k, 0, cut1);
    add_rows(parts[1], t, c, k, cut1, cut2);
    add_rows(parts[2], t, c, k, cut2, t->n);
    ck_assert_int_eq(cx_design_new(k, c->cluster, &merged), CX_OK);
    ck_assert_int_eq(cx_design_merge(merged, parts[2]), CX_OK);
    ck_assert_int_eq(cx_design_merge(merged, parts[0]), CX_OK);
    ck_assert_int_eq(cx_design_merge(merged, parts[1]), CX_OK);
    uint8_t *bytes = NULL;
    size_t len = 0;
    ck_assert_int_eq(cx_design_serialize(one, &bytes, &len), CX_OK);
    ck_assert_int_eq(cx_design_deserialize(bytes, len, &back), CX_OK);
    cx_free(bytes);

    CxDesign *whole = NULL; /* for a domain: every row of the sample */
    if (c->domain) {
        ck_assert_int_eq(cx_design_new(k, c->cluster, &whole), CX_OK);
        add_rows_filtered(whole, t, c, 0, t->n, 1);
    }
    CxDesign *all[] = { one, merged, back };
    static const char *const how[] = { "one pass", "merged", "deserialized" };
    for (int a = 0; a < 3; a++) {
        CxDesignMean m = { .size = sizeof m };
        if (whole)
            ck_assert_int_eq(cx_design_mean_domain(all[a], whole, (size_t)j, &m), CX_OK);
        else
            ck_assert_int_eq(cx_design_mean(all[a], (size_t)j, &m), CX_OK);
        char what[96];
        snprintf(what, sizeof what, "%s var %d %s: mean", c->name, j, how[a]);
        check_close(what, m.mean, mean);
        snprintf(what, sizeof what, "%s var %d %s: se", c->name, j, how[a]);
        check_close(what, m.se, se);
        ck_assert_msg(m.df == df, "%s: df expected %g, got %g", c->name, df, m.df);
    }
    if (whole) { /* the domain's own design alone is another, smaller figure */
        CxDesignMean alone = { .size = sizeof alone };
        ck_assert_int_eq(cx_design_mean(one, (size_t)j, &alone), CX_OK);
        ck_assert_msg(fabs(alone.se - se) > 1e-6 * se, "%s: domain and alone agree", c->name);
    }
    cx_design_free(whole);
    cx_design_free(one);
    cx_design_free(merged);
    cx_design_free(back);
    for (int p = 0; p < 3; p++)
        cx_design_free(parts[p]);
}

START_TEST(test_against_r_survey)
{
    static Table api, syn;
    load_api(&api);
    load_synthetic(&syn);
    FILE *f = fopen(cx_test_data_path("survey/expected.csv"), "r");
    ck_assert_ptr_nonnull(f);
    char line[256], *fl[8];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    int checked = 0;
    while (fgets(line, sizeof line, f)) {
        ck_assert_uint_eq(split(line, fl, 8), 5);
        const Case *c = NULL;
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
            if (strcmp(cases[i].name, fl[0]) == 0)
                c = &cases[i];
        ck_assert_msg(c != NULL, "unknown case %s", fl[0]);
        check_case(c, c->synthetic ? &syn : &api, variable_index(c->synthetic, fl[1]),
                   strtod(fl[2], NULL), strtod(fl[3], NULL), strtod(fl[4], NULL));
        checked++;
    }
    fclose(f);
    ck_assert_int_eq(checked, 37);
}
END_TEST

/* The issue's example: the weighted mean of survey::apistrat's meals has SE 2.2733 by Kish's
 * approximation (a 0-100 rating accumulator) and 2.2970 by the design (R's svymean, weights
 * only). */
START_TEST(test_issue_example_meals)
{
    static Table api;
    load_api(&api);
    CxRating *meals = NULL;
    CxDesign *d = NULL;
    ck_assert_int_eq(cx_rating_new(0, 100, 50, 100, 100, &meals), CX_OK);
    ck_assert_int_eq(cx_design_new(1, 0, &d), CX_OK);
    for (size_t i = 0; i < api.n; i++) {
        ck_assert_int_eq(cx_rating_add(meals, (int)api.rows[i].v[3], api.rows[i].w), CX_OK);
        ck_assert_int_eq(cx_design_add(d, NULL, 0, NULL, 0, api.rows[i].w, &api.rows[i].v[3]),
                         CX_OK);
    }
    CxRatingResult kish = { .size = sizeof kish };
    CxDesignMean design = { .size = sizeof design };
    ck_assert_int_eq(cx_rating_result(meals, 0.95, &kish), CX_OK);
    ck_assert_int_eq(cx_design_mean(d, 0, &design), CX_OK);
    cx_assert_close(kish.se, 2.2733, 5e-5);
    cx_assert_close(design.se, 2.2970, 5e-5);
    check_close("meals mean", design.mean, kish.mean);
    cx_rating_free(meals);
    cx_design_free(d);
}
END_TEST

/* The NPS figures follow the design: cx_design_apply_nps() makes the Wald interval nps ± z·SE
 * with R's SE, and cx_nps_compare() add the two design variances. */
START_TEST(test_apply_nps)
{
    static Table syn;
    load_synthetic(&syn);
    CxNps *nps = NULL;
    CxDesign *d = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    ck_assert_int_eq(cx_design_new(1, 1, &d), CX_OK);
    for (size_t i = 0; i < syn.n; i++) {
        const Row *r = &syn.rows[i];
        if (isnan(r->v[0])) {
            ck_assert_int_eq(cx_nps_add_missing(nps, 1), CX_OK);
        } else {
            int score = r->v[1] > 0 ? 10 : r->v[2] > 0 ? 0 : 8;
            ck_assert_int_eq(cx_nps_add_weighted(nps, score, r->w), CX_OK);
        }
        ck_assert_int_eq(cx_design_add(d, r->stratum, strlen(r->stratum), r->cluster,
                                       strlen(r->cluster), r->w, r->v),
                         CX_OK);
    }
    CxNpsResult res = { .size = sizeof res };
    CxDesignMean m = { .size = sizeof m };
    ck_assert_int_eq(cx_nps_result(nps, &res), CX_OK);
    ck_assert_int_eq(cx_design_mean(d, 0, &m), CX_OK);
    double kish_se = res.se;
    ck_assert_int_eq(cx_design_apply_nps(&m, &res), CX_OK);
    /* R: svymean(~nps100, svydesign(ids = ~cluster, strata = ~stratum, ..., nest = TRUE)). */
    check_close("design se", res.se, 5.1618112204910274);
    ck_assert_msg(fabs(res.se - kish_se) > 0.01, "the SE did not change (%g)", kish_se);
    double lo, hi;
    ck_assert_int_eq(cx_nps_interval(&res, 0.95, CX_NPS_CI_WALD, &lo, &hi), CX_OK);
    double z = 1.959963984540054;
    check_close("wald lower", lo, res.nps - z * 5.1618112204910274);
    check_close("wald upper", hi, res.nps + z * 5.1618112204910274);
    CxNpsComparison cmp = { .size = sizeof cmp };
    ck_assert_int_eq(cx_nps_compare(&res, &res, 0.95, &cmp), CX_OK);
    check_close("compare se", cmp.se, sqrt(2.0) * 5.1618112204910274);
    /* A mean of another variable is refused. */
    CxDesignMean other = m;
    other.mean += 1.0;
    ck_assert_int_eq(cx_design_apply_nps(&other, &res), CX_E_MISMATCH);
    cx_nps_free(nps);
    cx_design_free(d);
}
END_TEST

/* The rating's mean interval uses t with the design df; shares get Wilson with n* = pq/se². */
START_TEST(test_apply_rating)
{
    static Table syn;
    load_synthetic(&syn);
    CxRating *rating = NULL;
    CxDesign *d = NULL;
    ck_assert_int_eq(cx_rating_new_preset(CX_RATING_CSAT, &rating), CX_OK);
    ck_assert_int_eq(cx_design_new(6, 0, &d), CX_OK);
    for (size_t i = 0; i < syn.n; i++) {
        const Row *r = &syn.rows[i];
        ck_assert_int_eq(cx_rating_add(rating, (int)r->v[3], r->w), CX_OK);
        ck_assert_int_eq(cx_design_add(d, r->stratum, strlen(r->stratum), NULL, 0, r->w, r->v),
                         CX_OK);
    }
    CxRatingResult res = { .size = sizeof res };
    ck_assert_int_eq(cx_rating_result(rating, 0.95, &res), CX_OK);
    CxDesignMean mean = { .size = sizeof mean }, good = mean, top = mean;
    ck_assert_int_eq(cx_design_mean(d, 3, &mean), CX_OK);
    ck_assert_int_eq(cx_design_mean(d, 4, &good), CX_OK);
    ck_assert_int_eq(cx_design_mean(d, 5, &top), CX_OK);
    ck_assert_int_eq(cx_design_apply_rating(&mean, &good, &top, &res), CX_OK);
    /* R: svymean(~rating, svydesign(ids = ~1, strata = ~stratum, weights = ~w)), degf 299, and
     * qt(0.975, 299) = 1.967929669065669. */
    check_close("rating se", res.se, 0.078335904365323006);
    check_close("mean lower", res.mean_ci_lower, res.mean - 1.967929669065669 * res.se);
    double p = good.mean, n_star = p * (1 - p) / (good.se * good.se), lo, hi;
    ck_assert_int_eq(cx_wilson_interval(p * n_star, n_star, 0.95, &lo, &hi), CX_OK);
    check_close("good lower", res.good_ci_lower, lo);
    check_close("good upper", res.good_ci_upper, hi);
    cx_rating_free(rating);
    cx_design_free(d);
}
END_TEST

/* The loyalty index: each complete respondent's index as a design variable; listwise, the design
 * mean is the index and the interval is index ± t(df)·SE. Pairwise with gaps: a mismatch. */
START_TEST(test_apply_loyalty_index)
{
    static Table syn;
    load_synthetic(&syn);
    CxLoyaltyIndex *listwise = NULL, *pairwise = NULL;
    CxDesign *d = NULL;
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_LISTWISE, &listwise), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_PAIRWISE, &pairwise), CX_OK);
    ck_assert_int_eq(cx_design_new(2, 1, &d), CX_OK);
    for (size_t i = 0; i < syn.n; i++) {
        const Row *r = &syn.rows[i];
        /* recommend: the NPS answer (blank stays blank); repurchase and cross-buy from it and
         * the rating, 0–10. */
        double score = isnan(r->v[0]) ? (double)NAN : (r->v[1] > 0 ? 10 : r->v[2] > 0 ? 4 : 8);
        double answers[3] = { score, fmin(10.0, 2.0 * r->v[3]), fmod(3.0 * r->v[3] + i, 11.0) };
        ck_assert_int_eq(cx_loyalty_index_add(listwise, answers, r->w), CX_OK);
        ck_assert_int_eq(cx_loyalty_index_add(pairwise, answers, r->w), CX_OK);
        double v[2] = { (double)NAN, (double)NAN };
        if (!isnan(score)) {
            int sum_codes = 0;
            for (int j = 0; j < 3; j++) {
                int c;
                ck_assert_int_eq(cx_nps_category((int)answers[j], &c), CX_OK);
                sum_codes += c;
            }
            v[0] = 10.0 * (answers[0] + answers[1] + answers[2]) / 3.0;
            v[1] = 100.0 * sum_codes / 3.0;
        }
        ck_assert_int_eq(cx_design_add(d, r->stratum, strlen(r->stratum), r->cluster,
                                       strlen(r->cluster), r->w, v),
                         CX_OK);
    }
    CxLoyaltyIndexResult res = { .size = sizeof res }, pw = res;
    ck_assert_int_eq(cx_loyalty_index_result(listwise, 0.95, &res), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_result(pairwise, 0.95, &pw), CX_OK);
    CxDesignMean mi = { .size = sizeof mi }, ni = mi;
    ck_assert_int_eq(cx_design_mean(d, 0, &mi), CX_OK);
    ck_assert_int_eq(cx_design_mean(d, 1, &ni), CX_OK);
    double kish = res.mean_index_se;
    ck_assert_int_eq(cx_design_apply_loyalty_index(&mi, &ni, &res), CX_OK);
    check_close("mean index se", res.mean_index_se, mi.se);
    check_close("net index se", res.net_index_se, ni.se);
    ck_assert_msg(fabs(kish - mi.se) > 1e-6 * kish, "the SE did not change");
    double q = 2.0180817028184443; /* R: qt(0.975, 42), the design's df */
    ck_assert_msg(mi.df == 42.0, "df %g", mi.df);
    check_close("mean index lower", res.mean_index_ci_lower, res.mean_index - q * mi.se);
    check_close("net index upper", res.net_index_ci_upper, fmin(100.0, res.net_index + q * ni.se));
    ck_assert_int_eq(cx_design_apply_loyalty_index(&mi, &ni, &pw), CX_E_MISMATCH);
    cx_loyalty_index_free(listwise);
    cx_loyalty_index_free(pairwise);
    cx_design_free(d);
}
END_TEST

/* R's default for a stratum with a single PSU is an error; the library's is CX_E_UNDEFINED. */
START_TEST(test_lonely_psu)
{
    CxDesign *d = NULL;
    ck_assert_int_eq(cx_design_new(1, 0, &d), CX_OK);
    double y = 3.0;
    ck_assert_int_eq(cx_design_add(d, "a", 1, NULL, 0, 1.0, &y), CX_OK);
    ck_assert_int_eq(cx_design_add(d, "a", 1, NULL, 0, 2.0, &y), CX_OK);
    ck_assert_int_eq(cx_design_add(d, "b", 1, NULL, 0, 1.0, &y), CX_OK);
    CxDesignMean m = { .size = sizeof m };
    ck_assert_int_eq(cx_design_mean(d, 0, &m), CX_E_UNDEFINED);
    ck_assert_double_eq(m.mean, 3.0);
    ck_assert(isnan(m.se));
    cx_design_free(d);
}
END_TEST

/* A domain may hold a single PSU of a stratum: n_h is the whole sample's, so the SE exists (R:
 * SE(svymean(~y, subset(svydesign(ids = ~1, strata = ~s, weights = ~w, data = d), y != 3)))
 * with s = A, A, B, B, y = 1, 3, 5, 7, w = 1 gives 1.2957670877434004; by hand
 * 2·((−5/9)² + (5/9)²) + 2·((−3/9)² + (3/9)²) = 136/81, SE = √136/9). Clustered the same. */
START_TEST(test_domain_with_one_psu_of_a_stratum)
{
    for (int clustered = 0; clustered <= 1; clustered++) {
        CxDesign *whole = NULL, *dom = NULL;
        ck_assert_int_eq(cx_design_new(1, clustered, &whole), CX_OK);
        ck_assert_int_eq(cx_design_new(1, clustered, &dom), CX_OK);
        static const char *const strata[] = { "A", "A", "B", "B" }, *const psu[] = { "1", "2",
                                                                                     "1", "2" };
        static const double y[] = { 1.0, 3.0, 5.0, 7.0 };
        for (int i = 0; i < 4; i++) {
            const char *c = clustered ? psu[i] : NULL;
            size_t cl = clustered ? 1 : 0;
            ck_assert_int_eq(cx_design_add(whole, strata[i], 1, c, cl, 1.0, &y[i]), CX_OK);
            if (i != 1)
                ck_assert_int_eq(cx_design_add(dom, strata[i], 1, c, cl, 1.0, &y[i]), CX_OK);
        }
        CxDesignMean m = { .size = sizeof m };
        ck_assert_int_eq(cx_design_mean_domain(dom, whole, 0, &m), CX_OK);
        ck_assert_msg(fabs(m.mean - 13.0 / 3.0) < 1e-12, "mean: expected 13/3, got %.17g",
                      m.mean);
        ck_assert_msg(fabs(m.se - 1.2957670877434004) < 1e-12,
                      "clustered %d: SE expected 1.2957670877434004 (R), got %.17g", clustered,
                      m.se);
        /* On its own the domain has a lonely PSU: no SE. */
        ck_assert_int_eq(cx_design_mean(dom, 0, &m), CX_E_UNDEFINED);
        cx_design_free(dom);
        cx_design_free(whole);
    }
}
END_TEST

/* Bad input: rejected weights and infinite values are counted; misuse is refused. */
START_TEST(test_bad_input)
{
    CxDesign *d = NULL;
    ck_assert_int_eq(cx_design_new(0, 0, &d), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_new(65, 0, &d), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_new(2, 2, &d), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_new(2, 0, &d), CX_OK);
    double v[2] = { 1.0, INFINITY };
    ck_assert_int_eq(cx_design_add(d, NULL, 0, "c", 1, 1.0, v), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_add(d, NULL, 3, NULL, 0, 1.0, v), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_add(d, NULL, 0, NULL, 0, 1.0, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_add(d, NULL, 0, NULL, 0, -1.0, v), CX_OK);
    ck_assert_int_eq(cx_design_add(d, NULL, 0, NULL, 0, NAN, v), CX_OK);
    ck_assert_int_eq(cx_design_add(d, NULL, 0, NULL, 0, 1.0, v), CX_OK);
    ck_assert_int_eq(cx_design_add(d, NULL, 0, NULL, 0, 3.0, v), CX_OK);
    uint64_t rejected = 0;
    ck_assert_int_eq(cx_design_rejected_weights(d, &rejected), CX_OK);
    ck_assert_uint_eq(rejected, 2);
    CxDesignMean m = { .size = sizeof m };
    ck_assert_int_eq(cx_design_mean(d, 1, &m), CX_E_EMPTY);
    ck_assert_uint_eq(m.rejected, 2);
    ck_assert_uint_eq(m.rows, 2);
    ck_assert_int_eq(cx_design_mean(d, 2, &m), CX_E_INVALID_ARGUMENT);
    m.size = 8;
    ck_assert_int_eq(cx_design_mean(d, 0, &m), CX_E_STRUCT_SIZE);
    CxDesign *c = NULL;
    ck_assert_int_eq(cx_design_new(2, 1, &c), CX_OK);
    ck_assert_int_eq(cx_design_merge(d, c), CX_E_MISMATCH);
    ck_assert_int_eq(cx_design_merge(d, d), CX_E_INVALID_ARGUMENT);
    /* A corrupted state is refused, never trusted. */
    uint8_t *bytes = NULL;
    size_t len = 0;
    ck_assert_int_eq(cx_design_serialize(d, &bytes, &len), CX_OK);
    CxDesign *back = NULL;
    for (size_t cut = 0; cut < len; cut++)
        ck_assert_int_ne(cx_design_deserialize(bytes, cut, &back), CX_OK);
    ck_assert_ptr_null(back);
    cx_free(bytes);
    ck_assert_int_eq(cx_variance_method_from_name("DESIGN"), CX_VARIANCE_DESIGN);
    ck_assert_int_eq(cx_variance_method_from_name("kish"), CX_VARIANCE_KISH);
    ck_assert_int_eq(cx_variance_method_from_name("taylor"), CX_E_INVALID_ARGUMENT);
    ck_assert_str_eq(cx_variance_method_name(CX_VARIANCE_DESIGN), "design");
    ck_assert_ptr_null(cx_variance_method_name(2));
    cx_design_free(c);
    cx_design_free(d);
}
END_TEST

/* A shift of 1e9 in every value leaves the SE as it was (no sum of raw squares). */
START_TEST(test_shift_invariance)
{
    CxDesign *a = NULL, *b = NULL;
    ck_assert_int_eq(cx_design_new(1, 0, &a), CX_OK);
    ck_assert_int_eq(cx_design_new(1, 0, &b), CX_OK);
    for (int i = 0; i < 1000; i++) {
        double y = (i * 37 % 11) * 0.5, w = 1.0 + (i % 7) * 0.25, z = y + 1e9;
        char s[2] = { (char)('a' + i % 3), 0 };
        ck_assert_int_eq(cx_design_add(a, s, 1, NULL, 0, w, &y), CX_OK);
        ck_assert_int_eq(cx_design_add(b, s, 1, NULL, 0, w, &z), CX_OK);
    }
    CxDesignMean ma = { .size = sizeof ma }, mb = ma;
    ck_assert_int_eq(cx_design_mean(a, 0, &ma), CX_OK);
    ck_assert_int_eq(cx_design_mean(b, 0, &mb), CX_OK);
    ck_assert_msg(fabs(ma.se - mb.se) <= 1e-6 * ma.se, "se %.17g vs %.17g after the shift", ma.se,
                  mb.se);
    cx_design_free(a);
    cx_design_free(b);
}
END_TEST

static Suite *
design_suite(void)
{
    Suite *s = suite_create("design");
    TCase *tc = tcase_create("r-survey");
    tcase_add_test(tc, test_against_r_survey);
    tcase_add_test(tc, test_issue_example_meals);
    tcase_add_test(tc, test_apply_nps);
    tcase_add_test(tc, test_apply_rating);
    tcase_add_test(tc, test_apply_loyalty_index);
    tcase_add_test(tc, test_lonely_psu);
    tcase_add_test(tc, test_domain_with_one_psu_of_a_stratum);
    suite_add_tcase(s, tc);
    tc = tcase_create("robustness");
    tcase_add_test(tc, test_bad_input);
    tcase_add_test(tc, test_shift_invariance);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return cx_test_run(design_suite());
}
