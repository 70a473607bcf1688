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

#include "core/cell-private.h"
#include "core/keys-private.h"
#include "core/state-private.h"
#include "core/util-private.h"
#include "score/abi-private.h"
#include "stats/distributions-private.h"

#define NO_ID CX_KEYS_NONE

/* Flags inside the library, numbered in their tie-break order. */
enum { FLAG_NO = 0, FLAG_UNKNOWN = 1, FLAG_YES = 2 };

/* Channel names or segment labels: ids in a key table, and their byte-wise order. */
typedef struct {
    CxKeys keys;
    uint32_t *sorted;   /* ids in byte order of their names (room for sorted_cap) */
    uint64_t *contacts; /* channels only (NULL for segments): scored contacts per id */
    size_t sorted_cap, contacts_cap;
    int counted;        /* keeps contacts[] */
} NameTable;

typedef struct {
    double key;
    uint32_t channel;
    uint32_t segment;
    uint8_t flag;
} Contact;

typedef struct {
    uint64_t contacts, yes, no, unknown, invalid, channel_missing;
    Contact first, last, first_yes; /* first_yes is meaningful when yes > 0 (zero otherwise) */
    uint32_t channel_seen;          /* one non-blank channel of the case, or NO_ID */
    uint8_t multi_channel;          /* two different non-blank channels met */
} CaseState;

/* The cases grouped by one name id of theirs (a counting sort of the case ids): the cases of
 * name n are cases[start[n]] … cases[start[n + 1] − 1], in id order. Built when a segment's or a
 * channel's figures are asked after a change, kept until the next change, so that the figures of
 * every segment (or channel) take one pass over the cases in all, not one pass each (issue 21:
 * `cxscore contacts --by` took 1.3 s for 25 000 segments and 42.7 s for 100 000). */
typedef enum { BY_SEGMENT, BY_CHANNEL, BY_RESOLVING_CHANNEL, N_INDEXES } IndexKind;

typedef struct {
    uint32_t *cases, *start;
    int valid;
} CaseIndex;

/* Cases are the ids of a key table, their states in `cases`, indexed by id. Every allocation is
 * checked, and an add or a merge that cannot get memory changes nothing. */
struct CxContacts {
    int32_t order;
    CxKeys case_ids;
    CaseState *cases; /* case_ids.count states (room for cases_cap) */
    size_t cases_cap;
    NameTable channels, segments;
    uint64_t contacts;
    uint64_t rejected_no_case, rejected_order_missing, rejected_order_invalid;
    /* A cache of the results' functions (const for the caller: one thread at a time uses an
     * object, cxscore.h), dropped by every change. */
    CaseIndex index[N_INDEXES];
};

/* ---- names ----------------------------------------------------------------------------------- */

static void
names_init(NameTable *t, int counted)
{
    memset(t, 0, sizeof *t);
    cx_keys_init(&t->keys);
    t->counted = counted;
}

static void
names_clear(NameTable *t)
{
    cx_keys_clear(&t->keys);
    g_free(t->sorted);
    g_free(t->contacts);
    names_init(t, t->counted);
}

static size_t
names_count(const NameTable *t)
{
    return cx_keys_count(&t->keys);
}

static uint32_t
name_find(const NameTable *t, const char *s, size_t len)
{
    return cx_keys_find(&t->keys, s, len);
}

/* Room for @n more names of @bytes bytes: after CX_OK, name_add_reserved() cannot fail. */
static int
names_reserve(NameTable *t, size_t n, size_t bytes)
{
    int status = cx_keys_reserve(&t->keys, n, bytes);
    const size_t need = names_count(t) + n;
    if (status == CX_OK)
        status = cx_array_reserve(&t->sorted, &t->sorted_cap, need, sizeof *t->sorted);
    if (status == CX_OK && t->counted)
        status = cx_array_reserve(&t->contacts, &t->contacts_cap, need, sizeof *t->contacts);
    return status;
}

