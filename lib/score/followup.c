/* SPDX-License-Identifier: MIT */
/*
 * Follow-up (closed-loop) logs: time to first contact, SLA, closure, open alerts by age and
 * recovery of detractors (see cx-followup.h for the rules and docs/followup.md for the sources).
 *
 * The state is one record per response id (an alert), in a key table: a second alert for the
 * same response is a counted rejection, and the one on the earlier line is kept, so the state
 * does not depend on the order of adds and merges (when lines are distinct). The
 * figures are counts and quantiles of sorted copies, so they do not depend on the order either.
 * Group names are interned in a second key table and compared by name wherever order matters.
 */
#include <cxscore/cx-compare.h>
#include <cxscore/cx-error.h>
#include <cxscore/cx-followup.h>

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/keys-private.h"
#include "core/state-private.h"
#include "core/struct-private.h"
#include "core/util-private.h"
#include "score/abi-private.h"
#include "stats/distributions-private.h"

#define FU_MAGIC "CXFU"
#define FU_FORMAT_VERSION 1u
/* now, rejection counts and first lines, groups (bytes, lengths), ids (bytes, lengths), five
 * times/scores per alert, lines, outcomes, group ranks. */
#define FU_STATE_TYPE_V1 "(datatayatayatadatayau)"
#define FU_STATE_GET "(d@at@at@ay@at@ay@at@ad@at@ay@au)"

#define HOUR 3600.0
#define N_TIMES 5

typedef struct {
    double alerted, contact, closed, before, after;
    uint64_t line;
    uint32_t group; /* CX_KEYS_NONE: none */
    uint8_t outcome;
} Alert;

struct CxFollowup {
    double now;
    CxKeys ids;
    Alert *alerts; /* ids.count records (room for alerts_cap) */
    size_t alerts_cap;
    CxKeys groups;
    uint64_t rejected[CX_FOLLOWUP_N_REJECTIONS];
    uint64_t first_line[CX_FOLLOWUP_N_REJECTIONS];
    /* A cache of the figures' functions (const for the caller: one thread at a time uses an
     * object, cxscore.h), dropped by every change: the groups in byte order, and the alerts
     * bucketed by group (bucket ng: no group), so that a group's figures cost its own alerts. */
    uint32_t *group_order;
    uint32_t *by_group, *group_start;
};

static void
cache_drop(CxFollowup *acc)
{
    g_free(acc->group_order);
    g_free(acc->by_group);
    g_free(acc->group_start);
    acc->group_order = acc->by_group = acc->group_start = NULL;
}

int
cx_followup_new(double now, CxFollowup **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!isfinite(now))
        return CX_E_INVALID_ARGUMENT;
    CxFollowup *acc = g_try_new0(CxFollowup, 1);
    if (!acc)
        return CX_E_NO_MEMORY;
    acc->now = now;
    cx_keys_init(&acc->ids);
    cx_keys_init(&acc->groups);
    *out = acc;
    return CX_OK;
}

void
cx_followup_free(CxFollowup *followup)
{
    if (!followup)
        return;
    cx_keys_clear(&followup->ids);
    cx_keys_clear(&followup->groups);
    g_free(followup->alerts);
    cache_drop(followup);
    g_free(followup);
}

int
cx_followup_reset(CxFollowup *followup)
{
    if (!followup)
        return CX_E_INVALID_ARGUMENT;
    const double now = followup->now;
    cache_drop(followup);
    cx_keys_clear(&followup->ids);
    cx_keys_clear(&followup->groups);
    g_free(followup->alerts);
    memset(followup, 0, sizeof *followup);
    followup->now = now;
    cx_keys_init(&followup->ids);
    cx_keys_init(&followup->groups);
    return CX_OK;
}

