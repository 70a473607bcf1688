/* SPDX-License-Identifier: MIT */
/*
 * cxscore: a PostgreSQL extension over libcxscore's 0.1 API (docs/postgresql.md).
 *
 * The states nps_state, rating_state and alpha_state are varlena types whose bytes are the
 * library's serialized state (cx_<name>_serialize(): magic, format version, payload), so a state
 * stored in a table, sent with COPY BINARY or shipped between Citus nodes is versioned exactly as
 * the library's serialization is. Text form: the lower-case hexadecimal of those bytes.
 *
 * Inside an aggregate the state is an expanded object (utils/expandeddatum.h) that holds the
 * library's accumulator: each row is one cx_*_add() call, with no copy of the state; the object
 * is flattened (serialized) only when PostgreSQL needs the bytes — a parallel worker handing its
 * partial state to the leader, a state stored in a table. The accumulator is freed by a reset
 * callback of the object's memory context, so an error or a cancelled query leaks nothing.
 *
 * The moving-aggregate form of nps(int) (window frames that slide) keeps the 11 answer counts in
 * an `internal` state, so a row leaving the frame is subtracted in O(1); its final function hands
 * the counts to cx_nps_add_counts(), which equals adding the answers one by one, bit for bit.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include <math.h>

#include <cxscore/cxscore.h>

#include "cx-sql-codec.h"

PG_MODULE_MAGIC;

/* NaN as a double (C's NAN is a float). */
#define CX_NAN ((double)NAN)

/* ---- accumulator kinds ------------------------------------------------------------------------ */

typedef struct {
    const char *type_name; /* the SQL type of the state, for messages */
    int (*serialize)(const void *acc, uint8_t **bytes, size_t *len);
    int (*deserialize)(const uint8_t *bytes, size_t len, void **out);
    int (*merge)(void *dst, const void *src);
    void (*release)(void *acc);
} CxKind;

#define CX_DEFINE_KIND(prefix, Type, sqlname)                                                    \
    static int prefix##_ser(const void *acc, uint8_t **bytes, size_t *len)                      \
    {                                                                                            \
        return cx_##prefix##_serialize((const Type *)acc, bytes, len);                          \
    }                                                                                            \
    static int prefix##_de(const uint8_t *bytes, size_t len, void **out)                        \
    {                                                                                            \
        Type *acc = NULL;                                                                        \
        int st = cx_##prefix##_deserialize(bytes, len, &acc);                                    \
        *out = acc;                                                                              \
        return st;                                                                               \
    }                                                                                            \
    static int prefix##_mrg(void *dst, const void *src)                                         \
    {                                                                                            \
        return cx_##prefix##_merge((Type *)dst, (const Type *)src);                             \
    }                                                                                            \
    static void prefix##_rel(void *acc)                                                          \
    {                                                                                            \
        cx_##prefix##_free((Type *)acc);                                                         \
    }                                                                                            \
    static const CxKind prefix##_kind = { sqlname, prefix##_ser, prefix##_de, prefix##_mrg,     \
                                          prefix##_rel }

CX_DEFINE_KIND(nps, CxNps, "nps_state");
CX_DEFINE_KIND(rating, CxRating, "rating_state");
CX_DEFINE_KIND(alpha, CxAlpha, "alpha_state");

/* ---- the expanded state ----------------------------------------------------------------------- */

typedef struct {
    ExpandedObjectHeader hdr;
    const CxKind *kind;
    void *acc;       /* the library's accumulator (malloc'ed by libcxscore) */
    uint8_t *flat;   /* cached serialization (cx_free), NULL when stale */
    size_t flat_len;
    /* nps_state only: unweighted answers not yet handed to the accumulator, counted by value
     * (and missing ones), given to cx_nps_add_counts() (equal to adding them one by one, bit
     * for bit) before anyone reads the accumulator. A row then costs one increment. */
    bool pending;
    uint64_t pending_counts[11];
    uint64_t pending_missing;
    /* rating_state only: the scale, once known, checked on every row without a result. */
    bool scale_known;
    int scale_low, scale_high;
} CxState;

static Size state_flat_size(ExpandedObjectHeader *eohptr);
static void state_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size);

static const ExpandedObjectMethods state_methods = { state_flat_size, state_flatten };

static void
state_release(void *arg)
{
    CxState *s = arg;
    if (s->acc)
        s->kind->release(s->acc);
    cx_free(s->flat);
    s->acc = NULL;
    s->flat = NULL;
}

static void
state_touch(CxState *s)
{
    if (s->flat) {
        cx_free(s->flat);
        s->flat = NULL;
    }
}

static void check_add(int st, const char *fname);

/* Hands the pending answers to the accumulator; every reader of s->acc calls it first. */
static void
state_flush(CxState *s)
{
    if (!s->pending)
        return;
    int st = cx_nps_add_counts(s->acc, s->pending_counts);
    if (st == CX_OK)
        st = cx_nps_add_missing(s->acc, s->pending_missing);
    memset(s->pending_counts, 0, sizeof s->pending_counts);
    s->pending_missing = 0;
    s->pending = false;
    check_add(st, "nps");
}

