/* SPDX-License-Identifier: MIT */
/*
 * Contact-log analytics: first-contact resolution, contacts per case, repeat contacts, channel
 * crossing, time to resolution (see cx-contacts.h for the rules and docs/loyalty.md for the
 * sources).
 *
 * The state is per case, not per contact: each case keeps its counts by flag, its first and last
 * contact and its first contact flagged yes in a total order on the contacts' content (order key,
 * then flag, then channel and segment names byte-wise), and whether it used two channels. Each
 * of these is a minimum, a maximum, a sum or an "or", so adding contacts in any order, or merging
 * shards split anywhere, gives the same state; and the results are computed from the states in
 * an order that does not depend on insertion (sorted), so they are identical bit for bit.
 * Channel and segment names are interned per accumulator (ids in order of first appearance),
 * and compared by name, never by id, wherever order matters.
 */
#include <cxscore/cx-contacts.h>
#include <cxscore/cx-error.h>
#include <cxscore/cx-compare.h>

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/distributions-private.h"
#include "core/util-private.h"
#include "score/abi-private.h"

#define NO_ID UINT32_MAX
#define MAX_NAMES ((size_t)UINT32_MAX - 1)

/* Flags inside the library, numbered in their tie-break order. */
enum { FLAG_NO = 0, FLAG_UNKNOWN = 1, FLAG_YES = 2 };

/* Length-given bytes; the first member of the structs the hash tables hold, so that a Key on
 * the stack can probe them. */
typedef struct {
    const char *data;
    size_t len;
} Key;

typedef struct {
    Key key;           /* points to data */
    uint32_t id;
    uint64_t contacts; /* channels only: scored contacts in this channel */
    char data[];       /* key.len bytes and a NUL */
} Name;

typedef struct {
    GHashTable *index; /* Key* (inside a Name) → Name* */
    GPtrArray *names;  /* id → Name* (owned) */
    GArray *sorted;    /* uint32_t ids in byte order of their names */
} NameTable;

typedef struct {
    double key;
    uint32_t channel;
    uint32_t segment;
    uint8_t flag;
} Contact;

typedef struct {
    uint64_t contacts, yes, no, unknown, invalid, channel_missing;
    Contact first, last, first_yes; /* first_yes is meaningful when yes > 0 */
    uint32_t channel_seen;          /* one non-blank channel of the case, or NO_ID */
    uint8_t multi_channel;          /* two different non-blank channels met */
} CaseState;

typedef struct {
    Key key; /* points to id */
    CaseState st;
    char id[];
} Case;

struct CxContacts {
    int32_t order;
    GHashTable *index; /* Key* (inside a Case) → Case* */
    GPtrArray *cases;  /* Case* (owned), in order of creation */
    NameTable channels, segments;
    uint64_t contacts;
    uint64_t rejected_no_case, rejected_order_missing, rejected_order_invalid;
};

/* ---- keys and names -------------------------------------------------------------------------- */

static guint
key_hash(gconstpointer p)
{
    const Key *k = p;
    guint32 h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < k->len; i++)
        h = (h ^ (unsigned char)k->data[i]) * 16777619u;
    return h;
}

static gboolean
key_equal(gconstpointer a, gconstpointer b)
{
    const Key *x = a, *y = b;
    return x->len == y->len && (x->len == 0 || memcmp(x->data, y->data, x->len) == 0);
}

