/* SPDX-License-Identifier: MIT */
/**
 * @file cx-audit.h
 * @brief Mystery shopping and point-of-sale audits: checklists as data, scores by visit,
 *        section, item (standard), location, region, shopper and period.
 *
 * @defgroup audit Mystery shopping and audits
 * @ingroup score
 * @brief Checklists loaded from key files and a streaming, mergeable accumulator of visits:
 *        visit scores, league tables, failing standards, shopper consistency (cx-audit.h).
 *
 * A shopper or auditor answers a checklist per visit. A checklist (CxChecklist) is data, a key
 * file like the instruments of cx-instrument.h:
 * @code
 * [checklist]
 * name = Retail store visit
 * # the visit score (percent) at or above which a visit passes
 * pass_mark = 80
 * # what a failed critical item zeroes: section or visit
 * critical = visit
 * # optional: the item points must add up to this
 * total_points = 100
 *
 * # one key per section, in presentation order: id = name
 * [sections]
 * arrival = Arrival and greeting
 *
 * # one group per item, [item ID]; ids are letters, digits, '_', '-' and '.'
 * [item A1]
 * section = arrival
 * text = Greeted within 30 seconds of entering
 * points = 5
 * # yesno, rating or measure
 * type = measure
 * # measure: the target and which side of it passes (at_most or at_least)
 * target = 30
 * compare = at_most
 * # rating: scale LOW-HIGH, the lowest passing answer, and threshold or proportional points
 * # scale = 1-5
 * # pass = 4
 * # scoring = proportional
 * # optional (default no): N/A allowed; critical
 * na = no
 * critical = yes
 * @endcode
 * Scoring (docs/audit.md gives the rules and their sources):
 * - an item that applies earns its points (yes; a rating at or above `pass`; a measure on the
 *   passing side of its target) or none; with `scoring = proportional` a rating r on LOW–HIGH
 *   earns points · (r − LOW)/(HIGH − LOW). An item is *compliant* when it earns full marks under
 *   the threshold rule (yes, rating ≥ pass, measure on target);
 * - N/A (the cells NA, N/A or -), a blank and a rejected answer leave both the earned and the
 *   applicable points (they are counted apart);
 * - a critical item that is not compliant is a critical failure: it zeroes the earned points of
 *   its section or of the whole visit, as the checklist says, while the applicable points stay;
 * - visit score = 100 · earned / applicable points; a visit passes when its score is at least
 *   the pass mark. Section scores are the same ratio within a section.
 *
 * Visits come as rows of an export: cx_audit_set_columns() maps the header (the columns
 * `location`, `region`, `shopper`, `date`, and the item ids; `visit` and `comments` are
 * ignored), cx_audit_add_row() scores a row. Segments (#CxAuditSegmentBy): location, region,
 * shopper and the calendar period of the date (cx-period.h). Bad input is counted by reason
 * (#CxAuditReject) and the first cx_audit_max_listed_rejects() are listed with their line and
 * column; it is never an error of the call.
 *
 * Intervals: a mean's Student t-interval (Student 1908); a share's Wilson interval (Wilson 1927,
 * cx_wilson_interval()); comparisons with a baseline segment by Welch's t-test and Newcombe's
 * interval (cx_mean_compare(), cx_proportion_compare()). Shopper consistency: the nested
 * (hierarchical) ANOVA of visit scores with shoppers nested within locations, and each shopper's
 * mean deviation from the location means (docs/audit.md).
 *
 * Memory grows with the number of distinct locations, regions, shoppers, periods and
 * location–shopper pairs (each keeps per-item counts), never with the number of visits. A
 * checklist is only read once loaded; an accumulator is used by one thread at a time.
 * @{
 */
#ifndef CXSCORE_CX_AUDIT_H
#define CXSCORE_CX_AUDIT_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-compare.h>
#include <cxscore/cx-error.h>
#include <cxscore/cx-period.h>

CX_BEGIN_DECLS

/** Opaque checklist definition. */
typedef struct CxChecklist CxChecklist;

