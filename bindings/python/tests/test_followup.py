# SPDX-License-Identifier: MIT
"""Follow-up logs through Python against tests/data/followup/expected.txt (pandas, from the
header's rules: tests/data/followup/make.py), log.csv read with Python's csv module."""
import csv
import math
import pickle

import pytest

import cxscore
from refdata import data_path

NOW = "2026-03-01T00:00:00Z"


def expected():
    """({reason: (count, first line)}, {(section, sla): {field: value}})."""
    rejected, sections, current = {}, {}, None
    with open(data_path("followup", "expected.txt")) as f:
        for line in f:
            w = line.split()
            if not w or w[0].startswith("#"):
                continue
            if w[0] == "rejected":
                rejected[w[1]] = (int(w[2]), int(w[3]))
            elif w[0] == "==":
                current = sections.setdefault((w[1], float(w[3])), {})
            else:
                current[w[0]] = float(w[1])
    return rejected, sections


def load(rows=None):
    f = cxscore.Followup(NOW)
    with open(data_path("followup", "log.csv"), newline="") as fp:
        for i, row in enumerate(csv.DictReader(fp)):
            if rows is not None and i not in rows:
                continue
            f.add(row["response_id"], row["alerted_at"], row["first_contact_at"],
                  row["closed_at"], row["outcome"], group=row["owner"],
                  score_before=row["score_before"], score_after=row["score_after"],
                  line=i + 2)
    return f


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-9, abs=1e-12)


def check(f):
    rejected, sections = expected()
    assert f.rejections == rejected
    for (name, sla), fields in sections.items():
        group = None if name == "all" else name[len("group:"):]
        r = f.result(sla=sla, group=group)
        for k, v in fields.items():
            assert same(float(getattr(r, k)), v), (name, sla, k, getattr(r, k), v)


def test_log_matches_pandas():
    f = load()
    check(f)
    assert f.groups == ["ana", "bo", "chen"]


def test_shards_pickled_and_merged_match():
    parts = [load(set(range(k, 300, 3))) for k in range(3)]
    merged = pickle.loads(pickle.dumps(parts[0]))
    for p in parts[1:]:
        merged += pickle.loads(pickle.dumps(p))
    check(merged)
    assert merged.copy().result() == merged.result()


def test_rejections_and_outcomes():
    f = cxscore.Followup(1000)
    assert f.add("a", 10, 5) == "out_of_order"
    assert f.add("a", 10, "not a time") == "bad_time"
    assert f.add("a", 10, 20, 30, "maybe") == "unknown_outcome"
    assert f.add("a", 10, 20, None, "resolved") == "inconsistent"
    assert f.add("a", 2000) == "future"
    assert f.add("a", 10, score_before=11) == "bad_score"
    assert f.add("a", 10, line=7) is None
    assert f.add("a", 10, line=8) == "duplicate"
    assert f.rejections["duplicate"] == (1, 8)
    assert cxscore.parse_outcome(" Resolved ") == "resolved"
    assert cxscore.parse_outcome("") == "open"
    with pytest.raises(ValueError):
        cxscore.parse_outcome("done")
    with pytest.raises(cxscore.MismatchError):
        f.merge(cxscore.Followup(999))
    f.reset()
    with pytest.raises(cxscore.EmptyError) as e:
        f.result()
    assert e.value.result.alerts == 0
