/* SPDX-License-Identifier: MIT */
/*
 * SERVQUAL accumulator (see cx-servqual.h for the definitions and docs/servqual.md for the
 * sources). Every statistic is kept as one-pass moments (Welford) merged with Chan et al.'s
 * formulas, and reliability as one CxAlpha per dimension and series, so no respondent is stored.
 */
#include <cxscore/cx-error.h>
#include <cxscore/cx-servqual.h>

#include <glib.h>
#include <math.h>
#include <string.h>

#include "score/alpha-private.h"
#include "core/block-private.h"
#include "score/instrument-private.h"
#include "core/moments-private.h"
#include "core/state-private.h"
#include "stats/distributions-private.h"
#include "core/util-private.h"
#include "score/abi-private.h"

#define IMPORTANCE_TOLERANCE 0.5

typedef CxMoments Mom;

/* Per item: E, P and gap moments; three-column moments and counts. */
enum { ITEM_E, ITEM_P, ITEM_G, ITEM_A, ITEM_D, ITEM_MSA, ITEM_MSS, ITEM_WIDTH, ITEM_MOMS };
enum { ZONE_BELOW, ZONE_WITHIN, ZONE_ABOVE, ZONE_INVERSIONS, ZONE_COUNTS };
/* Per dimension: respondent-level scores (gap for the t-test; E and P for respondent mode) and
 * importance shares. */
enum { DIM_GAP, DIM_E, DIM_P, DIM_WEIGHT, DIM_MOMS };
/* Overall counters. */
enum {
    C_RESPONDENTS,
    C_USED,
    C_EXCLUDED,
    C_MISSING,
    C_NOT_APPLICABLE,
    C_OUT_OF_SCALE,
    C_NOT_INTEGER,
    C_NOT_A_NUMBER,
    C_IMPORTANCE_USED,
    C_IMPORTANCE_REJECTED,
    C_INVERSIONS,
    C_COUNTERS
};

struct CxServqual {
    CxInstrument *instrument;
    int mode;
    int inversion_policy;
    size_t n_items, n_dims;
    uint64_t counters[C_COUNTERS];
    Mom *item_moms;       /* n_items × ITEM_MOMS */
    uint64_t *zone;       /* n_items × ZONE_COUNTS */
    Mom *dim_moms;        /* n_dims × DIM_MOMS */
    Mom weighted_respondent;
    CxAlpha **alphas;     /* n_dims × 3 (series) */
    /* The instrument, as the adding loop reads it. */
    double lo, hi;          /* the scale */
    uint8_t *reverse;       /* per item */
    size_t *dim_items;      /* the items of each dimension in turn, each in instrument order */
    size_t *dim_start;      /* n_dims + 1: dimension d's items are dim_items[dim_start[d] …] */
    size_t largest_dimension;
};

static Mom *
item_mom(const CxServqual *sq, size_t item, int which)
{
    return &sq->item_moms[item * ITEM_MOMS + which];
}

static Mom *
dim_mom(const CxServqual *sq, size_t dim, int which)
{
    return &sq->dim_moms[dim * DIM_MOMS + which];
}

double
cx_servqual_importance_tolerance(void)
{
    return IMPORTANCE_TOLERANCE;
}

void
cx_servqual_free(CxServqual *servqual)
{
    if (!servqual)
        return;
    if (servqual->alphas)
        for (size_t i = 0; i < servqual->n_dims * 3; i++)
            cx_alpha_free(servqual->alphas[i]);
    g_free(servqual->alphas);
    g_free(servqual->item_moms);
    g_free(servqual->zone);
    g_free(servqual->dim_moms);
    g_free(servqual->reverse);
    g_free(servqual->dim_items);
    g_free(servqual->dim_start);
    cx_instrument_free(servqual->instrument);
    g_free(servqual);
}

int
cx_servqual_new(const CxInstrument *instrument, int missing_mode, CxServqual **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!instrument || cx_instrument_item_count(instrument) == 0 ||
        (missing_mode != CX_MISSING_PAIRWISE && missing_mode != CX_MISSING_LISTWISE &&
         missing_mode != CX_MISSING_RESPONDENT))
        return CX_E_INVALID_ARGUMENT;
    CxServqual *sq = g_try_new0(CxServqual, 1);
    if (!sq)
        return CX_E_NO_MEMORY;
    sq->mode = missing_mode;
    sq->instrument = cx_instrument_copy(instrument);
    sq->n_items = cx_instrument_item_count(instrument);
    sq->n_dims = cx_instrument_dimension_count(instrument);
    sq->item_moms = g_try_new0(Mom, sq->n_items * ITEM_MOMS);
    sq->zone = g_try_new0(uint64_t, sq->n_items * ZONE_COUNTS);
    sq->dim_moms = g_try_new0(Mom, sq->n_dims * DIM_MOMS);
    sq->alphas = g_try_new0(CxAlpha *, sq->n_dims * 3);
    sq->reverse = g_try_new0(uint8_t, sq->n_items);
    sq->dim_items = g_try_new0(size_t, sq->n_items);
    sq->dim_start = g_try_new0(size_t, sq->n_dims + 1);
    if (!sq->instrument || !sq->item_moms || !sq->zone || !sq->dim_moms || !sq->alphas ||
        !sq->reverse || !sq->dim_items || !sq->dim_start) {
        cx_servqual_free(sq);
        return CX_E_NO_MEMORY;
    }
    sq->lo = cx_instrument_scale_min(instrument);
    sq->hi = cx_instrument_scale_max(instrument);
    for (size_t d = 0, at = 0; d < sq->n_dims; d++) {
        sq->dim_start[d] = at;
        for (size_t i = 0; i < sq->n_items; i++)
            if (cx_instrument_item_dimension(instrument, i) == d)
                sq->dim_items[at++] = i;
        sq->dim_start[d + 1] = at;
    }
    for (size_t i = 0; i < sq->n_items; i++)
        sq->reverse[i] = cx_instrument_item_reverse(instrument, i) != 0;
    for (size_t d = 0; d < sq->n_dims; d++) {
        size_t size = sq->dim_start[d + 1] - sq->dim_start[d];
        if (size > sq->largest_dimension)
            sq->largest_dimension = size;
        for (int s = 0; s < 3; s++) {
            /* A dimension with no item gets a one-item accumulator that never has data. */
            size_t k = size ? size : 1;
            int status = cx_alpha_new(k, CX_MISSING_PAIRWISE, &sq->alphas[d * 3 + s]);
            if (status != CX_OK) {
                cx_servqual_free(sq);
                return status;
            }
        }
    }
    *out = sq;
    return CX_OK;
}

const CxInstrument *
cx_servqual_instrument(const CxServqual *servqual)
{
    return servqual ? servqual->instrument : NULL;
}

int
cx_servqual_set_inversion_policy(CxServqual *servqual, int policy)
{
    if (!servqual || policy < CX_INVERSION_KEEP || policy > CX_INVERSION_DROP_RESPONDENT)
        return CX_E_INVALID_ARGUMENT;
    servqual->inversion_policy = policy;
    return CX_OK;
}

int
cx_servqual_reset(CxServqual *servqual)
{
    if (!servqual)
        return CX_E_INVALID_ARGUMENT;
    memset(servqual->counters, 0, sizeof servqual->counters);
    memset(servqual->item_moms, 0, servqual->n_items * ITEM_MOMS * sizeof(Mom));
    memset(servqual->zone, 0, servqual->n_items * ZONE_COUNTS * sizeof(uint64_t));
    memset(servqual->dim_moms, 0, servqual->n_dims * DIM_MOMS * sizeof(Mom));
    memset(&servqual->weighted_respondent, 0, sizeof(Mom));
    for (size_t i = 0; i < servqual->n_dims * 3; i++)
        cx_alpha_reset(servqual->alphas[i]);
    return CX_OK;
}

