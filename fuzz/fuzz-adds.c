/* SPDX-License-Identifier: MIT */
/*
 * Bulk adds with arbitrary answers and weights (NaN, ±inf, negative, fractional, huge, tiny),
 * for the NPS, rating, loyalty-index, alpha, SERVQUAL and drivers accumulators, and contact and
 * activity logs keyed by arbitrary bytes. The first byte picks the accumulator
 * and the split point; the rest are answers and weights. Invariants:
 * - every answer is counted once: valid + missing + rejected = answers added;
 * - adding in two shards and merging gives the one-pass counts exactly and the sums within
 *   rounding; the result of the merge has the one pass's status;
 * - a result is finite and in range, or a documented status (CX_E_EMPTY, CX_E_UNDEFINED,
 *   CX_E_OVERFLOW) with NaN figures;
 * - the uint8 fast path counts as one-by-one adds do.
 */
#include "fuzz-common.h"

enum { MAX_ANSWERS = 4096 };

/* ---- NPS ------------------------------------------------------------------------------------- */

static void
check_nps_result(const CxNps *nps, int *status, CxNpsResult *r)
{
    r->size = sizeof *r;
    *status = cx_nps_result(nps, r);
    FUZZ_CHECK(*status == CX_OK || *status == CX_E_EMPTY || *status == CX_E_OVERFLOW,
               "status %d", *status);
    if (*status != CX_OK) {
        FUZZ_CHECK(isnan(r->nps) && isnan(r->se), "figures without a score: %g %g", r->nps, r->se);
        return;
    }
    FUZZ_CHECK(isfinite(r->nps) && r->nps >= -100.0 - 1e-9 && r->nps <= 100.0 + 1e-9,
               "nps %.17g", r->nps);
    FUZZ_CHECK(isfinite(r->se) && r->se >= 0.0, "se %g", r->se);
    FUZZ_CHECK(isfinite(r->n_eff) && r->n_eff > 0.0 && r->n_eff <= (double)r->n * (1 + 1e-9),
               "n_eff %g of n %llu", r->n_eff, (unsigned long long)r->n);
    for (int m = 0; m < 3; m++) {
        double lo = NAN, hi = NAN;
        FUZZ_CHECK(cx_nps_interval(r, 0.95, m, &lo, &hi) == CX_OK, "interval %d", m);
        FUZZ_CHECK(isfinite(lo) && isfinite(hi) && lo <= hi, "interval %d: %g to %g", m, lo, hi);
        /* Wald is nps ± z·SE, documented as unclipped; the other two stay within the scale and
         * Wald and Tango contain the score. */
        if (m != CX_NPS_CI_WALD)
            FUZZ_CHECK(lo >= -100.0 && hi <= 100.0, "interval %d: %g to %g", m, lo, hi);
        if (m != CX_NPS_CI_ADJUSTED_WALD)
            FUZZ_CHECK(lo <= r->nps + 1e-9 && r->nps <= hi + 1e-9, "interval %d: %g to %g of %g",
                       m, lo, hi, r->nps);
    }
}

