/* SPDX-License-Identifier: MIT */
/*
 * Cronbach's alpha and item statistics, streaming and mergeable (see cx-alpha.h for formulas).
 *
 * Sources:
 * - L. J. Cronbach, "Coefficient alpha and the internal structure of tests", Psychometrika
 *   16:297–334 (1951): raw alpha.
 * - W. Revelle, R package psych, function alpha() (R/alpha.R): standardized alpha, average r,
 *   raw.r, std.r, r.drop, alpha-if-deleted, and its pairwise treatment of missing data (cov with
 *   use = "pairwise", item variances from each item's available cases, cov2cor correlations).
 * - L. S. Feldt, D. J. Woodruff & F. A. Salih, "Statistical inference for coefficient alpha",
 *   Applied Psychological Measurement 11(1):93–103 (1987): the F-based interval.
 * - One-pass (co)moments and their merge: core/moments-private.h (Welford 1962; Chan, Golub &
 *   LeVeque 1979), with unit weights.
 */
#include <cxscore/cx-alpha.h>
#include <cxscore/cx-error.h>

#include <float.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "score/alpha-private.h"
#include "core/block-private.h"
#include "core/moments-private.h"
#include "core/state-private.h"
#include "stats/distributions-private.h"
#include "core/util-private.h"
#include "score/abi-private.h"

#define ALPHA_MAX_ITEMS 256

/*
 * Unit weights throughout. items[i] pairs the item (a) with the respondent's mean score T over the
 * items they answered (b, psych's `total`), over the rows where the item is answered: psych's
 * raw.r is cor(T, item), pairwise. pairs[p] holds two items (a = i, b = j) over the rows answering
 * both: alpha reads its count and co-moment (psych's pairwise covariance); its M2s are kept, as
 * the shared type keeps them, but the items' variances come from items[] (psych's cov2cor).
 */
struct CxAlpha {
    size_t k;
    int mode;
    uint64_t rows, rows_complete, rows_empty, rows_excluded;
    CxCoMoments *items; /* k */
    CxMoments total;    /* T over every non-empty row used */
    CxCoMoments *pairs; /* cx_pair_count(k), (i, j) with i < j at cx_pair_index(k, i, j) */
};

size_t
cx_alpha_max_items(void)
{
    return ALPHA_MAX_ITEMS;
}

static int
mode_ok(int missing_mode)
{
    return missing_mode == CX_MISSING_PAIRWISE || missing_mode == CX_MISSING_LISTWISE;
}

int
cx_alpha_new(size_t k, int missing_mode, CxAlpha **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (k < 1 || k > ALPHA_MAX_ITEMS || !mode_ok(missing_mode))
        return CX_E_INVALID_ARGUMENT;
    CxAlpha *a = g_try_new0(CxAlpha, 1);
    if (!a)
        return CX_E_NO_MEMORY;
    a->k = k;
    a->mode = missing_mode;
    a->items = g_try_new0(CxCoMoments, k);
    a->pairs = k > 1 ? g_try_new0(CxCoMoments, cx_pair_count(k)) : NULL;
    if (!a->items || (k > 1 && !a->pairs)) {
        cx_alpha_free(a);
        return CX_E_NO_MEMORY;
    }
    *out = a;
    return CX_OK;
}

void
cx_alpha_free(CxAlpha *alpha)
{
    if (!alpha)
        return;
    g_free(alpha->items);
    g_free(alpha->pairs);
    g_free(alpha);
}

size_t
cx_alpha_item_count(const CxAlpha *alpha)
{
    return alpha ? alpha->k : 0;
}

int
cx_alpha_reset(CxAlpha *alpha)
{
    if (!alpha)
        return CX_E_INVALID_ARGUMENT;
    alpha->rows = alpha->rows_complete = alpha->rows_empty = alpha->rows_excluded = 0;
    memset(&alpha->total, 0, sizeof alpha->total);
    memset(alpha->items, 0, alpha->k * sizeof *alpha->items);
    if (alpha->pairs)
        memset(alpha->pairs, 0, cx_pair_count(alpha->k) * sizeof *alpha->pairs);
    return CX_OK;
}

