/* SPDX-License-Identifier: MIT */
/*
 * A table of byte-string keys (any bytes, NUL included, given as pointer + length) mapped to
 * dense uint32 ids in order of first insertion: the case ids, channel names, segment labels and
 * customer ids of the accumulators. Not installed.
 *
 * - Keys are copied into chunks that never move (each with a NUL after it), so a pointer from
 *   cx_keys_data() stays valid until cx_keys_clear().
 * - Look-ups are O(1) on average: open addressing with linear probing in a power-of-two array of
 *   slots at most half full (Knuth, TAOCP vol. 3, §6.4, algorithm L), on the library's one hash
 *   of byte strings, cx_keys_hash().
 * - Every allocation is a g_try_* one, and a failed call leaves the table as it was:
 *   cx_keys_insert() returns CX_E_NO_MEMORY, or CX_E_OVERFLOW past CX_KEYS_MAX keys.
 * - An operation that must add several keys, or keys and records, all or nothing reserves room
 *   first (cx_keys_reserve(), cx_array_reserve()): after that, cx_keys_add_reserved() cannot fail.
 *
 * Per-id records (a case's state, a customer's activity) live in the caller's arrays, indexed by
 * id and grown with cx_array_reserve().
 *
 * The second half of this header writes and reads a table as the columns of a serialized state
 * (an `ay` of the key bytes and an `at` of their lengths), in buffers allocated with
 * g_try_malloc and handed to GVariant without a copy.
 */
#ifndef CX_KEYS_PRIVATE_H
#define CX_KEYS_PRIVATE_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/* The most keys a table holds, 2³² − 2: ids are 0 … 2³² − 3, and UINT32_MAX means "none". */
#define CX_KEYS_MAX ((size_t)UINT32_MAX - 1)
#define CX_KEYS_NONE UINT32_MAX

typedef struct CxKeyChunk CxKeyChunk;

typedef struct {
    const char *data; /* len bytes and a NUL, inside a chunk */
    size_t len;
    uint64_t hash;    /* cx_keys_hash() of the bytes */
} CxKeyRef;

typedef struct {
    CxKeyRef *refs;    /* id → key; count used, refs_cap allocated */
    uint32_t *slots;   /* mask + 1 slots (0 when none): 0 empty, else id + 1 */
    size_t count, refs_cap, mask;
    size_t bytes;      /* Σ key lengths */
    CxKeyChunk *chunk; /* the newest chunk; each links to the one before */
    size_t chunk_used, chunk_room;
} CxKeys;

/* An empty table; it allocates nothing until the first key. */
void cx_keys_init(CxKeys *t);

/* Frees every key and empties the table (it can be used again). */
void cx_keys_clear(CxKeys *t);

/* The library's hash of byte strings: 64-bit FNV-1a (Fowler, Noll & Vo; the parameters of
 * http://www.isthe.com/chongo/tech/comp/fnv/ and of IETF draft-eastlake-fnv). */
uint64_t cx_keys_hash(const void *key, size_t len);

/* Byte-wise order of two byte strings, a prefix first: < 0, 0, > 0 like memcmp(). */
int cx_keys_compare(const void *a, size_t alen, const void *b, size_t blen);

/* The id of a key, or CX_KEYS_NONE. */
uint32_t cx_keys_find(const CxKeys *t, const void *key, size_t len);

/* Room for @keys more keys of @bytes bytes in all: after CX_OK, that many cx_keys_add_reserved()
 * calls allocate nothing. CX_E_OVERFLOW past CX_KEYS_MAX keys, CX_E_NO_MEMORY; the table's
 * content never changes (only its room). */
int cx_keys_reserve(CxKeys *t, size_t keys, size_t bytes);

/* Adds a key that is not in the table, in room reserved before; returns its id (the count of
 * keys before the call). */
uint32_t cx_keys_add_reserved(CxKeys *t, const void *key, size_t len);

/* The id of a key, adding it if new (*added, may be NULL, says which). CX_OK, CX_E_OVERFLOW or
 * CX_E_NO_MEMORY, the table unchanged on failure. */
int cx_keys_insert(CxKeys *t, const void *key, size_t len, uint32_t *id, int *added);

static inline size_t
cx_keys_count(const CxKeys *t)
{
    return t->count;
}

/* The bytes of key @id (< count), NUL-terminated; *len (may be NULL) receives the length. */
static inline const char *
cx_keys_data(const CxKeys *t, uint32_t id, size_t *len)
{
    if (len)
        *len = t->refs[id].len;
    return t->refs[id].data;
}

/* The byte-wise order of key ids a and b of one table. */
static inline int
cx_keys_compare_ids(const CxKeys *t, uint32_t a, uint32_t b)
{
    return a == b ? 0
                  : cx_keys_compare(t->refs[a].data, t->refs[a].len, t->refs[b].data,
                                    t->refs[b].len);
}

/* Every id in byte-wise order of the keys, in a new array (g_free it; NULL when the table is
 * empty). CX_OK or CX_E_NO_MEMORY. */
int cx_keys_sorted(const CxKeys *t, uint32_t **ids);

/* Grows an array of @size-byte records (g_try_realloc) to hold at least @need of them; *cap is
 * its room in records. The records are kept; on CX_E_NO_MEMORY nothing changes. */
int cx_array_reserve(void *array, size_t *cap, size_t need, size_t size);

/* Groups @n items by key, a counting sort in O(n + buckets): key(ctx, i) is item i's bucket
 * (< @buckets), or CX_KEYS_NONE for an item in none. *items receives the items bucket by bucket
 * (each bucket in item order), *start @buckets + 1 offsets into it: bucket b is
 * items[start[b] .. start[b + 1]). Both new (g_free them). CX_OK or CX_E_NO_MEMORY (nothing
 * returned). */
int cx_bucket_sort(size_t n, size_t buckets, uint32_t (*key)(const void *ctx, size_t i),
                   const void *ctx, uint32_t **items, uint32_t **start);

/* ---- columns of a serialized state ----------------------------------------------------------- */

/* A buffer for a column of @n elements of @size bytes (g_try_malloc; never NULL for n = 0, so
 * that NULL always means CX_E_NO_MEMORY). Free it with g_free(), or hand it to cx_column_take(). */
void *cx_column_alloc(size_t n, size_t size);

/* A floating GVariant array of type @type ("ay", "at", "ad", …) over @size bytes of @data, a
 * cx_column_alloc() buffer that the GVariant takes over (no copy). */
GVariant *cx_column_take(const char *type, void *data, size_t size);

/* The keys as two columns, in the order @ids (every id once; NULL: id order): *bytes, an `ay`
 * of the keys one after the other, and *lengths, an `at` of their lengths. CX_OK or
 * CX_E_NO_MEMORY (nothing returned). */
int cx_keys_write_columns(const CxKeys *t, const uint32_t *ids, GVariant **bytes,
                          GVariant **lengths);

/* Reads the columns of cx_keys_write_columns() into the empty table @t, ids in column order.
 * The keys must be in strictly increasing byte-wise order (sorted, no duplicate) and at least
 * @min_len bytes long, and the lengths must add up to the bytes. CX_OK; CX_E_CORRUPT; or
 * CX_E_NO_MEMORY (the table stays empty). */
int cx_keys_read_columns(CxKeys *t, GVariant *bytes, GVariant *lengths, size_t min_len);

#endif /* CX_KEYS_PRIVATE_H */
