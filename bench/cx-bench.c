/* SPDX-License-Identifier: MIT */
/*
 * cx-bench: times libcxscore's array API and the cxscore command on deterministic data, against
 * baselines run in the same process (naive loops, single-purpose C loops) and, when installed,
 * DuckDB and pandas; prints throughput, peak RSS and the ratio for each measurement with its
 * target and whether it is met. Exit status: 0 when it ran (a target not met is reported, not
 * a failure), 1 when a result disagreed with its baseline or a command failed, 2 bad usage.
 *
 * Timing: wall time (CLOCK_MONOTONIC), best of --repeat runs; the array API repeats each call
 * until --min-time has passed. Commands are started with fork() and execv(), stdout to
 * /dev/null; their peak RSS is wait4()'s ru_maxrss. One untimed run of each command first
 * writes CSV output that is checked against the baseline (and warms the page cache).
 *
 * Why fork() and not posix_spawn(): on Linux a child that shares the parent's memory until exec
 * (vfork, CLONE_VM, which glibc's posix_spawn() uses) starts its ru_maxrss from the parent's
 * *peak* RSS, so the array part's 100+ MiB would show up in every later command. A forked child
 * starts from the parent's *current* resident memory, which stays small: the large arrays are
 * mmap()ed and munmap()ed. The start-up line prints that floor (the peak RSS of spawning true).
 */
#define _DEFAULT_SOURCE /* wait4(), MAP_ANONYMOUS */

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include <cxscore/cxscore.h>

#include "bench.h"

/* Set by bench/meson.build. */
#ifndef CX_BENCH_CXSCORE
#define CX_BENCH_CXSCORE ""
#endif
#ifndef CX_BENCH_DATA_DIR
#define CX_BENCH_DATA_DIR "bench-data"
#endif
#ifndef CX_BENCH_BUILDTYPE
#define CX_BENCH_BUILDTYPE "unknown"
#endif

/* NAN and INFINITY are floats; these keep -Wdouble-promotion quiet. */
#define BENCH_NAN ((double)NAN)
#define BENCH_INF ((double)INFINITY)
#define STARTUP_RUNS 50

enum {
    PART_ARRAY = 1 << 0,
    PART_CSV = 1 << 1,
    PART_SERVQUAL = 1 << 2,
    PART_GROUPBY = 1 << 3,
    PART_STARTUP = 1 << 4,
    PART_CONTACTS = 1 << 5,
    PART_ALL = (1 << 6) - 1
};

static const char *const part_names[] = { "array",   "csv",     "servqual",
                                          "groupby", "startup", "contacts" };

/* One line of the results table. */
typedef struct {
    char *what, *value, *unit, *baseline, *ratio, *target;
    const char *met; /* "met", "NOT met", "skipped" or "-" (informational) */
} Row;

typedef struct {
    uint64_t rows;      /* NPS and group-by files */
    uint64_t sq_rows;   /* SERVQUAL file */
    size_t array_bytes; /* each array of the array API */
    double min_time;    /* seconds per timed array trial */
    int repeat;         /* best of */
    int parts;
    gboolean markdown;
    char *cxscore; /* the CLI */
    char *data_dir;
    char *duckdb; /* its path, or NULL */
    char *node, *duckdb_node; /* node and a directory with @duckdb/node-api, or NULL */
    char *python; /* python3's path, or NULL */
    gboolean pandas;
    GPtrArray *table; /* Row * */
    int failures;     /* disagreements and failed commands */
} Bench;

/* ---- small helpers ------------------------------------------------------------------------- */

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#define NUM_BUF 32

/* A number with about three significant digits, never in exponent form, written into @buf. */
static const char *
fmt_num(char *buf, double x)
{
    double a = fabs(x);
    g_snprintf(buf, NUM_BUF,
               a >= 100.0  ? "%.0f"
               : a >= 10.0 ? "%.1f"
               : a >= 1.0  ? "%.2f"
                           : "%.3f",
               x);
    return buf;
}

/* The same, allocated (g_free()). */
static char *
num(double x)
{
    char buf[NUM_BUF];
    return g_strdup(fmt_num(buf, x));
}

/* "10M", "100k", "20000". */
static char *
count_label(uint64_t n)
{
    if (n >= 1000000 && n % 1000000 == 0)
        return g_strdup_printf("%lluM", (unsigned long long)(n / 1000000));
    if (n >= 1000 && n % 1000 == 0)
        return g_strdup_printf("%lluk", (unsigned long long)(n / 1000));
    return g_strdup_printf("%llu", (unsigned long long)n);
}

/* How a time compares with the baseline's: "2.4x slower", "3.1x faster"; "-" without one. */
static char *
ratio_text(double seconds, double baseline_seconds)
{
    if (!(seconds > 0.0) || !(baseline_seconds > 0.0))
        return g_strdup("-");
    double r = seconds / baseline_seconds;
    return r >= 1.0 ? g_strdup_printf("%.1fx slower", r) : g_strdup_printf("%.1fx faster", 1.0 / r);
}

/* Appends a row; takes ownership of every string (NULL prints "-"). */
static void
add_row(Bench *b, char *what, char *value, const char *unit, char *baseline, char *ratio,
        const char *target, const char *met)
{
    Row *r = g_new0(Row, 1);
    r->what = what;
    r->value = value ? value : g_strdup("-");
    r->unit = g_strdup(unit ? unit : "");
    r->baseline = baseline ? baseline : g_strdup("-");
    r->ratio = ratio ? ratio : g_strdup("-");
    r->target = g_strdup(target ? target : "-");
    r->met = met;
    g_ptr_array_add(b->table, r);
}

static void
row_free(gpointer p)
{
    Row *r = p;
    g_free(r->what);
    g_free(r->value);
    g_free(r->unit);
    g_free(r->baseline);
    g_free(r->ratio);
    g_free(r->target);
    g_free(r);
}

static const char *
met(gboolean ok)
{
    return ok ? "met" : "NOT met";
}