static void
fuzz_nps(FuzzBytes *in, size_t split)
{
    size_t n = (in->size - in->pos) / 2;
    if (n > MAX_ANSWERS)
        n = MAX_ANSWERS;
    uint8_t scores[MAX_ANSWERS];
    double weights[MAX_ANSWERS], as_double[MAX_ANSWERS];
    int as_int[MAX_ANSWERS];
    for (size_t i = 0; i < n; i++) {
        scores[i] = fuzz_u8(in) % 16; /* 0–10 valid, 11–15 out of range */
        weights[i] = fuzz_small_double(in);
        as_int[i] = scores[i] == 15 ? -1 : scores[i];
        as_double[i] = scores[i] == 14 ? (double)NAN : scores[i] == 13 ? 6.5 : (double)as_int[i];
    }
    if (split > n)
        split = n;

    /* One pass, through four paths: 4n answers. */
    CxNps *one = NULL, *a = NULL, *b = NULL;
    FUZZ_OK(cx_nps_new(&one));
    FUZZ_OK(cx_nps_new(&a));
    FUZZ_OK(cx_nps_new(&b));
    FUZZ_CHECK(one && a && b, "new");
    cx_nps_add_u8(one, scores, weights, n);
    cx_nps_add_u8(one, scores, NULL, n);
    cx_nps_add_int(one, as_int, weights, n);
    cx_nps_add_double(one, as_double, weights, n);
    /* The same in two shards. */
    cx_nps_add_u8(a, scores, weights, split);
    cx_nps_add_u8(b, scores + split, weights + split, n - split);
    cx_nps_add_u8(a, scores, NULL, split);
    cx_nps_add_u8(b, scores + split, NULL, n - split);
    cx_nps_add_int(a, as_int, weights, split);
    cx_nps_add_int(b, as_int + split, weights + split, n - split);
    cx_nps_add_double(a, as_double, weights, split);
    cx_nps_add_double(b, as_double + split, weights + split, n - split);
    FUZZ_CHECK(cx_nps_merge(a, b) == CX_OK, "merge");

    CxNpsResult r1, r2;
    int s1, s2;
    check_nps_result(one, &s1, &r1);
    check_nps_result(a, &s2, &r2);
    FUZZ_CHECK(r1.n + r1.missing + r1.rejected == 4 * n, "%llu answers counted of %zu",
               (unsigned long long)(r1.n + r1.missing + r1.rejected), 4 * n);
    /* Counts: the first fields up to weight_total are integers and must be identical. */
    FUZZ_CHECK(memcmp(&r1, &r2, offsetof(CxNpsResult, weight_total)) == 0,
               "merged counts differ from one pass");
    FUZZ_CHECK(s1 == s2 || (s1 != CX_OK && s2 != CX_OK), "status %d vs %d", s1, s2);
    if (s1 == CX_OK && s2 == CX_OK) {
        FUZZ_CHECK(fuzz_close(r1.weight_total, r2.weight_total), "Σw %.17g vs %.17g",
                   r1.weight_total, r2.weight_total);
        FUZZ_CHECK(fabs(r1.nps - r2.nps) <= 1e-6, "nps %.17g vs %.17g", r1.nps, r2.nps);
    }

    /* The unweighted uint8 fast path (n ≥ 64) counts as one-by-one adds. */
    CxNps *fast = NULL, *slow = NULL;
    FUZZ_OK(cx_nps_new(&fast));
    FUZZ_OK(cx_nps_new(&slow));
    cx_nps_add_u8(fast, scores, NULL, n);
    for (size_t i = 0; i < n; i++)
        cx_nps_add(slow, scores[i]);
    CxNpsResult rf = { .size = sizeof rf }, rs = { .size = sizeof rs };
    int sf = cx_nps_result(fast, &rf), ss = cx_nps_result(slow, &rs);
    FUZZ_CHECK(sf == ss && memcmp(&rf, &rs, offsetof(CxNpsResult, weight_total)) == 0,
               "fast path differs");
    FUZZ_CHECK(sf != CX_OK || (rf.nps == rs.nps && rf.se == rs.se), "fast path: %.17g vs %.17g",
               rf.nps, rs.nps);
    cx_nps_free(fast);
    cx_nps_free(slow);
    cx_nps_free(one);
    cx_nps_free(a);
    cx_nps_free(b);
}

/* ---- rating ---------------------------------------------------------------------------------- */

static void
fuzz_rating(FuzzBytes *in, size_t split, int preset)
{
    size_t n = (in->size - in->pos) / 2;
    if (n > MAX_ANSWERS)
        n = MAX_ANSWERS;
    double values[MAX_ANSWERS], weights[MAX_ANSWERS];
    for (size_t i = 0; i < n; i++) {
        values[i] = fuzz_small_double(in);
        weights[i] = fuzz_small_double(in);
    }
    if (split > n)
        split = n;
    CxRating *one = NULL, *a = NULL, *b = NULL;
    cx_rating_new_preset(preset, &one);
    cx_rating_new_preset(preset, &a);
    cx_rating_new_preset(preset, &b);
    FUZZ_CHECK(one && a && b, "preset");
    cx_rating_add_double(one, values, weights, n);
    cx_rating_add_double(a, values, weights, split);
    cx_rating_add_double(b, values + split, weights + split, n - split);
    FUZZ_CHECK(cx_rating_merge(a, b) == CX_OK, "merge");
    CxRatingResult r1 = { .size = sizeof r1 }, r2 = { .size = sizeof r2 };
    int s1 = cx_rating_result(one, 0.95, &r1), s2 = cx_rating_result(a, 0.95, &r2);
    FUZZ_CHECK(s1 == CX_OK || s1 == CX_E_EMPTY || s1 == CX_E_OVERFLOW, "status %d", s1);
    FUZZ_CHECK(r1.n + r1.missing + r1.rejected == n, "counted %llu of %zu",
               (unsigned long long)(r1.n + r1.missing + r1.rejected), n);
    FUZZ_CHECK(memcmp(&r1, &r2, offsetof(CxRatingResult, weight_total)) == 0, "merged counts");
    FUZZ_CHECK(s1 == s2 || (s1 != CX_OK && s2 != CX_OK), "status %d vs %d", s1, s2);
    if (s1 == CX_OK) {
        FUZZ_CHECK(isfinite(r1.mean) && r1.mean >= r1.scale_min - 1e-9 &&
                       r1.mean <= r1.scale_max + 1e-9,
                   "mean %.17g", r1.mean);
        FUZZ_CHECK(r1.good >= 0.0 && r1.good <= 1.0 + 1e-12, "good %g", r1.good);
        FUZZ_CHECK(isnan(r1.good_ci_lower) ||
                       (r1.good_ci_lower >= 0.0 && r1.good_ci_upper <= 1.0 &&
                        r1.good_ci_lower <= r1.good_ci_upper),
                   "good interval %g %g", r1.good_ci_lower, r1.good_ci_upper);
        FUZZ_CHECK(isnan(r1.sd) || (isfinite(r1.sd) && r1.sd >= 0.0), "sd %g", r1.sd);
    } else {
        FUZZ_CHECK(isnan(r1.mean), "a mean without a result: %g", r1.mean);
    }
    cx_rating_free(one);
    cx_rating_free(a);
    cx_rating_free(b);
}

