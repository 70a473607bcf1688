/* SPDX-License-Identifier: MIT */
/*
 * Out of memory (cxscore.h): every allocation whose size grows with the caller's data is checked,
 * and the call that needed it returns CX_E_NO_MEMORY and leaves its object as it was.
 *
 * The library makes those allocations with GLib's g_try_* allocators, and only those, which
 * test-alloc.h can make fail one at a time, as SQLite's test harness does with its malloc: for
 * k = 0, 1, 2, … the k-th allocation of the call under test fails, until the call runs through
 * without a failure. Each failure must give CX_E_NO_MEMORY (never an abort, another code or a crash), the
 * object must be what it was before the call (compared through its results or its serialized
 * bytes, taken with nothing failing), a constructor must leave *out NULL, and nothing may leak
 * (the valgrind and ASan runs of this suite check that).
 */
#include <cxscore/cxscore.h>

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-alloc.h"
#include "test-common.h"

/* ---- running a call under every possible failure ---------------------------------------------- */

/* A fingerprint of an object's state (its results or serialized bytes), taken with nothing
 * failing: equal fingerprints, equal states. */
typedef GBytes *(*Fingerprint)(const void *object);

/* Runs @call (which returns a status) with the k-th checked allocation failing, k = 0, 1, …, on
 * a fresh object from @make each time, until it succeeds untouched. Every failure must return
 * CX_E_NO_MEMORY and leave the object's fingerprint as it was. Returns how many failures were
 * injected (at least one is expected of a call that allocates). */
static uint64_t
under_every_failure(const char *what, void *(*make)(void), void (*destroy)(void *),
                    Fingerprint fingerprint, int (*call)(void *object))
{
    uint64_t failures = 0;
    for (int64_t k = 0;; k++) {
        ck_assert_msg(k < 100000, "%s: still failing after %lld allocations", what,
                      (long long)k);
        void *object = make ? make() : NULL;
        GBytes *before = fingerprint ? fingerprint(object) : NULL;
        cx_test_fail_at(k);
        int status = call(object);
        uint64_t hit = cx_test_fail_never();
        if (hit == 0) {
            ck_assert_msg(status == CX_OK, "%s with nothing failing: expected CX_OK, got %s",
                          what, cx_status_name(status));
            if (before)
                g_bytes_unref(before);
            if (destroy)
                destroy(object);
            break;
        }
        failures++;
        ck_assert_msg(status == CX_E_NO_MEMORY,
                      "%s, allocation %lld failing: expected CX_E_NO_MEMORY, got %s", what,
                      (long long)k, cx_status_name(status));
        if (fingerprint) {
            GBytes *after = fingerprint(object);
            ck_assert_msg(g_bytes_equal(before, after),
                          "%s, allocation %lld failing: the object changed", what, (long long)k);
            g_bytes_unref(after);
            g_bytes_unref(before);
        }
        if (destroy)
            destroy(object);
    }
    return failures;
}

static GBytes *
bytes_of(const void *data, size_t len)
{
    return g_bytes_new(data, len);
}

/* ---- objects with data, and their fingerprints ------------------------------------------------ */

static void *
make_nps(void)
{
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    static const uint8_t s[] = { 10, 9, 8, 3, 0, 7, 10 };
    ck_assert_int_eq(cx_nps_add_u8(nps, s, NULL, sizeof s), CX_OK);
    return nps;
}

static GBytes *
nps_print(const void *o)
{
    CxNpsResult r = { .size = sizeof r };
    cx_nps_result(o, &r);
    return bytes_of(&r, sizeof r);
}

static void
free_nps(void *o)
{
    cx_nps_free(o);
}

static void *
make_alpha(void)
{
    CxAlpha *a = NULL;
    ck_assert_int_eq(cx_alpha_new(4, CX_MISSING_PAIRWISE, &a), CX_OK);
    double rows[40 * 4];
    for (size_t i = 0; i < 40 * 4; i++)
        rows[i] = (double)(1 + (i * 7 + i / 4) % 5);
    rows[9] = NAN;
    ck_assert_int_eq(cx_alpha_add_rows(a, rows, 40), CX_OK);
    return a;
}

static GBytes *
alpha_print(const void *o)
{
    GByteArray *b = g_byte_array_new();
    CxAlphaResult r = { .size = sizeof r };
    cx_alpha_result(o, 0.95, &r);
    g_byte_array_append(b, (const guint8 *)&r, sizeof r);
    for (size_t i = 0; i < cx_alpha_item_count(o); i++) {
        CxAlphaItem it = { .size = sizeof it };
        cx_alpha_item(o, i, &it);
        g_byte_array_append(b, (const guint8 *)&it, sizeof it);
    }
    return g_byte_array_free_to_bytes(b);
}