static void fail(Bench *b, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
fail(Bench *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("FAILED ", stdout);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    fflush(stdout);
    b->failures++;
}

static void progress(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static void
progress(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("cx-bench: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* ---- running commands ---------------------------------------------------------------------- */

/* Runs @argv (argv[0] a path) with stdout to @out_fd (-1: /dev/null) and stderr to /dev/null
 * when @quiet. Sets the wall time and the child's peak RSS in KiB. Returns its exit status
 * (127 if it could not be executed), or -1 if it could not start or was killed. */
static int
run(char *const *argv, int out_fd, gboolean quiet, double *seconds, long *maxrss_kib)
{
    fflush(NULL);
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        /* Only async-signal-safe calls between fork() and exec. */
        int null = open("/dev/null", O_WRONLY);
        if (null < 0 || dup2(out_fd >= 0 ? out_fd : null, STDOUT_FILENO) < 0 ||
            (quiet && dup2(null, STDERR_FILENO) < 0))
            _exit(127);
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR)
            return -1;
    *seconds = now() - t0;
    *maxrss_kib = ru.ru_maxrss;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

typedef struct {
    double best;   /* seconds */
    double median; /* seconds */
    long rss_kib;  /* the largest peak RSS of the runs */
} Timing;

static int
compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Runs @argv @n times, stdout to /dev/null. FALSE (a failure is recorded) if a run fails. */
static gboolean
time_command(Bench *b, char **argv, int n, Timing *t)
{
    double *s = g_new(double, (size_t)n);
    t->rss_kib = 0;
    for (int i = 0; i < n; i++) {
        long rss = 0;
        int st = run(argv, -1, FALSE, &s[i], &rss);
        if (st != 0) {
            char *cmd = g_strjoinv(" ", argv);
            fail(b, "%s: %s", cmd, st < 0 ? "could not run or was killed" : "non-zero exit");
            g_free(cmd);
            g_free(s);
            return FALSE;
        }
        t->rss_kib = MAX(t->rss_kib, rss);
    }
    qsort(s, (size_t)n, sizeof *s, compare_double);
    t->best = s[0];
    t->median = n % 2 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    g_free(s);
    return TRUE;
}

/* Runs @argv once with its output in a temporary file; returns the output (g_free()) or NULL
 * after recording a failure. */
static char *
capture(Bench *b, char **argv)
{
    char *cmd = g_strjoinv(" ", argv), *tmp = NULL, *out = NULL;
    GError *error = NULL;
    int fd = g_file_open_tmp("cx-bench-XXXXXX", &tmp, &error);
    if (fd < 0) {
        fail(b, "%s: no temporary file: %s", cmd, error->message);
        g_error_free(error);
        goto out;
    }
    double seconds;
    long rss;
    int st = run(argv, fd, FALSE, &seconds, &rss);
    close(fd);
    if (st != 0)
        fail(b, "%s: %s", cmd, st < 0 ? "could not run or was killed" : "non-zero exit");
    else if (!g_file_get_contents(tmp, &out, NULL, NULL))
        fail(b, "%s: cannot read its output", cmd);
    unlink(tmp);
out:
    g_free(tmp);
    g_free(cmd);
    return out;
}

/* argv of cxscore: "nps" FILE, then the NULL-terminated extra arguments. */
static char **
cli_argv(const Bench *b, const char *command, const char *file, ...)
{
    GPtrArray *a = g_ptr_array_new();
    g_ptr_array_add(a, g_strdup(b->cxscore));
    g_ptr_array_add(a, g_strdup(command));
    g_ptr_array_add(a, g_strdup(file));
    va_list ap;
    va_start(ap, file);
    for (const char *s; (s = va_arg(ap, const char *));)
        g_ptr_array_add(a, g_strdup(s));
    va_end(ap);
    g_ptr_array_add(a, NULL);
    return (char **)g_ptr_array_free(a, FALSE);
}

static char **
with_csv_format(char **argv)
{
    guint n = g_strv_length(argv);
    char **v = g_new0(char *, n + 5);
    for (guint i = 0; i < n; i++)
        v[i] = g_strdup(argv[i]);
    v[n] = g_strdup("--format");
    v[n + 1] = g_strdup("csv");
    if (n > 1 && strcmp(argv[1], "nps") == 0) {
        v[n + 2] = g_strdup("--section"); /* one plain CSV table: the scores */
        v[n + 3] = g_strdup("nps");
    }
    return v;
}

/* The CSV output's header and rows, split at commas (the benchmark's keys are never quoted). */
static GPtrArray *
csv_rows(const char *text)
{
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    char **lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++)
        if (**l)
            g_ptr_array_add(rows, g_strsplit(*l, ",", -1));
    g_strfreev(lines);
    return rows;
}

static int
column_of(char **header, const char *name)
{
    for (int i = 0; header[i]; i++)
        if (strcmp(header[i], name) == 0)
            return i;
    return -1;
}

/* ---- the array API --------------------------------------------------------------------------- */

/* Large arrays come straight from mmap() so that freeing them gives the memory back at once
 * (see the top of the file: the RSS of the commands started later). */
static void *
big_alloc(size_t bytes)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        fprintf(stderr, "cx-bench: cannot map %zu bytes\n", bytes);
        exit(1);
    }
    return p;
}

static void
big_free(void *p, size_t bytes)
{
    munmap(p, bytes);
}

typedef struct {
    CxNps *nps;
    const uint8_t *u8;
    const double *w;
    const int *ints;
    const double *dbl;
    size_t n;
    int status;
    uint64_t hist[256];
    double whist[256];
} ArrayCtx;

typedef void (*PassFn)(ArrayCtx *c);

static void
lib_u8(ArrayCtx *c)
{
    int st = cx_nps_add_u8(c->nps, c->u8, NULL, c->n);
    c->status = st != CX_OK ? st : c->status;
}

static void
lib_u8_weighted(ArrayCtx *c)
{
    int st = cx_nps_add_u8(c->nps, c->u8, c->w, c->n);
    c->status = st != CX_OK ? st : c->status;
}

static void
lib_int(ArrayCtx *c)
{
    int st = cx_nps_add_int(c->nps, c->ints, NULL, c->n);
    c->status = st != CX_OK ? st : c->status;
}

static void
lib_double(ArrayCtx *c)
{
    int st = cx_nps_add_double(c->nps, c->dbl, NULL, c->n);
    c->status = st != CX_OK ? st : c->status;
}

static void
base_u8(ArrayCtx *c)
{
    naive_u8(c->u8, c->n, c->hist);
}

static void
base_u8_weighted(ArrayCtx *c)
{
    naive_u8_weighted(c->u8, c->w, c->n, c->hist, c->whist);
}

static void
base_int(ArrayCtx *c)
{
    naive_int(c->ints, c->n, c->hist);
}

static void
base_double(ArrayCtx *c)
{
    naive_double(c->dbl, c->n, c->hist);
}

/* Answers per second of one trial: @pass repeated for --min-time. */
static double
trial_rate(const Bench *b, PassFn pass, ArrayCtx *c)
{
    uint64_t passes = 0;
    double t0 = now(), elapsed;
    do {
        pass(c);
        passes++;
    } while ((elapsed = now() - t0) < b->min_time);
    return (double)passes * (double)c->n / elapsed;
}

/* One pass of each from zero: the library's counts must equal the naive histogram's. */
static void
array_check(Bench *b, const char *what, ArrayCtx *c, PassFn lib, PassFn base, gboolean weighted)
{
    cx_nps_reset(c->nps);
    c->status = CX_OK;
    memset(c->hist, 0, sizeof c->hist);
    memset(c->whist, 0, sizeof c->whist);
    lib(c);
    base(c);
    CxNpsResult r = { .size = sizeof r };
    int st = cx_nps_result(c->nps, &r);
    uint64_t other = 0;
    double wsum = 0.0;
    for (int v = 11; v < 256; v++)
        other += c->hist[v];
    gboolean ok = st == CX_OK && c->status == CX_OK && r.rejected + r.missing == other;
    for (int v = 0; v <= 10; v++) {
        ok = ok && r.counts[v] == c->hist[v];
        wsum += c->whist[v];
    }
    if (weighted)
        ok = ok && fabs(r.weight_total - wsum) <= 1e-9 * wsum;
    if (ok)
        printf("check  %s: the library's counts equal the naive loop's (%zu answers)\n", what,
               c->n);
    else
        fail(b, "%s: the library's counts differ from the naive loop's", what);
}

/* Times @lib against @base and adds a row. @per_answer_bytes > 0 reports GB/s. */
static void
array_case(Bench *b, const char *what, ArrayCtx *c, PassFn lib, PassFn base, gboolean weighted,
           double target, const char *target_text, gboolean in_bytes)
{
    progress("timing %s", what);
    array_check(b, what, c, lib, base, weighted);
    cx_nps_reset(c->nps);
    /* Best of --repeat trials, the library's and the naive loop's in turn, so that a noisy
     * spell on the machine slows both. */
    double lib_rate = 0.0, base_rate = 0.0;
    for (int t = 0; t < b->repeat; t++) {
        lib_rate = MAX(lib_rate, trial_rate(b, lib, c));
        base_rate = MAX(base_rate, trial_rate(b, base, c));
    }
    if (c->status != CX_OK)
        fail(b, "%s: %s", what, cx_strerror(c->status));
    double shown = lib_rate / 1e9, base_shown = base_rate / 1e9;
    char *v = num(shown), *bv = num(base_shown);
    const char *unit = in_bytes ? "GB/s" : "G answers/s";
    printf("time   %s: %s %s, naive loop %s %s (best of %d, >= %.2g s each)\n", what, v, unit, bv,
           unit, b->repeat, b->min_time);
    add_row(b, g_strdup(what), v, unit, g_strdup_printf("naive loop %s %s", bv, unit),
            ratio_text(1.0 / lib_rate, 1.0 / base_rate), target_text,
            target > 0.0 ? met(shown >= target) : "-");
    g_free(bv);
}

/* cx_alpha_add_rows() on whole-number ratings (22 items of 1–7, the SERVQUAL perception scale)
 * against cx_alpha_add() one row at a time: the bulk path's gain, both giving the same alpha. */
static double
alpha_trial(const double *rows, size_t n, size_t k, gboolean bulk, double *alpha)
{
    CxAlpha *a = NULL;
    BENCH_OK(cx_alpha_new(k, CX_MISSING_PAIRWISE, &a));
    double t0 = now();
    int st = CX_OK;
    if (bulk)
        st = cx_alpha_add_rows(a, rows, n);
    else
        for (size_t r = 0; r < n && st == CX_OK; r++)
            st = cx_alpha_add(a, rows + r * k);
    double t = now() - t0;
    CxAlphaResult res = { .size = sizeof res };
    *alpha = st == CX_OK && cx_alpha_result(a, 0.95, &res) == CX_OK ? res.alpha : (double)NAN;
    cx_alpha_free(a);
    return t;
}

static void
alpha_case(Bench *b)
{
    enum { K = 22 };
    const size_t n = b->array_bytes / (K * sizeof(double));
    double *rows = big_alloc(n * K * sizeof *rows);
    uint64_t s = 7;
    for (size_t i = 0; i < n; i++) {
        const double level = (double)(bench_random(&s) % 3); /* respondents differ: alpha > 0 */
        for (size_t j = 0; j < K; j++)
            rows[i * K + j] = 1.0 + level * 2.0 + (double)(bench_random(&s) % 3);
    }
    char *what = g_strdup_printf("cx_alpha_add_rows, %.2gM rows x %d items", (double)n / 1e6, K);
    progress("timing %s", what);
    double bulk_t = 1e300, one_t = 1e300, bulk_alpha = (double)NAN, one_alpha = (double)NAN;
    for (int t = 0; t < b->repeat; t++) {
        bulk_t = MIN(bulk_t, alpha_trial(rows, n, K, TRUE, &bulk_alpha));
        one_t = MIN(one_t, alpha_trial(rows, n, K, FALSE, &one_alpha));
    }
    if (!(fabs(bulk_alpha - one_alpha) <= 1e-9 * fmax(1.0, fabs(one_alpha))))
        fail(b, "%s: alpha %.15g, one row at a time %.15g", what, bulk_alpha, one_alpha);
    else
        printf("check  %s: alpha %.12f equals one row at a time's\n", what, bulk_alpha);
    printf("time   %s: best %.3f s of %d; cx_alpha_add one row at a time %.3f s\n", what, bulk_t,
           b->repeat, one_t);
    char *base = num((double)n / one_t / 1e6);
    add_row(b, what, num((double)n / bulk_t / 1e6), "M rows/s",
            g_strdup_printf("one at a time %s M rows/s", base), ratio_text(bulk_t, one_t), "-",
            "-");
    g_free(base);
    big_free(rows, n * K * sizeof *rows);
}

/* Seconds to ask the figures of every segment of a contact log of @n cases, each in a segment
 * of its own (cx_contacts_segment() for each): the `cxscore contacts --by` loop. */
static double
contacts_segments_trial(Bench *b, size_t n)
{
    CxContacts *ct = NULL;
    BENCH_OK(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &ct));
    char id[32], seg[32];
    for (size_t i = 0; i < n; i++) {
        int il = snprintf(id, sizeof id, "case-%zu", i);
        int sl = snprintf(seg, sizeof seg, "seg-%zu", i);
        BENCH_OK(cx_contacts_add_segmented(ct, id, (size_t)il, (double)i, "phone", 5,
                                           CX_RESOLVED_YES, seg, (size_t)sl));
    }
    const size_t segments = cx_contacts_segment_count(ct);
    uint64_t cases = 0;
    double t0 = now();
    for (size_t s = 0; s < segments; s++) {
        CxContactsResult r = { .size = sizeof r };
        int st = cx_contacts_segment(ct, s, 0.95, &r);
        if (st != CX_OK)
            fail(b, "cx_contacts_segment %zu of %zu: %s", s, segments, cx_status_name(st));
        cases += r.cases;
    }
    double seconds = now() - t0;
    if (cases != n)
        fail(b, "contacts: the segments hold %llu cases of %zu", (unsigned long long)cases, n);
    cx_contacts_free(ct);
    return seconds;
}

