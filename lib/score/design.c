/* SPDX-License-Identifier: MIT */
/*
 * Design-based variance of weighted means (cx-design.h; the formulas and their sources are in
 * the header and in docs/design.md).
 *
 * Two layouts of the state, chosen at construction:
 * - unclustered: each row is a PSU, so a stratum needs Σ_i (z_i − z̄_h)² over its rows. With
 *   z_i = w_i(y_i − ȳ)/W and ȳ known only at the end, each stratum and variable keeps
 *   W = Σw, m = Σwy/Σw, Q = Σw², T = Σw²(y − m) and S = Σw²(y − m)², updated per row and merged
 *   by shifting the centre (the pattern of Welford 1962 and Chan, Golub & LeVeque 1979, with w²
 *   as the second weight): for any c, Σw²(y − c)² = S + 2(m − c)T + (m − c)²Q. No sum of raw
 *   squares is ever formed, so a variable far from 0 with a small spread keeps its digits.
 * - clustered: each (stratum, cluster) keeps Σw and Σwy per variable (compensated sums); the
 *   PSU totals z_c = (Σwy − ȳΣw)/W are formed at the end, in two passes per stratum.
 */
#include <cxscore/cx-compare.h>
#include <cxscore/cx-design.h>
#include <cxscore/cx-error.h>

#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/keys-private.h"
#include "core/state-private.h"
#include "core/util-private.h"
#include "score/abi-private.h"
#include "stats/distributions-private.h"

#define DESIGN_MAX_VARIABLES 64

/* How much of a caller's result the apply functions read and write (up to its 0.1 end). */
#define NPS_READ_END CX_STRUCT_END(CxNpsResult, se)
#define RATING_READ_END CX_STRUCT_END(CxRatingResult, level)
#define LOYALTY_READ_END CX_STRUCT_END(CxLoyaltyIndexResult, level)

typedef struct {
    double w, mean, q, t, s;
} DesignMoments;

typedef struct {
    CxSum w, wy;
} ClusterSums;

struct CxDesign {
    size_t k;
    int clustered;
    uint64_t rejected_weight;
    uint64_t *n, *missing, *rejected; /* per variable */
    CxSum *wsq;                       /* per variable: Σw² where present */
    CxKeys strata;
    uint64_t *rows;                   /* per stratum: rows (weight 0 included) */
    size_t rows_cap;
    uint64_t *positive;               /* per stratum: rows of weight > 0 */
    size_t positive_cap;
    DesignMoments *mom;               /* per stratum × variable (unclustered) */
    size_t mom_cap;
    CxKeys clusters;                  /* key: stratum length (8 bytes LE), stratum, cluster */
    uint32_t *cluster_stratum;        /* per cluster */
    size_t cluster_stratum_cap;
    uint64_t *cluster_positive;       /* per cluster: rows of weight > 0 */
    size_t cluster_positive_cap;
    ClusterSums *sums;                /* per cluster × variable (clustered) */
    size_t sums_cap;
};

/* ---- moments of one stratum and variable ----------------------------------------------------- */

static void
moments_add(DesignMoments *m, double w, double y)
{
    if (!(w > 0.0))
        return; /* a weight of 0 moves nothing */
    double w_new = m->w + w;
    double m_new = m->mean + (y - m->mean) * (w / w_new);
    double d = m->mean - m_new, r = y - m_new, w2 = w * w;
    m->s += 2.0 * d * m->t + d * d * m->q + w2 * r * r;
    m->t += d * m->q + w2 * r;
    m->q += w2;
    m->w = w_new;
    m->mean = m_new;
}

/* Σw²(y − c)² of the rows held: the sum centred on c. */
static double
moments_ss_about(const DesignMoments *m, double c)
{
    double d = m->mean - c;
    double ss = m->s + 2.0 * d * m->t + d * d * m->q;
    return ss > 0.0 ? ss : 0.0;
}

static void
moments_merge(DesignMoments *a, const DesignMoments *b)
{
    if (!(b->w > 0.0))
        return;
    if (!(a->w > 0.0)) {
        *a = *b;
        return;
    }
    double w = a->w + b->w;
    double mean = a->mean + (b->mean - a->mean) * (b->w / w);
    double da = a->mean - mean, db = b->mean - mean;
    double s = a->s + 2.0 * da * a->t + da * da * a->q + b->s + 2.0 * db * b->t + db * db * b->q;
    double t = a->t + da * a->q + b->t + db * b->q;
    a->s = s > 0.0 ? s : 0.0;
    a->t = t;
    a->q += b->q;
    a->w = w;
    a->mean = mean;
}

static int
moments_valid(const DesignMoments *m)
{
    if (!isfinite(m->w) || !isfinite(m->mean) || !isfinite(m->q) || !isfinite(m->t) ||
        !isfinite(m->s) || m->w < 0.0 || m->q < 0.0 || m->s < 0.0)
        return 0;
    if (!(m->w > 0.0))
        return cx_is_zero(m->mean) && cx_is_zero(m->q) && cx_is_zero(m->t) && cx_is_zero(m->s);
    return 1;
}

/* ---- life cycle ------------------------------------------------------------------------------ */

static void
design_clear(CxDesign *d)
{
    cx_keys_clear(&d->strata);
    cx_keys_clear(&d->clusters);
    g_free(d->rows);
    g_free(d->positive);
    g_free(d->cluster_positive);
    g_free(d->mom);
    g_free(d->cluster_stratum);
    g_free(d->sums);
    d->rows = NULL;
    d->positive = d->cluster_positive = NULL;
    d->positive_cap = d->cluster_positive_cap = 0;
    d->mom = NULL;
    d->cluster_stratum = NULL;
    d->sums = NULL;
    d->rows_cap = d->mom_cap = d->cluster_stratum_cap = d->sums_cap = 0;
    memset(d->n, 0, d->k * sizeof *d->n);
    memset(d->missing, 0, d->k * sizeof *d->missing);
    memset(d->rejected, 0, d->k * sizeof *d->rejected);
    memset(d->wsq, 0, d->k * sizeof *d->wsq);
    d->rejected_weight = 0;
}

