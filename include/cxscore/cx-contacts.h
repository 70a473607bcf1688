/* SPDX-License-Identifier: MIT */
/**
 * @file cx-contacts.h
 * @brief Contact-log analytics: first-contact resolution (FCR), contacts per case, repeat
 *        contacts, channel crossing and time to resolution, from a log of contacts fed one at
 *        a time in any order; mergeable exactly.
 *
 * @defgroup contacts Contact logs
 * @ingroup score
 * @brief First-contact resolution, contacts per case, repeat contacts, channel crossing and time
 *        to resolution from a contact log, by segment and by first channel (cx-contacts.h).
 *
 * A contact log has one row per contact (a call, a chat, an e-mail, a store visit, a
 * self-service session): the case (ticket, issue) it belongs to, when it happened (a timestamp or
 * a sequence number), its channel, and whether the case was resolved at that contact. Sources
 * (docs/loyalty.md, section "Contacts"): the project's reference tests/data/reference/LOYALTY.md
 * ("Contacts: FCR = cases resolved at their first contact / cases … unresolved cases count in
 * the denominator");
 * LimeBridge, "The Resolution Holy Grail" (FCR: "in one interaction the customer gets what they
 * need and they don't need a second contact"); Wilson, E. B. (1927), JASA 22:209–212 for the
 * intervals of shares; Hyndman, R. J. & Fan, Y. (1996), "Sample quantiles in statistical
 * packages", The American Statistician 50(4):361–365, definition 7 (R's default) for quantiles.
 *
 * Rules, per case (the contacts of one case id):
 * - **Order.** Contacts are ordered by their order key (a timestamp or a sequence number); ties
 *   are broken by the resolved flag (no, then unknown, then yes: a resolution closes its
 *   instant), then by channel and by segment label (byte-wise). The order is a total order on
 *   the contacts' content, so results never depend on the order in which contacts are added.
 *   The *first contact* is the first in this order.
 * - **Resolution.** A case is resolved if one of its contacts is flagged yes; its *resolution
 *   contact* is the first such contact. Contacts after it are kept (they count as contacts and
 *   channels) and make the case *reopened*; a case with two or more contacts flagged yes is
 *   also counted as *resolved twice*. A case with no contact flagged yes is unresolved, and
 *   stays in every denominator.
 * - **FCR.** A case is resolved at first contact when its only contact is flagged yes: a first
 *   contact flagged yes that is followed by another contact did not resolve the issue for the
 *   customer (it is counted in `fcr_reopened`, so the looser "first contact flagged yes"
 *   figure is (fcr_cases + fcr_reopened) / cases). FCR = fcr_cases / cases, Wilson interval.
 * - **Contacts per case**: mean and standard deviation (n − 1), distribution 1, 2, 3, 4, 5+.
 *   **Repeat-contact rate** = cases with two or more contacts / cases (Wilson interval).
 * - **Channel crossing** = cases whose contacts used two or more different channels / cases
 *   (Wilson interval); a blank channel is not a channel.
 * - **Resolution rate** = resolved cases / cases (Wilson interval).
 * - **Time to resolution** (timestamp order only) = time of the resolution contact − time of the
 *   first contact, over the resolved cases: mean, median and 90th percentile (type 7: for n
 *   sorted values x₁ ≤ … ≤ xₙ and h = (n − 1)p, Q(p) = x₍⌊h⌋₊₁₎ + (h − ⌊h⌋)(x₍⌊h⌋₊₂₎ −
 *   x₍⌊h⌋₊₁₎)).
 *
 * Bad input is counted, never fatal, never silently dropped:
 * - a contact with an empty case id, or without a usable order key (NaN: absent; ±infinity:
 *   unreadable, e.g. a timestamp that does not parse) is *rejected*: counted by reason, and
 *   nothing else of it is used (it cannot be placed in its case); since 0.2 the case it names is
 *   *excluded* from every case figure (its figures would be wrong without the contact) and
 *   counted in `cases_excluded`, its scored contacts in `contacts_excluded`;
 * - a resolved flag that is blank is *unknown*; one that cannot be read (#CX_RESOLVED_INVALID
 *   or any value outside #CxResolved) is counted and then treated as unknown. An unknown flag
 *   is not a resolution: a case whose contacts are all unknown counts as unresolved, and is
 *   counted in `cases_outcome_unknown`.
 *
 * Merging is exact: the state of a case is its number of contacts by flag, its first and last
 * contact and its first contact flagged yes (in the order above), and whether it used two
 * channels, all of which combine exactly, so merging logs split by case, or even splitting one
 * case's contacts between shards, gives the same result as one pass, bit for bit.
 *
 * **Contact centres (0.2, docs/contacts.md).** cx_contacts_add_contact() also takes the
 * agent, whether the contact was self-service, whether it was transferred, its wait and whether
 * it was abandoned: cx_contacts_waits() gives the service level, abandonment rate, average
 * speed of answer and wait percentiles of a group of contacts (sources at #CxContactsWaits);
 * the case figures gain containment and failed self-service (a self-service contact followed
 * by an assisted one), distinct agents per case, restarts with a new agent and transfers.
 *
 * Memory is O(cases + distinct channels + distinct segment labels + distinct (case, agent)
 * pairs + distinct waits per channel and label), not O(contacts): a case costs some 250 to 400
 * bytes (arrays grow by doubling) plus its id. Every allocation that grows
 * with the log is checked: a call that cannot get memory returns #CX_E_NO_MEMORY and leaves the
 * accumulator as it was. At most 2³² − 2 distinct cases, channels and segment labels each.
 * This is one of the two accumulators whose memory grows with the data (cxscore.h,
 * @ref rules_accumulators).
 *
 * **Segments.** Each contact may carry a segment label (e.g. the issue type or journey); a
 * case's segment is the label on its first contact. Results are available per segment
 * (cx_contacts_segment()) and per channel of first contact (cx_contacts_channel()). Channels and
 * segments are listed in byte-wise order of their names; an index is valid until the next add,
 * merge or reset (a new name shifts the indices after it), names stay valid until reset or free.
 * Case ids, channels and segment labels are length-given bytes (cxscore.h, @ref rules_text).
 * @{
 */
