/* SPDX-License-Identifier: MIT */
/**
 * @file cx-nps.h
 * @brief Net Promoter Score: a streaming, mergeable accumulator and its statistics.
 *
 * @defgroup nps Net Promoter Score
 * @ingroup score
 * @brief The NPS accumulator, its intervals, the comparison of two scores and sample sizes
 *        (cx-nps.h).
 *
 * Answers are whole numbers 0–10 to "How likely is it that you would recommend … to a friend or
 * colleague?". Detractors answer 0–6, passives 7–8, promoters 9–10, and
 * NPS = 100 · (share of promoters − share of detractors), in points from −100 to 100
 * (Reichheld, "The One Number You Need to Grow", Harvard Business Review, December 2003).
 *
 * Units: scores, standard errors, interval bounds, differences and margins are in **NPS points**
 * (−100…100). Shares (`p_promoters`, …) are proportions in [0, 1]. `variance` is the variance of the
 * per-respondent code (+1 promoter, 0 passive, −1 detractor), a unitless number in [0, 1].
 *
 * The accumulator follows the library-wide rules (cxscore.h, @ref rules): constant memory, one
 * thread at a time, merged across threads and shards with cx_nps_merge(). The formulas and their
 * sources are listed in docs/nps.md.
 * @{
 */
#ifndef CXSCORE_CX_NPS_H
#define CXSCORE_CX_NPS_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>

CX_BEGIN_DECLS

/** Opaque NPS accumulator. Create with cx_nps_new(), release with cx_nps_free(). */
typedef struct CxNps CxNps;

/** Confidence-interval methods for NPS, for cx_nps_interval() (passed as `int`). */
typedef enum {
    /** Wald: NPS ± z·SE. Collapses to a point when every answer is in one category. */
    CX_NPS_CI_WALD = 0,
    /**
     * Adjusted Wald (Sauro & Lewis; MeasuringU, "Confidence intervals for Net Promoter Scores",
     * 2021): add 3 pseudo-answers (0.75 promoter, 0.75 detractor, 1.5 passive) and compute a Wald
     * interval around the adjusted score; bounds are clipped to [−100, 100].
     */
    CX_NPS_CI_ADJUSTED_WALD = 1,
    /**
     * Tango score interval (Tango, Statistics in Medicine 17:891–908, 1998; compared for NPS by
     * Rocks, The American Statistician 70(4), 2016). Good coverage at small n and extreme scores.
     * The default of the example CLI.
     */
    CX_NPS_CI_TANGO = 2
} CxNpsCiMethod;

/**
 * Everything known about the answers added so far. Filled by cx_nps_result(); read by
 * cx_nps_interval() and cx_nps_compare(). Set `size` before the call (cxscore.h,
 * @ref rules_structs).
 */
typedef struct {
    size_t size;                /**< Set by the caller to sizeof(CxNpsResult). */

    uint64_t counts[11];        /**< Number of valid answers of each value 0…10 (unweighted). */
    uint64_t detractors;        /**< Valid answers 0–6. */
    uint64_t passives;          /**< Valid answers 7–8. */
    uint64_t promoters;         /**< Valid answers 9–10. */
    uint64_t n;                 /**< Valid answers (detractors + passives + promoters). */
    uint64_t missing;           /**< Missing answers: blank, NA, N/A, -, or NaN in a double array. */
    uint64_t rejected;          /**< All rejected answers (sum of the five reasons below). */
    uint64_t rejected_out_of_range;    /**< A whole number outside 0–10 (e.g. 11, −1). */
    uint64_t rejected_not_integer;     /**< A number that is not whole (e.g. 6.5): never rounded. */
    uint64_t rejected_not_a_number;    /**< Text that is not a number (e.g. "7a"). */
    uint64_t rejected_weight_negative; /**< A valid answer whose survey weight is negative. */
    uint64_t rejected_weight_invalid;  /**< A valid answer whose weight is NaN, infinite or missing. */

    double weight_total;        /**< Σw over valid answers (= n when unweighted). */
    double weight_promoters;    /**< Σw over promoters. */
    double weight_passives;     /**< Σw over passives. */
    double weight_detractors;   /**< Σw over detractors. */
    double n_eff;               /**< Kish's effective sample size (Σw)²/Σw² (= n when unweighted). */

    double p_promoters;         /**< Weighted share of promoters, in [0, 1]. */
    double p_passives;          /**< Weighted share of passives, in [0, 1]. */
    double p_detractors;        /**< Weighted share of detractors, in [0, 1]. */
    double nps;                 /**< Net Promoter Score in points, −100…100. */
    double variance;            /**< p + d − (p − d)²: variance of the ±1/0 code (divides by n). */
    double se;                  /**< Standard error of nps in points: 100·√(variance / n_eff). */
} CxNpsResult;

