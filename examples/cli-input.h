/* SPDX-License-Identifier: MIT */
/*
 * The CLI's input options for real survey exports (docs/input.md): --from, --header-rows,
 * --skip-rows, --encoding, --encoding-errors, --decimal, --missing, --labels, --label-scale,
 * --date-format and --rejects, and the stderr report of what was rejected. Everything is done by
 * the library (CxReadOptions, CxCellRules, the reader's rejects channel); this file only turns
 * options into those objects and prints. The CLI is one command per process, so the state lives
 * here, as cli-common.c's --delimiter does.
 */
#ifndef CXSCORE_CLI_INPUT_H
#define CXSCORE_CLI_INPUT_H

#include <stdint.h>

#include <glib.h>

#include <cxscore/cxscore.h>

/* Adds the options to the "input" group (called by cli_parse_options()). */
void cli_input_add_options(GOptionGroup *group);

/* Checks the options after parsing; prints and returns FALSE on a bad value. */
gboolean cli_input_check(const char *cmd, char delimiter);

/* Opens FILE ("-": standard input) with the options; prints why it could not and returns NULL
 * (a profile that does not match the header exits with status 2 here: it is a usage error).
 * Says on stderr which profile was detected. */
CxReader *cli_input_open(const char *cmd, const char *path);

/* Opens a part of a file for a parallel read (cmd-nps.c): UTF-8 checked, no profile, the
 * answer column read by the same rules. */
int cli_input_open_part(CxReadFunc read_func, void *user_data, size_t answer_col, double min,
                        double max, CxReader **out);

/* TRUE when a file may be cut into parts: UTF-8, one header row, no row skipped. */
gboolean cli_input_splittable(const CxReader *reader);

/* Rejected answers and malformed rows of a part: its split result is kept only without any. */
uint64_t cli_input_part_problems(const CxReader *reader, size_t answer_col);

/* The answer column: read by the cell rules, whole points in [min, max]. */
void cli_input_answers(CxReader *reader, size_t column, double min, double max);

/* The answer columns of a command that reads several (loyalty, drivers, servqual): each read by
 * the cell rules, in [min, max], whole points when @whole. The one call besides cli_input_answers() that
 * every command reading survey answers makes, so all read labels, label maps and missing markers
 * alike. */
void cli_input_answer_columns(CxReader *reader, const size_t *cols, size_t n, double min,
                              double max, gboolean whole);

/* A weight column: read by the cell rules (decimal comma, missing markers), ≥ 0. */
void cli_input_weights(CxReader *reader, size_t column);

/* A date column: the platforms' forms and --date-format, handed on as ISO 8601 (UTC). */
void cli_input_times(CxReader *reader, size_t column);

/* --by columns: a SurveyMonkey single-choice question's option columns read as one. */
void cli_input_segments(CxReader *reader, const GArray *by);

/* Prints on stderr the rejects by reason with the first examples, writes --rejects FILE, and
 * reconciles: records read = scored + missing + rejected + malformed. Returns FALSE when the
 * rejects file could not be written. */
gboolean cli_input_report(const char *cmd, const CxReader *reader, uint64_t scored,
                          uint64_t missing, uint64_t rejected, uint64_t malformed);

/* cli_input_report() for a command that reads several columns by the rules: the rejects by
 * reason and --rejects FILE as there, then the reader's own count of every ruled cell:
 * records = rows read + malformed, and cells = valid + missing + rejected. Returns FALSE when
 * the rejects file could not be written. */
gboolean cli_input_report_cells(const char *cmd, const CxReader *reader);

#endif /* CXSCORE_CLI_INPUT_H */