/* Seconds to ask the figures of every group of a follow-up log of @n alerts, ten to a group
 * (cx_followup_result() for each group name): the `cxscore loop --by owner` loop. */
static double
followup_groups_trial(Bench *b, size_t n)
{
    const double t_now = 1e9;
    CxFollowup *f = NULL;
    BENCH_OK(cx_followup_new(t_now, &f));
    char id[32], owner[32];
    for (size_t i = 0; i < n; i++) {
        int il = snprintf(id, sizeof id, "r-%zu", i);
        int ol = snprintf(owner, sizeof owner, "owner-%zu", i / 10);
        CxFollowupAlert a = { .size = sizeof a, .alerted_at = t_now - 7200.0 - (double)(i % 97),
                              .first_contact_at = t_now - 3600.0, .closed_at = NAN,
                              .score_before = 3, .score_after = NAN, .line = i + 2 };
        BENCH_OK(cx_followup_add(f, id, (size_t)il, owner, (size_t)ol, &a, NULL));
    }
    const size_t groups = cx_followup_group_count(f);
    uint64_t alerts = 0;
    double t0 = now();
    for (size_t g = 0; g < groups; g++) {
        size_t len;
        const char *name = cx_followup_group_name(f, g, &len);
        CxFollowupResult r = { .size = sizeof r };
        int st = name ? cx_followup_result(f, name, len, 86400.0, 0.95, &r) : CX_E_NO_MEMORY;
        if (st != CX_OK)
            fail(b, "cx_followup_result %zu of %zu: %s", g, groups, cx_status_name(st));
        alerts += r.alerts;
    }
    double seconds = now() - t0;
    if (alerts != n)
        fail(b, "followup: the groups hold %llu alerts of %zu", (unsigned long long)alerts, n);
    cx_followup_free(f);
    return seconds;
}

/* Linear time of a per-group loop: @trial(b, n) times the figures of every group of @n rows,
 * @per rows to a group, for n = @big and a tenth of it in the same run; met when, per group, the
 * large run is within 2x of the small one (a quadratic loop is 10x slower per group). Takes
 * @what. */
static void
linear_case(Bench *b, char *what, const char *groups, size_t big, size_t per,
            double (*trial)(Bench *b, size_t n))
{
    const size_t small = big / 10;
    progress("timing %s", what);
    double t_big = 1e300, t_small = 1e300;
    for (int t = 0; t < b->repeat; t++) {
        t_small = MIN(t_small, trial(b, small));
        t_big = MIN(t_big, trial(b, big));
    }
    double per_big = t_big / (double)big, per_small = t_small / (double)small;
    printf("time   %s: best %.3f s of %d; %zu %s %.3f s\n", what, t_big, b->repeat, small / per,
           groups, t_small);
    char *base = num((double)(small / per) / t_small / 1e6);
    char *unit = g_strdup_printf("M %s/s", groups);
    char *target = g_strdup_printf("per %.*s <= 2x the 1/10 size's (linear)",
                                   (int)strlen(groups) - 1, groups);
    add_row(b, what, num((double)(big / per) / t_big / 1e6), unit,
            g_strdup_printf("%zu %s: %s M/s", small / per, groups, base),
            ratio_text(per_big, per_small), target, met(per_big <= 2.0 * per_small));
    g_free(base);
    g_free(unit);
    g_free(target);
}

