/* SPDX-License-Identifier: MIT */
/* Shared helpers of the Check test programs. */
#ifndef CX_TEST_COMMON_H
#define CX_TEST_COMMON_H

#include <check.h>
#include <stddef.h>

/* Runs the suite, prints Check's summary, returns the process exit status. */
int cx_test_run(Suite *suite);

/* Absolute path of a file under tests/data/ (static buffer owned by the helper; not reentrant). */
const char *cx_test_data_path(const char *name);

/* Reads a whole file into a NUL-terminated heap buffer (free with free()); aborts the test on
 * failure. */
char *cx_test_read_file(const char *path, size_t *len);

/* Writes the checksum that ends a serialized state (lib/core/state-private.h) for its other
 * bytes, as the library would have: for tests that edit a state's version or payload on
 * purpose and mean to reach the checks behind the checksum. */
void cx_test_state_seal(unsigned char *bytes, size_t len);

/* Compares two doubles with an absolute tolerance and prints both on failure. */
#define cx_assert_close(actual, expected, tol)                                                    \
    ck_assert_msg(fabs((double)(actual) - (double)(expected)) <= (tol),                           \
                  "%s: expected %.15g, got %.15g (tolerance %g)", #actual, (double)(expected),    \
                  (double)(actual), (double)(tol))

#endif