/** Opaque accumulator of audit visits. */
typedef struct CxAudit CxAudit;

/** Answer types of a checklist item (cx_checklist_item_type()). */
typedef enum {
    CX_AUDIT_YES_NO = 0,  /**< yes/y/true/pass/1 or no/n/false/fail/0 (case-insensitive). */
    CX_AUDIT_RATING = 1,  /**< A whole number on the item's scale, with a pass threshold. */
    CX_AUDIT_MEASURE = 2  /**< A measured number (e.g. seconds) against a target. */
} CxAuditAnswerType;

/** What a critical failure zeroes (cx_checklist_critical_rule()). */
typedef enum {
    CX_AUDIT_CRITICAL_SECTION = 0, /**< The earned points of the item's section. */
    CX_AUDIT_CRITICAL_VISIT = 1    /**< The earned points of the whole visit. */
} CxAuditCriticalRule;

/** Segments of visits (passed as `int`). */
typedef enum {
    CX_AUDIT_BY_LOCATION = 0, /**< The `location` column. */
    CX_AUDIT_BY_REGION = 1,   /**< The `region` column. */
    CX_AUDIT_BY_SHOPPER = 2,  /**< The `shopper` column. */
    CX_AUDIT_BY_PERIOD = 3    /**< The period of the `date` column (cx_audit_new()'s unit). */
} CxAuditSegmentBy;

/** Reasons for counting input as rejected (cx_audit_reject()). */
typedef enum {
    CX_AUDIT_REJECT_ANSWER = 0,          /**< An answer outside the item's type or scale. */
    CX_AUDIT_REJECT_NA_NOT_ALLOWED = 1,  /**< N/A for an item that does not allow it. */
    CX_AUDIT_REJECT_CRITICAL_BLANK = 2,  /**< A critical item left blank. */
    CX_AUDIT_REJECT_NO_APPLICABLE = 3,   /**< A visit with no applicable item: not scored. */
    CX_AUDIT_REJECT_UNKNOWN_ITEM = 4,    /**< A header column that is no item of the checklist. */
    CX_AUDIT_REJECT_DATE = 5,            /**< A visit date that is blank or not a date. */
    CX_AUDIT_REJECT_MISSING_SEGMENT = 6  /**< A blank location, region or shopper. */
} CxAuditReject;

/* ---- checklists -------------------------------------------------------------------------------- */

/** @return the most items a checklist may have (256). @since 0.2 */
CX_EXPORT size_t cx_checklist_max_items(void);

/** @return the most sections a checklist may have (32). @since 0.2 */
CX_EXPORT size_t cx_checklist_max_sections(void);

/**
 * Creates an empty checklist, to be filled by cx_checklist_load_data() or
 * cx_checklist_load_file().
 * @param out receives the checklist (free with cx_checklist_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL @p out) or #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_checklist_new(CxChecklist **out);

/**
 * Frees a checklist.
 * @param checklist the checklist, or NULL (then nothing happens).
 * @since 0.2
 */
CX_EXPORT void cx_checklist_free(CxChecklist *checklist);

/**
 * Loads a definition (format above) from @p len bytes into an empty checklist.
 * @param checklist an empty checklist.
 * @param data      the definition (need not be NUL-terminated); NULL only if @p len is 0.
 * @param len       its length in bytes, at most cx_instrument_max_definition_size().
 * @return #CX_OK; #CX_E_PARSE for an invalid definition (an unknown group or key, a bad value, an
 *         unknown section or critical rule, item points that do not add up to total_points,
 *         …); #CX_E_INVALID_ARGUMENT (NULL, or the checklist is not empty); #CX_E_NO_MEMORY.
 *         After a failure the checklist is empty and cx_checklist_error_message() and
 *         cx_checklist_error_line() say why and where.
 * @since 0.2
 */
CX_EXPORT int cx_checklist_load_data(CxChecklist *checklist, const char *data, size_t len);

/**
 * Loads a definition from a file, as cx_checklist_load_data().
 * @param checklist an empty checklist.
 * @param path      the file's name.
 * @return as cx_checklist_load_data(), and #CX_E_IO if the file cannot be read.
 * @since 0.2
 */