/* Issue 21: the figures of every segment took one pass over every case each (100 000 segments
 * 42.7 s). 1M segments (as many as --rows, if fewer) of one case each. Each group's figures of a
 * follow-up log also took one pass over every alert, and each group name a sort of every name
 * (10 000 owners of 100 000 alerts: `cxscore loop` 47 s): 1M alerts in 100 000 groups. */
static void
segments_part(Bench *b)
{
    const size_t big = (size_t)MIN(b->rows, 1000000);
    char *what = g_strdup_printf("cx_contacts_segment for each of %.2gM segments",
                                 (double)big / 1e6);
    linear_case(b, what, "segments", big, 1, contacts_segments_trial);
    what = g_strdup_printf("cx_followup_result for each of %.2gM groups", (double)big / 10 / 1e6);
    linear_case(b, what, "groups", big, 10, followup_groups_trial);
}

static void
array_part(Bench *b)
{
    ArrayCtx *c = g_new0(ArrayCtx, 1);
    BENCH_OK(cx_nps_new(&c->nps));
    char *mib = count_label(b->array_bytes / (1024 * 1024));
    char *what;

    uint8_t *u8 = big_alloc(b->array_bytes);
    bench_fill_u8(u8, b->array_bytes, 1);
    c->u8 = u8;
    c->n = b->array_bytes;
    what = g_strdup_printf("cx_nps_add_u8, %s MiB of answers", mib);
    array_case(b, what, c, lib_u8, base_u8, FALSE, 10.0, ">= 10 GB/s", TRUE);
    g_free(what);

    /* Weighted: as many answers as fill the array with their weights. */
    size_t n = b->array_bytes / sizeof(double);
    double *w = big_alloc(n * sizeof *w);
    bench_fill_weights(w, n, 2);
    c->w = w;
    c->n = n;
    what = g_strdup_printf("cx_nps_add_u8 + weights, %.1fM answers", (double)n / 1e6);
    array_case(b, what, c, lib_u8_weighted, base_u8_weighted, TRUE, 1.0, ">= 1 G answers/s", FALSE);
    g_free(what);
    big_free(w, n * sizeof *w);
    c->w = NULL;

    n = b->array_bytes / sizeof(int);
    int *ints = big_alloc(n * sizeof *ints);
    for (size_t i = 0; i < n; i++)
        ints[i] = u8[i];
    c->ints = ints;
    c->n = n;
    what = g_strdup_printf("cx_nps_add_int, %.1fM answers", (double)n / 1e6);
    array_case(b, what, c, lib_int, base_int, FALSE, 0.0, "-", FALSE);
    g_free(what);
    big_free(ints, n * sizeof *ints);

    n = b->array_bytes / sizeof(double);
    double *dbl = big_alloc(n * sizeof *dbl);
    for (size_t i = 0; i < n; i++)
        dbl[i] = u8[i];
    c->dbl = dbl;
    c->n = n;
    what = g_strdup_printf("cx_nps_add_double, %.1fM answers", (double)n / 1e6);
    array_case(b, what, c, lib_double, base_double, FALSE, 0.0, "-", FALSE);
    g_free(what);
    big_free(dbl, n * sizeof *dbl);

    alpha_case(b);

    big_free(u8, b->array_bytes);
    g_free(mib);
    cx_nps_free(c->nps);
    g_free(c);
}

/* ---- DuckDB and pandas --------------------------------------------------------------------- */

/* The file in PATH named @name, or NULL. */
static char *
in_path(const char *name)
{
    const char *path = getenv("PATH");
    char **dirs = g_strsplit(path ? path : "", ":", -1);
    char *found = NULL;
    for (char **d = dirs; *d && !found; d++) {
        char *f = g_build_filename(**d ? *d : ".", name, NULL);
        if (access(f, X_OK) == 0)
            found = f;
        else
            g_free(f);
    }
    g_strfreev(dirs);
    return found;
}

static void
find_tools(Bench *b)
{
    b->duckdb = in_path("duckdb");
    /* Without the duckdb program, DuckDB's Node.js API where $CX_BENCH_DUCKDB_NODE has it. */
    const char *modules = getenv("CX_BENCH_DUCKDB_NODE");
    if (!b->duckdb && modules && (b->node = in_path("node"))) {
        char *api = g_build_filename(modules, "node_modules", "@duckdb", "node-api", NULL);
        if (g_file_test(api, G_FILE_TEST_IS_DIR))
            b->duckdb_node = g_strdup(modules);
        g_free(api);
    }
    char *python = in_path("python3");
    b->python = python;
    if (python) {
        char *argv[] = { python, (char *)"-c", (char *)"import pandas", NULL };
        double s;
        long rss;
        b->pandas = run(argv, -1, TRUE, &s, &rss) == 0;
    }
    if (b->duckdb)
        printf("duckdb: %s (threads=2)\n", b->duckdb);
    else if (b->duckdb_node)
        printf("duckdb: Node.js API in %s (threads=2; query time only)\n", b->duckdb_node);
    else
        printf("duckdb: not installed, skipped (or set CX_BENCH_DUCKDB_NODE, see README)\n");
    printf("pandas: %s\n", b->pandas ? "installed" : "not installed, skipped");
}

/* The NPS query over @file grouped by @by ("" for none) for DuckDB (2 threads). */
static char **
duckdb_argv(const Bench *b, const char *file, const char *by)
{
    char **parts = g_strsplit(file, "'", -1);
    char *quoted = g_strjoinv("''", parts); /* an SQL string literal */
    g_strfreev(parts);
    char *sql = g_strdup_printf(
        "SET threads TO 2; SELECT %s%scount(*) AS n, 100.0 * (count(*) FILTER (WHERE score >= 9) "
        "- count(*) FILTER (WHERE score <= 6)) / count(*) AS nps FROM read_csv('%s')%s%s%s%s;",
        by, *by ? ", " : "", quoted, *by ? " GROUP BY " : "", by, *by ? " ORDER BY " : "", by);
    char **argv = g_new0(char *, 4);
    argv[0] = g_strdup(b->duckdb);
    argv[1] = g_strdup("-c");
    argv[2] = sql;
    g_free(quoted);
    return argv;
}

/* DuckDB through bench/duckdb-node.cjs: best of @repeat query times it prints. */
static gboolean
duckdb_node_time(Bench *b, const char *file, const char *by, double *best)
{
    char *script = g_build_filename(CX_BENCH_SOURCE_DIR, "duckdb-node.cjs", NULL);
    char *argv[] = { b->node, script, b->duckdb_node, (char *)file, (char *)by, NULL };
    *best = 0.0;
    for (int i = 0; i < b->repeat; i++) {
        char *out = capture(b, argv);
        double s = 0.0;
        if (!out || sscanf(out, "seconds %lf", &s) != 1 || !(s > 0.0)) {
            fail(b, "DuckDB through Node.js: no time printed");
            g_free(out);
            g_free(script);
            return FALSE;
        }
        if (i == 0 || s < *best)
            *best = s;
        g_free(out);
    }
    g_free(script);
    return TRUE;
}

static const char pandas_script[] =
    "import sys\n"
    "import pandas as pd\n"
    "by = [c for c in sys.argv[2].split(',') if c]\n"
    "df = pd.read_csv(sys.argv[1], usecols=by + ['score'])\n"
    "df['p'] = df['score'] >= 9\n"
    "df['d'] = df['score'] <= 6\n"
    "r = df.groupby(by)[['p', 'd']].mean() if by else df[['p', 'd']].mean()\n"
    "print(100 * (r['p'] - r['d']))\n";

static char **
pandas_argv(const Bench *b, const char *file, const char *by)
{
    char **argv = g_new0(char *, 6);
    argv[0] = g_strdup(b->python);
    argv[1] = g_strdup("-c");
    argv[2] = g_strdup(pandas_script);
    argv[3] = g_strdup(file);
    argv[4] = g_strdup(by);
    return argv;
}

