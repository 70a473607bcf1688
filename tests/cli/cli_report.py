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
