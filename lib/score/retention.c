/* SPDX-License-Identifier: MIT */
/*
 * Retention from an activity log (see cx-retention.h for the definitions and sources). The state
 * is, per customer, the sorted list of periods they were active in with the events and revenue of
 * each, so every figure is computed exactly from it at result time and merging is a union.
 */
#include <cxscore/cx-error.h>
#include <cxscore/cx-compare.h>
#include <cxscore/cx-retention.h>

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/keys-private.h"
#include "core/state-private.h"
#include "core/util-private.h"
#include "score/abi-private.h"

typedef struct {
    int64_t period;
    uint64_t events;
    CxSum amount;
} Activity;

typedef struct {
    Activity *acts; /* sorted by period, one per period; len used, cap allocated */
    size_t len, cap;
    uint64_t events;
} Customer;

/* Customers are the ids of a key table; their records, indexed by id, are in `customers`. Every
 * allocation is checked, and a call that fails for want of memory changes nothing. */
struct CxRetention {
    CxKeys ids;
    Customer *customers; /* ids.count records (room for customers_cap) */
    size_t customers_cap;
    uint64_t events, events_no_amount, rejected_no_customer, rejected_amount;
    CxSum revenue;
};

int
cx_retention_new(CxRetention **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = g_try_new0(CxRetention, 1);
    if (!*out)
        return CX_E_NO_MEMORY;
    cx_keys_init(&(*out)->ids);
    return CX_OK;
}

/* Frees every customer: the accumulator is empty (its counters aside). */
static void
customers_clear(CxRetention *r)
{
    for (size_t i = 0; i < cx_keys_count(&r->ids); i++)
        g_free(r->customers[i].acts);
    g_free(r->customers);
    r->customers = NULL;
    r->customers_cap = 0;
    cx_keys_clear(&r->ids);
}

int
cx_retention_reset(CxRetention *retention)
{
    if (!retention)
        return CX_E_INVALID_ARGUMENT;
    customers_clear(retention);
    retention->events = retention->events_no_amount = 0;
    retention->rejected_no_customer = retention->rejected_amount = 0;
    retention->revenue = (CxSum){ 0.0, 0.0 };
    return CX_OK;
}

/* A copy, record by record: the sums are copied as they are, so the copy's state and figures
 * are the original's bit for bit. */
int
cx_retention_copy(const CxRetention *retention, CxRetention **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!retention)
        return CX_E_INVALID_ARGUMENT;
    const size_t n = cx_keys_count(&retention->ids);
    CxRetention *copy = NULL;
    int status = cx_retention_new(&copy);
    if (status == CX_OK)
        status = cx_array_reserve(&copy->customers, &copy->customers_cap, n,
                                  sizeof *copy->customers);
    if (status == CX_OK)
        status = cx_keys_reserve(&copy->ids, n, retention->ids.bytes);
    for (uint32_t i = 0; i < n && status == CX_OK; i++) {
        const Customer *c = &retention->customers[i];
        Customer d = { NULL, c->len, 0, c->events };
        status = cx_array_reserve(&d.acts, &d.cap, c->len, sizeof *d.acts);
        if (status != CX_OK)
            break;
        memcpy(d.acts, c->acts, c->len * sizeof *c->acts);
        size_t len;
        const char *id = cx_keys_data(&retention->ids, i, &len);
        copy->customers[cx_keys_add_reserved(&copy->ids, id, len)] = d;
    }
    if (status != CX_OK) {
        cx_retention_free(copy);
        return status;
    }
    copy->events = retention->events;
    copy->events_no_amount = retention->events_no_amount;
    copy->rejected_no_customer = retention->rejected_no_customer;
    copy->rejected_amount = retention->rejected_amount;
    copy->revenue = retention->revenue;
    *out = copy;
    return CX_OK;
}

void
cx_retention_free(CxRetention *retention)
{
    if (!retention)
        return;
    customers_clear(retention);
    g_free(retention);
}