/* ---- a command against its single-purpose loop --------------------------------------------- */

/* One of the loops of loops.c over a file. */
typedef struct {
    const char *file;
    int by;           /* loop_nps(): 0, 1 or 2 key columns */
    LoopNps *nps;     /* loop_nps()'s result, or NULL */
    LoopServqual *sq; /* else loop_servqual()'s */
} LoopJob;

static int
run_loop(const LoopJob *j)
{
    return j->nps ? loop_nps(j->file, j->by, j->nps) : loop_servqual(j->file, j->sq);
}

/* Runs the command and the loop in turn, --repeat times each, so that a noisy spell on the
 * machine hits both (their ratio is the target). Sets the command's timing (best time, largest
 * peak RSS), the loop's best time and its result. FALSE (a failure recorded) if one failed. */
static gboolean
time_against_loop(Bench *b, char **argv, const LoopJob *job, Timing *t, double *loop_best)
{
    t->best = *loop_best = BENCH_INF;
    t->rss_kib = 0;
    for (int r = 0; r < b->repeat; r++) {
        Timing one;
        if (!time_command(b, argv, 1, &one))
            return FALSE;
        t->best = MIN(t->best, one.best);
        t->rss_kib = MAX(t->rss_kib, one.rss_kib);
        double t0 = now();
        if (run_loop(job) != 0) {
            fail(b, "the single-purpose loop could not read %s", job->file);
            return FALSE;
        }
        *loop_best = MIN(*loop_best, now() - t0);
    }
    t->median = t->best; /* (no median for these few runs) */
    return TRUE;
}

/* ---- the CSV path ---------------------------------------------------------------------------- */

/* Compares cxscore's CSV output with the loop: counts exactly, NPS to 1e-9 points. */
static void
nps_agree(Bench *b, const char *label, const char *output, const LoopNps *loop)
{
    GPtrArray *rows = csv_rows(output);
    char **h = rows->len ? g_ptr_array_index(rows, 0) : NULL;
    int cn = h ? column_of(h, "n") : -1, cp = h ? column_of(h, "promoters") : -1,
        cpa = h ? column_of(h, "passives") : -1, cd = h ? column_of(h, "detractors") : -1,
        cs = h ? column_of(h, "nps") : -1;
    size_t segments = 0;
    int failures = b->failures;
    double cli_all = BENCH_NAN;
    gboolean ok = cn >= 0 && cp >= 0 && cpa >= 0 && cd >= 0 && cs >= 0, seen_all = FALSE;
    for (guint i = 1; ok && i < rows->len; i++) {
        char **f = g_ptr_array_index(rows, i);
        if ((int)g_strv_length(f) <= cs) {
            ok = FALSE;
            break;
        }
        const LoopGroup *g;
        gboolean overall = cn == 0 || strcmp(f[0], "(all)") == 0; /* cn: key columns */
        if (overall) {
            g = &loop->all;
            seen_all = TRUE;
            cli_all = g_ascii_strtod(f[cs], NULL);
        } else {
            char *saved = f[cn];
            f[cn] = NULL;
            char *key = g_strjoinv(",", f);
            f[cn] = saved;
            int k = loop_nps_find(loop, key);
            g = k >= 0 ? &loop->groups[k] : NULL;
            if (!g)
                fail(b, "nps %s: cxscore has a segment '%s' the loop has not", label, key);
            g_free(key);
            if (!g) {
                ok = FALSE;
                break;
            }
            segments++;
        }
        double cli = g_ascii_strtod(f[cs], NULL);
        if (g_ascii_strtoull(f[cn], NULL, 10) != g->n ||
            g_ascii_strtoull(f[cp], NULL, 10) != g->promoters ||
            g_ascii_strtoull(f[cpa], NULL, 10) != g->passives ||
            g_ascii_strtoull(f[cd], NULL, 10) != g->detractors || !(fabs(cli - g->nps) <= 1e-9)) {
            fail(b,
                 "nps %s, segment '%s': cxscore n %s = %s promoters + %s passives + %s "
                 "detractors, NPS %s; loop n %llu = %llu + %llu + %llu, NPS %.10f",
                 label, overall ? "(all)" : g->key, f[cn], f[cp], f[cpa], f[cd], f[cs],
                 (unsigned long long)g->n, (unsigned long long)g->promoters,
                 (unsigned long long)g->passives, (unsigned long long)g->detractors, g->nps);
            ok = FALSE;
        }
    }
    if (ok && (!seen_all || segments != loop->n_groups)) {
        fail(b, "nps %s: cxscore printed %zu segments%s, the loop found %zu", label, segments,
             seen_all ? "" : " and no (all) row", loop->n_groups);
        ok = FALSE;
    } else if (!ok && b->failures == failures) {
        fail(b, "nps %s: cannot read cxscore's CSV output", label);
    }
    if (ok && segments)
        printf("check  nps %s: cxscore NPS %.10f = loop %.10f (n %llu); the %zu segments agree "
               "too\n",
               label, cli_all, loop->all.nps, (unsigned long long)loop->all.n, segments);
    else if (ok)
        printf("check  nps %s: cxscore NPS %.10f = loop %.10f (n %llu)\n", label, cli_all,
               loop->all.nps, (unsigned long long)loop->all.n);
    g_ptr_array_free(rows, TRUE);
}

/* Times a baseline command (DuckDB, pandas) and adds its row. */
/* The table row comparing cxscore's @cli_seconds with a tool's @tool_seconds. */
static void
tool_result(Bench *b, const char *tool, const char *label, double cli_seconds,
            double tool_seconds, double target, uint64_t rows)
{
    char *target_text = target > 0.0 ? g_strdup_printf(">= %gx faster", target) : NULL;
    char nb[NUM_BUF];
    printf("time   %s nps %s: %.3f s\n", tool, label, tool_seconds);
    add_row(b, g_strdup_printf("cxscore nps %s vs %s", label, tool),
            num((double)rows / cli_seconds / 1e6), "M rows/s",
            g_strdup_printf("%s %s M rows/s", tool, fmt_num(nb, (double)rows / tool_seconds / 1e6)),
            ratio_text(cli_seconds, tool_seconds), target_text,
            target > 0.0 ? met(tool_seconds / cli_seconds >= target) : "-");
    g_free(target_text);
}

static void
tool_row(Bench *b, const char *tool, char **argv, const char *label, double cli_seconds,
         double target, uint64_t rows)
{
    char *what = g_strdup_printf("cxscore nps %s vs %s", label, tool);
    char *target_text = target > 0.0 ? g_strdup_printf(">= %gx faster", target) : NULL;
    if (!argv) {
        add_row(b, what, NULL, NULL, g_strdup_printf("%s not installed", tool), NULL, target_text,
                "skipped");
        g_free(target_text);
        return;
    }
    progress("timing %s: nps %s", tool, label);
    Timing t;
    if (!time_command(b, argv, b->repeat, &t)) {
        g_free(what);
        g_free(target_text);
        return;
    }
    printf("time   %s nps %s: best %.3f s of %d, peak RSS %.1f MiB\n", tool, label, t.best,
           b->repeat, (double)t.rss_kib / 1024.0);
    g_free(what);
    g_free(target_text);
    tool_result(b, tool, label, cli_seconds, t.best, target, rows);
}

/* cxscore report (issue 19) against cxscore nps --by channel on the same file in the same run:
 * the report's NPS chart is nps's JSON output, so reading dominates and drawing must not. */