static void
free_alpha(void *o)
{
    cx_alpha_free(o);
}

static void *
make_servqual(void)
{
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new_builtin(CX_INSTRUMENT_SERVQUAL_1991, &in), CX_OK);
    CxServqual *sq = NULL;
    ck_assert_int_eq(cx_servqual_new(in, CX_MISSING_PAIRWISE, &sq), CX_OK);
    cx_instrument_free(in);
    return sq;
}

static GBytes *
servqual_print(const void *o)
{
    uint8_t *bytes = NULL;
    size_t len = 0;
    ck_assert_int_eq(cx_servqual_serialize(o, &bytes, &len), CX_OK);
    GBytes *b = bytes_of(bytes, len);
    cx_free(bytes);
    return b;
}

static void
free_servqual(void *o)
{
    cx_servqual_free(o);
}

static void *
make_drivers(void)
{
    CxDrivers *d = NULL;
    ck_assert_int_eq(cx_drivers_new(3, &d), CX_OK);
    for (int i = 0; i < 30; i++) {
        const double x[3] = { (double)(i % 5), (double)((i * 3) % 7), (double)(i % 2) };
        ck_assert_int_eq(cx_drivers_add(d, x, (double)((i * 5) % 11), 1.0), CX_OK);
    }
    return d;
}

static GBytes *
drivers_print(const void *o)
{
    GByteArray *b = g_byte_array_new();
    for (int mode = CX_MISSING_PAIRWISE; mode <= CX_MISSING_LISTWISE; mode++) {
        CxDriversResult r = { .size = sizeof r };
        cx_drivers_result(o, mode, 0.95, &r);
        g_byte_array_append(b, (const guint8 *)&r, sizeof r);
        for (size_t j = 0; j < cx_drivers_predictor_count(o); j++) {
            CxDriver p = { .size = sizeof p };
            cx_drivers_predictor(o, j, mode, 0.95, &p);
            g_byte_array_append(b, (const guint8 *)&p, sizeof p);
        }
    }
    return g_byte_array_free_to_bytes(b);
}

static void
free_drivers(void *o)
{
    cx_drivers_free(o);
}

static void *
make_contacts(void)
{
    CxContacts *c = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &c), CX_OK);
    static const char *const channels[] = { "phone", "web", "store" };
    char id[16];
    for (int i = 0; i < 40; i++) {
        snprintf(id, sizeof id, "case-%d", i % 17);
        const char *ch = channels[i % 3];
        ck_assert_int_eq(cx_contacts_add_segmented(c, id, strlen(id), 60.0 * i, ch, strlen(ch),
                                                   i % 4 == 3 ? CX_RESOLVED_YES : CX_RESOLVED_NO,
                                                   i % 2 ? "billing" : "tech", i % 2 ? 7 : 4),
                         CX_OK);
    }
    return c;
}

static GBytes *
contacts_print(const void *o)
{
    GByteArray *b = g_byte_array_new();
    CxContactsResult r = { .size = sizeof r };
    cx_contacts_result(o, 0.95, &r);
    g_byte_array_append(b, (const guint8 *)&r, sizeof r);
    for (size_t i = 0; i < cx_contacts_channel_count(o); i++) {
        size_t len = 0;
        const char *name = cx_contacts_channel_name(o, i, &len);
        g_byte_array_append(b, (const guint8 *)name, (guint)len + 1);
        CxContactsChannelResult ch = { .size = sizeof ch };
        cx_contacts_channel(o, i, 0.95, &ch);
        g_byte_array_append(b, (const guint8 *)&ch, sizeof ch);
    }
    for (size_t i = 0; i < cx_contacts_segment_count(o); i++) {
        CxContactsResult s = { .size = sizeof s };
        cx_contacts_segment(o, i, 0.95, &s);
        g_byte_array_append(b, (const guint8 *)&s, sizeof s);
    }
    return g_byte_array_free_to_bytes(b);
}

static void
free_contacts(void *o)
{
    cx_contacts_free(o);
}

