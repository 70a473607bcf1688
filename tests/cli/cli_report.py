# SPDX-License-Identifier: MIT
"""Readers of the cxscore report formats (see examples/cli-report.h), for the CLI tests.

sections_json/csv/markdown/table turn one output into [(name or title, rows)], so that a test can
check that the four formats carry the same sections, the same rows and the same values.
"""
import csv
import io
import json
import re


def sections(doc):
    """{section name: rows} of a parsed JSON report."""
    return {s["name"]: s["rows"] for s in doc["sections"]}


def key_of(row):
    """The key cells of a row: the columns before "n" (and before "item", if there is one)."""
    names = list(row)
    end = names.index("n") if "n" in names else 0
    if "item" in names[:end]:
        end = names.index("item")
    return {c: row[c] for c in names[:end]}


def nps_view(doc):
    """The nps report as one object: settings, overall, segments (with key and vs_baseline),
    consistency, malformed_rows."""
    secs = sections(doc)
    rows = secs["nps"]
    unscored = secs["unscored"][0]
    view = dict(doc["settings"])
    view["malformed_rows"] = unscored["malformed_rows"]
    overall = dict(rows[-1])
    overall["rejected_by_reason"] = {
        "out_of_range": unscored["out_of_range"], "not_integer": unscored["not_integer"],
        "not_a_number": unscored["not_a_number"], "bad_weight": unscored["bad_weight"],
        "weight_negative": unscored["weight_negative"],
        "weight_invalid": unscored["weight_invalid"]}
    view["overall"] = overall
    if "segment" not in rows[0]:  # --by
        base = {}
        for r in secs.get("baseline", []):
            names = list(r)
            base[tuple((c, r[c]) for c in names[:names.index("diff")])] = r
        segs = []
        for r in rows[:-1]:
            s = dict(r)
            s["key"] = key_of(r)
            if "baseline" in secs:
                b = base.get(tuple(s["key"].items()))
                s["vs_baseline"] = None if b is None or b["diff"] is None else b
            segs.append(s)
        view["segments"] = segs
    if "consistency" in secs:
        c = dict(secs["consistency"][0])
        c["range"], c["sd"] = c["nps_range"], c["nps_sd"]
        view["consistency"] = c
    return view


def _number(text):
    if text in ("", "-"):
        return None
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def sections_json(text):
    doc = json.loads(text)
    return [(s["name"], s["title"], s["rows"]) for s in doc["sections"]]


def sections_csv(text):
    """[(name, rows)]: the blocks after the settings, each row a dict with typed values."""
    out = []
    for block in text.split("\n\n"):
        rows = list(csv.DictReader(io.StringIO(block)))
        if not rows or rows[0]["section"] == "settings":
            continue
        name = rows[0]["section"]
        out.append((name, [{k: _number(v) if k != "section" else v for k, v in r.items()
                            if k != "section"} for r in rows]))
    return out


def sections_markdown(text):
    """[(title, rows of cells)]."""
    out = []
    for part in re.split(r"(?m)^## ", text)[1:]:
        lines = part.splitlines()
        title = lines[0]
        table = [l for l in lines[1:] if l.startswith("|")]
        out.append((title, [[re.sub(r"\\(.)", r"\1", c.strip())
                             for c in l.strip("|").split(" | ")] for l in table[2:]]))
    return out


def sections_table(text, titles):
    """[(title, rows of cells)] for the known section @titles."""
    out = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line in titles:
            rows = []
            for l in lines[i + 3:]:
                if not l.strip():
                    break
                rows.append(l.split())
            out.append((line, rows))
    return out


def trend_view(doc):
    """The trend report as one object: settings, the unscored counts, overall and segments
    with their periods, each period's change as an object (None for the first)."""
    secs = sections(doc)
    view = dict(doc["settings"])
    view.update(secs["unscored"][0])
    series = {}
    for r in secs["periods"]:
        names = list(r)
        key = {c: r[c] for c in names[:names.index("period")]}
        p = dict(r)
        if r["change"] is None:
            p["change"] = None
        elif "nps" in r:
            p["change"] = {"diff": r["change"], "se": r["change_se"], "z": r["change_z"],
                           "p": r["change_p"], "ci_lower": r["change_ci_lower"],
                           "ci_upper": r["change_ci_upper"]}
        else:
            p["change"] = {"mean_diff": r["change"], "mean_p": r["change_p"],
                           "t": r["change_t"], "df": r["change_df"],
                           "good_diff": r["good_change"], "good_p": r["good_change_p"]}
        series.setdefault(tuple(key.items()), (key, []))[1].append(p)
    items = list(series.values())
    view["overall"] = {"periods": items[-1][1]}
    view["segments"] = [{"key": k, "periods": ps} for k, ps in items[:-1]]
    return view