int
cx_followup_copy(const CxFollowup *followup, CxFollowup **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!followup)
        return CX_E_INVALID_ARGUMENT;
    CxFollowup *c = NULL;
    int status = cx_followup_new(followup->now, &c);
    if (status == CX_OK)
        status = cx_followup_merge(c, followup);
    if (status != CX_OK) {
        cx_followup_free(c);
        return status;
    }
    *out = c;
    return CX_OK;
}

/* Of two alerts for one response, the one on the earlier line is kept (line 0, unknown, counts
 * as the latest): the state does not depend on the order of adds and merges. */
static int
keeps_new(const Alert *kept, const Alert *incoming)
{
    return incoming->line && (kept->line == 0 || incoming->line < kept->line);
}

static void
reject(CxFollowup *acc, int reason, uint64_t line)
{
    acc->rejected[reason]++;
    if (line && (acc->first_line[reason] == 0 || line < acc->first_line[reason]))
        acc->first_line[reason] = line;
}

static int
score_ok(double s)
{
    return isnan(s) || (isfinite(s) && s >= 0.0 && s <= 10.0);
}

/* The rejection reason of an alert's content (the id and duplicates aside). */
static int
check(double now, const Alert *a)
{
    if (!isfinite(a->alerted) || isinf(a->contact) || isinf(a->closed))
        return CX_FOLLOWUP_REJECT_BAD_TIME;
    if (a->alerted > now || a->contact > now || a->closed > now)
        return CX_FOLLOWUP_REJECT_FUTURE;
    if (a->contact < a->alerted || a->closed < a->alerted || a->closed < a->contact)
        return CX_FOLLOWUP_REJECT_OUT_OF_ORDER;
    if (a->outcome > CX_FOLLOWUP_UNREACHABLE)
        return CX_FOLLOWUP_REJECT_UNKNOWN_OUTCOME;
    if (isnan(a->closed) != (a->outcome == CX_FOLLOWUP_OPEN))
        return CX_FOLLOWUP_REJECT_INCONSISTENT;
    if (!score_ok(a->before) || !score_ok(a->after))
        return CX_FOLLOWUP_REJECT_BAD_SCORE;
    return CX_FOLLOWUP_ACCEPTED;
}

int
cx_followup_add(CxFollowup *followup, const char *response_id, size_t response_id_len,
                const char *group, size_t group_len, const CxFollowupAlert *alert,
                int *rejection)
{
    if (rejection)
        *rejection = CX_FOLLOWUP_ACCEPTED;
    if (!followup || !alert || (!response_id && response_id_len) || (!group && group_len))
        return CX_E_INVALID_ARGUMENT;
    if (!cx_struct_holds(alert, CX_ABI_FOLLOWUP_ALERT))
        return CX_E_STRUCT_SIZE;
    CxFollowup *acc = followup;
    cache_drop(acc);
    Alert a = {
        alert->alerted_at, alert->first_contact_at, alert->closed_at, alert->score_before,
        alert->score_after, alert->line, CX_KEYS_NONE,
        alert->outcome < 0 || alert->outcome > 255 ? 255 : (uint8_t)alert->outcome,
    };
    int reason = response_id_len == 0 ? CX_FOLLOWUP_REJECT_NO_ID : check(acc->now, &a);
    const uint32_t seen = reason == CX_FOLLOWUP_ACCEPTED
                              ? cx_keys_find(&acc->ids, response_id, response_id_len)
                              : CX_KEYS_NONE;
    const int verdict = seen != CX_KEYS_NONE ? CX_FOLLOWUP_REJECT_DUPLICATE : reason;
    if (verdict != CX_FOLLOWUP_ACCEPTED && acc->rejected[verdict] == UINT64_MAX)
        return CX_E_OVERFLOW;
    if (seen != CX_KEYS_NONE && keeps_new(&acc->alerts[seen], &a)) {
        /* The alert on the earlier line stays (its group must be interned first). */
        const uint32_t g = group_len ? cx_keys_find(&acc->groups, group, group_len)
                                     : CX_KEYS_NONE;
        int status = group_len && g == CX_KEYS_NONE
                         ? cx_keys_insert(&acc->groups, group, group_len, &a.group, NULL)
                         : CX_OK;
        if (status != CX_OK)
            return status;
        if (g != CX_KEYS_NONE)
            a.group = g;
        const Alert old = acc->alerts[seen];
        acc->alerts[seen] = a;
        a = old;
    }
    if (seen != CX_KEYS_NONE)
        reason = CX_FOLLOWUP_REJECT_DUPLICATE;
    if (reason != CX_FOLLOWUP_ACCEPTED) {
        reject(acc, reason, a.line);
        if (rejection)
            *rejection = reason;
        return CX_OK;
    }
    /* Reserve everything first: a failure changes nothing. */
    const int new_group = group_len &&
                          cx_keys_find(&acc->groups, group, group_len) ==
                              CX_KEYS_NONE;
    int status = cx_keys_reserve(&acc->ids, 1, response_id_len);
    if (status == CX_OK)
        status = cx_array_reserve(&acc->alerts, &acc->alerts_cap, cx_keys_count(&acc->ids) + 1,
                                  sizeof *acc->alerts);
    if (status == CX_OK && new_group)
        status = cx_keys_reserve(&acc->groups, 1, group_len);
    if (status != CX_OK)
        return status;
    if (group_len)
        a.group = new_group ? cx_keys_add_reserved(&acc->groups, group, group_len)
                            : cx_keys_find(&acc->groups, group, group_len);
    uint32_t id = cx_keys_add_reserved(&acc->ids, response_id, response_id_len);
    acc->alerts[id] = a;
    return CX_OK;
}

