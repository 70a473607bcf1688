/* SPDX-License-Identifier: MIT */
/**
 * @file cx-loyalty.h
 * @brief Rating-scale indices (CSAT, Customer Effort Score, any bounded integer scale):
 *        one streaming, mergeable accumulator with presets.
 *
 * A CxRating accumulator takes whole-number answers on a bounded scale [min, max] (at most 101
 * points) and reports the full distribution, the mean with a Student t-interval, and the share of
 * answers in a "good" band (the top-two box of CSAT, the agreeing 5–7 of CES 2.0) and in the top
 * box, each with a Wilson score interval. Sources (docs/loyalty.md):
 * - CSAT: satisfaction on 1–5, reported as the mean and the top-two-box share (4–5), which most
 *   CX tools call "CSAT %".
 * - CES 2.0 (CEB/Gartner, Dixon, Freeman & Toman, "Stop trying to delight your customers",
 *   Harvard Business Review, July 2010; CES 2.0 in 2013): "The company made it easy for me to
 *   handle my issue", 1 strongly disagree … 7 strongly agree; mean and share agreeing (5–7).
 * - CES 1.0 (2010): "How much effort did you personally have to put forth…", 1 very low … 5 very
 *   high effort: lower is better, so its "good" band is 1–2.
 * - Mean interval: mean ± t(n−1, (1+L)/2)·s/√n, s the n − 1 standard deviation (Student 1908).
 * - Share interval: Wilson, E. B. (1927), JASA 22:209–212:
 *   (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n). Never Wald for shares (it collapses at
 *   0 and 1).
 *
 * Weights: as for NPS, weighted means and shares with Kish's n_eff = (Σw)²/Σw² in place of n (the
 * t-interval then uses n_eff − 1 degrees of freedom). All-ones weights give the unweighted figures.
 * The state is a histogram of counts and compensated weight sums, so merging is exact in counts
 * and the result does not depend on the order of the answers.
 *
 * Bad answers are counted, never scored: not a whole number, outside the scale, text (not a
 * number); a negative or non-finite weight; blank / NA / N/A / - are missing.
 */
#ifndef CXSCORE_CX_LOYALTY_H
#define CXSCORE_CX_LOYALTY_H

#include <cxscore/cx-common.h>

CX_BEGIN_DECLS

/** Opaque rating-scale accumulator. */
typedef struct CxRating CxRating;

/** Presets (values are stable). */
typedef enum {
    CX_RATING_CSAT = 0,   /**< 1–5, good band 4–5 (top-two box), top box 5. */
    CX_RATING_CES = 1,    /**< CES 2.0: 1–7 agreement, good band 5–7, top box 7. */
    CX_RATING_CES_1 = 2   /**< CES 1.0: 1–5 effort, lower is better: good band 1–2, top box 1. */
} CxRatingPreset;

/** Figures of a rating scale. ABI: set `size` to sizeof(CxRatingResult) before the call. */
typedef struct {
    size_t size;
    int32_t scale_min, scale_max;     /**< The scale. */
    int32_t good_min, good_max;       /**< The "good" band (e.g. 4–5). */
    int32_t top;                      /**< The top box value (e.g. 5; 1 for CES 1.0). */
    uint64_t n;                       /**< Valid answers. */
    uint64_t missing;                 /**< Blank, NA, N/A, - (or NaN in a double array). */
    uint64_t rejected;                /**< All rejected answers. */
    uint64_t rejected_out_of_scale;
    uint64_t rejected_not_integer;
    uint64_t rejected_not_a_number;
    uint64_t rejected_weight_negative;
    uint64_t rejected_weight_invalid; /**< NaN, infinite or missing weight. */
    double weight_total;              /**< Σw of valid answers (= n unweighted). */
    double n_eff;                     /**< Kish's effective sample size (= n unweighted). */
    double mean;                      /**< Weighted mean answer. */
    double sd;                        /**< Standard deviation (n − 1, or n_eff − 1 with weights). */
    double se;                        /**< Standard error of the mean, sd / √n_eff. */
    double mean_ci_lower;             /**< Student t-interval of the mean at the level asked. */
    double mean_ci_upper;
    double good;                      /**< Share in the good band, in [0, 1] ("CSAT %" / 100). */
    double good_ci_lower;             /**< Wilson interval of that share. */
    double good_ci_upper;
    double top_box;                   /**< Share answering the top box. */
    double top_box_ci_lower;
    double top_box_ci_upper;
    double level;                     /**< The level of the intervals. */
} CxRatingResult;

