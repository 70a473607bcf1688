-- SPDX-License-Identifier: MIT
-- cxscore 0.2.0: aggregates over libcxscore (docs/postgresql.md).
\echo Use "CREATE EXTENSION cxscore" to load this file. \quit

-- ---- state types: the library's serialized accumulator, hexadecimal as text ----------------

CREATE TYPE nps_state;
CREATE FUNCTION nps_state_in(cstring) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'cx_pg_nps_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_state_out(nps_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'cx_pg_nps_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_state_recv(internal) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'cx_pg_nps_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_state_send(nps_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cx_pg_nps_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE nps_state (
    INPUT = nps_state_in, OUTPUT = nps_state_out, RECEIVE = nps_state_recv, SEND = nps_state_send,
    INTERNALLENGTH = VARIABLE, STORAGE = extended
);
COMMENT ON TYPE nps_state IS 'NPS accumulator state (libcxscore serialization): store, merge, score';

CREATE TYPE rating_state;
CREATE FUNCTION rating_state_in(cstring) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'cx_pg_rating_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rating_state_out(rating_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'cx_pg_rating_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rating_state_recv(internal) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'cx_pg_rating_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rating_state_send(rating_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cx_pg_rating_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE rating_state (
    INPUT = rating_state_in, OUTPUT = rating_state_out,
    RECEIVE = rating_state_recv, SEND = rating_state_send,
    INTERNALLENGTH = VARIABLE, STORAGE = extended
);
COMMENT ON TYPE rating_state IS 'Rating (CSAT/CES) accumulator state (libcxscore serialization)';

CREATE TYPE alpha_state;
CREATE FUNCTION alpha_state_in(cstring) RETURNS alpha_state
    AS 'MODULE_PATHNAME', 'cx_pg_alpha_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION alpha_state_out(alpha_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'cx_pg_alpha_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION alpha_state_recv(internal) RETURNS alpha_state
    AS 'MODULE_PATHNAME', 'cx_pg_alpha_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION alpha_state_send(alpha_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cx_pg_alpha_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE alpha_state (
    INPUT = alpha_state_in, OUTPUT = alpha_state_out,
    RECEIVE = alpha_state_recv, SEND = alpha_state_send,
    INTERNALLENGTH = VARIABLE, STORAGE = extended
);
COMMENT ON TYPE alpha_state IS 'Cronbach''s alpha accumulator state (libcxscore serialization)';

-- ---- result rows ------------------------------------------------------------------------------

CREATE TYPE nps_result AS (
    n bigint, promoters bigint, passives bigint, detractors bigint, missing bigint,
    rejected bigint, nps float8, se float8, n_eff float8
);
CREATE TYPE nps_interval AS (lower float8, upper float8, level float8, method text);
CREATE TYPE nps_comparison AS (
    diff float8, se float8, z float8, p_value float8, ci_lower float8, ci_upper float8,
    level float8
);
CREATE TYPE rating_result AS (
    n bigint, missing bigint, rejected bigint, mean float8, sd float8, se float8,
    mean_ci_lower float8, mean_ci_upper float8,
    top_two_box float8, top_two_box_ci_lower float8, top_two_box_ci_upper float8,
    top_box float8, top_box_ci_lower float8, top_box_ci_upper float8, level float8
);
CREATE TYPE rating_comparison AS (
    mean_diff float8, mean_se float8, mean_t float8, mean_df float8, mean_p_value float8,
    mean_ci_lower float8, mean_ci_upper float8,
    top_two_box_diff float8, top_two_box_z float8, top_two_box_p_value float8,
    top_two_box_ci_lower float8, top_two_box_ci_upper float8, level float8
);
CREATE TYPE alpha_result AS (
    k bigint, rows bigint, rows_complete bigint, n bigint, alpha float8, std_alpha float8,
    average_r float8, ci_lower float8, ci_upper float8, level float8
);

-- ---- NPS ----------------------------------------------------------------------------------------

