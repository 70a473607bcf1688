/* SPDX-License-Identifier: MIT */
/* Contact-log analytics (cx-contacts.h) and the time-cell reader (cx_cell_parse_time()).
 * Expected values come from outside the project, cited case by case:
 * - tests/data/contacts/handbuilt-expected.txt, the output of contacts.R (base R, Wilson
 *   intervals from prop.test(correct = FALSE), quantile(type = 7)) on handbuilt.csv;
 * - the project's reference LOYALTY.md ("Test vectors", Wilson 95 %);
 * - Python 3.11's datetime for Unix times, R 4.2's quantile(type = 7). */
#include <cxscore/cxscore.h>

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/distributions-private.h"
#include "test-common.h"

#define TOL 1e-12

/* ---- the hand-built log ---------------------------------------------------------------------- */

typedef struct {
    char *case_id, *channel, *issue;
    double time;
    int resolved;
} Row;

typedef struct {
    Row *rows;
    size_t n;
} Log;

static char *
field(CxReader *r, size_t col)
{
    const char *text;
    size_t len;
    ck_assert_int_eq(cx_reader_field(r, col, &text, &len), CX_OK);
    return strndup(text, len);
}

/* Reads tests/data/contacts/handbuilt.csv with the library's cell readers, as a caller would:
 * NaN for a missing time, infinity for one that does not parse. */
static Log
load_handbuilt(void)
{
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_path(cx_test_data_path("contacts/handbuilt.csv"), &r), CX_OK);
    size_t c_case, c_time, c_channel, c_issue, c_resolved;
    ck_assert_int_eq(cx_reader_column_index(r, "case_id", &c_case), CX_OK);
    ck_assert_int_eq(cx_reader_column_index(r, "contact_time", &c_time), CX_OK);
    ck_assert_int_eq(cx_reader_column_index(r, "channel", &c_channel), CX_OK);
    ck_assert_int_eq(cx_reader_column_index(r, "issue", &c_issue), CX_OK);
    ck_assert_int_eq(cx_reader_column_index(r, "resolved", &c_resolved), CX_OK);
    Log log = { calloc(64, sizeof(Row)), 0 };
    while (cx_reader_next(r) == CX_ROW) {
        ck_assert(log.n < 64);
        Row *row = &log.rows[log.n++];
        row->case_id = field(r, c_case);
        row->channel = field(r, c_channel);
        row->issue = field(r, c_issue);
        const char *text;
        size_t len;
        cx_reader_field(r, c_time, &text, &len);
        double t = 0.0;
        int kind = cx_cell_parse_time(text, len, &t);
        row->time = kind == CX_CELL_NUMBER    ? t
                    : kind == CX_CELL_MISSING ? (double)NAN
                                              : (double)INFINITY;
        cx_reader_field(r, c_resolved, &text, &len);
        row->resolved = cx_contacts_parse_resolved(text, len);
    }
    cx_reader_free(r);
    ck_assert_uint_eq(log.n, 35);
    return log;
}

static void
log_free(Log *log)
{
    for (size_t i = 0; i < log->n; i++) {
        free(log->rows[i].case_id);
        free(log->rows[i].channel);
        free(log->rows[i].issue);
    }
    free(log->rows);
}

static void
add_row(CxContacts *acc, const Row *row)
{
    ck_assert_int_eq(cx_contacts_add_segmented(acc, row->case_id, strlen(row->case_id), row->time,
                                               row->channel, strlen(row->channel), row->resolved,
                                               row->issue, strlen(row->issue)),
                     CX_OK);
}

static CxContacts *
feed(const Log *log, const size_t *perm, int order)
{
    CxContacts *acc = NULL;
    ck_assert_int_eq(cx_contacts_new(order, &acc), CX_OK);
    ck_assert_ptr_nonnull(acc);
    for (size_t i = 0; i < log->n; i++)
        add_row(acc, &log->rows[perm ? perm[i] : i]);
    return acc;
}

static CxContactsResult
result_of(const CxContacts *acc, int expected)
{
    CxContactsResult res = { .size = sizeof res };
    int st = cx_contacts_result(acc, 0.95, &res);
    ck_assert_msg(st == expected, "expected %s, got %s", cx_status_name(expected),
                  cx_status_name(st));
    return res;
}

static CxContactsResult
segment_of(const CxContacts *acc, const char *label)
{
    for (size_t i = 0; i < cx_contacts_segment_count(acc); i++) {
        size_t len;
        const char *name = cx_contacts_segment_name(acc, i, &len);
        if (len == strlen(label) && memcmp(name, label, len) == 0) {
            CxContactsResult res = { .size = sizeof res };
            ck_assert_int_eq(cx_contacts_segment(acc, i, 0.95, &res), CX_OK);
            return res;
        }
    }
    ck_abort_msg("no segment '%s'", label);
    CxContactsResult none = { 0 };
    return none;
}

static CxContactsChannelResult
channel_of(const CxContacts *acc, const char *name)
{
    for (size_t i = 0; i < cx_contacts_channel_count(acc); i++) {
        size_t len;
        const char *n = cx_contacts_channel_name(acc, i, &len);
        if (len == strlen(name) && memcmp(n, name, len) == 0) {
            CxContactsChannelResult res = { .size = sizeof res };
            ck_assert_int_eq(cx_contacts_channel(acc, i, 0.95, &res), CX_OK);
            return res;
        }
    }
    ck_abort_msg("no channel '%s'", name);
    CxContactsChannelResult none = { 0 };
    return none;
}

/* Shares and their intervals, as handbuilt-expected.txt prints them: count, share, lower, upper. */
#define check_share(count, value, lower, upper, e_count, e_value, e_lower, e_upper)               \
    do {                                                                                          \
        ck_assert_uint_eq(count, e_count);                                                        \
        cx_assert_close(value, e_value, TOL);                                                     \
        cx_assert_close(lower, e_lower, TOL);                                                     \
        cx_assert_close(upper, e_upper, TOL);                                                     \
    } while (0)

START_TEST(handbuilt_overall)
{
    Log log = load_handbuilt();
    CxContacts *acc = feed(&log, NULL, CX_CONTACTS_ORDER_TIME);
    CxContactsResult r = result_of(acc, CX_OK);
    /* handbuilt-expected.txt, "== all". */
    ck_assert_int_eq(r.order, CX_CONTACTS_ORDER_TIME);
    ck_assert_uint_eq(r.rejected_no_case, 1);
    ck_assert_uint_eq(r.rejected_order_missing, 1);
    ck_assert_uint_eq(r.rejected_order_invalid, 1);
    ck_assert_uint_eq(r.rejected, 3);
    /* C13 (one date that does not exist) and C14 (a blank time) are excluded (issue 21). */
    ck_assert_uint_eq(r.cases, 16);
    ck_assert_uint_eq(r.contacts, 31);
    ck_assert_uint_eq(r.cases_excluded, 2);
    ck_assert_uint_eq(r.contacts_excluded, 1);
    ck_assert_uint_eq(r.flag_unknown, 2);
    ck_assert_uint_eq(r.flag_invalid, 1);
    ck_assert_uint_eq(r.channel_missing, 1);
    check_share(r.fcr_cases, r.fcr, r.fcr_ci_lower, r.fcr_ci_upper, 3, 0.1875,
                0.065915990714281433, 0.43008880961974139);
    check_share(r.resolved_cases, r.resolution_rate, r.resolution_rate_ci_lower,
                r.resolution_rate_ci_upper, 13, 0.8125, 0.56991119038025873,
                0.93408400928571866);
    check_share(r.cross_channel_cases, r.cross_channel, r.cross_channel_ci_lower,
                r.cross_channel_ci_upper, 4, 0.25, 0.1018206749121305, 0.4949831653550878);
    check_share(r.repeat_cases, r.repeat_rate, r.repeat_rate_ci_lower, r.repeat_rate_ci_upper, 11,
                0.6875, 0.44404355834740677, 0.85835356145217956);
    ck_assert_uint_eq(r.fcr_reopened, 2);
    ck_assert_uint_eq(r.cases_reopened, 2);
    ck_assert_uint_eq(r.cases_resolved_twice, 1);
    ck_assert_uint_eq(r.cases_outcome_unknown, 1);
    static const uint64_t dist[5] = { 5, 9, 1, 0, 1 };
    for (int i = 0; i < 5; i++)
        ck_assert_uint_eq(r.contacts_per_case[i], dist[i]);
    ck_assert_uint_eq(r.max_contacts, 5);
    cx_assert_close(r.contacts_mean, 1.9375, TOL);
    cx_assert_close(r.contacts_sd, 0.99791449199484694, TOL);
    ck_assert_uint_eq(r.resolution_times, 13);
    /* Seconds; R's p90 is 167760.00000000012 (its interpolation rounds differently). */
    cx_assert_close(r.time_to_resolution_mean, 44884.673076923078, 1e-9);
    cx_assert_close(r.time_to_resolution_median, 0.75, TOL);
    cx_assert_close(r.time_to_resolution_p90, 167760.00000000012, 1e-9);
    cx_assert_close(r.level, 0.95, 0.0);
    cx_contacts_free(acc);
    log_free(&log);
}
END_TEST

