/* SPDX-License-Identifier: MIT */
/**
 * @file cx-drivers.h
 * @brief Driver analysis ("moments of truth"): which touchpoint ratings move the outcome, e.g.
 *        the 0–10 recommend answer. One streaming, mergeable accumulator.
 *
 * @defgroup drivers Driver analysis
 * @ingroup score
 * @brief Which touchpoint ratings move the outcome: correlations, standardized betas, R² and
 *        Johnson's relative weights, listwise or pairwise (cx-drivers.h).
 *
 * Each row is one respondent: k predictor values x₁…x_k (touchpoint ratings), the outcome y and
 * a weight. From the rows the accumulator reports, per predictor (docs/loyalty.md, "Drivers"):
 * - Pearson's r with y, its two-sided p-value (t = r·√(n − 2)/√(1 − r²), n − 2 degrees of
 *   freedom) and Fisher's z interval (tanh(atanh r ± z_{(1+L)/2}/√(n − 3)); Fisher, R. A.
 *   (1921), "On the probable error of a coefficient of correlation deduced from a small sample",
 *   Metron 1:3–32);
 * - Spearman's ρ: Pearson's r of the mid-ranks, ties averaged (Spearman, C. (1904), American
 *   Journal of Psychology 15:72–101);
 * - the standardized regression coefficient β (all variables z-scored): the solution of
 *   Rxx β = rxy, Rxx the predictors' correlation matrix and rxy their correlations with y,
 *   solved by a Cholesky factorization; R² = βᵀ rxy, adjusted R² and the overall F test;
 * - Johnson's relative weight (Johnson, J. W. (2000), "A heuristic method for estimating the
 *   relative weight of predictor variables in multiple regression", Multivariate Behavioral
 *   Research 35(1):1–19): Λ = Rxx^{1/2}, the symmetric square root from an eigen-decomposition
 *   (cyclic Jacobi rotations), β* = Λ⁻¹ rxy, raw weight_j = Σ_m Λ_jm² β*_m². The raw weights
 *   sum to R², so each is also given as a percentage of R², and a rank (1 = largest).
 *   Correlated touchpoints share credit, where the betas of collinear predictors are unstable.
 * - the predictor's mean and SD on the same rows (its "performance", for importance–performance
 *   maps).
 *
 * Input rules. A NaN value is missing; ±infinity (text that is not a number, or anything the
 * caller could not score) is rejected and counted, per variable; any other double is a valid
 * value. The weight must be finite and ≥ 0: a row with a negative or non-finite weight is counted
 * by reason and not used at all (its values are not counted either). Weight 0 rows are counted
 * but carry no weight. Nothing is dropped without a count.
 *
 * Missing values (#CxMissingMode). This is the one accumulator whose mode is chosen when the
 * figures are computed rather than when it is created (the exception cxscore.h,
 * @ref rules_accumulators, names): its state holds what both modes need, so one pass over the
 * rows serves both:
 * - #CX_MISSING_LISTWISE (the default of the CLI and the recommended mode for the regression):
 *   every figure uses the rows with all k predictors and y valid;
 * - #CX_MISSING_PAIRWISE: each correlation uses the rows where both of its variables are
 *   valid (as R's cor(use = "pairwise.complete.obs"): means and SDs from those rows too), and
 *   the regression is solved from that pairwise correlation matrix (as SPSS REGRESSION
 *   /MISSING PAIRWISE); its n is the smallest behind any of the correlations. A pairwise matrix
 *   need not be a valid correlation matrix: when it is not (not positive definite, or R² > 1)
 *   the regression is undefined.
 *
 * Weights. Weighted means, (co)variances and correlations (West, D. H. D. (1979), CACM
 * 22(9):532–535); Kish's n_eff = (Σw)²/Σw² replaces n in every test, interval, adjusted R² and
 * F (an approximation for survey weights; all-ones weights give the unweighted figures).
 * Spearman's ρ with weights treats them as frequency weights: the mid-rank of a value is the
 * total weight below it plus half its own weight (which, for whole-number weights, is exactly
 * Spearman's ρ of the data with each row repeated w times).
 *
 * Design of the state (memory never grows with the number of rows except as stated):
 * - for every pair of the k + 1 variables, the count, weights, means and co-moments over the
 *   rows where both are valid, and the full co-moment matrix of the complete rows; updated by
 *   Welford/West and merged by Chan, Golub & LeVeque's formulas (exact in counts, equal to one
 *   pass up to rounding): O(k²) doubles;
 * - Spearman's ρ needs ranks, i.e. the data. Ratings are values on a small scale, so for each
 *   predictor the accumulator keeps a contingency table of weight per distinct (x_j, y) pair
 *   (one over the complete rows, one over the rows where x_j and y are valid). Mid-ranks from
 *   such a table are exact, tables merge by adding cells, and their size is bounded by the
 *   product of the two scales (e.g. 10 × 11 cells for a 1–10 rating and a 0–10 outcome),
 *   whatever the number of rows. A table that would exceed cx_drivers_max_distinct() cells
 *   (continuous data, not ratings) is dropped and that ρ is NaN with rho_status
 *   #CX_E_OVERFLOW; every other figure is unaffected.
 * @{
 */