CX_EXPORT int cx_checklist_load_file(CxChecklist *checklist, const char *path);

/**
 * @param checklist the checklist.
 * @return the last load error, e.g. "line 14: unknown critical rule 'store'"; "" if none or for
 *         NULL. Owned by the checklist.
 * @since 0.2
 */
CX_EXPORT const char *cx_checklist_error_message(const CxChecklist *checklist);

/**
 * @param checklist the checklist.
 * @return the key-file line of the last load error (1-based), 0 if none or for NULL.
 * @since 0.2
 */
CX_EXPORT uint64_t cx_checklist_error_line(const CxChecklist *checklist);

/**
 * @param checklist the checklist.
 * @return its name, "" if unset or for NULL.
 * @since 0.2
 */
CX_EXPORT const char *cx_checklist_name(const CxChecklist *checklist);

/**
 * @param checklist the checklist.
 * @return the pass mark, a visit score in [0, 100]; NaN for NULL.
 * @since 0.2
 */
CX_EXPORT double cx_checklist_pass_mark(const CxChecklist *checklist);

/**
 * @param checklist the checklist.
 * @return its #CxAuditCriticalRule, or #CX_E_INVALID_ARGUMENT for NULL.
 * @since 0.2
 */
CX_EXPORT int cx_checklist_critical_rule(const CxChecklist *checklist);

/**
 * @param checklist the checklist.
 * @return the number of sections, 0 for NULL.
 * @since 0.2
 */
CX_EXPORT size_t cx_checklist_section_count(const CxChecklist *checklist);

/**
 * @param checklist the checklist.
 * @param section   a 0-based section index.
 * @return the section's id (its key in [sections]), or NULL out of range.
 * @since 0.2
 */
CX_EXPORT const char *cx_checklist_section_id(const CxChecklist *checklist, size_t section);

/**
 * @param checklist the checklist.
 * @param section   a 0-based section index.
 * @return the section's name, or NULL out of range.
 * @since 0.2
 */
CX_EXPORT const char *cx_checklist_section_name(const CxChecklist *checklist, size_t section);

/**
 * @param checklist the checklist.
 * @return the number of items, 0 for NULL.
 * @since 0.2
 */
CX_EXPORT size_t cx_checklist_item_count(const CxChecklist *checklist);

/**
 * @param checklist the checklist.
 * @param id        an item id (NUL-terminated).
 * @param index     receives the item's 0-based index (checklist order).
 * @return #CX_OK, #CX_E_COLUMN_NOT_FOUND if no item has that id, #CX_E_INVALID_ARGUMENT.
 * @since 0.2
 */
CX_EXPORT int cx_checklist_item_index(const CxChecklist *checklist, const char *id,
                                      size_t *index);

/**
 * @param checklist the checklist.
 * @param item      a 0-based item index.
 * @return the item's id, or NULL out of range.
 * @since 0.2
 */
CX_EXPORT const char *cx_checklist_item_id(const CxChecklist *checklist, size_t item);

/**
 * @param checklist the checklist.
 * @param item      a 0-based item index.
 * @return the item's text ("" if none), or NULL out of range.
 * @since 0.2
 */
CX_EXPORT const char *cx_checklist_item_text(const CxChecklist *checklist, size_t item);

/**
 * @param checklist the checklist.
 * @param item      a 0-based item index.
 * @return the item's section index, or (size_t)−1 out of range.
 * @since 0.2
 */
CX_EXPORT size_t cx_checklist_item_section(const CxChecklist *checklist, size_t item);

/**
 * @param checklist the checklist.
 * @param item      a 0-based item index.
 * @return the item's points (> 0), or NaN out of range.
 * @since 0.2
 */
CX_EXPORT double cx_checklist_item_points(const CxChecklist *checklist, size_t item);

/**
 * @param checklist the checklist.
 * @param item      a 0-based item index.
 * @return the item's #CxAuditAnswerType, or #CX_E_INVALID_ARGUMENT out of range.
 * @since 0.2
 */
