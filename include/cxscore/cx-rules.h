/* SPDX-License-Identifier: MIT */
/**
 * @file cx-rules.h
 * @brief Row rules: a small text of conditions on a row's cells ("score <= 6 and channel =
 *        phone"), parsed once and evaluated on each row, e.g. to pick the survey responses that
 *        need a call back (`cxscore followup --rules`).
 *
 * @defgroup rules Row rules
 * @ingroup core
 * @brief Conditions on a row's cells, one rule per line (cx-rules.h).
 *
 * Grammar (docs/followup.md, "Rules"), one rule per line, a row matches when any rule matches:
 * @code
 * text    = { line }                      lines end with LF or CR LF
 * line    = [ rule ] [ "#" comment ]      blank and comment-only lines are ignored
 * rule    = test { "and" test }           "and" in any ASCII case: every test must hold
 * test    = field op value
 * field   = name | '"' chars '"'          a column name; in quotes when it has other characters
 * name    = ( letter | "_" ) { letter | digit | "_" | "." | "-" }
 * op      = "=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">="
 * value   = number | string | name        a name is a string: channel = phone
 * number  = what cx_cell_parse_number() reads (6, -1.5, 1e3)
 * string  = '"' chars '"' | "'" chars "'" a quote inside is written twice ('O''Brien')
 * @endcode
 * Evaluation: against a number, the cell is read by cx_cell_parse_number() and compared as a
 * number; a missing or non-numeric cell makes the test false, whatever the operator (also `!=`:
 * an unknown score is not "different from 6"). Against a string, the cell without its leading and
 * trailing spaces and tabs is compared byte by byte (case matters; `<` is byte-wise order).
 * Thread safety: a loaded rule set is read-only; any number of threads may evaluate it at once.
 * Memory: the text is at most cx_row_rules_max_length() bytes.
 */
#ifndef CXSCORE_CX_RULES_H
#define CXSCORE_CX_RULES_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>

#include <stddef.h>
#include <stdint.h>

CX_BEGIN_DECLS

/** A set of row rules (opaque). @since 0.2 */
typedef struct CxRowRules CxRowRules;

/**
 * The longest rules text cx_row_rules_load_data() accepts.
 * @return 1048576 (1 MiB).
 * @since 0.2
 */
CX_EXPORT size_t cx_row_rules_max_length(void);

/**
 * Creates an empty rule set (it matches no row).
 * @param out receives the rule set (free with cx_row_rules_free()).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL), #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_row_rules_new(CxRowRules **out);

/**
 * Frees a rule set (NULL is allowed).
 * @param rules the rule set.
 * @since 0.2
 */
CX_EXPORT void cx_row_rules_free(CxRowRules *rules);

/**
 * Parses a rules text (the grammar above), replacing the rules held.
 * @param rules the rule set.
 * @param text  the text (any bytes; need not end with a NUL; may be NULL when @p len is 0).
 * @param len   its length, at most cx_row_rules_max_length().
 * @return #CX_OK; #CX_E_PARSE for a text against the grammar or without any rule (the rule set is
 *         then empty, and cx_row_rules_error_message(), cx_row_rules_error_line() and
 *         cx_row_rules_error_column() say why and where); #CX_E_INVALID_ARGUMENT (NULL, a longer
 *         text).
 * @since 0.2
 */
CX_EXPORT int cx_row_rules_load_data(CxRowRules *rules, const char *text, size_t len);

/**
 * Why the last cx_row_rules_load_data() failed.
 * @param rules the rule set.
 * @return a message owned by @p rules (valid until the next load or free), or NULL when the
 *         last load succeeded.
 * @since 0.2
 */
CX_EXPORT const char *cx_row_rules_error_message(const CxRowRules *rules);

/**
 * The line (from 1) of the last load error.
 * @param rules the rule set.
 * @return the line, or 0 without an error (or for an error of the whole text: no rule at all).
 * @since 0.2
 */
CX_EXPORT uint64_t cx_row_rules_error_line(const CxRowRules *rules);

/**
 * The column (from 1, in bytes) of the last load error on its line.
 * @param rules the rule set.
 * @return the column, or 0 without an error.
 * @since 0.2
 */
CX_EXPORT uint64_t cx_row_rules_error_column(const CxRowRules *rules);

/**
 * The number of rules (lines holding a rule).
 * @param rules the rule set.
 * @return the count (0 for NULL).
 * @since 0.2
 */
CX_EXPORT size_t cx_row_rules_count(const CxRowRules *rules);

/**
 * The line of the text that rule @p rule came from.
 * @param rules the rule set.
 * @param rule  below cx_row_rules_count().
 * @return the line (from 1), or 0 out of range.
 * @since 0.2
 */
CX_EXPORT uint64_t cx_row_rules_line(const CxRowRules *rules, size_t rule);

/**
 * The number of distinct fields (column names) the rules test.
 * @param rules the rule set.
 * @return the count (0 for NULL).
 * @since 0.2
 */
CX_EXPORT size_t cx_row_rules_field_count(const CxRowRules *rules);

/**
 * Name of field @p field, in order of first use in the text.
 * @param rules the rule set.
 * @param field below cx_row_rules_field_count().
 * @param len   receives the length of the name (may be NULL).
 * @return the name (NUL-terminated, owned by @p rules), or NULL out of range.
 * @since 0.2
 */
CX_EXPORT const char *cx_row_rules_field_name(const CxRowRules *rules, size_t field,
                                              size_t *len);

/**
 * Evaluates the rules on one row.
 * @param rules    the rule set.
 * @param cells    the cell of each field, in the order of cx_row_rules_field_name() (a NULL
 *                 cell, with length 0, is an empty one).
 * @param lens     their lengths.
 * @param n_fields the length of both arrays: cx_row_rules_field_count().
 * @param rule     receives the index of the first rule that matches (may be NULL; unchanged when
 *                 none matches).
 * @return 1 when a rule matches, 0 when none does; #CX_E_INVALID_ARGUMENT (NULL rules, arrays
 *         NULL while fields are tested, @p n_fields not the field count, a NULL cell with a
 *         length).
 * @since 0.2
 */
CX_EXPORT int cx_row_rules_match(const CxRowRules *rules, const char *const *cells,
                                 const size_t *lens, size_t n_fields, size_t *rule);

CX_END_DECLS

#endif /* CXSCORE_CX_RULES_H */