def servqual_view(doc):
    """The servqual report as one object per row subject: settings, then the overall figures
    (scores, answers, "dimensions" with their "items" numbers, "items"), and "segments" (with
    key and vs_baseline: None where there is no comparison) with --by."""
    secs = sections(doc)
    view = dict(doc["settings"])

    def subject(key):
        def mine(rows):
            return [r for r in rows if key_cells(r) == key]
        s = {}
        s.update(mine(secs["scores"])[0])
        s.update(mine(secs["answers"])[0])
        items = mine(secs["items"])
        dims = []
        for d in mine(secs["dimensions"]):
            d = dict(d)
            d["name"] = d["dimension"]
            d["df"] = d["df"]
            for extra in ("reliability", "zone"):
                for r in mine(secs.get(extra, [])):
                    if r["dimension"] == d["name"]:
                        d.update({k: v for k, v in r.items() if k != "dimension"})
            d["items"] = [i["item"] for i in items if i["dimension"] == d["name"]]
            dims.append(d)
        s["dimensions"] = dims
        s["items"] = items
        if "baseline" in secs:
            vs = mine(secs["baseline"])
            s["vs_baseline"] = None if all(v["diff"] is None for v in vs) else [
                dict(v, gap_diff=v["diff"]) for v in vs]
        s["key"] = key
        return s

    firsts = secs["scores"]
    view.update(subject(key_cells(firsts[-1])))
    view["malformed_rows"] = secs["answers"][-1]["malformed_rows"]
    if "segment" not in firsts[0]:
        view["segments"] = [subject(key_cells(r)) for r in firsts[:-1]]
    if "consistency" in secs:
        view["consistency"] = secs["consistency"]
    return view


def key_cells(row):
    """The key cells of a servqual row: the columns before the first figure."""
    out = {}
    for c, v in row.items():
        if c in ("n", "dimension", "item", "respondents"):
            break
        out[c] = v
    return out


def loyalty_view(doc):
    """The loyalty report in its former shape: settings, malformed_rows, "overall" and
    "segments" (with key, "items" by name, interval bounds as *_ci_lower/_upper, vs_baseline
    None where there is no comparison)."""
    secs = sections(doc)
    view = dict(doc["settings"])
    view["malformed_rows"] = secs["unscored"][0]["malformed_rows"]
    base = {}
    for r in secs.get("baseline", []):
        names = list(r)
        base[tuple((c, r[c]) for c in names[:names.index("mean_diff")])] = r

    def subject(row):
        s = dict(row)
        s["key"] = key_of(row)
        for name in ("mean_index", "net_index"):
            s[name + "_ci_lower"] = row[name + "_ci_lower"]
            s[name + "_ci_upper"] = row[name + "_ci_upper"]
        s["items"] = {i["item"]: i for i in secs["items"] if key_of(i) == s["key"]}
        b = base.get(tuple(s["key"].items()))
        s["vs_baseline"] = None if b is None or b["mean_diff"] is None else b
        return s

    rows = secs["loyalty"]
    view["overall"] = subject(rows[-1])
    if "segment" not in rows[0]:
        view["segments"] = [subject(r) for r in rows[:-1]]
    return view


def drivers_view(doc):
    """The drivers report in its former shape: settings ("drivers" as a list), malformed_rows,
    "overall" and "segments" (key, the model's figures, "outcome" counts overall, "drivers" in
    column order, each with its "name")."""
    secs = sections(doc)
    view = dict(doc["settings"])
    names = view["drivers"].split(",")
    view["drivers"] = names
    unscored = secs["unscored"][0]
    view["malformed_rows"] = unscored["malformed_rows"]

    def subject(model):
        s = dict(model)
        s["key"] = key = key_of(model)
        rows = {r["driver"]: dict(r, name=r["driver"]) for r in secs["drivers"]
                if {c: r[c] for c in key} == key}
        s["drivers"] = [rows[n] for n in names]
        return s

    models = secs["model"]
    view["overall"] = subject(models[-1])
    view["overall"]["outcome"] = {"missing": unscored["outcome_missing"],
                                  "rejected": unscored["outcome_rejected"]}
    if "segment" not in models[0]:
        view["segments"] = [subject(m) for m in models[:-1]]
    return view


def rating_view(doc):
    """The csat / ces report as one object: settings (with good and top as before), overall
    (with rejected_by_reason and distribution), segments (key, vs_baseline), consistency."""
    secs = sections(doc)
    rows = secs["rating"]
    unscored = secs["unscored"][0]
    view = dict(doc["settings"])
    view["good"] = [view["good_min"], view["good_max"]]
    view["malformed_rows"] = unscored["malformed_rows"]
    dist = {}
    for r in secs["distribution"]:
        names = list(r)
        key = tuple(r[c] for c in names[:names.index("answer")])
        dist.setdefault(key, {})[str(r["answer"])] = r["count"]

    def with_dist(r):
        s = dict(r)
        s["distribution"] = dist[tuple(key_of(r).values())]
        return s

    overall = with_dist(rows[-1])
    overall["rejected_by_reason"] = {k: unscored[k] for k in (
        "out_of_scale", "not_integer", "not_a_number", "weight_negative", "weight_invalid")}
    view["overall"] = overall
    if "segment" not in rows[0]:  # --by
        base = {}
        for r in secs.get("baseline", []):
            names = list(r)
            base[tuple(r[c] for c in names[:names.index("mean_diff")])] = r
        segs = []
        for r in rows[:-1]:
            s = with_dist(r)
            s["key"] = key_of(r)
            b = base.get(tuple(s["key"].values()))
            s["vs_baseline"] = None if b is None or b["mean_diff"] is None else b
            segs.append(s)
        view["segments"] = segs
    if "consistency" in secs:
        c = {r["test"]: r for r in secs["consistency"]}
        view["consistency"] = {"anova": c["anova"], "welch": c["welch"],
                               "range": c["anova"]["mean_range"], "sd": c["anova"]["mean_sd"]}
    return view


