/* SPDX-License-Identifier: MIT */
/**
 * @file cx-instrument.h
 * @brief Survey instruments as data: items, the dimension of each, scale bounds, reverse keys.
 *
 * @defgroup instrument Survey instruments
 * @ingroup score
 * @brief Multi-item questionnaires as data: the built-in SERVQUAL instruments, instruments built
 *        in code or loaded from a key file (cx-instrument.h).
 *
 * An instrument describes a multi-item questionnaire such as SERVQUAL: numbered items, each in
 * one dimension, rated on a bounded integer scale (1–7 by default), some reverse-worded, with an
 * optional numeric "not applicable" code distinct from a blank answer.
 *
 * Built in (cx_instrument_new_builtin()): the 22-item SERVQUAL of Parasuraman, Berry & Zeithaml
 * (1991, J. Retailing 67(4)), the default, and of Parasuraman, Zeithaml & Berry (1988,
 * J. Retailing 64(1)), whose items 10–13 and 18–22 are negatively worded and reverse-scored.
 * Both: tangibles 1–4, reliability 5–9, responsiveness 10–13, assurance 14–17, empathy 18–22,
 * 7-point scale.
 *
 * Other instruments are built in code (cx_instrument_add_dimension(), cx_instrument_add_item())
 * or loaded from a key file (cx_instrument_load_file()):
 * @code
 * # Comments are whole lines starting with '#'. Groups and keys as in GLib's GKeyFile.
 * [instrument]
 * name = Retail bank (adapted SERVQUAL)
 * # lowest-highest rating (default 1-7)
 * scale = 1-5
 * # optional: a numeric "not applicable" code, distinct from a blank, outside the scale
 * not_applicable = 0
 * # optional: reverse-worded items
 * reverse = 3;7
 *
 * # one key per dimension, in presentation order: its item numbers
 * [dimensions]
 * tangibles = 1;2;3
 * reliability = 4;5;6;7
 *
 * # optional item wording
 * [labels]
 * 1 = Modern-looking equipment
 * @endcode
 * Item numbers are positive integers, each in exactly one dimension; data columns are named by
 * them (e1, p1, …). The text must be UTF-8. Values may use GKeyFile's escapes \\s (space),
 * \\t, \\n, \\r and \\\\ (a backslash); any other backslash is an error. A bad file is refused with #CX_E_PARSE and a message
 * naming the line.
 *
 * An instrument is not thread-safe while it is being built; once built it is only read.
 * Accumulators copy what they need, so it may be freed after creating them. Names, dimension
 * names and labels are UTF-8 text (cxscore.h, @ref rules_text).
 * @{
 */
#ifndef CXSCORE_CX_INSTRUMENT_H
#define CXSCORE_CX_INSTRUMENT_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>

CX_BEGIN_DECLS

/** Opaque instrument definition. */
typedef struct CxInstrument CxInstrument;

/** Built-in instruments, for cx_instrument_new_builtin() (passed as `int`). */
typedef enum {
    CX_INSTRUMENT_SERVQUAL_1991 = 0, /**< PBZ 1991: 22 items, 5 dimensions, no reverse items. */
    CX_INSTRUMENT_SERVQUAL_1988 = 1  /**< PZB 1988: as 1991, items 10–13 and 18–22 reversed. */
} CxBuiltinInstrument;

/** @return the most items an instrument may have (256). @since 0.1 */
CX_EXPORT size_t cx_instrument_max_items(void);

/** @return the most dimensions an instrument may have (32). @since 0.1 */
CX_EXPORT size_t cx_instrument_max_dimensions(void);

/** @return the largest definition, in bytes, that cx_instrument_load_data() and
 *  cx_instrument_load_file() accept (1 MiB). @since 0.1 */
CX_EXPORT size_t cx_instrument_max_definition_size(void);


/**
 * Creates an empty instrument: no items, scale 1–7, no N/A code.
 * @param out receives the instrument (free with cx_instrument_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL @p out) or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_instrument_new(CxInstrument **out);

/**
 * Frees an instrument.
 * @param instrument the instrument, or NULL (then nothing happens).
 * @since 0.1
 */