#ifndef CXSCORE_CX_CONTACTS_H
#define CXSCORE_CX_CONTACTS_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>

CX_BEGIN_DECLS

/** Opaque contact-log accumulator. */
typedef struct CxContacts CxContacts;

/** What the order key of a contact is, for cx_contacts_new() (passed as `int`). */
typedef enum {
    /** Seconds since 1970-01-01T00:00:00Z (Unix time, fractions allowed); cx_cell_parse_time()
     *  reads ISO 8601 text into it. Times to resolution are computed. */
    CX_CONTACTS_ORDER_TIME = 0,
    /** A sequence number (any finite number; only the order matters): no durations. */
    CX_CONTACTS_ORDER_SEQUENCE = 1
} CxContactsOrder;

/** The resolved flag of a contact, for cx_contacts_add() (passed as `int`). */
typedef enum {
    CX_RESOLVED_NO = 0,      /**< The case was not resolved at this contact. */
    CX_RESOLVED_YES = 1,     /**< The case was resolved at this contact. */
    CX_RESOLVED_UNKNOWN = 2, /**< The log does not say (blank, NA, N/A, -). */
    CX_RESOLVED_INVALID = 3  /**< The flag could not be read: counted, then taken as unknown. */
} CxResolved;

/**
 * Figures of a contact log (cx_contacts_result()) or of one segment of it
 * (cx_contacts_segment()). Set `size` before the call (cxscore.h, @ref rules_structs). Shares
 * are proportions in [0, 1]; times in seconds; intervals at the level asked.
 */