int
cx_followup_parse_outcome(const char *text, size_t len)
{
    if (!text && len)
        return CX_E_PARSE;
    while (len && g_ascii_isspace(text[0])) {
        text++;
        len--;
    }
    while (len && g_ascii_isspace(text[len - 1]))
        len--;
    static const char *const names[] = { "open", "resolved", "unresolved", "unreachable" };
    if (len == 0)
        return CX_FOLLOWUP_OPEN;
    for (int i = 0; i < (int)G_N_ELEMENTS(names); i++)
        if (strlen(names[i]) == len && g_ascii_strncasecmp(text, names[i], len) == 0)
            return i;
    return CX_E_PARSE;
}

uint64_t
cx_followup_rejections(const CxFollowup *followup, int reason, uint64_t *first_line)
{
    if (first_line)
        *first_line = 0;
    if (!followup || reason <= CX_FOLLOWUP_ACCEPTED || reason >= CX_FOLLOWUP_N_REJECTIONS)
        return 0;
    if (first_line)
        *first_line = followup->first_line[reason];
    return followup->rejected[reason];
}

int
cx_followup_merge(CxFollowup *dst, const CxFollowup *src)
{
    if (!dst || !src || dst == src)
        return CX_E_INVALID_ARGUMENT;
    if (dst->now < src->now || dst->now > src->now)
        return CX_E_MISMATCH;
    cache_drop(dst);
    /* Phase 1: room for every new id and group, and for the rejection counts (each of src's
     * ids that dst already holds adds a duplicate), so that phase 2 cannot fail. */
    size_t n_ids = 0, id_bytes = 0, n_groups = 0, group_bytes = 0;
    for (uint32_t i = 0; i < cx_keys_count(&src->ids); i++) {
        size_t len;
        const char *k = cx_keys_data(&src->ids, i, &len);
        if (cx_keys_find(&dst->ids, k, len) == CX_KEYS_NONE) {
            n_ids++;
            id_bytes += len;
        }
    }
    for (int r = 1; r < CX_FOLLOWUP_N_REJECTIONS; r++) {
        const uint64_t extra = r == CX_FOLLOWUP_REJECT_DUPLICATE
                                   ? (uint64_t)(cx_keys_count(&src->ids) - n_ids)
                                   : 0;
        if (src->rejected[r] > UINT64_MAX - dst->rejected[r] ||
            extra > UINT64_MAX - dst->rejected[r] - src->rejected[r])
            return CX_E_OVERFLOW;
    }
    for (uint32_t i = 0; i < cx_keys_count(&src->groups); i++) {
        size_t len;
        const char *k = cx_keys_data(&src->groups, i, &len);
        if (cx_keys_find(&dst->groups, k, len) == CX_KEYS_NONE) {
            n_groups++;
            group_bytes += len;
        }
    }
    uint32_t *map = cx_column_alloc(cx_keys_count(&src->groups), sizeof *map);
    int status = map ? cx_keys_reserve(&dst->ids, n_ids, id_bytes) : CX_E_NO_MEMORY;
    if (status == CX_OK)
        status = cx_array_reserve(&dst->alerts, &dst->alerts_cap,
                                  cx_keys_count(&dst->ids) + n_ids, sizeof *dst->alerts);
    if (status == CX_OK)
        status = cx_keys_reserve(&dst->groups, n_groups, group_bytes);
    if (status != CX_OK) {
        g_free(map);
        return status;
    }
    /* Phase 2. */
    for (uint32_t i = 0; i < cx_keys_count(&src->groups); i++) {
        size_t len;
        const char *k = cx_keys_data(&src->groups, i, &len);
        uint32_t g = cx_keys_find(&dst->groups, k, len);
        map[i] = g != CX_KEYS_NONE ? g : cx_keys_add_reserved(&dst->groups, k, len);
    }
    for (int r = 1; r < CX_FOLLOWUP_N_REJECTIONS; r++)
        if (src->rejected[r]) {
            dst->rejected[r] += src->rejected[r] - 1;
            reject(dst, r, src->first_line[r]);
        }
    for (uint32_t i = 0; i < cx_keys_count(&src->ids); i++) {
        size_t len;
        const char *k = cx_keys_data(&src->ids, i, &len);
        Alert a = src->alerts[i];
        if (a.group != CX_KEYS_NONE)
            a.group = map[a.group];
        const uint32_t seen = cx_keys_find(&dst->ids, k, len);
        if (seen != CX_KEYS_NONE) {
            if (keeps_new(&dst->alerts[seen], &a)) {
                const Alert old = dst->alerts[seen];
                dst->alerts[seen] = a;
                a = old;
            }
            reject(dst, CX_FOLLOWUP_REJECT_DUPLICATE, a.line);
            continue;
        }
        dst->alerts[cx_keys_add_reserved(&dst->ids, k, len)] = a;
    }
    g_free(map);
    return CX_OK;
}

