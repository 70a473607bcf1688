/* SPDX-License-Identifier: MIT */
/*
 * Counting answers on a 0–10 scale in byte arrays: the kernel under cx_nps_add_u8() and the
 * CSV fast path. Private to the library (the unit tests and the benchmark link the internal
 * static library and test every path against the scalar one).
 */
#ifndef CXSCORE_HISTOGRAM_PRIVATE_H
#define CXSCORE_HISTOGRAM_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/simd-private.h"

#define CX_HIST_BINS 11

/* Adds to counts[v] the number of bytes equal to v (0 ≤ v ≤ 10) among p[0..n) and returns the
 * number of bytes above 10. Every level gives identical counts; a level the CPU lacks falls back
 * to the best one it has. p may be NULL when n is 0. */
uint64_t cx_hist11_u8_at(CxSimdLevel level, const uint8_t *p, size_t n,
                         uint64_t counts[CX_HIST_BINS]);

/* cx_hist11_u8_at() at the best level. */
uint64_t cx_hist11_u8(const uint8_t *p, size_t n, uint64_t counts[CX_HIST_BINS]);

/* The same for ints (portable C): returns the number of values outside 0–10. */
uint64_t cx_hist11_int(const int *p, size_t n, uint64_t counts[CX_HIST_BINS]);

/* Weighted sums by answer over one block of answers (cx_nps_add_u8() with weights): adds w[i] to
 * w1[s[i]][i % CX_WSUM_LANES] and w[i]² to w2[i % CX_WSUM_LANES], for i in 0..n, in order. Returns
 * 1 when every answer is 0–10 and every weight finite and ≥ 0; returns 0 as soon as one is not,
 * and then w1 and w2 hold partial sums the caller must discard. Every level adds the same terms in
 * the same order, lane by lane, so the sums are identical bit for bit. */
#define CX_WSUM_LANES 8
int cx_wsum11_u8_at(CxSimdLevel level, const uint8_t *s, const double *w, size_t n,
                    double w1[16][CX_WSUM_LANES], double w2[CX_WSUM_LANES]);

#endif
