/* SPDX-License-Identifier: MIT */
/* cxscore trend: an index (NPS, CSAT or CES) per calendar period of a date column, with its
 * interval and the change from the previous period with its significance; overall and by
 * segment. */
#include <string.h>

#include "cli-common.h"
#include "cli-input.h"

#define CMD "trend"

typedef enum { IDX_NPS, IDX_CSAT, IDX_CES } Index;

typedef struct {
    Index index;
    int method; /* NPS interval method */
    double level;
} Spec;

/* One series: period -> accumulator (CxNps or CxRating), and the rows it could not place. */
typedef struct {
    const Spec *spec;
    GHashTable *periods; /* gint64* -> accumulator */
} Series;

static void
acc_free(Spec *spec, void *acc)
{
    if (spec->index == IDX_NPS)
        cx_nps_free(acc);
    else
        cx_rating_free(acc);
}

static void *
series_new(void *user)
{
    Series *s = g_new0(Series, 1);
    s->spec = user;
    s->periods = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    return s;
}

static void
series_free(void *p)
{
    Series *s = p;
    GHashTableIter it;
    gpointer key, acc;
    g_hash_table_iter_init(&it, s->periods);
    while (g_hash_table_iter_next(&it, &key, &acc))
        acc_free((Spec *)s->spec, acc);
    g_hash_table_destroy(s->periods);
    g_free(s);
}

static void
series_add(Series *s, int64_t period, const char *text, size_t len, double weight)
{
    void *acc = g_hash_table_lookup(s->periods, &period);
    if (!acc) {
        int status;
        if (s->spec->index == IDX_NPS)
            status = cx_nps_new((CxNps **)&acc);
        else
            status = cx_rating_new_preset(
                s->spec->index == IDX_CSAT ? CX_RATING_CSAT : CX_RATING_CES, (CxRating **)&acc);
        cli_created(status);
        gint64 *key = g_new(gint64, 1);
        *key = period;
        g_hash_table_insert(s->periods, key, acc);
    }
    if (s->spec->index == IDX_NPS)
        cx_nps_add_text(acc, text, len, weight);
    else
        cx_rating_add_text(acc, text, len, weight);
}

/* Everything reported for one period of one series. */
typedef struct {
    int64_t period;
    gboolean ok;      /* the period has valid answers */
    gboolean has_vs;  /* a change from the previous period could be computed */
    CxNpsResult nps;
    double lo, hi;    /* NPS interval */
    CxNpsComparison nps_vs;
    CxRatingResult rating;
    CxRatingComparison rating_vs;
} Point;

static Point
point_of(const Series *s, int64_t period)
{
    const Spec *spec = s->spec;
    Point p;
    memset(&p, 0, sizeof p);
    p.period = period;
    p.nps.size = sizeof p.nps;
    p.rating.size = sizeof p.rating;
    p.nps_vs.size = sizeof p.nps_vs;
    p.rating_vs.size = sizeof p.rating_vs;
    p.lo = p.hi = CLI_NAN;
    p.nps.nps = p.nps.se = CLI_NAN;
    p.rating.mean = p.rating.good = p.rating.mean_ci_lower = p.rating.mean_ci_upper = CLI_NAN;
    p.rating.good_ci_lower = p.rating.good_ci_upper = CLI_NAN;
    const void *acc = g_hash_table_lookup(s->periods, &period);
    if (!acc)
        return p;
    if (spec->index == IDX_NPS) {
        p.ok = cx_nps_result(acc, &p.nps) == CX_OK;
        if (p.ok)
            cx_nps_interval(&p.nps, spec->level, spec->method, &p.lo, &p.hi);
    } else {
        p.ok = cx_rating_result(acc, spec->level, &p.rating) == CX_OK;
    }
    return p;
}

/* The series' points from @first to @last (periods without answers included, so that the
 * calendar has no holes), each compared with the period before it. */
