/* SPDX-License-Identifier: MIT */
/**
 * @file cx-loyalty.h
 * @brief Customer loyalty index from recommend, repurchase and cross-buy answers: a streaming,
 *        mergeable accumulator and the comparison of two indices.
 *
 * @defgroup loyalty Customer loyalty index
 * @ingroup score
 * @brief The loyalty-index accumulator (mean and net variants, with intervals) and the
 *        comparison of two indices (cx-loyalty.h).
 *
 * Three 0–10 answers per respondent: likelihood to recommend, to buy again, and to buy other
 * products or services. Practice has no single standard, so both variants are computed and named
 * (tests/data/reference/LOYALTY.md; docs/loyalty.md):
 * - mean: the mean of the three item means, rescaled to 0–100 (× 10);
 * - net: the mean of the three items' net scores (% 9–10 − % 0–6), in points −100…100.
 * Missing answers: pairwise (default; each item uses the respondents who answered it) or listwise
 * (only respondents who answered all three). Intervals: t-intervals of the per-respondent index
 * score (mean of their three answers × 10; mean of their three ±1/0 codes × 100) over the
 * respondents who answered all three, which are exact for listwise and approximate for pairwise,
 * clipped to the range the index can take (0–100 and −100…100).
 * @{
 */
#ifndef CXSCORE_CX_LOYALTY_H
#define CXSCORE_CX_LOYALTY_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>

CX_BEGIN_DECLS

/** Opaque loyalty-index accumulator. */
typedef struct CxLoyaltyIndex CxLoyaltyIndex;

/**
 * Loyalty-index figures (cx_loyalty_index_result()). Set `size` before the call (cxscore.h,
 * @ref rules_structs). Arrays of three are in item order: recommend, repurchase, cross-buy.
 */
typedef struct {
    size_t size;                 /**< Set by the caller: sizeof(CxLoyaltyIndexResult). */
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
    double mean_index_se;        /**< Standard error of the mean variant (complete respondents;
                                      NaN with n_eff ≤ 1), as used by its interval. */
    double mean_index_ci_lower;  /**< Lower bound of its t-interval (see above), 0–100. */
    double mean_index_ci_upper;  /**< Upper bound of that interval, 0–100. */
    double net_index;            /**< Net variant, points. */
    double net_index_se;         /**< Likewise for the net variant. */
    double net_index_ci_lower;   /**< Lower bound of its t-interval, points (−100…100). */
    double net_index_ci_upper;   /**< Upper bound of that interval, points. */
    double n_eff;                /**< Kish's n_eff of the complete respondents. */
    double level;                /**< The level of the intervals. */
    int32_t missing_mode;        /**< #CX_MISSING_PAIRWISE or #CX_MISSING_LISTWISE. */
    int32_t reserved;            /**< Reserved: 0 (makes the layout's end explicit). */
} CxLoyaltyIndexResult;

/**
 * Creates an accumulator.
 * @param missing_mode #CX_MISSING_PAIRWISE or #CX_MISSING_LISTWISE.
 * @param out          receives the accumulator (free with cx_loyalty_index_free()); NULL on
 *                     failure.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (a bad mode, NULL @p out); #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_loyalty_index_new(int missing_mode, CxLoyaltyIndex **out);
/**
 * Frees an accumulator.
 * @param index the accumulator, or NULL (then nothing happens).
 * @since 0.1
 */
CX_EXPORT void cx_loyalty_index_free(CxLoyaltyIndex *index);

/**
 * Adds one respondent's three answers (recommend, repurchase, cross-buy): NaN is missing, ±infinity
 * is text that is not a number; others must be whole numbers 0–10. A respondent with a negative or
 * non-finite weight is counted in rejected_weight and not scored.
 * @param index   the accumulator.
 * @param answers the three answers, in item order.
 * @param weight  the respondent's survey weight (1.0 unweighted).
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_loyalty_index_add(CxLoyaltyIndex *index, const double answers[3], double weight);

/**
 * Adds @p src to @p dst (same missing mode).
 * @param dst the accumulator that takes in @p src.
 * @param src the accumulator added (unchanged).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, #CX_E_MISMATCH or #CX_E_OVERFLOW.
 * @since 0.1
 */
CX_EXPORT int cx_loyalty_index_merge(CxLoyaltyIndex *dst, const CxLoyaltyIndex *src);

