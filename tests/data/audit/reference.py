#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Independent reference figures for tests/test-audit.c, computed with pandas (aggregation) and
R (Student t quantiles, Welch's t.test, prop.test and the F tail), from the sample export and
checklist in examples/data/. Nothing here uses libcxscore: the checklist is read with Python's
configparser and the scoring rules of docs/audit.md are applied row by row.

    /usr/bin/python3 tests/data/audit/reference.py > tests/data/audit/expected.txt

Output: one "name value" line per figure (values printed with repr, i.e. round-trip exact).
"""
import configparser
import os
import statistics
import subprocess
import sys

import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
DATA = os.path.join(ROOT, "examples", "data")
LEVEL = 0.95

cfg = configparser.ConfigParser(inline_comment_prefixes=None)
cfg.optionxform = str
cfg.read(os.path.join(DATA, "retail-checklist.ini"))
pass_mark = float(cfg["checklist"]["pass_mark"])
rule = cfg["checklist"]["critical"]
sections = list(cfg["sections"].keys())
items = []
for g in cfg.sections():
    if g.startswith("item "):
        s = cfg[g]
        items.append(dict(id=g[5:], section=sections.index(s["section"]),
                          points=float(s["points"]), type=s["type"],
                          scale=tuple(int(x) for x in s.get("scale", "0-0").split("-")),
                          passv=int(s.get("pass", "0")), prop=s.get("scoring") == "proportional",
                          target=float(s.get("target", "0")), at_most=s.get("compare") == "at_most",
                          na=s.get("na", "no") == "yes", critical=s.get("critical", "no") == "yes"))

df = pd.read_csv(os.path.join(DATA, "audit-visits.csv"), dtype=str, keep_default_na=False)
YES = {"yes", "y", "true", "pass", "1"}
NO = {"no", "n", "false", "fail", "0"}


def classify(it, cell):
    """(kind, compliant, earned, reason) for one cell."""
    c = cell.strip()
    if c == "":
        return "blank", 0, 0.0, None
    if c.upper() in ("NA", "N/A", "-"):
        return ("na", 0, 0.0, None) if it["na"] else ("rej", 0, 0.0, "na_not_allowed")
    if it["type"] == "yesno":
        if c.lower() in YES:
            return "ok", 1, it["points"], None
        if c.lower() in NO:
            return "ok", 0, 0.0, None
        return "rej", 0, 0.0, "answer"
    try:
        v = float(c)
    except ValueError:
        return "rej", 0, 0.0, "answer"
    if it["type"] == "rating":
        lo, hi = it["scale"]
        if v != int(v) or v < lo or v > hi:
            return "rej", 0, 0.0, "answer"
        ok = int(v >= it["passv"])
        e = it["points"] * (v - lo) / (hi - lo) if it["prop"] else (it["points"] if ok else 0.0)
        return "ok", ok, e, None
    ok = int(v <= it["target"] if it["at_most"] else v >= it["target"])
    return "ok", ok, it["points"] if ok else 0.0, None


rejects = {"answer": 0, "na_not_allowed": 0, "critical_blank": 0, "no_applicable": 0,
           "unknown_item": 0, "date": 0, "missing_segment": 0}
known = {"location", "region", "shopper", "date", "visit", "comments"} | {i["id"] for i in items}
rejects["unknown_item"] = sum(1 for c in df.columns if c not in known)

visit_rows, item_rows = [], []
for idx, row in df.iterrows():
    earned = [0.0] * len(sections)
    appl = [0.0] * len(sections)
    crit = [False] * len(sections)
    for k, it in enumerate(items):
        kind, ok, e, reason = classify(it, row[it["id"]])
        if kind == "blank" and it["critical"]:
            rejects["critical_blank"] += 1
        if kind == "rej":
            rejects[reason] += 1
        item_rows.append(dict(visit=idx, item=k, kind=kind, ok=ok, lost=it["points"] - e
                              if kind == "ok" else 0.0, critical=int(kind == "ok" and
                                                                    it["critical"] and not ok),
                              location=row["location"].strip(), period=row["date"][:7]))
        if kind == "ok":
            appl[it["section"]] += it["points"]
            earned[it["section"]] += e
            if it["critical"] and not ok:
                crit[it["section"]] = True
    date = row["date"].strip()
    try:
        pd.Timestamp(date)
        valid_date = len(date) == 10
    except ValueError:
        valid_date = False
    if not valid_date:
        rejects["date"] += 1
    for col in ("location", "region", "shopper"):
        if row[col].strip() == "":
            rejects["missing_segment"] += 1
    any_crit = any(crit)
    e_total, p_total = 0.0, 0.0
    sec_scores = []
    for s in range(len(sections)):
        if crit[s] or (any_crit and rule == "visit"):
            earned[s] = 0.0
        e_total += earned[s]
        p_total += appl[s]
        sec_scores.append(100.0 * earned[s] / appl[s] if appl[s] > 0 else np.nan)
    if not p_total > 0:
        rejects["no_applicable"] += 1
        continue
    score = 100.0 * e_total / p_total
    visit_rows.append(dict(visit=idx, score=score, passed=int(score >= pass_mark),
                           critical=int(any_crit), earned=e_total, applicable=p_total,
                           location=row["location"].strip(), region=row["region"].strip(),
                           shopper=row["shopper"].strip(),
                           period=date[:7] if valid_date else "",
                           **{"sec%d" % s: sec_scores[s] for s in range(len(sections))},
                           **{"crit%d" % s: int(crit[s]) for s in range(len(sections))}))

V = pd.DataFrame(visit_rows)
I = pd.DataFrame(item_rows)
out = []


def put(name, value):
    out.append("%s %r" % (name, float(value)))


# t quantiles and tests from R, in one run.
r_lines = []


def r_expr(name, expr):
    r_lines.append('cat("%s", format(%s, digits = 17), "\\n")' % (name, expr))


def wilson(x, n):
    z = statistics.NormalDist().inv_cdf(0.5 + LEVEL / 2)
    p = x / n
    c = (p + z * z / (2 * n)) / (1 + z * z / n)
    h = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return c - h, c + h


def mean_block(prefix, scores):
    n = len(scores)
    put(prefix + ".n", n)
    put(prefix + ".mean", scores.mean())
    if n > 1:
        put(prefix + ".sd", scores.std(ddof=1))
        r_expr(prefix + ".t", "qt(%r, %d)" % (0.5 + LEVEL / 2, n - 1))


put("visits", len(df))
put("scored", len(V))
put("passed", V.passed.sum())
put("critical_visits", V.critical.sum())
put("critical_failures", I.critical.sum())
put("earned", V.earned.sum())
put("applicable", V.applicable.sum())
for k, v in rejects.items():
    put("rejected." + k, v)
mean_block("overall", V.score)
lo, hi = wilson(V.passed.sum(), len(V))
put("overall.pass_lower", lo)
put("overall.pass_upper", hi)

for s in range(len(sections)):
    col = V["sec%d" % s].dropna()
    mean_block("section.%s" % sections[s], col)
    put("section.%s.critical" % sections[s], V["crit%d" % s].sum())

ok_items = I[I.kind == "ok"]
g = ok_items.groupby("item").agg(applicable=("ok", "size"), compliant=("ok", "sum"),
                                 lost=("lost", "sum"), critical=("critical", "sum"))
g["compliance"] = g.compliant / g.applicable
# ranks: lowest compliance first, most points lost first; ties by checklist order
g["rank"] = g.sort_values(["compliance"], kind="stable").reset_index().reset_index() \
    .set_index("item")["index"] + 1
g["cost_rank"] = g.assign(neg=-g.lost).sort_values(["neg"], kind="stable").reset_index() \
    .reset_index().set_index("item")["index"] + 1
for k, it in enumerate(items):
    row = g.loc[k]
    name = "item.%s" % it["id"]
    for f in ("applicable", "compliant", "lost", "critical", "compliance", "rank", "cost_rank"):
        put(name + "." + f, row[f])
    put(name + ".na", (I[I.item == k].kind == "na").sum())
    put(name + ".blank", (I[I.item == k].kind == "blank").sum())
    put(name + ".rejected", (I[I.item == k].kind == "rej").sum())
    lo, hi = wilson(row.compliant, row.applicable)
    put(name + ".lower", lo)
    put(name + ".upper", hi)
put("item.lost_total", g.lost.sum())

for by in ("location", "region", "period", "shopper"):
    segs = V[V[by] != ""].groupby(by)
    put("%s.count" % by, segs.ngroups)
    for key, grp in segs:
        name = "%s.%s" % (by, key)
        mean_block(name, grp.score)
        put(name + ".passed", grp.passed.sum())
        put(name + ".critical", grp.critical.sum())
        lo, hi = wilson(grp.passed.sum(), len(grp))
        put(name + ".pass_lower", lo)
        put(name + ".pass_upper", hi)

# Item compliance within one store.
s01 = I[(I.location == "S01") & (I.kind == "ok")].groupby("item").agg(
    applicable=("ok", "size"), compliant=("ok", "sum"), lost=("lost", "sum"))
for k, it in enumerate(items):
    if k in s01.index:
        put("location.S01.item.%s.applicable" % it["id"], s01.loc[k].applicable)
        put("location.S01.item.%s.compliant" % it["id"], s01.loc[k].compliant)
        put("location.S01.item.%s.lost" % it["id"], s01.loc[k].lost)

# Shoppers: comparable locations (scored by two shoppers or more), deviations, nested ANOVA.
P = V[(V.location != "") & (V.shopper != "")]
k_loc = P.groupby("location").shopper.nunique()
comp = P[P.location.map(k_loc) >= 2].copy()
comp["loc_mean"] = comp.groupby("location").score.transform("mean")
comp["dev"] = comp.score - comp.loc_mean
for shopper, grp in comp.groupby("shopper"):
    put("shopper.%s.deviation" % shopper, grp.dev.mean())
    put("shopper.%s.dev_n" % shopper, len(grp))
    put("shopper.%s.dev_locations" % shopper, grp.location.nunique())
    put("shopper.%s.dev_sd" % shopper, grp.dev.std(ddof=1))
cell_mean = comp.groupby(["location", "shopper"]).score.transform("mean")
ssb = ((cell_mean - comp.loc_mean) ** 2).sum()
ssw = ((comp.score - cell_mean) ** 2).sum()
df1 = (k_loc[k_loc >= 2] - 1).sum()
cells = comp.groupby(["location", "shopper"]).ngroups
df2 = len(comp) - cells
F = (ssb / df1) / (ssw / df2)
put("nested.F", F)
put("nested.df1", df1)
put("nested.df2", df2)
put("nested.cells", cells)
r_expr("nested.p", "pf(%r, %d, %d, lower.tail = FALSE)" % (F, df1, df2))

# Baseline comparisons between two regions, and against a target, in R from the raw scores.
north = V[V.region == "north"]
south = V[V.region == "south"]
vec = lambda s: "c(%s)" % ",".join(repr(x) for x in s)
r_lines.append("a <- %s; b <- %s" % (vec(north.score), vec(south.score)))
r_lines.append("w <- t.test(a, b, var.equal = FALSE, conf.level = %r)" % LEVEL)
r_expr("welch.t", "unname(w$statistic)")
r_expr("welch.df", "unname(w$parameter)")
r_expr("welch.p", "w$p.value")
r_expr("welch.lower", "w$conf.int[1]")
r_expr("welch.upper", "w$conf.int[2]")
r_lines.append("p <- prop.test(c(%d, %d), c(%d, %d), correct = FALSE)"
               % (north.passed.sum(), south.passed.sum(), len(north), len(south)))
r_expr("pass.p", "p$p.value")
r_lines.append("o <- t.test(c(%s), mu = 75, conf.level = %r)" %
               (",".join(repr(x) for x in V.score), LEVEL))
r_expr("target.t", "unname(o$statistic)")
r_expr("target.p", "o$p.value")

res = subprocess.run(["Rscript", "--vanilla", "-"], input="\n".join(r_lines) + "\n",
                     capture_output=True, text=True, check=True)
for line in res.stdout.strip().splitlines():
    name, value = line.split()
    out.append("%s %r" % (name, float(value)))
print("\n".join(out))