typedef struct {
    size_t size;                     /**< Set by the caller: sizeof(CxContactsResult). */
    int32_t order;                   /**< The #CxContactsOrder of the accumulator. */
    int32_t reserved;                /**< Reserved: 0 (keeps the layout free of padding). */
    uint64_t cases;                  /**< Cases (distinct case ids with a scored contact). */
    uint64_t contacts;               /**< Scored contacts. */
    uint64_t rejected;               /**< Contacts not scored, all reasons (overall only: a
                                          rejected contact belongs to no case, so segment
                                          results have 0 here and below). */
    uint64_t rejected_no_case;       /**< Empty case id. */
    uint64_t rejected_order_missing; /**< Order key absent (NaN). */
    uint64_t rejected_order_invalid; /**< Order key unreadable (±infinity). */
    uint64_t flag_unknown;           /**< Scored contacts with a blank flag. */
    uint64_t flag_invalid;           /**< Scored contacts with an unreadable flag (taken as
                                          unknown). */
    uint64_t channel_missing;        /**< Scored contacts with a blank channel. */
    uint64_t fcr_cases;              /**< Cases resolved at first contact (one contact, yes). */
    double fcr;                      /**< fcr_cases / cases. */
    double fcr_ci_lower;             /**< Lower bound of the Wilson interval of fcr. */
    double fcr_ci_upper;             /**< Upper bound of the Wilson interval of fcr. */
    uint64_t fcr_reopened;           /**< First contact flagged yes, yet more contacts followed. */
    uint64_t resolved_cases;         /**< Cases with a contact flagged yes. */
    double resolution_rate;          /**< resolved_cases / cases. */
    double resolution_rate_ci_lower;      /**< Lower bound of its Wilson interval. */
    double resolution_rate_ci_upper;      /**< Upper bound of its Wilson interval. */
    uint64_t cases_reopened;         /**< Resolved cases with a contact after the resolution. */
    uint64_t cases_resolved_twice;   /**< Cases with two or more contacts flagged yes. */
    uint64_t cases_outcome_unknown;  /**< Cases whose every flag is unknown or unreadable. */
    uint64_t contacts_per_case[5];   /**< Cases with 1, 2, 3, 4, and 5 or more contacts. */
    uint64_t max_contacts;           /**< Most contacts in one case. */
    double contacts_mean;            /**< contacts / cases. */
    double contacts_sd;              /**< SD of contacts per case (n − 1); NaN below 2 cases. */
    uint64_t repeat_cases;           /**< Cases with two or more contacts. */
    double repeat_rate;              /**< repeat_cases / cases. */
    double repeat_rate_ci_lower;          /**< Lower bound of its Wilson interval. */
    double repeat_rate_ci_upper;          /**< Upper bound of its Wilson interval. */
    uint64_t cross_channel_cases;    /**< Cases that used two or more channels. */
    double cross_channel;            /**< cross_channel_cases / cases. */
    double cross_channel_ci_lower;   /**< Lower bound of its Wilson interval. */
    double cross_channel_ci_upper;   /**< Upper bound of its Wilson interval. */
    uint64_t resolution_times;       /**< Resolved cases with a time to resolution (all resolved
                                          cases in time order; 0 in sequence order). */
    double time_to_resolution_mean;  /**< Seconds; NaN without resolution times. */
    double time_to_resolution_median; /**< Type-7 quantile 0.5, seconds. */
    double time_to_resolution_p90;   /**< Type-7 quantile 0.9, seconds. */
    double level;                    /**< Level of the intervals. */
    /* Since 0.2 (issue 21 item 7, issue 18 part 3): */
    uint64_t cases_excluded;         /**< Cases with a contact that could not be scored (a case
                                          id but no readable order key): left out of every case
                                          figure above and below, and counted here.
                                          @since 0.2 */
    uint64_t contacts_excluded;      /**< Scored contacts of those cases (not in `contacts`).
                                          @since 0.2 */
    uint64_t self_service_cases;     /**< Cases with a self-service contact. @since 0.2 */
    uint64_t contained_cases;        /**< Of those, resolved with no assisted contact at all
                                          (contained by self-service). @since 0.2 */
    double containment;              /**< contained_cases / self_service_cases. @since 0.2 */
    double containment_ci_lower;     /**< Lower bound of its Wilson interval. @since 0.2 */
    double containment_ci_upper;     /**< Upper bound of its Wilson interval. @since 0.2 */
    uint64_t failed_self_service_cases; /**< Cases where a self-service contact was followed
                                             (in the contact order) by an assisted one.
                                             @since 0.2 */
    double failed_self_service;      /**< failed_self_service_cases / self_service_cases.
                                          @since 0.2 */
    double failed_self_service_ci_lower; /**< Lower bound of its Wilson interval. @since 0.2 */
    double failed_self_service_ci_upper; /**< Upper bound of its Wilson interval. @since 0.2 */
    uint64_t agent_cases;            /**< Cases with at least one named agent. @since 0.2 */
    uint64_t agents_max;             /**< Most distinct agents in one case. @since 0.2 */
    double agents_mean;              /**< Mean distinct agents per case, over agent_cases.
                                          @since 0.2 */
    double agents_ci_lower;          /**< Lower bound of its t interval (NaN below 2 cases).
                                          @since 0.2 */
    double agents_ci_upper;          /**< Upper bound of its t interval. @since 0.2 */
    uint64_t restarted_cases;        /**< Cases whose contacts met two or more distinct agents
                                          (the customer started again with a new agent).
                                          @since 0.2 */
    double restarted;                /**< restarted_cases / agent_cases. @since 0.2 */
    double restarted_ci_lower;       /**< Lower bound of its Wilson interval. @since 0.2 */
    double restarted_ci_upper;       /**< Upper bound of its Wilson interval. @since 0.2 */
    uint64_t transfers;              /**< Contacts flagged transferred. @since 0.2 */
    uint64_t transfer_cases;         /**< Cases with a contact flagged transferred. @since 0.2 */
    double transfer_rate;            /**< transfer_cases / cases. @since 0.2 */
    double transfer_rate_ci_lower;   /**< Lower bound of its Wilson interval. @since 0.2 */
    double transfer_rate_ci_upper;   /**< Upper bound of its Wilson interval. @since 0.2 */
    uint64_t transfer_flag_invalid;  /**< Contacts whose transferred flag could not be read
                                          (taken as not transferred). @since 0.2 */
} CxContactsResult;