int
cx_servqual_copy(const CxServqual *servqual, CxServqual **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!servqual)
        return CX_E_INVALID_ARGUMENT;
    CxServqual *c = NULL;
    int status = cx_servqual_new(servqual->instrument, servqual->mode, &c);
    if (status != CX_OK)
        return status;
    c->inversion_policy = servqual->inversion_policy;
    status = cx_servqual_merge(c, servqual);
    if (status != CX_OK) {
        cx_servqual_free(c);
        return status;
    }
    *out = c;
    return CX_OK;
}

int
cx_servqual_merge(CxServqual *dst, const CxServqual *src)
{
    if (!dst || !src || dst == src)
        return CX_E_INVALID_ARGUMENT;
    if (dst->mode != src->mode || dst->inversion_policy != src->inversion_policy ||
        !cx_instrument_equal(dst->instrument, src->instrument))
        return CX_E_MISMATCH;
    uint64_t sum[C_COUNTERS];
    for (int i = 0; i < C_COUNTERS; i++)
        if (!cx_u64_add(dst->counters[i], src->counters[i], &sum[i]))
            return CX_E_OVERFLOW;
    for (size_t i = 0; i < dst->n_items * ZONE_COUNTS; i++)
        if (dst->zone[i] > UINT64_MAX - src->zone[i])
            return CX_E_OVERFLOW;
    /* Every other count is bounded by the respondents, which did not overflow. */
    memcpy(dst->counters, sum, sizeof sum);
    for (size_t i = 0; i < dst->n_items * ZONE_COUNTS; i++)
        dst->zone[i] += src->zone[i];
    for (size_t i = 0; i < dst->n_items * ITEM_MOMS; i++)
        cx_moments_merge(&dst->item_moms[i], &src->item_moms[i]);
    for (size_t i = 0; i < dst->n_dims * DIM_MOMS; i++)
        cx_moments_merge(&dst->dim_moms[i], &src->dim_moms[i]);
    cx_moments_merge(&dst->weighted_respondent, &src->weighted_respondent);
    for (size_t i = 0; i < dst->n_dims * 3; i++) {
        int st = cx_alpha_merge(dst->alphas[i], src->alphas[i]);
        if (st != CX_OK)
            return st;
    }
    return CX_OK;
}

/* ---- adding ------------------------------------------------------------------------------------ */

/* Classifies one rating that is not a whole number inside the scale (clean() takes those);
 * returns NaN, counting what it is. */
static double
reject_rating(CxServqual *sq, double x)
{
    int na;
    if (isnan(x))
        sq->counters[C_MISSING]++;
    else if (isinf(x))
        sq->counters[C_NOT_A_NUMBER]++;
    else if (cx_instrument_not_applicable(sq->instrument, &na) && cx_is_zero(x - (double)na))
        sq->counters[C_NOT_APPLICABLE]++;
    else if (x > floor(x))
        sq->counters[C_NOT_INTEGER]++;
    else
        sq->counters[C_OUT_OF_SCALE]++;
    return CX_NAN;
}

/* One rating, rescored for reverse items, or NaN (counted by reject_rating()). The not-applicable
 * code lies outside the scale (the instrument refuses it inside), so a whole number inside the
 * scale is a rating. */
static inline double
clean(CxServqual *sq, size_t item, double x)
{
    if (x >= sq->lo && x <= sq->hi) {
        double whole = (double)(int64_t)x; /* inside the scale, an int */
        if (!(x > whole))
            return sq->reverse[item] ? sq->lo + sq->hi - x : x;
    }
    return reject_rating(sq, x);
}

/* Validates an importance allocation. Returns 1 (use `points`), 0 (not answered) or −1. */
static int
clean_importance(const double *importance, size_t n_dims, double *total)
{
    size_t blank = 0;
    double sum = 0.0;
    for (size_t d = 0; d < n_dims; d++) {
        if (isnan(importance[d])) {
            blank++;
            continue;
        }
        if (!isfinite(importance[d]) || importance[d] < 0.0)
            return -1;
        sum += importance[d];
    }
    if (blank == n_dims)
        return 0;
    if (blank > 0 || !(sum > 0.0) || fabs(sum - 100.0) > IMPORTANCE_TOLERANCE)
        return -1;
    *total = sum;
    return 1;
}

/* Counts a respondent and says whether it is used: its importance allocation is checked (a
 * refused one is counted; *allocation and *total as clean_importance(), 0 without importance),
 * listwise deletion is applied, and a respondent with no rating at all is left out. */
static int
admit(CxServqual *sq, const double *importance, int any, int complete, int *allocation,
      double *total)
{
    *allocation = importance ? clean_importance(importance, sq->n_dims, total) : 0;
    if (*allocation < 0)
        sq->counters[C_IMPORTANCE_REJECTED]++;
    sq->counters[C_RESPONDENTS]++;
    if (sq->mode == CX_MISSING_LISTWISE && !complete) {
        sq->counters[C_EXCLUDED]++;
        return 0;
    }
    if (!any)
        return 0;
    sq->counters[C_USED]++;
    return 1;
}

/* One respondent: Welford's update of every statistic (a block of one row would cost more). */
static void
add_one(CxServqual *sq, const double *expectation, const double *perception,
        const double *importance, const double *adequate, const double *desired)
{
    const size_t n = sq->n_items;
    double e[256], p[256], a[256], dd[256];
    int any = 0, complete = 1;
    for (size_t i = 0; i < n; i++) {
        e[i] = expectation ? clean(sq, i, expectation[i]) : CX_NAN;
        p[i] = perception ? clean(sq, i, perception[i]) : CX_NAN;
        a[i] = adequate ? clean(sq, i, adequate[i]) : CX_NAN;
        dd[i] = desired ? clean(sq, i, desired[i]) : CX_NAN;
        any |= !isnan(e[i]) || !isnan(p[i]) || !isnan(a[i]) || !isnan(dd[i]);
        if ((expectation && isnan(e[i])) || (perception && isnan(p[i])) ||
            (adequate && isnan(a[i])) || (desired && isnan(dd[i])))
            complete = 0;
    }
    double points[32], points_total = 0.0;
    int allocation;
    if (!admit(sq, importance, any, complete, &allocation, &points_total))
        return;

    /* Items and the zone of tolerance. */
    int drop_zone = 0;
    if (sq->inversion_policy == CX_INVERSION_DROP_RESPONDENT)
        for (size_t i = 0; i < n; i++)
            drop_zone |= !isnan(a[i]) && !isnan(dd[i]) && a[i] > dd[i];
    for (size_t i = 0; i < n; i++) {
        if (!isnan(e[i]))
            cx_moments_add(item_mom(sq, i, ITEM_E), e[i]);
        if (!isnan(p[i]))
            cx_moments_add(item_mom(sq, i, ITEM_P), p[i]);
        if (!isnan(e[i]) && !isnan(p[i]))
            cx_moments_add(item_mom(sq, i, ITEM_G), p[i] - e[i]);
        if (isnan(a[i]) || isnan(dd[i]))
            continue;
        uint64_t *z = &sq->zone[i * ZONE_COUNTS];
        int inverted = a[i] > dd[i];
        if (inverted) {
            z[ZONE_INVERSIONS]++;
            sq->counters[C_INVERSIONS]++;
        }
        if (drop_zone || (inverted && sq->inversion_policy == CX_INVERSION_DROP_ITEM) ||
            isnan(p[i]))
            continue;
        cx_moments_add(item_mom(sq, i, ITEM_A), a[i]);
        cx_moments_add(item_mom(sq, i, ITEM_D), dd[i]);
        cx_moments_add(item_mom(sq, i, ITEM_MSA), p[i] - a[i]);
        cx_moments_add(item_mom(sq, i, ITEM_MSS), p[i] - dd[i]);
        cx_moments_add(item_mom(sq, i, ITEM_WIDTH), dd[i] - a[i]);
        if (!inverted)
            z[p[i] < a[i] ? ZONE_BELOW : p[i] > dd[i] ? ZONE_ABOVE : ZONE_WITHIN]++;
    }

    /* Dimensions: reliability rows and respondent-level scores. */
    double score[32];
    int all_scored = 1;
    for (size_t d = 0; d < sq->n_dims; d++) {
        double rows[3][256];
        size_t k = 0, gaps = 0;
        double gsum = 0.0, esum = 0.0, psum = 0.0;
        for (size_t j = sq->dim_start[d]; j < sq->dim_start[d + 1]; j++) {
            const size_t i = sq->dim_items[j];
            double g = p[i] - e[i]; /* NaN unless both */
            rows[CX_SERVQUAL_PERCEPTION][k] = p[i];
            rows[CX_SERVQUAL_EXPECTATION][k] = e[i];
            rows[CX_SERVQUAL_GAP][k] = g;
            if (!isnan(g)) {
                gaps++;
                gsum += g;
                esum += e[i];
                psum += p[i];
            }
            k++;
        }
        score[d] = CX_NAN;
        if (k == 0) {
            all_scored = 0;
            continue;
        }
        for (int s = 0; s < 3; s++)
            cx_alpha_add(sq->alphas[d * 3 + s], rows[s]);
        size_t need = sq->mode == CX_MISSING_RESPONDENT ? (k + 1) / 2 : k;
        if (gaps >= need && gaps > 0) {
            score[d] = gsum / (double)gaps;
            cx_moments_add(dim_mom(sq, d, DIM_GAP), score[d]);
            cx_moments_add(dim_mom(sq, d, DIM_E), esum / (double)gaps);
            cx_moments_add(dim_mom(sq, d, DIM_P), psum / (double)gaps);
        } else {
            all_scored = 0;
        }
    }

    /* Importance. */
    if (allocation > 0) {
        sq->counters[C_IMPORTANCE_USED]++;
        double wscore = 0.0;
        for (size_t d = 0; d < sq->n_dims; d++) {
            points[d] = importance[d];
            cx_moments_add(dim_mom(sq, d, DIM_WEIGHT), points[d] / 100.0);
            wscore += points[d] / points_total * score[d];
        }
        if (all_scored)
            cx_moments_add(&sq->weighted_respondent, wscore);
    }
}

