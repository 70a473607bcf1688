# SPDX-License-Identifier: MIT
"""Cronbach's alpha through Python against the reliability vectors of
tests/data/reference/SERVQUAL.md (psych 2.2.9 on the data sets copied to tests/data/alpha/; see its
README.md)."""
import pickle

import pytest

import cxscore
from refdata import REFERENCE, alpha_table

REF = REFERENCE["servqual"]


def test_thinkdeeply_matches_psych():
    # tests/data/alpha/psych-alpha.R printed these full-precision values (tests/test-alpha.c).
    a = cxscore.Alpha(4).extend(alpha_table("thinkdeeply.csv"))
    r = a.result()
    assert r.alpha == pytest.approx(0.673726676752395, abs=1e-12)
    assert (r.ci_lower, r.ci_upper) == pytest.approx((0.141622004343895, 0.90897540324887),
                                                     abs=1e-12)
    assert a.item(0).r_drop == pytest.approx(0.547185809892288, abs=1e-12)
    # SERVQUAL.md prints 7 significant digits for the scale, 5 decimals for the items.
    ref = REF["thinkdeeply"]
    assert r.alpha == pytest.approx(ref["raw_alpha"], abs=5e-8)
    assert round(r.alpha, 3) == ref["published_alpha"]
    assert r.std_alpha == pytest.approx(ref["std_alpha"], abs=5e-8)
    assert r.average_r == pytest.approx(ref["average_r"], abs=5e-8)
    items = a.items()
    assert [i.alpha_if_deleted for i in items] == pytest.approx(ref["alpha_if_deleted"], abs=5e-6)
    assert [i.r_drop for i in items] == pytest.approx(ref["r_drop"], abs=5e-6)
    assert [i.raw_r for i in items] == pytest.approx(ref["raw_r"], abs=5e-6)
    assert (r.k, r.rows, r.n, r.missing_mode) == (4, 10, 10, "pairwise")
    assert pickle.loads(pickle.dumps(a)).result() == r


def test_pingouin_data_sets():
    wide = REF["cronbach_alpha_wide"]
    a = cxscore.Alpha(10).extend(alpha_table("cronbach_alpha_wide.csv"))
    r = a.result()
    assert r.alpha == pytest.approx(wide["alpha"], abs=1e-12)
    assert (r.ci_lower, r.ci_upper) == pytest.approx(tuple(wide["ci_published"]), abs=5e-4)
    assert r.std_alpha == pytest.approx(wide["std_alpha"], abs=5e-8)
    assert r.average_r == pytest.approx(wide["average_r"], abs=5e-8)
    assert [a.item(4).r_drop, a.item(5).r_drop] == pytest.approx(wide["r_drop_q5_q6"], abs=5e-6)

    missing = REF["cronbach_wide_missing"]
    rows = alpha_table("cronbach_wide_missing.csv")
    assert cxscore.alpha(rows).alpha == pytest.approx(missing["pairwise"], abs=1e-12)
    listwise = cxscore.alpha(rows, missing="listwise")
    assert listwise.alpha == pytest.approx(missing["listwise"], abs=1e-12)
    assert listwise.n == missing["listwise_n"] and listwise.missing_mode == "listwise"
    assert listwise.rows_excluded == len(rows) - missing["listwise_n"]


def test_add_merge_and_undefined():
    rows = alpha_table("thinkdeeply.csv")
    one = cxscore.Alpha(4)
    for row in rows:
        one.add(row)
    halves = cxscore.Alpha(4).extend(rows[:4]) + cxscore.Alpha(4).extend(rows[4:])
    assert halves.result().alpha == pytest.approx(one.result().alpha, abs=1e-14)
    assert halves.result().rows == one.result().rows == 10
    with pytest.raises(cxscore.UndefinedError) as e:
        cxscore.alpha([[1, 1], [1, 1]])
    assert e.value.result.rows == 2 and e.value.status == -15
    with pytest.raises(cxscore.MismatchError):
        cxscore.Alpha(3).merge(cxscore.Alpha(4))
    with pytest.raises(ValueError):
        cxscore.Alpha(3).extend([[1, 2]])
    with pytest.raises(ValueError):
        cxscore.Alpha(0)
    with pytest.raises(ValueError):
        cxscore.Alpha(3, missing="respondent")
    with pytest.raises(cxscore.InvalidArgumentError):
        one.item(4)


def test_feldt_with_blank_rows_by_either_rule_matches_psych():
    # tests/data/alpha/psych-feldt-blank-rows.R: psych::alpha counts the 3 blank rows in n.
    import csv
    from refdata import data_path
    a = cxscore.Alpha(11).extend(alpha_table("blank_rows.csv"))
    with open(data_path("alpha", "psych-feldt-blank-rows.csv")) as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 4
    for row in rows:
        level = float(row["level"])
        lo, hi = a.feldt(level, n=row["rule"])
        assert (lo, hi) == pytest.approx((float(row["lower"]), float(row["upper"])), abs=1e-12)
    r = a.result(0.95)
    assert (r.ci_lower, r.ci_upper) == a.feldt(0.95)
    with pytest.raises(ValueError):
        a.feldt(0.95, n="all")