CX_EXPORT int cx_checklist_item_type(const CxChecklist *checklist, size_t item);

/**
 * @param checklist the checklist.
 * @param item      a 0-based item index.
 * @return 1 if the item is critical, else 0 (also out of range).
 * @since 0.2
 */
CX_EXPORT int cx_checklist_item_critical(const CxChecklist *checklist, size_t item);

/**
 * @param checklist the checklist.
 * @param item      a 0-based item index.
 * @return 1 if the item allows N/A, else 0 (also out of range).
 * @since 0.2
 */
CX_EXPORT int cx_checklist_item_na_allowed(const CxChecklist *checklist, size_t item);

/* ---- the accumulator --------------------------------------------------------------------------- */

/** @return how many rejects an accumulator lists with their line (1000). @since 0.2 */
CX_EXPORT size_t cx_audit_max_listed_rejects(void);

/**
 * Creates an accumulator for visits scored against @p checklist (copied: it may be freed after).
 * @param checklist   a loaded checklist with at least one item.
 * @param period_unit the #CxPeriodUnit of the period segments.
 * @param out         receives the accumulator (free with cx_audit_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL, empty checklist, bad unit) or #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_audit_new(const CxChecklist *checklist, int period_unit, CxAudit **out);

/**
 * Frees an accumulator.
 * @param audit the accumulator, or NULL.
 * @since 0.2
 */
CX_EXPORT void cx_audit_free(CxAudit *audit);

/**
 * The checklist the accumulator scores against (for item and section names).
 * @param audit the accumulator.
 * @return the checklist, owned by the accumulator; NULL for NULL.
 * @since 0.2
 */
CX_EXPORT const CxChecklist *cx_audit_checklist(const CxAudit *audit);

/**
 * Maps the columns of an export's header: `location`, `region`, `shopper`, `date` (ASCII
 * case-insensitive), `visit` and `comments` (ignored), and item ids (exact). Every other column
 * is counted as #CX_AUDIT_REJECT_UNKNOWN_ITEM with @p line and its column, and ignored. An item
 * without a column is blank in every row. Replaces any earlier mapping.
 * @param audit the accumulator.
 * @param names @p n column names (NUL-terminated).
 * @param n     the number of columns.
 * @param line  the header's line, for the rejects list.
 * @return #CX_OK, #CX_E_COLUMN_DUPLICATE (a column named twice; nothing changed),
 *         #CX_E_INVALID_ARGUMENT, #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_audit_set_columns(CxAudit *audit, const char *const *names, size_t n,
                                   uint64_t line);

/**
 * Scores one visit: a row of the export mapped by cx_audit_set_columns(). Missing trailing
 * fields are blank. Bad answers are counted (#CxAuditReject), not errors.
 * @param audit   the accumulator.
 * @param fields  @p n fields (need not be NUL-terminated).
 * @param lengths their lengths in bytes, or NULL if every field is NUL-terminated.
 * @param n       the number of fields.
 * @param line    the row's line, for the rejects list.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL; no columns set), #CX_E_NO_MEMORY or
 *         #CX_E_OVERFLOW (a new segment could not be stored: the visit was not added).
 * @since 0.2
 */
CX_EXPORT int cx_audit_add_row(CxAudit *audit, const char *const *fields, const size_t *lengths,
                               size_t n, uint64_t line);

/**
 * Empties the accumulator (the checklist and the column mapping stay).
 * @param audit the accumulator (NULL: nothing happens).
 * @since 0.2
 */
CX_EXPORT void cx_audit_reset(CxAudit *audit);

/**
 * A deep copy.
 * @param audit the accumulator.
 * @param out   receives the copy (free with cx_audit_free()).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_audit_copy(const CxAudit *audit, CxAudit **out);

/**
 * Adds @p src into @p dst, exactly as if @p dst had seen @p src's visits after its own (counts
 * add; means and variances combine by Chan et al.; listed rejects append up to the cap).
 * @param dst the accumulator that receives.
 * @param src the accumulator added (unchanged).
 * @return #CX_OK; #CX_E_MISMATCH (another checklist or period unit); #CX_E_INVALID_ARGUMENT;
 *         #CX_E_NO_MEMORY or #CX_E_OVERFLOW (then @p dst is unchanged).
 * @since 0.2
 */
