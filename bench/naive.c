/* SPDX-License-Identifier: MIT */
/*
 * The naive loops the array API is measured against: one counter per value, incremented per
 * answer. This file is compiled with auto-vectorization off (bench/meson.build) and the
 * functions are not inlined, so that the baseline stays the plain scalar loop a user would
 * write; the callers compare the histograms with the library's counts, so no loop can be
 * optimised out.
 */
#include "bench.h"

#if defined(__GNUC__)
#define NAIVE_NOINLINE __attribute__((noinline))
#else
#define NAIVE_NOINLINE
#endif

NAIVE_NOINLINE void
naive_u8(const uint8_t *x, size_t n, uint64_t *h)
{
    for (size_t i = 0; i < n; i++)
        h[x[i]]++;
}

NAIVE_NOINLINE void
naive_u8_weighted(const uint8_t *x, const double *w, size_t n, uint64_t *h, double *wsum)
{
    for (size_t i = 0; i < n; i++) {
        h[x[i]]++;
        wsum[x[i]] += w[i];
    }
}

NAIVE_NOINLINE void
naive_int(const int *x, size_t n, uint64_t *h)
{
    for (size_t i = 0; i < n; i++)
        h[x[i] >= 0 && x[i] <= 10 ? x[i] : 11]++;
}

NAIVE_NOINLINE void
naive_double(const double *x, size_t n, uint64_t *h)
{
    for (size_t i = 0; i < n; i++) {
        double v = x[i];
        int whole = v >= 0.0 && v <= 10.0 && (double)(int)v >= v;
        h[whole ? (int)v : 11]++;
    }
}
