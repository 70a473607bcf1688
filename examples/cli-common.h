/* SPDX-License-Identifier: MIT */
/*
 * Pieces shared by the subcommands of the cxscore example program: messages and exit statuses,
 * option helpers, opening FILE or "-", a generic group-by, and the three output writers (an
 * aligned table, RFC 4180 CSV, JSON through json-glib).
 *
 * Only the public libcxscore API (<cxscore/cxscore.h>), GLib and json-glib are used.
 */
#ifndef CXSCORE_CLI_COMMON_H
#define CXSCORE_CLI_COMMON_H

#include <stdint.h>
#include <stdio.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include <cxscore/cxscore.h>

G_BEGIN_DECLS

/* ---- exit statuses ------------------------------------------------------------------------- */

enum {
    CLI_EXIT_OK = 0,    /* success */
    CLI_EXIT_DATA = 1,  /* bad data: unreadable or empty file, no such column, no valid answer */
    CLI_EXIT_USAGE = 2  /* bad usage: unknown option, bad option value, missing FILE */
};

/* ---- subcommands (one file each) ------------------------------------------------------------ */

/* A subcommand: argv[0] is its name, the rest its arguments. Returns an exit status. */
typedef int (*CliCommandFunc)(int argc, char **argv);

int cli_cmd_nps(int argc, char **argv);

/* ---- cleanups for the library's types ------------------------------------------------------ */

G_DEFINE_AUTOPTR_CLEANUP_FUNC(CxReader, cx_reader_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CxNps, cx_nps_free)

/* ---- messages ----------------------------------------------------------------------------- */

/* "cxscore COMMAND: message" on stderr. */
void cli_error(const char *command, const char *format, ...) G_GNUC_PRINTF(2, 3);
/* "cxscore COMMAND: warning: message" on stderr. */
void cli_warning(const char *command, const char *format, ...) G_GNUC_PRINTF(2, 3);
/* cli_error() followed by "Try 'cxscore COMMAND --help'."; returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *command, const char *format, ...) G_GNUC_PRINTF(2, 3);

/* ---- options ------------------------------------------------------------------------------ */

/*
 * Parses @argv with @context, which must have help disabled; @help points to the boolean of the
 * context's own "--help" entry. Returns -1 to go on, or an exit status to return at once: 0 after
 * printing the help on stdout, CLI_EXIT_USAGE after an option error.
 */
int cli_parse_options(const char *command, GOptionContext *context, const gboolean *help,
                      int *argc, char ***argv);

/* A confidence level in (0, 1) such as "0.95"; @text NULL gives 0.95. Usage error otherwise. */
int cli_parse_level(const char *command, const char *text, double *level);

typedef enum {
    CLI_FORMAT_TABLE,
    CLI_FORMAT_CSV,
    CLI_FORMAT_JSON
} CliFormat;

/* "table", "csv" or "json"; @text NULL gives table. Usage error otherwise. */
int cli_parse_format(const char *command, const char *text, CliFormat *format);

/*
 * Column names from repeated options, each a comma-separated list ("a,b" or "a --by b"). Empty
 * names and repeated names are usage errors. @args may be NULL (no option given): then *out is an
 * empty vector. Free *out with g_strfreev().
 */
int cli_parse_column_list(const char *command, const char *option, char **args, char ***out);

/* ---- input -------------------------------------------------------------------------------- */

/* At most this many malformed rows are reported one by one; the rest are counted. */
#define CLI_MAX_ROW_WARNINGS 10

typedef struct {
    const char *command;
    char *name;           /* FILE as given, or "(standard input)" for "-" */
    CxReader *reader;
    uint64_t warned;      /* malformed rows reported so far */
} CliInput;

/*
 * Opens FILE ("-" is standard input) and reads its header. Returns 0, or CLI_EXIT_DATA after a
 * message (cannot open or read it, empty, malformed header). Close with cli_input_close() in
 * every case.
 */
int cli_input_open(CliInput *input, const char *command, const char *path);

/*
 * The next valid row: CX_ROW or CX_DONE. Malformed rows are skipped, the first
 * CLI_MAX_ROW_WARNINGS with a warning. A read error prints a message and returns CX_E_IO.
 */
int cli_input_next(CliInput *input);

/* Warns about the malformed rows that were not reported one by one. Call at the end of input. */
void cli_input_finish(CliInput *input);

void cli_input_close(CliInput *input);

/* The columns of the header, for messages: "a, b, c". Free with g_free(). */
char *cli_input_column_list(const CliInput *input);

/* Finds a column by exact name; returns 0, or CLI_EXIT_DATA after a message. */
int cli_input_find_column(const CliInput *input, const char *option, const char *name,
                          size_t *index);

/* ---- group-by ------------------------------------------------------------------------------ */

/*
 * Maps a segment key (the raw text of one cell per group-by column, compared byte by byte, empty
 * allowed) to an accumulator created on first use by @new_func and freed by @free_func.
 */
