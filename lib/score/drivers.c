/* SPDX-License-Identifier: MIT */
/*
 * Driver analysis: correlations of k predictors with one outcome, standardized regression and
 * Johnson's relative weights, streaming and mergeable (see cx-drivers.h for the formulas, the
 * missing-data rules and the design of the state; docs/loyalty.md, "Drivers").
 *
 * Sources:
 * - J. W. Johnson, "A heuristic method for estimating the relative weight of predictor variables
 *   in multiple regression", Multivariate Behavioral Research 35(1):1–19 (2000): relative weights
 *   from Λ = Rxx^{1/2}.
 * - B. P. Welford, Technometrics 4:419–420 (1962); D. H. D. West, "Updating mean and variance
 *   estimates: an improved method", CACM 22(9):532–535 (1979) for weights; T. F. Chan,
 *   G. H. Golub & R. J. LeVeque, "Updating formulae and a pairwise algorithm for computing sample
 *   variances" (Stanford STAN-CS-79-773, 1979) for merging: the co-moments.
 * - C. G. J. Jacobi (1846), cyclic rotations as in G. H. Golub & C. F. Van Loan, Matrix
 *   Computations (4th ed., 2013), §8.5 (the symmetric Schur decomposition): the eigenvectors.
 * - R. A. Fisher, Metron 1:3–32 (1921): the z interval of r; Student's t for its p-value.
 * - C. Spearman, American Journal of Psychology 15:72–101 (1904): ρ as r of the mid-ranks.
 */
#include <cxscore/cx-drivers.h>
#include <cxscore/cx-error.h>

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/distributions-private.h"
#include "core/keys-private.h"
#include "core/state-private.h"
#include "core/moments-private.h"
#include "core/util-private.h"
#include "score/abi-private.h"

#define DRIVERS_MAX_PREDICTORS 64
#define DRIVERS_MAX_DISTINCT 4096
/* A Cholesky pivot of the correlation matrix is 1 − R² of that predictor on the ones before it
 * (its "tolerance"); below this the predictors are taken as collinear (VIF above 10¹⁰). */
#define DRIVERS_MIN_TOLERANCE 1e-10
#define JACOBI_MAX_SWEEPS 100

/* The weighted co-moments of two variables over the rows where both are valid are the library's
 * CxCoMoments (core/moments-private.h: West's update, Chan et al.'s merge), one per pair of the
 * k + 1 variables, in the order of cx_pair_index(). */

/* ---- Spearman tables: weight per distinct (x, y) pair ---------------------------------------- */

typedef struct {
    double x, y;
    CxSum w;
} Cell;

typedef struct {
    Cell *cells;     /* len cells in insertion order */
    uint32_t *slots; /* cap slots: 0 empty, else index + 1 into cells */
    size_t len, cap; /* cap is a power of two ≥ 2·len, or 0 */
    int status;      /* CX_OK, or CX_E_OVERFLOW / CX_E_NO_MEMORY: the table was dropped */
} Table;