START_TEST(handbuilt_segments_and_channels)
{
    Log log = load_handbuilt();
    CxContacts *acc = feed(&log, NULL, CX_CONTACTS_ORDER_TIME);
    /* Byte-wise order of the labels met on scored contacts. */
    static const char *labels[] = { "billing", "cancellation", "moving", "technical" };
    ck_assert_uint_eq(cx_contacts_segment_count(acc), 4);
    for (size_t i = 0; i < 4; i++)
        ck_assert_str_eq(cx_contacts_segment_name(acc, i, NULL), labels[i]);
    /* handbuilt-expected.txt, "== segment billing". */
    CxContactsResult s = segment_of(acc, "billing");
    ck_assert_uint_eq(s.cases, 6);
    ck_assert_uint_eq(s.contacts, 10);
    ck_assert_uint_eq(s.cases_excluded, 1);
    ck_assert_uint_eq(s.contacts_excluded, 1);
    ck_assert_uint_eq(s.rejected, 0);
    ck_assert_uint_eq(s.channel_missing, 1);
    check_share(s.fcr_cases, s.fcr, s.fcr_ci_lower, s.fcr_ci_upper, 2, 1.0 / 3.0,
                0.096771411105780455, 0.700006684861608);
    check_share(s.repeat_cases, s.repeat_rate, s.repeat_rate_ci_lower, s.repeat_rate_ci_upper, 3,
                0.5, 0.18761630648265057, 0.8123836935173494);
    cx_assert_close(s.contacts_sd, 0.81649658092772603, TOL);
    ck_assert_uint_eq(s.resolution_times, 5);
    cx_assert_close(s.time_to_resolution_mean, 42660, 1e-9);
    cx_assert_close(s.time_to_resolution_median, 0, TOL);
    cx_assert_close(s.time_to_resolution_p90, 126179.99999999993, 1e-9);
    /* "== segment technical": C16's first contact is 01:00+02:00 (23:00Z the day before), so
     * the case is "technical", not "moving" as a reading without the offset would make it. */
    s = segment_of(acc, "technical");
    ck_assert_uint_eq(s.cases, 5);
    ck_assert_uint_eq(s.flag_invalid, 1);
    check_share(s.fcr_cases, s.fcr, s.fcr_ci_lower, s.fcr_ci_upper, 0, 0.0, 0.0,
                0.43448246478317465);
    check_share(s.resolved_cases, s.resolution_rate, s.resolution_rate_ci_lower,
                s.resolution_rate_ci_upper, 5, 1.0, 0.56551753521682535, 1.0);
    cx_assert_close(s.contacts_sd, 0.0, 0.0);
    cx_assert_close(s.time_to_resolution_mean, 4920.1499999999996, 1e-9);
    cx_assert_close(s.time_to_resolution_median, 1200, TOL);
    cx_assert_close(s.time_to_resolution_p90, 13679.999999999993, 1e-9);
    /* "== segment moving" and "== segment cancellation". */
    s = segment_of(acc, "moving");
    ck_assert_uint_eq(s.cases_outcome_unknown, 1);
    ck_assert_uint_eq(s.contacts_per_case[4], 1);
    cx_assert_close(s.contacts_sd, 2.8284271247461903, TOL);
    cx_assert_close(s.time_to_resolution_p90, 345600, TOL);
    check_share(s.cross_channel_cases, s.cross_channel, s.cross_channel_ci_lower,
                s.cross_channel_ci_upper, 1, 0.5, 0.094531205734230739, 0.90546879426576921);
    s = segment_of(acc, "cancellation");
    ck_assert_uint_eq(s.cases_resolved_twice, 1);
    ck_assert_uint_eq(s.cases_reopened, 1);
    ck_assert_uint_eq(s.fcr_reopened, 1);
    ck_assert_uint_eq(s.flag_unknown, 1);
    check_share(s.fcr_cases, s.fcr, s.fcr_ci_lower, s.fcr_ci_upper, 1, 1.0 / 3.0,
                0.061491944720396291, 0.79234039919795229);

    /* "== channels": '' first, then byte order. */
    static const char *names[] = { "", "chat", "email", "phone", "self-service", "store" };
    ck_assert_uint_eq(cx_contacts_channel_count(acc), 6);
    for (size_t i = 0; i < 6; i++) {
        size_t len;
        ck_assert_str_eq(cx_contacts_channel_name(acc, i, &len), names[i]);
        ck_assert_uint_eq(len, strlen(names[i]));
    }
    CxContactsChannelResult c = channel_of(acc, "phone");
    ck_assert_uint_eq(c.contacts, 15);
    ck_assert_uint_eq(c.cases, 8);
    ck_assert_uint_eq(c.repeat_cases, 6);
    ck_assert_uint_eq(c.crossed_cases, 2);
    ck_assert_uint_eq(c.resolved_cases, 7);
    ck_assert_uint_eq(c.resolved_here, 8);
    check_share(c.fcr_cases, c.fcr, c.fcr_ci_lower, c.fcr_ci_upper, 2, 0.25,
                0.071479212752109028, 0.590724569689831);
    c = channel_of(acc, "");
    ck_assert_uint_eq(c.contacts, 1);
    check_share(c.fcr_cases, c.fcr, c.fcr_ci_lower, c.fcr_ci_upper, 1, 1.0, 0.2065493143772375,
                1.0);
    c = channel_of(acc, "self-service");
    ck_assert_uint_eq(c.cases, 2);
    ck_assert_uint_eq(c.crossed_cases, 2);
    ck_assert_uint_eq(c.resolved_here, 0);
    cx_assert_close(c.fcr_ci_upper, 0.6576197724933468, TOL);
    c = channel_of(acc, "store");
    ck_assert_uint_eq(c.cases, 1);
    ck_assert_uint_eq(c.resolved_cases, 0);
    ck_assert_uint_eq(c.resolved_here, 1);
    c = channel_of(acc, "chat");
    ck_assert_uint_eq(c.contacts, 8);
    ck_assert_uint_eq(c.cases, 3);
    ck_assert_uint_eq(c.resolved_here, 2);
    cx_assert_close(c.fcr_ci_upper, 0.56149703175504539, TOL);

    CxContactsChannelResult small = { .size = sizeof(size_t) };
    ck_assert_int_eq(cx_contacts_channel(acc, 0, 0.95, &small), CX_E_STRUCT_SIZE);
    ck_assert_int_eq(cx_contacts_channel(acc, 6, 0.95, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_segment(acc, 4, 0.95, &s), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(cx_contacts_channel_name(acc, 6, NULL));
    ck_assert_ptr_null(cx_contacts_segment_name(acc, 4, NULL));
    cx_contacts_free(acc);
    log_free(&log);
}
END_TEST

START_TEST(sequence_order)
{
    /* The same log with the times given as sequence numbers: every figure but the times is the
     * same (only the order matters), and there are no durations. */
    Log log = load_handbuilt();
    CxContacts *by_time = feed(&log, NULL, CX_CONTACTS_ORDER_TIME);
    CxContacts *by_seq = feed(&log, NULL, CX_CONTACTS_ORDER_SEQUENCE);
    CxContactsResult a = result_of(by_time, CX_OK), b = result_of(by_seq, CX_OK);
    ck_assert_int_eq(b.order, CX_CONTACTS_ORDER_SEQUENCE);
    ck_assert_uint_eq(b.resolution_times, 0);
    ck_assert(isnan(b.time_to_resolution_mean) && isnan(b.time_to_resolution_median) &&
              isnan(b.time_to_resolution_p90));
    b.order = a.order;
    b.resolution_times = a.resolution_times;
    b.time_to_resolution_mean = a.time_to_resolution_mean;
    b.time_to_resolution_median = a.time_to_resolution_median;
    b.time_to_resolution_p90 = a.time_to_resolution_p90;
    ck_assert(memcmp(&a, &b, sizeof a) == 0);
    ck_assert_int_eq(cx_contacts_merge(by_time, by_seq), CX_E_MISMATCH);
    cx_contacts_free(by_time);
    cx_contacts_free(by_seq);
    log_free(&log);
}
END_TEST

START_TEST(wilson_reference)
{
    /* LOYALTY.md: Wilson 95 % 74/107 → [0.598715091322, 0.771182602521]; 0/20 →
     * [0, 0.161125158053]; 20/20 → [0.838874841947, 1]. Here as FCR: 107 cases, 74 resolved
     * by their only contact, 33 needing two contacts. */
    CxContacts *acc = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_SEQUENCE, &acc), CX_OK);
    char id[16];
    for (int i = 0; i < 107; i++) {
        int n = g_snprintf(id, sizeof id, "case-%d", i);
        if (i < 74) {
            cx_contacts_add(acc, id, (size_t)n, 1, "phone", 5, CX_RESOLVED_YES);
        } else {
            cx_contacts_add(acc, id, (size_t)n, 1, "phone", 5, CX_RESOLVED_NO);
            cx_contacts_add(acc, id, (size_t)n, 2, "phone", 5, CX_RESOLVED_YES);
        }
    }
    CxContactsResult r = result_of(acc, CX_OK);
    check_share(r.fcr_cases, r.fcr, r.fcr_ci_lower, r.fcr_ci_upper, 74, 74.0 / 107.0,
                0.598715091322, 0.771182602521);
    ck_assert_uint_eq(r.repeat_cases, 33);
    cx_contacts_free(acc);
    /* 0/20 and 20/20 */
    CxContacts *none = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_SEQUENCE, &none), CX_OK);
    CxContacts *all = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_SEQUENCE, &all), CX_OK);
    for (int i = 0; i < 20; i++) {
        int n = g_snprintf(id, sizeof id, "c%d", i);
        cx_contacts_add(none, id, (size_t)n, i, "chat", 4, CX_RESOLVED_NO);
        cx_contacts_add(all, id, (size_t)n, i, "chat", 4, CX_RESOLVED_YES);
    }
    r = result_of(none, CX_OK);
    check_share(r.fcr_cases, r.fcr, r.fcr_ci_lower, r.fcr_ci_upper, 0, 0.0, 0.0, 0.161125158053);
    cx_assert_close(r.contacts_sd, 0.0, 0.0);
    r = result_of(all, CX_OK);
    check_share(r.fcr_cases, r.fcr, r.fcr_ci_lower, r.fcr_ci_upper, 20, 1.0, 0.838874841947, 1.0);
    cx_contacts_free(none);
    cx_contacts_free(all);
}
END_TEST