/* The index of @period in c's activity, or where it would go (*found says which). */
static size_t
activity_index(const Customer *c, int64_t period, int *found)
{
    size_t lo = 0, hi = c->len;
    *found = 0;
    /* Logs usually come in time order: check the end first. */
    if (hi && c->acts[hi - 1].period < period)
        return hi;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->acts[mid].period < period)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = lo < c->len && c->acts[lo].period == period;
    return lo;
}

int
cx_retention_add(CxRetention *retention, const char *customer, size_t len, int64_t period,
                 double amount)
{
    CxRetention *r = retention;
    if (!r || (!customer && len))
        return CX_E_INVALID_ARGUMENT;
    if (len == 0) {
        r->rejected_no_customer++;
        return CX_OK;
    }
    if (isinf(amount)) {
        r->rejected_amount++;
        return CX_OK;
    }
    /* Room first: a customer, or a period, that cannot be stored leaves nothing behind. */
    uint32_t id = cx_keys_find(&r->ids, customer, len);
    int found = 0, status = CX_OK;
    size_t at = 0;
    if (id == CX_KEYS_NONE) {
        Customer fresh = { NULL, 0, 0, 0 };
        status = cx_array_reserve(&fresh.acts, &fresh.cap, 1, sizeof *fresh.acts);
        if (status == CX_OK)
            status = cx_keys_reserve(&r->ids, 1, len);
        if (status == CX_OK)
            status = cx_array_reserve(&r->customers, &r->customers_cap,
                                      cx_keys_count(&r->ids) + 1, sizeof *r->customers);
        if (status != CX_OK) {
            g_free(fresh.acts);
            return status;
        }
        id = cx_keys_add_reserved(&r->ids, customer, len);
        r->customers[id] = fresh;
    } else {
        const Customer *c = &r->customers[id];
        at = activity_index(c, period, &found);
        if (!found)
            status = cx_array_reserve(&r->customers[id].acts, &r->customers[id].cap, c->len + 1,
                                      sizeof *c->acts);
        if (status != CX_OK)
            return status;
    }
    Customer *c = &r->customers[id];
    if (!found) {
        memmove(&c->acts[at + 1], &c->acts[at], (c->len - at) * sizeof *c->acts);
        c->acts[at] = (Activity){ period, 0, { 0.0, 0.0 } };
        c->len++;
    }
    Activity *a = &c->acts[at];
    a->events++;
    c->events++;
    r->events++;
    if (isnan(amount)) {
        r->events_no_amount++;
    } else {
        cx_sum_add(&a->amount, amount);
        cx_sum_add(&r->revenue, amount);
    }
    return CX_OK;
}

/* The number of distinct periods of two customers' activities. */
static size_t
merged_length(const Customer *d, const Customer *s)
{
    size_t i = 0, j = 0, n = 0;
    while (i < d->len && j < s->len) {
        int64_t a = d->acts[i].period, b = s->acts[j].period;
        i += a <= b;
        j += b <= a;
        n++;
    }
    return n + (d->len - i) + (s->len - j);
}

/* d ← d ∪ s, in d's room for merged_length(d, s) periods; from the end, so that nothing is
 * overwritten before it is read. A period new to d starts from zero, as an add would. */
static void
activity_merge(Customer *d, const Customer *s)
{
    size_t i = d->len, j = s->len, k = merged_length(d, s);
    d->len = k;
    while (j > 0) {
        const Activity *sa = &s->acts[j - 1];
        if (i > 0 && d->acts[i - 1].period > sa->period) {
            d->acts[--k] = d->acts[--i];
            continue;
        }
        Activity a = { sa->period, 0, { 0.0, 0.0 } };
        if (i > 0 && d->acts[i - 1].period == sa->period)
            a = d->acts[--i];
        a.events += sa->events;
        cx_sum_merge(&a.amount, &sa->amount);
        d->acts[--k] = a;
        j--;
    }
    d->events += s->events;
}

