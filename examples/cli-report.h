/* SPDX-License-Identifier: MIT */
/*
 * The one report model of the cxscore example program, and its four emitters.
 *
 * A report is a list of settings (what the figures depend on: column, level, method, ...) and
 * a list of sections; a section has a machine name, a title and typed columns, and rows of
 * cells. A command computes its figures, then fills each row once; the emitter chosen with
 * --format writes it:
 *
 *   table     aligned columns, at most 80 wide (long labels are shortened in the middle);
 *             shares as percentages, p-values and intervals printed by cli_p() / "lo to hi".
 *   csv       RFC 4180; each section is a block: a header line whose first field is "section",
 *             then its rows, each starting with the section's name; blocks are separated by an
 *             empty line. The settings are the first block, "setting,value".
 *   json      {"command": ..., "settings": {...}, "sections": [{"name", "title", "rows": [...]}]}:
 *             every row an object keyed by column name; numbers are the shortest text that reads
 *             back to the same double; null where a figure is undefined.
 *   markdown  a "## title" and a pipe table per section, the same cells as the table.
 *
 * With --section NAME (cli_report_only()) only that section is written, and CSV is then one
 * plain table: no settings block, no "section" column - ready for other tools.
 *
 * CSV and column names are the same in CSV and JSON; an interval column NAME is written as two
 * fields NAME_lower and NAME_upper. CSV, JSON and Markdown rows are written as they are filled
 * (streaming); only the aligned table keeps a section's rows until it ends, to align them.
 *
 * Every write is checked: cli_report_finish() flushes the output and returns CLI_EXIT_DATA if
 * anything could not be written (a full disk, a closed or broken pipe); main() then says why
 * (the stream's error flag stays set).
 */
#ifndef CXSCORE_CLI_REPORT_H
#define CXSCORE_CLI_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include <glib.h>

#include <cxscore/cxscore.h>

typedef enum {
    CLI_COL_LABEL,    /* text */
    CLI_COL_COUNT,    /* a whole number (uint64_t) */
    CLI_COL_NUMBER,   /* a double, shown with the column's decimals */
    CLI_COL_SHARE,    /* a proportion in [0, 1], shown as a percentage with the decimals */
    CLI_COL_P,        /* a p-value, shown by cli_p() */
    CLI_COL_INTERVAL  /* two doubles (lower, upper), shown "lo to hi" with the decimals */
} CliColType;

typedef struct {
    const char *name;  /* CSV and JSON name: lower case, no space */
    const char *title; /* table and Markdown header; NULL: the name */
    CliColType type;
    int decimals;      /* NUMBER, SHARE, INTERVAL: decimals in the table */
    gboolean detail;   /* CSV and JSON only: a detail the table and Markdown leave out */
} CliColumn;

/* A column shown everywhere, and a detail column (CSV and JSON only). */
#define CLI_COL(name, title, type, decimals) { (name), (title), (type), (decimals), FALSE }
#define CLI_DETAIL(name, type, decimals) { (name), NULL, (type), (decimals), TRUE }

/* A cell: text for LABEL (NULL: undefined), n for COUNT, x for NUMBER / SHARE / P, x and hi for
 * INTERVAL; a NaN x is undefined (table "-", CSV empty, JSON null), as is na set. */
typedef struct {
    const char *text;
    uint64_t n;
    double x, hi;
    gboolean na;
} CliCell;

#define CLI_TEXT(s) ((CliCell){ .text = (s) })
#define CLI_COUNT(v) ((CliCell){ .n = (v) })
#define CLI_NUM(v) ((CliCell){ .x = (v) })
#define CLI_IV(lo, up) ((CliCell){ .x = (lo), .hi = (up) })
#define CLI_NA ((CliCell){ .na = TRUE, .x = (double)NAN, .hi = (double)NAN })

typedef enum {
    CLI_REPORT_TABLE,
    CLI_REPORT_CSV,
    CLI_REPORT_JSON,
    CLI_REPORT_MARKDOWN
} CliReportFormat;

/* "table" (also NULL), "csv", "json", "markdown" (or "md"), any case; else an error, FALSE. */
gboolean cli_report_parse_format(const char *cmd, const char *name, CliReportFormat *format);

typedef struct CliReport CliReport;

