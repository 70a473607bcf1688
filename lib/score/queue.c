/* SPDX-License-Identifier: MIT */
/*
 * The follow-up queue (cx-queue.h): top-K by priority with a binary min-heap (Williams 1964) whose
 * root is the worst item kept, so a new item either loses to the root (not kept) or replaces it
 * and sifts down. Items are ordered by a total order (priority, then line, then bytes), so the
 * kept set is the same whatever the order of pushes and merges. cx_queue_get() sorts the array
 * worst-first once: an array sorted that way is itself a valid min-heap, so pushes may go on.
 * Every allocation grows with K or with the item bytes, so each is checked (cxscore.h, "Out of
 * memory").
 */
#include <cxscore/cx-error.h>
#include <cxscore/cx-queue.h>

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/state-private.h"

#define QUEUE_MAGIC "CXQU"
#define QUEUE_FORMAT_VERSION 1u
/* K, offered, then the items worst first: priorities, lines, byte lengths, the bytes. */
#define QUEUE_STATE_TYPE "(ttadatatay)"

typedef struct {
    double priority;
    uint64_t line;
    uint8_t *bytes;
    size_t len;
} Item;

struct CxQueue {
    size_t k; /* 0: unbounded */
    Item *items;
    size_t n, cap;
    uint64_t offered;
    int sorted; /* items[] sorted worst-first */
};

int
cx_queue_priority(double value, double waited, double scale, double *out)
{
    if (!out || !isfinite(value) || !(value >= 0.0) || !isfinite(waited) || !(waited >= 0.0) ||
        !isfinite(scale) || !(scale > 0.0))
        return CX_E_INVALID_ARGUMENT;
    double p = value * (1.0 + waited / scale);
    if (!isfinite(p))
        return CX_E_OVERFLOW;
    *out = p;
    return CX_OK;
}

/* < 0 when a ranks below b (a is worse: lower priority, or a later line, or greater bytes). */
static int
worse(const Item *a, const Item *b)
{
    if (a->priority < b->priority)
        return -1;
    if (a->priority > b->priority)
        return 1;
    if (a->line != b->line)
        return a->line > b->line ? -1 : 1;
    size_t n = MIN(a->len, b->len);
    int c = n ? memcmp(a->bytes, b->bytes, n) : 0;
    if (c)
        return c > 0 ? -1 : 1;
    return a->len == b->len ? 0 : a->len > b->len ? -1 : 1;
}

static int
worse_qsort(const void *a, const void *b)
{
    return worse(a, b);
}

static int
worse_ptr(const void *a, const void *b)
{
    return worse(*(const Item *const *)a, *(const Item *const *)b);
}

static void
sift_up(Item *h, size_t i)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (worse(&h[i], &h[parent]) >= 0)
            break;
        Item t = h[i];
        h[i] = h[parent];
        h[parent] = t;
        i = parent;
    }
}

static void
sift_down(Item *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && worse(&h[l], &h[m]) < 0)
            m = l;
        if (r < n && worse(&h[r], &h[m]) < 0)
            m = r;
        if (m == i)
            return;
        Item t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

int
cx_queue_new(size_t k, CxQueue **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    CxQueue *q = g_try_new0(CxQueue, 1);
    *out = q;
    if (!q)
        return CX_E_NO_MEMORY;
    q->k = k;
    q->sorted = 1;
    return CX_OK;
}

static void
free_items(CxQueue *q)
{
    for (size_t i = 0; i < q->n; i++)
        g_free(q->items[i].bytes);
    q->n = 0;
}

void
cx_queue_free(CxQueue *queue)
{
    if (!queue)
        return;
    free_items(queue);
    g_free(queue->items);
    g_free(queue);
}

int
cx_queue_reset(CxQueue *queue)
{
    if (!queue)
        return CX_E_INVALID_ARGUMENT;
    free_items(queue);
    queue->offered = 0;
    queue->sorted = 1;
    return CX_OK;
}

/* Room for one more item in the array (before the heap is full). */
static int
reserve(CxQueue *q)
{
    if (q->n < q->cap)
        return CX_OK;
    size_t cap = q->cap ? q->cap * 2 : 16;
    if (q->k && cap > q->k)
        cap = q->k;
    if (cap <= q->n || cap > SIZE_MAX / sizeof(Item))
        return CX_E_OVERFLOW;
    Item *items = g_try_renew(Item, q->items, cap);
    if (!items)
        return CX_E_NO_MEMORY;
    q->items = items;
    q->cap = cap;
    return CX_OK;
}

/* Takes @it (its bytes owned): into the heap, or freed. */
static int
offer(CxQueue *q, Item *it)
{
    if (q->k == 0 || q->n < q->k) {
        q->items[q->n] = *it;
        sift_up(q->items, q->n++);
        q->sorted = q->sorted && q->n == 1;
        return 1;
    }
    if (worse(it, &q->items[0]) <= 0) {
        g_free(it->bytes);
        return 0;
    }
    g_free(q->items[0].bytes);
    q->items[0] = *it;
    sift_down(q->items, q->n, 0);
    q->sorted = 0;
    return 1;
}

