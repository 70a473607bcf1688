/* SPDX-License-Identifier: MIT */
#include "test-common.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/state-private.h"

#ifndef CX_TEST_DATA_DIR
#error "CX_TEST_DATA_DIR must be defined by the build"
#endif

int
cx_test_run(Suite *suite)
{
    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

const char *
cx_test_data_path(const char *name)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", CX_TEST_DATA_DIR, name);
    return path;
}

char *
cx_test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    for (;;) {
        if (n + 1 >= cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

void
cx_test_state_seal(unsigned char *bytes, size_t len)
{
    ck_assert_uint_ge(len, 12);
    uint32_t crc = cx_state_crc32c(bytes, len - 4);
    for (int i = 0; i < 4; i++)
        bytes[len - 4 + i] = (unsigned char)(crc >> (8 * i));
}