CX_EXPORT int cx_audit_merge(CxAudit *dst, const CxAudit *src);

/**
 * Serializes the state, the checklist included (magic "CXAU", format 1).
 * @param audit the accumulator.
 * @param bytes receives a buffer (free with cx_free()).
 * @param len   receives its length.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_audit_serialize(const CxAudit *audit, uint8_t **bytes, size_t *len);

/**
 * Restores an accumulator from cx_audit_serialize()'s bytes (the column mapping is not part of
 * the state). Every field is validated.
 * @param bytes the state.
 * @param len   its length.
 * @param out   receives the accumulator.
 * @return #CX_OK, #CX_E_CORRUPT, #CX_E_VERSION, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_audit_deserialize(const uint8_t *bytes, size_t len, CxAudit **out);

/* ---- results ----------------------------------------------------------------------------------- */

/** Figures over all visits (cx_audit_result()). Set `size` before the call. */
typedef struct {
    size_t size;                      /**< Set by the caller: sizeof(CxAuditResult). */
    uint64_t visits;                  /**< Rows added. */
    uint64_t scored;                  /**< Visits with at least one applicable item. */
    uint64_t passed;                  /**< Scored visits at or above the pass mark. */
    uint64_t critical_visits;         /**< Visits with at least one critical failure. */
    uint64_t critical_failures;       /**< Critical items failed, over all visits. */
    uint64_t rejected;                /**< Every reject, all reasons. */
    uint64_t rejected_answer;         /**< #CX_AUDIT_REJECT_ANSWER. */
    uint64_t rejected_na_not_allowed; /**< #CX_AUDIT_REJECT_NA_NOT_ALLOWED. */
    uint64_t rejected_critical_blank; /**< #CX_AUDIT_REJECT_CRITICAL_BLANK. */
    uint64_t rejected_no_applicable;  /**< #CX_AUDIT_REJECT_NO_APPLICABLE. */
    uint64_t rejected_unknown_item;   /**< #CX_AUDIT_REJECT_UNKNOWN_ITEM. */
    uint64_t rejected_date;           /**< #CX_AUDIT_REJECT_DATE. */
    uint64_t rejected_missing_segment; /**< #CX_AUDIT_REJECT_MISSING_SEGMENT. */
    double pass_mark;                 /**< The checklist's pass mark. */
    double level;                     /**< The confidence level of the intervals. */
    double mean;                      /**< Mean visit score, 0–100. */
    double sd;                        /**< Standard deviation of visit scores (n − 1). */
    double se;                        /**< Standard error of the mean, sd/√n. */
    double ci_lower;                  /**< Lower bound of the mean's t-interval. */
    double ci_upper;                  /**< Upper bound of the mean's t-interval. */
    double pass_share;                /**< Share of scored visits passing, in [0, 1]. */
    double pass_ci_lower;             /**< Lower bound of its Wilson interval. */
    double pass_ci_upper;             /**< Upper bound of its Wilson interval. */
    double earned;                    /**< Points earned over all visits (after critical rules). */
    double applicable;                /**< Applicable points over all visits. */
} CxAuditResult;

/**
 * The figures over all visits. Undefined figures (no scored visit; one visit for sd) are NaN.
 * @param audit the accumulator.
 * @param level the confidence level of the intervals, in (0, 1).
 * @param out   the result; set its `size` first.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, #CX_E_STRUCT_SIZE.
 * @since 0.2
 */
CX_EXPORT int cx_audit_result(const CxAudit *audit, double level, CxAuditResult *out);