/* ---- properties ------------------------------------------------------------------------------ */

static unsigned
next_rand(unsigned *seed)
{
    *seed = *seed * 1664525u + 1013904223u;
    return *seed >> 8;
}

static uint8_t *
state_of(const CxContacts *acc, size_t *len)
{
    uint8_t *bytes = NULL;
    ck_assert_int_eq(cx_contacts_serialize(acc, &bytes, len), CX_OK);
    ck_assert_ptr_nonnull(bytes);
    return bytes;
}

/* Every figure the accumulator gives, and its serialized state, compared bit for bit. */
static void
assert_same(const CxContacts *a, const CxContacts *b)
{
    size_t len_a, len_b;
    uint8_t *sa = state_of(a, &len_a), *sb = state_of(b, &len_b);
    ck_assert_msg(len_a == len_b && memcmp(sa, sb, len_a) == 0,
                  "states differ (%zu and %zu bytes)", len_a, len_b);
    cx_free(sa);
    cx_free(sb);
    CxContactsResult ra = { .size = sizeof ra }, rb = { .size = sizeof rb };
    ck_assert_int_eq(cx_contacts_result(a, 0.9, &ra), cx_contacts_result(b, 0.9, &rb));
    ck_assert_msg(memcmp(&ra, &rb, sizeof ra) == 0,
                  "results differ: cases %llu/%llu, fcr %.17g/%.17g, ttr mean %.17g/%.17g",
                  (unsigned long long)ra.cases, (unsigned long long)rb.cases, ra.fcr, rb.fcr,
                  ra.time_to_resolution_mean, rb.time_to_resolution_mean);
    /* 0.2: the waits of every group, bit for bit. */
    for (int g = CX_CONTACTS_ALL; g <= CX_CONTACTS_SEGMENT; g++) {
        const size_t n = g == CX_CONTACTS_ALL ? 1
                         : g == CX_CONTACTS_CHANNEL ? cx_contacts_channel_count(a)
                                                    : cx_contacts_segment_count(a);
        for (size_t i = 0; i < n; i++) {
            CxContactsWaits wa = { .size = sizeof wa }, wb = { .size = sizeof wb };
            ck_assert_int_eq(cx_contacts_waits(a, g, i, 20.0, 5.0, 0.9, &wa),
                             cx_contacts_waits(b, g, i, 20.0, 5.0, 0.9, &wb));
            ck_assert_msg(memcmp(&wa, &wb, sizeof wa) == 0, "waits of group %d/%zu differ", g,
                          i);
        }
    }
    ck_assert_uint_eq(cx_contacts_segment_count(a), cx_contacts_segment_count(b));
    for (size_t i = 0; i < cx_contacts_segment_count(a); i++) {
        size_t la, lb;
        const char *na = cx_contacts_segment_name(a, i, &la);
        const char *nb = cx_contacts_segment_name(b, i, &lb);
        ck_assert(la == lb && memcmp(na, nb, la) == 0);
        ck_assert_int_eq(cx_contacts_segment(a, i, 0.9, &ra), cx_contacts_segment(b, i, 0.9, &rb));
        ck_assert_msg(memcmp(&ra, &rb, sizeof ra) == 0, "segment %zu differs", i);
    }
    ck_assert_uint_eq(cx_contacts_channel_count(a), cx_contacts_channel_count(b));
    for (size_t i = 0; i < cx_contacts_channel_count(a); i++) {
        size_t la, lb;
        const char *na = cx_contacts_channel_name(a, i, &la);
        const char *nb = cx_contacts_channel_name(b, i, &lb);
        ck_assert(la == lb && memcmp(na, nb, la) == 0);
        CxContactsChannelResult ca = { .size = sizeof ca }, cb = { .size = sizeof cb };
        ck_assert_int_eq(cx_contacts_channel(a, i, 0.9, &ca), CX_OK);
        ck_assert_int_eq(cx_contacts_channel(b, i, 0.9, &cb), CX_OK);
        ck_assert_msg(memcmp(&ca, &cb, sizeof ca) == 0, "channel %zu differs", i);
    }
}

