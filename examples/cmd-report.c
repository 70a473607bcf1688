/* SPDX-License-Identifier: MIT */
/*
 * cxscore report: one self-contained HTML page with inline SVG charts (docs/report.md).
 *
 * The figures are not computed here: each chart's figures are the JSON output of the command
 * that computes them (nps, trend, servqual, drivers, retention, audit, contacts), run as this
 * same program ("cxscore nps ... --format json"), so a number in the page is the number that
 * command prints.
 * The commands run at the same time; one poll() loop reads their outputs (no thread). The page is
 * one more emitter of the report model: every chart comes with a <table> of its figures, cells
 * shown as the table emitter shows them (cli_report_cell_text()), and every figure drawn is in a
 * data- attribute with the JSON's own text of the number (cli_shortest()).
 *
 * The page has no script, no external resource and no URL; a Content-Security-Policy forbids
 * loading anything. Text from the data is escaped everywhere (g_markup_escape_text()).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <string.h>
#include <unistd.h>

#include "cli-common.h"
#include "cli-report.h"

#define CMD "report"

/* The chart's coordinate system (viewBox); the CSS scales it to the page's width. */
#define W 640.0

/* Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
 * deficiency; the two data colours have a contrast of 4.6:1 (blue) and 3.8:1 (vermillion)
 * against white, above WCAG 2.1's 3:1 for graphics (1.4.11). */
#define C_BLUE "#0072B2"
#define C_VERMILLION "#D55E00"
#define C_GREY "#BBBBBB"
#define C_SKY "#56B4E9"
#define C_INK "#1a1a1a"

typedef struct {
    char *path, *output, *by, *baseline, *weight, *level_text, *column, *method;
    char *date, *every, *instrument, *drivers, *journey, *stages, *orders, *audit, *checklist;
    char *audit_by;
    /* --contacts and the columns of its log, handed to cxscore contacts */
    char *contacts, *c_case, *c_time, *c_sequence, *c_channel, *c_resolved, *c_wait, *c_abandoned;
    char *service_level, *short_abandon;
    gint64 min_n;
    double level, alpha;
} Options;

/* ---- running the commands ------------------------------------------------------------------- */

typedef struct {
    const char *name; /* the command */
    GPtrArray *argv;  /* char * */
    GPid pid;
    int fd;       /* its standard output, -1 once closed */
    GString *out; /* what it wrote there */
    int status;
    JsonParser *parser;
    JsonObject *root;
} Job;

static void
job_arg(Job *j, const char *opt, const char *value)
{
    if (!value)
        return;
    g_ptr_array_add(j->argv, g_strdup(opt));
    g_ptr_array_add(j->argv, g_strdup(value));
}

static Job *
job_new(const char *self, const char *name, const char *path)
{
    Job *j = g_new0(Job, 1);
    j->name = name;
    j->argv = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(j->argv, g_strdup(self));
    g_ptr_array_add(j->argv, g_strdup(name));
    g_ptr_array_add(j->argv, g_strdup(path));
    job_arg(j, "--format", "json");
    return j;
}

static void
job_free(Job *j)
{
    g_ptr_array_free(j->argv, TRUE);
    if (j->out)
        g_string_free(j->out, TRUE);
    g_clear_object(&j->parser);
    g_free(j);
}

/* Starts @j's command with its standard output on a pipe (standard error is the report's: the
 * command's rejects and messages reach the user). */
static gboolean
job_start(Job *j)
{
    GError *error = NULL;
    g_ptr_array_add(j->argv, NULL);
    const char *self = g_ptr_array_index(j->argv, 0);
    GSpawnFlags flags = G_SPAWN_DO_NOT_REAP_CHILD |
                        (g_path_is_absolute(self) ? G_SPAWN_DEFAULT : G_SPAWN_SEARCH_PATH);
    gboolean ok = g_spawn_async_with_pipes(NULL, (char **)j->argv->pdata, NULL, flags, NULL, NULL,
                                           &j->pid, NULL, &j->fd, NULL, &error);
    g_ptr_array_remove_index(j->argv, j->argv->len - 1);
    if (!ok) {
        cli_error(CMD, "cannot run '%s': %s", j->name, error->message);
        g_error_free(error);
        j->status = CLI_EXIT_DATA;
        j->fd = -1;
    }
    j->out = g_string_new(NULL);
    return ok;
}

/* Reads what the commands write, all at once (one poll() loop, no thread), until each has
 * closed its output; then reaps them. */
static void
jobs_wait(GPtrArray *jobs)
{
    GPollFD *fds = g_new0(GPollFD, jobs->len);
    for (;;) {
        guint n = 0;
        for (guint i = 0; i < jobs->len; i++) {
            Job *j = g_ptr_array_index(jobs, i);
            if (j->fd >= 0)
                fds[n++] = (GPollFD){.fd = j->fd, .events = G_IO_IN | G_IO_HUP | G_IO_ERR};
        }
        if (n == 0)
            break;
        if (g_poll(fds, n, -1) < 0 && errno != EINTR)
            break;
        for (guint i = 0; i < jobs->len; i++) {
            Job *j = g_ptr_array_index(jobs, i);
            for (guint k = 0; k < n && j->fd >= 0; k++) {
                if (fds[k].fd != j->fd || !fds[k].revents)
                    continue;
                char buf[65536];
                ssize_t got = read(j->fd, buf, sizeof buf);
                if (got > 0) {
                    g_string_append_len(j->out, buf, got);
                } else if (got == 0 || errno != EINTR) {
                    close(j->fd);
                    j->fd = -1;
                }
            }
        }
    }
    g_free(fds);
    for (guint i = 0; i < jobs->len; i++) {
        Job *j = g_ptr_array_index(jobs, i);
        if (j->fd >= 0) {
            close(j->fd);
            j->fd = -1;
        }
        if (j->status != CLI_EXIT_OK)
            continue;
        int wait_status = 0;
        while (waitpid(j->pid, &wait_status, 0) < 0 && errno == EINTR)
            ;
        g_spawn_close_pid(j->pid);
        j->status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : CLI_EXIT_DATA;
    }
}

/* Parses @j's JSON report; FALSE after a message. */
static gboolean
job_parse(Job *j)
{
    GError *error = NULL;
    j->parser = json_parser_new();
    if (!json_parser_load_from_data(j->parser, j->out->str, (gssize)j->out->len, &error) ||
        !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(j->parser))) {
        cli_error(CMD, "'%s' wrote no JSON report%s%s", j->name, error ? ": " : "",
                  error ? error->message : "");
        g_clear_error(&error);
        j->status = CLI_EXIT_DATA;
        return FALSE;
    }
    j->root = json_node_get_object(json_parser_get_root(j->parser));
    return TRUE;
}

/* The rows of section @name of @j's report, or NULL. */
static JsonArray *
rows_of(const Job *j, const char *name)
{
    if (!j || !j->root || !json_object_has_member(j->root, "sections"))
        return NULL;
    JsonArray *sections = json_object_get_array_member(j->root, "sections");
    for (guint i = 0; i < json_array_get_length(sections); i++) {
        JsonObject *s = json_array_get_object_element(sections, i);
        if (g_strcmp0(json_object_get_string_member(s, "name"), name) == 0)
            return json_object_get_array_member(s, "rows");
    }
    return NULL;
}

/* A number of a row: NaN if absent or null. */
static double
num(JsonObject *row, const char *name)
{
    JsonNode *n = json_object_get_member(row, name);
    if (!n || JSON_NODE_TYPE(n) != JSON_NODE_VALUE)
        return CLI_NAN;
    GType t = json_node_get_value_type(n);
    if (t == G_TYPE_INT64)
        return (double)json_node_get_int(n);
    if (t == G_TYPE_DOUBLE)
        return json_node_get_double(n);
    return CLI_NAN;
}

static const char *
text(JsonObject *row, const char *name)
{
    JsonNode *n = json_object_get_member(row, name);
    return n && JSON_NODE_TYPE(n) == JSON_NODE_VALUE && json_node_get_value_type(n) == G_TYPE_STRING
               ? json_node_get_string(n)
               : NULL;
}

/* The label of a row's segment: the --by columns' values joined, as cli_segment_label(). */
static char *
key_label(JsonObject *row, char **keys)
{
    size_t n = g_strv_length(keys);
    char **values = g_new0(char *, n + 1);
    for (size_t k = 0; k < n; k++)
        values[k] = (char *)(text(row, keys[k]) ? text(row, keys[k]) : "");
    char *label = cli_segment_label(values, n);
    g_free(values);
    return label;
}

/* ---- HTML ----------------------------------------------------------------------------------- */

/* Appends @s escaped for HTML text and attribute values (& < > " '). */
static void
esc(GString *h, const char *s)
{
    char *e = g_markup_escape_text(s ? s : "", -1);
    g_string_append(h, e);
    g_free(e);
}

static void G_GNUC_PRINTF(2, 3) escf(GString *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    esc(h, s);
    g_free(s);
}

/* A number in an SVG coordinate: locale-independent, two decimals. */
static const char *
co(double x, char *buf)
{
    return g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE, "%.2f", x);
}

/* data-NAME="the JSON's text of x" ("" when undefined). */
static void
data_attr(GString *h, const char *name, double x)
{
    char buf[32];
    g_string_append_printf(h, " data-%s=\"%s\"", name, cli_shortest(x, buf));
}

static void
svg_text(GString *h, double x, double y, const char *anchor, const char *cls, const char *s)
{
    char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append_printf(h, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\"%s%s%s>", co(x, a),
                           co(y, b), anchor, cls ? " class=\"" : "", cls ? cls : "",
                           cls ? "\"" : "");
    esc(h, s);
    g_string_append(h, "</text>\n");
}

static void
svg_line(GString *h, double x1, double y1, double x2, double y2, const char *cls)
{
    char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE],
        d[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append_printf(h, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" class=\"%s\"/>\n",
                           co(x1, a), co(y1, b), co(x2, c), co(y2, d), cls);
}

static void
svg_rect(GString *h, double x, double y, double w, double hh, const char *cls)
{
    char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE],
        d[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append_printf(h, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" class=\"%s\"/>\n",
                           co(x, a), co(y, b), co(MAX(w, 0.0), c), co(MAX(hh, 0.0), d), cls);
}

static void
svg_circle(GString *h, double x, double y, double r, const char *cls)
{
    char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append_printf(h, "<circle cx=\"%s\" cy=\"%s\" r=\"%s\" class=\"%s\"/>\n", co(x, a),
                           co(y, b), co(r, c), cls);
}

/* A marker of a significant difference: a triangle pointing up (higher) or down (lower). */
static void
svg_mark(GString *h, double x, double y, gboolean up)
{
    char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE],
        d[G_ASCII_DTOSTR_BUF_SIZE], e[G_ASCII_DTOSTR_BUF_SIZE], f[G_ASCII_DTOSTR_BUF_SIZE];
    double s = up ? -1.0 : 1.0;
    g_string_append_printf(h, "<polygon class=\"sig\" points=\"%s,%s %s,%s %s,%s\"/>\n",
                           co(x - 6, a), co(y - 5 * s, b), co(x + 6, c), co(y - 5 * s, d), co(x, e),
                           co(y + 6 * s, f));
}

/* Opens a chart: a figure, the SVG with its title and description. */
static void
chart_open(GString *h, const char *id, double height, const char *title, const char *desc)
{
    char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append_printf(h,
                           "<figure class=\"chart\"><svg id=\"%s-chart\" viewBox=\"0 0 %s %s\" "
                           "role=\"img\" aria-labelledby=\"%s-t %s-d\">\n<title id=\"%s-t\">",
                           id, co(W, a), co(height, b), id, id, id);
    esc(h, title);
    g_string_append_printf(h, "</title>\n<desc id=\"%s-d\">", id);
    esc(h, desc);
    g_string_append(h, "</desc>\n");
}

static void
chart_close(GString *h, const char *caption)
{
    g_string_append(h, "</svg>\n<figcaption>");
    esc(h, caption);
    g_string_append(h, "</figcaption></figure>\n");
}

static void
section_open(GString *h, const char *id, const char *title)
{
    g_string_append_printf(h, "<section id=\"%s\">\n<h2>", id);
    esc(h, title);
    g_string_append(h, "</h2>\n");
}