/**
 * Creates an accumulator for the scale [min, max] with the good band [good_min, good_max] and
 * the top box @p top, all inside the scale; at most 101 scale points.
 * @return the accumulator (free with cx_rating_free()), or NULL for bad bounds or no memory.
 * @since 0.1
 */
CX_EXPORT CxRating *cx_rating_new(int min, int max, int good_min, int good_max, int top);

/**
 * Creates an accumulator from a #CxRatingPreset.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_rating_preset(int preset, CxRating **out);

/**
 * Parses a preset name: "csat", "ces" (2.0) or "ces1" (case-insensitive).
 * @return the #CxRatingPreset, or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_rating_preset_from_name(const char *name);

/** Frees an accumulator; NULL is allowed. @since 0.1 */
CX_EXPORT void cx_rating_free(CxRating *rating);
/** Forgets every answer. @return #CX_OK or #CX_E_INVALID_ARGUMENT. @since 0.1 */
CX_EXPORT int cx_rating_reset(CxRating *rating);
/** @return a copy (free with cx_rating_free()), or NULL. @since 0.1 */
CX_EXPORT CxRating *cx_rating_copy(const CxRating *rating);

/**
 * Adds @p src to @p dst (same scale, band and top box).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, #CX_E_MISMATCH or #CX_E_OVERFLOW (the answers held in
 *         all, valid, missing and rejected, would pass 2⁶⁴ − 1; dst unchanged).
 * @since 0.1
 */
CX_EXPORT int cx_rating_merge(CxRating *dst, const CxRating *src);

/**
 * Adds one answer with a weight (1.0 unweighted).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, or #CX_E_OVERFLOW when the accumulator already holds
 *         2⁶⁴ − 1 answers (nothing is added). The same holds for the other adds.
 * @since 0.1
 */
CX_EXPORT int cx_rating_add(CxRating *rating, int value, double weight);

/**
 * Adds @p n answers stored as doubles (NaN = missing, ±infinity = text that is not a number),
 * with @p weights (NULL: 1 each).
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_rating_add_double(CxRating *rating, const double *values, const double *weights,
                                   size_t n);

/**
 * Adds one answer given as CSV cell text, with the rules of cx_cell_parse_number().
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_rating_add_text(CxRating *rating, const char *text, size_t len, double weight);

/**
 * Computes the figures; intervals at @p level in (0, 1).
 * @return #CX_OK; #CX_E_EMPTY without a valid answer (or all weights zero) — counts filled,
 *         statistics NaN; #CX_E_OVERFLOW, likewise, if the weights are too large or too small for
 *         Σw² to be held in a double (above about 1e154 or below about 1e-154);
 *         #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_rating_result(const CxRating *rating, double level, CxRatingResult *out);

/**
 * The distribution: valid answers equal to @p value (unweighted count).
 * @return #CX_OK, or #CX_E_INVALID_ARGUMENT outside the scale.
 * @since 0.1
 */
CX_EXPORT int cx_rating_count(const CxRating *rating, int value, uint64_t *count);

/**
 * Wilson score interval of a share: @p successes out of @p n (weighted callers pass shares times
 * n_eff), at @p level.
 * @return #CX_OK, #CX_E_EMPTY for n ≤ 0, #CX_E_INVALID_ARGUMENT (successes outside [0, n], bad
 *         level or NULL).
 * @since 0.1
 */
CX_EXPORT int cx_wilson_interval(double successes, double n, double level, double *lower,
                                 double *upper);

