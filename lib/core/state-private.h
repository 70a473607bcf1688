/* SPDX-License-Identifier: MIT */
/*
 * Serialized accumulator state, shared by every module: 4 magic bytes naming the module, a 16-bit
 * little-endian format version, two zero bytes, then a little-endian GVariant payload whose type
 * the module defines per version, and last the CRC-32C of everything before it (4 bytes, little
 * endian), checked before anything else is read: every single-bit error, and every burst of up to
 * 32 bits, is CX_E_CORRUPT. The checksum came with each module's format version 2 (3 for alpha
 * and SERVQUAL); earlier states had none and are no longer read. Not installed.
 */
#ifndef CX_STATE_PRIVATE_H
#define CX_STATE_PRIVATE_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/* Writes magic + version + payload into a new buffer (free with cx_free()). Consumes a floating
 * reference to `payload` or borrows a full one. Returns CX_OK or CX_E_NO_MEMORY. */
/* The CRC-32C of `len` bytes (RFC 3720's; see state.c). Exposed for the tests and for the fuzz
 * harnesses, which mend the checksum of their input so as to reach the payload's checks. */
uint32_t cx_state_crc32c(const uint8_t *bytes, size_t len);

int cx_state_pack(const char magic[4], unsigned version, GVariant *payload, uint8_t **bytes,
                  size_t *len);

/* Checks magic, checksum and version and returns the payload as a GVariant of `type` in normal
 * form (the caller unrefs it), or CX_E_INVALID_ARGUMENT (NULL bytes), CX_E_CORRUPT, CX_E_VERSION.
 * `version_read` is the one format version the caller reads (any other is CX_E_VERSION);
 * `*version` (may be NULL) receives the one found. Never reads past `len`. */
int cx_state_unpack(const uint8_t *bytes, size_t len, const char magic[4], unsigned version_read,
                    const char *type, GVariant **payload, unsigned *version);

/* As cx_state_unpack() for a module whose formats differ in type: types[v − 1] is the payload type
 * of format version v, for 1 ≤ v ≤ n_types, NULL for a version no longer read. A version above
 * n_types or without a type is CX_E_VERSION. */
int cx_state_unpack_versions(const uint8_t *bytes, size_t len, const char magic[4],
                             const char *const *types, unsigned n_types, GVariant **payload,
                             unsigned *version);

#endif /* CX_STATE_PRIVATE_H */
