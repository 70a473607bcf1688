# SPDX-License-Identifier: MIT
"""Periods, activity-log retention and the comparisons of two results, through Python, against
the reference files the C tests use: tests/data/periods/ (Python's datetime),
tests/data/retention/ (base R), tests/data/rating-compare/ and tests/data/loyalty-compare/ (R's
t.test and prop.test); each directory's script names how its values were computed."""
import csv
import datetime
import pickle

import pytest

import cxscore
from refdata import REFERENCE, data_path


def expected_lines(*path):
    with open(data_path(*path)) as f:
        return [line.split() for line in f if line.strip()]


def test_periods_match_python_datetime():
    with open(data_path("periods", "periods.csv")) as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 200
    for row in rows:
        date = row["date"]
        assert cxscore.period_from_date(date, "day") == int(row["days"])
        week = cxscore.period_from_date(date, "week")
        assert cxscore.period_label(week, "week") == row["week"]
        for unit in ("month", "quarter"):
            assert cxscore.period_label(cxscore.period_from_date(date, unit), unit) == row[unit]
        assert cxscore.period_label(int(row["days"]), "day") == date
    # Dates as objects, timestamps, and consecutive numbering.
    q1 = cxscore.period_from_date(datetime.date(2026, 3, 31), "QUARTER")
    assert q1 + 1 == cxscore.period_from_date("2026-04-01T09:00", "quarter")
    assert cxscore.period_label(cxscore.period_from_date(datetime.datetime(2026, 12, 31, 23),
                                                         "year"), "year") == "2026"
    with pytest.raises(cxscore.ParseError):
        cxscore.period_from_date("2026-02-30")
    with pytest.raises(cxscore.InvalidArgumentError):
        cxscore.period_from_date("2026-02-03", "fortnight")


def load_log():
    events = []
    with open(data_path("retention", "log.csv")) as f:
        for row in csv.DictReader(f):
            amount = float(row["amount"]) if row["amount"] else None
            events.append((row["customer"], int(row["period"]), amount))
    return events


def test_retention_log_reference():
    lines = expected_lines("retention", "expected.txt")
    per_period = [line[0].split(",") for line in lines[1:7]]
    cohorts = [list(map(int, line)) for line in lines[8:14]]
    totals = lines[14]
    pooled = lines[15]
    revenue = float(lines[16][1])

    log = cxscore.Retention().extend(load_log())
    periods = log.periods()
    assert [p.period for p in periods] == [1, 2, 3, 4, 5, 6]
    for p, row in zip(periods, per_period):
        counts = (p.period, p.active, p.new_customers, p.retained, p.returning, p.churned,
                  p.previous_active)
        assert counts == tuple(int(x) for x in row[:7])
        assert p.revenue == pytest.approx(float(row[7]), abs=1e-12)
        assert p.revenue_at_risk == pytest.approx(float(row[8]), abs=1e-12)
    table = log.cohorts()
    assert table.first == 1
    assert [[first, size, *active] for first, size, active in
            zip(range(1, 7), table.sizes, table.active)] == cohorts
    s = log.summary()
    assert (s.customers, s.events, s.repeat_customers) == (int(totals[1]), int(totals[3]),
                                                           int(totals[5]))
    assert (s.retained, s.at_risk) == (int(pooled[2]), int(pooled[4]))
    assert s.retention == pytest.approx(float(pooled[6]), abs=1e-12)
    assert (s.retention_ci_lower, s.retention_ci_upper) == pytest.approx(
        (float(pooled[8]), float(pooled[9])), abs=1e-11)
    assert s.revenue == pytest.approx(revenue, abs=1e-9)
    assert (s.first_period, s.last_period) == (1, 6)


def test_retention_accumulator():
    events = load_log()
    whole = cxscore.Retention().extend(events)
    by_customer = [cxscore.Retention().extend(e for e in events if e[0] < "d"),
                   cxscore.Retention().extend(e for e in events if e[0] >= "d")]
    merged = by_customer[0] + by_customer[1]
    assert merged.summary() == whole.summary()
    assert merged.periods() == whole.periods()
    copy = whole.copy()
    copy.add("", 7).add("z", 7, float("inf")).add("z", 7)
    s = copy.summary()
    assert (s.rejected_no_customer, s.rejected_amount, s.events) == (1, 1, len(events) + 1)
    assert whole.summary().events == len(events)
    a = whole.customer("a", 2)
    assert a.active_in_period is True and a.first_period == 1 and a.events >= 2
    with pytest.raises(cxscore.EmptyError):
        whole.customer("nobody")
    with pytest.raises(cxscore.EmptyError) as e:
        copy.reset().summary()
    assert e.value.result.events == 0
    back = pickle.loads(pickle.dumps(whole))
    assert back.summary() == whole.summary() and back.periods() == whole.periods()
    assert back.unit is None
    monthly = cxscore.Retention(unit="month")
    monthly.add("a", "2026-01-15", 10).add("a", "2026-02-01").add("b", "2026-02-20", 5)
    p = monthly.periods()
    assert [cxscore.period_label(x.period, "month") for x in p] == ["2026-01", "2026-02"]
    assert p[1].retention == 1.0 and p[1].new_customers == 1
    with pytest.raises(cxscore.MismatchError):
        monthly.merge(cxscore.Retention(unit="week"))
    again = pickle.loads(pickle.dumps(monthly))
    assert again.unit == "month" and again.periods() == p
    again.add("c", "2026-03-02")
    assert again.summary().last_period == monthly.summary().last_period + 1
    with pytest.raises(cxscore.CorruptError):
        cxscore.Retention.from_bytes(b"not a retention state")
    with pytest.raises(TypeError):
        cxscore.Retention().add("a", "2026-01-15")


