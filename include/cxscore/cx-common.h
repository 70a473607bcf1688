/* SPDX-License-Identifier: MIT */
/**
 * @file cx-common.h
 * @brief Export macro, C++ guards and memory release shared by every libcxscore header.
 *
 * Include <cxscore/cxscore.h> rather than this file.
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
 * Releases memory that a libcxscore function handed to the caller (for example the buffer
 * returned by cx_nps_serialize()). Never release such memory with free() or g_free().
 *
 * @param ptr memory returned by libcxscore, or NULL (then nothing happens).
 * @since 0.1
 */
CX_EXPORT void cx_free(void *ptr);

CX_END_DECLS

#endif /* CXSCORE_CX_COMMON_H */
