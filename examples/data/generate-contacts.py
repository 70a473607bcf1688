#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generates the bundled sample contact log, deterministically (standard library only).

    python3 examples/data/generate-contacts.py      # rewrites contacts.csv next to this script

The output is byte-identical on every run and Python 3 version (random.Random with a fixed seed,
integer arithmetic for times). The data are synthetic: no real customer is behind any row.

contacts.csv: the contact log of a customer-service operation, one row per contact, about 1500
cases opened 2026-01-01 .. 2026-09-30, exported on 2026-09-30 in time order:
  case_id, customer_id (some customers open several cases), contact_time, channel (phone, chat,
  email, store, self-service: the web self-service portal), issue (billing, technical, moving,
  cancellation), resolved (yes/no: did this contact resolve the case?).
Behaviour:
  - the first channel depends on the issue (cancellations go to the phone or the store,
    billing questions often start in self-service);
  - each contact resolves the case with a probability that depends on the channel (self-service
    rarely, the store and the phone most often) and the issue (technical is hardest), a little
    higher on each later contact;
  - a contact that does not resolve is followed by another one after a delay (minutes after a
    failed self-service session, about a day for e-mail, a day or two otherwise), usually in a
    "richer" channel: failed self-service leads mostly to the phone or chat;
  - some customers give up (the case stays unresolved); a few resolved cases come back
    (reopened) and a few of those are resolved a second time;
  - contacts after the export date are not in the file, so recent cases may look unresolved.
  - times come from two systems: "YYYY-MM-DD hh:mm:ss" (local time, read as UTC), and the chat
    platform's "YYYY-MM-DDThh:mm:ssZ".
  Like a real export it is a little messy: a few blank resolved flags and one "?", one
  impossible timestamp (30 February), one blank timestamp and one row without a case id.
"""
import csv
import datetime
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20260930)

START = datetime.datetime(2026, 1, 1)
END = datetime.datetime(2026, 9, 30, 23, 59, 59)
SPAN = int((END - START).total_seconds())
N_CASES = 1500
N_CUSTOMERS = 1150

ISSUES = {"billing": 0.35, "technical": 0.35, "moving": 0.15, "cancellation": 0.15}
FIRST_CHANNEL = {
    "billing": {"self-service": 0.30, "phone": 0.30, "chat": 0.20, "email": 0.15, "store": 0.05},
    "technical": {"self-service": 0.25, "phone": 0.35, "chat": 0.25, "email": 0.10,
                  "store": 0.05},
    "moving": {"self-service": 0.20, "phone": 0.35, "email": 0.20, "chat": 0.10, "store": 0.15},
    "cancellation": {"phone": 0.50, "store": 0.20, "chat": 0.15, "email": 0.10,
                     "self-service": 0.05},
}
RESOLVE = {"phone": 0.72, "store": 0.78, "chat": 0.62, "email": 0.50, "self-service": 0.35}
ISSUE_FACTOR = {"billing": 1.05, "technical": 0.80, "moving": 0.95, "cancellation": 0.90}
NEXT_CHANNEL = {  # after a contact that did not resolve
    "self-service": {"phone": 0.55, "chat": 0.30, "self-service": 0.10, "email": 0.05},
    "email": {"email": 0.45, "phone": 0.40, "chat": 0.15},
    "chat": {"chat": 0.40, "phone": 0.50, "email": 0.10},
    "phone": {"phone": 0.75, "store": 0.10, "chat": 0.10, "email": 0.05},
    "store": {"store": 0.40, "phone": 0.60},
}
MEAN_DELAY = {  # seconds until the next contact after this channel failed
    "self-service": 2 * 3600, "email": 26 * 3600, "chat": 30 * 3600, "phone": 40 * 3600,
    "store": 48 * 3600}
GIVE_UP = 0.15
MAX_CONTACTS = 7


def pick(weights):
    r, acc = rng.random(), 0.0
    for key, w in weights.items():
        acc += w
        if r < acc:
            return key
    return key


def office_hours(t, channel):
    """Moves a time (seconds from START) into 08:00-20:00 for staffed channels."""
    if channel in ("self-service", "email"):
        return t
    day, sec = divmod(t, 86400)
    if sec < 8 * 3600:
        sec = 8 * 3600 + rng.randrange(3 * 3600)
    elif sec >= 20 * 3600:
        day, sec = day + 1, 8 * 3600 + rng.randrange(3 * 3600)
    return day * 86400 + sec


def delay(channel):
    return max(60, int(rng.expovariate(1.0 / MEAN_DELAY[channel])))


def case_contacts(issue):
    """[(seconds from START, channel, resolved)] of one case."""
    t = office_hours(rng.randrange(SPAN), "phone")
    channel = pick(FIRST_CHANNEL[issue])
    out = []
    resolved_at = None
    for k in range(MAX_CONTACTS):
        p = min(0.95, RESOLVE[channel] * ISSUE_FACTOR[issue] + 0.05 * k)
        ok = rng.random() < p
        out.append((t, channel, ok))
        if ok:
            resolved_at = len(out)
            break
        if rng.random() < GIVE_UP:
            break
        t = office_hours(t + delay(channel), channel)
        channel = pick(NEXT_CHANNEL[channel])
    if resolved_at is not None and rng.random() < 0.04:
        # The issue comes back: a contact that does not resolve, and half the time one that does.
        t = office_hours(t + 86400 * (1 + rng.randrange(10)), "phone")
        channel = pick({"phone": 0.6, "chat": 0.3, "email": 0.1})
        out.append((t, channel, False))
        if rng.random() < 0.5:
            t = office_hours(t + delay(channel), channel)
            out.append((t, channel, True))
    return [c for c in out if c[0] <= SPAN]


def stamp(t, channel):
    d = START + datetime.timedelta(seconds=t)
    if channel == "chat":
        return d.strftime("%Y-%m-%dT%H:%M:%SZ")
    return d.strftime("%Y-%m-%d %H:%M:%S")


def main():
    rows = []
    for i in range(N_CASES):
        case_id = f"CS-{i + 1:05d}"
        customer = f"CU-{rng.randrange(N_CUSTOMERS) + 1:05d}"
        issue = pick(ISSUES)
        for t, channel, ok in case_contacts(issue):
            rows.append([t, case_id, customer, stamp(t, channel), channel, issue,
                         "yes" if ok else "no"])
    rows.sort(key=lambda r: (r[0], r[1]))
    rows = [r[1:] for r in rows]
    # The messy part: distinct rows chosen by the generator.
    messy = rng.sample(range(len(rows)), 7)
    for j in messy[:3]:
        rows[j][5] = ""                      # resolved flag left blank
    rows[messy[3]][5] = "?"                  # resolved flag unreadable
    rows[messy[4]][2] = "2026-02-30 14:05:00"  # no such day
    rows[messy[5]][2] = ""                   # timestamp missing
    rows[messy[6]][0] = ""                   # case id missing
    with open(os.path.join(HERE, "contacts.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["case_id", "customer_id", "contact_time", "channel", "issue", "resolved"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
