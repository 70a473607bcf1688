/* SPDX-License-Identifier: MIT */
/*
 * Allocation failures on demand, for the tests of the out-of-memory rule (cxscore.h): every
 * allocation whose size grows with the caller's data is checked, and a call that cannot get memory
 * returns CX_E_NO_MEMORY leaving its object as it was.
 *
 * The library makes those allocations with GLib's g_try_* allocators, and only those.
 * test-alloc.c defines them itself: a program linked with it (and with the library's objects,
 * whose references to g_try_* then resolve to these definitions before libglib's) can fail the
 * library's checked allocations one at a time, as SQLite's test harness does with its malloc.
 * They allocate as GLib does (the system's malloc since GLib 2.46; g_free() is free()). Nothing
 * fails until cx_test_fail_at() arms them.
 */
#ifndef CX_TEST_ALLOC_H
#define CX_TEST_ALLOC_H

#include <stdint.h>

/* Makes the k-th checked allocation from now fail (k = 0: the next one), and no other;
 * k < 0 makes none fail. Clears the count of failures injected. */
void cx_test_fail_at(int64_t k);

/* Makes no allocation fail from now on; returns the number of failures injected since the
 * last cx_test_fail_at() (0 or 1). */
uint64_t cx_test_fail_never(void);

/* The allocations still to let through before the armed failure (−1: none armed). For a test
 * that pauses the failures around its own set-up: save it, cx_test_fail_never(), then
 * cx_test_fail_at() with it again. */
int64_t cx_test_fail_countdown(void);

#endif