static Size
state_flat_size(ExpandedObjectHeader *eohptr)
{
    CxState *s = (CxState *)eohptr;
    state_flush(s);
    if (!s->flat) {
        int st = s->kind->serialize(s->acc, &s->flat, &s->flat_len);
        if (st != CX_OK)
            ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY),
                            errmsg("could not serialize %s: %s", s->kind->type_name,
                                   cx_strerror(st))));
    }
    return VARHDRSZ + s->flat_len;
}

static void
state_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
    CxState *s = (CxState *)eohptr;
    Assert(s->flat && allocated_size == VARHDRSZ + s->flat_len);
    memcpy(VARDATA(result), s->flat, s->flat_len);
    SET_VARSIZE(result, allocated_size);
}

/* A new state object in a child context of `parent`, holding `acc` (owned from now on). */
static CxState *
state_new(const CxKind *kind, MemoryContext parent)
{
    MemoryContext ctx = AllocSetContextCreate(parent, "cxscore state", ALLOCSET_SMALL_SIZES);
    CxState *s = MemoryContextAllocZero(ctx, sizeof *s);
    MemoryContextCallback *cb = MemoryContextAlloc(ctx, sizeof *cb);
    EOH_init_header(&s->hdr, &state_methods, ctx);
    s->kind = kind;
    cb->func = state_release;
    cb->arg = s;
    MemoryContextRegisterResetCallback(ctx, cb);
    return s;
}

static void
check_alloc(int st, const char *what)
{
    if (st == CX_E_NO_MEMORY)
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("%s: out of memory", what)));
    if (st != CX_OK)
        ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("%s: %s", what, cx_strerror(st))));
}

/* Deserializes library bytes into a new state object under `parent`; ERROR on refused bytes. */
static CxState *
state_from_bytes(const CxKind *kind, const uint8_t *bytes, size_t len, MemoryContext parent)
{
    CxState *s = state_new(kind, parent);
    int st = kind->deserialize(bytes, len, &s->acc);
    if (st != CX_OK)
        ereport(ERROR, (errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
                        errmsg("invalid %s value: %s", kind->type_name, cx_sql_state_error(st))));
    return s;
}

/* Our expanded object behind a datum, or NULL if the datum is flat (or someone else's). */
static CxState *
state_expanded(Datum d, const CxKind *kind)
{
    if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d))) {
        ExpandedObjectHeader *h = DatumGetEOHP(d);
        if (h->eoh_methods == &state_methods && ((CxState *)h)->kind == kind)
            return (CxState *)h;
    }
    return NULL;
}

/* A state to read: the expanded object itself, or the flat bytes deserialized under `ctx`. */
static CxState *
state_view(Datum d, const CxKind *kind, MemoryContext ctx)
{
    CxState *s = state_expanded(d, kind);
    if (!s) {
        struct varlena *v = PG_DETOAST_DATUM(d);
        s = state_from_bytes(kind, (const uint8_t *)VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), ctx);
    }
    state_flush(s);
    return s;
}

/* A copy of a state under `parent` (through the library's serialization, bit-identical). */
static CxState *
state_copy(CxState *src, MemoryContext parent)
{
    const CxKind *kind = src->kind;
    uint8_t *bytes = NULL;
    size_t len = 0;
    state_flush(src);
    check_alloc(kind->serialize(src->acc, &bytes, &len), kind->type_name);
    CxState *copy = state_new(kind, parent);
    int st = kind->deserialize(bytes, len, &copy->acc);
    cx_free(bytes);
    check_alloc(st, kind->type_name);
    return copy;
}

/* The transition state of an aggregate call: ours to modify, living in the aggregate context.
 * NULL when argument 0 is NULL (the caller creates the accumulator). */
static CxState *
state_for_update(FunctionCallInfo fcinfo, const CxKind *kind, MemoryContext *aggctx,
                 const char *fname)
{
    if (!AggCheckCallContext(fcinfo, aggctx))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("%s can only be called as an aggregate's transition function",
                               fname)));
    if (PG_ARGISNULL(0))
        return NULL;
    Datum d = PG_GETARG_DATUM(0);
    CxState *s = state_expanded(d, kind);
    if (s && VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(d)) &&
        MemoryContextGetParent(s->hdr.eoh_context) == *aggctx) {
        state_touch(s);
        return s;
    }
    /* A flat state (an initial value, a copy made by the executor): take it in. */
    if (s)
        return state_copy(s, *aggctx);
    struct varlena *v = PG_DETOAST_DATUM(d);
    return state_from_bytes(kind, (const uint8_t *)VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), *aggctx);
}

static Datum
state_datum(CxState *s)
{
    return EOHPGetRWDatum(&s->hdr);
}

/* A flat copy of a state, in the current memory context. */
static Datum
state_flat_datum(CxState *s)
{
    Size size = EOH_get_flat_size(&s->hdr);
    void *flat = palloc(size);
    EOH_flatten_into(&s->hdr, flat, size);
    return PointerGetDatum(flat);
}

static void
check_add(int st, const char *fname)
{
    if (st == CX_E_OVERFLOW)
        ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                        errmsg("%s: more than 2^64 - 1 answers in one state", fname)));
    check_alloc(st, fname);
}

static void
check_merge(int st, const CxKind *kind)
{
    if (st == CX_E_MISMATCH)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("cannot merge two %s values of different configurations",
                               kind->type_name),
                        errhint("Only states of the same scale (rating_state) or the same items "
                                "(alpha_state) can be merged.")));
    check_add(st, kind->type_name);
}