/**
 * Empties an accumulator, keeping its missing mode.
 * @param index the accumulator.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_loyalty_index_reset(CxLoyaltyIndex *index);
/**
 * Duplicates an accumulator.
 * @param index the accumulator to copy (unchanged).
 * @param out receives the copy (free with cx_loyalty_index_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL) or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_loyalty_index_copy(const CxLoyaltyIndex *index, CxLoyaltyIndex **out);
/**
 * Writes the accumulator's state as versioned, endian-independent bytes.
 * @param index the accumulator (unchanged).
 * @param bytes receives a buffer owned by the caller, to release with cx_free().
 * @param len   receives its length.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_loyalty_index_serialize(const CxLoyaltyIndex *index, uint8_t **bytes,
                                         size_t *len);
/**
 * Rebuilds an accumulator from cx_loyalty_index_serialize() output, validating every field
 * and their consistency: respondents counted once (complete, excluded, rejected weight), each
 * item's answers within the respondents and covering the complete ones, the two score moments
 * over the same weights, Σw² within [(Σw)²/n, (Σw)²], means and M2 that scores in range can
 * give, and the complete respondents' Σw within each item's.
 * @param bytes the serialized state (not kept after the call).
 * @param len   its length in bytes.
 * @param out   receives a new accumulator (free with cx_loyalty_index_free()); NULL on failure.
 * @return #CX_OK, #CX_E_CORRUPT, #CX_E_VERSION, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_loyalty_index_deserialize(const uint8_t *bytes, size_t len,
                                           CxLoyaltyIndex **out);

/**
 * Computes the figures, intervals at @p level.
 * @param index the accumulator.
 * @param level the confidence level of the intervals, in (0, 1).
 * @param out   the figures; set its `size` first.
 * @return #CX_OK; #CX_E_OVERFLOW if an item's weighted sums pass the range of a double
 *         (weights near 1e308), or if the complete respondents' Σw² does (weights beyond about
 *         1e154 or below about 1e-154, where Kish's n_eff cannot be computed; counts filled,
 *         figures NaN, n_eff 0); otherwise #CX_E_EMPTY if some item
 *         has no valid answer (counts filled, figures NaN); #CX_E_INVALID_ARGUMENT;
 *         #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_loyalty_index_result(const CxLoyaltyIndex *index, double level,
                                      CxLoyaltyIndexResult *out);

/**
 * Comparison of two loyalty-index results, a minus b (cx_loyalty_index_compare()). Set `size`
 * before the call (cxscore.h, @ref rules_structs).
 */
typedef struct {
    size_t size;            /**< Set by the caller: sizeof(CxLoyaltyIndexComparison). */
    double mean_diff;       /**< mean_index(a) − mean_index(b), in index points. */
    double mean_se;         /**< √(se_a² + se_b²). */
    double mean_t;          /**< Welch's t. */
    double mean_df;         /**< Welch–Satterthwaite degrees of freedom. */
    double mean_p_value;    /**< Two-sided p. */
    double mean_ci_lower;   /**< Lower bound of mean_diff ± t(df, (1+L)/2) · mean_se. */
    double mean_ci_upper;   /**< Upper bound of that interval. */
    double net_diff;        /**< net_index(a) − net_index(b), in points. */
    double net_se;          /**< √(se_a² + se_b²) of the net variant. */
    double net_t;           /**< Welch's t of the net variant. */
    double net_df;          /**< Its Welch–Satterthwaite degrees of freedom. */
    double net_p_value;     /**< Its two-sided p. */
    double net_ci_lower;    /**< Lower bound of net_diff ± t(df, (1+L)/2) · net_se. */
    double net_ci_upper;    /**< Upper bound of that interval. */
    double level;           /**< The level L of the intervals. */
} CxLoyaltyIndexComparison;

/**
 * Compares two independent loyalty-index results (e.g. a segment and a baseline) by Welch's
 * t-test on each variant (Welch 1947), from the standard errors and n_eff of the per-respondent
 * index scores of the complete respondents: exact for listwise results; for pairwise results the
 * difference is of the pairwise point estimates and the standard errors are those of the
 * complete respondents (an approximation, as for the intervals). A variant whose standard errors
 * are missing or both zero has NaN figures.
 * @param a     the segment, from cx_loyalty_index_result().
 * @param b     the baseline, likewise.
 * @param level the confidence level of the intervals, in (0, 1).
 * @param out   the comparison; set its `size` first.
 * @return #CX_OK; #CX_E_EMPTY if a result has no score; #CX_E_INVALID_ARGUMENT (NULL, bad
 *         level); #CX_E_STRUCT_SIZE, also for results whose `size` does not cover the standard
 *         errors and n_eff (from callers built against a header without them).
 * @since 0.1
 */
CX_EXPORT int cx_loyalty_index_compare(const CxLoyaltyIndexResult *a,
                                       const CxLoyaltyIndexResult *b, double level,
                                       CxLoyaltyIndexComparison *out);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_LOYALTY_H */
