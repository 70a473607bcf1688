/* SPDX-License-Identifier: MIT */
/* The report model and its emitters: see cli-report.h. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "cli-common.h"
#include "cli-report.h"

#define TABLE_WIDTH 80

typedef enum { SET_TEXT, SET_NUMBER, SET_COUNT } SettingKind;

typedef struct {
    char *key, *text;
    double x;
    uint64_t n;
    SettingKind kind;
} Setting;

struct CliReport {
    const char *cmd;
    CliReportFormat format;
    FILE *out;
    int err;               /* errno of the first failed write, 0 if none */
    GArray *settings;      /* Setting, until they are written */
    gboolean started;      /* the settings (the report's head) are written */
    char *only;            /* --section: the one section written, or NULL */
    gboolean skipping;     /* the current section is not written (--section) */
    GString *names;        /* the sections' names, for a --section that names none */
    gboolean matched;      /* --section named a section of the report */
    size_t n_sections;
    /* the current section */
    gboolean open;
    char *name, *title;
    CliColumn *cols;       /* names and titles owned */
    size_t n_cols;
    size_t n_rows;
    GPtrArray *rows;       /* table: char ** of formatted cells */
    GPtrArray *notes;      /* table, Markdown: char * */
};

/* ---- checked output --------------------------------------------------------------------------- */

static void
put(CliReport *r, const char *s, size_t len)
{
    if (r->err || len == 0)
        return;
    errno = 0;
    if (fwrite(s, 1, len, r->out) != len)
        r->err = errno ? errno : EIO;
}

static void
puts_(CliReport *r, const char *s)
{
    put(r, s, strlen(s));
}

static void G_GNUC_PRINTF(2, 3)
printf_(CliReport *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    puts_(r, s);
    g_free(s);
}

/* ---- numbers and cells ------------------------------------------------------------------------ */

const char *
cli_shortest(double x, char *buf)
{
    buf[0] = '\0';
    if (!isfinite(x))
        return buf;
    /* %.17g always reads back; the first shorter precision that does is the shortest text. */
    for (int prec = 1; prec <= 17; prec++) {
        char fmt[8];
        g_snprintf(fmt, sizeof fmt, "%%.%dg", prec);
        g_ascii_formatd(buf, 32, fmt, x);
        double back = g_ascii_strtod(buf, NULL);
        if (memcmp(&back, &x, sizeof x) != 0)
            continue;
        /* "2920", not "2.92e+03": plain digits for magnitudes from 1e-4 to 1e16. */
        double mag = fabs(x);
        if (strchr(buf, 'e') && mag >= 1e-4 && mag < 1e16) {
            int exp10 = (int)floor(log10(mag));
            g_snprintf(fmt, sizeof fmt, "%%.%df", MAX(0, prec - 1 - exp10));
            g_ascii_formatd(buf, 32, fmt, x);
        }
        break;
    }
    return buf;
}

static gboolean
cell_na(const CliColumn *c, const CliCell *cell)
{
    if (cell->na)
        return TRUE;
    switch (c->type) {
    case CLI_COL_LABEL:
        return cell->text == NULL;
    case CLI_COL_COUNT:
        return FALSE;
    case CLI_COL_INTERVAL:
        return !isfinite(cell->x) || !isfinite(cell->hi);
    default:
        return !isfinite(cell->x);
    }
}

char *
cli_report_cell_text(const CliColumn *c, const CliCell *cell)
{
    if (cell_na(c, cell))
        return g_strdup("-");
    switch (c->type) {
    case CLI_COL_LABEL:
        return cli_table_text(*cell->text ? cell->text : "(blank)");
    case CLI_COL_COUNT:
        return g_strdup_printf("%llu", (unsigned long long)cell->n);
    case CLI_COL_NUMBER:
        return cli_num(cell->x, c->decimals);
    case CLI_COL_SHARE:
        return cli_num(100.0 * cell->x, c->decimals);
    case CLI_COL_P:
        return cli_p(cell->x);
    case CLI_COL_INTERVAL:
        return cli_interval(cell->x, cell->hi, c->decimals);
    }
    return g_strdup("?");
}

