/* SPDX-License-Identifier: MIT */
/*
 * The byte-key table (lib/core/keys-private.h), and the library's out-of-memory rule for the
 * accumulators built on it: every allocation whose size grows with the caller's data is checked,
 * and a call that cannot get memory returns CX_E_NO_MEMORY leaving the object as it was.
 *
 * Allocations fail on demand through test-alloc.h (GLib's g_try_* allocators, defined by the
 * test program).
 */
#include <cxscore/cxscore.h>

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "core/keys-private.h"
#include "test-alloc.h"
#include "test-common.h"

/* ---- failing allocations (test-alloc.h) ------------------------------------------------------ */

static void
arm(long n)
{
    cx_test_fail_at(n);
}

static int
disarm(void)
{
    return cx_test_fail_never() > 0;
}

/* An operation on an object, for fail_everywhere(). */
typedef struct {
    int (*run)(void *object, const void *arg);
    /* The object's state as bytes, to see that a failed call changed nothing. */
    int (*state)(const void *object, uint8_t **bytes, size_t *len);
    void *(*copy)(const void *object);
    void (*free)(void *object);
} Op;

/* Runs @op with its first allocation failing, then its second, and so on, until it runs without
 * meeting the failure (then it must succeed). Each run works on a fresh copy of @object, so that
 * room grown by a failed run does not spare an allocation of the next: every allocation fails
 * once. A failed run must return CX_E_NO_MEMORY and leave its copy's state as it was. At the
 * end @op runs on @object itself. Returns the number of allocations. */
static long
fail_everywhere(const Op *op, void *object, const void *arg)
{
    for (long n = 0;; n++) {
        void *work = op->copy(object);
        uint8_t *before, *after;
        size_t before_len, after_len;
        ck_assert_int_eq(op->state(work, &before, &before_len), CX_OK);
        arm(n);
        int status = op->run(work, arg);
        int hit = disarm();
        if (hit) {
            ck_assert_msg(status == CX_E_NO_MEMORY, "allocation %ld failed: %s", n,
                          cx_status_name(status));
            ck_assert_int_eq(op->state(work, &after, &after_len), CX_OK);
            ck_assert_msg(before_len == after_len && memcmp(before, after, before_len) == 0,
                          "allocation %ld failed, and the state changed", n);
            cx_free(after);
        }
        cx_free(before);
        op->free(work);
        if (!hit) {
            ck_assert_msg(status == CX_OK, "without a failure: %s", cx_status_name(status));
            ck_assert_int_eq(op->run(object, arg), CX_OK);
            return n;
        }
    }
}

/* The Op functions every accumulator has, for a type and its functions' prefix: _dup (a copy
 * for fail_everywhere()), _free, _merge (of the object given as argument), _copy (a copy made
 * and freed: that it fails cleanly), _state (its serialized state) and _round_trip (a state
 * written and read back). Not every test uses all of them. */