/* Phase 1 of a merge: every allocation it needs, with nothing observable changed (only room).
 * A customer new to dst gets its record at the index it will have, past dst's count. */
static int
merge_reserve(CxRetention *dst, const CxRetention *src)
{
    const size_t n = cx_keys_count(&src->ids), count = cx_keys_count(&dst->ids);
    size_t fresh = 0, bytes = 0;
    for (uint32_t i = 0; i < n; i++) {
        size_t len;
        const char *id = cx_keys_data(&src->ids, i, &len);
        if (cx_keys_find(&dst->ids, id, len) == CX_KEYS_NONE) {
            fresh++;
            bytes += len;
        }
    }
    int status = cx_keys_reserve(&dst->ids, fresh, bytes);
    if (status == CX_OK)
        status = cx_array_reserve(&dst->customers, &dst->customers_cap, count + fresh,
                                  sizeof *dst->customers);
    size_t next = count;
    for (uint32_t i = 0; i < n && status == CX_OK; i++) {
        size_t len;
        const char *id = cx_keys_data(&src->ids, i, &len);
        const Customer *s = &src->customers[i];
        uint32_t d = cx_keys_find(&dst->ids, id, len);
        Customer *c = d == CX_KEYS_NONE ? &dst->customers[next++] : &dst->customers[d];
        if (d == CX_KEYS_NONE)
            *c = (Customer){ NULL, 0, 0, 0 };
        status = cx_array_reserve(&c->acts, &c->cap, merged_length(c, s), sizeof *c->acts);
    }
    if (status != CX_OK)
        for (size_t i = count; i < next; i++)
            g_free(dst->customers[i].acts);
    return status;
}

int
cx_retention_merge(CxRetention *dst, const CxRetention *src)
{
    if (!dst || !src || dst == src)
        return CX_E_INVALID_ARGUMENT;
    uint64_t events, no_amount, rc, ra;
    if (!cx_u64_add(dst->events, src->events, &events) ||
        !cx_u64_add(dst->events_no_amount, src->events_no_amount, &no_amount) ||
        !cx_u64_add(dst->rejected_no_customer, src->rejected_no_customer, &rc) ||
        !cx_u64_add(dst->rejected_amount, src->rejected_amount, &ra))
        return CX_E_OVERFLOW;
    int status = merge_reserve(dst, src);
    if (status != CX_OK)
        return status;
    /* Phase 2: nothing can fail. New customers get ids in the order merge_reserve() met them. */
    for (uint32_t i = 0; i < cx_keys_count(&src->ids); i++) {
        size_t len;
        const char *id = cx_keys_data(&src->ids, i, &len);
        uint32_t d = cx_keys_find(&dst->ids, id, len);
        if (d == CX_KEYS_NONE)
            d = cx_keys_add_reserved(&dst->ids, id, len);
        activity_merge(&dst->customers[d], &src->customers[i]);
    }
    dst->events = events;
    dst->events_no_amount = no_amount;
    dst->rejected_no_customer = rc;
    dst->rejected_amount = ra;
    cx_sum_merge(&dst->revenue, &src->revenue);
    return CX_OK;
}

/* Wilson interval of k of n, NaN when n is 0. */
static void
share(uint64_t k, uint64_t n, double level, double *p, double *lo, double *hi)
{
    *p = *lo = *hi = CX_NAN;
    if (n == 0)
        return;
    *p = (double)k / (double)n;
    cx_wilson_interval((double)k, (double)n, level, lo, hi);
}