/* ---- text and binary I/O, shared by the three state types ------------------------------------- */

static Datum
state_in(FunctionCallInfo fcinfo, const CxKind *kind)
{
    const char *text = PG_GETARG_CSTRING(0);
    size_t len = strlen(text);
    size_t nbytes = 0, bad = 0;
    uint8_t *bytes = palloc(len / 2 + 1);
    if (cx_sql_hex_decode(text, len, bytes, &nbytes, &bad) != 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
                        errmsg("invalid input syntax for type %s", kind->type_name),
                        errdetail(len % 2 ? "The value has an odd number of hexadecimal digits."
                                          : "Character %zu is not a hexadecimal digit.",
                                  bad + 1)));
    /* Validate with the library: a value that is stored can always be read back. */
    CxState *s = state_from_bytes(kind, bytes, nbytes, CurrentMemoryContext);
    struct varlena *out = palloc(VARHDRSZ + nbytes);
    SET_VARSIZE(out, VARHDRSZ + nbytes);
    memcpy(VARDATA(out), bytes, nbytes);
    DeleteExpandedObject(state_datum(s));
    PG_RETURN_POINTER(out);
}

static Datum
state_out(FunctionCallInfo fcinfo, const CxKind *kind)
{
    struct varlena *v = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
    size_t len = VARSIZE_ANY_EXHDR(v);
    char *text = palloc(2 * len + 1);
    cx_sql_hex_encode((const uint8_t *)VARDATA_ANY(v), len, text);
    PG_RETURN_CSTRING(text);
}

static Datum
state_recv(FunctionCallInfo fcinfo, const CxKind *kind)
{
    StringInfo buf = (StringInfo)PG_GETARG_POINTER(0);
    int nbytes = buf->len - buf->cursor;
    const char *bytes = pq_getmsgbytes(buf, nbytes);
    CxState *s = state_from_bytes(kind, (const uint8_t *)bytes, (size_t)nbytes,
                                  CurrentMemoryContext);
    struct varlena *out = palloc(VARHDRSZ + nbytes);
    SET_VARSIZE(out, VARHDRSZ + nbytes);
    memcpy(VARDATA(out), bytes, nbytes);
    DeleteExpandedObject(state_datum(s));
    PG_RETURN_POINTER(out);
}