int
cx_design_new(size_t k, int clustered, CxDesign **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (k < 1 || k > DESIGN_MAX_VARIABLES || (clustered != 0 && clustered != 1))
        return CX_E_INVALID_ARGUMENT;
    CxDesign *d = g_try_new0(CxDesign, 1);
    if (!d)
        return CX_E_NO_MEMORY;
    d->k = k;
    d->clustered = clustered;
    d->n = g_try_new0(uint64_t, k);
    d->missing = g_try_new0(uint64_t, k);
    d->rejected = g_try_new0(uint64_t, k);
    d->wsq = g_try_new0(CxSum, k);
    cx_keys_init(&d->strata);
    cx_keys_init(&d->clusters);
    if (!d->n || !d->missing || !d->rejected || !d->wsq) {
        cx_design_free(d);
        return CX_E_NO_MEMORY;
    }
    *out = d;
    return CX_OK;
}

void
cx_design_free(CxDesign *design)
{
    if (!design)
        return;
    if (design->n && design->missing && design->rejected && design->wsq)
        design_clear(design);
    else {
        cx_keys_clear(&design->strata);
        cx_keys_clear(&design->clusters);
    }
    g_free(design->n);
    g_free(design->missing);
    g_free(design->rejected);
    g_free(design->wsq);
    g_free(design);
}

int
cx_design_reset(CxDesign *design)
{
    if (!design)
        return CX_E_INVALID_ARGUMENT;
    design_clear(design);
    return CX_OK;
}

int
cx_design_shape(const CxDesign *design, size_t *k, int *clustered)
{
    if (!design || !k || !clustered)
        return CX_E_INVALID_ARGUMENT;
    *k = design->k;
    *clustered = design->clustered;
    return CX_OK;
}

int
cx_design_rejected_weights(const CxDesign *design, uint64_t *count)
{
    if (!design || !count)
        return CX_E_INVALID_ARGUMENT;
    *count = design->rejected_weight;
    return CX_OK;
}

/* ---- keys ------------------------------------------------------------------------------------ */

/* The clusters' key: the stratum's length as 8 little-endian bytes, the stratum, the cluster, so
 * that a cluster key names its stratum and equal cluster names in two strata stay apart
 * (R's nest = TRUE). In a new buffer (g_free it), or NULL without memory or on overflow. */
static char *
cluster_key(const char *stratum, size_t slen, const char *cluster, size_t clen, size_t *len)
{
    if (slen > SIZE_MAX - 8 - clen)
        return NULL;
    *len = 8 + slen + clen;
    char *key = g_try_malloc(*len);
    if (!key)
        return NULL;
    uint64_t l = slen;
    for (int i = 0; i < 8; i++)
        key[i] = (char)((l >> (8 * i)) & 0xffu);
    if (slen)
        memcpy(key + 8, stratum, slen);
    if (clen)
        memcpy(key + 8 + slen, cluster, clen);
    return key;
}

/* The stratum part of a cluster key, or 0 if the key is malformed. */
static int
cluster_key_stratum(const char *key, size_t len, const char **stratum, size_t *slen)
{
    if (len < 8)
        return 0;
    uint64_t l = 0;
    for (int i = 0; i < 8; i++)
        l |= (uint64_t)(unsigned char)key[i] << (8 * i);
    if (l > len - 8)
        return 0;
    *stratum = key + 8;
    *slen = (size_t)l;
    return 1;
}

/* The id of stratum @key, adding it (with zeroed records) if new. All or nothing. */
static int
stratum_id(CxDesign *d, const char *key, size_t len, uint32_t *id)
{
    uint32_t found = cx_keys_find(&d->strata, key, len);
    if (found != CX_KEYS_NONE) {
        *id = found;
        return CX_OK;
    }
    size_t count = cx_keys_count(&d->strata);
    int status = cx_keys_reserve(&d->strata, 1, len);
    if (status == CX_OK)
        status = cx_array_reserve(&d->rows, &d->rows_cap, count + 1, sizeof *d->rows);
    if (status == CX_OK)
        status = cx_array_reserve(&d->positive, &d->positive_cap, count + 1, sizeof *d->positive);
    if (status == CX_OK && !d->clustered)
        status = cx_array_reserve(&d->mom, &d->mom_cap, (count + 1) * d->k, sizeof *d->mom);
    if (status != CX_OK)
        return status;
    *id = cx_keys_add_reserved(&d->strata, key, len);
    d->rows[*id] = 0;
    d->positive[*id] = 0;
    if (!d->clustered)
        memset(d->mom + (size_t)*id * d->k, 0, d->k * sizeof *d->mom);
    return CX_OK;
}

/* Room for one more stratum and one more cluster, so that the two inserts of a row cannot fail
 * half-way. */
static int
reserve_row(CxDesign *d, size_t slen, size_t klen)
{
    size_t ns = cx_keys_count(&d->strata), nc = cx_keys_count(&d->clusters);
    int status = cx_keys_reserve(&d->strata, 1, slen);
    if (status == CX_OK)
        status = cx_array_reserve(&d->rows, &d->rows_cap, ns + 1, sizeof *d->rows);
    if (status == CX_OK)
        status = cx_array_reserve(&d->positive, &d->positive_cap, ns + 1, sizeof *d->positive);
    if (status == CX_OK && !d->clustered)
        status = cx_array_reserve(&d->mom, &d->mom_cap, (ns + 1) * d->k, sizeof *d->mom);
    if (status == CX_OK && d->clustered) {
        status = cx_keys_reserve(&d->clusters, 1, klen);
        if (status == CX_OK)
            status = cx_array_reserve(&d->cluster_stratum, &d->cluster_stratum_cap, nc + 1,
                                      sizeof *d->cluster_stratum);
        if (status == CX_OK)
            status = cx_array_reserve(&d->sums, &d->sums_cap, (nc + 1) * d->k, sizeof *d->sums);
        if (status == CX_OK)
            status = cx_array_reserve(&d->cluster_positive, &d->cluster_positive_cap, nc + 1,
                                      sizeof *d->cluster_positive);
    }
    return status;
}

