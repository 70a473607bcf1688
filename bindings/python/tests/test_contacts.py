# SPDX-License-Identifier: MIT
"""Contact logs through Python against tests/data/contacts/handbuilt-expected.txt (base R from
the header's rules, see that directory's README), read with the library's CSV reader."""
import datetime
import math
import pickle
import random

import pytest

import cxscore
from refdata import data_path

TOL = 1e-12  # R prints 17 significant digits; tests/test-contacts.c holds them to 1e-12


def expected():
    """{'all' / 'segment NAME' / 'channel NAME' / 'rejected': {label: [numbers]}}."""
    out, current = {}, None
    with open(data_path("contacts", "handbuilt-expected.txt")) as f:
        for line in f:
            words = line.split()
            if not words:
                continue
            if words[0] == "rejected":
                out["rejected"] = {w: float(v) for w, v in zip(words[1::2], words[2::2])}
            elif words[0] == "==":
                current = out.setdefault(" ".join(words[1:3]), {}) \
                    if words[1] != "channels" else None
            elif words[0].startswith("'"):
                name = words[0].strip("'")
                nums = words[1:]
                out[f"channel {name}"] = {nums[i]: [float(x) for x in nums[i + 1:i + 4]]
                                          if nums[i] == "fcr" else [float(nums[i + 1])]
                                          for i in range(len(nums)) if not _is_num(nums[i])}
            else:
                pairs, label = {}, None
                for w in words:
                    if _is_num(w):
                        pairs[label].append(float(w))
                    else:
                        label = w
                        pairs[label] = []
                current.update(pairs)
    return out


def _is_num(w):
    try:
        float(w)
        return True
    except ValueError:
        return False


def handbuilt():
    with cxscore.CsvReader(data_path("contacts", "handbuilt.csv")) as log:
        return list(log.rows(["case_id", "contact_time", "channel", "resolved", "issue"]))


def feed(rows, order="time"):
    return cxscore.Contacts(order).extend(rows)


def check_result(r, e):
    assert (r.cases, r.contacts) == tuple(int(x) for x in e["cases"] + e["contacts"])
    # Issue 21: a case with a contact without a readable time is left out and counted.
    assert (r.cases_excluded, r.contacts_excluded) == tuple(
        int(x) for x in e["excluded_cases"] + e["excluded_contacts"])
    assert (r.flag_unknown, r.flag_invalid, r.channel_missing) == (
        e["flag_unknown"][0], e["flag_invalid"][0], e["channel_missing"][0])
    for label, (count, share, lo, hi) in (("fcr", ("fcr_cases", "fcr", "fcr_ci_lower",
                                                    "fcr_ci_upper")),
                                          ("resolved", ("resolved_cases", "resolution_rate",
                                                        "resolution_rate_ci_lower",
                                                        "resolution_rate_ci_upper")),
                                          ("crossed", ("cross_channel_cases", "cross_channel",
                                                       "cross_channel_ci_lower",
                                                       "cross_channel_ci_upper")),
                                          ("repeat", ("repeat_cases", "repeat_rate",
                                                      "repeat_rate_ci_lower", "repeat_rate_ci_upper"))):
        values = e[label]
        assert getattr(r, count) == values[0]
        assert [getattr(r, share), getattr(r, lo), getattr(r, hi)] == pytest.approx(
            values[1:], abs=TOL)
    assert (r.fcr_reopened, r.cases_reopened, r.cases_resolved_twice,
            r.cases_outcome_unknown) == tuple(e[k][0] for k in ("fcr_reopened", "reopened",
                                                                 "resolved_twice",
                                                                 "outcome_unknown"))
    assert r.contacts_per_case == tuple(e["distribution"])
    assert r.max_contacts == e["max"][0]
    assert r.contacts_mean == pytest.approx(e["contacts_mean"][0], abs=TOL)
    assert r.contacts_sd == pytest.approx(e["sd"][0], abs=TOL)
    assert r.resolution_times == e["n"][0]
    for field, key in (("time_to_resolution_mean", "mean"),
                       ("time_to_resolution_median", "median"),
                       ("time_to_resolution_p90", "p90")):
        assert getattr(r, field) == pytest.approx(e[key][0], rel=TOL, abs=1e-6)


