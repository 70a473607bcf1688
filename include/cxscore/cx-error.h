/* SPDX-License-Identifier: MIT */
/**
 * @file cx-error.h
 * @brief Status codes returned by every libcxscore function that can fail.
 *
 * @defgroup errors Status codes
 * @ingroup core
 * @brief The status codes, their descriptions and names (cx-error.h).
 *
 * How functions report success and failure is a library-wide rule (cxscore.h,
 * @ref rules_status); this module lists the codes. The table with the meaning of each is also in
 * docs/errors.md.
 * @{
 */
#ifndef CXSCORE_CX_ERROR_H
#define CXSCORE_CX_ERROR_H

#include <cxscore/cx-common.h>

CX_BEGIN_DECLS

/** Status codes, returned as `int`; the numbers never change (cxscore.h, @ref rules_status). */
typedef enum {
    CX_OK = 0,                    /**< Success. */
    CX_ROW = 100,                 /**< cx_reader_next(), cx_reader_next_batch(): rows available. */
    CX_DONE = 101,                /**< The same functions: end of input, no more rows. */

    CX_E_INVALID_ARGUMENT = -1,   /**< A NULL pointer, a level outside (0,1), an unknown enum value… */
    CX_E_NO_MEMORY = -2,          /**< Memory allocation failed. */
    CX_E_EMPTY = -3,              /**< No usable data: the figure is undefined (e.g. NPS of 0 answers). */
    CX_E_STRUCT_SIZE = -4,        /**< A result struct's `size` field is smaller than the library accepts. */
    CX_E_CORRUPT = -5,            /**< Serialized state is truncated, corrupted or inconsistent. */
    CX_E_VERSION = -6,            /**< Serialized state is in a format version this library does not
                                       read: a newer one, or one it replaced (the alpha and
                                       SERVQUAL states before 0.1's format 2). */
    CX_E_IO = -7,                 /**< Reading input failed (see the reader's error message). */
    CX_E_MALFORMED_ROW = -8,      /**< A CSV row is malformed; it was counted and skipped, reading may go on. */
    CX_E_NO_HEADER = -9,          /**< The CSV input is empty: it has no header row. */
    CX_E_COLUMN_NOT_FOUND = -10,  /**< No column has the requested name. */
    CX_E_COLUMN_DUPLICATE = -11,  /**< Several columns have the requested name. */
    CX_E_MISMATCH = -12,          /**< Two objects cannot be combined (e.g. different configuration). */
    CX_E_NO_CONVERGENCE = -13,    /**< An iterative computation did not converge. */
    CX_E_OVERFLOW = -14,          /**< A count or size would overflow its type. */
    CX_E_UNDEFINED = -15,         /**< The statistic is undefined for these data (e.g. Cronbach's
                                       alpha with fewer than two items or zero total variance). */
    CX_E_PARSE = -16              /**< A definition (e.g. an instrument file) is invalid; the
                                       object's error message names the line and the problem. */
} CxStatus;

/**
 * Describes a status code.
 *
 * @param status a value returned by a libcxscore function.
 * @return a static, NUL-terminated English sentence; never NULL (unknown codes give
 *         "unknown status code"). Do not free it.
 * @since 0.1
 */
CX_EXPORT const char *cx_strerror(int status);

/**
 * Names a status code.
 *
 * @param status a value returned by a libcxscore function.
 * @return the enumerator's name as a static string (e.g. "CX_E_EMPTY"), or "CX_UNKNOWN".
 * @since 0.1
 */
CX_EXPORT const char *cx_status_name(int status);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_ERROR_H */