/* The id of the cluster of composite key @key in stratum @s, adding it if new (room reserved). */
static uint32_t
cluster_id_reserved(CxDesign *d, const char *key, size_t len, uint32_t s)
{
    uint32_t c = cx_keys_find(&d->clusters, key, len);
    if (c == CX_KEYS_NONE) {
        c = cx_keys_add_reserved(&d->clusters, key, len);
        d->cluster_stratum[c] = s;
        d->cluster_positive[c] = 0;
        memset(d->sums + (size_t)c * d->k, 0, d->k * sizeof *d->sums);
    }
    return c;
}

/* ---- adding ---------------------------------------------------------------------------------- */

int
cx_design_add(CxDesign *design, const char *stratum, size_t stratum_len, const char *cluster,
              size_t cluster_len, double weight, const double *values)
{
    if (!design || !values || (!stratum && stratum_len) || (!cluster && cluster_len))
        return CX_E_INVALID_ARGUMENT;
    if (design->clustered != (cluster != NULL))
        return CX_E_INVALID_ARGUMENT;
    if (!stratum)
        stratum = "";
    if (!(isfinite(weight) && weight >= 0.0)) {
        if (design->rejected_weight == UINT64_MAX)
            return CX_E_OVERFLOW;
        design->rejected_weight++;
        return CX_OK;
    }
    size_t klen = 0;
    char *key = NULL;
    if (design->clustered) {
        key = cluster_key(stratum, stratum_len, cluster, cluster_len, &klen);
        if (!key)
            return CX_E_NO_MEMORY;
    }
    int status = reserve_row(design, stratum_len, klen);
    if (status != CX_OK)
        goto out;
    uint32_t s;
    status = stratum_id(design, stratum, stratum_len, &s); /* room reserved: cannot fail */
    if (status != CX_OK)
        goto out;
    if (design->rows[s] == UINT64_MAX) {
        status = CX_E_OVERFLOW;
        goto out;
    }
    uint32_t c = design->clustered ? cluster_id_reserved(design, key, klen, s) : 0;
    design->rows[s]++;
    if (weight > 0.0) {
        design->positive[s]++;
        if (design->clustered)
            design->cluster_positive[c]++;
    }
    for (size_t j = 0; j < design->k; j++) {
        double y = values[j];
        if (isnan(y)) {
            design->missing[j]++;
            continue;
        }
        if (!isfinite(y)) {
            design->rejected[j]++;
            continue;
        }
        design->n[j]++;
        cx_sum_add(&design->wsq[j], weight * weight);
        if (design->clustered) {
            ClusterSums *cs = &design->sums[(size_t)c * design->k + j];
            cx_sum_add(&cs->w, weight);
            cx_sum_add(&cs->wy, weight * y);
        } else {
            moments_add(&design->mom[(size_t)s * design->k + j], weight, y);
        }
    }
out:
    g_free(key);
    return status;
}

/* ---- merge and copy -------------------------------------------------------------------------- */

int
cx_design_merge(CxDesign *dst, const CxDesign *src)
{
    if (!dst || !src || dst == src)
        return CX_E_INVALID_ARGUMENT;
    if (dst->k != src->k || dst->clustered != src->clustered)
        return CX_E_MISMATCH;
    size_t k = dst->k;
    uint64_t rw;
    if (!cx_u64_add(dst->rejected_weight, src->rejected_weight, &rw))
        return CX_E_OVERFLOW;
    for (size_t j = 0; j < k; j++) {
        uint64_t x;
        if (!cx_u64_add(dst->n[j], src->n[j], &x) ||
            !cx_u64_add(dst->missing[j], src->missing[j], &x) ||
            !cx_u64_add(dst->rejected[j], src->rejected[j], &x))
            return CX_E_OVERFLOW;
    }
    size_t ns = cx_keys_count(&src->strata), nc = cx_keys_count(&src->clusters);
    for (uint32_t i = 0; i < ns; i++) {
        size_t len;
        const char *key = cx_keys_data(&src->strata, i, &len);
        uint32_t t = cx_keys_find(&dst->strata, key, len);
        if (t != CX_KEYS_NONE && dst->rows[t] > UINT64_MAX - src->rows[i])
            return CX_E_OVERFLOW;
    }
    /* Room for every new key and record first: after that nothing fails. */
    size_t dns = cx_keys_count(&dst->strata), dnc = cx_keys_count(&dst->clusters);
    int status = cx_keys_reserve(&dst->strata, ns, src->strata.bytes);
    if (status == CX_OK)
        status = cx_array_reserve(&dst->rows, &dst->rows_cap, dns + ns, sizeof *dst->rows);
    if (status == CX_OK)
        status = cx_array_reserve(&dst->positive, &dst->positive_cap, dns + ns,
                                  sizeof *dst->positive);
    if (status == CX_OK && !dst->clustered)
        status = cx_array_reserve(&dst->mom, &dst->mom_cap, (dns + ns) * k, sizeof *dst->mom);
    if (status == CX_OK && dst->clustered) {
        status = cx_keys_reserve(&dst->clusters, nc, src->clusters.bytes);
        if (status == CX_OK)
            status = cx_array_reserve(&dst->cluster_stratum, &dst->cluster_stratum_cap,
                                      dnc + nc, sizeof *dst->cluster_stratum);
        if (status == CX_OK)
            status = cx_array_reserve(&dst->sums, &dst->sums_cap, (dnc + nc) * k,
                                      sizeof *dst->sums);
        if (status == CX_OK)
            status = cx_array_reserve(&dst->cluster_positive, &dst->cluster_positive_cap,
                                      dnc + nc, sizeof *dst->cluster_positive);
    }
    if (status != CX_OK)
        return status;
    dst->rejected_weight = rw;
    for (size_t j = 0; j < k; j++) {
        dst->n[j] += src->n[j];
        dst->missing[j] += src->missing[j];
        dst->rejected[j] += src->rejected[j];
        cx_sum_merge(&dst->wsq[j], &src->wsq[j]);
    }
    uint32_t *map = NULL; /* src stratum id → dst stratum id */
    map = g_try_new(uint32_t, ns ? ns : 1);
    if (!map)
        return CX_E_NO_MEMORY; /* nothing changed but the room reserved */
    for (uint32_t i = 0; i < ns; i++) {
        size_t len;
        const char *key = cx_keys_data(&src->strata, i, &len);
        uint32_t t;
        (void)stratum_id(dst, key, len, &t); /* room reserved */
        map[i] = t;
        dst->rows[t] += src->rows[i];
        dst->positive[t] += src->positive[i];
        if (!dst->clustered)
            for (size_t j = 0; j < k; j++)
                moments_merge(&dst->mom[(size_t)t * k + j], &src->mom[(size_t)i * k + j]);
    }
    for (uint32_t i = 0; i < nc; i++) {
        size_t len;
        const char *key = cx_keys_data(&src->clusters, i, &len);
        uint32_t c = cluster_id_reserved(dst, key, len, map[src->cluster_stratum[i]]);
        dst->cluster_positive[c] += src->cluster_positive[i];
        for (size_t j = 0; j < k; j++) {
            cx_sum_merge(&dst->sums[(size_t)c * k + j].w, &src->sums[(size_t)i * k + j].w);
            cx_sum_merge(&dst->sums[(size_t)c * k + j].wy, &src->sums[(size_t)i * k + j].wy);
        }
    }
    g_free(map);
    return CX_OK;
}

