/* SPDX-License-Identifier: MIT */
/**
 * @file cx-design.h
 * @brief Design-based (Taylor linearization) variance of weighted means and shares, for
 *        weights-only, stratified and one-stage clustered survey designs.
 *
 * @defgroup design Design-based variance
 * @ingroup score
 * @brief A streaming, mergeable accumulator of per-stratum and per-cluster totals, and the
 *        functions that carry its standard errors into the NPS and rating results (cx-design.h).
 *
 * The accumulators of the other headers give weighted estimates a standard error by Kish's
 * approximation, SE = sd_w/√n_eff with n_eff = (Σw)²/Σw² (Kish, Survey Sampling, 1965): it treats
 * the weights as unrelated to the answers and knows nothing of strata or clusters. A CxDesign
 * holds what the design-based estimator needs instead, for k variables at once (the +100/0/−100
 * NPS code, 0/1 indicators of promoters or of a top box, a rating, a loyalty index…):
 *
 * - the estimate of variable y is the ratio mean ȳ = Σwy/Σw (over rows where y is present);
 * - its linearized influence value is z_i = w_i·(y_i − ȳ)/Σw (Binder 1983, Int. Stat. Rev.
 *   51:279–292; Woodruff 1971, JASA 66:411–414);
 * - with primary sampling units (PSUs) drawn with replacement within strata,
 *   Var(ȳ) = Σ_h n_h/(n_h − 1) · Σ_c (z_hc − z̄_h)², where z_hc is the total of z over PSU c of
 *   stratum h, n_h the number of PSUs of stratum h and z̄_h their mean (Wolter, Introduction to
 *   Variance Estimation, 2nd ed., Springer 2007, §6.11; Lumley, Complex Surveys, Wiley 2010, §2);
 * - the degrees of freedom are (number of PSUs) − (number of strata), both counting only those
 *   that hold a row of positive weight, as R's `degf()` does.
 *
 * These are the figures of R's survey package: `svymean(~y, svydesign(ids = ~cluster,
 * strata = ~stratum, weights = ~w, data = d, nest = TRUE), na.rm = TRUE)` and its `degf()`;
 * without clusters every row is its own PSU (`ids = ~1`); without strata there is one stratum.
 * A row whose value of y is missing stays in the design with weight 0 for y (R's `na.rm = TRUE`
 * subsets the design the same way), so it still counts among its stratum's PSUs. A stratum with a
 * single PSU makes the variance undefined (#CX_E_UNDEFINED), as R's default
 * `options(survey.lonely.psu = "fail")` does. Checked against R to 1e-9 in tests/test-design.c
 * with the script tests/data/survey/survey-reference.R; docs/design.md has the details.
 *
 * Memory: without clusters, five doubles per stratum and variable (the row's own contribution is
 * folded in at once, by an update of Welford's kind), so it does not grow with the rows; with
 * clusters, two compensated sums per cluster and variable, keyed by (stratum, cluster). Merging
 * adds the totals of equal keys, so a cluster split across shards merges exactly like one pass.
 * One thread at a time per accumulator (cxscore.h, @ref rules).
 * @{
 */
#ifndef CXSCORE_CX_DESIGN_H
#define CXSCORE_CX_DESIGN_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>
#include <cxscore/cx-loyalty.h>
#include <cxscore/cx-nps.h>
#include <cxscore/cx-rating.h>

CX_BEGIN_DECLS

/** Opaque design-based variance accumulator. Create with cx_design_new(). */
typedef struct CxDesign CxDesign;

/** How a weighted estimate gets its standard error (passed as `int`). */
typedef enum {
    /** Kish's approximation sd_w/√n_eff: what the accumulators of 0.1 report, and the default. */
    CX_VARIANCE_KISH = 0,
    /** Design-based linearization with strata and clusters, from a #CxDesign. */
    CX_VARIANCE_DESIGN = 1
} CxVarianceMethod;

/**
 * The design-based estimate of one variable's mean (cx_design_mean()). Set `size` before the call
 * (cxscore.h, @ref rules_structs).
 */
typedef struct {
    size_t size;            /**< Set by the caller: sizeof(CxDesignMean). */
    uint64_t n;             /**< Rows where the variable is present (weight 0 included). */
    uint64_t rows;          /**< Rows in the design (present or missing), the PSUs when unclustered. */
    uint64_t psus;          /**< Primary sampling units: clusters, or rows without clusters. */
    uint64_t strata;        /**< Strata (1 without strata). */
    uint64_t missing;       /**< Rows where the variable is missing (NaN). */
    uint64_t rejected;      /**< Rows where the variable was ±infinity (then treated as missing;
                                 not in `missing`). */
    double weight_total;    /**< Σw over the rows where the variable is present. */
    double mean;            /**< The weighted mean Σwy/Σw. */
    double se;              /**< Its design-based standard error (linearization, see above). */
    double df;              /**< Design degrees of freedom, R's degf(): PSUs − strata, counting
                                 those with a row of positive weight. */
    double n_eff;           /**< Kish's (Σw)²/Σw² over the rows where the variable is present. */
} CxDesignMean;