/* ---- CSV -------------------------------------------------------------------------------------- */

static void
csv_field(CliReport *r, const char *text, gboolean first)
{
    if (!first)
        put(r, ",", 1);
    if (!strpbrk(text, ",\"\r\n")) {
        puts_(r, text);
        return;
    }
    put(r, "\"", 1);
    for (const char *c = text; *c; c++) {
        if (*c == '"')
            put(r, "\"", 1);
        put(r, c, 1);
    }
    put(r, "\"", 1);
}

static void
csv_number(CliReport *r, double x)
{
    char buf[32];
    csv_field(r, cli_shortest(x, buf), FALSE);
}

/* ---- JSON ------------------------------------------------------------------------------------- */

static void
json_string(CliReport *r, const char *text)
{
    if (!text) {
        puts_(r, "null");
        return;
    }
    char *escaped = cli_escape_text(text, TRUE);
    GString *s = g_string_new("\"");
    g_string_append(s, escaped);
    g_string_append_c(s, '"');
    g_free(escaped);
    put(r, s->str, s->len);
    g_string_free(s, TRUE);
}

static void
json_number(CliReport *r, double x)
{
    char buf[32];
    puts_(r, isfinite(x) ? cli_shortest(x, buf) : "null");
}

/* ---- the report's head: settings -------------------------------------------------------------- */

static char *
setting_text(const Setting *s)
{
    char buf[32];
    switch (s->kind) {
    case SET_TEXT:
        return g_strdup(s->text ? s->text : "");
    case SET_NUMBER:
        return g_strdup(cli_shortest(s->x, buf));
    case SET_COUNT:
        return g_strdup_printf("%llu", (unsigned long long)s->n);
    }
    return g_strdup("");
}

void
cli_report_only(CliReport *r, const char *name)
{
    g_free(r->only);
    r->only = g_strdup(name);
}

static void
start(CliReport *r)
{
    if (r->started)
        return;
    r->started = TRUE;
    Setting *set = (Setting *)(void *)r->settings->data;
    size_t n = r->settings->len;
    if (r->only && r->format != CLI_REPORT_JSON)
        return; /* one section alone: its table, nothing around it */
    switch (r->format) {
    case CLI_REPORT_JSON:
        printf_(r, "{\n  \"command\": ");
        json_string(r, r->cmd);
        puts_(r, ",\n  \"settings\": {");
        for (size_t i = 0; i < n; i++) {
            puts_(r, i ? ", " : "");
            json_string(r, set[i].key);
            puts_(r, ": ");
            if (set[i].kind == SET_TEXT)
                json_string(r, set[i].text);
            else if (set[i].kind == SET_NUMBER)
                json_number(r, set[i].x);
            else
                printf_(r, "%llu", (unsigned long long)set[i].n);
        }
        puts_(r, "},\n  \"sections\": [");
        break;
    case CLI_REPORT_CSV:
        puts_(r, "section,setting,value\n");
        for (size_t i = 0; i < n; i++) {
            char *v = setting_text(&set[i]);
            csv_field(r, "settings", TRUE);
            csv_field(r, set[i].key, FALSE);
            csv_field(r, v, FALSE);
            put(r, "\n", 1);
            g_free(v);
        }
        r->n_sections++; /* the settings block */
        break;
    case CLI_REPORT_TABLE:
    case CLI_REPORT_MARKDOWN: {
        /* One line "Settings: key value, key value", wrapped at 80 columns. */
        GString *line = g_string_new(r->format == CLI_REPORT_MARKDOWN ? "**Settings:**" : "Settings:");
        size_t width = (size_t)g_utf8_strlen(line->str, -1);
        for (size_t i = 0; i < n; i++) {
            char *v = setting_text(&set[i]);
            char *item = g_strdup_printf("%s %s%s", set[i].key, *v ? v : "-", i + 1 < n ? "," : "");
            char *shown = cli_table_text(item);
            size_t w = (size_t)g_utf8_strlen(shown, -1);
            if (width + 1 + w > TABLE_WIDTH && width > 0) {
                g_string_append_c(line, '\n');
                width = 0;
            } else {
                g_string_append_c(line, ' ');
                width++;
            }
            g_string_append(line, shown);
            width += w;
            g_free(shown);
            g_free(item);
            g_free(v);
        }
        if (n)
            g_string_append(line, "\n\n");
        else
            g_string_truncate(line, 0);
        put(r, line->str, line->len);
        g_string_free(line, TRUE);
        break;
    }
    }
}