/* ---- loyalty index ----------------------------------------------------------------------------- */

static void
fuzz_loyalty(FuzzBytes *in, size_t split, int mode)
{
    size_t n = (in->size - in->pos) / 4;
    if (n > MAX_ANSWERS / 4)
        n = MAX_ANSWERS / 4;
    if (split > n)
        split = n;
    CxLoyaltyIndex *one = NULL, *a = NULL, *b = NULL;
    FUZZ_OK(cx_loyalty_index_new(mode, &one));
    FUZZ_OK(cx_loyalty_index_new(mode, &a));
    FUZZ_OK(cx_loyalty_index_new(mode, &b));
    FUZZ_CHECK(one && a && b, "new");
    for (size_t i = 0; i < n; i++) {
        double answers[3] = { fuzz_small_double(in), fuzz_small_double(in),
                              fuzz_small_double(in) };
        double w = fuzz_small_double(in);
        cx_loyalty_index_add(one, answers, w);
        cx_loyalty_index_add(i < split ? a : b, answers, w);
    }
    FUZZ_CHECK(cx_loyalty_index_merge(a, b) == CX_OK, "merge");
    CxLoyaltyIndexResult r1 = { .size = sizeof r1 }, r2 = { .size = sizeof r2 };
    int s1 = cx_loyalty_index_result(one, 0.95, &r1), s2 = cx_loyalty_index_result(a, 0.95, &r2);
    FUZZ_CHECK(s1 == CX_OK || s1 == CX_E_EMPTY || s1 == CX_E_OVERFLOW, "status %d", s1);
    FUZZ_CHECK(r1.respondents == n, "respondents %llu of %zu",
               (unsigned long long)r1.respondents, n);
    for (int j = 0; j < 3; j++)
        FUZZ_CHECK(r1.n[j] + r1.missing[j] + r1.rejected[j] <= n, "item %d over-counted", j);
    FUZZ_CHECK(memcmp(&r1, &r2, offsetof(CxLoyaltyIndexResult, item_mean)) == 0,
               "merged counts");
    FUZZ_CHECK(s1 == s2 || (s1 != CX_OK && s2 != CX_OK), "status %d vs %d", s1, s2);
    if (s1 == CX_OK) {
        FUZZ_CHECK(isfinite(r1.mean_index) && r1.mean_index >= -1e-9 &&
                       r1.mean_index <= 100.0 + 1e-9,
                   "mean index %.17g", r1.mean_index);
        FUZZ_CHECK(isfinite(r1.net_index) && fabs(r1.net_index) <= 100.0 + 1e-9,
                   "net index %.17g", r1.net_index);
    }
    cx_loyalty_index_free(one);
    cx_loyalty_index_free(a);
    cx_loyalty_index_free(b);
}

/* ---- alpha ------------------------------------------------------------------------------------- */