static Datum
state_send(FunctionCallInfo fcinfo, const CxKind *kind)
{
    struct varlena *v = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
    StringInfoData buf;
    pq_begintypsend(&buf);
    pq_sendbytes(&buf, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
    PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

#define CX_STATE_IO(prefix)                                                                      \
    PG_FUNCTION_INFO_V1(cx_pg_##prefix##_state_in);                                              \
    Datum cx_pg_##prefix##_state_in(PG_FUNCTION_ARGS) { return state_in(fcinfo, &prefix##_kind); } \
    PG_FUNCTION_INFO_V1(cx_pg_##prefix##_state_out);                                             \
    Datum cx_pg_##prefix##_state_out(PG_FUNCTION_ARGS) { return state_out(fcinfo, &prefix##_kind); } \
    PG_FUNCTION_INFO_V1(cx_pg_##prefix##_state_recv);                                            \
    Datum cx_pg_##prefix##_state_recv(PG_FUNCTION_ARGS)                                          \
    {                                                                                            \
        return state_recv(fcinfo, &prefix##_kind);                                               \
    }                                                                                            \
    PG_FUNCTION_INFO_V1(cx_pg_##prefix##_state_send);                                            \
    Datum cx_pg_##prefix##_state_send(PG_FUNCTION_ARGS)                                          \
    {                                                                                            \
        return state_send(fcinfo, &prefix##_kind);                                               \
    }

CX_STATE_IO(nps)
CX_STATE_IO(rating)
CX_STATE_IO(alpha)

/* ---- merging: the combine function of every aggregate, and nps_merge() ------------------------ */

/*
 * state1 + state2. In an aggregate (combine step, or the transition of *_merge()), state1 is
 * updated in place; called as a plain function, it returns a new flat state. Strict: a NULL state
 * holds nothing, and PostgreSQL passes the other one through.
 */
static Datum
state_combine(FunctionCallInfo fcinfo, const CxKind *kind)
{
    MemoryContext aggctx;
    if (PG_ARGISNULL(1)) {
        if (PG_ARGISNULL(0))
            PG_RETURN_NULL();
        PG_RETURN_DATUM(PG_GETARG_DATUM(0));
    }
    if (AggCheckCallContext(fcinfo, &aggctx)) {
        CxState *dst = state_for_update(fcinfo, kind, &aggctx, kind->type_name);
        CxState *src = state_view(PG_GETARG_DATUM(1), kind, CurrentMemoryContext);
        if (!dst)   /* the first state of the group: a copy of src, owned by the aggregate */
            PG_RETURN_DATUM(state_datum(state_copy(src, aggctx)));
        check_merge(kind->merge(dst->acc, src->acc), kind);
        PG_RETURN_DATUM(state_datum(dst));
    }
    if (PG_ARGISNULL(0))
        PG_RETURN_DATUM(PG_GETARG_DATUM(1));
    CxState *a = state_view(PG_GETARG_DATUM(0), kind, CurrentMemoryContext);
    CxState *b = state_view(PG_GETARG_DATUM(1), kind, CurrentMemoryContext);
    CxState *sum = state_copy(a, CurrentMemoryContext);
    check_merge(kind->merge(sum->acc, b->acc), kind);
    PG_RETURN_DATUM(state_flat_datum(sum));
}

/* The final function of the *_state_agg() and *_merge() aggregates: the state, flat. */
static Datum
state_final(FunctionCallInfo fcinfo, const CxKind *kind)
{
    if (PG_ARGISNULL(0))
        PG_RETURN_NULL();
    CxState *s = state_view(PG_GETARG_DATUM(0), kind, CurrentMemoryContext);
    PG_RETURN_DATUM(state_flat_datum(s));
}

#define CX_STATE_COMBINE(prefix)                                                                 \
    PG_FUNCTION_INFO_V1(cx_pg_##prefix##_state_combine);                                         \
    Datum cx_pg_##prefix##_state_combine(PG_FUNCTION_ARGS)                                       \
    {                                                                                            \
        return state_combine(fcinfo, &prefix##_kind);                                            \
    }                                                                                            \
    PG_FUNCTION_INFO_V1(cx_pg_##prefix##_state_final);                                           \
    Datum cx_pg_##prefix##_state_final(PG_FUNCTION_ARGS)                                         \
    {                                                                                            \
        return state_final(fcinfo, &prefix##_kind);                                              \
    }

CX_STATE_COMBINE(nps)
CX_STATE_COMBINE(rating)
CX_STATE_COMBINE(alpha)

/* ---- composite results ------------------------------------------------------------------------ */

/* The function's composite result type, blessed once per call site. */
static TupleDesc
result_desc(FunctionCallInfo fcinfo)
{
    if (!fcinfo->flinfo->fn_extra) {
        TupleDesc td;
        if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
            ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                            errmsg("function returning a row called in a context that cannot "
                                   "accept one")));
        MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
        fcinfo->flinfo->fn_extra = BlessTupleDesc(CreateTupleDescCopy(td));
        MemoryContextSwitchTo(old);
    }
    return (TupleDesc)fcinfo->flinfo->fn_extra;
}

typedef struct {
    Datum values[16];
    bool nulls[16];
    int n;
} Row;

static void
row_count(Row *row, uint64_t x)
{
    row->values[row->n] = Int64GetDatum(x > (uint64_t)PG_INT64_MAX ? PG_INT64_MAX : (int64)x);
    row->nulls[row->n++] = false;
}

/* NaN and infinities (an undefined figure) become NULL. */
static void
row_double(Row *row, double x)
{
    row->values[row->n] = Float8GetDatum(x);
    row->nulls[row->n++] = !isfinite(x);
}

static Datum
row_datum(FunctionCallInfo fcinfo, Row *row)
{
    TupleDesc td = result_desc(fcinfo);
    Assert(td->natts == row->n);
    return HeapTupleGetDatum(heap_form_tuple(td, row->values, row->nulls));
}

static double
arg_level(FunctionCallInfo fcinfo, int argno)
{
    double level = PG_GETARG_FLOAT8(argno);
    if (cx_sql_level_ok(level) != 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("invalid confidence level %g", level),
                        errhint("The level must be strictly between 0 and 1, e.g. 0.95.")));
    return level;
}

/* ---- NPS -------------------------------------------------------------------------------------- */

static CxState *
nps_state_for_row(FunctionCallInfo fcinfo, const char *fname)
{
    MemoryContext aggctx;
    CxState *s = state_for_update(fcinfo, &nps_kind, &aggctx, fname);
    if (!s) {
        CxNps *acc = NULL;
        s = state_new(&nps_kind, aggctx);
        check_alloc(cx_nps_new(&acc), fname);
        s->acc = acc;
    }
    return s;
}

/* nps_state_add(nps_state, int): one answer; NULL is a missing answer. */
PG_FUNCTION_INFO_V1(cx_pg_nps_add);
Datum
cx_pg_nps_add(PG_FUNCTION_ARGS)
{
    CxState *s = nps_state_for_row(fcinfo, "nps_state_add");
    if (PG_ARGISNULL(1)) {
        s->pending_missing++;
        s->pending = true;
    } else {
        int32 v = PG_GETARG_INT32(1);
        if (v >= 0 && v <= 10) {
            s->pending_counts[v]++;
            s->pending = true;
        } else {
            check_add(cx_nps_add(s->acc, v), "nps"); /* rejected: counted by the library */
        }
    }
    PG_RETURN_DATUM(state_datum(s));
}

/* nps_state_add(nps_state, int, float8): a weighted answer; a NULL weight is an invalid one. */
PG_FUNCTION_INFO_V1(cx_pg_nps_add_weighted);
Datum
cx_pg_nps_add_weighted(PG_FUNCTION_ARGS)
{
    CxState *s = nps_state_for_row(fcinfo, "nps_state_add");
    int st;
    if (PG_ARGISNULL(1))
        st = cx_nps_add_missing(s->acc, 1);
    else
        st = cx_nps_add_weighted(s->acc, PG_GETARG_INT32(1),
                                 PG_ARGISNULL(2) ? CX_NAN : PG_GETARG_FLOAT8(2));
    check_add(st, "nps");
    PG_RETURN_DATUM(state_datum(s));
}

/* nps_state_add(nps_state, float8 [, float8]): an answer held as a number (numeric, bigint and
 * real columns cast to it), read as cx_nps_add_double() reads one: NaN is missing, a number that
 * is not whole (6.5) is rejected as not an integer, never rounded. */
PG_FUNCTION_INFO_V1(cx_pg_nps_add_double);
Datum
cx_pg_nps_add_double(PG_FUNCTION_ARGS)
{
    CxState *s = nps_state_for_row(fcinfo, "nps_state_add");
    int st;
    if (PG_ARGISNULL(1)) {
        st = cx_nps_add_missing(s->acc, 1);
    } else {
        double v = PG_GETARG_FLOAT8(1);
        double w = PG_NARGS() < 3 ? 1.0 : PG_ARGISNULL(2) ? CX_NAN : PG_GETARG_FLOAT8(2);
        st = cx_nps_add_double(s->acc, &v, PG_NARGS() < 3 ? NULL : &w, 1);
    }
    check_add(st, "nps");
    PG_RETURN_DATUM(state_datum(s));
}

/* The nps_result row: (n, promoters, passives, detractors, missing, rejected, nps, se, n_eff). */
static Datum
nps_row(FunctionCallInfo fcinfo, const CxNps *acc, const uint64_t *rejected_override)
{
    CxNpsResult r = { .size = sizeof r };
    int st = CX_E_EMPTY;
    if (acc) {
        st = cx_nps_result(acc, &r);
        if (st == CX_E_OVERFLOW)
            ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                            errmsg("nps: the weights are too large or too small (the sum of "
                                   "their squares does not fit a double)")));
        if (st != CX_OK && st != CX_E_EMPTY)
            check_alloc(st, "nps");
    }
    if (rejected_override)
        r.rejected = *rejected_override;
    Row row = { .n = 0 };
    row_count(&row, r.n);
    row_count(&row, r.promoters);
    row_count(&row, r.passives);
    row_count(&row, r.detractors);
    row_count(&row, r.missing);
    row_count(&row, r.rejected);
    row_double(&row, st == CX_OK ? r.nps : CX_NAN);
    row_double(&row, st == CX_OK ? r.se : CX_NAN);
    row_double(&row, st == CX_OK ? r.n_eff : 0.0);
    return row_datum(fcinfo, &row);
}

/* nps_result(nps_state): also the final function of nps(); an empty group gives n = 0. */
PG_FUNCTION_INFO_V1(cx_pg_nps_result);
Datum
cx_pg_nps_result(PG_FUNCTION_ARGS)
{
    if (PG_ARGISNULL(0))
        return nps_row(fcinfo, NULL, NULL);
    CxState *s = state_view(PG_GETARG_DATUM(0), &nps_kind, CurrentMemoryContext);
    return nps_row(fcinfo, s->acc, NULL);
}

static int
arg_nps_method(FunctionCallInfo fcinfo, int argno)
{
    char *name = text_to_cstring(PG_GETARG_TEXT_PP(argno));
    int method = cx_nps_ci_method_from_name(name);
    if (method < 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("unknown NPS interval method \"%s\"", name),
                        errhint("Valid methods are 'wald', 'adjusted-wald' and 'tango'.")));
    return method;
}

/* nps_interval(nps_state, level, method) -> (lower, upper, level, method). */
PG_FUNCTION_INFO_V1(cx_pg_nps_interval);
Datum
cx_pg_nps_interval(PG_FUNCTION_ARGS)
{
    double level = arg_level(fcinfo, 1);
    int method = arg_nps_method(fcinfo, 2);
    CxState *s = state_view(PG_GETARG_DATUM(0), &nps_kind, CurrentMemoryContext);
    CxNpsResult r = { .size = sizeof r };
    double lo = CX_NAN, hi = CX_NAN;
    if (cx_nps_result(s->acc, &r) == CX_OK)
        check_alloc(cx_nps_interval(&r, level, method, &lo, &hi), "nps_interval");
    Row row = { .n = 0 };
    row_double(&row, lo);
    row_double(&row, hi);
    row_double(&row, level);
    row.values[row.n] = CStringGetTextDatum(cx_nps_ci_method_name(method));
    row.nulls[row.n++] = false;
    return row_datum(fcinfo, &row);
}

/* nps_compare(a nps_state, b nps_state, level) -> (diff, se, z, p_value, ci_lower, ci_upper,
 * level): a minus b; NULL figures when either holds no valid answer. */
PG_FUNCTION_INFO_V1(cx_pg_nps_compare);
Datum
cx_pg_nps_compare(PG_FUNCTION_ARGS)
{
    double level = arg_level(fcinfo, 2);
    CxState *a = state_view(PG_GETARG_DATUM(0), &nps_kind, CurrentMemoryContext);
    CxState *b = state_view(PG_GETARG_DATUM(1), &nps_kind, CurrentMemoryContext);
    CxNpsResult ra = { .size = sizeof ra }, rb = { .size = sizeof rb };
    CxNpsComparison c = { .size = sizeof c };
    c.diff = c.se = c.z = c.p_value = c.ci_lower = c.ci_upper = CX_NAN;
    if (cx_nps_result(a->acc, &ra) == CX_OK && cx_nps_result(b->acc, &rb) == CX_OK)
        check_alloc(cx_nps_compare(&ra, &rb, level, &c), "nps_compare");
    Row row = { .n = 0 };
    row_double(&row, c.diff);
    row_double(&row, c.se);
    /* z is ±infinity when both samples are all in one category and differ: keep it. */
    row.values[row.n] = Float8GetDatum(c.z);
    row.nulls[row.n++] = isnan(c.z);
    row_double(&row, c.p_value);
    row_double(&row, c.ci_lower);
    row_double(&row, c.ci_upper);
    row_double(&row, level);
    return row_datum(fcinfo, &row);
}

/* ---- NPS over sliding window frames: counts that can be subtracted ---------------------------- */

typedef struct {
    uint64_t counts[11];
    uint64_t missing;
    uint64_t rejected;
    CxNps *scratch; /* scores the counts; reset for each frame, freed with the context */
} NpsWindow;

static void
nps_window_release(void *arg)
{
    NpsWindow *w = arg;
    cx_nps_free(w->scratch);
    w->scratch = NULL;
}

static NpsWindow *
nps_window(FunctionCallInfo fcinfo, const char *fname)
{
    MemoryContext aggctx;
    if (!AggCheckCallContext(fcinfo, &aggctx))
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("%s can only be called by the nps() aggregate", fname)));
    if (!PG_ARGISNULL(0))
        return (NpsWindow *)PG_GETARG_POINTER(0);
    NpsWindow *w = MemoryContextAllocZero(aggctx, sizeof(NpsWindow));
    MemoryContextCallback *cb = MemoryContextAlloc(aggctx, sizeof *cb);
    cb->func = nps_window_release;
    cb->arg = w;
    MemoryContextRegisterResetCallback(aggctx, cb);
    check_alloc(cx_nps_new(&w->scratch), fname);
    return w;
}

static uint64_t *
nps_window_slot(NpsWindow *w, FunctionCallInfo fcinfo)
{
    if (PG_ARGISNULL(1))
        return &w->missing;
    int32 v = PG_GETARG_INT32(1);
    return v >= 0 && v <= 10 ? &w->counts[v] : &w->rejected;
}

PG_FUNCTION_INFO_V1(cx_pg_nps_window_add);
Datum
cx_pg_nps_window_add(PG_FUNCTION_ARGS)
{
    NpsWindow *w = nps_window(fcinfo, "nps_window_add");
    (*nps_window_slot(w, fcinfo))++;
    PG_RETURN_POINTER(w);
}

PG_FUNCTION_INFO_V1(cx_pg_nps_window_remove);
Datum
cx_pg_nps_window_remove(PG_FUNCTION_ARGS)
{
    NpsWindow *w = nps_window(fcinfo, "nps_window_remove");
    uint64_t *slot = nps_window_slot(w, fcinfo);
    if (*slot == 0)
        ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                        errmsg("nps: a row left a window frame it had not entered")));
    (*slot)--;
    PG_RETURN_POINTER(w);
}

PG_FUNCTION_INFO_V1(cx_pg_nps_window_result);
Datum
cx_pg_nps_window_result(PG_FUNCTION_ARGS)
{
    if (PG_ARGISNULL(0))
        return nps_row(fcinfo, NULL, NULL);
    NpsWindow *w = (NpsWindow *)PG_GETARG_POINTER(0);
    int st = cx_nps_reset(w->scratch);
    if (st == CX_OK)
        st = cx_nps_add_counts(w->scratch, w->counts);
    if (st == CX_OK)
        st = cx_nps_add_missing(w->scratch, w->missing);
    check_add(st, "nps");
    return nps_row(fcinfo, w->scratch, &w->rejected);
}

/* nps_score(): the NPS alone, float8, NULL without a valid answer; for a state (the final
 * function of the plain aggregate) and for a window frame's counts (the moving one). */
static Datum
nps_score_datum(FunctionCallInfo fcinfo, const CxNps *acc)
{
    CxNpsResult r = { .size = sizeof r };
    int st = cx_nps_result(acc, &r);
    if (st == CX_E_EMPTY)
        PG_RETURN_NULL();
    if (st != CX_OK)
        check_alloc(st, "nps_score");
    PG_RETURN_FLOAT8(r.nps);
}

PG_FUNCTION_INFO_V1(cx_pg_nps_score);
Datum
cx_pg_nps_score(PG_FUNCTION_ARGS)
{
    if (PG_ARGISNULL(0))
        PG_RETURN_NULL();
    CxState *s = state_view(PG_GETARG_DATUM(0), &nps_kind, CurrentMemoryContext);
    return nps_score_datum(fcinfo, s->acc);
}

PG_FUNCTION_INFO_V1(cx_pg_nps_window_score);
Datum
cx_pg_nps_window_score(PG_FUNCTION_ARGS)
{
    if (PG_ARGISNULL(0))
        PG_RETURN_NULL();
    NpsWindow *w = (NpsWindow *)PG_GETARG_POINTER(0);
    int st = cx_nps_reset(w->scratch);
    if (st == CX_OK)
        st = cx_nps_add_counts(w->scratch, w->counts);
    check_add(st, "nps_score");
    return nps_score_datum(fcinfo, w->scratch);
}

/* ---- rating (CSAT, CES): mean, top-two-box and top box with their intervals ------------------- */

PG_FUNCTION_INFO_V1(cx_pg_rating_add);
Datum
cx_pg_rating_add(PG_FUNCTION_ARGS)
{
    MemoryContext aggctx;
    CxState *s = state_for_update(fcinfo, &rating_kind, &aggctx, "rating_state_add");
    if (PG_ARGISNULL(2) || PG_ARGISNULL(3))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                        errmsg("rating: the scale's low and high ends may not be NULL")));
    int low = PG_GETARG_INT32(2), high = PG_GETARG_INT32(3);
    if (!s) {
        CxRating *acc = NULL;
        s = state_new(&rating_kind, aggctx);
        int st = low < high ? cx_rating_new(low, high, high - 1, high, high, &acc)
                            : CX_E_INVALID_ARGUMENT;
        if (st == CX_E_INVALID_ARGUMENT)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("rating: invalid scale %d to %d", low, high),
                            errhint("The scale needs low < high and at most 101 points, e.g. "
                                    "rating(score, 1, 5) for CSAT, rating(score, 1, 7) for CES.")));
        check_alloc(st, "rating");
        s->acc = acc;
    }
    if (!s->scale_known) {
        CxRatingResult r = { .size = sizeof r };
        (void)cx_rating_result(s->acc, 0.95, &r); /* fills the scale even without answers */
        s->scale_low = r.scale_min;
        s->scale_high = r.scale_max;
        s->scale_known = true;
    }
    if (s->scale_low != low || s->scale_high != high)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("rating: the scale changed within a group (%d to %d, then %d to "
                               "%d)",
                               s->scale_low, s->scale_high, low, high)));
    int st = PG_ARGISNULL(1) ? cx_rating_add_text(s->acc, NULL, 0, 1.0)
                             : cx_rating_add(s->acc, PG_GETARG_INT32(1), 1.0);
    check_add(st, "rating");
    PG_RETURN_DATUM(state_datum(s));
}

