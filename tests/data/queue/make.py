#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes survey.csv (240 responses, seeded, and a bad row of every kind), values.csv, rules.txt,
and the expected call-back queues of `cxscore followup`, computed here with pandas from the
rules of docs/followup.md ("Call-back queue"), independently of the library:

    /usr/bin/python3 tests/data/queue/make.py   # rewrites every file here

expected-rules.csv   every row of survey.csv that rules.txt matches, with the line of the first
                     rule that matches (the rules are written out below as pandas expressions)
expected-nps.csv     --nps score --value values.csv --now NOW: the whole queue
expected-mixed.csv   --csat csat --ces ces --rules rules.txt --value values.csv --now NOW
                     --wait-scale 12 --top 15
expected-orders.csv  --nps score --orders orders.csv --value-period 90 --now NOW: the value is
                     the customer's revenue in the 90 days ending on the day of NOW
expected-clv.csv     --nps score --orders orders.csv --clv-retention 0.8 --clv-discount 0.05
                     --clv-margin 0.3 --now NOW --top 12: the value is the CLV of Gupta &
                     Lehmann (2003), m r / (1 + i - r), m = 0.3 x the revenue of 365 days
expected-*.txt       the summary and rejection counts of the runs
orders.csv           an orders log (customer_id, order_date, amount), seeded apart from the
                     survey, with a bad order of every kind
Priority: value x (1 + waited / scale); order: priority descending, then line ascending."""
import os
import random

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = pd.Timestamp("2026-03-01T00:00:00Z")
CHANNELS = ["phone", "web", "email", "store"]
REGIONS = ["north", "south", "east", "west"]
COMMENTS = ["", "", "", "slow delivery", "rude agent, \"never again\"", "billing error",
            "could not log in", "great", "waited 40 minutes", "  "]


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_inputs(rng):
    rows = []
    for i in range(240):
        t = NOW - pd.Timedelta(seconds=rng.randint(60, 9 * 86400))
        rows.append({
            "response_id": f"R{i:04d}",
            "customer_id": f"C{rng.randint(1, 90):03d}",
            "responded_at": iso(t),
            "score": str(rng.choice(range(11))) if rng.random() < 0.95 else "",
            "csat": str(rng.randint(1, 5)) if rng.random() < 0.9 else "NA",
            "ces": str(rng.randint(1, 7)) if rng.random() < 0.9 else "",
            "channel": rng.choice(CHANNELS),
            "region": rng.choice(REGIONS),
            "comment": rng.choice(COMMENTS),
        })
    # Two responses of one customer at one time: equal priorities, ranked by line.
    rows[11].update(customer_id="C007", responded_at=iso(NOW - pd.Timedelta(days=2)), score="1")
    rows[12].update(customer_id="C007", responded_at=iso(NOW - pd.Timedelta(days=2)), score="1")
    day = iso(NOW - pd.Timedelta(days=1))
    bad = [  # each flagged (score 2, csat 1) unless said
        {"response_id": "", "responded_at": day},                            # no_id
        {"response_id": "B0001", "responded_at": "2026-02-30T00:00:00Z"},    # bad_time
        {"response_id": "B0002", "responded_at": ""},                        # bad_time
        {"response_id": "B0003", "responded_at": iso(NOW + pd.Timedelta(hours=2))},  # future
        {"response_id": "R0011", "responded_at": day},                       # duplicate
        {"response_id": "B0004", "responded_at": day, "score": "11", "csat": "9"},  # bad_score
        {"response_id": "B0005", "responded_at": day, "score": "x", "csat": "4"},   # bad_score
    ]
    for b in bad:
        row = {"customer_id": "C001", "score": "2", "csat": "1", "ces": "2", "channel": "phone",
               "region": "north", "comment": "bad row"}
        row.update(b)
        rows.append(row)
    survey = pd.DataFrame(rows, columns=list(rows[0].keys()))
    survey.to_csv(os.path.join(HERE, "survey.csv"), index=False)
    # Values for most customers (some are missing: their value is 0, counted).
    custs = [f"C{c:03d}" for c in range(1, 91) if c % 9 != 0]
    values = pd.DataFrame({"customer": custs,
                           "value": [round(rng.uniform(50, 5000), 2) for _ in custs]})
    values.to_csv(os.path.join(HERE, "values.csv"), index=False)
    with open(os.path.join(HERE, "rules.txt"), "w") as f:
        f.write("# Call back phone detractors, unhappy customers in the north, and hard\n"
                "# journeys with something to say.\n"
                "score <= 6 and channel = phone\n"
                "\n"
                "csat <= 2 and region = \"north\"   # a quoted string\n"
                "ces < 3 AND comment != ''\n"
                "\"score\" == 10 and comment = 'great' and region <> west\n")


def read_survey():
    return pd.read_csv(os.path.join(HERE, "survey.csv"), dtype=str, keep_default_na=False)


def num(s):
    """cx_cell_parse_number(): blank and NA are missing, other text is not a number (NaN)."""
    return pd.to_numeric(s.str.strip(" \t"), errors="coerce")


def rule_matches(df):
    """rules.txt as pandas; the first matching rule's line, 0 for none."""
    score, csat, ces = num(df["score"]), num(df["csat"]), num(df["ces"])
    text = {c: df[c].str.strip(" \t") for c in ["channel", "region", "comment"]}
    rules = [
        (3, (score <= 6) & (text["channel"] == "phone")),
        (5, (csat <= 2) & (text["region"] == "north")),
        (6, (ces < 3) & (text["comment"] != "")),
        (7, (score == 10) & (text["comment"] == "great") & (text["region"] != "west")),
    ]
    line = pd.Series(0, index=df.index)
    for ln, mask in reversed(rules):
        line = line.where(~mask.fillna(False), ln)
    return line