/**
 * Figures of the cases first contacted in one channel (cx_contacts_channel()). Set `size` before
 * the call (cxscore.h, @ref rules_structs).
 */
typedef struct {
    size_t size;             /**< Set by the caller: sizeof(CxContactsChannelResult). */
    uint64_t contacts;       /**< All scored contacts in this channel (first or not),
                                  those of excluded cases too: the channels add up to
                                  CxContactsResult `contacts` + `contacts_excluded`. */
    uint64_t cases;          /**< Cases whose first contact was in this channel. */
    uint64_t fcr_cases;      /**< Of those, resolved at first contact. */
    double fcr;              /**< fcr_cases / cases (NaN if no case started here). */
    double fcr_ci_lower;     /**< Lower bound of the Wilson interval of fcr. */
    double fcr_ci_upper;     /**< Upper bound of the Wilson interval of fcr. */
    uint64_t repeat_cases;   /**< Of those, cases with two or more contacts. */
    uint64_t crossed_cases;  /**< Of those, cases that also used another channel. */
    uint64_t resolved_cases; /**< Of those, resolved cases (in any channel). */
    uint64_t resolved_here;  /**< Cases (first contacted anywhere) whose resolution contact
                                  was in this channel. */
    double level;            /**< Level of the interval. */
    /* Since 0.2 (issue 18 part 3): */
    uint64_t self_service_cases; /**< Cases whose first self-service contact was in this
                                      channel. @since 0.2 */
    uint64_t contained_cases;    /**< Of those, contained (see CxContactsResult). @since 0.2 */
    double containment;          /**< contained_cases / self_service_cases. @since 0.2 */
    double containment_ci_lower; /**< Lower bound of its Wilson interval. @since 0.2 */
    double containment_ci_upper; /**< Upper bound of its Wilson interval. @since 0.2 */
    uint64_t failed_self_service_cases; /**< Of those, failed self-service. @since 0.2 */
    double failed_self_service;  /**< failed_self_service_cases / self_service_cases.
                                      @since 0.2 */
    double failed_self_service_ci_lower; /**< Lower bound of its Wilson interval. @since 0.2 */
    double failed_self_service_ci_upper; /**< Upper bound of its Wilson interval. @since 0.2 */
} CxContactsChannelResult;

/**
 * Creates an accumulator whose order keys are of kind @p order (#CxContactsOrder).
 * @param order a #CxContactsOrder.
 * @param out   receives the accumulator (free with cx_contacts_free()); NULL on failure.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (an unknown kind, NULL @p out); #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_contacts_new(int order, CxContacts **out);

/**
 * Frees an accumulator.
 * @param contacts the accumulator, or NULL (then nothing happens).
 * @since 0.1
 */
CX_EXPORT void cx_contacts_free(CxContacts *contacts);