/*
 * Respondents are added in blocks. The answers of the respondents used are cleaned into columns
 * (one per item and series, NaN where there is no rating), then each statistic takes the block's
 * moments of its column (lib/block.c: two passes, no division per value) and merges them into its
 * accumulator with Chan et al.'s update. The figures equal one respondent at a time up to
 * rounding; how the rows fall into blocks only changes the last bits.
 */
#define SQ_BLOCK_ROWS 256
#define SQ_STACK_DOUBLES 2048

typedef struct {
    size_t cap;                       /* rows, a multiple of CX_BLOCK_LANES */
    size_t n;                         /* rows held */
    size_t source[SQ_BLOCK_ROWS];     /* each row's index in the caller's arrays */
    double points_total[SQ_BLOCK_ROWS]; /* its importance points, NaN if not used */
    double *e, *p, *g;                /* n_items × cap each: item i's column at i × cap */
    double *a, *d;                    /* the zone's adequate and desired ratings, or NULL */
    double *za, *zd, *msa, *mss, *width; /* the zone's statistics (NaN where not counted) */
    double *score, *emean, *pmean;    /* n_dims × cap: respondent-level scores */
    double *weight, *wscore;          /* n_dims × cap and cap: importance, or NULL */
    double *sums;                     /* 4 × cap */
    double *alpha;                    /* cx_alpha_scratch_size(largest dimension, cap) */
} Block;

static size_t
block_doubles(const CxServqual *sq, size_t cap, int zone, int importance)
{
    const size_t ni = sq->n_items, nd = sq->n_dims;
    return cap * (3 * ni + (zone ? 7 * ni : 0) + 3 * nd + (importance ? nd + 1 : 0) + 4) +
           cx_alpha_scratch_size(sq->largest_dimension, cap);
}

static void
block_layout(Block *b, double *buf, size_t cap, const CxServqual *sq, int zone, int importance)
{
    const size_t ni = sq->n_items, nd = sq->n_dims;
    double *at = buf;
    double **item_cols[] = { &b->e, &b->p, &b->g, &b->a, &b->d, &b->za, &b->zd, &b->msa, &b->mss,
                             &b->width };
    b->cap = cap;
    b->n = 0;
    for (size_t c = 0; c < sizeof item_cols / sizeof *item_cols; c++) {
        if (c >= 3 && !zone) {
            *item_cols[c] = NULL;
            continue;
        }
        *item_cols[c] = at;
        at += ni * cap;
    }
    b->score = at, at += nd * cap;
    b->emean = at, at += nd * cap;
    b->pmean = at, at += nd * cap;
    b->weight = importance ? at : NULL, at += importance ? nd * cap : 0;
    b->wscore = importance ? at : NULL, at += importance ? cap : 0;
    b->sums = at, at += 4 * cap;
    b->alpha = at;
}

/* Pads every item column of `first` (n_items columns, cap apart) after its n rows. */
static void
pad_columns(double *first, size_t n_items, size_t cap, size_t n)
{
    for (size_t i = 0; i < n_items; i++)
        cx_block_pad(first + i * cap, n);
}

/* The zone of tolerance of one block: which ratings count, the inversions and the zone counts. */
static void
block_zone(CxServqual *sq, Block *b, size_t np)
{
    const size_t ni = sq->n_items, cap = b->cap;
    const int policy = sq->inversion_policy;
    for (size_t r = 0; r < np; r++) {
        int drop = r >= b->n;
        if (policy == CX_INVERSION_DROP_RESPONDENT)
            for (size_t i = 0; i < ni; i++)
                drop |= b->a[i * cap + r] > b->d[i * cap + r]; /* false if either is NaN */
        for (size_t i = 0; i < ni; i++) {
            const size_t at = i * cap + r;
            double a = b->a[at], d = b->d[at], p = b->p[at];
            int counted = 0;
            if (!isnan(a) && !isnan(d)) {
                uint64_t *z = &sq->zone[i * ZONE_COUNTS];
                int inverted = a > d;
                if (inverted) {
                    z[ZONE_INVERSIONS]++;
                    sq->counters[C_INVERSIONS]++;
                }
                counted = !drop && !(inverted && policy == CX_INVERSION_DROP_ITEM) && !isnan(p);
                if (counted && !inverted)
                    z[p < a ? ZONE_BELOW : p > d ? ZONE_ABOVE : ZONE_WITHIN]++;
            }
            b->za[at] = counted ? a : CX_NAN;
            b->zd[at] = counted ? d : CX_NAN;
            b->msa[at] = counted ? p - a : CX_NAN;
            b->mss[at] = counted ? p - d : CX_NAN;
            b->width[at] = counted ? d - a : CX_NAN;
        }
    }
}

/* Importance, from the block's respondent-level gap scores: each dimension's share, and the
 * respondent's importance-weighted gap when every dimension is scored. */