CX_EXPORT void cx_instrument_free(CxInstrument *instrument);

/**
 * Creates a built-in instrument.
 * @param which a #CxBuiltinInstrument.
 * @param out   receives the instrument (free with cx_instrument_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.1
 */
CX_EXPORT int cx_instrument_new_builtin(int which, CxInstrument **out);

/**
 * Loads a definition from a key file into an empty instrument (format above).
 * @param instrument an instrument without items or dimensions, e.g. from cx_instrument_new().
 * @param path       the file's name. It is read no further than one byte past
 *                   cx_instrument_max_definition_size().
 * @return #CX_OK; #CX_E_IO if the file cannot be read; #CX_E_PARSE for an invalid definition,
 *         or one larger than cx_instrument_max_definition_size(); #CX_E_INVALID_ARGUMENT (NULL,
 *         or the instrument already has items); #CX_E_NO_MEMORY. After a failure
 *         the instrument is empty again and cx_instrument_error_message() says why.
 * @since 0.1
 */
CX_EXPORT int cx_instrument_load_file(CxInstrument *instrument, const char *path);

/**
 * Loads a definition from @p len bytes in memory, as cx_instrument_load_file() from a file.
 * @param instrument an instrument without items or dimensions.
 * @param data       the definition (need not be NUL-terminated); NULL only if @p len is 0.
 * @param len        its length in bytes.
 * @return #CX_OK; #CX_E_PARSE for an invalid definition, or one larger than
 *         cx_instrument_max_definition_size() (refused before it is parsed);
 *         #CX_E_INVALID_ARGUMENT (NULL, or the instrument already has items); #CX_E_NO_MEMORY.
 *         After a failure the instrument is empty again and cx_instrument_error_message() says
 *         why.
 * @since 0.1
 */
CX_EXPORT int cx_instrument_load_data(CxInstrument *instrument, const char *data, size_t len);

/**
 * The last load error, e.g. "line 12: item 5 is already in dimension reliability".
 * @param instrument the instrument.
 * @return a NUL-terminated string owned by the instrument, valid until its next load or
 *         cx_instrument_free(); "" if none, or for NULL.
 * @since 0.1
 */
CX_EXPORT const char *cx_instrument_error_message(const CxInstrument *instrument);

/**
 * The line of the last load error.
 * @param instrument the instrument.
 * @return the line (1-based), or 0 if the error has no line, there was none, or for NULL.
 * @since 0.1
 */
CX_EXPORT uint64_t cx_instrument_error_line(const CxInstrument *instrument);

/**
 * Sets the name (copied).
 * @param instrument the instrument.
 * @param name       a NUL-terminated name in UTF-8.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT for NULL or a name that is not valid UTF-8;
 *         #CX_E_NO_MEMORY (the name is unchanged).
 * @since 0.1
 */
CX_EXPORT int cx_instrument_set_name(CxInstrument *instrument, const char *name);

/**
 * Sets the rating scale; answers outside [min, max] are rejected.
 * @param instrument the instrument.
 * @param min, max   the lowest and highest rating (min < max).
 * @return #CX_OK, or #CX_E_INVALID_ARGUMENT for NULL, min ≥ max, or a scale that would contain
 *         the not-applicable code.
 * @since 0.1
 */
CX_EXPORT int cx_instrument_set_scale(CxInstrument *instrument, int min, int max);

/**
 * Sets the numeric "not applicable" code (e.g. 0 or 9), counted apart from blanks and never
 * scored. The code must lie outside the scale. Pass @p enabled = 0 to remove it.
 * @param instrument the instrument.
 * @param enabled    non-zero to set the code, 0 to remove it.
 * @param code       the code (ignored when @p enabled is 0).
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_instrument_set_not_applicable(CxInstrument *instrument, int enabled, int code);

/**
 * Appends a dimension.
 * @param instrument the instrument.
 * @param name  a non-empty, unique name in UTF-8 (copied).
 * @param index receives its 0-based index (may be NULL).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL, empty, duplicate or invalid UTF-8 name, too many
 *         dimensions) or #CX_E_NO_MEMORY (nothing added).
 * @since 0.1
 */