def queue(df, criteria, rules, scale_h, top, value_of=None, bad=None):
    if value_of is None:
        values = pd.read_csv(os.path.join(HERE, "values.csv"), dtype={"customer": str})
        value_of = dict(zip(values["customer"], values["value"]))
    rule_line = rule_matches(df) if rules else pd.Series(0, index=df.index)
    bad = dict(bad or {})
    seen = set()
    out = []
    no_value = flagged = 0

    def reject(why, line):
        n, first = bad.get(why, (0, line))
        bad[why] = (n + 1, first)

    for i, row in df.iterrows():
        line = i + 2
        reason = ""
        for name, col, lo, hi, scale_lo, scale_hi in criteria:
            cell = row[col].strip(" \t")
            if cell in ("", "NA", "N/A", "-"):
                continue
            try:
                v = float(cell)
            except ValueError:
                v = None
            if v is None or not scale_lo <= v <= scale_hi:
                reject("bad_score", line)
                continue
            if lo <= v <= hi and not reason:
                reason = name
        if not reason and rule_line[i]:
            reason = f"rule line {rule_line[i]}"
        if not reason:
            continue
        flagged += 1
        t = pd.to_datetime(row["responded_at"], utc=True, errors="coerce")
        if row["response_id"] == "":
            reject("no_id", line)
            continue
        if pd.isna(t):
            reject("bad_time", line)
            continue
        if t > NOW:
            reject("future", line)
            continue
        if row["response_id"] in seen:
            reject("duplicate", line)
            continue
        seen.add(row["response_id"])
        value = value_of.get(row["customer_id"])
        if value is None:
            no_value += 1
            value = 0.0
        waited = (NOW - t).total_seconds()
        out.append({"response_id": row["response_id"], "customer_id": row["customer_id"],
                    "line": line, "reason": reason, "value": value,
                    "waited_hours": waited / 3600.0,
                    "priority": value * (1.0 + waited / (scale_h * 3600.0)),
                    "comment": row["comment"]})
    q = pd.DataFrame(out).sort_values(["priority", "line"], ascending=[False, True])
    queued = len(q)
    if top:
        q = q.head(top)
    q.insert(0, "rank", range(1, len(q) + 1))
    summary = {"responses": len(df), "to_call_back": flagged, "queued": queued,
               "listed": len(q), "without_value": no_value}
    return q, summary, bad


def write_expected(name, q, summary, bad):
    q.to_csv(os.path.join(HERE, f"expected-{name}.csv"), index=False, float_format="%.10g")
    with open(os.path.join(HERE, f"expected-{name}.txt"), "w") as f:
        f.write("# summary: responses to_call_back queued listed without_value\n")
        f.write("summary " + " ".join(str(summary[k]) for k in
                                     ["responses", "to_call_back", "queued", "listed",
                                      "without_value"]) + "\n")
        f.write("# rejected REASON COUNT FIRST_LINE\n")
        for why in sorted(bad):
            f.write(f"rejected {why} {bad[why][0]} {bad[why][1]}\n")