static void
block_importance(CxServqual *sq, Block *b, const double *importance)
{
    const size_t nd = sq->n_dims, cap = b->cap, n = b->n, np = cx_block_padded(n);
    for (size_t r = 0; r < np; r++) {
        const double *points = r < n ? importance + b->source[r] * nd : NULL;
        const double total = r < n ? b->points_total[r] : CX_NAN;
        int use = !isnan(total);
        double wscore = 0.0;
        for (size_t d = 0; d < nd; d++) {
            b->weight[d * cap + r] = use ? points[d] / 100.0 : CX_NAN;
            if (use)
                wscore += points[d] / total * b->score[d * cap + r];
        }
        b->wscore[r] = use ? wscore : CX_NAN; /* NaN too if a dimension is not scored */
        sq->counters[C_IMPORTANCE_USED] += (uint64_t)use;
    }
    for (size_t d = 0; d < nd; d++)
        cx_block_moments_merge(dim_mom(sq, d, DIM_WEIGHT), b->weight + d * cap, np);
    cx_block_moments_merge(&sq->weighted_respondent, b->wscore, np);
}

/* Adds the block's rows to every statistic and empties it. */
static void
block_flush(CxServqual *sq, Block *b, const double *importance)
{
    const size_t ni = sq->n_items, nd = sq->n_dims, cap = b->cap, n = b->n;
    const size_t np = cx_block_padded(n);
    if (n == 0)
        return;
    pad_columns(b->e, ni, cap, n);
    pad_columns(b->p, ni, cap, n);
    for (size_t x = 0; x < ni * cap; x += cap)
        for (size_t r = 0; r < np; r++)
            b->g[x + r] = b->p[x + r] - b->e[x + r]; /* NaN unless both */
    for (size_t i = 0; i < ni; i++) {
        cx_block_moments_merge(item_mom(sq, i, ITEM_E), b->e + i * cap, np);
        cx_block_moments_merge(item_mom(sq, i, ITEM_P), b->p + i * cap, np);
        cx_block_moments_merge(item_mom(sq, i, ITEM_G), b->g + i * cap, np);
    }
    if (b->a) {
        pad_columns(b->a, ni, cap, n);
        pad_columns(b->d, ni, cap, n);
        block_zone(sq, b, np);
        const int which[] = { ITEM_A, ITEM_D, ITEM_MSA, ITEM_MSS, ITEM_WIDTH };
        double *cols[] = { b->za, b->zd, b->msa, b->mss, b->width };
        for (size_t i = 0; i < ni; i++)
            for (int c = 0; c < 5; c++)
                cx_block_moments_merge(item_mom(sq, i, which[c]), cols[c] + i * cap, np);
    }

    /* Dimensions: respondent-level scores over the items with both ratings (each row's sums run
     * over the items in instrument order), and the reliability of each series. */
    double *gaps = b->sums, *gsum = gaps + cap, *esum = gsum + cap, *psum = esum + cap;
    for (size_t d = 0; d < nd; d++) {
        const size_t *items = sq->dim_items + sq->dim_start[d];
        const size_t k = sq->dim_start[d + 1] - sq->dim_start[d];
        double *score = b->score + d * cap, *em = b->emean + d * cap, *pm = b->pmean + d * cap;
        for (size_t r = 0; r < np; r++)
            gaps[r] = gsum[r] = esum[r] = psum[r] = 0.0;
        for (size_t j = 0; j < k; j++) {
            const double *g = b->g + items[j] * cap, *e = b->e + items[j] * cap,
                         *p = b->p + items[j] * cap;
            for (size_t r = 0; r < np; r++) {
                int ok = !isnan(g[r]);
                gaps[r] += ok ? 1.0 : 0.0;
                gsum[r] += ok ? g[r] : 0.0;
                esum[r] += ok ? e[r] : 0.0;
                psum[r] += ok ? p[r] : 0.0;
            }
        }
        /* Respondent mode needs half the items (rounded up); the others need all of them. */
        const double need = sq->mode == CX_MISSING_RESPONDENT ? (double)((k + 1) / 2) : (double)k;
        for (size_t r = 0; r < np; r++) {
            int ok = k > 0 && gaps[r] > 0.5 && !(gaps[r] < need);
            score[r] = ok ? gsum[r] / gaps[r] : CX_NAN;
            em[r] = ok ? esum[r] / gaps[r] : CX_NAN;
            pm[r] = ok ? psum[r] / gaps[r] : CX_NAN;
        }
        cx_block_moments_merge(dim_mom(sq, d, DIM_GAP), score, np);
        cx_block_moments_merge(dim_mom(sq, d, DIM_E), em, np);
        cx_block_moments_merge(dim_mom(sq, d, DIM_P), pm, np);
        if (k == 0)
            continue; /* its alpha never has a row */
        const double *cols[3][256];
        for (size_t j = 0; j < k; j++) {
            cols[CX_SERVQUAL_PERCEPTION][j] = b->p + items[j] * cap;
            cols[CX_SERVQUAL_EXPECTATION][j] = b->e + items[j] * cap;
            cols[CX_SERVQUAL_GAP][j] = b->g + items[j] * cap;
        }
        for (int s = 0; s < 3; s++)
            cx_alpha_add_columns(sq->alphas[d * 3 + s], cols[s], n, b->alpha);
    }

    if (importance)
        block_importance(sq, b, importance);
    b->n = 0;
}


/*
 * Whole-number blocks. When every expectation and perception of a run of rows is a whole number
 * inside the scale (the usual survey export), every row is complete and needs nothing but reverse
 * scoring, and every statistic is a function of exact integer sums: per item and series Σx and
 * Σx², and per dimension and series the Gram matrix Σ xᵢxⱼ (a dimension's respondent-level score
 * is its items' sum over k, so Σ score² is the Gram matrix's total over k²). The sums are taken
 * over int16 columns (lib/block.c) and each moment is rounded once (cx_moments_exact()), which is
 * at least as accurate as the two-pass block above.
 */
#define SQ_WHOLE_LIMIT (CX_BLOCK_INT_LIMIT / 2) /* a gap is then within CX_BLOCK_INT_LIMIT */
_Static_assert(SQ_BLOCK_ROWS <= CX_BLOCK_INT_ROWS, "a block must fit the int16 kernels' bounds");
_Static_assert(2 * SQ_WHOLE_LIMIT <= CX_BLOCK_INT_LIMIT && CX_BLOCK_INT_LIMIT <= INT16_MAX,
               "ratings and gaps must fit the int16 kernels' bounds");

typedef struct {
    int16_t *col[3]; /* per series (CX_SERVQUAL_PERCEPTION, _EXPECTATION, _GAP): n_items × cap */
    int64_t *gram;   /* largest_dimension² */
} Whole;

/* Whether the call's blocks may take this path: expectations and perceptions without the zone of
 * tolerance, a scale the int16 kernels hold, and every item in a dimension (as the instrument
 * guarantees), since item moments come from the dimensions' Gram matrices. */
static int
whole_usable(const CxServqual *sq, const double *expectation, const double *perception,
             const double *adequate, const double *desired)
{
    return expectation && perception && !adequate && !desired && sq->lo >= -SQ_WHOLE_LIMIT &&
           sq->hi <= SQ_WHOLE_LIMIT && sq->dim_start[sq->n_dims] == sq->n_items;
}

static void *
whole_new(const CxServqual *sq, size_t cap, Whole *w)
{
    const size_t ni = sq->n_items, ld = sq->largest_dimension;
    int64_t *buf = g_try_new(int64_t, ld * ld + (3 * ni * cap + 3) / 4);
    if (!buf)
        return NULL;
    w->gram = buf;
    int16_t *col = (int16_t *)(w->gram + ld * ld);
    for (int s = 0; s < 3; s++)
        w->col[s] = col + (size_t)s * ni * cap;
    return buf;
}

/* Adds rows [start, start + m) of the caller's arrays (m ≤ b->cap), all whole numbers inside the
 * scale, through b (empty), whose respondent-level score columns serve importance. */