/**
 * Forgets every contact (the order kind stays).
 * @param contacts the accumulator.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_contacts_reset(CxContacts *contacts);

/**
 * Duplicates an accumulator.
 * @param contacts the accumulator to copy (unchanged).
 * @param out receives the copy (free with cx_contacts_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL) or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_contacts_copy(const CxContacts *contacts, CxContacts **out);

/**
 * Adds @p src to @p dst (same order kind): cases present in both are combined contact by
 * contact, as if every contact had been added to @p dst.
 * @param dst the accumulator that takes in @p src.
 * @param src the accumulator added (unchanged).
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (NULL, or @p dst == @p src); #CX_E_MISMATCH (order
 *         kinds differ); #CX_E_OVERFLOW (a count would overflow, or more than 2³² − 2 cases,
 *         channels or labels); #CX_E_NO_MEMORY. On failure @p dst is unchanged.
 * @since 0.1
 */
CX_EXPORT int cx_contacts_merge(CxContacts *dst, const CxContacts *src);

/**
 * Serializes the state: magic "CXCT", format version 3 since 0.2 (the payload is described
 * in lib/score/contacts.c, docs/loyalty.md and docs/contacts.md; older formats are refused with
 * #CX_E_VERSION). Equal states give equal bytes, whatever the order
 * of the contacts that made them (names and cases are written in byte-wise order), and the bytes
 * do not depend on the machine's byte order. Shards' states, read back and merged, give the
 * one-pass figures bit for bit.
 * @param contacts the accumulator (unchanged).
 * @param bytes receives a buffer the caller owns: free it with cx_free(); NULL on failure.
 * @param len   receives its length in bytes; 0 on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (a NULL argument) or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_contacts_serialize(const CxContacts *contacts, uint8_t **bytes, size_t *len);

/**
 * Rebuilds an accumulator from cx_contacts_serialize() output. Every field is checked: names
 * and case ids sorted and distinct, ids in range, each case's counts, first and last contacts,
 * resolution and channels consistent with one another, the channels' contacts adding up to
 * the cases'. Nothing past @p len is read.
 * @param bytes the serialized state (not kept after the call).
 * @param len   its length in bytes.
 * @param out   receives the accumulator (free with cx_contacts_free()); NULL on failure.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (NULL @p bytes or @p out); #CX_E_CORRUPT (not such a
 *         state, truncated or inconsistent); #CX_E_VERSION (a newer format); #CX_E_OVERFLOW
 *         (counts that add up past 2⁶⁴ − 1); #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_contacts_deserialize(const uint8_t *bytes, size_t len, CxContacts **out);

/**
 * Adds one contact. Strings are length-given bytes (they need not be NUL-terminated and may hold
 * any byte); NULL is allowed with length 0.
 * @param contacts    the accumulator.
 * @param case_id     the case the contact belongs to; empty: the contact is rejected and counted.
 * @param case_id_len its length in bytes.
 * @param order       the order key (see #CxContactsOrder): NaN when absent, ±infinity when it
 *                    could not be read (both rejected and counted by reason).
 * @param channel     the channel (e.g. "phone"); empty: no channel (counted in channel_missing).
 * @param channel_len its length in bytes.
 * @param resolved    a #CxResolved; any other value is counted as unreadable, like
 *                    #CX_RESOLVED_INVALID.
 * @return #CX_OK (also when the contact is rejected: it is counted); #CX_E_INVALID_ARGUMENT for
 *         a NULL accumulator or a NULL string with a non-zero length; #CX_E_OVERFLOW if more
 *         than 2³² − 2 distinct cases, channels or segment labels were met, or 2⁶⁴ − 1
 *         contacts; #CX_E_NO_MEMORY. On failure nothing is added.
 * @since 0.1
 */
CX_EXPORT int cx_contacts_add(CxContacts *contacts, const char *case_id, size_t case_id_len,
                              double order, const char *channel, size_t channel_len,
                              int resolved);

/**
 * Adds one contact with a segment label (e.g. the issue type); the case's segment is the label
 * on its first contact. Otherwise as cx_contacts_add(), which uses the empty label.
 * @param contacts, case_id, case_id_len, order, channel, channel_len, resolved as for
 *        cx_contacts_add().
 * @param segment     the segment label (length-given bytes; empty: the empty label).
 * @param segment_len its length in bytes.
 * @return as cx_contacts_add().
 * @since 0.1
 */