static Datum
rating_row(FunctionCallInfo fcinfo, const CxRating *acc, double level)
{
    CxRatingResult r = { .size = sizeof r };
    int st = CX_E_EMPTY;
    if (acc) {
        st = cx_rating_result(acc, level, &r);
        if (st != CX_OK && st != CX_E_EMPTY)
            check_alloc(st, "rating");
    }
    bool ok = st == CX_OK;
    Row row = { .n = 0 };
    row_count(&row, r.n);
    row_count(&row, r.missing);
    row_count(&row, r.rejected);
    row_double(&row, ok ? r.mean : CX_NAN);
    row_double(&row, ok ? r.sd : CX_NAN);
    row_double(&row, ok ? r.se : CX_NAN);
    row_double(&row, ok ? r.mean_ci_lower : CX_NAN);
    row_double(&row, ok ? r.mean_ci_upper : CX_NAN);
    row_double(&row, ok ? r.good : CX_NAN);
    row_double(&row, ok ? r.good_ci_lower : CX_NAN);
    row_double(&row, ok ? r.good_ci_upper : CX_NAN);
    row_double(&row, ok ? r.top_box : CX_NAN);
    row_double(&row, ok ? r.top_box_ci_lower : CX_NAN);
    row_double(&row, ok ? r.top_box_ci_upper : CX_NAN);
    row_double(&row, level);
    return row_datum(fcinfo, &row);
}