static void *
make_followup(void)
{
    CxFollowup *f = NULL;
    ck_assert_int_eq(cx_followup_new(1e6, &f), CX_OK);
    static const char *const owners[] = { "ana", "bo", "" };
    char id[16];
    for (int i = 0; i < 40; i++) {
        snprintf(id, sizeof id, "r-%d", i % 37); /* three duplicates */
        const char *owner = owners[i % 3];
        CxFollowupAlert a = { .size = sizeof a, .alerted_at = 1e5 * (i % 9),
                              .first_contact_at = i % 4 ? 1e5 * (i % 9) + 3600.0 * i : (double)NAN,
                              .closed_at = i % 5 == 1 ? 1e5 * (i % 9) + 3600.0 * i : (double)NAN,
                              .score_before = i % 10,
                              .score_after = i % 2 ? (double)NAN : (double)((i * 3) % 11),
                              .line = (uint64_t)i + 2,
                              .outcome = i % 5 == 1 ? CX_FOLLOWUP_RESOLVED : CX_FOLLOWUP_OPEN };
        ck_assert_int_eq(cx_followup_add(f, id, strlen(id), owner, strlen(owner), &a, NULL),
                         CX_OK);
    }
    return f;
}

static GBytes *
followup_print(const void *o)
{
    GByteArray *b = g_byte_array_new();
    CxFollowupResult r = { .size = sizeof r };
    cx_followup_result(o, NULL, 0, 86400.0, 0.95, &r);
    g_byte_array_append(b, (const guint8 *)&r, sizeof r);
    for (size_t i = 0; i < cx_followup_group_count(o); i++) {
        size_t len = 0;
        const char *name = cx_followup_group_name(o, i, &len);
        g_byte_array_append(b, (const guint8 *)name, (guint)len + 1);
        cx_followup_result(o, name, len, 86400.0, 0.95, &r);
        g_byte_array_append(b, (const guint8 *)&r, sizeof r);
    }
    for (int k = 1; k < CX_FOLLOWUP_N_REJECTIONS; k++) {
        uint64_t v[2];
        v[0] = cx_followup_rejections(o, k, &v[1]);
        g_byte_array_append(b, (const guint8 *)v, sizeof v);
    }
    return g_byte_array_free_to_bytes(b);
}

static void
free_followup(void *o)
{
    cx_followup_free(o);
}

static int
followup_new_alert(void *object)
{
    CxFollowupAlert a = { .size = sizeof a, .alerted_at = 5.0, .first_contact_at = NAN,
                          .closed_at = NAN, .score_before = 2, .score_after = 9, .line = 99 };
    return cx_followup_add(object, "a new response", 14, "a new owner", 11, &a, NULL);
}

static int
followup_result(void *object)
{
    CxFollowupResult r = { .size = sizeof r };
    return cx_followup_result(object, "bo", 2, 86400.0, 0.95, &r);
}

static void *
make_retention(void)
{
    CxRetention *r = NULL;
    ck_assert_int_eq(cx_retention_new(&r), CX_OK);
    char id[16];
    for (int i = 0; i < 60; i++) {
        snprintf(id, sizeof id, "cust-%d", (i * 7) % 23);
        ck_assert_int_eq(cx_retention_add(r, id, strlen(id), i % 6, (double)i), CX_OK);
    }
    return r;
}

static GBytes *
retention_print(const void *o)
{
    uint8_t *bytes = NULL;
    size_t len = 0;
    ck_assert_int_eq(cx_retention_serialize(o, &bytes, &len), CX_OK);
    GBytes *b = bytes_of(bytes, len);
    cx_free(bytes);
    return b;
}

static void
free_retention(void *o)
{
    cx_retention_free(o);
}

static void *
make_instrument(void)
{
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_add_dimension(in, "speed", NULL), CX_OK);
    ck_assert_int_eq(cx_instrument_add_item(in, 1, 0, "Quick", 0), CX_OK);
    return in;
}

static GBytes *
instrument_print(const void *o)
{
    GString *s = g_string_new(cx_instrument_name(o));
    for (size_t d = 0; d < cx_instrument_dimension_count(o); d++)
        g_string_append_printf(s, "|d %s", cx_instrument_dimension_name(o, d));
    for (size_t i = 0; i < cx_instrument_item_count(o); i++) {
        const char *label = cx_instrument_item_label(o, i);
        g_string_append_printf(s, "|i %d %zu %s", cx_instrument_item_number(o, i),
                               cx_instrument_item_dimension(o, i), label ? label : "-");
    }
    return g_string_free_to_bytes(s);
}

static void
free_instrument(void *o)
{
    cx_instrument_free(o);
}

static const char audit_checklist[] =
    "[checklist]\npass_mark = 50\ncritical = section\n[sections]\na = A\nb = B\n"
    "[item Q1]\nsection = a\npoints = 1\ntype = yesno\ncritical = yes\n"
    "[item Q2]\nsection = b\npoints = 2\ntype = rating\nscale = 1-5\npass = 4\n";