static Point *
points_of(const Series *s, int64_t first, int64_t last, size_t *n)
{
    *n = (size_t)(last - first + 1);
    Point *pts = g_new0(Point, *n);
    for (size_t i = 0; i < *n; i++) {
        pts[i] = point_of(s, first + (int64_t)i);
        if (i == 0 || !pts[i].ok || !pts[i - 1].ok)
            continue;
        if (s->spec->index == IDX_NPS)
            pts[i].has_vs = cx_nps_compare(&pts[i].nps, &pts[i - 1].nps, s->spec->level,
                                           &pts[i].nps_vs) == CX_OK;
        else
            pts[i].has_vs = cx_rating_compare(&pts[i].rating, &pts[i - 1].rating,
                                              s->spec->level, &pts[i].rating_vs) == CX_OK;
    }
    return pts;
}

static void
json_point(JsonBuilder *b, const Spec *spec, int unit, const Point *p)
{
    json_builder_begin_object(b);
    char *label = cli_period_label(unit, p->period);
    json_builder_set_member_name(b, "period");
    json_builder_add_string_value(b, label);
    g_free(label);
    cli_json_uint(b, "missing", spec->index == IDX_NPS ? p->nps.missing : p->rating.missing);
    cli_json_uint(b, "rejected", spec->index == IDX_NPS ? p->nps.rejected : p->rating.rejected);
    if (spec->index == IDX_NPS) {
        cli_json_uint(b, "n", p->nps.n);
        cli_json_double(b, "n_eff", p->ok ? p->nps.n_eff : CLI_NAN);
        cli_json_double(b, "nps", p->ok ? p->nps.nps : CLI_NAN);
        cli_json_double(b, "se", p->ok ? p->nps.se : CLI_NAN);
        cli_json_double(b, "ci_lower", p->lo);
        cli_json_double(b, "ci_upper", p->hi);
    } else {
        cli_json_uint(b, "n", p->rating.n);
        cli_json_double(b, "n_eff", p->ok ? p->rating.n_eff : CLI_NAN);
        cli_json_double(b, "mean", p->rating.mean);
        cli_json_double(b, "mean_ci_lower", p->rating.mean_ci_lower);
        cli_json_double(b, "mean_ci_upper", p->rating.mean_ci_upper);
        cli_json_double(b, "good", p->rating.good);
        cli_json_double(b, "good_ci_lower", p->rating.good_ci_lower);
        cli_json_double(b, "good_ci_upper", p->rating.good_ci_upper);
    }
    json_builder_set_member_name(b, "change");
    if (!p->has_vs) {
        json_builder_add_null_value(b);
    } else if (spec->index == IDX_NPS) {
        json_builder_begin_object(b);
        cli_json_double(b, "diff", p->nps_vs.diff);
        cli_json_double(b, "se", p->nps_vs.se);
        cli_json_double(b, "z", p->nps_vs.z);
        cli_json_double(b, "p", p->nps_vs.p_value);
        cli_json_double(b, "ci_lower", p->nps_vs.ci_lower);
        cli_json_double(b, "ci_upper", p->nps_vs.ci_upper);
        json_builder_end_object(b);
    } else {
        const CxRatingComparison *c = &p->rating_vs;
        json_builder_begin_object(b);
        cli_json_double(b, "mean_diff", c->mean_diff);
        cli_json_double(b, "t", c->mean_t);
        cli_json_double(b, "df", c->mean_df);
        cli_json_double(b, "mean_p", c->mean_p_value);
        cli_json_double(b, "mean_ci_lower", c->mean_ci_lower);
        cli_json_double(b, "mean_ci_upper", c->mean_ci_upper);
        cli_json_double(b, "good_diff", c->good_diff);
        cli_json_double(b, "good_p", c->good_p_value);
        cli_json_double(b, "good_ci_lower", c->good_ci_lower);
        cli_json_double(b, "good_ci_upper", c->good_ci_upper);
        json_builder_end_object(b);
    }
    json_builder_end_object(b);
}

