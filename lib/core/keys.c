/* SPDX-License-Identifier: MIT */
/* The byte-key table (see keys-private.h). */
#include "core/keys-private.h"

#include <cxscore/cx-error.h>
#include <stdlib.h>
#include <string.h>

/* Key bytes live in chunks of at least CHUNK_MIN bytes, each twice the one before up to
 * CHUNK_MAX (a key longer than that gets a chunk of its own size): few allocations for a few
 * keys, little waste for many. */
#define CHUNK_MIN 1024
#define CHUNK_MAX (1024 * 1024)
#define SLOTS_MIN 16

struct CxKeyChunk {
    CxKeyChunk *prev;
    char data[];
};

void
cx_keys_init(CxKeys *t)
{
    memset(t, 0, sizeof *t);
}

void
cx_keys_clear(CxKeys *t)
{
    for (CxKeyChunk *c = t->chunk, *prev; c; c = prev) {
        prev = c->prev;
        g_free(c);
    }
    g_free(t->refs);
    g_free(t->slots);
    cx_keys_init(t);
}

uint64_t
cx_keys_hash(const void *key, size_t len)
{
    const unsigned char *p = key;
    uint64_t h = UINT64_C(14695981039346656037); /* FNV-1a 64-bit offset basis */
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * UINT64_C(1099511628211); /* FNV 64-bit prime */
    return h;
}

/* The home slot of a hash. FNV's low bits mix only the low bits of the bytes, so the high half
 * is folded onto the low one first ("xor-folding", as the FNV page recommends for table sizes
 * that are not the hash's own). */
static size_t
home(const CxKeys *t, uint64_t hash)
{
    return (size_t)(hash ^ (hash >> 32)) & t->mask;
}

int
cx_keys_compare(const void *a, size_t alen, const void *b, size_t blen)
{
    int c = alen && blen ? memcmp(a, b, alen < blen ? alen : blen) : 0;
    if (c)
        return c;
    return alen < blen ? -1 : alen > blen;
}

/* The slot holding the key, or the empty slot where it would go. */
static size_t
probe(const CxKeys *t, const void *key, size_t len, uint64_t hash)
{
    size_t s = home(t, hash);
    for (;;) {
        uint32_t v = t->slots[s];
        if (v == 0)
            return s;
        const CxKeyRef *r = &t->refs[v - 1];
        if (r->hash == hash && r->len == len && (len == 0 || memcmp(r->data, key, len) == 0))
            return s;
        s = (s + 1) & t->mask;
    }
}

uint32_t
cx_keys_find(const CxKeys *t, const void *key, size_t len)
{
    if (t->count == 0)
        return CX_KEYS_NONE;
    uint32_t v = t->slots[probe(t, key, len, cx_keys_hash(key, len))];
    return v ? v - 1 : CX_KEYS_NONE;
}

int
cx_array_reserve(void *array, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return CX_OK;
    size_t n = *cap ? *cap : 1;
    while (n < need)
        n = n > SIZE_MAX / 2 ? need : 2 * n;
    if (n > SIZE_MAX / size)
        return CX_E_NO_MEMORY;
    void *old;
    memcpy(&old, array, sizeof old);
    void *grown = g_try_realloc(old, n * size);
    if (!grown)
        return CX_E_NO_MEMORY;
    memcpy(array, &grown, sizeof grown);
    *cap = n;
    return CX_OK;
}

/* Slots for `keys` keys at most half full, the keys already there rehashed. */
static int
slots_reserve(CxKeys *t, size_t keys)
{
    size_t n = t->slots ? t->mask + 1 : 0;
    if (keys <= n / 2)
        return CX_OK;
    n = n ? n : SLOTS_MIN;
    while (keys > n / 2)
        n *= 2; /* keys ≤ 2³², so no overflow */
    uint32_t *slots = g_try_new0(uint32_t, n);
    if (!slots)
        return CX_E_NO_MEMORY;
    g_free(t->slots);
    t->slots = slots;
    t->mask = n - 1;
    for (size_t id = 0; id < t->count; id++)
        slots[probe(t, t->refs[id].data, t->refs[id].len, t->refs[id].hash)] = (uint32_t)id + 1;
    return CX_OK;
}