static CxChecklist *
make_checklist(void)
{
    CxChecklist *c = NULL;
    ck_assert_int_eq(cx_checklist_new(&c), CX_OK);
    ck_assert_int_eq(cx_checklist_load_data(c, audit_checklist, sizeof audit_checklist - 1),
                     CX_OK);
    return c;
}

static void *
make_audit(void)
{
    CxChecklist *c = make_checklist();
    CxAudit *a = NULL;
    ck_assert_int_eq(cx_audit_new(c, CX_PERIOD_MONTH, &a), CX_OK);
    cx_checklist_free(c);
    const char *cols[] = { "location", "region", "shopper", "date", "Q1", "Q2", "X" };
    ck_assert_int_eq(cx_audit_set_columns(a, cols, 7, 1), CX_OK);
    char loc[8], shop[8];
    for (int i = 0; i < 24; i++) {
        snprintf(loc, sizeof loc, "L%d", i % 5);
        snprintf(shop, sizeof shop, "s%d", (i * 7) % 4);
        const char *row[] = { loc, "north", shop, i % 2 ? "2026-01-03" : "2026-02-09",
                              i % 3 ? "yes" : "no", i % 4 ? "4" : "2", "" };
        ck_assert_int_eq(cx_audit_add_row(a, row, NULL, 7, 2 + (uint64_t)i), CX_OK);
    }
    return a;
}

static GBytes *
audit_print(const void *o)
{
    uint8_t *bytes = NULL;
    size_t len = 0;
    ck_assert_int_eq(cx_audit_serialize(o, &bytes, &len), CX_OK);
    GBytes *b = bytes_of(bytes, len);
    cx_free(bytes);
    return b;
}

static void
free_audit(void *o)
{
    cx_audit_free(o);
}

/* ---- constructors: *out is NULL after a failure ----------------------------------------------- */

/* cx_audit_new() on a checklist loaded with nothing failing. */
static int
audit_from_checklist(CxAudit **out)
{
    const int64_t k = cx_test_fail_countdown();
    cx_test_fail_never();
    CxChecklist *c = make_checklist();
    cx_test_fail_at(k);
    int status = cx_audit_new(c, CX_PERIOD_WEEK, out);
    cx_checklist_free(c);
    return status;
}