/* A random log: 300 cases, 1–6 contacts each, ties, blank channels and flags of every kind,
 * labels that change within a case; times with fractions so that sums round. */
static Log
random_log(unsigned seed)
{
    static const char *channels[] = { "phone", "chat", "email", "store", "web", "" };
    static const char *labels[] = { "billing", "technical", "moving", "" };
    static const int flags[] = { CX_RESOLVED_NO, CX_RESOLVED_YES, CX_RESOLVED_UNKNOWN,
                                 CX_RESOLVED_INVALID, 7 };
    Log log = { calloc(300 * 6, sizeof(Row)), 0 };
    for (int c = 0; c < 300; c++) {
        int k = 1 + (int)(next_rand(&seed) % 6);
        for (int j = 0; j < k; j++) {
            Row *row = &log.rows[log.n++];
            row->case_id = malloc(16);
            g_snprintf(row->case_id, 16, "k%03d", c);
            row->channel = strdup(channels[next_rand(&seed) % 6]);
            row->issue = strdup(labels[next_rand(&seed) % 4]);
            row->time = 1.7e9 + (double)(next_rand(&seed) % 40) * 3600.1 / 7.0;
            unsigned f = next_rand(&seed) % 10;
            row->resolved = flags[f < 4 ? 0 : f < 8 ? 1 : f - 6];
        }
    }
    return log;
}

static void
shuffle(size_t *perm, size_t n, unsigned *seed)
{
    for (size_t i = 0; i < n; i++)
        perm[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = next_rand(seed) % i, t = perm[i - 1];
        perm[i - 1] = perm[j];
        perm[j] = t;
    }
}

START_TEST(shuffled_input_gives_identical_results)
{
    Log logs[2] = { load_handbuilt(), random_log(4242) };
    unsigned seed = 7;
    for (int l = 0; l < 2; l++) {
        CxContacts *ref = feed(&logs[l], NULL, CX_CONTACTS_ORDER_TIME);
        size_t *perm = malloc(logs[l].n * sizeof *perm);
        for (int round = 0; round < 20; round++) {
            shuffle(perm, logs[l].n, &seed);
            CxContacts *acc = feed(&logs[l], perm, CX_CONTACTS_ORDER_TIME);
            assert_same(ref, acc);
            cx_contacts_free(acc);
        }
        /* In reverse, too. */
        for (size_t i = 0; i < logs[l].n; i++)
            perm[i] = logs[l].n - 1 - i;
        CxContacts *acc = feed(&logs[l], perm, CX_CONTACTS_ORDER_TIME);
        assert_same(ref, acc);
        cx_contacts_free(acc);
        free(perm);
        cx_contacts_free(ref);
        log_free(&logs[l]);
    }
}
END_TEST

/* A shard's accumulator after a trip through its serialized state. */
static CxContacts *
read_back(const CxContacts *acc)
{
    size_t len;
    uint8_t *bytes = state_of(acc, &len);
    CxContacts *back = NULL;
    ck_assert_int_eq(cx_contacts_deserialize(bytes, len, &back), CX_OK);
    cx_free(bytes);
    return back;
}

START_TEST(merged_shards_equal_one_pass)
{
    Log logs[2] = { load_handbuilt(), random_log(99) };
    static const unsigned ks[] = { 1, 2, 4, 5 };
    unsigned seed = 3;
    for (int l = 0; l < 2; l++) {
        const Log *log = &logs[l];
        CxContacts *one = feed(log, NULL, CX_CONTACTS_ORDER_TIME);
        for (size_t ki = 0; ki < G_N_ELEMENTS(ks); ki++)
            for (int mode = 0; mode < 2; mode++) {
                /* mode 0: shards by case (the case id's last byte decides); mode 1: every
                 * contact to a random shard, so one case's contacts are split between shards. */
                const unsigned k = ks[ki];
                CxContacts *shards[5];
                for (unsigned s = 0; s < k; s++)
                    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &shards[s]), CX_OK);
                for (size_t i = 0; i < log->n; i++) {
                    const char *id = log->rows[i].case_id;
                    size_t len = strlen(id);
                    unsigned s = mode == 0 ? (len ? (unsigned char)id[len - 1] : 0u) % k
                                           : next_rand(&seed) % k;
                    add_row(shards[s], &log->rows[i]);
                }
                /* Into an empty accumulator, shards as they are and read back from their
                 * states; into a shard (not empty). */
                CxContacts *merged = NULL, *from_states = NULL;
                ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &merged), CX_OK);
                ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &from_states), CX_OK);
                for (unsigned s = k; s-- > 0;) {
                    ck_assert_int_eq(cx_contacts_merge(merged, shards[s]), CX_OK);
                    CxContacts *back = read_back(shards[s]);
                    ck_assert_int_eq(cx_contacts_merge(from_states, back), CX_OK);
                    cx_contacts_free(back);
                }
                assert_same(one, merged);
                assert_same(one, from_states);
                for (unsigned s = 1; s < k; s++)
                    ck_assert_int_eq(cx_contacts_merge(shards[0], shards[s]), CX_OK);
                assert_same(one, shards[0]);
                CxContacts *copy = NULL;
                ck_assert_int_eq(cx_contacts_copy(merged, &copy), CX_OK);
                assert_same(one, copy);
                cx_contacts_free(copy);
                cx_contacts_free(merged);
                cx_contacts_free(from_states);
                for (unsigned s = 0; s < k; s++)
                    cx_contacts_free(shards[s]);
            }
        cx_contacts_free(one);
        log_free(&logs[l]);
    }
}
END_TEST

START_TEST(state_round_trip)
{
    /* Read back, a state gives every figure and every byte again; so does a copy of it. */
    Log logs[2] = { load_handbuilt(), random_log(7) };
    for (int l = 0; l < 2; l++)
        for (int order = CX_CONTACTS_ORDER_TIME; order <= CX_CONTACTS_ORDER_SEQUENCE; order++) {
            CxContacts *acc = feed(&logs[l], NULL, order);
            cx_contacts_add(acc, "", 0, 1.0, "x", 1, CX_RESOLVED_YES);
            cx_contacts_add(acc, "nul\0inside", 10, -0.0, "ch\0an", 5, CX_RESOLVED_YES);
            CxContacts *back = read_back(acc), *copy = NULL;
            assert_same(acc, back);
            ck_assert_int_eq(cx_contacts_copy(back, &copy), CX_OK);
            assert_same(acc, copy);
            CxContactsResult r = result_of(back, CX_OK);
            ck_assert_int_eq(r.order, order);
            ck_assert_uint_eq(r.rejected_no_case, l == 0 ? 2 : 1);
            /* The accumulator read back goes on like the original. */
            cx_contacts_add(acc, "k001", 4, 5.0, "web", 3, CX_RESOLVED_NO);
            cx_contacts_add(back, "k001", 4, 5.0, "web", 3, CX_RESOLVED_NO);
            assert_same(acc, back);
            cx_contacts_free(copy);
            cx_contacts_free(back);
            cx_contacts_free(acc);
        }
    log_free(&logs[0]);
    log_free(&logs[1]);
    /* An empty accumulator, and one with rejected contacts only. */
    CxContacts *empty = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_SEQUENCE, &empty), CX_OK);
    CxContacts *back = read_back(empty);
    assert_same(empty, back);
    cx_contacts_free(back);
    cx_contacts_add(empty, "c", 1, (double)NAN, "web", 3, CX_RESOLVED_YES);
    back = read_back(empty);
    assert_same(empty, back);
    ck_assert_uint_eq(result_of(back, CX_E_EMPTY).rejected_order_missing, 1);
    cx_contacts_free(back);
    cx_contacts_free(empty);
}
END_TEST