static void
note(GString *h, const char *s)
{
    g_string_append(h, "<p class=\"note\">");
    esc(h, s);
    g_string_append(h, "</p>\n");
}

/* A row's cell for column @c, read from the JSON as the report model wrote it. */
static CliCell
json_cell(JsonObject *row, const CliColumn *c)
{
    if (c->type == CLI_COL_LABEL)
        return text(row, c->name) ? CLI_TEXT(text(row, c->name)) : CLI_NA;
    if (c->type == CLI_COL_COUNT) {
        double x = num(row, c->name);
        return isfinite(x) ? CLI_COUNT((uint64_t)x) : CLI_NA;
    }
    if (c->type == CLI_COL_INTERVAL) {
        char *lo = g_strconcat(c->name, "_lower", NULL), *up = g_strconcat(c->name, "_upper", NULL);
        CliCell cell = CLI_IV(num(row, lo), num(row, up));
        g_free(lo);
        g_free(up);
        return cell;
    }
    return CLI_NUM(num(row, c->name));
}

/* The data table of a chart: a row header (@labels) and the columns @cols of @rows. */
static void
html_table(GString *h, const char *caption, const char *row_title, char **labels, JsonObject **rows,
           size_t n, const CliColumn *cols, size_t n_cols)
{
    g_string_append(h, "<div class=\"tw\"><table>\n<caption>");
    esc(h, caption);
    g_string_append(h, "</caption>\n<thead><tr><th scope=\"col\" class=\"l\">");
    esc(h, row_title);
    g_string_append(h, "</th>");
    for (size_t c = 0; c < n_cols; c++) {
        g_string_append(h, "<th scope=\"col\">");
        esc(h, cols[c].title ? cols[c].title : cols[c].name);
        g_string_append(h, "</th>");
    }
    g_string_append(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        g_string_append(h, "<tr><th scope=\"row\" class=\"l\">");
        esc(h, labels[i]);
        g_string_append(h, "</th>");
        for (size_t c = 0; c < n_cols; c++) {
            CliCell cell = rows[i] ? json_cell(rows[i], &cols[c]) : CLI_NA;
            char *shown = cli_report_cell_text(&cols[c], &cell);
            g_string_append(h, "<td>");
            esc(h, shown);
            g_string_append(h, "</td>");
            g_free(shown);
        }
        g_string_append(h, "</tr>\n");
    }
    g_string_append(h, "</tbody></table></div>\n");
}

/* ---- scales --------------------------------------------------------------------------------- */

typedef struct {
    double lo, hi, x0, x1; /* data range -> pixel range */
} Scale;

static double
sc(const Scale *s, double v)
{
    return s->x0 + (v - s->lo) / (s->hi - s->lo) * (s->x1 - s->x0);
}

/* A range [lo, hi] around the finite values @v widened to a multiple of @step. */
static void
nice_range(const double *v, size_t n, double step, double *lo, double *hi)
{
    double a = INFINITY, b = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) {
            a = MIN(a, v[i]);
            b = MAX(b, v[i]);
        }
    if (!isfinite(a)) {
        a = 0.0;
        b = step;
    }
    *lo = floor(a / step) * step;
    *hi = ceil(b / step) * step;
    if (*hi - *lo < step)
        *hi = *lo + step;
}

static void
axis_ticks_x(GString *h, const Scale *s, double step, double y0, double y1, const char *suffix)
{
    for (double v = s->lo; v <= s->hi + step / 1000; v += step) {
        double x = sc(s, v);
        svg_line(h, x, y0, x, y1, fabs(v) < step / 1000 ? "zero" : "grid");
        char *t = g_strdup_printf("%g%s", v, suffix);
        svg_text(h, x, y1 + 16, "middle", "tick", t);
        g_free(t);
    }
}

static void
axis_ticks_y(GString *h, const Scale *s, double step, double x0, double x1, const char *suffix)
{
    for (double v = s->lo; v <= s->hi + step / 1000; v += step) {
        double y = sc(s, v);
        svg_line(h, x0, y, x1, y, fabs(v) < step / 1000 ? "zero" : "grid");
        char *t = g_strdup_printf("%g%s", v, suffix);
        svg_text(h, x0 - 6, y + 4, "end", "tick", t);
        g_free(t);
    }
}

/* ---- NPS by segment ------------------------------------------------------------------------- */

/* Rows of @a whose key is not the overall "(all)", and the overall row. */
static size_t
split_rows(JsonArray *a, char **keys, JsonObject ***segs, JsonObject **all)
{
    size_t n = 0, len = a ? json_array_get_length(a) : 0;
    *segs = g_new0(JsonObject *, len + 1);
    *all = NULL;
    for (size_t i = 0; i < len; i++) {
        JsonObject *row = json_array_get_object_element(a, (guint)i);
        if (g_strcmp0(text(row, keys[0]), "(all)") == 0)
            *all = row;
        else
            (*segs)[n++] = row;
    }
    return n;
}

/* The baseline comparison row of the segment labelled @label, or NULL. */
static JsonObject *
baseline_row(JsonArray *base, char **keys, const char *label)
{
    for (guint i = 0; base && i < json_array_get_length(base); i++) {
        JsonObject *row = json_array_get_object_element(base, i);
        char *l = key_label(row, keys);
        gboolean same = strcmp(l, label) == 0;
        g_free(l);
        if (same)
            return row;
    }
    return NULL;
}

static const CliColumn nps_cols[] = {
    CLI_COL("n", NULL, CLI_COL_COUNT, 0),
    CLI_COL("promoters_share", "promoters %", CLI_COL_SHARE, 1),
    CLI_COL("passives_share", "passives %", CLI_COL_SHARE, 1),
    CLI_COL("detractors_share", "detractors %", CLI_COL_SHARE, 1),
    CLI_COL("nps", "NPS", CLI_COL_NUMBER, 1),
    CLI_COL("ci", "interval", CLI_COL_INTERVAL, 1),
};

/* One segment's bar and interval; @row NULL or without figures: suppressed (--min-n). */
static void
nps_bar(GString *h, const char *cls, const char *label, JsonObject *row, JsonObject *cmp, double y,
        const Scale *bar, const Scale *pt, const Options *o)
{
    double p = num(row, "promoters_share"), q = num(row, "passives_share"),
           d = num(row, "detractors_share"), nps = num(row, "nps"), lo = num(row, "ci_lower"),
           hi = num(row, "ci_upper"), diff = cmp ? num(cmp, "diff") : CLI_NAN,
           pv = cmp ? num(cmp, "p") : CLI_NAN;
    gboolean sig = isfinite(pv) && pv < o->alpha;
    g_string_append_printf(h, "<g class=\"%s\" data-segment=\"", cls);
    esc(h, label);
    g_string_append(h, "\"");
    data_attr(h, "n", num(row, "n"));
    data_attr(h, "promoters-share", p);
    data_attr(h, "passives-share", q);
    data_attr(h, "detractors-share", d);
    data_attr(h, "nps", nps);
    data_attr(h, "ci-lower", lo);
    data_attr(h, "ci-upper", hi);
    data_attr(h, "diff", diff);
    data_attr(h, "p", pv);
    g_string_append_printf(h, " data-significant=\"%s\">\n<title>", sig ? "yes" : "no");
    char *pl = cli_p(pv);
    if (isfinite(nps))
        escf(h,
             "%s: NPS %.1f (%g%% interval %.1f to %.1f), n %.0f; promoters %.1f%%, "
             "passives %.1f%%, detractors %.1f%%%s%s%s",
             label, nps, 100 * o->level, lo, hi, num(row, "n"), 100 * p, 100 * q, 100 * d,
             isfinite(pv) ? "; against the baseline p " : "", isfinite(pv) ? pl : "",
             sig ? " (significant)" : "");
    else
        escf(h, "%s: no estimate (n %.0f below --min-n %lld)", label, num(row, "n"),
             (long long)o->min_n);
    g_free(pl);
    g_string_append(h, "</title>\n");
    svg_text(h, bar->x0 - 8, y + 15, "end", "label", label);
    if (isfinite(nps)) {
        svg_rect(h, sc(bar, 0), y + 2, sc(bar, d) - sc(bar, 0), 18, "bar detractors");
        svg_rect(h, sc(bar, d), y + 2, sc(bar, d + q) - sc(bar, d), 18, "bar passives");
        svg_rect(h, sc(bar, d + q), y + 2, sc(bar, d + q + p) - sc(bar, d + q), 18,
                 "bar promoters");
        if (isfinite(lo) && isfinite(hi)) {
            svg_line(h, sc(pt, lo), y + 11, sc(pt, hi), y + 11, "whisker");
            svg_line(h, sc(pt, lo), y + 5, sc(pt, lo), y + 17, "whisker");
            svg_line(h, sc(pt, hi), y + 5, sc(pt, hi), y + 17, "whisker");
        }
        svg_circle(h, sc(pt, nps), y + 11, 5, "point");
        if (sig)
            svg_mark(h, sc(pt, hi) + 12, y + 11, diff > 0);
        const char *eq = o->baseline ? strchr(o->baseline, '=') : NULL;
        if (eq && strcmp(eq + 1, label) == 0 && cmp && !isfinite(diff))
            svg_text(h, sc(pt, hi) + 8, y + 15, "start", "tick", "baseline");
    } else {
        svg_text(h, bar->x0 + 4, y + 15, "start", "tick", "n below --min-n: not shown");
    }
    g_string_append(h, "</g>\n");
}

static void
nps_chart(GString *h, const Job *j, char **keys, const Options *o, const char *id,
          const char *title, const char *what)
{
    JsonObject **segs, *all;
    size_t n = split_rows(rows_of(j, "nps"), keys, &segs, &all);
    JsonArray *base = rows_of(j, "baseline");
    double height = 60 + 26.0 * (double)(n + 1) + 40;
    Scale bar =
              {
                  0,
                  1,
                  150,
                  380,
              },
          pt = {-100, 100, 435, 615};
    section_open(h, id, title);
    char *desc = g_strdup_printf(
        "For each %s, a bar split into detractors, passives and promoters (shares of answers), "
        "and the NPS as a point with its %g%% interval; a triangle marks a significant "
        "difference from the baseline%s.",
        what, 100 * o->level, o->baseline ? "" : " (none given)");
    chart_open(h, id, height, title, desc);
    g_free(desc);
    /* legend */
    svg_rect(h, 150, 8, 12, 12, "bar detractors");
    svg_text(h, 166, 18, "start", "tick", "detractors 0-6");
    svg_rect(h, 260, 8, 12, 12, "bar passives");
    svg_text(h, 276, 18, "start", "tick", "passives 7-8");
    svg_rect(h, 360, 8, 12, 12, "bar promoters");
    svg_text(h, 376, 18, "start", "tick", "promoters 9-10");
    svg_circle(h, 486, 14, 5, "point");
    svg_text(h, 496, 18, "start", "tick", "NPS and interval");
    double y0 = 36, y1 = 36 + 26.0 * (double)(n + 1);
    axis_ticks_x(h, &bar, 0.25, y0, y1, ""); /* shares: 0 to 1 as in the JSON */
    axis_ticks_x(h, &pt, 50, y0, y1, "");
    svg_text(h, sc(&bar, 0.5), y1 + 32, "middle", "tick", "share of answers");
    svg_text(h, sc(&pt, 0), y1 + 32, "middle", "tick", "NPS (points)");
    char **labels = g_new0(char *, n + 2);
    JsonObject **rows = g_new0(JsonObject *, n + 2);
    for (size_t i = 0; i < n; i++) {
        labels[i] = key_label(segs[i], keys);
        rows[i] = segs[i];
        nps_bar(h, "seg", labels[i], segs[i], baseline_row(base, keys, labels[i]),
                y0 + 26.0 * (double)i, &bar, &pt, o);
    }
    size_t nr = n;
    if (all) {
        labels[nr] = g_strdup("all answers");
        rows[nr++] = all;
        nps_bar(h, "overall", "all answers", all, NULL, y0 + 26.0 * (double)n, &bar, &pt, o);
    }
    char *cap = o->baseline ? g_strdup_printf("Triangle: NPS significantly above (pointing up) or "
                                              "below the baseline %s at the %g%% level.",
                                              o->baseline, 100 * o->level)
                            : g_strdup("No --baseline given: no comparison marked.");
    chart_close(h, cap);
    g_free(cap);
    html_table(h, title, what, labels, rows, nr, nps_cols, G_N_ELEMENTS(nps_cols));
    if (base) {
        static const CliColumn base_cols[] = {
            CLI_COL("diff", "NPS minus baseline", CLI_COL_NUMBER, 1),
            CLI_COL("ci", "interval", CLI_COL_INTERVAL, 1),
            CLI_COL("p", "p", CLI_COL_P, 4),
        };
        JsonObject **brows = g_new0(JsonObject *, n + 1);
        for (size_t i = 0; i < n; i++)
            brows[i] = baseline_row(base, keys, labels[i]);
        char *bt = g_strdup_printf("Against the baseline %s", o->baseline);
        html_table(h, bt, what, labels, brows, n, base_cols, G_N_ELEMENTS(base_cols));
        g_free(bt);
        g_free(brows);
    }
    g_string_append(h, "</section>\n");
    g_strfreev(labels);
    g_free(rows);
    g_free(segs);
}

