/* SPDX-License-Identifier: MIT */
/**
 * @file cx-retention.h
 * @brief Retention, churn, repeat purchase, cohorts and revenue at risk from an activity log
 *        (customer, period, amount).
 *
 * @defgroup retention Retention and cohorts
 * @ingroup score
 * @brief Retention, churn, repeat purchase, cohort tables and revenue at risk from an activity
 *        log (cx-retention.h); retention from period counts and lifetime value are in @ref value.
 *
 * A CxRetention accumulator takes one event per call: a customer id, the period it happened in
 * (any int64 numbering where consecutive periods are consecutive numbers, e.g. from
 * cx_period_from_date()) and an optional amount (revenue). It keeps, per customer, the periods
 * they were active in and their revenue in each, so every figure below is exact and merging two
 * accumulators (any split of the log: by time, by customer, arbitrary) equals one pass.
 * Memory grows with customers × active periods, not with events: one of the two accumulators
 * whose memory grows with the data (cxscore.h, @ref rules_accumulators).
 *
 * Definitions (tests/data/reference/LOYALTY.md; docs/loyalty.md):
 * - active(t): customers with an event in period t; new(t): active in t for the first time;
 *   retained(t): active in t − 1 and in t; returning(t): active in t, not in t − 1, seen before;
 *   churned(t): active in t − 1, not in t.
 * - retention(t) = retained(t) / active(t − 1), churn(t) = 1 − retention(t), with Wilson
 *   intervals (Wilson 1927). The pooled retention over a span is Σ retained / Σ active(t − 1).
 * - Repeat-purchase rate = customers with ≥ 2 events / customers with ≥ 1.
 * - Cohort table: row = first period f (the cohort), column k = 0, 1, …: the share of the cohort
 *   active in period f + k.
 * - Revenue at risk at t: the revenue that the customers who churned at t brought in t − 1, the
 *   period before they left (so the revenue per period that leaves with them; multiply by a
 *   margin and the Gupta–Lehmann margin multiple, cx_value_clv(), for the lifetime value lost).
 *
 * Amounts: NaN means "no amount" (the event counts as activity, revenue 0); ±infinity is
 * rejected with the event and counted; negative amounts (refunds) are allowed and summed.
 * An empty customer id is rejected and counted. Customer ids are length-given bytes (cxscore.h,
 * @ref rules_text).
 *
 * Memory: some 70 bytes per customer plus the id's length, and 32 to 64 bytes per active
 * period (arrays grow by doubling). Every allocation that grows with the log is checked: a call
 * that cannot get memory returns #CX_E_NO_MEMORY and leaves the accumulator as it was. At most
 * 2³² − 2 distinct customers. This is one of the two accumulators whose memory grows with the
 * data (cxscore.h, @ref rules_accumulators).
 * @{
 */
#ifndef CXSCORE_CX_RETENTION_H
#define CXSCORE_CX_RETENTION_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>

CX_BEGIN_DECLS

/** Opaque activity-log accumulator. */
typedef struct CxRetention CxRetention;

/**
 * Whole-log figures (cx_retention_result()). Set `size` before the call (cxscore.h,
 * @ref rules_structs). Shares are proportions in [0, 1]; amounts in the caller's currency.
 */
typedef struct {
    size_t size;                 /**< Set by the caller: sizeof(CxRetentionResult). */
    uint64_t customers;          /**< Distinct customers with at least one event. */
    uint64_t events;             /**< Events accepted. */
    uint64_t events_no_amount;   /**< Of which without an amount (NaN). */
    uint64_t rejected_no_customer;  /**< Events rejected: empty customer id. */
    uint64_t rejected_amount;    /**< Events rejected: infinite amount. */
    int64_t first_period;        /**< Earliest period with an event. */
    int64_t last_period;         /**< Latest period with an event. */
    uint64_t repeat_customers;   /**< Customers with ≥ 2 events. */
    double repeat_rate;          /**< repeat_customers / customers, with a Wilson interval. */
    double repeat_rate_ci_lower; /**< Lower bound of the Wilson interval of repeat_rate. */
    double repeat_rate_ci_upper; /**< Upper bound of the Wilson interval of repeat_rate. */
    uint64_t retained;           /**< Σ retained(t) over first_period < t ≤ last_period. */
    uint64_t at_risk;            /**< Σ active(t − 1) over the same periods. */
    double retention;            /**< Pooled retention retained / at_risk, Wilson interval. */
    double retention_ci_lower;   /**< Lower bound of the Wilson interval of retention. */
    double retention_ci_upper;   /**< Upper bound of the Wilson interval of retention. */
    double churn;                /**< 1 − retention. */
    double revenue;              /**< Σ amounts. */
    double level;                /**< Level of the intervals. */
} CxRetentionResult;

