/* SPDX-License-Identifier: MIT */
/* Framing of serialized accumulator state (see state-private.h). */
#include "core/state-private.h"

#include <cxscore/cx-error.h>
#include <string.h>

#define STATE_HEADER_SIZE 8
#define STATE_SLACK 16

int
cx_state_pack(const char magic[4], unsigned version, GVariant *payload, uint8_t **bytes,
              size_t *len)
{
    GVariant *state = g_variant_ref_sink(payload);
    if (G_BYTE_ORDER == G_BIG_ENDIAN) {
        GVariant *swapped = g_variant_byteswap(state);
        g_variant_unref(state);
        state = swapped;
    }
    size_t size = g_variant_get_size(state);
    uint8_t *buf = g_try_malloc(STATE_HEADER_SIZE + size);
    if (!buf) {
        g_variant_unref(state);
        return CX_E_NO_MEMORY;
    }
    memcpy(buf, magic, 4);
    buf[4] = version & 0xff;
    buf[5] = (version >> 8) & 0xff;
    buf[6] = buf[7] = 0;
    g_variant_store(state, buf + STATE_HEADER_SIZE);
    g_variant_unref(state);
    *bytes = buf;
    *len = STATE_HEADER_SIZE + size;
    return CX_OK;
}

/* The payload after a checked header, as a GVariant of `type` in normal form, or CX_E_CORRUPT. */
static int
payload_of(const uint8_t *bytes, size_t len, const char *type, GVariant **payload)
{
    /* Copy: GVariant needs its data aligned, and the caller's buffer may not be. The copy has
     * zeroed slack after its end: on some truncated input, GLib 2.74's normal-form check reads a
     * byte past the end of the data (found by valgrind on tests/test-rating.c's truncations),
     * and that read must stay inside memory we own. */
    size_t size = len - STATE_HEADER_SIZE;
    uint8_t *copy = g_try_malloc0(size + STATE_SLACK);
    if (!copy)
        return CX_E_NO_MEMORY;
    memcpy(copy, bytes + STATE_HEADER_SIZE, size);
    GBytes *data = g_bytes_new_with_free_func(copy, size, g_free, copy);
    GVariant *state =
        g_variant_ref_sink(g_variant_new_from_bytes(G_VARIANT_TYPE(type), data, FALSE));
    g_bytes_unref(data);
    if (G_BYTE_ORDER == G_BIG_ENDIAN) {
        GVariant *swapped = g_variant_byteswap(state);
        g_variant_unref(state);
        state = swapped;
    }
    /* Untrusted input: anything but the canonical encoding (bad sizes, offsets) is corrupt. */
    if (!g_variant_is_normal_form(state)) {
        g_variant_unref(state);
        return CX_E_CORRUPT;
    }
    *payload = state;
    return CX_OK;
}

/* Clears *payload and reads the header: CX_OK with its format version in *v, CX_E_INVALID_ARGUMENT
 * (NULL bytes) or CX_E_CORRUPT (short, another magic, version 0, reserved bytes set). */
static int
read_header(const uint8_t *bytes, size_t len, const char magic[4], GVariant **payload,
            unsigned *v)
{
    *payload = NULL;
    if (!bytes)
        return CX_E_INVALID_ARGUMENT;
    if (len < STATE_HEADER_SIZE || memcmp(bytes, magic, 4) != 0)
        return CX_E_CORRUPT;
    *v = (unsigned)bytes[4] | ((unsigned)bytes[5] << 8);
    if (*v == 0 || bytes[6] != 0 || bytes[7] != 0)
        return CX_E_CORRUPT;
    return CX_OK;
}

int
cx_state_unpack(const uint8_t *bytes, size_t len, const char magic[4], unsigned max_version,
                const char *type, GVariant **payload, unsigned *version)
{
    unsigned v = 0;
    int status = read_header(bytes, len, magic, payload, &v);
    if (status == CX_OK)
        status = v > max_version ? CX_E_VERSION : payload_of(bytes, len, type, payload);
    if (status == CX_OK && version)
        *version = v;
    return status;
}

int
cx_state_unpack_versions(const uint8_t *bytes, size_t len, const char magic[4],
                         const char *const *types, unsigned n_types, GVariant **payload,
                         unsigned *version)
{
    unsigned v = 0;
    int status = read_header(bytes, len, magic, payload, &v);
    if (status == CX_OK)
        status = v > n_types || !types[v - 1] ? CX_E_VERSION
                                              : payload_of(bytes, len, types[v - 1], payload);
    if (status == CX_OK && version)
        *version = v;
    return status;
}
