/* SPDX-License-Identifier: MIT */
/*
 * Moments of a block of rows held as columns: what cx_servqual_add_rows() and
 * cx_alpha_add_rows() compute per block before they merge it into the accumulator (lib/block.c).
 * Not installed.
 *
 * A column holds n values, n a multiple of CX_BLOCK_LANES (the caller pads with NaN, or with 0 in
 * the centred and presence columns of the pair sums). NaN means "not in this statistic". Each sum
 * is kept in CX_BLOCK_LANES lanes (lane l adds rows l, l + 8, l + 16, …, in order) that are then
 * added in one fixed order, so the compiler may run the lanes in vector registers of any width
 * and the result is the same bit for bit.
 */
#ifndef CXSCORE_BLOCK_PRIVATE_H
#define CXSCORE_BLOCK_PRIVATE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "core/moments-private.h"

#define CX_BLOCK_LANES 8

/* SSE2 (every x86-64 processor) for the kernels that skip NaN; elsewhere portable C only. */
#if defined(__SSE2__)
#define CX_BLOCK_VECTOR 1
#else
#define CX_BLOCK_VECTOR 0
#endif

/* Rounds n up to a whole number of lane groups. */
static inline size_t
cx_block_padded(size_t n)
{
    return (n + CX_BLOCK_LANES - 1) / CX_BLOCK_LANES * CX_BLOCK_LANES;
}

/* Sets x[n … cx_block_padded(n)) to NaN, the padding of a column of n rows. */
static inline void
cx_block_pad(double *x, size_t n)
{
    for (size_t r = n; r < cx_block_padded(n); r++)
        x[r] = (double)NAN;
}

/* The moments of the values of x[0..n) that are not NaN: the corrected two-pass algorithm (the
 * mean, then Σ (x − mean)² − (Σ (x − mean))² / count), after Chan, Golub & LeVeque, "Algorithms
 * for computing the sample variance: analysis and recommendations", The American Statistician
 * 37(3):242–247 (1983). */
CxMoments cx_block_moments(const double *x, size_t n);

/* Adds the block's moments of x into m (Chan et al.'s merge). */
void cx_block_moments_merge(CxMoments *m, const double *x, size_t n);

/* Σ a[r]·b[r]. */
double cx_block_dot(const double *a, size_t n, const double *b);

/* For two items i and j given as centred values (0 where unanswered) and presence (1 or 0):
 * out[0] = Σ pᵢpⱼ (the rows answering both), out[1] = Σ cᵢpⱼ, out[2] = Σ pᵢcⱼ, out[3] = Σ cᵢcⱼ,
 * out[4] = Σ cᵢ²pⱼ, out[5] = Σ pᵢcⱼ². */
void cx_block_pair_sums(const double *ci, const double *pi, const double *cj, const double *pj,
                        size_t n, double out[6]);

/* One item of Cronbach's alpha over the rows where x and the respondent's mean t are both
 * present (corrected two-pass, as above). */
typedef struct {
    double n;            /* rows */
    double centre, dev;  /* the first pass's mean of x, and Σ (x − centre) */
    double mean, m2;     /* x */
    double mean_t, m2_t; /* t */
    double co_t;         /* Σ (x − mean)(t − mean_t) */
} CxBlockItem;

/* Fills *out and writes x − out->centre to centred[r] and 1 to present[r] for those rows, 0 to
 * both elsewhere. */
void cx_block_item_moments(const double *x, const double *t, size_t n, double *centred,
                           double *present, CxBlockItem *out);

/*
 * Whole-number blocks. When every rating of a block is a whole number on a small scale, its sums,
 * sums of squares and sums of products are exact in integers, and each moment follows from them
 * with one rounding (cx_moments_exact()): n·Σx² − (Σx)² is computed exactly, so the subtraction
 * loses nothing, unlike the textbook one-pass formula in floating point.
 *
 * The int16 kernels take columns of n values, n a multiple of CX_BLOCK_LANES and at most
 * CX_BLOCK_INT_ROWS, each of magnitude at most CX_BLOCK_INT_LIMIT (padding rows hold 0, which adds
 * nothing). Their 32-bit lanes cannot overflow within those bounds.
 */
#define CX_BLOCK_INT_LIMIT 1024
#define CX_BLOCK_INT_ROWS 256

/* 1 if every x[0..n) is a whole number in [lo, hi] (lo, hi whole numbers of magnitude below
 * 2^31), else 0. NaN and infinities are not. */
int cx_block_whole(const double *x, size_t n, double lo, double hi);

/* Σ a[r]·b[r], exact. */
int64_t cx_block_dot16(const int16_t *a, const int16_t *b, size_t n);

/* Σ a[r], exact. */
int64_t cx_block_sum16(const int16_t *a, size_t n);

/* The exact sums and Gram matrix of k columns, column j at base + index[j]·stride (index NULL:
 * j·stride): sums[j] = Σ xⱼ and gram[j·k + l] = Σ xⱼxₗ, all k² entries. */
void cx_block_gram16(const int16_t *base, const size_t *index, size_t stride, size_t k, size_t n,
                     int64_t *sums, int64_t *gram);

/* The portable versions, which the vector ones must equal bit for bit (tests/test-simd.c). */
CxMoments cx_block_moments_scalar(const double *x, size_t n);
void cx_block_item_moments_scalar(const double *x, const double *t, size_t n, double *centred,
                                  double *present, CxBlockItem *out);
int cx_block_whole_scalar(const double *x, size_t n, double lo, double hi);
int64_t cx_block_dot16_scalar(const int16_t *a, const int16_t *b, size_t n);
int64_t cx_block_sum16_scalar(const int16_t *a, size_t n);

#endif
