#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes realistic exports of one survey (an NPS question, a CSAT question, a region) in the
shapes of six platforms (docs/input.md says where each shape comes from). Deterministic
(seeded): run it to regenerate the files; expected.py computes the reference figures.

Each file holds the same 48 responses, with the platform's header rows, metadata columns,
timestamp format and label style, plus what real exports carry: a skipped answer, a "#N/A",
an answer nobody can map ("Very happy"), and (in some files) a malformed row."""
import csv
import datetime
import io
import json
import random

N = 48
REGIONS = ["North", "South", "Téléphone"]
CSAT = ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied",
        "Very satisfied"]
Q_NPS = "How likely are you to recommend Acme to a friend or colleague?"
Q_CSAT = "Overall, how satisfied are you with Acme?"
Q_REGION = "Which region are you in?"
START = datetime.datetime(2026, 1, 5)


def responses():
    rng = random.Random(15)
    out = []
    for i in range(N):
        nps = rng.choice(range(11))
        csat = rng.choice(range(1, 6))
        out.append({"id": 1000 + i, "nps": nps, "csat": csat, "region": rng.choice(REGIONS),
                    "weight": round(rng.uniform(0.4, 1.6), 2),
                    # one every 89 hours from 2026-01-05: January to June (trend by month)
                    "minute": 89 * 60 * i + rng.randrange(60)})
    # what real exports carry
    out[3]["nps"] = None            # skipped
    out[7]["nps"] = "#N/A"          # a spreadsheet's missing marker
    out[11]["csat"] = "Very happy"  # a label no scale knows: rejected
    out[13]["csat"] = None
    # 2026-03-01 00:30 on the clock: still February in UTC where the clock is GMT+2 (Google)
    out[14]["minute"] = int((datetime.datetime(2026, 3, 1, 0, 30) - START).total_seconds() // 60)
    return out


def nps_label(v, style):
    if v is None or isinstance(v, str):
        return "" if v is None else v
    if style == "ends" and v in (0, 10):
        return f"{v} - {'Extremely likely' if v == 10 else 'Not at all likely'}"
    return str(v)


def csat_label(v):
    if v is None or isinstance(v, str):
        return "" if v is None else v
    return CSAT[v - 1]


def clock(minute, fmt):
    """The wall-clock time START + minute as the platform writes it (Google Forms: the form
    owner's zone, here GMT+2; the others: UTC)."""
    t = START + datetime.timedelta(minutes=minute)
    h12 = t.hour % 12 or 12
    ampm = "AM" if t.hour < 12 else "PM"
    if fmt == "google":  # local time GMT+2
        return f"{t.year}/{t.month:02d}/{t.day:02d} {h12}:{t.minute:02d}:00 {ampm} GMT+2"
    if fmt == "monkey":
        return f"{t.month:02d}/{t.day:02d}/{t.year} {h12:02d}:{t.minute:02d}:00 {ampm}"
    if fmt == "msforms":
        return f"{t.month}/{t.day}/{t.year} {t.hour}:{t.minute:02d}"
    return t.strftime("%Y-%m-%d %H:%M:%S")


def write(name, rows, delimiter=",", encoding="utf-8", newline="\n"):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    w.writerows(rows)
    data = buf.getvalue()
    with open(name, "wb") as f:
        if encoding == "utf-16":
            f.write(b"\xff\xfe" + data.encode("utf-16-le"))
        else:
            f.write(data.encode(encoding))


def main():
    rs = responses()
    # Qualtrics: ids, question texts, import ids; metadata first; numeric NPS, CSAT as text.
    rows = [["StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)", "Finished",
             "RecordedDate", "ResponseId", "Q1", "Q2", "Q3"],
            ["Start Date", "End Date", "Response Type", "Progress", "Duration (in seconds)",
             "Finished", "Recorded Date", "Response ID", Q_NPS, Q_CSAT, Q_REGION],
            ['{"ImportId":"startDate","timeZone":"Z"}',
             '{"ImportId":"endDate","timeZone":"Z"}', '{"ImportId":"status"}',
             '{"ImportId":"progress"}', '{"ImportId":"duration"}', '{"ImportId":"finished"}',
             '{"ImportId":"recordedDate","timeZone":"Z"}',
             '{"ImportId":"_recordId"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2"}',
             '{"ImportId":"QID3"}']]
    for r in rs:
        t = clock(r["minute"], "iso")
        rows.append([t, t, "IP Address", "100", "83", "True", t, f"R_{r['id']}",
                     nps_label(r["nps"], "plain"), csat_label(r["csat"]), r["region"]])
    write("qualtrics.csv", rows, newline="\r\n")

    # SurveyMonkey: question text row, then option / "Response" row; region one column per option.
    head1 = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
             "Email Address", "First Name", "Last Name", "Custom Data 1", Q_NPS, Q_CSAT,
             Q_REGION, "", ""]
    head2 = ["", "", "", "", "", "", "", "", "", "Response", "Response"] + REGIONS
    rows = [head1, head2]
    for r in rs:
        t = clock(r["minute"], "monkey")
        region = [r["region"] if r["region"] == g else "" for g in REGIONS]
        rows.append([str(r["id"]), "4242", t, t, "", "", "", "", "",
                     nps_label(r["nps"], "ends"), csat_label(r["csat"])] + region)
    write("surveymonkey.csv", rows)

    # Google Forms: Timestamp first, the question texts as headers, labelled scale ends.
    rows = [["Timestamp", Q_NPS, Q_CSAT, Q_REGION]]
    for r in rs:
        rows.append([clock(r["minute"], "google"), nps_label(r["nps"], "ends"),
                     csat_label(r["csat"]), r["region"]])
    rows.insert(20, rows[20][:3])  # a row cut short by a hand edit: malformed
    write("google-forms.csv", rows)

    # Typeform: "#" token first, questions, then Response Type, the dates (UTC, as
    # YYYY-MM-DD hh:mm:ss; Stage Date blank for a completed response) and Network ID.
    rows = [["#", Q_NPS, Q_CSAT, Q_REGION, "Response Type", "Start Date (UTC)",
             "Stage Date (UTC)", "Submit Date (UTC)", "Network ID"]]
    for r in rs:
        t = clock(r["minute"], "iso")
        rows.append([f"tok{r['id']}", nps_label(r["nps"], "plain"), csat_label(r["csat"]),
                     r["region"], "completed", t, "", t, "a1b2c3"])
    write("typeform.csv", rows)

    # Microsoft Forms (Excel workbook saved as CSV): ID, times, Email, Name, questions.
    rows = [["ID", "Start time", "Completion time", "Email", "Name", Q_NPS, Q_CSAT, Q_REGION]]
    for r in rs:
        t = clock(r["minute"], "msforms")
        rows.append([str(r["id"] - 999), t, t, "anonymous", "", nps_label(r["nps"], "plain"),
                     csat_label(r["csat"]), r["region"]])
    write("microsoft-forms.csv", rows, newline="\r\n")

    # Excel "CSV (semicolon)", Windows-1252, decimal comma weights.
    rows = [["id", "score", "csat", "region", "weight"]]
    for r in rs:
        rows.append([str(r["id"]), nps_label(r["nps"], "plain"), csat_label(r["csat"]),
                     r["region"], str(r["weight"]).replace(".", ",")])
    write("excel.csv", rows, delimiter=";", encoding="cp1252", newline="\r\n")
    # Excel "Unicode text": UTF-16LE with a byte-order mark, tab-separated.
    write("excel-unicode.txt", [row[:4] for row in rows], delimiter="\t", encoding="utf-16",
          newline="\r\n")

    with open("truth.json", "w") as f:  # what the generator put in, for the record
        json.dump(rs, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
