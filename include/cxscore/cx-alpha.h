/* SPDX-License-Identifier: MIT */
/**
 * @file cx-alpha.h
 * @brief Scale reliability: Cronbach's alpha and its item statistics, streaming and mergeable.
 *
 * @defgroup alpha Scale reliability (Cronbach's alpha)
 * @ingroup score
 * @brief The reliability accumulator: alpha, standardized alpha, item statistics and Feldt's
 *        interval, as psych::alpha reports them (cx-alpha.h).
 *
 * A CxAlpha accumulator takes rows of k item scores (one row per respondent; NaN = missing) and
 * keeps, for every item and every pair of items, the count, means and (co-)moments, updated by
 * Welford's method and merged by Chan, Golub & LeVeque's formulas. Respondents are never stored:
 * memory is O(k²) whatever their number.
 *
 * From the covariance matrix C of the items it computes what psych::alpha (R package psych,
 * W. Revelle) reports, with the same definitions:
 * - raw alpha α = k/(k−1) · (1 − tr C / 1ᵀC1) (Cronbach, Psychometrika 16:297–334, 1951);
 * - standardized alpha k·r̄/(1 + (k−1)·r̄), r̄ the mean off-diagonal correlation;
 * - per item: alpha, standardized alpha and r̄ if the item is deleted; the item–total correlation
 *   raw.r = cor(T, item), T being each respondent's mean over the items they answered (equal to
 *   Σⱼ Cᵢⱼ / √(Cᵢᵢ · 1ᵀC1) without missing data); std.r = Σⱼ Rᵢⱼ / √(1ᵀR1); the corrected
 *   item–total correlation r.drop = (Σⱼ Cᵢⱼ − Cᵢᵢ) / √(Cᵢᵢ · 1ᵀC₋ᵢ1); mean and SD;
 * - Feldt's confidence interval (Feldt, Woodruff & Salih, Applied Psychological Measurement
 *   11:93–103, 1987): [1 − (1−α)·F⁻¹(1 − p/2; n−1, (n−1)(k−1)), 1 − (1−α)·F⁻¹(p/2; …)], p = 1 − level.
 *
 * Missing answers (see #CxMissingMode):
 * - pairwise (default, as psych): Cᵢⱼ uses the respondents who answered both i and j, Cᵢᵢ those
 *   who answered i; the n of Feldt's interval is the number of respondents with at least one
 *   answer. psych::alpha counts every row instead, blank ones included: cx_alpha_feldt() with
 *   #CX_FELDT_N_ROWS gives its figures (docs/servqual.md, "Feldt's n").
 * - listwise: only respondents who answered every item are used, and they are the n.
 *
 * An alpha accumulator counts no rejections: an infinite value is taken as missing (cxscore.h,
 * @ref rules_data).
 * @{
 */
#ifndef CXSCORE_CX_ALPHA_H
#define CXSCORE_CX_ALPHA_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>

CX_BEGIN_DECLS

/** Opaque reliability accumulator. */
typedef struct CxAlpha CxAlpha;

/**
 * Scale-level results (cx_alpha_result(), cx_servqual_reliability()). Set `size` before the call
 * (cxscore.h, @ref rules_structs).
 */
typedef struct {
    size_t size;             /**< Set by the caller: sizeof(CxAlphaResult). */
    uint64_t k;              /**< Number of items. */
    uint64_t rows;           /**< Rows added (respondents), including incomplete and empty ones. */
    uint64_t rows_complete;  /**< Rows with every item answered. */
    uint64_t rows_empty;     /**< Rows with no item answered (ignored by every figure). */
    uint64_t rows_excluded;  /**< Rows left out by listwise deletion (incomplete rows), else 0. */
    uint64_t n;              /**< The n of Feldt's interval (see the missing-data rules above). */
    uint64_t n_min_pair;     /**< Fewest respondents behind any covariance Cᵢⱼ. */
    double alpha;            /**< Raw Cronbach's alpha (may be negative). */
    double std_alpha;        /**< Standardized alpha, from the correlation matrix. */
    double average_r;        /**< Mean off-diagonal inter-item correlation. */
    double total_variance;   /**< 1ᵀC1: variance of the total score implied by C. */
    double mean;             /**< Mean over respondents of their mean item score (psych mean). */
    double sd;               /**< SD of the respondents' mean item scores (psych sd). */
    double ci_lower;         /**< Feldt lower bound at the requested level (NaN if n < 2). */
    double ci_upper;         /**< Feldt upper bound. */
    double level;            /**< The level of the interval. */
    int32_t missing_mode;    /**< The #CxMissingMode that produced these figures. */
    int32_t reserved;        /**< Reserved: 0 (makes the layout's end explicit). */
} CxAlphaResult;