/** Difference of two independent means (cx_mean_compare()). ABI: set `size`. */
typedef struct {
    size_t size;
    double diff;       /**< mean_a − mean_b. */
    double se;         /**< √(se_a² + se_b²). */
    double t;          /**< Welch's t = diff / se (NaN if se is 0). */
    double df;         /**< Welch–Satterthwaite degrees of freedom. */
    double p_value;    /**< Two-sided p. */
    double ci_lower;   /**< diff ± t(df, (1+L)/2) · se. */
    double ci_upper;
    double level;
} CxMeanComparison;

/**
 * Welch's unequal-variance t-test of two independent means from their summaries (Welch, B. L.
 * (1947), Biometrika 34:28–35): the means, their standard errors and sample sizes (n_eff with
 * weights): t = (m_a − m_b)/√(se_a² + se_b²), df = (se_a² + se_b²)² /
 * (se_a⁴/(n_a − 1) + se_b⁴/(n_b − 1)). Used by cx_rating_compare(), cx_loyalty_index_compare()
 * and for SERVQUAL dimension gaps between segments. If both standard errors are 0, diff and se
 * are set and the test and interval are NaN.
 * @return #CX_OK; #CX_E_EMPTY if n_a or n_b ≤ 1 or a standard error is NaN (one answer: no
 *         spread known); #CX_E_INVALID_ARGUMENT (NaN or infinite mean, negative or infinite
 *         standard error, bad level, NULL); #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_mean_compare(double mean_a, double se_a, double n_a, double mean_b, double se_b,
                              double n_b, double level, CxMeanComparison *out);

/** Difference of two independent shares (cx_proportion_compare()). ABI: set `size`. */
typedef struct {
    size_t size;
    double diff;       /**< p_a − p_b, in [−1, 1]. */
    double z;          /**< Pooled two-proportion z statistic (NaN if both shares are 0 or 1). */
    double p_value;    /**< Its two-sided p (equals R's prop.test(correct = FALSE)). */
    double ci_lower;   /**< Newcombe's hybrid score interval of diff. */
    double ci_upper;
    double level;
} CxProportionComparison;

/**
 * Compares two independent shares, @p x_a of @p n_a against @p x_b of @p n_b (weighted callers
 * pass share × n_eff and n_eff): the pooled z test, z = (p_a − p_b)/√(p(1 − p)(1/n_a + 1/n_b))
 * with p the pooled share, and Newcombe's hybrid score interval from the two Wilson intervals
 * (Newcombe, R. G. (1998), Statistics in Medicine 17:873–890, method 10):
 * [d − √((p_a − l_a)² + (u_b − p_b)²), d + √((u_a − p_a)² + (p_b − l_b)²)].
 * Used for retention, repeat-purchase and first-contact-resolution rates, and by
 * cx_rating_compare() for the good-band shares.
 * @return #CX_OK; #CX_E_EMPTY if n_a or n_b is 0; #CX_E_INVALID_ARGUMENT (x outside [0, n], NaN,
 *         bad level, NULL); #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_proportion_compare(double x_a, double n_a, double x_b, double n_b, double level,
                                    CxProportionComparison *out);

/**
 * Comparison of two independent rating results (cx_rating_compare()): @p a minus @p b.
 * ABI: set `size` to sizeof(CxRatingComparison) before the call.
 */
typedef struct {
    size_t size;
    double mean_diff;      /**< mean(a) − mean(b). */
    double mean_se;        /**< √(se_a² + se_b²). */
    double t;              /**< Welch's t = mean_diff / mean_se. */
    double df;             /**< Welch–Satterthwaite degrees of freedom. */
    double mean_p_value;   /**< Two-sided p of Welch's t-test. */
    double mean_ci_lower;  /**< mean_diff ± t(df, (1+L)/2) · mean_se. */
    double mean_ci_upper;
    double good_diff;      /**< good(a) − good(b), a difference of shares in [−1, 1]. */
    double good_z;         /**< Pooled two-proportion z statistic. */
    double good_p_value;   /**< Its two-sided p (equals R's prop.test(correct = FALSE)). */
    double good_ci_lower;  /**< Newcombe's hybrid score interval of good_diff. */
    double good_ci_upper;
    double level;          /**< The level of the intervals. */
} CxRatingComparison;

