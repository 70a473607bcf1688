/* SPDX-License-Identifier: MIT */
/*
 * audit-bench: mystery-shopping audits (cx-audit.h) against a single-purpose C loop over the same
 * file, in the same run (issue 17: within 3x).
 *
 *   build/bench/audit-bench [--visits N] [--repeat R] [--dir DIR]
 *
 * Writes (once, deterministic: splitmix64 with a constant seed) DIR/audit-N.csv with N visits x
 * 40 items (yes/no, 1-5 ratings with a pass threshold, measured seconds against a target; 5 %
 * N/A on the items that allow it; 500 locations, 50 regions, 40 shoppers, 12 months) and its
 * checklist DIR/audit-40.ini (4 sections, critical items, critical = section). Then, R times
 * each, best CPU time kept (CLOCK_PROCESS_CPUTIME_ID, so that other jobs on the machine count
 * less):
 * - library: cx_reader's batch path over the file, cx_audit_set_columns() and cx_audit_add_row()
 *   per row,
 *   then the overall result, every location and every item (what a league table needs);
 * - loop: one fread() pass that splits lines by hand and applies the same scoring rules with
 *   the checklist hard-wired, keeping the overall mean and pass count, per-location means and
 *   per-item compliance counts (the same headline figures, nothing else).
 * Both must give the same mean score, pass count and item counts (else exit 1). Prints the
 * times, visits per second and the ratio. The library does more per row (four segment tables,
 * location-shopper pairs, sections, blanks and rejects counted by reason), which is the price
 * the ratio measures.
 */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "bench.h"

#define ITEMS 40
#define SECTIONS 4
#define LOCATIONS 500

/* Item i: type by i % 3 (0 yes/no, 1 rating 1-5 pass 4, 2 measure <= 60 s), points 1 + i % 5,
 * section i % 4, N/A allowed when i % 10 == 0, critical when i % 13 == 5. */
static int
item_type(int i)
{
    return i % 3;
}

static double
item_points(int i)
{
    return 1.0 + i % 5;
}

static int
item_na(int i)
{
    return i % 10 == 0;
}

static int
item_critical(int i)
{
    return i % 13 == 5;
}

/* CPU time of the process: on a shared machine wall time measures the other jobs too. */
static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static char *
write_checklist(const char *dir)
{
    char *path = g_strdup_printf("%s/audit-%d.ini", dir, ITEMS);
    GString *s = g_string_new("[checklist]\nname = Bench checklist\npass_mark = 70\n"
                              "critical = section\n\n[sections]\n");
    for (int k = 0; k < SECTIONS; k++)
        g_string_append_printf(s, "s%d = Section %d\n", k, k);
    static const char *const types[] = { "yesno", "rating", "measure" };
    for (int i = 0; i < ITEMS; i++) {
        g_string_append_printf(s, "\n[item I%02d]\nsection = s%d\npoints = %g\ntype = %s\n",
                               i + 1, i % SECTIONS, item_points(i), types[item_type(i)]);
        if (item_type(i) == 1)
            g_string_append(s, "scale = 1-5\npass = 4\n");
        if (item_type(i) == 2)
            g_string_append(s, "target = 60\ncompare = at_most\n");
        if (item_na(i))
            g_string_append(s, "na = yes\n");
        if (item_critical(i))
            g_string_append(s, "critical = yes\n");
    }
    if (!g_file_set_contents(path, s->str, (gssize)s->len, NULL)) {
        fprintf(stderr, "audit-bench: cannot write %s\n", path);
        exit(2);
    }
    g_string_free(s, TRUE);
    return path;
}

static char *
write_visits(const char *dir, uint64_t visits)
{
    char *path = g_strdup_printf("%s/audit-%" G_GUINT64_FORMAT ".csv", dir, visits);
    if (g_file_test(path, G_FILE_TEST_EXISTS))
        return path;
    char *tmp = g_strconcat(path, ".tmp", NULL);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "audit-bench: cannot write %s\n", tmp);
        exit(2);
    }
    fputs("visit,date,location,region,shopper", f);
    for (int i = 0; i < ITEMS; i++)
        fprintf(f, ",I%02d", i + 1);
    fputc('\n', f);
    uint64_t st = 17;
    for (uint64_t v = 0; v < visits; v++) {
        uint64_t r = bench_random(&st);
        unsigned loc = (unsigned)(r % LOCATIONS), shop = (unsigned)((r >> 20) % 40);
        double q = ((double)(loc % 7) - 3.0) / 6.0; /* location quality */
        fprintf(f, "V%" G_GUINT64_FORMAT ",2026-%02u-%02u,L%03u,R%02u,P%02u", v,
                (unsigned)(1 + v % 12), (unsigned)(1 + v % 28), loc, loc % 50, shop);
        for (int i = 0; i < ITEMS; i++) {
            uint64_t a = bench_random(&st);
            double u = (double)(a >> 11) * 0x1.0p-53;
            if (item_na(i) && u < 0.05) {
                fputs(",N/A", f);
                continue;
            }
            if (item_type(i) == 0)
                fputs(u < 0.8 + 0.1 * q ? ",yes" : ",no", f);
            else if (item_type(i) == 1)
                fprintf(f, ",%d", 1 + (int)((a & 0xffff) % 5));
            else
                fprintf(f, ",%d", (int)(-40.0 * log(1.0 - u) * (1.0 - 0.3 * q)));
        }
        fputc('\n', f);
    }
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        fprintf(stderr, "audit-bench: cannot write %s\n", path);
        exit(2);
    }
    g_free(tmp);
    return path;
}