/**
 * Per-item results (cx_alpha_item()). Set `size` before the call (cxscore.h,
 * @ref rules_structs).
 */
typedef struct {
    size_t size;                 /**< Set by the caller: sizeof(CxAlphaItem). */
    uint64_t n;                  /**< Respondents who answered this item (listwise: complete rows). */
    double mean;                 /**< Item mean. */
    double sd;                   /**< Item standard deviation (n − 1). */
    double raw_r;                /**< Correlation of the item with the respondent mean (raw.r). */
    double std_r;                /**< Item–total correlation of standardized items (psych std.r). */
    double r_drop;               /**< Corrected item–total correlation (psych r.drop). */
    double alpha_if_deleted;     /**< Raw alpha of the other k − 1 items (NaN if k < 3). */
    double std_alpha_if_deleted; /**< Standardized alpha of the other items (NaN if k < 3). */
    double average_r_if_deleted; /**< Mean inter-item r of the other items (NaN if k < 3). */
} CxAlphaItem;

/**
 * Creates an accumulator for @p k items.
 * @param k            number of items, 1 … cx_alpha_max_items() (alpha needs k ≥ 2, but a
 *                     one-item accumulator may still be merged and serialized).
 * @param missing_mode #CX_MISSING_PAIRWISE or #CX_MISSING_LISTWISE.
 * @param out          receives the accumulator (free with cx_alpha_free()); NULL on failure.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (a bad k or mode, NULL @p out); #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_alpha_new(size_t k, int missing_mode, CxAlpha **out);

/**
 * Frees an accumulator.
 * @param alpha the accumulator, or NULL (then nothing happens).
 * @since 0.1
 */
CX_EXPORT void cx_alpha_free(CxAlpha *alpha);

/** @return the largest k accepted by cx_alpha_new() (256). @since 0.1 */
CX_EXPORT size_t cx_alpha_max_items(void);

/**
 * The number of items.
 * @param alpha the accumulator.
 * @return k, or 0 for NULL.
 * @since 0.1
 */
CX_EXPORT size_t cx_alpha_item_count(const CxAlpha *alpha);

/**
 * Forgets every row, keeping k and the missing mode.
 * @param alpha the accumulator.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_alpha_reset(CxAlpha *alpha);

/**
 * Duplicates an accumulator.
 * @param alpha the accumulator to copy (unchanged).
 * @param out receives the copy (free with cx_alpha_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL) or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_alpha_copy(const CxAlpha *alpha, CxAlpha **out);

/**
 * Adds @p src into @p dst (same k and missing mode). The result equals one pass over both sets
 * of rows up to rounding (Chan et al.'s pairwise update; exact for counts).
 * @param dst the accumulator that takes in @p src.
 * @param src the accumulator added (unchanged).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, #CX_E_MISMATCH (different k or mode) or
 *         #CX_E_OVERFLOW.
 * @since 0.1
 */
CX_EXPORT int cx_alpha_merge(CxAlpha *dst, const CxAlpha *src);

/**
 * Adds one respondent.
 * @param alpha the accumulator.
 * @param row k item scores; NaN means missing. Infinite values are treated as missing and
 *            counted in the result's rows but in no item (they cannot be scored).
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_alpha_add(CxAlpha *alpha, const double *row);

/**
 * Adds @p n_rows respondents stored row-major: row r is rows[r·k … r·k + k − 1]. From 8 rows on
 * they are added in blocks (see cx_servqual_add_rows()); a block of whole numbers within ±512
 * (every row complete) is summed exactly in integers. The figures equal one row at a time up to
 * rounding.
 * @param alpha  the accumulator.
 * @param rows   @p n_rows × k item scores, row-major (NaN missing); may be NULL only if
 *               @p n_rows is 0.
 * @param n_rows the number of respondents.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, or #CX_E_NO_MEMORY (nothing added).
 * @since 0.1
 */