#define ACCUMULATOR_OPS(Type, prefix)                                                              \
    G_GNUC_UNUSED static void *prefix##_dup(const void *object)                                    \
    {                                                                                              \
        Type *copy = NULL;                                                                         \
        ck_assert_int_eq(cx_##prefix##_copy(object, &copy), CX_OK);                                \
        return copy;                                                                               \
    }                                                                                              \
    G_GNUC_UNUSED static void prefix##_free(void *object)                                          \
    {                                                                                              \
        cx_##prefix##_free(object);                                                                \
    }                                                                                              \
    G_GNUC_UNUSED static int prefix##_merge(void *object, const void *src)                         \
    {                                                                                              \
        return cx_##prefix##_merge(object, src);                                                   \
    }                                                                                              \
    G_GNUC_UNUSED static int prefix##_copy(void *object, const void *unused)                       \
    {                                                                                              \
        Type *copy = (Type *)&copy;                                                                \
        int status = cx_##prefix##_copy(object, &copy);                                            \
        ck_assert(status == CX_OK ? copy != NULL : copy == NULL);                                  \
        cx_##prefix##_free(copy);                                                                  \
        return status;                                                                             \
    }                                                                                              \
    G_GNUC_UNUSED static int prefix##_state(const void *object, uint8_t **bytes, size_t *len)      \
    {                                                                                              \
        return cx_##prefix##_serialize(object, bytes, len);                                        \
    }                                                                                              \
    G_GNUC_UNUSED static int prefix##_round_trip(void *object, const void *unused)                 \
    {                                                                                              \
        uint8_t *bytes = (uint8_t *)&bytes;                                                        \
        size_t len = 99;                                                                           \
        int status = cx_##prefix##_serialize(object, &bytes, &len);                                \
        if (status != CX_OK) {                                                                     \
            ck_assert(bytes == NULL && len == 0);                                                  \
            return status;                                                                         \
        }                                                                                          \
        Type *back = (Type *)&back;                                                                \
        status = cx_##prefix##_deserialize(bytes, len, &back);                                     \
        ck_assert(status == CX_OK ? back != NULL : back == NULL);                                  \
        cx_##prefix##_free(back);                                                                  \
        cx_free(bytes);                                                                            \
        return status;                                                                             \
    }

/* ---- the key table --------------------------------------------------------------------------- */

/* Distinct keys for distinct i, of 4 to 40 bytes, most with NUL bytes: i's 4 bytes, then more. */
static size_t
key_of(unsigned i, char *buf)
{
    size_t len = 4 + i % 37;
    memcpy(buf, &i, 4);
    for (size_t k = 4; k < len; k++)
        buf[k] = (char)(i * 31 + k);
    return len;
}

START_TEST(ids_in_order_of_first_insertion)
{
    CxKeys t;
    cx_keys_init(&t);
    ck_assert_uint_eq(cx_keys_count(&t), 0);
    ck_assert_uint_eq(cx_keys_find(&t, "a", 1), CX_KEYS_NONE);
    ck_assert_uint_eq(cx_keys_find(&t, NULL, 0), CX_KEYS_NONE);
    static const struct {
        const char *key;
        size_t len;
    } keys[] = { { "phone", 5 }, { "", 0 }, { "a\0b", 3 }, { "a\0c", 3 }, { "a", 1 },
                 { "a\0", 2 },   { "\0", 1 }, { "Phone", 5 } };
    for (uint32_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        uint32_t id = 99;
        int added = 0;
        ck_assert_int_eq(cx_keys_insert(&t, keys[i].key, keys[i].len, &id, &added), CX_OK);
        ck_assert_uint_eq(id, i);
        ck_assert(added);
    }
    /* Again: the same ids, nothing added; every key is found, bytes and NUL after them kept. */
    for (uint32_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        uint32_t id = 99;
        int added = 1;
        ck_assert_int_eq(cx_keys_insert(&t, keys[i].key, keys[i].len, &id, &added), CX_OK);
        ck_assert_uint_eq(id, i);
        ck_assert(!added);
        ck_assert_uint_eq(cx_keys_find(&t, keys[i].key, keys[i].len), i);
        size_t len = 99;
        const char *data = cx_keys_data(&t, i, &len);
        ck_assert_uint_eq(len, keys[i].len);
        ck_assert(memcmp(data, keys[i].key, len) == 0 && data[len] == '\0');
    }
    ck_assert_uint_eq(cx_keys_count(&t), G_N_ELEMENTS(keys));
    ck_assert_uint_eq(t.bytes, 5 + 0 + 3 + 3 + 1 + 2 + 1 + 5);
    ck_assert_uint_eq(cx_keys_find(&t, "a\0d", 3), CX_KEYS_NONE);
    ck_assert_uint_eq(cx_keys_find(&t, "phon", 4), CX_KEYS_NONE);
    /* Byte-wise order, a prefix first, NUL the smallest byte. */
    uint32_t *sorted = NULL;
    ck_assert_int_eq(cx_keys_sorted(&t, &sorted), CX_OK);
    static const uint32_t expected[] = { 1, 6, 7, 4, 5, 2, 3, 0 };
    for (size_t i = 0; i < G_N_ELEMENTS(expected); i++)
        ck_assert_uint_eq(sorted[i], expected[i]);
    g_free(sorted);
    ck_assert_int_lt(cx_keys_compare_ids(&t, 4, 5), 0);
    ck_assert_int_eq(cx_keys_compare_ids(&t, 3, 3), 0);
    ck_assert_int_gt(cx_keys_compare("b", 1, "a\xff", 2), 0);
    ck_assert_int_lt(cx_keys_compare("a\x01", 2, "a\xff", 2), 0); /* bytes are unsigned */
    /* Cleared, the table is empty and usable again. */
    cx_keys_clear(&t);
    ck_assert_uint_eq(cx_keys_count(&t), 0);
    ck_assert_uint_eq(cx_keys_find(&t, "phone", 5), CX_KEYS_NONE);
    uint32_t id;
    ck_assert_int_eq(cx_keys_insert(&t, "x", 1, &id, NULL), CX_OK);
    ck_assert_uint_eq(id, 0);
    ck_assert_int_eq(cx_keys_sorted(&(CxKeys){ 0 }, &sorted), CX_OK);
    ck_assert_ptr_null(sorted);
    cx_keys_clear(&t);
}
END_TEST

START_TEST(many_keys_and_stable_pointers)
{
    enum { N = 200000 };
    CxKeys t;
    cx_keys_init(&t);
    char buf[64];
    size_t len = key_of(0, buf);
    uint32_t id;
    ck_assert_int_eq(cx_keys_insert(&t, buf, len, &id, NULL), CX_OK);
    const char *first = cx_keys_data(&t, 0, NULL);
    const char *some = NULL;
    for (unsigned i = 1; i < N; i++) {
        len = key_of(i, buf);
        int added;
        ck_assert_int_eq(cx_keys_insert(&t, buf, len, &id, &added), CX_OK);
        ck_assert_msg(added && id == i, "key %u: id %u", i, id);
        if (i == 777)
            some = cx_keys_data(&t, i, NULL);
    }
    ck_assert_uint_eq(cx_keys_count(&t), N);
    /* The tables grew many times; the keys did not move. */
    ck_assert_ptr_eq(cx_keys_data(&t, 0, NULL), first);
    ck_assert_ptr_eq(cx_keys_data(&t, 777, NULL), some);
    len = key_of(777, buf);
    ck_assert(memcmp(some, buf, len) == 0 && some[len] == '\0');
    for (unsigned i = 0; i < N; i += 7) {
        len = key_of(i, buf);
        ck_assert_uint_eq(cx_keys_find(&t, buf, len), i);
    }
    memset(buf, 'x', sizeof buf);
    ck_assert_uint_eq(cx_keys_find(&t, buf, 50), CX_KEYS_NONE);
    uint32_t *sorted = NULL;
    ck_assert_int_eq(cx_keys_sorted(&t, &sorted), CX_OK);
    for (unsigned i = 1; i < N; i++)
        ck_assert_int_lt(cx_keys_compare_ids(&t, sorted[i - 1], sorted[i]), 0);
    g_free(sorted);
    cx_keys_clear(&t);
}
END_TEST

START_TEST(reserve_then_add)
{
    CxKeys t;
    cx_keys_init(&t);
    ck_assert_int_eq(cx_keys_reserve(&t, CX_KEYS_MAX + 1, 0), CX_E_OVERFLOW);
    ck_assert_int_eq(cx_keys_reserve(&t, 3, SIZE_MAX - 1), CX_E_NO_MEMORY);
    ck_assert_uint_eq(cx_keys_count(&t), 0);
    ck_assert_int_eq(cx_keys_reserve(&t, 3, 3000), CX_OK);
    /* Reserved: the adds allocate nothing, so they cannot fail. */
    arm(0);
    ck_assert_uint_eq(cx_keys_add_reserved(&t, "one", 3), 0);
    char big[2000];
    memset(big, 'b', sizeof big);
    ck_assert_uint_eq(cx_keys_add_reserved(&t, big, sizeof big), 1);
    ck_assert_uint_eq(cx_keys_add_reserved(&t, "", 0), 2);
    ck_assert(!disarm());
    ck_assert_uint_eq(cx_keys_find(&t, big, sizeof big), 1);
    ck_assert_uint_eq(cx_keys_find(&t, "", 0), 2);
    /* A key longer than any chunk gets a chunk of its own. */
    char *huge = g_malloc(5 * 1024 * 1024);
    memset(huge, 'h', 5 * 1024 * 1024);
    uint32_t id;
    ck_assert_int_eq(cx_keys_insert(&t, huge, 5 * 1024 * 1024, &id, NULL), CX_OK);
    ck_assert_uint_eq(cx_keys_find(&t, huge, 5 * 1024 * 1024), 3);
    g_free(huge);
    cx_keys_clear(&t);
}
END_TEST

/* Inserts through the failing allocator: a failed insert leaves the table as it was. */
static int
keys_state(const void *object, uint8_t **bytes, size_t *len)
{
    const CxKeys *t = object;
    GString *s = g_string_new(NULL);
    for (uint32_t i = 0; i < cx_keys_count(t); i++) {
        size_t n;
        const char *data = cx_keys_data(t, i, &n);
        g_string_append_printf(s, "%zu:", n);
        g_string_append_len(s, data, (gssize)n);
        g_string_append_printf(s, "=%u;", cx_keys_find(t, data, n));
    }
    *len = s->len;
    *bytes = (uint8_t *)g_string_free(s, FALSE);
    return CX_OK;
}

static int
keys_insert(void *object, const void *arg)
{
    uint32_t id;
    return cx_keys_insert(object, arg, strlen(arg), &id, NULL);
}

static void *
keys_copy(const void *object)
{
    const CxKeys *t = object;
    CxKeys *copy = g_new(CxKeys, 1);
    cx_keys_init(copy);
    for (uint32_t i = 0; i < cx_keys_count(t); i++) {
        size_t len;
        const char *key = cx_keys_data(t, i, &len);
        uint32_t id;
        ck_assert_int_eq(cx_keys_insert(copy, key, len, &id, NULL), CX_OK);
    }
    return copy;
}

static void
keys_free(void *object)
{
    cx_keys_clear(object);
    g_free(object);
}

START_TEST(a_failed_insert_changes_nothing)
{
    CxKeys t;
    cx_keys_init(&t);
    const Op op = { keys_insert, keys_state, keys_copy, keys_free };
    long allocations = 0;
    char key[32];
    for (int i = 0; i < 300; i++) {
        g_snprintf(key, sizeof key, "key-%d-%s", i, i % 3 ? "x" : "a much longer key");
        allocations += fail_everywhere(&op, &t, key);
    }
    ck_assert_int_gt(allocations, 10); /* refs, slots and chunks grew, and failed, several times */
    ck_assert_uint_eq(cx_keys_count(&t), 300);
    cx_keys_clear(&t);
}
END_TEST

START_TEST(array_reserve)
{
    uint64_t *a = NULL;
    size_t cap = 0;
    ck_assert_int_eq(cx_array_reserve(&a, &cap, 0, sizeof *a), CX_OK);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(cx_array_reserve(&a, &cap, 3, sizeof *a), CX_OK);
    ck_assert_uint_ge(cap, 3);
    a[0] = 1;
    a[2] = 3;
    ck_assert_int_eq(cx_array_reserve(&a, &cap, 1000, sizeof *a), CX_OK);
    ck_assert_uint_ge(cap, 1000);
    ck_assert(a[0] == 1 && a[2] == 3);
    const uint64_t *kept = a;
    size_t kept_cap = cap;
    ck_assert_int_eq(cx_array_reserve(&a, &cap, SIZE_MAX / 4, sizeof *a), CX_E_NO_MEMORY);
    arm(0);
    ck_assert_int_eq(cx_array_reserve(&a, &cap, cap + 1, sizeof *a), CX_E_NO_MEMORY);
    ck_assert(disarm());
    ck_assert(a == kept && cap == kept_cap && a[2] == 3);
    g_free(a);
}
END_TEST

static GVariant *
tuple_of(GVariant *bytes, GVariant *lengths)
{
    GVariant *children[2] = { bytes, lengths };
    return g_variant_ref_sink(g_variant_new_tuple(children, 2));
}

/* Reads the columns (ay @bytes, at @lens) into a new table. */
static int
read_keys(const char *bytes, size_t n_bytes, const guint64 *lens, size_t n, size_t min_len,
          CxKeys *t)
{
    GVariant *pair =
        tuple_of(g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, bytes, n_bytes, 1),
                 g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64, lens, n, sizeof *lens));
    GVariant *b = g_variant_get_child_value(pair, 0), *l = g_variant_get_child_value(pair, 1);
    cx_keys_init(t);
    int status = cx_keys_read_columns(t, b, l, min_len);
    g_variant_unref(b);
    g_variant_unref(l);
    g_variant_unref(pair);
    return status;
}

