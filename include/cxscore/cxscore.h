/* SPDX-License-Identifier: MIT */
/**
 * @mainpage libcxscore
 *
 * libcxscore is a C11 library that scores customer-experience surveys: Net Promoter Score,
 * rating scales (CSAT, Customer Effort Score), a customer loyalty index, SERVQUAL with scale
 * reliability, driver analysis, contact-log analytics (first-contact resolution, repeat
 * contacts), retention, cohorts and customer lifetime value, with the intervals, comparisons and
 * trends that go with them. Every formula is cited at its function and in the project's
 * `docs/` pages (nps.md, servqual.md, loyalty.md), and tested against values computed outside
 * the project (`tests/data/reference/`). GLib is its one run-time dependency, used inside only:
 * no GLib type crosses the API.
 *
 * Users include one header, which includes all the others, and link with
 * `pkg-config --cflags --libs cxscore`:
 * @code
 * #include <cxscore/cxscore.h>
 * @endcode
 *
 * @section modules Modules
 * Data flows one way — reader, accumulators, result structs — and the modules follow it:
 * - @ref core : what every module stands on: status codes, versions, memory release,
 *   missing-data modes, and the reading of one cell;
 * - @ref read : the streaming CSV reader for survey exports;
 * - @ref stats : comparisons of shares, means and segments, and calendar periods;
 * - @ref score : the accumulators, which take answers and give plain result structs.
 *
 * @section rules Library-wide rules
 * These rules hold in every header. The headers refer here rather than repeat them, and say only
 * what is particular to their module.
 *
 * @subsection rules_status Status codes
 * Every function that can fail returns an `int`: #CX_OK (0) on success, or a negative `CX_E_*`
 * code (#CxStatus) that says why. The numbers never change; new codes are only appended. The
 * reader's iteration functions (cx_reader_next(), cx_reader_next_batch()) also return the
 * positive #CX_ROW and #CX_DONE. cx_strerror() describes a code and cx_status_name() names it.
 * Getters that cannot fail return their value; given a NULL object they return 0 or NULL (or an
 * empty string), as each documents. A bad value in the data is not a failure of the call that
 * adds it (@ref rules_data).
 *
 * @subsection rules_constructors Constructors, copies and memory handed out
 * Objects come from one shape of call, `int cx_<name>_new(…, Cx<Name> **out)`; likewise
 * `cx_<name>_copy(src, &out)` and `cx_<name>_deserialize(bytes, len, &out)`. On failure `*out`
 * is NULL and the status says why (#CX_E_INVALID_ARGUMENT, #CX_E_NO_MEMORY, …). The one
 * exception is the reader's openers, which after #CX_E_IO, #CX_E_NO_HEADER or
 * #CX_E_MALFORMED_ROW still hand out the reader, so that its error message can be read (free it
 * all the same). Objects are freed with their `cx_<name>_free()`, which accepts NULL. Memory the
 * library hands out (the bytes of `cx_<name>_serialize()`) is the caller's, freed with cx_free(),
 * never with free() or g_free(). Strings returned by getters belong to their object, for as long
 * as each getter says.
 *
 * @subsection rules_accumulators Accumulators
 * The scoring objects (CxNps, CxRating, CxLoyaltyIndex, CxAlpha, CxServqual, CxDrivers,
 * CxContacts, CxRetention) are opaque, streaming accumulators. Answers go in one at a time or as
 * plain arrays; results come out as plain structs; memory does not depend on the number of
 * answers, except where a header says so (cx-contacts.h keeps every case, cx-retention.h every
 * customer's active periods). Each accumulator has its adds and:
 * - merge (`dst` takes in `src`): shards — threads, files, processes — merged give the result of
 *   one pass over all their data (exactly in counts; each header says where sums may differ in
 *   rounding);
 * - reset (empty again, keeping its configuration) and copy;
 * - serialize (versioned, endian-independent bytes, so that partial results can cross
 *   processes and machines, ending in a CRC-32C of the bytes before it) and deserialize (the
 *   checksum first, so that any single-bit error is #CX_E_CORRUPT; then every field validated
 *   and checked for consistency with the others, #CX_E_CORRUPT or #CX_E_VERSION otherwise).
 *
 * The missing-data mode (#CxMissingMode) is chosen when an accumulator is created, reported in
 * its results and checked when two merge, with one exception: cx_drivers_result() and
 * cx_drivers_predictor() take it per call, because the drivers state holds what both modes need.
 *
 * @subsection rules_memory Out of memory
 * Every allocation whose size grows with the caller's data — answers, respondents, items,
 * customers, cases, channels, records, serialized state — is checked: the call that needed it
 * returns #CX_E_NO_MEMORY and leaves the object as it was before the call. Allocations of small
 * fixed or bounded size (an accumulator's bookkeeping; GLib's GVariant and GKeyFile internals
 * while state is serialized or deserialized, or while an instrument definition of at most 1 MiB
 * is parsed; error messages) use GLib's allocator, which aborts the process when memory is
 * exhausted, as GLib itself does.
 *
 * @subsection rules_threads Threads
 * The library has no global mutable state. One object (accumulator, reader, instrument) is used
 * by one thread at a time; distinct objects are independent. To use several threads, give each
 * its own accumulator and merge them at the end. Result structs are plain data, free to copy and
 * to share.
 *
 * @subsection rules_data Data conventions
 * In arrays of doubles, NaN is a missing answer and ±infinity a cell that held text (not a
 * number), counted as rejected where the accumulator counts rejections (CxAlpha, which counts
 * none, takes it as missing). Text cells follow cx-cell.h: blank, NA, N/A and - are missing,
 * numbers are plain decimals read independently of the locale, anything else is text that is
 * not a number. A bad value (an answer of 11, 6.5 or "7a", a negative or NaN weight) never makes
 * a call fail: it is counted, by reason, and shows in the result.
 *
 * @subsection rules_enums Enums
 * Enums cross the boundary as `int`: parameters and result fields are `int` or `int32_t`, not
 * the enum type, because the size of an enum type is the compiler's choice while FFI callers
 * (ctypes) declare `int`. Enum values are stable: never renumbered, never reused.
 *
 * @subsection rules_structs Result structs
 * A result struct starts with `size_t size`, which the caller sets to `sizeof` the struct as
 * their headers declare it. A struct only grows at its end. The library accepts any size at
 * least the struct's first released size, writes only below the caller's size, walks arrays of
 * results (cx_retention_periods()) with the caller's element size, and reads a caller's struct
 * (the compare and interval functions) only as far as its size covers; a size too small for
 * any of these gives #CX_E_STRUCT_SIZE. `reserved` fields are 0 and keep the layouts free of
 * hidden padding on 64-bit targets (LP64, LLP64), which tests/check-headers.py compiles every
 * header for with -Wpadded; on a 32-bit target that aligns 64-bit fields to 8 bytes, 4 bytes of
 * padding follow the 4-byte `size`, and the rest of each layout is the same. The growth rules do
 * not depend on it: a size is always the end of one version of the struct.
 *
 * @subsection rules_text Booleans and texts
 * Booleans at the boundary are `int` (0 is false). Texts are UTF-8 where they are words
 * (instrument, dimension and item names and labels) and length-given bytes — a pointer and a
 * length, not necessarily NUL-terminated — where they are ids or CSV cells (case and customer
 * ids, channels, segment labels, cells).
 *
 * @subsection rules_versions Versions
 * Every exported symbol carries a version node of `lib/cxscore.map` (`CXSCORE_0.1` for the
 * first release; a release that adds API adds a node). The soname (`libcxscore.so.0`) changes
 * only for an incompatible change. CX_CHECK_VERSION() and the `CX_VERSION_*` macros give the
 * version of the headers compiled against; cx_version_string(), cx_version_major(),
 * cx_version_minor() and cx_version_micro() that of the library loaded at run time.
 */