static uint64_t
mix64(uint64_t z)
{
    /* splitmix64's finalizer (Steele, Lea & Flood, "Fast splittable pseudorandom number
     * generators", OOPSLA 2014). */
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static uint64_t
cell_hash(double x, double y)
{
    uint64_t a, b;
    memcpy(&a, &x, sizeof a);
    memcpy(&b, &y, sizeof b);
    return mix64(a ^ mix64(b));
}

static void
table_drop(Table *t, int status)
{
    g_free(t->cells);
    g_free(t->slots);
    t->cells = NULL;
    t->slots = NULL;
    t->len = t->cap = 0;
    t->status = status;
}

static int
table_grow(Table *t)
{
    size_t cap = t->cap ? 2 * t->cap : 16;
    uint32_t *slots = g_try_new0(uint32_t, cap);
    Cell *cells = g_try_renew(Cell, t->cells, cap / 2);
    if (!slots || !cells) {
        g_free(slots);
        if (cells)
            t->cells = cells;
        return 0;
    }
    t->cells = cells;
    for (size_t i = 0; i < t->len; i++) {
        size_t s = cell_hash(cells[i].x, cells[i].y) & (cap - 1);
        while (slots[s])
            s = (s + 1) & (cap - 1);
        slots[s] = (uint32_t)(i + 1);
    }
    g_free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return 1;
}

/* Room for @extra more cells (as many as the cap allows): 1, or 0 when the table cannot grow
 * (memory), its cells unchanged then. A dropped table needs none. */
static int
table_reserve(Table *t, size_t extra)
{
    if (t->status != CX_OK)
        return 1;
    const size_t target = DRIVERS_MAX_DISTINCT - t->len < extra ? DRIVERS_MAX_DISTINCT
                                                                  : t->len + extra;
    while (2 * target > t->cap)
        if (!table_grow(t))
            return 0;
    return 1;
}

/* Adds weight to the cell (x, y); drops the table past the limit. Returns 0, the table unchanged,
 * when it cannot grow (memory). */
static int
table_add(Table *t, double x, double y, const CxSum *w)
{
    if (t->status != CX_OK)
        return 1;
    x += 0.0; /* −0 and +0 are one value */
    y += 0.0;
    if (t->cap) {
        size_t s = cell_hash(x, y) & (t->cap - 1);
        while (t->slots[s]) {
            Cell *c = &t->cells[t->slots[s] - 1];
            if (!(c->x < x) && !(c->x > x) && !(c->y < y) && !(c->y > y)) {
                cx_sum_merge(&c->w, w);
                return 1;
            }
            s = (s + 1) & (t->cap - 1);
        }
    }
    if (t->len == DRIVERS_MAX_DISTINCT) {
        table_drop(t, CX_E_OVERFLOW);
        return 1;
    }
    if (!table_reserve(t, 1))
        return 0;
    size_t s = cell_hash(x, y) & (t->cap - 1);
    while (t->slots[s])
        s = (s + 1) & (t->cap - 1);
    t->cells[t->len] = (Cell){ x, y, *w };
    t->slots[s] = (uint32_t)(++t->len);
    return 1;
}

static int
table_copy(Table *dst, const Table *src)
{
    *dst = (Table){ NULL, NULL, 0, 0, src->status };
    if (!src->cap)
        return 1;
    dst->cells = g_try_new(Cell, src->cap / 2);
    dst->slots = g_try_new(uint32_t, src->cap);
    if (!dst->cells || !dst->slots) {
        table_drop(dst, CX_OK);
        return 0;
    }
    memcpy(dst->cells, src->cells, src->len * sizeof *src->cells);
    memcpy(dst->slots, src->slots, src->cap * sizeof *src->slots);
    dst->len = src->len;
    dst->cap = src->cap;
    return 1;
}

/* Adds src's cells to dst; 0 when dst cannot grow (memory: dst is then half-merged, and the
 * caller works on a copy). */
static int
table_merge(Table *dst, const Table *src)
{
    if (src->status != CX_OK) {
        if (dst->status == CX_OK)
            table_drop(dst, src->status);
        return 1;
    }
    for (size_t i = 0; i < src->len && dst->status == CX_OK; i++)
        if (!table_add(dst, src->cells[i].x, src->cells[i].y, &src->cells[i].w))
            return 0;
    return 1;
}

/* ---- the accumulator ------------------------------------------------------------------------- */

struct CxDrivers {
    size_t k;  /* predictors 0 … k − 1; variable k is the outcome */
    size_t nv; /* k + 1 */
    uint64_t rows, rows_weight_negative, rows_weight_invalid, rows_complete;
    uint64_t *valid, *missing, *rejected; /* nv each */
    CxCoMoments *pairs;                   /* cx_pair_count(nv), (i < j) in cx_pair_index() order */
    /* complete rows (listwise) */
    double lw_w, lw_w2;
    double *lw_mean; /* nv */
    double *lw_co;   /* nv × nv, upper triangle used: Σw(xᵢ − mᵢ)(xⱼ − mⱼ) */
    Table *rank_pairwise; /* k: (x_j, y) where both are valid */
    Table *rank_listwise; /* k: (x_j, y) of the complete rows */
};


size_t
cx_drivers_max_predictors(void)
{
    return DRIVERS_MAX_PREDICTORS;
}

size_t
cx_drivers_max_distinct(void)
{
    return DRIVERS_MAX_DISTINCT;
}

static void
free_tables(CxDrivers *d)
{
    for (size_t j = 0; j < d->k; j++) {
        if (d->rank_pairwise)
            table_drop(&d->rank_pairwise[j], CX_OK);
        if (d->rank_listwise)
            table_drop(&d->rank_listwise[j], CX_OK);
    }
}

void
cx_drivers_free(CxDrivers *drivers)
{
    if (!drivers)
        return;
    free_tables(drivers);
    g_free(drivers->rank_pairwise);
    g_free(drivers->rank_listwise);
    g_free(drivers->valid);
    g_free(drivers->missing);
    g_free(drivers->rejected);
    g_free(drivers->pairs);
    g_free(drivers->lw_mean);
    g_free(drivers->lw_co);
    g_free(drivers);
}

static int
mode_ok(int mode)
{
    return mode == CX_MISSING_LISTWISE || mode == CX_MISSING_PAIRWISE;
}

/* An empty accumulator (k checked by the caller), or NULL when memory is exhausted. */
static CxDrivers *
drivers_create(size_t k)
{
    CxDrivers *d = g_try_new0(CxDrivers, 1);
    if (!d)
        return NULL;
    d->k = k;
    d->nv = k + 1;
    d->valid = g_try_new0(uint64_t, d->nv);
    d->missing = g_try_new0(uint64_t, d->nv);
    d->rejected = g_try_new0(uint64_t, d->nv);
    d->pairs = g_try_new0(CxCoMoments, cx_pair_count(d->nv));
    d->lw_mean = g_try_new0(double, d->nv);
    d->lw_co = g_try_new0(double, d->nv * d->nv);
    d->rank_pairwise = g_try_new0(Table, k);
    d->rank_listwise = g_try_new0(Table, k);
    if (!d->valid || !d->missing || !d->rejected || !d->pairs || !d->lw_mean || !d->lw_co ||
        !d->rank_pairwise || !d->rank_listwise) {
        cx_drivers_free(d);
        return NULL;
    }
    return d;
}

int
cx_drivers_new(size_t k, CxDrivers **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (k < 1 || k > DRIVERS_MAX_PREDICTORS)
        return CX_E_INVALID_ARGUMENT;
    *out = drivers_create(k);
    return *out ? CX_OK : CX_E_NO_MEMORY;
}

size_t
cx_drivers_predictor_count(const CxDrivers *drivers)
{
    return drivers ? drivers->k : 0;
}

int
cx_drivers_reset(CxDrivers *d)
{
    if (!d)
        return CX_E_INVALID_ARGUMENT;
    free_tables(d);
    d->rows = d->rows_weight_negative = d->rows_weight_invalid = d->rows_complete = 0;
    d->lw_w = d->lw_w2 = 0.0;
    memset(d->valid, 0, d->nv * sizeof *d->valid);
    memset(d->missing, 0, d->nv * sizeof *d->missing);
    memset(d->rejected, 0, d->nv * sizeof *d->rejected);
    memset(d->pairs, 0, cx_pair_count(d->nv) * sizeof *d->pairs);
    memset(d->lw_mean, 0, d->nv * sizeof *d->lw_mean);
    memset(d->lw_co, 0, d->nv * d->nv * sizeof *d->lw_co);
    return CX_OK;
}

/* A deep copy, or NULL when memory is exhausted. */
static CxDrivers *
drivers_copy(const CxDrivers *src)
{
    CxDrivers *d = drivers_create(src->k);
    if (!d)
        return NULL;
    d->rows = src->rows;
    d->rows_weight_negative = src->rows_weight_negative;
    d->rows_weight_invalid = src->rows_weight_invalid;
    d->rows_complete = src->rows_complete;
    d->lw_w = src->lw_w;
    d->lw_w2 = src->lw_w2;
    memcpy(d->valid, src->valid, d->nv * sizeof *d->valid);
    memcpy(d->missing, src->missing, d->nv * sizeof *d->missing);
    memcpy(d->rejected, src->rejected, d->nv * sizeof *d->rejected);
    memcpy(d->pairs, src->pairs, cx_pair_count(d->nv) * sizeof *d->pairs);
    memcpy(d->lw_mean, src->lw_mean, d->nv * sizeof *d->lw_mean);
    memcpy(d->lw_co, src->lw_co, d->nv * d->nv * sizeof *d->lw_co);
    for (size_t j = 0; j < d->k; j++)
        if (!table_copy(&d->rank_pairwise[j], &src->rank_pairwise[j]) ||
            !table_copy(&d->rank_listwise[j], &src->rank_listwise[j])) {
            cx_drivers_free(d);
            return NULL;
        }
    return d;
}

int
cx_drivers_copy(const CxDrivers *drivers, CxDrivers **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!drivers)
        return CX_E_INVALID_ARGUMENT;
    *out = drivers_copy(drivers);
    return *out ? CX_OK : CX_E_NO_MEMORY;
}

/* Merges src into dst in place: CX_OK, CX_E_OVERFLOW (a count) or CX_E_NO_MEMORY (a table);
 * dst is then half-merged, and the caller works on a copy. */