START_TEST(columns_round_trip_and_checks)
{
    CxKeys t;
    cx_keys_init(&t);
    static const char *const keys[] = { "zeta", "", "a\0b", "alpha", "a" };
    static const size_t lens[] = { 4, 0, 3, 5, 1 };
    for (size_t i = 0; i < 5; i++) {
        uint32_t id;
        ck_assert_int_eq(cx_keys_insert(&t, keys[i], lens[i], &id, NULL), CX_OK);
    }
    uint32_t *sorted;
    ck_assert_int_eq(cx_keys_sorted(&t, &sorted), CX_OK);
    GVariant *bytes, *lengths;
    ck_assert_int_eq(cx_keys_write_columns(&t, sorted, &bytes, &lengths), CX_OK);
    GVariant *pair = tuple_of(bytes, lengths);
    GVariant *cb = g_variant_get_child_value(pair, 0), *cl = g_variant_get_child_value(pair, 1);
    gsize n;
    const char *b = g_variant_get_fixed_array(cb, &n, 1);
    ck_assert_uint_eq(n, 13);
    ck_assert(memcmp(b, "aa\0balphazeta", 13) == 0);
    CxKeys back;
    cx_keys_init(&back);
    ck_assert_int_eq(cx_keys_read_columns(&back, cb, cl, 0), CX_OK);
    ck_assert_uint_eq(cx_keys_count(&back), 5);
    for (uint32_t i = 0; i < 5; i++) { /* ids are the ranks */
        size_t la, lb;
        const char *x = cx_keys_data(&back, i, &la), *y = cx_keys_data(&t, sorted[i], &lb);
        ck_assert(la == lb && memcmp(x, y, la) == 0);
    }
    /* The empty key is refused where keys must have a byte. */
    CxKeys again;
    cx_keys_init(&again);
    ck_assert_int_eq(cx_keys_read_columns(&again, cb, cl, 1), CX_E_CORRUPT);
    ck_assert_uint_eq(cx_keys_count(&again), 0);
    g_variant_unref(cb);
    g_variant_unref(cl);
    g_variant_unref(pair);
    g_free(sorted);
    cx_keys_clear(&back);
    cx_keys_clear(&t);

    /* Not sorted, a duplicate, lengths that do not add up, a length past the bytes. */
    static const guint64 ones[] = { 1, 1 }, one_two[] = { 1, 2 }, huge[] = { 1, UINT64_MAX };
    ck_assert_int_eq(read_keys("ba", 2, ones, 2, 0, &t), CX_E_CORRUPT);
    ck_assert_uint_eq(cx_keys_count(&t), 0);
    ck_assert_int_eq(read_keys("aa", 2, ones, 2, 0, &t), CX_E_CORRUPT);
    ck_assert_int_eq(read_keys("ab", 2, ones, 1, 0, &t), CX_E_CORRUPT);
    ck_assert_int_eq(read_keys("ab", 2, one_two, 2, 0, &t), CX_E_CORRUPT);
    ck_assert_int_eq(read_keys("ab", 2, huge, 2, 0, &t), CX_E_CORRUPT);
    ck_assert_int_eq(read_keys("aab", 3, one_two, 2, 1, &t), CX_OK);
    ck_assert_uint_eq(cx_keys_find(&t, "ab", 2), 1);
    cx_keys_clear(&t);
    /* Out of memory: the table stays empty. */
    arm(0);
    ck_assert_int_eq(read_keys("aab", 3, one_two, 2, 1, &t), CX_E_NO_MEMORY);
    ck_assert(disarm());
    ck_assert_uint_eq(cx_keys_count(&t), 0);
    cx_keys_clear(&t);
}
END_TEST

