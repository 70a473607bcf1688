/* SPDX-License-Identifier: MIT */
/*
 * The steps every segmenting command takes the same way between opening its FILE and filling
 * its report: reading a number or a weight from the current row, finding the row's segment
 * within --max-segments, and sorting the segments once the last row is read, with --baseline
 * checked against them. One implementation each, so that csat, ces, loyalty, drivers, trend and
 * servqual read, count and refuse alike.
 */
#ifndef CXSCORE_CLI_ROWS_H
#define CXSCORE_CLI_ROWS_H

#include <glib.h>

#include <cxscore/cxscore.h>

#include "cli-common.h"
#include "cli-report.h"

/* The number in column @col of the current row: NaN when the cell is missing, +infinity when
 * it is not a number (the accumulators count that as rejected). */
double cli_row_number(CxReader *reader, size_t col);

/* The row's weight: 1 without --weight (@weight NULL), else the number in column @col, or NaN
 * (counted by the library as an invalid weight) when it is not a number. */
double cli_row_weight(CxReader *reader, const char *weight, size_t col);

/* The accumulator of the current row's segment in @groups (NULL: no --by, *@acc NULL). FALSE
 * after a message when the segments outgrow --max-segments @max (cli_groups_within()). */
gboolean cli_row_segment(const char *cmd, CliGroups *groups, CxReader *reader, const GArray *by,
                         size_t max, void **acc);

/* The segments sorted by key (cli_groups_sorted(); none and NULL without --by) in *@sorted,
 * after checking that --baseline @baseline (NULL: none) names one of them (cli_baseline_check(),
 * @key_index as set by cli_baseline_key()). Returns CLI_EXIT_OK, or CLI_EXIT_USAGE after a
 * message with *@sorted NULL. g_free() the array. */
int cli_row_segments(const char *cmd, CliGroups *groups, const char *baseline, size_t key_index,
                     CliGroup ***sorted, size_t *n);

#endif /* CXSCORE_CLI_ROWS_H */
