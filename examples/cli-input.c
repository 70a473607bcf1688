/* SPDX-License-Identifier: MIT */
/* The CLI's input options and rejects report (cli-input.h, docs/input.md). */
#include "cli-input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-common.h"

#define EXAMPLES_PER_REASON 3
#define N_REASONS 8

static char *opt_from, *opt_encoding, *opt_encoding_errors, *opt_decimal, *opt_missing;
static char *opt_labels, *opt_label_scale, *opt_date_format, *opt_rejects;
static int opt_header_rows = -1, opt_skip_rows;

/* What the options make: the reading options and the cell rules, and what was rejected. */
typedef struct {
    const char *cmd;
    CxReadOptions *options;
    CxCellRules *rules;
    FILE *rejects;
    gboolean rejects_started; /* a second file (retention's --survey) appends to it */
    char *rejects_path;
    gboolean write_failed;
    uint64_t by_reason[N_REASONS];
    GString *examples[N_REASONS];
    const CxReader *reader;
} Input;

static Input input;

void
cli_input_add_options(GOptionGroup *group)
{
    /* Descriptions fit the 80-column help next to the longest option, --encoding-errors=MODE
     * (docs/input.md has the details). Arguments are taken as the command line's bytes
     * (FILENAME), like the column names: a missing marker or a label matches the file's UTF-8
     * whatever the locale. */
    static GOptionEntry entries[] = {
        { "from", 0, 0, G_OPTION_ARG_FILENAME, &opt_from,
          "Export platform, e.g. qualtrics (default: auto)", "PLATFORM" },
        { "header-rows", 0, 0, G_OPTION_ARG_INT, &opt_header_rows,
          "Header rows (default: the platform's, else 1)", "N" },
        { "skip-rows", 0, 0, G_OPTION_ARG_INT, &opt_skip_rows,
          "Rows to skip above the header (default 0)", "N" },
        { "encoding", 0, 0, G_OPTION_ARG_FILENAME, &opt_encoding,
          "Encoding, e.g. windows-1252 (default: UTF-8/16)", "NAME" },
        { "encoding-errors", 0, 0, G_OPTION_ARG_FILENAME, &opt_encoding_errors,
          "An undecodable byte: strict (default) or replace", "MODE" },
        { "decimal", 0, 0, G_OPTION_ARG_FILENAME, &opt_decimal,
          "Decimal mark of numbers: . (default) or ,", "CHAR" },
        { "missing-markers", 0, 0, G_OPTION_ARG_FILENAME, &opt_missing,
          "More missing markers; 'none:' clears the defaults", "LIST" },
        { "labels", 0, 0, G_OPTION_ARG_FILENAME, &opt_labels,
          "Label map key file ([labels] Very satisfied=5)", "FILE" },
        { "label-scale", 0, 0, G_OPTION_ARG_FILENAME, &opt_label_scale,
          "Built-in labels: csat, agree5, agree7, ces, effort5", "NAMES" },
        { "date-format", 0, 0, G_OPTION_ARG_FILENAME, &opt_date_format,
          "strptime-style date format, e.g. %d.%m.%Y %H:%M", "FORMAT" },
        { "rejects", 0, 0, G_OPTION_ARG_FILENAME, &opt_rejects,
          "Write every rejected cell to FILE as CSV", "FILE" },
        { NULL },
    };
    g_option_group_add_entries(group, entries);
}

static gboolean
fail(const char *cmd, const char *what)
{
    cli_error(cmd, "%s", what);
    return FALSE;
}

