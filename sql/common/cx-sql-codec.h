/* SPDX-License-Identifier: MIT */
/*
 * What the SQL hosts (sql/postgresql, sql/sqlite) share and the fuzz harness fuzz/fuzz-sql-state.c
 * exercises: the text form of an accumulator state (lower-case hexadecimal of the library's
 * serialized bytes, cx_<name>_serialize()), the messages for states the library refuses, and the
 * argument checks whose messages name the valid values. Not installed; compiled into each host.
 */
#ifndef CX_SQL_CODEC_H
#define CX_SQL_CODEC_H

#include <stddef.h>
#include <stdint.h>

/* Writes 2·len lower-case hexadecimal digits and a NUL to out (2·len + 1 bytes). */
void cx_sql_hex_encode(const uint8_t *bytes, size_t len, char *out);

/*
 * Decodes len hexadecimal digits (either case; nothing else, not even spaces) into out, which
 * holds at least len / 2 bytes; *out_len receives the byte count. Returns 0, or −1 for an odd
 * length or a character that is not a hexadecimal digit (*bad_at, if not NULL, receives the
 * offending offset).
 */
int cx_sql_hex_decode(const char *text, size_t len, uint8_t *out, size_t *out_len, size_t *bad_at);

/* The reason a state value was refused by cx_<name>_deserialize() (status CX_E_CORRUPT,
 * CX_E_VERSION, ...), as a sentence fragment for an error message. */
const char *cx_sql_state_error(int status);

/* Confidence-level check shared by every result function: 0 for 0 < level < 1, else −1. */
int cx_sql_level_ok(double level);

/* The message for a level outside (0, 1). */
#define CX_SQL_LEVEL_HINT "the level must be strictly between 0 and 1, e.g. 0.95"

/* The message for an unknown NPS interval method: the valid names. */
#define CX_SQL_NPS_METHODS_HINT "valid methods are 'wald', 'adjusted-wald' and 'tango'"

/* Formats a double for JSON: shortest round-trip form ("%.17g" trimmed), "null" for NaN and
 * infinities. Writes at most 32 bytes including the NUL. */
void cx_sql_json_number(double x, char out[32]);

#endif /* CX_SQL_CODEC_H */
