#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes log.csv, a follow-up log of 200 alerts (seeded, so the output is reproducible) with a
bad row of every kind, and expected.txt, the figures of include/cxscore/cx-followup.h computed
here with pandas from the header's rules, independently of the library:

    /usr/bin/python3 tests/data/followup/make.py   # rewrites both files

Quantiles: pandas' default (linear, Hyndman & Fan definition 7). Wilson (1927) intervals and
McNemar's (1947) chi-square written out from the papers' formulas; the chi-square p-value with
one degree of freedom is erfc(sqrt(x / 2))."""
import math
import os
import random
import statistics

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = pd.Timestamp("2026-03-01T00:00:00Z")
LEVEL = 0.95
OWNERS = ["ana", "bo", "chen", ""]


def iso(t):
    return "" if t is None else t.strftime("%Y-%m-%dT%H:%M:%SZ")


def make_rows(rng):
    rows = []
    for i in range(200):
        alerted = NOW - pd.Timedelta(seconds=rng.randint(3600, 20 * 86400))
        contact = closed = None
        outcome = ""
        if rng.random() < 0.8:
            contact = alerted + pd.Timedelta(seconds=rng.randint(600, 4 * 86400))
            if contact > NOW:
                contact = None
        if contact is not None and rng.random() < 0.7:
            closed = contact + pd.Timedelta(seconds=rng.randint(0, 3 * 86400))
            if closed > NOW:
                closed = None
            else:
                outcome = rng.choice(["resolved", "resolved", "unresolved", "Unreachable"])
        before = rng.randint(0, 6) if rng.random() < 0.9 else rng.randint(7, 10)
        after = rng.randint(0, 10) if rng.random() < 0.5 else None
        rows.append([f"R{i:04d}", rng.choice(OWNERS), iso(alerted), iso(contact), iso(closed),
                     outcome, str(before), "" if after is None else str(after)])
    # One bad row of each kind (the reason as the header names it), at known places.
    t = iso(NOW - pd.Timedelta(days=2))
    t_before = iso(NOW - pd.Timedelta(days=3))
    t_future = iso(NOW + pd.Timedelta(hours=1))
    bad = [
        ["", "ana", t, "", "", "", "3", ""],                         # no_id
        ["R0005", "bo", t, "", "", "", "3", ""],                     # duplicate
        ["B0001", "bo", "", "", "", "", "3", ""],                    # bad_time (no alert time)
        ["B0002", "bo", "2026-02-30T00:00:00Z", "", "", "", "3", ""],  # bad_time (no such day)
        ["B0003", "chen", t, t_before, "", "", "3", ""],             # out_of_order
        ["B0004", "chen", t, "", t_future, "resolved", "3", ""],     # future
        ["B0005", "ana", t, t, t, "maybe", "3", ""],                 # unknown_outcome
        ["B0006", "ana", t, t, t, "", "3", ""],                      # inconsistent
        ["B0007", "ana", t, "", "", "", "11", "9"],                  # bad_score
    ]
    for k, row in enumerate(bad):
        rows.insert(17 * (k + 1), row)
    return rows


def wilson(k, n):
    if n == 0:
        return math.nan, math.nan
    z = statistics.NormalDist().inv_cdf((1 + LEVEL) / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def figures(d, sla):
    out = {"alerts": len(d)}
    contacted = d[d.contact.notna()]
    ttfc = (contacted.contact - contacted.alerted).dt.total_seconds()
    out["contacted"] = len(contacted)
    out["first_contact_median"] = ttfc.quantile(0.5) if len(ttfc) else math.nan
    out["first_contact_p90"] = ttfc.quantile(0.9) if len(ttfc) else math.nan
    window_over = d.alerted + pd.Timedelta(seconds=sla) <= NOW
    decided = d.contact.notna() | window_over
    met = (d.contact - d.alerted).dt.total_seconds() <= sla
    out["sla"] = sla
    out["sla_decided"] = int(decided.sum())
    out["sla_met"] = int(met.sum())
    out["sla_share"] = out["sla_met"] / out["sla_decided"] if out["sla_decided"] else math.nan
    out["sla_lower"], out["sla_upper"] = wilson(out["sla_met"], out["sla_decided"])
    closed = d.outcome != "open"
    out["closed"] = int(closed.sum())
    out["resolved"] = int((d.outcome == "resolved").sum())
    out["closure_rate"] = out["closed"] / len(d) if len(d) else math.nan
    out["closure_lower"], out["closure_upper"] = wilson(out["closed"], len(d))
    age = (NOW - d.alerted[~closed]).dt.total_seconds() / 3600
    out["open_under_24h"] = int((age < 24).sum())
    out["open_24h_48h"] = int(((age >= 24) & (age < 48)).sum())
    out["open_48h_7d"] = int(((age >= 48) & (age < 168)).sum())
    out["open_over_7d"] = int((age >= 168).sum())
    p = d[d.before.notna() & d.after.notna()]
    det_b, det_a = p.before <= 6, p.after <= 6
    out["pairs"] = len(p)
    out["detractors_before"] = int(det_b.sum())
    out["to_passive"] = int((det_b & (p.after >= 7) & (p.after <= 8)).sum())
    out["to_promoter"] = int((det_b & (p.after >= 9)).sum())
    out["became_detractor"] = int((~det_b & det_a).sum())
    b, c = out["to_passive"] + out["to_promoter"], out["became_detractor"]
    n = out["detractors_before"]
    out["recovery_rate"] = b / n if n else math.nan
    out["recovery_lower"], out["recovery_upper"] = wilson(b, n)
    chi2 = (b - c) ** 2 / (b + c) if b + c else math.nan
    out["mcnemar_chi2"] = chi2
    out["mcnemar_p"] = math.erfc(math.sqrt(chi2 / 2)) if b + c else math.nan
    return out


def main():
    rng = random.Random(18)
    rows = make_rows(rng)
    header = ["response_id", "owner", "alerted_at", "first_contact_at", "closed_at", "outcome",
              "score_before", "score_after"]
    with open(os.path.join(HERE, "log.csv"), "w", newline="") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")
    # The header's rules, applied here on their own (line 1 is the header).
    df = pd.read_csv(os.path.join(HERE, "log.csv"), dtype=str, keep_default_na=False)
    df["line"] = range(2, len(df) + 2)
    rejected = {}
    keep, seen = [], set()

    def ts(s):
        return pd.Timestamp(s) if s else pd.NaT

    for r in df.itertuples():
        reason = None
        try:
            a, c, z = ts(r.alerted_at), ts(r.first_contact_at), ts(r.closed_at)
        except ValueError:
            a = c = z = None
        outcome = r.outcome.strip().lower() or "open"
        sb = float(r.score_before) if r.score_before else math.nan
        sa = float(r.score_after) if r.score_after else math.nan
        if not r.response_id:
            reason = "no_id"
        elif a is None or pd.isna(a):
            reason = "bad_time"
        elif any(x is not pd.NaT and x > NOW for x in (a, c, z)):
            reason = "future"
        elif (c is not pd.NaT and c < a) or (z is not pd.NaT and (z < a or
                                                                   (c is not pd.NaT and z < c))):
            reason = "out_of_order"
        elif outcome not in ("open", "resolved", "unresolved", "unreachable"):
            reason = "unknown_outcome"
        elif (z is pd.NaT) != (outcome == "open"):
            reason = "inconsistent"
        elif not all(math.isnan(s) or 0 <= s <= 10 for s in (sb, sa)):
            reason = "bad_score"
        elif r.response_id in seen:
            reason = "duplicate"
        if reason:
            n, first = rejected.get(reason, (0, r.line))
            rejected[reason] = (n + 1, min(first, r.line))
            continue
        seen.add(r.response_id)
        keep.append(dict(owner=r.owner, alerted=a, contact=c, closed=z, outcome=outcome,
                         before=sb, after=sa))
    d = pd.DataFrame(keep)
    with open(os.path.join(HERE, "expected.txt"), "w") as f:
        f.write("# written by make.py (pandas %s); now %s, level %.2f\n"
                % (pd.__version__, iso(NOW), LEVEL))
        for reason in sorted(rejected):
            f.write("rejected %s %d %d\n" % ((reason,) + rejected[reason]))
        groups = [("all", d)] + [("group:" + g, d[d.owner == g]) for g in sorted(set(OWNERS))]
        for sla in (86400, 172800):
            for name, part in groups:
                f.write("== %s sla %d\n" % (name or "none", sla))
                for k, v in figures(part, sla).items():
                    f.write("%s %s\n" % (k, repr(float(v))))


if __name__ == "__main__":
    main()