def retention_view(doc):
    """The retention report as one object: settings and the rows left out; overall and segments
    each with its summary figures, periods, cohorts (with --cohorts; share_active lists) and
    revenue_at_risk; detractors (None without --survey); vs_baseline per segment."""
    secs = sections(doc)
    view = dict(doc["settings"])
    unscored = secs["unscored"][0]
    view.update(unscored)
    view["detractors"] = secs["detractors"][0] if "detractors" in secs else None

    def key(r, first):
        names = list(r)
        return tuple((c, r[c]) for c in names[:names.index(first)])

    series = {}
    for r in secs["summary"]:
        s = dict(r)
        s["key"] = dict(key(r, "customers"))
        s["periods"], s["cohorts"] = [], []
        series[key(r, "customers")] = s
    for r in secs["periods"]:
        series[key(r, "period")]["periods"].append(r)
    for r in secs.get("cohorts", []):
        k = [c for c in r if c.startswith("after_")]
        series[key(r, "cohort")]["cohorts"].append(
            {"cohort": r["cohort"], "size": r["size"], "share_active": [r[c] for c in k]})
    for s in series.values():
        last = s["periods"][-1]
        s["revenue_at_risk"] = {"period": last["period"], "churned": s["churned_last"],
                                "revenue_per_period": s["revenue_at_risk"],
                                "lifetime_value_lost": s["lifetime_value_lost"]}
    items = list(series.values())
    overall = items[-1]
    overall["events_without_amount"] = unscored["events_without_amount"]
    overall["rejected_no_customer"] = unscored["rows_without_customer"]
    view["overall"] = overall
    if "segment" not in secs["summary"][0]:  # --by
        base = {key(r, "retention_diff"): r for r in secs.get("baseline", [])}
        for s in items[:-1]:
            b = base.get(tuple(s["key"].items()))
            s["vs_baseline"] = None if b is None or b["retention_diff"] is None else b
        view["segments"] = items[:-1]
    return view


def contacts_view(doc):
    """The contacts report as one object: settings (order as {kind, column}), overall (with
    rejected_by_reason, contacts_per_case and time_to_resolution in seconds, None without
    times), channels, segments (key, time_to_resolution, vs_baseline) and consistency."""
    secs = sections(doc)
    view = dict(doc["settings"])
    view["order"] = {"kind": view["order"], "column": view.pop("order_column")}
    unscored = secs["unscored"][0]
    view["malformed_rows"] = unscored["malformed_rows"]
    times = {}
    for r in secs.get("time_to_resolution", []):
        names = list(r)
        k = tuple((c, r[c]) for c in names[:names.index("resolved")])
        times[k] = {"unit": "seconds", "n": r["resolved"],
                    **{s: None if r[s + "_hours"] is None else r[s + "_hours"] * 3600.0
                       for s in ("median", "p90", "mean")}}

    def figures(r):
        f = dict(r)
        names = list(r)
        k = tuple((c, r[c]) for c in names[:names.index("cases")])
        f["key"] = dict(k)
        f["contacts_per_case"] = {
            "mean": r["contacts_mean"], "sd": r["contacts_sd"], "max": r["contacts_max"],
            "distribution": {"1": r["contacts_1"], "2": r["contacts_2"], "3": r["contacts_3"],
                             "4": r["contacts_4"], "5+": r["contacts_5_plus"]}}
        f["time_to_resolution"] = times.get(k)
        return f

    rows = [figures(r) for r in secs["contacts"]]
    overall = rows[-1]
    overall["rejected"] = unscored["rejected"]
    overall["rejected_by_reason"] = {k: unscored[k] for k in (
        "no_case_id", "order_missing", "order_unreadable")}
    view["overall"] = overall
    view["channels"] = secs["channels"]
    if "segment" not in secs["contacts"][0]:  # --by
        base = {}
        for r in secs.get("baseline", []):
            names = list(r)
            base[tuple((c, r[c]) for c in names[:names.index("fcr_diff")])] = r
        for s in rows[:-1]:
            b = base.get(tuple(s["key"].items()))
            s["vs_baseline"] = None if b is None or b["fcr_diff"] is None else b
        view["segments"] = rows[:-1]
    if "consistency" in secs:
        c = secs["consistency"][0]
        view["consistency"] = {"fcr_chi_square": {"statistic": c["chi_square"], "df": c["df"],
                                                  "p": c["p"]}}
    return view
