# SPDX-License-Identifier: MIT
"""Driver analysis through Python: LOYALTY.md's 12-respondent vector (data/reference.json), the
Johnson weights the R package rwa publishes for mtcars, and every figure base R computes for
tests/data/drivers/ (expected-r.txt; the data and the R script are described in its README)."""
import csv
import math
import pickle
import random

import pytest

import cxscore
from refdata import REFERENCE, assert_same_figures, data_path

# expected-r.txt labels -> (Driver field, or DriversResult fields)
PER_PREDICTOR = {"n per predictor": "n", "n_eff per predictor": "n_eff", "mean": "mean",
                 "sd": "sd", "pearson": "r", "p": "r_p_value", "ci lower": "r_ci_lower",
                 "ci upper": "r_ci_upper", "spearman": "rho", "beta": "beta",
                 "relative weight": "relative_weight", "percent of R2": "relative_weight_pct"}
MODEL = {"model n, n_eff": ("n", "n_eff"), "R2, adj R2": ("r_squared", "adj_r_squared"),
         "F, df2, p": ("f", "df2", "f_p_value"), "lm F (check)": ("f",)}


def read_table(name):
    with open(data_path("drivers", name)) as f:
        return [{k: (float(v) if v != "" else None) for k, v in row.items()}
                for row in csv.DictReader(f)]


def expected_blocks():
    blocks, current = {}, None
    with open(data_path("drivers", "expected-r.txt")) as f:
        for line in f:
            if line.startswith("=="):
                current = blocks.setdefault(line.strip("= \n"), {})
            elif line.strip():
                label, values = line[:34].strip(), line[34:].split()
                current[label] = [float(v) for v in values]
    return blocks


def accumulate(name, predictors, outcome, weight=None):
    rows = read_table(name)
    acc = cxscore.Drivers(len(predictors))
    acc.extend([[r[p] for p in predictors] for r in rows], [r[outcome] for r in rows],
               None if weight is None else [r[weight] for r in rows])
    return acc


def close(actual, expected):
    # R prints 15 significant digits: 1e-12 relative, as tests/test-drivers.c.
    return abs(actual - expected) <= 1e-12 * abs(expected) + 1e-14


@pytest.mark.parametrize("block", list(expected_blocks()))
def test_base_r_figures(block):
    expected = expected_blocks()[block]
    words = block.split()
    name = words[0]
    missing = "pairwise" if "pairwise" in words else "listwise"
    level = float(words[-1]) if "level" in words else 0.95
    if name == "loyalty-vector":
        acc = accumulate("loyalty-vector.csv", ["x1", "x2", "x3"], "y")
    elif name == "mtcars":
        acc = accumulate("mtcars.csv", ["cyl", "disp", "hp", "wt"], "mpg")
    else:
        acc = accumulate("touchpoints.csv", ["tp_a", "tp_b", "tp_c", "tp_d"], "y",
                         "w" if "weighted" in words else None)
    model = acc.result(missing, level)
    preds = acc.predictors(missing, level)
    assert model.missing_mode == missing and model.level == level
    for label, values in expected.items():
        if label in PER_PREDICTOR:
            field = PER_PREDICTOR[label]
            actual = [getattr(p, field) for p in preds]
        else:
            fields = MODEL[label]
            actual = [getattr(model, f) for f in fields]
        assert all(close(a, e) for a, e in zip(actual, values)), (label, actual, values)
        assert len(actual) == len(values)


def test_loyalty_vector_reference():
    # LOYALTY.md prints 12 decimals: 1e-12 (5e-10 for the percentages), as test-drivers.c.
    ref = REFERENCE["loyalty"]["drivers"]
    rows = read_table("loyalty-vector.csv")
    model, preds = cxscore.drivers([[r["x1"], r["x2"], r["x3"]] for r in rows],
                                   [r["y"] for r in rows])
    assert model.r_squared == pytest.approx(ref["r_squared"], abs=1e-12)
    for field, key, tol in (("r", "pearson", 1e-12), ("rho", "spearman", 1e-12),
                            ("beta", "beta", 1e-12), ("relative_weight", "relative_weight", 1e-12),
                            ("relative_weight_pct", "percent", 5e-10)):
        assert [getattr(p, field) for p in preds] == pytest.approx(ref[key], abs=tol)
    assert sum(p.relative_weight for p in preds) == pytest.approx(model.r_squared, abs=1e-14)
    assert [p.rank for p in preds] == [2, 3, 1]


def test_mtcars_published_relative_weights():
    # tests/data/drivers/README.md: rwa's documentation publishes raw 0.2096904, 0.1883043,
    # 0.1799590, 0.2706812 and rescaled 24.70914, 22.18908, 21.20570, 31.89607 (7 digits).
    acc = accumulate("mtcars.csv", ["cyl", "disp", "hp", "wt"], "mpg")
    preds = acc.predictors()
    assert [p.relative_weight for p in preds] == pytest.approx(
        [0.2096904, 0.1883043, 0.1799590, 0.2706812], abs=5e-8)
    assert [p.relative_weight_pct for p in preds] == pytest.approx(
        [24.70914, 22.18908, 21.20570, 31.89607], abs=5e-6)


