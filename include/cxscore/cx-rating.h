/* SPDX-License-Identifier: MIT */
/**
 * @file cx-rating.h
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
#ifndef CXSCORE_CX_RATING_H
#define CXSCORE_CX_RATING_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>

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
    int32_t reserved;                 /**< Reserved: 0 (keeps the layout free of padding). */
    uint64_t n;                       /**< Valid answers. */
    uint64_t missing;                 /**< Blank, NA, N/A, - (or NaN in a double array). */
    uint64_t rejected;                /**< All rejected answers. */
    uint64_t rejected_out_of_range;
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
 * @param out receives the accumulator (free with cx_rating_free()); NULL on failure.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (bad bounds, NULL @p out); #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_rating_new(int min, int max, int good_min, int good_max, int top,
                            CxRating **out);

/**
 * Creates an accumulator from a #CxRatingPreset.
 * @param out receives the accumulator (free with cx_rating_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_rating_new_preset(int preset, CxRating **out);

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
/**
 * Duplicates an accumulator.
 * @param out receives the copy (free with cx_rating_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL) or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_rating_copy(const CxRating *rating, CxRating **out);

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
 * Comparison of two independent rating results (cx_rating_compare()): @p a minus @p b.
 * ABI: set `size` to sizeof(CxRatingComparison) before the call.
 */
typedef struct {
    size_t size;
    double mean_diff;      /**< mean(a) − mean(b). */
    double mean_se;        /**< √(se_a² + se_b²). */
    double mean_t;         /**< Welch's t = mean_diff / mean_se. */
    double mean_df;        /**< Welch–Satterthwaite degrees of freedom. */
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

CX_END_DECLS

#endif /* CXSCORE_CX_RATING_H */