/**
 * Result of comparing two independent NPS results (cx_nps_compare()): segment minus baseline.
 * Set `size` before the call (cxscore.h, @ref rules_structs).
 */
typedef struct {
    size_t size;                /**< Set by the caller to sizeof(CxNpsComparison). */
    double diff;                /**< nps(a) − nps(b), in points. */
    double se;                  /**< √(var_a/n_a + var_b/n_b), in points. */
    double z;                   /**< diff / se. */
    double p_value;             /**< Two-sided p-value, erfc(|z|/√2). */
    double ci_lower;            /**< Lower bound of the Wald interval of diff, in points. */
    double ci_upper;            /**< Upper bound of the Wald interval of diff, in points. */
    double level;               /**< The level of the interval. */
} CxNpsComparison;

/* ---- life cycle ---------------------------------------------------------------------------- */

/**
 * Creates an empty accumulator.
 * @param out receives the accumulator (free with cx_nps_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL @p out) or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_nps_new(CxNps **out);

/**
 * Frees an accumulator.
 * @param nps the accumulator, or NULL (then nothing happens).
 * @since 0.1
 */
CX_EXPORT void cx_nps_free(CxNps *nps);

/**
 * Forgets every answer, as if newly created.
 * @param nps the accumulator.
 * @return #CX_OK, or #CX_E_INVALID_ARGUMENT if @p nps is NULL.
 * @since 0.1
 */
CX_EXPORT int cx_nps_reset(CxNps *nps);

/**
 * Duplicates an accumulator.
 * @param nps the accumulator to copy (unchanged).
 * @param out receives the copy (free with cx_nps_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL) or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_nps_copy(const CxNps *nps, CxNps **out);

/**
 * Adds everything @p src holds to @p dst, so that shards (threads, files, processes) combine into
 * the result of one pass. Counts merge exactly; weighted sums are compensated (Neumaier) and merge
 * to within a rounding error of the one-pass sums (exactly when unweighted). @p src is unchanged;
 * @p dst may not be @p src.
 * @param dst the accumulator that takes in @p src.
 * @param src the accumulator added (unchanged).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL, or dst == src), or #CX_E_OVERFLOW if the answers
 *         held in all (valid, missing and rejected) would pass 2⁶⁴ − 1 (then @p dst is unchanged).
 * @since 0.1
 */
CX_EXPORT int cx_nps_merge(CxNps *dst, const CxNps *src);

/* ---- adding answers -----------------------------------------------------------------------------
 * Each answer is classified in this order: missing (counted in `missing`); not a number, not a
 * whole number, out of 0–10 (counted as rejected by that reason); then its weight: negative, or
 * NaN / infinite (rejected by that reason). Only answers that pass are scored. A weight of 0 is
 * valid (the answer is counted in `n` and `counts` but does not move the score). Bad values never
 * make a call fail: they are counted. The functions fail only on a NULL accumulator, a NULL array
 * with n > 0 (#CX_E_INVALID_ARGUMENT), or when the answers held in all (valid, missing and
 * rejected) would pass 2⁶⁴ − 1 (#CX_E_OVERFLOW), and then add nothing.
 */

/**
 * Adds one answer with weight 1.
 * @param nps   the accumulator.
 * @param score the answer; values outside 0–10 are counted as rejected (out of range).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT if @p nps is NULL, or #CX_E_OVERFLOW.
 * @since 0.1
 */
CX_EXPORT int cx_nps_add(CxNps *nps, int score);

/**
 * Adds one answer with a survey weight.
 * @param nps    the accumulator.
 * @param score  the answer; values outside 0–10 are counted as rejected (out of range).
 * @param weight its survey weight, finite and ≥ 0 (others are counted as rejected); 0 counts the
 *               answer without moving the score.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT if @p nps is NULL, or #CX_E_OVERFLOW.
 * @since 0.1
 */
CX_EXPORT int cx_nps_add_weighted(CxNps *nps, int score, double weight);

/**
 * Adds @p n answers stored as bytes (the fastest path). Values 11–255 are rejected (out of range).
 * @param nps     the accumulator.
 * @param scores  @p n answers; may be NULL only if @p n is 0.
 * @param weights NULL for weight 1 each, or @p n survey weights.
 * @param n       the number of answers (and of weights).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_OVERFLOW.
 * @since 0.1
 */
CX_EXPORT int cx_nps_add_u8(CxNps *nps, const uint8_t *scores, const double *weights, size_t n);

/**
 * Adds @p n answers stored as ints. Negative values and values above 10 are rejected.
 * @param nps     the accumulator.
 * @param scores  @p n answers; may be NULL only if @p n is 0.
 * @param weights NULL for weight 1 each, or @p n survey weights.
 * @param n       the number of answers (and of weights).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_OVERFLOW.
 * @since 0.1
 */
