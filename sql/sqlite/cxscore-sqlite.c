/* SPDX-License-Identifier: MIT */
/*
 * cxscore for SQLite: a loadable extension over libcxscore's 0.1 API (docs/sqlite.md).
 *
 *   .load ./cxscore            -- sqlite3 shell; or SELECT load_extension('./cxscore');
 *   SELECT nps(score) FROM responses;                    -- JSON text
 *   SELECT nps_score(score) FROM responses;              -- the NPS alone, REAL
 *   SELECT nps(score) OVER (ORDER BY day ROWS 29 PRECEDING) FROM responses;
 *
 * nps(score), nps_score(score) and rating(score, low, high) are window functions with an inverse:
 * their state is the count of each answer of the scale, of missing answers and of rejected ones by
 * reason, so a row leaving a sliding frame is subtracted in O(1). NPS figures come from
 * cx_nps_add_counts(), which equals adding the answers one by one, bit for bit; a rating's answers
 * are handed to cx_rating_add() when a frame (or the group) is scored, O(its answers).
 * nps(score, weight) holds the library's accumulator (weighted sums cannot be subtracted
 * exactly): it is an aggregate function only (SQLite takes a user function in an OVER clause only
 * with an inverse).
 *
 * Values: NULL is a missing answer; an INTEGER is the answer; a REAL must be a whole number; TEXT
 * is read as a CSV cell is (cx_cell_parse_number(): "NA" is missing, "7a" is not a number).
 * Nothing is an error: bad answers are counted by reason and reported in the result.
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <cxscore/cxscore.h>

#include "cx-sql-codec.h"

#define CX_NAN ((double)NAN)

/* ---- classification of one SQL value, as the library classifies a cell ------------------------ */

/* A tally's slots: one per answer of the scale (at most 101, as cx_rating_new() allows), then the
 * missing answers and the rejected ones by reason. */
enum {
    MAX_POINTS = 101,
    SLOT_MISSING = MAX_POINTS,
    SLOT_OUT_OF_RANGE,
    SLOT_NOT_INTEGER,
    SLOT_NOT_A_NUMBER,
    N_SLOTS
};

/* The slot of an answer read as a double: its offset in low..high, or a SLOT_*. */
static int
slot_of_double(double v, int low, int high)
{
    if (isnan(v))
        return SLOT_MISSING;
    if (!(floor(v) >= v && floor(v) <= v))
        return SLOT_NOT_INTEGER;
    return v >= (double)low && v <= (double)high ? (int)(v - low) : SLOT_OUT_OF_RANGE;
}

static int
value_slot(sqlite3_value *value, int low, int high)
{
    switch (sqlite3_value_type(value)) {
    case SQLITE_NULL:
        return SLOT_MISSING;
    case SQLITE_INTEGER: {
        sqlite3_int64 v = sqlite3_value_int64(value);
        return v >= low && v <= high ? (int)(v - low) : SLOT_OUT_OF_RANGE;
    }
    case SQLITE_FLOAT:
        return slot_of_double(sqlite3_value_double(value), low, high);
    default: {
        const char *text = (const char *)sqlite3_value_text(value);
        double v = 0.0;
        int kind = cx_cell_parse_number(text, (size_t)sqlite3_value_bytes(value), &v);
        if (kind == CX_CELL_MISSING)
            return SLOT_MISSING;
        if (kind != CX_CELL_NUMBER)
            return SLOT_NOT_A_NUMBER;
        return slot_of_double(v, low, high);
    }
    }
}

/* ---- JSON output ------------------------------------------------------------------------------ */

typedef struct {
    char buf[1024];
    size_t len;
} Json;

static void
json_add(Json *j, const char *key, const char *value)
{
    int n = snprintf(j->buf + j->len, sizeof j->buf - j->len, "%s\"%s\":%s",
                     j->len > 1 ? "," : "", key, value);
    if (n > 0 && (size_t)n < sizeof j->buf - j->len)
        j->len += (size_t)n;
}

static void
json_count(Json *j, const char *key, uint64_t x)
{
    char v[32];
    snprintf(v, sizeof v, "%llu", (unsigned long long)x);
    json_add(j, key, v);
}

