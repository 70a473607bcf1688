# SPDX-License-Identifier: MIT
"""NPS through Python against tests/data/reference/NPS.md (copied to tests/data/nps-vectors.csv
and data/reference.json, section "nps")."""
import array
import copy
import csv
import math
import pickle

import pytest

import cxscore
from refdata import REFERENCE, data_path, number

REF = REFERENCE["nps"]


def crc32c(data):
    """CRC-32C (RFC 3720), bit by bit: the checksum that ends a serialized state."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def vectors():
    with open(data_path("nps-vectors.csv")) as f:
        rows = [line for line in f if not line.startswith("#")]
    return [{k: float(v) for k, v in row.items()} for row in csv.DictReader(rows)]


def answers(d, pa, p):
    return [0] * int(d) + [7] * int(pa) + [10] * int(p)


@pytest.mark.parametrize("v", vectors(), ids=lambda v: f"{v['detractors']:.0f},"
                         f"{v['passives']:.0f},{v['promoters']:.0f}")
def test_reference_vectors(v):
    # NPS.md's table (12 decimals; "test Tango at 1e-9"): 1e-9 as a proportion is 1e-7 points.
    a = answers(v["detractors"], v["passives"], v["promoters"])
    for method, lo, hi in (("wald", "wald_lo", "wald_hi"), ("adjusted-wald", "adj_lo", "adj_hi"),
                           ("tango", "tango_lo", "tango_hi")):
        r = cxscore.nps(a, method=method)
        assert r.nps == pytest.approx(100 * v["nps"], abs=1e-7)
        assert r.se == pytest.approx(100 * v["se"], abs=1e-7)
        assert r.ci_lower == pytest.approx(100 * v[lo], abs=1e-7)
        assert r.ci_upper == pytest.approx(100 * v[hi], abs=1e-7)
        assert r.method == method and r.level == 0.95
        assert (r.detractors, r.passives, r.promoters) == (v["detractors"], v["passives"],
                                                           v["promoters"])


def test_variance_and_small_sample():
    assert cxscore.nps(answers(362, 176, 462)).variance == pytest.approx(
        REF["variance_362_176_462"], abs=1e-15)
    small = REF["answers_0_7_7_9_9_9"]
    r = cxscore.nps(small["answers"])
    assert r.nps == pytest.approx(100 * number(small["nps"]), abs=1e-13)
    assert r.variance == pytest.approx(number(small["variance"]), abs=1e-15)


def test_tango_at_90_percent():
    t = REF["tango_90_10_15_25"]
    r = cxscore.nps(answers(10, 15, 25), level=t["level"], method="TANGO")
    assert (r.ci_lower, r.ci_upper) == pytest.approx((100 * t["lower"], 100 * t["upper"]),
                                                     abs=1e-7)
    assert r.method == "tango"  # names are canonicalized


def test_weighted_reference():
    w = REF["weighted"]
    r = cxscore.nps(w["answers"], weights=w["weights"], method="wald")
    assert r.nps == pytest.approx(100 * w["nps"], abs=1e-10)
    assert r.nps == pytest.approx(100 * 7 / 29, abs=1e-12)
    assert r.variance == pytest.approx(w["variance"], abs=1e-12)
    assert r.n_eff == pytest.approx(w["n_eff"], abs=1e-11)
    assert r.se == pytest.approx(100 * w["se"], abs=1e-9)
    assert (r.ci_lower, r.ci_upper) == pytest.approx(tuple(100 * x for x in w["wald"]), abs=1e-9)
    # All-ones weights give exactly the unweighted figures (NPS.md).
    ones = cxscore.nps(w["answers"], weights=[1.0] * len(w["answers"]))
    assert ones == cxscore.nps(w["answers"])


def test_two_sample_and_sample_size():
    t = REF["two_sample"]
    c = cxscore.compare(answers(*t["segment"]), answers(*t["baseline"]))
    assert c.diff == pytest.approx(100 * t["diff"], abs=1e-10)
    assert c.se == pytest.approx(100 * t["se"], abs=1e-9)
    assert c.z == pytest.approx(t["z"], abs=1e-11)
    assert c.p_value == pytest.approx(t["p"], abs=1e-12)
    assert (c.ci_lower, c.ci_upper) == pytest.approx(tuple(100 * x for x in t["ci"]), abs=1e-9)
    # The same through accumulators, and the sign is segment minus baseline.
    seg, base = cxscore.Nps(answers(*t["segment"])), cxscore.Nps(answers(*t["baseline"]))
    assert seg.compare(base) == c
    assert base.compare(seg).diff == pytest.approx(-c.diff)
    s = REF["sample_size"]
    assert cxscore.sample_size(100 * s["margin"]) == s["worst_case"]
    assert cxscore.sample_size(100 * s["margin"], promoters=s["p"],
                               detractors=s["d"]) == s["planned"]


def test_categories_and_constants():
    assert (cxscore.PROMOTER_MIN, cxscore.DETRACTOR_MAX) == (9, 6)
    assert [cxscore.nps_category(s) for s in (0, 6, 7, 8, 9, 10)] == [-1, -1, 0, 0, 1, 1]
    with pytest.raises(cxscore.InvalidArgumentError):
        cxscore.nps_category(11)


def test_rejections_and_missing_are_counted():
    # NPS.md: 6.5, 11, -1, 7a are rejected by reason; blank, NA, N/A, - are missing.
    n = cxscore.Nps()
    for s in (11, -1, "7a", "6.5", "N/A", "", None, " 8 ", 6.5, math.nan, 9, "-", "NA"):
        n.add(s)
    n.add(10, weight=-1)
    n.add(10, weight=math.inf)
    n.add(2**40)
    r = n.result()
    assert r.n == 2
    assert r.missing == 6
    assert (r.rejected_out_of_range, r.rejected_not_integer, r.rejected_not_a_number) == (3, 2, 1)
    assert (r.rejected_weight_negative, r.rejected_weight_invalid) == (1, 1)
    assert r.rejected == 8
    assert r.counts[8] == 1 and r.counts[9] == 1 and len(r.counts) == 11
    # A list of CSV cells goes through the same rules, with weights alongside.
    cells = cxscore.nps(["10", "9", "", "7a", "6"], weights=[1, 1, 1, 1, 2])
    assert (cells.n, cells.missing, cells.rejected_not_a_number) == (3, 1, 1)
    assert cells.nps == pytest.approx(0.0)
    n.add_missing(5)
    assert n.result().missing == 11
    # Counts already tallied: the same as adding each answer.
    tallied = cxscore.Nps().add_counts([1, 0, 0, 0, 0, 0, 0, 2, 0, 0, 3])
    each = cxscore.Nps()
    for s in [0, 7, 7, 10, 10, 10]:
        each.add(s)
    assert tallied.result() == each.result()
    with pytest.raises(ValueError):
        cxscore.Nps().add_counts([1, 2, 3])


def test_errors_carry_status():
    with pytest.raises(cxscore.EmptyError) as e:
        cxscore.nps([None, "N/A", 11])
    err = e.value
    assert err.status == -3 and err.name == "CX_E_EMPTY" and err.status == err.status_code
    assert "CX_E_EMPTY" in str(err) and err.message in str(err)
    # The counts are still there.
    assert (err.result.missing, err.result.rejected, err.result.n) == (2, 1, 0)
    assert math.isnan(err.result.nps)
    with pytest.raises(cxscore.InvalidArgumentError) as e:
        cxscore.nps([9], method="bogus")
    assert "bogus" in str(e.value) and isinstance(e.value, ValueError)
    with pytest.raises(cxscore.InvalidArgumentError):
        cxscore.nps([9], level=1.5)
    with pytest.raises(cxscore.CorruptError):
        cxscore.Nps.from_bytes(b"CXNP\x01\x00\x00\x00garbage")
    with pytest.raises(cxscore.CorruptError):  # the version changed, the checksum did not
        cxscore.Nps.from_bytes(b"CXNP\x09" + cxscore.Nps([9]).to_bytes()[5:])
    with pytest.raises(cxscore.VersionError):
        newer = b"CXNP\x09" + cxscore.Nps([9]).to_bytes()[5:-4]
        cxscore.Nps.from_bytes(newer + crc32c(newer).to_bytes(4, "little"))
    with pytest.raises(cxscore.CorruptError):
        cxscore.Nps.from_bytes(cxscore.Nps([9, 10]).to_bytes()[:-3])
    with pytest.raises(ValueError):
        cxscore.nps([9, 10], weights=[1.0])


def test_merge_copy_pickle():
    a, b = cxscore.Nps([10, 9, 0]), cxscore.Nps([7, 8, 3, 10])
    whole = cxscore.Nps([10, 9, 0, 7, 8, 3, 10])
    assert (a + b).result() == whole.result()
    assert a.result().n == 3  # + leaves both operands alone
    c = a.copy()
    c.add(0)
    assert a.result().n == 3 and c.result().n == 4
    assert copy.deepcopy(a).result() == a.result()
    c += b
    assert c.result().n == 8
    a.merge(a)  # merging with itself doubles
    assert a.result().counts[10] == 2
    back = pickle.loads(pickle.dumps(whole))
    assert back.result() == whole.result()
    assert cxscore.Nps.from_bytes(whole.to_bytes()).to_bytes() == whole.to_bytes()
    assert whole.reset().to_bytes() == cxscore.Nps().to_bytes()
    with pytest.raises(TypeError):
        a.merge(cxscore.Rating.csat())
    with pytest.raises(TypeError):
        a + 1  # noqa: B018


def test_buffers():
    a = array.array("B", [10, 9, 8, 0, 255])
    assert cxscore.nps(a).rejected_out_of_range == 1
    i = array.array("i", [10, 9, -3])
    assert cxscore.nps(i).n == 2
    d = array.array("d", [10.0, 6.5, math.nan])
    r = cxscore.nps(d)
    assert (r.n, r.rejected_not_integer, r.missing) == (1, 1, 1)
    assert cxscore.nps(bytes([10, 9, 0])).n == 3
    # Element types C has no function for are converted, with the same result.
    assert cxscore.nps(array.array("h", [10, 9, 0, 7])) == cxscore.nps([10, 9, 0, 7])
    np = pytest.importorskip("numpy")
    scores = np.array([10, 9, 8, 6, 0, 7, 10], dtype=np.uint8)
    weights = np.array([1, 2, 1, 1, 0.5, 1.5, 0.25])
    assert cxscore.nps(scores, weights).nps == pytest.approx(100 * 7 / 29)
    assert cxscore.nps(np.array([10, 3], dtype=np.int32)).nps == 0.0
    assert cxscore.nps(np.array([10, 3], dtype=np.int64)).nps == 0.0
    assert cxscore.nps(np.array([10, 3, 9, 9], dtype=">i4")).nps == 50.0
    assert cxscore.nps(np.arange(11, dtype=np.uint8)[::2]).counts == (1, 0, 1, 0, 1, 0, 1, 0, 1,
                                                                       0, 1)
