/* SPDX-License-Identifier: MIT */
/**
 * @file cx-servqual.h
 * @brief SERVQUAL: expectation–perception gaps by item and dimension, importance weights,
 *        SERVPERF, zone of tolerance, and scale reliability — streaming and mergeable.
 *
 * @defgroup servqual SERVQUAL
 * @ingroup score
 * @brief The SERVQUAL accumulator: gaps by item and dimension, importance weights, SERVPERF,
 *        zone of tolerance, gap tests and reliability (cx-servqual.h).
 *
 * Sources (formulas and the choices sources disagree on: docs/servqual.md):
 * - A. Parasuraman, V. A. Zeithaml & L. L. Berry, J. Retailing 64(1):12–40 (1988), and
 *   A. Parasuraman, L. L. Berry & V. A. Zeithaml, J. Retailing 67(4):420–450 (1991): items,
 *   dimensions, gap G = P − E (negative = shortfall), dimension gap = mean of its item gaps,
 *   unweighted score = mean of the dimension gaps (not of the item gaps).
 * - Importance: each respondent splits 100 points over the dimensions. The aggregate weighted
 *   score (the default) is Σ_d w̄_d·gap_d with w̄_d the mean of points/100; the per-respondent
 *   score (Zeithaml, Parasuraman & Berry, Delivering Quality Service, 1990) weights each
 *   respondent's own dimension scores by their points / Σ points, then averages.
 * - SERVPERF: J. J. Cronin & S. A. Taylor, J. Marketing 56(3):55–68 (1992): perceptions only.
 * - Zone of tolerance: A. Parasuraman, V. A. Zeithaml & L. L. Berry, J. Retailing 70(3):201–230
 *   (1994): adequate A ≤ desired D; MSA = P − A, MSS = P − D; P below, within or above [A, D].
 * - Gap tests: paired t-test of P − E (Student), two-sided; Cronbach's alpha as cx-alpha.h.
 *
 * Input, per respondent: arrays in the instrument's item order (cx_instrument_item_number()),
 * any of which may be NULL when the survey did not ask it: expectations, perceptions, adequate
 * and desired levels; importance points in dimension order. In the rating arrays, NaN is a blank,
 * the instrument's not-applicable code is counted apart, and every other value must be a whole
 * number on the scale: others are rejected (out of scale, not integer; ±infinity counts as "not a
 * number", the marker for a cell that held text) and counted, and the respondent's other answers
 * still count. Reverse-worded items are rescored x' = min + max − x (declared bounds) first.
 *
 * Missing answers (#CxMissingMode; the mode is reported in every result):
 * - #CX_MISSING_PAIRWISE (default): each item figure uses the respondents who gave what it needs
 *   (its gap: both E and P); dimension means are means of item means; a dimension's t-test and
 *   per-respondent weighted scores use the respondents complete on that dimension.
 * - #CX_MISSING_LISTWISE: only respondents who answered every item of every array given are
 *   used; the others are counted as excluded.
 * - #CX_MISSING_RESPONDENT: a respondent's dimension score is the mean of the item gaps they
 *   gave, if at least ⌈k/2⌉ of the dimension's k items have one; dimension figures are means of
 *   those scores (E and P likewise, over the same items).
 *
 * A NaN in a result field marks a figure the data cannot give (e.g. MSA without adequate
 * ratings, a t-test with one respondent); counts are always filled.
 *
 * Memory: O(items + Σ k_d²), whatever the number of respondents (k_d: the items of dimension d).
 * @{
 */
#ifndef CXSCORE_CX_SERVQUAL_H
#define CXSCORE_CX_SERVQUAL_H

#include <cxscore/cx-alpha.h>
#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>
#include <cxscore/cx-instrument.h>

CX_BEGIN_DECLS

/** Opaque SERVQUAL accumulator. */
typedef struct CxServqual CxServqual;

/** The three series whose reliability is reported (cx_servqual_reliability(); passed as `int`). */
typedef enum {
    CX_SERVQUAL_PERCEPTION = 0,  /**< The perception ratings P. */
    CX_SERVQUAL_EXPECTATION = 1, /**< The expectation ratings E. */
    CX_SERVQUAL_GAP = 2          /**< The gaps P − E. */
} CxServqualSeries;

/**
 * What to do with an item whose adequate level exceeds its desired level (an inversion); for
 * cx_servqual_set_inversion_policy() (passed as `int`).
 */
