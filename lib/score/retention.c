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

#include "core/state-private.h"
#include "core/util-private.h"
#include "score/abi-private.h"

typedef struct {
    int64_t period;
    uint64_t events;
    CxSum amount;
} Activity;

/* The customer's id is stored after the struct; `id`/`len` come first so that a stack Key can be
 * used for look-ups without copying the caller's bytes. */
typedef struct {
    const char *id;
    size_t len;
} Key;

typedef struct {
    Key key;
    uint64_t events;
    GArray *acts; /* Activity, sorted by period, one per period */
} Customer;

struct CxRetention {
    GHashTable *customers; /* Customer* (as Key*) -> itself */
    uint64_t events, events_no_amount, rejected_customer, rejected_amount;
    CxSum revenue;
};

static guint
key_hash(gconstpointer p)
{
    const Key *k = p;
    guint h = 5381; /* djb2 over the bytes, NULs included */
    for (size_t i = 0; i < k->len; i++)
        h = h * 33u + (guchar)k->id[i];
    return h;
}

static gboolean
key_equal(gconstpointer a, gconstpointer b)
{
    const Key *x = a, *y = b;
    return x->len == y->len && memcmp(x->id, y->id, x->len) == 0;
}

static void
customer_free(gpointer p)
{
    Customer *c = p;
    g_array_free(c->acts, TRUE);
    g_free(c);
}

static CxRetention *
retention_create(void)
{
    CxRetention *r = g_try_new0(CxRetention, 1);
    if (r)
        r->customers = g_hash_table_new_full(key_hash, key_equal, NULL, customer_free);
    return r;
}

int
cx_retention_new(CxRetention **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = retention_create();
    return *out ? CX_OK : CX_E_NO_MEMORY;
}

int
cx_retention_reset(CxRetention *retention)
{
    if (!retention)
        return CX_E_INVALID_ARGUMENT;
    g_hash_table_remove_all(retention->customers);
    retention->events = retention->events_no_amount = 0;
    retention->rejected_customer = retention->rejected_amount = 0;
    retention->revenue = (CxSum){ 0.0, 0.0 };
    return CX_OK;
}

int
cx_retention_copy(const CxRetention *retention, CxRetention **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!retention)
        return CX_E_INVALID_ARGUMENT;
    CxRetention *copy = retention_create();
    if (!copy)
        return CX_E_NO_MEMORY;
    int status = cx_retention_merge(copy, retention);
    if (status != CX_OK) {
        cx_retention_free(copy);
        return status;
    }
    *out = copy;
    return CX_OK;
}

void
cx_retention_free(CxRetention *retention)
{
    if (!retention)
        return;
    g_hash_table_destroy(retention->customers);
    g_free(retention);
}

static Customer *
customer_get(CxRetention *r, const char *id, size_t len)
{
    Key k = { id, len };
    Customer *c = g_hash_table_lookup(r->customers, &k);
    if (c)
        return c;
    if (len > G_MAXSIZE - sizeof(Customer) - 1)
        return NULL;
    c = g_try_malloc0(sizeof(Customer) + len + 1);
    if (!c)
        return NULL;
    char *copy = (char *)(c + 1);
    memcpy(copy, id, len);
    c->key.id = copy;
    c->key.len = len;
    c->acts = g_array_new(FALSE, FALSE, sizeof(Activity));
    g_hash_table_add(r->customers, c);
    return c;
}

/* The activity of @c in @period, created (in order) if absent. */
static Activity *
activity_get(Customer *c, int64_t period)
{
    guint lo = 0, hi = c->acts->len;
    /* Logs usually come in time order: check the end first. */
    if (hi && g_array_index(c->acts, Activity, hi - 1).period < period) {
        lo = hi;
    } else {
        while (lo < hi) {
            guint mid = lo + (hi - lo) / 2;
            if (g_array_index(c->acts, Activity, mid).period < period)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < c->acts->len && g_array_index(c->acts, Activity, lo).period == period)
            return &g_array_index(c->acts, Activity, lo);
    }
    Activity a = { period, 0, { 0.0, 0.0 } };
    g_array_insert_val(c->acts, lo, a);
    return &g_array_index(c->acts, Activity, lo);
}

int
cx_retention_add(CxRetention *retention, const char *customer, size_t len, int64_t period,
                 double amount)
{
    if (!retention || (!customer && len))
        return CX_E_INVALID_ARGUMENT;
    if (len == 0) {
        retention->rejected_customer++;
        return CX_OK;
    }
    if (isinf(amount)) {
        retention->rejected_amount++;
        return CX_OK;
    }
    Customer *c = customer_get(retention, customer, len);
    if (!c)
        return CX_E_NO_MEMORY;
    Activity *a = activity_get(c, period);
    a->events++;
    c->events++;
    retention->events++;
    if (isnan(amount)) {
        retention->events_no_amount++;
    } else {
        cx_sum_add(&a->amount, amount);
        cx_sum_add(&retention->revenue, amount);
    }
    return CX_OK;
}