static void
fuzz_alpha(FuzzBytes *in, size_t split, size_t k, int mode, int tidy)
{
    size_t rows = (in->size - in->pos) / k;
    if (rows * k > MAX_ANSWERS)
        rows = MAX_ANSWERS / k;
    if (split > rows)
        split = rows;
    double cells[MAX_ANSWERS];
    for (size_t i = 0; i < rows * k; i++) {
        uint8_t c = fuzz_u8(in);
        /* Tidy inputs (whole numbers only) take the integer blocks of cx_alpha_add_rows(). */
        cells[i] = c < 200 || tidy ? (double)(c % 8)
                   : c < 230       ? (double)NAN
                   : c < 240       ? INFINITY
                                   : (double)c * 0.25;
    }
    CxAlpha *one = NULL, *a = NULL, *b = NULL;
    FUZZ_OK(cx_alpha_new(k, mode, &one));
    FUZZ_OK(cx_alpha_new(k, mode, &a));
    FUZZ_OK(cx_alpha_new(k, mode, &b));
    FUZZ_CHECK(one && a && b, "new");
    cx_alpha_add_rows(one, cells, rows);
    cx_alpha_add_rows(a, cells, split);
    cx_alpha_add_rows(b, cells + split * k, rows - split);
    FUZZ_CHECK(cx_alpha_merge(a, b) == CX_OK, "merge");
    CxAlphaResult r1 = { .size = sizeof r1 }, r2 = { .size = sizeof r2 };
    int s1 = cx_alpha_result(one, 0.95, &r1), s2 = cx_alpha_result(a, 0.95, &r2);
    /* The bulk adds against one row at a time. */
    CxAlpha *single = NULL;
    FUZZ_OK(cx_alpha_new(k, mode, &single));
    FUZZ_CHECK(single != NULL, "new");
    for (size_t r = 0; r < rows; r++)
        cx_alpha_add(single, cells + r * k);
    CxAlphaResult r3 = { .size = sizeof r3 };
    int s3 = cx_alpha_result(single, 0.95, &r3);
    FUZZ_CHECK(s3 == s1 && memcmp(&r1, &r3, offsetof(CxAlphaResult, alpha)) == 0,
               "bulk: status %d, one at a time %d (variances %.17g, %.17g)", s1, s3,
               r1.total_variance, r3.total_variance);
    if (s1 == CX_OK && r1.total_variance > 1e-6)
        FUZZ_CHECK(fabs(r1.alpha - r3.alpha) <= 1e-6 * fmax(1.0, fabs(r1.alpha)),
                   "bulk alpha %.17g, one at a time %.17g", r1.alpha, r3.alpha);
    cx_alpha_free(single);
    FUZZ_CHECK(s1 == CX_OK || s1 == CX_E_UNDEFINED, "status %d", s1);
    FUZZ_CHECK(r1.rows == rows && r2.rows == rows, "rows");
    FUZZ_CHECK(memcmp(&r1, &r2, offsetof(CxAlphaResult, alpha)) == 0, "merged counts");
    if (s1 == CX_OK) {
        /* α ≤ 1 holds for a positive semi-definite covariance matrix (listwise); pairwise
         * deletion's matrix need not be one. */
        FUZZ_CHECK(isfinite(r1.alpha) && (mode == CX_MISSING_PAIRWISE || r1.alpha <= 1.0 + 1e-9),
                   "alpha %.17g", r1.alpha);
        if (s2 == CX_OK && r1.total_variance > 1e-6)
            FUZZ_CHECK(fabs(r1.alpha - r2.alpha) <= 1e-6 * fmax(1.0, fabs(r1.alpha)),
                       "alpha %.17g vs merged %.17g", r1.alpha, r2.alpha);
    } else {
        FUZZ_CHECK(isnan(r1.alpha), "alpha %g without a result", r1.alpha);
    }
    cx_alpha_free(one);
    cx_alpha_free(a);
    cx_alpha_free(b);
}

/* ---- SERVQUAL ------------------------------------------------------------------------------------ */

/* x and y were given the same respondents (`how`: merged shards, or bulk adds): the same status
 * and counts, the same figures up to rounding, dimension by dimension, reliability included.
 * Leaves x's result in *out. */
static void
servqual_same(CxServqual *x, CxServqual *y, size_t dims, const char *how, CxServqualResult *out)
{
    CxServqualResult r1 = { .size = sizeof r1 }, r2 = { .size = sizeof r2 };
    int s1 = cx_servqual_result(x, &r1), s2 = cx_servqual_result(y, &r2);
    FUZZ_CHECK(s1 == CX_OK || s1 == CX_E_EMPTY, "status %d", s1);
    FUZZ_CHECK(s1 == s2, "%s: status %d vs %d", how, s2, s1);
    FUZZ_CHECK(memcmp(&r1, &r2, offsetof(CxServqualResult, unweighted_score)) == 0, "%s: counts",
               how);
    FUZZ_CHECK(fuzz_close(r1.unweighted_score, r2.unweighted_score) &&
                   fuzz_close(r1.weighted_score, r2.weighted_score) &&
                   fuzz_close(r1.servperf, r2.servperf),
               "%s: scores %.17g vs %.17g", how, r2.unweighted_score, r1.unweighted_score);
    for (size_t d = 0; d < dims; d++) {
        CxServqualDimension u = { .size = sizeof u }, v = { .size = sizeof v };
        FUZZ_CHECK(cx_servqual_dimension(x, d, 0.95, &u) == CX_OK, "dimension");
        FUZZ_CHECK(cx_servqual_dimension(y, d, 0.95, &v) == CX_OK, "dimension");
        FUZZ_CHECK(u.n_gap == v.n_gap && fuzz_close(u.gap, v.gap), "%s: dimension %zu", how, d);
        for (int series = 0; series < 3; series++) {
            CxAlphaResult ax = { .size = sizeof ax }, ay = { .size = sizeof ay };
            int a1 = cx_servqual_reliability(x, d, series, 0.95, &ax),
                a2 = cx_servqual_reliability(y, d, series, 0.95, &ay);
            FUZZ_CHECK(a1 == a2 && ax.n == ay.n,
                       "%s: reliability %zu/%d: status %d n %llu variance %.17g, against %d n "
                       "%llu variance %.17g",
                       how, d, series, a2, (unsigned long long)ay.n, ay.total_variance, a1,
                       (unsigned long long)ax.n, ax.total_variance);
            if (a1 == CX_OK && ax.total_variance > 1e-6)
                FUZZ_CHECK(fabs(ax.alpha - ay.alpha) <= 1e-6 * fmax(1.0, fabs(ax.alpha)),
                           "%s: alpha %.17g vs %.17g", how, ay.alpha, ax.alpha);
        }
    }
    *out = r1;
}

