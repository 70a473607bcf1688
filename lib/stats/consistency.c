/* SPDX-License-Identifier: MIT */
/*
 * Are segments different? Pearson's chi-square test of independence (K. Pearson, "On the
 * criterion that a given system of deviations…", Philosophical Magazine 50:157–175, 1900), and
 * one-way ANOVA with Welch's heteroscedastic version (B. L. Welch, "On the comparison of several
 * mean values: an alternative approach", Biometrika 38:330–336, 1951). See cx-compare.h.
 */
#include <cxscore/cx-error.h>
#include <cxscore/cx-compare.h>

#include <glib.h>
#include <math.h>
#include <string.h>

#include "stats/distributions-private.h"
#include "core/util-private.h"
#include "stats/abi-private.h"

static CxTestResult
empty_result(void)
{
    CxTestResult r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.statistic = r.df1 = r.df2 = r.p_value = CX_NAN;
    return r;
}

int
cx_chi_square_independence(const uint64_t *table, size_t rows, size_t cols, CxTestResult *out)
{
    if (!table || !out || rows == 0 || cols == 0 || rows > SIZE_MAX / cols)
        return CX_E_INVALID_ARGUMENT;
    CxTestResult r = empty_result();
    /* Sized by the caller: refused rather than aborted on when memory cannot hold them. */
    double *row = g_try_new0(double, rows), *col = g_try_new0(double, cols), total = 0.0;
    if (!row || !col) {
        g_free(row);
        g_free(col);
        return CX_E_NO_MEMORY;
    }
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++) {
            double o = (double)table[i * cols + j];
            row[i] += o;
            col[j] += o;
            total += o;
        }
    size_t used_rows = 0, used_cols = 0;
    for (size_t i = 0; i < rows; i++)
        used_rows += row[i] > 0.0;
    for (size_t j = 0; j < cols; j++)
        used_cols += col[j] > 0.0;
    int status = CX_E_EMPTY;
    if (used_rows >= 2 && used_cols >= 2) {
        double chi2 = 0.0;
        for (size_t i = 0; i < rows; i++)
            for (size_t j = 0; j < cols; j++) {
                if (!(row[i] > 0.0) || !(col[j] > 0.0))
                    continue;
                double e = row[i] * col[j] / total, d = (double)table[i * cols + j] - e;
                chi2 += d * d / e;
            }
        r.statistic = chi2;
        r.df1 = (double)((used_rows - 1) * (used_cols - 1));
        r.p_value = cx_chi2_sf(chi2, r.df1);
        status = CX_OK;
    }
    r.groups = used_rows;
    g_free(row);
    g_free(col);
    int copy = cx_struct_out(out, &r, sizeof r, CX_ABI_TEST_RESULT);
    return copy != CX_OK ? copy : status;
}

int
cx_anova_oneway(const double *n, const double *mean, const double *variance, size_t k,
                CxTestResult *classic, CxTestResult *welch)
{
    if (!n || !mean || !variance || (!classic && !welch))
        return CX_E_INVALID_ARGUMENT;
    CxTestResult c = empty_result(), w = empty_result();
    double N = 0.0, sum = 0.0, ssw = 0.0, groups = 0.0;
    int welch_ok = 1;
    for (size_t i = 0; i < k; i++) {
        if (!(n[i] >= 1.0))
            continue;
        if (!isfinite(mean[i]) || (n[i] >= 2.0 && !(variance[i] >= 0.0)))
            return CX_E_INVALID_ARGUMENT;
        groups += 1.0;
        N += n[i];
        sum += n[i] * mean[i];
        if (n[i] >= 2.0)
            ssw += (n[i] - 1.0) * variance[i];
        if (!(n[i] >= 2.0) || !(variance[i] > 0.0))
            welch_ok = 0;
    }
    c.groups = w.groups = (uint64_t)groups;
    int status = CX_E_EMPTY;
    if (groups >= 2.0 && N > groups && ssw > 0.0) {
        double grand = sum / N, ssb = 0.0;
        for (size_t i = 0; i < k; i++)
            if (n[i] >= 1.0)
                ssb += n[i] * (mean[i] - grand) * (mean[i] - grand);
        c.df1 = groups - 1.0;
        c.df2 = N - groups;
        c.statistic = (ssb / c.df1) / (ssw / c.df2);
        c.p_value = cx_f_sf(c.statistic, c.df1, c.df2);
        status = CX_OK;
        if (welch_ok) {
            double W = 0.0, wm = 0.0;
            for (size_t i = 0; i < k; i++)
                if (n[i] >= 1.0) {
                    double wi = n[i] / variance[i];
                    W += wi;
                    wm += wi * mean[i];
                }
            wm /= W;
            double A = 0.0, lambda = 0.0;
            for (size_t i = 0; i < k; i++)
                if (n[i] >= 1.0) {
                    double wi = n[i] / variance[i], d = mean[i] - wm, f = 1.0 - wi / W;
                    A += wi * d * d;
                    lambda += f * f / (n[i] - 1.0);
                }
            double km1 = groups - 1.0, k2m1 = groups * groups - 1.0;
            A /= km1;
            double B = 1.0 + 2.0 * (groups - 2.0) / k2m1 * lambda;
            w.statistic = A / B;
            w.df1 = km1;
            w.df2 = k2m1 / (3.0 * lambda);
            w.p_value = cx_f_sf(w.statistic, w.df1, w.df2);
        }
    }
    /* Both sizes first: a refused call writes neither struct. */
    if ((classic && cx_struct_size(classic) < CX_ABI_TEST_RESULT) ||
        (welch && cx_struct_size(welch) < CX_ABI_TEST_RESULT))
        return CX_E_STRUCT_SIZE;
    if (classic)
        cx_struct_out(classic, &c, sizeof c, CX_ABI_TEST_RESULT);
    if (welch)
        cx_struct_out(welch, &w, sizeof w, CX_ABI_TEST_RESULT);
    return status;
}