CREATE FUNCTION nps_state_add(nps_state, int) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'cx_pg_nps_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION nps_state_add(nps_state, int, float8) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'cx_pg_nps_add_weighted' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION nps_state_combine(nps_state, nps_state) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'cx_pg_nps_state_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION nps_state_final(nps_state) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'cx_pg_nps_state_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION nps_result(nps_state) RETURNS nps_result
    AS 'MODULE_PATHNAME', 'cx_pg_nps_result' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION nps_interval(state nps_state, level float8 DEFAULT 0.95,
                             method text DEFAULT 'tango') RETURNS nps_interval
    AS 'MODULE_PATHNAME', 'cx_pg_nps_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_compare(a nps_state, b nps_state, level float8 DEFAULT 0.95)
    RETURNS nps_comparison
    AS 'MODULE_PATHNAME', 'cx_pg_nps_compare' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Sliding window frames: counts that a leaving row is subtracted from.
CREATE FUNCTION nps_window_add(internal, int) RETURNS internal
    AS 'MODULE_PATHNAME', 'cx_pg_nps_window_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION nps_window_remove(internal, int) RETURNS internal
    AS 'MODULE_PATHNAME', 'cx_pg_nps_window_remove' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION nps_window_result(internal) RETURNS nps_result
    AS 'MODULE_PATHNAME', 'cx_pg_nps_window_result' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE nps(score int) (
    SFUNC = nps_state_add, STYPE = nps_state, FINALFUNC = nps_result, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = nps_state_combine, PARALLEL = SAFE,
    MSFUNC = nps_window_add, MINVFUNC = nps_window_remove, MSTYPE = internal,
    MFINALFUNC = nps_window_result, MFINALFUNC_MODIFY = READ_ONLY
);
-- The NPS alone (float8), e.g. for a rolling score: no result row to build per frame.
CREATE FUNCTION nps_score(nps_state) RETURNS float8
    AS 'MODULE_PATHNAME', 'cx_pg_nps_score' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION nps_window_score(internal) RETURNS float8
    AS 'MODULE_PATHNAME', 'cx_pg_nps_window_score' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE AGGREGATE nps_score(score int) (
    SFUNC = nps_state_add, STYPE = nps_state, FINALFUNC = nps_score, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = nps_state_combine, PARALLEL = SAFE,
    MSFUNC = nps_window_add, MINVFUNC = nps_window_remove, MSTYPE = internal,
    MFINALFUNC = nps_window_score, MFINALFUNC_MODIFY = READ_ONLY
);
CREATE AGGREGATE nps(score int, weight float8) (
    SFUNC = nps_state_add, STYPE = nps_state, FINALFUNC = nps_result, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = nps_state_combine, PARALLEL = SAFE
);
-- Answers held as numbers (numeric, bigint, real, float8 columns): NaN is missing, 6.5 is rejected
-- as not an integer (never rounded).
CREATE FUNCTION nps_state_add(nps_state, float8) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'cx_pg_nps_add_double' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION nps_state_add(nps_state, float8, float8) RETURNS nps_state
    AS 'MODULE_PATHNAME', 'cx_pg_nps_add_double' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE AGGREGATE nps(score float8) (
    SFUNC = nps_state_add, STYPE = nps_state, FINALFUNC = nps_result, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = nps_state_combine, PARALLEL = SAFE
);
CREATE AGGREGATE nps(score float8, weight float8) (
    SFUNC = nps_state_add, STYPE = nps_state, FINALFUNC = nps_result, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = nps_state_combine, PARALLEL = SAFE
);
CREATE AGGREGATE nps_state_agg(score float8) (
    SFUNC = nps_state_add, STYPE = nps_state, FINALFUNC = nps_state_final,
    FINALFUNC_MODIFY = READ_ONLY, COMBINEFUNC = nps_state_combine, PARALLEL = SAFE
);
CREATE AGGREGATE nps_state_agg(score float8, weight float8) (
    SFUNC = nps_state_add, STYPE = nps_state, FINALFUNC = nps_state_final,
    FINALFUNC_MODIFY = READ_ONLY, COMBINEFUNC = nps_state_combine, PARALLEL = SAFE
);
CREATE AGGREGATE nps_state_agg(score int) (
    SFUNC = nps_state_add, STYPE = nps_state, FINALFUNC = nps_state_final,
    FINALFUNC_MODIFY = READ_ONLY, COMBINEFUNC = nps_state_combine, PARALLEL = SAFE
);
CREATE AGGREGATE nps_state_agg(score int, weight float8) (
    SFUNC = nps_state_add, STYPE = nps_state, FINALFUNC = nps_state_final,
    FINALFUNC_MODIFY = READ_ONLY, COMBINEFUNC = nps_state_combine, PARALLEL = SAFE
);
CREATE AGGREGATE nps_merge(state nps_state) (
    SFUNC = nps_state_combine, STYPE = nps_state, FINALFUNC = nps_state_final,
    FINALFUNC_MODIFY = READ_ONLY, COMBINEFUNC = nps_state_combine, PARALLEL = SAFE
);