int
cx_alpha_copy(const CxAlpha *alpha, CxAlpha **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!alpha)
        return CX_E_INVALID_ARGUMENT;
    CxAlpha *copy = NULL;
    int status = cx_alpha_new(alpha->k, alpha->mode, &copy);
    if (status != CX_OK)
        return status;
    copy->rows = alpha->rows;
    copy->rows_complete = alpha->rows_complete;
    copy->rows_empty = alpha->rows_empty;
    copy->rows_excluded = alpha->rows_excluded;
    copy->total = alpha->total;
    memcpy(copy->items, alpha->items, alpha->k * sizeof *alpha->items);
    if (alpha->pairs)
        memcpy(copy->pairs, alpha->pairs, cx_pair_count(alpha->k) * sizeof *alpha->pairs);
    *out = copy;
    return CX_OK;
}

/* ---- adding ------------------------------------------------------------------------------------ */

/* One row: Welford's update of every statistic (a block of one row would cost more). */
static void
add_one(CxAlpha *alpha, const double *row)
{
    const size_t k = alpha->k;
    uint8_t present[ALPHA_MAX_ITEMS];
    size_t answered = 0;
    for (size_t i = 0; i < k; i++) {
        present[i] = isfinite(row[i]) ? 1 : 0;
        answered += present[i];
    }
    alpha->rows++;
    if (answered == 0) {
        alpha->rows_empty++;
        if (alpha->mode == CX_MISSING_LISTWISE)
            alpha->rows_excluded++;
        return;
    }
    if (answered == k)
        alpha->rows_complete++;
    else if (alpha->mode == CX_MISSING_LISTWISE) {
        alpha->rows_excluded++;
        return;
    }

    double t = 0.0;
    for (size_t i = 0; i < k; i++)
        if (present[i])
            t += row[i];
    t /= (double)answered;
    cx_moments_add(&alpha->total, t);

    /* Welford's update of each item with T, and of every pair answered together. */
    for (size_t i = 0; i < k; i++)
        if (present[i])
            cx_comoments_add(&alpha->items[i], row[i], t);
    CxCoMoments *p = alpha->pairs;
    for (size_t i = 0; i + 1 < k; i++) {
        if (!present[i]) {
            p += k - i - 1;
            continue;
        }
        for (size_t j = i + 1; j < k; j++, p++)
            if (present[j])
                cx_comoments_add(p, row[i], row[j]);
    }
}

/* Rows per block of cx_alpha_add_rows(), and the scratch it keeps on the stack. */
#define ALPHA_BLOCK_ROWS 256
#define ALPHA_STACK_DOUBLES 2048

size_t
cx_alpha_scratch_size(size_t k, size_t rows)
{
    /* The respondent's sum then mean, the answered count, and per item its centred values and
     * presence. */
    return cx_block_padded(rows) * (2 + 2 * k);
}

/*
 * A block's moments are computed from its columns (two passes, block-private.h) and merged into
 * the accumulator with Chan et al.'s update, so there is no division per row and item, and the
 * pair loop is a product of two columns.
 *
 * Pairs: with cᵢ the item's values centred on its block mean (0 where unanswered) and pᵢ its
 * presence, the rows answering both i and j have n = Σ pᵢpⱼ, means centreᵢ + Σ cᵢpⱼ / n and
 * centreⱼ + Σ pᵢcⱼ / n, and co-moment Σ cᵢcⱼ − (Σ cᵢpⱼ)(Σ pᵢcⱼ) / n (the shifted-data formula;
 * the shift is the block mean, so the correction is small). When every row used is complete,
 * pᵢ = pⱼ and the sums of cᵢpⱼ are the items' own Σ cᵢ.
 */