CX_EXPORT int cx_instrument_add_dimension(CxInstrument *instrument, const char *name,
                                          size_t *index);

/**
 * Adds an item. Items are kept in increasing order of their numbers, which is the order of the
 * arrays given to accumulators.
 * @param instrument the instrument.
 * @param number    the item's number, ≥ 1, unique.
 * @param dimension a 0-based dimension index.
 * @param label     wording in UTF-8 (copied) or NULL.
 * @param reverse   non-zero if the item is reverse-worded: answers x become min + max − x.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY (nothing added).
 * @since 0.1
 */
CX_EXPORT int cx_instrument_add_item(CxInstrument *instrument, int number, size_t dimension,
                                     const char *label, int reverse);

/* ---- reading an instrument ---------------------------------------------------------------------
 * The getters below cannot fail; for a NULL instrument or an index out of range they return
 * what each says. Strings belong to the instrument and stay valid until it changes or is freed. */

/**
 * @param instrument the instrument.
 * @return its name, "" if unset or for NULL.
 * @since 0.1
 */
CX_EXPORT const char *cx_instrument_name(const CxInstrument *instrument);
/**
 * @param instrument the instrument.
 * @return the lowest rating of its scale, or 0 for NULL.
 * @since 0.1
 */
CX_EXPORT int cx_instrument_scale_min(const CxInstrument *instrument);
/**
 * @param instrument the instrument.
 * @return the highest rating of its scale, or 0 for NULL.
 * @since 0.1
 */
CX_EXPORT int cx_instrument_scale_max(const CxInstrument *instrument);
/**
 * The "not applicable" code.
 * @param instrument the instrument.
 * @param code       receives the code if one is defined (may be NULL).
 * @return 1 if an N/A code is defined, else 0 (also for NULL).
 * @since 0.1
 */
CX_EXPORT int cx_instrument_not_applicable(const CxInstrument *instrument, int *code);
/**
 * @param instrument the instrument.
 * @return the number of dimensions, or 0 for NULL.
 * @since 0.1
 */
CX_EXPORT size_t cx_instrument_dimension_count(const CxInstrument *instrument);
/**
 * @param instrument the instrument.
 * @param index      a 0-based dimension index.
 * @return the name of that dimension, or NULL if out of range (or for NULL).
 * @since 0.1
 */
CX_EXPORT const char *cx_instrument_dimension_name(const CxInstrument *instrument, size_t index);
/**
 * @param instrument the instrument.
 * @return the number of items, or 0 for NULL.
 * @since 0.1
 */
CX_EXPORT size_t cx_instrument_item_count(const CxInstrument *instrument);
/**
 * @param instrument the instrument.
 * @param index      a 0-based item index (instrument order).
 * @return the number (1-based label) of the item at @p index, or 0 if out of range.
 * @since 0.1
 */
CX_EXPORT int cx_instrument_item_number(const CxInstrument *instrument, size_t index);
/**
 * @param instrument the instrument.
 * @param index      a 0-based item index.
 * @return the 0-based dimension of the item at @p index, or (size_t)−1 if out of range.
 * @since 0.1
 */
CX_EXPORT size_t cx_instrument_item_dimension(const CxInstrument *instrument, size_t index);
/**
 * @param instrument the instrument.
 * @param index      a 0-based item index.
 * @return 1 if the item at @p index is reverse-scored, else 0 (also out of range).
 * @since 0.1
 */
CX_EXPORT int cx_instrument_item_reverse(const CxInstrument *instrument, size_t index);
/**
 * @param instrument the instrument.
 * @param index      a 0-based item index.
 * @return the item's wording, or NULL if it has none or @p index is out of range.
 * @since 0.1
 */
CX_EXPORT const char *cx_instrument_item_label(const CxInstrument *instrument, size_t index);

/**
 * Compares two instruments as accumulators see them.
 * @param a, b the instruments.
 * @return 1 if two instruments define the same items, dimensions, scale, reverse keys and N/A
 *         code (names and labels aside), else 0 (also if either is NULL).
 * @since 0.1
 */
CX_EXPORT int cx_instrument_equal(const CxInstrument *a, const CxInstrument *b);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_INSTRUMENT_H */