/**
 * Compares two independent rating results (e.g. a segment against a baseline, or this month
 * against last month), both computed by cx_rating_result() on the same scale.
 * - Means: Welch's unequal-variance t-test (Welch, B. L. (1947), Biometrika 34:28–35):
 *   t = (m_a − m_b)/√(se_a² + se_b²), df = (se_a² + se_b²)² / (se_a⁴/(n_a − 1) + se_b⁴/(n_b − 1)).
 * - Shares in the good band: the pooled z test, z = (p_a − p_b)/√(p(1 − p)(1/n_a + 1/n_b)) with
 *   p the pooled share, and Newcombe's hybrid score interval from the two Wilson intervals
 *   (Newcombe, R. G. (1998), Statistics in Medicine 17:873–890, method 10):
 *   [d − √((p_a − l_a)² + (u_b − p_b)²), d + √((u_a − p_a)² + (p_b − l_b)²)].
 * With weights, n is Kish's n_eff of each result, as in the results themselves.
 * Figures a result cannot give (a mean with n_eff ≤ 1; a test with no spread) are NaN.
 * @return #CX_OK; #CX_E_EMPTY if either result has no valid answer; #CX_E_MISMATCH if the scales
 *         or good bands differ; #CX_E_INVALID_ARGUMENT (NULL, bad level); #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_rating_compare(const CxRatingResult *a, const CxRatingResult *b, double level,
                                CxRatingComparison *out);

/** Serializes the state (free with cx_free()). @since 0.1 */
CX_EXPORT int cx_rating_serialize(const CxRating *rating, uint8_t **bytes, size_t *len);
/** Rebuilds an accumulator; #CX_E_CORRUPT / #CX_E_VERSION on bad input. @since 0.1 */
CX_EXPORT int cx_rating_deserialize(const uint8_t *bytes, size_t len, CxRating **out);

/* ---- customer loyalty index -----------------------------------------------------------------------
 * Three 0–10 answers per respondent: likelihood to recommend, to buy again, and to buy other
 * products or services. Practice has no single standard, so both variants are computed and named
 * (LOYALTY.md; docs/loyalty.md):
 * - mean: the mean of the three item means, rescaled to 0–100 (× 10);
 * - net: the mean of the three items' net scores (% 9–10 − % 0–6), in points −100…100.
 * Missing answers: pairwise (default; each item uses the respondents who answered it) or listwise
 * (only respondents who answered all three). Intervals: t-intervals of the per-respondent index
 * score (mean of their three answers × 10; mean of their three ±1/0 codes × 100) over the
 * respondents who answered all three, which are exact for listwise and approximate for pairwise,
 * clipped to the range the index can take (0–100 and −100…100). */

/** Opaque loyalty-index accumulator. */
typedef struct CxLoyaltyIndex CxLoyaltyIndex;

/** Loyalty-index figures. ABI: set `size` to sizeof(CxLoyaltyIndexResult). */
typedef struct {
    size_t size;
    uint64_t respondents;        /**< Respondents added. */
    uint64_t complete;           /**< Respondents with three valid answers. */
    uint64_t excluded;           /**< Listwise: incomplete respondents left out. */
    uint64_t n[3];               /**< Valid answers per item. */
    uint64_t missing[3];         /**< Missing answers per item. */
    uint64_t rejected[3];        /**< Rejected answers per item (off 0–10, not whole, text). */
    uint64_t rejected_weight;    /**< Respondents whose weight is negative or not finite. */
    double item_mean[3];         /**< Weighted mean answer per item (0–10). */
    double item_net[3];          /**< Net score per item, points. */
    double mean_index;           /**< Mean variant, 0–100. */
    double mean_index_ci_lower;  /**< Its t-interval (see above). */
    double mean_index_ci_upper;
    double net_index;            /**< Net variant, points. */
    double net_index_ci_lower;
    double net_index_ci_upper;
    double n_eff;                /**< Kish's n_eff of the complete respondents. */
    double level;
    int32_t missing_mode;        /**< #CX_MISSING_PAIRWISE or #CX_MISSING_LISTWISE. */
    double mean_index_se;        /**< Standard error of the mean variant (complete respondents;
                                      NaN with n_eff ≤ 1), as used by its interval. */
    double net_index_se;         /**< Likewise for the net variant. */
} CxLoyaltyIndexResult;

