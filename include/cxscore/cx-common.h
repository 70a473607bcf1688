/* SPDX-License-Identifier: MIT */
/**
 * @file cx-common.h
 * @brief What every libcxscore header shares: the export macro, C++ guards, memory release and
 *        the missing-data modes of the accumulators.
 *
 * @defgroup common Common definitions
 * @ingroup core
 * @brief Memory release and the missing-data modes, shared by every header (cx-common.h).
 *
 * Every public declaration is marked with `CX_EXPORT` (symbol visibility; dllexport/dllimport on
 * Windows) and wrapped in `CX_BEGIN_DECLS` / `CX_END_DECLS` (`extern "C"` for C++). Include
 * <cxscore/cxscore.h> rather than this file.
 * @{
 */
#ifndef CXSCORE_CX_COMMON_H
#define CXSCORE_CX_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) || defined(__CYGWIN__)
#  ifdef CXSCORE_COMPILATION
#    define CX_EXPORT __declspec(dllexport)
#  else
#    define CX_EXPORT __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define CX_EXPORT __attribute__((visibility("default")))
#else
#  define CX_EXPORT
#endif

#ifdef __cplusplus
#  define CX_BEGIN_DECLS extern "C" {
#  define CX_END_DECLS }
#else
#  define CX_BEGIN_DECLS
#  define CX_END_DECLS
#endif

CX_BEGIN_DECLS

/**
 * How an accumulator treats respondents who skipped some of the questions it scores together.
 * Chosen when the accumulator is created, reported in its results, and checked when two
 * accumulators merge; cx_drivers_result() alone takes it per call (cxscore.h,
 * @ref rules_accumulators). Passed as `int` (@ref rules_enums).
 */
typedef enum {
    /** Every figure uses the respondents who answered what it needs (psych's default). */
    CX_MISSING_PAIRWISE = 0,
    /** Only respondents who answered every item are used. */
    CX_MISSING_LISTWISE = 1,
    /**
     * SERVQUAL only: a respondent's dimension score is the mean of the item gaps they answered,
     * if at least half (rounded up) are present. Not accepted by cx_alpha_new().
     */
    CX_MISSING_RESPONDENT = 2
} CxMissingMode;

/**
 * Releases memory that a libcxscore function handed to the caller: the buffers of the
 * `cx_<name>_serialize()` functions (cxscore.h, @ref rules_constructors). Never release such
 * memory with free() or g_free(), nor objects with cx_free(): they have their own
 * `cx_<name>_free()`.
 *
 * @param ptr memory returned by libcxscore, or NULL (then nothing happens).
 * @since 0.1
 */
CX_EXPORT void cx_free(void *ptr);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_COMMON_H */