#define CONSTRUCTOR(name, T, free_fn, ...)                                                        \
    static int name(void *unused)                                                                 \
    {                                                                                             \
        (void)unused;                                                                             \
        T *out = (T *)&out;                                                                       \
        int status = __VA_ARGS__;                                                                 \
        if (status == CX_OK)                                                                      \
            free_fn(out);                                                                         \
        else                                                                                      \
            ck_assert_msg(out == NULL, "%s failed but left *out set", #name);                    \
        return status;                                                                            \
    }

CONSTRUCTOR(new_nps, CxNps, cx_nps_free, cx_nps_new(&out))
CONSTRUCTOR(new_rating, CxRating, cx_rating_free, cx_rating_new(1, 10, 9, 10, 10, &out))
CONSTRUCTOR(new_preset, CxRating, cx_rating_free, cx_rating_new_preset(CX_RATING_CES, &out))
CONSTRUCTOR(new_loyalty, CxLoyaltyIndex, cx_loyalty_index_free,
            cx_loyalty_index_new(CX_MISSING_LISTWISE, &out))
CONSTRUCTOR(new_alpha, CxAlpha, cx_alpha_free, cx_alpha_new(22, CX_MISSING_PAIRWISE, &out))
CONSTRUCTOR(new_drivers, CxDrivers, cx_drivers_free, cx_drivers_new(5, &out))
CONSTRUCTOR(new_contacts, CxContacts, cx_contacts_free,
            cx_contacts_new(CX_CONTACTS_ORDER_SEQUENCE, &out))
CONSTRUCTOR(new_retention, CxRetention, cx_retention_free, cx_retention_new(&out))
CONSTRUCTOR(new_instrument, CxInstrument, cx_instrument_free, cx_instrument_new(&out))
CONSTRUCTOR(new_checklist, CxChecklist, cx_checklist_free, cx_checklist_new(&out))
CONSTRUCTOR(new_audit, CxAudit, cx_audit_free, audit_from_checklist(&out))
CONSTRUCTOR(new_builtin, CxInstrument, cx_instrument_free,
            cx_instrument_new_builtin(CX_INSTRUMENT_SERVQUAL_1988, &out))

START_TEST(constructors)
{
    static const struct {
        const char *name;
        int (*call)(void *);
    } cases[] = {
        { "cx_nps_new", new_nps },
        { "cx_rating_new", new_rating },
        { "cx_rating_new_preset", new_preset },
        { "cx_loyalty_index_new", new_loyalty },
        { "cx_alpha_new", new_alpha },
        { "cx_drivers_new", new_drivers },
        { "cx_contacts_new", new_contacts },
        { "cx_retention_new", new_retention },
        { "cx_instrument_new", new_instrument },
        { "cx_checklist_new", new_checklist },
        { "cx_audit_new", new_audit },
        { "cx_instrument_new_builtin", new_builtin },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        uint64_t n = under_every_failure(cases[i].name, NULL, NULL, NULL, cases[i].call);
        ck_assert_msg(n >= 1, "%s allocates nothing that can fail?", cases[i].name);
    }
}
END_TEST

/* ---- copies, and servqual built from an instrument -------------------------------------------- */

static CxInstrument *shared_instrument;

static int
servqual_from_instrument(void *unused)
{
    (void)unused;
    CxServqual *out = (CxServqual *)&out;
    int status = cx_servqual_new(shared_instrument, CX_MISSING_RESPONDENT, &out);
    if (status == CX_OK)
        cx_servqual_free(out);
    else
        ck_assert_ptr_null(out);
    return status;
}

#define COPY(name, T, copy_fn, free_fn)                                                           \
    static int name(void *object)                                                                 \
    {                                                                                             \
        T *out = (T *)&out;                                                                       \
        int status = copy_fn(object, &out);                                                       \
        if (status == CX_OK)                                                                      \
            free_fn(out);                                                                         \
        else                                                                                      \
            ck_assert_msg(out == NULL, "%s failed but left *out set", #copy_fn);                 \
        return status;                                                                            \
    }

COPY(copy_nps, CxNps, cx_nps_copy, cx_nps_free)
COPY(copy_alpha, CxAlpha, cx_alpha_copy, cx_alpha_free)
COPY(copy_servqual, CxServqual, cx_servqual_copy, cx_servqual_free)
COPY(copy_drivers, CxDrivers, cx_drivers_copy, cx_drivers_free)
COPY(copy_contacts, CxContacts, cx_contacts_copy, cx_contacts_free)
COPY(copy_retention, CxRetention, cx_retention_copy, cx_retention_free)
COPY(copy_followup, CxFollowup, cx_followup_copy, cx_followup_free)
COPY(copy_audit, CxAudit, cx_audit_copy, cx_audit_free)

START_TEST(copies)
{
    ck_assert_int_eq(cx_instrument_new_builtin(CX_INSTRUMENT_SERVQUAL_1991, &shared_instrument),
                     CX_OK);
    ck_assert_uint_ge(under_every_failure("cx_servqual_new", NULL, NULL, NULL,
                                          servqual_from_instrument),
                      3);
    cx_instrument_free(shared_instrument);
    under_every_failure("cx_nps_copy", make_nps, free_nps, nps_print, copy_nps);
    under_every_failure("cx_alpha_copy", make_alpha, free_alpha, alpha_print, copy_alpha);
    under_every_failure("cx_servqual_copy", make_servqual, free_servqual, servqual_print,
                        copy_servqual);
    under_every_failure("cx_drivers_copy", make_drivers, free_drivers, drivers_print,
                        copy_drivers);
    under_every_failure("cx_contacts_copy", make_contacts, free_contacts, contacts_print,
                        copy_contacts);
    under_every_failure("cx_retention_copy", make_retention, free_retention, retention_print,
                        copy_retention);
    under_every_failure("cx_followup_copy", make_followup, free_followup, followup_print,
                        copy_followup);
    under_every_failure("cx_audit_copy", make_audit, free_audit, audit_print, copy_audit);
}
END_TEST

/* ---- adds and merges that grow an object ------------------------------------------------------ */

static int
alpha_rows(void *object)
{
    double rows[300 * 4];
    for (size_t i = 0; i < 300 * 4; i++)
        rows[i] = (double)(1 + (i * 3) % 5) + (i % 11 == 0 ? 0.5 : 0.0);
    return cx_alpha_add_rows(object, rows, 300);
}

static int
servqual_rows(void *object)
{
    static double e[300 * 22], p[300 * 22];
    for (size_t i = 0; i < 300 * 22; i++) {
        e[i] = (double)(1 + (i * 5) % 7);
        p[i] = i % 13 == 0 ? (double)NAN : (double)(1 + (i * 3) % 7);
    }
    return cx_servqual_add_rows(object, 300, e, p, NULL, NULL, NULL);
}

static int
contacts_new_case_and_names(void *object)
{
    return cx_contacts_add_segmented(object, "a new case", 10, 5.0, "chat", 4, CX_RESOLVED_YES,
                                     "returns", 7);
}

static int
retention_new_customer(void *object)
{
    return cx_retention_add(object, "a new customer", 14, 3, 12.5);
}

static int
retention_new_period(void *object)
{
    return cx_retention_add(object, "cust-0", 6, 100, 1.0);
}

static int
drivers_new_cells(void *object)
{
    /* Values the Spearman tables have not seen: each table grows. */
    const double x[3] = { 0.25, 1.75, 9.5 };
    return cx_drivers_add(object, x, 4.5, 2.0);
}

/* The second object of a merge is made with nothing failing: only the merge is under test. */
static int64_t
pause_failures(void)
{
    int64_t k = cx_test_fail_countdown();
    cx_test_fail_never();
    return k;
}

static int
merge_contacts(void *object)
{
    int64_t k = pause_failures();
    CxContacts *other = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &other), CX_OK);
    char id[16];
    for (int i = 0; i < 30; i++) {
        snprintf(id, sizeof id, "case-%d", i);
        cx_contacts_add(other, id, strlen(id), 1000.0 + i, "mail", 4, CX_RESOLVED_NO);
    }
    cx_test_fail_at(k);
    int status = cx_contacts_merge(object, other);
    cx_contacts_free(other);
    return status;
}

