#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generates the sample mystery-shopping export, deterministically (standard library only).

    python3 examples/data/generate-audit.py          # rewrites audit-visits.csv next to this script
    python3 examples/data/generate-audit.py --visits 1000000 --items 40 OUT.csv CHECKLIST.ini
                                                     # a large file and its checklist (bench/)

The output is byte-identical on every run (random.Random with a fixed seed). The data are
synthetic: no real store or shopper is behind any row.

audit-visits.csv: 3000 visits scored against retail-checklist.ini (21 items, 6 sections),
2026-01-05 .. 2026-06-30, in date order, to 50 stores (S01..S50) in 5 regions, by 12 shoppers
(two or three per region, two who travel). Columns: visit, date, location, region, shopper, the
item ids, X9 (an item retired from the checklist, still in the export: the reader must report
it), comments. Stores differ in quality, shoppers in harshness (two are clearly harsher or more
lenient), and the second quarter improves a little, so league tables, failing standards and
shopper consistency all show something. Like a real export it is messy: N/A where allowed (and,
a few times, where not), blanks, a few answers outside the item's type ("maybe", "6" on a 1-5
rating, "about 40" seconds), critical items left blank, visits abandoned with nothing answered,
impossible or missing dates and a missing shopper.
"""
import csv
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# id, type, extra: yesno -> (base logit); rating -> (lo, hi, base mean); measure -> (mean seconds)
ITEMS = [
    ("E1", "yesno", 2.2), ("E2", "yesno", 1.5), ("E3", "yesno", 2.8),
    ("A1", "measure", 24.0), ("A2", "rating", (1, 5, 3.9)), ("A3", "yesno", 2.5),
    ("N1", "yesno", 0.6), ("N2", "rating", (1, 5, 3.6)), ("N3", "yesno", 0.1),
    ("N4", "yesno", 3.6),
    ("S1", "rating", (0, 10, 7.6)), ("S2", "yesno", 1.2), ("S3", "yesno", 3.8),
    ("S4", "yesno", 1.9),
    ("C1", "measure", 120.0), ("C2", "yesno", 0.4), ("C3", "yesno", 2.0), ("C4", "yesno", 2.6),
    ("C5", "yesno", 4.0),
    ("F1", "yesno", 1.4), ("F2", "rating", (0, 10, 7.3)),
]
NA_RATE = {"E2": 0.2, "N3": 0.15, "S2": 0.35, "C4": 0.6}
CRITICAL = {"N4", "S3", "C4"}
REGIONS = ["north", "south", "east", "west", "central"]


def logistic(x):
    return 1.0 / (1.0 + math.exp(-x))


def make_world(rng, n_stores, n_regions):
    stores = []
    for s in range(n_stores):
        region = REGIONS[s % n_regions] if n_regions <= len(REGIONS) else "r%02d" % (s % n_regions)
        stores.append(("S%02d" % (s + 1), region, rng.gauss(0.0, 0.6)))
    shoppers = {}
    names = ["ana", "ben", "chloe", "dev", "emma", "farid", "gina", "hugo", "ines", "jon",
             "kofi", "lena"]
    bias = [0.0, -0.9, 0.2, 0.1, -0.1, 0.8, 0.0, 0.15, -0.2, 0.05, 0.1, -0.05]
    for i, region in enumerate(REGIONS[:n_regions] if n_regions <= 5 else REGIONS):
        shoppers[region] = [names[2 * i], names[2 * i + 1]]
    travellers = ["kofi", "lena"]
    return stores, shoppers, travellers, dict(zip(names, bias))


def answer(rng, iid, kind, extra, quality):
    if kind == "yesno":
        return "yes" if rng.random() < logistic(extra + quality) else "no"
    if kind == "rating":
        lo, hi, mean = extra
        v = round(rng.gauss(mean + quality * (hi - lo) / 6.0, (hi - lo) / 6.0))
        return str(min(hi, max(lo, v)))
    # measure: seconds, longer when quality is low
    v = rng.expovariate(1.0 / (extra * math.exp(-0.5 * quality)))
    return str(int(v)) if rng.random() < 0.7 else "%.1f" % v


def sample(path):
    rng = random.Random(17)
    stores, shoppers, travellers, bias = make_world(rng, 50, 5)
    ids = [i[0] for i in ITEMS]
    rows = []
    days = [(m, d) for m in range(1, 7) for d in range(1, 32)
            if not (d > 28 and m == 2) and not (d > 30 and m in (4, 6)) and (m, d) >= (1, 5)]
    for v in range(3000):
        m, d = days[v * len(days) // 3000]
        store, region, q = stores[rng.randrange(len(stores))]
        shopper = rng.choice(travellers) if rng.random() < 0.15 else rng.choice(shoppers[region])
        quality = q + bias[shopper] + (0.25 if m >= 4 else 0.0)
        cells = {}
        for iid, kind, extra in ITEMS:
            if iid in NA_RATE and rng.random() < NA_RATE[iid]:
                cells[iid] = rng.choice(["N/A", "NA", "n/a"])
            else:
                cells[iid] = answer(rng, iid, kind, extra, quality)
            r = rng.random()
            if r < 0.008:
                cells[iid] = ""                       # blank (critical blanks included)
            elif r < 0.010 and iid not in NA_RATE:
                cells[iid] = "N/A"                    # N/A where the checklist allows none
            elif r < 0.0115:
                cells[iid] = {"yesno": "maybe", "rating": "6" if kind == "rating" and
                              extra[1] == 5 else "7a", "measure": "about 40"}[kind]
        date = "2026-%02d-%02d" % (m, d)
        if v in (311, 1777):
            date = "2026-02-30"
        elif v == 2500:
            date = ""
        if v in (905, 2222):
            shopper = ""
        if v in (140, 1603, 2890):                     # abandoned: nothing answered
            cells = {iid: "" for iid in ids}
            if v == 1603:
                cells.update({"E2": "N/A", "S2": "NA"})
        comments = rng.choice(["", "", "", "busy Saturday", "new manager", "queue, 2 tills open",
                               "great help, \"very\" patient", "fitting rooms closed"])
        x9 = "yes" if rng.random() < 0.05 else ""
        rows.append(["V%05d" % (v + 1), date, store, region, shopper] +
                    [cells[i] for i in ids] + [x9, comments])
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["visit", "date", "location", "region", "shopper"] + ids + ["X9", "comments"])
        w.writerows(rows)


def large(path, checklist, n_visits, n_items):
    """A big export for bench/: n_items items (yes/no, ratings and measures), 500 stores."""
    rng = random.Random(40)
    kinds = [ITEMS[i % len(ITEMS)] for i in range(n_items)]
    with open(checklist, "w") as f:
        f.write("[checklist]\nname = Bench checklist\npass_mark = 80\ncritical = section\n\n"
                "[sections]\n")
        for s in range(4):
            f.write("s%d = Section %d\n" % (s, s))
        for i, (iid, kind, extra) in enumerate(kinds):
            f.write("\n[item I%02d]\nsection = s%d\npoints = %d\ntype = %s\n"
                    % (i + 1, i % 4, 1 + i % 5, kind))
            if kind == "rating":
                f.write("scale = %d-%d\npass = %d\n" % (extra[0], extra[1], extra[1] - 1))
            if kind == "measure":
                f.write("target = %g\ncompare = at_most\n" % extra)
            if i % 10 == 0:
                f.write("na = yes\n")
            if i % 13 == 5:
                f.write("critical = yes\n")
    stores = [("L%03d" % s, "R%d" % (s % 10), rng.gauss(0, 0.6)) for s in range(500)]
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["visit", "date", "location", "region", "shopper"] +
                   ["I%02d" % (i + 1) for i in range(n_items)])
        for v in range(n_visits):
            store, region, q = stores[rng.randrange(500)]
            cells = [answer(rng, iid, kind, extra, q) for iid, kind, extra in kinds]
            w.writerow(["V%d" % v, "2026-%02d-%02d" % (1 + v % 12, 1 + v % 28), store, region,
                        "P%02d" % rng.randrange(40)] + cells)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--visits":
        large(sys.argv[5], sys.argv[6], int(sys.argv[2]), int(sys.argv[4]))
    else:
        sample(os.path.join(HERE, "audit-visits.csv"))
