/* SPDX-License-Identifier: MIT */
/* cxscore trend: an index (NPS, CSAT or CES) per calendar period of a date column, with its
 * interval and the change from the previous period with its significance; overall and by
 * segment. */
#include <string.h>

#include "cli-common.h"
#include "cli-design.h"
#include "cli-input.h"
#include "cli-report.h"
#include "cli-rows.h"

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

static const char *const UNIT_NAMES[] = { "day", "week", "month", "quarter", "year" };

/* One run of trend: the options, the columns found, and the series read. */
typedef struct {
    char *index_s, *column, *date, *every, *method_s;
    CliReportOptions ro;
    CliDesignOptions dop;
    gint64 max_periods;
    Spec spec;
    int unit;
    CxReader *reader;
    Series *overall;
    CliGroups *groups;
    CliDesign *design;
    GArray *by;
    size_t col, date_col, weight_col;
    CliMalformed malformed;
    uint64_t no_date, bad_date; /* rows placed in no period */
    int64_t first, last;        /* the span of periods with data */
} Trend;

static GOptionContext *
trend_context(Trend *t)
{
    GOptionEntry entries[] = {
        { "index", 0, 0, G_OPTION_ARG_FILENAME, &t->index_s, "nps (default), csat or ces",
          "INDEX" },
        { "column", 'c', 0, G_OPTION_ARG_FILENAME, &t->column,
          "The answer column (default: score, csat or ces)", "NAME" },
        { "date", 0, 0, G_OPTION_ARG_FILENAME, &t->date,
          "The date column, YYYY-MM-DD[Thh:mm] (default date)", "COL" },
        { "every", 'e', 0, G_OPTION_ARG_FILENAME, &t->every,
          "day, week (ISO), month (default), quarter or year", "UNIT" },
        { "method", 'm', 0, G_OPTION_ARG_FILENAME, &t->method_s,
          "NPS interval: wald, adjusted-wald, tango (default)", "METHOD" },
        { "max-periods", 0, 0, G_OPTION_ARG_INT64, &t->max_periods,
          "Refuse a longer span of periods (default 1000)", "N" },
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE - an index per calendar period");
    g_option_context_add_main_entries(ctx, entries, NULL);
    cli_report_options_add(ctx, &t->ro, CLI_OPT_BY | CLI_OPT_WEIGHT | CLI_OPT_LEVEL |
                                             CLI_OPT_FORMAT | CLI_OPT_SECTION |
                                             CLI_OPT_MAX_SEGMENTS);
    cli_design_options_add(ctx, &t->dop);
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
    return ctx;
}

/* The options after parsing: the design's, --index, --method, --every, --max-periods; FALSE
 * after a message. */
static gboolean
trend_check(void *p, G_GNUC_UNUSED const char *path)
{
    Trend *t = p;
    if (!cli_design_options_check(CMD, &t->dop))
        return FALSE;
    t->spec.level = t->ro.level;
    if (t->index_s) {
        if (g_ascii_strcasecmp(t->index_s, "nps") == 0)
            t->spec.index = IDX_NPS;
        else if (g_ascii_strcasecmp(t->index_s, "csat") == 0)
            t->spec.index = IDX_CSAT;
        else if (g_ascii_strcasecmp(t->index_s, "ces") == 0)
            t->spec.index = IDX_CES;
        else {
            cli_error(CMD, "unknown --index '%s' (nps, csat or ces)", t->index_s);
            return FALSE;
        }
    }
    if (t->method_s && (t->spec.method = cli_nps_method(t->method_s)) < 0) {
        cli_error(CMD, "unknown --method '%s' (wald, adjusted-wald or tango)", t->method_s);
        return FALSE;
    }
    if (t->every && (t->unit = cli_period_unit(t->every)) < 0) {
        cli_error(CMD, "unknown --every '%s' (day, week, month, quarter or year)", t->every);
        return FALSE;
    }
    if (t->max_periods < 1) {
        cli_error(CMD, "--max-periods must be at least 1");
        return FALSE;
    }
    return TRUE;
}

/* Opens FILE, finds its columns and gives them the input options; a status. */
static int
trend_open(void *p, const char *path)
{
    Trend *t = p;
    static const char *const default_columns[] = { "score", "csat", "ces" };
    static const double scale_min[] = { 0, 1, 1 }, scale_max[] = { 10, 5, 7 };
    const CliReportOptions *ro = &t->ro;
    const Index index = t->spec.index;
    t->reader = cli_open(CMD, path);
    CxReader *reader = t->reader;
    if (!reader ||
        !cli_column(CMD, reader, t->column ? t->column : default_columns[index], &t->col) ||
        !cli_column(CMD, reader, t->date ? t->date : "date", &t->date_col) ||
        (ro->weight && !cli_column(CMD, reader, ro->weight, &t->weight_col)) ||
        (ro->by && !cli_columns(CMD, reader, ro->by, t->by)))
        return CLI_EXIT_DATA;
    /* The input options (cli-input.c): platforms' dates and --date-format; labels, label maps,
     * missing markers and the decimal comma in the answers and weights; option columns. */
    cli_input_times(reader, t->date_col);
    cli_input_answers(reader, t->col, scale_min[index], scale_max[index]);
    if (ro->weight)
        cli_input_weights(reader, t->weight_col);
    cli_input_segments(reader, t->by);
    return cli_design_open(CMD, &t->dop, reader, index == IDX_NPS ? 1 : 3, &t->design);
}

/* The design's variables of an answer: the NPS code, or the rating's (cli-design.h). */
static void
design_values(Index index, const char *text, size_t len, double *v)
{
    const int *s = rating_scale[index];
    if (index == IDX_NPS)
        v[0] = cli_design_nps_code(text, len);
    else
        cli_design_rating_values(s[0], s[1], s[2], s[3], s[4], text, len, v);
}

/* Every row with a date into the overall series, its segment's and the design (each period a
 * domain); FALSE after a message. */
static gboolean
trend_read(void *p)
{
    Trend *t = p;
    CxReader *reader = t->reader;
    t->overall = series_new(&t->spec);
    if (t->by->len)
        t->groups = cli_groups_new(t->by->len, series_new, series_free, &t->spec);
    int st;
    while ((st = cli_next_row(reader, &t->malformed)) == CX_ROW) {
        const char *text, *dtext;
        size_t len, dlen;
        cx_reader_field(reader, t->date_col, &dtext, &dlen);
        int64_t period;
        if (cx_period_from_date(dtext, dlen, t->unit, &period) != CX_OK) {
            double dummy;
            if (cx_cell_parse_number(dtext, dlen, &dummy) == CX_CELL_MISSING)
                t->no_date++;
            else
                t->bad_date++;
            continue;
        }
        if (t->design && cli_design_row_blank(t->design, reader))
            continue; /* a blank design key: counted, in no figure */
        cx_reader_field(reader, t->col, &text, &len);
        double w = cli_row_weight(reader, t->ro.weight, t->weight_col);
        void *seg;
        if (!cli_row_segment(CMD, t->groups, reader, t->by, (size_t)t->ro.max_segments, &seg))
            return FALSE;
        const void *domains[2];
        size_t n_domains = 0;
        domains[n_domains++] = series_add(t->overall, period, text, len, w);
        if (seg)
            domains[n_domains++] = series_add(seg, period, text, len, w);
        if (t->design) {
            double v[3];
            design_values(t->spec.index, text, len, v);
            cli_design_add_current_domains(t->design, reader, domains, n_domains, w, v);
        }
    }
    if (st != CX_DONE)
        return FALSE;
    cli_malformed_summary(&t->malformed);
    if (t->design && !cli_design_check(CMD, t->design))
        return FALSE;
    t->spec.design = t->design;
    if (t->no_date + t->bad_date)
        fprintf(stderr,
                "cxscore %s: %llu rows without a date and %llu with a date that is not a "
                "date are left out of every period\n",
                CMD, (unsigned long long)t->no_date, (unsigned long long)t->bad_date);
    return TRUE;
}

/* Rows left out for a blank --strata or --cluster cell. */
static uint64_t
no_design_key(const Trend *t)
{
    return t->design ? cli_design_rejected(t->design) : 0;
}

/* Every row accounted for (cli_input_report()), then the span of periods checked; a status. */
static int
trend_span(Trend *t)
{
    t->first = INT64_MAX;
    t->last = INT64_MIN;
    period_span(t->overall, &t->first, &t->last);
    /* A row without a date is missing, one whose date is not a date rejected (the reader put
     * the cell in the rejects), the others by their answer. */
    const gboolean nps = t->spec.index == IDX_NPS;
    uint64_t scored = 0, missing = t->no_date, rejected = t->bad_date + no_design_key(t);
    for (int64_t p = t->first; p <= t->last; p++) {
        Point pt = point_of(t->overall, p);
        scored += nps ? pt.nps.n : pt.rating.n;
        missing += nps ? pt.nps.missing : pt.rating.missing;
        rejected += nps ? pt.nps.rejected : pt.rating.rejected;
    }
    if (!cli_input_report(CMD, t->reader, scored, missing, rejected, t->malformed.count))
        return CLI_EXIT_DATA;
    if (t->first > t->last) {
        cli_error(CMD, "no row with a date in column '%s'%s",
                  cx_reader_column_name(t->reader, t->date_col),
                  t->bad_date ? "; --date-format FMT reads dates written another way "
                                "(e.g. '%m/%d/%Y %H:%M:%S')"
                              : "");
        return CLI_EXIT_DATA;
    }
    if (t->last - t->first >= t->max_periods) {
        cli_error(CMD, "the dates span %lld periods of a %s; use a longer --every or raise "
                       "--max-periods",
                  (long long)(t->last - t->first + 1), t->every ? t->every : "month");
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

/* The "periods" section: each segment's series, then the overall one; and "unscored". */
static void
trend_sections(CliReport *rep, const Trend *t, CliGroup *const *sorted, size_t n_groups,
               const Point *all, size_t n_points)
{
    static const char *const titles[] = { "NPS", "CSAT", "CES" };
    const Spec *spec = &t->spec;
    const char *date_name = cx_reader_column_name(t->reader, t->date_col);
    char *ci = cli_level_title(spec->level);
    CliColumn *cols = cli_key_columns(t->reader, t->by, 24);
    size_t nk = MAX(t->by->len, 1), nc = nk + period_columns(cols + nk, spec, ci);
    char *title = cli_fmt("%s of column '%s' by %s of '%s'%s%s", titles[spec->index],
                          cx_reader_column_name(t->reader, t->col), UNIT_NAMES[t->unit],
                          date_name, t->ro.weight ? ", weighted by " : "",
                          t->ro.weight ? t->ro.weight : "");
    cli_report_section(rep, "periods", title, cols, nc);
    g_free(title);
    CliCell *cells = g_new0(CliCell, nc);
    uint64_t missing = 0, rejected = 0, seg_missing = 0, seg_rejected = 0;
    for (size_t g = 0; g < n_groups; g++) {
        size_t n;
        Point *pts = points_of(sorted[g]->acc, t->first, t->last, &n);
        cli_key_cells(cells, t->by->len, sorted[g]->values);
        series_rows(rep, cells, nk, spec, t->unit, pts, n, &seg_missing, &seg_rejected);
        g_free(pts);
    }
    cli_key_cells(cells, t->by->len, NULL);
    series_rows(rep, cells, nk, spec, t->unit, all, n_points, &missing, &rejected);
    cli_report_note(rep, "Change: from the period before; %s.",
                    spec->index == IDX_NPS ? "NPS difference test (nps.md)"
                                           : "difference of means, Welch's t-test");
    cli_design_note(rep, t->design);
    const CliColumn unscored[] = {
        CLI_COL("rows_without_date", "no date", CLI_COL_COUNT, 0),
        CLI_COL("rows_bad_date", "bad date", CLI_COL_COUNT, 0),
        CLI_COL("missing", NULL, CLI_COL_COUNT, 0),
        CLI_COL("rejected", NULL, CLI_COL_COUNT, 0),
        CLI_COL("malformed_rows", "malformed", CLI_COL_COUNT, 0),
        CLI_COL("no_design_key", "no design key", CLI_COL_COUNT, 0),
    };
    cli_report_section(rep, "unscored", "Rows and answers not scored", unscored,
                       G_N_ELEMENTS(unscored) - (t->design ? 0 : 1));
    cli_report_row(rep, (CliCell[]){ CLI_COUNT(t->no_date), CLI_COUNT(t->bad_date),
                                     CLI_COUNT(missing), CLI_COUNT(rejected),
                                     CLI_COUNT(t->malformed.count),
                                     CLI_COUNT(no_design_key(t)) });
    g_free(cells);
    g_free(cols);
    g_free(ci);
}

/* The report: settings, then the sections. */
static int
trend_emit(const Trend *t, CliGroup *const *sorted, size_t n_groups, const Point *all,
           size_t n_points)
{
    static const char *const names[] = { "nps", "csat", "ces" };
    const Spec *spec = &t->spec;
    CliReport *rep = cli_report_new(CMD, t->ro.format, stdout);
    cli_report_only(rep, t->ro.section);
    cli_report_setting_text(rep, "index", names[spec->index]);
    cli_report_setting_text(rep, "column", cx_reader_column_name(t->reader, t->col));
    cli_report_setting_text(rep, "date_column", cx_reader_column_name(t->reader, t->date_col));
    cli_report_setting_text(rep, "every", UNIT_NAMES[t->unit]);
    cli_report_setting_number(rep, "level", spec->level);
    cli_report_setting_text(rep, "method",
                            spec->index == IDX_NPS ? cx_nps_ci_method_name(spec->method) : NULL);
    cli_report_setting_text(rep, "weight", t->ro.weight);
    cli_design_settings(rep, t->design);
    trend_sections(rep, t, sorted, n_groups, all, n_points);
    return cli_report_finish(rep);
}

/* As nps: a period with valid answers but no figure (every weight 0, or weights whose squares
 * overflow a double) is bad data, said per period; a period without answers is a hole in the
 * calendar, not an error. Segments' periods are not checked, as nps does not check segments:
 * their overall period shows it. A status. */
static int
trend_no_score(const Trend *t, const Point *all, size_t n_points)
{
    int status = CLI_EXIT_OK;
    for (size_t i = 0; i < n_points; i++) {
        uint64_t n = t->spec.index == IDX_NPS ? all[i].nps.n : all[i].rating.n;
        if (all[i].ok || (n == 0 && all[i].status != CX_E_OVERFLOW))
            continue;
        char *label = cli_period_label(t->unit, all[i].period);
        char *where = cli_fmt("period %s: ", label);
        cli_no_score_in(CMD, where, cx_reader_column_name(t->reader, t->col), all[i].status, n);
        g_free(where);
        g_free(label);
        status = CLI_EXIT_DATA;
    }
    return status;
}

int
cmd_trend(int argc, char **argv)
{
    /* Each segment holds an accumulator per period: a lower --max-segments than nps's. */
    Trend t = { .ro = { .max_segments = 100000 }, .max_periods = 1000,
                .spec = { IDX_NPS, CX_NPS_CI_TANGO, 0.95, NULL },
                .unit = CX_PERIOD_MONTH, .malformed = { .cmd = CMD } };
    t.by = g_array_new(FALSE, FALSE, sizeof(size_t));
    GOptionContext *ctx = trend_context(&t);
    static const CliSteps steps = { trend_check, trend_open, trend_read };
    int status = cli_rows_steps(CMD, ctx, &argc, &argv, &t.ro, &steps, &t);
    if (status || (status = trend_span(&t)))
        goto out;
    size_t n_groups = 0, n_points;
    CliGroup **sorted = t.groups ? cli_groups_sorted(t.groups, &n_groups) : NULL;
    Point *all = points_of(t.overall, t.first, t.last, &n_points);
    gboolean any = FALSE;
    for (size_t i = 0; i < n_points; i++)
        any |= all[i].ok;
    status = CLI_EXIT_DATA;
    if (!any)
        cli_error(CMD, "no valid answer in column '%s'", cx_reader_column_name(t.reader, t.col));
    else if ((status = trend_emit(&t, sorted, n_groups, all, n_points)) == CLI_EXIT_OK)
        status = trend_no_score(&t, all, n_points);
    g_free(all);
    g_free(sorted);
out:
    cli_groups_free(t.groups);
    cli_design_free(t.design);
    if (t.overall)
        series_free(t.overall);
    cx_reader_free(t.reader);
    g_array_free(t.by, TRUE);
    g_free(t.index_s);
    g_free(t.column);
    g_free(t.date);
    g_free(t.every);
    g_free(t.method_s);
    cli_report_options_clear(&t.ro);
    cli_design_options_clear(&t.dop);
    g_option_context_free(ctx);
    return status;
}
