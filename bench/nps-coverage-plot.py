#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Summarizes nps-coverage's CSV (bench/nps-coverage.c) for docs/intervals.md: a Markdown table
of the mean and worst coverage and the mean expected width per level, method and n (over the
grid of promoter/detractor shares), and an SVG plot of the mean and worst coverage against n.

    build/bench/nps-coverage --full > coverage.csv
    python3 bench/nps-coverage-plot.py coverage.csv docs/intervals-coverage.svg > table.md

Standard library only."""
import collections
import csv
import math
import sys

COLORS = {"wald": "#d62728", "adjusted-wald": "#1f77b4", "tango": "#2ca02c"}


def summarize(path):
    cells = collections.defaultdict(list)
    with open(path) as f:
        for r in csv.DictReader(f):
            cells[(float(r["level"]), r["method"], int(r["n"]))].append(
                (float(r["coverage"]), float(r["width"]), float(r["missed"])))
    out = {}
    for key, rows in cells.items():
        cov = [c for c, _, _ in rows]
        out[key] = (sum(cov) / len(cov), min(cov), sum(w for _, w, _ in rows) / len(rows),
                    max(m for _, _, m in rows), len(rows))
    return out


def table(summary):
    levels = sorted({k[0] for k in summary})
    methods = [m for m in COLORS if any(k[1] == m for k in summary)]
    ns = sorted({k[2] for k in summary})
    lines = []
    for level in levels:
        lines.append(f"**{level:.0%} intervals** — mean coverage / worst coverage / mean width "
                     "(points), over the share grid")
        lines.append("")
        lines.append("| n | " + " | ".join(methods) + " |")
        lines.append("|---:|" + "---|" * len(methods))
        for n in ns:
            cells = []
            for m in methods:
                mean, worst, width, _, _ = summary[(level, m, n)]
                cells.append(f"{100 * mean:.1f} / {100 * worst:.1f} / {width:.1f}")
            lines.append(f"| {n} | " + " | ".join(cells) + " |")
        lines.append("")
    missed = max(v[3] for v in summary.values())
    grid = next(iter(summary.values()))[4]
    lines.append(f"{grid} (promoter, detractor) share pairs per cell; largest probability mass "
                 f"left out of any exact sum: {missed:.1e}.")
    return "\n".join(lines)


def svg(summary, path):
    levels = sorted({k[0] for k in summary})
    methods = [m for m in COLORS if any(k[1] == m for k in summary)]
    ns = sorted({k[2] for k in summary})
    W, H, left, right, top, bottom = 440, 320, 56, 16, 34, 46
    pw = W - left - right
    ph = H - top - bottom
    lo_y, hi_y = 0.60, 1.0
    x_lo, x_hi = math.log10(ns[0]), math.log10(ns[-1])

    def px(n):
        return left + pw * (math.log10(n) - x_lo) / (x_hi - x_lo or 1)

    def py(c):
        return top + ph * (1 - (min(max(c, lo_y), hi_y) - lo_y) / (hi_y - lo_y))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W * len(levels)}" height="{H}" '
             f'font-family="sans-serif" font-size="11">',
             f'<rect width="{W * len(levels)}" height="{H}" fill="white"/>']
    for i, level in enumerate(levels):
        g = [f'<g transform="translate({i * W},0)">',
             f'<text x="{left + pw / 2}" y="18" text-anchor="middle" font-size="13">'
             f'{level:.0%} intervals: coverage against n (solid mean, dotted worst)</text>',
             f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>']
        for c in (0.60, 0.70, 0.80, 0.90, 1.0):
            g.append(f'<line x1="{left}" x2="{left + pw}" y1="{py(c):.1f}" y2="{py(c):.1f}" '
                     f'stroke="#eee"/>')
            g.append(f'<text x="{left - 6}" y="{py(c) + 4:.1f}" text-anchor="end">'
                     f'{100 * c:.0f} %</text>')
        for n in ns:
            g.append(f'<text x="{px(n):.1f}" y="{top + ph + 16}" text-anchor="middle">{n}</text>')
        g.append(f'<text x="{left + pw / 2}" y="{H - 8}" text-anchor="middle">n (log scale)'
                 '</text>')
        g.append(f'<line x1="{left}" x2="{left + pw}" y1="{py(level):.1f}" y2="{py(level):.1f}" '
                 'stroke="black" stroke-dasharray="6 3"/>')
        for j, m in enumerate(methods):
            mean = " ".join(f"{px(n):.1f},{py(summary[(level, m, n)][0]):.1f}" for n in ns)
            worst = " ".join(f"{px(n):.1f},{py(summary[(level, m, n)][1]):.1f}" for n in ns)
            g.append(f'<polyline points="{mean}" fill="none" stroke="{COLORS[m]}" '
                     'stroke-width="2"/>')
            g.append(f'<polyline points="{worst}" fill="none" stroke="{COLORS[m]}" '
                     'stroke-width="1.2" stroke-dasharray="2 2"/>')
            ly = top + ph - 14 - 14 * j
            g.append(f'<line x1="{left + pw - 110}" x2="{left + pw - 90}" y1="{ly - 4}" '
                     f'y2="{ly - 4}" stroke="{COLORS[m]}" stroke-width="2"/>')
            g.append(f'<text x="{left + pw - 86}" y="{ly}">{m}</text>')
        g.append("</g>")
        parts += g
    parts.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: nps-coverage-plot.py COVERAGE.csv OUT.svg")
    summary = summarize(sys.argv[1])
    svg(summary, sys.argv[2])
    print(table(summary))


if __name__ == "__main__":
    main()
