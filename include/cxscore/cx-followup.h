/* SPDX-License-Identifier: MIT */
/**
 * @file cx-followup.h
 * @brief Closing the loop: time to first contact, share contacted within an SLA, closure rate,
 *        open alerts by age and recovery of detractors, from a follow-up log fed one alert at a
 *        time in any order; mergeable and serializable.
 *
 * @defgroup followup Follow-up (closed-loop) logs
 * @ingroup score
 * @brief Loop-closure figures from a log of alerts raised on unhappy responses (cx-followup.h).
 *
 * A follow-up log has one row per alert: the survey response it was raised on, when the alert
 * was raised, when the customer was first contacted, when the alert was closed, its outcome,
 * its owner (or team, or segment: a *group*), and, when a follow-up survey was sent, the
 * customer's 0–10 likelihood-to-recommend before (the alerting response) and after.
 * Sources (docs/followup.md): Wilson, E. B. (1927), JASA 22:209–212 for the intervals of shares;
 * Hyndman, R. J. & Fan, Y. (1996), "Sample quantiles in statistical packages", The American
 * Statistician 50(4):361–365, definition 7 for the median and p90; McNemar, Q. (1947), "Note on
 * the sampling error of the difference between correlated proportions or percentages",
 * Psychometrika 12(2):153–157 for the paired change; Reichheld, F. F. (2003), "The One Number You
 * Need to Grow", Harvard Business Review 81(12):46–54 for detractors (0–6), passives (7–8) and
 * promoters (9–10).
 *
 * Rules (all times in seconds since 1970-01-01 UTC, as cx_cell_parse_time() reads them; NaN
 * means "not yet"):
 * - **Time to first contact** = first_contact_at − alerted_at, over contacted alerts; median
 *   and p90 (definition 7).
 * - **Within SLA** (an SLA of S seconds, given at result time): an alert is *decided* when it
 *   was contacted or when its SLA window has ended (alerted_at + S ≤ now); it *meets* the SLA
 *   when it was contacted with a time to first contact ≤ S. Share = met / decided, Wilson
 *   interval. Alerts still inside their window and not yet contacted are in neither count.
 * - **Closure rate** = closed alerts / alerts (Wilson interval); an alert is closed when it has
 *   a closed_at and an outcome.
 * - **Open alerts by age** (now − alerted_at): under 24 h, 24–48 h, 48 h–7 days, 7 days or more.
 * - **Recovery**: over alerts with both scores (a *pair*), the detractors before (score ≤ 6) who
 *   are passives (7–8) or promoters (9–10) after. McNemar's test on the paired "detractor"
 *   outcome: with b = detractor → not detractor and c = not detractor → detractor,
 *   χ² = (b − c)² / (b + c) with 1 degree of freedom (no continuity correction, as McNemar
 *   1947 eq. 3); NaN when b + c = 0.
 *
 * Bad input is never dropped silently: cx_followup_add() rejects an alert with the reason of
 * #CxFollowupRejection, counts it, and keeps the first line of each reason
 * (cx_followup_rejections()).
 */
#ifndef CXSCORE_CX_FOLLOWUP_H
#define CXSCORE_CX_FOLLOWUP_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>

#include <stddef.h>
#include <stdint.h>

CX_BEGIN_DECLS

/** The outcome of an alert. @since 0.2 */
typedef enum {
    CX_FOLLOWUP_OPEN = 0,        /**< Not closed yet (a blank outcome). */
    CX_FOLLOWUP_RESOLVED = 1,    /**< Closed, the customer's issue resolved. */
    CX_FOLLOWUP_UNRESOLVED = 2,  /**< Closed without resolving the issue. */
    CX_FOLLOWUP_UNREACHABLE = 3, /**< Closed, the customer could not be reached. */
} CxFollowupOutcome;

/** Why cx_followup_add() rejected an alert. @since 0.2 */
typedef enum {
    CX_FOLLOWUP_ACCEPTED = 0,         /**< Not rejected. */
    CX_FOLLOWUP_REJECT_NO_ID,         /**< The response id is empty. */
    CX_FOLLOWUP_REJECT_DUPLICATE,     /**< A second alert for a response id: the one on the
                                           earlier line is kept (line 0 counts as the latest),
                                           the other rejected with its line. */
    CX_FOLLOWUP_REJECT_BAD_TIME, /**< alerted_at is missing (NaN) or infinite, or another
                                           time is infinite. */
    CX_FOLLOWUP_REJECT_OUT_OF_ORDER,  /**< first contact or closure before the alert, or closure
                                           before the first contact. */
    CX_FOLLOWUP_REJECT_FUTURE,        /**< A time after `now`. */
    CX_FOLLOWUP_REJECT_UNKNOWN_OUTCOME, /**< An outcome outside #CxFollowupOutcome. */
    CX_FOLLOWUP_REJECT_INCONSISTENT,  /**< closed_at without an outcome, or an outcome without
                                           closed_at. */
    CX_FOLLOWUP_REJECT_BAD_SCORE,     /**< A score outside [0, 10], or infinite. */
    CX_FOLLOWUP_N_REJECTIONS          /**< The number of values above. */
} CxFollowupRejection;