#ifndef CXSCORE_CX_DRIVERS_H
#define CXSCORE_CX_DRIVERS_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>

CX_BEGIN_DECLS

/** Opaque driver-analysis accumulator. */
typedef struct CxDrivers CxDrivers;

/**
 * Model-level figures (cx_drivers_result()). Set `size` before the call (cxscore.h,
 * @ref rules_structs).
 */
typedef struct {
    size_t size;                   /**< Set by the caller: sizeof(CxDriversResult). */
    uint64_t k;                    /**< Number of predictors. */
    uint64_t rows;                 /**< Rows added, whatever their content. */
    uint64_t rows_weight_negative; /**< Rows not used: negative weight. */
    uint64_t rows_weight_invalid;  /**< Rows not used: NaN or infinite weight. */
    uint64_t rows_complete;        /**< Rows with every predictor and the outcome valid. */
    uint64_t outcome_valid;        /**< Outcome cells valid, over the rows with an acceptable
                                        weight. */
    uint64_t outcome_missing;      /**< Outcome cells missing (NaN), over the same rows. */
    uint64_t outcome_rejected;     /**< Outcome cells rejected (±infinity), over the same rows. */
    uint64_t n;                    /**< Rows behind the regression: the complete rows (listwise),
                                        the fewest behind any correlation used (pairwise). */
    double n_eff;                  /**< Kish's n_eff behind the regression (= n unweighted;
                                        pairwise: the smallest). */
    double r_squared;              /**< R² = βᵀ rxy (= Σ raw relative weights). */
    double adj_r_squared;          /**< 1 − (1 − R²)(n − 1)/(n − k − 1), n = n_eff. */
    double f;                      /**< F = (R²/k) / ((1 − R²)/(n − k − 1)). */
    /** @var CxDriversResult::df1
     *  Numerator degrees of freedom of F: k. */
    double df1, df2;               /**< Denominator degrees of freedom of F: n_eff − k − 1. */
    double f_p_value;              /**< P(F(df1, df2) > f). */
    double level;                  /**< Level of the correlation intervals. */
    int32_t missing_mode;          /**< #CX_MISSING_LISTWISE or #CX_MISSING_PAIRWISE. */
    int32_t regression_status;     /**< #CX_OK, or why the regression figures are NaN: see
                                        cx_drivers_result(). */
    int32_t singular_predictor;    /**< With #CX_E_UNDEFINED, the 0-based predictor that has no
                                        variance or is (nearly) a linear combination of the
                                        predictors before it; −1 otherwise. */
    int32_t reserved;              /**< Reserved: 0 (makes the layout's end explicit). */
} CxDriversResult;

/**
 * Figures of one predictor (cx_drivers_predictor()). Set `size` before the call (cxscore.h,
 * @ref rules_structs).
 */