START_TEST(one_hash)
{
    /* FNV-1a 64 test vectors from the reference code's test suite (test_fnv.c of
     * http://www.isthe.com/chongo/tech/comp/fnv/): "", "a", "foobar". */
    ck_assert_uint_eq(cx_keys_hash("", 0), UINT64_C(0xcbf29ce484222325));
    ck_assert_uint_eq(cx_keys_hash("a", 1), UINT64_C(0xaf63dc4c8601ec8c));
    ck_assert_uint_eq(cx_keys_hash("foobar", 6), UINT64_C(0x85944171f73967e8));
    ck_assert_uint_ne(cx_keys_hash("a\0b", 3), cx_keys_hash("a\0c", 3));
}
END_TEST

/* ---- the accumulators: retention ------------------------------------------------------------- */

typedef struct {
    const char *id;
    int64_t period;
    double amount;
} Event;

static int
retention_add(void *r, const void *arg)
{
    const Event *e = arg;
    return cx_retention_add(r, e->id, strlen(e->id), e->period, e->amount);
}

ACCUMULATOR_OPS(CxRetention, retention)

static int
retention_periods(void *r, const void *unused)
{
    CxRetentionPeriod p[8];
    p[0].size = sizeof p[0];
    return cx_retention_periods(r, 0, 8, 0.95, p);
}

