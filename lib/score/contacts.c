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

/* What became of a contact's wait when it is not in a table of waits, in this order. */
enum { WAIT_MISSING, WAIT_NEGATIVE, WAIT_INVALID, WAIT_FLAG_UNKNOWN, WAIT_FLAG_INVALID,
       WAIT_OTHER, WAIT_USED = WAIT_OTHER };

/* The waits of a group of contacts (a channel's, a segment label's): each distinct wait (the 8
 * bytes of its double, −0 written +0) with its answered and abandoned contacts, and the
 * contacts whose wait was not used, by reason. Exact and mergeable; sorted when a result is
 * asked. */
typedef struct {
    CxKeys values;
    uint64_t *answered, *abandoned; /* per value id (room for their caps) */
    size_t answered_cap, abandoned_cap;
    uint64_t other[WAIT_OTHER];
} WaitTable;

/* Channel names, segment labels or agents: ids in a key table, and their byte-wise order. */
typedef struct {
    CxKeys keys;
    uint32_t *sorted;   /* ids in byte order of their names (room for sorted_cap) */
    uint64_t *contacts; /* channels only (NULL otherwise): scored contacts per id */
    WaitTable *waits;   /* channels and segments (NULL for agents): waits per id */
    size_t sorted_cap, contacts_cap, waits_cap;
    int counted;        /* keeps contacts[] */
    int waited;         /* keeps waits[] */
} NameTable;

typedef struct {
    double key;
    uint32_t channel;
    uint32_t segment;
    uint8_t flag;
} Contact;

typedef struct {
    uint64_t contacts, yes, no, unknown, invalid, channel_missing;
    /* 0.2: contacts of the case that could not be scored (a case id without a usable order
     * key: the case is excluded), self-service and assisted contacts, transfers, unreadable
     * transfer flags, and distinct agents (kept by the pairs of CxContacts.case_agents). */
    uint64_t unscored, self_service, assisted, transfers, transfer_invalid, agents;
    Contact first, last, first_yes; /* first_yes is meaningful when yes > 0 (zero otherwise) */
    Contact first_ss, last_assisted; /* when self_service > 0, assisted > 0 (zero otherwise) */
    uint32_t channel_seen;          /* one non-blank channel of the case, or NO_ID */
    uint8_t multi_channel;          /* two different non-blank channels met */
} CaseState;

/* The cases grouped by one name id of theirs (a counting sort of the case ids): the cases of
 * name n are cases[start[n]] … cases[start[n + 1] − 1], in id order. Built when a segment's or a
 * channel's figures are asked after a change, kept until the next change, so that the figures of
 * every segment (or channel) take one pass over the cases in all, not one pass each (issue 21:
 * `cxscore contacts --by` took 1.3 s for 25 000 segments and 42.7 s for 100 000). */
typedef enum { BY_SEGMENT, BY_CHANNEL, BY_RESOLVING_CHANNEL, BY_SELF_SERVICE_CHANNEL,
               N_INDEXES } IndexKind;

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
    NameTable channels, segments, agents;
    CxKeys case_agents; /* pairs (case id, agent id), 2 × uint32 in the machine's order */
    uint64_t contacts;
    uint64_t rejected_no_case, rejected_order_missing, rejected_order_invalid;
    /* A cache of the results' functions (const for the caller: one thread at a time uses an
     * object, cxscore.h), dropped by every change. */
    CaseIndex index[N_INDEXES];
};

/* ---- names ----------------------------------------------------------------------------------- */

/* ---- waits ----------------------------------------------------------------------------------- */

static void
waits_init(WaitTable *w)
{
    memset(w, 0, sizeof *w);
    cx_keys_init(&w->values);
}

static void
waits_clear(WaitTable *w)
{
    cx_keys_clear(&w->values);
    g_free(w->answered);
    g_free(w->abandoned);
    waits_init(w);
}

/* The key of a wait: its double's bytes (−0 is +0). */
static void
wait_key(double wait, char key[8])
{
    const double v = cx_is_zero(wait) ? 0.0 : wait;
    memcpy(key, &v, 8);
}

static double
wait_value(const WaitTable *w, uint32_t id)
{
    double v;
    memcpy(&v, cx_keys_data(&w->values, id, NULL), 8);
    return v;
}

/* Room for @n more distinct waits: after CX_OK, wait_add_reserved() cannot fail. */
static int
waits_reserve(WaitTable *w, size_t n)
{
    const size_t need = cx_keys_count(&w->values) + n;
    int status = cx_keys_reserve(&w->values, n, 8 * n);
    if (status == CX_OK)
        status = cx_array_reserve(&w->answered, &w->answered_cap, need, sizeof *w->answered);
    if (status == CX_OK)
        status = cx_array_reserve(&w->abandoned, &w->abandoned_cap, need, sizeof *w->abandoned);
    return status;
}

/* Whether wait @v (finite, ≥ 0) is in the table. */
static int
waits_has(const WaitTable *w, double v)
{
    char key[8];
    wait_key(v, key);
    return cx_keys_find(&w->values, key, 8) != NO_ID;
}

/* Adds @answered and @abandoned contacts at wait @v, in room reserved before. */
static void
wait_add_reserved(WaitTable *w, double v, uint64_t answered, uint64_t abandoned)
{
    char key[8];
    wait_key(v, key);
    uint32_t id = cx_keys_find(&w->values, key, 8);
    if (id == NO_ID) {
        id = cx_keys_add_reserved(&w->values, key, 8);
        w->answered[id] = w->abandoned[id] = 0;
    }
    w->answered[id] += answered;
    w->abandoned[id] += abandoned;
}

/* The values of src that dst lacks. */
static size_t
waits_missing(const WaitTable *dst, const WaitTable *src)
{
    size_t n = 0;
    for (uint32_t i = 0; i < cx_keys_count(&src->values); i++)
        n += !waits_has(dst, wait_value(src, i));
    return n;
}

/* dst ← dst ∪ src, in room reserved before (waits_missing()). */
static void
waits_merge_reserved(WaitTable *dst, const WaitTable *src)
{
    for (uint32_t i = 0; i < cx_keys_count(&src->values); i++)
        wait_add_reserved(dst, wait_value(src, i), src->answered[i], src->abandoned[i]);
    for (int k = 0; k < WAIT_OTHER; k++)
        dst->other[k] += src->other[k];
}

/* Every contact of the table: the unused waits by reason and the answered and abandoned. */
static uint64_t
waits_total(const WaitTable *w)
{
    uint64_t n = 0;
    for (int k = 0; k < WAIT_OTHER; k++)
        n += w->other[k];
    for (uint32_t i = 0; i < cx_keys_count(&w->values); i++)
        n += w->answered[i] + w->abandoned[i];
    return n;
}

/* ---- names ----------------------------------------------------------------------------------- */

static void
names_init(NameTable *t, int counted, int waited)
{
    memset(t, 0, sizeof *t);
    cx_keys_init(&t->keys);
    t->counted = counted;
    t->waited = waited;
}

static void
names_clear(NameTable *t)
{
    if (t->waits)
        for (size_t i = 0; i < cx_keys_count(&t->keys); i++)
            waits_clear(&t->waits[i]);
    cx_keys_clear(&t->keys);
    g_free(t->sorted);
    g_free(t->contacts);
    g_free(t->waits);
    names_init(t, t->counted, t->waited);
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
    if (status == CX_OK && t->waited)
        status = cx_array_reserve(&t->waits, &t->waits_cap, need, sizeof *t->waits);
    return status;
}