/* Byte-wise order; a prefix comes first. */
static int
key_compare(const Key *x, const Key *y)
{
    size_t n = x->len < y->len ? x->len : y->len;
    int c = n ? memcmp(x->data, y->data, n) : 0;
    if (c)
        return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

static void
names_init(NameTable *t)
{
    t->index = g_hash_table_new(key_hash, key_equal);
    t->names = g_ptr_array_new_with_free_func(g_free);
    t->sorted = g_array_new(FALSE, FALSE, sizeof(uint32_t));
}

static void
names_clear(NameTable *t)
{
    if (t->index)
        g_hash_table_destroy(t->index);
    if (t->names)
        g_ptr_array_free(t->names, TRUE);
    if (t->sorted)
        g_array_free(t->sorted, TRUE);
    memset(t, 0, sizeof *t);
}

static const Name *
name_of(const NameTable *t, uint32_t id)
{
    return g_ptr_array_index(t->names, id);
}

static Name *
name_find(const NameTable *t, const char *s, size_t len)
{
    Key probe = { s ? s : "", len };
    return g_hash_table_lookup(t->index, &probe);
}

/* The id of a name, interning it if new; NO_ID if the table is full. */
static uint32_t
name_intern(NameTable *t, const char *s, size_t len)
{
    Name *found = name_find(t, s, len);
    if (found)
        return found->id;
    if (t->names->len >= MAX_NAMES)
        return NO_ID;
    Name *n = g_malloc(sizeof *n + len + 1);
    if (len)
        memcpy(n->data, s, len);
    n->data[len] = '\0';
    n->key = (Key){ n->data, len };
    n->id = t->names->len;
    n->contacts = 0;
    g_ptr_array_add(t->names, n);
    g_hash_table_insert(t->index, &n->key, n);
    /* Insert into the sorted list (new names are rare: a binary search and a move). */
    guint lo = 0, hi = t->sorted->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        const Name *m = name_of(t, g_array_index(t->sorted, uint32_t, mid));
        if (key_compare(&m->key, &n->key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    g_array_insert_val(t->sorted, lo, n->id);
    return n->id;
}

static int
name_compare(const NameTable *t, uint32_t a, uint32_t b)
{
    return a == b ? 0 : key_compare(&name_of(t, a)->key, &name_of(t, b)->key);
}

/* ---- per-case state -------------------------------------------------------------------------- */

/* The total order of contacts: key, flag (no < unknown < yes), channel, segment. */
static int
contact_compare(const CxContacts *acc, const Contact *a, const Contact *b)
{
    if (a->key < b->key)
        return -1;
    if (a->key > b->key)
        return 1;
    if (a->flag != b->flag)
        return a->flag < b->flag ? -1 : 1;
    int c = name_compare(&acc->channels, a->channel, b->channel);
    return c ? c : name_compare(&acc->segments, a->segment, b->segment);
}

/* d ← d ∪ s, both in acc's name ids. Every field is a sum, a minimum, a maximum or an "or". */
static void
state_combine(const CxContacts *acc, CaseState *d, const CaseState *s)
{
    if (s->contacts == 0)
        return;
    if (d->contacts == 0) {
        *d = *s;
        return;
    }
    if (contact_compare(acc, &s->first, &d->first) < 0)
        d->first = s->first;
    if (contact_compare(acc, &s->last, &d->last) > 0)
        d->last = s->last;
    if (s->yes && (!d->yes || contact_compare(acc, &s->first_yes, &d->first_yes) < 0))
        d->first_yes = s->first_yes;
    d->contacts += s->contacts;
    d->yes += s->yes;
    d->no += s->no;
    d->unknown += s->unknown;
    d->invalid += s->invalid;
    d->channel_missing += s->channel_missing;
    if (s->multi_channel || (d->channel_seen != NO_ID && s->channel_seen != NO_ID &&
                             d->channel_seen != s->channel_seen))
        d->multi_channel = 1;
    if (d->channel_seen == NO_ID)
        d->channel_seen = s->channel_seen;
}

static Case *
case_get(CxContacts *acc, const char *id, size_t len)
{
    Key probe = { id, len };
    Case *c = g_hash_table_lookup(acc->index, &probe);
    if (c)
        return c;
    c = g_malloc0(sizeof *c + len);
    memcpy(c->id, id, len);
    c->key = (Key){ c->id, len };
    c->st.channel_seen = NO_ID;
    g_hash_table_insert(acc->index, &c->key, c);
    g_ptr_array_add(acc->cases, c);
    return c;
}

/* ---- life cycle ------------------------------------------------------------------------------ */

static void
init_tables(CxContacts *acc)
{
    acc->index = g_hash_table_new(key_hash, key_equal);
    acc->cases = g_ptr_array_new_with_free_func(g_free);
    names_init(&acc->channels);
    names_init(&acc->segments);
}

static void
clear_tables(CxContacts *acc)
{
    if (acc->index)
        g_hash_table_destroy(acc->index);
    if (acc->cases)
        g_ptr_array_free(acc->cases, TRUE);
    acc->index = NULL;
    acc->cases = NULL;
    names_clear(&acc->channels);
    names_clear(&acc->segments);
}

int
cx_contacts_new(int order, CxContacts **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (order != CX_CONTACTS_ORDER_TIME && order != CX_CONTACTS_ORDER_SEQUENCE)
        return CX_E_INVALID_ARGUMENT;
    CxContacts *acc = g_try_new0(CxContacts, 1);
    if (!acc)
        return CX_E_NO_MEMORY;
    acc->order = order;
    init_tables(acc);
    *out = acc;
    return CX_OK;
}

void
cx_contacts_free(CxContacts *contacts)
{
    if (!contacts)
        return;
    clear_tables(contacts);
    g_free(contacts);
}

int
cx_contacts_reset(CxContacts *contacts)
{
    if (!contacts)
        return CX_E_INVALID_ARGUMENT;
    int32_t order = contacts->order;
    clear_tables(contacts);
    memset(contacts, 0, sizeof *contacts);
    contacts->order = order;
    init_tables(contacts);
    return CX_OK;
}

int
cx_contacts_copy(const CxContacts *contacts, CxContacts **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!contacts)
        return CX_E_INVALID_ARGUMENT;
    CxContacts *c = NULL;
    int status = cx_contacts_new(contacts->order, &c);
    if (status == CX_OK)
        status = cx_contacts_merge(c, contacts);
    if (status != CX_OK) {
        cx_contacts_free(c);
        return status;
    }
    *out = c;
    return CX_OK;
}

/* Interns every name of src's table in dst's and returns the map src id → dst id (g_free it).
 * With `counts`, adds the channels' contact counts too. */
static uint32_t *
names_merge(NameTable *dst, const NameTable *src, gboolean counts)
{
    uint32_t *map = g_new(uint32_t, src->names->len + 1);
    for (guint i = 0; i < src->names->len; i++) {
        const Name *n = name_of(src, i);
        map[i] = name_intern(dst, n->data, n->key.len); /* room was checked by the caller */
        if (counts)
            ((Name *)g_ptr_array_index(dst->names, map[i]))->contacts += n->contacts;
    }
    return map;
}

static void
remap(Contact *c, const uint32_t *channels, const uint32_t *segments)
{
    c->channel = channels[c->channel];
    c->segment = segments[c->segment];
}

int
cx_contacts_merge(CxContacts *dst, const CxContacts *src)
{
    if (!dst || !src || dst == src)
        return CX_E_INVALID_ARGUMENT;
    if (dst->order != src->order)
        return CX_E_MISMATCH;
    /* Every check first, so that a refused merge leaves dst unchanged. A case's or a channel's
     * count is at most the total, so checking the totals is enough. */
    uint64_t sum;
    if (!cx_u64_add(dst->contacts, src->contacts, &sum) ||
        !cx_u64_add(dst->rejected_no_case, src->rejected_no_case, &sum) ||
        !cx_u64_add(dst->rejected_order_missing, src->rejected_order_missing, &sum) ||
        !cx_u64_add(dst->rejected_order_invalid, src->rejected_order_invalid, &sum) ||
        (size_t)dst->channels.names->len + src->channels.names->len > MAX_NAMES ||
        (size_t)dst->segments.names->len + src->segments.names->len > MAX_NAMES)
        return CX_E_OVERFLOW;
    uint32_t *channels = names_merge(&dst->channels, &src->channels, TRUE);
    uint32_t *segments = names_merge(&dst->segments, &src->segments, FALSE);
    for (guint i = 0; i < src->cases->len; i++) {
        const Case *sc = g_ptr_array_index(src->cases, i);
        CaseState st = sc->st;
        remap(&st.first, channels, segments);
        remap(&st.last, channels, segments);
        if (st.yes)
            remap(&st.first_yes, channels, segments);
        if (st.channel_seen != NO_ID)
            st.channel_seen = channels[st.channel_seen];
        state_combine(dst, &case_get(dst, sc->id, sc->key.len)->st, &st);
    }
    g_free(channels);
    g_free(segments);
    dst->contacts += src->contacts;
    dst->rejected_no_case += src->rejected_no_case;
    dst->rejected_order_missing += src->rejected_order_missing;
    dst->rejected_order_invalid += src->rejected_order_invalid;
    return CX_OK;
}

/* ---- adding ---------------------------------------------------------------------------------- */

int
cx_contacts_add_segmented(CxContacts *contacts, const char *case_id, size_t case_id_len,
                          double order, const char *channel, size_t channel_len, int resolved,
                          const char *segment, size_t segment_len)
{
    CxContacts *acc = contacts;
    if (!acc || (!case_id && case_id_len) || (!channel && channel_len) ||
        (!segment && segment_len))
        return CX_E_INVALID_ARGUMENT;
    /* Rejections, in this order of reasons. */
    if (case_id_len == 0) {
        acc->rejected_no_case++;
        return CX_OK;
    }
    if (isnan(order)) {
        acc->rejected_order_missing++;
        return CX_OK;
    }
    if (isinf(order)) {
        acc->rejected_order_invalid++;
        return CX_OK;
    }
    if (acc->contacts == UINT64_MAX)
        return CX_E_OVERFLOW;
    /* Make room checks before interning anything, so that a refused contact leaves no name. */
    if ((acc->channels.names->len >= MAX_NAMES &&
         !name_find(&acc->channels, channel, channel_len)) ||
        (acc->segments.names->len >= MAX_NAMES &&
         !name_find(&acc->segments, segment, segment_len)))
        return CX_E_OVERFLOW;

    CaseState one;
    memset(&one, 0, sizeof one);
    one.contacts = 1;
    /* −0 and +0 are the same instant; keep one of them so that results are identical bits. */
    one.first.key = cx_is_zero(order) ? 0.0 : order;
    one.first.channel = name_intern(&acc->channels, channel, channel_len);
    one.first.segment = name_intern(&acc->segments, segment, segment_len);
    switch (resolved) {
    case CX_RESOLVED_YES:
        one.first.flag = FLAG_YES;
        one.yes = 1;
        break;
    case CX_RESOLVED_NO:
        one.first.flag = FLAG_NO;
        one.no = 1;
        break;
    case CX_RESOLVED_UNKNOWN:
        one.first.flag = FLAG_UNKNOWN;
        one.unknown = 1;
        break;
    default: /* CX_RESOLVED_INVALID or any other value: counted, then unknown */
        one.first.flag = FLAG_UNKNOWN;
        one.invalid = 1;
        break;
    }
    one.last = one.first;
    if (one.yes)
        one.first_yes = one.first;
    if (channel_len == 0) {
        one.channel_missing = 1;
        one.channel_seen = NO_ID;
    } else {
        one.channel_seen = one.first.channel;
    }
    ((Name *)g_ptr_array_index(acc->channels.names, one.first.channel))->contacts++;
    acc->contacts++;
    state_combine(acc, &case_get(acc, case_id, case_id_len)->st, &one);
    return CX_OK;
}

int
cx_contacts_add(CxContacts *contacts, const char *case_id, size_t case_id_len, double order,
                const char *channel, size_t channel_len, int resolved)
{
    return cx_contacts_add_segmented(contacts, case_id, case_id_len, order, channel, channel_len,
                                     resolved, NULL, 0);
}

static int
token_is(const char *s, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && g_ascii_strncasecmp(s, *list, n) == 0)
            return 1;
    return 0;
}

int
cx_contacts_parse_resolved(const char *text, size_t len)
{
    static const char *const yes[] = { "yes", "y", "true", "t", "1", "resolved", NULL };
    static const char *const no[] = { "no", "n", "false", "f", "0", "unresolved", NULL };
    static const char *const unknown[] = { "", "na", "n/a", "-", NULL };
    if (!text && len > 0)
        return CX_E_INVALID_ARGUMENT;
    const char *s = text ? text : "";
    size_t n = len;
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (token_is(s, n, yes))
        return CX_RESOLVED_YES;
    if (token_is(s, n, no))
        return CX_RESOLVED_NO;
    if (token_is(s, n, unknown))
        return CX_RESOLVED_UNKNOWN;
    return CX_RESOLVED_INVALID;
}

/* ---- results --------------------------------------------------------------------------------- */

static int
compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int
compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void
share(uint64_t k, uint64_t n, double level, double *p, double *lower, double *upper)
{
    if (n == 0) {
        *p = *lower = *upper = CX_NAN;
        return;
    }
    *p = (double)k / (double)n;
    cx_wilson_interval((double)k, (double)n, level, lower, upper);
}

/* The figures of the cases whose segment is `segment` (NO_ID: every case). */
static int
compute(const CxContacts *acc, uint32_t segment, double level, CxContactsResult *out)
{
    CxContactsResult res;
    memset(&res, 0, sizeof res);
    res.size = sizeof res;
    res.order = acc->order;
    res.level = level;
    if (segment == NO_ID) {
        res.rejected_no_case = acc->rejected_no_case;
        res.rejected_order_missing = acc->rejected_order_missing;
        res.rejected_order_invalid = acc->rejected_order_invalid;
        res.rejected = res.rejected_no_case + res.rejected_order_missing +
                       res.rejected_order_invalid;
    }
    const guint all = acc->cases->len;
    uint64_t *counts = g_new(uint64_t, all + 1);
    double *times = g_new(double, all + 1);
    size_t n_times = 0;
    for (guint i = 0; i < all; i++) {
        const CaseState *st = &((const Case *)g_ptr_array_index(acc->cases, i))->st;
        if (segment != NO_ID && st->first.segment != segment)
            continue;
        counts[res.cases++] = st->contacts;
        res.contacts += st->contacts;
        res.flag_unknown += st->unknown;
        res.flag_invalid += st->invalid;
        res.channel_missing += st->channel_missing;
        res.contacts_per_case[st->contacts < 5 ? st->contacts - 1 : 4]++;
        res.max_contacts = MAX(res.max_contacts, st->contacts);
        if (st->contacts >= 2)
            res.repeat_cases++;
        if (st->multi_channel)
            res.cross_channel_cases++;
        if (st->first.flag == FLAG_YES) {
            if (st->contacts == 1)
                res.fcr_cases++;
            else
                res.fcr_reopened++;
        }
        if (st->yes) {
            res.resolved_cases++;
            if (st->yes >= 2 || contact_compare(acc, &st->last, &st->first_yes) > 0)
                res.cases_reopened++;
            if (st->yes >= 2)
                res.cases_resolved_twice++;
            if (acc->order == CX_CONTACTS_ORDER_TIME)
                times[n_times++] = st->first_yes.key - st->first.key;
        } else if (st->no == 0) {
            res.cases_outcome_unknown++;
        }
    }
    res.resolution_times = n_times;
    share(res.fcr_cases, res.cases, level, &res.fcr, &res.fcr_ci_lower, &res.fcr_ci_upper);
    share(res.resolved_cases, res.cases, level, &res.resolution_rate, &res.resolution_ci_lower,
          &res.resolution_ci_upper);
    share(res.repeat_cases, res.cases, level, &res.repeat_rate, &res.repeat_ci_lower,
          &res.repeat_ci_upper);
    share(res.cross_channel_cases, res.cases, level, &res.cross_channel,
          &res.cross_channel_ci_lower, &res.cross_channel_ci_upper);
    /* Sums over sorted values: the same bits whatever the order the cases were created in. */
    res.contacts_mean = res.contacts_sd = CX_NAN;
    if (res.cases) {
        qsort(counts, res.cases, sizeof *counts, compare_u64);
        res.contacts_mean = (double)res.contacts / (double)res.cases;
        if (res.cases >= 2) {
            CxSum ss = { 0.0, 0.0 };
            for (uint64_t i = 0; i < res.cases; i++) {
                double d = (double)counts[i] - res.contacts_mean;
                cx_sum_add(&ss, d * d);
            }
            res.contacts_sd = sqrt(cx_sum_value(&ss) / (double)(res.cases - 1));
        }
    }
    res.time_to_resolution_mean = res.time_to_resolution_median = res.time_to_resolution_p90 =
        CX_NAN;
    if (n_times) {
        qsort(times, n_times, sizeof *times, compare_double);
        CxSum sum = { 0.0, 0.0 };
        for (size_t i = 0; i < n_times; i++)
            cx_sum_add(&sum, times[i]);
        res.time_to_resolution_mean = cx_sum_value(&sum) / (double)n_times;
        res.time_to_resolution_median = cx_quantile_sorted(times, n_times, 0.5);
        res.time_to_resolution_p90 = cx_quantile_sorted(times, n_times, 0.9);
    }
    g_free(counts);
    g_free(times);
    int copy = cx_struct_out(out, &res, sizeof res, CX_ABI_CONTACTS_RESULT);
    if (copy != CX_OK)
        return copy;
    return res.cases ? CX_OK : CX_E_EMPTY;
}

int
cx_contacts_result(const CxContacts *contacts, double level, CxContactsResult *out)
{
    if (!contacts || !out || !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    return compute(contacts, NO_ID, level, out);
}

static const Name *
listed(const NameTable *t, size_t index)
{
    if (index >= t->sorted->len)
        return NULL;
    return name_of(t, g_array_index(t->sorted, uint32_t, index));
}

size_t
cx_contacts_channel_count(const CxContacts *contacts)
{
    return contacts ? contacts->channels.sorted->len : 0;
}

size_t
cx_contacts_segment_count(const CxContacts *contacts)
{
    return contacts ? contacts->segments.sorted->len : 0;
}

static const char *
listed_name(const NameTable *t, size_t index, size_t *len)
{
    const Name *n = listed(t, index);
    if (len)
        *len = n ? n->key.len : 0;
    return n ? n->data : NULL;
}

const char *
cx_contacts_channel_name(const CxContacts *contacts, size_t index, size_t *len)
{
    if (!contacts) {
        if (len)
            *len = 0;
        return NULL;
    }
    return listed_name(&contacts->channels, index, len);
}

const char *
cx_contacts_segment_name(const CxContacts *contacts, size_t index, size_t *len)
{
    if (!contacts) {
        if (len)
            *len = 0;
        return NULL;
    }
    return listed_name(&contacts->segments, index, len);
}

int
cx_contacts_segment(const CxContacts *contacts, size_t index, double level,
                    CxContactsResult *out)
{
    if (!contacts || !out || !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    const Name *n = listed(&contacts->segments, index);
    if (!n)
        return CX_E_INVALID_ARGUMENT;
    return compute(contacts, n->id, level, out);
}

int
cx_contacts_channel(const CxContacts *contacts, size_t index, double level,
                    CxContactsChannelResult *out)
{
    if (!contacts || !out || !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    const Name *n = listed(&contacts->channels, index);
    if (!n)
        return CX_E_INVALID_ARGUMENT;
    CxContactsChannelResult res;
    memset(&res, 0, sizeof res);
    res.size = sizeof res;
    res.level = level;
    res.contacts = n->contacts;
    for (guint i = 0; i < contacts->cases->len; i++) {
        const CaseState *st = &((const Case *)g_ptr_array_index(contacts->cases, i))->st;
        if (st->yes && st->first_yes.channel == n->id)
            res.resolved_here++;
        if (st->first.channel != n->id)
            continue;
        res.cases++;
        if (st->contacts == 1 && st->first.flag == FLAG_YES)
            res.fcr_cases++;
        if (st->contacts >= 2)
            res.repeat_cases++;
        if (st->multi_channel)
            res.crossed_cases++;
        if (st->yes)
            res.resolved_cases++;
    }
    share(res.fcr_cases, res.cases, level, &res.fcr, &res.fcr_ci_lower, &res.fcr_ci_upper);
    return cx_struct_out(out, &res, sizeof res, CX_ABI_CONTACTS_CHANNEL_RESULT);
}