static void
csv_point(const Spec *spec, int unit, const Point *p)
{
    char *label = cli_period_label(unit, p->period);
    cli_csv_field(stdout, label, FALSE);
    g_free(label);
    if (spec->index == IDX_NPS) {
        const CxNpsComparison *c = &p->nps_vs;
        fprintf(stdout, "%llu,", (unsigned long long)p->nps.n);
        const double v[] = { p->ok ? p->nps.nps : CLI_NAN,
                             p->ok ? p->nps.se : CLI_NAN,
                             p->lo,
                             p->hi,
                             p->has_vs ? c->diff : CLI_NAN,
                             p->has_vs ? c->z : CLI_NAN,
                             p->has_vs ? c->p_value : CLI_NAN,
                             p->has_vs ? c->ci_lower : CLI_NAN,
                             p->has_vs ? c->ci_upper : CLI_NAN };
        for (size_t j = 0; j < G_N_ELEMENTS(v); j++)
            cli_csv_double(stdout, v[j], j + 1 == G_N_ELEMENTS(v));
    } else {
        const CxRatingResult *r = &p->rating;
        const CxRatingComparison *c = &p->rating_vs;
        fprintf(stdout, "%llu,", (unsigned long long)r->n);
        const double v[] = { r->mean,
                             r->mean_ci_lower,
                             r->mean_ci_upper,
                             r->good,
                             r->good_ci_lower,
                             r->good_ci_upper,
                             p->has_vs ? c->mean_diff : CLI_NAN,
                             p->has_vs ? c->mean_p_value : CLI_NAN,
                             p->has_vs ? c->good_diff : CLI_NAN,
                             p->has_vs ? c->good_p_value : CLI_NAN };
        for (size_t j = 0; j < G_N_ELEMENTS(v); j++)
            cli_csv_double(stdout, v[j], j + 1 == G_N_ELEMENTS(v));
    }
}

static void
table_point(CliTable *t, const Spec *spec, int unit, const Point *p)
{
    char *cells[8] = { cli_period_label(unit, p->period) };
    if (spec->index == IDX_NPS) {
        cells[1] = cli_fmt("%llu", (unsigned long long)p->nps.n);
        cells[2] = p->ok ? cli_num(p->nps.nps, 1) : g_strdup("-");
        cells[3] = p->ok ? cli_fmt("%.1f to %.1f", p->lo, p->hi) : g_strdup("-");
        cells[4] = p->has_vs ? cli_fmt("%+.1f", p->nps_vs.diff) : g_strdup("-");
        cells[5] = p->has_vs ? cli_p(p->nps_vs.p_value) : g_strdup("-");
        cells[6] = p->has_vs ? cli_fmt("%.1f to %.1f", p->nps_vs.ci_lower, p->nps_vs.ci_upper)
                             : g_strdup("-");
    } else {
        const CxRatingResult *r = &p->rating;
        cells[1] = cli_fmt("%llu", (unsigned long long)r->n);
        cells[2] = cli_num(r->mean, 2);
        cells[3] = !isnan(r->mean_ci_lower)
                       ? cli_fmt("%.2f to %.2f", r->mean_ci_lower, r->mean_ci_upper)
                       : g_strdup("-");
        cells[4] = p->ok ? cli_num(100.0 * r->good, 1) : g_strdup("-");
        cells[5] = p->has_vs ? cli_fmt("%+.2f", p->rating_vs.mean_diff) : g_strdup("-");
        cells[6] = p->has_vs ? cli_p(p->rating_vs.mean_p_value) : g_strdup("-");
    }
    cli_table_add(t, cells);
    for (size_t i = 0; i < G_N_ELEMENTS(cells); i++)
        g_free(cells[i]);
}

static void
print_series_table(const Spec *spec, int unit, const char *title, const Point *pts, size_t n)
{
    char *ci = cli_fmt("%g%% CI", 100.0 * spec->level);
    CliTable *t;
    if (spec->index == IDX_NPS) {
        const char *h[] = { "period", "n", "NPS", ci, "change", "p", ci };
        t = cli_table_new(G_N_ELEMENTS(h), h);
    } else {
        const char *good = spec->index == IDX_CSAT ? "4-5 %" : "5-7 %";
        const char *h[] = { "period", "n", "mean", ci, good, "change", "p" };
        t = cli_table_new(G_N_ELEMENTS(h), h);
    }
    for (size_t i = 0; i < n; i++)
        table_point(t, spec, unit, &pts[i]);
    printf("%s\n\n", title);
    cli_table_print(t, stdout, 1);
    cli_table_free(t);
    g_free(ci);
}

/* Smallest and largest period with data, over the series. */
static void
period_span(const Series *s, int64_t *first, int64_t *last)
{
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, s->periods);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        int64_t p = *(gint64 *)key;
        *first = MIN(*first, p);
        *last = MAX(*last, p);
    }
}