/* ---- trend ---------------------------------------------------------------------------------- */

static void
trend_chart(GString *h, const Job *j, const Options *o)
{
    JsonArray *a = rows_of(j, "periods");
    size_t n = a ? json_array_get_length(a) : 0;
    JsonObject **rows = g_new0(JsonObject *, n + 1);
    char **labels = g_new0(char *, n + 1);
    double *v = g_new0(double, 3 * n + 1);
    gboolean *shown = g_new0(gboolean, n + 1);
    for (size_t i = 0; i < n; i++) {
        rows[i] = json_array_get_object_element(a, (guint)i);
        labels[i] = g_strdup(text(rows[i], "period") ? text(rows[i], "period") : "");
        /* trend has no --min-n: the report suppresses a small period the way the others do. */
        shown[i] = num(rows[i], "n") >= (double)MAX(o->min_n, 1);
        v[3 * i] = shown[i] ? num(rows[i], "nps") : CLI_NAN;
        v[3 * i + 1] = shown[i] ? num(rows[i], "ci_lower") : CLI_NAN;
        v[3 * i + 2] = shown[i] ? num(rows[i], "ci_upper") : CLI_NAN;
    }
    double lo, hi;
    nice_range(v, 3 * n, 10, &lo, &hi);
    Scale ys = {lo, hi, 270, 30};
    double x0 = 60, x1 = W - 40, step = n > 1 ? (x1 - x0) / (double)(n - 1) : 0;
    const char *title = "NPS by period";
    section_open(h, "trend", "Trend");
    chart_open(h, "trend", 330, title,
               "The NPS of each period as a line with its confidence band; a triangle marks a "
               "period significantly different from the one before.");
    axis_ticks_y(h, &ys, (hi - lo) > 60 ? 20 : 10, x0, x1, "");
    /* The band: one polygon per run of periods with an interval. */
    GString *pts = g_string_new(NULL);
    char a1[G_ASCII_DTOSTR_BUF_SIZE], b1[G_ASCII_DTOSTR_BUF_SIZE];
    for (size_t i = 0; i <= n; i++) {
        gboolean ok = i < n && isfinite(v[3 * i + 1]) && isfinite(v[3 * i + 2]);
        if (ok) {
            continue;
        }
        /* the run ending before i */
        size_t s = i;
        while (s > 0 && isfinite(v[3 * (s - 1) + 1]) && isfinite(v[3 * (s - 1) + 2]))
            s--;
        if (s == i)
            continue;
        g_string_truncate(pts, 0);
        for (size_t k = s; k < i; k++)
            g_string_append_printf(pts, "%s,%s ", co(x0 + step * (double)k, a1),
                                   co(sc(&ys, v[3 * k + 2]), b1));
        for (size_t k = i; k-- > s;)
            g_string_append_printf(pts, "%s,%s ", co(x0 + step * (double)k, a1),
                                   co(sc(&ys, v[3 * k + 1]), b1));
        g_string_append_printf(h, "<polygon class=\"band\" points=\"%s\"/>\n", pts->str);
    }
    g_string_truncate(pts, 0);
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[3 * i]))
            g_string_append_printf(pts, "%s%s,%s ", pts->len && isfinite(v[3 * (i - 1)]) ? "" : "M",
                                   co(x0 + step * (double)i, a1), co(sc(&ys, v[3 * i]), b1));
    if (pts->len)
        g_string_append_printf(h, "<path class=\"line\" d=\"%s\"/>\n", pts->str);
    g_string_free(pts, TRUE);
    size_t every = n > 12 ? (n + 11) / 12 : 1;
    for (size_t i = 0; i < n; i++) {
        double x = x0 + step * (double)i, cp = num(rows[i], "change_p");
        gboolean sig = shown[i] && isfinite(cp) && cp < o->alpha;
        g_string_append(h, "<g class=\"period\" data-period=\"");
        esc(h, labels[i]);
        g_string_append(h, "\"");
        data_attr(h, "n", num(rows[i], "n"));
        data_attr(h, "nps", v[3 * i]);
        data_attr(h, "ci-lower", v[3 * i + 1]);
        data_attr(h, "ci-upper", v[3 * i + 2]);
        data_attr(h, "change", shown[i] ? num(rows[i], "change") : CLI_NAN);
        data_attr(h, "change-p", shown[i] ? cp : CLI_NAN);
        g_string_append_printf(h, " data-significant=\"%s\"><title>", sig ? "yes" : "no");
        char *pl = cli_p(cp);
        if (isfinite(v[3 * i]))
            escf(h, "%s: NPS %.1f (%.1f to %.1f), n %.0f%s%s%s", labels[i], v[3 * i], v[3 * i + 1],
                 v[3 * i + 2], num(rows[i], "n"), isfinite(cp) ? "; change p " : "",
                 isfinite(cp) ? pl : "", sig ? " (significant)" : "");
        else
            escf(h, "%s: no estimate (n %.0f)", labels[i], num(rows[i], "n"));
        g_free(pl);
        g_string_append(h, "</title>\n");
        if (isfinite(v[3 * i]))
            svg_circle(h, x, sc(&ys, v[3 * i]), 4, "point");
        if (sig)
            svg_mark(h, x, sc(&ys, v[3 * i]) - 14, num(rows[i], "change") > 0);
        if (i % every == 0)
            svg_text(h, x, 292, "middle", "tick", labels[i]);
        g_string_append(h, "</g>\n");
    }
    char *cap = g_strdup_printf("Band: %g%% interval of each period's NPS. Triangle: change from "
                                "the period before significant at the %g%% level.",
                                100 * o->level, 100 * o->level);
    chart_close(h, cap);
    g_free(cap);
    static const CliColumn cols[] = {
        CLI_COL("n", NULL, CLI_COL_COUNT, 0),
        CLI_COL("nps", "NPS", CLI_COL_NUMBER, 1),
        CLI_COL("ci", "interval", CLI_COL_INTERVAL, 1),
        CLI_COL("change", "change", CLI_COL_NUMBER, 1),
        CLI_COL("change_p", "change p", CLI_COL_P, 4),
    };
    JsonObject **trows = g_new0(JsonObject *, n + 1);
    for (size_t i = 0; i < n; i++)
        trows[i] = shown[i] ? rows[i] : NULL;
    html_table(h, title, "period", labels, trows, n, cols, G_N_ELEMENTS(cols));
    if (o->min_n > 0)
        note(h, "Periods with fewer answers than --min-n have no estimate.");
    g_string_append(h, "</section>\n");
    g_free(trows);
    g_free(rows);
    g_strfreev(labels);
    g_free(v);
    g_free(shown);
}

/* ---- SERVQUAL ------------------------------------------------------------------------------- */

static void
servqual_chart(GString *h, const Job *j, const Options *o)
{
    JsonArray *a = rows_of(j, "dimensions"), *zone = rows_of(j, "zone"),
              *scores = rows_of(j, "scores");
    size_t n = a ? json_array_get_length(a) : 0;
    JsonObject **rows = g_new0(JsonObject *, n + 1), **zrows = g_new0(JsonObject *, n + 1);
    char **labels = g_new0(char *, n + 1);
    double *v = g_new0(double, 4 * n + 1), *g = g_new0(double, 3 * n + 1);
    for (size_t i = 0; i < n; i++) {
        rows[i] = json_array_get_object_element(a, (guint)i);
        labels[i] = g_strdup(text(rows[i], "dimension") ? text(rows[i], "dimension") : "");
        for (guint k = 0; zone && k < json_array_get_length(zone); k++) {
            JsonObject *z = json_array_get_object_element(zone, k);
            if (g_strcmp0(text(z, "dimension"), labels[i]) == 0 &&
                g_strcmp0(text(z, "segment"), text(rows[i], "segment")) == 0)
                zrows[i] = z;
        }
        v[4 * i] = num(rows[i], "expectation");
        v[4 * i + 1] = num(rows[i], "perception");
        v[4 * i + 2] = zrows[i] ? num(zrows[i], "adequate") : CLI_NAN;
        v[4 * i + 3] = zrows[i] ? num(zrows[i], "desired") : CLI_NAN;
        g[3 * i] = num(rows[i], "gap");
        g[3 * i + 1] = num(rows[i], "ci_lower");
        g[3 * i + 2] = num(rows[i], "ci_upper");
    }
    double llo, lhi, glo, ghi;
    nice_range(v, 4 * n, 1, &llo, &lhi);
    nice_range(g, 3 * n, 0.5, &glo, &ghi);
    glo = MIN(glo, 0);
    ghi = MAX(ghi, 0);
    Scale left = {llo, lhi, 150, 370}, right = {glo, ghi, 410, 620};
    double y0 = 36, height = y0 + 30.0 * (double)n + 50;
    section_open(h, "servqual", "SERVQUAL gaps");
    chart_open(h, "servqual", height, "SERVQUAL: expectation, perception and gap per dimension",
               zone ? "Left: each dimension's expectation (diamond) and perception (dot) and the "
                      "zone of tolerance from adequate to desired service (band). Right: the gap "
                      "perception minus expectation with its interval."
                    : "Left: each dimension's expectation (diamond) and perception (dot). Right: "
                      "the gap perception minus expectation with its interval.");
    svg_rect(h, 150, 8, 12, 12, "exp");
    svg_text(h, 166, 18, "start", "tick", "expectation");
    svg_circle(h, 256, 14, 5, "point");
    svg_text(h, 266, 18, "start", "tick", "perception");
    if (zone) {
        svg_rect(h, 350, 8, 24, 12, "zone");
        svg_text(h, 378, 18, "start", "tick", "zone of tolerance");
    }
    double y1 = y0 + 30.0 * (double)n;
    axis_ticks_x(h, &left, 1, y0, y1, "");
    axis_ticks_x(h, &right, (ghi - glo) > 2 ? 1 : 0.5, y0, y1, "");
    svg_text(h, sc(&left, (llo + lhi) / 2), y1 + 32, "middle", "tick", "mean rating");
    svg_text(h, sc(&right, (glo + ghi) / 2), y1 + 32, "middle", "tick", "gap P - E");
    for (size_t i = 0; i < n; i++) {
        double y = y0 + 30.0 * (double)i + 15;
        double e = v[4 * i], p = v[4 * i + 1], ad = v[4 * i + 2], de = v[4 * i + 3];
        double gap = g[3 * i], lo = g[3 * i + 1], hi = g[3 * i + 2], pv = num(rows[i], "p");
        gboolean inside = isfinite(ad) && isfinite(de) && p >= ad && p <= de;
        g_string_append(h, "<g class=\"dimension\" data-dimension=\"");
        esc(h, labels[i]);
        g_string_append(h, "\"");
        data_attr(h, "n", num(rows[i], "n"));
        data_attr(h, "expectation", e);
        data_attr(h, "perception", p);
        data_attr(h, "gap", gap);
        data_attr(h, "ci-lower", lo);
        data_attr(h, "ci-upper", hi);
        data_attr(h, "adequate", ad);
        data_attr(h, "desired", de);
        g_string_append(h, "><title>");
        if (isfinite(gap))
            escf(h, "%s: expectation %.2f, perception %.2f, gap %.2f (%.2f to %.2f)%s", labels[i],
                 e, p, gap, lo, hi,
                 isfinite(ad) ? (inside ? ", perception inside the zone of tolerance"
                                        : ", perception outside the zone of tolerance")
                              : "");
        else
            escf(h, "%s: no estimate", labels[i]);
        g_string_append(h, "</title>\n");
        svg_text(h, 142, y + 4, "end", "label", labels[i]);
        if (isfinite(ad) && isfinite(de))
            svg_rect(h, sc(&left, ad), y - 8, sc(&left, de) - sc(&left, ad), 16, "zone");
        if (isfinite(e) && isfinite(p)) {
            svg_line(h, sc(&left, e), y, sc(&left, p), y, "link");
            char a1[G_ASCII_DTOSTR_BUF_SIZE], b1[G_ASCII_DTOSTR_BUF_SIZE];
            g_string_append_printf(h,
                                   "<rect class=\"exp\" x=\"-5\" y=\"-5\" width=\"10\" "
                                   "height=\"10\" transform=\"translate(%s %s) rotate(45)\"/>\n",
                                   co(sc(&left, e), a1), co(y, b1));
            svg_circle(h, sc(&left, p), y, 5, "point");
        }
        if (isfinite(gap)) {
            if (isfinite(lo) && isfinite(hi)) {
                svg_line(h, sc(&right, lo), y, sc(&right, hi), y, "whisker");
                svg_line(h, sc(&right, lo), y - 6, sc(&right, lo), y + 6, "whisker");
                svg_line(h, sc(&right, hi), y - 6, sc(&right, hi), y + 6, "whisker");
            }
            svg_circle(h, sc(&right, gap), y, 5, "point");
            if (isfinite(pv) && pv < o->alpha)
                svg_mark(h, sc(&right, MAX(hi, gap)) + 12, y, gap > 0);
        }
        g_string_append(h, "</g>\n");
    }
    GString *cap = g_string_new(NULL);
    JsonObject *all =
        scores && json_array_get_length(scores) ? json_array_get_object_element(scores, 0) : NULL;
    if (all)
        g_string_append_printf(cap, "Weighted SERVQUAL score %.2f (unweighted %.2f). ",
                               num(all, "weighted_score"), num(all, "unweighted_score"));
    g_string_append_printf(cap,
                           "Whiskers: %g%% interval of the gap; triangle: gap significantly "
                           "different from 0.",
                           100 * o->level);
    chart_close(h, cap->str);
    g_string_free(cap, TRUE);
    static const CliColumn cols[] = {
        CLI_COL("n", NULL, CLI_COL_COUNT, 0),
        CLI_COL("expectation", "E", CLI_COL_NUMBER, 2),
        CLI_COL("perception", "P", CLI_COL_NUMBER, 2),
        CLI_COL("gap", "gap P - E", CLI_COL_NUMBER, 2),
        CLI_COL("ci", "interval", CLI_COL_INTERVAL, 2),
        CLI_COL("p", "p", CLI_COL_P, 4),
        CLI_COL("weight", "weight %", CLI_COL_SHARE, 1),
    };
    html_table(h, "SERVQUAL dimensions", "dimension", labels, rows, n, cols, G_N_ELEMENTS(cols));
    if (zone) {
        static const CliColumn zcols[] = {
            CLI_COL("adequate", NULL, CLI_COL_NUMBER, 2),
            CLI_COL("desired", NULL, CLI_COL_NUMBER, 2),
            CLI_COL("perception", "P", CLI_COL_NUMBER, 2),
            CLI_COL("msa", "MSA", CLI_COL_NUMBER, 2),
            CLI_COL("mss", "MSS", CLI_COL_NUMBER, 2),
        };
        html_table(h, "Zone of tolerance (MSA = P - adequate, MSS = P - desired)", "dimension",
                   labels, zrows, n, zcols, G_N_ELEMENTS(zcols));
    }
    g_string_append(h, "</section>\n");
    g_free(rows);
    g_free(zrows);
    g_strfreev(labels);
    g_free(v);
    g_free(g);
}