CX_EXPORT int cx_nps_add_int(CxNps *nps, const int *scores, const double *weights, size_t n);

/**
 * Adds @p n answers stored as doubles (as data frames hold them): NaN is a missing answer,
 * ±infinity a cell that held text (rejected as not a number, as everywhere in the library),
 * whole numbers outside 0–10 are out of range, other non-whole numbers (6.5) are rejected as
 * not integer. 9.0 is the answer 9.
 * @param nps     the accumulator.
 * @param scores  @p n answers; may be NULL only if @p n is 0.
 * @param weights NULL for weight 1 each, or @p n survey weights.
 * @param n       the number of answers (and of weights).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_OVERFLOW.
 * @since 0.1
 */
CX_EXPORT int cx_nps_add_double(CxNps *nps, const double *scores, const double *weights, size_t n);

/**
 * Adds one answer given as text, as it appears in a CSV cell, with the rules of
 * cx_cell_parse_number(): blank, "NA", "N/A", "-" are missing; "7a" is not a number; "6.5" is not
 * an integer; "11" is out of range; surrounding spaces and tabs are ignored.
 * @param nps  the accumulator.
 * @param text the cell, not necessarily NUL-terminated; may be NULL only if @p len is 0 (missing).
 * @param len  its length in bytes.
 * @param weight the survey weight (1.0 when unweighted).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_OVERFLOW.
 * @since 0.1
 */
CX_EXPORT int cx_nps_add_text(CxNps *nps, const char *text, size_t len, double weight);

/**
 * Adds answers already counted: @p counts[v] unweighted answers of value v, for v = 0…10 — a
 * histogram kept elsewhere (a database GROUP BY, a dashboard's cache, a batch tallied by hand).
 * Equal to adding each answer with cx_nps_add(), bit for bit.
 * @param nps    the accumulator.
 * @param counts an array of 11 counts.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT for NULL; #CX_E_OVERFLOW if the answers held would pass
 *         2⁶⁴ − 1 (then nothing is added).
 * @since 0.1
 */
CX_EXPORT int cx_nps_add_counts(CxNps *nps, const uint64_t counts[11]);

/**
 * Records @p count missing answers (respondents who skipped the question), so that the result
 * accounts for every respondent.
 * @param nps   the accumulator.
 * @param count the number of missing answers.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_OVERFLOW.
 * @since 0.1
 */
CX_EXPORT int cx_nps_add_missing(CxNps *nps, uint64_t count);

/* ---- results --------------------------------------------------------------------------------- */

/**
 * Computes the result.
 *
 * Shares use the weights: p = Σw·[promoter]/Σw, and likewise for passives and detractors;
 * variance = p + d − (p − d)² (the population variance of the ±1/0 code, dividing by n as the
 * R package NPS does; some practitioners use n − 1); SE = 100·√(variance / n_eff) with Kish's
 * n_eff = (Σw)²/Σw² (Kish, Survey Sampling, 1965), which is n when unweighted.
 *
 * @param nps the accumulator.
 * @param out result; its `size` field must be set by the caller.
 * @return #CX_OK; #CX_E_EMPTY if there is no valid answer or every weight is 0 — then the counts
 *         are filled and the statistics (shares, nps, variance, se) are NaN; #CX_E_OVERFLOW,
 *         likewise, if the weights are too large or too small for Σw² to be held in a double
 *         (above about 1e154 or below about 1e-154); #CX_E_INVALID_ARGUMENT for NULL;
 *         #CX_E_STRUCT_SIZE if out->size is too small to hold the counts.
 * @since 0.1
 */
CX_EXPORT int cx_nps_result(const CxNps *nps, CxNpsResult *out);

/**
 * Confidence interval of the NPS.
 *
 * With z = Φ⁻¹((1 + level)/2) and n_eff in place of n for weighted data:
 * - #CX_NPS_CI_WALD: nps ± z·se.
 * - #CX_NPS_CI_ADJUSTED_WALD: n' = n + 3, promoters' = P + 0.75, detractors' = D + 0.75; Wald
 *   interval around the adjusted score, clipped to [−100, 100] (Sauro & Lewis, MeasuringU 2021).
 * - #CX_NPS_CI_TANGO: the two Δ where (NPS − Δ)/√((2·t(Δ) + Δ − Δ²)/n) = ±z, t(Δ) being the
 *   constrained maximum-likelihood detractor share (Tango 1998); solved by bisection to full
 *   double precision; a bound that the statistic never reaches is −100 or 100.
 *
 * @param result a result from cx_nps_result() with n_eff > 0.
 * @param level  confidence level in (0, 1), e.g. 0.95.
 * @param method a #CxNpsCiMethod.
 * @param lower, upper the bounds in points.
 * @return #CX_OK; #CX_E_EMPTY if the result holds no valid answer; #CX_E_INVALID_ARGUMENT for a
 *         NULL pointer, a level outside (0, 1), an unknown method or an inconsistent result;
 *         #CX_E_STRUCT_SIZE if @p result's `size` does not cover the shares it reads.
 * @since 0.1
 */