int
cx_design_copy(const CxDesign *design, CxDesign **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!design)
        return CX_E_INVALID_ARGUMENT;
    CxDesign *copy = NULL;
    int status = cx_design_new(design->k, design->clustered, &copy);
    if (status == CX_OK)
        status = cx_design_merge(copy, design);
    if (status != CX_OK) {
        cx_design_free(copy);
        return status;
    }
    *out = copy;
    return CX_OK;
}

/* ---- the estimate ---------------------------------------------------------------------------- */

/* PSUs per stratum of @d: its rows, or its clusters. CX_E_UNDEFINED if a stratum has one. */
static int
psu_counts(const CxDesign *d, uint64_t *count)
{
    size_t ns = cx_keys_count(&d->strata), nc = cx_keys_count(&d->clusters);
    if (d->clustered) {
        memset(count, 0, ns * sizeof *count);
        for (size_t c = 0; c < nc; c++)
            count[d->cluster_stratum[c]]++;
    } else {
        memcpy(count, d->rows, ns * sizeof *count);
    }
    for (size_t h = 0; h < ns; h++)
        if (count[h] < 2)
            return CX_E_UNDEFINED; /* R: "Stratum has only one PSU" */
    return CX_OK;
}

/* The n_h of each stratum of the domain @d, from the whole sample @full: CX_E_MISMATCH if @d is
 * not a part of @full (another shape, a stratum @full lacks, more PSUs than @full has),
 * CX_E_UNDEFINED if a stratum of @full has a single PSU (R fails on the whole design). */
static int
domain_psu_counts(const CxDesign *d, const CxDesign *full, const uint64_t *m_here, uint64_t *nh)
{
    if (full->clustered != d->clustered)
        return CX_E_MISMATCH;
    size_t ns = cx_keys_count(&d->strata), nfs = cx_keys_count(&full->strata);
    uint64_t *fcount = g_try_new0(uint64_t, nfs ? nfs : 1);
    if (!fcount)
        return CX_E_NO_MEMORY;
    int status = psu_counts(full, fcount);
    for (size_t h = 0; h < ns && status == CX_OK; h++) {
        size_t len;
        const char *key = cx_keys_data(&d->strata, (uint32_t)h, &len);
        uint32_t hf = cx_keys_find(&full->strata, key, len);
        if (hf == CX_KEYS_NONE || fcount[hf] < m_here[h])
            status = CX_E_MISMATCH;
        else
            nh[h] = fcount[hf];
    }
    g_free(fcount);
    return status;
}