/* ---- key drivers ---------------------------------------------------------------------------- */

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void
drivers_chart(GString *h, const Job *j)
{
    JsonArray *a = rows_of(j, "drivers");
    size_t n = 0, len = a ? json_array_get_length(a) : 0;
    JsonObject **rows = g_new0(JsonObject *, len + 1);
    char **labels = g_new0(char *, len + 1);
    double *imp = g_new0(double, len + 1), *perf = g_new0(double, len + 1),
           *sorted = g_new0(double, len + 1);
    size_t n_perf = 0;
    for (size_t i = 0; i < len; i++) {
        JsonObject *row = json_array_get_object_element(a, (guint)i);
        if (g_strcmp0(text(row, "segment"), "(all)") != 0)
            continue;
        rows[n] = row;
        labels[n] = g_strdup(text(row, "driver") ? text(row, "driver") : "");
        imp[n] = num(row, "relative_weight_pct");
        perf[n] = num(row, "mean");
        if (isfinite(perf[n]))
            sorted[n_perf++] = perf[n];
        n++;
    }
    qsort(sorted, n_perf, sizeof *sorted, cmp_double);
    /* The quadrants: importance above or below an equal share (100 / k), performance above or
     * below the drivers' median mean. */
    double imp_mid = n ? 100.0 / (double)n : 0;
    double perf_mid = n_perf == 0  ? CLI_NAN
                      : n_perf % 2 ? sorted[n_perf / 2]
                                   : (sorted[n_perf / 2 - 1] + sorted[n_perf / 2]) / 2;
    double plo, phi, ilo, ihi;
    nice_range(perf, n, 1, &plo, &phi);
    nice_range(imp, n, 10, &ilo, &ihi);
    ilo = 0;
    Scale xs = {ilo, ihi, 70, W - 30}, ys = {plo, phi, 330, 30};
    section_open(h, "drivers", "Key-driver matrix");
    chart_open(h, "drivers", 380, "Key drivers: importance against performance",
               "Each touchpoint as a point: across, its importance (relative weight, % of the "
               "explained variance of the recommend answer); up, its performance (mean rating). "
               "Lines split the plane at an equal share of importance and the median performance "
               "into four quadrants.");
    axis_ticks_x(h, &xs, ihi > 50 ? 20 : 10, 30, 330, "%");
    axis_ticks_y(h, &ys, (phi - plo) > 5 ? 2 : 1, 70, W - 30, "");
    if (isfinite(perf_mid) && n) {
        svg_line(h, sc(&xs, imp_mid), 30, sc(&xs, imp_mid), 330, "quad");
        svg_line(h, 70, sc(&ys, perf_mid), W - 30, sc(&ys, perf_mid), "quad");
        svg_text(h, W - 34, 46, "end", "quadlabel", "keep up: important, performing");
        svg_text(h, W - 34, 322, "end", "quadlabel", "fix first: important, low");
        svg_text(h, 76, 46, "start", "quadlabel", "possible overkill");
        svg_text(h, 76, 322, "start", "quadlabel", "low priority");
    }
    svg_text(h, (70 + W - 30) / 2, 366, "middle", "tick", "importance (relative weight %)");
    for (size_t i = 0; i < n; i++) {
        g_string_append(h, "<g class=\"driver\" data-driver=\"");
        esc(h, labels[i]);
        g_string_append(h, "\"");
        data_attr(h, "importance", imp[i]);
        data_attr(h, "performance", perf[i]);
        g_string_append(h, "><title>");
        escf(h, "%s: importance %.1f%%, performance %.2f", labels[i], imp[i], perf[i]);
        g_string_append(h, "</title>\n");
        if (isfinite(imp[i]) && isfinite(perf[i])) {
            gboolean fix = imp[i] > imp_mid && perf[i] < perf_mid;
            svg_circle(h, sc(&xs, imp[i]), sc(&ys, perf[i]), 6, fix ? "point fix" : "point");
            svg_text(h, sc(&xs, imp[i]) + (imp[i] > (ilo + ihi) / 2 ? -9 : 9), sc(&ys, perf[i]) - 8,
                     imp[i] > (ilo + ihi) / 2 ? "end" : "start", "label", labels[i]);
        }
        g_string_append(h, "</g>\n");
    }
    chart_close(h, "Importance: relative weight (Johnson 2000); performance: the mean rating on "
                   "the touchpoint's own scale.");
    static const CliColumn cols[] = {
        CLI_COL("rank", NULL, CLI_COL_COUNT, 0),
        CLI_COL("relative_weight_pct", "importance %", CLI_COL_NUMBER, 1),
        CLI_COL("mean", "performance (mean)", CLI_COL_NUMBER, 2),
        CLI_COL("r", "r", CLI_COL_NUMBER, 2),
        CLI_COL("n", NULL, CLI_COL_COUNT, 0),
    };
    html_table(h, "Key drivers", "touchpoint", labels, rows, n, cols, G_N_ELEMENTS(cols));
    note(h, "Touchpoints on different scales (0-10 against 1-5) are not comparable on the "
            "performance axis; read the quadrant of each against its own scale.");
    g_string_append(h, "</section>\n");
    g_free(rows);
    g_strfreev(labels);
    g_free(imp);
    g_free(perf);
    g_free(sorted);
}

/* ---- journey -------------------------------------------------------------------------------- */

static void
journey_chart(GString *h, const Job *j, const Options *o)
{
    char *keys[] = {o->journey, NULL};
    JsonObject **segs, *all;
    size_t n = split_rows(rows_of(j, "nps"), keys, &segs, &all);
    /* The order of the stages: --stages, the others after them in the command's order. */
    if (o->stages) {
        char **order = g_strsplit(o->stages, ",", -1);
        JsonObject **sorted = g_new0(JsonObject *, n + 1);
        gboolean *taken = g_new0(gboolean, n + 1);
        size_t at = 0;
        for (size_t k = 0; order[k]; k++)
            for (size_t i = 0; i < n; i++)
                if (!taken[i] && g_strcmp0(text(segs[i], o->journey), order[k]) == 0) {
                    sorted[at++] = segs[i];
                    taken[i] = TRUE;
                }
        for (size_t i = 0; i < n; i++)
            if (!taken[i])
                sorted[at++] = segs[i];
        g_free(segs);
        g_free(taken);
        segs = sorted;
        g_strfreev(order);
    }
    double all_nps = all ? num(all, "nps") : CLI_NAN,
           all_d = all ? num(all, "detractors_share") : CLI_NAN;
    double *v = g_new0(double, 3 * n + 2);
    char **labels = g_new0(char *, n + 1);
    for (size_t i = 0; i < n; i++) {
        labels[i] = g_strdup(text(segs[i], o->journey) ? text(segs[i], o->journey) : "");
        v[3 * i] = num(segs[i], "nps");
        v[3 * i + 1] = num(segs[i], "ci_lower");
        v[3 * i + 2] = num(segs[i], "ci_upper");
    }
    v[3 * n] = all_nps;
    double lo, hi;
    nice_range(v, 3 * n + 1, 10, &lo, &hi);
    Scale ys = {lo, hi, 270, 30};
    double x0 = 90, x1 = W - 60, step = n > 1 ? (x1 - x0) / (double)(n - 1) : 0;
    section_open(h, "journey", "Journey");
    char *desc = g_strdup_printf("The NPS at each stage of the journey (column %s) as a curve "
                                 "with intervals; pain points (NPS below the overall NPS and a "
                                 "detractor share above the overall share) are marked.",
                                 o->journey);
    chart_open(h, "journey", 330, "NPS across the journey", desc);
    g_free(desc);
    axis_ticks_y(h, &ys, (hi - lo) > 60 ? 20 : 10, x0 - 30, x1 + 30, "");
    if (isfinite(all_nps)) {
        svg_line(h, x0 - 30, sc(&ys, all_nps), x1 + 30, sc(&ys, all_nps), "ref");
        svg_text(h, x1 + 30, sc(&ys, all_nps) - 5, "end", "tick", "all answers");
    }
    GString *d = g_string_new(NULL);
    char a1[G_ASCII_DTOSTR_BUF_SIZE], b1[G_ASCII_DTOSTR_BUF_SIZE];
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[3 * i]))
            g_string_append_printf(d, "%s%s,%s ", d->len ? "L" : "M", co(x0 + step * (double)i, a1),
                                   co(sc(&ys, v[3 * i]), b1));
    if (d->len)
        g_string_append_printf(h, "<path class=\"line\" d=\"%s\"/>\n", d->str);
    g_string_free(d, TRUE);
    for (size_t i = 0; i < n; i++) {
        double x = x0 + step * (double)i, dsh = num(segs[i], "detractors_share");
        gboolean pain = isfinite(v[3 * i]) && v[3 * i] < all_nps && dsh > all_d;
        g_string_append(h, "<g class=\"stage\" data-stage=\"");
        esc(h, labels[i]);
        g_string_append(h, "\"");
        data_attr(h, "n", num(segs[i], "n"));
        data_attr(h, "nps", v[3 * i]);
        data_attr(h, "ci-lower", v[3 * i + 1]);
        data_attr(h, "ci-upper", v[3 * i + 2]);
        data_attr(h, "detractors-share", dsh);
        g_string_append_printf(h, " data-pain=\"%s\"><title>", pain ? "yes" : "no");
        if (isfinite(v[3 * i]))
            escf(h, "%s: NPS %.1f (%.1f to %.1f), detractors %.1f%%, n %.0f%s", labels[i], v[3 * i],
                 v[3 * i + 1], v[3 * i + 2], 100 * dsh, num(segs[i], "n"),
                 pain ? " - pain point" : "");
        else
            escf(h, "%s: no estimate (n %.0f below --min-n)", labels[i], num(segs[i], "n"));
        g_string_append(h, "</title>\n");
        if (isfinite(v[3 * i])) {
            svg_line(h, x, sc(&ys, v[3 * i + 1]), x, sc(&ys, v[3 * i + 2]), "whisker");
            svg_circle(h, x, sc(&ys, v[3 * i]), pain ? 8 : 5, pain ? "point pain" : "point");
            if (pain)
                svg_text(h, x, sc(&ys, v[3 * i + 1]) + 16, "middle", "painlabel", "pain point");
        }
        svg_text(h, x, 292, "middle", "label", labels[i]);
        g_string_append(h, "</g>\n");
    }
    chart_close(h, "Large vermillion dot: pain point - NPS below all answers' NPS and more "
                   "detractors than overall. Whiskers: the NPS interval.");
    html_table(h, "NPS by journey stage", o->journey, labels, segs, n, nps_cols,
               G_N_ELEMENTS(nps_cols));
    g_string_append(h, "</section>\n");
    g_free(v);
    g_strfreev(labels);
    g_free(segs);
}

