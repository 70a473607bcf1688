/* SPDX-License-Identifier: MIT */
/*
 * Structural index of CSV bytes: the fast path of cx_reader_next_batch() (reader.c) first lists
 * where the delimiters, line feeds, quotes and carriage returns are, with vector compares, then
 * walks that list record by record. Private to the library.
 */
#ifndef CXSCORE_CSV_INDEX_PRIVATE_H
#define CXSCORE_CSV_INDEX_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/simd-private.h"

/* Writes to out[] the offsets, in increasing order, of every byte of p[0..n) that is @delim,
 * '\n', '"' or '\r', and returns how many there are (at most n; out must have room for
 * n + CX_CSV_INDEX_SLACK entries: the vector levels write a few past the last). Adds to
 * *line_feeds the number of '\n' bytes and to *specials the number of '"' and '\r' bytes.
 * n must be below 2³²; @delim must not be '\n', '"' or '\r'. Every level gives the same
 * results; a level the CPU lacks falls back to the best one it has. */
#define CX_CSV_INDEX_SLACK 64

size_t cx_csv_index_at(CxSimdLevel level, const char *p, size_t n, char delim, uint32_t *out,
                       size_t *line_feeds, size_t *specials);

#endif