/**
 * @file cxscore.h
 * @brief The one header users include: it includes every other header. Its opening comment is
 *        the main page, with the library-wide rules (@ref rules).
 */
/**
 * @defgroup core Core
 * @brief What every module stands on: the export macro and memory release, missing-data modes,
 *        status codes, versions, and the reading of one cell.
 */
/**
 * @defgroup read Reading exports
 * @brief The streaming CSV reader for survey exports: RFC 4180 and what real exports do.
 */
/**
 * @defgroup stats Statistics
 * @brief Comparisons of shares, means and segments from summaries, and calendar periods.
 */
/**
 * @defgroup score Scores
 * @brief The accumulators: NPS, rating scales, loyalty index, customer value, reliability,
 *        instruments and SERVQUAL, drivers, contact logs, retention.
 */
#ifndef CXSCORE_CXSCORE_H
#define CXSCORE_CXSCORE_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>
#include <cxscore/cx-version.h>
#include <cxscore/cx-cell.h>
#include <cxscore/cx-compare.h>
#include <cxscore/cx-nps.h>
#include <cxscore/cx-rating.h>
#include <cxscore/cx-alpha.h>
#include <cxscore/cx-instrument.h>
#include <cxscore/cx-servqual.h>
#include <cxscore/cx-loyalty.h>
#include <cxscore/cx-value.h>
#include <cxscore/cx-drivers.h>
#include <cxscore/cx-contacts.h>
#include <cxscore/cx-followup.h>
#include <cxscore/cx-queue.h>
#include <cxscore/cx-rules.h>
#include <cxscore/cx-reader.h>
#include <cxscore/cx-period.h>
#include <cxscore/cx-retention.h>
#include <cxscore/cx-design.h>
#include <cxscore/cx-audit.h>

#endif /* CXSCORE_CXSCORE_H */