static int
design_mean(const CxDesign *design, const CxDesign *full, size_t j, CxDesignMean *out)
{
    if (!cx_struct_holds(out, CX_ABI_DESIGN_MEAN))
        return CX_E_STRUCT_SIZE;
    const size_t k = design->k, ns = cx_keys_count(&design->strata);
    const size_t nc = cx_keys_count(&design->clusters);
    CxDesignMean r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.n = design->n[j];
    r.missing = design->missing[j];
    r.rejected = design->rejected[j];
    r.strata = ns;
    for (size_t h = 0; h < ns; h++)
        r.rows += design->rows[h];
    r.psus = design->clustered ? nc : r.rows;
    /* R's degf(): PSUs and strata that hold a row of positive weight. */
    uint64_t df_psus = 0, df_strata = 0;
    for (size_t h = 0; h < ns; h++) {
        df_strata += design->positive[h] > 0;
        if (!design->clustered)
            df_psus += design->positive[h];
    }
    for (size_t c = 0; c < nc; c++)
        df_psus += design->cluster_positive[c] > 0;
    r.df = (double)df_psus - (double)df_strata;
    r.weight_total = r.mean = r.se = r.n_eff = CX_NAN;

    /* The total weight and the mean. */
    CxSum w = { 0 }, wy = { 0 };
    if (design->clustered) {
        for (size_t c = 0; c < nc; c++) {
            const ClusterSums *cs = &design->sums[c * k + j];
            cx_sum_merge(&w, &cs->w);
            cx_sum_merge(&wy, &cs->wy);
        }
    } else {
        for (size_t h = 0; h < ns; h++) {
            const DesignMoments *m = &design->mom[h * k + j];
            cx_sum_add(&w, m->w);
            cx_sum_add(&wy, m->w * m->mean);
        }
    }
    double W = cx_sum_value(&w);
    int status = CX_OK;
    if (r.n == 0 || !(W > 0.0)) {
        status = CX_E_EMPTY;
        goto done;
    }
    if (!isfinite(W) || !isfinite(cx_sum_value(&wy))) {
        status = CX_E_OVERFLOW;
        goto done;
    }
    r.weight_total = W;
    r.n_eff = cx_kish_n_eff(W, cx_sum_value(&design->wsq[j]));
    double mean = cx_sum_value(&wy) / W;
    if (!design->clustered) {
        /* Refine the mean by the strata's deviations from the first estimate (the same idea as
         * the second pass of a two-pass mean): Σ W_h (m_h − mean) / W. */
        CxSum dev = { 0 };
        for (size_t h = 0; h < ns; h++) {
            const DesignMoments *m = &design->mom[h * k + j];
            if (m->w > 0.0)
                cx_sum_add(&dev, m->w * (m->mean - mean));
        }
        mean += cx_sum_value(&dev) / W;
    }
    r.mean = mean;

    /* The variance, Σ_h n_h/(n_h − 1) Σ_c (z_hc − z̄_h)², in units of W². n_h is the number of
     * PSUs of stratum h in the whole sample (@full for a domain): the PSUs without a row of the
     * domain have z = 0, so Σ_c (z_c − z̄)² = Σ_{c in domain} (z_c − z̄)² + (n_h − m_h)·z̄². */
    double var = 0.0;
    uint64_t *nh_all = g_try_new0(uint64_t, ns ? ns : 1);  /* n_h per stratum of design */
    uint64_t *m_here = g_try_new0(uint64_t, ns ? ns : 1);  /* PSUs of design per stratum */
    double *zsum = g_try_new0(double, ns ? ns : 1), *zss = g_try_new0(double, ns ? ns : 1);
    if (!nh_all || !m_here || !zsum || !zss) {
        status = CX_E_NO_MEMORY;
        goto free_var;
    }
    status = psu_counts(design, m_here);
    /* A domain may hold a single PSU of a stratum (R's svyby() gives it an SE): its n_h is the
     * whole sample's, which domain_psu_counts() checks. */
    if (full && status == CX_E_UNDEFINED)
        status = CX_OK;
    if (status == CX_OK && full)
        status = domain_psu_counts(design, full, m_here, nh_all);
    else if (status == CX_OK)
        memcpy(nh_all, m_here, ns * sizeof *nh_all);
    if (status != CX_OK)
        goto free_var;
    if (!design->clustered) {
        for (size_t h = 0; h < ns; h++) {
            const DesignMoments *m = &design->mom[h * k + j];
            if (!(m->w > 0.0))
                continue;
            double nh = (double)nh_all[h];
            double ss = moments_ss_about(m, mean); /* Σ_i w_i²(y_i − ȳ)² = W²·Σ z_i² */
            double tot = m->w * (m->mean - mean);  /* W·Σ_i z_i */
            double dev = ss - tot * tot / nh;
            var += nh / (nh - 1.0) * (dev > 0.0 ? dev : 0.0);
        }
    } else {
        for (size_t c = 0; c < nc; c++) {
            const ClusterSums *cs = &design->sums[c * k + j];
            zsum[design->cluster_stratum[c]] += cx_sum_value(&cs->wy) - mean * cx_sum_value(&cs->w);
        }
        for (size_t c = 0; c < nc; c++) {
            const ClusterSums *cs = &design->sums[c * k + j];
            uint32_t h = design->cluster_stratum[c];
            double z = cx_sum_value(&cs->wy) - mean * cx_sum_value(&cs->w);
            double d = z - zsum[h] / (double)nh_all[h];
            zss[h] += d * d;
        }
        for (size_t h = 0; h < ns; h++) {
            double nh = (double)nh_all[h], zbar = zsum[h] / nh;
            zss[h] += (nh - (double)m_here[h]) * zbar * zbar;
            var += nh / (nh - 1.0) * zss[h];
        }
    }
free_var:
    g_free(nh_all);
    g_free(m_here);
    g_free(zsum);
    g_free(zss);
    if (status != CX_OK)
        goto done;
    r.se = sqrt(var) / W;
done:
    {
        int s2 = cx_struct_out(out, &r, sizeof r, CX_ABI_DESIGN_MEAN);
        return s2 != CX_OK ? s2 : status;
    }
}

int
cx_design_mean(const CxDesign *design, size_t j, CxDesignMean *out)
{
    if (!design || !out || j >= design->k)
        return CX_E_INVALID_ARGUMENT;
    return design_mean(design, NULL, j, out);
}

int
cx_design_mean_domain(const CxDesign *domain, const CxDesign *full, size_t j, CxDesignMean *out)
{
    if (!domain || !full || !out || j >= domain->k)
        return CX_E_INVALID_ARGUMENT;
    return design_mean(domain, full, j, out);
}

/* ---- carrying the SE into the results -------------------------------------------------------- */

static int
same_estimate(double a, double b, double scale)
{
    return isfinite(a) && isfinite(b) && fabs(a - b) <= 1e-9 * scale;
}

static int
design_mean_ok(const CxDesignMean *m)
{
    return cx_struct_holds(m, CX_ABI_DESIGN_MEAN);
}