@pytest.mark.parametrize("k", [1, 2, 5])
def test_pickled_shards_merge_to_one_pass(k):
    # The reference log's amounts sum exactly, so shards merged in any order give the one-pass
    # state byte for byte; one customer's events land in several shards.
    events = load_log()
    whole = cxscore.Retention().extend(events)
    shards = [cxscore.Retention() for _ in range(k)]
    for i, event in enumerate(events):
        shards[(i * 7) % k].add(*event)
    merged = cxscore.Retention()
    for shard in reversed(shards):
        merged.merge(pickle.loads(pickle.dumps(shard)))
    assert merged.to_bytes() == whole.to_bytes()
    assert merged.summary() == whole.summary() and merged.periods() == whole.periods()


def test_mean_compare_is_welch():
    # tests/data/rating-compare/expected.txt (R's t.test): CSAT 5,4,4,3,5,2,4,5,1,4 against
    # 3,3,2,4,3,1,2,5,3,4,2,3: t 1.489048135198, df 17.303056154753, p 0.1544753240706.
    a, b = cxscore.csat([5, 4, 4, 3, 5, 2, 4, 5, 1, 4]), cxscore.csat([3, 3, 2, 4, 3, 1, 2, 5,
                                                                       3, 4, 2, 3])
    m = cxscore.mean_compare(a.mean, a.se, a.n_eff, b.mean, b.se, b.n_eff)
    assert abs(m.t - 1.489048135198) < 1e-11
    assert abs(m.df - 17.303056154753) < 1e-11
    assert abs(m.p_value - 1.544753240706e-01) < 1e-11
    with pytest.raises(cxscore.EmptyError):
        cxscore.mean_compare(1.0, 0.5, 1, 2.0, 0.5, 5)


def test_rating_compare_reference():
    # tests/data/rating-compare/welch-newcombe.R: a = LOYALTY.md's CSAT vector, b a second sample.
    welch, good, newcombe_a = expected_lines("rating-compare", "expected.txt")
    a = cxscore.Rating.csat().extend(REFERENCE["loyalty"]["csat"]["answers"])
    b = cxscore.Rating.csat().extend([3, 3, 2, 4, 3, 1, 2, 5, 3, 4, 2, 3])
    c = a.compare(b)
    assert c.mean_diff == pytest.approx(float(welch[2]), abs=1e-11)
    assert c.mean_t == pytest.approx(float(welch[4]), abs=1e-11)
    assert c.mean_df == pytest.approx(float(welch[6]), abs=1e-9)
    assert c.mean_p_value == pytest.approx(float(welch[8]), rel=1e-9)
    assert (c.mean_ci_lower, c.mean_ci_upper) == pytest.approx((float(welch[10]),
                                                                float(welch[11])), abs=1e-9)
    assert c.good_diff == pytest.approx(float(good[5]), abs=1e-12)
    assert c.good_z == pytest.approx(float(good[7]), abs=1e-11)
    assert c.good_p_value == pytest.approx(float(good[9]), rel=1e-9)
    assert (c.good_ci_lower, c.good_ci_upper) == pytest.approx((float(good[11]),
                                                                float(good[12])), abs=1e-11)
    assert c.level == 0.95
    p = cxscore.proportion_compare(7, 10, 3, 12)
    assert (p.diff, p.z, p.ci_lower, p.ci_upper) == pytest.approx(
        (c.good_diff, c.good_z, c.good_ci_lower, c.good_ci_upper), abs=1e-15)
    # Newcombe (1998) Table II, example (a): 56/70 vs 48/80, published 0.0524 to 0.3339.
    n = cxscore.proportion_compare(56, 70, 48, 80)
    assert (n.ci_lower, n.ci_upper) == pytest.approx((float(newcombe_a[1]),
                                                      float(newcombe_a[2])), abs=1e-11)
    assert (round(n.ci_lower, 4), round(n.ci_upper, 4)) == (0.0524, 0.3339)
    with pytest.raises(cxscore.MismatchError):
        a.compare(cxscore.Rating.ces().extend([5, 6]))
    with pytest.raises(cxscore.EmptyError):
        cxscore.proportion_compare(0, 0, 1, 2)


def test_loyalty_index_compare_reference():
    # tests/data/loyalty-compare/welch.R: a = LOYALTY.md's five respondents, b six more.
    mean, net = expected_lines("loyalty-compare", "expected.txt")
    a = cxscore.LoyaltyIndex().extend(REFERENCE["loyalty"]["loyalty_index"]["respondents"])
    b = cxscore.LoyaltyIndex().extend([(9, 9, 8), (7, 6, 6), (10, 10, 9), (5, 6, 4), (8, 9, 7),
                                       (9, 8, 9)])
    c = a.compare(b)
    for prefix, line in (("mean", mean), ("net", net)):
        assert getattr(c, f"{prefix}_diff") == pytest.approx(float(line[2]), abs=1e-9)
        assert getattr(c, f"{prefix}_t") == pytest.approx(float(line[4]), abs=1e-11)
        assert getattr(c, f"{prefix}_df") == pytest.approx(float(line[6]), abs=1e-9)
        assert getattr(c, f"{prefix}_p_value") == pytest.approx(float(line[8]), rel=1e-9)
        assert (getattr(c, f"{prefix}_ci_lower"), getattr(c, f"{prefix}_ci_upper")) == \
            pytest.approx((float(line[10]), float(line[11])), abs=1e-8)
    r = a.result()
    assert r.mean_index_se > 0 and r.net_index_se > 0