typedef struct {
    size_t size;             /**< Set by the caller: sizeof(CxDriver). */
    uint64_t valid;          /**< This predictor's valid cells, over the rows with an acceptable
                                  weight. */
    uint64_t missing;        /**< Its missing cells (NaN), over the same rows. */
    uint64_t rejected;       /**< Its rejected cells (±infinity), over the same rows. */
    uint64_t n;              /**< Rows behind r and ρ: the complete rows (listwise), the rows
                                  with this predictor and the outcome valid (pairwise). */
    double n_eff;            /**< Kish's n_eff of those rows (= n unweighted). */
    double mean;             /**< The predictor's weighted mean on those rows. */
    double sd;               /**< Its SD (n − 1; n_eff − 1 with weights). */
    double r;                /**< Pearson's r with the outcome. */
    double r_p_value;        /**< Two-sided p of H0: ρ = 0 (t test, n_eff − 2 df). */
    double r_ci_lower;       /**< Lower bound of the Fisher z interval at the level asked (needs
                                  n_eff > 3). */
    double r_ci_upper;       /**< Upper bound of that interval. */
    double rho;              /**< Spearman's ρ with the outcome. */
    double beta;             /**< Standardized regression coefficient. */
    double relative_weight;  /**< Johnson's raw relative weight (the weights sum to R²). */
    double relative_weight_pct; /**< 100 · relative_weight / R². */
    uint32_t rank;           /**< Rank by relative weight, 1 = largest (ties share the better
                                  rank); 0 when the regression is undefined. */
    int32_t rho_status;      /**< #CX_OK; #CX_E_UNDEFINED (a variable has no spread);
                                  #CX_E_OVERFLOW (too many distinct values, see above). */
} CxDriver;

/** @return the largest k accepted by cx_drivers_new() (64). @since 0.1 */
CX_EXPORT size_t cx_drivers_max_predictors(void);

/** @return the most distinct (x_j, y) pairs a Spearman table holds (4096). @since 0.1 */
CX_EXPORT size_t cx_drivers_max_distinct(void);

/**
 * Creates an accumulator for @p k predictors and one outcome.
 * @param k   1 … cx_drivers_max_predictors().
 * @param out   receives the accumulator (free with cx_drivers_free()); NULL on failure.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (a bad k, NULL @p out); #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_drivers_new(size_t k, CxDrivers **out);

/**
 * Frees an accumulator.
 * @param drivers the accumulator, or NULL (then nothing happens).
 * @since 0.1
 */
CX_EXPORT void cx_drivers_free(CxDrivers *drivers);

/**
 * The number of predictors.
 * @param drivers the accumulator.
 * @return k, or 0 for NULL.
 * @since 0.1
 */
CX_EXPORT size_t cx_drivers_predictor_count(const CxDrivers *drivers);

/**
 * Forgets every row, keeping k.
 * @param drivers the accumulator.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_drivers_reset(CxDrivers *drivers);

/**
 * Duplicates an accumulator.
 * @param drivers the accumulator to copy (unchanged).
 * @param out receives the copy (free with cx_drivers_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL) or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_drivers_copy(const CxDrivers *drivers, CxDrivers **out);

/**
 * Adds @p src into @p dst (same k). Counts add exactly, the Spearman tables' cells by
 * compensated sums of their weights; means and co-moments combine by Chan et al.'s formulas, so
 * shards merged give one pass's figures up to rounding.
 * @param dst the accumulator that takes in @p src.
 * @param src the accumulator added (unchanged).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL, or dst == src), #CX_E_MISMATCH (different k),
 *         #CX_E_OVERFLOW (a count would overflow) or #CX_E_NO_MEMORY; on failure dst is
 *         unchanged.
 * @since 0.1
 */
CX_EXPORT int cx_drivers_merge(CxDrivers *dst, const CxDrivers *src);