def test_handbuilt_log_matches_base_r():
    e = expected()
    acc = feed(handbuilt())
    r = acc.result()
    check_result(r, e["all"])
    rej = e["rejected"]
    assert (r.rejected_no_case, r.rejected_order_missing, r.rejected_order_invalid) == (
        rej["no_case"], rej["order_missing"], rej["order_invalid"])
    assert r.order == "time"
    segments = [k.split(" ", 1)[1] for k in e if k.startswith("segment ")]
    assert [s for s in acc.segments if s in segments] == sorted(segments)
    for name in segments:
        check_result(acc.segment(name), e[f"segment {name}"])
    channels = [k.split(" ", 1)[1] for k in e if k.startswith("channel ")]
    assert acc.channels == sorted(channels)
    for name in channels:
        c, x = acc.channel(name), e[f"channel {name}"]
        assert c.name == name
        assert (c.contacts, c.cases, c.fcr_cases, c.repeat_cases, c.crossed_cases,
                c.resolved_cases, c.resolved_here) == tuple(
            x[k][0] for k in ("contacts", "cases", "fcr", "repeat", "crossed", "resolved",
                              "resolved_here"))
        assert [c.fcr_ci_lower, c.fcr_ci_upper] == pytest.approx(x["fcr"][1:], abs=TOL)


def test_order_independence_merge_copy():
    rows = handbuilt()
    one = feed(rows).result()
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    assert feed(shuffled).result() == one
    halves = feed(shuffled[::2]) + feed(shuffled[1::2])
    assert halves.result() == one
    c = halves.copy()
    c.add("new", "2026-03-20T10:00:00Z", "phone", True)
    assert c.result().cases == one.cases + 1 and halves.result() == one
    with pytest.raises(cxscore.EmptyError) as err:
        c.reset().result()
    assert err.value.result.cases == 0
    with pytest.raises(cxscore.MismatchError):
        halves.merge(cxscore.Contacts("sequence"))


def test_pickle_round_trip():
    rows = handbuilt()
    numbered = [(row[0], i % 7) + tuple(row[2:]) for i, row in enumerate(rows)]
    for order, log in (("time", rows), ("sequence", numbered)):
        acc = feed(log, order)
        back = pickle.loads(pickle.dumps(acc))
        assert type(back) is cxscore.Contacts and back.order == order
        assert back.result() == acc.result()
        assert back.channels == acc.channels and back.segments == acc.segments
        assert [back.channel(c) for c in back.channels] == [acc.channel(c) for c in acc.channels]
        assert back.to_bytes() == acc.to_bytes()
        assert cxscore.Contacts.from_bytes(acc.to_bytes()).to_bytes() == acc.to_bytes()
    empty = pickle.loads(pickle.dumps(cxscore.Contacts("sequence")))
    assert empty.order == "sequence" and empty.channels == []
    with pytest.raises(cxscore.CorruptError):
        cxscore.Contacts.from_bytes(b"CXCT\x01\x00\x00\x00")
    with pytest.raises(cxscore.CorruptError):
        cxscore.Contacts.from_bytes(cxscore.Nps([9]).to_bytes())


@pytest.mark.parametrize("k", [1, 2, 5])
def test_pickled_shards_merge_to_one_pass(k):
    rows = handbuilt()
    one = feed(rows)
    rng = random.Random(k)
    for split in ("by case", "any"):
        shards = [cxscore.Contacts() for _ in range(k)]
        for row in rows:
            s = hash(row[0]) % k if split == "by case" else rng.randrange(k)
            shards[s].add(*row)
        merged = cxscore.Contacts()
        for shard in shards:
            merged.merge(pickle.loads(pickle.dumps(shard)))
        assert merged.result() == one.result()
        assert merged.to_bytes() == one.to_bytes()