static int
merge_into(CxDrivers *d, const CxDrivers *s)
{
    int ok = cx_u64_add(d->rows, s->rows, &d->rows) &&
             cx_u64_add(d->rows_weight_negative, s->rows_weight_negative,
                        &d->rows_weight_negative) &&
             cx_u64_add(d->rows_weight_invalid, s->rows_weight_invalid,
                        &d->rows_weight_invalid) &&
             cx_u64_add(d->rows_complete, s->rows_complete, &d->rows_complete);
    for (size_t v = 0; v < d->nv && ok; v++)
        ok = cx_u64_add(d->valid[v], s->valid[v], &d->valid[v]) &&
             cx_u64_add(d->missing[v], s->missing[v], &d->missing[v]) &&
             cx_u64_add(d->rejected[v], s->rejected[v], &d->rejected[v]);
    for (size_t p = 0; p < cx_pair_count(d->nv) && ok; p++)
        ok = cx_comoments_merge(&d->pairs[p], &s->pairs[p]);
    if (!ok)
        return CX_E_OVERFLOW;
    if (s->lw_w > 0.0) {
        if (!(d->lw_w > 0.0)) {
            memcpy(d->lw_mean, s->lw_mean, d->nv * sizeof *d->lw_mean);
            memcpy(d->lw_co, s->lw_co, d->nv * d->nv * sizeof *d->lw_co);
        } else {
            double w = d->lw_w + s->lw_w, f = d->lw_w * s->lw_w / w;
            double delta[DRIVERS_MAX_PREDICTORS + 1];
            for (size_t i = 0; i < d->nv; i++) {
                delta[i] = s->lw_mean[i] - d->lw_mean[i];
                d->lw_mean[i] += delta[i] * s->lw_w / w;
            }
            for (size_t i = 0; i < d->nv; i++)
                for (size_t j = i; j < d->nv; j++)
                    d->lw_co[i * d->nv + j] += s->lw_co[i * d->nv + j] + delta[i] * delta[j] * f;
        }
        d->lw_w += s->lw_w;
        d->lw_w2 += s->lw_w2;
    }
    for (size_t j = 0; j < d->k; j++)
        if (!table_merge(&d->rank_pairwise[j], &s->rank_pairwise[j]) ||
            !table_merge(&d->rank_listwise[j], &s->rank_listwise[j]))
            return CX_E_NO_MEMORY;
    return CX_OK;
}

int
cx_drivers_merge(CxDrivers *dst, const CxDrivers *src)
{
    if (!dst || !src || dst == src)
        return CX_E_INVALID_ARGUMENT;
    if (dst->k != src->k)
        return CX_E_MISMATCH;
    CxDrivers *sum = drivers_copy(dst);
    if (!sum)
        return CX_E_NO_MEMORY;
    int status = merge_into(sum, src);
    if (status != CX_OK) {
        cx_drivers_free(sum);
        return status;
    }
    CxDrivers old = *dst;
    *dst = *sum;
    *sum = old;
    cx_drivers_free(sum);
    return CX_OK;
}

/* ---- adding ---------------------------------------------------------------------------------- */

int
cx_drivers_add(CxDrivers *d, const double *x, double y, double weight)
{
    if (!d || !x)
        return CX_E_INVALID_ARGUMENT;
    /* The Spearman tables this row may add a cell to get their room first, so that a row that
     * cannot be held changes nothing (cxscore.h). */
    const int usable = isfinite(weight) && weight > 0.0 && !isnan(y) && !isinf(y);
    int all = usable;
    for (size_t j = 0; usable && j < d->k; j++) {
        const int valid = !isnan(x[j]) && !isinf(x[j]);
        all &= valid;
        if (valid && !table_reserve(&d->rank_pairwise[j], 1))
            return CX_E_NO_MEMORY;
    }
    for (size_t j = 0; all && j < d->k; j++)
        if (!table_reserve(&d->rank_listwise[j], 1))
            return CX_E_NO_MEMORY;
    d->rows++;
    if (!isfinite(weight)) {
        d->rows_weight_invalid++;
        return CX_OK;
    }
    if (weight < 0.0) {
        d->rows_weight_negative++;
        return CX_OK;
    }
    const size_t k = d->k, nv = d->nv;
    double v[DRIVERS_MAX_PREDICTORS + 1];
    uint8_t ok[DRIVERS_MAX_PREDICTORS + 1];
    int complete = 1;
    for (size_t i = 0; i < nv; i++) {
        v[i] = i < k ? x[i] : y;
        ok[i] = 0;
        if (isnan(v[i]))
            d->missing[i]++;
        else if (isinf(v[i]))
            d->rejected[i]++;
        else {
            d->valid[i]++;
            ok[i] = 1;
        }
        complete &= ok[i];
    }
    for (size_t i = 0; i < nv; i++) {
        if (!ok[i])
            continue;
        for (size_t j = i + 1; j < nv; j++)
            if (ok[j])
                cx_comoments_add_weighted(&d->pairs[cx_pair_index(nv, i, j)], v[i], v[j], weight);
    }
    CxSum w = { weight, 0.0 };
    if (weight > 0.0)
        for (size_t j = 0; j < k; j++)
            if (ok[j] && ok[k])
                table_add(&d->rank_pairwise[j], v[j], y, &w); /* room reserved */
    if (!complete)
        return CX_OK;
    d->rows_complete++;
    if (!(weight > 0.0))
        return CX_OK;
    d->lw_w += weight;
    d->lw_w2 += weight * weight;
    double delta[DRIVERS_MAX_PREDICTORS + 1];
    for (size_t i = 0; i < nv; i++) {
        delta[i] = v[i] - d->lw_mean[i];
        d->lw_mean[i] += delta[i] * weight / d->lw_w;
    }
    for (size_t i = 0; i < nv; i++)
        for (size_t j = i; j < nv; j++)
            d->lw_co[i * nv + j] += weight * delta[i] * (v[j] - d->lw_mean[j]);
    for (size_t j = 0; j < k; j++)
        table_add(&d->rank_listwise[j], v[j], y, &w); /* room reserved */
    return CX_OK;
}

int
cx_drivers_add_rows(CxDrivers *d, const double *x, const double *y, const double *weights,
                    size_t n_rows)
{
    if (!d || ((!x || !y) && n_rows > 0))
        return CX_E_INVALID_ARGUMENT;
    /* Room for every cell the rows may add first (at most one per row and table), so that rows
     * that cannot be held leave the accumulator as it was (cxscore.h). */
    size_t pairwise[DRIVERS_MAX_PREDICTORS] = { 0 }, listwise[DRIVERS_MAX_PREDICTORS] = { 0 };
    for (size_t r = 0; r < n_rows; r++) {
        const double w = weights ? weights[r] : 1.0;
        if (!isfinite(w) || !(w > 0.0) || isnan(y[r]) || isinf(y[r]))
            continue;
        int all = 1;
        for (size_t j = 0; j < d->k; j++) {
            const double v = x[r * d->k + j];
            const int valid = !isnan(v) && !isinf(v);
            pairwise[j] += (size_t)valid;
            all &= valid;
        }
        for (size_t j = 0; all && j < d->k; j++)
            listwise[j]++;
    }
    for (size_t j = 0; j < d->k; j++)
        if (!table_reserve(&d->rank_pairwise[j], pairwise[j]) ||
            !table_reserve(&d->rank_listwise[j], listwise[j]))
            return CX_E_NO_MEMORY;
    for (size_t r = 0; r < n_rows; r++)
        cx_drivers_add(d, x + r * d->k, y[r], weights ? weights[r] : 1.0); /* room reserved */
    return CX_OK;
}

/* ---- Spearman's ρ from a table -------------------------------------------------------------- */

typedef struct {
    const Cell *cells;
    int by_y;
} SortCtx;