int
cx_design_apply_nps(const CxDesignMean *nps, CxNpsResult *result)
{
    if (!nps || !result)
        return CX_E_INVALID_ARGUMENT;
    if (!design_mean_ok(nps) || !cx_struct_holds(result, NPS_READ_END))
        return CX_E_STRUCT_SIZE;
    if (!isfinite(nps->se) || nps->se < 0.0 || !isfinite(result->variance))
        return CX_E_INVALID_ARGUMENT;
    if (!same_estimate(nps->mean, result->nps, 100.0))
        return CX_E_MISMATCH;
    if (!(nps->se > 0.0))
        return CX_OK;
    double s = nps->se / 100.0;
    result->se = nps->se;
    result->n_eff = result->variance / (s * s);
    return CX_OK;
}

/* The Wilson interval of a share with the design's effective sample size. */
static int
apply_share(const CxDesignMean *m, double share, double level, double *lower, double *upper)
{
    if (!design_mean_ok(m))
        return CX_E_STRUCT_SIZE;
    if (!isfinite(m->se) || m->se < 0.0)
        return CX_E_INVALID_ARGUMENT;
    if (!same_estimate(m->mean, share, 1.0))
        return CX_E_MISMATCH;
    double v = m->se * m->se, pq = share * (1.0 - share);
    if (!(v > 0.0) || !(pq > 0.0))
        return CX_OK; /* a share of 0 or 1: no variance to rescale by */
    double n_star = pq / v;
    return cx_wilson_interval(share * n_star, n_star, level, lower, upper);
}

int
cx_design_apply_rating(const CxDesignMean *mean, const CxDesignMean *good,
                       const CxDesignMean *top, CxRatingResult *result)
{
    if (!mean || !result)
        return CX_E_INVALID_ARGUMENT;
    if (!design_mean_ok(mean) || !cx_struct_holds(result, RATING_READ_END))
        return CX_E_STRUCT_SIZE;
    if (!isfinite(mean->se) || mean->se < 0.0 || !cx_level_ok(result->level) ||
        !(mean->df >= 1.0))
        return CX_E_INVALID_ARGUMENT;
    if (!same_estimate(mean->mean, result->mean, fmax(1.0, fabs(result->mean))))
        return CX_E_MISMATCH;
    CxRatingResult r = *result; /* all or nothing */
    int status = CX_OK;
    if (good)
        status = apply_share(good, r.good, r.level, &r.good_ci_lower, &r.good_ci_upper);
    if (status == CX_OK && top)
        status = apply_share(top, r.top_box, r.level, &r.top_box_ci_lower, &r.top_box_ci_upper);
    if (status != CX_OK)
        return status;
    r.se = mean->se;
    double q = cx_t_quantile(1.0 - (1.0 - r.level) / 2.0, mean->df);
    r.mean_ci_lower = r.mean - q * r.se;
    r.mean_ci_upper = r.mean + q * r.se;
    if (mean->se > 0.0 && isfinite(r.sd))
        r.n_eff = (r.sd * r.sd) / (mean->se * mean->se);
    *result = r;
    return CX_OK;
}

/* A t-interval on the design df, clipped to [lo, hi]; the SE and bounds of one variant. */
static int
apply_index(const CxDesignMean *m, double index, double level, double lo, double hi, double *se,
            double *lower, double *upper)
{
    if (!design_mean_ok(m))
        return CX_E_STRUCT_SIZE;
    if (!isfinite(m->se) || m->se < 0.0 || !(m->df >= 1.0))
        return CX_E_INVALID_ARGUMENT;
    if (!same_estimate(m->mean, index, 100.0))
        return CX_E_MISMATCH;
    double q = cx_t_quantile(1.0 - (1.0 - level) / 2.0, m->df);
    *se = m->se;
    *lower = fmax(index - q * m->se, lo);
    *upper = fmin(index + q * m->se, hi);
    return CX_OK;
}

int
cx_design_apply_loyalty_index(const CxDesignMean *mean_index, const CxDesignMean *net_index,
                              CxLoyaltyIndexResult *result)
{
    if (!result || (!mean_index && !net_index))
        return CX_E_INVALID_ARGUMENT;
    if (!cx_struct_holds(result, LOYALTY_READ_END))
        return CX_E_STRUCT_SIZE;
    if (!cx_level_ok(result->level))
        return CX_E_INVALID_ARGUMENT;
    CxLoyaltyIndexResult r = *result; /* all or nothing */
    int status = CX_OK;
    if (mean_index)
        status = apply_index(mean_index, r.mean_index, r.level, 0.0, 100.0, &r.mean_index_se,
                             &r.mean_index_ci_lower, &r.mean_index_ci_upper);
    if (status == CX_OK && net_index)
        status = apply_index(net_index, r.net_index, r.level, -100.0, 100.0, &r.net_index_se,
                             &r.net_index_ci_lower, &r.net_index_ci_upper);
    if (status != CX_OK)
        return status;
    *result = r;
    return CX_OK;
}

/* ---- names ----------------------------------------------------------------------------------- */

static const char *const variance_names[] = { "kish", "design" };

int
cx_variance_method_from_name(const char *name)
{
    if (!name)
        return CX_E_INVALID_ARGUMENT;
    for (int i = 0; i < (int)G_N_ELEMENTS(variance_names); i++)
        if (g_ascii_strcasecmp(name, variance_names[i]) == 0)
            return i;
    return CX_E_INVALID_ARGUMENT;
}

const char *
cx_variance_method_name(int method)
{
    return method >= 0 && method < (int)G_N_ELEMENTS(variance_names) ? variance_names[method]
                                                                      : NULL;
}

/* ---- serialization --------------------------------------------------------------------------- */

#define DS_MAGIC "CXDS"
#define DS_FORMAT_VERSION 1
/* k, clustered, rejected weights; per variable n, missing, rejected, Σw² (s, c pairs); the strata
 * (keys, lengths, rows, and 5 moments per variable when unclustered); the clusters (keys,
 * lengths, and Σw, Σwy as (s, c) pairs per variable). Keys in byte order. */