/* Bulk adds against one at a time, the same respondents with the same arrays (those the first
 * respondent answered). Tidy data (every rating inside the scale) goes through the whole-number
 * blocks, the rest through the cleaning path. */
static void
servqual_bulk_check(const CxInstrument *instrument, int mode, int policy, size_t rows,
                    size_t items, size_t dims, const double *e, const double *p,
                    const double *imp, const double *ad, const double *de)
{
    CxServqual *one = NULL, *bulk = NULL;
    FUZZ_OK(cx_servqual_new(instrument, mode, &one));
    FUZZ_OK(cx_servqual_new(instrument, mode, &bulk));
    FUZZ_CHECK(one && bulk, "new");
    cx_servqual_set_inversion_policy(one, policy);
    cx_servqual_set_inversion_policy(bulk, policy);
#define ROW(x, w) ((x) ? (x) + r * (w) : NULL)
    for (size_t r = 0; r < rows; r++)
        cx_servqual_add(one, ROW(e, items), ROW(p, items), ROW(imp, dims), ROW(ad, items),
                        ROW(de, items));
#undef ROW
    FUZZ_CHECK(cx_servqual_add_rows(bulk, rows, e, p, imp, ad, de) == CX_OK, "add_rows");
    CxServqualResult r;
    servqual_same(one, bulk, dims, "bulk", &r);
    cx_servqual_free(one);
    cx_servqual_free(bulk);
}

static void
fuzz_servqual(FuzzBytes *in, size_t split, int mode, int policy, int tidy)
{
    /* Two dimensions of 2 and 3 items on 1–5, N/A code 0, item 2 reverse-worded. */
    enum { ITEMS = 5, DIMS = 2, PER_ROW = 4 * ITEMS + DIMS };
    CxInstrument *instrument = NULL;
    FUZZ_OK(cx_instrument_new(&instrument));
    size_t d0, d1;
    cx_instrument_set_scale(instrument, 1, 5);
    cx_instrument_set_not_applicable(instrument, 1, 0);
    cx_instrument_add_dimension(instrument, "a", &d0);
    cx_instrument_add_dimension(instrument, "b", &d1);
    for (int i = 1; i <= ITEMS; i++)
        cx_instrument_add_item(instrument, i, i <= 2 ? d0 : d1, NULL, i == 2);
    CxServqual *one = NULL, *a = NULL, *b = NULL;
    FUZZ_OK(cx_servqual_new(instrument, mode, &one));
    FUZZ_OK(cx_servqual_new(instrument, mode, &a));
    FUZZ_OK(cx_servqual_new(instrument, mode, &b));
    FUZZ_CHECK(one && a && b, "new");
    cx_instrument_free(instrument);
    cx_servqual_set_inversion_policy(one, policy);
    cx_servqual_set_inversion_policy(a, policy);
    cx_servqual_set_inversion_policy(b, policy);

    size_t rows = (in->size - in->pos) / PER_ROW;
    if (rows > MAX_ANSWERS / PER_ROW)
        rows = MAX_ANSWERS / PER_ROW;
    if (split > rows)
        split = rows;
    /* Every respondent's answers, series by series, for the bulk check. */
    static double all[5][MAX_ANSWERS / PER_ROW * ITEMS];
    int first = 0;
    for (size_t r = 0; r < rows; r++) {
        double v[PER_ROW];
        for (size_t i = 0; i < PER_ROW; i++) {
            uint8_t c = fuzz_u8(in);
            /* Ratings 0–6 (0 = N/A, 6 off the scale), blanks, text (inf), fractions; tidy
             * inputs only 1–5. The last DIMS values are importance points. */
            v[i] = i >= 4 * ITEMS ? (double)(c % 4) * 25.0 + (c & 0x80 ? 0.25 : 0.0)
                   : tidy         ? (double)(1 + c % 5)
                   : c < 200      ? (double)(c % 7)
                   : c < 220      ? (double)NAN
                   : c < 235      ? INFINITY
                                  : 2.5;
        }
        for (size_t s = 0; s < 4; s++)
            memcpy(&all[s][r * ITEMS], v + s * ITEMS, ITEMS * sizeof *v);
        memcpy(&all[4][r * DIMS], v + 4 * ITEMS, DIMS * sizeof *v);
        uint8_t which = fuzz_u8(in); /* which arrays this respondent answered */
        if (r == 0)
            first = which;
        const double *e = which & 1 ? v : NULL, *p = which & 2 ? v + ITEMS : NULL,
                     *ad = which & 4 ? v + 2 * ITEMS : NULL, *de = which & 8 ? v + 3 * ITEMS : NULL,
                     *imp = which & 16 ? v + 4 * ITEMS : NULL;
        cx_servqual_add(one, e, p, imp, ad, de);
        cx_servqual_add(r < split ? a : b, e, p, imp, ad, de);
    }
    servqual_bulk_check(cx_servqual_instrument(one), mode, policy, rows, ITEMS, DIMS,
                        first & 1 ? all[0] : NULL, first & 2 ? all[1] : NULL,
                        first & 16 ? all[4] : NULL, first & 4 ? all[2] : NULL,
                        first & 8 ? all[3] : NULL);
    FUZZ_CHECK(cx_servqual_merge(a, b) == CX_OK, "merge");
    CxServqualResult r1;
    servqual_same(one, a, DIMS, "merged", &r1);
    FUZZ_CHECK(r1.respondents == rows, "respondents %llu of %zu",
               (unsigned long long)r1.respondents, rows);
    if (!isnan(r1.unweighted_score))
        FUZZ_CHECK(fabs(r1.unweighted_score) <= 4.0 + 1e-9, "gap %g beyond the scale",
                   r1.unweighted_score);
    cx_servqual_free(one);
    cx_servqual_free(a);
    cx_servqual_free(b);
}