/* ---- retention cohorts ---------------------------------------------------------------------- */

static void
cohort_chart(GString *h, const Job *j)
{
    JsonArray *a = rows_of(j, "cohorts");
    size_t n = 0, len = a ? json_array_get_length(a) : 0, k_max = 0;
    JsonObject **rows = g_new0(JsonObject *, len + 1);
    char **labels = g_new0(char *, len + 1);
    for (size_t i = 0; i < len; i++) {
        JsonObject *row = json_array_get_object_element(a, (guint)i);
        if (g_strcmp0(text(row, "segment"), "(all)") != 0)
            continue;
        rows[n] = row;
        labels[n++] = g_strdup(text(row, "cohort") ? text(row, "cohort") : "");
        while (TRUE) {
            char name[32];
            g_snprintf(name, sizeof name, "after_%zu", k_max);
            if (!json_object_has_member(row, name))
                break;
            k_max++;
        }
    }
    double cw = (W - 90) / (double)MAX(k_max, 1), ch = 20, height = 50 + ch * (double)n + 20;
    section_open(h, "cohorts", "Retention cohorts");
    chart_open(h, "cohorts", height, "Share of each cohort still buying k periods later",
               "A heatmap: one row per cohort (first period of purchase), one column per period "
               "after it; darker blue is a larger share of the cohort active.");
    for (size_t k = 0; k < k_max; k++) {
        char t[16];
        g_snprintf(t, sizeof t, "+%zu", k);
        svg_text(h, 80 + cw * ((double)k + 0.5), 40, "middle", "tick", t);
    }
    CliColumn *cols = g_new0(CliColumn, k_max + 1);
    char **names = g_new0(char *, k_max + 1);
    cols[0] = (CliColumn)CLI_COL("size", NULL, CLI_COL_COUNT, 0);
    for (size_t i = 0; i < n; i++) {
        double y = 48 + ch * (double)i;
        svg_text(h, 74, y + 14, "end", "label", labels[i]);
        for (size_t k = 0; k < k_max; k++) {
            char name[32];
            g_snprintf(name, sizeof name, "after_%zu", k);
            double s = num(rows[i], name);
            if (!isfinite(s))
                continue;
            char a1[G_ASCII_DTOSTR_BUF_SIZE], b1[G_ASCII_DTOSTR_BUF_SIZE],
                c1[G_ASCII_DTOSTR_BUF_SIZE], d1[G_ASCII_DTOSTR_BUF_SIZE];
            g_string_append_printf(h,
                                   "<rect class=\"cell\" x=\"%s\" y=\"%s\" width=\"%s\" "
                                   "height=\"%s\" fill=\"" C_BLUE "\" fill-opacity=\"%.3f\"",
                                   co(80 + cw * (double)k, a1), co(y, b1), co(cw - 1, c1),
                                   co(ch - 1, d1), 0.08 + 0.92 * CLAMP(s, 0.0, 1.0));
            g_string_append(h, " data-cohort=\"");
            esc(h, labels[i]);
            g_string_append_printf(h, "\" data-after=\"%zu\"", k);
            data_attr(h, "share", s);
            g_string_append(h, "><title>");
            escf(h, "cohort %s, %zu periods later: %.1f%%", labels[i], k, 100 * s);
            g_string_append(h, "</title></rect>\n");
        }
    }
    chart_close(h, "Share of the cohort's customers with a purchase k periods after their first.");
    size_t nc = 1;
    char **titles = g_new0(char *, k_max + 1);
    for (size_t k = 0; k < k_max; k++) {
        names[k] = g_strdup_printf("after_%zu", k);
        titles[k] = g_strdup_printf("+%zu %%", k);
        cols[nc++] = (CliColumn)CLI_COL(names[k], titles[k], CLI_COL_SHARE, 0);
    }
    html_table(h, "Cohorts: % active k periods later", "cohort", labels, rows, n, cols, nc);
    g_string_append(h, "</section>\n");
    g_strfreev(names);
    g_strfreev(titles);
    g_free(cols);
    g_free(rows);
    g_strfreev(labels);
}

/* ---- audit league table --------------------------------------------------------------------- */

static void
audit_chart(GString *h, const Job *j, const Options *o)
{
    JsonArray *a = rows_of(j, "league");
    size_t n = a ? json_array_get_length(a) : 0;
    JsonObject **rows = g_new0(JsonObject *, n + 1);
    char **labels = g_new0(char *, n + 1);
    char *keys[] = {o->audit_by, NULL};
    for (size_t i = 0; i < n; i++) {
        rows[i] = json_array_get_object_element(a, (guint)i);
        labels[i] = key_label(rows[i], keys);
    }
    Scale xs = {0, 100, 120, W - 20};
    double rh = 16, height = 40 + rh * (double)n + 36;
    section_open(h, "audit", "Audit league table");
    chart_open(h, "audit", height, "Mystery-shopping score by location, best first",
               "Each location's mean audit score (0-100) as a bar with its interval, best first.");
    axis_ticks_x(h, &xs, 20, 20, 20 + rh * (double)n, "");
    for (size_t i = 0; i < n; i++) {
        double y = 20 + rh * (double)i, m = num(rows[i], "mean"), lo = num(rows[i], "ci_lower"),
               hi = num(rows[i], "ci_upper");
        g_string_append(h, "<g class=\"location\" data-location=\"");
        esc(h, labels[i]);
        g_string_append(h, "\"");
        data_attr(h, "mean", m);
        data_attr(h, "ci-lower", lo);
        data_attr(h, "ci-upper", hi);
        g_string_append(h, "><title>");
        if (isfinite(m))
            escf(h, "%s: mean score %.1f (%.1f to %.1f), n %.0f", labels[i], m, lo, hi,
                 num(rows[i], "n"));
        else
            escf(h, "%s: no estimate", labels[i]);
        g_string_append(h, "</title>\n");
        svg_text(h, 114, y + 12, "end", "label", labels[i]);
        if (isfinite(m)) {
            svg_rect(h, sc(&xs, 0), y + 2, sc(&xs, m) - sc(&xs, 0), rh - 4, "bar promoters");
            if (isfinite(lo) && isfinite(hi))
                svg_line(h, sc(&xs, lo), y + rh / 2, sc(&xs, hi), y + rh / 2, "whisker");
        }
        g_string_append(h, "</g>\n");
    }
    svg_text(h, sc(&xs, 50), 20 + rh * (double)n + 32, "middle", "tick", "mean score (0-100)");
    chart_close(h, "Bars: mean score of the location's visits; lines: its interval.");
    static const CliColumn cols[] = {
        CLI_COL("rank", NULL, CLI_COL_COUNT, 0),
        CLI_COL("n", "visits", CLI_COL_COUNT, 0),
        CLI_COL("mean", "mean score", CLI_COL_NUMBER, 1),
        CLI_COL("ci", "interval", CLI_COL_INTERVAL, 1),
        CLI_COL("pass_share", "passed %", CLI_COL_SHARE, 1),
    };
    html_table(h, "League table", o->audit_by, labels, rows, n, cols, G_N_ELEMENTS(cols));
    JsonArray *fail = rows_of(j, "standards");
    if (fail) {
        size_t nf = json_array_get_length(fail);
        JsonObject **frows = g_new0(JsonObject *, nf + 1);
        char **flabels = g_new0(char *, nf + 1);
        for (size_t i = 0; i < nf; i++) {
            frows[i] = json_array_get_object_element(fail, (guint)i);
            flabels[i] =
                g_strdup_printf("%s %s", text(frows[i], "item") ? text(frows[i], "item") : "",
                                text(frows[i], "text") ? text(frows[i], "text") : "");
        }
        static const CliColumn fcols[] = {
            CLI_COL("n", "visits", CLI_COL_COUNT, 0),
            CLI_COL("compliance", "compliance %", CLI_COL_SHARE, 1),
            CLI_COL("ci", "interval", CLI_COL_INTERVAL, 3),
            CLI_COL("points_lost", "points lost", CLI_COL_NUMBER, 1),
        };
        html_table(h, "Standards, lowest compliance first", "standard", flabels, frows, nf, fcols,
                   G_N_ELEMENTS(fcols));
        g_free(frows);
        g_strfreev(flabels);
    }
    g_string_append(h, "</section>\n");
    g_free(rows);
    g_strfreev(labels);
}

/* ---- contact centre ------------------------------------------------------------------------- */

/* A share drawn as a bar with its interval: the JSON members @key, @key_ci_lower, _ci_upper. */
typedef struct {
    const char *key;  /* e.g. "fcr" */
    const char *attr; /* its data- attribute, e.g. "fcr" */
    const char *what; /* in words, e.g. "first-contact resolution" */
    const char *cls;  /* the bar's class: "good" (blue) or "bad" (vermillion) */
} Share;

/* The title of section @name of @j's report, or NULL. */
static const char *
section_title(const Job *j, const char *name)
{
    JsonArray *sections = json_object_get_array_member(j->root, "sections");
    for (guint i = 0; sections && i < json_array_get_length(sections); i++) {
        JsonObject *s = json_array_get_object_element(sections, i);
        if (g_strcmp0(json_object_get_string_member(s, "name"), name) == 0)
            return text(s, "title");
    }
    return NULL;
}

/* The base of a row's shares: the sum of its counts @keys. */
static double
base_of(JsonObject *row, const char *const *keys)
{
    double b = 0;
    for (const char *const *k = keys; *k; k++)
        b += num(row, *k);
    return b;
}

/* One channel's two shares as bars with their intervals. @shown FALSE: its base (the sum of
 * @base, the counts the shares are of, in words @base_words) is below --min-n. */
