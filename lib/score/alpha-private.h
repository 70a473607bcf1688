/* SPDX-License-Identifier: MIT */
/*
 * Adding a block of rows to a CxAlpha from columns, as cx_servqual_add_rows() does for each
 * dimension and series without building rows. Not installed.
 */
#ifndef CXSCORE_ALPHA_PRIVATE_H
#define CXSCORE_ALPHA_PRIVATE_H

#include <cxscore/cx-alpha.h>

#include <stddef.h>
#include <stdint.h>

/* The doubles of scratch space cx_alpha_add_columns() needs for k items and blocks of up to
 * `rows` rows. */
size_t cx_alpha_scratch_size(size_t k, size_t rows);

/* Adds n rows (n ≥ 1). columns[i] is item i's column: cx_block_padded(n) values, NaN where the
 * item is unanswered and in the padding rows. Infinite values must already be NaN. */
void cx_alpha_add_columns(CxAlpha *alpha, const double *const *columns, size_t n,
                          double *scratch);

/* Adds n complete rows (1 ≤ n ≤ CX_BLOCK_INT_ROWS) of whole numbers, given by their exact sums:
 * sums[i] = Σ xᵢ and gram[i·k + j] = Σ xᵢxⱼ (all k × k entries; |entries| < 2^40). Every
 * moment follows with one rounding (cx_moments_exact()). */
void cx_alpha_add_gram(CxAlpha *alpha, uint64_t n, const int64_t *sums, const int64_t *gram);

#endif