/**
 * One period's figures (cx_retention_periods(), which fills an array of them). Set `size`
 * before the call (cxscore.h, @ref rules_structs).
 */
typedef struct {
    size_t size;                 /**< Set by the caller: sizeof(CxRetentionPeriod). */
    int64_t period;              /**< The period t these figures are of. */
    uint64_t active;             /**< Customers active in the period. */
    uint64_t new_customers;      /**< Active for the first time. */
    uint64_t retained;           /**< Active in the period before too. */
    uint64_t returning;          /**< Back after a gap. */
    uint64_t churned;            /**< Active in the period before, not in this one. */
    uint64_t previous_active;    /**< Active in the period before. */
    double retention;            /**< retained / previous_active (NaN if none); Wilson interval. */
    double retention_ci_lower;   /**< Lower bound of the Wilson interval of retention. */
    double retention_ci_upper;   /**< Upper bound of the Wilson interval of retention. */
    double churn;                /**< 1 − retention. */
    double revenue;              /**< Σ amounts in the period. */
    double revenue_at_risk;      /**< Revenue in the period before of the customers who churned. */
    double level;                /**< Level of the interval. */
} CxRetentionPeriod;

/**
 * One customer (cx_retention_customer()). Set `size` before the call (cxscore.h,
 * @ref rules_structs).
 */
typedef struct {
    size_t size;                 /**< Set by the caller: sizeof(CxRetentionCustomer). */
    int64_t first_period;        /**< The customer's first period with an event (their cohort). */
    int64_t last_period;         /**< Their latest period with an event. */
    uint64_t events;             /**< Their accepted events. */
    uint64_t active_periods;     /**< The number of periods they were active in. */
    double revenue;              /**< Σ amounts over all periods. */
    double revenue_in_period;    /**< Σ amounts in the period asked (0 if not active then). */
    int32_t active_in_period;    /**< 1 if active in the period asked. */
    int32_t reserved;            /**< Reserved: 0 (makes the layout's end explicit). */
} CxRetentionCustomer;

/**
 * Creates an empty accumulator.
 * @param out receives the accumulator (free with cx_retention_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL @p out) or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_retention_new(CxRetention **out);
/**
 * Frees an accumulator.
 * @param retention the accumulator, or NULL (then nothing happens).
 * @since 0.1
 */
CX_EXPORT void cx_retention_free(CxRetention *retention);

/**
 * Forgets every event and frees the memory they took; the accumulator can be used again.
 * @param retention the accumulator.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_retention_reset(CxRetention *retention);

/**
 * Duplicates an accumulator: the copy's figures and serialized state are the original's, bit
 * for bit, and the two are independent.
 * @param retention the accumulator to copy (unchanged).
 * @param out receives the copy (free with cx_retention_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL) or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_retention_copy(const CxRetention *retention, CxRetention **out);

/**
 * Adds one event: customer @p customer (@p len bytes, any bytes, not NUL-terminated), active in
 * @p period, with @p amount (NaN for none).
 * An event with an empty id or an infinite amount is rejected and counted (see
 * CxRetentionResult), and the call still returns #CX_OK.
 * @param retention the accumulator.
 * @param customer  the customer id; may be NULL only if @p len is 0 (an empty id, rejected).
 * @param len       its length in bytes.
 * @param period    the period of the event (e.g. from cx_period_from_date()).
 * @param amount    the event's amount (revenue; negative for a refund), or NaN for none.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (NULL); #CX_E_NO_MEMORY; #CX_E_OVERFLOW (a new
 *         customer past 2³² − 2). On failure the accumulator is unchanged.
 * @since 0.1
 */
CX_EXPORT int cx_retention_add(CxRetention *retention, const char *customer, size_t len,
                               int64_t period, double amount);

/**
 * Adds every event of @p src to @p dst; the result equals one pass over both logs (exactly in
 * counts; amounts are compensated sums, equal to one pass up to their last bit).
 * @param dst the accumulator that takes in @p src.
 * @param src the accumulator added (unchanged).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL, or @p dst == @p src), #CX_E_NO_MEMORY or
 *         #CX_E_OVERFLOW (a count past 2⁶⁴ − 1, or more than 2³² − 2 customers); on failure
 *         @p dst is unchanged.
 * @since 0.1
 */