static int
cmp_index(const void *a, const void *b, void *user)
{
    const SortCtx *ctx = user;
    const Cell *ca = &ctx->cells[*(const uint32_t *)a], *cb = &ctx->cells[*(const uint32_t *)b];
    double va = ctx->by_y ? ca->y : ca->x, vb = ctx->by_y ? cb->y : cb->x;
    return va < vb ? -1 : va > vb ? 1 : 0;
}

/* Mid-rank of every cell's value in one coordinate: total weight below the value plus half its
 * own (the constant ½ of the unweighted mid-rank does not change a correlation). */
static void
mid_ranks(const Table *t, int by_y, uint32_t *order, double *rank)
{
    SortCtx ctx = { t->cells, by_y };
    for (size_t i = 0; i < t->len; i++)
        order[i] = (uint32_t)i;
    g_qsort_with_data(order, (gint)t->len, sizeof *order, cmp_index, &ctx);
    double below = 0.0;
    for (size_t i = 0; i < t->len;) {
        size_t end = i;
        double tie = 0.0;
        while (end < t->len && cmp_index(&order[i], &order[end], &ctx) == 0)
            tie += cx_sum_value(&t->cells[order[end++]].w);
        for (size_t m = i; m < end; m++)
            rank[order[m]] = below + tie / 2.0;
        below += tie;
        i = end;
    }
}

static int
spearman(const Table *t, double *rho)
{
    *rho = CX_NAN;
    if (t->status != CX_OK)
        return t->status;
    if (t->len < 2)
        return CX_E_UNDEFINED;
    uint32_t *order = g_try_new(uint32_t, t->len);
    double *rx = g_try_new(double, t->len), *ry = g_try_new(double, t->len);
    int status = CX_E_NO_MEMORY;
    if (!order || !rx || !ry)
        goto out;
    mid_ranks(t, 0, order, rx);
    mid_ranks(t, 1, order, ry);
    double w = 0.0, mx = 0.0, my = 0.0;
    for (size_t i = 0; i < t->len; i++) {
        double wi = cx_sum_value(&t->cells[i].w);
        w += wi;
        mx += wi * rx[i];
        my += wi * ry[i];
    }
    mx /= w;
    my /= w;
    double sxx = 0.0, syy = 0.0, sxy = 0.0;
    for (size_t i = 0; i < t->len; i++) {
        double wi = cx_sum_value(&t->cells[i].w), dx = rx[i] - mx, dy = ry[i] - my;
        sxx += wi * dx * dx;
        syy += wi * dy * dy;
        sxy += wi * dx * dy;
    }
    if (!(sxx > 0.0) || !(syy > 0.0)) {
        status = CX_E_UNDEFINED;
        goto out;
    }
    *rho = fmax(-1.0, fmin(1.0, sxy / sqrt(sxx * syy)));
    status = CX_OK;
out:
    g_free(order);
    g_free(rx);
    g_free(ry);
    return status;
}

/* ---- linear algebra on small symmetric matrices (row-major k × k) ---------------------------- */

/* Cholesky factor L (lower) of a; returns −1 on success or the first index whose pivot (its
 * tolerance, for a correlation matrix) is below DRIVERS_MIN_TOLERANCE. */
static long
cholesky(size_t k, const double *a, double *l)
{
    memset(l, 0, k * k * sizeof *l);
    for (size_t j = 0; j < k; j++) {
        double d = a[j * k + j];
        for (size_t m = 0; m < j; m++)
            d -= l[j * k + m] * l[j * k + m];
        if (!(d >= DRIVERS_MIN_TOLERANCE * a[j * k + j]) || !(d > 0.0))
            return (long)j;
        l[j * k + j] = sqrt(d);
        for (size_t i = j + 1; i < k; i++) {
            double s = a[i * k + j];
            for (size_t m = 0; m < j; m++)
                s -= l[i * k + m] * l[j * k + m];
            l[i * k + j] = s / l[j * k + j];
        }
    }
    return -1;
}

/* Solves L Lᵀ x = b. */
static void
cholesky_solve(size_t k, const double *l, const double *b, double *x)
{
    for (size_t i = 0; i < k; i++) {
        double s = b[i];
        for (size_t m = 0; m < i; m++)
            s -= l[i * k + m] * x[m];
        x[i] = s / l[i * k + i];
    }
    for (size_t i = k; i-- > 0;) {
        double s = x[i];
        for (size_t m = i + 1; m < k; m++)
            s -= l[m * k + i] * x[m];
        x[i] = s / l[i * k + i];
    }
}

/* Eigen-decomposition a = V diag(lambda) Vᵀ of a symmetric matrix by cyclic Jacobi rotations
 * (Golub & Van Loan §8.5.3): a is overwritten; V's columns are the eigenvectors. */
static int
jacobi_eigen(size_t k, double *a, double *v, double *lambda)
{
    double total = 0.0;
    for (size_t i = 0; i < k * k; i++)
        total += a[i] * a[i];
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++)
            v[i * k + j] = i == j ? 1.0 : 0.0;
    int converged = 0;
    for (int sweep = 0; sweep < JACOBI_MAX_SWEEPS && !converged; sweep++) {
        double off = 0.0;
        for (size_t p = 0; p < k; p++)
            for (size_t q = p + 1; q < k; q++)
                off += 2.0 * a[p * k + q] * a[p * k + q];
        if (!(off > 1e-30 * total)) { /* off(A) ≤ 10⁻¹⁵ ‖A‖_F */
            converged = 1;
            break;
        }
        for (size_t p = 0; p < k; p++) {
            for (size_t q = p + 1; q < k; q++) {
                double apq = a[p * k + q];
                if (cx_is_zero(apq))
                    continue;
                /* The rotation that zeroes a_pq: τ = (a_qq − a_pp)/(2a_pq), t the smaller root
                 * of t² + 2τt − 1 = 0, c = 1/√(1 + t²), s = t·c. */
                double tau = (a[q * k + q] - a[p * k + p]) / (2.0 * apq);
                double t = (tau >= 0.0 ? 1.0 : -1.0) / (fabs(tau) + sqrt(1.0 + tau * tau));
                double c = 1.0 / sqrt(1.0 + t * t), s = t * c;
                for (size_t m = 0; m < k; m++) { /* A ← A·J */
                    double amp = a[m * k + p], amq = a[m * k + q];
                    a[m * k + p] = c * amp - s * amq;
                    a[m * k + q] = s * amp + c * amq;
                }
                for (size_t m = 0; m < k; m++) { /* A ← Jᵀ·A */
                    double apm = a[p * k + m], aqm = a[q * k + m];
                    a[p * k + m] = c * apm - s * aqm;
                    a[q * k + m] = s * apm + c * aqm;
                }
                a[p * k + q] = a[q * k + p] = 0.0;
                for (size_t m = 0; m < k; m++) { /* V ← V·J */
                    double vmp = v[m * k + p], vmq = v[m * k + q];
                    v[m * k + p] = c * vmp - s * vmq;
                    v[m * k + q] = s * vmp + c * vmq;
                }
            }
        }
    }
    for (size_t i = 0; i < k; i++)
        lambda[i] = a[i * k + i];
    return converged ? CX_OK : CX_E_NO_CONVERGENCE;
}

