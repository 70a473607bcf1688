/* SPDX-License-Identifier: MIT */
/* Status code descriptions and cx_free(). */
#include <cxscore/cx-error.h>

#include <glib.h>

typedef struct {
    int code;
    const char *name;
    const char *message;
} CxStatusInfo;

static const CxStatusInfo status_table[] = {
    { CX_OK, "CX_OK", "success" },
    { CX_ROW, "CX_ROW", "a row is available" },
    { CX_DONE, "CX_DONE", "end of input" },
    { CX_E_INVALID_ARGUMENT, "CX_E_INVALID_ARGUMENT", "invalid argument" },
    { CX_E_NO_MEMORY, "CX_E_NO_MEMORY", "out of memory" },
    { CX_E_EMPTY, "CX_E_EMPTY", "no usable data: the figure is undefined" },
    { CX_E_STRUCT_SIZE, "CX_E_STRUCT_SIZE", "the struct's size field is too small" },
    { CX_E_CORRUPT, "CX_E_CORRUPT", "serialized state is truncated or corrupted" },
    { CX_E_VERSION, "CX_E_VERSION", "serialized state is in a format version this library does not read" },
    { CX_E_IO, "CX_E_IO", "input/output error" },
    { CX_E_MALFORMED_ROW, "CX_E_MALFORMED_ROW", "malformed CSV row" },
    { CX_E_NO_HEADER, "CX_E_NO_HEADER", "empty input: no header row" },
    { CX_E_COLUMN_NOT_FOUND, "CX_E_COLUMN_NOT_FOUND", "no column has that name" },
    { CX_E_COLUMN_DUPLICATE, "CX_E_COLUMN_DUPLICATE", "several columns have that name" },
    { CX_E_MISMATCH, "CX_E_MISMATCH", "the objects cannot be combined" },
    { CX_E_NO_CONVERGENCE, "CX_E_NO_CONVERGENCE", "the computation did not converge" },
    { CX_E_OVERFLOW, "CX_E_OVERFLOW", "a count or size would overflow" },
    { CX_E_UNDEFINED, "CX_E_UNDEFINED", "the statistic is undefined for these data" },
    { CX_E_PARSE, "CX_E_PARSE", "the definition is invalid" },
};

static const CxStatusInfo *
find_status(int status)
{
    for (size_t i = 0; i < G_N_ELEMENTS(status_table); i++)
        if (status_table[i].code == status)
            return &status_table[i];
    return NULL;
}

const char *
cx_strerror(int status)
{
    const CxStatusInfo *info = find_status(status);
    return info ? info->message : "unknown status code";
}

const char *
cx_status_name(int status)
{
    const CxStatusInfo *info = find_status(status);
    return info ? info->name : "CX_UNKNOWN";
}

void
cx_free(void *ptr)
{
    g_free(ptr);
}