CliReport *cli_report_new(const char *cmd, CliReportFormat format, FILE *out);

/* Writes only the section called @name (NULL: all); before the first section. */
void cli_report_only(CliReport *r, const char *name);

/* Settings, before the first section. A NULL text is written as null / empty. */
void cli_report_setting_text(CliReport *r, const char *key, const char *text);
void cli_report_setting_number(CliReport *r, const char *key, double x);
void cli_report_setting_count(CliReport *r, const char *key, uint64_t n);

/* Starts a section (ending the one before); @columns are copied. */
void cli_report_section(CliReport *r, const char *name, const char *title,
                        const CliColumn *columns, size_t n_columns);
/* One row: as many cells as the section has columns. */
void cli_report_row(CliReport *r, const CliCell *cells);
/* A sentence under the section's table (table and Markdown only: explanations, never data). */
void cli_report_note(CliReport *r, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* A cell as the table and Markdown show it ("-" when undefined; the HTML page too); g_free() it. */
char *cli_report_cell_text(const CliColumn *c, const CliCell *cell);

/* Ends the report, flushes the output and frees @r. Returns CLI_EXIT_OK, or CLI_EXIT_DATA if a
 * write failed (main() prints the message when it closes standard output). */
int cli_report_finish(CliReport *r);

/* ---- the options every report command shares -------------------------------------------------- */

enum {
    CLI_OPT_BY = 1 << 0,       /* -b, --by COL[,COL...] */
    CLI_OPT_WEIGHT = 1 << 1,   /* -w, --weight COL */
    CLI_OPT_LEVEL = 1 << 2,    /* -l, --level L */
    CLI_OPT_FORMAT = 1 << 3,   /* -f, --format FORMAT */
    CLI_OPT_BASELINE = 1 << 4, /* --baseline COL=VALUE */
    CLI_OPT_MIN_N = 1 << 5,    /* --min-n N */
    CLI_OPT_SECTION = 1 << 6,  /* -s, --section NAME */
    CLI_OPT_MAX_SEGMENTS = 1 << 7 /* --max-segments N (default: .max_segments as initialised) */
};

typedef struct {
    char *by, *weight, *level_text, *format_text, *baseline, *section;
    gint64 min_n;
    gint64 max_segments;    /* the command's default before parsing; 0: no limit */
    char *max_segments_help; /* private: the option's help line, naming the default */
    double level;           /* after cli_report_options_check(): 0.95 by default */
    CliReportFormat format; /* after cli_report_options_check() */
} CliReportOptions;

/* Adds the options in @which (CLI_OPT_*) to @ctx's main group, stored in @o. */
void cli_report_options_add(GOptionContext *ctx, CliReportOptions *o, unsigned which);
/* Checks and converts them after parsing; FALSE after a message (bad usage). */
gboolean cli_report_options_check(const char *cmd, CliReportOptions *o);
/* The start of every command that reads one FILE: parses @ctx's options (cli_parse_options()),
 * checks that exactly one FILE is left in @argv and checks @o (cli_report_options_check()).
 * FALSE after a message (bad usage). */
gboolean cli_report_parse(const char *cmd, GOptionContext *ctx, int *argc, char ***argv,
                          CliReportOptions *o);
void cli_report_options_clear(CliReportOptions *o);

/* ---- segments -------------------------------------------------------------------------------- */

/* The columns of a segment key: one label column per --by column @by (size_t indices of
 * @reader's columns), or one "segment" column without --by; @extra more slots after them for the
 * caller's columns. Names point into @reader. g_free() the array. */
CliColumn *cli_key_columns(CxReader *reader, const GArray *by, size_t extra);
/* The key cells of a segment (@values, @n_by of them), or "(all)" in each for the overall row
 * (@values NULL); at least one cell. */
void cli_key_cells(CliCell *cells, size_t n_by, char *const *values);

/* "95% CI": the title of an interval column at @level; g_free() it. */
char *cli_level_title(double level);

/* The shortest text that reads back (g_ascii_strtod()) to @x: "0.95", "1e-05", "-25"; "" for NaN
 * and infinities. @buf holds at least 32 bytes. */
const char *cli_shortest(double x, char *buf);

#endif /* CXSCORE_CLI_REPORT_H */