static int
merge_followup(void *object)
{
    int64_t k = pause_failures();
    CxFollowup *other = NULL;
    ck_assert_int_eq(cx_followup_new(1e6, &other), CX_OK);
    char id[16];
    for (int i = 0; i < 30; i++) {
        snprintf(id, sizeof id, "r-%d", 20 + i); /* half new, half duplicates */
        CxFollowupAlert a = { .size = sizeof a, .alerted_at = 7.0, .first_contact_at = 9.0,
                              .closed_at = NAN, .score_before = NAN, .score_after = NAN,
                              .line = (uint64_t)i + 2 };
        cx_followup_add(other, id, strlen(id), i % 2 ? "cy" : "ana", i % 2 ? 2 : 3, &a, NULL);
    }
    cx_test_fail_at(k);
    int status = cx_followup_merge(object, other);
    cx_followup_free(other);
    return status;
}

static int
merge_retention(void *object)
{
    int64_t k = pause_failures();
    CxRetention *other = NULL;
    ck_assert_int_eq(cx_retention_new(&other), CX_OK);
    char id[16];
    for (int i = 0; i < 30; i++) {
        snprintf(id, sizeof id, "new-%d", i);
        cx_retention_add(other, id, strlen(id), i % 9, 2.0);
    }
    cx_test_fail_at(k);
    int status = cx_retention_merge(object, other);
    cx_retention_free(other);
    return status;
}

static int
merge_drivers(void *object)
{
    int64_t k = pause_failures();
    CxDrivers *other = make_drivers();
    drivers_new_cells(other);
    cx_test_fail_at(k);
    int status = cx_drivers_merge(object, other);
    cx_drivers_free(other);
    return status;
}

/* A row that brings a new location, shopper, period and pair. */
static int
audit_new_segments(void *object)
{
    const char *row[] = { "a location with a long name that does not fit on the stack of the "
                          "call, so that the pair key is allocated: "
                          "..............................................................."
                          "..............................................................."
                          "...............................................................",
                          "south", "a new shopper", "2026-07-01", "yes", "5", "" };
    return cx_audit_add_row(object, row, NULL, 7, 99);
}

static int
merge_audit(void *object)
{
    int64_t k = pause_failures();
    CxAudit *other = make_audit();
    const char *row[] = { "L9", "west", "s9", "2026-05-05", "no", "1", "" };
    ck_assert_int_eq(cx_audit_add_row(other, row, NULL, 7, 3), CX_OK);
    cx_test_fail_at(k);
    int status = cx_audit_merge(object, other);
    cx_audit_free(other);
    return status;
}

static int
audit_columns(void *object)
{
    const char *cols[] = { "Q2", "shopper", "Q1", "location" };
    return cx_audit_set_columns(object, cols, 4, 1);
}