/**
 * The times, outcome and scores of one alert (an input struct: set `size` to
 * sizeof(CxFollowupAlert)); its response id and group are arguments of cx_followup_add().
 * @since 0.2
 */
typedef struct {
    size_t size;              /**< Set by the caller: sizeof(CxFollowupAlert). */
    double alerted_at;        /**< When the alert was raised (Unix seconds). */
    double first_contact_at;  /**< First contact with the customer; NaN: not yet. */
    double closed_at;         /**< When the alert was closed; NaN: open. */
    double score_before;      /**< 0–10 score of the alerting response; NaN: unknown. */
    double score_after;       /**< 0–10 score of the follow-up survey; NaN: none. */
    uint64_t line;            /**< The line of the alert in its file (for reports), or 0. */
    int32_t outcome;          /**< A #CxFollowupOutcome. */
    int32_t reserved;         /**< Set to 0. */
} CxFollowupAlert;

/**
 * Loop-closure figures (cx_followup_result()). Set `size` before the call (cxscore.h,
 * @ref rules_structs). Times are in seconds.
 * @since 0.2
 */
typedef struct {
    size_t size;              /**< Set by the caller: sizeof(CxFollowupResult). */
    uint64_t alerts;          /**< Accepted alerts. */
    uint64_t contacted;       /**< Alerts with a first contact. */
    double first_contact_median; /**< Median time to first contact (NaN without contact). */
    double first_contact_p90; /**< 90th percentile of the time to first contact. */
    double sla;               /**< The SLA S of the call, in seconds. */
    uint64_t sla_decided;     /**< Alerts contacted or whose SLA window has ended. */
    uint64_t sla_met;         /**< Alerts contacted within S. */
    double sla_share;         /**< sla_met / sla_decided (NaN when 0 decided). */
    double sla_lower;         /**< Wilson lower bound of sla_share. */
    double sla_upper;         /**< Wilson upper bound of sla_share. */
    uint64_t closed;          /**< Closed alerts. */
    uint64_t resolved;        /**< Closed as #CX_FOLLOWUP_RESOLVED. */
    double closure_rate;      /**< closed / alerts. */
    double closure_lower;     /**< Wilson lower bound of closure_rate. */
    double closure_upper;     /**< Wilson upper bound of closure_rate. */
    uint64_t open_under_24h;  /**< Open alerts raised less than 24 h before now. */
    uint64_t open_24h_48h;    /**< Open alerts aged [24 h, 48 h). */
    uint64_t open_48h_7d;     /**< Open alerts aged [48 h, 7 days). */
    uint64_t open_over_7d;    /**< Open alerts aged 7 days or more. */
    uint64_t pairs;           /**< Alerts with both scores. */
    uint64_t detractors_before; /**< Pairs whose score before is ≤ 6. */
    uint64_t to_passive;      /**< Detractors before who are passives (7–8) after. */
    uint64_t to_promoter;     /**< Detractors before who are promoters (9–10) after. */
    uint64_t became_detractor; /**< Pairs not detractors before, detractors after (McNemar's c). */
    double recovery_rate;     /**< (to_passive + to_promoter) / detractors_before. */
    double recovery_lower;    /**< Wilson lower bound of recovery_rate. */
    double recovery_upper;    /**< Wilson upper bound of recovery_rate. */
    double mcnemar_chi2;      /**< McNemar's χ² (NaN when b + c = 0). */
    double mcnemar_p;         /**< Its p-value, χ² with 1 degree of freedom. */
    double level;             /**< The level of the intervals. */
} CxFollowupResult;

/** An accumulator of follow-up alerts (opaque). @since 0.2 */
typedef struct CxFollowup CxFollowup;

/**
 * Creates an empty accumulator.
 * @param now the time of the analysis (Unix seconds, finite): later times are rejected and open
 *            alerts are aged at @p now.
 * @param out receives the accumulator (free with cx_followup_free()).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL, @p now not finite), #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_followup_new(double now, CxFollowup **out);

/**
 * Frees an accumulator (NULL is allowed).
 * @param followup the accumulator.
 * @since 0.2
 */
CX_EXPORT void cx_followup_free(CxFollowup *followup);

/**
 * Forgets every alert and rejection (`now` is kept).
 * @param followup the accumulator.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT (NULL).
 * @since 0.2
 */
CX_EXPORT int cx_followup_reset(CxFollowup *followup);