void
cx_alpha_add_columns(CxAlpha *alpha, const double *const *columns, size_t n, double *scratch)
{
    const size_t k = alpha->k, np = cx_block_padded(n);
    const int listwise = alpha->mode == CX_MISSING_LISTWISE;
    double *t = scratch, *answered = t + np, *centred = answered + np, *present = centred + k * np;
    for (size_t r = 0; r < np; r++)
        t[r] = answered[r] = 0.0;
    for (size_t i = 0; i < k; i++) {
        const double *x = columns[i];
        for (size_t r = 0; r < np; r++) {
            int ok = !isnan(x[r]);
            t[r] += ok ? x[r] : 0.0;
            answered[r] += ok ? 1.0 : 0.0;
        }
    }
    uint64_t empty = 0, complete = 0;
    for (size_t r = 0; r < n; r++) {
        empty += answered[r] < 0.5;
        complete += answered[r] > (double)k - 0.5;
    }
    /* T, psych's `total`: the mean of the answered items (NaN for rows not used). */
    for (size_t r = 0; r < np; r++) {
        int use = listwise ? answered[r] > (double)k - 0.5 : answered[r] > 0.5;
        t[r] = use ? t[r] / answered[r] : CX_NAN;
    }
    alpha->rows += n;
    alpha->rows_empty += empty;
    alpha->rows_complete += complete;
    if (listwise)
        alpha->rows_excluded += n - complete;
    const uint64_t used = listwise ? complete : n - empty;
    if (used == 0)
        return;
    cx_block_moments_merge(&alpha->total, t, np);

    CxBlockItem item[ALPHA_MAX_ITEMS];
    for (size_t i = 0; i < k; i++) {
        CxBlockItem *b = &item[i];
        cx_block_item_moments(columns[i], t, np, centred + i * np, present + i * np, b);
        const CxCoMoments m = cx_comoments_unweighted((uint64_t)b->n, b->mean, b->m2, b->mean_t,
                                                      b->m2_t, b->co_t);
        cx_comoments_merge(&alpha->items[i], &m);
    }
    const int all_complete = used == complete;
    CxCoMoments *p = alpha->pairs;
    for (size_t i = 0; i + 1 < k; i++) {
        const double *ci = centred + i * np, *pi = present + i * np;
        for (size_t j = i + 1; j < k; j++, p++) {
            const double *cj = centred + j * np, *pj = present + j * np;
            double both, si, sj, cc, m2i, m2j;
            if (all_complete) {
                /* Every item on every row used (at least one): the pair's rows are the items'. */
                both = item[i].n;
                si = item[i].dev;
                sj = item[j].dev;
                cc = cx_block_dot(ci, np, cj);
                m2i = item[i].m2;
                m2j = item[j].m2;
            } else {
                double s[6];
                cx_block_pair_sums(ci, pi, cj, pj, np, s);
                both = s[0], si = s[1], sj = s[2], cc = s[3];
                if (!(both > 0.0))
                    continue;
                /* The two-pass correction, as for an item (block-private.h). */
                m2i = fmax(s[4] - si * si / both, 0.0);
                m2j = fmax(s[5] - sj * sj / both, 0.0);
            }
            const CxCoMoments b =
                cx_comoments_unweighted((uint64_t)both, item[i].centre + si / both, m2i,
                                        item[j].centre + sj / both, m2j, cc - si * sj / both);
            cx_comoments_merge(p, &b);
        }
    }
}

/*
 * Complete rows of whole numbers: with S = Σ_i sums[i] and the Gram matrix G, the respondent's
 * mean is T = (Σ_i xᵢ) / k, so Σ T = S / k, Σ T² = Σ_ij Gᵢⱼ / k² and Σ xᵢT = Σ_j Gᵢⱼ / k. Each
 * co-moment is (n·Σ xy − Σx·Σy) / n, computed exactly in integers before the one division.
 */
void
cx_alpha_add_gram(CxAlpha *alpha, uint64_t n, const int64_t *sums, const int64_t *gram)
{
    const size_t k = alpha->k;
    const double dk = (double)k;
    int64_t s = 0, q = 0, row[ALPHA_MAX_ITEMS];
    for (size_t i = 0; i < k; i++) {
        row[i] = 0;
        for (size_t j = 0; j < k; j++)
            row[i] += gram[i * k + j];
        s += sums[i];
        q += row[i];
    }
    alpha->rows += n;
    alpha->rows_complete += n;
    const CxMoments t = cx_moments_exact(n, s, q, dk);
    cx_moments_merge(&alpha->total, &t);
    /* Each item's moments once, for its statistics with T and in each of its pairs (what
     * cx_comoments_exact() would compute again for every pair). */
    CxMoments x[ALPHA_MAX_ITEMS];
    for (size_t i = 0; i < k; i++) {
        x[i] = cx_moments_exact(n, sums[i], gram[i * k + i], 1.0);
        const CxCoMoments m =
            cx_comoments_of(&x[i], &t, cx_comoment_exact(n, sums[i], s, row[i], 1.0, dk));
        cx_comoments_merge(&alpha->items[i], &m);
    }
    CxCoMoments *p = alpha->pairs;
    for (size_t i = 0; i + 1 < k; i++)
        for (size_t j = i + 1; j < k; j++, p++) {
            const CxCoMoments b = cx_comoments_of(
                &x[i], &x[j], cx_comoment_exact(n, sums[i], sums[j], gram[i * k + j], 1.0, 1.0));
            cx_comoments_merge(p, &b);
        }
}