static void
whole_block(CxServqual *sq, Block *b, const Whole *w, size_t start, size_t m,
            const double *expectation, const double *perception, const double *importance)
{
    static const int item_stat[3] = { ITEM_P, ITEM_E, ITEM_G };
    static const int dim_stat[3] = { DIM_P, DIM_E, DIM_GAP };
    const size_t ni = sq->n_items, nd = sq->n_dims, cap = b->cap, np = cx_block_padded(m);
    int16_t *const pc = w->col[CX_SERVQUAL_PERCEPTION], *const ec = w->col[CX_SERVQUAL_EXPECTATION],
                   *const gc = w->col[CX_SERVQUAL_GAP];

    for (size_t r = 0; r < m; r++) { /* complete and answered: every row is used */
        int allocation;
        double total = 0.0;
        admit(sq, importance ? importance + (start + r) * nd : NULL, 1, 1, &allocation, &total);
        b->points_total[r] = allocation > 0 ? total : CX_NAN;
        b->source[r] = start + r;
    }
    b->n = m;

    /* The columns, reverse-scored, 0 in the padding. */
    const int flip = (int)sq->lo + (int)sq->hi;
    const double *e = expectation + start * ni, *p = perception + start * ni;
    for (size_t r = 0; r < m; r++, e += ni, p += ni)
        for (size_t i = 0; i < ni; i++) {
            int x = (int)e[i], y = (int)p[i], rev = sq->reverse[i];
            ec[i * cap + r] = (int16_t)(rev ? flip - x : x);
            pc[i * cap + r] = (int16_t)(rev ? flip - y : y);
        }
    for (size_t at = 0; at < ni * cap; at += cap) {
        for (size_t r = m; r < np; r++)
            ec[at + r] = pc[at + r] = 0;
        for (size_t r = 0; r < np; r++)
            gc[at + r] = (int16_t)(pc[at + r] - ec[at + r]);
    }

    /* Items, dimensions and reliability, series by series from each dimension's Gram matrix
     * (whole_usable(): every item is in one dimension). */
    for (size_t d = 0; d < nd; d++) {
        const size_t *items = sq->dim_items + sq->dim_start[d];
        const size_t k = sq->dim_start[d + 1] - sq->dim_start[d];
        if (importance) { /* the respondent-level gap scores, for block_importance() */
            int32_t gsum[SQ_BLOCK_ROWS] = { 0 };
            for (size_t j = 0; j < k; j++)
                for (size_t r = 0; r < m; r++)
                    gsum[r] += gc[items[j] * cap + r];
            double *score = b->score + d * cap;
            for (size_t r = 0; r < np; r++)
                score[r] = k > 0 && r < m ? (double)gsum[r] / (double)k : CX_NAN;
        }
        if (k == 0)
            continue; /* never scored; its alpha never has a row */
        for (int s = 0; s < 3; s++) {
            int64_t sums[256], total = 0, all = 0;
            cx_block_gram16(w->col[s], items, cap, k, np, sums, w->gram);
            cx_alpha_add_gram(sq->alphas[d * 3 + s], m, sums, w->gram);
            for (size_t j = 0; j < k; j++) {
                const CxMoments item = cx_moments_exact(m, sums[j], w->gram[j * k + j], 1.0);
                cx_moments_merge(item_mom(sq, items[j], item_stat[s]), &item);
                total += sums[j];
                for (size_t l = 0; l < k; l++)
                    all += w->gram[j * k + l];
            }
            const CxMoments mo = cx_moments_exact(m, total, all, (double)k);
            cx_moments_merge(dim_mom(sq, d, dim_stat[s]), &mo);
        }
    }
    if (importance)
        block_importance(sq, b, importance);
    b->n = 0;
}

int
cx_servqual_add_rows(CxServqual *sq, size_t n, const double *expectation,
                     const double *perception, const double *importance, const double *adequate,
                     const double *desired)
{
    if (!sq)
        return CX_E_INVALID_ARGUMENT;
    const size_t k = sq->n_items, nd = sq->n_dims;
    if (n < CX_BLOCK_LANES) {
        for (size_t r = 0; r < n; r++)
            add_one(sq, expectation ? expectation + r * k : NULL,
                    perception ? perception + r * k : NULL,
                    importance ? importance + r * nd : NULL, adequate ? adequate + r * k : NULL,
                    desired ? desired + r * k : NULL);
        return CX_OK;
    }
    const int zone = adequate && desired;
    const size_t cap = n < SQ_BLOCK_ROWS ? cx_block_padded(n) : SQ_BLOCK_ROWS;
    const size_t need = block_doubles(sq, cap, zone, importance != NULL);
    double stack[SQ_STACK_DOUBLES];
    double *buf = need <= SQ_STACK_DOUBLES ? stack : g_try_new(double, need);
    if (!buf)
        return CX_E_NO_MEMORY;
    /* Without room for the whole-number blocks the call fails and adds nothing (cxscore.h): the
     * cleaning path would give figures that differ in their last bits from what the same rows
     * give with memory to spare. */
    Whole w = { { NULL, NULL, NULL }, NULL };
    const int usable = whole_usable(sq, expectation, perception, adequate, desired);
    void *whole = usable ? whole_new(sq, cap, &w) : NULL;
    if (usable && !whole) {
        if (buf != stack)
            g_free(buf);
        return CX_E_NO_MEMORY;
    }
    Block b;
    block_layout(&b, buf, cap, sq, zone, importance != NULL);

    const double *series[4] = { expectation, perception, adequate, desired };
    for (size_t start = 0; start < n; start += cap) {
        const size_t m = n - start < cap ? n - start : cap;
        if (whole && m >= CX_BLOCK_LANES &&
            cx_block_whole(expectation + start * k, m * k, sq->lo, sq->hi) &&
            cx_block_whole(perception + start * k, m * k, sq->lo, sq->hi)) {
            block_flush(sq, &b, importance); /* rows held from before, if any */
            whole_block(sq, &b, &w, start, m, expectation, perception, importance);
            continue;
        }
        for (size_t r = start; r < start + m; r++) {
            int any = 0, complete = 1;
            double *col[4] = { b.e, b.p, b.a, b.d };
            for (int s = 0; s < 4; s++) {
                const double *x = series[s] ? series[s] + r * k : NULL;
                if (s >= 2 && !zone) {
                    /* One of adequate and desired alone: counted and checked, not used. */
                    for (size_t i = 0; x && i < k; i++) {
                        double v = clean(sq, i, x[i]);
                        any |= !isnan(v);
                        complete &= !isnan(v);
                    }
                    continue;
                }
                double *out = col[s] + b.n;
                if (!x) {
                    for (size_t i = 0; i < k; i++)
                        out[i * cap] = CX_NAN;
                    continue;
                }
                for (size_t i = 0; i < k; i++) {
                    double v = clean(sq, i, x[i]);
                    out[i * cap] = v;
                    any |= !isnan(v);
                    complete &= !isnan(v);
                }
            }
            int allocation;
            double total = 0.0;
            if (!admit(sq, importance ? importance + r * nd : NULL, any, complete, &allocation,
                       &total))
                continue;
            b.points_total[b.n] = allocation > 0 ? total : CX_NAN;
            b.source[b.n++] = r;
            if (b.n == cap)
                block_flush(sq, &b, importance);
        }
    }
    block_flush(sq, &b, importance);
    if (buf != stack)
        g_free(buf);
    g_free(whole);
    return CX_OK;
}

int
cx_servqual_add(CxServqual *sq, const double *expectation, const double *perception,
                const double *importance, const double *adequate, const double *desired)
{
    if (!sq)
        return CX_E_INVALID_ARGUMENT;
    add_one(sq, expectation, perception, importance, adequate, desired);
    return CX_OK;
}

/* ---- results ----------------------------------------------------------------------------------- */

typedef struct {
    double sd, se, lo, hi, t, df, p;
} TTest;