START_TEST(retention_out_of_memory)
{
    CxRetention *r = NULL, *other = NULL;
    ck_assert_int_eq(cx_retention_new(&r), CX_OK);
    ck_assert_int_eq(cx_retention_new(&other), CX_OK);
#define RETENTION_OP(run) { run, retention_state, retention_dup, retention_free }
    const Op add = RETENTION_OP(retention_add), merge = RETENTION_OP(retention_merge);
    char ids[60][16];
    long allocations = 0;
    /* New customers, new periods of known ones (their arrays grow), and known periods. */
    for (int i = 0; i < 400; i++) {
        g_snprintf(ids[i % 60], sizeof ids[0], "customer-%d", (i * 7) % 53);
        Event e = { ids[i % 60], (i * 13) % 29, i % 5 ? 0.25 * i : (double)NAN };
        allocations += fail_everywhere(&add, i % 2 ? r : other, &e);
    }
    ck_assert_int_gt(allocations, 100);
    /* Merges that add customers and periods, into an empty one and into a full one. */
    CxRetention *empty = NULL;
    ck_assert_int_eq(cx_retention_new(&empty), CX_OK);
    ck_assert_int_gt(fail_everywhere(&merge, empty, other), 50);
    fail_everywhere(&merge, r, other);
    fail_everywhere(&merge, r, other);
    const Op copy = RETENTION_OP(retention_copy), round_trip = RETENTION_OP(retention_round_trip),
             periods = RETENTION_OP(retention_periods);
    ck_assert_int_gt(fail_everywhere(&copy, r, NULL), 50);
    ck_assert_int_gt(fail_everywhere(&round_trip, r, NULL), 50);
    ck_assert_int_ge(fail_everywhere(&periods, r, NULL), 4);
    cx_retention_free(empty);
    cx_retention_free(other);
    cx_retention_free(r);
}
END_TEST

