/* SPDX-License-Identifier: MIT */
/*
 * nps-coverage: the coverage and mean width of every NPS interval method the library offers
 * (cx_nps_interval(): Wald, adjusted Wald, Tango's score interval), for n respondents drawn from
 * a trinomial of promoter share p and detractor share d, over a grid of n, (p, d) and levels.
 * It reproduces the design of Rocks (2016), "Interval Estimation for the 'Net Promoter Score'",
 * The American Statistician 70(4):365–372 (arXiv:1601.07235), with one change: coverage is not
 * simulated but computed exactly, by summing the trinomial probabilities of every outcome
 * (promoters, detractors) whose interval holds the true NPS 100·(p − d). Outcomes whose
 * probability is below 1e-14 are skipped, and the skipped mass is reported (column `missed`),
 * which bounds the error of each coverage figure. No random numbers: the output is the same on
 * every run and machine, to rounding.
 *
 * Usage:
 *   nps-coverage [--full] [--check]
 * Without --full it runs the small grid that CI runs (a second or two); --full runs the grid of
 * docs/intervals.md (n = 10…1000, 36 share pairs, 90 % and 95 %; about a minute). Output: CSV on
 * stdout, one line per (level, method, n, p, d): coverage, expected width in points, missed mass.
 * --check (small grid) exits 1 unless the study's shape holds: Wald's mean coverage at n = 10 is
 * below the nominal level by more than 2 points, and Tango's mean coverage at every n is at most
 * 1.5 points below it and 3 above (it is conservative at n = 10).
 *
 * Calls the public API only (cx_nps_add_counts, cx_nps_result, cx_nps_interval).
 */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_METHODS 3
#define SKIP_BELOW 1e-14

typedef struct {
    double coverage[N_METHODS], width[N_METHODS], missed;
} Cell;

/* One cell: exact coverage and expected width of the three methods at (n, p, d, level). */
static int
cell(CxNps *nps, int n, double p, double d, double level, const double *logfact, Cell *out)
{
    const double truth = 100.0 * (p - d), q = 1.0 - p - d;
    const double lp = log(p), ld = log(d), lq = q > 0.0 ? log(q) : -(double)INFINITY;
    memset(out, 0, sizeof *out);
    double seen = 0.0;
    for (int a = 0; a <= n; a++) {         /* promoters */
        for (int b = 0; a + b <= n; b++) { /* detractors */
            int c = n - a - b;             /* passives */
            if (c > 0 && q <= 0.0)
                continue;
            double lpmf = logfact[n] - logfact[a] - logfact[b] - logfact[c] + a * lp + b * ld +
                          (c ? c * lq : 0.0);
            double pmf = exp(lpmf);
            if (pmf < SKIP_BELOW)
                continue;
            seen += pmf;
            uint64_t counts[11] = { 0 };
            counts[10] = (uint64_t)a;
            counts[0] = (uint64_t)b;
            counts[8] = (uint64_t)c;
            if (cx_nps_reset(nps) != CX_OK || cx_nps_add_counts(nps, counts) != CX_OK)
                return 0;
            CxNpsResult r = { .size = sizeof r };
            if (cx_nps_result(nps, &r) != CX_OK)
                return 0;
            for (int m = 0; m < N_METHODS; m++) {
                double lo, hi;
                if (cx_nps_interval(&r, level, m, &lo, &hi) != CX_OK)
                    return 0;
                /* A bound within rounding of the truth counts as holding it. */
                double eps = 1e-9;
                if (lo <= truth + eps && truth - eps <= hi)
                    out->coverage[m] += pmf;
                out->width[m] += pmf * (hi - lo);
            }
        }
    }
    for (int m = 0; m < N_METHODS; m++)
        out->width[m] /= seen; /* expected width given the outcomes seen */
    out->missed = 1.0 - seen > 0.0 ? 1.0 - seen : 0.0;
    return 1;
}

int
main(int argc, char **argv)
{
    int full = 0, check = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--full") == 0)
            full = 1;
        else if (strcmp(argv[i], "--check") == 0)
            check = 1;
        else {
            fprintf(stderr, "usage: %s [--full] [--check]\n", argv[0]);
            return 2;
        }
    }
    static const int n_full[] = { 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000 };
    static const int n_small[] = { 10, 30, 100 };
    static const double share_full[] = { 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 };
    static const double share_small[] = { 0.1, 0.3, 0.5 };
    static const double levels[] = { 0.90, 0.95 };
    const int *ns = full ? n_full : n_small;
    size_t n_ns = full ? sizeof n_full / sizeof *n_full : sizeof n_small / sizeof *n_small;
    const double *shares = full ? share_full : share_small;
    size_t n_shares = full ? sizeof share_full / sizeof *share_full
                           : sizeof share_small / sizeof *share_small;
    int n_max = ns[n_ns - 1];
    double *logfact = malloc((size_t)(n_max + 1) * sizeof *logfact);
    if (!logfact)
        return 1;
    logfact[0] = 0.0;
    for (int i = 1; i <= n_max; i++)
        logfact[i] = logfact[i - 1] + log((double)i);
    CxNps *nps = NULL;
    if (cx_nps_new(&nps) != CX_OK)
        return 1;

    int ok = 1;
    printf("level,method,n,p_promoters,p_detractors,nps,coverage,width,missed\n");
    for (size_t l = 0; l < sizeof levels / sizeof *levels; l++) {
        for (size_t in = 0; in < n_ns; in++) {
            double mean_cov[N_METHODS] = { 0 };
            int cells = 0;
            for (size_t ip = 0; ip < n_shares; ip++) {
                for (size_t id = 0; id < n_shares; id++) {
                    double p = shares[ip], d = shares[id];
                    if (p + d > 0.95 + 1e-12)
                        continue; /* keep some passives: a two-category NPS is a proportion */
                    Cell c;
                    if (!cell(nps, ns[in], p, d, levels[l], logfact, &c)) {
                        fprintf(stderr, "nps-coverage: the library refused n=%d p=%g d=%g\n",
                                ns[in], p, d);
                        return 1;
                    }
                    for (int m = 0; m < N_METHODS; m++) {
                        printf("%.2f,%s,%d,%.2f,%.2f,%.0f,%.6f,%.4f,%.1e\n", levels[l],
                               cx_nps_ci_method_name(m), ns[in], p, d, 100.0 * (p - d),
                               c.coverage[m], c.width[m], c.missed);
                        mean_cov[m] += c.coverage[m];
                    }
                    cells++;
                }
            }
            if (check) {
                double wald = mean_cov[CX_NPS_CI_WALD] / cells;
                double tango = mean_cov[CX_NPS_CI_TANGO] / cells;
                if (ns[in] == 10 && !(wald < levels[l] - 0.02)) {
                    fprintf(stderr, "check: Wald's mean coverage at n = 10, level %.2f, is %.4f: "
                                    "expected below %.4f (Rocks 2016)\n",
                            levels[l], wald, levels[l] - 0.02);
                    ok = 0;
                }
                if (!(tango >= levels[l] - 0.015 && tango <= levels[l] + 0.03)) {
                    fprintf(stderr, "check: Tango's mean coverage at n = %d, level %.2f, is "
                                    "%.4f: expected from 1.5 points below to 3 above it\n",
                            ns[in], levels[l], tango);
                    ok = 0;
                }
            }
        }
    }
    cx_nps_free(nps);
    free(logfact);
    return ok ? 0 : 1;
}