-- ---- ratings: CSAT, CES -------------------------------------------------------------------------

CREATE FUNCTION rating_state_add(rating_state, int, int, int) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'cx_pg_rating_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_combine(rating_state, rating_state) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'cx_pg_rating_state_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_state_final(rating_state) RETURNS rating_state
    AS 'MODULE_PATHNAME', 'cx_pg_rating_state_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_final(rating_state) RETURNS rating_result
    AS 'MODULE_PATHNAME', 'cx_pg_rating_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rating_result(state rating_state, level float8 DEFAULT 0.95) RETURNS rating_result
    AS 'MODULE_PATHNAME', 'cx_pg_rating_result' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rating_compare(a rating_state, b rating_state, level float8 DEFAULT 0.95)
    RETURNS rating_comparison
    AS 'MODULE_PATHNAME', 'cx_pg_rating_compare' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE rating(score int, low int, high int) (
    SFUNC = rating_state_add, STYPE = rating_state, FINALFUNC = rating_final,
    FINALFUNC_MODIFY = READ_ONLY, COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE AGGREGATE rating_state_agg(score int, low int, high int) (
    SFUNC = rating_state_add, STYPE = rating_state, FINALFUNC = rating_state_final,
    FINALFUNC_MODIFY = READ_ONLY, COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);
CREATE AGGREGATE rating_merge(state rating_state) (
    SFUNC = rating_state_combine, STYPE = rating_state, FINALFUNC = rating_state_final,
    FINALFUNC_MODIFY = READ_ONLY, COMBINEFUNC = rating_state_combine, PARALLEL = SAFE
);

-- ---- Cronbach's alpha ---------------------------------------------------------------------------

CREATE FUNCTION alpha_state_add(alpha_state, float8[]) RETURNS alpha_state
    AS 'MODULE_PATHNAME', 'cx_pg_alpha_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION alpha_state_combine(alpha_state, alpha_state) RETURNS alpha_state
    AS 'MODULE_PATHNAME', 'cx_pg_alpha_state_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION alpha_state_final(alpha_state) RETURNS alpha_state
    AS 'MODULE_PATHNAME', 'cx_pg_alpha_state_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION alpha_final(alpha_state) RETURNS alpha_result
    AS 'MODULE_PATHNAME', 'cx_pg_alpha_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION alpha_result(state alpha_state, level float8 DEFAULT 0.95) RETURNS alpha_result
    AS 'MODULE_PATHNAME', 'cx_pg_alpha_result' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE cronbach_alpha(items float8[]) (
    SFUNC = alpha_state_add, STYPE = alpha_state, FINALFUNC = alpha_final,
    FINALFUNC_MODIFY = READ_ONLY, COMBINEFUNC = alpha_state_combine, PARALLEL = SAFE
);
CREATE AGGREGATE alpha_state_agg(items float8[]) (
    SFUNC = alpha_state_add, STYPE = alpha_state, FINALFUNC = alpha_state_final,
    FINALFUNC_MODIFY = READ_ONLY, COMBINEFUNC = alpha_state_combine, PARALLEL = SAFE
);
CREATE AGGREGATE alpha_merge(state alpha_state) (
    SFUNC = alpha_state_combine, STYPE = alpha_state, FINALFUNC = alpha_state_final,
    FINALFUNC_MODIFY = READ_ONLY, COMBINEFUNC = alpha_state_combine, PARALLEL = SAFE
);