/* ---- results --------------------------------------------------------------------------------- */

typedef struct {
    CxDriversResult model;
    CxDriver pred[DRIVERS_MAX_PREDICTORS];
    int status;
} Figures;

/* Kish's n_eff (core/util-private.h), 0 for rows without weight (the results' convention). */
static double
kish(double w, double w2)
{
    double n_eff = cx_kish_n_eff(w, w2);
    return isnan(n_eff) ? 0.0 : n_eff;
}

/* Correlation, n, n_eff of variables i < j under the mode. */
static double
correlation(const CxDrivers *d, int mode, size_t i, size_t j, uint64_t *n, double *n_eff)
{
    double cii, cjj, cij;
    if (mode == CX_MISSING_LISTWISE) {
        cii = d->lw_co[i * d->nv + i];
        cjj = d->lw_co[j * d->nv + j];
        cij = d->lw_co[i * d->nv + j];
        *n = d->rows_complete;
        *n_eff = kish(d->lw_w, d->lw_w2);
    } else {
        const CxCoMoments *p = &d->pairs[cx_pair_index(d->nv, i, j)];
        cii = p->m2_a;
        cjj = p->m2_b;
        cij = p->co;
        *n = p->n;
        *n_eff = kish(p->w, p->w2);
    }
    if (!(cii > 0.0) || !(cjj > 0.0))
        return CX_NAN;
    return fmax(-1.0, fmin(1.0, cij / sqrt(cii * cjj)));
}

/* Fills the figures of predictor j; returns CX_E_NO_MEMORY when ρ's working memory could not be
 * had (then the call that asked fails: cxscore.h), CX_OK otherwise. */
static int
predictor_figures(const CxDrivers *d, int mode, double level, size_t j, CxDriver *p)
{
    memset(p, 0, sizeof *p);
    p->size = sizeof *p;
    p->valid = d->valid[j];
    p->missing = d->missing[j];
    p->rejected = d->rejected[j];
    p->r = correlation(d, mode, j, d->k, &p->n, &p->n_eff);
    double w, m2;
    if (mode == CX_MISSING_LISTWISE) {
        w = d->lw_w;
        p->mean = d->lw_mean[j];
        m2 = d->lw_co[j * d->nv + j];
    } else {
        const CxCoMoments *pr = &d->pairs[cx_pair_index(d->nv, j, d->k)];
        w = pr->w;
        p->mean = pr->mean_a;
        m2 = pr->m2_a;
    }
    if (!(w > 0.0))
        p->mean = CX_NAN;
    /* sd² = m2/Σw · n_eff/(n_eff − 1): the n − 1 variance unweighted (as loyalty-index.c). */
    p->sd = p->n_eff > 1.0 ? sqrt(m2 / w * p->n_eff / (p->n_eff - 1.0)) : CX_NAN;
    p->r_p_value = p->r_ci_lower = p->r_ci_upper = CX_NAN;
    if (!isnan(p->r) && p->n_eff > 2.0) {
        double df = p->n_eff - 2.0, one_minus = 1.0 - p->r * p->r;
        double t = one_minus > 0.0 ? p->r * sqrt(df / one_minus) : copysign(HUGE_VAL, p->r);
        p->r_p_value = cx_t_two_sided_p(t, df);
    }
    if (!isnan(p->r) && p->n_eff > 3.0) {
        double z = atanh(p->r), half = cx_normal_z_for_level(level) / sqrt(p->n_eff - 3.0);
        p->r_ci_lower = tanh(z - half);
        p->r_ci_upper = tanh(z + half);
    }
    const Table *t = mode == CX_MISSING_LISTWISE ? &d->rank_listwise[j] : &d->rank_pairwise[j];
    p->rho_status = spearman(t, &p->rho);
    p->beta = p->relative_weight = p->relative_weight_pct = CX_NAN;
    p->rank = 0;
    /* ρ's working memory could not be had (a table is never dropped for memory: adds fail). */
    return p->rho_status == CX_E_NO_MEMORY ? CX_E_NO_MEMORY : CX_OK;
}

/* Of variables i < j whose correlation is undefined, the predictor without variance on the rows
 * behind it, or −1 if only the outcome (j = k) has none. */
static int32_t
constant_variable(const CxDrivers *d, int mode, size_t i, size_t j)
{
    double cii, cjj;
    if (mode == CX_MISSING_LISTWISE) {
        cii = d->lw_co[i * d->nv + i];
        cjj = d->lw_co[j * d->nv + j];
    } else {
        cii = d->pairs[cx_pair_index(d->nv, i, j)].m2_a;
        cjj = d->pairs[cx_pair_index(d->nv, i, j)].m2_b;
    }
    if (!(cii > 0.0))
        return (int32_t)i;
    return j < d->k && !(cjj > 0.0) ? (int32_t)j : -1;
}

