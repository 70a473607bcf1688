/* SPDX-License-Identifier: MIT */
/* cxscore trend: an index (NPS, CSAT or CES) per calendar period of a date column, with its
 * interval and the change from the previous period with its significance; overall and by
 * segment. */
#include <string.h>

#include "cli-common.h"
#include "cli-design.h"
#include "cli-input.h"
#include "cli-report.h"

#define CMD "trend"

typedef enum { IDX_NPS, IDX_CSAT, IDX_CES } Index;

typedef struct {
    Index index;
    int method; /* NPS interval method */
    double level;
    const CliDesign *design; /* NULL: Kish's variance; else each period is a domain */
} Spec;

/* The presets' scales (cx-rating.h): min, max, good band, top box. */
static const int rating_scale[][5] = { [IDX_CSAT] = { 1, 5, 4, 5, 5 },
                                       [IDX_CES] = { 1, 7, 5, 7, 7 } };

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

/* Adds an answer to the series' period; returns the period's accumulator (a design's domain). */
static const void *
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
    return acc;
}

static int
apply_rating(const CxDesignMean *m, void *result)
{
    return cx_design_apply_rating(&m[0], &m[1], &m[2], result);
}

/* Everything reported for one period of one series. */
typedef struct {
    int64_t period;
    gboolean ok;      /* the period has valid answers */
    int status;       /* of its cx_*_result(): why a period with answers has no figure */
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
    /* With a design, its SEs replace Kish's before the intervals and the change tests (the
     * period a domain of the whole sample, as nps --by with --variance design). */
    if (spec->index == IDX_NPS) {
        p.status = cx_nps_result(acc, &p.nps);
        if (spec->design && p.status == CX_OK) {
            CxDesignMean m = { .size = sizeof m };
            int st = cli_design_mean(spec->design, acc, 0, &m);
            if (st == CX_OK)
                st = cx_design_apply_nps(&m, &p.nps);
            if (st != CX_OK) {
                cli_error(CMD, "the design's NPS differs from the answers' (%s)", cx_strerror(st));
                p.status = CX_E_UNDEFINED;
            }
        }
        p.ok = p.status == CX_OK;
        if (p.ok)
            cx_nps_interval(&p.nps, spec->level, spec->method, &p.lo, &p.hi);
    } else {
        p.status = cx_rating_result(acc, spec->level, &p.rating);
        if (spec->design && p.status == CX_OK &&
            !cli_design_apply(CMD, spec->design, acc, 3, apply_rating, &p.rating))
            p.status = CX_E_UNDEFINED;
        p.ok = p.status == CX_OK;
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

/* The columns of the "periods" section after the key: NPS or a rating. */
static size_t
period_columns(CliColumn *c, const Spec *spec, const char *ci)
{
    size_t n = 0;
    c[n++] = (CliColumn)CLI_COL("period", NULL, CLI_COL_LABEL, 0);
    c[n++] = (CliColumn)CLI_COL("n", NULL, CLI_COL_COUNT, 0);
    if (spec->index == IDX_NPS) {
        c[n++] = (CliColumn)CLI_COL("nps", "NPS", CLI_COL_NUMBER, 1);
        c[n++] = (CliColumn)CLI_COL("ci", ci, CLI_COL_INTERVAL, 1);
        c[n++] = (CliColumn)CLI_COL("change", NULL, CLI_COL_NUMBER, 1);
        c[n++] = (CliColumn)CLI_COL("change_p", "p", CLI_COL_P, 0);
        c[n++] = (CliColumn)CLI_COL("change_ci", ci, CLI_COL_INTERVAL, 1);
        c[n++] = (CliColumn)CLI_DETAIL("se", CLI_COL_NUMBER, 1);
        c[n++] = (CliColumn)CLI_DETAIL("change_se", CLI_COL_NUMBER, 1);
        c[n++] = (CliColumn)CLI_DETAIL("change_z", CLI_COL_NUMBER, 2);
    } else {
        c[n++] = (CliColumn)CLI_COL("mean", NULL, CLI_COL_NUMBER, 2);
        c[n++] = (CliColumn)CLI_COL("mean_ci", ci, CLI_COL_INTERVAL, 2);
        c[n++] = (CliColumn)CLI_COL("good", spec->index == IDX_CSAT ? "4-5 %" : "5-7 %",
                                    CLI_COL_SHARE, 1);
        c[n++] = (CliColumn)CLI_COL("change", NULL, CLI_COL_NUMBER, 2);
        c[n++] = (CliColumn)CLI_COL("change_p", "p", CLI_COL_P, 0);
        c[n++] = (CliColumn)CLI_DETAIL("good_ci", CLI_COL_INTERVAL, 3);
        c[n++] = (CliColumn)CLI_DETAIL("change_ci", CLI_COL_INTERVAL, 2);
        c[n++] = (CliColumn)CLI_DETAIL("change_t", CLI_COL_NUMBER, 2);
        c[n++] = (CliColumn)CLI_DETAIL("change_df", CLI_COL_NUMBER, 1);
        c[n++] = (CliColumn)CLI_DETAIL("good_change", CLI_COL_NUMBER, 3);
        c[n++] = (CliColumn)CLI_DETAIL("good_change_p", CLI_COL_P, 0);
        c[n++] = (CliColumn)CLI_DETAIL("good_change_ci", CLI_COL_INTERVAL, 3);
    }
    c[n++] = (CliColumn)CLI_DETAIL("n_eff", CLI_COL_NUMBER, 1);
    c[n++] = (CliColumn)CLI_DETAIL("missing", CLI_COL_COUNT, 0);
    c[n++] = (CliColumn)CLI_DETAIL("rejected", CLI_COL_COUNT, 0);
    return n;
}

/* The cells of one period, in the order of period_columns(); @label is the period's. */
static void
period_cells(CliCell *c, const Spec *spec, const Point *p, const char *label)
{
    gboolean ok = p->ok, vs = p->has_vs;
    *c++ = CLI_TEXT(label);
    if (spec->index == IDX_NPS) {
        const CxNpsComparison *d = &p->nps_vs;
        *c++ = CLI_COUNT(p->nps.n);
        *c++ = ok ? CLI_NUM(p->nps.nps) : CLI_NA;
        *c++ = ok ? CLI_IV(p->lo, p->hi) : CLI_NA;
        *c++ = vs ? CLI_NUM(d->diff) : CLI_NA;
        *c++ = vs ? CLI_NUM(d->p_value) : CLI_NA;
        *c++ = vs ? CLI_IV(d->ci_lower, d->ci_upper) : CLI_NA;
        *c++ = ok && p->nps.n > 1 ? CLI_NUM(p->nps.se) : CLI_NA;
        *c++ = vs ? CLI_NUM(d->se) : CLI_NA;
        *c++ = vs ? CLI_NUM(d->z) : CLI_NA;
        *c++ = ok ? CLI_NUM(p->nps.n_eff) : CLI_NA;
        *c++ = CLI_COUNT(p->nps.missing);
        *c = CLI_COUNT(p->nps.rejected);
        return;
    }
    const CxRatingResult *r = &p->rating;
    const CxRatingComparison *d = &p->rating_vs;
    *c++ = CLI_COUNT(r->n);
    *c++ = ok ? CLI_NUM(r->mean) : CLI_NA;
    *c++ = ok ? CLI_IV(r->mean_ci_lower, r->mean_ci_upper) : CLI_NA;
    *c++ = ok ? CLI_NUM(r->good) : CLI_NA;
    *c++ = vs ? CLI_NUM(d->mean_diff) : CLI_NA;
    *c++ = vs ? CLI_NUM(d->mean_p_value) : CLI_NA;
    *c++ = ok ? CLI_IV(r->good_ci_lower, r->good_ci_upper) : CLI_NA;
    *c++ = vs ? CLI_IV(d->mean_ci_lower, d->mean_ci_upper) : CLI_NA;
    *c++ = vs ? CLI_NUM(d->mean_t) : CLI_NA;
    *c++ = vs ? CLI_NUM(d->mean_df) : CLI_NA;
    *c++ = vs ? CLI_NUM(d->good_diff) : CLI_NA;
    *c++ = vs ? CLI_NUM(d->good_p_value) : CLI_NA;
    *c++ = vs ? CLI_IV(d->good_ci_lower, d->good_ci_upper) : CLI_NA;
    *c++ = ok ? CLI_NUM(r->n_eff) : CLI_NA;
    *c++ = CLI_COUNT(r->missing);
    *c = CLI_COUNT(r->rejected);
}

/* One row per period of a series, after the key cells already in @cells[0..nk). */
static void
series_rows(CliReport *rep, CliCell *cells, size_t nk, const Spec *spec, int unit,
            const Point *pts, size_t n, uint64_t *missing, uint64_t *rejected)
{
    for (size_t i = 0; i < n; i++) {
        char *label = cli_period_label(unit, pts[i].period);
        period_cells(cells + nk, spec, &pts[i], label);
        cli_report_row(rep, cells);
        g_free(label);
        *missing += spec->index == IDX_NPS ? pts[i].nps.missing : pts[i].rating.missing;
        *rejected += spec->index == IDX_NPS ? pts[i].nps.rejected : pts[i].rating.rejected;
    }
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
    char *index_s = NULL, *column = NULL, *date = NULL, *every = NULL, *method_s = NULL;
    /* Each segment holds an accumulator per period: a lower default than nps's. */
    CliReportOptions ro = { .max_segments = 100000 };
    CliDesignOptions dop = { 0 };
    gint64 max_periods = 1000;
    GOptionEntry entries[] = {
        { "index", 0, 0, G_OPTION_ARG_FILENAME, &index_s, "nps (default), csat or ces", "INDEX" },
        { "column", 'c', 0, G_OPTION_ARG_FILENAME, &column,
          "The answer column (default: score, csat or ces)", "NAME" },
        { "date", 0, 0, G_OPTION_ARG_FILENAME, &date,
          "The date column, YYYY-MM-DD[Thh:mm] (default date)", "COL" },
        { "every", 'e', 0, G_OPTION_ARG_FILENAME, &every,
          "day, week (ISO), month (default), quarter or year", "UNIT" },
        { "method", 'm', 0, G_OPTION_ARG_FILENAME, &method_s,
          "NPS interval: wald, adjusted-wald, tango (default)", "METHOD" },
        { "max-periods", 0, 0, G_OPTION_ARG_INT64, &max_periods,
          "Refuse a longer span of periods (default 1000)", "N" },
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE - an index per calendar period");
    g_option_context_add_main_entries(ctx, entries, NULL);
    cli_report_options_add(ctx, &ro, CLI_OPT_BY | CLI_OPT_WEIGHT | CLI_OPT_LEVEL |
                                         CLI_OPT_FORMAT | CLI_OPT_SECTION |
                                         CLI_OPT_MAX_SEGMENTS);
    cli_design_options_add(ctx, &dop);
    g_option_context_set_summary(
        ctx, "NPS (or CSAT, CES) per day, ISO week, month, quarter or year of a date column,\n"
             "with its interval, and the change from the previous period with a p-value:\n"
             "NPS by the difference test of " CLI_DOC_DIR "/nps.md,\n"
             "CSAT/CES means by Welch's t-test.");
    g_option_context_set_description(
        ctx, "Examples:\n"
             "  cxscore trend survey.csv\n"
             "  cxscore trend survey.csv --every quarter --by channel\n"
             "  cxscore trend survey.csv --index csat --every week --format json\n\n"
             "Rows whose date is blank or not a date are counted and reported, never placed in\n"
             "a period. Periods without answers inside the span are shown (n 0), so the\n"
             "change is always from the calendar period just before.\n"
             "Survey designs: --variance design (or --strata, --cluster) gives each period's\n"
             "SE by linearization, the period a domain of the sample, as R's svyby().\n"
             "Exit status: 0 success, 1 bad data, 2 bad usage.\n"
             "Sources: " CLI_DOC_DIR "/loyalty.md.");

    int status = CLI_EXIT_USAGE;
    CxReader *reader = NULL;
    Series *overall = NULL;
    CliGroups *groups = NULL;
    CliDesign *design = NULL;
    GArray *by = g_array_new(FALSE, FALSE, sizeof(size_t));
    Spec spec = { IDX_NPS, CX_NPS_CI_TANGO, 0.95, NULL };
    int unit = CX_PERIOD_MONTH;
    if (!cli_report_parse(CMD, ctx, &argc, &argv, &ro) || !cli_design_options_check(CMD, &dop))
        goto out;
    spec.level = ro.level;
    if (index_s) {
        if (g_ascii_strcasecmp(index_s, "nps") == 0)
            spec.index = IDX_NPS;
        else if (g_ascii_strcasecmp(index_s, "csat") == 0)
            spec.index = IDX_CSAT;
        else if (g_ascii_strcasecmp(index_s, "ces") == 0)
            spec.index = IDX_CES;
        else {
            cli_error(CMD, "unknown --index '%s' (nps, csat or ces)", index_s);
            goto out;
        }
    }
    if (method_s && (spec.method = cli_nps_method(method_s)) < 0) {
        cli_error(CMD, "unknown --method '%s' (wald, adjusted-wald or tango)", method_s);
        goto out;
    }
    if (every && (unit = cli_period_unit(every)) < 0) {
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
        (ro.weight && !cli_column(CMD, reader, ro.weight, &weight_col)) ||
        (ro.by && !cli_columns(CMD, reader, ro.by, by)))
        goto out;
    /* The input options (cli-input.c): platforms' dates and --date-format; labels, label maps,
     * missing markers and the decimal comma in the answers and weights; option columns. */
    static const double scale_min[] = { 0, 1, 1 }, scale_max[] = { 10, 5, 7 };
    cli_input_times(reader, date_col);
    cli_input_answers(reader, col, scale_min[spec.index], scale_max[spec.index]);
    if (ro.weight)
        cli_input_weights(reader, weight_col);
    cli_input_segments(reader, by);
    if ((status = cli_design_open(CMD, &dop, reader, spec.index == IDX_NPS ? 1 : 3, &design)))
        goto out;
    status = CLI_EXIT_DATA;

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
        if (design && cli_design_row_blank(design, reader))
            continue; /* a blank design key: counted, in no figure */
        cx_reader_field(reader, col, &text, &len);
        double w = 1.0;
        if (ro.weight && cx_reader_field_number(reader, weight_col, &w) != CX_CELL_NUMBER)
            w = CLI_NAN; /* counted by the library as an invalid weight */
        const void *domains[2];
        size_t n_domains = 0;
        domains[n_domains++] = series_add(overall, period, text, len, w);
        if (groups) {
            Series *seg = cli_groups_get(groups, reader, (size_t *)(void *)by->data);
            if (!cli_groups_within(CMD, groups, (size_t)ro.max_segments))
                goto out;
            domains[n_domains++] = series_add(seg, period, text, len, w);
        }
        if (design) {
            double v[3];
            if (spec.index == IDX_NPS)
                v[0] = cli_design_nps_code(text, len);
            else
                cli_design_rating_values(rating_scale[spec.index][0], rating_scale[spec.index][1],
                                         rating_scale[spec.index][2], rating_scale[spec.index][3],
                                         rating_scale[spec.index][4], text, len, v);
            cli_design_add_current_domains(design, reader, domains, n_domains, w, v);
        }
    }
    if (st != CX_DONE)
        goto out;
    cli_malformed_summary(&malformed);
    if (design && !cli_design_check(CMD, design))
        goto out;
    spec.design = design;
    uint64_t no_design_key = design ? cli_design_rejected(design) : 0;
    if (no_date + bad_date)
        fprintf(stderr,
                "cxscore %s: %llu rows without a date and %llu with a date that is not a "
                "date are left out of every period\n",
                CMD, (unsigned long long)no_date, (unsigned long long)bad_date);

    int64_t first = INT64_MAX, last = INT64_MIN;
    period_span(overall, &first, &last);
    {
        /* Every row accounted for: a row without a date is missing, one whose date is not a
         * date rejected (the reader put the cell in the rejects), the others by their answer. */
        uint64_t scored = 0, missing = no_date, rejected = bad_date + no_design_key;
        for (int64_t p = first; p <= last; p++) {
            Point pt = point_of(overall, p);
            scored += spec.index == IDX_NPS ? pt.nps.n : pt.rating.n;
            missing += spec.index == IDX_NPS ? pt.nps.missing : pt.rating.missing;
            rejected += spec.index == IDX_NPS ? pt.nps.rejected : pt.rating.rejected;
        }
        if (!cli_input_report(CMD, reader, scored, missing, rejected, malformed.count))
            goto out;
    }
    if (first > last) {
        cli_error(CMD, "no row with a date in column '%s'%s", cx_reader_column_name(reader, date_col),
                  bad_date ? "; --date-format FMT reads dates written another way "
                              "(e.g. '%m/%d/%Y %H:%M:%S')"
                            : "");
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

    CliReport *rep = cli_report_new(CMD, ro.format, stdout);
    cli_report_only(rep, ro.section);
    cli_report_setting_text(rep, "index", names[spec.index]);
    cli_report_setting_text(rep, "column", colname);
    cli_report_setting_text(rep, "date_column", cx_reader_column_name(reader, date_col));
    cli_report_setting_text(rep, "every", unit_names[unit]);
    cli_report_setting_number(rep, "level", spec.level);
    cli_report_setting_text(rep, "method",
                            spec.index == IDX_NPS ? cx_nps_ci_method_name(spec.method) : NULL);
    cli_report_setting_text(rep, "weight", ro.weight);
    cli_design_settings(rep, design);
    char *ci = cli_level_title(spec.level);
    CliColumn *cols = cli_key_columns(reader, by, 24);
    size_t nk = MAX(by->len, 1), nc = nk + period_columns(cols + nk, &spec, ci);
    static const char *const titles[] = { "NPS", "CSAT", "CES" };
    char *title = cli_fmt("%s of column '%s' by %s of '%s'%s%s", titles[spec.index], colname,
                          unit_names[unit], cx_reader_column_name(reader, date_col),
                          ro.weight ? ", weighted by " : "", ro.weight ? ro.weight : "");
    cli_report_section(rep, "periods", title, cols, nc);
    g_free(title);
    CliCell *cells = g_new0(CliCell, nc);
    uint64_t missing = 0, rejected = 0, seg_missing = 0, seg_rejected = 0;
    for (size_t g = 0; g < n_groups; g++) {
        size_t n;
        Point *pts = points_of(sorted[g]->acc, first, last, &n);
        cli_key_cells(cells, by->len, sorted[g]->values);
        series_rows(rep, cells, nk, &spec, unit, pts, n, &seg_missing, &seg_rejected);
        g_free(pts);
    }
    cli_key_cells(cells, by->len, NULL);
    series_rows(rep, cells, nk, &spec, unit, all, n_points, &missing, &rejected);
    cli_report_note(rep, "Change: from the period before; %s.",
                    spec.index == IDX_NPS ? "NPS difference test (nps.md)"
                                          : "difference of means, Welch's t-test");
    cli_design_note(rep, design);
    const CliColumn unscored[] = {
        CLI_COL("rows_without_date", "no date", CLI_COL_COUNT, 0),
        CLI_COL("rows_bad_date", "bad date", CLI_COL_COUNT, 0),
        CLI_COL("missing", NULL, CLI_COL_COUNT, 0),
        CLI_COL("rejected", NULL, CLI_COL_COUNT, 0),
        CLI_COL("malformed_rows", "malformed", CLI_COL_COUNT, 0),
        CLI_COL("no_design_key", "no design key", CLI_COL_COUNT, 0),
    };
    cli_report_section(rep, "unscored", "Rows and answers not scored", unscored,
                       G_N_ELEMENTS(unscored) - (design ? 0 : 1));
    cli_report_row(rep, (CliCell[]){ CLI_COUNT(no_date), CLI_COUNT(bad_date),
                                     CLI_COUNT(missing), CLI_COUNT(rejected),
                                     CLI_COUNT(malformed.count), CLI_COUNT(no_design_key) });
    g_free(cells);
    g_free(cols);
    g_free(ci);
    status = cli_report_finish(rep);
    /* As nps: a period with valid answers but no figure (every weight 0, or weights whose
     * squares overflow a double) is bad data, said per period; a period without answers is a
     * hole in the calendar, not an error. Segments' periods are not checked, as nps does not
     * check segments: their overall period shows it. */
    gboolean written = status == CLI_EXIT_OK;
    for (size_t i = 0; i < n_points && written; i++) {
        uint64_t n = spec.index == IDX_NPS ? all[i].nps.n : all[i].rating.n;
        if (all[i].ok || (n == 0 && all[i].status != CX_E_OVERFLOW))
            continue;
        char *label = cli_period_label(unit, all[i].period);
        char *where = cli_fmt("period %s: ", label);
        cli_no_score_in(CMD, where, colname, all[i].status, n);
        g_free(where);
        g_free(label);
        status = CLI_EXIT_DATA;
    }
    g_free(all);
    g_free(sorted);
    goto out;
out:
    cli_groups_free(groups);
    cli_design_free(design);
    if (overall)
        series_free(overall);
    cx_reader_free(reader);
    g_array_free(by, TRUE);
    g_free(index_s);
    g_free(column);
    g_free(date);
    g_free(every);
    g_free(method_s);
    cli_report_options_clear(&ro);
    cli_design_options_clear(&dop);
    g_option_context_free(ctx);
    return status;
}