typedef struct CliGroups CliGroups;

typedef struct {
    char **values;     /* n_columns NUL-terminated copies of the key cells (NULL-terminated) */
    size_t *lengths;   /* their lengths in bytes (cells may hold NUL bytes) */
    void *data;        /* the accumulator */
} CliGroup;

typedef void *(*CliGroupNewFunc)(void *user_data);

CliGroups *cli_groups_new(size_t n_columns, CliGroupNewFunc new_func, GDestroyNotify free_func,
                          void *user_data);
void cli_groups_free(CliGroups *groups);
size_t cli_groups_size(const CliGroups *groups);

/*
 * The accumulator of the key (@values[i], @lengths[i]), i < n_columns, created if needed.
 * @lengths NULL means the values are NUL-terminated. Returns NULL only if @new_func did.
 */
void *cli_groups_get(CliGroups *groups, const char *const *values, const size_t *lengths);

/* Like cli_groups_get(), but never creates: NULL if the key is unknown. */
void *cli_groups_lookup(const CliGroups *groups, const char *const *values,
                        const size_t *lengths);

/*
 * Every group, sorted by key: byte-wise, column by column (a shorter value that is a prefix of a
 * longer one comes first). The array holds const CliGroup *; free it with g_ptr_array_unref().
 */
GPtrArray *cli_groups_sorted(const CliGroups *groups);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(CliGroups, cli_groups_free)

/* ---- number formatting --------------------------------------------------------------------- */

/* @value with @decimals decimals ("-" for NaN, "inf"/"-inf"; never "-0.0"). Free with g_free(). */
char *cli_format_fixed(double value, int decimals);

/* A level as a percentage for headers: 0.95 -> "95%", 0.995 -> "99.5%". Free with g_free(). */
char *cli_format_percent_level(double level);

/* ---- aligned table ------------------------------------------------------------------------- */

typedef struct CliTable CliTable;

typedef enum {
    CLI_ALIGN_LEFT,
    CLI_ALIGN_RIGHT
} CliAlign;

CliTable *cli_table_new(void);
void cli_table_free(CliTable *table);

/*
 * Adds a column. A shrinkable column is cut (ending in "~") when the table would be wider than
 * the width given to cli_table_print(); others never are.
 */
void cli_table_add_column(CliTable *table, const char *header, CliAlign align,
                          gboolean shrinkable);

/* Starts a row; then give one cell per column with cli_table_cell() (missing cells are empty). */
void cli_table_begin_row(CliTable *table);
/* A cell of the current row. Control characters are shown escaped, invalid UTF-8 replaced. */
void cli_table_cell(CliTable *table, const char *text);
void cli_table_cellf(CliTable *table, const char *format, ...) G_GNUC_PRINTF(2, 3);
/* Like cli_table_cell(), taking ownership of @text (g_free()). */
void cli_table_cell_take(CliTable *table, char *text);
/* A horizontal rule across the table. */
void cli_table_add_rule(CliTable *table);

/* Prints the header, a rule and the rows, fitting @max_width display columns where possible. */
void cli_table_print(const CliTable *table, FILE *out, size_t max_width);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(CliTable, cli_table_free)

/* ---- CSV ----------------------------------------------------------------------------------- */

/*
 * Writes one record: fields separated by commas, a field quoted (quotes doubled) when it holds a
 * comma, a double quote, CR or LF, as RFC 4180 says; a NULL field is empty. Lines end with LF.
 */
void cli_csv_write_row(FILE *out, const char *const *fields, size_t n_fields);

/* Appends a field to a row under construction (a GPtrArray of g_free()-able strings). */
void cli_csv_add_text(GPtrArray *row, const char *text);
/* A double at full precision (round-trips); empty for NaN and infinities. */
void cli_csv_add_double(GPtrArray *row, double value);
void cli_csv_add_uint(GPtrArray *row, uint64_t value);
/* Writes @row with cli_csv_write_row() and empties it. */
void cli_csv_flush_row(FILE *out, GPtrArray *row);

/* ---- JSON ---------------------------------------------------------------------------------- */

/* Member @name (NULL inside an array) set to @value, or null when @value is NaN or infinite. */
void cli_json_add_double(JsonBuilder *builder, const char *name, double value);
void cli_json_add_uint(JsonBuilder *builder, const char *name, uint64_t value);
/* A string (invalid UTF-8 replaced), or null when @value is NULL. */
void cli_json_add_string(JsonBuilder *builder, const char *name, const char *value);
void cli_json_add_null(JsonBuilder *builder, const char *name);

/* Prints the builder's root, pretty, followed by a newline. */
void cli_json_print(JsonBuilder *builder, FILE *out);

/* ---- end ---------------------------------------------------------------------------------- */

/* Flushes stdout; returns 0, or CLI_EXIT_DATA after a message if writing failed. */
int cli_finish_output(const char *command);

G_END_DECLS

#endif /* CXSCORE_CLI_COMMON_H */