/* The regression of y on the k predictors from their correlations. */
static int
regression(const CxDrivers *d, int mode, Figures *f)
{
    const size_t k = d->k;
    CxDriversResult *m = &f->model;
    /* Four k × k matrices (up to 64 × 64 doubles each) on the heap. */
    double *rxx = g_try_new(double, k * k), *work = g_try_new(double, k * k),
           *vec = g_try_new(double, k * k), *lam = g_try_new(double, k * k);
    double rxy[DRIVERS_MAX_PREDICTORS], beta[DRIVERS_MAX_PREDICTORS],
           eig[DRIVERS_MAX_PREDICTORS], tmp[DRIVERS_MAX_PREDICTORS],
           bstar[DRIVERS_MAX_PREDICTORS];
    int status = CX_E_NO_MEMORY;
    if (!rxx || !work || !vec || !lam)
        goto out;
    uint64_t n_min = UINT64_MAX;
    double neff_min = HUGE_VAL;
    for (size_t i = 0; i < d->nv; i++) {
        for (size_t j = i + 1; j < d->nv; j++) {
            uint64_t n;
            double ne;
            double r = correlation(d, mode, i, j, &n, &ne);
            n_min = n < n_min ? n : n_min;
            neff_min = fmin(ne, neff_min);
            if (j == k)
                rxy[i] = r;
            else
                rxx[i * k + j] = rxx[j * k + i] = r;
        }
        if (i < k)
            rxx[i * k + i] = 1.0;
    }
    m->n = n_min;
    m->n_eff = neff_min;
    status = CX_E_EMPTY;
    if (n_min == 0 || !(neff_min > 0.0))
        goto out;
    status = CX_E_UNDEFINED;
    /* A correlation without variance behind it: name the predictor that has none (none when it
     * is the outcome that is constant). */
    for (size_t i = 0; i < d->nv; i++)
        for (size_t j = i + 1; j < d->nv; j++)
            if (isnan(j == k ? rxy[i] : rxx[i * k + j])) {
                m->singular_predictor = constant_variable(d, mode, i, j);
                goto out;
            }
    if (!(neff_min > (double)k + 1.0))
        goto out;
    long bad = cholesky(k, rxx, work);
    if (bad >= 0) {
        m->singular_predictor = (int32_t)bad;
        goto out;
    }
    cholesky_solve(k, work, rxy, beta);
    double r2 = 0.0;
    for (size_t j = 0; j < k; j++)
        r2 += beta[j] * rxy[j];
    if (!(r2 >= 0.0) || r2 > 1.0 + 1e-12) /* pairwise: not a correlation matrix */
        goto out;
    r2 = fmin(r2, 1.0);
    /* Johnson (2000): Λ = V diag(√λ) Vᵀ, β* = Λ⁻¹ rxy = V diag(1/√λ) Vᵀ rxy,
     * raw weight_j = Σ_m Λ_jm² β*_m². */
    memcpy(work, rxx, k * k * sizeof *work);
    status = jacobi_eigen(k, work, vec, eig);
    if (status != CX_OK)
        goto out;
    status = CX_E_UNDEFINED;
    for (size_t i = 0; i < k; i++)
        if (!(eig[i] > 0.0))
            goto out;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            double s = 0.0;
            for (size_t m2 = 0; m2 < k; m2++)
                s += vec[i * k + m2] * sqrt(eig[m2]) * vec[j * k + m2];
            lam[i * k + j] = s;
        }
    for (size_t m2 = 0; m2 < k; m2++) { /* tmp = diag(1/√λ) Vᵀ rxy */
        double s = 0.0;
        for (size_t i = 0; i < k; i++)
            s += vec[i * k + m2] * rxy[i];
        tmp[m2] = s / sqrt(eig[m2]);
    }
    for (size_t i = 0; i < k; i++) {
        double s = 0.0;
        for (size_t m2 = 0; m2 < k; m2++)
            s += vec[i * k + m2] * tmp[m2];
        bstar[i] = s;
    }
    for (size_t j = 0; j < k; j++) {
        double raw = 0.0;
        for (size_t m2 = 0; m2 < k; m2++)
            raw += lam[j * k + m2] * lam[j * k + m2] * bstar[m2] * bstar[m2];
        f->pred[j].beta = beta[j];
        f->pred[j].relative_weight = raw;
        f->pred[j].relative_weight_pct = r2 > 0.0 ? 100.0 * raw / r2 : CX_NAN;
    }
    for (size_t j = 0; j < k; j++) {
        uint32_t rank = 1;
        for (size_t i = 0; i < k; i++)
            rank += f->pred[i].relative_weight > f->pred[j].relative_weight;
        f->pred[j].rank = rank;
    }
    m->r_squared = r2;
    double n = neff_min, df2 = n - (double)k - 1.0;
    m->adj_r_squared = 1.0 - (1.0 - r2) * (n - 1.0) / df2;
    m->df1 = (double)k;
    m->df2 = df2;
    m->f = r2 < 1.0 ? (r2 / (double)k) / ((1.0 - r2) / df2) : HUGE_VAL;
    m->f_p_value = cx_f_sf(m->f, m->df1, df2);
    status = CX_OK;
out:
    g_free(rxx);
    g_free(work);
    g_free(vec);
    g_free(lam);
    return status;
}

/* Every model figure, and the figures of predictor @only (all of them for SIZE_MAX). */
static int
compute(const CxDrivers *d, int mode, double level, size_t only, Figures *f)
{
    CxDriversResult *m = &f->model;
    memset(m, 0, sizeof *m);
    m->size = sizeof *m;
    m->k = d->k;
    m->rows = d->rows;
    m->rows_weight_negative = d->rows_weight_negative;
    m->rows_weight_invalid = d->rows_weight_invalid;
    m->rows_complete = d->rows_complete;
    m->outcome_valid = d->valid[d->k];
    m->outcome_missing = d->missing[d->k];
    m->outcome_rejected = d->rejected[d->k];
    m->level = level;
    m->missing_mode = mode;
    m->singular_predictor = -1;
    m->r_squared = m->adj_r_squared = m->f = m->df1 = m->df2 = m->f_p_value = CX_NAN;
    for (size_t j = 0; j < d->k; j++)
        if ((only == SIZE_MAX || only == j) &&
            predictor_figures(d, mode, level, j, &f->pred[j]) == CX_E_NO_MEMORY)
            return CX_E_NO_MEMORY;
    int status = regression(d, mode, f);
    if (status != CX_E_UNDEFINED)
        m->singular_predictor = -1;
    m->regression_status = status;
    if (status != CX_OK)
        for (size_t j = 0; j < d->k; j++) {
            f->pred[j].beta = f->pred[j].relative_weight = CX_NAN;
            f->pred[j].relative_weight_pct = CX_NAN;
            f->pred[j].rank = 0;
        }
    return status;
}

int
cx_drivers_result(const CxDrivers *d, int missing_mode, double level, CxDriversResult *out)
{
    if (!d || !mode_ok(missing_mode) || !cx_level_ok(level) || !out)
        return CX_E_INVALID_ARGUMENT;
    if (cx_struct_size(out) < CX_ABI_DRIVERS_RESULT)
        return CX_E_STRUCT_SIZE;
    Figures *f = g_try_new(Figures, 1);
    if (!f)
        return CX_E_NO_MEMORY;
    int status = compute(d, missing_mode, level, SIZE_MAX, f);
    /* Without memory the figures are half made: nothing is written. */
    int copy = status == CX_E_NO_MEMORY
                   ? CX_OK
                   : cx_struct_out(out, &f->model, sizeof f->model, CX_ABI_DRIVERS_RESULT);
    g_free(f);
    return copy != CX_OK ? copy : status;
}

int
cx_drivers_predictor(const CxDrivers *d, size_t j, int missing_mode, double level, CxDriver *out)
{
    if (!d || !mode_ok(missing_mode) || !cx_level_ok(level) || !out || j >= d->k)
        return CX_E_INVALID_ARGUMENT;
    if (cx_struct_size(out) < CX_ABI_DRIVER)
        return CX_E_STRUCT_SIZE;
    Figures *f = g_try_new(Figures, 1);
    if (!f)
        return CX_E_NO_MEMORY;
    int status = compute(d, missing_mode, level, j, f);
    int copy = status == CX_E_NO_MEMORY
                   ? CX_OK
                   : cx_struct_out(out, &f->pred[j], sizeof f->pred[j], CX_ABI_DRIVER);
    g_free(f);
    return copy != CX_OK ? copy : status;
}