int
cx_alpha_add_rows(CxAlpha *alpha, const double *rows, size_t n_rows)
{
    if (!alpha || (!rows && n_rows > 0))
        return CX_E_INVALID_ARGUMENT;
    if (n_rows < CX_BLOCK_LANES) {
        for (size_t r = 0; r < n_rows; r++)
            add_one(alpha, rows + r * alpha->k);
        return CX_OK;
    }
    const size_t k = alpha->k;
    const size_t cap = n_rows < ALPHA_BLOCK_ROWS ? cx_block_padded(n_rows) : ALPHA_BLOCK_ROWS;
    const size_t need = cap * k + cx_alpha_scratch_size(k, cap);
    double stack[ALPHA_STACK_DOUBLES];
    double *buf = need <= ALPHA_STACK_DOUBLES ? stack : g_try_new(double, need);
    if (!buf)
        return CX_E_NO_MEMORY;
    const double *columns[ALPHA_MAX_ITEMS];
    for (size_t i = 0; i < k; i++)
        columns[i] = buf + i * cap;
    /* Blocks of whole numbers of small magnitude (so every row is complete) are summed exactly:
     * int16 columns and their Gram matrix (cx_alpha_add_gram()). Without room for them the call
     * fails and adds nothing (cxscore.h): the double columns would give figures that differ in
     * their last bits from what the same rows give with memory to spare. */
    int64_t *gram = g_try_new(int64_t, k * k + (k * cap + 3) / 4);
    if (!gram) {
        if (buf != stack)
            g_free(buf);
        return CX_E_NO_MEMORY;
    }
    int16_t *ints = (int16_t *)(gram + k * k);
    const double limit = CX_BLOCK_INT_LIMIT / 2;
    for (size_t start = 0; start < n_rows; start += cap) {
        const size_t n = n_rows - start < cap ? n_rows - start : cap;
        if (cx_block_whole(rows + start * k, n * k, -limit, limit)) {
            const size_t np = cx_block_padded(n);
            int64_t sums[ALPHA_MAX_ITEMS];
            for (size_t r = 0; r < np; r++)
                for (size_t i = 0; i < k; i++)
                    ints[i * cap + r] = r < n ? (int16_t)rows[(start + r) * k + i] : 0;
            cx_block_gram16(ints, NULL, cap, k, np, sums, gram);
            cx_alpha_add_gram(alpha, n, sums, gram);
            continue;
        }
        for (size_t i = 0; i < k; i++) {
            double *x = buf + i * cap;
            for (size_t r = 0; r < n; r++) {
                double v = rows[(start + r) * k + i];
                x[r] = isfinite(v) ? v : CX_NAN; /* infinite: counted in rows, in no item */
            }
            cx_block_pad(x, n);
        }
        cx_alpha_add_columns(alpha, columns, n, buf + cap * k);
    }
    g_free(gram);
    if (buf != stack)
        g_free(buf);
    return CX_OK;
}

int
cx_alpha_add(CxAlpha *alpha, const double *row)
{
    if (!alpha || !row)
        return CX_E_INVALID_ARGUMENT;
    add_one(alpha, row);
    return CX_OK;
}

/* ---- merging ----------------------------------------------------------------------------------- */