gboolean
cli_input_check(const char *cmd, char delimiter)
{
    input.cmd = cmd;
    if (cx_read_options_new(&input.options) != CX_OK || cx_cell_rules_new(&input.rules) != CX_OK)
        return fail(cmd, "out of memory");
    if (opt_from && cx_read_options_set_profile(input.options, opt_from) != CX_OK) {
        cli_error(cmd, "unknown --from '%s' (expected qualtrics, surveymonkey, google-forms, "
                       "typeform, microsoft-forms, excel, auto or none)", opt_from);
        return FALSE;
    }
    if (opt_header_rows != -1 &&
        (opt_header_rows < 1 ||
         cx_read_options_set_header_rows(input.options, (size_t)opt_header_rows) != CX_OK))
        return fail(cmd, "--header-rows takes a number from 1 to 16");
    if (opt_skip_rows < 0 ||
        cx_read_options_set_skip_rows(input.options, (size_t)opt_skip_rows) != CX_OK)
        return fail(cmd, "--skip-rows takes a number from 0 to 1000");
    if (opt_encoding && cx_read_options_set_encoding(input.options, opt_encoding) != CX_OK) {
        cli_error(cmd, "unknown --encoding '%s' (see 'iconv --list')", opt_encoding);
        return FALSE;
    }
    if (opt_encoding_errors && strcmp(opt_encoding_errors, "strict") != 0 &&
        strcmp(opt_encoding_errors, "replace") != 0)
        return fail(cmd, "--encoding-errors takes strict or replace");
    cx_read_options_set_encoding_errors(input.options,
                                        opt_encoding_errors &&
                                            strcmp(opt_encoding_errors, "replace") == 0);
    /* --delimiter given (not ','), or left to the platform. */
    if (delimiter != ',')
        cx_read_options_set_delimiter(input.options, delimiter);
    if (opt_decimal && (strlen(opt_decimal) != 1 ||
                        cx_cell_rules_set_decimal(input.rules, opt_decimal[0]) != CX_OK))
        return fail(cmd, "--decimal takes . or ,");
    if (opt_missing) {
        const char *list = opt_missing;
        if (g_str_has_prefix(list, "none:")) {
            cx_cell_rules_clear_missing(input.rules);
            list += 5;
        }
        gchar **markers = g_strsplit(list, ",", -1);
        for (gchar **m = markers; *m; m++)
            if (**m && cx_cell_rules_add_missing(input.rules, *m) != CX_OK) {
                cli_error(cmd, "--missing-markers: '%s' is not a marker (blank, or over 256 bytes)", *m);
                g_strfreev(markers);
                return FALSE;
            }
        g_strfreev(markers);
    }
    if (opt_label_scale) {
        gchar **names = g_strsplit(opt_label_scale, ",", -1);
        for (gchar **n = names; *n; n++)
            if (cx_cell_rules_add_scale(input.rules, g_strstrip(*n)) != CX_OK) {
                cli_error(cmd, "--label-scale: %s", cx_cell_rules_error_message(input.rules));
                g_strfreev(names);
                return FALSE;
            }
        g_strfreev(names);
    }
    if (opt_labels) {
        gchar *text = NULL;
        gsize len = 0;
        GError *err = NULL;
        if (!g_file_get_contents(opt_labels, &text, &len, &err)) {
            cli_error(cmd, "--labels: %s", err->message);
            g_error_free(err);
            return FALSE;
        }
        int st = cx_cell_rules_load_labels(input.rules, text, len);
        g_free(text);
        if (st != CX_OK) {
            cli_error(cmd, "--labels %s: %s", opt_labels,
                      cx_cell_rules_error_message(input.rules));
            return FALSE;
        }
    }
    if (opt_date_format && cx_cell_rules_set_date_format(input.rules, opt_date_format) != CX_OK) {
        cli_error(cmd, "--date-format: %s", cx_cell_rules_error_message(input.rules));
        return FALSE;
    }
    return TRUE;
}

static void
on_reject(void *user_data, uint64_t line, size_t column, const char *value, size_t len,
          int reason)
{
    Input *in = user_data;
    int r = reason >= 0 && reason < N_REASONS ? reason : 0;
    const char *name = column == SIZE_MAX ? "" : cx_reader_column_name(in->reader, column);
    if (in->by_reason[r]++ < EXAMPLES_PER_REASON) {
        if (!in->examples[r])
            in->examples[r] = g_string_new(NULL);
        if (column == SIZE_MAX)
            g_string_append_printf(in->examples[r], "    %.*s\n", (int)MIN(len, 200), value);
        else
            g_string_append_printf(in->examples[r], "    line %" G_GUINT64_FORMAT
                                   ", column '%s': '%.*s'\n",
                                   line, name, (int)MIN(len, 200), value);
    }
    if (in->rejects) {
        char *text = g_strndup(value, len);
        fprintf(in->rejects, "%" G_GUINT64_FORMAT ",", line);
        cli_csv_field(in->rejects, name, FALSE);
        cli_csv_field(in->rejects, text, FALSE);
        cli_csv_field(in->rejects, cx_reject_reason_name(reason), TRUE);
        g_free(text);
    }
}