/* ---- drivers ---------------------------------------------------------------------------------- */

static void
fuzz_drivers(FuzzBytes *in, size_t split, size_t k)
{
    const size_t per_row = k + 2;
    size_t rows = (in->size - in->pos) / per_row;
    if (rows * per_row > MAX_ANSWERS)
        rows = MAX_ANSWERS / per_row;
    if (split > rows)
        split = rows;
    double x[MAX_ANSWERS], y[MAX_ANSWERS], w[MAX_ANSWERS];
    int extreme = 0; /* 1e150 or 1e-300: variances lose every digit */
    for (size_t r = 0; r < rows; r++) {
        for (size_t j = 0; j < k; j++)
            x[r * k + j] = fuzz_small_double(in);
        y[r] = fuzz_small_double(in);
        w[r] = fuzz_small_double(in);
        for (size_t j = 0; j <= k + 1; j++) {
            double v = j < k ? x[r * k + j] : j == k ? y[r] : w[r];
            extreme |= isfinite(v) && v != 0.0 && (fabs(v) > 1e6 || fabs(v) < 1e-6);
        }
    }
    CxDrivers *one = NULL, *a = NULL, *b = NULL;
    FUZZ_OK(cx_drivers_new(k, &one));
    FUZZ_OK(cx_drivers_new(k, &a));
    FUZZ_OK(cx_drivers_new(k, &b));
    FUZZ_CHECK(one && a && b, "new");
    cx_drivers_add_rows(one, x, y, w, rows);
    cx_drivers_add_rows(a, x, y, w, split);
    cx_drivers_add_rows(b, x + split * k, y + split, w + split, rows - split);
    int ms = cx_drivers_merge(a, b);
    FUZZ_CHECK(ms == CX_OK || ms == CX_E_NO_MEMORY, "merge %d", ms);
    for (int mode = CX_MISSING_PAIRWISE; mode <= CX_MISSING_LISTWISE && ms == CX_OK; mode++) {
        CxDriversResult r1 = { .size = sizeof r1 }, r2 = { .size = sizeof r2 };
        int s1 = cx_drivers_result(one, mode, 0.95, &r1);
        int s2 = cx_drivers_result(a, mode, 0.95, &r2);
        FUZZ_CHECK(s1 == CX_OK || s1 == CX_E_EMPTY || s1 == CX_E_UNDEFINED ||
                       s1 == CX_E_NO_CONVERGENCE,
                   "status %d", s1);
        FUZZ_CHECK(r1.rows == rows, "rows %llu of %zu", (unsigned long long)r1.rows, rows);
        FUZZ_CHECK(memcmp(&r1, &r2, offsetof(CxDriversResult, n_eff)) == 0, "merged counts");
        /* Whether a variance is zero or predictors collinear is decided on rounded figures:
         * with extreme magnitudes one pass and a merge may fall on either side. */
        FUZZ_CHECK(extreme || s1 == s2 || (s1 != CX_OK && s2 != CX_OK),
                   "status %d vs merged %d", s1, s2);
        if (s1 == CX_OK)
            FUZZ_CHECK(isfinite(r1.r_squared) && r1.r_squared >= -1e-9 &&
                           r1.r_squared <= 1.0 + 1e-9,
                       "R² %.17g", r1.r_squared);
        for (size_t j = 0; j < k; j++) {
            CxDriver d = { .size = sizeof d };
            int ps = cx_drivers_predictor(one, j, mode, 0.95, &d);
            FUZZ_CHECK(ps == s1, "predictor %zu: %d vs %d", j, ps, s1);
        }
    }
    cx_drivers_free(one);
    cx_drivers_free(a);
    cx_drivers_free(b);
}

