/* SPDX-License-Identifier: MIT */
/* Run-time version: the numbers of the library actually loaded, not of the headers. */
#include <cxscore/cx-version.h>

const char *
cx_version_string(void)
{
    return CX_VERSION_STRING;
}

int
cx_version_major(void)
{
    return CX_VERSION_MAJOR;
}

int
cx_version_minor(void)
{
    return CX_VERSION_MINOR;
}

int
cx_version_micro(void)
{
    return CX_VERSION_MICRO;
}