typedef enum {
    CX_INVERSION_KEEP = 0,            /**< Count it, keep it in MSA/MSS (default). */
    CX_INVERSION_DROP_ITEM = 1,       /**< Count it, leave that item's zone figures out. */
    CX_INVERSION_DROP_RESPONDENT = 2  /**< Count it, leave all the respondent's zone figures out. */
} CxInversionPolicy;

/**
 * Overall figures (cx_servqual_result()). Set `size` before the call (cxscore.h,
 * @ref rules_structs). Scores are in scale points (a gap of −1 is one point short).
 */
typedef struct {
    size_t size;                     /**< Set by the caller: sizeof(CxServqualResult). */
    uint64_t respondents;            /**< Respondents added. */
    uint64_t respondents_used;       /**< Respondents with at least one usable answer. */
    uint64_t respondents_excluded;   /**< Left out by listwise deletion. */
    uint64_t answers_missing;        /**< Blank ratings (NaN). */
    uint64_t answers_not_applicable; /**< Ratings equal to the instrument's N/A code. */
    uint64_t rejected;               /**< Rejected ratings, all reasons. */
    uint64_t rejected_out_of_range;  /**< Whole numbers outside the scale. */
    uint64_t rejected_not_integer;   /**< Numbers that are not whole. */
    uint64_t rejected_not_a_number;  /**< ±infinity: cells that held text. */
    uint64_t importance_used;        /**< Importance allocations used. */
    uint64_t importance_rejected;    /**< Allocations refused: a negative, blank-and-filled mix,
                                          non-finite value, all zero, or a sum outside 100 ±
                                          cx_servqual_importance_tolerance(). */
    uint64_t inversions;             /**< Item answers with adequate > desired. */
    uint64_t dimensions;             /**< Dimensions of the instrument. */
    uint64_t items;                  /**< Items of the instrument. */
    double unweighted_score;         /**< Mean of the dimension gaps. */
    double weighted_score;           /**< Σ w̄_d · gap_d (aggregate weights, the default). */
    double weighted_score_respondent;/**< Mean over respondents of Σ (points_d/Σpoints)·gap_d. */
    double servperf;                 /**< Mean of the dimension perception means. */
    double servperf_weighted;        /**< Σ w̄_d · perception_d. */
    int32_t missing_mode;            /**< The #CxMissingMode used. */
    int32_t reserved;                /**< Reserved: 0 (makes the layout's end explicit). */
} CxServqualResult;

/**
 * Figures of one dimension (cx_servqual_dimension()). Set `size` before the call (cxscore.h,
 * @ref rules_structs).
 */
typedef struct {
    size_t size;                /**< Set by the caller: sizeof(CxServqualDimension). */
    uint64_t n_gap;             /**< Respondents behind the gap's t-test (see missing modes). */
    uint32_t rank;              /**< 1 = largest shortfall (most negative gap); 0 if no gap. */
    uint32_t reserved;          /**< Reserved: 0 (keeps the layout free of padding). */
    double expectation;         /**< Mean expectation. */
    double perception;          /**< Mean perception (the SERVPERF dimension score). */
    double gap;                 /**< Mean gap P − E. */
    double gap_sd;              /**< SD of respondents' dimension gap scores. */
    double gap_se;              /**< Standard error of the mean gap score. */
    double gap_ci_lower;        /**< Lower bound of the mean gap's t-interval (level asked). */
    double gap_ci_upper;        /**< Upper bound of that interval. */
    double gap_t;               /**< Paired t statistic: mean score / SE. */
    double gap_df;              /**< Degrees of freedom, n_gap − 1. */
    double gap_p_value;         /**< Two-sided p-value. */
    double weight;              /**< Mean importance share w̄_d in [0, 1]. */
    double alpha_perception;    /**< Cronbach's alpha of the dimension's perception items. */
    double alpha_expectation;   /**< … of its expectation items. */
    double alpha_gap;           /**< … of its gap scores. */
    double adequate;            /**< Mean adequate level (three-column format). */
    double desired;             /**< Mean desired level. */
    double msa;                 /**< Mean measure of service adequacy, P − A. */
    double mss;                 /**< Mean measure of service superiority, P − D. */
    double zone_width;          /**< Mean D − A. */
} CxServqualDimension;

/**
 * Figures of one item (cx_servqual_item()). Set `size` before the call (cxscore.h,
 * @ref rules_structs). Means are over the respondents counted in the matching n_ field.
 */
