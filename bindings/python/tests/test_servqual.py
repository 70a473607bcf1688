# SPDX-License-Identifier: MIT
"""SERVQUAL and instruments through Python against the test vectors of
tests/data/reference/SERVQUAL.md (answers in tests/data/servqual/three-respondents.csv, expected
values in data/reference.json)."""
import math
import pickle
import statistics

import pytest

import cxscore
from refdata import REFERENCE, data_path, three_respondents

REF = REFERENCE["servqual"]
TOL = 5e-7  # the reference prints 7 significant digits
DIMENSIONS = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")


def three(missing="pairwise", drop_p7_of_r1=False):
    e, p, w = three_respondents()
    if drop_p7_of_r1:
        p[0][6] = None
    return cxscore.Servqual(missing=missing).extend(expectation=e, perception=p, importance=w)


def test_three_respondents_reference():
    sq = three()
    r = sq.result()
    dims = sq.dimensions()
    assert [d.name for d in dims] == list(DIMENSIONS)
    assert [d.gap for d in dims] == pytest.approx(REF["dimension_gaps"], abs=TOL)
    assert r.unweighted_score == pytest.approx(REF["unweighted"], abs=TOL)
    assert r.weighted_score_respondent == pytest.approx(REF["weighted_respondent"], abs=TOL)
    assert r.weighted_score == pytest.approx(REF["weighted_aggregate"], abs=TOL)
    assert [d.weight for d in dims] == pytest.approx(REF["mean_weights"], abs=TOL)
    assert [d.perception for d in dims] == pytest.approx(REF["servperf_dimensions"], abs=TOL)
    assert r.servperf == pytest.approx(REF["servperf"], abs=TOL)
    # The overall score is the mean of the dimension gaps, not of the 22 item gaps.
    item_gaps = [i.gap for i in sq.items()]
    assert sum(item_gaps) / 22 == pytest.approx(REF["mean_of_item_gaps"], abs=TOL)
    assert (r.respondents, r.respondents_used, r.items, r.dimensions) == (3, 3, 22, 5)
    assert r.importance_used == 3 and r.missing_mode == "pairwise"
    assert sq.dimension("reliability") == dims[1]
    # Rank 1 is the largest shortfall: reliability (-0.733).
    assert dims[1].rank == 1


def test_missing_modes_reference():
    ref = REF["p7_of_r1_missing"]
    respondent = three("respondent", drop_p7_of_r1=True)
    assert respondent.result().unweighted_score == pytest.approx(
        ref["respondent_mode_overall"], abs=TOL)
    # Reliability is the mean of r1's -1.25 and r2's, r3's dimension gaps (-1, 0).
    assert respondent.dimension(1).gap == pytest.approx(
        (ref["respondent_mode_reliability_r1"] - 1.0 + 0.0) / 3, abs=1e-12)
    listwise = three("listwise", drop_p7_of_r1=True).result()
    assert listwise.unweighted_score == pytest.approx(ref["listwise_overall"], abs=TOL)
    assert (listwise.respondents_excluded, listwise.respondents_used) == (1, 2)
    assert listwise.missing_mode == "listwise"


def test_published_dimension_gaps():
    # SERVQUAL.md (12manage): dimension gaps (-0.65, -1.10, -0.83, -0.70, -1.01) give an
    # unweighted score of -0.858. One item per dimension and 100 respondents whose gaps are
    # -1 or 0 (or -2 / -1 for -1.10) reproduce each published dimension gap exactly.
    ref = REF["published_12manage"]
    inst = cxscore.Instrument(name="one item per dimension")
    for d, name in enumerate(DIMENSIONS):
        inst.add_dimension(name)
        inst.add_item(d + 1, name)
    e_rows, p_rows = [], []
    for k in range(100):
        e_rows.append([4] * 5)
        p_rows.append([4 - (math.floor(-g) + (k < round(100 * (-g - math.floor(-g)))))
                       for g in ref["dimension_gaps"]])
    sq = cxscore.Servqual(inst).extend(expectation=e_rows, perception=p_rows)
    assert [d.gap for d in sq.dimensions()] == pytest.approx(ref["dimension_gaps"], abs=1e-12)
    assert sq.result().unweighted_score == pytest.approx(ref["unweighted"], abs=1e-12)