static void
json_double(Json *j, const char *key, double x)
{
    char v[32];
    cx_sql_json_number(x, v);
    json_add(j, key, v);
}

static void
json_result(sqlite3_context *ctx, Json *j)
{
    j->buf[j->len++] = '}';
    sqlite3_result_text(ctx, j->buf, (int)j->len, SQLITE_TRANSIENT);
    sqlite3_result_subtype(ctx, 'J'); /* JSON, for json_extract() and friends */
}

static void
result_status(sqlite3_context *ctx, int status)
{
    if (status == CX_E_NO_MEMORY)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_error(ctx, cx_strerror(status), -1);
}

/* The nps JSON object of a result (NULL figures when st is not CX_OK), with the 95 % Tango
 * interval. */
static void
nps_json(sqlite3_context *ctx, const CxNpsResult *r, int st)
{
    double lo = CX_NAN, hi = CX_NAN;
    if (st == CX_OK && cx_nps_interval(r, 0.95, CX_NPS_CI_TANGO, &lo, &hi) != CX_OK)
        lo = hi = CX_NAN;
    Json j = { .buf = "{", .len = 1 };
    json_count(&j, "n", r->n);
    json_count(&j, "promoters", r->promoters);
    json_count(&j, "passives", r->passives);
    json_count(&j, "detractors", r->detractors);
    json_count(&j, "missing", r->missing);
    json_count(&j, "rejected", r->rejected);
    json_count(&j, "rejected_out_of_range", r->rejected_out_of_range);
    json_count(&j, "rejected_not_integer", r->rejected_not_integer);
    json_count(&j, "rejected_not_a_number", r->rejected_not_a_number);
    json_count(&j, "rejected_weight", r->rejected_weight_negative + r->rejected_weight_invalid);
    json_double(&j, "nps", st == CX_OK ? r->nps : CX_NAN);
    json_double(&j, "se", st == CX_OK ? r->se : CX_NAN);
    json_double(&j, "n_eff", st == CX_OK ? r->n_eff : 0.0);
    json_double(&j, "ci_lower", lo);
    json_double(&j, "ci_upper", hi);
    json_add(&j, "ci_method", "\"tango\"");
    json_double(&j, "level", 0.95);
    json_result(ctx, &j);
}

/* ---- nps(score), nps_score(score): counts, with an inverse ------------------------------------ */

typedef struct {
    uint64_t slots[N_SLOTS];
} NpsTally;

static void
nps_tally_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    NpsTally *t = sqlite3_aggregate_context(ctx, sizeof *t);
    if (!t) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    t->slots[value_slot(argv[0], 0, 10)]++;
}

static void
nps_tally_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    NpsTally *t = sqlite3_aggregate_context(ctx, sizeof *t);
    if (!t) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    t->slots[value_slot(argv[0], 0, 10)]--;
}

/* The result of the tallied answers; CX_OK, CX_E_EMPTY or a failure. */
static int
nps_tally_result(const NpsTally *t, CxNpsResult *r)
{
    static const NpsTally empty;
    CxNps *acc = NULL;
    if (!t)
        t = &empty;
    int st = cx_nps_new(&acc);
    if (st == CX_OK)
        st = cx_nps_add_counts(acc, t->slots);
    if (st == CX_OK)
        st = cx_nps_add_missing(acc, t->slots[SLOT_MISSING]);
    if (st == CX_OK)
        st = cx_nps_result(acc, r);
    cx_nps_free(acc);
    r->rejected_out_of_range = t->slots[SLOT_OUT_OF_RANGE];
    r->rejected_not_integer = t->slots[SLOT_NOT_INTEGER];
    r->rejected_not_a_number = t->slots[SLOT_NOT_A_NUMBER];
    r->rejected = r->rejected_out_of_range + r->rejected_not_integer + r->rejected_not_a_number;
    return st;
}

static void
nps_tally_value(sqlite3_context *ctx)
{
    CxNpsResult r = { .size = sizeof r };
    int st = nps_tally_result(sqlite3_aggregate_context(ctx, 0), &r);
    if (st != CX_OK && st != CX_E_EMPTY) {
        result_status(ctx, st);
        return;
    }
    nps_json(ctx, &r, st);
}

