/* SPDX-License-Identifier: MIT */
/**
 * @file cx-rating.h
 * @brief Rating-scale indices (CSAT, Customer Effort Score, any bounded integer scale):
 *        one streaming, mergeable accumulator with presets.
 *
 * @defgroup rating Rating scales (CSAT, CES)
 * @ingroup score
 * @brief The rating-scale accumulator: distribution, mean, good-band and top-box shares with
 *        their intervals, and the comparison of two results (cx-rating.h).
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
 * @{
 */
#ifndef CXSCORE_CX_RATING_H
#define CXSCORE_CX_RATING_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>

CX_BEGIN_DECLS

/** Opaque rating-scale accumulator. */
typedef struct CxRating CxRating;

/** Presets, for cx_rating_new_preset() (passed as `int`). */
typedef enum {
    CX_RATING_CSAT = 0,   /**< 1–5, good band 4–5 (top-two box), top box 5. */
    CX_RATING_CES = 1,    /**< CES 2.0: 1–7 agreement, good band 5–7, top box 7. */
    CX_RATING_CES_1 = 2   /**< CES 1.0: 1–5 effort, lower is better: good band 1–2, top box 1. */
} CxRatingPreset;

/**
 * Figures of a rating scale (cx_rating_result()). Set `size` before the call (cxscore.h,
 * @ref rules_structs).
 */
typedef struct {
    size_t size;                      /**< Set by the caller: sizeof(CxRatingResult). */
    /** @var CxRatingResult::scale_min
     *  The lowest answer of the scale. */
    int32_t scale_min, scale_max;     /**< The highest answer of the scale. */
    /** @var CxRatingResult::good_min
     *  The lowest answer of the "good" band (e.g. 4 of 4–5). */
    int32_t good_min, good_max;       /**< The highest answer of the "good" band (e.g. 5). */
    int32_t top;                      /**< The top box value (e.g. 5; 1 for CES 1.0). */
    int32_t reserved;                 /**< Reserved: 0 (keeps the layout free of padding). */
    uint64_t n;                       /**< Valid answers. */
    uint64_t missing;                 /**< Blank, NA, N/A, - (or NaN in a double array). */
    uint64_t rejected;                /**< All rejected answers. */
    uint64_t rejected_out_of_range;   /**< Rejected: a whole number outside the scale. */
    uint64_t rejected_not_integer;    /**< Rejected: a number that is not whole (never rounded). */
    uint64_t rejected_not_a_number;   /**< Rejected: text that is not a number (±infinity). */
    uint64_t rejected_weight_negative; /**< Rejected: a valid answer with a negative weight. */
    uint64_t rejected_weight_invalid; /**< Rejected: NaN, infinite or missing weight. */
    double weight_total;              /**< Σw of valid answers (= n unweighted). */
    double n_eff;                     /**< Kish's effective sample size (= n unweighted). */
    double mean;                      /**< Weighted mean answer. */
    double sd;                        /**< Standard deviation (n − 1, or n_eff − 1 with weights). */
    double se;                        /**< Standard error of the mean, sd / √n_eff. */
    double mean_ci_lower;             /**< Lower bound of the mean's Student t-interval. */
    double mean_ci_upper;             /**< Upper bound of the mean's Student t-interval. */
    double good;                      /**< Share in the good band, in [0, 1] ("CSAT %" / 100). */
    double good_ci_lower;             /**< Lower bound of the Wilson interval of that share. */
    double good_ci_upper;             /**< Upper bound of the Wilson interval of that share. */
    double top_box;                   /**< Share answering the top box, in [0, 1]. */
    double top_box_ci_lower;          /**< Lower bound of the Wilson interval of that share. */
    double top_box_ci_upper;          /**< Upper bound of the Wilson interval of that share. */
    double level;                     /**< The level of the intervals. */
} CxRatingResult;

/**
 * Creates an accumulator for the scale [min, max] with the good band [good_min, good_max] and
 * the top box @p top, all inside the scale; at most 101 scale points.
 * @param min, max           the lowest and highest answers of the scale (min < max).
 * @param good_min, good_max the "good" band, inside the scale (good_min ≤ good_max).
 * @param top                the top-box answer, inside the scale.
 * @param out receives the accumulator (free with cx_rating_free()); NULL on failure.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (bad bounds, NULL @p out); #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_rating_new(int min, int max, int good_min, int good_max, int top,
                            CxRating **out);

/**
 * Creates an accumulator from a #CxRatingPreset.
 * @param preset a #CxRatingPreset.
 * @param out receives the accumulator (free with cx_rating_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_rating_new_preset(int preset, CxRating **out);

/**
 * Parses a preset name: "csat", "ces" (2.0) or "ces1" (case-insensitive).
 * @param name a NUL-terminated name.
 * @return the #CxRatingPreset, or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_rating_preset_from_name(const char *name);

/**
 * Frees an accumulator.
 * @param rating the accumulator, or NULL (then nothing happens).
 * @since 0.1
 */
CX_EXPORT void cx_rating_free(CxRating *rating);
/**
 * Forgets every answer, keeping the scale, band and top box.
 * @param rating the accumulator.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_rating_reset(CxRating *rating);
/**
 * Duplicates an accumulator.
 * @param rating the accumulator to copy (unchanged).
 * @param out receives the copy (free with cx_rating_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL) or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_rating_copy(const CxRating *rating, CxRating **out);

/**
 * Adds @p src to @p dst (same scale, band and top box); counts merge exactly.
 * @param dst the accumulator that takes in @p src.
 * @param src the accumulator added (unchanged).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, #CX_E_MISMATCH or #CX_E_OVERFLOW (the answers held in
 *         all, valid, missing and rejected, would pass 2⁶⁴ − 1; dst unchanged).
 * @since 0.1
 */