static void
add_setting(CliReport *r, Setting s)
{
    g_return_if_fail(!r->started);
    g_array_append_val(r->settings, s);
}

void
cli_report_setting_text(CliReport *r, const char *key, const char *text)
{
    add_setting(r, (Setting){ .key = g_strdup(key), .text = g_strdup(text), .kind = SET_TEXT });
}

void
cli_report_setting_number(CliReport *r, const char *key, double x)
{
    add_setting(r, (Setting){ .key = g_strdup(key), .x = x, .kind = SET_NUMBER });
}

void
cli_report_setting_count(CliReport *r, const char *key, uint64_t n)
{
    add_setting(r, (Setting){ .key = g_strdup(key), .n = n, .kind = SET_COUNT });
}

/* ---- the aligned table ------------------------------------------------------------------------ */

/* @text shortened to @width characters, in the middle: "customer_support_…_north". */
static char *
shorten(const char *text, size_t width)
{
    size_t len = (size_t)g_utf8_strlen(text, -1);
    if (len <= width || width < 3)
        return g_strdup(text);
    size_t tail = (width - 1) / 3, head = width - 1 - tail;
    const char *head_end = g_utf8_offset_to_pointer(text, (glong)head);
    const char *tail_start = g_utf8_offset_to_pointer(text, (glong)(len - tail));
    return g_strdup_printf("%.*s…%s", (int)(head_end - text), text, tail_start);
}

static void
table_line(CliReport *r, char **cells, const size_t *width)
{
    GString *s = g_string_new(NULL);
    gboolean first = TRUE;
    size_t last = r->n_cols;
    for (size_t i = 0; i < r->n_cols; i++)
        if (!r->cols[i].detail)
            last = i;
    for (size_t i = 0; i < r->n_cols; i++) {
        if (r->cols[i].detail)
            continue;
        char *cell = r->cols[i].type == CLI_COL_LABEL ? shorten(cells[i], width[i])
                                                       : g_strdup(cells[i]);
        size_t pad = width[i] - MIN(width[i], (size_t)g_utf8_strlen(cell, -1));
        if (!first)
            g_string_append(s, "  ");
        first = FALSE;
        if (r->cols[i].type == CLI_COL_LABEL) {
            g_string_append(s, cell);
            if (i != last)
                for (size_t k = 0; k < pad; k++)
                    g_string_append_c(s, ' ');
        } else {
            for (size_t k = 0; k < pad; k++)
                g_string_append_c(s, ' ');
            g_string_append(s, cell);
        }
        g_free(cell);
    }
    g_string_append_c(s, '\n');
    put(r, s->str, s->len);
    g_string_free(s, TRUE);
}