/* ---- the library ---------------------------------------------------------------------------- */

typedef struct {
    double mean;
    uint64_t scored, passed;
    uint64_t applicable[ITEMS], compliant[ITEMS];
    double location_mean_sum; /* Σ of the location means: a checksum of the league table */
} Figures;

static void
run_library(const char *checklist_path, const char *csv, Figures *out)
{
    CxChecklist *c = NULL;
    BENCH_OK(cx_checklist_new(&c));
    BENCH_OK(cx_checklist_load_file(c, checklist_path));
    CxAudit *a = NULL;
    BENCH_OK(cx_audit_new(c, CX_PERIOD_MONTH, &a));
    CxReader *r = NULL;
    BENCH_OK(cx_reader_open_path(csv, &r));
    const size_t n = cx_reader_column_count(r);
    const char **names = g_new(const char *, n);
    size_t *cols = g_new(size_t, n);
    for (size_t k = 0; k < n; k++) {
        names[k] = cx_reader_column_name(r, k);
        cols[k] = k;
    }
    BENCH_OK(cx_audit_set_columns(a, names, n, 1));
    /* The batch reader (the fast path of cx-reader.h): rows of plain records are one line
     * each, so a row's line is counted back from the batch's last line. */
    enum { BATCH = 256 };
    const char **text = g_new(const char *, BATCH * n);
    size_t *lens = g_new(size_t, BATCH * n), rows;
    int status;
    while ((status = cx_reader_next_batch(r, cols, n, BATCH, text, lens, &rows)) == CX_ROW) {
        const uint64_t last = cx_reader_line(r);
        for (size_t k = 0; k < rows; k++)
            BENCH_OK(cx_audit_add_row(a, text + k * n, lens + k * n, n,
                                      last - (rows - 1 - k)));
    }
    if (status != CX_DONE) {
        fprintf(stderr, "audit-bench: reading %s: %s\n", csv, cx_strerror(status));
        exit(1);
    }
    CxAuditResult res = { .size = sizeof res };
    BENCH_OK(cx_audit_result(a, 0.95, &res));
    out->mean = res.mean;
    out->scored = res.scored;
    out->passed = res.passed;
    out->location_mean_sum = 0.0;
    for (size_t k = 0; k < cx_audit_segment_count(a, CX_AUDIT_BY_LOCATION); k++) {
        CxAuditSegment s = { .size = sizeof s };
        BENCH_OK(cx_audit_segment_result(a, CX_AUDIT_BY_LOCATION, k, 0.95, &s));
        out->location_mean_sum += s.mean;
    }
    for (size_t i = 0; i < ITEMS; i++) {
        CxAuditItem it = { .size = sizeof it };
        BENCH_OK(cx_audit_item_result(a, i, 0.95, &it));
        out->applicable[i] = it.applicable;
        out->compliant[i] = it.compliant;
    }
    g_free(names);
    g_free(cols);
    g_free(text);
    g_free(lens);
    cx_reader_free(r);
    cx_audit_free(a);
    cx_checklist_free(c);
}

/* ---- the single-purpose loop ------------------------------------------------------------------ */