CX_EXPORT int cx_alpha_add_rows(CxAlpha *alpha, const double *rows, size_t n_rows);

/**
 * Scale-level figures.
 * @param alpha the accumulator.
 * @param level confidence level of Feldt's interval, in (0, 1).
 * @param out   the figures; set its `size` first.
 * @return #CX_OK; #CX_E_UNDEFINED when alpha is undefined (k < 2, a pair of items with fewer
 *         than 2 common respondents, an item or the total with zero variance; the total's
 *         variance 1ᵀC1 counts as zero within the worst-case rounding bound
 *         (n + k²)·2⁻⁵³·Σ|Cᵢⱼ|, as for items that always add up to the same total, where the
 *         computed value is rounding noise) — the counts are filled and the statistics are NaN;
 *         #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_alpha_result(const CxAlpha *alpha, double level, CxAlphaResult *out);

/**
 * Figures of one item.
 * @param alpha the accumulator.
 * @param item  the item's 0-based index, below k.
 * @param out   the figures; set its `size` first.
 * @return #CX_OK; #CX_E_UNDEFINED as cx_alpha_result() (n and mean are still filled when
 *         available); #CX_E_INVALID_ARGUMENT for a bad index; #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_alpha_item(const CxAlpha *alpha, size_t item, CxAlphaItem *out);

/** Which n Feldt's interval uses, for cx_alpha_feldt() (passed as `int`). */
typedef enum {
    /**
     * The library's rule, used by cx_alpha_result(): the respondents who answered at least one
     * item (pairwise) or every item (listwise). A blank row carries no information about the
     * items, so it does not narrow the interval.
     */
    CX_FELDT_N_ANSWERED = 0,
    /**
     * psych::alpha's rule: every row added (`rows`), blank rows included, as `nrow()` of the data
     * frame given to psych. Equals psych::alpha(data)$feldt (pairwise) to 1e-12.
     */
    CX_FELDT_N_ROWS = 1
} CxFeldtN;

/**
 * Feldt's interval of a result with a chosen n:
 * [1 − (1−α)·F⁻¹(1 − p/2; n−1, (n−1)(k−1)), 1 − (1−α)·F⁻¹(p/2; n−1, (n−1)(k−1))], p = 1 − level
 * (Feldt, Woodruff & Salih 1987), n as @p n_rule says.
 * @param result a result of cx_alpha_result() with a finite alpha.
 * @param level  confidence level in (0, 1).
 * @param n_rule a #CxFeldtN.
 * @param lower, upper receive the bounds.
 * @return #CX_OK; #CX_E_UNDEFINED if alpha is not finite or n < 2 (bounds NaN);
 *         #CX_E_INVALID_ARGUMENT (NULL, level, unknown rule, k < 2); #CX_E_STRUCT_SIZE if
 *         @p result's size does not reach `alpha`.
 * @since 0.2
 */
CX_EXPORT int cx_alpha_feldt(const CxAlphaResult *result, double level, int n_rule,
                             double *lower, double *upper);

/**
 * Serializes the state (versioned, endian-independent).
 * @param alpha the accumulator (unchanged).
 * @param bytes receives a buffer owned by the caller, to release with cx_free().
 * @param len   receives its length.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_alpha_serialize(const CxAlpha *alpha, uint8_t **bytes, size_t *len);

/**
 * Rebuilds an accumulator from cx_alpha_serialize() output, validating every field.
 * @param bytes the serialized state (not kept after the call).
 * @param len   its length in bytes.
 * @param out   receives a new accumulator (free with cx_alpha_free()); NULL on failure.
 * @return #CX_OK, #CX_E_CORRUPT, #CX_E_VERSION, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_alpha_deserialize(const uint8_t *bytes, size_t len, CxAlpha **out);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_ALPHA_H */