CX_EXPORT int cx_rating_merge(CxRating *dst, const CxRating *src);

/**
 * Adds one answer with a weight (1.0 unweighted).
 * @param rating the accumulator.
 * @param value  the answer; a value outside the scale is counted as rejected (out of range).
 * @param weight its survey weight, finite and ≥ 0 (others are counted as rejected).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, or #CX_E_OVERFLOW when the accumulator already holds
 *         2⁶⁴ − 1 answers (nothing is added). The same holds for the other adds.
 * @since 0.1
 */
CX_EXPORT int cx_rating_add(CxRating *rating, int value, double weight);

/**
 * Adds @p n answers stored as doubles (NaN = missing, ±infinity = text that is not a number),
 * with @p weights (NULL: 1 each).
 * @param rating  the accumulator.
 * @param values  @p n answers; may be NULL only if @p n is 0.
 * @param weights NULL for weight 1 each, or @p n survey weights.
 * @param n       the number of answers (and of weights).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_OVERFLOW.
 * @since 0.1
 */
CX_EXPORT int cx_rating_add_double(CxRating *rating, const double *values, const double *weights,
                                   size_t n);

/**
 * Adds one answer given as CSV cell text, with the rules of cx_cell_parse_number().
 * @param rating the accumulator.
 * @param text   the cell (need not be NUL-terminated); may be NULL only if @p len is 0 (missing).
 * @param len    its length in bytes.
 * @param weight its survey weight (1.0 unweighted).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_OVERFLOW.
 * @since 0.1
 */
CX_EXPORT int cx_rating_add_text(CxRating *rating, const char *text, size_t len, double weight);

/**
 * Computes the figures; intervals at @p level in (0, 1).
 * @param rating the accumulator.
 * @param level  the confidence level of the intervals, in (0, 1).
 * @param out    the figures; set its `size` first.
 * @return #CX_OK; #CX_E_EMPTY without a valid answer (or all weights zero) — counts filled,
 *         statistics NaN; #CX_E_OVERFLOW, likewise, if the weights are too large or too small for
 *         Σw² to be held in a double (above about 1e154 or below about 1e-154);
 *         #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_rating_result(const CxRating *rating, double level, CxRatingResult *out);

/**
 * The distribution: valid answers equal to @p value (unweighted count).
 * @param rating the accumulator.
 * @param value  an answer on the scale.
 * @param count  receives the number of valid answers equal to @p value.
 * @return #CX_OK, or #CX_E_INVALID_ARGUMENT outside the scale.
 * @since 0.1
 */
CX_EXPORT int cx_rating_count(const CxRating *rating, int value, uint64_t *count);

/**
 * Comparison of two independent rating results (cx_rating_compare()): a minus b. Set `size`
 * before the call (cxscore.h, @ref rules_structs).
 */
typedef struct {
    size_t size;           /**< Set by the caller: sizeof(CxRatingComparison). */
    double mean_diff;      /**< mean(a) − mean(b). */
    double mean_se;        /**< √(se_a² + se_b²). */
    double mean_t;         /**< Welch's t = mean_diff / mean_se. */
    double mean_df;        /**< Welch–Satterthwaite degrees of freedom. */
    double mean_p_value;   /**< Two-sided p of Welch's t-test. */
    double mean_ci_lower;  /**< Lower bound of mean_diff ± t(df, (1+L)/2) · mean_se. */
    double mean_ci_upper;  /**< Upper bound of that interval. */
    double good_diff;      /**< good(a) − good(b), a difference of shares in [−1, 1]. */
    double good_z;         /**< Pooled two-proportion z statistic. */
    double good_p_value;   /**< Its two-sided p (equals R's prop.test(correct = FALSE)). */
    double good_ci_lower;  /**< Lower bound of Newcombe's hybrid score interval of good_diff. */
    double good_ci_upper;  /**< Upper bound of that interval. */
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
 * @param a     the segment (or this period), from cx_rating_result().
 * @param b     the baseline (or the previous period), likewise.
 * @param level the confidence level of the intervals, in (0, 1).
 * @param out   the comparison; set its `size` first.
 * @return #CX_OK; #CX_E_EMPTY if either result has no valid answer; #CX_E_MISMATCH if the scales
 *         or good bands differ; #CX_E_INVALID_ARGUMENT (NULL, bad level); #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_rating_compare(const CxRatingResult *a, const CxRatingResult *b, double level,
                                CxRatingComparison *out);

/**
 * Writes the accumulator's state as versioned, endian-independent bytes.
 * @param rating the accumulator (unchanged).
 * @param bytes  receives a buffer owned by the caller, to release with cx_free().
 * @param len    receives its length.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_rating_serialize(const CxRating *rating, uint8_t **bytes, size_t *len);
/**
 * Rebuilds an accumulator from cx_rating_serialize() output, validating every field.
 * @param bytes the serialized state (not kept after the call).
 * @param len   its length in bytes.
 * @param out   receives a new accumulator (free with cx_rating_free()); NULL on failure.
 * @return #CX_OK, #CX_E_CORRUPT, #CX_E_VERSION, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_rating_deserialize(const uint8_t *bytes, size_t len, CxRating **out);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_RATING_H */
