/* SPDX-License-Identifier: MIT */
/**
 * @file cx-compare.h
 * @brief Comparing shares, means and segments: Wilson's interval of a share, Welch's t-test of
 *        two means, the two-proportion test with Newcombe's interval, and the chi-square and
 *        one-way ANOVA tests of whether segments differ.
 *
 * @defgroup compare Comparisons
 * @ingroup stats
 * @brief Shares, means and segments compared from summaries: Wilson, Welch, Newcombe,
 *        chi-square, ANOVA (cx-compare.h).
 *
 * Every function here works from summaries (counts; or n, mean and standard error), which each
 * accumulator's result provides, so results computed in separate shards, processes or databases
 * can be compared after the fact. Each formula and its source is given at its function, and in
 * docs/loyalty.md ("Comparisons"). Levels are confidence levels in (0, 1), e.g. 0.95.
 * @{
 */
#ifndef CXSCORE_CX_COMPARE_H
#define CXSCORE_CX_COMPARE_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>

CX_BEGIN_DECLS

/**
 * Wilson score interval of a share: @p successes out of @p n (weighted callers pass shares times
 * n_eff), at @p level: (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n) with p = successes/n
 * (Wilson, E. B. (1927), JASA 22:209–212).
 * @param successes the number (or weighted share × n_eff) of successes, in [0, n].
 * @param n         the number of trials (or n_eff).
 * @param level     the confidence level, in (0, 1).
 * @param lower     receives the lower bound, a share in [0, 1].
 * @param upper     receives the upper bound, a share in [0, 1].
 * @return #CX_OK, #CX_E_EMPTY for n ≤ 0, #CX_E_INVALID_ARGUMENT (successes outside [0, n], bad
 *         level or NULL).
 * @since 0.1
 */
CX_EXPORT int cx_wilson_interval(double successes, double n, double level, double *lower,
                                 double *upper);

/**
 * Difference of two independent means (cx_mean_compare()). Set `size` before the call
 * (cxscore.h, @ref rules_structs).
 */
typedef struct {
    size_t size;       /**< Set by the caller: sizeof(CxMeanComparison). */
    double diff;       /**< mean_a − mean_b. */
    double se;         /**< √(se_a² + se_b²). */
    double t;          /**< Welch's t = diff / se (NaN if se is 0). */
    double df;         /**< Welch–Satterthwaite degrees of freedom. */
    double p_value;    /**< Two-sided p. */
    double ci_lower;   /**< Lower bound of diff ± t(df, (1+L)/2) · se. */
    double ci_upper;   /**< Upper bound of that interval. */
    double level;      /**< The level L of the interval. */
} CxMeanComparison;

/**
 * Welch's unequal-variance t-test of two independent means from their summaries (Welch, B. L.
 * (1947), Biometrika 34:28–35): the means, their standard errors and sample sizes (n_eff with
 * weights): t = (m_a − m_b)/√(se_a² + se_b²), df = (se_a² + se_b²)² /
 * (se_a⁴/(n_a − 1) + se_b⁴/(n_b − 1)). Used by cx_rating_compare(), cx_loyalty_index_compare()
 * and for SERVQUAL dimension gaps between segments. If both standard errors are 0, diff and se
 * are set and the test and interval are NaN.
 * @param mean_a, se_a, n_a the first mean, its standard error and its sample size (n_eff).
 * @param mean_b, se_b, n_b the same for the second (the baseline).
 * @param level             the confidence level of the interval, in (0, 1).
 * @param out               the comparison, a minus b; set its `size` first.
 * @return #CX_OK; #CX_E_EMPTY if n_a or n_b ≤ 1 or a standard error is NaN (one answer: no
 *         spread known); #CX_E_INVALID_ARGUMENT (NaN or infinite mean, negative or infinite
 *         standard error, bad level, NULL); #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_mean_compare(double mean_a, double se_a, double n_a, double mean_b, double se_b,
                              double n_b, double level, CxMeanComparison *out);

/**
 * Difference of two independent shares (cx_proportion_compare()). Set `size` before the call
 * (cxscore.h, @ref rules_structs).
 */
typedef struct {
    size_t size;       /**< Set by the caller: sizeof(CxProportionComparison). */
    double diff;       /**< p_a − p_b, in [−1, 1]. */
    double z;          /**< Pooled two-proportion z statistic (NaN if both shares are 0 or 1). */
    double p_value;    /**< Its two-sided p (equals R's prop.test(correct = FALSE)). */
    double ci_lower;   /**< Lower bound of Newcombe's hybrid score interval of diff. */
    double ci_upper;   /**< Upper bound of that interval. */
    double level;      /**< The level of the interval. */
} CxProportionComparison;