def test_keys_flags_and_sequence_order():
    acc = cxscore.Contacts()
    t0 = datetime.datetime(2026, 3, 2, 9, 0)                       # naive: UTC
    acc.add("A", t0, "phone", False)
    acc.add("A", datetime.datetime(2026, 3, 2, 11, 0, tzinfo=datetime.timezone(
        datetime.timedelta(hours=1))), "chat", "yes")              # 10:00Z
    acc.add("B", "2026-03-02T09:00:00Z", "phone", "Y")
    acc.add("C", None, "phone", True)                              # no key: rejected
    acc.add("D", "2026-02-30 10:00", "phone", True)                # no such date: rejected
    acc.add("", 5.0, "phone", True)                                # no case: rejected
    acc.add("E", 1772442000.0, "", "maybe")                        # unreadable flag
    r = acc.result()
    assert (r.cases, r.rejected_order_missing, r.rejected_order_invalid,
            r.rejected_no_case) == (3, 1, 1, 1)
    assert (r.flag_invalid, r.channel_missing, r.cross_channel_cases) == (1, 1, 1)
    assert r.time_to_resolution_mean == pytest.approx((3600 + 0) / 2)
    assert acc.segments == [""]
    seq = cxscore.Contacts("sequence").extend([("A", 2, "chat", "yes"), ("A", "1", "phone", "no"),
                                               ("B", 1, "phone", "y", "billing")])
    s = seq.result()
    assert s.order == "sequence" and s.resolution_times == 0
    assert math.isnan(s.time_to_resolution_mean)
    assert seq.segments == ["", "billing"] and seq.segment("billing").fcr == 1.0
    assert cxscore.parse_time("2026-03-04T10:15:00+01:00") == \
        cxscore.parse_time("2026-03-04 09:15") == 1772615700.0
    assert cxscore.parse_time("NA") is None
    with pytest.raises(ValueError):
        cxscore.parse_time("yesterday")
    assert [cxscore.parse_resolved(t) for t in ("TRUE", " no ", "", "maybe")] == [
        "yes", "no", "unknown", "invalid"]
    with pytest.raises(KeyError):
        seq.channel("fax")
    with pytest.raises(ValueError):
        cxscore.Contacts("clock")


def test_contact_centre_log_matches_pandas():
    """tests/data/contacts/centre.csv through the binding against centre-expected.json (pandas,
    tests/data/contacts/centre.py): waits, self-service, hand-offs and an excluded case."""
    import csv
    import json
    with open(data_path("contacts", "centre-expected.json")) as f:
        want = json.load(f)
    acc = cxscore.Contacts("time")
    with open(data_path("contacts", "centre.csv"), newline="") as f:
        for r in csv.DictReader(f):
            acc.add(r["case_id"], r["contact_time"], r["channel"], r["resolved"], r["month"],
                    agent=r["agent"], self_service=r["channel"] in ("ivr", "web"),
                    transferred=r["transferred"], wait=r["wait_seconds"],
                    abandoned=r["abandoned"])

    def close(got, exp):
        if exp is None:
            assert math.isnan(got)
        else:
            assert got == pytest.approx(exp, rel=1e-12, abs=1e-12)

    r = acc.result()
    assert (r.cases_excluded, r.contacts_excluded, r.contacts) == (
        want["cases_excluded"], want["contacts_excluded"], want["contacts"])
    o = want["overall"]
    for k in ("cases", "self_service_cases", "contained_cases", "failed_self_service_cases",
              "agent_cases", "agents_max", "restarted_cases", "transfers", "transfer_cases",
              "transfer_flag_invalid"):
        assert getattr(r, k) == o[k], k
    for k in ("containment", "failed_self_service", "restarted", "transfer_rate"):
        close(getattr(r, k), o[k][0])
        close(getattr(r, k + "_ci_lower"), o[k][1])
        close(getattr(r, k + "_ci_upper"), o[k][2])
    close(r.agents_mean, o["agents_mean"][0])
    close(r.agents_ci_lower, o["agents_mean"][1])
    for group, which, w in ([("all", None, want["waits"]["all"])] +
                            [("channel", c, w) for c, w in want["waits"]["channel"].items()] +
                            [("segment", m, w) for m, w in want["waits"]["segment"].items()]):
        try:
            got = acc.waits(group, which, threshold=20, short_abandon=5)
        except cxscore.EmptyError as e:
            got = e.result
        for k in ("contacts", "answered", "answered_within", "abandoned", "short_abandoned",
                  "wait_missing", "wait_negative", "wait_invalid", "abandoned_unknown",
                  "abandoned_invalid"):
            assert getattr(got, k) == w[k], (group, which, k)
        for k in ("service_level", "abandonment_rate", "asa"):
            close(getattr(got, k), w[k][0])
            close(getattr(got, k + "_ci_lower"), w[k][1])
            close(getattr(got, k + "_ci_upper"), w[k][2])
        for k in ("wait_sd", "wait_median", "wait_p90", "wait_max"):
            close(getattr(got, k), w[k])
    # The state keeps all of it.
    back = pickle.loads(pickle.dumps(acc))
    assert back.waits("channel", "phone") == acc.waits("channel", "phone")
    assert back.result() == acc.result()
    assert cxscore.parse_flag(" Yes ") == "yes" and cxscore.parse_flag("maybe") == "invalid"
    with pytest.raises(ValueError):
        acc.waits("queue")