CX_EXPORT int cx_contacts_add_segmented(CxContacts *contacts, const char *case_id,
                                        size_t case_id_len, double order, const char *channel,
                                        size_t channel_len, int resolved, const char *segment,
                                        size_t segment_len);

/**
 * Reads a resolved flag from CSV cell text, ignoring case and surrounding spaces and tabs:
 * "yes", "y", "true", "t", "1", "resolved" are #CX_RESOLVED_YES; "no", "n", "false", "f", "0",
 * "unresolved" are #CX_RESOLVED_NO; blank, "NA", "N/A", "-" are #CX_RESOLVED_UNKNOWN; anything
 * else is #CX_RESOLVED_INVALID.
 * @param text the cell (need not be NUL-terminated); NULL only if @p len is 0 (blank).
 * @param len  its length in bytes.
 * @return a #CxResolved, or #CX_E_INVALID_ARGUMENT if @p text is NULL and @p len is not 0.
 * @since 0.1
 */
CX_EXPORT int cx_contacts_parse_resolved(const char *text, size_t len);

/**
 * Computes the figures of the whole log, intervals at @p level in (0, 1).
 * @param contacts the accumulator.
 * @param level    the confidence level of the intervals, in (0, 1).
 * @param out      the figures; set its `size` first.
 * @return #CX_OK; #CX_E_EMPTY without a case (counts filled, shares and times NaN);
 *         #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE; #CX_E_NO_MEMORY (the quantiles need a
 *         sorted copy of the times: nothing is written).
 * @since 0.1
 */
CX_EXPORT int cx_contacts_result(const CxContacts *contacts, double level,
                                 CxContactsResult *out);

/**
 * The number of channels.
 * @param contacts the accumulator.
 * @return the number of distinct channels of scored contacts (a blank channel included), or 0
 *         for NULL.
 * @since 0.1
 */
CX_EXPORT size_t cx_contacts_channel_count(const CxContacts *contacts);

/**
 * Name of channel @p index (byte-wise order).
 * @param contacts the accumulator.
 * @param index    a 0-based channel index, below cx_contacts_channel_count().
 * @param len      receives the name's length in bytes (may be NULL).
 * @return the name, NUL-terminated (it may also hold NUL bytes: use @p len), owned by the
 *         accumulator; NULL if @p index is out of range (or for NULL).
 * @since 0.1
 */
CX_EXPORT const char *cx_contacts_channel_name(const CxContacts *contacts, size_t index,
                                               size_t *len);

/**
 * Figures of the cases first contacted in channel @p index. The first call after a change
 * groups the cases by channel in one pass (O(cases + channels)); each call then reads only its
 * channel's cases, so the figures of every channel take linear time in all.
 * @param contacts the accumulator.
 * @param index    a 0-based channel index, below cx_contacts_channel_count().
 * @param level    the confidence level of the interval, in (0, 1).
 * @param out      the figures; set its `size` first.
 * @return #CX_OK (also for a channel where no case started: its shares are NaN);
 *         #CX_E_INVALID_ARGUMENT (index out of range, bad level, NULL); #CX_E_STRUCT_SIZE;
 *         #CX_E_NO_MEMORY (no room to group the cases; the accumulator is unchanged).
 * @since 0.1
 */
CX_EXPORT int cx_contacts_channel(const CxContacts *contacts, size_t index, double level,
                                  CxContactsChannelResult *out);

/**
 * The number of segments.
 * @param contacts the accumulator.
 * @return the number of distinct segment labels on scored contacts (the empty label included),
 *         or 0 for NULL.
 * @since 0.1
 */
CX_EXPORT size_t cx_contacts_segment_count(const CxContacts *contacts);

/**
 * Label of segment @p index (byte-wise order), as cx_contacts_channel_name().
 * @param contacts the accumulator.
 * @param index    a 0-based segment index, below cx_contacts_segment_count().
 * @param len      receives the label's length in bytes (may be NULL).
 * @return the label, NUL-terminated (it may also hold NUL bytes: use @p len), owned by the
 *         accumulator; NULL if @p index is out of range (or for NULL).
 * @since 0.1
 */
CX_EXPORT const char *cx_contacts_segment_name(const CxContacts *contacts, size_t index,
                                               size_t *len);