/* ---- figures --------------------------------------------------------------------------------- */

static uint32_t
group_bucket(const void *ctx, size_t i)
{
    const CxFollowup *acc = ctx;
    const uint32_t g = acc->alerts[i].group;
    return g == CX_KEYS_NONE ? (uint32_t)cx_keys_count(&acc->groups) : g;
}

/* The alerts bucketed by group, built if needed (CX_OK or CX_E_NO_MEMORY). */
static int
group_index(const CxFollowup *followup)
{
    CxFollowup *acc = (CxFollowup *)followup; /* the cache only; see struct CxFollowup */
    if (acc->by_group)
        return CX_OK;
    return cx_bucket_sort(cx_keys_count(&acc->ids), cx_keys_count(&acc->groups) + 1,
                          group_bucket, acc, &acc->by_group, &acc->group_start);
}

/* The groups in byte order, sorted if needed (NULL if memory ran out). */
static const uint32_t *
group_order(const CxFollowup *followup)
{
    CxFollowup *acc = (CxFollowup *)followup; /* the cache only; see struct CxFollowup */
    if (!acc->group_order && cx_keys_count(&acc->groups) &&
        cx_keys_sorted(&acc->groups, &acc->group_order) != CX_OK)
        return NULL;
    return acc->group_order;
}