/**
 * Creates an empty accumulator for @p k variables.
 * @param k         the number of variables per row, 1…64.
 * @param clustered 1 if rows belong to clusters (cx_design_add() then needs a cluster key), 0 if
 *                  every row is its own primary sampling unit.
 * @param out       receives the accumulator (free with cx_design_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (k out of range, NULL @p out) or #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_design_new(size_t k, int clustered, CxDesign **out);

/**
 * Frees an accumulator.
 * @param design the accumulator, or NULL.
 * @since 0.2
 */
CX_EXPORT void cx_design_free(CxDesign *design);

/**
 * Forgets every row, keeping k and the clustering.
 * @param design the accumulator.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.2
 */
CX_EXPORT int cx_design_reset(CxDesign *design);

/**
 * Duplicates an accumulator.
 * @param design the accumulator (unchanged).
 * @param out    receives the copy; NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_design_copy(const CxDesign *design, CxDesign **out);

/**
 * Adds the totals of @p src to @p dst: strata and clusters of equal keys combine, so shards that
 * split a stratum or a cluster merge into the result of one pass (to a rounding error).
 * @param dst the accumulator that takes in @p src.
 * @param src the accumulator added (unchanged); may not be @p dst.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT; #CX_E_MISMATCH (different k or clustering);
 *         #CX_E_OVERFLOW; #CX_E_NO_MEMORY (then @p dst is unchanged).
 * @since 0.2
 */
CX_EXPORT int cx_design_merge(CxDesign *dst, const CxDesign *src);

/**
 * Adds one row.
 *
 * A weight that is negative, NaN or infinite rejects the whole row (counted, see
 * cx_design_rejected_weights()); a weight of 0 is valid (the row counts as a PSU and moves
 * nothing). A value that is NaN is missing for its variable; ±infinity is counted as rejected and
 * treated as missing. Neither makes the call fail.
 *
 * @param design      the accumulator.
 * @param stratum     the stratum's key (any bytes); NULL with @p stratum_len 0 for one stratum.
 * @param stratum_len its length in bytes.
 * @param cluster     the cluster's key within the stratum (any bytes, "" included); required
 *                    (non-NULL) when the accumulator is clustered, NULL otherwise.
 * @param cluster_len its length in bytes.
 * @param weight      the row's survey weight, finite and ≥ 0.
 * @param values      the row's k values.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (NULL accumulator or values, a NULL key with a length,
 *         a cluster key given or missing against the clustering); #CX_E_OVERFLOW;
 *         #CX_E_NO_MEMORY (nothing added).
 * @since 0.2
 */
CX_EXPORT int cx_design_add(CxDesign *design, const char *stratum, size_t stratum_len,
                            const char *cluster, size_t cluster_len, double weight,
                            const double *values);

/**
 * The shape an accumulator was created with (e.g. after cx_design_deserialize()).
 * @param design    the accumulator.
 * @param k         receives the number of variables.
 * @param clustered receives 1 if rows carry a cluster key, else 0.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.2
 */
CX_EXPORT int cx_design_shape(const CxDesign *design, size_t *k, int *clustered);

/**
 * Rows refused for their weight (negative, NaN or infinite).
 * @param design the accumulator.
 * @param count  receives the count.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.2
 */
CX_EXPORT int cx_design_rejected_weights(const CxDesign *design, uint64_t *count);

/**
 * The design-based mean of variable @p j and its standard error (formulas above).
 * @param design the accumulator.
 * @param j      the variable, 0…k−1.
 * @param out    the result; its `size` must be set.
 * @return #CX_OK; #CX_E_EMPTY if no row holds the variable or its weights sum to 0 (counts
 *         filled, statistics NaN); #CX_E_UNDEFINED if a stratum has a single PSU (mean filled,
 *         se NaN); #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE.
 * @since 0.2
 */
CX_EXPORT int cx_design_mean(const CxDesign *design, size_t j, CxDesignMean *out);

/**
 * The design-based mean of variable @p j over a domain (a segment, a period) of a larger sample,
 * as R's `svymean(~y, subset(design, segment == "x"))` or `svyby()`: the domain's rows are in
 * @p domain, and @p full holds every row of the sample (any variables: only its strata and PSUs
 * are read). Each stratum's n_h is then its PSU count in the whole sample, the PSUs without a row
 * of the domain contributing z = 0 (domain estimation; Lumley, Complex Surveys, 2010, §2.3).
 * Computing a segment's SE from its own rows alone (cx_design_mean() on @p domain) treats it as
 * a sample of its own and gives another figure. `df` is the domain's (as R's degf of the subset).
 *
 * @param domain the rows of the domain.
 * @param full   the rows of the whole sample (the domain's included), with the same clustering.
 * @param j      the variable of @p domain.
 * @param out    the result; its `size` must be set.
 * @return as cx_design_mean(), and #CX_E_MISMATCH if @p domain is not part of @p full (another
 *         clustering, a stratum @p full lacks, more PSUs than @p full has in a stratum);
 *         #CX_E_UNDEFINED also when a stratum of @p full has a single PSU.
 * @since 0.2
 */