static void
table_end(CliReport *r)
{
    char **head = g_new0(char *, r->n_cols + 1);
    size_t *width = g_new0(size_t, r->n_cols);
    size_t total = 0;
    for (size_t i = 0; i < r->n_cols; i++) {
        head[i] = cli_table_text(r->cols[i].title);
        if (r->cols[i].detail)
            continue;
        total += total ? 2 : 0;
        width[i] = (size_t)g_utf8_strlen(head[i], -1);
        for (guint k = 0; k < r->rows->len; k++) {
            char **row = g_ptr_array_index(r->rows, k);
            width[i] = MAX(width[i], (size_t)g_utf8_strlen(row[i], -1));
        }
        total += width[i];
    }
    /* Too wide: shorten the widest label column, one character at a time, down to 8. */
    while (total > TABLE_WIDTH) {
        size_t widest = r->n_cols;
        for (size_t i = 0; i < r->n_cols; i++)
            if (r->cols[i].type == CLI_COL_LABEL && !r->cols[i].detail && width[i] > 8 &&
                (widest == r->n_cols || width[i] > width[widest]))
                widest = i;
        if (widest == r->n_cols)
            break;
        width[widest]--;
        total--;
    }
    if (r->title)
        printf_(r, "%s\n\n", r->title);
    table_line(r, head, width);
    for (guint k = 0; k < r->rows->len; k++)
        table_line(r, g_ptr_array_index(r->rows, k), width);
    g_strfreev(head);
    g_free(width);
}

/* ---- sections and rows ------------------------------------------------------------------------ */

static void
notes_out(CliReport *r)
{
    if (r->notes->len)
        put(r, "\n", 1);
    for (guint i = 0; i < r->notes->len; i++)
        printf_(r, "%s\n", (char *)g_ptr_array_index(r->notes, i));
}

static void
section_end(CliReport *r)
{
    if (!r->open)
        return;
    switch (r->skipping ? (CliReportFormat)-1 : r->format) {
    case CLI_REPORT_TABLE:
        table_end(r);
        notes_out(r);
        break;
    case CLI_REPORT_MARKDOWN:
        notes_out(r);
        break;
    case CLI_REPORT_JSON:
        puts_(r, r->n_rows ? "\n    ]}" : "]}");
        break;
    case CLI_REPORT_CSV:
    default:
        break;
    }
    for (size_t i = 0; i < r->n_cols; i++) {
        g_free((char *)r->cols[i].name);
        g_free((char *)r->cols[i].title);
    }
    g_free(r->cols);
    g_free(r->name);
    g_free(r->title);
    r->cols = NULL;
    r->name = r->title = NULL;
    g_ptr_array_set_size(r->rows, 0);
    g_ptr_array_set_size(r->notes, 0);
    r->open = FALSE;
}

void
cli_report_section(CliReport *r, const char *name, const char *title, const CliColumn *columns,
                   size_t n_columns)
{
    start(r);
    section_end(r);
    r->open = TRUE;
    r->name = g_strdup(name);
    r->title = g_strdup(title);
    r->n_cols = n_columns;
    r->n_rows = 0;
    r->cols = g_new(CliColumn, n_columns);
    for (size_t i = 0; i < n_columns; i++) {
        r->cols[i] = columns[i];
        r->cols[i].name = g_strdup(columns[i].name);
        r->cols[i].title = g_strdup(columns[i].title ? columns[i].title : columns[i].name);
    }
    r->skipping = r->only && strcmp(r->only, name) != 0;
    r->matched |= r->only && !r->skipping;
    g_string_append_printf(r->names, "%s%s", r->names->len ? ", " : "", name);
    if (r->skipping)
        return;
    switch (r->format) {
    case CLI_REPORT_TABLE:
        if (r->n_sections)
            put(r, "\n", 1);
        if (r->only)
            g_clear_pointer(&r->title, g_free); /* the table alone */
        break;
    case CLI_REPORT_MARKDOWN:
        if (r->n_sections)
            put(r, "\n", 1);
        printf_(r, "## %s\n\n|", title);
        for (size_t i = 0; i < n_columns; i++) {
            if (columns[i].detail)
                continue;
            char *t = cli_table_text(r->cols[i].title);
            char *esc = cli_markdown_escape(t);
            printf_(r, " %s |", esc);
            g_free(esc);
            g_free(t);
        }
        puts_(r, "\n|");
        for (size_t i = 0; i < n_columns; i++)
            if (!columns[i].detail)
                puts_(r, columns[i].type == CLI_COL_LABEL ? " --- |" : " ---: |");
        put(r, "\n", 1);
        break;
    case CLI_REPORT_JSON:
        puts_(r, r->n_sections ? ",\n    {\"name\": " : "\n    {\"name\": ");
        json_string(r, name);
        puts_(r, ", \"title\": ");
        json_string(r, title);
        puts_(r, ", \"rows\": [");
        break;
    case CLI_REPORT_CSV:
        if (r->n_sections)
            put(r, "\n", 1);
        if (!r->only)
            csv_field(r, "section", TRUE);
        for (size_t i = 0; i < n_columns; i++) {
            gboolean first = r->only && i == 0;
            if (columns[i].type != CLI_COL_INTERVAL) {
                csv_field(r, columns[i].name, first);
                continue;
            }
            char *lo = g_strconcat(columns[i].name, "_lower", NULL);
            char *hi = g_strconcat(columns[i].name, "_upper", NULL);
            csv_field(r, lo, first);
            csv_field(r, hi, FALSE);
            g_free(lo);
            g_free(hi);
        }
        put(r, "\n", 1);
        break;
    }
    r->n_sections++;
}