def test_accumulator_behaviour():
    rows = read_table("touchpoints.csv")
    x = [[r[c] for c in ("tp_a", "tp_b", "tp_c", "tp_d")] for r in rows]
    y = [r["y"] for r in rows]
    whole = cxscore.Drivers(4).extend(x, y)
    halves = cxscore.Drivers(4).extend(x[:25], y[:25]) + cxscore.Drivers(4).extend(x[25:], y[25:])
    for mode in ("listwise", "pairwise"):
        assert_same_figures(halves.result(mode), whole.result(mode))
        for a, b in zip(halves.predictors(mode), whole.predictors(mode)):
            assert_same_figures(a, b)
    one = cxscore.Drivers(4)
    for xi, yi in zip(x, y):
        one.add(xi, yi)
    assert_same_figures(one.result(), whole.result(), tol=1e-13)
    c = whole.copy().add([5, 5, "n/a", "five"], 9).add([1, 2, 3, 4], 7, weight=-1)
    r = c.result()
    assert r.rows == whole.result().rows + 2 and r.rows_weight_negative == 1
    assert c.predictor(3).rejected == whole.predictor(3).rejected + 1
    assert c.predictor(2).missing == whole.predictor(2).missing + 1
    with pytest.raises(cxscore.EmptyError) as e:
        c.reset().result()
    assert e.value.result.rows == 0 and e.value.result.k == 4
    # A predictor without variance: the regression is undefined, the other correlations stay.
    flat = cxscore.Drivers(2).extend([[3, v] for v in (1, 4, 2, 5, 3, 6)], [1, 5, 2, 6, 3, 8])
    with pytest.raises(cxscore.UndefinedError) as e:
        flat.result()
    assert e.value.result.singular_predictor == 0
    assert math.isnan(flat.predictor(0).r) and flat.predictor(1).r > 0.9
    assert flat.predictor(1).rank == 0
    with pytest.raises(cxscore.MismatchError):
        whole.merge(cxscore.Drivers(3))
    with pytest.raises(ValueError):
        cxscore.Drivers(cxscore.DRIVERS_MAX_PREDICTORS + 1)
    with pytest.raises(ValueError):
        whole.extend(x[:3], y[:2])
    with pytest.raises(cxscore.InvalidArgumentError):
        whole.predictor(4)
    assert cxscore.DRIVERS_MAX_DISTINCT == 4096


def touchpoints():
    rows = read_table("touchpoints.csv")
    return ([[r[c] for c in ("tp_a", "tp_b", "tp_c", "tp_d")] for r in rows],
            [r["y"] for r in rows], [r["w"] for r in rows])


def test_pickle_round_trip():
    x, y, w = touchpoints()
    acc = cxscore.Drivers(4).extend(x, y, w).add([1, None, "n/a", 3], 7).add([1, 2, 3, 4], 5, -1)
    back = pickle.loads(pickle.dumps(acc))
    assert type(back) is cxscore.Drivers and back.k == 4
    for mode in ("listwise", "pairwise"):
        assert back.result(mode) == acc.result(mode)
        assert back.predictors(mode) == acc.predictors(mode)
    assert back.to_bytes() == acc.to_bytes()
    assert cxscore.Drivers.from_bytes(acc.to_bytes()).to_bytes() == acc.to_bytes()
    assert pickle.loads(pickle.dumps(cxscore.Drivers(2))).k == 2
    with pytest.raises(cxscore.CorruptError):
        cxscore.Drivers.from_bytes(acc.to_bytes()[:-1])
    with pytest.raises(cxscore.CorruptError):
        cxscore.Drivers.from_bytes(cxscore.Nps([9]).to_bytes())


@pytest.mark.parametrize("k", [1, 2, 5])
def test_pickled_shards_merge_to_one_pass(k):
    x, y, w = touchpoints()
    one = cxscore.Drivers(4).extend(x, y, w)
    rng = random.Random(k)
    shards = [cxscore.Drivers(4) for _ in range(k)]
    for row in zip(x, y, w):
        shards[rng.randrange(k)].add(*row)
    merged = cxscore.Drivers(4)
    for shard in shards:
        merged.merge(pickle.loads(pickle.dumps(shard)))
    direct = sum(shards[1:], shards[0].copy())
    assert merged.to_bytes() == direct.to_bytes()
    for mode in ("listwise", "pairwise"):
        assert_same_figures(merged.result(mode), one.result(mode))
        for a, b in zip(merged.predictors(mode), one.predictors(mode)):
            assert_same_figures(a, b)