static void
nps_score_value(sqlite3_context *ctx)
{
    CxNpsResult r = { .size = sizeof r };
    int st = nps_tally_result(sqlite3_aggregate_context(ctx, 0), &r);
    if (st == CX_OK)
        sqlite3_result_double(ctx, r.nps);
    else if (st == CX_E_EMPTY)
        sqlite3_result_null(ctx);
    else
        result_status(ctx, st);
}

/* ---- nps(score, weight): the library's accumulator -------------------------------------------- */

typedef struct {
    CxNps *acc;
    int status;
} NpsAcc;

static double
weight_of(sqlite3_value *value)
{
    int type = sqlite3_value_numeric_type(value);
    return type == SQLITE_INTEGER || type == SQLITE_FLOAT ? sqlite3_value_double(value) : CX_NAN;
}

static void
nps_weighted_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    NpsAcc *a = sqlite3_aggregate_context(ctx, sizeof *a);
    if (!a) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (a->status != CX_OK)
        return;
    if (!a->acc && (a->status = cx_nps_new(&a->acc)) != CX_OK)
        return;
    double w = weight_of(argv[1]);
    switch (sqlite3_value_type(argv[0])) {
    case SQLITE_NULL:
        a->status = cx_nps_add_missing(a->acc, 1);
        break;
    case SQLITE_INTEGER: {
        sqlite3_int64 v = sqlite3_value_int64(argv[0]);
        a->status = cx_nps_add_weighted(a->acc, v < -1 || v > 11 ? -1 : (int)v, w);
        break;
    }
    case SQLITE_FLOAT: {
        double v = sqlite3_value_double(argv[0]);
        a->status = cx_nps_add_double(a->acc, &v, &w, 1);
        break;
    }
    default:
        a->status = cx_nps_add_text(a->acc, (const char *)sqlite3_value_text(argv[0]),
                                    (size_t)sqlite3_value_bytes(argv[0]), w);
        break;
    }
}

static void
nps_weighted_final(sqlite3_context *ctx)
{
    NpsAcc *a = sqlite3_aggregate_context(ctx, 0);
    CxNpsResult r = { .size = sizeof r };
    int st = a ? a->status : CX_OK;
    if (st == CX_OK && a && a->acc)
        st = cx_nps_result(a->acc, &r);
    else if (st == CX_OK)
        st = CX_E_EMPTY;
    if (a) {
        cx_nps_free(a->acc);
        a->acc = NULL;
    }
    if (st != CX_OK && st != CX_E_EMPTY) {
        result_status(ctx, st);
        return;
    }
    nps_json(ctx, &r, st);
}

/* ---- rating(score, low, high): CSAT, CES; counts, with an inverse ----------------------------- */

typedef struct {
    bool started;
    int low, high;
    int status; /* CX_E_INVALID_ARGUMENT: not a scale; CX_E_MISMATCH: it changed */
    uint64_t slots[N_SLOTS];
} RatingTally;

/* The tally of a row, after checking its scale; NULL (and the status set) if it is not one. */
static RatingTally *
rating_tally(sqlite3_context *ctx, sqlite3_value **argv)
{
    RatingTally *t = sqlite3_aggregate_context(ctx, sizeof *t);
    if (!t) {
        sqlite3_result_error_nomem(ctx);
        return NULL;
    }
    if (t->status != CX_OK)
        return NULL;
    int low = sqlite3_value_int(argv[1]), high = sqlite3_value_int(argv[2]);
    if (!t->started) {
        t->started = true;
        t->low = low;
        t->high = high;
        if (!(low < high && (sqlite3_int64)high - low < MAX_POINTS))
            t->status = CX_E_INVALID_ARGUMENT;
    } else if (low != t->low || high != t->high) {
        t->status = CX_E_MISMATCH;
    }
    return t->status == CX_OK ? t : NULL;
}

static void
rating_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    RatingTally *t = rating_tally(ctx, argv);
    if (t)
        t->slots[value_slot(argv[0], t->low, t->high)]++;
}

