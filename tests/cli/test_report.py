#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end tests of `cxscore report` (standard library only).

Usage: test_report.py PATH/TO/cxscore SOURCE_ROOT [BUILD_DIR] [--browser]

Without --browser: the page is checked statically - every figure drawn (the data- attributes of
the SVG) equals the figure of the JSON output of the command that computes it, one bar per
segment, small bases suppressed, every text escaped, no URL, no script, under 1 MB, each chart
with its <title>, <desc> and data table - and bad usage fails cleanly.

With --browser: the sample report is opened in headless chromium: screenshots at desktop and
phone widths are written to BUILD_DIR, the DOM chromium built is checked again (one bar per
segment, the figures), and the page opened over the DevTools pipe must give no console message,
exception or log entry (a refused load is one) and request nothing but itself. Exits 77 (skipped) only when chromium is not installed.
"""
import html.parser
import json
import math
import os
import re
import select
import time
import shutil
import subprocess
import sys
import tempfile
import statistics
import unittest

ARGS = [a for a in sys.argv[1:] if a != "--browser"]
BROWSER = "--browser" in sys.argv
CXSCORE = ARGS[0] if len(ARGS) > 0 else "cxscore"
ROOT = ARGS[1] if len(ARGS) > 1 else "."
BUILD = ARGS[2] if len(ARGS) > 2 else tempfile.gettempdir()
DATA = os.path.join(ROOT, "examples", "data")
SURVEY = os.path.join(DATA, "survey.csv")
SAMPLE_ARGS = [SURVEY, "--by", "channel", "--baseline", "channel=web",
               "--orders", os.path.join(DATA, "orders.csv"),
               "--audit", os.path.join(DATA, "audit-visits.csv"),
               "--checklist", os.path.join(DATA, "retail-checklist.ini"),
               "--contacts", os.path.join(DATA, "contacts.csv")]
# The contact log with waits (tests/data/contacts/README.md): the waits chart.
CENTRE = os.path.join(ROOT, "tests", "data", "contacts", "centre.csv")
CENTRE_ARGS = ["--contacts-wait", "wait_seconds", "--contacts-abandoned", "abandoned"]  # report
CENTRE_CMD = ["--wait", "wait_seconds", "--abandoned", "abandoned"]  # cxscore contacts


def run(cmd, *args):
    p = subprocess.run([CXSCORE, cmd, *args], capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def report(*args):
    """Runs cxscore report to a file; returns (status, page text or None, stderr)."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "report.html")
        code, _, err = run("report", *args, "-o", out)
        page = open(out, encoding="utf-8").read() if os.path.exists(out) else None
        return code, page, err


def json_rows(cmd, section, *args):
    code, out, err = run(cmd, *args, "--format", "json")
    assert code == 0, err
    for s in json.loads(out)["sections"]:
        if s["name"] == section:
            return s["rows"]
    raise AssertionError(f"no section {section} in {cmd}")