/**
 * Creates an accumulator; @p missing_mode is #CX_MISSING_PAIRWISE (0) or #CX_MISSING_LISTWISE (1).
 * @return the accumulator, or NULL for a bad mode or no memory.
 * @since 0.1
 */
CX_EXPORT CxLoyaltyIndex *cx_loyalty_index_new(int missing_mode);
/** Frees an accumulator; NULL is allowed. @since 0.1 */
CX_EXPORT void cx_loyalty_index_free(CxLoyaltyIndex *index);

/**
 * Adds one respondent's three answers (recommend, repurchase, cross-buy): NaN is missing, ±infinity
 * is text that is not a number; others must be whole numbers 0–10. A respondent with a negative or
 * non-finite weight is counted in rejected_weight and not scored.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_loyalty_index_add(CxLoyaltyIndex *index, const double answers[3], double weight);

/**
 * Adds @p src to @p dst (same missing mode).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, #CX_E_MISMATCH or #CX_E_OVERFLOW.
 * @since 0.1
 */
CX_EXPORT int cx_loyalty_index_merge(CxLoyaltyIndex *dst, const CxLoyaltyIndex *src);

/** Empties an accumulator, keeping its missing mode. @since 0.1 */
CX_EXPORT int cx_loyalty_index_reset(CxLoyaltyIndex *index);
/** A copy of an accumulator (NULL for NULL or no memory). @since 0.1 */
CX_EXPORT CxLoyaltyIndex *cx_loyalty_index_copy(const CxLoyaltyIndex *index);
/** Serializes the state, versioned (free with cx_free()). @since 0.1 */
CX_EXPORT int cx_loyalty_index_serialize(const CxLoyaltyIndex *index, uint8_t **bytes,
                                         size_t *len);
/** Rebuilds an accumulator; #CX_E_CORRUPT / #CX_E_VERSION on bad input. @since 0.1 */
CX_EXPORT int cx_loyalty_index_deserialize(const uint8_t *bytes, size_t len,
                                           CxLoyaltyIndex **out);

/**
 * Computes the figures, intervals at @p level.
 * @return #CX_OK; #CX_E_OVERFLOW if an item's weighted sums pass the range of a double
 *         (weights near 1e308; counts filled, figures NaN); otherwise #CX_E_EMPTY if some item
 *         has no valid answer (counts filled, figures NaN); #CX_E_INVALID_ARGUMENT;
 *         #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_loyalty_index_result(const CxLoyaltyIndex *index, double level,
                                      CxLoyaltyIndexResult *out);

/** Comparison of two loyalty-index results, a minus b. ABI: set `size` before the call. */
typedef struct {
    size_t size;
    double mean_diff;       /**< mean_index(a) − mean_index(b), in index points. */
    double mean_se;         /**< √(se_a² + se_b²). */
    double mean_t;          /**< Welch's t. */
    double mean_df;         /**< Welch–Satterthwaite degrees of freedom. */
    double mean_p_value;    /**< Two-sided p. */
    double mean_ci_lower;   /**< mean_diff ± t(df, (1+L)/2) · mean_se. */
    double mean_ci_upper;
    double net_diff;        /**< The same for the net variant. */
    double net_se;
    double net_t;
    double net_df;
    double net_p_value;
    double net_ci_lower;
    double net_ci_upper;
    double level;
} CxLoyaltyIndexComparison;

