#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reference figures for the exports in this folder, computed with pandas alone (none of
libcxscore's code): each file is read by pandas the way its platform documents it (header rows,
encoding, delimiter), labels are mapped by this script's own table, and NPS (Reichheld 2003:
%promoters 9-10 minus %detractors 0-6), CSAT (top-two-box % and mean on 1-5) and the NPS of each
region are computed, and the NPS by calendar month (UTC) of each platform's
timestamps. Writes expected.json. Run: python3 expected.py (needs pandas)."""
import json
import re

import pandas as pd

CSAT = {"very dissatisfied": 1, "dissatisfied": 2, "neither satisfied nor dissatisfied": 3,
        "satisfied": 4, "very satisfied": 5}
MISSING = {"", "na", "n/a", "-", "#n/a", "nan", "null", "none", ".", "#null!"}
LEADING = re.compile(r"^\s*(\d+)\s*[-=:(.]\s*[A-Za-z]")


def answer(cell, lo, hi, labels=None):
    """('valid', v) / ('missing', None) / ('rejected', None) for one cell."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return "missing", None
    text = str(cell).strip()
    if text.lower() in MISSING:
        return "missing", None
    if re.fullmatch(r"[+-]?\d+", text):
        v = int(text)
    elif labels and text.lower() in labels:
        v = labels[text.lower()]
    elif LEADING.match(text):
        v = int(LEADING.match(text).group(1))
    else:
        return "rejected", None
    return ("valid", v) if lo <= v <= hi else ("rejected", None)


def nps_of(cells):
    got = [answer(c, 0, 10) for c in cells]
    valid = [v for k, v in got if k == "valid"]
    p = sum(v >= 9 for v in valid)
    d = sum(v <= 6 for v in valid)
    return {"n": len(valid), "promoters": p, "detractors": d,
            "missing": sum(k == "missing" for k, _ in got),
            "rejected": sum(k == "rejected" for k, _ in got),
            "nps": 100.0 * (p - d) / len(valid) if valid else None}


def csat_of(cells):
    got = [answer(c, 1, 5, CSAT) for c in cells]
    valid = [v for k, v in got if k == "valid"]
    return {"n": len(valid), "missing": sum(k == "missing" for k, _ in got),
            "rejected": sum(k == "rejected" for k, _ in got),
            "top2_percent": 100.0 * sum(v >= 4 for v in valid) / len(valid),
            "mean": sum(valid) / len(valid)}


def figures(df, nps_col, csat_col, region, malformed):
    by = {}
    for key, part in df.groupby(region, dropna=False):
        by[str(key)] = nps_of(part[nps_col].tolist())
    return {"rows": len(df) + malformed, "malformed": malformed,
            "nps": nps_of(df[nps_col].tolist()), "csat": csat_of(df[csat_col].tolist()),
            "nps_by_region": by}


def by_month(df, nps_col, stamps, fmt):
    """NPS per calendar month (UTC) of a date column, each platform's timestamps read by
    pandas with the format the platform writes (a GMT+h zone as pandas' %z)."""
    text = stamps.str.replace(r"GMT([+-])(\d)$", r"\g<1>0\g<2>00", regex=True)
    months = pd.to_datetime(text, format=fmt, utc=True).dt.strftime("%Y-%m")
    return {m: nps_of(part[nps_col].tolist()) for m, part in df.groupby(months.values)}


def read(path, **kw):
    # keep every cell as text, nothing turned into NaN by pandas' own markers
    return pd.read_csv(path, dtype=str, keep_default_na=False, **kw)


def main():
    out = {}
    q = read("qualtrics.csv", skiprows=[1, 2])  # row 1: ids; rows 2-3: texts and import ids
    out["qualtrics"] = figures(q, "Q1", "Q2", "Q3", 0)
    out["qualtrics"]["nps_by_month"] = by_month(q, "Q1", q["StartDate"], "%Y-%m-%d %H:%M:%S")

    m = read("surveymonkey.csv", header=[0, 1])
    cols = list(m.columns)
    regions = m.iloc[:, 11:14]
    region = regions.apply(lambda r: next((v for v in r if v), ""), axis=1)
    m2 = pd.DataFrame({"nps": m[cols[9]], "csat": m[cols[10]], "region": region})
    out["surveymonkey"] = figures(m2, "nps", "csat", "region", 0)
    out["surveymonkey"]["nps_by_month"] = by_month(m2, "nps", m[cols[2]],
                                                   "%m/%d/%Y %I:%M:%S %p")

    g = read("google-forms.csv", on_bad_lines="skip", engine="python")
    # pandas skips rows with too many fields only; the short row (3 fields) is padded: drop it
    short = g[g.columns[3]].isna()
    g = g[~short]
    out["google-forms"] = figures(g, g.columns[1], g.columns[2], g.columns[3], int(short.sum()))
    out["google-forms"]["nps_by_month"] = by_month(g, g.columns[1], g["Timestamp"],
                                                   "%Y/%m/%d %I:%M:%S %p %z")

    t = read("typeform.csv")
    out["typeform"] = figures(t, t.columns[1], t.columns[2], t.columns[3], 0)
    out["typeform"]["nps_by_month"] = by_month(t, t.columns[1], t["Submit Date (UTC)"],
                                               "%Y-%m-%d %H:%M:%S")

    f = read("microsoft-forms.csv")
    out["microsoft-forms"] = figures(f, f.columns[5], f.columns[6], f.columns[7], 0)
    out["microsoft-forms"]["nps_by_month"] = by_month(f, f.columns[5], f["Completion time"],
                                                      "%m/%d/%Y %H:%M")

    e = read("excel.csv", sep=";", encoding="cp1252")
    out["excel"] = figures(e, "score", "csat", "region", 0)
    w = e.assign(score_v=[answer(c, 0, 10)[1] for c in e["score"]],
                 w=[float(x.replace(",", ".")) for x in e["weight"]]).dropna(subset=["score_v"])
    wp = w.loc[w.score_v >= 9, "w"].sum()
    wd = w.loc[w.score_v <= 6, "w"].sum()
    out["excel"]["nps_weighted"] = 100.0 * (wp - wd) / w["w"].sum()

    u = read("excel-unicode.txt", sep="\t", encoding="utf-16")
    out["excel-unicode"] = figures(u, "score", "csat", "region", 0)

    with open("expected.json", "w") as fh:
        json.dump(out, fh, indent=1, ensure_ascii=False, sort_keys=True)
        fh.write("\n")


if __name__ == "__main__":
    main()