def cdp_load(chromium, url, timeout=60):
    """Opens @url in headless chromium driven over the DevTools pipe (--remote-debugging-pipe:
    JSON messages ending in NUL on fds 3 and 4) and returns the events seen until the page has
    loaded: console calls, exceptions, log entries (a refused load is one) and requests."""
    r_in, w_in = os.pipe()    # chromium reads fd 3
    r_out, w_out = os.pipe()  # chromium writes fd 4
    profile = tempfile.mkdtemp()

    def child():
        os.dup2(r_in, 3)
        os.dup2(w_out, 4)

    p = subprocess.Popen([chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                          "--no-first-run", "--remote-debugging-pipe",
                          f"--user-data-dir={profile}", "about:blank"],
                         pass_fds=(3, 4), preexec_fn=child, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    os.close(r_in)
    os.close(w_out)
    state = {"buf": b"", "id": 0}
    events = []

    def send(method, params=None, session=None):
        state["id"] += 1
        m = {"id": state["id"], "method": method, "params": params or {}}
        if session:
            m["sessionId"] = session
        os.write(w_in, json.dumps(m).encode() + b"\0")
        return state["id"]

    def recv(want_id=None, until=None, wait=timeout):
        end = time.time() + wait
        while time.time() < end:
            while b"\0" in state["buf"]:
                raw, state["buf"] = state["buf"].split(b"\0", 1)
                m = json.loads(raw)
                if want_id is not None and m.get("id") == want_id:
                    if "error" in m:
                        raise RuntimeError(m["error"])
                    return m
                if "method" in m:
                    events.append(m)
                    if until and until(m):
                        return m
            ready, _, _ = select.select([r_out], [], [], 0.2)
            if ready:
                chunk = os.read(r_out, 1 << 16)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                state["buf"] += chunk
        if want_id is not None or until is not None:
            raise TimeoutError("no answer from chromium")
        return None

    try:
        target = recv(send("Target.createTarget", {"url": "about:blank"}))["result"]["targetId"]
        session = recv(send("Target.attachToTarget", {"targetId": target, "flatten": True}))[
            "result"]["sessionId"]
        for method in ("Runtime.enable", "Log.enable", "Network.enable", "Page.enable"):
            recv(send(method, session=session))
        recv(send("Page.navigate", {"url": url}, session=session))
        recv(until=lambda m: m["method"] == "Page.loadEventFired")
        recv(wait=1.0)  # what comes late (a deferred load, an error)
        send("Browser.close")
        p.wait(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        os.close(w_in)
        os.close(r_out)
        shutil.rmtree(profile, ignore_errors=True)
    return events


def problems(events, url):
    """Console messages, exceptions, log entries and requests other than @url itself."""
    out = []
    for e in events:
        m, params = e["method"], e.get("params", {})
        if m in ("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded"):
            out.append((m, json.dumps(params)[:300]))
        elif m == "Network.requestWillBeSent" and params["request"]["url"] != url:
            out.append((m, params["request"]["url"]))
    return out


class Page(html.parser.HTMLParser):
    """Collects the elements with a class, their attributes and text, and the document's
    structure: each svg's title and desc, and the tables with their th."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.groups = []     # (class, attrs dict)
        self.tags = []       # every start tag name
        self.svgs = []       # per svg: set of the child tags seen
        self.in_svg = 0
        self.tables = 0
        self.th = 0
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "svg":
            self.in_svg += 1
            self.svgs.append(set())
        elif self.in_svg:
            self.svgs[-1].add(tag)
        if tag == "table":
            self.tables += 1
        if tag == "th":
            self.th += 1
        if tag in ("g", "rect") and "class" in a:
            self.groups.append((a["class"], a))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "svg":
            self.in_svg -= 1

    def handle_endtag(self, tag):
        if tag == "svg":
            self.in_svg -= 1

    def handle_data(self, data):
        self.text.append(data)

    def of(self, cls):
        return [a for c, a in self.groups if c == cls]


def parse(page):
    p = Page()
    p.feed(page)
    return p


def num(text):
    return None if text in ("", None) else float(text)


def wilson(k, n, level=0.95):
    """Wilson (1927) score interval of k successes in n, written out here from the formula."""
    z = statistics.NormalDist().inv_cdf((1 + level) / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def segment_label(row, keys):
    return " / ".join(row[k] if row[k] != "" else "(blank)" for k in keys)


class Figures:
    """Checks of one page's figures against the commands' JSON output."""

    def check_nps(self, t, page, extra=()):
        rows = json_rows("nps", "nps", SURVEY, "--by", "channel", "--baseline", "channel=web",
                         *extra)
        base = {r["channel"]: r for r in json_rows("nps", "baseline", SURVEY, "--by", "channel",
                                                   "--baseline", "channel=web", *extra)}
        segs = [r for r in rows if r["channel"] != "(all)"]
        bars = page.of("seg")
        t.assertEqual(len(bars), len(segs), "one bar per segment")
        for g, r in zip(bars, segs):
            t.assertEqual(g["data-segment"], r["channel"])
            for attr, key in (("n", "n"), ("nps", "nps"), ("ci-lower", "ci_lower"),
                              ("ci-upper", "ci_upper"), ("promoters-share", "promoters_share"),
                              ("passives-share", "passives_share"),
                              ("detractors-share", "detractors_share")):
                t.assertEqual(num(g["data-" + attr]), r[key], f"{r['channel']} {attr}")
            b = base[r["channel"]]
            t.assertEqual(num(g["data-diff"]), b["diff"])
            t.assertEqual(num(g["data-p"]), b["p"])
            sig = b["p"] is not None and b["p"] < 0.05
            t.assertEqual(g["data-significant"], "yes" if sig else "no", r["channel"])
        overall = page.of("overall")
        t.assertEqual(len(overall), 1)
        t.assertEqual(num(overall[0]["data-nps"]), rows[-1]["nps"])
        return segs

    def check_trend(self, t, page):
        rows = json_rows("trend", "periods", SURVEY)
        pts = page.of("period")
        t.assertEqual(len(pts), len(rows))
        for g, r in zip(pts, rows):
            t.assertEqual(g["data-period"], r["period"])
            t.assertEqual(num(g["data-nps"]), r["nps"])
            t.assertEqual(num(g["data-ci-lower"]), r["ci_lower"])
            t.assertEqual(num(g["data-ci-upper"]), r["ci_upper"])
            t.assertEqual(num(g["data-change-p"]), r["change_p"])
            sig = r["change_p"] is not None and r["change_p"] < 0.05
            t.assertEqual(g["data-significant"], "yes" if sig else "no", r["period"])

    def check_servqual(self, t, page):
        rows = json_rows("servqual", "dimensions", SURVEY)
        dims = page.of("dimension")
        t.assertEqual(len(dims), len(rows))
        for g, r in zip(dims, rows):
            t.assertEqual(g["data-dimension"], r["dimension"])
            for attr, key in (("gap", "gap"), ("ci-lower", "ci_lower"), ("ci-upper", "ci_upper"),
                              ("expectation", "expectation"), ("perception", "perception")):
                t.assertEqual(num(g["data-" + attr]), r[key], f"{r['dimension']} {attr}")

    def check_drivers(self, t, page):
        rows = json_rows("drivers", "drivers", SURVEY)
        pts = page.of("driver")
        t.assertEqual(len(pts), len(rows))
        for g, r in zip(pts, rows):
            t.assertEqual(g["data-driver"], r["driver"])
            t.assertEqual(num(g["data-importance"]), r["relative_weight_pct"])
            t.assertEqual(num(g["data-performance"]), r["mean"])

    def check_journey(self, t, page):
        rows = json_rows("nps", "nps", SURVEY, "--by", "journey_stage")
        overall = rows[-1]
        stages = rows[:-1]
        pts = page.of("stage")
        t.assertEqual(len(pts), len(stages))
        for g, r in zip(pts, stages):
            t.assertEqual(g["data-stage"], r["journey_stage"])
            t.assertEqual(num(g["data-nps"]), r["nps"])
            pain = r["nps"] < overall["nps"] and r["detractors_share"] > overall["detractors_share"]
            t.assertEqual(g["data-pain"], "yes" if pain else "no", r["journey_stage"])
        # the sample has both kinds, so the rule is exercised
        t.assertIn("yes", [g["data-pain"] for g in pts])
        t.assertIn("no", [g["data-pain"] for g in pts])

    def check_cohorts(self, t, page):
        rows = json_rows("retention", "cohorts", os.path.join(DATA, "orders.csv"), "--cohorts")
        cells = page.of("cell")
        want = [(r["cohort"], k, r[f"after_{k}"]) for r in rows
                for k in range(len([c for c in r if c.startswith("after_")]))
                if r[f"after_{k}"] is not None]
        got = [(c["data-cohort"], int(c["data-after"]), num(c["data-share"])) for c in cells]
        t.assertEqual(got, want)

    def check_audit(self, t, page):
        rows = json_rows("audit", "league", os.path.join(DATA, "audit-visits.csv"),
                         "--checklist", os.path.join(DATA, "retail-checklist.ini"),
                         "--by", "location")
        # the standard lowest in compliance first, named by its item and text
        t.assertIn('<th scope="row" class="l">F2 Overall experience (0 - 10)</th>', t.text)
        locs = page.of("location")
        t.assertEqual([(g["data-location"], num(g["data-mean"])) for g in locs],
                      [(r["location"], r["mean"]) for r in rows])


    def check_contacts(self, t, page, path=os.path.join(DATA, "contacts.csv"), extra=()):
        """The FCR and repeat chart: one group per channel and one for all channels, each
        figure the contacts command's (section channels, and contacts' overall row)."""
        rows = json_rows("contacts", "channels", path, *extra)
        overall = [r for r in json_rows("contacts", "contacts", path, *extra)
                   if r["segment"] == "(all)"]
        groups = page.of("channel")
        t.assertEqual(len(groups), len(rows), "one group per channel")
        t.assertGreater(len(rows), 1)
        for g, r in zip(groups + page.of("channel-all"), rows + overall):
            t.assertEqual(g["data-channel"], r.get("channel", "all channels"))
            for attr, key in (("cases", "cases"), ("contacts", "contacts"), ("fcr", "fcr"),
                              ("fcr-ci-lower", "fcr_ci_lower"), ("fcr-ci-upper", "fcr_ci_upper"),
                              ("repeat-rate", "repeat_rate"),
                              ("repeat-rate-ci-lower", "repeat_rate_ci_lower"),
                              ("repeat-rate-ci-upper", "repeat_rate_ci_upper")):
                t.assertEqual(num(g["data-" + attr]), r[key], f"{g['data-channel']} {attr}")
            # the channels' repeat interval (new in 0.2) is Wilson's, as the overall one
            if r["cases"]:
                lo, hi = wilson(r["repeat_cases"], r["cases"])
                t.assertAlmostEqual(r["repeat_rate_ci_lower"], lo, delta=1e-12)
                t.assertAlmostEqual(r["repeat_rate_ci_upper"], hi, delta=1e-12)
        t.assertEqual(len(page.of("channel-all")), 1)
        return rows

    def check_waits(self, t, page, extra=()):
        """The service-level chart of the centre log: each channel's waits row and all."""
        rows = json_rows("contacts", "waits", CENTRE, *CENTRE_CMD, *extra)
        chans = [r for r in rows if r["group"] == "channel"]
        groups = page.of("wait-channel")
        t.assertEqual(len(groups), len(chans))
        for g, r in zip(groups + page.of("wait-channel-all"),
                        chans + [r for r in rows if r["group"] == "all"]):
            t.assertEqual(g["data-channel"], r["value"] or "all channels")
            for attr, key in (("answered", "answered"), ("abandoned", "abandoned"),
                              ("service-level", "service_level"),
                              ("service-level-ci-lower", "service_level_ci_lower"),
                              ("service-level-ci-upper", "service_level_ci_upper"),
                              ("abandonment-rate", "abandonment_rate"),
                              ("abandonment-rate-ci-lower", "abandonment_rate_ci_lower"),
                              ("abandonment-rate-ci-upper", "abandonment_rate_ci_upper")):
                t.assertEqual(num(g["data-" + attr]), r[key], f"{g['data-channel']} {attr}")
        t.assertEqual(len(page.of("wait-channel-all")), 1)
        # the log has both: channels with a service level and channels without waits
        t.assertIn("", [g["data-service-level"] for g in groups])
        t.assertTrue(any(g["data-service-level"] not in ("", "0", "1") for g in groups))
        return rows


class TestReport(unittest.TestCase, Figures):
    @classmethod
    def setUpClass(cls):
        code, cls.text, cls.err = report(*SAMPLE_ARGS)
        assert code == 0, cls.err
        cls.page = parse(cls.text)

    def test_figures_equal_the_json_output(self):
        self.check_nps(self, self.page)
        self.check_trend(self, self.page)
        self.check_servqual(self, self.page)
        self.check_drivers(self, self.page)
        self.check_journey(self, self.page)
        self.check_cohorts(self, self.page)
        self.check_audit(self, self.page)
        self.check_contacts(self, self.page)
        # the sample log has no waits: no service-level chart
        self.assertEqual(self.page.of("wait-channel"), [])

    def test_contact_centre_with_waits(self):
        code, text, err = report(SURVEY, "--contacts", CENTRE, *CENTRE_ARGS,
                                 "--service-level", "30", "--short-abandon", "0")
        self.assertEqual(code, 0, err)
        page = parse(text)
        self.check_contacts(self, page, CENTRE, CENTRE_CMD)
        rows = self.check_waits(self, page, ("--service-level", "30", "--short-abandon", "0"))
        # --service-level and --short-abandon reached the command: with T = 30 and S = 0 the
        # figures differ from the defaults' (T = 20, S = 5)
        default = json_rows("contacts", "waits", CENTRE, *CENTRE_CMD)
        self.assertNotEqual([r["service_level"] for r in rows],
                            [r["service_level"] for r in default])
        self.assertIn("Waits: service level within 30 s, short abandons within 0 s", text)
        # nps, trend, servqual, drivers, journey (the survey's five), contacts and waits
        self.assertEqual(len(page.svgs), 7)
        for children in page.svgs:
            self.assertIn("title", children)
            self.assertIn("desc", children)
        self.assertIn("<caption>Service level and abandonment by channel</caption>", text)
        self.assertIn("<caption>First-contact resolution and repeat contacts by channel</caption>",
                      text)
        # a channel where no case started: no figure, said in words
        self.assertIn("email: no first-contact resolution, no repeat contacts", text)

    def test_contacts_min_n(self):
        code, text, err = report(SURVEY, "--contacts", CENTRE, *CENTRE_ARGS, "--min-n", "3")
        self.assertEqual(code, 0, err)
        page = parse(text)
        chans = {g["data-channel"]: g for g in page.of("channel")}
        self.assertEqual((chans["web"]["data-cases"], chans["web"]["data-fcr"]), ("2", ""))
        self.assertIn("web: no estimate (2 cases, below --min-n 3)", text)
        # its table row keeps the counts, without figures
        self.assertIn('<th scope="row" class="l">web</th><td>2</td><td>4</td><td>-</td>', text)
        self.assertEqual(num(chans["phone"]["data-cases"]), 7)
        self.assertNotEqual(chans["phone"]["data-fcr"], "")
        waits = {g["data-channel"]: g for g in page.of("wait-channel")}
        # chat: 2 answered + 0 abandoned < 3
        self.assertEqual(waits["chat"]["data-service-level"], "")
        self.assertIn("chat: no estimate (2 answered and abandoned contacts, below --min-n 3)",
                      text)
        self.assertNotEqual(waits["phone"]["data-service-level"], "")
        # all channels are shown whatever --min-n, as the command shows its overall row
        self.assertNotEqual(page.of("channel-all")[0]["data-fcr"], "")

    def test_contacts_text_is_escaped(self):
        names = ["<script>alert(1)</script>", "\"&'"]
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "log.csv")
            with open(path, "w", encoding="utf-8") as f:
                f.write("case_id,contact_time,channel,resolved\n")
                for i in range(20):
                    f.write('C%d,2026-03-02 09:%02d:00,"%s",%s\n'
                            % (i, i, names[i % 2].replace('"', '""'), "yes" if i % 3 else "no"))
            code, text, err = report(SURVEY, "--contacts", path)
        self.assertEqual(code, 0, err)
        self.assertNotIn("<script", text)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", text)
        page = parse(text)
        self.assertEqual(sorted(g["data-channel"] for g in page.of("channel")), sorted(names))

    def test_self_contained(self):
        size = len(self.text.encode("utf-8"))
        self.assertLess(size, 1 << 20, f"page of {size} bytes")
        for bad in ("http://", "https://", "<script", "src=", "href=", "url(", "@import",
                    "<link", "<iframe", "<object", "<img"):
            self.assertNotIn(bad, self.text.lower(), f"'{bad}' in the page")
        self.assertIn("Content-Security-Policy", self.text)

    def test_accessible(self):
        # nps, trend, servqual, drivers, journey, cohorts, audit, contacts
        self.assertEqual(len(self.page.svgs), 8)
        for children in self.page.svgs:
            self.assertIn("title", children)
            self.assertIn("desc", children)
        self.assertGreaterEqual(self.page.tables, len(self.page.svgs))
        self.assertIn('lang="en"', self.text)
        self.assertIn('name="viewport"', self.text)
        self.assertIn("@media print", self.text)
        self.assertIn("Method notes and sources", self.text)

    def test_min_n_suppresses_small_segments(self):
        code, text, err = report(SURVEY, "--by", "channel", "--min-n", "500")
        self.assertEqual(code, 0, err)
        page = parse(text)
        bars = {g["data-segment"]: g for g in page.of("seg")}
        self.assertEqual(len(bars), 4)
        self.assertEqual(bars["store"]["data-nps"], "")  # n 443 < 500
        self.assertEqual(bars["store"]["data-n"], "443")
        self.assertNotEqual(bars["web"]["data-nps"], "")
        self.assertIn("store: no estimate (n 443 below --min-n 500)", text)
        # the trend's periods (n 260..357) are all below 500: none drawn
        self.assertTrue(all(g["data-nps"] == "" for g in page.of("period")))

    def test_text_is_escaped(self):
        names = ["<script>alert(1)</script>", "\"&'", "a<b>c"]
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "s.csv")
            with open(path, "w", encoding="utf-8") as f:
                f.write("channel,score\n")
                for i in range(60):
                    name = names[i % 3]
                    f.write('"%s",%d\n' % (name.replace('"', '""'), i % 11))
            code, text, err = report(path, "--by", "channel")
        self.assertEqual(code, 0, err)
        self.assertNotIn("<script", text)
        self.assertNotIn("<b>", text)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", text)
        self.assertIn("&quot;&amp;&apos;", text)
        page = parse(text)
        self.assertEqual(sorted(g["data-segment"] for g in page.of("seg")), sorted(names))
        self.assertIn("<script>alert(1)</script>", "".join(page.text))  # shown as text

    def test_zone_of_tolerance(self):
        # Two respondents, every item alike (as test_formats_servqual_loyalty_drivers.py):
        # adequate 3.5, desired 6.5, perception 5.5 in every dimension - inside the zone.
        cols = [f"{s}{i}" for s in "epad" for i in range(1, 23)] + ["score"]
        rows = [[5] * 22 + [5] * 22 + [4] * 22 + [6] * 22 + [9],
                [6] * 22 + [6] * 22 + [3] * 22 + [7] * 22 + [3]]
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "zone.csv")
            with open(path, "w") as f:
                f.write(",".join(cols) + "\n")
                for r in rows:
                    f.write(",".join(map(str, r)) + "\n")
            code, text, err = report(path)
        self.assertEqual(code, 0, err)
        dims = parse(text).of("dimension")
        self.assertEqual(len(dims), 5)
        for g in dims:
            self.assertEqual((num(g["data-adequate"]), num(g["data-desired"]),
                              num(g["data-perception"])), (3.5, 6.5, 5.5))
        self.assertEqual(text.count("perception inside the zone of tolerance"), 5)
        self.assertIn("Zone of tolerance (MSA = P - adequate, MSS = P - desired)", text)
        # the sample has no adequate and desired columns: no zone drawn
        self.assertNotIn('class="zone"', self.text)
        self.assertNotIn("inside the zone", self.text)

    def test_stages_give_the_journey_order(self):
        order = ["onboarding", "billing", "support", "renewal"]
        code, text, err = report(SURVEY, "--stages", ",".join(order))
        self.assertEqual(code, 0, err)
        self.assertEqual([g["data-stage"] for g in parse(text).of("stage")], order)
        # a stage not named follows those named
        code, text, err = report(SURVEY, "--stages", "support")
        self.assertEqual(code, 0, err)
        self.assertEqual([g["data-stage"] for g in parse(text).of("stage")],
                         ["support", "billing", "onboarding", "renewal"])

    def test_bad_usage(self):
        for args, why in (([], "no FILE"), (["-"], "standard input"),
                          ([SURVEY, "--audit", SURVEY], "--audit without --checklist"),
                          ([SURVEY, "--baseline", "channel=web"], "--baseline without --by"),
                          ([SURVEY, "--level", "2"], "bad level"),
                          ([SURVEY, "--min-n", "-1"], "negative --min-n"),
                          ([SURVEY, "--contacts-wait", "wait_seconds"],
                           "--contacts-wait without --contacts"),
                          ([SURVEY, "--service-level", "30"], "--service-level without --contacts"),
                          ([SURVEY, "--contacts", CENTRE, "--service-level", "abc"],
                           "contacts' own usage error")):
            code, text, err = report(*args)
            self.assertEqual(code, 2, why)
            self.assertIsNone(text, why)
            self.assertIn("cxscore report: ", err)

    def test_failed_command_writes_no_page(self):
        code, text, err = report(SURVEY, "--by", "no_such_column")
        self.assertEqual(code, 1, err)  # nps's own status: no such column is bad data
        self.assertIsNone(text)
        self.assertIn("cxscore nps:", err)
        self.assertIn("no page written", err)
        code, text, err = report(os.path.join(ROOT, "no", "such.csv"))
        self.assertEqual(code, 1)
        self.assertIsNone(text)
        self.assertIn("cannot open", err)
        self.assertIn("No such file or directory", err)
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "old.html")
            with open(out, "w") as f:
                f.write("the old page")
            code, _, err = run("report", SURVEY, "--by", "no_such_column", "-o", out)
            self.assertEqual(code, 1, err)
            self.assertEqual(open(out).read(), "the old page")
        # a failing contacts command: its message, no page
        code, text, err = report(SURVEY, "--contacts", CENTRE, "--contacts-case", "no_such")
        self.assertEqual(code, 1, err)
        self.assertIsNone(text)
        self.assertIn("cxscore contacts: no column named 'no_such'", err)
        self.assertIn("no page written", err)
        code, text, err = report(SURVEY, "--contacts", os.path.join(ROOT, "no", "log.csv"))
        self.assertEqual(code, 1, err)
        self.assertIsNone(text)
        self.assertIn("cxscore contacts: ", err)
        self.assertIn("No such file or directory", err)