/**
 * Serializes the state: magic "CXDR", format version 1 (the payload is described in
 * lib/score/drivers.c and docs/loyalty.md). Read back, the state gives every figure bit for
 * bit; the bytes do not depend on the machine's byte order.
 * @param drivers the accumulator (unchanged).
 * @param bytes receives a buffer the caller owns: free it with cx_free(); NULL on failure.
 * @param len   receives its length in bytes; 0 on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (a NULL argument) or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_drivers_serialize(const CxDrivers *drivers, uint8_t **bytes, size_t *len);

/**
 * Rebuilds an accumulator from cx_drivers_serialize() output. Every field is checked: k in
 * range, counts that add up (each variable's cells to the rows kept, pairs and complete rows
 * within them), weight sums that those rows can have, finite means and co-moments (zero
 * without weight), and Spearman tables consistent with their state and cap: distinct finite
 * (x, y) cells of positive weight, none in a dropped table, at most cx_drivers_max_distinct().
 * Nothing past @p len is read.
 * @param bytes the serialized state (not kept after the call).
 * @param len   its length in bytes.
 * @param out   receives the accumulator (free with cx_drivers_free()); NULL on failure.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (NULL @p bytes or @p out); #CX_E_CORRUPT (not such a
 *         state, truncated or inconsistent); #CX_E_VERSION (a newer format); #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_drivers_deserialize(const uint8_t *bytes, size_t len, CxDrivers **out);

/**
 * Adds one row.
 * @param drivers the accumulator.
 * @param x      the k predictor values (NaN missing, ±infinity rejected).
 * @param y      the outcome (same rules).
 * @param weight the row's weight (1.0 unweighted); negative or non-finite: the row is counted
 *               and not used.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (NULL); #CX_E_NO_MEMORY when a Spearman table cannot
 *         grow for the row (nothing is added).
 * @since 0.1
 */
CX_EXPORT int cx_drivers_add(CxDrivers *drivers, const double *x, double y, double weight);

/**
 * Adds @p n_rows rows: predictors row-major (row i is x[i·k … i·k + k − 1]), outcomes @p y,
 * weights @p weights (NULL: 1 each).
 * @param drivers the accumulator.
 * @param x       @p n_rows × k predictor values, row-major.
 * @param y       @p n_rows outcomes.
 * @param weights NULL for weight 1 each, or @p n_rows weights.
 * @param n_rows  the number of rows; @p x and @p y may be NULL only if it is 0.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (NULL arrays with n_rows > 0); #CX_E_NO_MEMORY when
 *         the Spearman tables cannot grow for the rows (room is made first: nothing is added).
 * @since 0.1
 */
CX_EXPORT int cx_drivers_add_rows(CxDrivers *drivers, const double *x, const double *y,
                                  const double *weights, size_t n_rows);

/**
 * Model-level figures.
 * @param drivers      the accumulator.
 * @param missing_mode #CX_MISSING_LISTWISE or #CX_MISSING_PAIRWISE.
 * @param level        level of the correlation intervals, in (0, 1).
 * @param out          the figures; set its `size` first.
 * @return #CX_OK;
 *         #CX_E_EMPTY when the regression has no rows (no complete row, or pairwise a pair of
 *         variables never valid together);
 *         #CX_E_UNDEFINED when it has rows but is undefined: n_eff ≤ k + 1, a variable without
 *         variance, predictors collinear (a Cholesky pivot — the share of a predictor's variance
 *         not explained by the predictors before it — below 1e-10), or a pairwise matrix that
 *         is not a correlation matrix;
 *         #CX_E_NO_CONVERGENCE if the eigen-decomposition did not converge (not expected);
 *         in these three cases the counts are filled and the regression figures are NaN;
 *         #CX_E_NO_MEMORY when the working memory of the figures cannot be had;
 *         #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_drivers_result(const CxDrivers *drivers, int missing_mode, double level,
                                CxDriversResult *out);

/**
 * Figures of predictor @p j (0-based). The correlations are filled whenever they are defined
 * (NaN otherwise), whatever the state of the regression.
 * @param drivers      the accumulator.
 * @param j            the predictor's 0-based index, below k.
 * @param missing_mode #CX_MISSING_LISTWISE or #CX_MISSING_PAIRWISE.
 * @param level        level of the correlation interval, in (0, 1).
 * @param out          the figures; set its `size` first.
 * @return the status cx_drivers_result() returns for the same mode and level, or
 *         #CX_E_INVALID_ARGUMENT for a bad @p j (or NULL, bad mode or level), #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_drivers_predictor(const CxDrivers *drivers, size_t j, int missing_mode,
                                   double level, CxDriver *out);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_DRIVERS_H */
