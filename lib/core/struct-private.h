/* SPDX-License-Identifier: MIT */
/*
 * Result structs that grow without breaking a caller (libxkbcommon's pattern, with the lesson
 * SQLite learnt from sqlite3_vfs.iVersion). Every public result struct starts with a `size_t size`
 * that the caller sets to the sizeof of the struct as *their* headers declare it. A struct only
 * grows at its end, and a released layout never changes, so a caller's size is always the end of
 * one of its versions. The library
 * - refuses (CX_E_STRUCT_SIZE) a size below the struct's first released size, the size frozen in
 *   the layer's abi-private.h table: no real version of the struct is smaller;
 * - writes only the bytes below the caller's size (a caller built against an older header gets
 *   the fields it knows, and the bytes after its struct are never touched);
 * - leaves every byte from the end of its own struct up to a larger caller size (a caller built
 *   against a newer header, on an older library) as the caller set them;
 * - reads a caller's struct (the compare functions) only when its size covers the last field
 *   read.
 * Not installed.
 */
#ifndef CX_STRUCT_PRIVATE_H
#define CX_STRUCT_PRIVATE_H

#include <stddef.h>
#include <string.h>

#include <cxscore/cx-error.h>

/* The end of @field in @type: the first released size of a struct whose last field then was
 * @field (the entries of abi-private.h), or how much of a caller's struct a read needs. */
#define CX_STRUCT_END(type, field) (offsetof(type, field) + sizeof(((type *)0)->field))

/* The `size` field of a caller's struct (read as bytes: the struct may be of another version). */
static inline size_t
cx_struct_size(const void *s)
{
    size_t size;
    memcpy(&size, s, sizeof size);
    return size;
}

/* Copies the library's struct @src (@full bytes, its own sizeof) into the caller's @dst, whose
 * size field must be at least @frozen (the first released size). Only the bytes below the
 * caller's size are written, the size field itself excepted. */
static inline int
cx_struct_out(void *dst, const void *src, size_t full, size_t frozen)
{
    size_t size = cx_struct_size(dst);
    if (size < frozen)
        return CX_E_STRUCT_SIZE;
    size_t n = size < full ? size : full;
    memcpy((char *)dst + sizeof size, (const char *)src + sizeof size, n - sizeof size);
    return CX_OK;
}

/* True if a caller's struct holds every byte below @end, the end of the last field a function
 * reads from it (CX_STRUCT_END()). */
static inline int
cx_struct_holds(const void *s, size_t end)
{
    return cx_struct_size(s) >= end;
}

#endif /* CX_STRUCT_PRIVATE_H */