/* ---- contacts and retention: keyed by arbitrary bytes ------------------------------------------ */

/* A short id from a small alphabet (so that ids repeat), possibly empty or with odd bytes. */
static size_t
fuzz_id(FuzzBytes *in, char *id)
{
    static const char alphabet[] = { 'a', 'b', 'c', '\0', '\xff', ',' };
    uint8_t c = fuzz_u8(in);
    size_t len = c % 3;
    for (size_t i = 0; i < len; i++)
        id[i] = alphabet[(c >> (2 + 2 * i)) % sizeof alphabet];
    return len;
}

static void
fuzz_contacts(FuzzBytes *in, size_t split, int order)
{
    static const char *const channels[] = { "", "web", "phone", "\xff\xfe" };
    CxContacts *one = NULL, *a = NULL, *b = NULL;
    FUZZ_OK(cx_contacts_new(order, &one));
    FUZZ_OK(cx_contacts_new(order, &a));
    FUZZ_OK(cx_contacts_new(order, &b));
    FUZZ_CHECK(one && a && b, "new");
    size_t rows = 0;
    while (in->size - in->pos >= 4 && rows < MAX_ANSWERS / 4) {
        char id[4], seg[4];
        size_t len = fuzz_id(in, id), seg_len = fuzz_id(in, seg);
        double when = fuzz_small_double(in);
        uint8_t c = fuzz_u8(in);
        const char *channel = channels[c % 4];
        int resolved = (c >> 2) % 5; /* 4 is not a CxResolved: counted as unreadable */
        CxContacts *shard = rows < split ? a : b;
        FUZZ_CHECK(cx_contacts_add_segmented(one, id, len, when, channel, strlen(channel),
                                             resolved, seg, seg_len) == CX_OK,
                   "add");
        FUZZ_CHECK(cx_contacts_add_segmented(shard, id, len, when, channel, strlen(channel),
                                             resolved, seg, seg_len) == CX_OK,
                   "add");
        rows++;
    }
    FUZZ_CHECK(cx_contacts_merge(a, b) == CX_OK, "merge");
    CxContactsResult r1 = { .size = sizeof r1 }, r2 = { .size = sizeof r2 };
    int s1 = cx_contacts_result(one, 0.95, &r1), s2 = cx_contacts_result(a, 0.95, &r2);
    FUZZ_CHECK(s1 == CX_OK || s1 == CX_E_EMPTY, "status %d", s1);
    FUZZ_CHECK(s1 == s2, "status %d vs merged %d", s1, s2);
    /* Every row is a scored contact, a scored contact of an excluded case (issue 21: a case
     * with an unscored contact is left out, its scored contacts counted apart) or rejected. */
    FUZZ_CHECK(r1.contacts + r1.contacts_excluded + r1.rejected == rows,
               "%llu + %llu excluded + %llu rejected contacts of %zu",
               (unsigned long long)r1.contacts, (unsigned long long)r1.contacts_excluded,
               (unsigned long long)r1.rejected, rows);
    /* Every count, merged, equals one pass. */
    const uint64_t c1[] = { r1.cases, r1.contacts, r1.rejected, r1.rejected_no_case,
                            r1.rejected_order_missing, r1.rejected_order_invalid,
                            r1.flag_unknown, r1.flag_invalid, r1.channel_missing, r1.fcr_cases,
                            r1.fcr_reopened, r1.resolved_cases, r1.cases_reopened,
                            r1.cases_resolved_twice, r1.cases_outcome_unknown, r1.max_contacts,
                            r1.repeat_cases, r1.cross_channel_cases, r1.resolution_times,
                            r1.cases_excluded, r1.contacts_excluded };
    const uint64_t c2[] = { r2.cases, r2.contacts, r2.rejected, r2.rejected_no_case,
                            r2.rejected_order_missing, r2.rejected_order_invalid,
                            r2.flag_unknown, r2.flag_invalid, r2.channel_missing, r2.fcr_cases,
                            r2.fcr_reopened, r2.resolved_cases, r2.cases_reopened,
                            r2.cases_resolved_twice, r2.cases_outcome_unknown, r2.max_contacts,
                            r2.repeat_cases, r2.cross_channel_cases, r2.resolution_times,
                            r2.cases_excluded, r2.contacts_excluded };
    for (size_t i = 0; i < G_N_ELEMENTS(c1); i++)
        FUZZ_CHECK(c1[i] == c2[i], "count %zu: %llu one pass, %llu merged", i,
                   (unsigned long long)c1[i], (unsigned long long)c2[i]);
    FUZZ_CHECK(memcmp(r1.contacts_per_case, r2.contacts_per_case, sizeof r1.contacts_per_case) ==
                   0,
               "contacts per case");
    FUZZ_CHECK(fuzz_close(r1.time_to_resolution_median, r2.time_to_resolution_median),
               "median %.17g vs %.17g", r1.time_to_resolution_median,
               r2.time_to_resolution_median);
    FUZZ_CHECK(cx_contacts_channel_count(one) == cx_contacts_channel_count(a) &&
                   cx_contacts_segment_count(one) == cx_contacts_segment_count(a),
               "channels or segments differ");
    for (size_t i = 0; i < cx_contacts_segment_count(one); i++) {
        CxContactsResult x = { .size = sizeof x };
        int st = cx_contacts_segment(one, i, 0.95, &x);
        FUZZ_CHECK(st == CX_OK || st == CX_E_EMPTY, "segment %zu: %d", i, st);
    }
    cx_contacts_free(one);
    cx_contacts_free(a);
    cx_contacts_free(b);
}