static void
report_part(Bench *b, const char *file, const char *rows)
{
    char **nps = cli_argv(b, "nps", file, "--by", "channel", NULL);
    char **report = cli_argv(b, "report", file, "--by", "channel", NULL);
    progress("timing cxscore report --by channel against cxscore nps --by channel (%s rows)",
             rows);
    /* One run of each in turn, best of @repeat each: a change of load on a shared machine
     * falls on both. */
    Timing tn = { .best = INFINITY }, tr = { .best = INFINITY }, t1;
    gboolean ok = TRUE;
    for (int i = 0; ok && i < b->repeat; i++) {
        ok = time_command(b, nps, 1, &t1);
        tn.best = ok ? MIN(tn.best, t1.best) : tn.best;
        ok = ok && time_command(b, report, 1, &t1);
        tr.best = ok ? MIN(tr.best, t1.best) : tr.best;
    }
    if (ok) {
        printf("time   cxscore report --by channel: best %.3f s of %d; nps --by channel best "
               "%.3f s, in turn\n",
               tr.best, b->repeat, tn.best);
        char nb[NUM_BUF];
        add_row(b, g_strdup_printf("cxscore report --by channel, %s rows", rows),
                num((double)b->rows / tr.best / 1e6), "M rows/s",
                g_strdup_printf("nps --by channel %s M rows/s",
                                fmt_num(nb, (double)b->rows / tn.best / 1e6)),
                ratio_text(tr.best, tn.best), "<= 1.5x slower", met(tr.best <= 1.5 * tn.best));
    }
    g_strfreev(report);
    g_strfreev(nps);
}

static void
csv_part(Bench *b)
{
    char *file = bench_data_file(b->data_dir, BENCH_FILE_NPS, b->rows, 0);
    if (!file) {
        fail(b, "no NPS data file");
        return;
    }
    char *rows = count_label(b->rows);
    double mb = 0.0;
    GStatBuf st;
    if (g_stat(file, &st) == 0)
        mb = (double)st.st_size / 1e6;
    static const struct {
        const char *label, *by;
        int loop_by;
        double loop_target, duckdb_target;
    } q[] = {
        { "overall", "", 0, 3.0, 5.0 },
        { "--by channel", "channel", 1, 3.0, 3.0 },
        { "--by channel,region", "channel,region", 2, 0.0, 0.0 },
    };
    LoopNps *loop = g_new0(LoopNps, 1);
    for (size_t i = 0; i < G_N_ELEMENTS(q); i++) {
        char **argv = *q[i].by ? cli_argv(b, "nps", file, "--by", q[i].by, NULL)
                               : cli_argv(b, "nps", file, NULL);
        char **check = with_csv_format(argv);
        progress("checking and timing cxscore nps %s (%s rows)", q[i].label, rows);
        char *output = capture(b, check);
        LoopJob job = { file, q[i].loop_by, loop, NULL };
        Timing t;
        double loop_best;
        gboolean timed = output && time_against_loop(b, argv, &job, &t, &loop_best);
        if (timed)
            nps_agree(b, q[i].label, output, loop);
        g_free(output);
        if (timed) {
            printf("time   cxscore nps %s: best %.3f s of %d (%.1f MB/s), peak RSS %.1f MiB; "
                   "loop best %.3f s\n",
                   q[i].label, t.best, b->repeat, mb / t.best, (double)t.rss_kib / 1024.0,
                   loop_best);
            char *target =
                q[i].loop_target > 0.0 ? g_strdup_printf("<= %gx slower", q[i].loop_target) : NULL;
            char nb[NUM_BUF];
            add_row(
                b, g_strdup_printf("cxscore nps %s, %s rows", q[i].label, rows),
                num((double)b->rows / t.best / 1e6), "M rows/s",
                g_strdup_printf("loop %s M rows/s", fmt_num(nb, (double)b->rows / loop_best / 1e6)),
                ratio_text(t.best, loop_best), target,
                q[i].loop_target > 0.0 ? met(t.best <= q[i].loop_target * loop_best) : "-");
            g_free(target);
            add_row(b, g_strdup_printf("cxscore nps %s, peak RSS", q[i].label),
                    num((double)t.rss_kib / 1024.0), "MiB", NULL, NULL, "< 32 MiB",
                    met((double)t.rss_kib < 32.0 * 1024.0));

            char **tool = b->duckdb ? duckdb_argv(b, file, q[i].by) : NULL;
            double duck = 0.0;
            if (!tool && b->duckdb_node) {
                progress("timing DuckDB (Node.js API): nps %s", q[i].label);
                if (duckdb_node_time(b, file, q[i].by, &duck))
                    tool_result(b, "DuckDB", q[i].label, t.best, duck, q[i].duckdb_target,
                                b->rows);
            } else if (tool || q[i].duckdb_target > 0.0) {
                tool_row(b, "DuckDB", tool, q[i].label, t.best, q[i].duckdb_target, b->rows);
            }
            g_strfreev(tool);
            if (b->pandas) {
                tool = pandas_argv(b, file, q[i].by);
                tool_row(b, "pandas", tool, q[i].label, t.best, 0.0, b->rows);
                g_strfreev(tool);
            }
        }
        g_strfreev(check);
        g_strfreev(argv);
    }
    report_part(b, file, rows);
    g_free(loop);
    g_free(rows);
    g_free(file);
}

/* ---- SERVQUAL ------------------------------------------------------------------------------ */

static void
servqual_agree(Bench *b, const char *output, const LoopServqual *loop)
{
    GPtrArray *rows = csv_rows(output);
    char **h = rows->len ? g_ptr_array_index(rows, 0) : NULL;
    int cd = h ? column_of(h, "dimension") : -1, cg = h ? column_of(h, "gap") : -1;
    int found = 0;
    gboolean ok = cd >= 0 && cg >= 0;
    GString *detail = g_string_new(NULL);
    for (guint i = 1; ok && i < rows->len; i++) {
        char **f = g_ptr_array_index(rows, i);
        if ((int)g_strv_length(f) <= MAX(cd, cg))
            continue;
        for (int d = 0; d < LOOP_SQ_DIMENSIONS; d++) {
            if (strcmp(f[cd], loop_sq_dimension_names[d]) != 0)
                continue;
            double cli = g_ascii_strtod(f[cg], NULL);
            found++;
            g_string_append_printf(detail, "%s%s %.6f", d ? ", " : "", f[cd], cli);
            if (!(fabs(cli - loop->gap[d]) <= 1e-9)) {
                fail(b, "servqual: %s gap: cxscore %.12f, loop %.12f", f[cd], cli, loop->gap[d]);
                ok = FALSE;
            }
        }
    }
    if (ok && found != LOOP_SQ_DIMENSIONS) {
        fail(b, "servqual: cxscore's CSV output has %d of the 5 dimension gaps", found);
        ok = FALSE;
    }
    if (ok)
        printf("check  servqual: the 5 dimension gaps agree with the loop (%s; n %llu)\n",
               detail->str, (unsigned long long)loop->rows);
    g_string_free(detail, TRUE);
    g_ptr_array_free(rows, TRUE);
}

static void
servqual_part(Bench *b)
{
    char *file = bench_data_file(b->data_dir, BENCH_FILE_SERVQUAL, b->sq_rows, 0);
    if (!file) {
        fail(b, "no SERVQUAL data file");
        return;
    }
    char *rows = count_label(b->sq_rows);
    progress("checking and timing cxscore servqual (%s respondents)", rows);
    char **argv = cli_argv(b, "servqual", file, NULL);
    char **check = with_csv_format(argv);
    char *output = capture(b, check);
    LoopServqual loop;
    LoopJob job = { file, 0, NULL, &loop };
    Timing t;
    double loop_best;
    if (output && time_against_loop(b, argv, &job, &t, &loop_best)) {
        servqual_agree(b, output, &loop);
        printf("time   cxscore servqual: best %.3f s of %d, peak RSS %.1f MiB; loop best %.3f s\n",
               t.best, b->repeat, (double)t.rss_kib / 1024.0, loop_best);
        char nb[NUM_BUF];
        add_row(
            b, g_strdup_printf("cxscore servqual, %s x 44 answers", rows),
            num((double)b->sq_rows / t.best / 1e6), "M rows/s",
            g_strdup_printf("loop %s M rows/s", fmt_num(nb, (double)b->sq_rows / loop_best / 1e6)),
            ratio_text(t.best, loop_best), "<= 3x slower", met(t.best <= 3.0 * loop_best));
    }
    g_free(output);
    g_strfreev(check);
    g_strfreev(argv);
    g_free(rows);
    g_free(file);
}