/**
 * An independent copy.
 * @param followup the accumulator.
 * @param out      receives the copy.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_followup_copy(const CxFollowup *followup, CxFollowup **out);

/**
 * Adds one alert, or rejects it (counted, see #CxFollowupRejection).
 * @param followup        the accumulator.
 * @param response_id     the survey response the alert was raised on (any bytes).
 * @param response_id_len its length; 0 is rejected as #CX_FOLLOWUP_REJECT_NO_ID.
 * @param group           owner, team or segment (NULL or length 0: none).
 * @param group_len       its length.
 * @param alert           the alert's times, outcome and scores (its `size` set).
 * @param rejection       receives #CX_FOLLOWUP_ACCEPTED or the reason of the rejection (may be
 *                        NULL).
 * @return #CX_OK whether accepted or rejected; #CX_E_INVALID_ARGUMENT (NULL, a NULL string with
 *         a length); #CX_E_STRUCT_SIZE; #CX_E_NO_MEMORY or #CX_E_OVERFLOW (nothing changed).
 * @since 0.2
 */
CX_EXPORT int cx_followup_add(CxFollowup *followup, const char *response_id,
                              size_t response_id_len, const char *group, size_t group_len,
                              const CxFollowupAlert *alert, int *rejection);

/**
 * Parses an outcome cell: blank, "open" → #CX_FOLLOWUP_OPEN; "resolved", "unresolved",
 * "unreachable" (ASCII case ignored, surrounding blanks ignored).
 * @param text the cell (may be NULL when @p len is 0).
 * @param len  its length.
 * @return a #CxFollowupOutcome, or #CX_E_PARSE for any other text.
 * @since 0.2
 */
CX_EXPORT int cx_followup_parse_outcome(const char *text, size_t len);

/**
 * Rejections of one reason.
 * @param followup   the accumulator.
 * @param reason     a #CxFollowupRejection other than #CX_FOLLOWUP_ACCEPTED.
 * @param first_line receives the smallest line of such a rejection (0 if none or unknown; may be
 *                   NULL).
 * @return the count (0 for NULL or an invalid reason).
 * @since 0.2
 */
CX_EXPORT uint64_t cx_followup_rejections(const CxFollowup *followup, int reason,
                                          uint64_t *first_line);

/**
 * Merges @p src into @p dst (src unchanged). Two alerts for one response id are resolved as in
 * cx_followup_add() (#CX_FOLLOWUP_REJECT_DUPLICATE): the one on the earlier line is kept, so
 * shards merged in any order give the same state when lines are distinct.
 * @param dst the accumulator merged into.
 * @param src the accumulator merged.
 * @return #CX_OK; #CX_E_MISMATCH (different `now`); #CX_E_INVALID_ARGUMENT (NULL, dst == src);
 *         #CX_E_NO_MEMORY or #CX_E_OVERFLOW (dst unchanged).
 * @since 0.2
 */
CX_EXPORT int cx_followup_merge(CxFollowup *dst, const CxFollowup *src);

/**
 * Serializes the state (the shared envelope, magic "CXFU", format 1).
 * @param followup the accumulator.
 * @param bytes    receives a new buffer (free with cx_free()).
 * @param len      receives its length.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_followup_serialize(const CxFollowup *followup, uint8_t **bytes, size_t *len);

/**
 * Rebuilds an accumulator from cx_followup_serialize() output.
 * @param bytes the state.
 * @param len   its length.
 * @param out   receives the accumulator.
 * @return #CX_OK, #CX_E_CORRUPT, #CX_E_VERSION, #CX_E_INVALID_ARGUMENT, #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_followup_deserialize(const uint8_t *bytes, size_t len, CxFollowup **out);

/**
 * The loop-closure figures of every alert, or of one group. The first call for a group after a
 * change groups the alerts in one pass (O(alerts + groups), 4 bytes an alert); each call then
 * reads only its group's alerts, so the figures of every group take linear time in all. Like
 * every call, not to be made from two threads at once on one accumulator (cxscore.h).
 * @param followup  the accumulator.
 * @param group     a group name (NULL: every alert; a name of length 0: the alerts without a
 *                  group).
 * @param group_len its length.
 * @param sla       the SLA in seconds (finite, ≥ 0), e.g. 86400 for 24 h.
 * @param level     the confidence level of the intervals, in (0, 1).
 * @param out       the figures; set its `size` first.
 * @return #CX_OK; #CX_E_EMPTY without an alert (counts filled, shares NaN);
 *         #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE; #CX_E_NO_MEMORY (nothing written).
 * @since 0.2
 */
CX_EXPORT int cx_followup_result(const CxFollowup *followup, const char *group,
                                 size_t group_len, double sla, double level,
                                 CxFollowupResult *out);

/**
 * The number of distinct non-empty groups.
 * @param followup the accumulator.
 * @return the count (0 for NULL).
 * @since 0.2
 */
CX_EXPORT size_t cx_followup_group_count(const CxFollowup *followup);

/**
 * Name of group @p index, in byte-wise order (sorted once after each change).
 * @param followup the accumulator.
 * @param index    below cx_followup_group_count().
 * @param len      receives the length (may be NULL).
 * @return the name (owned by the accumulator, valid until its next change), or NULL if out of
 *         range or if memory ran out.
 * @since 0.2
 */
CX_EXPORT const char *cx_followup_group_name(const CxFollowup *followup, size_t index,
                                             size_t *len);

CX_END_DECLS

#endif /* CXSCORE_CX_FOLLOWUP_H */