/* ---- rules and bad input --------------------------------------------------------------------- */

START_TEST(rules_on_small_cases)
{
    CxContacts *acc = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &acc), CX_OK);
    /* A tie: "no" and "yes" at the same instant; the resolution closes the instant, so the
     * case is resolved at its second contact (not reopened, not FCR), in zero seconds. −0 and
     * +0 are the same instant. */
    cx_contacts_add(acc, "t", 1, 0.0, "phone", 5, CX_RESOLVED_YES);
    cx_contacts_add(acc, "t", 1, -0.0, "phone", 5, CX_RESOLVED_NO);
    CxContactsResult r = result_of(acc, CX_OK);
    ck_assert_uint_eq(r.fcr_cases + r.fcr_reopened + r.cases_reopened, 0);
    ck_assert_uint_eq(r.resolved_cases, 1);
    ck_assert(!signbit(r.time_to_resolution_mean) && r.time_to_resolution_mean == 0.0);
    /* Contacts after the resolution: reopened; the first is still the resolution. */
    cx_contacts_reset(acc);
    cx_contacts_add(acc, "r", 1, 10.0, "chat", 4, CX_RESOLVED_NO);
    cx_contacts_add(acc, "r", 1, 70.0, "chat", 4, CX_RESOLVED_YES);
    cx_contacts_add(acc, "r", 1, 130.0, "phone", 5, CX_RESOLVED_NO);
    cx_contacts_add(acc, "r", 1, 190.0, "phone", 5, CX_RESOLVED_YES);
    r = result_of(acc, CX_OK);
    ck_assert_uint_eq(r.cases_reopened, 1);
    ck_assert_uint_eq(r.cases_resolved_twice, 1);
    cx_assert_close(r.time_to_resolution_median, 60.0, 0.0);
    ck_assert_uint_eq(r.cross_channel_cases, 1);
    /* The same contact twice (a duplicated export row) resolves twice. */
    cx_contacts_reset(acc);
    cx_contacts_add(acc, "d", 1, 5.0, "chat", 4, CX_RESOLVED_YES);
    cx_contacts_add(acc, "d", 1, 5.0, "chat", 4, CX_RESOLVED_YES);
    r = result_of(acc, CX_OK);
    ck_assert_uint_eq(r.cases_resolved_twice, 1);
    ck_assert_uint_eq(r.cases_reopened, 1);
    ck_assert_uint_eq(r.fcr_reopened, 1);
    ck_assert_uint_eq(r.fcr_cases, 0);
    /* Channel crossing ignores blank channels; case ids are bytes (NUL inside, case matters). */
    cx_contacts_reset(acc);
    cx_contacts_add(acc, "a\0b", 3, 1.0, "", 0, CX_RESOLVED_NO);
    cx_contacts_add(acc, "a\0b", 3, 2.0, "web", 3, CX_RESOLVED_UNKNOWN);
    cx_contacts_add(acc, "a\0c", 3, 1.0, "web", 3, CX_RESOLVED_YES);
    cx_contacts_add(acc, "A\0c", 3, 1.0, NULL, 0, 42);
    r = result_of(acc, CX_OK);
    ck_assert_uint_eq(r.cases, 3);
    ck_assert_uint_eq(r.cross_channel_cases, 0);
    ck_assert_uint_eq(r.channel_missing, 2);
    ck_assert_uint_eq(r.flag_invalid, 1); /* 42 is not a CxResolved */
    ck_assert_uint_eq(r.cases_outcome_unknown, 1);
    ck_assert_uint_eq(r.fcr_cases, 1);
    ck_assert_uint_eq(cx_contacts_segment_count(acc), 1); /* the empty label */
    ck_assert_str_eq(cx_contacts_segment_name(acc, 0, NULL), "");
    /* A label met only on a later contact is listed but has no case. */
    cx_contacts_add_segmented(acc, "a\0c", 3, 9.0, "web", 3, CX_RESOLVED_NO, "late", 4);
    CxContactsResult s = { .size = sizeof s };
    ck_assert_int_eq(cx_contacts_segment(acc, 1, 0.95, &s), CX_E_EMPTY);
    ck_assert_uint_eq(s.cases, 0);
    ck_assert(isnan(s.fcr));
    cx_contacts_free(acc);
}
END_TEST

