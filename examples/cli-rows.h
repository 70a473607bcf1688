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

/* The steps of a command that reads one FILE, each a function of the command's own run state
 * @run, taken in order by cli_rows_steps(): */
typedef struct {
    /* after parsing: the command's own options; FALSE after a message (bad usage) */
    gboolean (*check)(void *run, const char *path);
    /* opens FILE and finds the columns: CLI_EXIT_OK, or the exit status after a message */
    int (*open)(void *run, const char *path);
    /* reads every row and reports what was not scored; FALSE after a message (bad data) */
    gboolean (*read)(void *run);
} CliSteps;

/* Parses the options (cli_report_parse()) and takes the @steps on @run, with one rule for the
 * exit status of a failed step: bad usage until the options are checked, the open step's own,
 * then bad data. Returns CLI_EXIT_OK when every step went through. */
int cli_rows_steps(const char *cmd, GOptionContext *ctx, int *argc, char ***argv,
                   CliReportOptions *ro, const CliSteps *steps, void *run);

#endif /* CXSCORE_CLI_ROWS_H */