int
cx_queue_push(CxQueue *queue, double priority, uint64_t line, const void *item, size_t len,
              int *kept)
{
    if (!queue || !isfinite(priority) || (!item && len))
        return CX_E_INVALID_ARGUMENT;
    if (queue->offered == UINT64_MAX)
        return CX_E_OVERFLOW;
    /* Compared with the caller's bytes first: an item that would not be kept is not copied. */
    Item it = { .priority = priority, .line = line, .bytes = (uint8_t *)(uintptr_t)item,
                .len = len };
    int full = queue->k && queue->n == queue->k;
    if (full && worse(&it, &queue->items[0]) <= 0) {
        queue->offered++;
        if (kept)
            *kept = 0;
        return CX_OK;
    }
    it.bytes = NULL;
    if (!full) {
        int st = reserve(queue);
        if (st != CX_OK)
            return st;
    }
    if (len) {
        it.bytes = g_try_malloc(len);
        if (!it.bytes)
            return CX_E_NO_MEMORY;
        memcpy(it.bytes, item, len);
    }
    int k = offer(queue, &it);
    queue->offered++;
    if (kept)
        *kept = k;
    return CX_OK;
}

static int
copy_items(const CxQueue *src, Item **out)
{
    *out = NULL;
    if (!src->n)
        return CX_OK;
    Item *items = g_try_new0(Item, src->n);
    if (!items)
        return CX_E_NO_MEMORY;
    for (size_t i = 0; i < src->n; i++) {
        items[i] = src->items[i];
        items[i].bytes = NULL;
        if (src->items[i].len && !(items[i].bytes = g_try_malloc(src->items[i].len))) {
            for (size_t j = 0; j < i; j++)
                g_free(items[j].bytes);
            g_free(items);
            return CX_E_NO_MEMORY;
        }
        if (src->items[i].len)
            memcpy(items[i].bytes, src->items[i].bytes, src->items[i].len);
    }
    *out = items;
    return CX_OK;
}

int
cx_queue_copy(const CxQueue *queue, CxQueue **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!queue)
        return CX_E_INVALID_ARGUMENT;
    CxQueue *q = g_try_new0(CxQueue, 1);
    if (!q)
        return CX_E_NO_MEMORY;
    *q = *queue;
    int st = copy_items(queue, &q->items);
    if (st != CX_OK) {
        g_free(q);
        return st;
    }
    q->cap = queue->n;
    *out = q;
    return CX_OK;
}

int
cx_queue_merge(CxQueue *dst, const CxQueue *src)
{
    if (!dst || !src || dst == src)
        return CX_E_INVALID_ARGUMENT;
    if (dst->k != src->k)
        return CX_E_MISMATCH;
    if (src->offered > UINT64_MAX - dst->offered)
        return CX_E_OVERFLOW;
    /* Copies first, so that a failure leaves dst as it was. */
    Item *items;
    int st = copy_items(src, &items);
    if (st != CX_OK)
        return st;
    size_t need = dst->k ? MIN(dst->k, dst->n + src->n) : dst->n + src->n;
    if (need < dst->n || need > SIZE_MAX / sizeof(Item)) {
        st = CX_E_OVERFLOW;
    } else if (need > dst->cap) {
        Item *grown = g_try_renew(Item, dst->items, need);
        if (grown) {
            dst->items = grown;
            dst->cap = need;
        } else {
            st = CX_E_NO_MEMORY;
        }
    }
    if (st != CX_OK) {
        for (size_t i = 0; i < src->n; i++)
            g_free(items[i].bytes);
        g_free(items);
        return st;
    }
    for (size_t i = 0; i < src->n; i++)
        offer(dst, &items[i]);
    g_free(items);
    dst->offered += src->offered;
    return CX_OK;
}

uint64_t
cx_queue_offered(const CxQueue *queue)
{
    return queue ? queue->offered : 0;
}

size_t
cx_queue_size(const CxQueue *queue)
{
    return queue ? queue->n : 0;
}

int
cx_queue_get(CxQueue *queue, size_t rank, double *priority, uint64_t *line, const void **item,
             size_t *len)
{
    if (!queue || rank >= queue->n)
        return CX_E_INVALID_ARGUMENT;
    if (!queue->sorted) {
        qsort(queue->items, queue->n, sizeof(Item), worse_qsort);
        queue->sorted = 1;
    }
    const Item *it = &queue->items[queue->n - 1 - rank];
    if (priority)
        *priority = it->priority;
    if (line)
        *line = it->line;
    if (item)
        *item = it->bytes;
    if (len)
        *len = it->len;
    return CX_OK;
}