int
cx_alpha_merge(CxAlpha *dst, const CxAlpha *src)
{
    if (!dst || !src || dst == src)
        return CX_E_INVALID_ARGUMENT;
    if (dst->k != src->k || dst->mode != src->mode)
        return CX_E_MISMATCH;
    uint64_t rows, complete, empty, excluded;
    if (!cx_u64_add(dst->rows, src->rows, &rows) ||
        !cx_u64_add(dst->rows_complete, src->rows_complete, &complete) ||
        !cx_u64_add(dst->rows_empty, src->rows_empty, &empty) ||
        !cx_u64_add(dst->rows_excluded, src->rows_excluded, &excluded))
        return CX_E_OVERFLOW;
    /* Item and pair counts never exceed rows, so they cannot overflow when rows does not. */
    dst->rows = rows;
    dst->rows_complete = complete;
    dst->rows_empty = empty;
    dst->rows_excluded = excluded;
    cx_moments_merge(&dst->total, &src->total);
    for (size_t i = 0; i < dst->k; i++)
        cx_comoments_merge(&dst->items[i], &src->items[i]);
    for (size_t p = 0; p < cx_pair_count(dst->k); p++)
        cx_comoments_merge(&dst->pairs[p], &src->pairs[p]);
    return CX_OK;
}

/* ---- results ----------------------------------------------------------------------------------- */

/* The covariance matrix as psych builds it (pairwise); false if some entry is undefined. */
static int
covariance(const CxAlpha *a, double *C)
{
    const size_t k = a->k;
    int ok = 1;
    for (size_t i = 0; i < k; i++) {
        const CxCoMoments *m = &a->items[i];
        C[i * k + i] = m->n >= 2 ? m->m2_a / (double)(m->n - 1) : CX_NAN;
        if (!(C[i * k + i] > 0.0))
            ok = 0;
        for (size_t j = i + 1; j < k; j++) {
            const CxCoMoments *p = &a->pairs[cx_pair_index(k, i, j)];
            double c = p->n >= 2 ? p->co / (double)(p->n - 1) : CX_NAN;
            if (p->n < 2)
                ok = 0;
            C[i * k + j] = C[j * k + i] = c;
        }
    }
    return ok;
}

/*
 * Whether 1ᵀC1, the variance of the total score, is positive beyond rounding. A variance that is
 * zero in exact arithmetic (items that always add up to the same total) comes out of rounded
 * co-moments as a few units in the last place of Σ|Cᵢⱼ|, of either sign, and alpha =
 * k/(k − 1)·(1 − tr C/1ᵀC1) would be a huge number made of that noise, different for one-at-a-time
 * and block adds. So a total within the worst-case rounding bound of zero counts as zero: each
 * co-moment accumulated over n rows carries a relative error of at most about n·u, and the sum
 * of the k² entries adds k²·u (u = 2⁻⁵³, the unit roundoff; N. J. Higham, Accuracy and Stability
 * of Numerical Algorithms, 2nd ed., SIAM 2002, §3.1 and §4.2), hence the bound (n + k²)·u·Σ|Cᵢⱼ|.
 * Real rating data have totals many orders of magnitude above it.
 */
static int
variance_positive(double total, double magnitude, uint64_t n, size_t k)
{
    const double u = DBL_EPSILON / 2.0;
    return total > ((double)n + (double)k * (double)k) * u * magnitude;
}

/* Alpha, standardized alpha and mean r of the items where `keep[i]` (k_used of them); returns
 * whether they are defined (variance_positive()), leaving NaN otherwise. */
static int
alpha_of(const double *C, size_t k, const uint8_t *keep, size_t k_used, uint64_t n, double *alpha,
         double *std_alpha, double *average_r, double *total)
{
    double trace = 0.0, sum = 0.0, magnitude = 0.0, rsum = 0.0;
    for (size_t i = 0; i < k; i++) {
        if (!keep[i])
            continue;
        trace += C[i * k + i];
        for (size_t j = 0; j < k; j++) {
            if (!keep[j])
                continue;
            sum += C[i * k + j];
            magnitude += fabs(C[i * k + j]);
            if (j != i)
                rsum += C[i * k + j] / sqrt(C[i * k + i] * C[j * k + j]);
        }
    }
    if (total)
        *total = sum;
    *alpha = *std_alpha = *average_r = CX_NAN;
    if (!variance_positive(sum, magnitude, n, k_used))
        return 0;
    double kk = (double)k_used;
    double rbar = rsum / (kk * (kk - 1.0));
    *alpha = kk / (kk - 1.0) * (1.0 - trace / sum);
    *std_alpha = kk * rbar / (1.0 + (kk - 1.0) * rbar);
    *average_r = rbar;
    return isfinite(*alpha);
}