/* Adds a name that is not in the table, in room reserved before; returns its id. */
static uint32_t
name_add_reserved(NameTable *t, const char *s, size_t len)
{
    uint32_t id = cx_keys_add_reserved(&t->keys, s, len);
    if (t->counted)
        t->contacts[id] = 0;
    /* Into the sorted list (new names are rare: a binary search and a move). */
    size_t lo = 0, hi = id;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cx_keys_compare_ids(&t->keys, t->sorted[mid], id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    memmove(&t->sorted[lo + 1], &t->sorted[lo], (id - lo) * sizeof *t->sorted);
    t->sorted[lo] = id;
    return id;
}

static int
name_compare(const NameTable *t, uint32_t a, uint32_t b)
{
    return cx_keys_compare_ids(&t->keys, a, b);
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

/* Room for @n more cases of @bytes bytes of ids: after CX_OK, case_add_reserved() cannot fail. */
static int
cases_reserve(CxContacts *acc, size_t n, size_t bytes)
{
    int status = cx_keys_reserve(&acc->case_ids, n, bytes);
    if (status == CX_OK)
        status = cx_array_reserve(&acc->cases, &acc->cases_cap,
                                  cx_keys_count(&acc->case_ids) + n, sizeof *acc->cases);
    return status;
}

/* A new case without contacts, in room reserved before. */
static CaseState *
case_add_reserved(CxContacts *acc, const char *id, size_t len)
{
    CaseState *st = &acc->cases[cx_keys_add_reserved(&acc->case_ids, id, len)];
    memset(st, 0, sizeof *st);
    st->channel_seen = NO_ID;
    return st;
}

/* ---- life cycle ------------------------------------------------------------------------------ */

/* Drops the case indexes (after any change of the cases). */
static void
indexes_drop(CxContacts *acc)
{
    for (int k = 0; k < N_INDEXES; k++) {
        g_free(acc->index[k].cases);
        g_free(acc->index[k].start);
        acc->index[k] = (CaseIndex){ NULL, NULL, 0 };
    }
}

/* The name id of case state @st that index @kind groups by, or NO_ID (not in that index). */
static uint32_t
index_key(const CaseState *st, IndexKind kind)
{
    switch (kind) {
    case BY_SEGMENT:
        return st->first.segment;
    case BY_CHANNEL:
        return st->first.channel;
    default:
        return st->yes ? st->first_yes.channel : NO_ID;
    }
}

/* Index @kind, built if needed (a counting sort, O(cases + names)); NULL if memory ran out. */
static const CaseIndex *
index_get(const CxContacts *contacts, IndexKind kind)
{
    CxContacts *acc = (CxContacts *)contacts; /* the cache only; see struct CxContacts */
    CaseIndex *ix = &acc->index[kind];
    if (ix->valid)
        return ix;
    const size_t n = cx_keys_count(&acc->case_ids);
    const size_t names = kind == BY_SEGMENT ? names_count(&acc->segments)
                                            : names_count(&acc->channels);
    uint32_t *cases = cx_column_alloc(n, sizeof *cases);
    uint32_t *start = cx_column_alloc(names + 1, sizeof *start);
    if (!cases || !start) {
        g_free(cases);
        g_free(start);
        return NULL;
    }
    memset(start, 0, (names + 1) * sizeof *start);
    for (size_t i = 0; i < n; i++) {
        uint32_t key = index_key(&acc->cases[i], kind);
        if (key != NO_ID)
            start[key + 1]++;
    }
    for (size_t k = 0; k < names; k++)
        start[k + 1] += start[k];
    /* Place each case at its name's cursor (start[key] moves to the end of its run), then move
     * the runs' starts back. */
    for (size_t i = 0; i < n; i++) {
        uint32_t key = index_key(&acc->cases[i], kind);
        if (key != NO_ID)
            cases[start[key]++] = (uint32_t)i;
    }
    for (size_t k = names; k > 0; k--)
        start[k] = start[k - 1];
    start[0] = 0;
    g_free(ix->cases);
    g_free(ix->start);
    *ix = (CaseIndex){ cases, start, 1 };
    return ix;
}

static void
init_tables(CxContacts *acc)
{
    cx_keys_init(&acc->case_ids);
    acc->cases = NULL;
    acc->cases_cap = 0;
    names_init(&acc->channels, 1);
    names_init(&acc->segments, 0);
}

static void
clear_tables(CxContacts *acc)
{
    cx_keys_clear(&acc->case_ids);
    g_free(acc->cases);
    names_clear(&acc->channels);
    names_clear(&acc->segments);
    indexes_drop(acc);
    init_tables(acc);
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

/* The names of src that dst lacks, and their bytes. */
static void
names_missing(const NameTable *dst, const NameTable *src, size_t *n, size_t *bytes)
{
    *n = *bytes = 0;
    for (uint32_t i = 0; i < names_count(src); i++) {
        size_t len;
        const char *name = cx_keys_data(&src->keys, i, &len);
        if (name_find(dst, name, len) == NO_ID) {
            (*n)++;
            *bytes += len;
        }
    }
}

/* Phase 2 of a merge: interns every name of src in dst (room reserved) and fills @map, src id →
 * dst id, adding the channels' contact counts. */
static void
names_merge(NameTable *dst, const NameTable *src, uint32_t *map)
{
    for (uint32_t i = 0; i < names_count(src); i++) {
        size_t len;
        const char *name = cx_keys_data(&src->keys, i, &len);
        uint32_t id = name_find(dst, name, len);
        map[i] = id != NO_ID ? id : name_add_reserved(dst, name, len);
        if (dst->counted)
            dst->contacts[map[i]] += src->contacts[i];
    }
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
    /* Phase 1, every check and every allocation, so that a refused merge leaves dst unchanged.
     * A case's or a channel's count is at most the total, so checking the totals is enough. */
    uint64_t sum;
    if (!cx_u64_add(dst->contacts, src->contacts, &sum) ||
        !cx_u64_add(dst->rejected_no_case, src->rejected_no_case, &sum) ||
        !cx_u64_add(dst->rejected_order_missing, src->rejected_order_missing, &sum) ||
        !cx_u64_add(dst->rejected_order_invalid, src->rejected_order_invalid, &sum))
        return CX_E_OVERFLOW;
    size_t n_channels, channel_bytes, n_segments, segment_bytes, n_cases = 0, case_bytes = 0;
    names_missing(&dst->channels, &src->channels, &n_channels, &channel_bytes);
    names_missing(&dst->segments, &src->segments, &n_segments, &segment_bytes);
    for (uint32_t i = 0; i < cx_keys_count(&src->case_ids); i++) {
        size_t len;
        const char *id = cx_keys_data(&src->case_ids, i, &len);
        if (cx_keys_find(&dst->case_ids, id, len) == NO_ID) {
            n_cases++;
            case_bytes += len;
        }
    }
    uint32_t *channels = cx_column_alloc(names_count(&src->channels), sizeof *channels);
    uint32_t *segments = cx_column_alloc(names_count(&src->segments), sizeof *segments);
    int status = channels && segments ? CX_OK : CX_E_NO_MEMORY;
    if (status == CX_OK)
        status = names_reserve(&dst->channels, n_channels, channel_bytes);
    if (status == CX_OK)
        status = names_reserve(&dst->segments, n_segments, segment_bytes);
    if (status == CX_OK)
        status = cases_reserve(dst, n_cases, case_bytes);
    if (status != CX_OK) {
        g_free(channels);
        g_free(segments);
        return status;
    }
    /* Phase 2: nothing can fail. */
    names_merge(&dst->channels, &src->channels, channels);
    names_merge(&dst->segments, &src->segments, segments);
    for (uint32_t i = 0; i < cx_keys_count(&src->case_ids); i++) {
        size_t len;
        const char *id = cx_keys_data(&src->case_ids, i, &len);
        CaseState st = src->cases[i];
        remap(&st.first, channels, segments);
        remap(&st.last, channels, segments);
        if (st.yes)
            remap(&st.first_yes, channels, segments);
        if (st.channel_seen != NO_ID)
            st.channel_seen = channels[st.channel_seen];
        uint32_t d = cx_keys_find(&dst->case_ids, id, len);
        state_combine(dst, d == NO_ID ? case_add_reserved(dst, id, len) : &dst->cases[d], &st);
    }
    g_free(channels);
    g_free(segments);
    dst->contacts += src->contacts;
    dst->rejected_no_case += src->rejected_no_case;
    dst->rejected_order_missing += src->rejected_order_missing;
    dst->rejected_order_invalid += src->rejected_order_invalid;
    indexes_drop(dst);
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
    /* Room for a new channel, label and case before anything is added, so that a refused
     * contact leaves nothing behind. */
    uint32_t ch = name_find(&acc->channels, channel, channel_len);
    uint32_t sg = name_find(&acc->segments, segment, segment_len);
    uint32_t id = cx_keys_find(&acc->case_ids, case_id, case_id_len);
    int status = CX_OK;
    if (ch == NO_ID)
        status = names_reserve(&acc->channels, 1, channel_len);
    if (status == CX_OK && sg == NO_ID)
        status = names_reserve(&acc->segments, 1, segment_len);
    if (status == CX_OK && id == NO_ID)
        status = cases_reserve(acc, 1, case_id_len);
    if (status != CX_OK)
        return status;
    if (ch == NO_ID)
        ch = name_add_reserved(&acc->channels, channel, channel_len);
    if (sg == NO_ID)
        sg = name_add_reserved(&acc->segments, segment, segment_len);
    CaseState *st = id == NO_ID ? case_add_reserved(acc, case_id, case_id_len) : &acc->cases[id];

    CaseState one;
    memset(&one, 0, sizeof one);
    one.contacts = 1;
    /* −0 and +0 are the same instant; keep one of them so that results are identical bits. */
    one.first.key = cx_is_zero(order) ? 0.0 : order;
    one.first.channel = ch;
    one.first.segment = sg;
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
        one.channel_seen = ch;
    }
    acc->channels.contacts[ch]++;
    acc->contacts++;
    state_combine(acc, st, &one);
    indexes_drop(acc);
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
    if (!text && len > 0)
        return CX_E_INVALID_ARGUMENT;
    const char *s;
    size_t n;
    cx_cell_trim(text, len, &s, &n);
    if (token_is(s, n, yes))
        return CX_RESOLVED_YES;
    if (token_is(s, n, no))
        return CX_RESOLVED_NO;
    if (cx_cell_is_missing(s, n))
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
    const size_t all = cx_keys_count(&acc->case_ids);
    uint64_t *counts = g_try_new(uint64_t, all + 1);
    double *times = g_try_new(double, all + 1);
    if (!counts || !times) {
        g_free(counts);
        g_free(times);
        return CX_E_NO_MEMORY;
    }
    size_t n_times = 0;
    /* A segment's cases from the index; every case for the whole log. */
    const CaseIndex *ix = segment != NO_ID ? index_get(acc, BY_SEGMENT) : NULL;
    if (segment != NO_ID && !ix) {
        g_free(counts);
        g_free(times);
        return CX_E_NO_MEMORY;
    }
    const size_t from = ix ? ix->start[segment] : 0, to = ix ? ix->start[segment + 1] : all;
    for (size_t at = from; at < to; at++) {
        const CaseState *st = &acc->cases[ix ? ix->cases[at] : at];
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
    share(res.resolved_cases, res.cases, level, &res.resolution_rate, &res.resolution_rate_ci_lower,
          &res.resolution_rate_ci_upper);
    share(res.repeat_cases, res.cases, level, &res.repeat_rate, &res.repeat_rate_ci_lower,
          &res.repeat_rate_ci_upper);
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
        qsort(times, n_times, sizeof *times, cx_compare_doubles);
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

/* The id of name @index in byte order, or NO_ID. */
static uint32_t
listed(const NameTable *t, size_t index)
{
    return index < names_count(t) ? t->sorted[index] : NO_ID;
}

size_t
cx_contacts_channel_count(const CxContacts *contacts)
{
    return contacts ? names_count(&contacts->channels) : 0;
}

size_t
cx_contacts_segment_count(const CxContacts *contacts)
{
    return contacts ? names_count(&contacts->segments) : 0;
}

static const char *
listed_name(const CxContacts *contacts, const NameTable *t, size_t index, size_t *len)
{
    uint32_t id = contacts ? listed(t, index) : NO_ID;
    if (id == NO_ID) {
        if (len)
            *len = 0;
        return NULL;
    }
    return cx_keys_data(&t->keys, id, len);
}

const char *
cx_contacts_channel_name(const CxContacts *contacts, size_t index, size_t *len)
{
    return listed_name(contacts, contacts ? &contacts->channels : NULL, index, len);
}

const char *
cx_contacts_segment_name(const CxContacts *contacts, size_t index, size_t *len)
{
    return listed_name(contacts, contacts ? &contacts->segments : NULL, index, len);
}

int
cx_contacts_segment(const CxContacts *contacts, size_t index, double level,
                    CxContactsResult *out)
{
    if (!contacts || !out || !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    uint32_t id = listed(&contacts->segments, index);
    if (id == NO_ID)
        return CX_E_INVALID_ARGUMENT;
    return compute(contacts, id, level, out);
}

int
cx_contacts_channel(const CxContacts *contacts, size_t index, double level,
                    CxContactsChannelResult *out)
{
    if (!contacts || !out || !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    uint32_t id = listed(&contacts->channels, index);
    if (id == NO_ID)
        return CX_E_INVALID_ARGUMENT;
    CxContactsChannelResult res;
    memset(&res, 0, sizeof res);
    res.size = sizeof res;
    res.level = level;
    res.contacts = contacts->channels.contacts[id];
    /* The cases resolved first here, and those that began here, from the indexes. */
    const CaseIndex *resolving = index_get(contacts, BY_RESOLVING_CHANNEL);
    const CaseIndex *begun = resolving ? index_get(contacts, BY_CHANNEL) : NULL;
    if (!begun)
        return CX_E_NO_MEMORY;
    res.resolved_here = resolving->start[id + 1] - resolving->start[id];
    for (size_t at = begun->start[id]; at < begun->start[id + 1]; at++) {
        const CaseState *st = &contacts->cases[begun->cases[at]];
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

/* ---- serialization ----------------------------------------------------------------------------
 * Framing in state-private.h (magic "CXCT", contact log). Payload of format version 2 (the payload of format 1, which had no checksum),
 * CT_STATE_TYPE_V1, a tuple of columns of basic types (built in g_try_malloc buffers that GVariant
 * takes as they are: nothing per case is built by GLib):
 *   i   the order kind (CxContactsOrder);
 *   t t t  rejected contacts: no case id, order key missing, order key unreadable;
 *   ay at at  channel names one after the other in byte-wise order, their lengths, and the
 *          scored contacts in each (≥ 1; the blank channel, if any, is the first);
 *   ay at  segment labels in byte-wise order, and their lengths;
 *   ay at  case ids (not empty) in byte-wise order, and their lengths; then, case by case in
 *          that order,
 *   at  6 counts: contacts, flagged yes, no, unknown, unreadable, with a blank channel;
 *   ad  3 order keys: of the first contact, the last, and the first flagged yes;
 *   au  4 channels: of those three contacts, and the case's one non-blank channel
 *          (0xffffffff: none, or more than one), as ranks in the channel names;
 *   au  3 segment labels of the three contacts, as ranks in the labels;
 *   ay  4 bytes: the flags of the three contacts (0 no, 1 unknown, 2 yes), then 1 if the case
 *          used two channels (else 0).
 * A case without a contact flagged yes has zeros for that contact. Names are written and
 * referred to by rank, so equal states give equal bytes whatever the order of the contacts, and
 * a state read back is written again byte for byte.
 */
#define CT_MAGIC "CXCT"
#define CT_FORMAT_VERSION 2 /* 1 had no checksum: not read */
#define CT_STATE_TYPE_V1 "(itttayatatayatayatatadauauay)"
#define CT_STATE_GET "(ittt@ay@at@at@ay@at@ay@at@at@ad@au@au@ay)"

/* Columns of name, case and key tables written by cx_keys_write_columns(). */
enum { COL_CHANNELS, COL_CHANNEL_LENGTHS, COL_SEGMENTS, COL_SEGMENT_LENGTHS, COL_CASES,
       COL_CASE_LENGTHS, N_KEY_COLUMNS };

static void
columns_drop(GVariant **cols, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cols[i])
            g_variant_unref(g_variant_ref_sink(cols[i]));
}

/* rank[id] = the rank of name id in byte order. */
static void
ranks_of(const NameTable *t, uint32_t *rank)
{
    for (size_t r = 0; r < names_count(t); r++)
        rank[t->sorted[r]] = (uint32_t)r;
}

int
cx_contacts_serialize(const CxContacts *contacts, uint8_t **bytes, size_t *len)
{
    if (!contacts || !bytes || !len)
        return CX_E_INVALID_ARGUMENT;
    *bytes = NULL;
    *len = 0;
    const CxContacts *acc = contacts;
    const size_t n = cx_keys_count(&acc->case_ids), nch = names_count(&acc->channels),
                 nsg = names_count(&acc->segments);
    uint32_t *order = NULL, *ch_rank = cx_column_alloc(nch, sizeof *ch_rank),
             *sg_rank = cx_column_alloc(nsg, sizeof *sg_rank);
    uint64_t *ch_contacts = cx_column_alloc(nch, sizeof *ch_contacts);
    uint64_t *counts = cx_column_alloc(n, 6 * sizeof *counts);
    double *keys = cx_column_alloc(n, 3 * sizeof *keys);
    uint32_t *chans = cx_column_alloc(n, 4 * sizeof *chans);
    uint32_t *segs = cx_column_alloc(n, 3 * sizeof *segs);
    uint8_t *flags = cx_column_alloc(n, 4);
    GVariant *cols[N_KEY_COLUMNS] = { NULL };
    int status = ch_rank && sg_rank && ch_contacts && counts && keys && chans && segs && flags
                     ? cx_keys_sorted(&acc->case_ids, &order)
                     : CX_E_NO_MEMORY;
    if (status == CX_OK)
        status = cx_keys_write_columns(&acc->channels.keys, acc->channels.sorted,
                                       &cols[COL_CHANNELS], &cols[COL_CHANNEL_LENGTHS]);
    if (status == CX_OK)
        status = cx_keys_write_columns(&acc->segments.keys, acc->segments.sorted,
                                       &cols[COL_SEGMENTS], &cols[COL_SEGMENT_LENGTHS]);
    if (status == CX_OK)
        status = cx_keys_write_columns(&acc->case_ids, order, &cols[COL_CASES],
                                       &cols[COL_CASE_LENGTHS]);
    if (status != CX_OK) {
        columns_drop(cols, N_KEY_COLUMNS);
        g_free(ch_contacts);
        g_free(counts);
        g_free(keys);
        g_free(chans);
        g_free(segs);
        g_free(flags);
        goto out;
    }
    ranks_of(&acc->channels, ch_rank);
    ranks_of(&acc->segments, sg_rank);
    for (size_t r = 0; r < nch; r++)
        ch_contacts[r] = acc->channels.contacts[acc->channels.sorted[r]];
    for (size_t k = 0; k < n; k++) {
        const CaseState *st = &acc->cases[order[k]];
        const Contact *c[3] = { &st->first, &st->last, &st->first_yes };
        memcpy(&counts[6 * k], (const uint64_t[6]){ st->contacts, st->yes, st->no, st->unknown,
                                                    st->invalid, st->channel_missing },
               6 * sizeof *counts);
        for (int j = 0; j < 3; j++) {
            const int zero = j == 2 && !st->yes;
            keys[3 * k + j] = zero ? 0.0 : c[j]->key;
            chans[4 * k + j] = zero ? 0 : ch_rank[c[j]->channel];
            segs[3 * k + j] = zero ? 0 : sg_rank[c[j]->segment];
            flags[4 * k + j] = zero ? 0 : c[j]->flag;
        }
        /* Once two channels were met, which one was seen first no longer matters. */
        chans[4 * k + 3] = st->multi_channel || st->channel_seen == NO_ID
                               ? NO_ID
                               : ch_rank[st->channel_seen];
        flags[4 * k + 3] = st->multi_channel;
    }
    GVariant *state = g_variant_new(
        CT_STATE_GET, acc->order, (guint64)acc->rejected_no_case,
        (guint64)acc->rejected_order_missing, (guint64)acc->rejected_order_invalid,
        cols[COL_CHANNELS], cols[COL_CHANNEL_LENGTHS],
        cx_column_take("at", ch_contacts, nch * sizeof *ch_contacts), cols[COL_SEGMENTS],
        cols[COL_SEGMENT_LENGTHS], cols[COL_CASES], cols[COL_CASE_LENGTHS],
        cx_column_take("at", counts, n * 6 * sizeof *counts),
        cx_column_take("ad", keys, n * 3 * sizeof *keys),
        cx_column_take("au", chans, n * 4 * sizeof *chans),
        cx_column_take("au", segs, n * 3 * sizeof *segs), cx_column_take("ay", flags, n * 4));
    status = cx_state_pack(CT_MAGIC, CT_FORMAT_VERSION, state, bytes, len);
out:
    g_free(order);
    g_free(ch_rank);
    g_free(sg_rank);
    return status;
}

/* Reads a name table from its columns (names sorted and distinct, ids = ranks). */
static int
names_read(NameTable *t, GVariant *names, GVariant *lengths)
{
    int status = cx_keys_read_columns(&t->keys, names, lengths, 0);
    const size_t n = names_count(t);
    if (status == CX_OK)
        status = cx_array_reserve(&t->sorted, &t->sorted_cap, n, sizeof *t->sorted);
    if (status == CX_OK && t->counted)
        status = cx_array_reserve(&t->contacts, &t->contacts_cap, n, sizeof *t->contacts);
    for (size_t i = 0; i < n && status == CX_OK; i++)
        t->sorted[i] = (uint32_t)i;
    return status;
}

static int
same_contact(const Contact *a, const Contact *b)
{
    return memcmp(&a->key, &b->key, sizeof a->key) == 0 && a->channel == b->channel &&
           a->segment == b->segment && a->flag == b->flag;
}

/* Could a contact flagged @flag be one of the case's? */
static int
flag_counted(const CaseState *st, uint8_t flag)
{
    return flag == FLAG_YES ? st->yes > 0 : flag == FLAG_NO ? st->no > 0
                                                            : st->unknown + st->invalid > 0;
}

/* Is a case's state one that contacts can make? @blank is the id of the blank channel (NO_ID
 * without one). The ids are in range (checked by the caller). */
static int
case_consistent(const CxContacts *acc, const CaseState *st, uint32_t blank)
{
    uint64_t flagged;
    if (st->contacts == 0 || st->channel_missing > st->contacts ||
        !cx_u64_add(st->yes, st->no, &flagged) || !cx_u64_add(flagged, st->unknown, &flagged) ||
        !cx_u64_add(flagged, st->invalid, &flagged) || flagged != st->contacts)
        return 0;
    /* first ≤ first flagged yes ≤ last; one contact is first and last; flags that were met. */
    if (contact_compare(acc, &st->first, &st->last) > 0 ||
        (st->contacts == 1 && !same_contact(&st->first, &st->last)) ||
        !flag_counted(st, st->first.flag) || !flag_counted(st, st->last.flag))
        return 0;
    if (st->yes && (st->first_yes.flag != FLAG_YES ||
                    contact_compare(acc, &st->first, &st->first_yes) > 0 ||
                    contact_compare(acc, &st->first_yes, &st->last) > 0 ||
                    (st->first.flag == FLAG_YES && !same_contact(&st->first, &st->first_yes)) ||
                    (st->yes == 1 && st->last.flag == FLAG_YES &&
                     !same_contact(&st->last, &st->first_yes))))
        return 0;
    /* Channels: blank ones counted, the one channel seen, or two. */
    const uint32_t c[3] = { st->first.channel, st->last.channel,
                            st->yes ? st->first_yes.channel : st->first.channel };
    const uint64_t named = st->contacts - st->channel_missing;
    for (int j = 0; j < 3; j++) {
        if (c[j] == blank ? st->channel_missing == 0 : named == 0)
            return 0;
        if (c[j] != blank && !st->multi_channel && c[j] != st->channel_seen)
            return 0;
    }
    if (st->multi_channel)
        return st->channel_seen == NO_ID && named >= 2;
    return (st->channel_seen == NO_ID) == (named == 0);
}

/* The per-case columns of a state. */
typedef struct {
    const guint64 *counts;
    const double *keys;
    const guint32 *chans, *segs;
    const guint8 *flags;
} CaseColumns;

/* Case @i of the columns into @st: the ids in range, then every field consistent. */
static int
case_read(const CxContacts *acc, const CaseColumns *col, size_t i, uint32_t blank, CaseState *st)
{
    const size_t nch = names_count(&acc->channels), nsg = names_count(&acc->segments);
    const guint64 *n = &col->counts[6 * i];
    const double *k = &col->keys[3 * i];
    const guint32 *ch = &col->chans[4 * i], *sg = &col->segs[3 * i];
    const guint8 *fl = &col->flags[4 * i];
    memset(st, 0, sizeof *st);
    st->contacts = n[0];
    st->yes = n[1];
    st->no = n[2];
    st->unknown = n[3];
    st->invalid = n[4];
    st->channel_missing = n[5];
    Contact *c[3] = { &st->first, &st->last, &st->first_yes };
    for (int j = 0; j < 3; j++) {
        /* Order keys are finite and −0 is written +0, as cx_contacts_add() keeps them. */
        if (ch[j] >= nch || sg[j] >= nsg || fl[j] > FLAG_YES || !isfinite(k[j]) ||
            (cx_is_zero(k[j]) && signbit(k[j])))
            return 0;
        c[j]->key = k[j];
        c[j]->channel = ch[j];
        c[j]->segment = sg[j];
        c[j]->flag = fl[j];
    }
    st->channel_seen = ch[3];
    st->multi_channel = fl[3];
    if (!st->yes && (!cx_is_zero(k[2]) || ch[2] || sg[2] || fl[2]))
        return 0;
    if (fl[3] > 1 || (ch[3] != NO_ID && (ch[3] >= nch || ch[3] == blank)))
        return 0;
    return case_consistent(acc, st, blank);
}

/* The channels' contacts and the cases' states from the columns, checked against each other:
 * every channel has a scored contact; the blank one, if any, sorts first, and its contacts are
 * the cases' contacts with a blank channel; the channels' contacts are the cases'. */
static int
states_read(CxContacts *acc, const guint64 *ch_contacts, const CaseColumns *col)
{
    const size_t nch = names_count(&acc->channels), n = cx_keys_count(&acc->case_ids);
    size_t first_len = 1;
    if (nch > 0)
        cx_keys_data(&acc->channels.keys, 0, &first_len);
    const uint32_t blank = first_len == 0 ? 0 : NO_ID;
    uint64_t total = 0, in_channels = 0, blanks = 0;
    for (size_t i = 0; i < nch; i++) {
        if (ch_contacts[i] == 0)
            return CX_E_CORRUPT;
        if (!cx_u64_add(in_channels, ch_contacts[i], &in_channels))
            return CX_E_OVERFLOW;
        acc->channels.contacts[i] = ch_contacts[i];
    }
    for (size_t i = 0; i < n; i++) {
        CaseState *st = &acc->cases[i];
        if (!case_read(acc, col, i, blank, st))
            return CX_E_CORRUPT;
        if (!cx_u64_add(total, st->contacts, &total))
            return CX_E_OVERFLOW;
        blanks += st->channel_missing; /* ≤ total */
    }
    if (total != in_channels || blanks != (blank == NO_ID ? 0 : ch_contacts[blank]))
        return CX_E_CORRUPT;
    acc->contacts = total;
    return CX_OK;
}

int
cx_contacts_deserialize(const uint8_t *bytes, size_t len, CxContacts **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    GVariant *state = NULL;
    int status = cx_state_unpack(bytes, len, CT_MAGIC, CT_FORMAT_VERSION, CT_STATE_TYPE_V1,
                                 &state, NULL);
    if (status != CX_OK)
        return status;
    gint32 order;
    guint64 rejected[3];
    GVariant *v[12];
    g_variant_get(state, CT_STATE_GET, &order, &rejected[0], &rejected[1], &rejected[2], &v[0],
                  &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9], &v[10],
                  &v[11]);
    GVariant *ch_names = v[0], *ch_lengths = v[1], *sg_names = v[3], *sg_lengths = v[4],
             *case_ids = v[5], *case_lengths = v[6];
    gsize nch, n_counts, n_keys, n_chans, n_segs, n_flags;
    const gsize n = g_variant_n_children(case_lengths);
    const guint64 *ch_contacts = g_variant_get_fixed_array(v[2], &nch, sizeof(guint64));
    const CaseColumns col = {
        g_variant_get_fixed_array(v[7], &n_counts, sizeof(guint64)),
        g_variant_get_fixed_array(v[8], &n_keys, sizeof(double)),
        g_variant_get_fixed_array(v[9], &n_chans, sizeof(guint32)),
        g_variant_get_fixed_array(v[10], &n_segs, sizeof(guint32)),
        g_variant_get_fixed_array(v[11], &n_flags, 1),
    };
    CxContacts *acc = NULL;
    status = CX_E_CORRUPT;
    if ((order != CX_CONTACTS_ORDER_TIME && order != CX_CONTACTS_ORDER_SEQUENCE) ||
        g_variant_n_children(ch_lengths) != nch || n_counts / 6 != n || n_counts % 6 ||
        n_keys / 3 != n || n_keys % 3 || n_chans / 4 != n || n_chans % 4 || n_segs / 3 != n ||
        n_segs % 3 || n_flags / 4 != n || n_flags % 4)
        goto out;
    status = cx_contacts_new(order, &acc);
    if (status == CX_OK)
        status = names_read(&acc->channels, ch_names, ch_lengths);
    if (status == CX_OK)
        status = names_read(&acc->segments, sg_names, sg_lengths);
    if (status == CX_OK)
        status = cx_array_reserve(&acc->cases, &acc->cases_cap, n, sizeof *acc->cases);
    if (status == CX_OK)
        status = cx_keys_read_columns(&acc->case_ids, case_ids, case_lengths, 1);
    if (status == CX_OK)
        status = states_read(acc, ch_contacts, &col);
    if (status == CX_OK) {
        acc->rejected_no_case = rejected[0];
        acc->rejected_order_missing = rejected[1];
        acc->rejected_order_invalid = rejected[2];
    }
out:
    for (size_t i = 0; i < G_N_ELEMENTS(v); i++)
        g_variant_unref(v[i]);
    g_variant_unref(state);
    if (status != CX_OK) {
        cx_contacts_free(acc);
        return status;
    }
    *out = acc;
    return CX_OK;
}