def test_zone_of_tolerance_reference():
    ref = REF["three_column"]
    inst = cxscore.Instrument()
    inst.add_dimension("service")
    for i in (1, 2, 3):
        inst.add_item(i, "service")
    sq = cxscore.Servqual(inst)
    sq.add(perception=ref["perceived"], adequate=ref["adequate"], desired=ref["desired"])
    items = sq.items()
    assert [i.msa for i in items] == ref["msa"]
    assert [i.mss for i in items] == ref["mss"]
    assert [i.zone_width for i in items] == ref["zone_width"]
    positions = [("below", "within", "above")[[i.below_zone, i.within_zone,
                                               i.above_zone].index(1)] for i in items]
    assert positions == ref["position"]
    assert all(math.isnan(i.gap) for i in items)  # no expectations: no gap
    inv = ref["inversion"]
    for policy, kept in (("keep", 1), ("drop-item", 0), ("drop-respondent", 0)):
        s2 = cxscore.Servqual(inst, inversion=policy)
        s2.add(perception=[5, 5, 5], adequate=[inv["adequate"], 4, 4],
               desired=[inv["desired"], 6, 6])
        assert s2.result().inversions == 1
        assert s2.item(0).n_zone == kept
        assert s2.item(1).n_zone == (0 if policy == "drop-respondent" else 1)
    with pytest.raises(ValueError):
        cxscore.Servqual(inst, inversion="ignore")


def test_builtin_instruments():
    new, old = cxscore.Instrument.builtin(1991), cxscore.Instrument.builtin("servqual-1988")
    assert new.dimensions == old.dimensions == DIMENSIONS
    assert [i.number for i in new.items] == list(range(1, 23))
    assert [i.dimension_name for i in new.items[:4]] == ["tangibles"] * 4
    assert [i.number for i in old.items if i.reverse] == REF["reverse_1988"]
    assert not any(i.reverse for i in new.items)
    assert new.scale == (1, 7) and new.not_applicable is None
    assert new != old and len(new) == 22
    with pytest.raises(ValueError):
        cxscore.Instrument.builtin(2000)


def test_instrument_files_and_text():
    bank = cxscore.Instrument.from_file(data_path("servqual", "bank.ini"))
    assert bank.name == "Retail bank (adapted SERVQUAL)"
    assert bank.scale == (1, 5) and bank.not_applicable == 0
    assert bank.dimensions == ("tangibles", "reliability")
    assert [i.number for i in bank.items if i.reverse] == [3, 7]
    assert bank.items[0].label == "Modern-looking equipment"
    with open(data_path("servqual", "bank.ini"), "rb") as f:
        assert cxscore.Instrument.from_text(f.read()) == bank
    with pytest.raises(cxscore.ParseError) as e:
        cxscore.Instrument.from_text("[instrument]\nname = x\n\n[dimensions]\na = 1;2\nb = 2\n")
    assert e.value.line == 6 and e.value.status == -16 and "line 6" in str(e.value)
    with pytest.raises(cxscore.ReadError):
        cxscore.Instrument.from_file(data_path("servqual", "no-such-file.ini"))
    # Reverse scoring: with the bank's 1-5 scale, an answer x to item 3 counts as 6 - x.
    sq = cxscore.Servqual(bank)
    sq.add(expectation=[3, 3, 2, 3, 3, 3, 3], perception=[3, 3, 4, 3, 3, 3, 0])
    assert sq.item(2).gap == 2 - 4  # (6 - 4) - (6 - 2)
    assert sq.result().answers_not_applicable == 1