/* ---- group-by ------------------------------------------------------------------------------ */

static void
groupby_part(Bench *b)
{
    /* Linear: ten times the rows and ten times the keys (ten rows per key in both files) take
     * ten times as long, so the time per row stays the same. (Comparing 100k and 1M keys in
     * files of the same size would mostly measure the output, one line per key.) */
    uint64_t keys[2], file_rows[2];
    keys[1] = MIN(b->rows, UINT64_C(1000000));
    keys[0] = MAX(keys[1] / 10, 1);
    file_rows[1] = b->rows;
    file_rows[0] = MAX(b->rows / 10, keys[0]);
    double per_row[2] = { 0.0, 0.0 };
    for (int k = 0; k < 2; k++) {
        char *rows = count_label(file_rows[k]);
        char *file = bench_data_file(b->data_dir, BENCH_FILE_GROUPBY, file_rows[k], keys[k]);
        if (!file) {
            fail(b, "no group-by data file");
            break;
        }
        char *label = count_label(keys[k]);
        progress("checking and timing cxscore nps --by respondent_id (%s keys)", label);
        char **argv = cli_argv(b, "nps", file, "--by", "respondent_id", NULL);
        char **check = with_csv_format(argv);
        char *output = capture(b, check);
        /* The check: one CSV line per key, plus the header and the (all) line. */
        uint64_t lines = 0;
        for (const char *p = output; p && (p = strchr(p, '\n')); p++)
            lines++;
        Timing t;
        if (output && lines != keys[k] + 2) {
            fail(b, "nps --by respondent_id: cxscore printed %lld segments, the file has %llu keys",
                 (long long)lines - 2, (unsigned long long)keys[k]);
        } else if (output && time_command(b, argv, b->repeat, &t)) {
            printf("check  nps --by respondent_id: %s segments, one per key\n", label);
            per_row[k] = t.best / (double)file_rows[k];
            printf("time   cxscore nps --by respondent_id, %s keys, %s rows: best %.3f s of %d, "
                   "peak RSS %.1f MiB (%.0f bytes per key)\n",
                   label, rows, t.best, b->repeat, (double)t.rss_kib / 1024.0,
                   (double)t.rss_kib * 1024.0 / (double)keys[k]);
            gboolean second = k == 1 && per_row[0] > 0.0;
            char nb[NUM_BUF], *fewer = count_label(keys[0]);
            add_row(
                b, g_strdup_printf("cxscore nps --by key, %s keys / %s rows", label, rows),
                num(per_row[k] * 1e9), "ns/row",
                second ? g_strdup_printf("%s keys %s ns/row", fewer, fmt_num(nb, per_row[0] * 1e9))
                       : NULL,
                second ? ratio_text(per_row[1], per_row[0]) : NULL, second ? "<= 2x slower" : NULL,
                second ? met(per_row[1] <= 2.0 * per_row[0]) : "-");
            g_free(fewer);
        }
        g_free(output);
        g_strfreev(check);
        g_strfreev(argv);
        g_free(label);
        g_free(file);
        g_free(rows);
    }
}

/* ---- start-up -------------------------------------------------------------------------------- */

static void
startup_part(Bench *b)
{
    char *file = bench_data_file(b->data_dir, BENCH_FILE_NPS, 1000, 0);
    if (!file) {
        fail(b, "no start-up data file");
        return;
    }
    progress("timing cxscore nps on 1000 rows, %d runs", STARTUP_RUNS);
    char **argv = cli_argv(b, "nps", file, NULL);
    char *true_path = in_path("true");
    char *truth[] = { true_path ? true_path : (char *)"/bin/true", NULL };
    Timing t, base;
    if (time_command(b, argv, 1, &t) && time_command(b, argv, STARTUP_RUNS, &t) &&
        time_command(b, truth, STARTUP_RUNS, &base)) {
        printf("time   cxscore nps, 1000 rows: median %.2f ms of %d (best %.2f), peak RSS %.1f "
               "MiB; spawning true: median %.2f ms, peak RSS %.1f MiB (the floor)\n",
               1e3 * t.median, STARTUP_RUNS, 1e3 * t.best, (double)t.rss_kib / 1024.0,
               1e3 * base.median, (double)base.rss_kib / 1024.0);
        char nb[NUM_BUF];
        add_row(b, g_strdup("cxscore nps start-up, 1000 rows"), num(1e3 * t.median), "ms",
                g_strdup_printf("spawn of true %s ms", fmt_num(nb, 1e3 * base.median)),
                ratio_text(t.median, base.median), "< 5 ms", met(t.median < 5e-3));
    }
    g_free(true_path);
    g_strfreev(argv);
    g_free(file);
}

/* ---- the report ---------------------------------------------------------------------------- */

#define COLS 7

static void
row_cells(const Row *r, const char **cells)
{
    const char *c[COLS] = { r->what, r->value, r->unit, r->baseline, r->ratio, r->target, r->met };
    memcpy(cells, c, sizeof c);
}

static void
print_table(const Bench *b)
{
    static const char *const headers[COLS] = { "what",  "value",  "unit", "baseline",
                                               "ratio", "target", "met?" };
    const char *cells[COLS];
    int width[COLS];
    for (int c = 0; c < COLS; c++)
        width[c] = (int)strlen(headers[c]);
    for (guint i = 0; i < b->table->len; i++) {
        row_cells(g_ptr_array_index(b->table, i), cells);
        for (int c = 0; c < COLS; c++)
            width[c] = MAX(width[c], (int)g_utf8_strlen(cells[c], -1));
    }
    /* Aligned text; the value column right-aligned; padding counts characters, not bytes. */
    printf("\n");
    for (int c = 0; c < COLS; c++)
        printf(c == 1 ? "%*s%s" : "%-*s%s", c + 1 < COLS ? width[c] : 0, headers[c],
               c + 1 < COLS ? "  " : "\n");
    int n_met = 0, n_not = 0, n_skipped = 0;
    for (guint i = 0; i < b->table->len; i++) {
        const Row *r = g_ptr_array_index(b->table, i);
        row_cells(r, cells);
        n_met += strcmp(r->met, "met") == 0;
        n_not += strcmp(r->met, "NOT met") == 0;
        n_skipped += strcmp(r->met, "skipped") == 0;
        for (int c = 0; c < COLS; c++) {
            int pad = c + 1 < COLS ? width[c] - (int)g_utf8_strlen(cells[c], -1) : 0;
            if (c == 1)
                printf("%*s%s", pad, "", cells[c]);
            else
                printf("%s%*s", cells[c], pad, "");
            fputs(c + 1 < COLS ? "  " : "\n", stdout);
        }
    }
    printf("\ntargets: %d met, %d NOT met, %d skipped; %d failure%s (disagreements with a "
           "baseline, failed commands)\n",
           n_met, n_not, n_skipped, b->failures, b->failures == 1 ? "" : "s");
    if (!b->markdown)
        return;
    printf("\n| what | value | unit | baseline | ratio | target | met? |\n"
           "|---|--:|---|---|---|---|---|\n");
    for (guint i = 0; i < b->table->len; i++) {
        row_cells(g_ptr_array_index(b->table, i), cells);
        for (int c = 0; c < COLS; c++)
            printf("| %s %s", strcmp(cells[c], "NOT met") == 0 ? "**NOT met**" : cells[c],
                   c + 1 < COLS ? "" : "|\n");
    }
}