/* ---- serialization ----------------------------------------------------------------------------
 * Framing in state-private.h (magic "CXDR", driver analysis). Payload of format version 2 (the payload of format 1, which had no checksum),
 * DR_STATE_TYPE_V1, a tuple of columns of basic types, each built in a g_try_malloc buffer that
 * GVariant takes as it is (the cells alone can reach 2k · 4096 · 32 bytes = 16 MiB):
 *   t k, the predictors (1 … 64); variables 0 … k − 1 are the predictors, variable k the outcome;
 *   t rows, t rows with a negative weight, t rows with an invalid weight, t complete rows;
 *   at valid, at missing (NaN), at rejected (±infinity) cells of each variable (k + 1 each);
 *   at the rows of each pair i < j of variables, row-major ((k + 1)k/2), and
 *   ad 7 moments a pair over those rows: Σw, Σw², the two weighted means, Σw(a − ā)²,
 *      Σw(b − b̄)², Σw(a − ā)(b − b̄);
 *   d Σw, d Σw² of the complete rows, ad their k + 1 means, ad their co-moments, the upper
 *      triangle with the diagonal, row-major ((k + 1)(k + 2)/2);
 *   ay the state of each Spearman table, the pairwise tables of predictors 0 … k − 1 then the
 *      listwise ones: 0 kept, 1 dropped for too many cells, 2 dropped for want of memory;
 *   at their numbers of cells (0 for a dropped table, ≤ cx_drivers_max_distinct());
 *   ad the cells, table after table: x, y, Σw and its compensation (Neumaier).
 * Cells are written in the order their table holds them, the order in which ρ's sums run, so
 * that a state read back gives every figure bit for bit. (The moments, updated row by row,
 * depend on the order of the rows in their last bits anyway.)
 */
#define DR_MAGIC "CXDR"
#define DR_FORMAT_VERSION 2 /* 1 had no checksum: not read */
#define DR_STATE_TYPE_V1 "(tttttatatatatadddadadayatad)"
#define DR_STATE_GET "(ttttt@at@at@at@at@addd@ad@ad@ay@at@ad)"
#define PAIR_MOMENTS 7

/* A table's state: kept, or dropped past cx_drivers_max_distinct() cells (adds that cannot grow
 * a table fail instead of dropping it, so no other state exists). */
enum { TABLE_KEPT, TABLE_TOO_MANY };

enum { COL_VALID, COL_MISSING, COL_REJECTED, COL_PAIR_N, COL_PAIR_M, COL_MEAN, COL_CO,
       COL_STATE, COL_CELLS_N, COL_CELLS, N_COLUMNS };

static const char *const column_types[N_COLUMNS] = { "at", "at", "at", "at", "ad",
                                                     "ad", "ad", "ay", "at", "ad" };

/* Table t of the state order: the pairwise ones, then the listwise ones. */
static Table *
table_at(const CxDrivers *d, size_t t)
{
    return t < d->k ? &d->rank_pairwise[t] : &d->rank_listwise[t - d->k];
}

/* The number of elements of each column of a state of @k predictors with @cells cells. */
static void
column_lengths(size_t k, size_t cells, size_t *n)
{
    const size_t nv = k + 1, np = cx_pair_count(nv);
    const size_t lengths[N_COLUMNS] = { nv, nv, nv, np, PAIR_MOMENTS * np, nv, nv * (nv + 1) / 2,
                                        2 * k, 2 * k, 4 * cells };
    memcpy(n, lengths, sizeof lengths);
}

int
cx_drivers_serialize(const CxDrivers *drivers, uint8_t **bytes, size_t *len)
{
    if (!drivers || !bytes || !len)
        return CX_E_INVALID_ARGUMENT;
    *bytes = NULL;
    *len = 0;
    const CxDrivers *d = drivers;
    size_t cells = 0, n[N_COLUMNS];
    for (size_t t = 0; t < 2 * d->k; t++)
        cells += table_at(d, t)->len;
    column_lengths(d->k, cells, n);
    void *buf[N_COLUMNS];
    int ok = 1;
    for (int c = 0; c < N_COLUMNS; c++) {
        buf[c] = cx_column_alloc(n[c], c == COL_STATE ? 1 : 8);
        ok = ok && buf[c];
    }
    if (!ok) {
        for (int c = 0; c < N_COLUMNS; c++)
            g_free(buf[c]);
        return CX_E_NO_MEMORY;
    }
    const size_t nv = d->nv;
    memcpy(buf[COL_VALID], d->valid, nv * sizeof *d->valid);
    memcpy(buf[COL_MISSING], d->missing, nv * sizeof *d->missing);
    memcpy(buf[COL_REJECTED], d->rejected, nv * sizeof *d->rejected);
    memcpy(buf[COL_MEAN], d->lw_mean, nv * sizeof *d->lw_mean);
    uint64_t *pair_n = buf[COL_PAIR_N], *cells_n = buf[COL_CELLS_N];
    double *pair_m = buf[COL_PAIR_M], *co = buf[COL_CO], *cell = buf[COL_CELLS];
    uint8_t *state = buf[COL_STATE];
    for (size_t p = 0; p < n[COL_PAIR_N]; p++) {
        const CxCoMoments *pr = &d->pairs[p];
        const double m[PAIR_MOMENTS] = { pr->w, pr->w2, pr->mean_a, pr->mean_b, pr->m2_a, pr->m2_b,
                                         pr->co };
        pair_n[p] = pr->n;
        memcpy(&pair_m[PAIR_MOMENTS * p], m, sizeof m);
    }
    for (size_t i = 0, at = 0; i < nv; i++)
        for (size_t j = i; j < nv; j++)
            co[at++] = d->lw_co[i * nv + j];
    for (size_t t = 0, at = 0; t < 2 * d->k; t++) {
        const Table *tb = table_at(d, t);
        state[t] = tb->status == CX_OK ? TABLE_KEPT : TABLE_TOO_MANY;
        cells_n[t] = tb->len;
        for (size_t i = 0; i < tb->len; i++, at += 4) {
            const Cell *c = &tb->cells[i];
            cell[at] = c->x;
            cell[at + 1] = c->y;
            cell[at + 2] = c->w.s;
            cell[at + 3] = c->w.c;
        }
    }
    GVariant *col[N_COLUMNS];
    for (int c = 0; c < N_COLUMNS; c++)
        col[c] = cx_column_take(column_types[c], buf[c], n[c] * (c == COL_STATE ? 1 : 8));
    GVariant *payload = g_variant_new(
        DR_STATE_GET, (guint64)d->k, (guint64)d->rows, (guint64)d->rows_weight_negative,
        (guint64)d->rows_weight_invalid, (guint64)d->rows_complete, col[COL_VALID],
        col[COL_MISSING], col[COL_REJECTED], col[COL_PAIR_N], col[COL_PAIR_M], d->lw_w, d->lw_w2,
        col[COL_MEAN], col[COL_CO], col[COL_STATE], col[COL_CELLS_N], col[COL_CELLS]);
    return cx_state_pack(DR_MAGIC, DR_FORMAT_VERSION, payload, bytes, len);
}

/* The counts: every accepted row counts each variable once; complete rows are in every pair. */
static int
counts_read(CxDrivers *d, const guint64 *const *c, const guint64 *pair_n)
{
    uint64_t dropped, accepted;
    if (!cx_u64_add(d->rows_weight_negative, d->rows_weight_invalid, &dropped) ||
        dropped > d->rows)
        return 0;
    accepted = d->rows - dropped;
    for (size_t v = 0; v < d->nv; v++) {
        uint64_t cells;
        if (!cx_u64_add(c[0][v], c[1][v], &cells) || !cx_u64_add(cells, c[2][v], &cells) ||
            cells != accepted || d->rows_complete > c[0][v])
            return 0;
        d->valid[v] = c[0][v];
        d->missing[v] = c[1][v];
        d->rejected[v] = c[2][v];
    }
    for (size_t i = 0; i < d->nv; i++)
        for (size_t j = i + 1; j < d->nv; j++) {
            uint64_t n = pair_n[cx_pair_index(d->nv, i, j)];
            if (n < d->rows_complete || n > d->valid[i] || n > d->valid[j])
                return 0;
        }
    return 1;
}