/* Feldt, Woodruff & Salih (1987): (1 − α̂)/(1 − α) ~ F(n − 1, (n − 1)(k − 1)). n ≥ 2, k ≥ 2. */
static void
feldt_bounds(double alpha, uint64_t n, uint64_t k, double level, double *lower, double *upper)
{
    double n1 = (double)(n - 1), p = 1.0 - level;
    double df2 = n1 * (double)(k - 1);
    *lower = 1.0 - (1.0 - alpha) * cx_f_quantile(1.0 - p / 2.0, n1, df2);
    *upper = 1.0 - (1.0 - alpha) * cx_f_quantile(p / 2.0, n1, df2);
}

int
cx_alpha_feldt(const CxAlphaResult *result, double level, int n_rule, double *lower,
               double *upper)
{
    if (!result || !lower || !upper || !cx_level_ok(level) ||
        (n_rule != CX_FELDT_N_ANSWERED && n_rule != CX_FELDT_N_ROWS))
        return CX_E_INVALID_ARGUMENT;
    *lower = *upper = CX_NAN;
    if (!cx_struct_holds(result, CX_STRUCT_END(CxAlphaResult, alpha)))
        return CX_E_STRUCT_SIZE;
    if (result->k < 2 || result->n > result->rows)
        return CX_E_INVALID_ARGUMENT;
    uint64_t n = n_rule == CX_FELDT_N_ROWS ? result->rows : result->n;
    if (!isfinite(result->alpha) || n < 2)
        return CX_E_UNDEFINED;
    feldt_bounds(result->alpha, n, result->k, level, lower, upper);
    return CX_OK;
}

static uint64_t
feldt_n(const CxAlpha *a)
{
    return a->mode == CX_MISSING_LISTWISE ? a->rows_complete : a->rows - a->rows_empty;
}

