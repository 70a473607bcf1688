/* SPDX-License-Identifier: MIT */
/* Survey platforms' export profiles (lib/read/profile.c; docs/input.md gives the sources of
 * each shape). Not installed. */
#ifndef CX_PROFILE_PRIVATE_H
#define CX_PROFILE_PRIVATE_H

#include <stddef.h>

typedef struct {
    const char *name;                  /* "qualtrics" */
    const char *title;                 /* "Qualtrics" */
    size_t header_rows;
    char delimiter;                    /* 0: ',' */
    const char *const *signature;      /* column names all present in the first header row */
    const char *const *metadata;       /* columns that hold no answer */
    const char *third_row_prefix;      /* every cell of header row 3 starts so (Qualtrics), or NULL */
    int choice_columns;                /* single-choice questions as one column per option */
    int detectable;                    /* "auto" may choose it */
    const char *const *date_formats;   /* its timestamps (cx-cell.h's directives), or NULL */
} CxProfile;

/* The profile of that name, or NULL. */
const CxProfile *cx_profile_find(const char *name);

/* The profiles whose signature the names match ("auto"): returns how many, the first in *found. */
size_t cx_profile_detect(char *const *names, size_t n, const CxProfile **found);

/* 1 if every signature column is among the names. */
int cx_profile_matches(const CxProfile *p, char *const *names, size_t n);

/* 1 if the column name is one of the profile's metadata columns. */
int cx_profile_is_metadata(const CxProfile *p, const char *name);

#endif /* CX_PROFILE_PRIVATE_H */