#define DS_STATE_FORMAT_V1 "(ubt@at@at@at@ad@ay@at@at@at@ad@ay@at@at@ad)"
#define DS_STATE_TYPE_V1 "(ubtatatatadayatatatadayatatad)"

int
cx_design_serialize(const CxDesign *design, uint8_t **bytes, size_t *len)
{
    if (!design || !bytes || !len)
        return CX_E_INVALID_ARGUMENT;
    *bytes = NULL;
    *len = 0;
    const size_t k = design->k, ns = cx_keys_count(&design->strata);
    const size_t nc = cx_keys_count(&design->clusters);
    uint32_t *sorder = NULL, *corder = NULL;
    int status = cx_keys_sorted(&design->strata, &sorder);
    if (status == CX_OK)
        status = cx_keys_sorted(&design->clusters, &corder);
    GVariant *skeys = NULL, *slens = NULL, *ckeys = NULL, *clens = NULL;
    if (status == CX_OK)
        status = cx_keys_write_columns(&design->strata, sorder, &skeys, &slens);
    if (status == CX_OK)
        status = cx_keys_write_columns(&design->clusters, corder, &ckeys, &clens);
    uint64_t *rows = cx_column_alloc(ns, sizeof *rows);
    uint64_t *positive = cx_column_alloc(ns, sizeof *positive);
    uint64_t *cpositive = cx_column_alloc(nc, sizeof *cpositive);
    size_t nmom = design->clustered ? 0 : ns * k * 5;
    double *mom = cx_column_alloc(nmom, sizeof *mom);
    double *sums = cx_column_alloc(nc * k * 4, sizeof *sums);
    double *wsq = cx_column_alloc(2 * k, sizeof *wsq);
    if (status == CX_OK && (!rows || !positive || !cpositive || !mom || !sums || !wsq))
        status = CX_E_NO_MEMORY;
    if (status != CX_OK) {
        g_free(rows);
        g_free(positive);
        g_free(cpositive);
        g_free(mom);
        g_free(sums);
        g_free(wsq);
        if (skeys)
            g_variant_unref(g_variant_ref_sink(skeys));
        if (slens)
            g_variant_unref(g_variant_ref_sink(slens));
        if (ckeys)
            g_variant_unref(g_variant_ref_sink(ckeys));
        if (clens)
            g_variant_unref(g_variant_ref_sink(clens));
        g_free(sorder);
        g_free(corder);
        return status;
    }
    for (size_t i = 0; i < ns; i++) {
        uint32_t h = sorder[i];
        rows[i] = design->rows[h];
        positive[i] = design->positive[h];
        for (size_t j = 0; !design->clustered && j < k; j++) {
            const DesignMoments *m = &design->mom[(size_t)h * k + j];
            double *o = mom + (i * k + j) * 5;
            o[0] = m->w;
            o[1] = m->mean;
            o[2] = m->q;
            o[3] = m->t;
            o[4] = m->s;
        }
    }
    for (size_t i = 0; i < nc; i++) {
        uint32_t c = corder[i];
        cpositive[i] = design->cluster_positive[c];
        for (size_t j = 0; j < k; j++) {
            const ClusterSums *cs = &design->sums[(size_t)c * k + j];
            double *o = sums + (i * k + j) * 4;
            o[0] = cs->w.s;
            o[1] = cs->w.c;
            o[2] = cs->wy.s;
            o[3] = cs->wy.c;
        }
    }
    for (size_t j = 0; j < k; j++) {
        wsq[2 * j] = design->wsq[j].s;
        wsq[2 * j + 1] = design->wsq[j].c;
    }
    g_free(sorder);
    g_free(corder);
    GVariant *state = g_variant_new(
        DS_STATE_FORMAT_V1, (guint32)k, (gboolean)design->clustered,
        (guint64)design->rejected_weight,
        g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64, design->n, k, 8),
        g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64, design->missing, k, 8),
        g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64, design->rejected, k, 8),
        cx_column_take("ad", wsq, 2 * k * sizeof *wsq), skeys, slens,
        cx_column_take("at", rows, ns * sizeof *rows),
        cx_column_take("at", positive, ns * sizeof *positive),
        cx_column_take("ad", mom, nmom * sizeof *mom), ckeys, clens,
        cx_column_take("at", cpositive, nc * sizeof *cpositive),
        cx_column_take("ad", sums, nc * k * 4 * sizeof *sums));
    return cx_state_pack(DS_MAGIC, DS_FORMAT_VERSION, state, bytes, len);
}

/* A compensated sum read back: both parts finite (the correction's size depends on the terms,
 * which are gone, so nothing tighter can be checked). */
static int
sum_valid(double s, double c)
{
    return isfinite(s) && isfinite(c);
}