static void
print_header(const Bench *b)
{
    char model[256] = "unknown CPU";
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    while (f && fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (colon && g_str_has_prefix(line, "model name")) {
            g_strlcpy(model, g_strstrip(colon + 1), sizeof model);
            break;
        }
    }
    if (f)
        fclose(f);
    double load[1] = { 0.0 };
    f = fopen("/proc/loadavg", "r");
    if (f && fscanf(f, "%lf", &load[0]) != 1)
        load[0] = BENCH_NAN;
    if (f)
        fclose(f);
    char date[32];
    time_t t = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&t));
    char *rows = count_label(b->rows), *sq = count_label(b->sq_rows);
    printf("cx-bench: libcxscore %s, %s build, compiler %s\n", cx_version_string(),
           CX_BENCH_BUILDTYPE,
#ifdef __VERSION__
           __VERSION__
#else
           "unknown"
#endif
    );
    printf("machine: %s, %ld online CPUs, load average %.2f at start; %s\n", model,
           sysconf(_SC_NPROCESSORS_ONLN), load[0], date);
    printf("sizes: NPS and group-by files %s rows, SERVQUAL %s respondents, arrays %zu MiB; "
           "best of %d\n",
           rows, sq, b->array_bytes >> 20, b->repeat);
    printf("data: %s (set CX_BENCH_DATA to move it)\ncxscore: %s\n", b->data_dir, b->cxscore);
    if (strcmp(CX_BENCH_BUILDTYPE, "release") != 0)
        printf("note: not a release build; quote figures from a --buildtype=release build\n");
    g_free(rows);
    g_free(sq);
}

/* ---- options ------------------------------------------------------------------------------- */

/* "20000", "100k", "10M". */
static gboolean
parse_count(const char *text, uint64_t *n)
{
    char *end;
    errno = 0;
    uint64_t v = g_ascii_strtoull(text, &end, 10);
    if (end == text || errno)
        return FALSE;
    if (*end == 'k' || *end == 'K')
        v *= 1000, end++;
    else if (*end == 'M' || *end == 'm')
        v *= 1000000, end++;
    if (*end || v == 0)
        return FALSE;
    *n = v;
    return TRUE;
}

static gboolean
parse_parts(const char *text, int *parts)
{
    char **names = g_strsplit(text, ",", -1);
    gboolean ok = names[0] != NULL;
    *parts = 0;
    for (char **n = names; *n && ok; n++) {
        int found = 0;
        for (size_t i = 0; i < G_N_ELEMENTS(part_names); i++)
            if (strcmp(*n, part_names[i]) == 0)
                found = 1 << i;
        ok = found != 0;
        *parts |= found;
    }
    g_strfreev(names);
    return ok;
}

int
main(int argc, char **argv)
{
    gboolean quick = FALSE, markdown = FALSE;
    char *rows_text = NULL, *only = NULL, *cxscore = NULL, *min_time_text = NULL;
    int repeat = 3, status = 2;
    GOptionEntry entries[] = {
        { "quick", 'q', 0, G_OPTION_ARG_NONE, &quick,
          "Smaller data for CI: 1M rows, 100k SERVQUAL rows, 16 MiB arrays, 0.1 s trials", NULL },
        { "rows", 'n', 0, G_OPTION_ARG_STRING, &rows_text,
          "Rows of the NPS and group-by files (default 10M; SERVQUAL gets a tenth)", "N" },
        { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Best of N runs (default 3)", "N" },
        { "min-time", 0, 0, G_OPTION_ARG_STRING, &min_time_text,
          "Seconds per timed trial of the array API (default 0.3)", "S" },
        { "only", 'o', 0, G_OPTION_ARG_STRING, &only,
          "Only these parts: array, csv, servqual, groupby, startup, contacts (comma-separated)", "PART" },
        { "cxscore", 0, 0, G_OPTION_ARG_FILENAME, &cxscore,
          "The cxscore program to time (default: the one built with the bench)", "PATH" },
        { "markdown", 'm', 0, G_OPTION_ARG_NONE, &markdown,
          "Print the results table in Markdown too (for the README)", NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *ctx = g_option_context_new("- benchmark libcxscore and cxscore");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(
        ctx, "Data is generated deterministically into $CX_BENCH_DATA (default: bench-data in\n"
             "the build directory) and reused. Exit status: 0 when it ran (targets not met are\n"
             "reported, not failures), 1 when a result disagreed with its baseline or a\n"
             "command failed, 2 bad usage.");
    Bench b = { 0 };
    b.table = g_ptr_array_new_with_free_func(row_free);
    GError *error = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        fprintf(stderr, "cx-bench: %s\n", error->message);
        g_error_free(error);
        goto out;
    }
    if (argc > 1) {
        fprintf(stderr, "cx-bench: unexpected argument '%s'\n", argv[1]);
        goto out;
    }
    b.rows = quick ? 1000000 : 10000000;
    b.sq_rows = quick ? 100000 : 1000000;
    b.array_bytes = (size_t)(quick ? 16 : 64) << 20;
    b.min_time = quick ? 0.1 : 0.3;
    b.repeat = repeat;
    b.parts = PART_ALL;
    b.markdown = markdown;
    if (rows_text) {
        if (!parse_count(rows_text, &b.rows)) {
            fprintf(stderr, "cx-bench: --rows takes a positive count (20000, 100k, 10M)\n");
            goto out;
        }
        b.sq_rows = MAX(b.rows / 10, 1);
    }
    if (min_time_text) {
        char *end;
        b.min_time = g_ascii_strtod(min_time_text, &end);
        if (*end || !(b.min_time > 0.0 && b.min_time < 100.0)) {
            fprintf(stderr, "cx-bench: --min-time takes seconds, e.g. 0.3\n");
            goto out;
        }
    }
    if (repeat < 1) {
        fprintf(stderr, "cx-bench: --repeat takes a count >= 1\n");
        goto out;
    }
    if (only && !parse_parts(only, &b.parts)) {
        fprintf(stderr, "cx-bench: --only takes array, csv, servqual, groupby, startup or contacts\n");
        goto out;
    }
    const char *dir = getenv("CX_BENCH_DATA");
    b.data_dir = g_strdup(dir && *dir ? dir : CX_BENCH_DATA_DIR);
    b.cxscore = g_strdup(cxscore ? cxscore : CX_BENCH_CXSCORE);

    print_header(&b);
    status = 1;
    if ((b.parts & ~(PART_ARRAY | PART_CONTACTS)) && (!*b.cxscore || access(b.cxscore, X_OK) != 0)) {
        fprintf(stderr, "cx-bench: cannot run cxscore '%s' (built? give --cxscore PATH)\n",
                b.cxscore);
        goto out;
    }
    if (b.parts & PART_CSV)
        find_tools(&b);
    fflush(stdout);
    /* Start-up first, while this process is small: fork() copies its page tables. */
    if (b.parts & PART_STARTUP)
        startup_part(&b);
    if (b.parts & PART_ARRAY)
        array_part(&b);
    if (b.parts & PART_CONTACTS)
        segments_part(&b);
    if (b.parts & PART_CSV)
        csv_part(&b);
    if (b.parts & PART_SERVQUAL)
        servqual_part(&b);
    if (b.parts & PART_GROUPBY)
        groupby_part(&b);
    print_table(&b);
    status = b.failures ? 1 : 0;

out:
    g_ptr_array_free(b.table, TRUE);
    g_free(b.data_dir);
    g_free(b.cxscore);
    g_free(b.duckdb);
    g_free(b.node);
    g_free(b.duckdb_node);
    g_free(b.python);
    g_free(rows_text);
    g_free(only);
    g_free(cxscore);
    g_free(min_time_text);
    g_option_context_free(ctx);
    return status;
}