static void
share_row(GString *h, const char *cls, const char *label, JsonObject *row, gboolean shown,
          const char *const *base, const char *base_words, const char *const *counts,
          const Share *shares, double y, const Scale *xs, const Options *o)
{
    double v[2][3];
    for (size_t k = 0; k < 2; k++) {
        char *lo = g_strconcat(shares[k].key, "_ci_lower", NULL),
             *hi = g_strconcat(shares[k].key, "_ci_upper", NULL);
        v[k][0] = shown ? num(row, shares[k].key) : CLI_NAN;
        v[k][1] = shown ? num(row, lo) : CLI_NAN;
        v[k][2] = shown ? num(row, hi) : CLI_NAN;
        g_free(lo);
        g_free(hi);
    }
    g_string_append_printf(h, "<g class=\"%s\" data-channel=\"", cls);
    esc(h, label);
    g_string_append(h, "\"");
    for (const char *const *c = counts; *c; c++) {
        char *name = g_strdelimit(g_strdup(*c), "_", '-');
        data_attr(h, name, num(row, *c));
        g_free(name);
    }
    for (size_t k = 0; k < 2; k++) {
        char *name = g_strconcat(shares[k].attr, "-ci-lower", NULL);
        data_attr(h, shares[k].attr, v[k][0]);
        data_attr(h, name, v[k][1]);
        memcpy(name + strlen(name) - 5, "upper", 5);
        data_attr(h, name, v[k][2]);
        g_free(name);
    }
    g_string_append(h, "><title>");
    escf(h, "%s: ", label);
    if (!shown)
        escf(h, "no estimate (%.0f %s, below --min-n %lld)", base_of(row, base), base_words,
             (long long)o->min_n);
    for (size_t k = 0; shown && k < 2; k++) {
        if (isfinite(v[k][0]))
            escf(h, "%s%s %.1f%% (%.1f to %.1f)", k ? ", " : "", shares[k].what, 100 * v[k][0],
                 100 * v[k][1], 100 * v[k][2]);
        else
            escf(h, "%sno %s", k ? ", " : "", shares[k].what);
    }
    for (const char *const *c = counts; *c; c++) {
        char *words = g_strdelimit(g_strdup(*c), "_", ' ');
        escf(h, "; %s %.0f", words, num(row, *c));
        g_free(words);
    }
    g_string_append(h, "</title>\n");
    svg_text(h, xs->x0 - 8, y + 16, "end", "label", label);
    if (!shown)
        svg_text(h, xs->x0 + 4, y + 16, "start", "tick", "n below --min-n: not shown");
    for (size_t k = 0; shown && k < 2; k++) {
        double yk = y + 3 + 12.0 * (double)k;
        if (!isfinite(v[k][0])) {
            char *t = g_strdup_printf("no %s", shares[k].what);
            svg_text(h, xs->x0 + 4, yk + 9, "start", "tick", t);
            g_free(t);
            continue;
        }
        char *cls_bar = g_strconcat("bar ", shares[k].cls, NULL);
        svg_rect(h, sc(xs, 0), yk, sc(xs, v[k][0]) - sc(xs, 0), 10, cls_bar);
        g_free(cls_bar);
        if (isfinite(v[k][1]) && isfinite(v[k][2])) {
            svg_line(h, sc(xs, v[k][1]), yk + 5, sc(xs, v[k][2]), yk + 5, "whisker");
            svg_line(h, sc(xs, v[k][1]), yk + 1, sc(xs, v[k][1]), yk + 9, "whisker");
            svg_line(h, sc(xs, v[k][2]), yk + 1, sc(xs, v[k][2]), yk + 9, "whisker");
        }
    }
    g_string_append(h, "</g>\n");
}

/* A chart of two shares per channel (and all channels), then its table. @rows: the channels'
 * rows; @all: the overall row (or NULL); @cls: the class of a channel's group, "@cls-all" the
 * overall one's. */
static void
share_chart(GString *h, const char *id, const char *cls, const char *title, const char *desc,
            const char *caption, char **labels, JsonObject **rows, size_t n, JsonObject *all,
            const char *const *base, const char *base_words, const char *const *counts,
            const Share *shares, const CliColumn *cols, size_t n_cols, const Options *o)
{
    Scale xs = {0, 1, 150, W - 30};
    double y0 = 36, y1 = y0 + 30.0 * (double)(n + (all != NULL)), height = y1 + 44;
    chart_open(h, id, height, title, desc);
    for (size_t k = 0; k < 2; k++) {
        char *cls_bar = g_strconcat("bar ", shares[k].cls, NULL);
        svg_rect(h, 150 + 200.0 * (double)k, 8, 12, 12, cls_bar);
        svg_text(h, 166 + 200.0 * (double)k, 18, "start", "tick", shares[k].what);
        g_free(cls_bar);
    }
    svg_line(h, 550, 14, 570, 14, "whisker");
    svg_text(h, 576, 18, "start", "tick", "interval");
    axis_ticks_x(h, &xs, 0.25, y0, y1, ""); /* shares: 0 to 1 as in the JSON */
    char *axis = g_strdup_printf("share (0 to 1) of the %s", base_words);
    svg_text(h, sc(&xs, 0.5), y1 + 34, "middle", "tick", axis);
    g_free(axis);
    char **tlabels = g_new0(char *, n + 2);
    JsonObject **trows = g_new0(JsonObject *, n + 2);
    for (size_t i = 0; i < n; i++) {
        /* The command has --min-n for its segments only: the report leaves out the channels
         * below it itself, counting what the command's --min-n counts. */
        gboolean shown = base_of(rows[i], base) >= (double)o->min_n;
        share_row(h, cls, labels[i], rows[i], shown, base, base_words, counts, shares,
                  y0 + 30.0 * (double)i, &xs, o);
        tlabels[i] = labels[i];
        trows[i] = rows[i];
        if (!shown) { /* the table keeps its counts, as the commands' tables do */
            trows[i] = json_object_new();
            for (const char *const *c = counts; *c; c++)
                if (json_object_has_member(rows[i], *c))
                    json_object_set_member(trows[i], *c, json_object_dup_member(rows[i], *c));
        }
    }
    char *cls_all = g_strconcat(cls, "-all", NULL);
    if (all) {
        share_row(h, cls_all, "all channels", all, TRUE, base, base_words, counts, shares,
                  y0 + 30.0 * (double)n, &xs, o);
        tlabels[n] = (char *)"all channels";
        trows[n] = all;
    }
    g_free(cls_all);
    chart_close(h, caption);
    html_table(h, title, "channel", tlabels, trows, n + (all != NULL), cols, n_cols);
    for (size_t i = 0; i < n; i++)
        if (trows[i] != rows[i])
            json_object_unref(trows[i]);
    g_free(tlabels);
    g_free(trows);
}