/* A chunk with room for `bytes` more bytes (the current one if it has it). */
static int
chunk_reserve(CxKeys *t, size_t bytes)
{
    if (bytes <= t->chunk_room - t->chunk_used)
        return CX_OK;
    size_t room = t->chunk_room ? MIN(2 * t->chunk_room, (size_t)CHUNK_MAX) : CHUNK_MIN;
    room = MAX(room, bytes);
    if (room > SIZE_MAX - sizeof(CxKeyChunk))
        return CX_E_NO_MEMORY;
    CxKeyChunk *c = g_try_malloc(sizeof *c + room);
    if (!c)
        return CX_E_NO_MEMORY;
    c->prev = t->chunk;
    t->chunk = c;
    t->chunk_room = room;
    t->chunk_used = 0;
    return CX_OK;
}

int
cx_keys_reserve(CxKeys *t, size_t keys, size_t bytes)
{
    if (keys > CX_KEYS_MAX - t->count)
        return CX_E_OVERFLOW;
    if (bytes > SIZE_MAX - keys)
        return CX_E_NO_MEMORY;
    int status = cx_array_reserve(&t->refs, &t->refs_cap, t->count + keys, sizeof *t->refs);
    if (status == CX_OK)
        status = slots_reserve(t, t->count + keys);
    if (status == CX_OK)
        status = chunk_reserve(t, bytes + keys); /* each key is followed by a NUL */
    return status;
}

uint32_t
cx_keys_add_reserved(CxKeys *t, const void *key, size_t len)
{
    char *copy = t->chunk->data + t->chunk_used;
    if (len)
        memcpy(copy, key, len);
    copy[len] = '\0';
    t->chunk_used += len + 1;
    uint64_t hash = cx_keys_hash(key, len);
    uint32_t id = (uint32_t)t->count;
    t->refs[id] = (CxKeyRef){ copy, len, hash };
    t->slots[probe(t, key, len, hash)] = id + 1;
    t->count++;
    t->bytes += len;
    return id;
}

int
cx_keys_insert(CxKeys *t, const void *key, size_t len, uint32_t *id, int *added)
{
    uint32_t found = cx_keys_find(t, key, len);
    if (added)
        *added = found == CX_KEYS_NONE;
    if (found != CX_KEYS_NONE) {
        *id = found;
        return CX_OK;
    }
    int status = cx_keys_reserve(t, 1, len);
    if (status != CX_OK)
        return status;
    *id = cx_keys_add_reserved(t, key, len);
    return CX_OK;
}

static int
compare_refs(const void *a, const void *b)
{
    const CxKeyRef *x = *(const CxKeyRef *const *)a, *y = *(const CxKeyRef *const *)b;
    return cx_keys_compare(x->data, x->len, y->data, y->len);
}

int
cx_keys_sorted(const CxKeys *t, uint32_t **ids)
{
    *ids = NULL;
    if (t->count == 0)
        return CX_OK;
    /* qsort(), not g_qsort_with_data(): GLib's merge sort takes its buffer from g_malloc. */
    const CxKeyRef **refs = g_try_new(const CxKeyRef *, t->count);
    uint32_t *out = g_try_new(uint32_t, t->count);
    if (!refs || !out) {
        g_free(refs);
        g_free(out);
        return CX_E_NO_MEMORY;
    }
    for (size_t i = 0; i < t->count; i++)
        refs[i] = &t->refs[i];
    qsort(refs, t->count, sizeof *refs, compare_refs);
    for (size_t i = 0; i < t->count; i++)
        out[i] = (uint32_t)(refs[i] - t->refs);
    g_free(refs);
    *ids = out;
    return CX_OK;
}

/* ---- columns --------------------------------------------------------------------------------- */

