/* SPDX-License-Identifier: MIT */
/*
 * The SQL hosts' input parsing (sql/common/cx-sql-codec.c, used by the PostgreSQL types'
 * input functions and by the SQLite extension): the first byte picks the state type (nps,
 * rating, alpha), the rest is the text form a user may type. Invariants: the hex decoder accepts
 * exactly the even-length strings of hexadecimal digits and re-encodes them to their lower-case
 * form; a decoded state is either refused with CX_E_CORRUPT, CX_E_VERSION or CX_E_OVERFLOW (with a
 * message) or
 * accepted, and an accepted state's text form reads back; the JSON number writer prints every
 * finite double so that it reads back exactly, and "null" for the others. The binary input
 * functions pass the bytes straight to cx_*_deserialize(), fuzzed by fuzz-deserialize.c.
 */
#include "fuzz-common.h"

#include "cx-sql-codec.h"

#include <ctype.h>
#include <stdbool.h>

typedef struct {
    int (*deserialize)(const uint8_t *bytes, size_t len, void **out);
    int (*serialize)(const void *acc, uint8_t **bytes, size_t *len);
    void (*release)(void *acc);
} Kind;

#define KIND(prefix, Type)                                                                       \
    static int prefix##_de(const uint8_t *b, size_t l, void **out)                              \
    {                                                                                            \
        Type *acc = NULL;                                                                        \
        int st = cx_##prefix##_deserialize(b, l, &acc);                                          \
        *out = acc;                                                                              \
        return st;                                                                               \
    }                                                                                            \
    static int prefix##_ser(const void *acc, uint8_t **b, size_t *l)                            \
    {                                                                                            \
        return cx_##prefix##_serialize((const Type *)acc, b, l);                                \
    }                                                                                            \
    static void prefix##_rel(void *acc) { cx_##prefix##_free((Type *)acc); }

KIND(nps, CxNps)
KIND(rating, CxRating)
KIND(alpha, CxAlpha)

static const Kind kinds[] = {
    { nps_de, nps_ser, nps_rel },
    { rating_de, rating_ser, rating_rel },
    { alpha_de, alpha_ser, alpha_rel },
};

static void
check_json_number(const uint8_t *data, size_t size)
{
    double x;
    if (size < sizeof x)
        return;
    memcpy(&x, data, sizeof x);
    char out[32];
    cx_sql_json_number(x, out);
    FUZZ_CHECK(memchr(out, '\0', sizeof out) != NULL, "json number not terminated");
    if (!isfinite(x)) {
        FUZZ_CHECK(strcmp(out, "null") == 0, "non-finite printed as %s", out);
        return;
    }
    double y = strtod(out, NULL);
    FUZZ_CHECK(memcmp(&x, &y, sizeof x) == 0 || (x == 0.0 && y == 0.0), "%s does not read back",
               out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const Kind *kind = &kinds[data[0] % 3];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    check_json_number(data + 1, len);

    uint8_t *bytes = malloc(len / 2 + 1);
    FUZZ_CHECK(bytes != NULL, "out of memory");
    size_t nbytes = 0, bad = 0;
    int rc = cx_sql_hex_decode(text, len, bytes, &nbytes, &bad);
    bool all_hex = len % 2 == 0;
    for (size_t i = 0; i < len && all_hex; i++)
        all_hex = isxdigit((unsigned char)text[i]) != 0;
    FUZZ_CHECK((rc == 0) == all_hex, "decode %d for a string that is%s hexadecimal", rc,
               all_hex ? "" : " not");
    if (rc != 0) {
        FUZZ_CHECK(bad <= len, "bad offset %zu of %zu", bad, len);
        free(bytes);
        return 0;
    }
    FUZZ_CHECK(nbytes == len / 2, "decoded %zu bytes from %zu digits", nbytes, len);
    char *again = malloc(2 * nbytes + 1);
    FUZZ_CHECK(again != NULL, "out of memory");
    cx_sql_hex_encode(bytes, nbytes, again);
    for (size_t i = 0; i < len; i++)
        FUZZ_CHECK(again[i] == tolower((unsigned char)text[i]), "re-encoding differs at %zu", i);
    free(again);

    void *acc = NULL;
    int st = kind->deserialize(bytes, nbytes, &acc);
    FUZZ_CHECK(st == CX_OK || st == CX_E_CORRUPT || st == CX_E_VERSION || st == CX_E_OVERFLOW,
               "deserialize %d", st);
    FUZZ_CHECK(cx_sql_state_error(st) != NULL, "no message for %d", st);
    if (st == CX_OK) {
        uint8_t *out = NULL;
        size_t out_len = 0;
        FUZZ_OK(kind->serialize(acc, &out, &out_len));
        char *hex = malloc(2 * out_len + 1);
        uint8_t *back = malloc(out_len + 1);
        FUZZ_CHECK(hex && back, "out of memory");
        cx_sql_hex_encode(out, out_len, hex);
        size_t back_len = 0;
        FUZZ_CHECK(cx_sql_hex_decode(hex, 2 * out_len, back, &back_len, NULL) == 0 &&
                       back_len == out_len && memcmp(back, out, out_len) == 0,
                   "the text form of an accepted state does not read back");
        void *acc2 = NULL;
        FUZZ_OK(kind->deserialize(back, back_len, &acc2));
        kind->release(acc2);
        free(hex);
        free(back);
        cx_free(out);
        kind->release(acc);
    }
    free(bytes);
    return 0;
}
