# SPDX-License-Identifier: MIT
"""Where the tests find the source tree and the reference values (tests/data/, data/)."""
import csv
import dataclasses
import fractions
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
DATA = os.path.join(SOURCE_ROOT, "tests", "data")

with open(os.path.join(HERE, "data", "reference.json")) as _f:
    REFERENCE = json.load(_f)


def number(v):
    """A reference value: a JSON number, or a fraction written as text ("1/3")."""
    return float(fractions.Fraction(v)) if isinstance(v, str) else v


def data_path(*parts):
    return os.path.join(DATA, *parts)


def three_respondents():
    """The three respondents of tests/data/reference/SERVQUAL.md: (expectations, perceptions,
    importance) row lists."""
    with open(data_path("servqual", "three-respondents.csv")) as f:
        rows = [[float(x) for x in line.split(",")] for line in f if not line.startswith("#")]
    return [r[:22] for r in rows], [r[22:44] for r in rows], [r[44:] for r in rows]


def alpha_table(name):
    """A reliability data set of tests/data/alpha/: rows of floats, None for blanks."""
    with open(data_path("alpha", name)) as f:
        rows = list(csv.reader(f))[1:]
    return [[float(c) if c else None for c in row] for row in rows]


def assert_same_figures(a, b, tol=1e-12):
    """Two results of one kind agree: counts exactly, figures within tol (merging is exact in
    counts and equal to one pass up to rounding)."""
    assert type(a) is type(b)
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        for u, v in zip(x, y) if isinstance(x, tuple) else [(x, y)]:
            if isinstance(u, float):
                assert (math.isnan(u) and math.isnan(v)) or abs(u - v) <= tol * max(1, abs(v)), \
                    f"{f.name}: {u!r} != {v!r}"
            else:
                assert u == v, f"{f.name}: {u!r} != {v!r}"