/** Scores of one section (cx_audit_section_result()). Set `size` before the call. */
typedef struct {
    size_t size;                      /**< Set by the caller: sizeof(CxAuditSection). */
    uint64_t scored;                  /**< Visits in which the section had applicable points. */
    uint64_t critical_visits;         /**< Visits with a critical failure in this section. */
    double mean;                      /**< Mean section score, 0–100, over those visits. */
    double sd;                        /**< Its standard deviation (n − 1). */
    double se;                        /**< Its standard error. */
    double ci_lower;                  /**< Lower bound of the t-interval. */
    double ci_upper;                  /**< Upper bound of the t-interval. */
    double earned;                    /**< Points earned in the section (after critical rules). */
    double applicable;                /**< Applicable points in the section. */
    double level;                     /**< The confidence level. */
} CxAuditSection;

/**
 * A section's scores over all visits.
 * @param audit   the accumulator.
 * @param section a 0-based section index.
 * @param level   the confidence level, in (0, 1).
 * @param out     the result; set its `size` first.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (also a section out of range), #CX_E_STRUCT_SIZE.
 * @since 0.2
 */
CX_EXPORT int cx_audit_section_result(const CxAudit *audit, size_t section, double level,
                                      CxAuditSection *out);

/** One standard (checklist item) (cx_audit_item_result(), cx_audit_segment_item_result()). */
typedef struct {
    size_t size;                      /**< Set by the caller: sizeof(CxAuditItem). */
    uint64_t applicable;              /**< Visits in which the item was answered (not N/A). */
    uint64_t compliant;               /**< Of those, compliant answers. */
    uint64_t not_applicable;          /**< N/A answers (0 in a segment's result: not kept). */
    uint64_t blank;                   /**< Blank answers (0 in a segment's result). */
    uint64_t rejected;                /**< Rejected answers (0 in a segment's result). */
    uint64_t critical_failures;       /**< Non-compliant answers of a critical item. */
    uint32_t section;                 /**< The item's section index. */
    uint32_t rank;                    /**< 1 = the lowest compliance (ties: checklist order); 0
                                           if never applicable. */
    uint32_t section_rank;            /**< The same rank within the item's section. */
    uint32_t cost_rank;               /**< 1 = the most points lost; 0 if never applicable. */
    double points;                    /**< The item's points. */
    double compliance;                /**< compliant / applicable, in [0, 1]; NaN if none. */
    double ci_lower;                  /**< Lower bound of its Wilson interval. */
    double ci_upper;                  /**< Upper bound of its Wilson interval. */
    double points_lost;               /**< Σ (points − earned) over applicable answers. */
    double points_lost_share;         /**< points_lost / all items' points_lost, in [0, 1]. */
    double level;                     /**< The confidence level. */
} CxAuditItem;

/**
 * A standard's compliance over all visits, and its ranks among the items.
 * @param audit the accumulator.
 * @param item  a 0-based item index.
 * @param level the confidence level, in (0, 1).
 * @param out   the result; set its `size` first.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, #CX_E_STRUCT_SIZE.
 * @since 0.2
 */
CX_EXPORT int cx_audit_item_result(const CxAudit *audit, size_t item, double level,
                                   CxAuditItem *out);

/**
 * @param audit the accumulator.
 * @param by    a #CxAuditSegmentBy.
 * @return the number of segments of that kind, 0 for NULL or a bad kind.
 * @since 0.2
 */
CX_EXPORT size_t cx_audit_segment_count(const CxAudit *audit, int by);

/**
 * @param audit the accumulator.
 * @param by    a #CxAuditSegmentBy.
 * @param index a 0-based segment index: segments are numbered in order of first appearance
 *              (after cx_audit_deserialize(), in byte-wise order of their names).
 * @return the segment's name (NUL-terminated; a period's label), owned by the accumulator and
 *         valid until it changes; NULL out of range.
 * @since 0.2
 */
CX_EXPORT const char *cx_audit_segment_name(const CxAudit *audit, int by, size_t index);

/**
 * @param audit the accumulator.
 * @param by    a #CxAuditSegmentBy.
 * @param name  a segment name (NUL-terminated).
 * @param index receives its index.
 * @return #CX_OK, #CX_E_COLUMN_NOT_FOUND (no such segment), #CX_E_INVALID_ARGUMENT.
 * @since 0.2
 */