def write_orders(rng):
    """Orders of C001-C090 from 2024-09 to the day of NOW; customers C0x0 have none, C0x5 only
    before the last year; then one bad order of each kind."""
    rows = []
    first = pd.Timestamp("2024-09-01")
    span = (NOW.tz_localize(None).normalize() - first).days
    for c in range(1, 91):
        if c % 10 == 0:
            continue
        for _ in range(rng.randint(1, 8)):
            day = first + pd.Timedelta(days=rng.randint(0, span if c % 10 != 5 else 150))
            amount = f"{rng.uniform(5, 400):.2f}" if rng.random() < 0.95 else ""
            rows.append({"customer_id": f"C{c:03d}", "order_date": day.strftime("%Y-%m-%d"),
                         "amount": amount})
    # The edges of the 90-day window ending 2026-03-01: 2025-12-01 is in, 2025-11-30 out.
    rows += [{"customer_id": "C001", "order_date": "2025-12-01", "amount": "1000"},
             {"customer_id": "C001", "order_date": "2025-11-30", "amount": "2000"},
             {"customer_id": "C002", "order_date": "2026-03-01", "amount": "500"}]
    rows += [{"customer_id": "", "order_date": "2026-01-10", "amount": "10"},   # no customer
             {"customer_id": "C003", "order_date": "2026-02-30", "amount": "10"},  # bad date
             {"customer_id": "C003", "order_date": "", "amount": "10"},            # no date
             {"customer_id": "C003", "order_date": "2026-01-10", "amount": "ten"},  # bad amount
             {"customer_id": "C003", "order_date": "2026-01-10", "amount": "-5"},   # negative
             {"customer_id": "C003", "order_date": "2026-03-02", "amount": "10"}]   # future
    pd.DataFrame(rows).to_csv(os.path.join(HERE, "orders.csv"), index=False)


def order_values(days, clv=None):
    """Each customer's revenue in the `days` days ending on the day of NOW (or its CLV with
    clv = (r, i, margin share)), from orders.csv as docs/followup.md reads it, and the rejected
    orders by reason (count, first line)."""
    o = pd.read_csv(os.path.join(HERE, "orders.csv"), dtype=str, keep_default_na=False)
    today = NOW.tz_localize(None).normalize()
    value_of, bad = {}, {}
    for i, row in o.iterrows():
        line = i + 2
        date = pd.to_datetime(row["order_date"], format="%Y-%m-%d", errors="coerce")
        amount = 0.0 if row["amount"] == "" else pd.to_numeric(row["amount"], errors="coerce")
        why = ("order_bad_date" if pd.isna(date) else "order_bad_amount" if pd.isna(amount)
               else "order_no_customer" if row["customer_id"] == ""
               else "order_negative_amount" if amount < 0
               else "order_future" if date > today else None)
        if why:
            n, first = bad.get(why, (0, line))
            bad[why] = (n + 1, first)
            continue
        in_window = date > today - pd.Timedelta(days=days)
        value_of[row["customer_id"]] = value_of.get(row["customer_id"], 0.0) + \
            (amount if in_window else 0.0)
    if clv:
        r, i, m = clv
        value_of = {c: m * v * r / (1 + i - r) for c, v in value_of.items()}
    return value_of, bad


def main():
    write_inputs(random.Random(18))
    df = read_survey()
    matched = rule_matches(df)
    pd.DataFrame({"line": df.index + 2, "rule_line": matched})[matched > 0].to_csv(
        os.path.join(HERE, "expected-rules.csv"), index=False)
    nps = [("nps", "score", 0, 6, 0, 10)]
    write_expected("nps", *queue(df, nps, False, 24.0, 0))
    mixed = [("csat", "csat", 1, 2, 1, 5), ("ces", "ces", 1, 3, 1, 7)]
    write_expected("mixed", *queue(df, mixed, True, 12.0, 15))
    write_orders(random.Random(1818))
    values, bad = order_values(90)
    write_expected("orders", *queue(df, nps, False, 24.0, 0, values, bad))
    values, bad = order_values(365, (0.8, 0.05, 0.3))
    write_expected("clv", *queue(df, nps, False, 24.0, 12, values, bad))


if __name__ == "__main__":
    main()