START_TEST(adds_and_merges)
{
    under_every_failure("cx_audit_add_row", make_audit, free_audit, audit_print,
                        audit_new_segments);
    under_every_failure("cx_audit_merge", make_audit, free_audit, audit_print, merge_audit);
    under_every_failure("cx_audit_set_columns", make_audit, free_audit, audit_print,
                        audit_columns);
    under_every_failure("cx_alpha_add_rows", make_alpha, free_alpha, alpha_print, alpha_rows);
    under_every_failure("cx_servqual_add_rows", make_servqual, free_servqual, servqual_print,
                        servqual_rows);
    under_every_failure("cx_contacts_add_segmented", make_contacts, free_contacts,
                        contacts_print, contacts_new_case_and_names);
    under_every_failure("cx_contacts_merge", make_contacts, free_contacts, contacts_print,
                        merge_contacts);
    under_every_failure("cx_followup_add", make_followup, free_followup, followup_print,
                        followup_new_alert);
    under_every_failure("cx_followup_merge", make_followup, free_followup, followup_print,
                        merge_followup);
    under_every_failure("cx_retention_add (a customer)", make_retention, free_retention,
                        retention_print, retention_new_customer);
    under_every_failure("cx_retention_add (a period)", make_retention, free_retention,
                        retention_print, retention_new_period);
    under_every_failure("cx_retention_merge", make_retention, free_retention, retention_print,
                        merge_retention);
    under_every_failure("cx_drivers_add", make_drivers, free_drivers, drivers_print,
                        drivers_new_cells);
    under_every_failure("cx_drivers_merge", make_drivers, free_drivers, drivers_print,
                        merge_drivers);
}
END_TEST

/* ---- results that need working memory --------------------------------------------------------- */

static int
alpha_result(void *object)
{
    CxAlphaResult r = { .size = sizeof r };
    int status = cx_alpha_result(object, 0.95, &r);
    if (status != CX_OK)
        return status;
    CxAlphaItem it = { .size = sizeof it };
    return cx_alpha_item(object, 2, &it);
}

/* A result that fails for memory writes nothing: its struct keeps the caller's bytes. */
static int
drivers_result(void *object)
{
    CxDriversResult r, r0;
    memset(&r, 0x5a, sizeof r);
    r.size = sizeof r;
    r0 = r;
    int status = cx_drivers_result(object, CX_MISSING_LISTWISE, 0.95, &r);
    if (status == CX_E_NO_MEMORY)
        ck_assert_msg(memcmp(&r, &r0, sizeof r) == 0, "cx_drivers_result wrote a failed result");
    if (status != CX_OK)
        return status;
    CxDriver p, p0;
    memset(&p, 0x5a, sizeof p);
    p.size = sizeof p;
    p0 = p;
    status = cx_drivers_predictor(object, 1, CX_MISSING_PAIRWISE, 0.95, &p);
    if (status == CX_E_NO_MEMORY)
        ck_assert_msg(memcmp(&p, &p0, sizeof p) == 0, "cx_drivers_predictor wrote a failed result");
    return status;
}

static int
contacts_result(void *object)
{
    CxContactsResult r = { .size = sizeof r };
    int status = cx_contacts_result(object, 0.95, &r);
    if (status != CX_OK)
        return status;
    return cx_contacts_segment(object, 1, 0.95, &r);
}

static int
retention_result(void *object)
{
    CxRetentionPeriod p[4];
    p[0].size = sizeof p[0];
    int status = cx_retention_periods(object, 1, 4, 0.95, p);
    if (status != CX_OK)
        return status;
    uint64_t sizes[3], active[9];
    return cx_retention_cohorts(object, 0, 3, sizes, active);
}

static int
chi_square(void *unused)
{
    (void)unused;
    static const uint64_t table[] = { 30, 40, 80, 50, 45, 55, 20, 30, 100 };
    CxTestResult r = { .size = sizeof r };
    return cx_chi_square_independence(table, 3, 3, &r);
}

static int
audit_results(void *object)
{
    CxTestResult t = { .size = sizeof t };
    int status = cx_audit_shopper_test(object, &t);
    CxAuditShopper sh = { .size = sizeof sh };
    if (status == CX_OK)
        status = cx_audit_shopper_result(object, 1, 0.95, &sh);
    CxTestResult c = { .size = sizeof c };
    if (status == CX_OK)
        status = cx_audit_location_anova(object, 0, &c, NULL);
    return status;
}

START_TEST(results)
{
    under_every_failure("cx_audit_shopper_test/result, location_anova", make_audit, free_audit,
                        audit_print, audit_results);
    under_every_failure("cx_alpha_result", make_alpha, free_alpha, alpha_print, alpha_result);
    under_every_failure("cx_drivers_result", make_drivers, free_drivers, drivers_print,
                        drivers_result);
    under_every_failure("cx_contacts_result", make_contacts, free_contacts, contacts_print,
                        contacts_result);
    under_every_failure("cx_followup_result", make_followup, free_followup, followup_print,
                        followup_result);
    under_every_failure("cx_retention_periods", make_retention, free_retention, retention_print,
                        retention_result);
    ck_assert_uint_ge(under_every_failure("cx_chi_square_independence", NULL, NULL, NULL,
                                          chi_square),
                      1);
}
END_TEST

/* ---- serialized state: out and back in -------------------------------------------------------- */