def test_custom_instrument_equal_to_builtin_gives_identical_results():
    custom = cxscore.Instrument(name="my SERVQUAL")
    for name in DIMENSIONS:
        custom.add_dimension(name)
    first = {"tangibles": 1, "reliability": 5, "responsiveness": 10, "assurance": 14,
             "empathy": 18, None: 23}
    bounds = list(first.values())
    for d, name in enumerate(DIMENSIONS):
        for number in range(bounds[d], bounds[d + 1]):
            custom.add_item(number, d, label=f"item {number}")
    assert custom == cxscore.Instrument.builtin(1991)
    e, p, w = three_respondents()
    a = cxscore.Servqual(custom).extend(expectation=e, perception=p, importance=w)
    assert a.result() == three().result()
    assert pickle.loads(pickle.dumps(custom)) == custom
    assert custom.copy().items == custom.items


def test_cells_merge_pickle_and_errors():
    e, p, w = three_respondents()
    one = three()
    # Shards merge into the one-pass result.
    shards = [cxscore.Servqual().extend(expectation=[e[i]], perception=[p[i]], importance=[w[i]])
              for i in range(3)]
    merged = shards[0] + shards[1] + shards[2]
    assert merged.result().unweighted_score == pytest.approx(one.result().unweighted_score,
                                                             abs=1e-14)
    assert merged.result().respondents == 3
    back = pickle.loads(pickle.dumps(one))
    assert back.result() == one.result() and back.items() == one.items()
    assert back.instrument == one.instrument
    # CSV cells as text: blanks missing, text rejected, numbers scored.
    cells = cxscore.Servqual()
    cells.add(expectation=[str(int(x)) for x in e[0]],
              perception=["", "N/A", "seven"] + [str(int(x)) for x in p[0][3:]])
    r = cells.result()
    assert (r.answers_missing, r.rejected_not_a_number) == (2, 1)
    assert cells.item(3).gap == p[0][3] - e[0][3]
    # Reliability of the tangibles expectations (items 1-4), against Cronbach's formula
    # computed here with the standard library: k/(k-1) * (1 - sum of item variances / variance
    # of the total).
    items = [[row[i] for row in e] for i in range(4)]
    totals = [sum(row[:4]) for row in e]
    expected = 4 / 3 * (1 - sum(statistics.variance(x) for x in items) /
                        statistics.variance(totals))
    rel = one.reliability("tangibles", "expectation")
    assert rel.alpha == pytest.approx(expected, abs=1e-12)
    assert (rel.k, rel.rows) == (4, 3)
    # Item 8's perceptions (6, 6, 6) do not vary: alpha of the reliability perceptions is
    # undefined.
    with pytest.raises(cxscore.UndefinedError) as err:
        one.reliability("reliability", "perception")
    assert err.value.result.k == 5 and err.value.result.rows == 3
    with pytest.raises(ValueError):
        one.reliability(0, "importance")
    with pytest.raises(cxscore.EmptyError) as err:
        cxscore.Servqual().result()
    assert err.value.result.respondents == 0
    with pytest.raises(cxscore.MismatchError):
        one.merge(cxscore.Servqual(missing="listwise"))
    with pytest.raises(ValueError):
        one.extend(expectation=e, perception=p[:2])
    with pytest.raises(TypeError):
        one.instrument.add_dimension("read-only")
    with pytest.raises(ValueError):
        cxscore.Servqual(cxscore.Instrument())
    with pytest.raises(KeyError):
        one.dimension("price")
    with pytest.raises(cxscore.InvalidArgumentError):
        one.item(22)
    assert cxscore.IMPORTANCE_TOLERANCE == 0.5
    assert (cxscore.INSTRUMENT_MAX_ITEMS, cxscore.INSTRUMENT_MAX_DIMENSIONS) == (256, 32)
    assert cxscore.INSTRUMENT_MAX_DEFINITION_SIZE == 1024 * 1024
    # A definition over the limit is refused before it is parsed.
    too_big = "[dimensions]\na = 1\n#" + "x" * cxscore.INSTRUMENT_MAX_DEFINITION_SIZE
    with pytest.raises(cxscore.ParseError, match="larger than"):
        cxscore.Instrument.from_text(too_big)