static void
contacts_chart(GString *h, const Job *j, const Options *o)
{
    char level[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(level, sizeof level, "%g", 100 * o->level);
    section_open(h, "contacts", "Contact centre");
    JsonArray *a = rows_of(j, "channels"), *c = rows_of(j, "contacts");
    size_t n = a ? json_array_get_length(a) : 0;
    JsonObject **rows = g_new0(JsonObject *, n + 1), *all = NULL;
    char **labels = g_new0(char *, n + 1);
    for (size_t i = 0; i < n; i++) {
        rows[i] = json_array_get_object_element(a, (guint)i);
        labels[i] = g_strdup(text(rows[i], "channel") ? text(rows[i], "channel") : "");
    }
    for (guint i = 0; c && i < json_array_get_length(c); i++)
        if (g_strcmp0(text(json_array_get_object_element(c, i), "segment"), "(all)") == 0)
            all = json_array_get_object_element(c, i);
    static const Share fcr[] = {
        {"fcr", "fcr", "first-contact resolution", "good"},
        {"repeat_rate", "repeat-rate", "repeat contacts", "bad"},
    };
    static const char *const fcr_base[] = {"cases", NULL};
    static const char *const fcr_counts[] = {"cases", "contacts", NULL};
    static const CliColumn fcr_cols[] = {
        CLI_COL("cases", NULL, CLI_COL_COUNT, 0),
        CLI_COL("contacts", NULL, CLI_COL_COUNT, 0),
        CLI_COL("fcr", "FCR %", CLI_COL_SHARE, 1),
        CLI_COL("fcr_ci", "interval", CLI_COL_INTERVAL, 3),
        CLI_COL("repeat_rate", "repeat %", CLI_COL_SHARE, 1),
        CLI_COL("repeat_rate_ci", "interval", CLI_COL_INTERVAL, 3),
    };
    char *desc = g_strdup_printf(
        "For each channel a case started in, and all channels: the share of its cases resolved "
        "at the first contact (first-contact resolution, blue) and the share with two or more "
        "contacts (repeat contacts, vermillion), each with its %s%% Wilson interval.",
        level);
    char *cap = g_strdup_printf("Cases by the channel of their first contact. Whiskers: %s%% "
                                "Wilson intervals.",
                                level);
    share_chart(h, "contacts", "channel", "First-contact resolution and repeat contacts by channel",
                desc, cap, labels, rows, n, all, fcr_base, "cases", fcr_counts, fcr, fcr_cols,
                G_N_ELEMENTS(fcr_cols), o);
    g_free(desc);
    g_free(cap);
    g_strfreev(labels);
    g_free(rows);

    JsonArray *w = rows_of(j, "waits");
    if (w) {
        size_t len = json_array_get_length(w), nw = 0;
        JsonObject **wrows = g_new0(JsonObject *, len + 1), *wall = NULL;
        char **wlabels = g_new0(char *, len + 1);
        for (guint i = 0; i < len; i++) {
            JsonObject *row = json_array_get_object_element(w, i);
            if (g_strcmp0(text(row, "group"), "all") == 0)
                wall = row;
            if (g_strcmp0(text(row, "group"), "channel") != 0)
                continue;
            wrows[nw] = row;
            wlabels[nw++] = g_strdup(text(row, "value") ? text(row, "value") : "");
        }
        static const Share sl[] = {
            {"service_level", "service-level", "service level", "good"},
            {"abandonment_rate", "abandonment-rate", "abandonment", "bad"},
        };
        static const char *const sl_counts[] = {"answered", "abandoned", NULL};
        static const CliColumn sl_cols[] = {
            CLI_COL("answered", NULL, CLI_COL_COUNT, 0),
            CLI_COL("abandoned", NULL, CLI_COL_COUNT, 0),
            CLI_COL("service_level", "service level %", CLI_COL_SHARE, 1),
            CLI_COL("service_level_ci", "interval", CLI_COL_INTERVAL, 3),
            CLI_COL("abandonment_rate", "abandoned %", CLI_COL_SHARE, 1),
            CLI_COL("abandonment_rate_ci", "interval", CLI_COL_INTERVAL, 3),
            CLI_COL("asa_seconds", "ASA s", CLI_COL_NUMBER, 1),
            CLI_COL("p90_seconds", "p90 wait s", CLI_COL_NUMBER, 1),
        };
        const char *how = section_title(j, "waits");
        char *wdesc = g_strdup_printf(
            "For each channel and all channels: the service level (contacts answered within the "
            "threshold, blue) and the abandonment rate (vermillion), each a share of the "
            "contacts answered or abandoned after the short-abandon time, with its %s%% Wilson "
            "interval.",
            level);
        char *wcap =
            g_strdup_printf("%s. Whiskers: %s%% Wilson intervals.", how ? how : "Waits", level);
        /* --min-n counts what the shares are of: answered + abandoned. */
        share_chart(h, "waits", "wait-channel", "Service level and abandonment by channel", wdesc,
                    wcap, wlabels, wrows, nw, wall, sl_counts, "answered and abandoned contacts",
                    sl_counts, sl, sl_cols, G_N_ELEMENTS(sl_cols), o);
        g_free(wdesc);
        g_free(wcap);
        g_strfreev(wlabels);
        g_free(wrows);
    }
    g_string_append(h, "</section>\n");
}

/* ---- the page ------------------------------------------------------------------------------- */

static const char style[] =
    "body{margin:0;font:16px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:" C_INK
    ";background:#fff}\n"
    "main{max-width:60rem;margin:0 auto;padding:1rem}\n"
    "h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.25rem;margin:2rem 0 .5rem;"
    "border-bottom:2px solid " C_INK "}\n"
    "figure{margin:.5rem 0}figcaption,.note{font-size:.9rem;color:#333}\n"
    ".chart{overflow-x:auto}.chart svg{display:block;width:100%;height:auto;min-width:26rem}\n"
    "svg text{font-size:12px;fill:" C_INK "}svg .label{font-size:13px}svg .tick{fill:#333}\n"
    ".grid{stroke:#ddd;stroke-width:1}.zero,.ref{stroke:#555;stroke-width:1}"
    ".ref{stroke-dasharray:4 3}\n"
    ".quad{stroke:#555;stroke-dasharray:5 4}.quadlabel{font-style:italic;fill:#333}\n"
    ".promoters{fill:" C_BLUE "}.passives{fill:" C_GREY "}.detractors{fill:" C_VERMILLION "}\n"
    ".bar{stroke:#fff;stroke-width:1}\n"
    ".point{fill:" C_INK ";stroke:#fff;stroke-width:1.5}.point.fix,.point.pain{fill:" C_VERMILLION
    "}\n"
    ".painlabel{fill:#8a3300;font-weight:bold}\n"
    ".whisker{stroke:" C_INK ";stroke-width:1.5}.sig{fill:" C_INK "}\n"
    ".band{fill:" C_SKY ";fill-opacity:.35}.line{fill:none;stroke:" C_BLUE ";stroke-width:2}\n"
    ".exp{fill:#fff;stroke:" C_INK ";stroke-width:1.5}.link{stroke:#777;stroke-width:1}\n"
    ".zone{fill:#009E73;fill-opacity:.25}\n"
    ".good{fill:" C_BLUE "}.bad{fill:" C_VERMILLION "}\n"
    ".tw{overflow-x:auto;margin:.5rem 0 1rem}\n"
    "table{border-collapse:collapse;font-size:.85rem;font-variant-numeric:tabular-nums}\n"
    "caption{text-align:left;font-weight:bold;padding:.25rem 0}\n"
    "th,td{padding:.2rem .5rem;border-bottom:1px solid #ccc;text-align:right}"
    "th{background:#f2f2f2;white-space:nowrap}.l{text-align:left}\n"
    "@media (max-width:40rem){main{padding:.5rem}table{font-size:.75rem}}\n"
    "@media print{body{font-size:10pt}main{max-width:none;padding:0}section{break-inside:avoid}"
    ".chart,.tw{overflow:visible}.chart svg{min-width:0}th{background:none}}\n";

static void
page_head(GString *h, const Options *o)
{
    g_string_append(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                       "'none'; style-src 'unsafe-inline'\">\n"
                       "<meta name=\"generator\" content=\"cxscore " CX_VERSION_STRING "\">\n"
                       "<title>");
    char *base = g_path_get_basename(o->path);
    escf(h, "Customer-experience report: %s", base);
    g_string_append_printf(h, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<h1>",
                           style);
    escf(h, "Customer-experience report: %s", base);
    g_free(base);
    g_string_append(h, "</h1>\n<p class=\"note\">");
    escf(h, "Written by cxscore %s from %s. Intervals at the %g%% level", CX_VERSION_STRING,
         o->path, 100 * o->level);
    if (o->min_n > 0)
        escf(h, "; segments with fewer than %lld answers are not shown", (long long)o->min_n);
    esc(h, ".");
    g_string_append(h, "</p>\n");
}

static void
page_end(GString *h, const Options *o, gboolean drivers, gboolean servqual, gboolean audit,
         gboolean orders, gboolean contacts)
{
    g_string_append(h, "<section id=\"methods\">\n<h2>Method notes and sources</h2>\n<ul>\n");
    char *doc = g_strdup(CLI_DOC_DIR);
    g_string_append(h, "<li>");
    escf(h,
         "NPS: share of promoters (9-10) minus share of detractors (0-6), in points; "
         "interval by the %s method; a segment against the baseline by the difference of two "
         "independent NPS (Rocks 2016). See %s/nps.md and %s/intervals.md.",
         o->method ? o->method : "tango (default)", doc, doc);
    g_string_append(h, "</li>\n<li>");
    escf(h,
         "Trend: NPS per calendar period; the change from the period before and its p-value "
         "as in cxscore trend. See %s/nps.md.",
         doc);
    g_string_append(h, "</li>\n");
    if (servqual) {
        g_string_append(h, "<li>");
        escf(h,
             "SERVQUAL: gap = perception - expectation per dimension (Parasuraman, Zeithaml & "
             "Berry 1988, 1991), intervals by Student's t; zone of tolerance from adequate "
             "and desired service (Zeithaml, Berry & Parasuraman 1993). See %s/servqual.md.",
             doc);
        g_string_append(h, "</li>\n");
    }
    if (drivers) {
        g_string_append(h, "<li>");
        escf(h,
             "Key drivers: relative weights (Johnson 2000) of the touchpoint ratings in a "
             "regression of the recommend answer; performance is the mean rating. See "
             "%s/loyalty.md.",
             doc);
        g_string_append(h, "</li>\n");
    }
    if (o->journey) {
        g_string_append(h, "<li>");
        escf(h,
             "Journey: the NPS of each value of column %s, in the order given by --stages "
             "(else the command's); a pain point has an NPS below all answers' and a "
             "detractor share above all answers'.",
             o->journey);
        g_string_append(h, "</li>\n");
    }
    if (orders) {
        g_string_append(h, "<li>");
        escf(h,
             "Retention cohorts: share of each cohort active k periods after its first "
             "purchase, as in cxscore retention --cohorts. See %s/loyalty.md.",
             doc);
        g_string_append(h, "</li>\n");
    }
    if (contacts) {
        g_string_append(h, "<li>");
        escf(h,
             "Contact centre: first-contact resolution = cases resolved by their only contact / "
             "cases, repeat contacts = cases with two or more contacts / cases, by the channel "
             "of a case's first contact; service level = answered within the threshold / "
             "(answered + abandoned after the short-abandon time), abandonment = abandoned "
             "after it / the same base (Gans, Koole & Mandelbaum 2003; Cleveland 2012); Wilson "
             "(1927) intervals; as in cxscore contacts. See %s/loyalty.md and %s/contacts.md.",
             doc, doc);
        g_string_append(h, "</li>\n");
    }
    if (audit) {
        g_string_append(h, "<li>");
        escf(h,
             "Audit: mean visit score (0-100) per location with its interval, as in cxscore "
             "audit. See %s/audit.md.",
             doc);
        g_string_append(h, "</li>\n");
    }
    g_string_append(h, "<li>");
    escf(h,
         "Colours: Okabe & Ito (2008), Color Universal Design. Every figure drawn is in "
         "the table below its chart and equals the JSON output of the command named "
         "(cxscore COMMAND --format json). See %s/report.md.",
         doc);
    g_string_append(h, "</li>\n</ul>\n</section>\n</main>\n</body>\n</html>\n");
    g_free(doc);
}

/* ---- the command ---------------------------------------------------------------------------- */

/* TRUE when FILE's header has column @name. */
static gboolean
has_column(CxReader *reader, const char *name)
{
    size_t index;
    return reader && cx_reader_column_index(reader, name, &index) == CX_OK;
}

static gboolean
write_page(const char *path, const GString *h)
{
    if (!path || strcmp(path, "-") == 0) {
        errno = 0;
        if (fwrite(h->str, 1, h->len, stdout) != h->len)
            return FALSE; /* main() says why */
        return TRUE;
    }
    GError *error = NULL;
    /* g_file_set_contents(): a temporary file renamed over @path, so a failed run never leaves
     * half a page behind. */
    if (!g_file_set_contents(path, h->str, (gssize)h->len, &error)) {
        cli_error(CMD, "cannot write '%s': %s", path, error->message);
        g_error_free(error);
        return FALSE;
    }
    return TRUE;
}

static GOptionContext *
report_context(Options *o)
{
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
         "Write the page to FILE (default: standard output)", "FILE"},
        {"by", 'b', 0, G_OPTION_ARG_FILENAME, &o->by, "NPS by segment of these columns", "COL,..."},
        {"baseline", 0, 0, G_OPTION_ARG_FILENAME, &o->baseline,
         "Mark segments that differ from the one where COL=VALUE", "COL=VALUE"},
        {"weight", 'w', 0, G_OPTION_ARG_FILENAME, &o->weight, "Column of survey weights", "COL"},
        {"level", 'l', 0, G_OPTION_ARG_FILENAME, &o->level_text, "Confidence level (default 0.95)",
         "L"},
        {"min-n", 0, 0, G_OPTION_ARG_INT64, &o->min_n,
         "Show no estimate for a segment of fewer answers", "N"},
        {"column", 'c', 0, G_OPTION_ARG_FILENAME, &o->column,
         "The 0-10 answer column (default score)", "COL"},
        {"method", 'm', 0, G_OPTION_ARG_FILENAME, &o->method,
         "NPS interval: wald, adjusted-wald or tango (default)", "METHOD"},
        {"date", 0, 0, G_OPTION_ARG_FILENAME, &o->date,
         "Date column of the trend (default date, if there is one)", "COL"},
        {"every", 'e', 0, G_OPTION_ARG_FILENAME, &o->every,
         "Trend period: day, week, month (default), quarter, year", "UNIT"},
        {"instrument", 0, 0, G_OPTION_ARG_FILENAME, &o->instrument,
         "SERVQUAL instrument (default: the 22 items, if e1, p1)", "FILE.ini"},
        {"drivers", 0, 0, G_OPTION_ARG_FILENAME, &o->drivers,
         "Touchpoint ratings (default: the columns tp_...)", "COL,..."},
        {"journey", 0, 0, G_OPTION_ARG_FILENAME, &o->journey,
         "Journey stage column (default journey_stage)", "COL"},
        {"stages", 0, 0, G_OPTION_ARG_FILENAME, &o->stages, "The journey's stages in order",
         "V,V,..."},
        {"orders", 0, 0, G_OPTION_ARG_FILENAME, &o->orders,
         "An order log: adds the retention cohorts", "FILE"},
        {"audit", 0, 0, G_OPTION_ARG_FILENAME, &o->audit,
         "Mystery-shopping visits: adds the league table", "FILE"},
        {"checklist", 'k', 0, G_OPTION_ARG_FILENAME, &o->checklist,
         "The audit's checklist (with --audit)", "FILE"},
        {"audit-by", 0, 0, G_OPTION_ARG_FILENAME, &o->audit_by,
         "League table by this column (default location)", "COL"},
        {"contacts", 0, 0, G_OPTION_ARG_FILENAME, &o->contacts,
         "A contact log: adds the contact-centre charts", "FILE"},
        {"contacts-case", 0, 0, G_OPTION_ARG_FILENAME, &o->c_case,
         "Its case id column (contacts --case; default case_id)", "COL"},
        {"contacts-time", 0, 0, G_OPTION_ARG_FILENAME, &o->c_time,
         "Its contact time column (contacts --time; default contact_time)", "COL"},
        {"contacts-sequence", 0, 0, G_OPTION_ARG_FILENAME, &o->c_sequence,
         "Or its column of contact numbers (contacts --sequence)", "COL"},
        {"contacts-channel", 0, 0, G_OPTION_ARG_FILENAME, &o->c_channel,
         "Its channel column (contacts --channel; default channel)", "COL"},
        {"contacts-resolved", 0, 0, G_OPTION_ARG_FILENAME, &o->c_resolved,
         "Its resolved flag column (contacts --resolved; default resolved)", "COL"},
        {"contacts-wait", 0, 0, G_OPTION_ARG_FILENAME, &o->c_wait,
         "Its wait column, seconds: adds service level and abandonment", "COL"},
        {"contacts-abandoned", 0, 0, G_OPTION_ARG_FILENAME, &o->c_abandoned,
         "Its abandoned flag column (contacts --abandoned)", "COL"},
        {"service-level", 0, 0, G_OPTION_ARG_FILENAME, &o->service_level,
         "Answered within T seconds (contacts --service-level; default 20)", "T"},
        {"short-abandon", 0, 0, G_OPTION_ARG_FILENAME, &o->short_abandon,
         "Abandons within S s left out (contacts --short-abandon; default 5)", "S"},
        {NULL},
    };
    GOptionContext *ctx = g_option_context_new("FILE - one HTML page of charts");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_summary(
        ctx, "Writes one self-contained HTML page (inline SVG, no script, no network): NPS by\n"
             "segment, the trend, SERVQUAL gaps, the key-driver matrix, the journey curve, and\n"
             "with --orders / --audit / --contacts the retention cohorts, the audit league table\n"
             "and the contact centre (first-contact resolution, repeat contacts, service level,\n"
             "abandonment by channel). Each chart's figures are the JSON output of the command\n"
             "that computes them.");
    g_option_context_set_description(
        ctx,
        "Examples:\n"
        "  cxscore report survey.csv --by channel --baseline channel=web -o report.html\n"
        "  cxscore report survey.csv --by channel --orders orders.csv \\\n"
        "      --audit visits.csv --checklist checklist.ini -o report.html\n"
        "  cxscore report survey.csv --contacts log.csv --contacts-wait wait_seconds \\\n"
        "      --contacts-abandoned abandoned -o report.html\n\n"
        "A chart is drawn when its columns are in FILE: the trend with a date column, "
        "SERVQUAL\nwith e1 and p1 (or --instrument), the drivers with tp_ columns (or "
        "--drivers), the\njourney with journey_stage (or --journey). The contact log's columns: "
        "each\n--contacts-X is handed to cxscore contacts as --X (see cxscore contacts "
        "--help).\n\n"
        "Exit status: 0 success, 1 bad data (a command failed, output not written), 2 bad\n"
        "usage.\nDocumentation: " CLI_DOC_DIR "/report.md.");
    return ctx;
}