/* One-sample t-test of a mean against 0 (the paired test of P − E), with a t-interval. */
static TTest
t_test(const Mom *m, double level)
{
    TTest r = { CX_NAN, CX_NAN, CX_NAN, CX_NAN, CX_NAN, CX_NAN, CX_NAN };
    if (m->n < 2)
        return r;
    double n = (double)m->n;
    r.sd = sqrt(m->m2 / (n - 1.0));
    r.se = r.sd / sqrt(n);
    r.df = n - 1.0;
    double q = cx_t_quantile(1.0 - (1.0 - level) / 2.0, r.df);
    r.lo = m->mean - q * r.se;
    r.hi = m->mean + q * r.se;
    if (r.se > 0.0) {
        r.t = m->mean / r.se;
        r.p = cx_t_two_sided_p(r.t, r.df);
    } else {
        /* Every respondent has the same gap: a certain difference unless it is 0. */
        r.t = m->mean > 0.0 ? HUGE_VAL : m->mean < 0.0 ? -HUGE_VAL : 0.0;
        r.p = cx_is_zero(m->mean) ? 1.0 : 0.0;
    }
    return r;
}

/* A dimension's mean of one item statistic (NaN if any item lacks it). */
static double
dim_item_mean(const CxServqual *sq, size_t d, int which)
{
    double sum = 0.0;
    size_t k = 0;
    for (size_t i = 0; i < sq->n_items; i++) {
        if (cx_instrument_item_dimension(sq->instrument, i) != d)
            continue;
        const Mom *m = item_mom(sq, i, which);
        if (m->n == 0)
            return CX_NAN;
        sum += m->mean;
        k++;
    }
    return k ? sum / (double)k : CX_NAN;
}

/* Dimension E, P and gap as the missing mode defines them. */
static void
dim_means(const CxServqual *sq, size_t d, double *e, double *p, double *g)
{
    if (sq->mode == CX_MISSING_RESPONDENT) {
        *e = cx_moments_mean(dim_mom(sq, d, DIM_E));
        *p = cx_moments_mean(dim_mom(sq, d, DIM_P));
        *g = cx_moments_mean(dim_mom(sq, d, DIM_GAP));
    } else {
        *e = dim_item_mean(sq, d, ITEM_E);
        *p = dim_item_mean(sq, d, ITEM_P);
        *g = dim_item_mean(sq, d, ITEM_G);
    }
}

static double
alpha_value(const CxAlpha *a)
{
    CxAlphaResult r = { .size = sizeof r };
    return cx_alpha_result(a, 0.95, &r) == CX_OK ? r.alpha : CX_NAN;
}

int
cx_servqual_result(const CxServqual *sq, CxServqualResult *out)
{
    if (!sq || !out)
        return CX_E_INVALID_ARGUMENT;
    CxServqualResult r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.respondents = sq->counters[C_RESPONDENTS];
    r.respondents_used = sq->counters[C_USED];
    r.respondents_excluded = sq->counters[C_EXCLUDED];
    r.answers_missing = sq->counters[C_MISSING];
    r.answers_not_applicable = sq->counters[C_NOT_APPLICABLE];
    r.rejected_out_of_range = sq->counters[C_OUT_OF_SCALE];
    r.rejected_not_integer = sq->counters[C_NOT_INTEGER];
    r.rejected_not_a_number = sq->counters[C_NOT_A_NUMBER];
    r.rejected = r.rejected_out_of_range + r.rejected_not_integer + r.rejected_not_a_number;
    r.importance_used = sq->counters[C_IMPORTANCE_USED];
    r.importance_rejected = sq->counters[C_IMPORTANCE_REJECTED];
    r.inversions = sq->counters[C_INVERSIONS];
    r.dimensions = sq->n_dims;
    r.items = sq->n_items;
    r.missing_mode = sq->mode;

    double gsum = 0.0, psum = 0.0, wg = 0.0, wp = 0.0;
    for (size_t d = 0; d < sq->n_dims; d++) {
        double e, p, g;
        dim_means(sq, d, &e, &p, &g);
        double w = cx_moments_mean(dim_mom(sq, d, DIM_WEIGHT));
        gsum += g;
        psum += p;
        wg += w * g;
        wp += w * p;
    }
    double nd = (double)sq->n_dims;
    r.unweighted_score = gsum / nd;
    r.servperf = psum / nd;
    r.weighted_score = wg;
    r.servperf_weighted = wp;
    r.weighted_score_respondent = cx_moments_mean(&sq->weighted_respondent);
    int status = r.respondents_used ? CX_OK : CX_E_EMPTY;
    int copy = cx_struct_out(out, &r, sizeof r, CX_ABI_SERVQUAL_RESULT);
    return copy != CX_OK ? copy : status;
}

