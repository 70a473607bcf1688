/* SPDX-License-Identifier: MIT */
/*
 * The CLI's design-based variance (docs/design.md, "Wiring it into a command-line program"):
 * the options --variance kish|design, --strata COL and --cluster COL, their checks, and the
 * per-row feeding of a CxDesign for the whole sample and one per --by segment, read back as
 * cx_design_mean() or, for a segment, cx_design_mean_domain(). Shared by the commands that report
 * weighted means (nps; csat, ces and loyalty can take it the same way).
 *
 * A command: cli_design_options_add() before parsing, cli_design_options_check() after it,
 * cli_design_open() once the file is open (NULL: Kish's variance, nothing else to do),
 * cli_design_add() for each row (its FALSE: the row has a blank stratum or cluster cell, is
 * counted, and goes into no accumulator), cli_design_check() after the last row, then
 * cli_design_mean() per figure and cli_design_settings() in the report.
 */
#ifndef CXSCORE_CLI_DESIGN_H
#define CXSCORE_CLI_DESIGN_H

#include <stdint.h>

#include <glib.h>

#include <cxscore/cxscore.h>

#include "cli-report.h"

typedef struct {
    char *variance, *strata, *cluster; /* as given, NULL when not */
    int method;                        /* CxVarianceMethod, set by cli_design_options_check() */
} CliDesignOptions;

typedef struct CliDesign CliDesign;

/* Adds --variance, --strata and --cluster to the main group of @ctx. */
void cli_design_options_add(GOptionContext *ctx, CliDesignOptions *o);

/* Sets o->method: kish by default, design with --strata or --cluster. Prints a usage error and
 * returns FALSE for an unknown name or --variance kish with --strata or --cluster. */
gboolean cli_design_options_check(const char *cmd, CliDesignOptions *o);

void cli_design_options_clear(CliDesignOptions *o);

/* Finds the --strata and --cluster columns and makes the accumulators of @k variables. Returns
 * CLI_EXIT_OK with *out NULL for Kish's variance, CLI_EXIT_OK with *out set for the design,
 * or CLI_EXIT_DATA after printing (no such column). */
int cli_design_open(const char *cmd, const CliDesignOptions *o, CxReader *reader, size_t k,
                    CliDesign **out);

/* The columns a row must hand to cli_design_add() (strata first, then cluster), 0 to 2 of
 * them, written to @cols. */
size_t cli_design_columns(const CliDesign *d, size_t *cols);

/* Adds a row to the whole sample and, when @segment is not NULL, to the segment it names (any
 * pointer that is the same for every row of a segment, e.g. its accumulator). @key and @key_len
 * are the cells of the cli_design_columns() columns. Returns FALSE, and counts the row, when a
 * key cell is blank: R refuses missing design variables, so the row must go into no figure. */
gboolean cli_design_add(CliDesign *d, const void *segment, const char *const *key,
                        const size_t *key_len, double weight, const double *values);

/* cli_design_add() for a command that reads row by row (cx_reader_next()): the key cells are
 * the current row's cells of the cli_design_columns() columns. */
gboolean cli_design_add_current(CliDesign *d, CxReader *reader, const void *segment,
                                double weight, const double *values);

/* For a command whose row is in several domains (trend: its period, and its period within its
 * --by segment): the current row into the whole sample once and into each of the @n_segments
 * @segments. FALSE, counted, when a key cell is blank, as cli_design_add(). */
gboolean cli_design_add_current_domains(CliDesign *d, CxReader *reader,
                                        const void *const *segments, size_t n_segments,
                                        double weight, const double *values);

/* TRUE, and the row counted as cli_design_add() counts it, when the current row has a blank
 * --strata or --cluster cell: a command that must know before it touches its accumulators. */
gboolean cli_design_row_blank(CliDesign *d, CxReader *reader);

/* The design's variable of an NPS answer: its code +100/0/-100, NaN when missing or rejected
 * (the cell rules of cx_nps_add_text()). */
double cli_design_nps_code(const char *text, size_t len);

/* The design's variables of a rating answer on [@min, @max]: the answer, 1/0 in the good band
 * [@good_min, @good_max], 1/0 the top box @top; NaN when missing or rejected (the cell rules of
 * cx_rating_add_text()). @v holds 3. */
void cli_design_rating_values(int min, int max, int good_min, int good_max, int top,
                              const char *text, size_t len, double *v);

/* The design means of variables 0 to @k - 1 (cli_design_mean()) given to a result by @apply,
 * one of the cx_design_apply_*() calls with its arguments bound by the caller. Says on stderr
 * why not and returns FALSE when a mean or @apply fails: cli_design_check() has ruled out a
 * single PSU, so the design holds other rows than the accumulator (a bug of the caller). */
gboolean cli_design_apply(const char *cmd, const CliDesign *d, const void *segment, size_t k,
                          int (*apply)(const CxDesignMean *m, void *result), void *result);

/* Rows refused by cli_design_add() for a blank stratum or cluster cell. */
uint64_t cli_design_rejected(const CliDesign *d);

/* After the last row: FALSE after printing an error that names the stratum with a single
 * primary sampling unit, where no design variance exists (R: "Stratum has only one PSU"). Also
 * says on stderr how many rows had a blank --strata or --cluster cell. */
gboolean cli_design_check(const char *cmd, const CliDesign *d);

/* The design mean of variable @j over the whole sample (@segment NULL) or over a segment as a
 * domain of the sample. A cx_design_mean() status. */
int cli_design_mean(const CliDesign *d, const void *segment, size_t j, CxDesignMean *out);

/* The settings "variance", "strata" and "cluster" of the report (NULL @d: kish). */
void cli_design_settings(CliReport *rep, const CliDesign *d);

/* A note for the table: which variance the SEs and intervals use. */
void cli_design_note(CliReport *rep, const CliDesign *d);

void cli_design_free(CliDesign *d);

#endif /* CXSCORE_CLI_DESIGN_H */