class TestBrowser(unittest.TestCase, Figures):
    """The sample report in a real browser (headless chromium)."""

    @classmethod
    def setUpClass(cls):
        cls.chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        cls.dir = tempfile.mkdtemp()
        cls.html = os.path.join(BUILD, "report-sample.html")
        code, _, err = run("report", *SAMPLE_ARGS, "-o", cls.html)
        assert code == 0, err

    def chromium_run(self, *args, width=1280):
        profile = tempfile.mkdtemp(dir=self.dir)
        cmd = [self.chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
               "--no-first-run", "--disable-extensions", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
               f"--window-size={width},2000",
               *args, "file://" + os.path.abspath(self.html)]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        return p

    def test_no_console_message_no_request(self):
        url = "file://" + os.path.abspath(self.html)
        self.assertEqual(problems(cdp_load(self.chromium, url), url), [])
        # The check sees what it looks for: the same page with a script and an image added.
        bad = os.path.join(self.dir, "bad.html")
        with open(self.html, encoding="utf-8") as f, open(bad, "w", encoding="utf-8") as g:
            g.write(f.read().replace("</main>", "<script>x.y()</script>"
                                     "<img src=\"https://example.invalid/a.png\"></main>"))
        found = problems(cdp_load(self.chromium, "file://" + bad), "file://" + bad)
        self.assertIn("Log.entryAdded", [m for m, _ in found])
        self.assertIn(("Network.requestWillBeSent", "https://example.invalid/a.png"), found)

    def test_screenshots(self):
        for name, width in (("desktop", 1280), ("phone", 390)):
            shot = os.path.join(BUILD, f"report-{name}.png")
            if os.path.exists(shot):
                os.remove(shot)
            self.chromium_run(f"--screenshot={shot}", width=width)
            with open(shot, "rb") as f:
                head = f.read(24)
            self.assertEqual(head[:8], b"\x89PNG\r\n\x1a\n", name)
            self.assertEqual(int.from_bytes(head[16:20], "big"), width, name)

    def test_prints(self):
        pdf = os.path.join(BUILD, "report-print.pdf")
        if os.path.exists(pdf):
            os.remove(pdf)
        self.chromium_run("--no-pdf-header-footer", f"--print-to-pdf={pdf}")
        with open(pdf, "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(b"%PDF-"))
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        self.assertGreaterEqual(pages, 3, "the report prints on several A4/Letter pages")

    def test_dom(self):
        p = self.chromium_run("--dump-dom")
        page = parse(p.stdout)
        self.check_nps(self, page)
        self.check_trend(self, page)
        self.check_servqual(self, page)
        self.check_drivers(self, page)
        self.check_journey(self, page)
        self.check_contacts(self, page)
        self.assertEqual(len(page.svgs), 8)
        self.assertNotIn("script", page.tags)

    def test_dom_waits(self):
        """The contact-centre charts with waits, as chromium builds them."""
        code, _, err = run("report", SURVEY, "--contacts", CENTRE, *CENTRE_ARGS, "-o", self.html)
        self.assertEqual(code, 0, err)
        try:
            page = parse(self.chromium_run("--dump-dom").stdout)
            self.check_contacts(self, page, CENTRE, CENTRE_CMD)
            self.check_waits(self, page)
            self.assertEqual(len(page.svgs), 7)
        finally:  # the other tests open the sample report
            code, _, err = run("report", *SAMPLE_ARGS, "-o", self.html)
            self.assertEqual(code, 0, err)


if __name__ == "__main__":
    if BROWSER:
        if not (shutil.which("chromium") or shutil.which("chromium-browser")):
            print("chromium is not installed: browser test skipped")
            sys.exit(77)
        suite = unittest.defaultTestLoader.loadTestsFromTestCase(TestBrowser)
    else:
        suite = unittest.defaultTestLoader.loadTestsFromTestCase(TestReport)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