#define ROUND_TRIP(name, T, serialize_fn, deserialize_fn, free_fn)                                \
    static int name(void *object)                                                                 \
    {                                                                                             \
        uint8_t *bytes = NULL;                                                                    \
        size_t len = 0;                                                                           \
        int status = serialize_fn(object, &bytes, &len);                                          \
        if (status != CX_OK) {                                                                    \
            ck_assert_ptr_null(bytes);                                                            \
            return status;                                                                        \
        }                                                                                         \
        T *back = (T *)&back;                                                                     \
        status = deserialize_fn(bytes, len, &back);                                               \
        cx_free(bytes);                                                                           \
        if (status == CX_OK)                                                                      \
            free_fn(back);                                                                        \
        else                                                                                      \
            ck_assert_ptr_null(back);                                                             \
        return status;                                                                            \
    }

ROUND_TRIP(round_trip_nps, CxNps, cx_nps_serialize, cx_nps_deserialize, cx_nps_free)
ROUND_TRIP(round_trip_alpha, CxAlpha, cx_alpha_serialize, cx_alpha_deserialize, cx_alpha_free)
ROUND_TRIP(round_trip_servqual, CxServqual, cx_servqual_serialize, cx_servqual_deserialize,
           cx_servqual_free)
ROUND_TRIP(round_trip_followup, CxFollowup, cx_followup_serialize, cx_followup_deserialize,
           cx_followup_free)
ROUND_TRIP(round_trip_audit, CxAudit, cx_audit_serialize, cx_audit_deserialize, cx_audit_free)
ROUND_TRIP(round_trip_retention, CxRetention, cx_retention_serialize, cx_retention_deserialize,
           cx_retention_free)

START_TEST(serialized_state)
{
    under_every_failure("cx_nps_serialize/deserialize", make_nps, free_nps, nps_print,
                        round_trip_nps);
    under_every_failure("cx_alpha_serialize/deserialize", make_alpha, free_alpha, alpha_print,
                        round_trip_alpha);
    under_every_failure("cx_servqual_serialize/deserialize", make_servqual, free_servqual,
                        servqual_print, round_trip_servqual);
    under_every_failure("cx_retention_serialize/deserialize", make_retention, free_retention,
                        retention_print, round_trip_retention);
    under_every_failure("cx_followup_serialize/deserialize", make_followup, free_followup,
                        followup_print, round_trip_followup);
    under_every_failure("cx_audit_serialize/deserialize", make_audit, free_audit, audit_print,
                        round_trip_audit);
}
END_TEST

/* ---- instruments and the reader --------------------------------------------------------------- */

static int
instrument_name(void *object)
{
    return cx_instrument_set_name(object, "A longer name than before");
}

static int
instrument_dimension(void *object)
{
    return cx_instrument_add_dimension(object, "care", NULL);
}

static int
instrument_item(void *object)
{
    return cx_instrument_add_item(object, 2, 0, "Kind staff", 1);
}

static int
reader_open_and_read(void *unused)
{
    (void)unused;
    static const char csv[] = "respondent,score,channel\n1,10,web\n2,\"7\",phone\n3,x,store\n";
    CxReader *r = NULL;
    int status = cx_reader_open_memory(csv, sizeof csv - 1, &r);
    if (status == CX_OK)
        status = cx_reader_set_delimiter(r, ',');
    size_t col = 1;
    const char *text[8];
    size_t len[8], rows = 0;
    while (status == CX_OK || status == CX_ROW)
        status = cx_reader_next_batch(r, &col, 1, 8, text, len, &rows);
    cx_reader_free(r);
    return status == CX_DONE ? CX_OK : status;
}

START_TEST(instruments_and_reader)
{
    under_every_failure("cx_instrument_set_name", make_instrument, free_instrument,
                        instrument_print, instrument_name);
    under_every_failure("cx_instrument_add_dimension", make_instrument, free_instrument,
                        instrument_print, instrument_dimension);
    under_every_failure("cx_instrument_add_item", make_instrument, free_instrument,
                        instrument_print, instrument_item);
    ck_assert_uint_ge(under_every_failure("cx_reader", NULL, NULL, NULL, reader_open_and_read), 2);
}
END_TEST

static Suite *
oom_suite(void)
{
    Suite *s = suite_create("oom");
    TCase *tc = tcase_create("every allocation fails once");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, constructors);
    tcase_add_test(tc, copies);
    tcase_add_test(tc, adds_and_merges);
    tcase_add_test(tc, results);
    tcase_add_test(tc, serialized_state);
    tcase_add_test(tc, instruments_and_reader);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return cx_test_run(oom_suite());
}