/**
 * Figures of the cases in segment @p index, as cx_contacts_result() (the rejected counts are 0).
 * The first call after a change groups the cases by segment in one pass (O(cases + segments),
 * 4 bytes a case); each call then reads only its segment's cases, so the figures of every
 * segment take linear time in all (they took one pass over every case each before 0.2).
 * @param contacts the accumulator.
 * @param index    a 0-based segment index, below cx_contacts_segment_count().
 * @param level    the confidence level of the intervals, in (0, 1).
 * @param out      the figures; set its `size` first.
 * @return #CX_OK; #CX_E_EMPTY (a label met only on later contacts has no case);
 *         #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE; #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_contacts_segment(const CxContacts *contacts, size_t index, double level,
                                  CxContactsResult *out);

/* ---- 0.2: waits, self-service and hand-offs (issue 18 part 3) -------------------------------- */

/** Which contacts cx_contacts_waits() describes (passed as `int`). @since 0.2 */
typedef enum {
    CX_CONTACTS_ALL = 0,     /**< Every scored contact (the index is ignored). */
    CX_CONTACTS_CHANNEL = 1, /**< The contacts in channel `index` (cx_contacts_channel_name()). */
    CX_CONTACTS_SEGMENT = 2  /**< The contacts carrying segment label `index` (their own label,
                                  not their case's: a contact's period is its own). */
} CxContactsGroup;

/**
 * Waiting-time figures of a group of contacts (cx_contacts_waits()). Set `size` before the call
 * (cxscore.h, @ref rules_structs). A contact's wait is the time it spent waiting for an answer;
 * it is *answered* or *abandoned* (the customer hung up or left the queue first). With
 * T = `threshold` and S = `short_abandon` (Gans, Koole & Mandelbaum 2003, section 2.2; Cleveland
 * 2012, chapter 3, the definitions of service level):
 * - service level = answered within T / (answered + abandoned after S): the abandoned contacts
 *   that waited at most S seconds (*short abandons*, callers who hung up before they could have
 *   been answered) are left out of the base, the others count against the service level;
 * - abandonment rate = abandoned after S / (answered + abandoned after S);
 * - average speed of answer (ASA) = mean wait of the answered contacts, with a t interval;
 * - wait percentiles of the answered contacts: type-7 quantiles (Hyndman & Fan 1996), exact.
 * Shares with Wilson (1927) intervals.
 * @since 0.2
 */
typedef struct {
    size_t size;               /**< Set by the caller: sizeof(CxContactsWaits). */
    uint64_t contacts;         /**< Scored contacts in the group, all of them. */
    uint64_t answered;         /**< Contacts answered, with a usable wait. */
    uint64_t answered_within;  /**< Of those, answered with wait ≤ threshold. */
    uint64_t abandoned;        /**< Contacts abandoned after waiting more than short_abandon. */
    uint64_t short_abandoned;  /**< Contacts abandoned within short_abandon (out of every base). */
    uint64_t wait_missing;     /**< Contacts without a wait (blank: not a queued contact). */
    uint64_t wait_negative;    /**< Contacts with a negative wait: counted, wait not used. */
    uint64_t wait_invalid;     /**< Contacts whose wait could not be read: counted, not used. */
    uint64_t abandoned_unknown; /**< Contacts with a wait but a blank abandoned flag: counted,
                                     not used. */
    uint64_t abandoned_invalid; /**< Contacts with a wait but an unreadable abandoned flag:
                                     counted, not used. */
    double threshold;          /**< T, seconds, as asked. */
    double short_abandon;      /**< S, seconds, as asked. */
    double service_level;      /**< answered_within / (answered + abandoned); NaN if 0. */
    double service_level_ci_lower; /**< Lower bound of its Wilson interval. */
    double service_level_ci_upper; /**< Upper bound of its Wilson interval. */
    double abandonment_rate;   /**< abandoned / (answered + abandoned); NaN if 0. */
    double abandonment_rate_ci_lower; /**< Lower bound of its Wilson interval. */
    double abandonment_rate_ci_upper; /**< Upper bound of its Wilson interval. */
    double asa;                /**< Average speed of answer, seconds; NaN without answers. */
    double asa_ci_lower;       /**< Lower bound of its t interval (n − 1 df; NaN below 2). */
    double asa_ci_upper;       /**< Upper bound of its t interval. */
    double wait_sd;            /**< SD of the answered waits (n − 1); NaN below 2. */
    double wait_median;        /**< Type-7 quantile 0.5 of the answered waits. */
    double wait_p90;           /**< Type-7 quantile 0.9 of the answered waits. */
    double wait_max;           /**< Longest answered wait. */
    double level;              /**< Level of the intervals. */
} CxContactsWaits;

