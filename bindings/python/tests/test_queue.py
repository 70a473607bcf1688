# SPDX-License-Identifier: MIT
"""The follow-up queue and row rules against tests/data/queue (pandas, make.py)."""
import csv
import os
import random

import pytest

import cxscore

from refdata import DATA

QUEUE = os.path.join(DATA, "queue")
needs_data = pytest.mark.skipif(not os.path.isdir(QUEUE), reason="needs the source tree")


def test_priority_by_hand():
    assert cxscore.priority(1000, 36 * 3600) == 2500
    assert cxscore.priority(400, 43200, scale=43200) == cxscore.priority(800, 0, scale=43200)
    with pytest.raises(cxscore.InvalidArgumentError):
        cxscore.priority(-1, 0)


@needs_data
def test_queue_order_matches_pandas():
    with open(os.path.join(QUEUE, "expected-nps.csv")) as f:
        rows = list(csv.DictReader(f))
    shuffled = rows[:]
    random.Random(1).shuffle(shuffled)
    q = cxscore.Queue(10)
    shards = [cxscore.Queue(10), cxscore.Queue(10)]
    for i, r in enumerate(shuffled):
        p = cxscore.priority(float(r["value"]), float(r["waited_hours"]) * 3600)
        assert p == pytest.approx(float(r["priority"]), rel=1e-9)
        q.push(p, int(r["line"]), r["response_id"])
        shards[i % 2].push(p, int(r["line"]), r["response_id"])
    want = [r["response_id"].encode() for r in rows[:10]]
    assert [item for _, _, item in q.items()] == want
    merged = shards[0] + shards[1]
    assert merged.items() == q.items()
    assert len(q) == 10 and q.offered == len(rows)
    with pytest.raises(cxscore.MismatchError):
        q.merge(cxscore.Queue(3))
    import pickle
    assert pickle.loads(pickle.dumps(q)).items() == q.items()
    assert cxscore.Queue.from_bytes(merged.to_bytes()).to_bytes() == q.to_bytes()


@needs_data
def test_rules_match_pandas():
    with open(os.path.join(QUEUE, "rules.txt")) as f:
        rules = cxscore.RowRules(f.read())
    assert rules.lines == [3, 5, 6, 7]
    with open(os.path.join(QUEUE, "survey.csv"), newline="") as f:
        got = [(line, rules.lines[k]) for line, row in enumerate(csv.DictReader(f), 2)
               if (k := rules.match(row)) is not None]
    with open(os.path.join(QUEUE, "expected-rules.csv")) as f:
        want = [(int(r["line"]), int(r["rule_line"])) for r in csv.DictReader(f)]
    assert got == want


def test_rules_errors_name_line_and_column():
    with pytest.raises(cxscore.ParseError) as e:
        cxscore.RowRules("a = 1\nscore <= 6 or channel = phone")
    assert (e.value.line, e.value.column) == (2, 12)
    assert "'or'" in e.value.detail
    r = cxscore.RowRules("score <= 6 and channel = 'phone'")
    assert r.fields == ["score", "channel"]
    assert r.match({"score": "3", "channel": "phone"}) == 0
    assert r.match(["7", "phone"]) is None
    with pytest.raises(ValueError):
        r.match(["3"])