void
cli_report_row(CliReport *r, const CliCell *cells)
{
    g_return_if_fail(r->open);
    if (r->skipping)
        return;
    switch (r->format) {
    case CLI_REPORT_TABLE:
    case CLI_REPORT_MARKDOWN: {
        char **row = g_new0(char *, r->n_cols + 1);
        for (size_t i = 0; i < r->n_cols; i++)
            row[i] = r->cols[i].detail ? g_strdup("") : cli_report_cell_text(&r->cols[i], &cells[i]);
        if (r->format == CLI_REPORT_TABLE) {
            g_ptr_array_add(r->rows, row);
            break;
        }
        put(r, "|", 1);
        for (size_t i = 0; i < r->n_cols; i++) {
            if (r->cols[i].detail)
                continue;
            char *esc = cli_markdown_escape(row[i]);
            printf_(r, " %s |", esc);
            g_free(esc);
        }
        put(r, "\n", 1);
        g_strfreev(row);
        break;
    }
    case CLI_REPORT_CSV:
        if (!r->only)
            csv_field(r, r->name, TRUE);
        for (size_t i = 0; i < r->n_cols; i++) {
            const CliColumn *c = &r->cols[i];
            gboolean na = cell_na(c, &cells[i]), first = r->only && i == 0;
            char buf[32];
            if (c->type == CLI_COL_LABEL)
                csv_field(r, na ? "" : cells[i].text, first);
            else if (c->type == CLI_COL_COUNT) {
                g_snprintf(buf, sizeof buf, "%llu", (unsigned long long)cells[i].n);
                csv_field(r, na ? "" : buf, first); /* CLI_NA: undefined, as in the table */
            }            else if (c->type == CLI_COL_INTERVAL) {
                csv_field(r, cli_shortest(na ? (double)NAN : cells[i].x, buf), first);
                csv_number(r, na ? (double)NAN : cells[i].hi);
            } else
                csv_field(r, cli_shortest(na ? (double)NAN : cells[i].x, buf), first);
        }
        put(r, "\n", 1);
        break;
    case CLI_REPORT_JSON:
    default:
        puts_(r, r->n_rows ? ",\n      {" : "\n      {");
        for (size_t i = 0; i < r->n_cols; i++) {
            const CliColumn *c = &r->cols[i];
            gboolean na = cell_na(c, &cells[i]);
            if (i)
                puts_(r, ", ");
            if (c->type == CLI_COL_INTERVAL) {
                printf_(r, "\"%s_lower\": ", c->name);
                json_number(r, na ? (double)NAN : cells[i].x);
                printf_(r, ", \"%s_upper\": ", c->name);
                json_number(r, na ? (double)NAN : cells[i].hi);
                continue;
            }
            json_string(r, c->name);
            puts_(r, ": ");
            if (c->type == CLI_COL_LABEL)
                json_string(r, na ? NULL : cells[i].text);
            else if (c->type == CLI_COL_COUNT && !na)
                printf_(r, "%llu", (unsigned long long)cells[i].n);
            else
                json_number(r, na ? (double)NAN : cells[i].x);
        }
        puts_(r, "}");
        break;
    }
    r->n_rows++;
}

