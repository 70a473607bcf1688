/* SPDX-License-Identifier: MIT */
/*
 * Adding a block of rows to a CxAlpha from columns, as cx_servqual_add_rows() does for each
 * dimension and series without building rows. Not installed.
 */
#ifndef CXSCORE_ALPHA_PRIVATE_H
#define CXSCORE_ALPHA_PRIVATE_H

#include <cxscore/cx-alpha.h>

#include <stddef.h>

/* The doubles of scratch space cx_alpha_add_columns() needs for k items and blocks of up to
 * `rows` rows. */
size_t cx_alpha_scratch_size(size_t k, size_t rows);

/* Adds n rows (n ≥ 1). columns[i] is item i's column: cx_block_padded(n) values, NaN where the
 * item is unanswered and in the padding rows. Infinite values must already be NaN. */
void cx_alpha_add_columns(CxAlpha *alpha, const double *const *columns, size_t n,
                          double *scratch);

#endif