typedef struct {
    size_t size;                /**< Set by the caller: sizeof(CxServqualItem). */
    int32_t number;             /**< The item's number in the instrument. */
    uint32_t dimension;         /**< Its dimension index. */
    uint64_t n_expectation;     /**< Respondents with a usable expectation. */
    uint64_t n_perception;      /**< … perception. */
    uint64_t n_gap;             /**< … both. */
    /** @var CxServqualItem::expectation
     *  Mean expectation (over n_expectation respondents). */
    /** @var CxServqualItem::perception
     *  Mean perception (over n_perception respondents). */
    double expectation, perception, gap; /**< Mean gap P − E (over n_gap respondents). */
    /** @var CxServqualItem::gap_sd
     *  SD of the respondents' gaps P − E (n − 1). */
    /** @var CxServqualItem::gap_se
     *  Standard error of the mean gap, gap_sd / √n_gap. */
    /** @var CxServqualItem::gap_ci_lower
     *  Lower bound of the mean gap's t-interval at the level asked. */
    /** @var CxServqualItem::gap_ci_upper
     *  Upper bound of that interval. */
    /** @var CxServqualItem::gap_t
     *  Paired t statistic, mean gap / gap_se. */
    /** @var CxServqualItem::gap_df
     *  Degrees of freedom, n_gap − 1. */
    double gap_sd, gap_se, gap_ci_lower, gap_ci_upper, gap_t, gap_df, gap_p_value; /**< Paired
                                                                     t-test: two-sided p-value. */
    double alpha_if_deleted_perception;  /**< Dimension's P alpha without this item. */
    double item_total_r_perception;      /**< Corrected item–total r (r.drop) in its dimension. */
    double alpha_if_deleted_expectation; /**< Dimension's E alpha without this item. */
    double item_total_r_expectation;     /**< Corrected item–total r of E in its dimension. */
    double alpha_if_deleted_gap;         /**< Dimension's gap alpha without this item. */
    double item_total_r_gap;             /**< Corrected item–total r of the gap in its dimension. */
    uint64_t n_zone;            /**< Respondents with adequate, desired and perception. */
    /** @var CxServqualItem::below_zone
     *  Of the n_zone respondents, those with P below A (MSA < 0). */
    /** @var CxServqualItem::within_zone
     *  Those with P within [A, D]. */
    uint64_t below_zone, within_zone, above_zone; /**< Those with P above D (MSS > 0). */
    uint64_t inversions;        /**< Answers with A > D. */
    /** @var CxServqualItem::adequate
     *  Mean adequate level A over the n_zone respondents. */
    /** @var CxServqualItem::desired
     *  Mean desired level D. */
    /** @var CxServqualItem::msa
     *  Mean measure of service adequacy, P − A. */
    /** @var CxServqualItem::mss
     *  Mean measure of service superiority, P − D. */
    double adequate, desired, msa, mss, zone_width; /**< Mean width of the zone, D − A. */
} CxServqualItem;

/**
 * Creates an accumulator for an instrument (copied: it may be freed afterwards).
 * @param instrument   an instrument with at least one item.
 * @param missing_mode a #CxMissingMode.
 * @param out          receives the accumulator (free with cx_servqual_free()); NULL on failure.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (NULL, an instrument without items, a bad mode);
 *         #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_new(const CxInstrument *instrument, int missing_mode,
                              CxServqual **out);

/**
 * Frees an accumulator.
 * @param servqual the accumulator, or NULL (then nothing happens).
 * @since 0.1
 */
CX_EXPORT void cx_servqual_free(CxServqual *servqual);

/**
 * The accumulator's instrument: its copy, which gives the item and dimension order of the arrays.
 * @param servqual the accumulator.
 * @return the instrument, owned by the accumulator (do not free or change it), or NULL for NULL.
 * @since 0.1
 */
CX_EXPORT const CxInstrument *cx_servqual_instrument(const CxServqual *servqual);

/**
 * Sets the #CxInversionPolicy (before adding data).
 * @param servqual the accumulator.
 * @param policy   a #CxInversionPolicy.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_set_inversion_policy(CxServqual *servqual, int policy);

/** @return the tolerance, in points, of an importance allocation's sum around 100 (0.5). @since 0.1 */
CX_EXPORT double cx_servqual_importance_tolerance(void);