/* The options after parsing, with the one FILE left in @argv; FALSE after a message. */
static gboolean
report_check(Options *o, int argc, char **argv)
{
    if (argc != 2) {
        cli_error(CMD, argc < 2 ? "no FILE given" : "one FILE only (got %d)", argc - 1);
        return FALSE;
    }
    o->path = argv[1];
    if (strcmp(o->path, "-") == 0) {
        cli_error(CMD, "FILE '-' is not accepted: the report reads the file once per chart");
        return FALSE;
    }
    if (o->min_n < 0) {
        cli_error(CMD, "--min-n takes a count of 0 or more (got %lld)", (long long)o->min_n);
        return FALSE;
    }
    if (!cli_parse_level(CMD, o->level_text, &o->level))
        return FALSE;
    o->alpha = 1.0 - o->level;
    if ((o->audit == NULL) != (o->checklist == NULL)) {
        cli_error(CMD, "--audit and --checklist go together");
        return FALSE;
    }
    if (!o->contacts && (o->c_case || o->c_time || o->c_sequence || o->c_channel ||
                         o->c_resolved || o->c_wait || o->c_abandoned || o->service_level ||
                         o->short_abandon)) {
        cli_error(CMD, "the --contacts-* options, --service-level and --short-abandon need "
                       "--contacts");
        return FALSE;
    }
    if (o->baseline && !o->by) {
        cli_error(CMD, "--baseline needs --by");
        return FALSE;
    }
    return TRUE;
}

/* The charts' commands, NULL for a chart not drawn; all of them in @jobs, which owns them. */
typedef struct {
    GPtrArray *jobs;
    Job *nps, *trend, *sq, *dr, *jr, *ret, *au, *ct;
} Charts;

/* Reads FILE's header for the charts drawn by default: the trend with a date column, the
 * journey with journey_stage (both set in @o), SERVQUAL with e1 and p1 (*@servqual), the drivers
 * with tp_ columns (*@drivers). A status. */
static int
report_probe(Options *o, gboolean *servqual, gboolean *drivers)
{
    CxReader *reader = NULL;
    int rc = cx_reader_open_path(o->path, &reader);
    if (rc != CX_OK) {
        cli_error(CMD, "%s",
                  reader && cx_reader_error_message(reader) ? cx_reader_error_message(reader)
                                                            : cx_strerror(rc));
        if (reader)
            cx_reader_free(reader);
        return CLI_EXIT_DATA;
    }
    if (!o->date && has_column(reader, "date"))
        o->date = g_strdup("date");
    if (!o->journey && has_column(reader, "journey_stage"))
        o->journey = g_strdup("journey_stage");
    *servqual = o->instrument || (has_column(reader, "e1") && has_column(reader, "p1"));
    *drivers = o->drivers != NULL;
    for (size_t i = 0; !*drivers && i < cx_reader_column_count(reader); i++)
        *drivers = g_str_has_prefix(cx_reader_column_name(reader, i), "tp_");
    cx_reader_free(reader);
    return CLI_EXIT_OK;
}

/* A chart's command on @path with the options they share, added to @c's jobs. */
static Job *
chart_job(Charts *c, const char *self, const char *name, const char *path)
{
    Job *j = job_new(self, name, path);
    g_ptr_array_add(c->jobs, j);
    return j;
}

/* The commands of the survey's charts: NPS, the trend, SERVQUAL, the drivers, the journey. */
static void
survey_jobs(Charts *c, const char *self, const Options *o, gboolean servqual, gboolean drivers,
            const char *level, const char *min_n)
{
    c->nps = chart_job(c, self, "nps", o->path);
    job_arg(c->nps, "--by", o->by);
    job_arg(c->nps, "--baseline", o->baseline);
    job_arg(c->nps, "--weight", o->weight);
    job_arg(c->nps, "--column", o->column);
    job_arg(c->nps, "--method", o->method);
    job_arg(c->nps, "--level", level);
    job_arg(c->nps, "--min-n", min_n);
    if (o->date) {
        c->trend = chart_job(c, self, "trend", o->path);
        job_arg(c->trend, "--date", o->date);
        job_arg(c->trend, "--every", o->every);
        job_arg(c->trend, "--weight", o->weight);
        job_arg(c->trend, "--column", o->column);
        job_arg(c->trend, "--method", o->method);
        job_arg(c->trend, "--level", level);
    }
    if (servqual) {
        c->sq = chart_job(c, self, "servqual", o->path);
        job_arg(c->sq, "--instrument", o->instrument);
        job_arg(c->sq, "--level", level);
        job_arg(c->sq, "--min-n", min_n);
    }
    if (drivers) {
        c->dr = chart_job(c, self, "drivers", o->path);
        job_arg(c->dr, "--drivers", o->drivers);
        job_arg(c->dr, "--outcome", o->column);
        job_arg(c->dr, "--weight", o->weight);
        job_arg(c->dr, "--level", level);
        job_arg(c->dr, "--min-n", min_n);
    }
    if (o->journey) {
        c->jr = chart_job(c, self, "nps", o->path);
        job_arg(c->jr, "--by", o->journey);
        job_arg(c->jr, "--weight", o->weight);
        job_arg(c->jr, "--column", o->column);
        job_arg(c->jr, "--method", o->method);
        job_arg(c->jr, "--level", level);
        job_arg(c->jr, "--min-n", min_n);
    }
}

/* The commands of the other files' charts: --orders, --audit, --contacts. */
static void
log_jobs(Charts *c, const char *self, Options *o, const char *level, const char *min_n)
{
    if (o->orders) {
        c->ret = chart_job(c, self, "retention", o->orders);
        g_ptr_array_add(c->ret->argv, g_strdup("--cohorts"));
        job_arg(c->ret, "--level", level);
        job_arg(c->ret, "--min-n", min_n);
    }
    if (o->audit) {
        if (!o->audit_by)
            o->audit_by = g_strdup("location");
        c->au = chart_job(c, self, "audit", o->audit);
        job_arg(c->au, "--checklist", o->checklist);
        job_arg(c->au, "--by", o->audit_by);
        job_arg(c->au, "--level", level);
        job_arg(c->au, "--min-n", min_n);
    }
    if (o->contacts) {
        Job *ct = c->ct = chart_job(c, self, "contacts", o->contacts);
        job_arg(ct, "--case", o->c_case);
        job_arg(ct, "--time", o->c_time);
        job_arg(ct, "--sequence", o->c_sequence);
        job_arg(ct, "--channel", o->c_channel);
        job_arg(ct, "--resolved", o->c_resolved);
        job_arg(ct, "--wait", o->c_wait);
        job_arg(ct, "--abandoned", o->c_abandoned);
        job_arg(ct, "--service-level", o->service_level);
        job_arg(ct, "--short-abandon", o->short_abandon);
        job_arg(ct, "--level", level);
        job_arg(ct, "--min-n", min_n);
    }
}

/* Runs the charts' commands (this same program, @self) at once and parses their reports; a
 * status, after a message when one failed. */
static int
report_run(Charts *c, const char *self, Options *o, gboolean servqual, gboolean drivers)
{
    char level[G_ASCII_DTOSTR_BUF_SIZE], min_n[32];
    g_ascii_dtostr(level, sizeof level, o->level);
    g_snprintf(min_n, sizeof min_n, "%lld", (long long)o->min_n);
    survey_jobs(c, self, o, servqual, drivers, level, min_n);
    log_jobs(c, self, o, level, min_n);
    for (guint i = 0; i < c->jobs->len; i++)
        job_start(g_ptr_array_index(c->jobs, i));
    jobs_wait(c->jobs);
    int status = CLI_EXIT_OK;
    for (guint i = 0; i < c->jobs->len; i++) {
        Job *j = g_ptr_array_index(c->jobs, i);
        if (j->status == CLI_EXIT_OK)
            job_parse(j);
        status = MAX(status, j->status);
    }
    if (status != CLI_EXIT_OK)
        cli_error(CMD, "no page written: a command failed (its message is above)");
    return status;
}

/* The page: its head, a chart per command run, its end; written to --output. A status. */
static int
report_page(const Charts *c, const Options *o)
{
    GString *h = g_string_sized_new(1 << 16);
    page_head(h, o);
    char **keys = g_strsplit(o->by ? o->by : "segment", ",", -1);
    char *what = o->by ? g_strdup(o->by) : g_strdup("segment");
    char *nps_title = o->by ? g_strdup_printf("NPS by %s", o->by) : g_strdup("NPS");
    nps_chart(h, c->nps, keys, o, "nps", nps_title, what);
    g_free(nps_title);
    g_free(what);
    g_strfreev(keys);
    if (c->trend)
        trend_chart(h, c->trend, o);
    if (c->sq)
        servqual_chart(h, c->sq, o);
    if (c->dr)
        drivers_chart(h, c->dr);
    if (c->jr)
        journey_chart(h, c->jr, o);
    if (c->ret)
        cohort_chart(h, c->ret);
    if (c->au)
        audit_chart(h, c->au, o);
    if (c->ct)
        contacts_chart(h, c->ct, o);
    page_end(h, o, c->dr != NULL, c->sq != NULL, c->au != NULL, c->ret != NULL, c->ct != NULL);
    int status = write_page(o->output, h) ? CLI_EXIT_OK : CLI_EXIT_DATA;
    g_string_free(h, TRUE);
    return status;
}

/* Frees the options' strings (not @o->path, which is argv's). */
static void
options_clear(Options *o)
{
    char **owned[] = {
        &o->output,     &o->by,          &o->baseline,  &o->weight,     &o->level_text,
        &o->column,     &o->method,      &o->date,      &o->every,      &o->instrument,
        &o->drivers,    &o->journey,     &o->stages,    &o->orders,     &o->audit,
        &o->checklist,  &o->audit_by,    &o->contacts,  &o->c_case,     &o->c_time,
        &o->c_sequence, &o->c_channel,   &o->c_resolved, &o->c_wait,    &o->c_abandoned,
        &o->service_level, &o->short_abandon,
    };
    for (size_t i = 0; i < G_N_ELEMENTS(owned); i++)
        g_clear_pointer(owned[i], g_free);
}

int
cmd_report(int argc, char **argv)
{
    Options o = {.level = 0.95};
    GOptionContext *ctx = report_context(&o);
    Charts c = {.jobs = g_ptr_array_new_with_free_func((GDestroyNotify)job_free)};
    char *self = NULL;
    gboolean servqual = FALSE, drivers = FALSE;
    int status = CLI_EXIT_USAGE;
    if (cli_parse_options_no_input(CMD, ctx, &argc, &argv) && report_check(&o, argc, argv) &&
        (status = report_probe(&o, &servqual, &drivers)) == CLI_EXIT_OK) {
        self = g_file_read_link("/proc/self/exe", NULL);
        if (!self)
            self = g_strdup(g_get_prgname());
        if ((status = report_run(&c, self, &o, servqual, drivers)) == CLI_EXIT_OK)
            status = report_page(&c, &o);
    }
    g_free(self);
    g_ptr_array_free(c.jobs, TRUE);
    options_clear(&o);
    g_option_context_free(ctx);
    return status;
}