int
cx_retention_merge(CxRetention *dst, const CxRetention *src)
{
    if (!dst || !src || dst == src)
        return CX_E_INVALID_ARGUMENT;
    uint64_t events, no_amount, rc, ra;
    if (!cx_u64_add(dst->events, src->events, &events) ||
        !cx_u64_add(dst->events_no_amount, src->events_no_amount, &no_amount) ||
        !cx_u64_add(dst->rejected_customer, src->rejected_customer, &rc) ||
        !cx_u64_add(dst->rejected_amount, src->rejected_amount, &ra))
        return CX_E_OVERFLOW;
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, src->customers);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        const Customer *s = key;
        Customer *d = customer_get(dst, s->key.id, s->key.len);
        if (!d)
            return CX_E_NO_MEMORY;
        d->events += s->events;
        for (guint i = 0; i < s->acts->len; i++) {
            const Activity *sa = &g_array_index(s->acts, Activity, i);
            Activity *da = activity_get(d, sa->period);
            da->events += sa->events;
            cx_sum_merge(&da->amount, &sa->amount);
        }
    }
    dst->events = events;
    dst->events_no_amount = no_amount;
    dst->rejected_customer = rc;
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
    s.rejected_customer = retention->rejected_customer;
    s.rejected_amount = retention->rejected_amount;
    s.customers = g_hash_table_size(retention->customers);
    s.revenue = cx_sum_value(&retention->revenue);
    s.first_period = INT64_MAX;
    s.last_period = INT64_MIN;
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, retention->customers);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        const Customer *c = key;
        s.repeat_customers += c->events >= 2;
        s.first_period = MIN(s.first_period, g_array_index(c->acts, Activity, 0).period);
        s.last_period =
            MAX(s.last_period, g_array_index(c->acts, Activity, c->acts->len - 1).period);
    }
    g_hash_table_iter_init(&it, retention->customers);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        const Customer *c = key;
        for (guint i = 0; i < c->acts->len; i++) {
            int64_t t = g_array_index(c->acts, Activity, i).period;
            if (t < s.last_period)
                s.at_risk++;
            if (i > 0 && g_array_index(c->acts, Activity, i - 1).period == t - 1)
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
    /* p[0] is period first − 1 (for previous_active of the first), p[i + 1] is first + i. */
    CxRetentionPeriod *p = g_try_new0(CxRetentionPeriod, n + 1);
    CxSum *revenue = g_try_new0(CxSum, n + 1), *risk = g_try_new0(CxSum, n + 1);
    if (!p || !revenue || !risk) {
        g_free(p);
        g_free(revenue);
        g_free(risk);
        return CX_E_NO_MEMORY;
    }
    const int64_t lo = first - 1, hi = first + (int64_t)(n - 1);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, retention->customers);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        const Customer *c = key;
        const Activity *acts = (const Activity *)(void *)c->acts->data;
        const guint len = c->acts->len;
        for (guint i = 0; i < len; i++) {
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
            if (t < hi && (i + 1 == len || acts[i + 1].period != t + 1)) {
                p[j + 1].churned++;
                cx_sum_merge(&risk[j + 1], &acts[i].amount);
            }
        }
    }
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
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, retention->customers);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        const Customer *c = key;
        const Activity *acts = (const Activity *)(void *)c->acts->data;
        const int64_t f = acts[0].period;
        if (f < first || f > last)
            continue;
        const size_t i = (size_t)(f - first);
        sizes[i]++;
        for (guint a = 0; a < c->acts->len; a++) {
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
    Key k = { customer, len };
    const Customer *c = len ? g_hash_table_lookup(retention->customers, &k) : NULL;
    int status = CX_E_EMPTY;
    if (c) {
        status = CX_OK;
        const Activity *acts = (const Activity *)(void *)c->acts->data;
        r.first_period = acts[0].period;
        r.last_period = acts[c->acts->len - 1].period;
        r.events = c->events;
        r.active_periods = c->acts->len;
        CxSum total = { 0.0, 0.0 };
        for (guint i = 0; i < c->acts->len; i++) {
            cx_sum_merge(&total, &acts[i].amount);
            if (acts[i].period == period) {
                r.active_in_period = 1;
                r.revenue_in_period = cx_sum_value(&acts[i].amount);
            }
        }
        r.revenue = cx_sum_value(&total);
    }
    int copy = cx_struct_out(out, &r, sizeof r, CX_ABI_RETENTION_CUSTOMER);
    return copy != CX_OK ? copy : status;
}

/* ---- serialization ----------------------------------------------------------------------------
 * Framing in state-private.h (magic "CXRL", retention log; "CXRT" is the rating state's). Payload
 * of format version 1:
 *   (t events, t events without amount, t rejected: no customer, t rejected: amount,
 *    (dd) revenue, a(ay a(xt(dd))) customers: id bytes, then (period, events, amount) by period)
 * Customers are written in byte-wise order of their ids; periods in increasing order.
 */
#define RL_MAGIC "CXRL"
#define RT_FORMAT_VERSION 1
#define RT_STATE_TYPE_V1 "(tttt(dd)a(aya(xt(dd))))"

