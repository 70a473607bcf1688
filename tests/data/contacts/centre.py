#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Expected figures of a contact-centre log (waits, self-service, hand-offs, excluded cases),
computed independently of libcxscore with pandas (Debian python3-pandas) from the rules as
stated in include/cxscore/cx-contacts.h and docs/contacts.md, for tests/test-contacts.c and
tests/cli/test_contacts_centre.py:

    cd tests/data/contacts && /usr/bin/python3 centre.py centre.csv > centre-expected.json

Settings: self-service channels ivr and web; service level within T = 20 s; short abandons
within S = 5 s; segments (--by) the month column; waits also by day, ISO week and month of
each contact's time (--every); 95 % intervals. Wilson intervals by their
formula; t quantiles from R's qt() (Rscript, Debian r-base-core), since scipy is not installed.
"""
import json
import math
import subprocess
import sys

import numpy as np
import pandas as pd

SELF_SERVICE = {"ivr", "web"}
T, S, LEVEL = 20.0, 5.0, 0.95
Z = 1.959963984540054  # qnorm(0.975)


def qt(p, df):
    out = subprocess.run(["Rscript", "-e", f"cat(sprintf('%.17g', qt({p!r}, {df})))"],
                         capture_output=True, text=True, check=True).stdout
    return float(out)


def wilson(k, n):
    if n == 0:
        return [None, None, None]
    p = k / n
    centre = p + Z * Z / (2 * n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return [p, (centre - half) / (1 + Z * Z / n), (centre + half) / (1 + Z * Z / n)]


def mean_t(x):
    x = np.asarray(x, dtype=float)
    if len(x) == 0:
        return [None, None, None]
    m = float(x.mean())
    if len(x) < 2:
        return [m, None, None]
    h = qt(0.5 + LEVEL / 2, len(x) - 1) * float(x.std(ddof=1)) / math.sqrt(len(x))
    return [m, m - h, m + h]


def flag(s):
    s = s.strip(" \t").lower()
    if s in ("yes", "y", "true", "t", "1"):
        return "yes"
    if s in ("no", "n", "false", "f", "0"):
        return "no"
    if s in ("", "na", "n/a", "-"):
        return "blank"
    return "unreadable"


d = pd.read_csv(sys.argv[1] if len(sys.argv) > 1 else "centre.csv", dtype=str,
                keep_default_na=False)
d["t"] = pd.to_datetime(d["contact_time"], format="%Y-%m-%d %H:%M:%S", errors="coerce")
bad_time = d["t"].isna() & (d["case_id"] != "")
excluded_ids = set(d.loc[bad_time, "case_id"])
d = d[~d["t"].isna() & (d["case_id"] != "")].copy()
d["rank"] = d["resolved"].map(lambda s: {"yes": 2, "no": 0}.get(flag(s), 1))
d["ss"] = d["channel"].isin(SELF_SERVICE)

# ---- cases -----------------------------------------------------------------------------------
rows = []
for case_id, k in d.groupby("case_id"):
    k = k.sort_values(["t", "rank", "channel", "month"], kind="mergesort")
    pos = list(range(len(k)))
    ss_pos = [i for i, s in zip(pos, k["ss"]) if s]
    as_pos = [i for i, s in zip(pos, k["ss"]) if not s]
    agents = {a for a in k["agent"] if a != ""}
    rows.append({
        "case": case_id, "excluded": case_id in excluded_ids, "n": len(k),
        "resolved": (k["rank"] == 2).any(), "ss": bool(ss_pos),
        "contained": (k["rank"] == 2).any() and bool(ss_pos) and not as_pos,
        "failed": bool(ss_pos) and bool(as_pos) and min(ss_pos) < max(as_pos),
        "agents": len(agents),
        "transfers": int((k["transferred"].map(flag) == "yes").sum()),
        "transfer_unreadable": int((k["transferred"].map(flag) == "unreadable").sum()),
        "segment": k["month"].iloc[0], "first_ss_channel": k["channel"].iloc[min(ss_pos)]
        if ss_pos else None})
cases = pd.DataFrame(rows)
inc = cases[~cases["excluded"]]
with_agent = inc[inc["agents"] > 0]


def case_figures(c, a):
    n_ss = int(c["ss"].sum())
    return {
        "cases": len(c), "self_service_cases": n_ss,
        "contained_cases": int(c["contained"].sum()),
        "containment": wilson(int(c["contained"].sum()), n_ss),
        "failed_self_service_cases": int(c["failed"].sum()),
        "failed_self_service": wilson(int(c["failed"].sum()), n_ss),
        "agent_cases": len(a), "agents_max": int(a["agents"].max()) if len(a) else 0,
        "agents_mean": mean_t(a["agents"]),
        "restarted_cases": int((a["agents"] >= 2).sum()),
        "restarted": wilson(int((a["agents"] >= 2).sum()), len(a)),
        "transfers": int(c["transfers"].sum()),
        "transfer_cases": int((c["transfers"] > 0).sum()),
        "transfer_rate": wilson(int((c["transfers"] > 0).sum()), len(c)),
        "transfer_flag_invalid": int(c["transfer_unreadable"].sum())}


out = {"settings": {"self_service": sorted(SELF_SERVICE), "threshold": T, "short_abandon": S,
                    "level": LEVEL},
       "cases_excluded": len(excluded_ids),
       "contacts_excluded": int(cases.loc[cases["excluded"], "n"].sum()),
       "contacts": int(inc["n"].sum()),
       "overall": case_figures(inc, with_agent),
       "segments": {s: case_figures(inc[inc["segment"] == s], with_agent[with_agent["segment"] == s])
                    for s in sorted(set(inc["segment"]))},
       "self_service_by_channel": {}}
for ch in sorted(set(inc["first_ss_channel"].dropna())):
    c = inc[inc["first_ss_channel"] == ch]
    out["self_service_by_channel"][ch] = {
        "self_service_cases": len(c), "contained_cases": int(c["contained"].sum()),
        "containment": wilson(int(c["contained"].sum()), len(c)),
        "failed_self_service_cases": int(c["failed"].sum()),
        "failed_self_service": wilson(int(c["failed"].sum()), len(c))}

# ---- waits (every scored contact, excluded cases' too) ----------------------------------------


def wait_kind(row):
    w = row["wait_seconds"].strip()
    if w == "":
        return "missing", None
    try:
        x = float(w)
    except ValueError:
        return "unreadable", None
    if x < 0:
        return "negative", None
    f = flag(row["abandoned"])
    if f in ("blank", "unreadable"):
        return "abandoned_" + f, None
    return ("abandoned" if f == "yes" else "answered"), x


def wait_figures(g):
    kinds = [wait_kind(r) for _, r in g.iterrows()]
    answered = sorted(x for k, x in kinds if k == "answered")
    ab = [x for k, x in kinds if k == "abandoned"]
    abandoned = [x for x in ab if x > S]
    base = len(answered) + len(abandoned)
    within = sum(1 for x in answered if x <= T)
    a = np.asarray(answered)
    return {
        "contacts": len(g), "answered": len(answered), "answered_within": within,
        "abandoned": len(abandoned), "short_abandoned": len(ab) - len(abandoned),
        "wait_missing": sum(k == "missing" for k, _ in kinds),
        "wait_negative": sum(k == "negative" for k, _ in kinds),
        "wait_invalid": sum(k == "unreadable" for k, _ in kinds),
        "abandoned_unknown": sum(k == "abandoned_blank" for k, _ in kinds),
        "abandoned_invalid": sum(k == "abandoned_unreadable" for k, _ in kinds),
        "service_level": wilson(within, base), "abandonment_rate": wilson(len(abandoned), base),
        "asa": mean_t(answered),
        "wait_sd": float(a.std(ddof=1)) if len(a) >= 2 else None,
        "wait_median": float(np.quantile(a, 0.5)) if len(a) else None,
        "wait_p90": float(np.quantile(a, 0.9)) if len(a) else None,
        "wait_max": float(a.max()) if len(a) else None}


out["waits"] = {"all": wait_figures(d),
                "channel": {c: wait_figures(g) for c, g in sorted(d.groupby("channel"))},
                "segment": {m: wait_figures(g) for m, g in sorted(d.groupby("month"))}}
# --every: each contact in the calendar period of its own time (as written: no zone), labelled
# as cx_period_label() labels it (ISO 8601 weeks, Monday first).
iso = d["t"].dt.isocalendar()
period_keys = {"day": d["t"].dt.strftime("%Y-%m-%d"),
               "week": iso["year"].astype(str) + "-W" + iso["week"].map("{:02d}".format),
               "month": d["t"].dt.strftime("%Y-%m")}
out["waits"]["period"] = {unit: {p: wait_figures(g) for p, g in sorted(d.groupby(key))}
                          for unit, key in period_keys.items()}
json.dump(out, sys.stdout, indent=1, sort_keys=True)
print()