void
cli_report_note(CliReport *r, const char *fmt, ...)
{
    if (r->format != CLI_REPORT_TABLE && r->format != CLI_REPORT_MARKDOWN)
        return;
    va_list ap;
    va_start(ap, fmt);
    g_ptr_array_add(r->notes, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

/* ---- options ---------------------------------------------------------------------------------- */

void
cli_report_options_add(GOptionContext *ctx, CliReportOptions *o, unsigned which)
{
    /* Column names are kept as the bytes given (FILENAME: no conversion through the locale), as
     * they are matched against the file's UTF-8 header whatever the locale. */
    const GOptionEntry all[] = {
        { "by", 'b', 0, G_OPTION_ARG_FILENAME, &o->by, "One row per segment of these columns",
          "COL,..." },
        { "weight", 'w', 0, G_OPTION_ARG_FILENAME, &o->weight, "Column of survey weights",
          "COL" },
        { "level", 'l', 0, G_OPTION_ARG_FILENAME, &o->level_text,
          "Confidence level (default 0.95)", "L" },
        { "format", 'f', 0, G_OPTION_ARG_FILENAME, &o->format_text,
          "table (default), csv, json or markdown", "FORMAT" },
        { "baseline", 0, 0, G_OPTION_ARG_FILENAME, &o->baseline,
          "Compare each segment with the one where COL=VALUE", "COL=VALUE" },
        { "min-n", 0, 0, G_OPTION_ARG_INT64, &o->min_n,
          "Show no estimate for a segment of fewer answers", "N" },
        { "section", 's', 0, G_OPTION_ARG_FILENAME, &o->section,
          "Write only this section (CSV: one plain table)", "NAME" },
        { "max-segments", 0, 0, G_OPTION_ARG_INT64, &o->max_segments, NULL, "N" },
    };
    GOptionEntry entries[G_N_ELEMENTS(all) + 1];
    size_t n = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
        if (which & (1u << i))
            entries[n++] = all[i];
    if (which & CLI_OPT_MAX_SEGMENTS) {
        g_free(o->max_segments_help);
        o->max_segments_help = g_strdup_printf("Stop beyond N segments (default %lld; 0: none)",
                                               (long long)o->max_segments);
        entries[n - 1].description = o->max_segments_help;
    }
    entries[n] = (GOptionEntry){ NULL };
    g_option_context_add_main_entries(ctx, entries, NULL);
    o->level = 0.95;
}

gboolean
cli_report_options_check(const char *cmd, CliReportOptions *o)
{
    if (o->min_n < 0) {
        cli_error(cmd, "--min-n takes a count of 0 or more (got %lld)", (long long)o->min_n);
        return FALSE;
    }
    if (o->max_segments < 0) {
        cli_error(cmd, "--max-segments takes a count, 0 for no limit (got %lld)",
                  (long long)o->max_segments);
        return FALSE;
    }
    return cli_report_parse_format(cmd, o->format_text, &o->format) &&
           cli_parse_level(cmd, o->level_text, &o->level);
}

gboolean
cli_report_parse(const char *cmd, GOptionContext *ctx, int *argc, char ***argv,
                 CliReportOptions *o)
{
    if (!cli_parse_options(cmd, ctx, argc, argv))
        return FALSE;
    if (*argc != 2) {
        cli_error(cmd, *argc < 2 ? "no FILE given (use - for standard input)"
                                 : "one FILE only, please");
        return FALSE;
    }
    return cli_report_options_check(cmd, o);
}

void
cli_report_options_clear(CliReportOptions *o)
{
    g_free(o->max_segments_help);
    g_free(o->by);
    g_free(o->weight);
    g_free(o->level_text);
    g_free(o->format_text);
    g_free(o->baseline);
    g_free(o->section);
}

/* ---- segments ------------------------------------------------------------------------------- */

CliColumn *
cli_key_columns(CxReader *reader, const GArray *by, size_t extra)
{
    CliColumn *cols = g_new0(CliColumn, MAX(by->len, 1) + extra);
    for (guint k = 0; k < by->len; k++)
        cols[k] = (CliColumn)CLI_COL(cx_reader_column_name(reader, g_array_index(by, size_t, k)),
                                      NULL, CLI_COL_LABEL, 0);
    if (by->len == 0)
        cols[0] = (CliColumn)CLI_COL("segment", NULL, CLI_COL_LABEL, 0);
    return cols;
}

void
cli_key_cells(CliCell *cells, size_t n_by, char *const *values)
{
    for (size_t k = 0; k < MAX(n_by, 1); k++)
        cells[k] = CLI_TEXT(values ? values[k] : "(all)");
}

char *
cli_level_title(double level)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    return g_strdup_printf("%s%% CI", g_ascii_formatd(buf, sizeof buf, "%.6g", 100.0 * level));
}

/* ---- the report ------------------------------------------------------------------------------- */

gboolean
cli_report_parse_format(const char *cmd, const char *name, CliReportFormat *format)
{
    static const struct {
        const char *name;
        CliReportFormat format;
    } names[] = { { "table", CLI_REPORT_TABLE },       { "csv", CLI_REPORT_CSV },
                  { "json", CLI_REPORT_JSON },         { "markdown", CLI_REPORT_MARKDOWN },
                  { "md", CLI_REPORT_MARKDOWN } };
    if (!name) {
        *format = CLI_REPORT_TABLE;
        return TRUE;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (g_ascii_strcasecmp(name, names[i].name) == 0) {
            *format = names[i].format;
            return TRUE;
        }
    cli_error(cmd, "unknown --format '%s' (expected table, csv, json or markdown)", name);
    return FALSE;
}

static void
setting_clear(gpointer p)
{
    Setting *s = p;
    g_free(s->key);
    g_free(s->text);
}

CliReport *
cli_report_new(const char *cmd, CliReportFormat format, FILE *out)
{
    CliReport *r = g_new0(CliReport, 1);
    r->cmd = cmd;
    r->format = format;
    r->out = out;
    r->settings = g_array_new(FALSE, FALSE, sizeof(Setting));
    g_array_set_clear_func(r->settings, setting_clear);
    r->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    r->notes = g_ptr_array_new_with_free_func(g_free);
    r->names = g_string_new(NULL);
    return r;
}

int
cli_report_finish(CliReport *r)
{
    start(r);
    section_end(r);
    if (r->format == CLI_REPORT_JSON)
        puts_(r, r->n_sections ? "\n  ]\n}\n" : "]\n}\n");
    errno = 0;
    if (!r->err && fflush(r->out) != 0)
        r->err = errno ? errno : EIO;
    int status = r->err ? CLI_EXIT_DATA : CLI_EXIT_OK; /* main() says why */
    if (!r->err && r->only && !r->matched) {
        cli_error(r->cmd, "no section '%s' in this report (its sections: %s)", r->only,
                  r->names->str);
        status = CLI_EXIT_USAGE;
    }
    g_string_free(r->names, TRUE);
    g_array_free(r->settings, TRUE);
    g_free(r->only);
    g_ptr_array_free(r->rows, TRUE);
    g_ptr_array_free(r->notes, TRUE);
    int err = r->err;
    g_free(r);
    if (err)
        errno = err;
    return status;
}