START_TEST(bad_input_and_empty)
{
    CxContacts *acc = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &acc), CX_OK);
    CxContactsResult r = result_of(acc, CX_E_EMPTY);
    ck_assert(isnan(r.fcr) && isnan(r.contacts_mean) && isnan(r.time_to_resolution_median));
    /* Rejected contacts leave no case, no channel, no label. */
    cx_contacts_add_segmented(acc, "", 0, 1.0, "phone", 5, CX_RESOLVED_YES, "x", 1);
    cx_contacts_add_segmented(acc, "c", 1, NAN, "phone", 5, CX_RESOLVED_YES, "x", 1);
    cx_contacts_add_segmented(acc, "c", 1, -INFINITY, "phone", 5, CX_RESOLVED_YES, "x", 1);
    r = result_of(acc, CX_E_EMPTY);
    ck_assert_uint_eq(r.rejected, 3);
    ck_assert_uint_eq(r.rejected_no_case + r.rejected_order_missing + r.rejected_order_invalid, 3);
    ck_assert_uint_eq(cx_contacts_channel_count(acc), 0);
    ck_assert_uint_eq(cx_contacts_segment_count(acc), 0);
    /* NULL pointers and bad arguments. */
    {
        CxContacts *refused = (CxContacts *)&refused;
        ck_assert_int_eq(cx_contacts_new(2, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    ck_assert_int_eq(cx_contacts_add(NULL, "c", 1, 1.0, "p", 1, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_add(acc, NULL, 1, 1.0, "p", 1, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_add(acc, "c", 1, 1.0, NULL, 1, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_add_segmented(acc, "c", 1, 1.0, "p", 1, 1, NULL, 2),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_merge(acc, acc), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_merge(NULL, acc), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_merge(acc, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_reset(NULL), CX_E_INVALID_ARGUMENT);
    {
        CxContacts *refused = (CxContacts *)&refused;
        ck_assert_int_eq(cx_contacts_copy(NULL, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    cx_contacts_free(NULL);
    ck_assert_int_eq(cx_contacts_result(NULL, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_result(acc, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_result(acc, 1.0, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_result(acc, NAN, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_segment(NULL, 0, 0.95, &r), CX_E_INVALID_ARGUMENT);
    CxContactsChannelResult c = { .size = sizeof c };
    ck_assert_int_eq(cx_contacts_channel(NULL, 0, 0.95, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_channel(acc, 0, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_uint_eq(cx_contacts_channel_count(NULL), 0);
    ck_assert_uint_eq(cx_contacts_segment_count(NULL), 0);
    size_t len = 99;
    ck_assert_ptr_null(cx_contacts_channel_name(NULL, 0, &len));
    ck_assert_uint_eq(len, 0);
    ck_assert_ptr_null(cx_contacts_segment_name(NULL, 0, NULL));
    /* A struct too small for the first version is refused. */
    cx_contacts_add(acc, "c", 1, 1.0, "p", 1, CX_RESOLVED_YES);
    CxContactsResult small = { .size = sizeof(size_t) + 4 };
    ck_assert_int_eq(cx_contacts_result(acc, 0.95, &small), CX_E_STRUCT_SIZE);
    ck_assert_int_eq(cx_contacts_parse_resolved(NULL, 1), CX_E_INVALID_ARGUMENT);
    cx_contacts_free(acc);
}
END_TEST

START_TEST(resolved_flags)
{
    static const struct {
        const char *text;
        int flag;
    } cases[] = {
        { "yes", CX_RESOLVED_YES },      { " Y ", CX_RESOLVED_YES },
        { "TRUE", CX_RESOLVED_YES },     { "t", CX_RESOLVED_YES },
        { "1", CX_RESOLVED_YES },        { "Resolved", CX_RESOLVED_YES },
        { "No", CX_RESOLVED_NO },        { "n", CX_RESOLVED_NO },
        { "false", CX_RESOLVED_NO },     { "F", CX_RESOLVED_NO },
        { "0", CX_RESOLVED_NO },         { "unresolved", CX_RESOLVED_NO },
        { "", CX_RESOLVED_UNKNOWN },     { " \t", CX_RESOLVED_UNKNOWN },
        { "NA", CX_RESOLVED_UNKNOWN },   { "n/a", CX_RESOLVED_UNKNOWN },
        { "-", CX_RESOLVED_UNKNOWN },    { "maybe", CX_RESOLVED_INVALID },
        { "yes!", CX_RESOLVED_INVALID }, { "2", CX_RESOLVED_INVALID },
        { "1.0", CX_RESOLVED_INVALID },  { "ye", CX_RESOLVED_INVALID },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        int got = cx_contacts_parse_resolved(cases[i].text, strlen(cases[i].text));
        ck_assert_msg(got == cases[i].flag, "'%s': expected %d, got %d", cases[i].text,
                      cases[i].flag, got);
    }
    ck_assert_int_eq(cx_contacts_parse_resolved(NULL, 0), CX_RESOLVED_UNKNOWN);
}
END_TEST

START_TEST(time_cells)
{
    /* Unix times from Python 3.11's datetime (naive times taken as UTC):
     * datetime.fromisoformat(s).replace(tzinfo=timezone.utc).timestamp(). */
    static const struct {
        const char *text;
        double seconds;
    } good[] = {
        { "2026-03-04T10:15:00", 1772619300.0 },
        { "2026-03-04 10:15:00", 1772619300.0 },
        { " 2026-03-04t10:15:00Z\t", 1772619300.0 },
        { "2026-03-04T10:15", 1772619300.0 },
        { "2026-03-04T10:15:00+02:00", 1772612100.0 },
        { "2026-03-04T10:15:00+0200", 1772612100.0 },
        { "2026-03-04T10:15:00+02", 1772612100.0 },
        { "2026-03-04T10:15:00-05:30", 1772639100.0 },
        { "2026-03-04T10:15:00.250", 1772619300.25 },
        { "2026-03-04", 1772582400.0 },
        { "2024-02-29T12:00:00", 1709208000.0 },
        { "2000-02-29T00:00:00", 951782400.0 },
        { "1969-12-31T23:59:59", -1.0 },
        { "0001-01-01T00:00:00", -62135596800.0 },
        { "9999-12-31T23:59:59", 253402300799.0 },
        { "1970-01-01T00:00:00+23:59", -86340.0 },
        { "1772619300", 1772619300.0 },
        { "1772619300.5", 1772619300.5 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
        double t = NAN;
        int kind = cx_cell_parse_time(good[i].text, strlen(good[i].text), &t);
        ck_assert_msg(kind == CX_CELL_NUMBER, "'%s': kind %d", good[i].text, kind);
        ck_assert_msg(t == good[i].seconds, "'%s': expected %.17g, got %.17g", good[i].text,
                      good[i].seconds, t);
    }
    static const char *missing[] = { "", "  ", "NA", "n/a", "-" };
    for (size_t i = 0; i < G_N_ELEMENTS(missing); i++)
        ck_assert_int_eq(cx_cell_parse_time(missing[i], strlen(missing[i]), NULL),
                         CX_CELL_MISSING);
    static const char *bad[] = {
        "2026-02-30 10:00:00", "1900-02-29", "2100-02-29", "2026-13-01", "2026-00-10",
        "2026-03-00", "2026-3-4", "26-03-04", "0000-01-01", "2026-03-04T24:00:00",
        "2026-03-04T10:60", "2026-03-04T10:15:60", "2026-03-04T10", "2026-03-04T10:15:00.",
        "2026-03-04T10:15:00.1234567890", "2026-03-04T10:15:00+2", "2026-03-04T10:15:00+02:",
        "2026-03-04T10:15:00+24:00", "2026-03-04T10:15:00+02:60", "2026-03-04T10:15:00 Z",
        "2026-03-04X10:15", "2026-03-04  10:15", "2026-03-04Z", "2026-W10-3", "20260304T101500",
        "yesterday", "2026-03-04T10:15:00Z+01:00", "1e999",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        double t = 123.0;
        int kind = cx_cell_parse_time(bad[i], strlen(bad[i]), &t);
        ck_assert_msg(kind == CX_CELL_NOT_A_NUMBER, "'%s': kind %d", bad[i], kind);
        ck_assert_msg(t == 123.0, "'%s' wrote %.17g", bad[i], t);
    }
    /* Length-given: the text after len is not read. */
    ck_assert_int_eq(cx_cell_parse_time("2026-03-04T10:15:00Zjunk", 20, NULL), CX_CELL_NUMBER);
    ck_assert_int_eq(cx_cell_parse_time(NULL, 0, NULL), CX_CELL_MISSING);
    ck_assert_int_eq(cx_cell_parse_time(NULL, 3, NULL), CX_E_INVALID_ARGUMENT);
}
END_TEST

/* The segment and channel figures come from indexes built on the first question after a change
 * (issue 21: one pass per segment was quadratic): each change must drop them. A case moves to
 * another segment and channel when an earlier contact arrives; a merge adds cases; a reset
 * empties the log. */
START_TEST(segment_and_channel_figures_follow_every_change)
{
    CxContacts *ct = NULL, *other = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &ct), CX_OK);
    cx_contacts_add_segmented(ct, "a", 1, 10.0, "phone", 5, CX_RESOLVED_YES, "north", 5);
    cx_contacts_add_segmented(ct, "b", 1, 20.0, "phone", 5, CX_RESOLVED_NO, "south", 5);
    CxContactsResult r = { .size = sizeof r };
    CxContactsChannelResult c = { .size = sizeof c };
    /* Segments in byte order: north, south; channels: phone. */
    ck_assert_int_eq(cx_contacts_segment(ct, 0, 0.95, &r), CX_OK);
    ck_assert_uint_eq(r.cases, 1);
    ck_assert_int_eq(cx_contacts_channel(ct, 0, 0.95, &c), CX_OK);
    ck_assert_uint_eq(c.cases, 2);
    ck_assert_uint_eq(c.resolved_here, 1);
    /* An earlier contact of "b" in the north, by chat: "b" now begins there. */
    cx_contacts_add_segmented(ct, "b", 1, 5.0, "chat", 4, CX_RESOLVED_YES, "north", 5);
    ck_assert_int_eq(cx_contacts_segment(ct, 0, 0.95, &r), CX_OK);
    ck_assert_uint_eq(r.cases, 2);
    ck_assert_uint_eq(r.contacts, 3);
    ck_assert_int_eq(cx_contacts_segment(ct, 1, 0.95, &r), CX_E_EMPTY);
    ck_assert_uint_eq(r.cases, 0);
    /* Channels in byte order: chat, phone. */
    ck_assert_int_eq(cx_contacts_channel(ct, 0, 0.95, &c), CX_OK);
    ck_assert_uint_eq(c.cases, 1);
    ck_assert_uint_eq(c.resolved_here, 1);
    ck_assert_int_eq(cx_contacts_channel(ct, 1, 0.95, &c), CX_OK);
    ck_assert_uint_eq(c.cases, 1);
    ck_assert_uint_eq(c.resolved_here, 1);
    /* A merge brings a case to the south. */
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &other), CX_OK);
    cx_contacts_add_segmented(other, "c", 1, 1.0, "phone", 5, CX_RESOLVED_NO, "south", 5);
    ck_assert_int_eq(cx_contacts_merge(ct, other), CX_OK);
    ck_assert_int_eq(cx_contacts_segment(ct, 1, 0.95, &r), CX_OK);
    ck_assert_uint_eq(r.cases, 1);
    ck_assert_int_eq(cx_contacts_channel(ct, 1, 0.95, &c), CX_OK);
    ck_assert_uint_eq(c.cases, 2);
    /* Reset: no segment left; then a new log from scratch. */
    ck_assert_int_eq(cx_contacts_reset(ct), CX_OK);
    ck_assert_uint_eq(cx_contacts_segment_count(ct), 0);
    cx_contacts_add_segmented(ct, "z", 1, 1.0, "web", 3, CX_RESOLVED_YES, "east", 4);
    ck_assert_int_eq(cx_contacts_segment(ct, 0, 0.95, &r), CX_OK);
    ck_assert_uint_eq(r.cases, 1);
    ck_assert_int_eq(cx_contacts_channel(ct, 0, 0.95, &c), CX_OK);
    ck_assert_uint_eq(c.cases, 1);
    cx_contacts_free(ct);
    cx_contacts_free(other);
}
END_TEST

START_TEST(quantile_type7)
{
    /* R 4.2: quantile(c(3600, 0, 86400, 1200, 0.75, 9000, 345600, 5400, 60),
     *                 c(0, .1, .25, .5, .9, .95, 1), type = 7). */
    double x[] = { 0, 0.75, 60, 1200, 3600, 5400, 9000, 86400, 345600 };
    cx_assert_close(cx_quantile_sorted(x, 9, 0.0), 0.0, 0.0);
    cx_assert_close(cx_quantile_sorted(x, 9, 0.1), 0.60000000000000009, 1e-15);
    cx_assert_close(cx_quantile_sorted(x, 9, 0.25), 60, 0.0);
    cx_assert_close(cx_quantile_sorted(x, 9, 0.5), 3600, 0.0);
    cx_assert_close(cx_quantile_sorted(x, 9, 0.9), 138239.99999999983, 1e-9);
    cx_assert_close(cx_quantile_sorted(x, 9, 0.95), 241919.99999999991, 1e-9);
    cx_assert_close(cx_quantile_sorted(x, 9, 1.0), 345600, 0.0);
    cx_assert_close(cx_quantile_sorted(x, 1, 0.9), 0.0, 0.0);
    ck_assert(isnan(cx_quantile_sorted(x, 0, 0.5)));
    ck_assert(isnan(cx_quantile_sorted(NULL, 3, 0.5)));
    ck_assert(isnan(cx_quantile_sorted(x, 9, 1.5)));
    ck_assert(isnan(cx_quantile_sorted(x, 9, NAN)));
}
END_TEST

/* ---- 0.2: excluded cases, waits, self-service, hand-offs --------------------------------------- */

START_TEST(unscored_contact_excludes_its_case)
{
    /* Issue 21 item 7: two contacts in two channels, the second with a time that does not
     * parse. It was scored on the first alone: resolved at first contact, one channel. */
    CxContacts *acc = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &acc), CX_OK);
    ck_assert_int_eq(cx_contacts_add(acc, "A", 1, 100.0, "phone", 5, CX_RESOLVED_YES), CX_OK);
    ck_assert_int_eq(cx_contacts_add(acc, "A", 1, INFINITY, "web", 3, CX_RESOLVED_NO), CX_OK);
    CxContactsResult r = result_of(acc, CX_E_EMPTY);
    ck_assert_uint_eq(r.cases, 0);
    ck_assert_uint_eq(r.fcr_cases, 0);
    ck_assert_uint_eq(r.cases_excluded, 1);
    ck_assert_uint_eq(r.contacts_excluded, 1);
    ck_assert_uint_eq(r.rejected_order_invalid, 1);
    /* Another case is scored; the excluded one stays out whatever the order of the adds, and
     * a case whose only contact has no time is excluded with no scored contact. */
    ck_assert_int_eq(cx_contacts_add(acc, "B", 1, NAN, "web", 3, CX_RESOLVED_YES), CX_OK);
    ck_assert_int_eq(cx_contacts_add(acc, "C", 1, 5.0, "chat", 4, CX_RESOLVED_YES), CX_OK);
    r = result_of(acc, CX_OK);
    ck_assert_uint_eq(r.cases, 1);
    ck_assert_uint_eq(r.fcr_cases, 1);
    ck_assert_uint_eq(r.cases_excluded, 2);
    ck_assert_uint_eq(r.contacts_excluded, 1);
    CxContactsChannelResult c = { .size = sizeof c };
    ck_assert_int_eq(cx_contacts_channel(acc, 1, 0.95, &c), CX_OK); /* phone */
    ck_assert_uint_eq(c.contacts, 1);
    ck_assert_uint_eq(c.cases, 0);
    CxContacts *back = read_back(acc);
    assert_same(acc, back);
    cx_contacts_free(back);
    cx_contacts_free(acc);
}
END_TEST

typedef struct {
    char *id, *channel, *month, *agent;
    double time, wait;
    int resolved, transferred, abandoned, self_service;
} CentreRow;

/* tests/data/contacts/centre.csv with the library's cell readers (ivr and web self-service). */
static CentreRow *
load_centre(size_t *n)
{
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_path(cx_test_data_path("contacts/centre.csv"), &r), CX_OK);
    static const char *names[] = { "case_id", "contact_time", "channel", "month", "resolved",
                                   "agent", "transferred", "wait_seconds", "abandoned" };
    size_t col[9];
    for (int i = 0; i < 9; i++)
        ck_assert_int_eq(cx_reader_column_index(r, names[i], &col[i]), CX_OK);
    CentreRow *rows = calloc(64, sizeof *rows);
    *n = 0;
    while (cx_reader_next(r) == CX_ROW) {
        ck_assert(*n < 64);
        CentreRow *row = &rows[(*n)++];
        const char *text;
        size_t len;
        row->id = field(r, col[0]);
        row->channel = field(r, col[2]);
        row->month = field(r, col[3]);
        row->agent = field(r, col[5]);
        cx_reader_field(r, col[1], &text, &len);
        int kind = cx_cell_parse_time(text, len, &row->time);
        if (kind != CX_CELL_NUMBER)
            row->time = kind == CX_CELL_MISSING ? (double)NAN : (double)INFINITY;
        cx_reader_field(r, col[7], &text, &len);
        kind = cx_cell_parse_number(text, len, &row->wait);
        if (kind != CX_CELL_NUMBER)
            row->wait = kind == CX_CELL_MISSING ? (double)NAN : (double)INFINITY;
        cx_reader_field(r, col[4], &text, &len);
        row->resolved = cx_contacts_parse_resolved(text, len);
        cx_reader_field(r, col[6], &text, &len);
        row->transferred = cx_contacts_parse_flag(text, len);
        cx_reader_field(r, col[8], &text, &len);
        row->abandoned = cx_contacts_parse_flag(text, len);
        row->self_service = strcmp(row->channel, "ivr") == 0 || strcmp(row->channel, "web") == 0;
    }
    cx_reader_free(r);
    ck_assert_uint_eq(*n, 30);
    return rows;
}

static void
add_centre(CxContacts *acc, const CentreRow *row)
{
    ck_assert_int_eq(cx_contacts_add_contact(acc, row->id, strlen(row->id), row->time,
                                             row->channel, strlen(row->channel), row->resolved,
                                             row->month, strlen(row->month), row->agent,
                                             strlen(row->agent), row->self_service,
                                             row->transferred, row->wait, row->abandoned),
                     CX_OK);
}

static void
centre_free(CentreRow *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].id);
        free(rows[i].channel);
        free(rows[i].month);
        free(rows[i].agent);
    }
    free(rows);
}

START_TEST(centre_log_against_pandas)
{
    /* tests/data/contacts/centre-expected.json (pandas, centre.py). */
    size_t n;
    CentreRow *rows = load_centre(&n);
    CxContacts *acc = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &acc), CX_OK);
    for (size_t i = 0; i < n; i++)
        add_centre(acc, &rows[i]);
    CxContactsResult r = result_of(acc, CX_OK);
    ck_assert_uint_eq(r.cases, 15);
    ck_assert_uint_eq(r.contacts, 28);
    ck_assert_uint_eq(r.cases_excluded, 1);
    ck_assert_uint_eq(r.contacts_excluded, 1);
    check_share(r.contained_cases, r.containment, r.containment_ci_lower, r.containment_ci_upper,
                2, 0.2857142857142857, 0.0822189240040568, 0.6410655481673808);
    ck_assert_uint_eq(r.self_service_cases, 7);
    check_share(r.failed_self_service_cases, r.failed_self_service,
                r.failed_self_service_ci_lower, r.failed_self_service_ci_upper, 2,
                0.2857142857142857, 0.0822189240040568, 0.6410655481673808);
    ck_assert_uint_eq(r.agent_cases, 12);
    ck_assert_uint_eq(r.agents_max, 3);
    cx_assert_close(r.agents_mean, 1.3333333333333333, TOL);
    cx_assert_close(r.agents_ci_lower, 0.9194923100544518, 1e-9);
    cx_assert_close(r.agents_ci_upper, 1.7471743566122147, 1e-9);
    check_share(r.restarted_cases, r.restarted, r.restarted_ci_lower, r.restarted_ci_upper, 3,
                0.25, 0.08894166839405473, 0.5323053349335657);
    ck_assert_uint_eq(r.transfers, 4);
    ck_assert_uint_eq(r.transfer_flag_invalid, 1);
    check_share(r.transfer_cases, r.transfer_rate, r.transfer_rate_ci_lower,
                r.transfer_rate_ci_upper, 3, 0.2, 0.07047549346981562, 0.45185448715169363);
    CxContactsWaits w = { .size = sizeof w };
    ck_assert_int_eq(cx_contacts_waits(acc, CX_CONTACTS_ALL, 0, 20.0, 5.0, 0.95, &w), CX_OK);
    ck_assert_uint_eq(w.contacts, 29);
    ck_assert_uint_eq(w.answered, 17);
    ck_assert_uint_eq(w.abandoned, 2);
    ck_assert_uint_eq(w.short_abandoned, 1);
    ck_assert_uint_eq(w.wait_missing, 5);
    ck_assert_uint_eq(w.wait_negative, 1);
    ck_assert_uint_eq(w.wait_invalid, 1);
    ck_assert_uint_eq(w.abandoned_unknown, 1);
    ck_assert_uint_eq(w.abandoned_invalid, 1);
    check_share(w.answered_within, w.service_level, w.service_level_ci_lower,
                w.service_level_ci_upper, 11, 0.5789473684210527, 0.3627590353425504,
                0.7685810871754576);
    check_share(w.abandoned, w.abandonment_rate, w.abandonment_rate_ci_lower,
                w.abandonment_rate_ci_upper, 2, 0.10526315789473684, 0.029358560298870143,
                0.31394082711109006);
    cx_assert_close(w.asa, 22.61764705882353, TOL);
    cx_assert_close(w.asa_ci_lower, 11.236565837976965, 1e-9);
    cx_assert_close(w.asa_ci_upper, 33.99872827967009, 1e-9);
    cx_assert_close(w.wait_sd, 22.135611446663205, 1e-9);
    cx_assert_close(w.wait_median, 19.0, TOL);
    cx_assert_close(w.wait_p90, 53.2, 1e-9);
    cx_assert_close(w.wait_max, 75.0, 0.0);
    /* A threshold asked later gives another service level from the same state. */
    ck_assert_int_eq(cx_contacts_waits(acc, CX_CONTACTS_ALL, 0, 60.0, 0.0, 0.95, &w), CX_OK);
    ck_assert_uint_eq(w.answered_within, 15);
    ck_assert_uint_eq(w.abandoned, 3);
    cx_contacts_free(acc);
    centre_free(rows, n);
}
END_TEST

START_TEST(centre_shards_and_states_equal_one_pass)
{
    size_t n;
    CentreRow *rows = load_centre(&n);
    CxContacts *one = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &one), CX_OK);
    for (size_t i = 0; i < n; i++)
        add_centre(one, &rows[i]);
    unsigned seed = 11;
    for (int round = 0; round < 20; round++) {
        /* Every contact to one of three shards at random, in a shuffled order. */
        size_t *perm = malloc(n * sizeof *perm);
        shuffle(perm, n, &seed);
        CxContacts *shards[3], *merged = NULL;
        for (int k = 0; k < 3; k++)
            ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &shards[k]), CX_OK);
        for (size_t i = 0; i < n; i++)
            add_centre(shards[next_rand(&seed) % 3], &rows[perm[i]]);
        ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &merged), CX_OK);
        for (int k = 0; k < 3; k++) {
            CxContacts *back = read_back(shards[k]);
            assert_same(shards[k], back);
            ck_assert_int_eq(cx_contacts_merge(merged, back), CX_OK);
            cx_contacts_free(back);
            cx_contacts_free(shards[k]);
        }
        assert_same(one, merged);
        cx_contacts_free(merged);
        free(perm);
    }
    cx_contacts_free(one);
    centre_free(rows, n);
}
END_TEST