CxReader *
cli_input_open(const char *cmd, const char *path)
{
    CxReader *reader = NULL;
    gboolean stdin_ = strcmp(path, "-") == 0;
    int st = stdin_ ? cx_reader_open_fd_with(0, 0, input.options, &reader)
                    : cx_reader_open_path_with(path, input.options, &reader);
    if (st != CX_OK) {
        const char *detail = reader ? cx_reader_error_message(reader) : "";
        cli_error(cmd, "%s: %s", stdin_ ? "standard input" : path,
                  *detail ? detail : cx_strerror(st));
        cx_reader_free(reader);
        if (st == CX_E_MISMATCH)
            exit(CLI_EXIT_USAGE); /* a --from that does not fit the file: a usage error */
        return NULL;
    }
    if (*cx_reader_profile(reader) && (!opt_from || strcmp(opt_from, "auto") == 0))
        cli_error(cmd, "note: read as a %s export (detected from the header; --from none to "
                       "read it plainly)", cx_reader_profile(reader));
    input.reader = reader;
    if (opt_rejects) {
        input.rejects = fopen(opt_rejects, input.rejects_started ? "a" : "w");
        if (!input.rejects) {
            cli_error(cmd, "--rejects %s: %s", opt_rejects, g_strerror(errno));
            cx_reader_free(reader);
            return NULL;
        }
        if (!input.rejects_started)
            fputs("line,column,value,reason\n", input.rejects);
        input.rejects_started = TRUE;
    }
    cx_reader_set_reject_func(reader, on_reject, &input);
    return reader;
}

int
cli_input_open_part(CxReadFunc read_func, void *user_data, size_t answer_col, double min,
                    double max, CxReader **out)
{
    CxReadOptions *o = NULL;
    int st = cx_read_options_new(&o);
    if (st == CX_OK) {
        cx_read_options_set_profile(o, "none");
        cx_read_options_set_encoding(o, "UTF-8");
        cx_read_options_set_delimiter(o, cli_delimiter());
        st = cx_reader_open_callback_with(read_func, user_data, o, out);
    }
    if (st == CX_OK)
        st = cx_reader_set_number_column(*out, answer_col, input.rules, min, max, 1);
    cx_read_options_free(o);
    return st;
}

gboolean
cli_input_splittable(const CxReader *reader)
{
    return strcmp(cx_reader_encoding(reader), "UTF-8") == 0 &&
           cx_reader_header_row_count(reader) == 1 && !*cx_reader_profile(reader) &&
           opt_skip_rows == 0 && (!opt_encoding_errors || strcmp(opt_encoding_errors, "replace"));
}

uint64_t
cli_input_part_problems(const CxReader *reader, size_t answer_col)
{
    uint64_t rejected = 0;
    cx_reader_column_counts(reader, answer_col, NULL, NULL, &rejected);
    return rejected + cx_reader_malformed_count(reader);
}

void
cli_input_answers(CxReader *reader, size_t column, double min, double max)
{
    cx_reader_set_number_column(reader, column, input.rules, min, max, 1);
}

void
cli_input_answer_columns(CxReader *reader, const size_t *cols, size_t n, double min, double max,
                         gboolean whole)
{
    for (size_t k = 0; k < n; k++)
        cx_reader_set_number_column(reader, cols[k], input.rules, min, max, whole);
}

void
cli_input_weights(CxReader *reader, size_t column)
{
    cx_reader_set_number_column(reader, column, input.rules, 0, HUGE_VAL, 0);
}

void
cli_input_times(CxReader *reader, size_t column)
{
    cx_reader_set_time_column(reader, column, input.rules);
}

void
cli_input_segments(CxReader *reader, const GArray *by)
{
    for (guint k = 0; k < by->len; k++) {
        size_t col = g_array_index(by, size_t, k);
        size_t span = cx_reader_choice_span(reader, col);
        if (span > 1)
            cx_reader_set_choice_column(reader, col, span);
    }
}