static void
fuzz_retention(FuzzBytes *in, size_t split)
{
    CxRetention *one = NULL, *a = NULL, *b = NULL;
    FUZZ_OK(cx_retention_new(&one));
    FUZZ_OK(cx_retention_new(&a));
    FUZZ_OK(cx_retention_new(&b));
    FUZZ_CHECK(one && a && b, "new");
    size_t rows = 0;
    int inexact = 0; /* an amount whose sums round: merged sums may hold it differently */
    while (in->size - in->pos >= 3 && rows < MAX_ANSWERS / 3) {
        char id[4];
        size_t len = fuzz_id(in, id);
        int64_t period = (int64_t)(int8_t)fuzz_u8(in); /* around 0, negative too */
        double amount = fuzz_small_double(in);
        inexact |= isfinite(amount) && (amount != floor(amount) || fabs(amount) > 0x1p40);
        FUZZ_CHECK(cx_retention_add(one, id, len, period, amount) == CX_OK, "add");
        FUZZ_CHECK(cx_retention_add(rows < split ? a : b, id, len, period, amount) == CX_OK,
                   "add");
        rows++;
    }
    FUZZ_CHECK(cx_retention_merge(a, b) == CX_OK, "merge");
    CxRetentionResult r1 = { .size = sizeof r1 }, r2 = { .size = sizeof r2 };
    int s1 = cx_retention_result(one, 0.95, &r1), s2 = cx_retention_result(a, 0.95, &r2);
    FUZZ_CHECK(s1 == s2 && (s1 == CX_OK || s1 == CX_E_EMPTY), "status %d vs %d", s1, s2);
    FUZZ_CHECK(r1.events + r1.rejected_no_customer + r1.rejected_amount == rows,
               "events counted %llu of %zu",
               (unsigned long long)(r1.events + r1.rejected_no_customer + r1.rejected_amount), rows);
    FUZZ_CHECK(memcmp(&r1, &r2, offsetof(CxRetentionResult, repeat_rate)) == 0 &&
                   r1.retained == r2.retained && r1.at_risk == r2.at_risk,
               "merged counts");
    FUZZ_CHECK(fuzz_close(r1.revenue, r2.revenue), "revenue %.17g vs %.17g", r1.revenue,
               r2.revenue);
    /* Canonical state: the same log, whatever the shards, serializes to the same bytes when its
     * sums are exact (compensated sums merged in another order may split a value differently
     * between sum and compensation). */
    uint8_t *x, *y;
    size_t xl, yl;
    FUZZ_CHECK(cx_retention_serialize(one, &x, &xl) == CX_OK, "serialize");
    FUZZ_CHECK(cx_retention_serialize(a, &y, &yl) == CX_OK, "serialize");
    FUZZ_CHECK(inexact || (xl == yl && memcmp(x, y, xl) == 0),
               "one pass and merge serialize differently");
    cx_free(x);
    cx_free(y);
    cx_retention_free(one);
    cx_retention_free(a);
    cx_retention_free(b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzBytes in = { data, size, 0 };
    uint8_t mode = fuzz_u8(&in), where = fuzz_u8(&in);
    size_t split = where;
    switch (mode % 8) {
    case 0:
        fuzz_nps(&in, split * 4);
        break;
    case 1:
        fuzz_rating(&in, split * 4, (mode >> 2) % 3);
        break;
    case 2:
        fuzz_loyalty(&in, split, (mode >> 2) % 2);
        break;
    case 3:
        fuzz_alpha(&in, split, 2 + (mode >> 2) % 5, (mode >> 5) % 2, mode >> 7);
        break;
    case 4:
        fuzz_servqual(&in, split, (mode >> 3) % 3, (mode >> 5) % 3, mode >> 7);
        break;
    case 5:
        fuzz_drivers(&in, split, 1 + (mode >> 3) % 4);
        break;
    case 6:
        fuzz_contacts(&in, split, (mode >> 3) % 2);
        break;
    default:
        fuzz_retention(&in, split);
        break;
    }
    return 0;
}