CX_EXPORT int cx_nps_interval(const CxNpsResult *result, double level, int method,
                              double *lower, double *upper);

/**
 * Compares two independent results (two periods, two segments): diff = nps(a) − nps(b),
 * SE = √(var_a/n_a + var_b/n_b), z = diff/SE, two-sided p = erfc(|z|/√2), CI = diff ± z_L·SE.
 * When SE is 0 (both samples all in one category), z is ±infinity (p = 0) for a non-zero
 * difference and 0 (p = 1) otherwise.
 *
 * @param a     the segment, from cx_nps_result() with n_eff > 0.
 * @param b     the baseline, likewise.
 * @param level confidence level in (0, 1).
 * @param out   the comparison; its `size` must be set by the caller.
 * @return #CX_OK, #CX_E_EMPTY, #CX_E_INVALID_ARGUMENT or #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_nps_compare(const CxNpsResult *a, const CxNpsResult *b, double level,
                             CxNpsComparison *out);

/**
 * Number of respondents needed so that the Wald interval's half-width is at most @p margin:
 * n = ⌈z²·var/m²⌉ with var = p + d − (p − d)² from planning shares.
 * The worst case (var = 1) is p = d = 0.5.
 *
 * @param margin       the target margin of error in points, > 0 (e.g. 5 for ±5 points).
 * @param level        confidence level in (0, 1).
 * @param p_promoters  planning share of promoters in [0, 1].
 * @param p_detractors planning share of detractors in [0, 1], with p_promoters + p_detractors ≤ 1.
 * @param n            the sample size; at least 1.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_OVERFLOW (the size does not fit 64 bits).
 * @since 0.1
 */
CX_EXPORT int cx_nps_sample_size(double margin, double level, double p_promoters,
                                 double p_detractors, uint64_t *n);

/* ---- serialization --------------------------------------------------------------------------- */

/**
 * Writes the accumulator's state as a versioned, endian-independent byte string, so partial
 * results can cross processes and machines. Deserializing gives back a bit-identical state.
 * @param nps   the accumulator (unchanged).
 * @param bytes receives a buffer owned by the caller, to release with cx_free().
 * @param len   receives its length.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_nps_serialize(const CxNps *nps, uint8_t **bytes, size_t *len);

/**
 * Rebuilds an accumulator from cx_nps_serialize() output. Every field is validated.
 * @param bytes the serialized state (not kept after the call).
 * @param len   its length in bytes.
 * @param out receives a new accumulator (free with cx_nps_free()); NULL on failure.
 * @return #CX_OK; #CX_E_CORRUPT for truncated, corrupted or inconsistent data; #CX_E_VERSION for
 *         state written by a newer format version; #CX_E_INVALID_ARGUMENT; #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_nps_deserialize(const uint8_t *bytes, size_t len, CxNps **out);

/* ---- constants, as functions for FFI callers -------------------------------------------------- */

/**
 * Category of an answer.
 * @param score    the answer.
 * @param category receives −1 for a detractor (0–6), 0 for a passive (7–8), 1 for a promoter (9–10).
 * @return #CX_OK, or #CX_E_INVALID_ARGUMENT if @p score is outside 0–10 or @p category is NULL.
 * @since 0.1
 */
CX_EXPORT int cx_nps_category(int score, int *category);

/** @return the lowest answer that counts as a promoter (9). @since 0.1 */
CX_EXPORT int cx_nps_promoter_min(void);
/** @return the highest answer that counts as a detractor (6). @since 0.1 */
CX_EXPORT int cx_nps_detractor_max(void);

/**
 * Parses a method name: "wald", "adjusted-wald" or "tango" (case-insensitive).
 * @param name a NUL-terminated name.
 * @return the #CxNpsCiMethod, or #CX_E_INVALID_ARGUMENT for an unknown name or NULL.
 * @since 0.1
 */
CX_EXPORT int cx_nps_ci_method_from_name(const char *name);

/**
 * Names a method.
 * @param method a #CxNpsCiMethod.
 * @return the method's name ("wald", "adjusted-wald", "tango") as a static string, or NULL if
 *         @p method is unknown.
 * @since 0.1
 */
CX_EXPORT const char *cx_nps_ci_method_name(int method);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_NPS_H */