/* The rejects by reason, with their first examples, and the replaced bytes. */
static void
report_reasons(const char *cmd, const CxReader *reader)
{
    uint64_t cells = 0;
    for (int r = 1; r < N_REASONS; r++)
        if (input.by_reason[r] && r != CX_REASON_MALFORMED_ROW)
            cells += input.by_reason[r];
    if (cells || input.by_reason[CX_REASON_MALFORMED_ROW])
        cli_error(cmd, "rejected:");
    for (int r = 1; r < N_REASONS; r++) {
        if (!input.by_reason[r])
            continue;
        cli_error(cmd, "  %" G_GUINT64_FORMAT " %s%s, e.g.:", input.by_reason[r],
                  cx_reject_reason_name(r),
                  r == CX_REASON_MALFORMED_ROW ? (input.by_reason[r] > 1 ? "s" : "")
                                               : (input.by_reason[r] > 1 ? " cells" : " cell"));
        if (input.examples[r])
            fputs(input.examples[r]->str, stderr);
    }
    if (cx_reader_replaced_count(reader))
        cli_error(cmd, "warning: %" G_GUINT64_FORMAT " undecodable byte%s replaced by U+FFFD",
                  cx_reader_replaced_count(reader),
                  cx_reader_replaced_count(reader) == 1 ? "" : "s");
}

/* Closes --rejects FILE (FALSE when it could not be written) and frees the examples. */
static gboolean
finish_rejects(const char *cmd, gboolean any)
{
    gboolean ok = TRUE;
    if (input.rejects) {
        ok = fflush(input.rejects) == 0 && !ferror(input.rejects);
        if (fclose(input.rejects) != 0)
            ok = FALSE;
        input.rejects = NULL;
        if (!ok)
            cli_error(cmd, "--rejects %s: could not be written", opt_rejects);
        else if (any)
            cli_error(cmd, "every rejected cell and malformed row is in %s", opt_rejects);
    }
    for (int r = 0; r < N_REASONS; r++)
        if (input.examples[r])
            g_string_free(input.examples[r], TRUE);
    memset(input.examples, 0, sizeof input.examples);
    memset(input.by_reason, 0, sizeof input.by_reason); /* the next file's report starts afresh */
    return ok;
}

gboolean
cli_input_report(const char *cmd, const CxReader *reader, uint64_t scored, uint64_t missing,
                 uint64_t rejected, uint64_t malformed)
{
    report_reasons(cmd, reader);
    uint64_t records = cx_reader_row_count(reader) + cx_reader_malformed_count(reader);
    uint64_t sum = scored + missing + rejected + malformed;
    if (records == 0) /* read in parts (cmd-nps.c's parallel read): the parts counted them */
        records = sum;
    if (rejected || malformed || missing)
        cli_error(cmd, "%" G_GUINT64_FORMAT " rows = %" G_GUINT64_FORMAT " scored + %"
                  G_GUINT64_FORMAT " missing + %" G_GUINT64_FORMAT " rejected + %"
                  G_GUINT64_FORMAT " malformed%s",
                  records, scored, missing, rejected, malformed,
                  records == sum ? " (every row accounted for)" : " (DOES NOT ADD UP)");
    return finish_rejects(cmd, rejected || malformed);
}

gboolean
cli_input_report_cells(const char *cmd, const CxReader *reader)
{
    report_reasons(cmd, reader);
    uint64_t rows = cx_reader_row_count(reader), malformed = cx_reader_malformed_count(reader);
    uint64_t valid = 0, missing = 0, rejected = 0;
    size_t n = 0;
    for (size_t k = 0; k < cx_reader_column_count(reader); k++) {
        uint64_t v, m, r;
        if (cx_reader_column_counts(reader, k, &v, &m, &r) != CX_OK)
            continue; /* a column read as it is (an id, a segment) */
        valid += v;
        missing += m;
        rejected += r;
        n++;
    }
    if (n == 0 && malformed) /* no column read by the rules: the rows alone */
        cli_error(cmd, "%" G_GUINT64_FORMAT " rows = %" G_GUINT64_FORMAT " read + %"
                  G_GUINT64_FORMAT " malformed (every row accounted for)",
                  rows + malformed, rows, malformed);
    else if (missing || rejected || malformed)
        cli_error(cmd, "%" G_GUINT64_FORMAT " rows = %" G_GUINT64_FORMAT " read + %"
                  G_GUINT64_FORMAT " malformed; their %" G_GUINT64_FORMAT " cells in %zu "
                  "column%s read by the rules = %" G_GUINT64_FORMAT " valid + %"
                  G_GUINT64_FORMAT " missing + %" G_GUINT64_FORMAT " rejected%s",
                  rows + malformed, rows, malformed, rows * n, n, n == 1 ? "" : "s", valid,
                  missing, rejected,
                  valid + missing + rejected == rows * n ? " (every cell accounted for)"
                                                         : " (DOES NOT ADD UP)");
    return finish_rejects(cmd, rejected || malformed);
}
