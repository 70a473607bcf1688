#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generates the bundled sample order log, deterministically (standard library only).

    python3 examples/data/generate-orders.py        # rewrites orders.csv next to this script

orders.csv: the purchases of the sample survey's customers, 2025-01-01 .. 2026-09-30, one row per
order, in date order: order_id, customer_id, order_date, channel (web, app, phone, store), amount.
Customers are the respondents of survey.csv (respondent_id = customer_id) plus customers who
never answered the survey. Each customer joins in some month, then stays from one month to the
next with a probability that depends on how they answered the survey (detractors leave more
often, promoters less), sometimes come back after a gap, and place 1-3 orders in an active month.
So `cxscore retention orders.csv --survey survey.csv` shows detractors' revenue at risk.
Like a real export it is a little messy: a few orders without a customer id, with a date that
is not a date, an amount that is blank or "N/A", and refunds (negative amounts).
The output is byte-identical on every run (random.Random with a fixed seed); synthetic data.
"""
import csv
import datetime
import os

import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261201)

MONTHS = [(2025 + (m // 12), m % 12 + 1) for m in range(21)]  # 2025-01 .. 2026-09
CHANNELS = ["web", "app", "phone", "store"]


def survey_scores():
    scores = {}
    with open(os.path.join(HERE, "survey.csv"), newline="") as f:
        for row in csv.DictReader(f):
            try:
                scores[row["respondent_id"]] = int(row["score"])
            except ValueError:
                scores[row["respondent_id"]] = None
    return scores


def main():
    scores = survey_scores()
    customers = sorted(scores) + [f"C{i:05d}" for i in range(1, 501)]
    orders = []
    for cid in customers:
        score = scores.get(cid)
        stay = {None: 0.86, "d": 0.78, "p": 0.86, "P": 0.93}[
            None if score is None else "d" if score <= 6 else "p" if score <= 8 else "P"]
        start = rng.randrange(len(MONTHS) - 1)
        home = rng.choice(CHANNELS)
        active, m = True, start
        while m < len(MONTHS):
            if active:
                year, month = MONTHS[m]
                for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
                    day = rng.randint(1, 28)
                    channel = home if rng.random() < 0.8 else rng.choice(CHANNELS)
                    amount = round(rng.lognormvariate(3.8, 0.6), 2)
                    orders.append([datetime.date(year, month, day), cid, channel, amount])
                active = rng.random() < stay
            else:
                active = rng.random() < 0.05  # comes back
            m += 1
    orders.sort(key=lambda o: (o[0], o[1]))
    rows = []
    for i, (day, cid, channel, amount) in enumerate(orders, 1):
        rows.append([f"O{i:06d}", cid, day.isoformat(), channel, f"{amount:.2f}"])
    # A little mess, at fixed places.
    for k in range(0, len(rows), 2477):
        rows[k][1] = ""                      # no customer id
    for k in range(311, len(rows), 5113):
        rows[k][2] = "2026-02-30"            # not a date
    for k in range(53, len(rows), 997):
        rows[k][4] = f"-{rows[k][4]}"         # a refund
    for k in range(97, len(rows), 1931):
        rows[k][4] = rng.choice(["", "N/A"])  # no amount
    with open(os.path.join(HERE, "orders.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["order_id", "customer_id", "order_date", "channel", "amount"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