/* Byte-wise order of customer ids, for a canonical serialization. */
static int
compare_customers(const void *a, const void *b)
{
    const Key *x = *(const Key *const *)a, *y = *(const Key *const *)b;
    int c = memcmp(x->id, y->id, MIN(x->len, y->len));
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

int
cx_retention_serialize(const CxRetention *retention, uint8_t **bytes, size_t *len)
{
    if (!retention || !bytes || !len)
        return CX_E_INVALID_ARGUMENT;
    *bytes = NULL;
    *len = 0;
    /* Customers in id order, not the hash table's: equal states give equal bytes, whatever the
     * order of insertion (fuzz-deserialize-retention found a round trip that reordered them). */
    guint n_customers = 0;
    gpointer *sorted = g_hash_table_get_keys_as_array(retention->customers, &n_customers);
    qsort(sorted, n_customers, sizeof *sorted, compare_customers);
    GVariantBuilder customers;
    g_variant_builder_init(&customers, G_VARIANT_TYPE("a(aya(xt(dd)))"));
    for (guint k = 0; k < n_customers; k++) {
        const Customer *c = sorted[k];
        GVariantBuilder acts;
        g_variant_builder_init(&acts, G_VARIANT_TYPE("a(xt(dd))"));
        for (guint i = 0; i < c->acts->len; i++) {
            const Activity *a = &g_array_index(c->acts, Activity, i);
            g_variant_builder_add(&acts, "(xt(dd))", (gint64)a->period, (guint64)a->events,
                                  a->amount.s, a->amount.c);
        }
        g_variant_builder_add(
            &customers, "(@aya(xt(dd)))",
            g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, c->key.id, c->key.len, 1), &acts);
    }
    g_free(sorted);
    GVariant *state = g_variant_new(
        "(tttt(dd)a(aya(xt(dd))))", (guint64)retention->events,
        (guint64)retention->events_no_amount, (guint64)retention->rejected_customer,
        (guint64)retention->rejected_amount, retention->revenue.s, retention->revenue.c,
        &customers);
    return cx_state_pack(RL_MAGIC, RT_FORMAT_VERSION, state, bytes, len);
}

int
cx_retention_deserialize(const uint8_t *bytes, size_t len, CxRetention **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    GVariant *state = NULL;
    int status = cx_state_unpack(bytes, len, RL_MAGIC, RT_FORMAT_VERSION, RT_STATE_TYPE_V1,
                                 &state, NULL);
    if (status != CX_OK)
        return status;
    CxRetention *r = retention_create();
    GVariant *customers = NULL;
    guint64 events, no_amount;
    status = CX_E_CORRUPT;
    if (!r)
        goto nomem;
    g_variant_get(state, "(tttt(dd)@a(aya(xt(dd))))", &events, &no_amount,
                  &r->rejected_customer, &r->rejected_amount, &r->revenue.s, &r->revenue.c,
                  &customers);
    if (!isfinite(r->revenue.s) || !isfinite(r->revenue.c) || no_amount > events)
        goto out;
    uint64_t total = 0;
    gsize n = g_variant_n_children(customers);
    for (gsize i = 0; i < n; i++) {
        GVariant *cust = g_variant_get_child_value(customers, i);
        GVariant *id = g_variant_get_child_value(cust, 0);
        GVariant *acts = g_variant_get_child_value(cust, 1);
        gsize id_len, n_acts = g_variant_n_children(acts);
        const char *id_bytes = g_variant_get_fixed_array(id, &id_len, 1);
        Key k = { id_bytes, id_len };
        int ok = id_len > 0 && n_acts > 0 && !g_hash_table_contains(r->customers, &k);
        Customer *c = ok ? customer_get(r, id_bytes, id_len) : NULL;
        int64_t prev = 0;
        for (gsize a = 0; c && a < n_acts; a++) {
            gint64 period;
            guint64 count;
            CxSum amount;
            g_variant_get_child(acts, a, "(xt(dd))", &period, &count, &amount.s, &amount.c);
            /* Periods strictly increasing, each with at least one event. */
            if ((a > 0 && period <= prev) || count == 0 || !isfinite(amount.s) ||
                !isfinite(amount.c) || !cx_u64_add(c->events, count, &c->events) ||
                !cx_u64_add(total, count, &total)) {
                c = NULL;
                break;
            }
            Activity act = { period, count, amount };
            g_array_append_val(c->acts, act);
            prev = period;
        }
        g_variant_unref(acts);
        g_variant_unref(id);
        g_variant_unref(cust);
        if (!c)
            goto out;
    }
    if (total != events)
        goto out;
    r->events = events;
    r->events_no_amount = no_amount;
    status = CX_OK;
out:
    if (customers)
        g_variant_unref(customers);
nomem:
    g_variant_unref(state);
    if (status != CX_OK) {
        cx_retention_free(r);
        return r ? status : CX_E_NO_MEMORY;
    }
    *out = r;
    return CX_OK;
}