static void
run_loop(const char *csv, Figures *out)
{
    FILE *f = fopen(csv, "rb");
    if (!f) {
        fprintf(stderr, "audit-bench: cannot read %s\n", csv);
        exit(1);
    }
    memset(out, 0, sizeof *out);
    double loc_sum[LOCATIONS] = { 0 }, sum = 0.0;
    uint64_t loc_n[LOCATIONS] = { 0 };
    size_t cap = 1 << 20, have = 0;
    char *buf = g_malloc(cap);
    int header = 1;
    for (;;) {
        size_t got = fread(buf + have, 1, cap - have, f);
        have += got;
        char *p = buf, *end = buf + have;
        char *eol;
        while ((eol = memchr(p, '\n', (size_t)(end - p))) != NULL) {
            if (header) {
                header = 0;
                p = eol + 1;
                continue;
            }
            /* visit,date,location,region,shopper,items... */
            char *q = p;
            for (int k = 0; k < 2; k++)
                q = (char *)memchr(q, ',', (size_t)(eol - q)) + 1;
            unsigned loc = (unsigned)strtoul(q + 1, NULL, 10);
            for (int k = 0; k < 3; k++)
                q = (char *)memchr(q, ',', (size_t)(eol - q)) + 1;
            double earned[SECTIONS] = { 0 }, appl[SECTIONS] = { 0 };
            int crit[SECTIONS] = { 0 };
            for (int i = 0; i < ITEMS; i++) {
                char *e = i + 1 < ITEMS ? memchr(q, ',', (size_t)(eol - q)) : eol;
                const int s = i % SECTIONS;
                if (*q != 'N') {
                    int ok;
                    if (item_type(i) == 0)
                        ok = *q == 'y';
                    else if (item_type(i) == 1)
                        ok = *q >= '4';
                    else
                        ok = strtol(q, NULL, 10) <= 60;
                    out->applicable[i]++;
                    out->compliant[i] += (uint64_t)ok;
                    appl[s] += item_points(i);
                    earned[s] += ok ? item_points(i) : 0.0;
                    if (item_critical(i) && !ok)
                        crit[s] = 1;
                }
                q = e + 1;
            }
            double e = 0.0, a = 0.0;
            for (int s = 0; s < SECTIONS; s++) {
                e += crit[s] ? 0.0 : earned[s];
                a += appl[s];
            }
            const double score = 100.0 * e / a;
            out->scored++;
            out->passed += score >= 70.0;
            sum += score;
            loc_sum[loc] += score;
            loc_n[loc]++;
            p = eol + 1;
        }
        have = (size_t)(end - p);
        memmove(buf, p, have);
        if (got == 0)
            break;
    }
    fclose(f);
    g_free(buf);
    out->mean = sum / (double)out->scored;
    for (int l = 0; l < LOCATIONS; l++)
        if (loc_n[l])
            out->location_mean_sum += loc_sum[l] / (double)loc_n[l];
}

int
main(int argc, char **argv)
{
    gint64 visits = 1000000;
    gint repeat = 3;
    gchar *dir = NULL;
    GOptionEntry entries[] = {
        { "visits", 0, 0, G_OPTION_ARG_INT64, &visits, "Visits in the file (1000000)", "N" },
        { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat, "Runs of each, best kept (3)", "R" },
        { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Data directory (build/bench-data)", "DIR" },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *ctx = g_option_context_new("- audits against a single-purpose C loop");
    g_option_context_add_main_entries(ctx, entries, NULL);
    GError *err = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &err) || visits < 1 || repeat < 1) {
        fprintf(stderr, "audit-bench: %s\n", err ? err->message : "bad --visits or --repeat");
        return 2;
    }
    g_option_context_free(ctx);
    if (!dir)
        dir = g_strdup(CX_BENCH_DATA_DIR);
    g_mkdir_with_parents(dir, 0755);
    char *checklist = write_checklist(dir);
    char *csv = write_visits(dir, (uint64_t)visits);

    Figures lib = { 0 }, loop = { 0 };
    double best_lib = INFINITY, best_loop = INFINITY;
    for (int k = 0; k < repeat; k++) {
        double t0 = now();
        run_loop(csv, &loop);
        double t1 = now();
        run_library(checklist, csv, &lib);
        double t2 = now();
        best_loop = fmin(best_loop, t1 - t0);
        best_lib = fmin(best_lib, t2 - t1);
    }
    int same = lib.scored == loop.scored && lib.passed == loop.passed &&
               fabs(lib.mean - loop.mean) <= 1e-9 * loop.mean &&
               fabs(lib.location_mean_sum - loop.location_mean_sum) <=
                   1e-9 * loop.location_mean_sum;
    for (int i = 0; i < ITEMS; i++)
        same = same && lib.applicable[i] == loop.applicable[i] &&
               lib.compliant[i] == loop.compliant[i];
    printf("%" G_GINT64_FORMAT " visits x %d items (%s)\n", visits, ITEMS, csv);
    printf("  (CPU seconds, best of %d)\n", repeat);
    printf("  loop     %8.3f s  %8.2f M visits/s\n", best_loop, (double)visits / best_loop / 1e6);
    printf("  library  %8.3f s  %8.2f M visits/s\n", best_lib, (double)visits / best_lib / 1e6);
    printf("  ratio    %8.2f    (target: within 3x)\n", best_lib / best_loop);
    printf("  figures  %s (mean %.6f, passed %" G_GUINT64_FORMAT ")\n",
           same ? "agree" : "DISAGREE", lib.mean, lib.passed);
    g_free(checklist);
    g_free(csv);
    g_free(dir);
    return same ? 0 : 1;
}