/**
 * Forgets all respondents, keeping the instrument, missing mode and inversion policy.
 * @param servqual the accumulator.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_reset(CxServqual *servqual);

/**
 * Duplicates an accumulator.
 * @param servqual the accumulator to copy (unchanged).
 * @param out receives the copy (free with cx_servqual_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL) or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_copy(const CxServqual *servqual, CxServqual **out);

/**
 * Adds @p src into @p dst: the result equals one pass over both (counts exactly, means and
 * variances up to rounding).
 * @param dst the accumulator that takes in @p src.
 * @param src the accumulator added (unchanged).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, #CX_E_MISMATCH (different instrument, mode or
 *         inversion policy) or #CX_E_OVERFLOW.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_merge(CxServqual *dst, const CxServqual *src);

/**
 * Adds one respondent.
 * @param servqual    the accumulator.
 * @param expectation, perception, adequate, desired  item arrays (instrument order) or NULL.
 * @param importance  points per dimension (dimension order) or NULL; all NaN = not answered.
 * @return #CX_OK, or #CX_E_INVALID_ARGUMENT for a NULL accumulator.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_add(CxServqual *servqual, const double *expectation,
                              const double *perception, const double *importance,
                              const double *adequate, const double *desired);

/**
 * Adds @p n respondents; each non-NULL array is row-major (n × items, or n × dimensions for
 * importance). From 8 respondents on, they are added in blocks of up to 256 (block moments
 * merged with Chan et al.'s update, docs/performance.md); a block whose expectations and
 * perceptions are all whole numbers inside the scale is summed exactly in integers. The counts
 * are those of adding them one by one, the figures equal up to rounding.
 * @param servqual    the accumulator.
 * @param n           the number of respondents.
 * @param expectation, perception, adequate, desired  @p n × items ratings, row-major, or NULL.
 * @param importance  @p n × dimensions points, row-major, or NULL.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, or #CX_E_NO_MEMORY (nothing added) when a block's
 *         working space (about 3 × items × 2.5 KiB) cannot be allocated.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_add_rows(CxServqual *servqual, size_t n, const double *expectation,
                                   const double *perception, const double *importance,
                                   const double *adequate, const double *desired);

/**
 * Overall figures.
 * @param servqual the accumulator.
 * @param out      the figures; set its `size` first.
 * @return #CX_OK; #CX_E_EMPTY if no respondent gave a usable answer (counts filled, scores NaN);
 *         #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_result(const CxServqual *servqual, CxServqualResult *out);

/**
 * Figures of dimension @p dimension; intervals at @p level (in (0, 1)).
 * @param servqual  the accumulator.
 * @param dimension a 0-based dimension index (instrument order).
 * @param level     the confidence level of the intervals, in (0, 1).
 * @param out       the figures; set its `size` first.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (bad index or level) or #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_dimension(const CxServqual *servqual, size_t dimension, double level,
                                    CxServqualDimension *out);

/**
 * Figures of the item at @p index (instrument order); intervals at @p level.
 * @param servqual the accumulator.
 * @param index    a 0-based item index (instrument order).
 * @param level    the confidence level of the intervals, in (0, 1).
 * @param out      the figures; set its `size` first.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_item(const CxServqual *servqual, size_t index, double level,
                               CxServqualItem *out);

/**
 * Full reliability of one dimension and series (Feldt interval at @p level), as cx_alpha_result()
 * gives it for the dimension's items.
 * @param servqual  the accumulator.
 * @param dimension a 0-based dimension index.
 * @param series    a #CxServqualSeries.
 * @param level     the confidence level of Feldt's interval, in (0, 1).
 * @param out       the figures; set its `size` first.
 * @return as cx_alpha_result().
 * @since 0.1
 */
CX_EXPORT int cx_servqual_reliability(const CxServqual *servqual, size_t dimension, int series,
                                      double level, CxAlphaResult *out);

/**
 * Serializes the state, instrument included (versioned, endian-independent).
 * @param servqual the accumulator (unchanged).
 * @param bytes    receives a buffer owned by the caller, to release with cx_free().
 * @param len      receives its length.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_serialize(const CxServqual *servqual, uint8_t **bytes, size_t *len);

/**
 * Rebuilds an accumulator from cx_servqual_serialize() output, validating every field.
 * @param bytes the serialized state (not kept after the call).
 * @param len   its length in bytes.
 * @param out   receives a new accumulator (free with cx_servqual_free()); NULL on failure.
 * @return #CX_OK, #CX_E_CORRUPT, #CX_E_VERSION, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_deserialize(const uint8_t *bytes, size_t len, CxServqual **out);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_SERVQUAL_H */