int
cx_design_deserialize(const uint8_t *bytes, size_t len, CxDesign **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    GVariant *state = NULL;
    int status = cx_state_unpack(bytes, len, DS_MAGIC, DS_FORMAT_VERSION, DS_STATE_TYPE_V1,
                                 &state, NULL);
    if (status != CX_OK)
        return status;
    guint32 k;
    gboolean clustered;
    guint64 rejected_weight;
    GVariant *vn, *vmissing, *vrejected, *vwsq, *skeys, *slens, *vrows, *vpos, *vmom, *ckeys,
        *clens, *vcpos, *vsums;
    g_variant_get(state, DS_STATE_FORMAT_V1, &k, &clustered, &rejected_weight, &vn, &vmissing,
                  &vrejected, &vwsq, &skeys, &slens, &vrows, &vpos, &vmom, &ckeys, &clens, &vcpos,
                  &vsums);
    CxDesign *d = NULL;
    status = cx_design_new(k, clustered ? 1 : 0, &d);
    if (status == CX_E_INVALID_ARGUMENT)
        status = CX_E_CORRUPT;
    if (status != CX_OK)
        goto out;
    status = CX_E_CORRUPT;
    gsize nn, nm, nr, nw, nrows, npos, ncpos, nmom, nsums;
    const guint64 *n = g_variant_get_fixed_array(vn, &nn, 8);
    const guint64 *missing = g_variant_get_fixed_array(vmissing, &nm, 8);
    const guint64 *rejected = g_variant_get_fixed_array(vrejected, &nr, 8);
    const double *wsq = g_variant_get_fixed_array(vwsq, &nw, 8);
    const guint64 *rows = g_variant_get_fixed_array(vrows, &nrows, 8);
    const guint64 *pos = g_variant_get_fixed_array(vpos, &npos, 8);
    const guint64 *cpos = g_variant_get_fixed_array(vcpos, &ncpos, 8);
    const double *mom = g_variant_get_fixed_array(vmom, &nmom, 8);
    const double *sums = g_variant_get_fixed_array(vsums, &nsums, 8);
    if (nn != k || nm != k || nr != k || nw != 2 * (gsize)k)
        goto out;
    int kr = cx_keys_read_columns(&d->strata, skeys, slens, 0);
    if (kr != CX_OK) {
        status = kr;
        goto out;
    }
    kr = cx_keys_read_columns(&d->clusters, ckeys, clens, 8);
    if (kr != CX_OK) {
        status = kr;
        goto out;
    }
    size_t ns = cx_keys_count(&d->strata), nc = cx_keys_count(&d->clusters);
    if (nrows != ns || npos != ns || ncpos != nc || nmom != (clustered ? 0 : ns * k * 5) || nsums != nc * k * 4 ||
        (!clustered && nc != 0))
        goto out;
    if (cx_array_reserve(&d->rows, &d->rows_cap, ns, sizeof *d->rows) != CX_OK ||
        cx_array_reserve(&d->positive, &d->positive_cap, ns, sizeof *d->positive) != CX_OK ||
        (clustered && cx_array_reserve(&d->cluster_positive, &d->cluster_positive_cap, nc,
                                       sizeof *d->cluster_positive) != CX_OK) ||
        (!clustered && cx_array_reserve(&d->mom, &d->mom_cap, ns * k, sizeof *d->mom) != CX_OK) ||
        (clustered && (cx_array_reserve(&d->cluster_stratum, &d->cluster_stratum_cap, nc,
                                        sizeof *d->cluster_stratum) != CX_OK ||
                       cx_array_reserve(&d->sums, &d->sums_cap, nc * k, sizeof *d->sums) !=
                           CX_OK))) {
        status = CX_E_NO_MEMORY;
        goto out;
    }
    uint64_t total_rows = 0;
    for (size_t h = 0; h < ns; h++) {
        if (rows[h] == 0 || pos[h] > rows[h] || !cx_u64_add(total_rows, rows[h], &total_rows))
            goto out;
        d->rows[h] = rows[h];
        d->positive[h] = pos[h];
        for (size_t j = 0; !clustered && j < k; j++) {
            const double *o = mom + (h * k + j) * 5;
            DesignMoments m = { o[0], o[1], o[2], o[3], o[4] };
            if (!moments_valid(&m))
                goto out;
            d->mom[h * k + j] = m;
        }
    }
    for (size_t j = 0; j < k; j++) {
        uint64_t all;
        if (!cx_u64_add(n[j], missing[j], &all) || !cx_u64_add(all, rejected[j], &all) ||
            all != total_rows || !sum_valid(wsq[2 * j], wsq[2 * j + 1]) || wsq[2 * j] < 0.0)
            goto out;
        d->n[j] = n[j];
        d->missing[j] = missing[j];
        d->rejected[j] = rejected[j];
        d->wsq[j].s = wsq[2 * j];
        d->wsq[j].c = wsq[2 * j + 1];
    }
    uint64_t *psus = g_try_new0(uint64_t, ns ? ns : 1);
    if (!psus) {
        status = CX_E_NO_MEMORY;
        goto out;
    }
    for (size_t c = 0; c < nc; c++) {
        size_t klen, slen;
        const char *key = cx_keys_data(&d->clusters, (uint32_t)c, &klen), *skey;
        uint32_t h;
        if (!cluster_key_stratum(key, klen, &skey, &slen) ||
            (h = cx_keys_find(&d->strata, skey, slen)) == CX_KEYS_NONE) {
            g_free(psus);
            goto out;
        }
        d->cluster_stratum[c] = h;
        d->cluster_positive[c] = cpos[c];
        psus[h]++;
        for (size_t j = 0; j < k; j++) {
            const double *o = sums + (c * k + j) * 4;
            if (!sum_valid(o[0], o[1]) || !sum_valid(o[2], o[3]) || o[0] < 0.0) {
                g_free(psus);
                goto out;
            }
            d->sums[c * k + j].w.s = o[0];
            d->sums[c * k + j].w.c = o[1];
            d->sums[c * k + j].wy.s = o[2];
            d->sums[c * k + j].wy.c = o[3];
        }
    }
    int orphan = 0; /* a stratum without a cluster, or more clusters than rows */
    for (size_t h = 0; clustered && h < ns; h++)
        if (psus[h] == 0 || psus[h] > d->rows[h])
            orphan = 1;
    g_free(psus);
    if (orphan)
        goto out;
    d->rejected_weight = rejected_weight;
    status = CX_OK;
out:
    if (state) {
        g_variant_unref(vn);
        g_variant_unref(vmissing);
        g_variant_unref(vrejected);
        g_variant_unref(vwsq);
        g_variant_unref(skeys);
        g_variant_unref(slens);
        g_variant_unref(vrows);
        g_variant_unref(vpos);
        g_variant_unref(vcpos);
        g_variant_unref(vmom);
        g_variant_unref(ckeys);
        g_variant_unref(clens);
        g_variant_unref(vsums);
        g_variant_unref(state);
    }
    if (status == CX_OK)
        *out = d;
    else
        cx_design_free(d);
    return status;
}