/**
 * Compares two independent shares, @p x_a of @p n_a against @p x_b of @p n_b (weighted callers
 * pass share × n_eff and n_eff): the pooled z test, z = (p_a − p_b)/√(p(1 − p)(1/n_a + 1/n_b))
 * with p the pooled share, and Newcombe's hybrid score interval from the two Wilson intervals
 * (Newcombe, R. G. (1998), Statistics in Medicine 17:873–890, method 10):
 * [d − √((p_a − l_a)² + (u_b − p_b)²), d + √((u_a − p_a)² + (p_b − l_b)²)].
 * Used for retention, repeat-purchase and first-contact-resolution rates, and by
 * cx_rating_compare() for the good-band shares.
 * @param x_a, n_a successes and trials of the first share (or share × n_eff and n_eff).
 * @param x_b, n_b the same for the second (the baseline).
 * @param level    the confidence level of the interval, in (0, 1).
 * @param out      the comparison, a minus b; set its `size` first.
 * @return #CX_OK; #CX_E_EMPTY if n_a or n_b is 0; #CX_E_INVALID_ARGUMENT (x outside [0, n], NaN,
 *         bad level, NULL); #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_proportion_compare(double x_a, double n_a, double x_b, double n_b, double level,
                                    CxProportionComparison *out);

/* ---- are segments different? -------------------------------------------------------------------
 * Consistency of a score across channels, journey stages or regions. The tests take per-segment
 * summaries (counts; or n, mean and variance), which every accumulator's result provides, so
 * segments scored in separate shards can be compared after merging. */

/**
 * A test statistic (cx_chi_square_independence(), cx_anova_oneway()). Set `size` before the
 * call (cxscore.h, @ref rules_structs).
 */
typedef struct {
    size_t size;       /**< Set by the caller: sizeof(CxTestResult). */
    double statistic;  /**< χ² or F. */
    double df1;        /**< Degrees of freedom (the numerator's for F). */
    double df2;        /**< Denominator degrees of freedom for F; NaN for χ². */
    double p_value;    /**< Upper-tail p-value. */
    uint64_t groups;   /**< Segments that entered the test (those with data). */
} CxTestResult;

/**
 * Pearson's chi-square test of independence on a rows × cols table of counts (row-major), e.g.
 * segments × NPS categories (detractors, passives, promoters): χ² = Σ (O − E)²/E with
 * E = row total · column total / N, df = (r − 1)(c − 1) over the rows and columns that are not
 * all zero (Pearson, K. (1900), Philosophical Magazine 50:157–175).
 * @param table @p rows × @p cols counts, row-major: table[r · cols + c].
 * @param rows  the number of rows (e.g. segments).
 * @param cols  the number of columns (e.g. categories).
 * @param out   the test; set its `size` first.
 * @return #CX_OK; #CX_E_EMPTY with fewer than two non-empty rows or columns;
 *         #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE; #CX_E_NO_MEMORY when @p rows or @p cols are
 *         too large for the row and column totals.
 * @since 0.1
 */
CX_EXPORT int cx_chi_square_independence(const uint64_t *table, size_t rows, size_t cols,
                                         CxTestResult *out);

/**
 * One-way ANOVA and Welch's ANOVA of k group means from summaries: sizes @p n, means @p mean and
 * sample variances @p variance (n − 1 denominators). Groups with n < 1 are skipped; Welch needs
 * every used group to have n ≥ 2 and a positive variance.
 * - classic: F = [Σ nᵢ(m̄ᵢ − m̄)²/(k − 1)] / [Σ (nᵢ − 1)sᵢ²/(N − k)], df (k − 1, N − k);
 * - Welch (Welch, B. L. (1951), Biometrika 38:330–336): wᵢ = nᵢ/sᵢ², F = A/B with
 *   A = Σ wᵢ(m̄ᵢ − m̄_w)²/(k − 1), B = 1 + 2(k − 2)/(k² − 1) · Λ, Λ = Σ (1 − wᵢ/W)²/(nᵢ − 1),
 *   df (k − 1, (k² − 1)/(3Λ)).
 * @param n        @p k group sizes (n_eff with weights).
 * @param mean     @p k group means.
 * @param variance @p k sample variances (n − 1 denominators).
 * @param k        the number of groups.
 * @param classic, welch results; either may be NULL. A figure that is undefined (e.g. Welch with
 *        a zero variance) has NaN fields.
 * @return #CX_OK; #CX_E_EMPTY with fewer than two groups or no within-group spread;
 *         #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_anova_oneway(const double *n, const double *mean, const double *variance,
                              size_t k, CxTestResult *classic, CxTestResult *welch);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_COMPARE_H */