/**
 * Adds one contact with every column of a contact-centre log: as cx_contacts_add_segmented(),
 * plus the agent who handled it, whether it was a self-service contact, whether it was
 * transferred, and its wait. Rejected contacts (empty case id, no usable order key) count as
 * before; one that names a case also marks the case as *excluded*: its figures would be wrong
 * without the contact, so the case leaves every case figure and is counted in `cases_excluded`.
 * @param contacts, case_id, case_id_len, order, channel, channel_len, resolved, segment,
 *        segment_len as for cx_contacts_add_segmented().
 * @param agent        the agent (length-given bytes; empty: none, e.g. self-service).
 * @param agent_len    its length in bytes.
 * @param self_service 1 for a self-service contact (IVR, web, app), 0 for an assisted one; any
 *                     other value is #CX_E_INVALID_ARGUMENT.
 * @param transferred  a #CxResolved value read as a yes/no flag (cx_contacts_parse_flag()):
 *                     yes counts a transfer; blank is no; an unreadable value is counted in
 *                     `transfer_flag_invalid` and taken as no.
 * @param wait         seconds waited before an answer or abandonment; NaN: no wait (counted in
 *                     `wait_missing`); negative or ±infinity (unreadable): counted, not used.
 * @param abandoned    a #CxResolved value read as a yes/no flag: yes for an abandoned contact;
 *                     blank or unreadable with a wait: counted, the wait not used.
 * @return as cx_contacts_add_segmented(); #CX_E_INVALID_ARGUMENT also for a NULL agent with a
 *         non-zero length or a bad @p self_service.
 * @since 0.2
 */
CX_EXPORT int cx_contacts_add_contact(CxContacts *contacts, const char *case_id,
                                      size_t case_id_len, double order, const char *channel,
                                      size_t channel_len, int resolved, const char *segment,
                                      size_t segment_len, const char *agent, size_t agent_len,
                                      int self_service, int transferred, double wait,
                                      int abandoned);

/**
 * Reads a yes/no flag (abandoned, transferred) from CSV cell text, ignoring case and surrounding
 * spaces and tabs: "yes", "y", "true", "t", "1" are #CX_RESOLVED_YES; "no", "n", "false", "f",
 * "0" are #CX_RESOLVED_NO; blank, "NA", "N/A", "-" are #CX_RESOLVED_UNKNOWN; anything else is
 * #CX_RESOLVED_INVALID.
 * @param text the cell (need not be NUL-terminated); NULL only if @p len is 0 (blank).
 * @param len  its length in bytes.
 * @return a #CxResolved value, or #CX_E_INVALID_ARGUMENT if @p text is NULL and @p len is not 0.
 * @since 0.2
 */
CX_EXPORT int cx_contacts_parse_flag(const char *text, size_t len);

/**
 * Waiting-time figures (see #CxContactsWaits) of every contact, of a channel's or of a segment
 * label's. Exact: the accumulator keeps each group's distinct waits with their counts (memory
 * grows with the distinct waits, at most 86 400 a group for whole seconds within a day), so the
 * service level can be asked at any threshold and the percentiles are exact.
 * @param contacts      the accumulator.
 * @param group         a #CxContactsGroup.
 * @param index         the channel or segment index (ignored for #CX_CONTACTS_ALL).
 * @param threshold     T of the service level, seconds (finite, ≥ 0), e.g. 20 for "80/20".
 * @param short_abandon S, seconds (finite, ≥ 0): abandons within it are left out; 0 counts
 *                      every abandon but those at 0 s.
 * @param level         the confidence level of the intervals, in (0, 1).
 * @param out           the figures; set its `size` first.
 * @return #CX_OK; #CX_E_EMPTY when no contact of the group has a usable wait (counts filled,
 *         figures NaN); #CX_E_INVALID_ARGUMENT (NULL, bad group, index, threshold or level);
 *         #CX_E_STRUCT_SIZE; #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_contacts_waits(const CxContacts *contacts, int group, size_t index,
                                double threshold, double short_abandon, double level,
                                CxContactsWaits *out);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_CONTACTS_H */