int
cx_alpha_result(const CxAlpha *alpha, double level, CxAlphaResult *out)
{
    if (!alpha || !out || !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    const size_t k = alpha->k;
    CxAlphaResult r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.k = k;
    r.rows = alpha->rows;
    r.rows_complete = alpha->rows_complete;
    r.rows_empty = alpha->rows_empty;
    r.rows_excluded = alpha->rows_excluded;
    r.n = feldt_n(alpha);
    r.level = level;
    r.missing_mode = alpha->mode;
    r.mean = alpha->total.n ? alpha->total.mean : CX_NAN;
    r.sd = alpha->total.n >= 2 ? sqrt(alpha->total.m2 / (double)(alpha->total.n - 1)) : CX_NAN;
    r.alpha = r.std_alpha = r.average_r = r.total_variance = r.ci_lower = r.ci_upper = NAN;
    r.n_min_pair = 0;
    if (k >= 2) {
        r.n_min_pair = UINT64_MAX;
        for (size_t p = 0; p < cx_pair_count(k); p++)
            r.n_min_pair = MIN(r.n_min_pair, alpha->pairs[p].n);
    }

    int status = CX_E_UNDEFINED;
    double *C = k >= 2 ? g_try_new(double, k * k) : NULL;
    if (k >= 2 && !C)
        return CX_E_NO_MEMORY;
    if (C && covariance(alpha, C)) {
        uint8_t keep[ALPHA_MAX_ITEMS];
        memset(keep, 1, k);
        if (alpha_of(C, k, keep, k, alpha->total.n, &r.alpha, &r.std_alpha, &r.average_r,
                     &r.total_variance)) {
            status = CX_OK;
            if (r.n >= 2)
                feldt_bounds(r.alpha, r.n, k, level, &r.ci_lower, &r.ci_upper);
        } else {
            r.alpha = r.std_alpha = r.average_r = NAN;
        }
    }
    g_free(C);
    int copy = cx_struct_out(out, &r, sizeof r, CX_ABI_ALPHA_RESULT);
    return copy != CX_OK ? copy : status;
}

int
cx_alpha_item(const CxAlpha *alpha, size_t item, CxAlphaItem *out)
{
    if (!alpha || !out || item >= alpha->k)
        return CX_E_INVALID_ARGUMENT;
    const size_t k = alpha->k;
    const CxCoMoments *m = &alpha->items[item];
    CxAlphaItem it;
    memset(&it, 0, sizeof it);
    it.size = sizeof it;
    it.n = m->n;
    it.mean = m->n ? m->mean_a : CX_NAN;
    it.sd = m->n >= 2 ? sqrt(m->m2_a / (double)(m->n - 1)) : CX_NAN;
    it.raw_r = it.std_r = it.r_drop = NAN;
    it.alpha_if_deleted = it.std_alpha_if_deleted = it.average_r_if_deleted = NAN;

    int status = CX_E_UNDEFINED;
    double *C = k >= 2 ? g_try_new(double, k * k) : NULL;
    if (k >= 2 && !C)
        return CX_E_NO_MEMORY;
    if (C && covariance(alpha, C)) {
        double total = 0.0, row = 0.0, rtotal = 0.0, rrow = 0.0, magnitude = 0.0, row_mag = 0.0;
        for (size_t i = 0; i < k; i++) {
            for (size_t j = 0; j < k; j++) {
                double c = C[i * k + j];
                double rho = c / sqrt(C[i * k + i] * C[j * k + j]);
                total += c;
                rtotal += rho;
                magnitude += fabs(c);
                if (i == item) {
                    row += c;
                    rrow += rho;
                    row_mag += fabs(c);
                }
            }
        }
        double cii = C[item * k + item];
        double rest = total - 2.0 * row + cii; /* 1ᵀC₋ᵢ1 */
        if (variance_positive(total, magnitude, alpha->total.n, k)) {
            status = CX_OK;
            /* psych: cor(T, item) on the rows that answered the item. */
            it.raw_r = m->co / sqrt(m->m2_a * m->m2_b);
            it.std_r = rrow / sqrt(rtotal);
            if (variance_positive(rest, magnitude - 2.0 * row_mag + cii, alpha->total.n, k - 1))
                it.r_drop = (row - cii) / sqrt(cii * rest);
            if (k >= 3) {
                uint8_t keep[ALPHA_MAX_ITEMS];
                memset(keep, 1, k);
                keep[item] = 0;
                alpha_of(C, k, keep, k - 1, alpha->total.n, &it.alpha_if_deleted,
                         &it.std_alpha_if_deleted, &it.average_r_if_deleted, NULL);
            }
        }
    }
    g_free(C);
    int copy = cx_struct_out(out, &it, sizeof it, CX_ABI_ALPHA_ITEM);
    return copy != CX_OK ? copy : status;
}

/* ---- serialization ------------------------------------------------------------------------------
 * Magic "CXAL", format 2: (t k, t mode, t rows, t complete, t empty, t excluded,
 *   (tdd) T moments: n, mean, M2;
 *   a(tddddd) items with T, then a(tddddd) pairs in cx_pair_index() order: n, mean_a, M2_a,
 *   mean_b, M2_b, co-moment).
 * Every weight is 1, so Σw and Σw² (= n) are not stored. Format 1 kept no M2 for the pairs and is
 * not read (CX_E_VERSION). Format 3 is format 2's payload in the checksummed envelope
 * (state-private.h); format 2 had no checksum and is not read either. */
#define ALPHA_MAGIC "CXAL"
#define ALPHA_FORMAT_VERSION 3
#define ALPHA_STATE_TYPE_V2 "(tttttt(tdd)a(tddddd)a(tddddd))"

/* Adds `count` co-moments to an array "a(tddddd)" being built. */
static void
add_comoments(GVariantBuilder *array, const CxCoMoments *m, size_t count)
{
    for (size_t i = 0; i < count; i++)
        g_variant_builder_add(array, "(tddddd)", (guint64)m[i].n, m[i].mean_a, m[i].m2_a,
                              m[i].mean_b, m[i].m2_b, m[i].co);
}

int
cx_alpha_serialize(const CxAlpha *alpha, uint8_t **bytes, size_t *len)
{
    if (!alpha || !bytes || !len)
        return CX_E_INVALID_ARGUMENT;
    *bytes = NULL;
    *len = 0;
    GVariantBuilder items, pairs;
    g_variant_builder_init(&items, G_VARIANT_TYPE("a(tddddd)"));
    add_comoments(&items, alpha->items, alpha->k);
    g_variant_builder_init(&pairs, G_VARIANT_TYPE("a(tddddd)"));
    add_comoments(&pairs, alpha->pairs, cx_pair_count(alpha->k));
    GVariant *state = g_variant_new(ALPHA_STATE_TYPE_V2, (guint64)alpha->k, (guint64)alpha->mode,
                                    (guint64)alpha->rows, (guint64)alpha->rows_complete,
                                    (guint64)alpha->rows_empty, (guint64)alpha->rows_excluded,
                                    (guint64)alpha->total.n, alpha->total.mean, alpha->total.m2,
                                    &items, &pairs);
    return cx_state_pack(ALPHA_MAGIC, ALPHA_FORMAT_VERSION, state, bytes, len);
}

/* Reads the next co-moments of `iter` (unit weights) into *m: false if there are none, or if
 * they are not what at most `limit` rows can give. */
static int
next_comoments(GVariantIter *iter, uint64_t limit, CxCoMoments *m)
{
    guint64 n;
    double mean_a, m2_a, mean_b, m2_b, co;
    if (!g_variant_iter_next(iter, "(tddddd)", &n, &mean_a, &m2_a, &mean_b, &m2_b, &co))
        return 0;
    *m = cx_comoments_unweighted(n, mean_a, m2_a, mean_b, m2_b, co);
    return cx_comoments_valid(m, limit);
}

int
cx_alpha_deserialize(const uint8_t *bytes, size_t len, CxAlpha **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    static const char *const types[] = { NULL, NULL, ALPHA_STATE_TYPE_V2 };
    GVariant *state = NULL;
    int status = cx_state_unpack_versions(bytes, len, ALPHA_MAGIC, types, G_N_ELEMENTS(types),
                                          &state, NULL);
    if (status != CX_OK)
        return status;

    guint64 k, mode, rows, complete, empty, excluded, tn;
    double tmean, tm2;
    GVariantIter *items = NULL, *pairs = NULL;
    g_variant_get(state, ALPHA_STATE_TYPE_V2, &k, &mode, &rows, &complete, &empty, &excluded, &tn,
                  &tmean, &tm2, &items, &pairs);
    CxAlpha *a = NULL;
    const CxMoments total = cx_moments_unweighted(tn, tmean, tm2);
    status = CX_E_CORRUPT;
    if (k < 1 || k > ALPHA_MAX_ITEMS || mode > CX_MISSING_LISTWISE ||
        g_variant_iter_n_children(items) != k ||
        g_variant_iter_n_children(pairs) != cx_pair_count((size_t)k) || complete > rows ||
        empty > rows || complete + empty > rows || excluded > rows ||
        !cx_moments_valid(&total, rows - empty))
        goto out;
    status = cx_alpha_new((size_t)k, (int)mode, &a);
    if (status != CX_OK)
        goto out;
    status = CX_E_CORRUPT;
    a->rows = rows;
    a->rows_complete = complete;
    a->rows_empty = empty;
    a->rows_excluded = excluded;
    a->total = total;
    for (size_t i = 0; i < k; i++)
        if (!next_comoments(items, tn, &a->items[i]))
            goto out;
    /* A pair's rows answer both items. Listwise, every item and pair is over the same rows, so
     * each pair's co-moment is bounded by its items' spreads too (Cauchy–Schwarz): else the
     * covariance matrix is not one that data can give, and alpha could pass 1 (found by
     * fuzz-deserialize-alpha once its harness checked alpha, issue 21). */
    for (size_t i = 0; i + 1 < k; i++)
        for (size_t j = i + 1; j < k; j++) {
            const CxCoMoments *p = &a->pairs[cx_pair_index((size_t)k, i, j)];
            if (!next_comoments(pairs, MIN(a->items[i].n, a->items[j].n),
                                &a->pairs[cx_pair_index((size_t)k, i, j)]))
                goto out;
            if (mode == CX_MISSING_LISTWISE &&
                (p->n != a->items[i].n || p->n != a->items[j].n ||
                 !cx_comoment_bounded(p->co, a->items[i].m2_a, a->items[j].m2_a)))
                goto out;
        }
    status = CX_OK;
out:
    g_variant_iter_free(items);
    g_variant_iter_free(pairs);
    g_variant_unref(state);
    if (status != CX_OK) {
        cx_alpha_free(a);
        return status;
    }
    *out = a;
    return CX_OK;
}
