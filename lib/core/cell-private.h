/* SPDX-License-Identifier: MIT */
/* The pieces of cell reading (core/cell.c) that other modules share, so that every module trims
 * and recognizes missing cells by one rule (cx-cell.h). Not installed. */
#ifndef CX_CELL_PRIVATE_H
#define CX_CELL_PRIVATE_H

#include <stddef.h>

/* The text of a cell without its leading and trailing spaces and tabs: @text (NULL only with
 * @len 0) becomes *start and *n. */
void cx_cell_trim(const char *text, size_t len, const char **start, size_t *n);

/* True for a trimmed cell that marks a missing answer: blank, NA, N/A, - (ASCII case ignored). */
int cx_cell_is_missing(const char *s, size_t n);

#endif /* CX_CELL_PRIVATE_H */