CX_EXPORT int cx_audit_segment_index(const CxAudit *audit, int by, const char *name,
                                     size_t *index);

/** Figures of one segment (cx_audit_segment_result()). Set `size` before the call. */
typedef struct {
    size_t size;                      /**< Set by the caller: sizeof(CxAuditSegment). */
    uint64_t scored;                  /**< Scored visits in the segment. */
    uint64_t passed;                  /**< Of those, passing. */
    uint64_t critical_visits;         /**< Visits with a critical failure. */
    double mean;                      /**< Mean visit score, 0–100. */
    double sd;                        /**< Standard deviation (n − 1). */
    double se;                        /**< Standard error, sd/√n. */
    double ci_lower;                  /**< Lower bound of the t-interval (n − 1 df). */
    double ci_upper;                  /**< Upper bound of the t-interval. */
    double pass_share;                /**< Share passing, in [0, 1]. */
    double pass_ci_lower;             /**< Lower bound of its Wilson interval. */
    double pass_ci_upper;             /**< Upper bound of its Wilson interval. */
    double level;                     /**< The confidence level. */
} CxAuditSegment;

/**
 * A segment's figures.
 * @param audit the accumulator.
 * @param by    a #CxAuditSegmentBy.
 * @param index a segment index.
 * @param level the confidence level, in (0, 1).
 * @param out   the result; set its `size` first.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, #CX_E_STRUCT_SIZE.
 * @since 0.2
 */
CX_EXPORT int cx_audit_segment_result(const CxAudit *audit, int by, size_t index, double level,
                                      CxAuditSegment *out);

/**
 * A standard's compliance within one segment (applicable, compliant, critical_failures,
 * points_lost and the ranks among the segment's items).
 * @param audit the accumulator.
 * @param by    a #CxAuditSegmentBy.
 * @param index a segment index.
 * @param item  an item index.
 * @param level the confidence level, in (0, 1).
 * @param out   the result; set its `size` first.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, #CX_E_STRUCT_SIZE.
 * @since 0.2
 */
CX_EXPORT int cx_audit_segment_item_result(const CxAudit *audit, int by, size_t index,
                                           size_t item, double level, CxAuditItem *out);

/**
 * Compares a segment with a baseline segment of the same kind: the mean visit scores by Welch's
 * t-test (cx_mean_compare()) and the pass shares by the pooled z test with Newcombe's interval
 * (cx_proportion_compare()), segment minus baseline.
 * @param audit    the accumulator.
 * @param by       a #CxAuditSegmentBy.
 * @param index    the segment.
 * @param baseline the baseline segment.
 * @param level    the confidence level, in (0, 1).
 * @param mean     the comparison of means (may be NULL); set its `size` first.
 * @param pass     the comparison of pass shares (may be NULL); set its `size` first.
 * @return #CX_OK; #CX_E_EMPTY if a segment has fewer than two scored visits (the comparisons
 *         are then not written); #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE.
 * @since 0.2
 */
CX_EXPORT int cx_audit_segment_compare(const CxAudit *audit, int by, size_t index,
                                       size_t baseline, double level, CxMeanComparison *mean,
                                       CxProportionComparison *pass);

/**
 * Compares a segment's mean visit score with a target score: the one-sample t-test
 * t = (mean − target)/se with n − 1 degrees of freedom (cx_mean_compare() with the target as a
 * mean known without error), segment minus target.
 * @param audit  the accumulator.
 * @param by     a #CxAuditSegmentBy, or −1 for all visits (then @p index is ignored).
 * @param index  the segment.
 * @param target the target score, 0–100.
 * @param level  the confidence level, in (0, 1).
 * @param out    the comparison; set its `size` first.
 * @return #CX_OK; #CX_E_EMPTY (fewer than two scored visits); #CX_E_INVALID_ARGUMENT;
 *         #CX_E_STRUCT_SIZE.
 * @since 0.2
 */