/**
 * Compares two independent loyalty-index results (e.g. a segment and a baseline) by Welch's
 * t-test on each variant (Welch 1947), from the standard errors and n_eff of the per-respondent
 * index scores of the complete respondents: exact for listwise results; for pairwise results the
 * difference is of the pairwise point estimates and the standard errors are those of the
 * complete respondents (an approximation, as for the intervals). A variant whose standard errors
 * are missing or both zero has NaN figures.
 * @return #CX_OK; #CX_E_EMPTY if a result has no score; #CX_E_INVALID_ARGUMENT (NULL, bad level,
 *         results from older callers without the standard errors); #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_loyalty_index_compare(const CxLoyaltyIndexResult *a,
                                       const CxLoyaltyIndexResult *b, double level,
                                       CxLoyaltyIndexComparison *out);

/* ---- are segments different? -------------------------------------------------------------------
 * Consistency of a score across channels, journey stages or regions. The tests take per-segment
 * summaries (counts; or n, mean and variance), which every accumulator's result provides, so
 * segments scored in separate shards can be compared after merging. */

/** A test statistic. ABI: set `size` to sizeof(CxTestResult) before the call. */
typedef struct {
    size_t size;
    double statistic;  /**< χ² or F. */
    double df;         /**< Degrees of freedom (numerator for F). */
    double df2;        /**< Denominator degrees of freedom for F; NaN for χ². */
    double p_value;    /**< Upper-tail p-value. */
    uint64_t groups;   /**< Segments that entered the test (those with data). */
} CxTestResult;

/**
 * Pearson's chi-square test of independence on a rows × cols table of counts (row-major), e.g.
 * segments × NPS categories (detractors, passives, promoters): χ² = Σ (O − E)²/E with
 * E = row total · column total / N, df = (r − 1)(c − 1) over the rows and columns that are not
 * all zero (Pearson, K. (1900), Philosophical Magazine 50:157–175).
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
 * @param classic, welch results; either may be NULL. A figure that is undefined (e.g. Welch with
 *        a zero variance) has NaN fields.
 * @return #CX_OK; #CX_E_EMPTY with fewer than two groups or no within-group spread;
 *         #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_anova_oneway(const double *n, const double *mean, const double *variance,
                              size_t k, CxTestResult *classic, CxTestResult *welch);

/* ---- customer value ----------------------------------------------------------------------------
 * Gupta, S. & Lehmann, D. R. (2003). "Customers as assets". Journal of Interactive Marketing
 * 17(1):9–24: a customer brings margin m at the end of each period they stay, stays from one
 * period to the next with probability r (retention), and money is discounted at rate i per
 * period. */

/**
 * Retention and churn over a period from counts: S customers at the start, E at the end, N new
 * during the period; retention = (E − N)/S, churn = 1 − retention.
 * @return #CX_OK; #CX_E_EMPTY if S is 0; #CX_E_INVALID_ARGUMENT if N > E, E − N > S, or a
 *         pointer is NULL.
 * @since 0.1
 */
CX_EXPORT int cx_retention_from_counts(uint64_t start, uint64_t end, uint64_t new_customers,
                                       double *retention, double *churn);

/**
 * Customer lifetime value.
 * - @p horizon 0 (infinite): CLV = m · r / (1 + i − r) − AC (the "margin multiple" r/(1+i−r));
 * - @p horizon T ≥ 1 periods: CLV = m · Σ_{t=1..T} (r/(1+i))^t − AC.
 * @param margin          margin per period per customer (any currency unit), finite.
 * @param retention       r in [0, 1].
 * @param discount        i per period, > −1 (e.g. 0.1 for 10 %); for the infinite horizon
 *                        1 + i − r must be > 0.
 * @param horizon         number of periods, or 0 for the infinite horizon.
 * @param acquisition_cost AC, finite (0 for none).
 * @param clv             receives the value.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_clv(double margin, double retention, double discount, uint32_t horizon,
                     double acquisition_cost, double *clv);

CX_END_DECLS

#endif /* CXSCORE_CX_LOYALTY_H */
