/* SPDX-License-Identifier: MIT */
/**
 * @file cx-servqual.h
 * @brief SERVQUAL: expectation–perception gaps by item and dimension, importance weights,
 *        SERVPERF, zone of tolerance, and scale reliability — streaming and mergeable.
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
 * Thread safety: one accumulator per thread, merged at the end. Memory: O(items + Σ k_d²).
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

/** The three series whose reliability is reported (values are stable). */
typedef enum {
    CX_SERVQUAL_PERCEPTION = 0,
    CX_SERVQUAL_EXPECTATION = 1,
    CX_SERVQUAL_GAP = 2
} CxServqualSeries;

/** What to do with an item whose adequate level exceeds its desired level (an inversion). */
typedef enum {
    CX_INVERSION_KEEP = 0,            /**< Count it, keep it in MSA/MSS (default). */
    CX_INVERSION_DROP_ITEM = 1,       /**< Count it, leave that item's zone figures out. */
    CX_INVERSION_DROP_RESPONDENT = 2  /**< Count it, leave all the respondent's zone figures out. */
} CxInversionPolicy;

/** Overall figures. ABI: set `size` to sizeof(CxServqualResult) before the call. */
typedef struct {
    size_t size;
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

/** Figures of one dimension. ABI: set `size` to sizeof(CxServqualDimension). */
typedef struct {
    size_t size;
    uint64_t n_gap;             /**< Respondents behind the gap's t-test (see missing modes). */
    uint32_t rank;              /**< 1 = largest shortfall (most negative gap); 0 if no gap. */
    uint32_t reserved;          /**< Reserved: 0 (keeps the layout free of padding). */
    double expectation;         /**< Mean expectation. */
    double perception;          /**< Mean perception (the SERVPERF dimension score). */
    double gap;                 /**< Mean gap P − E. */
    double gap_sd;              /**< SD of respondents' dimension gap scores. */
    double gap_se;              /**< Standard error of the mean gap score. */
    double gap_ci_lower;        /**< t-interval of the mean gap score at the requested level. */
    double gap_ci_upper;
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

/** Figures of one item. ABI: set `size` to sizeof(CxServqualItem). */
typedef struct {
    size_t size;
    int32_t number;             /**< The item's number in the instrument. */
    uint32_t dimension;         /**< Its dimension index. */
    uint64_t n_expectation;     /**< Respondents with a usable expectation. */
    uint64_t n_perception;      /**< … perception. */
    uint64_t n_gap;             /**< … both. */
    double expectation, perception, gap; /**< Means. */
    double gap_sd, gap_se, gap_ci_lower, gap_ci_upper, gap_t, gap_df, gap_p_value; /**< Paired
                                                                     t-test. */
    double alpha_if_deleted_perception;  /**< Dimension's P alpha without this item. */
    double item_total_r_perception;      /**< Corrected item–total r (r.drop) in its dimension. */
    double alpha_if_deleted_expectation;
    double item_total_r_expectation;
    double alpha_if_deleted_gap;
    double item_total_r_gap;
    uint64_t n_zone;            /**< Respondents with adequate, desired and perception. */
    uint64_t below_zone, within_zone, above_zone; /**< Position of P against [A, D]. */
    uint64_t inversions;        /**< Answers with A > D. */
    double adequate, desired, msa, mss, zone_width; /**< Means over the n_zone respondents. */
} CxServqualItem;

/**
 * Creates an accumulator for an instrument (copied: it may be freed afterwards).
 * @param missing_mode a #CxMissingMode.
 * @param out          receives the accumulator (free with cx_servqual_free()); NULL on failure.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (NULL, an instrument without items, a bad mode);
 *         #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_new(const CxInstrument *instrument, int missing_mode,
                              CxServqual **out);

/** Frees an accumulator; NULL is allowed. @since 0.1 */
CX_EXPORT void cx_servqual_free(CxServqual *servqual);

/** @return the accumulator's instrument (owned by it), or NULL. @since 0.1 */
CX_EXPORT const CxInstrument *cx_servqual_instrument(const CxServqual *servqual);

/**
 * Sets the #CxInversionPolicy (before adding data).
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_set_inversion_policy(CxServqual *servqual, int policy);

/** @return the tolerance, in points, of an importance allocation's sum around 100 (0.5). @since 0.1 */
CX_EXPORT double cx_servqual_importance_tolerance(void);

/** Forgets all respondents. @return #CX_OK or #CX_E_INVALID_ARGUMENT. @since 0.1 */
CX_EXPORT int cx_servqual_reset(CxServqual *servqual);

/**
 * Duplicates an accumulator.
 * @param out receives the copy (free with cx_servqual_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL) or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_copy(const CxServqual *servqual, CxServqual **out);

/**
 * Adds @p src into @p dst: the result equals one pass over both (counts exactly, means and
 * variances up to rounding).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, #CX_E_MISMATCH (different instrument, mode or
 *         inversion policy) or #CX_E_OVERFLOW.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_merge(CxServqual *dst, const CxServqual *src);

/**
 * Adds one respondent.
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
 * are those of adding them one by one, the figures equal up to rounding. The call is
 * thread-safe for distinct accumulators; it reads the arrays and writes only @p servqual.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, or #CX_E_NO_MEMORY (nothing added) when a block's
 *         working space (about 3 × items × 2.5 KiB) cannot be allocated.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_add_rows(CxServqual *servqual, size_t n, const double *expectation,
                                   const double *perception, const double *importance,
                                   const double *adequate, const double *desired);

/**
 * Overall figures.
 * @return #CX_OK; #CX_E_EMPTY if no respondent gave a usable answer (counts filled, scores NaN);
 *         #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_result(const CxServqual *servqual, CxServqualResult *out);

/**
 * Figures of dimension @p dimension; intervals at @p level (in (0, 1)).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (bad index or level) or #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_dimension(const CxServqual *servqual, size_t dimension, double level,
                                    CxServqualDimension *out);

/**
 * Figures of the item at @p index (instrument order); intervals at @p level.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_item(const CxServqual *servqual, size_t index, double level,
                               CxServqualItem *out);

/**
 * Full reliability of one dimension and series (Feldt interval at @p level).
 * @return as cx_alpha_result().
 * @since 0.1
 */
CX_EXPORT int cx_servqual_reliability(const CxServqual *servqual, size_t dimension, int series,
                                      double level, CxAlphaResult *out);

/**
 * Serializes the state, instrument included (free with cx_free()).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_serialize(const CxServqual *servqual, uint8_t **bytes, size_t *len);

/**
 * Rebuilds an accumulator from cx_servqual_serialize() output, validating every field.
 * @return #CX_OK, #CX_E_CORRUPT, #CX_E_VERSION, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_servqual_deserialize(const uint8_t *bytes, size_t len, CxServqual **out);

CX_END_DECLS

#endif /* CXSCORE_CX_SERVQUAL_H */
