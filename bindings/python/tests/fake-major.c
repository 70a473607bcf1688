/* SPDX-License-Identifier: MIT */
/* A stand-in for a libcxscore of another major version: the Python binding must refuse to load
 * it (bindings/python/tests/test_api.py). Only the version functions exist. */
int cx_version_major(void);
const char *cx_version_string(void);

int
cx_version_major(void)
{
    return 99;
}

const char *
cx_version_string(void)
{
    return "99.0.0";
}