/* ---- the accumulators: contacts -------------------------------------------------------------- */

typedef struct {
    char id[16], channel[16], segment[16];
    double order;
    int resolved;
} Contact;

static int
contacts_add(void *acc, const void *arg)
{
    const Contact *c = arg;
    return cx_contacts_add_segmented(acc, c->id, strlen(c->id), c->order, c->channel,
                                     strlen(c->channel), c->resolved, c->segment,
                                     strlen(c->segment));
}

ACCUMULATOR_OPS(CxContacts, contacts)

static int
contacts_results(void *acc, const void *unused)
{
    CxContactsResult r = { .size = sizeof r };
    int status = cx_contacts_result(acc, 0.95, &r);
    if (status == CX_OK)
        status = cx_contacts_segment(acc, 0, 0.95, &r);
    return status == CX_E_EMPTY ? CX_OK : status;
}

START_TEST(contacts_out_of_memory)
{
    CxContacts *acc = NULL, *other = NULL, *empty = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &acc), CX_OK);
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &other), CX_OK);
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &empty), CX_OK);
#define CONTACTS_OP(run) { run, contacts_state, contacts_dup, contacts_free }
    const Op add = CONTACTS_OP(contacts_add), merge = CONTACTS_OP(contacts_merge);
    long allocations = 0;
    /* New cases, channels and labels, and contacts of known ones. */
    for (int i = 0; i < 400; i++) {
        Contact c = { .order = (i * 37) % 101, .resolved = i % 4 };
        g_snprintf(c.id, sizeof c.id, "case-%d", (i * 7) % 113);
        g_snprintf(c.channel, sizeof c.channel, "%.*s%d", i % 5 ? 2 : 0, "ch", (i * 3) % 41);
        g_snprintf(c.segment, sizeof c.segment, "seg-%d", (i * 5) % 23);
        allocations += fail_everywhere(&add, i % 2 ? acc : other, &c);
    }
    ck_assert_int_gt(allocations, 30);
    ck_assert_int_gt(fail_everywhere(&merge, empty, other), 14);
    fail_everywhere(&merge, acc, other);
    const Op copy = CONTACTS_OP(contacts_copy), results = CONTACTS_OP(contacts_results),
             round_trip = CONTACTS_OP(contacts_round_trip);
    ck_assert_int_gt(fail_everywhere(&copy, acc, NULL), 14);
    ck_assert_int_gt(fail_everywhere(&round_trip, acc, NULL), 14);
    ck_assert_int_gt(fail_everywhere(&results, acc, NULL), 1);
    cx_contacts_free(empty);
    cx_contacts_free(other);
    cx_contacts_free(acc);
}
END_TEST