int
cx_servqual_dimension(const CxServqual *sq, size_t dimension, double level,
                      CxServqualDimension *out)
{
    if (!sq || !out || dimension >= sq->n_dims || !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    CxServqualDimension r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    dim_means(sq, dimension, &r.expectation, &r.perception, &r.gap);
    const Mom *scores = dim_mom(sq, dimension, DIM_GAP);
    TTest t = t_test(scores, level);
    r.n_gap = scores->n;
    r.gap_sd = t.sd;
    r.gap_se = t.se;
    r.gap_ci_lower = t.lo;
    r.gap_ci_upper = t.hi;
    r.gap_t = t.t;
    r.gap_df = t.df;
    r.gap_p_value = t.p;
    r.weight = cx_moments_mean(dim_mom(sq, dimension, DIM_WEIGHT));
    r.alpha_perception = alpha_value(sq->alphas[dimension * 3 + CX_SERVQUAL_PERCEPTION]);
    r.alpha_expectation = alpha_value(sq->alphas[dimension * 3 + CX_SERVQUAL_EXPECTATION]);
    r.alpha_gap = alpha_value(sq->alphas[dimension * 3 + CX_SERVQUAL_GAP]);
    r.adequate = dim_item_mean(sq, dimension, ITEM_A);
    r.desired = dim_item_mean(sq, dimension, ITEM_D);
    r.msa = dim_item_mean(sq, dimension, ITEM_MSA);
    r.mss = dim_item_mean(sq, dimension, ITEM_MSS);
    r.zone_width = dim_item_mean(sq, dimension, ITEM_WIDTH);
    /* Rank: 1 + the number of dimensions with a more negative gap (ties share a rank). */
    if (!isnan(r.gap)) {
        r.rank = 1;
        for (size_t d = 0; d < sq->n_dims; d++) {
            double e, p, g;
            dim_means(sq, d, &e, &p, &g);
            if (d != dimension && g < r.gap)
                r.rank++;
        }
    }
    return cx_struct_out(out, &r, sizeof r, CX_ABI_SERVQUAL_DIMENSION);
}

/* Position of an item inside its dimension (the index of its column in the dimension's alpha). */
static size_t
position_in_dimension(const CxServqual *sq, size_t item)
{
    size_t d = cx_instrument_item_dimension(sq->instrument, item), pos = 0;
    for (size_t i = 0; i < item; i++)
        pos += cx_instrument_item_dimension(sq->instrument, i) == d;
    return pos;
}

int
cx_servqual_item(const CxServqual *sq, size_t index, double level, CxServqualItem *out)
{
    if (!sq || !out || index >= sq->n_items || !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    CxServqualItem r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.number = cx_instrument_item_number(sq->instrument, index);
    size_t d = cx_instrument_item_dimension(sq->instrument, index);
    r.dimension = (uint32_t)d;
    const Mom *e = item_mom(sq, index, ITEM_E), *p = item_mom(sq, index, ITEM_P),
              *g = item_mom(sq, index, ITEM_G);
    r.n_expectation = e->n;
    r.n_perception = p->n;
    r.n_gap = g->n;
    r.expectation = cx_moments_mean(e);
    r.perception = cx_moments_mean(p);
    r.gap = cx_moments_mean(g);
    TTest t = t_test(g, level);
    r.gap_sd = t.sd;
    r.gap_se = t.se;
    r.gap_ci_lower = t.lo;
    r.gap_ci_upper = t.hi;
    r.gap_t = t.t;
    r.gap_df = t.df;
    r.gap_p_value = t.p;

    size_t pos = position_in_dimension(sq, index);
    double *if_deleted[3] = { &r.alpha_if_deleted_perception, &r.alpha_if_deleted_expectation,
                              &r.alpha_if_deleted_gap };
    double *r_drop[3] = { &r.item_total_r_perception, &r.item_total_r_expectation,
                          &r.item_total_r_gap };
    for (int s = 0; s < 3; s++) {
        CxAlphaItem it = { .size = sizeof it };
        int ok = cx_alpha_item(sq->alphas[d * 3 + s], pos, &it) == CX_OK;
        *if_deleted[s] = ok ? it.alpha_if_deleted : CX_NAN;
        *r_drop[s] = ok ? it.r_drop : CX_NAN;
    }

    const uint64_t *z = &sq->zone[index * ZONE_COUNTS];
    r.n_zone = item_mom(sq, index, ITEM_A)->n;
    r.below_zone = z[ZONE_BELOW];
    r.within_zone = z[ZONE_WITHIN];
    r.above_zone = z[ZONE_ABOVE];
    r.inversions = z[ZONE_INVERSIONS];
    r.adequate = cx_moments_mean(item_mom(sq, index, ITEM_A));
    r.desired = cx_moments_mean(item_mom(sq, index, ITEM_D));
    r.msa = cx_moments_mean(item_mom(sq, index, ITEM_MSA));
    r.mss = cx_moments_mean(item_mom(sq, index, ITEM_MSS));
    r.zone_width = cx_moments_mean(item_mom(sq, index, ITEM_WIDTH));
    return cx_struct_out(out, &r, sizeof r, CX_ABI_SERVQUAL_ITEM);
}

int
cx_servqual_reliability(const CxServqual *sq, size_t dimension, int series, double level,
                        CxAlphaResult *out)
{
    if (!sq || dimension >= sq->n_dims || series < 0 || series > 2)
        return CX_E_INVALID_ARGUMENT;
    int status = cx_alpha_result(sq->alphas[dimension * 3 + series], level, out);
    if (status == CX_E_INVALID_ARGUMENT || status == CX_E_STRUCT_SIZE)
        return status;
    /* The respondents admit() kept from the alphas are rows all the same (CxAlphaResult.rows:
     * "including incomplete and empty ones"): those left out by listwise deletion, and those
     * with no rating at all. Counting them makes cx_alpha_feldt(CX_FELDT_N_ROWS) psych's n,
     * nrow() of the dimension's items; no figure reads these counts. */
    const uint64_t excluded = sq->counters[C_EXCLUDED];
    const uint64_t blank = sq->counters[C_RESPONDENTS] - sq->counters[C_USED] - excluded;
    out->rows += excluded + blank;
    out->rows_empty += blank;
    out->rows_excluded += excluded;
    return status;
}

/* ---- serialization ------------------------------------------------------------------------------
 * Magic "CXSQ", format 3 = format 2 checksummed (format 1, whose CxAlpha states were their format 1, is not read):
 *   (instrument (s name, i min, i max, b has_na, i na, as dimensions, a(itbs) items: number,
 *                dimension, reverse, label or "" — labels are not part of equality),
 *    i mode, i inversion policy, at counters, at zone counts,
 *    a(tdd) item moments, a(tdd) dimension moments, (tdd) weighted-respondent moments (n,
 *    mean, M2: every weight is 1), aay the CxAlpha states (dimension-major, 3 series each))
 */
#define SQ_MAGIC "CXSQ"
#define SQ_FORMAT_VERSION 3 /* format 2's payload, checksummed; 2 is not read */
#define SQ_STATE_TYPE_V2 "((siibiasa(itbs))iiatata(tdd)a(tdd)(tdd)aay)"
/* The same type as g_variant_new()/g_variant_get() formats: arrays built or read whole. */
#define SQ_BUILD_FORMAT "((siibiasa(itbs))ii@at@at@a(tdd)@a(tdd)(tdd)aay)"
#define SQ_GET_FORMAT "((&siibiasa(itbs))ii@at@at@a(tdd)@a(tdd)(tdd)@aay)"

static GVariant *
moments_variant(const Mom *m, size_t n)
{
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE("a(tdd)"));
    for (size_t i = 0; i < n; i++)
        g_variant_builder_add(&b, "(tdd)", (guint64)m[i].n, m[i].mean, m[i].m2);
    return g_variant_builder_end(&b);
}

int
cx_servqual_serialize(const CxServqual *sq, uint8_t **bytes, size_t *len)
{
    if (!sq || !bytes || !len)
        return CX_E_INVALID_ARGUMENT;
    *bytes = NULL;
    *len = 0;
    const CxInstrument *in = sq->instrument;
    GVariantBuilder dims, items, alphas;
    g_variant_builder_init(&dims, G_VARIANT_TYPE("as"));
    for (size_t d = 0; d < sq->n_dims; d++)
        g_variant_builder_add(&dims, "s", cx_instrument_dimension_name(in, d));
    g_variant_builder_init(&items, G_VARIANT_TYPE("a(itbs)"));
    for (size_t i = 0; i < sq->n_items; i++) {
        const char *label = cx_instrument_item_label(in, i);
        g_variant_builder_add(&items, "(itbs)", cx_instrument_item_number(in, i),
                              (guint64)cx_instrument_item_dimension(in, i),
                              (gboolean)cx_instrument_item_reverse(in, i), label ? label : "");
    }
    g_variant_builder_init(&alphas, G_VARIANT_TYPE("aay"));
    for (size_t i = 0; i < sq->n_dims * 3; i++) {
        uint8_t *ab;
        size_t alen;
        int st = cx_alpha_serialize(sq->alphas[i], &ab, &alen);
        if (st != CX_OK) {
            g_variant_builder_clear(&dims);
            g_variant_builder_clear(&items);
            g_variant_builder_clear(&alphas);
            return st;
        }
        g_variant_builder_add_value(
            &alphas, g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, ab, alen, 1));
        g_free(ab);
    }
    int na = 0, has_na = cx_instrument_not_applicable(in, &na);
    GVariant *state = g_variant_new(
        SQ_BUILD_FORMAT, cx_instrument_name(in), cx_instrument_scale_min(in),
        cx_instrument_scale_max(in), (gboolean)has_na, na, &dims, &items, sq->mode,
        sq->inversion_policy,
        g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64, sq->counters, C_COUNTERS, 8),
        g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64, sq->zone, sq->n_items * ZONE_COUNTS, 8),
        moments_variant(sq->item_moms, sq->n_items * ITEM_MOMS),
        moments_variant(sq->dim_moms, sq->n_dims * DIM_MOMS),
        (guint64)sq->weighted_respondent.n, sq->weighted_respondent.mean,
        sq->weighted_respondent.m2, &alphas);
    return cx_state_pack(SQ_MAGIC, SQ_FORMAT_VERSION, state, bytes, len);
}

/* Reads n moments into `m`, each with n ≤ limit and finite, non-negative spread. */
static int
read_moments(GVariant *v, Mom *m, size_t n, uint64_t limit)
{
    if (g_variant_n_children(v) != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        guint64 count;
        double mean, m2;
        g_variant_get_child(v, i, "(tdd)", &count, &mean, &m2);
        m[i] = cx_moments_unweighted(count, mean, m2);
        if (!cx_moments_valid(&m[i], limit))
            return 0;
    }
    return 1;
}