int
cx_retention_result(const CxRetention *retention, double level, CxRetentionResult *out)
{
    if (!retention || !out || !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    CxRetentionResult s;
    memset(&s, 0, sizeof s);
    s.size = sizeof s;
    s.level = level;
    s.events = retention->events;
    s.events_no_amount = retention->events_no_amount;
    s.rejected_no_customer = retention->rejected_no_customer;
    s.rejected_amount = retention->rejected_amount;
    s.customers = cx_keys_count(&retention->ids);
    s.revenue = cx_sum_value(&retention->revenue);
    s.first_period = INT64_MAX;
    s.last_period = INT64_MIN;
    for (size_t k = 0; k < s.customers; k++) {
        const Customer *c = &retention->customers[k];
        s.repeat_customers += c->events >= 2;
        s.first_period = MIN(s.first_period, c->acts[0].period);
        s.last_period = MAX(s.last_period, c->acts[c->len - 1].period);
    }
    for (size_t k = 0; k < s.customers; k++) {
        const Customer *c = &retention->customers[k];
        for (size_t i = 0; i < c->len; i++) {
            int64_t t = c->acts[i].period;
            if (t < s.last_period)
                s.at_risk++;
            if (i > 0 && c->acts[i - 1].period == t - 1)
                s.retained++;
        }
    }
    share(s.repeat_customers, s.customers, level, &s.repeat_rate, &s.repeat_rate_ci_lower,
          &s.repeat_rate_ci_upper);
    share(s.retained, s.at_risk, level, &s.retention, &s.retention_ci_lower,
          &s.retention_ci_upper);
    s.churn = 1.0 - s.retention;
    int status = CX_OK;
    if (s.customers == 0) {
        s.first_period = s.last_period = 0;
        s.revenue = CX_NAN;
        status = CX_E_EMPTY;
    }
    int copy = cx_struct_out(out, &s, sizeof s, CX_ABI_RETENTION_RESULT);
    return copy != CX_OK ? copy : status;
}

/* first + n − 1 and first − 1 must be representable. The room above first, INT64_MAX − first,
 * is computed unsigned: for a negative first it exceeds INT64_MAX (found by
 * fuzz-deserialize-retention under UBSan). */
static int
span_ok(int64_t first, size_t n)
{
    if (n == 0 || first == INT64_MIN)
        return 0;
    uint64_t room = first >= 0 ? (uint64_t)(INT64_MAX - first)
                               : (uint64_t)INT64_MAX + (uint64_t)(-first);
    return (uint64_t)(n - 1) <= room;
}

int
cx_retention_periods(const CxRetention *retention, int64_t first, size_t n, double level,
                     CxRetentionPeriod *out)
{
    if (!retention || !out || !cx_level_ok(level) || !span_ok(first, n) ||
        n > G_MAXSIZE / sizeof(CxRetentionPeriod) - 1)
        return CX_E_INVALID_ARGUMENT;
    /* The caller's array is walked with the caller's element size, out[0].size: a caller built
     * against other headers has elements of another size than ours. */
    const size_t stride = cx_struct_size(out);
    if (stride < CX_ABI_RETENTION_PERIOD)
        return CX_E_STRUCT_SIZE;
    if (n > G_MAXSIZE / stride)
        return CX_E_INVALID_ARGUMENT;
    /* p[0] is period first − 1 (for previous_active of the first), p[i + 1] is first + i.
     * Customers are visited in byte-wise order of their ids, so that the revenue sums, and the
     * figures, do not depend on the order in which customers were added or merged. */
    CxRetentionPeriod *p = g_try_new0(CxRetentionPeriod, n + 1);
    CxSum *revenue = g_try_new0(CxSum, n + 1), *risk = g_try_new0(CxSum, n + 1);
    uint32_t *order = NULL;
    if (!p || !revenue || !risk || cx_keys_sorted(&retention->ids, &order) != CX_OK) {
        g_free(p);
        g_free(revenue);
        g_free(risk);
        return CX_E_NO_MEMORY;
    }
    const int64_t lo = first - 1, hi = first + (int64_t)(n - 1);
    for (size_t k = 0; k < cx_keys_count(&retention->ids); k++) {
        const Customer *c = &retention->customers[order[k]];
        const Activity *acts = c->acts;
        for (size_t i = 0; i < c->len; i++) {
            const int64_t t = acts[i].period;
            if (t < lo || t > hi)
                continue;
            const size_t j = (size_t)(t - lo);
            p[j].active++;
            cx_sum_merge(&revenue[j], &acts[i].amount);
            if (i == 0)
                p[j].new_customers++;
            else if (acts[i - 1].period == t - 1)
                p[j].retained++;
            else
                p[j].returning++;
            /* Churned in t + 1 if not active then: their revenue of t leaves with them. */
            if (t < hi && (i + 1 == c->len || acts[i + 1].period != t + 1)) {
                p[j + 1].churned++;
                cx_sum_merge(&risk[j + 1], &acts[i].amount);
            }
        }
    }
    g_free(order);
    for (size_t i = 0; i < n; i++) {
        CxRetentionPeriod *q = &p[i + 1];
        q->size = sizeof *q;
        q->period = first + (int64_t)i;
        q->previous_active = p[i].active;
        q->revenue = cx_sum_value(&revenue[i + 1]);
        q->revenue_at_risk = cx_sum_value(&risk[i + 1]);
        q->level = level;
        share(q->retained, q->previous_active, level, &q->retention, &q->retention_ci_lower,
              &q->retention_ci_upper);
        q->churn = 1.0 - q->retention;
        void *element = (char *)out + i * stride;
        memcpy(element, &stride, sizeof stride);
        cx_struct_out(element, q, sizeof *q, CX_ABI_RETENTION_PERIOD);
    }
    g_free(p);
    g_free(revenue);
    g_free(risk);
    return CX_OK;
}

int
cx_retention_cohorts(const CxRetention *retention, int64_t first, size_t n, uint64_t *sizes,
                     uint64_t *active)
{
    if (!retention || !sizes || !active || !span_ok(first, n) ||
        n > G_MAXSIZE / sizeof(uint64_t) / n)
        return CX_E_INVALID_ARGUMENT;
    memset(sizes, 0, n * sizeof *sizes);
    memset(active, 0, n * n * sizeof *active);
    const int64_t last = first + (int64_t)(n - 1);
    for (size_t id = 0; id < cx_keys_count(&retention->ids); id++) {
        const Customer *c = &retention->customers[id];
        const Activity *acts = c->acts;
        const int64_t f = acts[0].period;
        if (f < first || f > last)
            continue;
        const size_t i = (size_t)(f - first);
        sizes[i]++;
        for (size_t a = 0; a < c->len; a++) {
            /* Both are ≥ f; the difference fits as the periods are sorted. */
            const uint64_t k = (uint64_t)acts[a].period - (uint64_t)f;
            if (k >= n)
                break;
            active[i * n + k]++;
        }
    }
    return CX_OK;
}

int
cx_retention_customer(const CxRetention *retention, const char *customer, size_t len,
                      int64_t period, CxRetentionCustomer *out)
{
    if (!retention || !out || (!customer && len))
        return CX_E_INVALID_ARGUMENT;
    CxRetentionCustomer r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    uint32_t id = len ? cx_keys_find(&retention->ids, customer, len) : CX_KEYS_NONE;
    int status = CX_E_EMPTY;
    if (id != CX_KEYS_NONE) {
        const Customer *c = &retention->customers[id];
        status = CX_OK;
        r.first_period = c->acts[0].period;
        r.last_period = c->acts[c->len - 1].period;
        r.events = c->events;
        r.active_periods = c->len;
        CxSum total = { 0.0, 0.0 };
        for (size_t i = 0; i < c->len; i++) {
            cx_sum_merge(&total, &c->acts[i].amount);
            if (c->acts[i].period == period) {
                r.active_in_period = 1;
                r.revenue_in_period = cx_sum_value(&c->acts[i].amount);
            }
        }
        r.revenue = cx_sum_value(&total);
    }
    int copy = cx_struct_out(out, &r, sizeof r, CX_ABI_RETENTION_CUSTOMER);
    return copy != CX_OK ? copy : status;
}

/* ---- serialization ----------------------------------------------------------------------------
 * Framing in state-private.h (magic "CXRL", retention log; "CXRT" is the rating state's). Payload
 * of format version 2 (format 1 had no checksum), RL_STATE_TYPE_V1, a tuple of columns (every array is of a basic type, so
 * serializing builds no GVariant per customer, and the arrays are buffers from g_try_malloc):
 *   t events, t events without an amount, t rejected: no customer, t rejected: infinite amount,
 *   d revenue, d its compensation (Neumaier),
 *   ay the customer ids one after the other, in byte-wise order, at their lengths,
 *   at each customer's number of active periods (≥ 1),
 *   ax periods, at events (≥ 1), ad amounts as (sum, compensation) pairs: the active periods of
 *   the customers, one customer after the other, each customer's in increasing order.
 * Equal states give equal bytes, whatever the order of the events that made them.
 */
#define RL_MAGIC "CXRL"
#define RL_FORMAT_VERSION 2 /* 1 had no checksum: not read */
#define RL_STATE_TYPE_V1 "(ttttddayatataxatad)"

int
cx_retention_serialize(const CxRetention *retention, uint8_t **bytes, size_t *len)
{
    if (!retention || !bytes || !len)
        return CX_E_INVALID_ARGUMENT;
    *bytes = NULL;
    *len = 0;
    const CxRetention *r = retention;
    const size_t n = cx_keys_count(&r->ids);
    size_t periods = 0;
    for (size_t i = 0; i < n; i++)
        periods += r->customers[i].len;
    uint32_t *order = NULL;
    uint64_t *counts = cx_column_alloc(n, sizeof *counts);
    int64_t *when = cx_column_alloc(periods, sizeof *when);
    uint64_t *events = cx_column_alloc(periods, sizeof *events);
    double *amounts = cx_column_alloc(periods, 2 * sizeof *amounts);
    GVariant *ids = NULL, *lengths = NULL;
    if (!counts || !when || !events || !amounts || cx_keys_sorted(&r->ids, &order) != CX_OK ||
        cx_keys_write_columns(&r->ids, order, &ids, &lengths) != CX_OK) {
        g_free(order);
        g_free(counts);
        g_free(when);
        g_free(events);
        g_free(amounts);
        return CX_E_NO_MEMORY;
    }
    size_t at = 0;
    for (size_t k = 0; k < n; k++) {
        const Customer *c = &r->customers[order[k]];
        counts[k] = c->len;
        for (size_t i = 0; i < c->len; i++, at++) {
            when[at] = c->acts[i].period;
            events[at] = c->acts[i].events;
            amounts[2 * at] = c->acts[i].amount.s;
            amounts[2 * at + 1] = c->acts[i].amount.c;
        }
    }
    g_free(order);
    GVariant *state = g_variant_new(
        "(ttttdd@ay@at@at@ax@at@ad)", (guint64)r->events, (guint64)r->events_no_amount,
        (guint64)r->rejected_no_customer, (guint64)r->rejected_amount, r->revenue.s, r->revenue.c,
        ids, lengths, cx_column_take("at", counts, n * sizeof *counts),
        cx_column_take("ax", when, periods * sizeof *when),
        cx_column_take("at", events, periods * sizeof *events),
        cx_column_take("ad", amounts, periods * 2 * sizeof *amounts));
    return cx_state_pack(RL_MAGIC, RL_FORMAT_VERSION, state, bytes, len);
}

/* Reads customer @c's periods from the columns (`at` their first index, `count` of them),
 * checking them. */
static int
customer_read(Customer *c, const int64_t *when, const uint64_t *events, const double *amounts,
              size_t at, size_t count)
{
    int status = cx_array_reserve(&c->acts, &c->cap, count, sizeof *c->acts);
    if (status != CX_OK)
        return status;
    for (size_t i = at; i < at + count; i++) {
        const CxSum amount = { amounts[2 * i], amounts[2 * i + 1] };
        /* Periods strictly increasing, each with at least one event. */
        if ((i > at && when[i] <= when[i - 1]) || events[i] == 0 || !isfinite(amount.s) ||
            !isfinite(amount.c) || !cx_u64_add(c->events, events[i], &c->events))
            return CX_E_CORRUPT;
        c->acts[c->len++] = (Activity){ when[i], events[i], amount };
    }
    return CX_OK;
}

int
cx_retention_deserialize(const uint8_t *bytes, size_t len, CxRetention **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    GVariant *state = NULL;
    int status = cx_state_unpack(bytes, len, RL_MAGIC, RL_FORMAT_VERSION, RL_STATE_TYPE_V1,
                                 &state, NULL);
    if (status != CX_OK)
        return status;
    CxRetention *r = NULL;
    GVariant *ids, *lengths, *counts_v, *when_v, *events_v, *amounts_v;
    guint64 events, no_amount, rejected_no_customer, rejected_amount;
    double revenue_s, revenue_c;
    g_variant_get(state, "(ttttdd@ay@at@at@ax@at@ad)", &events, &no_amount, &rejected_no_customer,
                  &rejected_amount, &revenue_s, &revenue_c, &ids, &lengths, &counts_v, &when_v,
                  &events_v, &amounts_v);
    gsize n, n_when, n_events, n_amounts;
    const guint64 *counts = g_variant_get_fixed_array(counts_v, &n, sizeof(guint64));
    const gint64 *when = g_variant_get_fixed_array(when_v, &n_when, sizeof(gint64));
    const guint64 *ev = g_variant_get_fixed_array(events_v, &n_events, sizeof(guint64));
    const double *amounts = g_variant_get_fixed_array(amounts_v, &n_amounts, sizeof(double));
    status = CX_E_CORRUPT;
    if (!isfinite(revenue_s) || !isfinite(revenue_c) || no_amount > events ||
        n_events != n_when || n_amounts / 2 != n_when || n_amounts % 2 != 0 ||
        g_variant_n_children(lengths) != n || n > CX_KEYS_MAX)
        goto out;
    status = cx_retention_new(&r);
    /* The records first, zeroed, so that a failure below frees what was read and no more. */
    if (status == CX_OK)
        status = cx_array_reserve(&r->customers, &r->customers_cap, n, sizeof *r->customers);
    if (status != CX_OK)
        goto out;
    if (n) /* memset(NULL, 0, 0) is undefined too (UBSan) */
        memset(r->customers, 0, n * sizeof *r->customers);
    status = cx_keys_read_columns(&r->ids, ids, lengths, 1);
    uint64_t total = 0;
    size_t at = 0;
    for (size_t i = 0; i < n && status == CX_OK; i++) {
        /* Every customer has a period, and the periods add up to the columns' length. */
        status = counts[i] == 0 || counts[i] > n_when - at
                     ? CX_E_CORRUPT
                     : customer_read(&r->customers[i], when, ev, amounts, at, counts[i]);
        if (status == CX_OK && !cx_u64_add(total, r->customers[i].events, &total))
            status = CX_E_CORRUPT;
        at += status == CX_OK ? counts[i] : 0;
    }
    if (status == CX_OK && (at != n_when || total != events))
        status = CX_E_CORRUPT;
    if (status == CX_OK) {
        r->events = events;
        r->events_no_amount = no_amount;
        r->rejected_no_customer = rejected_no_customer;
        r->rejected_amount = rejected_amount;
        r->revenue = (CxSum){ revenue_s, revenue_c };
    }
out:
    g_variant_unref(ids);
    g_variant_unref(lengths);
    g_variant_unref(counts_v);
    g_variant_unref(when_v);
    g_variant_unref(events_v);
    g_variant_unref(amounts_v);
    g_variant_unref(state);
    if (status != CX_OK) {
        cx_retention_free(r);
        return status;
    }
    *out = r;
    return CX_OK;
}