/* ---- the accumulators: drivers (its serialization) --------------------------------------------- */

ACCUMULATOR_OPS(CxDrivers, drivers)

START_TEST(drivers_state_out_of_memory)
{
    /* Copies and states fail cleanly (adds, merges and results: tests/test-oom.c). */
    CxDrivers *d = NULL;
    ck_assert_int_eq(cx_drivers_new(3, &d), CX_OK);
    for (int i = 0; i < 200; i++) {
        const double x[3] = { i % 7, (i * 3) % 5, i % 2 ? (double)NAN : i % 11 };
        cx_drivers_add(d, x, (i * 7) % 11, 1.0 + i % 3);
    }
    const Op copy = { drivers_copy, drivers_state, drivers_dup, drivers_free },
             round_trip = { drivers_round_trip, drivers_state, drivers_dup, drivers_free };
    ck_assert_int_gt(fail_everywhere(&copy, d, NULL), 10);
    ck_assert_int_gt(fail_everywhere(&round_trip, d, NULL), 20);
    cx_drivers_free(d);
}
END_TEST

static Suite *
keys_suite(void)
{
    Suite *s = suite_create("keys");
    TCase *tc = tcase_create("table");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, ids_in_order_of_first_insertion);
    tcase_add_test(tc, many_keys_and_stable_pointers);
    tcase_add_test(tc, reserve_then_add);
    tcase_add_test(tc, a_failed_insert_changes_nothing);
    tcase_add_test(tc, array_reserve);
    tcase_add_test(tc, columns_round_trip_and_checks);
    tcase_add_test(tc, one_hash);
    suite_add_tcase(s, tc);
    TCase *oom = tcase_create("out-of-memory");
    tcase_set_timeout(oom, 120);
    tcase_add_test(oom, retention_out_of_memory);
    tcase_add_test(oom, contacts_out_of_memory);
    tcase_add_test(oom, drivers_state_out_of_memory);
    suite_add_tcase(s, oom);
    return s;
}

int
main(void)
{
    return cx_test_run(keys_suite());
}