int
cmd_trend(int argc, char **argv)
{
    char *index_s = NULL, *column = NULL, *date = NULL, *every = NULL, *by_s = NULL,
         *weight = NULL, *level_s = NULL, *method_s = NULL, *format_s = NULL;
    gint64 max_periods = 1000;
    GOptionEntry entries[] = {
        { "index", 'i', 0, G_OPTION_ARG_STRING, &index_s, "nps (default), csat or ces", "INDEX" },
        { "column", 'c', 0, G_OPTION_ARG_STRING, &column,
          "The answer column (default: score, csat or ces)", "NAME" },
        { "date", 'd', 0, G_OPTION_ARG_STRING, &date,
          "The date column, YYYY-MM-DD[Thh:mm...] (default: date)", "COL" },
        { "every", 'e', 0, G_OPTION_ARG_STRING, &every,
          "day, week (ISO), month (default), quarter or year", "UNIT" },
        { "by", 'b', 0, G_OPTION_ARG_STRING, &by_s, "One series per segment of these columns",
          "COL[,COL...]" },
        { "weight", 'w', 0, G_OPTION_ARG_STRING, &weight, "Column of survey weights", "COL" },
        { "level", 'l', 0, G_OPTION_ARG_STRING, &level_s, "Confidence level (default 0.95)",
          "0.95" },
        { "method", 'm', 0, G_OPTION_ARG_STRING, &method_s,
          "NPS interval: wald, adjusted-wald or tango (default)", "METHOD" },
        { "max-periods", 0, 0, G_OPTION_ARG_INT64, &max_periods,
          "Refuse a span longer than this many periods (default 1000)", "N" },
        { "format", 'f', 0, G_OPTION_ARG_STRING, &format_s, "table (default), csv or json",
          "FORMAT" },
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE - an index per calendar period");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_summary(
        ctx, "NPS (or CSAT, CES) per day, ISO week, month, quarter or year of a date column,\n"
             "with its interval, and the change from the previous period with a p-value:\n"
             "NPS by the difference test of docs/nps.md, CSAT/CES means by Welch's t-test.");
    g_option_context_set_description(
        ctx, "Examples:\n"
             "  cxscore trend survey.csv\n"
             "  cxscore trend survey.csv --every quarter --by channel\n"
             "  cxscore trend survey.csv --index csat --every week --format json\n\n"
             "Rows whose date is blank or not a date are counted and reported, never placed in\n"
             "a period. Periods without answers inside the span are shown (n 0), so the\n"
             "change is always from the calendar period just before.\n"
             "Exit status: 0 success, 1 bad data, 2 bad usage. Sources: docs/loyalty.md.");

    int status = CLI_EXIT_USAGE;
    CxReader *reader = NULL;
    Series *overall = NULL;
    CliGroups *groups = NULL;
    GArray *by = g_array_new(FALSE, FALSE, sizeof(size_t));
    Spec spec = { IDX_NPS, CX_NPS_CI_TANGO, 0.95 };
    int unit = CX_PERIOD_MONTH;
    CliFormat format;
    if (!cli_parse_options(CMD, ctx, &argc, &argv))
        goto out;
    if (argc != 2) {
        cli_error(CMD, argc < 2 ? "no FILE given (use - for standard input)"
                                : "one FILE only, please");
        goto out;
    }
    if (!cli_parse_format(CMD, format_s, &format) || !cli_parse_level(CMD, level_s, &spec.level))
        goto out;
    if (index_s) {
        if (strcmp(index_s, "nps") == 0)
            spec.index = IDX_NPS;
        else if (strcmp(index_s, "csat") == 0)
            spec.index = IDX_CSAT;
        else if (strcmp(index_s, "ces") == 0)
            spec.index = IDX_CES;
        else {
            cli_error(CMD, "unknown --index '%s' (nps, csat or ces)", index_s);
            goto out;
        }
    }
    if (method_s && (spec.method = cx_nps_ci_method_from_name(method_s)) < 0) {
        cli_error(CMD, "unknown --method '%s' (wald, adjusted-wald or tango)", method_s);
        goto out;
    }
    if (every && (unit = cx_period_unit_from_name(every)) < 0) {
        cli_error(CMD, "unknown --every '%s' (day, week, month, quarter or year)", every);
        goto out;
    }
    if (max_periods < 1) {
        cli_error(CMD, "--max-periods must be at least 1");
        goto out;
    }
    static const char *const default_columns[] = { "score", "csat", "ces" };
    static const char *const names[] = { "nps", "csat", "ces" };

    status = CLI_EXIT_DATA;
    reader = cli_open(CMD, argv[1]);
    if (!reader)
        goto out;
    size_t col, date_col, weight_col = 0;
    if (!cli_column(CMD, reader, column ? column : default_columns[spec.index], &col) ||
        !cli_column(CMD, reader, date ? date : "date", &date_col) ||
        (weight && !cli_column(CMD, reader, weight, &weight_col)) ||
        (by_s && !cli_columns(CMD, reader, by_s, by)))
        goto out;
    cli_input_times(reader, date_col); /* platforms' dates, --date-format (cli-input.c) */

    overall = series_new(&spec);
    groups = by->len ? cli_groups_new(by->len, series_new, series_free, &spec) : NULL;
    CliMalformed malformed = { .cmd = CMD };
    uint64_t no_date = 0, bad_date = 0;
    int st;
    while ((st = cli_next_row(reader, &malformed)) == CX_ROW) {
        const char *text, *dtext;
        size_t len, dlen;
        cx_reader_field(reader, date_col, &dtext, &dlen);
        int64_t period;
        if (cx_period_from_date(dtext, dlen, unit, &period) != CX_OK) {
            double dummy;
            if (cx_cell_parse_number(dtext, dlen, &dummy) == CX_CELL_MISSING)
                no_date++;
            else
                bad_date++;
            continue;
        }
        cx_reader_field(reader, col, &text, &len);
        double w = 1.0;
        if (weight && cx_reader_field_number(reader, weight_col, &w) != CX_CELL_NUMBER)
            w = CLI_NAN; /* counted by the library as an invalid weight */
        series_add(overall, period, text, len, w);
        if (groups)
            series_add(cli_groups_get(groups, reader, (size_t *)(void *)by->data), period, text,
                       len, w);
    }
    if (st != CX_DONE)
        goto out;
    cli_malformed_summary(&malformed);
    if (no_date + bad_date)
        fprintf(stderr,
                "cxscore %s: %llu rows without a date and %llu with a date that is not "
                "YYYY-MM-DD are left out of every period\n",
                CMD, (unsigned long long)no_date, (unsigned long long)bad_date);

    int64_t first = INT64_MAX, last = INT64_MIN;
    period_span(overall, &first, &last);
    if (first > last) {
        cli_error(CMD, "no row with a date in column '%s'", cx_reader_column_name(reader, date_col));
        goto out;
    }
    if (last - first >= max_periods) {
        cli_error(CMD, "the dates span %lld periods of a %s; use a longer --every or raise "
                       "--max-periods",
                  (long long)(last - first + 1), every ? every : "month");
        status = CLI_EXIT_USAGE;
        goto out;
    }
    size_t n_groups = 0, n_points;
    CliGroup **sorted = groups ? cli_groups_sorted(groups, &n_groups) : NULL;
    Point *all = points_of(overall, first, last, &n_points);
    static const char *const unit_names[] = { "day", "week", "month", "quarter", "year" };
    const char *colname = cx_reader_column_name(reader, col);
    gboolean any = FALSE;
    for (size_t i = 0; i < n_points; i++)
        any |= all[i].ok;
    if (!any) {
        cli_error(CMD, "no valid answer in column '%s'", colname);
        g_free(all);
        g_free(sorted);
        goto out;
    }

    if (format == CLI_FORMAT_JSON) {
        JsonBuilder *b = json_builder_new();
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "index");
        json_builder_add_string_value(b, names[spec.index]);
        json_builder_set_member_name(b, "column");
        json_builder_add_string_value(b, colname);
        json_builder_set_member_name(b, "date_column");
        json_builder_add_string_value(b, cx_reader_column_name(reader, date_col));
        json_builder_set_member_name(b, "every");
        json_builder_add_string_value(b, unit_names[unit]);
        cli_json_double(b, "level", spec.level);
        json_builder_set_member_name(b, "method");
        if (spec.index == IDX_NPS)
            json_builder_add_string_value(b, method_s ? method_s : "tango");
        else
            json_builder_add_null_value(b);
        cli_json_string(b, "weight", weight);
        cli_json_uint(b, "malformed_rows", malformed.count);
        cli_json_uint(b, "rows_without_date", no_date);
        cli_json_uint(b, "rows_bad_date", bad_date);
        json_builder_set_member_name(b, "overall");
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "periods");
        json_builder_begin_array(b);
        for (size_t i = 0; i < n_points; i++)
            json_point(b, &spec, unit, &all[i]);
        json_builder_end_array(b);
        json_builder_end_object(b);
        if (groups) {
            json_builder_set_member_name(b, "segments");
            json_builder_begin_array(b);
            for (size_t g = 0; g < n_groups; g++) {
                json_builder_begin_object(b);
                cli_json_key(b, reader, by, sorted[g]->values);
                json_builder_set_member_name(b, "periods");
                json_builder_begin_array(b);
                size_t n;
                Point *pts = points_of(sorted[g]->acc, first, last, &n);
                for (size_t i = 0; i < n; i++)
                    json_point(b, &spec, unit, &pts[i]);
                g_free(pts);
                json_builder_end_array(b);
                json_builder_end_object(b);
            }
            json_builder_end_array(b);
        }
        json_builder_end_object(b);
        cli_json_print(b, stdout);
        g_object_unref(b);
    } else if (format == CLI_FORMAT_CSV) {
        cli_csv_key_header(stdout, reader, by);
        fputs(spec.index == IDX_NPS
                  ? "period,n,nps,se,ci_lower,ci_upper,change,change_z,change_p,"
                    "change_ci_lower,change_ci_upper\n"
                  : "period,n,mean,mean_ci_lower,mean_ci_upper,good,good_ci_lower,"
                    "good_ci_upper,mean_change,mean_change_p,good_change,good_change_p\n",
              stdout);
        for (size_t g = 0; g <= n_groups; g++) {
            size_t n = n_points;
            Point *pts = g < n_groups ? points_of(sorted[g]->acc, first, last, &n) : all;
            for (size_t i = 0; i < n; i++) {
                for (guint k = 0; k < by->len; k++)
                    cli_csv_field(stdout, g < n_groups ? sorted[g]->values[k] : "(all)", FALSE);
                csv_point(&spec, unit, &pts[i]);
            }
            if (pts != all)
                g_free(pts);
        }
    } else {
        static const char *const titles[] = { "NPS", "CSAT", "CES" };
        for (size_t g = 0; g < n_groups; g++) {
            char *title = cli_segment_title(reader, by, sorted[g]->values);
            size_t n;
            Point *pts = points_of(sorted[g]->acc, first, last, &n);
            print_series_table(&spec, unit, title, pts, n);
            putchar('\n');
            g_free(pts);
            g_free(title);
        }
        char *title = cli_fmt("%s of column '%s' by %s of '%s'%s%s%s", titles[spec.index],
                              colname, unit_names[unit], cx_reader_column_name(reader, date_col),
                              weight ? ", weighted by " : "", weight ? weight : "",
                              groups ? " (all)" : "");
        print_series_table(&spec, unit, title, all, n_points);
        g_free(title);
        printf("\nChange: from the period before; %s.\n"
               "Rows without a date %llu, with a bad date %llu, malformed rows %llu.\n",
               spec.index == IDX_NPS ? "NPS difference test (docs/nps.md)"
                                     : "difference of means, Welch's t-test",
               (unsigned long long)no_date, (unsigned long long)bad_date,
               (unsigned long long)malformed.count);
    }
    g_free(all);
    g_free(sorted);
    status = CLI_EXIT_OK;
out:
    cli_groups_free(groups);
    if (overall)
        series_free(overall);
    cx_reader_free(reader);
    g_array_free(by, TRUE);
    g_free(index_s);
    g_free(column);
    g_free(date);
    g_free(every);
    g_free(by_s);
    g_free(weight);
    g_free(level_s);
    g_free(method_s);
    g_free(format_s);
    g_option_context_free(ctx);
    return status;
}