static void
rating_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    RatingTally *t = rating_tally(ctx, argv);
    if (t)
        t->slots[value_slot(argv[0], t->low, t->high)]--;
}

/* Scores the tally: its valid answers handed to the library one by one (the library has no
 * add-counts call for ratings, so a frame costs O(its valid answers)); missing and rejected
 * answers are reported from the tally. */
static void
rating_value(sqlite3_context *ctx)
{
    RatingTally *t = sqlite3_aggregate_context(ctx, 0);
    CxRatingResult r = { .size = sizeof r };
    int st = t ? t->status : CX_OK;
    if (st == CX_E_INVALID_ARGUMENT) {
        sqlite3_result_error(ctx, "rating(score, low, high): the scale needs low < high and at "
                                  "most 101 points, e.g. rating(score, 1, 5) for CSAT", -1);
        return;
    }
    if (st == CX_E_MISMATCH) {
        sqlite3_result_error(ctx, "rating(score, low, high): low and high must be the same on "
                                  "every row of a group", -1);
        return;
    }
    CxRating *acc = NULL;
    if (t && t->started) {
        st = cx_rating_new(t->low, t->high, t->high - 1, t->high, t->high, &acc);
        for (int v = 0; st == CX_OK && v <= t->high - t->low; v++)
            for (uint64_t c = 0; st == CX_OK && c < t->slots[v]; c++)
                st = cx_rating_add(acc, t->low + v, 1.0);
        if (st == CX_OK)
            st = cx_rating_result(acc, 0.95, &r);
        cx_rating_free(acc);
    } else {
        st = CX_E_EMPTY;
    }
    if (st != CX_OK && st != CX_E_EMPTY && st != CX_E_UNDEFINED) {
        result_status(ctx, st);
        return;
    }
    if (t) {
        r.missing = t->slots[SLOT_MISSING];
        r.rejected = t->slots[SLOT_OUT_OF_RANGE] + t->slots[SLOT_NOT_INTEGER] +
                     t->slots[SLOT_NOT_A_NUMBER];
    }
    bool ok = st == CX_OK;
    Json j = { .buf = "{", .len = 1 };
    json_count(&j, "n", r.n);
    json_count(&j, "missing", r.missing);
    json_count(&j, "rejected", r.rejected);
    json_double(&j, "mean", ok ? r.mean : CX_NAN);
    json_double(&j, "sd", ok ? r.sd : CX_NAN);
    json_double(&j, "se", ok ? r.se : CX_NAN);
    json_double(&j, "mean_ci_lower", ok ? r.mean_ci_lower : CX_NAN);
    json_double(&j, "mean_ci_upper", ok ? r.mean_ci_upper : CX_NAN);
    json_double(&j, "top_two_box", ok ? r.good : CX_NAN);
    json_double(&j, "top_two_box_ci_lower", ok ? r.good_ci_lower : CX_NAN);
    json_double(&j, "top_two_box_ci_upper", ok ? r.good_ci_upper : CX_NAN);
    json_double(&j, "top_box", ok ? r.top_box : CX_NAN);
    json_double(&j, "top_box_ci_lower", ok ? r.top_box_ci_lower : CX_NAN);
    json_double(&j, "top_box_ci_upper", ok ? r.top_box_ci_upper : CX_NAN);
    json_double(&j, "level", 0.95);
    json_result(ctx, &j);
}

/* ---- registration ----------------------------------------------------------------------------- */

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_cxscore_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);

int
sqlite3_cxscore_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi)
{
    SQLITE_EXTENSION_INIT2(pApi);
    (void)pzErrMsg;
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    int rc = sqlite3_create_window_function(db, "nps", 1, flags, NULL, nps_tally_step,
                                            nps_tally_value, nps_tally_value, nps_tally_inverse,
                                            NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_window_function(db, "nps_score", 1, flags, NULL, nps_tally_step,
                                            nps_score_value, nps_score_value, nps_tally_inverse,
                                            NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "nps", 2, flags, NULL, NULL, nps_weighted_step,
                                     nps_weighted_final);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_window_function(db, "rating", 3, flags, NULL, rating_step,
                                            rating_value, rating_value, rating_inverse, NULL);
    return rc;
}