/* rating_final(rating_state): the final function of rating(), at the 95 % level. */
PG_FUNCTION_INFO_V1(cx_pg_rating_final);
Datum
cx_pg_rating_final(PG_FUNCTION_ARGS)
{
    if (PG_ARGISNULL(0))
        return rating_row(fcinfo, NULL, 0.95);
    CxState *s = state_view(PG_GETARG_DATUM(0), &rating_kind, CurrentMemoryContext);
    return rating_row(fcinfo, s->acc, 0.95);
}

/* rating_result(rating_state, level). */
PG_FUNCTION_INFO_V1(cx_pg_rating_result);
Datum
cx_pg_rating_result(PG_FUNCTION_ARGS)
{
    double level = arg_level(fcinfo, 1);
    CxState *s = state_view(PG_GETARG_DATUM(0), &rating_kind, CurrentMemoryContext);
    return rating_row(fcinfo, s->acc, level);
}

/* rating_compare(a, b, level): Welch's t for the means, Newcombe's interval for top-two-box. */
PG_FUNCTION_INFO_V1(cx_pg_rating_compare);
Datum
cx_pg_rating_compare(PG_FUNCTION_ARGS)
{
    double level = arg_level(fcinfo, 2);
    CxState *a = state_view(PG_GETARG_DATUM(0), &rating_kind, CurrentMemoryContext);
    CxState *b = state_view(PG_GETARG_DATUM(1), &rating_kind, CurrentMemoryContext);
    CxRatingResult ra = { .size = sizeof ra }, rb = { .size = sizeof rb };
    CxRatingComparison c = { .size = sizeof c };
    c.mean_diff = c.mean_se = c.mean_t = c.mean_df = c.mean_p_value = CX_NAN;
    c.mean_ci_lower = c.mean_ci_upper = c.good_diff = c.good_z = c.good_p_value = CX_NAN;
    c.good_ci_lower = c.good_ci_upper = CX_NAN;
    if (cx_rating_result(a->acc, level, &ra) == CX_OK &&
        cx_rating_result(b->acc, level, &rb) == CX_OK) {
        int st = cx_rating_compare(&ra, &rb, level, &c);
        if (st == CX_E_MISMATCH)
            check_merge(st, &rating_kind);
        if (st != CX_OK && st != CX_E_EMPTY && st != CX_E_UNDEFINED)
            check_alloc(st, "rating_compare");
    }
    Row row = { .n = 0 };
    row_double(&row, c.mean_diff);
    row_double(&row, c.mean_se);
    row_double(&row, c.mean_t);
    row_double(&row, c.mean_df);
    row_double(&row, c.mean_p_value);
    row_double(&row, c.mean_ci_lower);
    row_double(&row, c.mean_ci_upper);
    row_double(&row, c.good_diff);
    row_double(&row, c.good_z);
    row_double(&row, c.good_p_value);
    row_double(&row, c.good_ci_lower);
    row_double(&row, c.good_ci_upper);
    row_double(&row, level);
    return row_datum(fcinfo, &row);
}

