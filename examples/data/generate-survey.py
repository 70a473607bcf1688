#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generates the bundled sample survey exports, deterministically (standard library only).

    python3 examples/data/generate-survey.py        # rewrites the files next to this script

The output is byte-identical on every run and Python 3 version (random.Random with a fixed seed).
The data are synthetic: no real respondent is behind any row.

survey.csv: 3000 answers to a customer-experience survey, 2026-01-01 .. 2026-09-30, one row per
respondent, in date order:
  respondent_id, date, period (calendar quarter, 2026-Q1..Q3), channel (web, app, phone, store),
  region (north, south, east, west), journey_stage (onboarding, billing, support, renewal),
  score (0-10 "How likely are you to recommend us?"), weight (post-stratification-like, 0.3-3),
  e1..e22 and p1..p22 (SERVQUAL 1991 expectations and perceptions, 1-7), w1..w5 (100 points of
  importance over tangibles, reliability, responsiveness, assurance, empathy).
  About 60 % of respondents got the SERVQUAL module; the others have blanks there.
  Segments really differ (phone worse, app better; the third quarter improves), so
  `cxscore nps survey.csv --by channel` and `--baseline period=2026-Q1` show something.
  Like a real export it is a little messy, so reports show missing and rejected counts: ~2 %
  blank scores, some "N/A", one "11", one "7a", one "6.5" (never rounded into a category); a few
  out-of-scale SERVQUAL answers (0, 8) and importance allocations that do not sum to 100.
  csat (1-5 satisfaction with the last interaction) and ces (CES 2.0, 1-7 "the company made it
  easy for me to handle my issue") follow the same segment differences (phone effort is worst),
  with blanks and a few off-scale values; they come from a second generator so that adding them
  left every other column unchanged. repurchase and cross_buy (0-10 likelihood to buy again /
  to buy other products) complete, with score, the three answers of the loyalty index; they
  too come from a generator of their own.
  tp_website, tp_wait, tp_agent, tp_billing and tp_delivery rate five touchpoints of the
  journey (1-5 satisfaction; tp_wait is 1-10), for `cxscore drivers`: each follows the
  respondent's overall experience and, more or less strongly, the part of their recommend answer
  that the channel and period do not explain (the agent and the wait matter most, the website
  least). They are blank where a respondent did not meet the touchpoint (most web and app
  customers never talk to an agent), with a few "N/A" and one "ten" (text: rejected). A fifth
  generator of their own keeps every other column byte-identical.

bank-survey.csv: 400 answers for the adapted instrument bank-instrument.ini (1-5 scale,
  0 = not applicable, items 3 and 7 negatively worded): respondent_id, branch, e1..e7, p1..p7,
  w1, w2.
"""
import csv
import datetime
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261125)
loyalty_rng = random.Random(20261126)  # csat/ces only: other columns do not depend on it
intent_rng = random.Random(20261127)   # repurchase/cross_buy only, likewise
driver_rng = random.Random(20261128)   # tp_* touchpoint ratings only, likewise

CHANNELS = {  # (share of respondents, shift of the latent satisfaction)
    "web": (0.35, 0.0), "app": (0.25, 0.6), "phone": (0.25, -1.1), "store": (0.15, 0.3)}
REGIONS = ["north", "south", "east", "west"]
STAGES = ["onboarding", "billing", "support", "renewal"]
DIMENSIONS = [range(1, 5), range(5, 10), range(10, 14), range(14, 18), range(18, 23)]
# Mean gaps by dimension: reliability and responsiveness fall shortest, as usual.
DIM_SHIFT = [-0.1, -0.9, -0.8, -0.2, -0.5]


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def pick(weights):
    r, acc = rng.random(), 0.0
    for key, w in weights.items():
        acc += w
        if r < acc:
            return key
    return key


def nps_answer(latent):
    return int(clamp(round(rng.gauss(7.4 + latent, 2.1)), 0, 10))


def servqual_block(latent, out_of_scale):
    e, p = [], []
    for d, items in enumerate(DIMENSIONS):
        exp_level = rng.gauss(6.0, 0.5)
        perf_level = exp_level + DIM_SHIFT[d] + 0.5 * latent + rng.gauss(0, 0.6)
        for _ in items:
            e.append(clamp(round(rng.gauss(exp_level, 0.55)), 1, 7))
            p.append(clamp(round(rng.gauss(perf_level, 0.7)), 1, 7))
    cells_e = [str(v) for v in e]
    cells_p = [str(v) for v in p]
    for cells in (cells_e, cells_p):
        for i in range(len(cells)):
            u = rng.random()
            if u < 0.015:
                cells[i] = ""
            elif u < 0.015 + out_of_scale:
                cells[i] = rng.choice(["8", "0"])
    return cells_e, cells_p


def importance():
    raw = [rng.gammavariate(2.0, 1.0) * f for f in (0.8, 1.5, 1.1, 1.0, 0.9)]
    pts = [int(round(100 * r / sum(raw) / 5) * 5) for r in raw]
    pts[1] += 100 - sum(pts)  # reliability absorbs the rounding
    if pts[1] < 0:
        pts = [20] * 5
    u = rng.random()
    if u < 0.03:
        pts[0] += 10  # sums to 110: rejected by the library
    elif u < 0.06:
        return [""] * 5
    return [str(v) for v in pts]


def loyalty_answers(latent, channel):
    r = loyalty_rng
    csat = str(int(clamp(round(r.gauss(3.7 + 0.6 * latent, 0.9)), 1, 5)))
    effort_shift = -0.8 if channel == "phone" else 0.0  # repeating oneself to several agents
    ces = str(int(clamp(round(r.gauss(5.0 + 0.7 * latent + effort_shift, 1.3)), 1, 7)))
    u = r.random()
    if u < 0.03:
        csat = ""
    elif u < 0.032:
        csat = "6"  # off the 1-5 scale: rejected
    u = r.random()
    if u < 0.04:
        ces = ""
    elif u < 0.042:
        ces = "0"
    return [csat, ces]


def intent_answers(latent):
    r = intent_rng
    again = int(clamp(round(r.gauss(7.8 + latent, 1.9)), 0, 10))
    other = int(clamp(round(r.gauss(5.6 + 0.8 * latent, 2.3)), 0, 10))
    cells = [str(again), str(other)]
    for i in range(2):
        if r.random() < 0.03:
            cells[i] = ""
    return cells


# Touchpoints: (column, scale max, base, weight of the latent experience, weight of the
# respondent's own recommend residual, noise SD, share left blank by channel).
TOUCHPOINTS = [
    ("tp_website", 5, 3.6, 0.30, 0.10, 0.80,
     {"web": 0.02, "app": 0.10, "phone": 0.25, "store": 0.40}),
    ("tp_wait", 10, 6.2, 0.90, 0.55, 1.50,
     {"web": 0.10, "app": 0.10, "phone": 0.03, "store": 0.05}),
    ("tp_agent", 5, 3.4, 0.50, 0.50, 0.65,
     {"web": 0.45, "app": 0.50, "phone": 0.02, "store": 0.05}),
    ("tp_billing", 5, 3.5, 0.35, 0.30, 0.80,
     {"web": 0.12, "app": 0.12, "phone": 0.12, "store": 0.12}),
    ("tp_delivery", 5, 3.8, 0.25, 0.20, 0.90,
     {"web": 0.10, "app": 0.10, "phone": 0.15, "store": 0.30}),
]


def touchpoint_answers(latent, score, channel):
    r = driver_rng
    # The part of the recommend answer (as drawn, even if later left blank) that the latent
    # experience does not explain, in SDs of nps_answer's noise.
    residual = (score - 7.4 - latent) / 2.1
    cells = []
    for _, top, base, w_lat, w_res, sd, blank in TOUCHPOINTS:
        shift = -1.0 if (channel == "phone" and top == 10) else 0.0  # phone queues
        v = base + (top / 5.0) * (w_lat * latent + w_res * residual) + shift + r.gauss(0, sd)
        cell = str(int(clamp(round(v), 1, top)))
        u = r.random()
        if u < blank[channel]:
            cell = ""
        elif u < blank[channel] + 0.004:
            cell = "N/A"
        cells.append(cell)
    return cells


def survey():
    header = (["respondent_id", "date", "period", "channel", "region", "journey_stage", "score",
               "weight"] + [f"e{i}" for i in range(1, 23)] + [f"p{i}" for i in range(1, 23)] +
              [f"w{i}" for i in range(1, 6)] + ["csat", "ces", "repurchase", "cross_buy"] +
              [t[0] for t in TOUCHPOINTS])
    start = datetime.date(2026, 1, 1)
    rows = []
    for rid in range(1, 3001):
        day = start + datetime.timedelta(days=rng.randrange(273))
        quarter = (day.month - 1) // 3 + 1
        channel = pick({k: v[0] for k, v in CHANNELS.items()})
        latent = CHANNELS[channel][1] + (0.5 if quarter == 3 else 0.0) + rng.gauss(0, 0.8)
        score_value = nps_answer(latent)
        score = str(score_value)
        u = rng.random()
        if u < 0.02:
            score = ""
        elif u < 0.025:
            score = "N/A"
        weight = f"{clamp(rng.lognormvariate(0, 0.45), 0.3, 3.0):.2f}"
        if rng.random() < 0.6:
            e, p = servqual_block(latent, 0.002)
            w = importance()
        else:
            e, p, w = [""] * 22, [""] * 22, [""] * 5
        rows.append([f"R{rid:05d}", day.isoformat(), f"2026-Q{quarter}", channel,
                     rng.choice(REGIONS), rng.choice(STAGES), score, weight] + e + p + w +
                    loyalty_answers(latent, channel) + intent_answers(latent) +
                    touchpoint_answers(latent, score_value, channel))
    # A few answers that survey tools really export, which must be rejected, not scored.
    rows[100][6] = "11"
    rows[200][6] = "7a"
    rows[300][6] = "6.5"
    rows[400][-4] = "ten"  # tp_wait
    rows.sort(key=lambda r: (r[1], r[0]))
    with open(os.path.join(HERE, "survey.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def bank():
    header = (["respondent_id", "branch"] + [f"e{i}" for i in range(1, 8)] +
              [f"p{i}" for i in range(1, 8)] + ["w1", "w2"])
    rows = []
    for rid in range(1, 401):
        branch = rng.choice(["central", "harbour", "online"])
        latent = {"central": 0.0, "harbour": -0.4, "online": 0.3}[branch] + rng.gauss(0, 0.5)
        expects = rng.gauss(4.4, 0.4)  # how demanding this customer is
        e, p = [], []
        for item in range(1, 8):
            ev = clamp(round(rng.gauss(expects, 0.45)), 1, 5)
            pv = clamp(round(rng.gauss(3.9 + latent, 0.6)), 1, 5)
            if item in (3, 7):  # negatively worded: agreement means a worse service
                ev, pv = 6 - ev, 6 - pv
            e.append(str(ev))
            p.append(str(pv))
        if rng.random() < 0.08:
            p[5] = "0"  # not applicable: the respondent has no loan
            e[5] = "0"
        a = rng.choice([30, 40, 50, 60])
        rows.append([f"B{rid:04d}", branch] + e + p + [str(a), str(100 - a)])
    with open(os.path.join(HERE, "bank-survey.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


if __name__ == "__main__":
    survey()
    bank()