int
cx_bucket_sort(size_t n, size_t buckets, uint32_t (*key)(const void *ctx, size_t i),
               const void *ctx, uint32_t **items, uint32_t **start)
{
    *items = NULL;
    *start = NULL;
    if (buckets >= SIZE_MAX / sizeof(uint32_t))
        return CX_E_NO_MEMORY;
    uint32_t *it = cx_column_alloc(n, sizeof *it);
    uint32_t *st = g_try_new0(uint32_t, buckets + 1);
    if (!it || !st) {
        g_free(it);
        g_free(st);
        return CX_E_NO_MEMORY;
    }
    for (size_t i = 0; i < n; i++) {
        const uint32_t k = key(ctx, i);
        if (k != CX_KEYS_NONE)
            st[k + 1]++;
    }
    for (size_t b = 0; b < buckets; b++)
        st[b + 1] += st[b];
    /* Each item goes to its bucket's cursor (st[k] moves to the end of its run), then the runs'
     * starts move back. */
    for (size_t i = 0; i < n; i++) {
        const uint32_t k = key(ctx, i);
        if (k != CX_KEYS_NONE)
            it[st[k]++] = (uint32_t)i;
    }
    for (size_t b = buckets; b > 0; b--)
        st[b] = st[b - 1];
    st[0] = 0;
    *items = it;
    *start = st;
    return CX_OK;
}

void *
cx_column_alloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return g_try_malloc(n > 0 && size > 0 ? n * size : 1);
}

GVariant *
cx_column_take(const char *type, void *data, size_t size)
{
    /* Trusted: the library wrote it. The buffer comes from malloc, so it is aligned for any
     * element type and GVariant keeps it as it is. */
    return g_variant_new_from_data(G_VARIANT_TYPE(type), data, size, TRUE, g_free, data);
}

int
cx_keys_write_columns(const CxKeys *t, const uint32_t *ids, GVariant **bytes, GVariant **lengths)
{
    char *b = cx_column_alloc(t->bytes, 1);
    uint64_t *l = cx_column_alloc(t->count, sizeof *l);
    if (!b || !l) {
        g_free(b);
        g_free(l);
        return CX_E_NO_MEMORY;
    }
    size_t at = 0;
    for (size_t i = 0; i < t->count; i++) {
        const CxKeyRef *r = &t->refs[ids ? ids[i] : i];
        if (r->len)
            memcpy(b + at, r->data, r->len);
        at += r->len;
        l[i] = r->len;
    }
    *bytes = cx_column_take("ay", b, t->bytes);
    *lengths = cx_column_take("at", l, t->count * sizeof *l);
    return CX_OK;
}

int
cx_keys_read_columns(CxKeys *t, GVariant *bytes, GVariant *lengths, size_t min_len)
{
    gsize nb, nl;
    const char *b = g_variant_get_fixed_array(bytes, &nb, 1);
    const guint64 *l = g_variant_get_fixed_array(lengths, &nl, sizeof(guint64));
    if (!b)
        b = ""; /* an empty column is NULL, and even NULL + 0 is undefined (UBSan) */
    if (nl > CX_KEYS_MAX)
        return CX_E_CORRUPT;
    /* The lengths add up to the bytes, each key after the one before: every key is read inside
     * the column, and the keys are distinct. */
    size_t at = 0;
    for (gsize i = 0; i < nl; i++) {
        if (l[i] < min_len || l[i] > nb - at)
            return CX_E_CORRUPT;
        if (i > 0 && cx_keys_compare(b + at - l[i - 1], l[i - 1], b + at, l[i]) >= 0)
            return CX_E_CORRUPT;
        at += l[i];
    }
    if (at != nb)
        return CX_E_CORRUPT;
    int status = cx_keys_reserve(t, nl, nb);
    if (status != CX_OK)
        return status;
    at = 0;
    for (gsize i = 0; i < nl; i++) {
        cx_keys_add_reserved(t, b + at, l[i]);
        at += l[i];
    }
    return CX_OK;
}