/* ---- Cronbach's alpha over float8[] rows ------------------------------------------------------ */

PG_FUNCTION_INFO_V1(cx_pg_alpha_add);
Datum
cx_pg_alpha_add(PG_FUNCTION_ARGS)
{
    MemoryContext aggctx;
    CxState *s = state_for_update(fcinfo, &alpha_kind, &aggctx, "alpha_state_add");
    if (PG_ARGISNULL(1)) {
        if (!s)
            PG_RETURN_NULL(); /* k is not known yet; a NULL row holds no answer anyway */
        size_t k = cx_alpha_item_count(s->acc);
        double *row = palloc(k * sizeof *row);
        for (size_t i = 0; i < k; i++)
            row[i] = CX_NAN;
        check_add(cx_alpha_add(s->acc, row), "cronbach_alpha");
        PG_RETURN_DATUM(state_datum(s));
    }
    ArrayType *arr = PG_GETARG_ARRAYTYPE_P(1);
    if (ARR_NDIM(arr) > 1)
        ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                        errmsg("cronbach_alpha: a row must be a one-dimensional array of item "
                               "scores")));
    Datum *elems;
    bool *nulls;
    int n;
    deconstruct_array(arr, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, &nulls, &n);
    if (!s) {
        CxAlpha *acc = NULL;
        s = state_new(&alpha_kind, aggctx);
        int st = cx_alpha_new((size_t)n, CX_MISSING_PAIRWISE, &acc);
        if (st == CX_E_INVALID_ARGUMENT)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("cronbach_alpha: a row of %d items; 1 to %zu are accepted", n,
                                   cx_alpha_max_items())));
        check_alloc(st, "cronbach_alpha");
        s->acc = acc;
    } else if ((size_t)n != cx_alpha_item_count(s->acc)) {
        ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                        errmsg("cronbach_alpha: every row must have the same number of items "
                               "(%zu before, %d in this row)",
                               cx_alpha_item_count(s->acc), n)));
    }
    double *row = palloc((n ? n : 1) * sizeof *row);
    for (int i = 0; i < n; i++)
        row[i] = nulls[i] ? CX_NAN : DatumGetFloat8(elems[i]);
    check_add(cx_alpha_add(s->acc, row), "cronbach_alpha");
    PG_RETURN_DATUM(state_datum(s));
}

