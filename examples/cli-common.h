/* SPDX-License-Identifier: MIT */
/*
 * Pieces shared by the subcommands of the cxscore example program: exit statuses and messages,
 * option helpers, opening FILE or "-" and finding columns, reporting malformed rows, a generic
 * group-by, an aligned-table printer, an RFC 4180 CSV writer and json-glib helpers.
 *
 * Only the public libcxscore API (<cxscore/cxscore.h>), GLib and json-glib are used.
 */
#ifndef CXSCORE_CLI_COMMON_H
#define CXSCORE_CLI_COMMON_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include <cxscore/cxscore.h>

/* A double NaN (NAN is a float; the cast keeps -Wdouble-promotion quiet). */
#define CLI_NAN ((double)NAN)

/* ---- exit statuses ------------------------------------------------------------------------ */

enum {
    CLI_EXIT_OK = 0,    /* success */
    CLI_EXIT_DATA = 1,  /* bad data: unreadable or empty file, no such column, no valid answer */
    CLI_EXIT_USAGE = 2  /* bad usage: unknown option, bad option value, missing FILE */
};

/* ---- subcommands: one file each; argv[0] is the subcommand's name; return an exit status --- */

int cmd_nps(int argc, char **argv);
int cmd_servqual(int argc, char **argv);
int cmd_csat(int argc, char **argv);
int cmd_ces(int argc, char **argv);
int cmd_clv(int argc, char **argv);
int cmd_loyalty(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_retention(int argc, char **argv);
int cmd_drivers(int argc, char **argv);
int cmd_contacts(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_loop(int argc, char **argv);
int cmd_followup(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* ---- messages and options ----------------------------------------------------------------- */

/* Prints "cxscore CMD: message" on stderr. */
void cli_error(const char *cmd, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Checks the status of a cx_*_new() call whose arguments were checked before: anything but CX_OK
 * is memory exhausted, said on stderr before the program exits with status 1. */
void cli_created(int status);

/* Parses the options with GOptionContext, the CSV input options (--delimiter) added; on error
 * prints it (with "did you mean --level?" for a slip) and returns FALSE. The program's name in
 * the usage line becomes "cxscore CMD". */
gboolean cli_parse_options(const char *cmd, GOptionContext *ctx, int *argc, char ***argv);
/* The same for a command that reads no CSV file (clv): no input options. */
gboolean cli_parse_options_no_input(const char *cmd, GOptionContext *ctx, int *argc,
                                    char ***argv);

/* The candidate closest to @word (edit distance at most a third of its length, or equal but
 * for case), for a "did you mean"; NULL if none is close. */
const char *cli_closest(const char *word, const char *const *candidates, size_t n);

typedef enum {
    CLI_FORMAT_TABLE,
    CLI_FORMAT_CSV,
    CLI_FORMAT_JSON
} CliFormat;

/* "table" (also for NULL), "csv" or "json"; otherwise prints an error and returns FALSE. */
gboolean cli_parse_format(const char *cmd, const char *name, CliFormat *format);

/* A level in (0, 1); NULL leaves *level unchanged. Otherwise prints an error, returns FALSE. */
gboolean cli_parse_level(const char *cmd, const char *text, double *level);

/* An NPS interval method by name, any case (cx_nps_ci_method_from_name()); -1 if unknown. */
int cli_nps_method(const char *name);
/* A period unit by name, any case (cx_period_unit_from_name()); -1 if unknown. */
int cli_period_unit(const char *name);

/* Where the docs/ pages are installed (README, --help). */
#ifndef CLI_DOC_DIR
#define CLI_DOC_DIR "docs"
#endif

/* --threads: 1–64 as given, or for 0 (the default) all cores up to @max when @path is a file of
 * more than @min_bytes (where more threads pay), else 1. Out of range: an error, FALSE. */
gboolean cli_parse_threads(const char *cmd, int requested, const char *path, gint64 min_bytes,
                           guint max, guint *threads);

/* ---- input -------------------------------------------------------------------------------- */

/* The field delimiter given with --delimiter (',' by default). */
char cli_delimiter(void);

/* Opens FILE ("-" is standard input) and reads its header; NULL after a message on failure. */
CxReader *cli_open(const char *cmd, const char *path);

/* Finds a column by exact name; prints a message (listing the columns) and returns FALSE if
 * there is none, or several. */
gboolean cli_column(const char *cmd, CxReader *reader, const char *name, size_t *index);

/* Finds every column of a comma-separated list and appends their indices (size_t) to @indices. */
gboolean cli_columns(const char *cmd, CxReader *reader, const char *list, GArray *indices);

/* Explains why an overall result has no score (its status is not CX_OK): no valid answer,
 * every weight 0 (CX_E_EMPTY with n > 0), or weights out of a double's range (CX_E_OVERFLOW). */
void cli_no_score(const char *cmd, const char *column, int status, uint64_t n);
/* As cli_no_score(), for one part of the data: the message starts with @where (e.g. "period
 * 2026-01: "). */
void cli_no_score_in(const char *cmd, const char *where, const char *column, int status,
                     uint64_t n);

/* Malformed rows: the first 10 are reported one by one, then cli_malformed_summary() counts.
 * With quiet set they are only counted, and read errors are not printed either (a reader whose
 * result may be thrown away). */
typedef struct {
    const char *cmd;
    uint64_t count;
    gboolean quiet;
} CliMalformed;

void cli_malformed(CliMalformed *m, CxReader *reader);
void cli_malformed_summary(CliMalformed *m);

/* Rows in batches (cx_reader_next_batch()): the fast way through a large file. After
 * cli_batch_next() returns CX_ROW, the cell of row r, wanted column c is text[r × width + c]
 * (not NUL-terminated: len[r × width + c] bytes), for r < rows. Malformed rows are reported as
 * by cli_next_row(); CX_DONE at the end; any other status has been printed. */
#define CLI_BATCH_ROWS 4096
typedef struct {
    size_t width, rows;
    const char **text;
    size_t *len;
    CxReader *reader;
    size_t *columns;
    CliMalformed *m;
} CliBatch;
CliBatch *cli_batch_new(CxReader *reader, const size_t *columns, size_t width, CliMalformed *m);
int cli_batch_next(CliBatch *b);
void cli_batch_free(CliBatch *b);

/* The next row: CX_ROW, or CX_DONE at the end; a malformed row is reported (cli_malformed()) and
 * skipped; a read error is printed and returned (negative). */
int cli_next_row(CxReader *reader, CliMalformed *m);

/* ---- group-by: segment key (one raw cell per --by column) -> accumulator ------------------- */

typedef struct CliGroups CliGroups;

typedef struct {
    char **values; /* the key's cells, NUL-terminated (a NULL-terminated vector; read only:
                    * they live in the group's block) */
    void *acc;     /* the segment's accumulator */
} CliGroup;

/* @acc_new(@user) creates the accumulator of a new segment, @acc_free frees it. */
CliGroups *cli_groups_new(size_t n_keys, void *(*acc_new)(void *), void (*acc_free)(void *),
                          void *user);
void cli_groups_free(CliGroups *groups);

/* The accumulator of the current row's segment (cells @columns[0..n_keys) of @reader). */
void *cli_groups_get(CliGroups *groups, CxReader *reader, const size_t *columns);

/* As cli_groups_get(), for a row given as cells (cx_reader_next_batch()): text[k], len[k] is the
 * row's value of the k-th key column. */
void *cli_groups_get_cells(CliGroups *groups, const char *const *text, const size_t *len);

/* As cli_groups_get_cells(), returning the segment; NULL, and none created, when the key is new
 * and @groups already holds @max segments (0: no limit). */
CliGroup *cli_groups_get_group(CliGroups *groups, const char *const *text, const size_t *len,
                               size_t max);

/* TRUE if the key of @group (of @groups) is exactly the cells text[k], len[k], byte for byte. */
gboolean cli_group_has_cells(const CliGroups *groups, const CliGroup *group,
                             const char *const *text, const size_t *len);

/* The cells of @group's key as they were read (before the UTF-8 repair of its values): text[k],
 * len[k] for each key column, pointing into @group (valid while @groups lives). */
void cli_group_cells(const CliGroups *groups, const CliGroup *group, const char **text,
                     size_t *len);

/* --max-segments: FALSE after a message naming the option if @groups holds more than @max
 * segments (0: no limit). Call it after each cli_groups_get(): the table never grows past
 * @max + 1, so a column of distinct values ends in exit 1, not in exhausted memory. */
gboolean cli_groups_within(const char *cmd, const CliGroups *groups, size_t max);

/* The segment with these key values, or NULL; never creates one. */
CliGroup *cli_groups_find(CliGroups *groups, char *const *values);

/* Every segment, in no order; free the array with g_free(). */
CliGroup **cli_groups_list(CliGroups *groups, size_t *n);

/* Every segment sorted by key (byte-wise, column by column); free the array with g_free(). */
CliGroup **cli_groups_sorted(CliGroups *groups, size_t *n);

/* --baseline COL=VALUE: checks the form and finds COL among the --by columns @by, setting
 * @key_index to its position in a segment key. Returns CLI_EXIT_OK, or CLI_EXIT_USAGE after a
 * message. */
int cli_baseline_key(const char *cmd, const char *baseline, CxReader *reader, const GArray *by,
                     size_t *key_index);

/* The baseline of @group: the segment with the same key but COL=VALUE at @key_index; NULL if
 * there is none or if it is @group itself. */
CliGroup *cli_baseline_find(CliGroups *groups, const CliGroup *group, size_t key_index,
                            const char *baseline);

/* The position of @sorted[@i]'s baseline (cli_baseline_find()) in @sorted, the @n segments of
 * cli_groups_sorted(), found by a hash lookup and a binary search (O(log n), so that a million
 * segments are compared in seconds); SIZE_MAX if it has none. */
size_t cli_baseline_index(CliGroups *groups, CliGroup *const *sorted, size_t n, size_t i,
                          size_t key_index, const char *baseline);

/* The --help lines on --baseline, shared by the commands that take it. */
#define CLI_BASELINE_HELP                                                                          \
    "--baseline COL=VALUE compares each segment with the one that has COL=VALUE\n"                 \
    "and the same other keys. VALUE must be a value of COL in the data, matched\n"                 \
    "exactly (exit 2 if no segment has it); with several --by columns, a segment\n"                \
    "whose COL=VALUE counterpart is absent is shown without a comparison.\n"

/* After reading, once the segments are known: the --baseline VALUE must be the COL cell (at
 * @key_index of a segment key) of at least one of the @n @segments, else no segment could be
 * compared and the output would be dashes. If none has it, prints "--baseline COL=VALUE: no
 * UNIT has COL 'VALUE' (values seen: a, b, c)" (sorted, the first 10 and "and N more"), @unit
 * naming what a segment is made of ("row", "case"), and returns CLI_EXIT_USAGE; else
 * CLI_EXIT_OK; CLI_EXIT_OK too without any segment (no data: the command reports that, exit
 * 1). A VALUE found with only some of the other key values (--by A,B) is fine: the segments
 * without a counterpart have no comparison. */
int cli_baseline_check(const char *cmd, const char *baseline, size_t key_index,
                       CliGroup *const *segments, size_t n, const char *unit);

/* A p-value, printed one way everywhere: "<0.0001" or four decimals, "-" for NaN; free with
 * g_free(). */
char *cli_p(double p);

/* "web / north": a segment key's cells joined, "(blank)" for an empty one; g_free() it. */
char *cli_segment_label(char *const *values, size_t n);

/* The label of a calendar period ("2026-03", "2026-W10", ...; cx_period_label()), or its
 * number if it has none; g_free() it. */
char *cli_period_label(int unit, int64_t period);

/* "channel = web, region = north": a segment's title; g_free() it. */
char *cli_segment_title(CxReader *reader, const GArray *by, char *const *values);

/* "lo to hi" with @decimals decimals, "-" if either is NaN; g_free() it. */
char *cli_interval(double lo, double hi, int decimals);

/* @text with Markdown's special characters backslash-escaped; g_free() it. */
char *cli_markdown_escape(const char *text);

/* A cell as shown in a table: valid UTF-8 (U+FFFD for a bad byte), control characters escaped
 * (\n, \x01); g_free() it. */
char *cli_table_text(const char *text);
/* The same escaping for a table (\x01) or, @json, inside a JSON string (\u0001, \", \\). */
char *cli_escape_text(const char *text, gboolean json);

/* The smallest expected count E = row total x column total / N of a chi-square test on @table
 * (row-major), over the rows and columns that are not all zero; NaN if the table is empty.
 * Below 5 the test's chi-square approximation is not trusted (Cochran, W. G. (1954),
 * Biometrics 10:417-451). */
double cli_chi_min_expected(const uint64_t *table, size_t rows, size_t cols);

/* ---- aligned table ------------------------------------------------------------------------ */

typedef struct CliTable CliTable;

CliTable *cli_table_new(size_t n_columns, const char *const *headers);
/* Adds a row of n_columns cells (copied; NULL is empty). */
void cli_table_add(CliTable *table, char **cells);
/* Prints the table; the first @left columns are left-aligned, the others right-aligned. */
void cli_table_print(CliTable *table, FILE *out, size_t left);
void cli_table_free(CliTable *table);

/* g_strdup_printf(); free with g_free(). */
char *cli_fmt(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* @x with @decimals decimals, "-" for NaN; free with g_free(). */
char *cli_num(double x, int decimals);

/* ---- CSV ---------------------------------------------------------------------------------- */

/* Writes a field, quoted per RFC 4180 when it holds a comma, quote, CR or LF, then ',' or LF. */
void cli_csv_field(FILE *out, const char *text, gboolean last);
/* The --by column names, each followed by a comma: the start of a CSV header. */
void cli_csv_key_header(FILE *out, CxReader *reader, const GArray *by);
/* A double as the shortest text that reads back to it (cli_shortest()); empty for NaN and
 * infinities. */
void cli_csv_double(FILE *out, double x, gboolean last);

/* ---- JSON --------------------------------------------------------------------------------- */

/* Member @name set to @x, or null when @x is NaN or infinite. */
void cli_json_double(JsonBuilder *b, const char *name, double x);
void cli_json_uint(JsonBuilder *b, const char *name, uint64_t x);
/* Member @name set to @text, or null when @text is NULL. */
void cli_json_string(JsonBuilder *b, const char *name, const char *text);
/* Member "key": {"COL": "value", …} of a segment whose key columns are @by (size_t indices). */
void cli_json_key(JsonBuilder *b, CxReader *reader, const GArray *by, char *const *values);
/* Prints the builder's root, pretty, and a newline. */
void cli_json_print(JsonBuilder *b, FILE *out);

#endif /* CXSCORE_CLI_COMMON_H */