static double
share(uint64_t k, uint64_t n)
{
    return n ? (double)k / (double)n : CX_NAN;
}

static void
wilson(uint64_t k, uint64_t n, double level, double *lo, double *hi)
{
    if (!n || cx_wilson_interval((double)k, (double)n, level, lo, hi) != CX_OK)
        *lo = *hi = CX_NAN;
}

int
cx_followup_result(const CxFollowup *followup, const char *group, size_t group_len, double sla,
                   double level, CxFollowupResult *out)
{
    if (!followup || !out || (!group && group_len) || !isfinite(sla) || sla < 0.0 ||
        !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    if (cx_struct_size(out) < CX_ABI_FOLLOWUP_RESULT)
        return CX_E_STRUCT_SIZE;
    const CxFollowup *acc = followup;
    /* Every alert; or a group's (its bucket of the group index), those of no group for "". */
    size_t from = 0, to = cx_keys_count(&acc->ids);
    const uint32_t *members = NULL;
    if (group) {
        const uint32_t g = group_len ? cx_keys_find(&acc->groups, group, group_len)
                                     : (uint32_t)cx_keys_count(&acc->groups);
        if (group_index(acc) != CX_OK)
            return CX_E_NO_MEMORY;
        members = acc->by_group;
        from = g == CX_KEYS_NONE ? 0 : acc->group_start[g]; /* an unknown group: none */
        to = g == CX_KEYS_NONE ? 0 : acc->group_start[g + 1];
    }
    double *times = cx_column_alloc(to - from, sizeof *times);
    if (!times)
        return CX_E_NO_MEMORY;
    CxFollowupResult res = { .size = sizeof res, .sla = sla, .level = level };
    size_t n_times = 0;
    for (size_t at = from; at < to; at++) {
        const Alert *a = &acc->alerts[members ? members[at] : at];
        res.alerts++;
        if (!isnan(a->contact)) {
            const double t = a->contact - a->alerted;
            times[n_times++] = t;
            res.contacted++;
            res.sla_decided++;
            res.sla_met += t <= sla;
        } else if (a->alerted + sla <= acc->now) {
            res.sla_decided++;
        }
        if (a->outcome != CX_FOLLOWUP_OPEN) {
            res.closed++;
            res.resolved += a->outcome == CX_FOLLOWUP_RESOLVED;
        } else {
            const double age = acc->now - a->alerted;
            if (age < 24 * HOUR)
                res.open_under_24h++;
            else if (age < 48 * HOUR)
                res.open_24h_48h++;
            else if (age < 7 * 24 * HOUR)
                res.open_48h_7d++;
            else
                res.open_over_7d++;
        }
        if (!isnan(a->before) && !isnan(a->after)) {
            const int det_before = a->before <= 6.0, det_after = a->after <= 6.0;
            res.pairs++;
            res.detractors_before += det_before;
            if (det_before && !det_after) {
                if (a->after < 9.0)
                    res.to_passive++;
                else
                    res.to_promoter++;
            }
            res.became_detractor += !det_before && det_after;
        }
    }
    qsort(times, n_times, sizeof *times, cx_compare_doubles);
    res.first_contact_median = cx_quantile_sorted(times, n_times, 0.5);
    res.first_contact_p90 = cx_quantile_sorted(times, n_times, 0.9);
    g_free(times);
    res.sla_share = share(res.sla_met, res.sla_decided);
    wilson(res.sla_met, res.sla_decided, level, &res.sla_lower, &res.sla_upper);
    res.closure_rate = share(res.closed, res.alerts);
    wilson(res.closed, res.alerts, level, &res.closure_lower, &res.closure_upper);
    const uint64_t b = res.to_passive + res.to_promoter, c = res.became_detractor;
    res.recovery_rate = share(b, res.detractors_before);
    wilson(b, res.detractors_before, level, &res.recovery_lower, &res.recovery_upper);
    if (b + c) {
        const double d = (double)b - (double)c;
        res.mcnemar_chi2 = d * d / (double)(b + c);
        res.mcnemar_p = cx_chi2_sf(res.mcnemar_chi2, 1.0);
    } else {
        res.mcnemar_chi2 = res.mcnemar_p = CX_NAN;
    }
    int copy = cx_struct_out(out, &res, sizeof res, CX_ABI_FOLLOWUP_RESULT);
    if (copy != CX_OK)
        return copy;
    return res.alerts ? CX_OK : CX_E_EMPTY;
}

size_t
cx_followup_group_count(const CxFollowup *followup)
{
    return followup ? cx_keys_count(&followup->groups) : 0;
}

const char *
cx_followup_group_name(const CxFollowup *followup, size_t index, size_t *len)
{
    if (len)
        *len = 0;
    if (!followup || index >= cx_keys_count(&followup->groups))
        return NULL;
    const uint32_t *order = group_order(followup);
    return order ? cx_keys_data(&followup->groups, order[index], len) : NULL;
}

/* ---- serialized state ------------------------------------------------------------------------ */

int
cx_followup_serialize(const CxFollowup *followup, uint8_t **bytes, size_t *len)
{
    if (!followup || !bytes || !len)
        return CX_E_INVALID_ARGUMENT;
    *bytes = NULL;
    *len = 0;
    const CxFollowup *acc = followup;
    const size_t n = cx_keys_count(&acc->ids), ng = cx_keys_count(&acc->groups);
    uint32_t *order = NULL, *gorder = NULL;
    uint32_t *grank = cx_column_alloc(ng, sizeof *grank);
    uint64_t *counts = cx_column_alloc(CX_FOLLOWUP_N_REJECTIONS, sizeof *counts);
    uint64_t *firsts = cx_column_alloc(CX_FOLLOWUP_N_REJECTIONS, sizeof *firsts);
    double *times = cx_column_alloc(n, N_TIMES * sizeof *times);
    uint64_t *lines = cx_column_alloc(n, sizeof *lines);
    uint8_t *outcomes = cx_column_alloc(n, 1);
    uint32_t *groups = cx_column_alloc(n, sizeof *groups);
    GVariant *cols[4] = { NULL };
    int status = grank && counts && firsts && times && lines && outcomes && groups
                     ? cx_keys_sorted(&acc->ids, &order)
                     : CX_E_NO_MEMORY;
    if (status == CX_OK)
        status = cx_keys_sorted(&acc->groups, &gorder);
    if (status == CX_OK)
        status = cx_keys_write_columns(&acc->groups, gorder, &cols[0], &cols[1]);
    if (status == CX_OK)
        status = cx_keys_write_columns(&acc->ids, order, &cols[2], &cols[3]);
    if (status != CX_OK) {
        for (size_t i = 0; i < G_N_ELEMENTS(cols); i++)
            if (cols[i])
                g_variant_unref(g_variant_ref_sink(cols[i]));
        g_free(counts);
        g_free(firsts);
        g_free(times);
        g_free(lines);
        g_free(outcomes);
        g_free(groups);
        goto out;
    }
    for (size_t r = 0; r < ng; r++)
        grank[gorder[r]] = (uint32_t)r;
    memcpy(counts, acc->rejected, sizeof acc->rejected);
    memcpy(firsts, acc->first_line, sizeof acc->first_line);
    for (size_t k = 0; k < n; k++) {
        const Alert *a = &acc->alerts[order[k]];
        memcpy(&times[N_TIMES * k],
               (const double[N_TIMES]){ a->alerted, a->contact, a->closed, a->before, a->after },
               sizeof(double[N_TIMES]));
        lines[k] = a->line;
        outcomes[k] = a->outcome;
        groups[k] = a->group == CX_KEYS_NONE ? CX_KEYS_NONE : grank[a->group];
    }
    GVariant *state = g_variant_new(
        FU_STATE_GET, acc->now,
        cx_column_take("at", counts, CX_FOLLOWUP_N_REJECTIONS * sizeof *counts),
        cx_column_take("at", firsts, CX_FOLLOWUP_N_REJECTIONS * sizeof *firsts), cols[0],
        cols[1], cols[2], cols[3], cx_column_take("ad", times, n * N_TIMES * sizeof *times),
        cx_column_take("at", lines, n * sizeof *lines), cx_column_take("ay", outcomes, n),
        cx_column_take("au", groups, n * sizeof *groups));
    status = cx_state_pack(FU_MAGIC, FU_FORMAT_VERSION, state, bytes, len);
out:
    g_free(order);
    g_free(gorder);
    g_free(grank);
    return status;
}

int
cx_followup_deserialize(const uint8_t *bytes, size_t len, CxFollowup **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    GVariant *state = NULL;
    int status = cx_state_unpack(bytes, len, FU_MAGIC, FU_FORMAT_VERSION, FU_STATE_TYPE_V1,
                                 &state, NULL);
    if (status != CX_OK)
        return status;
    double now;
    GVariant *v[10];
    g_variant_get(state, FU_STATE_GET, &now, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
                  &v[7], &v[8], &v[9]);
    gsize nc, nf, nt, nl, no, ng;
    const guint64 *counts = g_variant_get_fixed_array(v[0], &nc, sizeof(guint64));
    const guint64 *firsts = g_variant_get_fixed_array(v[1], &nf, sizeof(guint64));
    const double *times = g_variant_get_fixed_array(v[6], &nt, sizeof(double));
    const guint64 *lines = g_variant_get_fixed_array(v[7], &nl, sizeof(guint64));
    const guint8 *outcomes = g_variant_get_fixed_array(v[8], &no, 1);
    const guint32 *groups = g_variant_get_fixed_array(v[9], &ng, sizeof(guint32));
    const gsize n = g_variant_n_children(v[5]);
    CxFollowup *acc = NULL;
    status = CX_E_CORRUPT;
    if (nc != CX_FOLLOWUP_N_REJECTIONS || nf != CX_FOLLOWUP_N_REJECTIONS || counts[0] ||
        firsts[0] || nt != N_TIMES * n || nl != n || no != n || ng != n || !isfinite(now))
        goto out;
    for (gsize r = 1; r < CX_FOLLOWUP_N_REJECTIONS; r++)
        if (!counts[r] && firsts[r]) /* a first line without a rejection */
            goto out;
    status = cx_followup_new(now, &acc);
    if (status == CX_OK)
        status = cx_keys_read_columns(&acc->groups, v[2], v[3], 1);
    if (status == CX_OK)
        status = cx_array_reserve(&acc->alerts, &acc->alerts_cap, n, sizeof *acc->alerts);
    if (status == CX_OK)
        status = cx_keys_read_columns(&acc->ids, v[4], v[5], 1);
    if (status != CX_OK)
        goto out;
    for (gsize k = 0; k < n; k++) {
        const double *t = &times[N_TIMES * k];
        Alert a = { t[0], t[1], t[2], t[3], t[4], lines[k], groups[k], outcomes[k] };
        if (check(now, &a) != CX_FOLLOWUP_ACCEPTED ||
            (a.group != CX_KEYS_NONE && a.group >= cx_keys_count(&acc->groups))) {
            status = CX_E_CORRUPT;
            goto out;
        }
        acc->alerts[k] = a;
    }
    memcpy(acc->rejected, counts, sizeof acc->rejected);
    memcpy(acc->first_line, firsts, sizeof acc->first_line);
out:
    for (size_t i = 0; i < G_N_ELEMENTS(v); i++)
        g_variant_unref(v[i]);
    g_variant_unref(state);
    if (status != CX_OK) {
        cx_followup_free(acc);
        return status;
    }
    *out = acc;
    return CX_OK;
}
