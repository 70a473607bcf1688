/* SPDX-License-Identifier: MIT */
/* GLib's g_try_* allocators, able to fail on demand (test-alloc.h). */
#include "test-alloc.h"

#include <glib.h>
#include <stdlib.h>

static int64_t countdown = -1; /* allocations to let through before one fails; −1: none fails */
static uint64_t injected;      /* failures injected since the last arm */

static int
fail_now(void)
{
    if (countdown < 0)
        return 0;
    if (countdown-- > 0)
        return 0;
    injected++;
    return 1;
}

void
cx_test_fail_at(int64_t k)
{
    countdown = k;
    injected = 0;
}

uint64_t
cx_test_fail_never(void)
{
    countdown = -1;
    return injected;
}

int64_t
cx_test_fail_countdown(void)
{
    return countdown;
}

/* GLib's contract: NULL for a failure or a zero size; memory that g_free() frees. The
 * prototypes are GLib's own (glib.h declares them). */
gpointer
g_try_malloc(gsize n)
{
    return fail_now() || n == 0 ? NULL : malloc(n);
}

gpointer
g_try_malloc0(gsize n)
{
    return fail_now() || n == 0 ? NULL : calloc(1, n);
}

gpointer
g_try_realloc(gpointer mem, gsize n)
{
    if (fail_now())
        return NULL;
    if (n == 0) {
        free(mem);
        return NULL;
    }
    return realloc(mem, n);
}

gpointer
g_try_malloc_n(gsize blocks, gsize size)
{
    return size && blocks > G_MAXSIZE / size ? NULL : g_try_malloc(blocks * size);
}

gpointer
g_try_malloc0_n(gsize blocks, gsize size)
{
    return size && blocks > G_MAXSIZE / size ? NULL : g_try_malloc0(blocks * size);
}

gpointer
g_try_realloc_n(gpointer mem, gsize blocks, gsize size)
{
    return size && blocks > G_MAXSIZE / size ? NULL : g_try_realloc(mem, blocks * size);
}