static Suite *
contacts_suite(void)
{
    Suite *s = suite_create("contacts");
    TCase *ref = tcase_create("reference");
    tcase_add_test(ref, handbuilt_overall);
    tcase_add_test(ref, handbuilt_segments_and_channels);
    tcase_add_test(ref, sequence_order);
    tcase_add_test(ref, wilson_reference);
    tcase_add_test(ref, time_cells);
    tcase_add_test(ref, quantile_type7);
    tcase_add_test(ref, centre_log_against_pandas);
    suite_add_tcase(s, ref);
    TCase *prop = tcase_create("properties");
    tcase_add_test(prop, shuffled_input_gives_identical_results);
    tcase_add_test(prop, merged_shards_equal_one_pass);
    tcase_add_test(prop, state_round_trip);
    tcase_add_test(prop, segment_and_channel_figures_follow_every_change);
    tcase_add_test(prop, centre_shards_and_states_equal_one_pass);
    suite_add_tcase(s, prop);
    TCase *input = tcase_create("input");
    tcase_add_test(input, rules_on_small_cases);
    tcase_add_test(input, unscored_contact_excludes_its_case);
    tcase_add_test(input, bad_input_and_empty);
    tcase_add_test(input, resolved_flags);
    suite_add_tcase(s, input);
    return s;
}

int
main(void)
{
    return cx_test_run(contacts_suite());
}