/* Adds a name that is not in the table, in room reserved before; returns its id. */
static uint32_t
name_add_reserved(NameTable *t, const char *s, size_t len)
{
    uint32_t id = cx_keys_add_reserved(&t->keys, s, len);
    if (t->counted)
        t->contacts[id] = 0;
    if (t->waited)
        waits_init(&t->waits[id]);
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

/* d ← d ∪ s, both in acc's name ids. Every field is a sum, a minimum, a maximum or an "or";
 * the agents are not (the caller adds the pairs, which count them). */
static void
state_combine(const CxContacts *acc, CaseState *d, const CaseState *s)
{
    d->unscored += s->unscored;
    if (s->contacts == 0)
        return;
    if (d->contacts == 0) {
        const uint64_t unscored = d->unscored, agents = d->agents;
        *d = *s;
        d->unscored = unscored;
        d->agents = agents;
        return;
    }
    if (contact_compare(acc, &s->first, &d->first) < 0)
        d->first = s->first;
    if (contact_compare(acc, &s->last, &d->last) > 0)
        d->last = s->last;
    if (s->yes && (!d->yes || contact_compare(acc, &s->first_yes, &d->first_yes) < 0))
        d->first_yes = s->first_yes;
    if (s->self_service &&
        (!d->self_service || contact_compare(acc, &s->first_ss, &d->first_ss) < 0))
        d->first_ss = s->first_ss;
    if (s->assisted &&
        (!d->assisted || contact_compare(acc, &s->last_assisted, &d->last_assisted) > 0))
        d->last_assisted = s->last_assisted;
    d->self_service += s->self_service;
    d->assisted += s->assisted;
    d->transfers += s->transfers;
    d->transfer_invalid += s->transfer_invalid;
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
    if (st->contacts == 0) /* only unscored contacts: no segment, no channel */
        return NO_ID;
    if (kind == BY_SEGMENT) /* excluded cases are counted in their segment */
        return st->first.segment;
    if (st->unscored) /* excluded from every case figure by channel */
        return NO_ID;
    switch (kind) {
    case BY_CHANNEL:
        return st->first.channel;
    case BY_SELF_SERVICE_CHANNEL:
        return st->self_service ? st->first_ss.channel : NO_ID;
    default:
        return st->yes ? st->first_yes.channel : NO_ID;
    }
}

typedef struct {
    const CxContacts *acc;
    IndexKind kind;
} IndexKey;

static uint32_t
index_key_of(const void *ctx, size_t i)
{
    const IndexKey *k = ctx;
    return index_key(&k->acc->cases[i], k->kind);
}

/* Index @kind, built if needed (a counting sort, O(cases + names)); NULL if memory ran out. */
static const CaseIndex *
index_get(const CxContacts *contacts, IndexKind kind)
{
    CxContacts *acc = (CxContacts *)contacts; /* the cache only; see struct CxContacts */
    CaseIndex *ix = &acc->index[kind];
    if (ix->valid)
        return ix;
    const size_t names = kind == BY_SEGMENT ? names_count(&acc->segments)
                                            : names_count(&acc->channels);
    const IndexKey k = { acc, kind };
    uint32_t *cases, *start;
    if (cx_bucket_sort(cx_keys_count(&acc->case_ids), names, index_key_of, &k, &cases, &start) !=
        CX_OK)
        return NULL;
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
    names_init(&acc->channels, 1, 1);
    names_init(&acc->segments, 0, 1);
    names_init(&acc->agents, 0, 0);
    cx_keys_init(&acc->case_agents);
}

static void
clear_tables(CxContacts *acc)
{
    cx_keys_clear(&acc->case_ids);
    g_free(acc->cases);
    names_clear(&acc->channels);
    names_clear(&acc->segments);
    names_clear(&acc->agents);
    cx_keys_clear(&acc->case_agents);
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

/* Phase 1 of a merge for the waits of a name table: room in dst's tables for src's waits, and
 * for the names dst lacks a copy of src's table in @fresh[src id] (NULL when the table keeps no
 * waits). On failure everything prepared is freed. */
static int
waits_prepare(NameTable *dst, const NameTable *src, WaitTable **fresh)
{
    *fresh = NULL;
    if (!src->waited)
        return CX_OK;
    const size_t n = names_count(src);
    WaitTable *f = cx_column_alloc(n, sizeof *f);
    if (!f)
        return CX_E_NO_MEMORY;
    for (size_t i = 0; i < n; i++)
        waits_init(&f[i]);
    int status = CX_OK;
    for (uint32_t i = 0; i < n && status == CX_OK; i++) {
        size_t len;
        const char *name = cx_keys_data(&src->keys, i, &len);
        uint32_t id = name_find(dst, name, len);
        if (id != NO_ID) {
            status = waits_reserve(&dst->waits[id], waits_missing(&dst->waits[id],
                                                                  &src->waits[i]));
        } else {
            status = waits_reserve(&f[i], cx_keys_count(&src->waits[i].values));
            if (status == CX_OK)
                waits_merge_reserved(&f[i], &src->waits[i]);
        }
    }
    if (status != CX_OK) {
        for (size_t i = 0; i < n; i++)
            waits_clear(&f[i]);
        g_free(f);
        return status;
    }
    *fresh = f;
    return CX_OK;
}

/* Phase 2 of a merge: interns every name of src in dst (room reserved) and fills @map, src id →
 * dst id, adding the channels' contact counts and the waits (@fresh from waits_prepare(), taken
 * over and freed). */
static void
names_merge(NameTable *dst, const NameTable *src, uint32_t *map, WaitTable *fresh)
{
    for (uint32_t i = 0; i < names_count(src); i++) {
        size_t len;
        const char *name = cx_keys_data(&src->keys, i, &len);
        uint32_t id = name_find(dst, name, len);
        const int added = id == NO_ID;
        map[i] = added ? name_add_reserved(dst, name, len) : id;
        if (dst->counted)
            dst->contacts[map[i]] += src->contacts[i];
        if (dst->waited && added)
            dst->waits[map[i]] = fresh[i]; /* taken over */
        else if (dst->waited)
            waits_merge_reserved(&dst->waits[map[i]], &src->waits[i]);
    }
    g_free(fresh);
}

static void
remap(Contact *c, const uint32_t *channels, const uint32_t *segments)
{
    c->channel = channels[c->channel];
    c->segment = segments[c->segment];
}

/* A (case, agent) pair's key. */
static void
pair_key(uint32_t case_id, uint32_t agent, char key[8])
{
    memcpy(key, &case_id, 4);
    memcpy(key + 4, &agent, 4);
}

static void
pair_read(const CxKeys *pairs, uint32_t id, uint32_t *case_id, uint32_t *agent)
{
    const char *key = cx_keys_data(pairs, id, NULL);
    memcpy(case_id, key, 4);
    memcpy(agent, key + 4, 4);
}

/* Adds the pair (case, agent), in room reserved before, counting the agent if it is new. */
static void
pair_add_reserved(CxContacts *acc, uint32_t case_id, uint32_t agent)
{
    char key[8];
    pair_key(case_id, agent, key);
    if (cx_keys_find(&acc->case_agents, key, 8) == NO_ID) {
        cx_keys_add_reserved(&acc->case_agents, key, 8);
        acc->cases[case_id].agents++;
    }
}

static void
fresh_free(WaitTable *fresh, size_t n)
{
    if (!fresh)
        return;
    for (size_t i = 0; i < n; i++)
        waits_clear(&fresh[i]);
    g_free(fresh);
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
    size_t n_channels, channel_bytes, n_segments, segment_bytes, n_agents, agent_bytes;
    size_t n_cases = 0, case_bytes = 0;
    names_missing(&dst->channels, &src->channels, &n_channels, &channel_bytes);
    names_missing(&dst->segments, &src->segments, &n_segments, &segment_bytes);
    names_missing(&dst->agents, &src->agents, &n_agents, &agent_bytes);
    const size_t src_cases = cx_keys_count(&src->case_ids);
    for (uint32_t i = 0; i < src_cases; i++) {
        size_t len;
        const char *id = cx_keys_data(&src->case_ids, i, &len);
        if (cx_keys_find(&dst->case_ids, id, len) == NO_ID) {
            n_cases++;
            case_bytes += len;
        }
    }
    const size_t n_pairs = cx_keys_count(&src->case_agents);
    uint32_t *channels = cx_column_alloc(names_count(&src->channels), sizeof *channels);
    uint32_t *segments = cx_column_alloc(names_count(&src->segments), sizeof *segments);
    uint32_t *agents = cx_column_alloc(names_count(&src->agents), sizeof *agents);
    uint32_t *case_map = cx_column_alloc(src_cases, sizeof *case_map);
    WaitTable *fresh_channels = NULL, *fresh_segments = NULL;
    int status = channels && segments && agents && case_map ? CX_OK : CX_E_NO_MEMORY;
    if (status == CX_OK)
        status = names_reserve(&dst->channels, n_channels, channel_bytes);
    if (status == CX_OK)
        status = names_reserve(&dst->segments, n_segments, segment_bytes);
    if (status == CX_OK)
        status = names_reserve(&dst->agents, n_agents, agent_bytes);
    if (status == CX_OK)
        status = cases_reserve(dst, n_cases, case_bytes);
    if (status == CX_OK) /* every pair of src, new or not: room enough */
        status = cx_keys_reserve(&dst->case_agents, n_pairs, 8 * n_pairs);
    if (status == CX_OK)
        status = waits_prepare(&dst->channels, &src->channels, &fresh_channels);
    if (status == CX_OK)
        status = waits_prepare(&dst->segments, &src->segments, &fresh_segments);
    if (status != CX_OK) {
        fresh_free(fresh_channels, names_count(&src->channels));
        g_free(channels);
        g_free(segments);
        g_free(agents);
        g_free(case_map);
        return status;
    }
    /* Phase 2: nothing can fail. */
    names_merge(&dst->channels, &src->channels, channels, fresh_channels);
    names_merge(&dst->segments, &src->segments, segments, fresh_segments);
    names_merge(&dst->agents, &src->agents, agents, NULL);
    for (uint32_t i = 0; i < src_cases; i++) {
        size_t len;
        const char *id = cx_keys_data(&src->case_ids, i, &len);
        CaseState st = src->cases[i];
        st.agents = 0; /* counted by the pairs below */
        if (st.contacts) {
            remap(&st.first, channels, segments);
            remap(&st.last, channels, segments);
        }
        if (st.yes)
            remap(&st.first_yes, channels, segments);
        if (st.self_service)
            remap(&st.first_ss, channels, segments);
        if (st.assisted)
            remap(&st.last_assisted, channels, segments);
        if (st.channel_seen != NO_ID)
            st.channel_seen = channels[st.channel_seen];
        uint32_t d = cx_keys_find(&dst->case_ids, id, len);
        if (d == NO_ID) {
            case_add_reserved(dst, id, len);
            d = (uint32_t)cx_keys_count(&dst->case_ids) - 1;
        }
        case_map[i] = d;
        state_combine(dst, &dst->cases[d], &st);
    }
    for (uint32_t p = 0; p < n_pairs; p++) {
        uint32_t c, a;
        pair_read(&src->case_agents, p, &c, &a);
        pair_add_reserved(dst, case_map[c], agents[a]);
    }
    g_free(channels);
    g_free(segments);
    g_free(agents);
    g_free(case_map);
    dst->contacts += src->contacts;
    dst->rejected_no_case += src->rejected_no_case;
    dst->rejected_order_missing += src->rejected_order_missing;
    dst->rejected_order_invalid += src->rejected_order_invalid;
    indexes_drop(dst);
    return CX_OK;
}

/* ---- adding ---------------------------------------------------------------------------------- */

/* Where a contact's wait goes: WAIT_USED (a table of waits) or the reason it is not used. */
static int
wait_kind(double wait, int abandoned)
{
    if (isnan(wait))
        return WAIT_MISSING;
    if (isinf(wait))
        return WAIT_INVALID;
    if (wait < 0.0)
        return WAIT_NEGATIVE;
    if (abandoned == CX_RESOLVED_UNKNOWN)
        return WAIT_FLAG_UNKNOWN;
    if (abandoned != CX_RESOLVED_YES && abandoned != CX_RESOLVED_NO)
        return WAIT_FLAG_INVALID;
    return WAIT_USED;
}

/* A contact that names a case but has no usable order key: counted by reason, and its case is
 * marked (created without contacts if need be) so that it leaves the case figures. */
static int
add_unscored(CxContacts *acc, const char *case_id, size_t case_id_len, double order)
{
    uint32_t id = cx_keys_find(&acc->case_ids, case_id, case_id_len);
    if (id == NO_ID) {
        int status = cases_reserve(acc, 1, case_id_len);
        if (status != CX_OK)
            return status;
    }
    CaseState *st = id == NO_ID ? case_add_reserved(acc, case_id, case_id_len) : &acc->cases[id];
    st->unscored++;
    if (isnan(order))
        acc->rejected_order_missing++;
    else
        acc->rejected_order_invalid++;
    indexes_drop(acc);
    return CX_OK;
}

int
cx_contacts_add_contact(CxContacts *contacts, const char *case_id, size_t case_id_len,
                        double order, const char *channel, size_t channel_len, int resolved,
                        const char *segment, size_t segment_len, const char *agent,
                        size_t agent_len, int self_service, int transferred, double wait,
                        int abandoned)
{
    CxContacts *acc = contacts;
    if (!acc || (!case_id && case_id_len) || (!channel && channel_len) ||
        (!segment && segment_len) || (!agent && agent_len) ||
        (self_service != 0 && self_service != 1))
        return CX_E_INVALID_ARGUMENT;
    /* Rejections, in this order of reasons. */
    if (case_id_len == 0) {
        acc->rejected_no_case++;
        return CX_OK;
    }
    if (!isfinite(order))
        return add_unscored(acc, case_id, case_id_len, order);
    if (acc->contacts == UINT64_MAX)
        return CX_E_OVERFLOW;
    /* Room for a new channel, label, agent, case, pair and wait before anything is added, so
     * that a refused contact leaves nothing behind. */
    uint32_t ch = name_find(&acc->channels, channel, channel_len);
    uint32_t sg = name_find(&acc->segments, segment, segment_len);
    uint32_t ag = agent_len ? name_find(&acc->agents, agent, agent_len) : NO_ID;
    uint32_t id = cx_keys_find(&acc->case_ids, case_id, case_id_len);
    const int kind = wait_kind(wait, abandoned);
    WaitTable fresh_ch, fresh_sg;
    waits_init(&fresh_ch);
    waits_init(&fresh_sg);
    WaitTable *wch = ch != NO_ID ? &acc->channels.waits[ch] : &fresh_ch;
    WaitTable *wsg = sg != NO_ID ? &acc->segments.waits[sg] : &fresh_sg;
    int status = CX_OK;
    if (ch == NO_ID)
        status = names_reserve(&acc->channels, 1, channel_len);
    if (status == CX_OK && sg == NO_ID)
        status = names_reserve(&acc->segments, 1, segment_len);
    if (status == CX_OK && agent_len && ag == NO_ID)
        status = names_reserve(&acc->agents, 1, agent_len);
    if (status == CX_OK && agent_len)
        status = cx_keys_reserve(&acc->case_agents, 1, 8);
    if (status == CX_OK && id == NO_ID)
        status = cases_reserve(acc, 1, case_id_len);
    if (status == CX_OK && kind == WAIT_USED && !waits_has(wch, wait))
        status = waits_reserve(wch, 1);
    if (status == CX_OK && kind == WAIT_USED && !waits_has(wsg, wait))
        status = waits_reserve(wsg, 1);
    if (status != CX_OK) {
        waits_clear(&fresh_ch);
        waits_clear(&fresh_sg);
        return status;
    }
    if (ch == NO_ID) {
        ch = name_add_reserved(&acc->channels, channel, channel_len);
        acc->channels.waits[ch] = fresh_ch;
        wch = &acc->channels.waits[ch];
    }
    if (sg == NO_ID) {
        sg = name_add_reserved(&acc->segments, segment, segment_len);
        acc->segments.waits[sg] = fresh_sg;
        wsg = &acc->segments.waits[sg];
    }
    if (agent_len && ag == NO_ID)
        ag = name_add_reserved(&acc->agents, agent, agent_len);
    if (id == NO_ID) {
        case_add_reserved(acc, case_id, case_id_len);
        id = (uint32_t)cx_keys_count(&acc->case_ids) - 1;
    }
    CaseState *st = &acc->cases[id];
    if (kind == WAIT_USED) {
        wait_add_reserved(wch, wait, abandoned == CX_RESOLVED_NO, abandoned == CX_RESOLVED_YES);
        wait_add_reserved(wsg, wait, abandoned == CX_RESOLVED_NO, abandoned == CX_RESOLVED_YES);
    } else {
        wch->other[kind]++;
        wsg->other[kind]++;
    }

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
    if (self_service) {
        one.self_service = 1;
        one.first_ss = one.first;
    } else {
        one.assisted = 1;
        one.last_assisted = one.first;
    }
    if (transferred == CX_RESOLVED_YES)
        one.transfers = 1;
    else if (transferred != CX_RESOLVED_NO && transferred != CX_RESOLVED_UNKNOWN)
        one.transfer_invalid = 1;
    if (channel_len == 0) {
        one.channel_missing = 1;
        one.channel_seen = NO_ID;
    } else {
        one.channel_seen = ch;
    }
    acc->channels.contacts[ch]++;
    acc->contacts++;
    state_combine(acc, st, &one);
    if (agent_len)
        pair_add_reserved(acc, id, ag);
    indexes_drop(acc);
    return CX_OK;
}

int
cx_contacts_add_segmented(CxContacts *contacts, const char *case_id, size_t case_id_len,
                          double order, const char *channel, size_t channel_len, int resolved,
                          const char *segment, size_t segment_len)
{
    return cx_contacts_add_contact(contacts, case_id, case_id_len, order, channel, channel_len,
                                   resolved, segment, segment_len, NULL, 0, 0,
                                   CX_RESOLVED_NO, CX_NAN, CX_RESOLVED_NO);
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

/* A yes/no cell: one of @yes, one of @no, missing, or unreadable (as #CxResolved values). */
static int
parse_yes_no(const char *text, size_t len, const char *const *yes, const char *const *no)
{
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

int
cx_contacts_parse_resolved(const char *text, size_t len)
{
    static const char *const yes[] = { "yes", "y", "true", "t", "1", "resolved", NULL };
    static const char *const no[] = { "no", "n", "false", "f", "0", "unresolved", NULL };
    return parse_yes_no(text, len, yes, no);
}

int
cx_contacts_parse_flag(const char *text, size_t len)
{
    static const char *const yes[] = { "yes", "y", "true", "t", "1", NULL };
    static const char *const no[] = { "no", "n", "false", "f", "0", NULL };
    return parse_yes_no(text, len, yes, no);
}

/* ---- results --------------------------------------------------------------------------------- */

static int
compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int
compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Mean, SD (n − 1) and t interval of whole numbers (sorted, so the sums do not depend on the
 * order of the cases): mean ± t₍₁₊level₎/₂,ₙ₋₁ · SD/√n (Student 1908). NaN where undefined. */
static void
mean_t_interval(const uint64_t *x, uint64_t n, double level, double *mean, double *sd,
                double *lower, double *upper)
{
    double s = CX_NAN;
    *mean = *lower = *upper = CX_NAN;
    if (n > 0) {
        CxSum sum = { 0.0, 0.0 };
        for (uint64_t i = 0; i < n; i++)
            cx_sum_add(&sum, (double)x[i]);
        *mean = cx_sum_value(&sum) / (double)n;
    }
    if (n >= 2) {
        CxSum ss = { 0.0, 0.0 };
        for (uint64_t i = 0; i < n; i++) {
            double d = (double)x[i] - *mean;
            cx_sum_add(&ss, d * d);
        }
        s = sqrt(cx_sum_value(&ss) / (double)(n - 1));
        const double h = cx_t_quantile(0.5 + level / 2.0, (double)(n - 1)) * s / sqrt((double)n);
        *lower = *mean - h;
        *upper = *mean + h;
    }
    if (sd)
        *sd = s;
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
    /* A segment's cases from the index; every case for the whole log. */
    const CaseIndex *ix = segment != NO_ID ? index_get(acc, BY_SEGMENT) : NULL;
    if (segment != NO_ID && !ix)
        return CX_E_NO_MEMORY;
    const size_t from = ix ? ix->start[segment] : 0, to = ix ? ix->start[segment + 1] : all;
    /* Room for the segment's cases only: a segment costs what it holds, not the whole log. */
    uint64_t *counts = g_try_new(uint64_t, to - from + 1);
    uint64_t *agents = g_try_new(uint64_t, to - from + 1);
    double *times = g_try_new(double, to - from + 1);
    if (!counts || !times || !agents) {
        g_free(counts);
        g_free(agents);
        g_free(times);
        return CX_E_NO_MEMORY;
    }
    size_t n_times = 0;
    for (size_t at = from; at < to; at++) {
        const CaseState *st = &acc->cases[ix ? ix->cases[at] : at];
        if (segment != NO_ID && st->first.segment != segment)
            continue;
        if (st->unscored) { /* a contact could not be placed: the case's figures are unknown */
            res.cases_excluded++;
            res.contacts_excluded += st->contacts;
            continue;
        }
        counts[res.cases++] = st->contacts;
        if (st->self_service) {
            res.self_service_cases++;
            if (st->yes && !st->assisted)
                res.contained_cases++;
            if (st->assisted && contact_compare(acc, &st->first_ss, &st->last_assisted) < 0)
                res.failed_self_service_cases++;
        }
        if (st->agents) {
            agents[res.agent_cases++] = st->agents;
            res.agents_max = MAX(res.agents_max, st->agents);
            if (st->agents >= 2)
                res.restarted_cases++;
        }
        res.transfers += st->transfers;
        res.transfer_flag_invalid += st->transfer_invalid;
        if (st->transfers)
            res.transfer_cases++;
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
    share(res.contained_cases, res.self_service_cases, level, &res.containment,
          &res.containment_ci_lower, &res.containment_ci_upper);
    share(res.failed_self_service_cases, res.self_service_cases, level,
          &res.failed_self_service, &res.failed_self_service_ci_lower,
          &res.failed_self_service_ci_upper);
    share(res.restarted_cases, res.agent_cases, level, &res.restarted, &res.restarted_ci_lower,
          &res.restarted_ci_upper);
    share(res.transfer_cases, res.cases, level, &res.transfer_rate, &res.transfer_rate_ci_lower,
          &res.transfer_rate_ci_upper);
    qsort(agents, res.agent_cases, sizeof *agents, compare_u64);
    mean_t_interval(agents, res.agent_cases, level, &res.agents_mean, NULL, &res.agents_ci_lower,
                    &res.agents_ci_upper);
    /* Sums over sorted values: the same bits whatever the order the cases were created in. */
    double unused_lower, unused_upper;
    qsort(counts, res.cases, sizeof *counts, compare_u64);
    mean_t_interval(counts, res.cases, level, &res.contacts_mean, &res.contacts_sd, &unused_lower,
                    &unused_upper);
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
    g_free(agents);
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
    const CaseIndex *served = begun ? index_get(contacts, BY_SELF_SERVICE_CHANNEL) : NULL;
    if (!served)
        return CX_E_NO_MEMORY;
    for (size_t at = served->start[id]; at < served->start[id + 1]; at++) {
        const CaseState *st = &contacts->cases[served->cases[at]];
        res.self_service_cases++;
        if (st->yes && !st->assisted)
            res.contained_cases++;
        if (st->assisted && contact_compare(contacts, &st->first_ss, &st->last_assisted) < 0)
            res.failed_self_service_cases++;
    }
    share(res.contained_cases, res.self_service_cases, level, &res.containment,
          &res.containment_ci_lower, &res.containment_ci_upper);
    share(res.failed_self_service_cases, res.self_service_cases, level,
          &res.failed_self_service, &res.failed_self_service_ci_lower,
          &res.failed_self_service_ci_upper);
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

/* ---- waits ----------------------------------------------------------------------------------- */

typedef struct {
    double value;
    uint64_t answered, abandoned;
} WaitEntry;

static int
compare_entries(const void *a, const void *b)
{
    return cx_compare_doubles(&((const WaitEntry *)a)->value, &((const WaitEntry *)b)->value);
}

/* The answered wait of rank @k (0-based) among the entries sorted by value. */
static double
answered_at(const WaitEntry *e, size_t n, uint64_t k)
{
    for (size_t i = 0; i < n; i++) {
        if (k < e[i].answered)
            return e[i].value;
        k -= e[i].answered;
    }
    return CX_NAN;
}

/* Type-7 quantile p of the answered waits (Hyndman & Fan 1996), as cx_quantile_sorted() would
 * give on the waits written out one by one. */
static double
answered_quantile(const WaitEntry *e, size_t n, uint64_t answered, double p)
{
    const double h = (double)(answered - 1) * p;
    const double lo = floor(h);
    const double x = answered_at(e, n, (uint64_t)lo);
    if (lo + 1.0 > (double)(answered - 1))
        return x;
    return x + (h - lo) * (answered_at(e, n, (uint64_t)lo + 1) - x);
}

/* The figures of the waits in @tables[0 … n_tables) (one group, or every channel's). */
static int
waits_compute(const WaitTable *const *tables, size_t n_tables, double threshold,
              double short_abandon, double level, CxContactsWaits *res)
{
    size_t n = 0;
    for (size_t t = 0; t < n_tables; t++) {
        n += cx_keys_count(&tables[t]->values);
        res->wait_missing += tables[t]->other[WAIT_MISSING];
        res->wait_negative += tables[t]->other[WAIT_NEGATIVE];
        res->wait_invalid += tables[t]->other[WAIT_INVALID];
        res->abandoned_unknown += tables[t]->other[WAIT_FLAG_UNKNOWN];
        res->abandoned_invalid += tables[t]->other[WAIT_FLAG_INVALID];
        res->contacts += waits_total(tables[t]);
    }
    WaitEntry *e = cx_column_alloc(n, sizeof *e);
    if (!e)
        return CX_E_NO_MEMORY;
    size_t k = 0;
    for (size_t t = 0; t < n_tables; t++)
        for (uint32_t i = 0; i < cx_keys_count(&tables[t]->values); i++)
            e[k++] = (WaitEntry){ wait_value(tables[t], i), tables[t]->answered[i],
                                  tables[t]->abandoned[i] };
    /* Sorted, and equal waits (from several channels) made one: sums in one order whatever
     * the order of the contacts or of the merges. */
    qsort(e, n, sizeof *e, compare_entries);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && cx_compare_doubles(&e[m - 1].value, &e[i].value) == 0) {
            e[m - 1].answered += e[i].answered;
            e[m - 1].abandoned += e[i].abandoned;
        } else {
            e[m++] = e[i];
        }
    }
    CxSum sum = { 0.0, 0.0 };
    for (size_t i = 0; i < m; i++) {
        res->answered += e[i].answered;
        if (e[i].value <= threshold)
            res->answered_within += e[i].answered;
        if (e[i].value > short_abandon)
            res->abandoned += e[i].abandoned;
        else
            res->short_abandoned += e[i].abandoned;
        cx_sum_add(&sum, e[i].value * (double)e[i].answered);
    }
    const uint64_t base = res->answered + res->abandoned;
    share(res->answered_within, base, level, &res->service_level, &res->service_level_ci_lower,
          &res->service_level_ci_upper);
    share(res->abandoned, base, level, &res->abandonment_rate, &res->abandonment_rate_ci_lower,
          &res->abandonment_rate_ci_upper);
    res->asa = res->asa_ci_lower = res->asa_ci_upper = res->wait_sd = CX_NAN;
    res->wait_median = res->wait_p90 = res->wait_max = CX_NAN;
    if (res->answered) {
        const double n_a = (double)res->answered;
        res->asa = cx_sum_value(&sum) / n_a;
        res->wait_median = answered_quantile(e, m, res->answered, 0.5);
        res->wait_p90 = answered_quantile(e, m, res->answered, 0.9);
        res->wait_max = answered_at(e, m, res->answered - 1);
    }
    if (res->answered >= 2) {
        const double n_a = (double)res->answered;
        CxSum ss = { 0.0, 0.0 };
        for (size_t i = 0; i < m; i++) {
            const double d = e[i].value - res->asa;
            cx_sum_add(&ss, d * d * (double)e[i].answered);
        }
        res->wait_sd = sqrt(cx_sum_value(&ss) / (n_a - 1.0));
        const double h = cx_t_quantile(0.5 + level / 2.0, n_a - 1.0) * res->wait_sd / sqrt(n_a);
        res->asa_ci_lower = res->asa - h;
        res->asa_ci_upper = res->asa + h;
    }
    g_free(e);
    return res->answered + res->abandoned + res->short_abandoned ? CX_OK : CX_E_EMPTY;
}

int
cx_contacts_waits(const CxContacts *contacts, int group, size_t index, double threshold,
                  double short_abandon, double level, CxContactsWaits *out)
{
    if (!contacts || !out || !cx_level_ok(level) || !isfinite(threshold) || threshold < 0.0 ||
        !isfinite(short_abandon) || short_abandon < 0.0)
        return CX_E_INVALID_ARGUMENT;
    const WaitTable **tables = NULL;
    size_t n_tables = 0;
    uint32_t id = NO_ID;
    if (group == CX_CONTACTS_ALL) {
        n_tables = names_count(&contacts->channels);
        tables = g_try_new(const WaitTable *, n_tables + 1);
        if (!tables)
            return CX_E_NO_MEMORY;
        for (size_t i = 0; i < n_tables; i++)
            tables[i] = &contacts->channels.waits[i];
    } else if (group == CX_CONTACTS_CHANNEL || group == CX_CONTACTS_SEGMENT) {
        const NameTable *t =
            group == CX_CONTACTS_CHANNEL ? &contacts->channels : &contacts->segments;
        id = listed(t, index);
        if (id == NO_ID)
            return CX_E_INVALID_ARGUMENT;
    } else {
        return CX_E_INVALID_ARGUMENT;
    }
    const WaitTable *one = NULL;
    if (id != NO_ID)
        one = group == CX_CONTACTS_CHANNEL ? &contacts->channels.waits[id]
                                           : &contacts->segments.waits[id];
    CxContactsWaits res;
    memset(&res, 0, sizeof res);
    res.size = sizeof res;
    res.threshold = threshold;
    res.short_abandon = short_abandon;
    res.level = level;
    int status = tables ? waits_compute(tables, n_tables, threshold, short_abandon, level, &res)
                        : waits_compute(&one, 1, threshold, short_abandon, level, &res);
    g_free(tables);
    if (status == CX_E_NO_MEMORY)
        return status;
    int copy = cx_struct_out(out, &res, sizeof res, CX_ABI_CONTACTS_WAITS);
    return copy != CX_OK ? copy : status;
}

/* ---- serialization ----------------------------------------------------------------------------
 * Framing in state-private.h (magic "CXCT", contact log). Payload of format version 3 (formats 1
 * and 2, before waits, self-service, hand-offs and excluded cases, are not read: 0.2 is a
 * pre-release), CT_STATE_TYPE, a tuple of columns of basic types (built in g_try_malloc buffers
 * that GVariant takes as they are: nothing per case is built by GLib):
 *   i   the order kind (CxContactsOrder);
 *   t t t  rejected contacts: no case id, order key missing, order key unreadable;
 *   ay at at  channel names one after the other in byte-wise order, their lengths, and the
 *          scored contacts in each (≥ 1; the blank channel, if any, is the first);
 *   ay at  segment labels in byte-wise order, and their lengths;
 *   ay at  agents in byte-wise order, and their lengths;
 *   ay at  case ids (not empty) in byte-wise order, and their lengths; then, case by case in
 *          that order,
 *   at  12 counts: contacts, flagged yes, no, unknown, unreadable, with a blank channel;
 *          unscored contacts, self-service, assisted, transfers, unreadable transfer flags,
 *          distinct agents;
 *   ad  5 order keys: of the first contact, the last, the first flagged yes, the first
 *          self-service and the last assisted;
 *   au  6 channels: of those five contacts, and the case's one non-blank channel
 *          (0xffffffff: none, or more than one), as ranks in the channel names;
 *   au  5 segment labels of the five contacts, as ranks in the labels;
 *   ay  6 bytes: the flags of the five contacts (0 no, 1 unknown, 2 yes), then 1 if the case
 *          used two channels (else 0);
 *   au  the agents of every case, as ranks, increasing within a case, case after case (as many
 *          as the case's distinct agents);
 *   then the waits of the channels (in rank order), then those of the segment labels:
 *   at  5 counts a name: waits missing, negative, unreadable, with a blank or an unreadable
 *          abandoned flag;
 *   at  the number of distinct waits of each name;
 *   ad at at  name after name, its distinct waits in increasing order (finite, ≥ 0, never −0),
 *          and the answered and abandoned contacts at each (not both 0).
 * A contact that is absent from a case (no contact of that kind, or a case with only unscored
 * contacts) has zeros. Names are written and referred to by rank, so equal states give equal
 * bytes whatever the order of the contacts, and a state read back is written again byte for
 * byte.
 */
#define CT_MAGIC "CXCT"
#define CT_FORMAT_VERSION 3 /* 1 had no checksum, 2 no waits: neither is read */
#define CT_STATE_TYPE "(itttayatatayatayatayatatadauauayauatatadatatatatadatat)"
#define CT_STATE_GET                                                                           \
    "(ittt@ay@at@at@ay@at@ay@at@ay@at@at@ad@au@au@ay@au@at@at@ad@at@at@at@at@ad@at@at)"
#define CT_COUNTS 12
#define CT_KEYS 5
#define CT_CHANS 6
#define CT_SEGS 5
#define CT_FLAGS 6

/* Columns of name, case and key tables written by cx_keys_write_columns(). */
enum { COL_CHANNELS, COL_CHANNEL_LENGTHS, COL_SEGMENTS, COL_SEGMENT_LENGTHS, COL_AGENTS,
       COL_AGENT_LENGTHS, COL_CASES, COL_CASE_LENGTHS, N_KEY_COLUMNS };

/* The columns of the waits of a name table. */
enum { WCOL_OTHER, WCOL_SIZES, WCOL_VALUES, WCOL_ANSWERED, WCOL_ABANDONED, N_WAIT_COLUMNS };

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

/* The wait columns of a name table, names in rank order, waits in increasing order. */
static int
waits_write(const NameTable *t, GVariant **cols)
{
    const size_t n = names_count(t);
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += cx_keys_count(&t->waits[i].values);
    uint64_t *other = cx_column_alloc(n, WAIT_OTHER * sizeof *other);
    uint64_t *sizes = cx_column_alloc(n, sizeof *sizes);
    double *values = cx_column_alloc(total, sizeof *values);
    uint64_t *answered = cx_column_alloc(total, sizeof *answered);
    uint64_t *abandoned = cx_column_alloc(total, sizeof *abandoned);
    WaitEntry *e = cx_column_alloc(total, sizeof *e);
    if (!other || !sizes || !values || !answered || !abandoned || !e) {
        g_free(other);
        g_free(sizes);
        g_free(values);
        g_free(answered);
        g_free(abandoned);
        g_free(e);
        return CX_E_NO_MEMORY;
    }
    size_t k = 0;
    for (size_t r = 0; r < n; r++) {
        const WaitTable *w = &t->waits[t->sorted[r]];
        const size_t m = cx_keys_count(&w->values);
        memcpy(&other[WAIT_OTHER * r], w->other, sizeof w->other);
        sizes[r] = m;
        for (uint32_t i = 0; i < m; i++)
            e[i] = (WaitEntry){ wait_value(w, i), w->answered[i], w->abandoned[i] };
        qsort(e, m, sizeof *e, compare_entries);
        for (size_t i = 0; i < m; i++, k++) {
            values[k] = e[i].value;
            answered[k] = e[i].answered;
            abandoned[k] = e[i].abandoned;
        }
    }
    g_free(e);
    cols[WCOL_OTHER] = cx_column_take("at", other, n * WAIT_OTHER * sizeof *other);
    cols[WCOL_SIZES] = cx_column_take("at", sizes, n * sizeof *sizes);
    cols[WCOL_VALUES] = cx_column_take("ad", values, total * sizeof *values);
    cols[WCOL_ANSWERED] = cx_column_take("at", answered, total * sizeof *answered);
    cols[WCOL_ABANDONED] = cx_column_take("at", abandoned, total * sizeof *abandoned);
    return CX_OK;
}

/* The agents of every case as ranks: case by case in the order @order, increasing. */
static int
agents_write(const CxContacts *acc, const uint32_t *order, GVariant **col)
{
    const size_t n = cx_keys_count(&acc->case_ids), pairs = cx_keys_count(&acc->case_agents);
    uint32_t *rank = cx_column_alloc(names_count(&acc->agents), sizeof *rank);
    uint32_t *case_rank = cx_column_alloc(n, sizeof *case_rank);
    uint64_t *start = cx_column_alloc(n + 1, sizeof *start);
    uint32_t *out = cx_column_alloc(pairs, sizeof *out);
    if (!rank || !case_rank || !start || !out) {
        g_free(rank);
        g_free(case_rank);
        g_free(start);
        g_free(out);
        return CX_E_NO_MEMORY;
    }
    ranks_of(&acc->agents, rank);
    for (size_t k = 0; k < n; k++)
        case_rank[order[k]] = (uint32_t)k;
    start[0] = 0;
    for (size_t k = 0; k < n; k++)
        start[k + 1] = start[k] + acc->cases[order[k]].agents;
    for (uint32_t p = 0; p < pairs; p++) { /* each case's run fills from its start */
        uint32_t c, a;
        pair_read(&acc->case_agents, p, &c, &a);
        out[start[case_rank[c]]++] = rank[a];
    }
    for (size_t k = 0; k < n; k++) { /* start[k] is now the end of run k */
        const uint64_t from = start[k] - acc->cases[order[k]].agents;
        qsort(&out[from], acc->cases[order[k]].agents, sizeof *out, compare_u32);
    }
    g_free(rank);
    g_free(case_rank);
    g_free(start);
    *col = cx_column_take("au", out, pairs * sizeof *out);
    return CX_OK;
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
    uint64_t *counts = cx_column_alloc(n, CT_COUNTS * sizeof *counts);
    double *keys = cx_column_alloc(n, CT_KEYS * sizeof *keys);
    uint32_t *chans = cx_column_alloc(n, CT_CHANS * sizeof *chans);
    uint32_t *segs = cx_column_alloc(n, CT_SEGS * sizeof *segs);
    uint8_t *flags = cx_column_alloc(n, CT_FLAGS);
    GVariant *cols[N_KEY_COLUMNS] = { NULL }, *agents = NULL;
    GVariant *ch_waits[N_WAIT_COLUMNS] = { NULL }, *sg_waits[N_WAIT_COLUMNS] = { NULL };
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
        status = cx_keys_write_columns(&acc->agents.keys, acc->agents.sorted,
                                       &cols[COL_AGENTS], &cols[COL_AGENT_LENGTHS]);
    if (status == CX_OK)
        status = cx_keys_write_columns(&acc->case_ids, order, &cols[COL_CASES],
                                       &cols[COL_CASE_LENGTHS]);
    if (status == CX_OK)
        status = agents_write(acc, order, &agents);
    if (status == CX_OK)
        status = waits_write(&acc->channels, ch_waits);
    if (status == CX_OK)
        status = waits_write(&acc->segments, sg_waits);
    if (status != CX_OK) {
        columns_drop(cols, N_KEY_COLUMNS);
        columns_drop(&agents, 1);
        columns_drop(ch_waits, N_WAIT_COLUMNS);
        columns_drop(sg_waits, N_WAIT_COLUMNS);
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
        const Contact *c[CT_KEYS] = { &st->first, &st->last, &st->first_yes, &st->first_ss,
                                      &st->last_assisted };
        const int present[CT_KEYS] = { st->contacts > 0, st->contacts > 0, st->yes > 0,
                                       st->self_service > 0, st->assisted > 0 };
        memcpy(&counts[CT_COUNTS * k],
               (const uint64_t[CT_COUNTS]){ st->contacts, st->yes, st->no, st->unknown,
                                            st->invalid, st->channel_missing, st->unscored,
                                            st->self_service, st->assisted, st->transfers,
                                            st->transfer_invalid, st->agents },
               CT_COUNTS * sizeof *counts);
        for (int j = 0; j < CT_KEYS; j++) {
            keys[CT_KEYS * k + j] = present[j] ? c[j]->key : 0.0;
            chans[CT_CHANS * k + j] = present[j] ? ch_rank[c[j]->channel] : 0;
            segs[CT_SEGS * k + j] = present[j] ? sg_rank[c[j]->segment] : 0;
            flags[CT_FLAGS * k + j] = present[j] ? c[j]->flag : 0;
        }
        /* Once two channels were met, which one was seen first no longer matters. */
        chans[CT_CHANS * k + CT_KEYS] = st->multi_channel || st->channel_seen == NO_ID
                                            ? NO_ID
                                            : ch_rank[st->channel_seen];
        flags[CT_FLAGS * k + CT_KEYS] = st->multi_channel;
    }
    GVariant *state = g_variant_new(
        CT_STATE_GET, acc->order, (guint64)acc->rejected_no_case,
        (guint64)acc->rejected_order_missing, (guint64)acc->rejected_order_invalid,
        cols[COL_CHANNELS], cols[COL_CHANNEL_LENGTHS],
        cx_column_take("at", ch_contacts, nch * sizeof *ch_contacts), cols[COL_SEGMENTS],
        cols[COL_SEGMENT_LENGTHS], cols[COL_AGENTS], cols[COL_AGENT_LENGTHS], cols[COL_CASES],
        cols[COL_CASE_LENGTHS], cx_column_take("at", counts, n * CT_COUNTS * sizeof *counts),
        cx_column_take("ad", keys, n * CT_KEYS * sizeof *keys),
        cx_column_take("au", chans, n * CT_CHANS * sizeof *chans),
        cx_column_take("au", segs, n * CT_SEGS * sizeof *segs),
        cx_column_take("ay", flags, n * CT_FLAGS), agents, ch_waits[WCOL_OTHER],
        ch_waits[WCOL_SIZES], ch_waits[WCOL_VALUES], ch_waits[WCOL_ANSWERED],
        ch_waits[WCOL_ABANDONED], sg_waits[WCOL_OTHER], sg_waits[WCOL_SIZES],
        sg_waits[WCOL_VALUES], sg_waits[WCOL_ANSWERED], sg_waits[WCOL_ABANDONED]);
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
    if (status == CX_OK && t->waited)
        status = cx_array_reserve(&t->waits, &t->waits_cap, n, sizeof *t->waits);
    for (size_t i = 0; i < n && status == CX_OK; i++) {
        t->sorted[i] = (uint32_t)i;
        if (t->waited)
            waits_init(&t->waits[i]);
    }
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

/* Is @c a contact of the case between its first and last, with a flag the case has? */
static int
within(const CxContacts *acc, const CaseState *st, const Contact *c)
{
    return flag_counted(st, c->flag) && contact_compare(acc, &st->first, c) <= 0 &&
           contact_compare(acc, c, &st->last) <= 0;
}

/* Is a case's state one that contacts can make? @blank is the id of the blank channel (NO_ID
 * without one). The ids are in range (checked by the caller). */
static int
case_consistent(const CxContacts *acc, const CaseState *st, uint32_t blank)
{
    uint64_t flagged, kinds, transfers;
    if (st->contacts == 0) /* only unscored contacts (zeros checked by the caller) */
        return st->unscored > 0 && st->yes == 0 && st->no == 0 && st->unknown == 0 &&
               st->invalid == 0 && st->channel_missing == 0 && st->self_service == 0 &&
               st->assisted == 0 && st->transfers == 0 && st->transfer_invalid == 0 &&
               st->agents == 0 && st->channel_seen == NO_ID && !st->multi_channel;
    if (st->channel_missing > st->contacts ||
        !cx_u64_add(st->yes, st->no, &flagged) || !cx_u64_add(flagged, st->unknown, &flagged) ||
        !cx_u64_add(flagged, st->invalid, &flagged) || flagged != st->contacts ||
        !cx_u64_add(st->self_service, st->assisted, &kinds) || kinds != st->contacts ||
        !cx_u64_add(st->transfers, st->transfer_invalid, &transfers) ||
        transfers > st->contacts || st->agents > st->contacts)
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
    /* The first self-service contact and the last assisted one: within the case; the first
     * (last) contact itself when every contact is of that kind. */
    if (st->self_service && (!within(acc, st, &st->first_ss) ||
                             (st->assisted == 0 && !same_contact(&st->first, &st->first_ss))))
        return 0;
    if (st->assisted && (!within(acc, st, &st->last_assisted) ||
                         (st->self_service == 0 && !same_contact(&st->last, &st->last_assisted))))
        return 0;
    /* Channels: blank ones counted, the one channel seen, or two. */
    const uint32_t c[5] = { st->first.channel, st->last.channel,
                            st->yes ? st->first_yes.channel : st->first.channel,
                            st->self_service ? st->first_ss.channel : st->first.channel,
                            st->assisted ? st->last_assisted.channel : st->first.channel };
    const uint64_t named = st->contacts - st->channel_missing;
    for (int j = 0; j < 5; j++) {
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
    const guint64 *n = &col->counts[CT_COUNTS * i];
    const double *k = &col->keys[CT_KEYS * i];
    const guint32 *ch = &col->chans[CT_CHANS * i], *sg = &col->segs[CT_SEGS * i];
    const guint8 *fl = &col->flags[CT_FLAGS * i];
    memset(st, 0, sizeof *st);
    uint64_t *field[CT_COUNTS] = { &st->contacts, &st->yes, &st->no, &st->unknown,
                                   &st->invalid, &st->channel_missing, &st->unscored,
                                   &st->self_service, &st->assisted, &st->transfers,
                                   &st->transfer_invalid, &st->agents };
    for (int j = 0; j < CT_COUNTS; j++)
        *field[j] = n[j];
    Contact *c[CT_KEYS] = { &st->first, &st->last, &st->first_yes, &st->first_ss,
                            &st->last_assisted };
    const int present[CT_KEYS] = { st->contacts > 0, st->contacts > 0, st->yes > 0,
                                   st->self_service > 0, st->assisted > 0 };
    for (int j = 0; j < CT_KEYS; j++) {
        /* Order keys are finite and −0 is written +0, as cx_contacts_add() keeps them; an
         * absent contact is all zeros. */
        if (!present[j] ? !cx_is_zero(k[j]) || signbit(k[j]) || ch[j] || sg[j] || fl[j]
                        : ch[j] >= nch || sg[j] >= nsg || fl[j] > FLAG_YES || !isfinite(k[j]) ||
                              (cx_is_zero(k[j]) && signbit(k[j])))
            return 0;
        c[j]->key = k[j];
        c[j]->channel = ch[j];
        c[j]->segment = sg[j];
        c[j]->flag = fl[j];
    }
    st->channel_seen = ch[CT_KEYS];
    st->multi_channel = fl[CT_KEYS];
    if (fl[CT_KEYS] > 1 || (ch[CT_KEYS] != NO_ID && (ch[CT_KEYS] >= nch || ch[CT_KEYS] == blank)))
        return 0;
    return case_consistent(acc, st, blank);
}

/* The channels' contacts and the cases' states from the columns, checked against each other:
 * every channel has a scored contact; the blank one, if any, sorts first, and its contacts are
 * the cases' contacts with a blank channel; the channels' contacts are the cases'; the cases'
 * unscored contacts are among the rejected ones. */
static int
states_read(CxContacts *acc, const guint64 *ch_contacts, const CaseColumns *col,
            uint64_t rejected_order)
{
    const size_t nch = names_count(&acc->channels), n = cx_keys_count(&acc->case_ids);
    size_t first_len = 1;
    if (nch > 0)
        cx_keys_data(&acc->channels.keys, 0, &first_len);
    const uint32_t blank = first_len == 0 ? 0 : NO_ID;
    uint64_t total = 0, in_channels = 0, blanks = 0, unscored = 0;
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
        if (!cx_u64_add(total, st->contacts, &total) ||
            !cx_u64_add(unscored, st->unscored, &unscored))
            return CX_E_OVERFLOW;
        blanks += st->channel_missing; /* ≤ total */
    }
    if (total != in_channels || blanks != (blank == NO_ID ? 0 : ch_contacts[blank]) ||
        unscored > rejected_order)
        return CX_E_CORRUPT;
    acc->contacts = total;
    return CX_OK;
}

/* The agents of every case (ranks, increasing within a case) into the pairs. */
static int
agents_read(CxContacts *acc, GVariant *column)
{
    gsize n_ranks;
    const guint32 *rank = g_variant_get_fixed_array(column, &n_ranks, sizeof(guint32));
    const size_t n = cx_keys_count(&acc->case_ids), n_agents = names_count(&acc->agents);
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += acc->cases[i].agents; /* each ≤ the case's contacts: no overflow */
    if (total != n_ranks)
        return CX_E_CORRUPT;
    int status = cx_keys_reserve(&acc->case_agents, n_ranks, 8 * n_ranks);
    if (status != CX_OK)
        return status;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        for (uint64_t j = 0; j < acc->cases[i].agents; j++, at++) {
            if (rank[at] >= n_agents || (j > 0 && rank[at] <= rank[at - 1]))
                return CX_E_CORRUPT;
            char key[8];
            pair_key((uint32_t)i, rank[at], key);
            cx_keys_add_reserved(&acc->case_agents, key, 8);
        }
    }
    return CX_OK;
}

/* The waits of a name table from its columns (v[0 … N_WAIT_COLUMNS)), each name's contacts in
 * @expected (NULL: not known), their sum in @total. */
static int
waits_read(NameTable *t, GVariant *const *v, const uint64_t *expected, uint64_t *total)
{
    const size_t n = names_count(t);
    gsize n_other, n_sizes, n_values, n_answered, n_abandoned;
    const guint64 *other = g_variant_get_fixed_array(v[WCOL_OTHER], &n_other, sizeof(guint64));
    const guint64 *sizes = g_variant_get_fixed_array(v[WCOL_SIZES], &n_sizes, sizeof(guint64));
    const double *values = g_variant_get_fixed_array(v[WCOL_VALUES], &n_values, sizeof(double));
    const guint64 *answered =
        g_variant_get_fixed_array(v[WCOL_ANSWERED], &n_answered, sizeof(guint64));
    const guint64 *abandoned =
        g_variant_get_fixed_array(v[WCOL_ABANDONED], &n_abandoned, sizeof(guint64));
    if (n_other / WAIT_OTHER != n || n_other % WAIT_OTHER || n_sizes != n ||
        n_answered != n_values || n_abandoned != n_values)
        return CX_E_CORRUPT;
    size_t at = 0;
    *total = 0;
    for (size_t i = 0; i < n; i++) {
        WaitTable *w = &t->waits[i];
        uint64_t contacts = 0;
        if (sizes[i] > n_values - at)
            return CX_E_CORRUPT;
        int status = waits_reserve(w, sizes[i]);
        if (status != CX_OK)
            return status;
        for (int k = 0; k < WAIT_OTHER; k++) {
            w->other[k] = other[WAIT_OTHER * i + k];
            if (!cx_u64_add(contacts, w->other[k], &contacts))
                return CX_E_OVERFLOW;
        }
        for (uint64_t j = 0; j < sizes[i]; j++, at++) {
            const double x = values[at];
            if (!isfinite(x) || x < 0.0 || (cx_is_zero(x) && signbit(x)) ||
                (j > 0 && !(values[at - 1] < x)) || (answered[at] == 0 && abandoned[at] == 0))
                return CX_E_CORRUPT;
            if (!cx_u64_add(contacts, answered[at], &contacts) ||
                !cx_u64_add(contacts, abandoned[at], &contacts))
                return CX_E_OVERFLOW;
            wait_add_reserved(w, x, answered[at], abandoned[at]);
        }
        if (expected && contacts != expected[i])
            return CX_E_CORRUPT;
        if (!cx_u64_add(*total, contacts, total))
            return CX_E_OVERFLOW;
    }
    return at == n_values ? CX_OK : CX_E_CORRUPT;
}

int
cx_contacts_deserialize(const uint8_t *bytes, size_t len, CxContacts **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    GVariant *state = NULL;
    int status = cx_state_unpack(bytes, len, CT_MAGIC, CT_FORMAT_VERSION, CT_STATE_TYPE, &state,
                                 NULL);
    if (status != CX_OK)
        return status;
    gint32 order;
    guint64 rejected[3];
    GVariant *v[25];
    g_variant_get(state, CT_STATE_GET, &order, &rejected[0], &rejected[1], &rejected[2], &v[0],
                  &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9], &v[10],
                  &v[11], &v[12], &v[13], &v[14], &v[15], &v[16], &v[17], &v[18], &v[19],
                  &v[20], &v[21], &v[22], &v[23], &v[24]);
    GVariant *ch_names = v[0], *ch_lengths = v[1], *sg_names = v[3], *sg_lengths = v[4],
             *ag_names = v[5], *ag_lengths = v[6], *case_ids = v[7], *case_lengths = v[8];
    gsize nch, n_counts, n_keys, n_chans, n_segs, n_flags;
    const gsize n = g_variant_n_children(case_lengths);
    const guint64 *ch_contacts = g_variant_get_fixed_array(v[2], &nch, sizeof(guint64));
    const CaseColumns col = {
        g_variant_get_fixed_array(v[9], &n_counts, sizeof(guint64)),
        g_variant_get_fixed_array(v[10], &n_keys, sizeof(double)),
        g_variant_get_fixed_array(v[11], &n_chans, sizeof(guint32)),
        g_variant_get_fixed_array(v[12], &n_segs, sizeof(guint32)),
        g_variant_get_fixed_array(v[13], &n_flags, 1),
    };
    CxContacts *acc = NULL;
    uint64_t rejected_order, ch_total = 0, sg_total = 0;
    status = CX_E_CORRUPT;
    if ((order != CX_CONTACTS_ORDER_TIME && order != CX_CONTACTS_ORDER_SEQUENCE) ||
        g_variant_n_children(ch_lengths) != nch || n_counts / CT_COUNTS != n ||
        n_counts % CT_COUNTS || n_keys / CT_KEYS != n || n_keys % CT_KEYS ||
        n_chans / CT_CHANS != n || n_chans % CT_CHANS || n_segs / CT_SEGS != n ||
        n_segs % CT_SEGS || n_flags / CT_FLAGS != n || n_flags % CT_FLAGS)
        goto out;
    status = CX_E_OVERFLOW;
    if (!cx_u64_add(rejected[1], rejected[2], &rejected_order))
        goto out;
    status = cx_contacts_new(order, &acc);
    if (status == CX_OK)
        status = names_read(&acc->channels, ch_names, ch_lengths);
    if (status == CX_OK)
        status = names_read(&acc->segments, sg_names, sg_lengths);
    if (status == CX_OK)
        status = names_read(&acc->agents, ag_names, ag_lengths);
    if (status == CX_OK)
        status = cx_array_reserve(&acc->cases, &acc->cases_cap, n, sizeof *acc->cases);
    if (status == CX_OK)
        status = cx_keys_read_columns(&acc->case_ids, case_ids, case_lengths, 1);
    if (status == CX_OK)
        status = states_read(acc, ch_contacts, &col, rejected_order);
    if (status == CX_OK)
        status = agents_read(acc, v[14]);
    if (status == CX_OK)
        status = waits_read(&acc->channels, &v[15], acc->channels.contacts, &ch_total);
    if (status == CX_OK)
        status = waits_read(&acc->segments, &v[20], NULL, &sg_total);
    if (status == CX_OK && sg_total != acc->contacts)
        status = CX_E_CORRUPT;
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