int
cx_queue_serialize(const CxQueue *queue, uint8_t **bytes, size_t *len)
{
    if (!queue || !bytes || !len)
        return CX_E_INVALID_ARGUMENT;
    /* Worst first, whatever the heap's layout: the normal form of the state. */
    const Item **order = queue->n ? g_try_new(const Item *, queue->n) : NULL;
    double *prio = queue->n ? g_try_new(double, queue->n) : NULL;
    guint64 *lines = queue->n ? g_try_new(guint64, queue->n) : NULL;
    guint64 *lens = queue->n ? g_try_new(guint64, queue->n) : NULL;
    size_t total = 0;
    int status = CX_OK;
    if (queue->n && (!order || !prio || !lines || !lens)) {
        status = CX_E_NO_MEMORY;
        goto out;
    }
    for (size_t i = 0; i < queue->n; i++) {
        order[i] = &queue->items[i];
        total += queue->items[i].len;
    }
    if (queue->n)
        qsort(order, queue->n, sizeof *order, worse_ptr);
    uint8_t *data = total ? g_try_malloc(total) : NULL;
    if (total && !data) {
        status = CX_E_NO_MEMORY;
        goto out;
    }
    size_t at = 0;
    for (size_t i = 0; i < queue->n; i++) {
        prio[i] = order[i]->priority;
        lines[i] = order[i]->line;
        lens[i] = order[i]->len;
        if (order[i]->len)
            memcpy(data + at, order[i]->bytes, order[i]->len);
        at += order[i]->len;
    }
    GVariant *state = g_variant_new(
        "(tt@ad@at@at@ay)", (guint64)queue->k, (guint64)queue->offered,
        g_variant_new_fixed_array(G_VARIANT_TYPE_DOUBLE, prio, queue->n, sizeof *prio),
        g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64, lines, queue->n, sizeof *lines),
        g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64, lens, queue->n, sizeof *lens),
        g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, data, total, 1));
    g_free(data);
    status = cx_state_pack(QUEUE_MAGIC, QUEUE_FORMAT_VERSION, state, bytes, len);
out:
    g_free(order);
    g_free(prio);
    g_free(lines);
    g_free(lens);
    return status;
}

int
cx_queue_deserialize(const uint8_t *bytes, size_t len, CxQueue **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    GVariant *state = NULL;
    int status = cx_state_unpack(bytes, len, QUEUE_MAGIC, QUEUE_FORMAT_VERSION, QUEUE_STATE_TYPE,
                                 &state, NULL);
    if (status != CX_OK)
        return status;
    guint64 k, offered;
    GVariant *v[4];
    g_variant_get(state, "(tt@ad@at@at@ay)", &k, &offered, &v[0], &v[1], &v[2], &v[3]);
    gsize np, nl, nn, nb;
    const double *prio = g_variant_get_fixed_array(v[0], &np, sizeof(double));
    const guint64 *lines = g_variant_get_fixed_array(v[1], &nl, sizeof(guint64));
    const guint64 *lens = g_variant_get_fixed_array(v[2], &nn, sizeof(guint64));
    const uint8_t *data = g_variant_get_fixed_array(v[3], &nb, 1);
    CxQueue *q = NULL;
    status = CX_E_CORRUPT;
    if (np != nl || np != nn || k > SIZE_MAX || (k && np > k) || offered < np)
        goto out;
    guint64 total = 0;
    for (gsize i = 0; i < np; i++) {
        if (!isfinite(prio[i]) || lens[i] > nb - total)
            goto out;
        total += lens[i];
    }
    if (total != nb)
        goto out;
    status = cx_queue_new((size_t)k, &q);
    if (status != CX_OK)
        goto out;
    if (np && !(q->items = g_try_new0(Item, np))) {
        status = CX_E_NO_MEMORY;
        goto out;
    }
    q->cap = np;
    q->offered = offered;
    size_t at = 0;
    status = CX_OK;
    for (gsize i = 0; i < np && status == CX_OK; i++) {
        Item *it = &q->items[i];
        *it = (Item){ .priority = prio[i], .line = lines[i], .len = (size_t)lens[i] };
        if (it->len && !(it->bytes = g_try_malloc(it->len)))
            status = CX_E_NO_MEMORY;
        else if (it->len)
            memcpy(it->bytes, data + at, it->len);
        at += it->len;
        q->n = i + 1;
        /* Worst first, as written: then the array is a valid min-heap. */
        if (status == CX_OK && i > 0 && worse(&q->items[i - 1], it) > 0)
            status = CX_E_CORRUPT;
    }
    q->sorted = 1;
out:
    for (int i = 0; i < 4; i++)
        g_variant_unref(v[i]);
    g_variant_unref(state);
    if (status != CX_OK)
        g_clear_pointer(&q, cx_queue_free);
    *out = q;
    return status;
}