static Datum
alpha_row(FunctionCallInfo fcinfo, const CxAlpha *acc, double level)
{
    CxAlphaResult r = { .size = sizeof r };
    int st = CX_E_EMPTY;
    r.alpha = r.std_alpha = r.average_r = r.ci_lower = r.ci_upper = CX_NAN;
    if (acc) {
        st = cx_alpha_result(acc, level, &r);
        if (st != CX_OK && st != CX_E_UNDEFINED && st != CX_E_EMPTY)
            check_alloc(st, "cronbach_alpha");
    }
    bool ok = st == CX_OK;
    Row row = { .n = 0 };
    row_count(&row, r.k);
    row_count(&row, r.rows);
    row_count(&row, r.rows_complete);
    row_count(&row, r.n);
    row_double(&row, ok ? r.alpha : CX_NAN);
    row_double(&row, ok ? r.std_alpha : CX_NAN);
    row_double(&row, ok ? r.average_r : CX_NAN);
    row_double(&row, ok ? r.ci_lower : CX_NAN);
    row_double(&row, ok ? r.ci_upper : CX_NAN);
    row_double(&row, level);
    return row_datum(fcinfo, &row);
}

PG_FUNCTION_INFO_V1(cx_pg_alpha_final);
Datum
cx_pg_alpha_final(PG_FUNCTION_ARGS)
{
    if (PG_ARGISNULL(0))
        return alpha_row(fcinfo, NULL, 0.95);
    CxState *s = state_view(PG_GETARG_DATUM(0), &alpha_kind, CurrentMemoryContext);
    return alpha_row(fcinfo, s->acc, 0.95);
}

PG_FUNCTION_INFO_V1(cx_pg_alpha_result);
Datum
cx_pg_alpha_result(PG_FUNCTION_ARGS)
{
    double level = arg_level(fcinfo, 1);
    CxState *s = state_view(PG_GETARG_DATUM(0), &alpha_kind, CurrentMemoryContext);
    return alpha_row(fcinfo, s->acc, level);
}
