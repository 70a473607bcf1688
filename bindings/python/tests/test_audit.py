# SPDX-License-Identifier: MIT
"""Mystery shopping audits through Python, against tests/data/audit/expected.txt (pandas and R,
by tests/data/audit/reference.py) on the sample export and checklist of examples/data/."""
import math
import os
import pickle

import pytest

import cxscore
from refdata import SOURCE_ROOT, data_path

EXAMPLES = os.path.join(SOURCE_ROOT, "examples", "data")


@pytest.fixture(scope="module")
def expected():
    with open(data_path("audit", "expected.txt")) as f:
        return {k: float(v) for k, v in (line.split() for line in f if line.strip())}


@pytest.fixture(scope="module")
def audit():
    checklist = cxscore.Checklist.from_file(os.path.join(EXAMPLES, "retail-checklist.ini"))
    return cxscore.Audit(checklist).read_csv(os.path.join(EXAMPLES, "audit-visits.csv"))


def close(a, b, rel=1e-9):
    return math.isclose(a, b, rel_tol=rel, abs_tol=rel)


def test_overall_matches_pandas(audit, expected):
    r = audit.result()
    assert (r.visits, r.scored, r.passed) == (expected["visits"], expected["scored"],
                                              expected["passed"])
    assert r.critical_visits == expected["critical_visits"]
    assert r.rejected_unknown_item == expected["rejected.unknown_item"] == 1
    assert r.rejected_critical_blank == expected["rejected.critical_blank"]
    assert close(r.mean, expected["overall.mean"])
    assert close(r.sd, expected["overall.sd"])
    assert close(r.pass_ci_lower, expected["overall.pass_lower"])
    sections = audit.sections()
    assert [s.section_id for s in sections] == [s for s, _ in audit.checklist.sections]
    for s in sections:
        assert close(s.mean, expected[f"section.{s.section_id}.mean"])


def test_league_table_and_standards(audit, expected):
    stores = audit.segments("location")
    assert len(stores) == expected["location.count"] == 50
    for name, s in stores.items():
        assert s.scored == expected[f"location.{name}.n"]
        assert close(s.mean, expected[f"location.{name}.mean"])
        assert close(s.pass_ci_upper, expected[f"location.{name}.pass_upper"])
    items = audit.items()
    worst = min(items, key=lambda it: it.rank)
    assert worst.rank == 1 and expected[f"item.{worst.id}.rank"] == 1
    for it in items:
        assert it.compliant == expected[f"item.{it.id}.compliant"]
        assert close(it.points_lost, expected[f"item.{it.id}.lost"])
        assert it.cost_rank == expected[f"item.{it.id}.cost_rank"]
    s01 = {it.id: it for it in audit.items(by="location", name="S01")}
    assert s01["N1"].applicable == expected["location.S01.item.N1.applicable"]
    m, p = audit.compare("region", "north", "south")
    assert close(m.t, expected["welch.t"]) and close(m.df, expected["welch.df"])
    assert close(p.p_value, expected["pass.p"], 1e-7)
    t = audit.compare_target(75)
    assert close(t.t, expected["target.t"])


def test_shoppers(audit, expected):
    shoppers = audit.shoppers()
    harsh = min(shoppers, key=lambda s: shoppers[s].deviation)
    assert harsh == "ben"  # the generator's harsh shopper
    for name, s in shoppers.items():
        assert close(s.deviation, expected[f"shopper.{name}.deviation"])
        assert s.locations == expected[f"shopper.{name}.dev_locations"]
    test = audit.shopper_test()
    assert close(test.statistic, expected["nested.F"])
    assert test.p_value < 1e-10
    classic, welch = audit.location_anova("S01")
    assert classic.groups >= 2


def test_merge_pickle_reset(audit):
    checklist = audit.checklist
    header = ["location", "shopper", "date"] + [it.id for it in checklist.items]
    a = cxscore.Audit(checklist).set_columns(header)
    b = cxscore.Audit(checklist).set_columns(header)
    yes = ["yes" if it.type == "yesno" else "5" if it.type == "rating" else "1"
           for it in checklist.items]
    a.add_row(["L1", "x", "2026-01-02"] + yes, 2)
    b.add_row(["L1", "y", "2026-02-02"] + ["no" if v == "yes" else v for v in yes], 3)
    merged = a + b
    assert merged.result().visits == 2
    again = pickle.loads(pickle.dumps(merged))
    assert again.result() == merged.result()
    assert set(again.segments("period")) == {"2026-01", "2026-02"}
    merged.reset()
    assert merged.result().visits == 0
    with pytest.raises(cxscore.MismatchError):
        cxscore.Audit(checklist, period="week").merge(a)


def test_bad_rows_and_checklists(audit):
    rejects = audit.rejects()
    assert rejects[0] == (1, 26, "unknown_item")  # the retired X9 column of the header
    assert {r[2] for r in rejects} >= {"answer", "na_not_allowed", "critical_blank"}
    with pytest.raises(cxscore.ParseError) as e:
        cxscore.Checklist.from_text("[checklist]\npass_mark = 80\ncritical = store\n"
                                    "[sections]\na = A\n[item Q]\nsection = a\npoints = 1\n"
                                    "type = yesno\n")
    assert e.value.line == 3 and "unknown critical rule" in e.value.detail
    with pytest.raises(cxscore.ParseError) as e:
        cxscore.Checklist.from_text("[checklist]\npass_mark = 80\ncritical = visit\n"
                                    "total_points = 10\n[sections]\na = A\n[item Q]\n"
                                    "section = a\npoints = 1\ntype = yesno\n")
    assert e.value.line == 4
