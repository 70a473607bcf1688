# SPDX-License-Identifier: MIT
"""The Python binding reproduces the reference figures (../shared/reference/NPS.md, copied to
tests/data/nps-vectors.csv; SERVQUAL.md's reliability vectors via tests/data/alpha/)."""
import array
import csv
import math
import os
import pickle

import pytest

import cxscore

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests", "data")


def vectors():
    with open(os.path.join(DATA, "nps-vectors.csv")) as f:
        rows = [line for line in f if not line.startswith("#")]
    return [{k: float(v) for k, v in row.items()} for row in csv.DictReader(rows)]


def answers(d, pa, p):
    return [0] * int(d) + [7] * int(pa) + [10] * int(p)


@pytest.mark.parametrize("v", vectors(), ids=lambda v: f"{v['detractors']:.0f},"
                         f"{v['passives']:.0f},{v['promoters']:.0f}")
def test_reference_vectors(v):
    a = answers(v["detractors"], v["passives"], v["promoters"])
    for method, lo, hi in (("wald", "wald_lo", "wald_hi"), ("adjusted-wald", "adj_lo", "adj_hi"),
                           ("tango", "tango_lo", "tango_hi")):
        r = cxscore.nps(a, method=method)
        assert r.nps == pytest.approx(100 * v["nps"], abs=1e-7)
        assert r.se == pytest.approx(100 * v["se"], abs=1e-7)
        assert r.ci_lower == pytest.approx(100 * v[lo], abs=1e-7)
        assert r.ci_upper == pytest.approx(100 * v[hi], abs=1e-7)
        assert r.method == method and r.level == 0.95


def test_weighted_reference():
    # NPS.md: NPS_w 7/29, n_eff 5.496732026144, SE_w 0.329535022969, Wald -0.404497466319,
    # 0.887256087009.
    r = cxscore.nps([10, 9, 8, 6, 0, 7, 10], weights=[1, 2, 1, 1, 0.5, 1.5, 0.25], method="wald")
    assert r.nps == pytest.approx(100 * 7 / 29, abs=1e-10)
    assert r.n_eff == pytest.approx(5.496732026144, abs=1e-11)
    assert r.se == pytest.approx(32.9535022969, abs=1e-7)
    assert (r.ci_lower, r.ci_upper) == pytest.approx((-40.4497466319, 88.7256087009), abs=1e-7)


def test_two_sample_and_sample_size():
    c = cxscore.compare(answers(10, 15, 25), answers(100, 200, 700))
    assert c.diff == pytest.approx(-30.0, abs=1e-10)
    assert c.z == pytest.approx(-2.668380251118, abs=1e-9)
    assert c.p_value == pytest.approx(0.007621794284, abs=1e-11)
    assert (c.ci_lower, c.ci_upper) == pytest.approx((-52.0354349840, -7.9645650160), abs=1e-7)
    assert cxscore.sample_size(5) == 1537
    assert cxscore.sample_size(5, promoters=0.5, detractors=0.2) == 938


def test_rejections_and_missing_are_counted():
    n = cxscore.Nps()
    for s in (11, -1, "7a", "6.5", "N/A", "", None, " 8 ", 6.5, math.nan, 9):
        n.add(s)
    n.add(10, weight=-1)
    n.add(10, weight=math.inf)
    r = n.result()
    assert r.n == 2
    assert r.missing == 4
    assert (r.rejected_out_of_range, r.rejected_not_integer, r.rejected_not_a_number) == (2, 2, 1)
    assert (r.rejected_weight_negative, r.rejected_weight_invalid) == (1, 1)
    assert r.counts[8] == 1 and r.counts[9] == 1


def test_errors_carry_status():
    with pytest.raises(cxscore.EmptyError) as e:
        cxscore.nps([])
    assert e.value.status == -3 and e.value.name == "CX_E_EMPTY"
    with pytest.raises(cxscore.Error):
        cxscore.nps([9], method="bogus")
    with pytest.raises(cxscore.Error):
        cxscore.nps([9], level=1.5)
    with pytest.raises(cxscore.CorruptError):
        cxscore.Nps.from_bytes(b"CXNP\x01\x00\x00\x00garbage")
    with pytest.raises(cxscore.VersionError):
        cxscore.Nps.from_bytes(b"CXNP\x09\x00\x00\x00")


def test_merge_copy_pickle():
    a, b = cxscore.Nps([10, 9, 0]), cxscore.Nps([7, 8, 3, 10])
    whole = cxscore.Nps([10, 9, 0, 7, 8, 3, 10])
    assert (a + b).result() == whole.result()
    c = a.copy()
    c.add(0)
    assert a.result().n == 3 and c.result().n == 4
    back = pickle.loads(pickle.dumps(whole))
    assert back.result() == whole.result()
    assert cxscore.Nps.from_bytes(whole.to_bytes()).to_bytes() == whole.to_bytes()


def test_buffers_without_copy():
    a = array.array("B", [10, 9, 8, 0, 255])
    assert cxscore.nps(a).rejected_out_of_range == 1
    i = array.array("i", [10, 9, -3])
    assert cxscore.nps(i).n == 2
    d = array.array("d", [10.0, 6.5, math.nan])
    r = cxscore.nps(d)
    assert (r.n, r.rejected_not_integer, r.missing) == (1, 1, 1)
    np = pytest.importorskip("numpy")
    scores = np.array([10, 9, 8, 6, 0, 7, 10], dtype=np.uint8)
    weights = np.array([1, 2, 1, 1, 0.5, 1.5, 0.25])
    assert cxscore.nps(scores, weights).nps == pytest.approx(100 * 7 / 29)
    assert cxscore.nps(np.array([10, 3], dtype=np.int32)).nps == 0.0


def read_table(name):
    with open(os.path.join(DATA, "alpha", name)) as f:
        rows = list(csv.reader(f))[1:]
    return [[float(c) if c else None for c in row] for row in rows]


def test_alpha_matches_psych():
    # psych 2.2.9 (tests/data/alpha/psych-alpha.R): raw_alpha 0.673726676752395, Feldt
    # 0.141622004343895 0.90897540324887; r.drop of X1 0.547185809892288.
    a = cxscore.Alpha(4).extend(read_table("thinkdeeply.csv"))
    r = a.result()
    assert r.alpha == pytest.approx(0.673726676752395, abs=1e-12)
    assert (r.ci_lower, r.ci_upper) == pytest.approx((0.141622004343895, 0.90897540324887),
                                                     abs=1e-12)
    assert a.item(0).r_drop == pytest.approx(0.547185809892288, abs=1e-12)
    missing = read_table("cronbach_wide_missing.csv")
    assert cxscore.alpha(missing).alpha == pytest.approx(0.732660835214447, abs=1e-12)
    listwise = cxscore.alpha(missing, missing="listwise")
    assert listwise.alpha == pytest.approx(0.8016949152542373, abs=1e-12)
    assert listwise.n == 9 and listwise.missing_mode == "listwise"
    assert pickle.loads(pickle.dumps(a)).result() == r
    with pytest.raises(cxscore.UndefinedError):
        cxscore.alpha([[1, 1], [1, 1]])


def test_version():
    assert cxscore.library_version().split(".")[0] == str(cxscore.MAJOR)