CX_EXPORT int cx_design_mean_domain(const CxDesign *domain, const CxDesign *full, size_t j,
                                    CxDesignMean *out);

/**
 * Gives an NPS result the design-based standard error, so that cx_nps_interval() and
 * cx_nps_compare() follow the design: sets `se` to @p nps->se and `n_eff` to the design's
 * effective sample size variance/(se/100)² (Kish's n/deff, with deff the ratio of the design
 * variance to the simple-random-sampling one), which is the n every interval method reads.
 * When the design SE is 0 the result is left as it is.
 *
 * @param nps    the design mean of the NPS code +100/0/−100 (answers 9–10, 7–8, 0–6), added to a
 *               #CxDesign with the same weights as the NPS accumulator.
 * @param result a result of cx_nps_result() from the same answers.
 * @return #CX_OK; #CX_E_MISMATCH if the two means differ by more than 1e-9 points (not the same
 *         answers); #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE.
 * @since 0.2
 */
CX_EXPORT int cx_design_apply_nps(const CxDesignMean *nps, CxNpsResult *result);

/**
 * Gives a rating result the design-based standard errors: the mean's se and its interval,
 * mean ± t(df, (1+L)/2)·se with the design's degrees of freedom (as svymean's confint with
 * df = degf); and the shares' Wilson intervals with n replaced by the effective sample size
 * p(1 − p)/se² (Korn & Graubard, Survey Methodology 24:193–201, 1998). `n_eff` becomes the
 * mean's effective sample size sd²/se² (left as it is when se is 0), `sd` is unchanged.
 *
 * @param mean   the design mean of the answer.
 * @param good   the design mean of the 0/1 indicator of the good band, or NULL (left as it is).
 * @param top    the design mean of the 0/1 indicator of the top box, or NULL.
 * @param result a result of cx_rating_result() from the same answers; its `level` is used.
 * @return #CX_OK; #CX_E_MISMATCH if a mean differs from the result's by more than 1e-9;
 *         #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE.
 * @since 0.2
 */
CX_EXPORT int cx_design_apply_rating(const CxDesignMean *mean, const CxDesignMean *good,
                                     const CxDesignMean *top, CxRatingResult *result);

/**
 * Gives a loyalty-index result the design-based standard errors of both variants, and their
 * t-intervals on the design's degrees of freedom, clipped to the index's range as
 * cx_loyalty_index_result() does. `n_eff` (Kish's, read by cx_loyalty_index_compare() for the
 * Welch degrees of freedom) is left as it is.
 *
 * The design's variables are each complete respondent's index: 10 × the mean of the three 0–10
 * answers (mean variant) and 100 × the mean of the three +1/0/−1 NPS codes (net variant), NaN for
 * an incomplete respondent. Their means equal the result's indices when the accumulator is
 * listwise, or when every respondent is complete; otherwise (pairwise with gaps) the index is
 * not a mean over respondents and the call returns #CX_E_MISMATCH.
 *
 * @param mean_index the design mean of the mean variant, or NULL (left as it is).
 * @param net_index  the design mean of the net variant, or NULL.
 * @param result     a result of cx_loyalty_index_result(); its `level` is used.
 * @return #CX_OK; #CX_E_MISMATCH; #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE.
 * @since 0.2
 */
CX_EXPORT int cx_design_apply_loyalty_index(const CxDesignMean *mean_index,
                                            const CxDesignMean *net_index,
                                            CxLoyaltyIndexResult *result);

/**
 * Writes the accumulator's state as versioned bytes (keys in byte order, so equal states give
 * equal bytes).
 * @param design the accumulator.
 * @param bytes  receives a buffer to release with cx_free().
 * @param len    receives its length.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_design_serialize(const CxDesign *design, uint8_t **bytes, size_t *len);

/**
 * Rebuilds an accumulator from cx_design_serialize() output; every field is validated.
 * @param bytes the state.
 * @param len   its length.
 * @param out   receives the accumulator; NULL on failure.
 * @return #CX_OK, #CX_E_CORRUPT, #CX_E_VERSION, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_design_deserialize(const uint8_t *bytes, size_t len, CxDesign **out);

/**
 * Parses a variance method name: "kish" or "design" (case-insensitive).
 * @param name a NUL-terminated name.
 * @return the #CxVarianceMethod, or #CX_E_INVALID_ARGUMENT.
 * @since 0.2
 */
CX_EXPORT int cx_variance_method_from_name(const char *name);

/**
 * Names a variance method.
 * @param method a #CxVarianceMethod.
 * @return "kish" or "design" (static), or NULL for an unknown method.
 * @since 0.2
 */
CX_EXPORT const char *cx_variance_method_name(int method);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_DESIGN_H */