int
cx_servqual_deserialize(const uint8_t *bytes, size_t len, CxServqual **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    GVariant *state = NULL;
    static const char *const types[] = { NULL, NULL, SQ_STATE_TYPE_V2 };
    int status = cx_state_unpack_versions(bytes, len, SQ_MAGIC, types, G_N_ELEMENTS(types),
                                          &state, NULL);
    if (status != CX_OK)
        return status;

    status = CX_E_CORRUPT;
    CxServqual *sq = NULL;
    CxInstrument *in = NULL;
    cx_instrument_new(&in);
    const char *name;
    gint32 lo, hi, na, mode, policy;
    gboolean has_na;
    GVariantIter *dims = NULL, *items = NULL;
    GVariant *counters = NULL, *zone = NULL, *imoms = NULL, *dmoms = NULL, *alphas = NULL;
    guint64 wn;
    double wmean, wm2;
    g_variant_get(state, SQ_GET_FORMAT, &name, &lo, &hi, &has_na, &na, &dims, &items, &mode,
                  &policy, &counters, &zone, &imoms, &dmoms, &wn, &wmean, &wm2, &alphas);
    if (!in)
        goto nomem;
    /* A definition the instrument refuses is corrupt state; memory it cannot get is not. */
#define SQ_READ(call)                                                                             \
    do {                                                                                          \
        int read_status_ = (call);                                                                \
        if (read_status_ == CX_E_NO_MEMORY)                                                       \
            goto nomem;                                                                           \
        if (read_status_ != CX_OK)                                                                \
            goto out;                                                                             \
    } while (0)
    SQ_READ(cx_instrument_set_name(in, name));
    SQ_READ(cx_instrument_set_scale(in, lo, hi));
    SQ_READ(cx_instrument_set_not_applicable(in, has_na, na));
    const char *dim_name;
    while (g_variant_iter_next(dims, "&s", &dim_name))
        SQ_READ(cx_instrument_add_dimension(in, dim_name, NULL));
    gint32 number;
    guint64 dim;
    gboolean reverse;
    const char *label;
    while (g_variant_iter_next(items, "(itb&s)", &number, &dim, &reverse, &label)) {
        if (dim >= cx_instrument_dimension_count(in))
            goto out;
        SQ_READ(cx_instrument_add_item(in, number, (size_t)dim, *label ? label : NULL, reverse));
    }
    if (cx_instrument_item_count(in) == 0)
        goto out;
    status = cx_servqual_new(in, mode, &sq);
    if (status == CX_E_INVALID_ARGUMENT)
        status = CX_E_CORRUPT; /* no such mode */
    if (status != CX_OK)
        goto out;
    status = CX_E_CORRUPT;
    if (cx_servqual_set_inversion_policy(sq, policy) != CX_OK)
        goto out;

    gsize n;
    const guint64 *c = g_variant_get_fixed_array(counters, &n, 8);
    if (n != C_COUNTERS)
        goto out;
    memcpy(sq->counters, c, sizeof sq->counters);
    uint64_t respondents = sq->counters[C_RESPONDENTS];
    for (int i = 0; i < C_COUNTERS; i++)
        if (i == C_USED || i == C_EXCLUDED || i == C_IMPORTANCE_USED ||
            i == C_IMPORTANCE_REJECTED)
            if (sq->counters[i] > respondents)
                goto out;
    /* Counts against totals (issue 21), as admit() counts: a respondent is used, excluded
     * (listwise only) or neither; an allocation is used or refused, and used only with a used
     * respondent. Each of these counts is ≤ respondents, so the sums cannot wrap. */
    const uint64_t used = sq->counters[C_USED];
    if (used + sq->counters[C_EXCLUDED] > respondents ||
        (sq->mode == CX_MISSING_PAIRWISE && sq->counters[C_EXCLUDED] != 0) ||
        sq->counters[C_IMPORTANCE_USED] + sq->counters[C_IMPORTANCE_REJECTED] > respondents ||
        sq->counters[C_IMPORTANCE_USED] > used)
        goto out;
    const guint64 *zc = g_variant_get_fixed_array(zone, &n, 8);
    if (n != sq->n_items * ZONE_COUNTS)
        goto out;
    for (size_t i = 0; i < n; i++)
        if (zc[i] > used)
            goto out;
    memcpy(sq->zone, zc, n * 8);
    sq->weighted_respondent = cx_moments_unweighted(wn, wmean, wm2);
    if (!read_moments(imoms, sq->item_moms, sq->n_items * ITEM_MOMS, used) ||
        !read_moments(dmoms, sq->dim_moms, sq->n_dims * DIM_MOMS, used) ||
        !cx_moments_valid(&sq->weighted_respondent, sq->counters[C_IMPORTANCE_USED]))
        goto out;
    /* Moments against each other, as adds make them (found by fuzz-deserialize-servqual): an
     * item's gap needs both its answers, its perception a used respondent, and each used
     * respondent falls in at most one zone band; a dimension's weight is a share of the 100
     * importance points, from respondents whose allocation was used. */
    for (size_t i = 0; i < sq->n_items; i++) {
        const uint64_t ne = item_mom(sq, i, ITEM_E)->n, np = item_mom(sq, i, ITEM_P)->n;
        const uint64_t ng = item_mom(sq, i, ITEM_G)->n;
        const uint64_t *z = &sq->zone[i * ZONE_COUNTS];
        if (ng > ne || ng > np || np > used || z[ZONE_WITHIN] > used - z[ZONE_BELOW] ||
            z[ZONE_ABOVE] > used - z[ZONE_BELOW] - z[ZONE_WITHIN])
            goto out;
    }
    for (size_t d = 0; d < sq->n_dims; d++) {
        const Mom *w = dim_mom(sq, d, DIM_WEIGHT);
        if (w->n > sq->counters[C_IMPORTANCE_USED] ||
            (w->n > 0 && !(w->mean >= -1e-9 && w->mean <= 1.0 + 1e-9)))
            goto out;
    }
    if (g_variant_n_children(alphas) != sq->n_dims * 3)
        goto out;
    for (size_t i = 0; i < sq->n_dims * 3; i++) {
        GVariant *blob = g_variant_get_child_value(alphas, i);
        gsize blen;
        const uint8_t *b = g_variant_get_fixed_array(blob, &blen, 1);
        CxAlpha *a = NULL;
        int st = cx_alpha_deserialize(b, blen, &a);
        g_variant_unref(blob);
        if (st == CX_E_NO_MEMORY)
            goto nomem;
        if (st != CX_OK || cx_alpha_item_count(a) != cx_alpha_item_count(sq->alphas[i])) {
            cx_alpha_free(a);
            goto out;
        }
        CxAlphaResult ar = { .size = sizeof ar };
        if (cx_alpha_result(a, 0.95, &ar) == CX_E_NO_MEMORY) {
            cx_alpha_free(a);
            goto nomem;
        }
        if (ar.missing_mode != CX_MISSING_PAIRWISE || ar.rows > used) {
            cx_alpha_free(a);
            goto out;
        }
        cx_alpha_free(sq->alphas[i]);
        sq->alphas[i] = a;
    }
    status = CX_OK;
    goto out;
#undef SQ_READ
nomem:
    status = CX_E_NO_MEMORY;
out:
    if (dims)
        g_variant_iter_free(dims);
    if (items)
        g_variant_iter_free(items);
    if (counters)
        g_variant_unref(counters);
    if (zone)
        g_variant_unref(zone);
    if (imoms)
        g_variant_unref(imoms);
    if (dmoms)
        g_variant_unref(dmoms);
    if (alphas)
        g_variant_unref(alphas);
    g_variant_unref(state);
    cx_instrument_free(in);
    if (status != CX_OK) {
        cx_servqual_free(sq);
        return status;
    }
    *out = sq;
    return CX_OK;
}