/* The moments of a pair, or of the complete rows: weight sums that n rows can have; no weight,
 * no moment. The co-moments are only checked finite: Welford's first update can leave one a
 * rounding below zero, and the figures take a variance ≤ 0 as none. */
static int
moments_ok(double w, double w2, uint64_t n, const double *m, size_t n_m)
{
    if (!isfinite(w) || !isfinite(w2) || !cx_weight_sums_consistent(w, w2, n))
        return 0;
    for (size_t i = 0; i < n_m; i++)
        if (w > 0.0 ? !isfinite(m[i]) : !cx_is_zero(m[i]))
            return 0;
    return w > 0.0 || cx_is_zero(w2);
}

/* Table @t from its cells: kept ones each a distinct (x, y) with a positive weight, no more
 * than the rows behind them; a table has cells if and only if its rows have weight. */
static int
table_read(CxDrivers *d, size_t t, uint8_t state, size_t len, const double *cell)
{
    const int listwise = t >= d->k;
    const size_t j = listwise ? t - d->k : t;
    const CxCoMoments *p = &d->pairs[cx_pair_index(d->nv, j, d->k)];
    const uint64_t rows = listwise ? d->rows_complete : p->n;
    const double w = listwise ? d->lw_w : p->w;
    Table *tb = table_at(d, t);
    if (state > TABLE_TOO_MANY || (state != TABLE_KEPT && len > 0) || len > rows ||
        (state == TABLE_KEPT && (len > 0) != (w > 0.0)))
        return CX_E_CORRUPT;
    for (size_t i = 0; i < len; i++, cell += 4) {
        const CxSum cw = { cell[2], cell[3] };
        /* Values are finite and −0 is +0, as cx_drivers_add() keeps them. */
        if (!isfinite(cell[0]) || !isfinite(cell[1]) || !isfinite(cw.s) || !isfinite(cw.c) ||
            (cx_is_zero(cell[0]) && signbit(cell[0])) ||
            (cx_is_zero(cell[1]) && signbit(cell[1])) || !(cx_sum_value(&cw) > 0.0))
            return CX_E_CORRUPT;
        if (!table_add(tb, cell[0], cell[1], &cw))
            return CX_E_NO_MEMORY;
        if (tb->status != CX_OK)
            return CX_E_CORRUPT; /* more cells than the cap */
        if (tb->len != i + 1) /* the same (x, y) twice */
            return CX_E_CORRUPT;
    }
    tb->status = state == TABLE_KEPT ? CX_OK : CX_E_OVERFLOW;
    return CX_OK;
}

int
cx_drivers_deserialize(const uint8_t *bytes, size_t len, CxDrivers **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    GVariant *payload = NULL;
    int status = cx_state_unpack(bytes, len, DR_MAGIC, DR_FORMAT_VERSION, DR_STATE_TYPE_V1,
                                 &payload, NULL);
    if (status != CX_OK)
        return status;
    guint64 k, rows, negative, invalid, complete;
    double lw_w, lw_w2;
    GVariant *col[N_COLUMNS];
    g_variant_get(payload, DR_STATE_GET, &k, &rows, &negative, &invalid, &complete,
                  &col[COL_VALID], &col[COL_MISSING], &col[COL_REJECTED], &col[COL_PAIR_N],
                  &col[COL_PAIR_M], &lw_w, &lw_w2, &col[COL_MEAN], &col[COL_CO], &col[COL_STATE],
                  &col[COL_CELLS_N], &col[COL_CELLS]);
    const void *data[N_COLUMNS];
    gsize got[N_COLUMNS];
    for (int c = 0; c < N_COLUMNS; c++)
        data[c] = g_variant_get_fixed_array(col[c], &got[c], c == COL_STATE ? 1 : 8);
    const guint64 *cells_n = data[COL_CELLS_N];
    CxDrivers *d = NULL;
    size_t cells = 0, want[N_COLUMNS];
    status = CX_E_CORRUPT;
    if (k < 1 || k > DRIVERS_MAX_PREDICTORS || got[COL_CELLS_N] != 2 * k)
        goto out;
    for (size_t t = 0; t < 2 * k; t++) {
        if (cells_n[t] > DRIVERS_MAX_DISTINCT)
            goto out;
        cells += cells_n[t];
    }
    column_lengths(k, cells, want);
    if (memcmp(want, got, sizeof want) != 0)
        goto out;
    d = drivers_create(k);
    if (!d) {
        status = CX_E_NO_MEMORY;
        goto out;
    }
    d->rows = rows;
    d->rows_weight_negative = negative;
    d->rows_weight_invalid = invalid;
    d->rows_complete = complete;
    const guint64 *counts[3] = { data[COL_VALID], data[COL_MISSING], data[COL_REJECTED] };
    const guint64 *pair_n = data[COL_PAIR_N];
    const double *pair_m = data[COL_PAIR_M], *mean = data[COL_MEAN], *co = data[COL_CO];
    if (!counts_read(d, counts, pair_n))
        goto out;
    for (size_t p = 0; p < want[COL_PAIR_N]; p++) {
        const double *m = &pair_m[PAIR_MOMENTS * p];
        if (!moments_ok(m[0], m[1], pair_n[p], m + 2, PAIR_MOMENTS - 2))
            goto out;
        d->pairs[p] = (CxCoMoments){ pair_n[p], m[0], m[1], m[2], m[3], m[4], m[5], m[6] };
    }
    if (!moments_ok(lw_w, lw_w2, complete, mean, d->nv) ||
        !moments_ok(lw_w, lw_w2, complete, co, want[COL_CO]))
        goto out;
    d->lw_w = lw_w;
    d->lw_w2 = lw_w2;
    memcpy(d->lw_mean, mean, d->nv * sizeof *mean);
    for (size_t i = 0, at = 0; i < d->nv; i++)
        for (size_t j = i; j < d->nv; j++)
            d->lw_co[i * d->nv + j] = co[at++];
    static const double no_cells[1];
    const uint8_t *state = data[COL_STATE];
    /* An empty column is NULL, and even NULL + 0 is undefined (found by UBSan). */
    const double *cell = data[COL_CELLS] ? data[COL_CELLS] : no_cells;
    status = CX_OK;
    for (size_t t = 0; t < 2 * k && status == CX_OK; t++) {
        status = table_read(d, t, state[t], cells_n[t], cell);
        cell += 4 * cells_n[t];
    }
out:
    for (int c = 0; c < N_COLUMNS; c++)
        g_variant_unref(col[c]);
    g_variant_unref(payload);
    if (status != CX_OK) {
        cx_drivers_free(d);
        return status;
    }
    *out = d;
    return CX_OK;
}