CX_EXPORT int cx_audit_compare_target(const CxAudit *audit, int by, size_t index, double target,
                                      double level, CxMeanComparison *out);

/** A shopper's deviation from the locations' means (cx_audit_shopper_result()). */
typedef struct {
    size_t size;                      /**< Set by the caller: sizeof(CxAuditShopper). */
    uint64_t visits;                  /**< The shopper's scored visits at comparable locations. */
    uint64_t locations;               /**< Comparable locations the shopper visited. */
    double deviation;                 /**< Mean of (visit score − its location's mean). */
    double sd;                        /**< Standard deviation of those deviations (n − 1). */
    double se;                        /**< sd/√visits (the location means taken as known). */
    double ci_lower;                  /**< Lower bound of the t-interval of the deviation. */
    double ci_upper;                  /**< Upper bound of that interval. */
    double level;                     /**< The confidence level. */
} CxAuditShopper;

/**
 * A shopper's mean deviation from the mean of the locations they visited. Only comparable
 * locations count: those scored by at least two shoppers. A positive deviation is a lenient
 * shopper, a negative one a harsh shopper.
 * @param audit   the accumulator.
 * @param shopper a #CX_AUDIT_BY_SHOPPER segment index.
 * @param level   the confidence level, in (0, 1).
 * @param out     the result; set its `size` first.
 * @return #CX_OK (figures NaN when undefined); #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE.
 * @since 0.2
 */
CX_EXPORT int cx_audit_shopper_result(const CxAudit *audit, size_t shopper, double level,
                                      CxAuditShopper *out);

/**
 * Are shoppers consistent? The nested ANOVA of visit scores with shoppers nested within
 * locations, over the locations scored by at least two shoppers: F = [Σ_l Σ_s n_ls (m_ls −
 * m_l)² / Σ_l (k_l − 1)] / [Σ_l Σ_s Σ (x − m_ls)² / Σ_l (N_l − k_l)] with df (Σ (k_l − 1),
 * Σ (N_l − k_l)) (Sokal & Rohlf, Biometry, 3rd ed. 1995, ch. 10, "Nested analysis of
 * variance"; Montgomery, Design and Analysis of Experiments, ch. 14). A small p says that
 * shoppers differ beyond chance on the same locations.
 * @param audit the accumulator.
 * @param out   the test (groups: location–shopper cells used); set its `size` first.
 * @return #CX_OK; #CX_E_EMPTY without a comparable location or within-cell spread;
 *         #CX_E_INVALID_ARGUMENT; #CX_E_STRUCT_SIZE.
 * @since 0.2
 */
CX_EXPORT int cx_audit_shopper_test(const CxAudit *audit, CxTestResult *out);

/**
 * The one-way ANOVA (and Welch's) of visit scores by shopper within one location
 * (cx_anova_oneway()).
 * @param audit    the accumulator.
 * @param location a #CX_AUDIT_BY_LOCATION segment index.
 * @param classic, welch the tests (either may be NULL); set their `size` first.
 * @return as cx_anova_oneway(); #CX_E_INVALID_ARGUMENT for a location out of range.
 * @since 0.2
 */
CX_EXPORT int cx_audit_location_anova(const CxAudit *audit, size_t location,
                                      CxTestResult *classic, CxTestResult *welch);

/**
 * @param audit the accumulator.
 * @return how many rejects are listed (at most cx_audit_max_listed_rejects()); 0 for NULL.
 * @since 0.2
 */
CX_EXPORT size_t cx_audit_reject_listed(const CxAudit *audit);

/**
 * A listed reject.
 * @param audit  the accumulator.
 * @param i      0-based, below cx_audit_reject_listed().
 * @param line   receives the line given with the row or header (may be NULL).
 * @param column receives the 0-based column, or (size_t)−1 for a whole visit (may be NULL).
 * @param reason receives the #CxAuditReject (may be NULL).
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.2
 */
CX_EXPORT int cx_audit_reject(const CxAudit *audit, size_t i, uint64_t *line, size_t *column,
                              int *reason);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_AUDIT_H */
