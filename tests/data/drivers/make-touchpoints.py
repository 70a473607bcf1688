#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes touchpoints.csv: 60 synthetic respondents for tests/test-drivers.c (run once; the
file is checked in). Four touchpoint ratings (1-5, 1-5, 1-10, 1-5) related to a latent
satisfaction, the 0-10 recommend answer, blanks, and whole-number weights 1-3."""
import random

r = random.Random(5)
rows = []
for i in range(60):
    lat = r.gauss(0, 1)
    a = min(5, max(1, round(3.4 + 0.9 * lat + r.gauss(0, 0.8))))
    b = min(5, max(1, round(3.0 + 0.5 * lat + r.gauss(0, 1.0))))
    c = min(10, max(1, round(6.5 + 1.6 * lat + r.gauss(0, 1.4))))
    d = min(5, max(1, round(3.6 + 0.3 * lat + 0.4 * (a - 3) + r.gauss(0, 0.9))))
    y = min(10, max(0, round(7.0 + 1.5 * lat + 0.3 * (b - 3) + r.gauss(0, 1.2))))
    cells = [str(a), str(b), str(c), str(d), str(y)]
    for j in range(5):
        if r.random() < (0.05 if j == 4 else 0.1):
            cells[j] = ""
    rows.append(cells + [str(r.choice([1, 1, 2, 3]))])
with open("touchpoints.csv", "w") as f:
    f.write("tp_a,tp_b,tp_c,tp_d,y,w\n")
    for row in rows:
        f.write(",".join(row) + "\n")