CX_EXPORT int cx_retention_merge(CxRetention *dst, const CxRetention *src);

/**
 * Serializes the state: magic "CXRL", format version 1 (docs/loyalty.md, "Retention from an
 * activity log"). Equal states give equal bytes, whatever the order of the events that made
 * them; the bytes do not depend on the machine's byte order. Their size grows with the log
 * (every customer and active period).
 * @param retention the accumulator (unchanged).
 * @param bytes     receives a buffer the caller owns: free it with cx_free(); NULL on failure.
 * @param len       receives its length in bytes; 0 on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (a NULL argument) or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_retention_serialize(const CxRetention *retention, uint8_t **bytes, size_t *len);

/**
 * Rebuilds an accumulator from cx_retention_serialize() output. Every field is checked (ids
 * sorted and distinct, each customer's periods increasing, counts that add up, finite sums);
 * nothing past @p len is read.
 * @param bytes the serialized state (not kept after the call).
 * @param len   its length in bytes.
 * @param out   receives the accumulator (free with cx_retention_free()); NULL on failure.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (NULL @p bytes or @p out); #CX_E_CORRUPT (not such a
 *         state, truncated or inconsistent); #CX_E_VERSION (a newer format); #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_retention_deserialize(const uint8_t *bytes, size_t len, CxRetention **out);

/**
 * Whole-log figures, intervals at @p level; the pooled retention covers every transition from
 * first_period to last_period.
 * @param retention the accumulator.
 * @param level     the confidence level of the intervals, in (0, 1).
 * @param out       the figures; set its `size` first.
 * @return #CX_OK; #CX_E_EMPTY with no event (counts filled, figures NaN);
 *         #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_retention_result(const CxRetention *retention, double level,
                                   CxRetentionResult *out);

/**
 * Figures of the @p n consecutive periods @p first, @p first + 1, … in one pass over the log.
 * @param retention the accumulator.
 * @param first     the first period.
 * @param n         the number of periods, ≥ 1.
 * @param level     the confidence level of the intervals, in (0, 1).
 * @param out an array of @p n structs. Set `size` in the first: it is the size of each element
 *            (sizeof(CxRetentionPeriod) as your headers declare it), and the library walks the
 *            array with it and sets `size` in every element.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (NULL, n = 0, a span that overflows, bad level);
 *         #CX_E_STRUCT_SIZE; #CX_E_NO_MEMORY (nothing is written).
 * @since 0.1
 */
CX_EXPORT int cx_retention_periods(const CxRetention *retention, int64_t first, size_t n,
                                   double level, CxRetentionPeriod *out);

/**
 * The cohort table of the @p n cohorts @p first … @p first + n − 1, followed for @p n periods:
 * @p sizes[i] is the size of cohort i (customers whose first period is first + i) and
 * @p active[i · n + k] the customers of cohort i active in period first + i + k (k = 0 gives
 * the cohort size again). Cells past the last period with data are 0.
 * @param retention the accumulator.
 * @param first     the first cohort's period.
 * @param n         the number of cohorts, and of periods each is followed for (≥ 1).
 * @param sizes     receives @p n cohort sizes.
 * @param active    receives @p n × @p n counts, row-major (cohort, then periods since its start).
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (NULL, n = 0, n² overflows, span overflows).
 * @since 0.1
 */
CX_EXPORT int cx_retention_cohorts(const CxRetention *retention, int64_t first, size_t n,
                                   uint64_t *sizes, uint64_t *active);

/**
 * One customer's record, and their activity in @p period.
 * @param retention the accumulator.
 * @param customer  the customer id (length-given bytes).
 * @param len       its length in bytes.
 * @param period    the period asked about (active_in_period, revenue_in_period).
 * @param out       the record; set its `size` first. Filled with zeros for an unknown customer.
 * @return #CX_OK; #CX_E_EMPTY if the customer has no event; #CX_E_INVALID_ARGUMENT;
 *         #CX_E_STRUCT_SIZE.
 * @since 0.1
 */
CX_EXPORT int cx_retention_customer(const CxRetention *retention, const char *customer,
                                    size_t len, int64_t period, CxRetentionCustomer *out);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_RETENTION_H */
