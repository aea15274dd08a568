#!/usr/bin/python3
"""msc award --format xlsx, read back by an independent reader (openpyxl).

Scores a demo program with the msc binary twice, as JSON and as a workbook, and
checks every cell of every sheet against the JSON report; then again compared with
last year's program (--compare), with the sheets Movers, Industry changes and
Differences: the value (numbers as
numbers at full precision, waits as fractions of a day), the number format, the zone
fills (the colours of the HTML page's zone labels, read from its stylesheet), the
frozen header row and the autofilter.

usage: xlsx_report_test.py --msc PATH --demo-db PATH [--keep DIR]
Exit status 0 when every check passes; each failure is printed.
"""

import argparse
import datetime
import json
import math
import os
import re
import subprocess
import sys
import tempfile

try:
    import openpyxl
    from openpyxl.utils import get_column_letter
except ImportError:
    sys.exit("xlsx_report_test: needs Debian's python3-openpyxl (tools/install-deps.sh)")

PROGRAM = "kundeservice-2026"
PREVIOUS = "kundeservice-2025"
SHEETS = ["Summary", "Industries", "Companies", "Channels", "Criteria", "Observers"]
COMPARISON_SHEETS = ["Movers", "Industry changes", "Differences"]
CHANNEL_NAMES = {"PHONE": "Phone", "CHAT": "Chat", "EMAIL": "E-mail", "SOCIAL": "Social"}
ZONES = {"GREEN": "green", "YELLOW": "yellow", "RED": "red"}
RATE_HEADERS = ["Served", "Within expectation", "Within benchmark", "First attempt missed",
                "Unanswered", "Redirected", "Median wait", "90th percentile wait"]

failures = []


def fail(where, message):
    failures.append(f"{where}: {message}")


def run(*args):
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"xlsx_report_test: {' '.join(args)} exited {done.returncode}\n{done.stderr}")
    return done


# What a cell should hold, made from the JSON report: (kind, value[, zone]).
def text(s): return ("text", s)
def integer(v): return ("integer", None if v is None else int(v))
def boolean(v): return ("bool", bool(v))
def index(v, zone=None): return ("index", v, zone)
def rate(v): return ("rate", v)
def wait(v): return ("wait", v)
def signed(v): return ("signed", v)
def zone_name(z): return ("zone", ZONES.get(z), z)
def maybe_boolean(v): return ("bool", None if v is None else bool(v))


FORMATS = {"integer": "0", "index": "0.0", "rate": "0.0%", "wait": "[h]:mm:ss",
           "signed": "+0.0;-0.0;0.0", "text": "General", "bool": "General", "zone": "General"}


def rate_cells(rates, with_contacts):
    cells = [integer(rates.get("contacts", 0))] if with_contacts else []
    return cells + [integer(rates.get("served", 0)), rate(rates.get("complianceExpectation", 0.0)),
                    rate(rates.get("complianceBenchmark", 0.0)),
                    rate(rates.get("firstAttemptMissedRate", 0.0)),
                    rate(rates.get("unansweredRate", 0.0)), rate(rates.get("redirectRate", 0.0)),
                    wait(rates.get("medianWaitS")), wait(rates.get("p90WaitS"))]


class Names:
    def __init__(self, report):
        self.companies = {c["companyId"]: c.get("name", "") for c in report.get("companies", [])}
        self.industries = {i["industryId"]: i.get("name", "") for i in report.get("industries", [])}
        self.observers = {o["observerId"]: o.get("name", "") for o in report.get("observers", [])}

    def company(self, cid): return self.companies.get(cid) or cid
    def industry(self, iid): return self.industries.get(iid) or iid
    def observer(self, oid): return self.observers.get(oid) or oid


def clarity_text(c, names, shown):
    """A winner's clarity in words, as scoring/README.md "Rank sets" and the renderers say it."""
    if c is None or "clear" not in c:
        return "-"
    if c["clear"]:
        return "clear winner"
    alike = [names.company(a) for a in c.get("indistinguishableFrom", [])]
    if len(alike) > shown:
        return "cannot be told apart from " + ", ".join(alike[:shown]) + \
            f" and {len(alike) - shown} more"
    if len(alike) == 1:
        return "cannot be told apart from " + alike[0]
    return "cannot be told apart from " + ", ".join(alike[:-1]) + " and " + alike[-1]


def winners_clarity(winners, clarity, names):
    by_id = {c["companyId"]: c for c in clarity}
    return "; ".join(f"{names.company(w)}: {clarity_text(by_id[w], names, 20)}"
                     for w in winners if w in by_id)


def expected_sheets(report):
    """Sheet name -> (headers, rows of expected cells, key column or None)."""
    names = Names(report)
    s = report["summary"]
    winners = lambda ids: "; ".join(names.company(i) for i in ids)
    summary = [
        [text("Program"), text(report.get("programName") or report["programId"])],
        [text("Program id"), text(report["programId"])],
        [text("Scoring version"), text(report["scoringVersion"])],
        [text("Config SHA-256"), text(report["configSha256"])],
        [text("Data SHA-256"), text(report["dataSha256"])],
    ]
    for label, field in [("Observations stored", "observations"), ("Counted contacts", "counted"),
                         ("Excluded by review", "excludedByReview"),
                         ("Outside the period", "outsidePeriod"), ("Companies", "companies"),
                         ("Eligible companies", "eligibleCompanies"), ("Industries", "industries"),
                         ("Ranked industries", "rankedIndustries"), ("Observers", "observers")]:
        summary.append([text(label), integer(s.get(field))])
    summary.append([text("Award of the year"), text(winners(report.get("overallWinners", [])))])
    summary.append([text("Award of the year, told apart?"),
                    text(winners_clarity(report.get("overallWinners", []),
                                         report.get("overallWinnerClarity", []), names))])

    industries = []
    for i in report.get("industries", []):
        industries.append([
            integer(i.get("rank")), text(i["industryId"]), text(names.industry(i["industryId"])),
            boolean(i.get("ranked", False)), index(i.get("index"), i.get("zone")),
            index(i.get("answeredIndex")), integer(i.get("rankAnswered")),
            index(i.get("agentIndex")), integer(i.get("rankAgent")),
            index(i.get("adjustedIndex")), zone_name(i.get("zone")),
            integer(i.get("eligibleCompanies", 0)), text(winners(i.get("winners", []))),
            text(winners_clarity(i.get("winners", []), i.get("winnerClarity", []), names))
        ] + rate_cells(i.get("rates", {}), True))

    companies = []
    for c in report.get("companies", []):
        companies.append([
            text(c["companyId"]), text(names.company(c["companyId"])), text(c["industryId"]),
            text(names.industry(c["industryId"])), integer(c.get("contacts", 0)),
            boolean(c.get("eligible", False)), integer(c.get("rankInIndustry")),
            integer(c.get("rankOverall")), index(c.get("index"), c.get("zone")),
            index(c.get("ciLow")), index(c.get("ciHigh")), index(c.get("answeredIndex")),
            integer(c.get("rankAnsweredInIndustry")), integer(c.get("rankAnsweredOverall")),
            index(c.get("agentIndex")), integer(c.get("rankAgentInIndustry")),
            integer(c.get("rankAgentOverall")), index(c.get("adjustedIndex")),
            zone_name(c.get("zone")),
            rate(c.get("winProbabilityIndustry")), rate(c.get("winProbabilityOverall")),
            integer(c.get("rankSetInIndustryLow")), integer(c.get("rankSetInIndustryHigh")),
            integer(c.get("rankSetOverallLow")), integer(c.get("rankSetOverallHigh"))
        ] + rate_cells(c.get("rates", {}), False))
        # The company's own count heads its row; its rates are over the same contacts.
        if int(c.get("rates", {}).get("contacts", 0)) != int(c.get("contacts", 0)):
            fail("Companies", f"{c['companyId']}: rates over other contacts than it counts")

    def upsell(u):
        return [integer(u.get("contacts", 0)), rate(u.get("none", 0.0)),
                rate(u.get("needsBased", 0.0)), rate(u.get("pushy", 0.0))]

    channels = [[text(CHANNEL_NAMES[ch["channel"]])] + rate_cells(ch.get("rates", {}), True) +
                upsell(ch.get("upsell", {})) for ch in s.get("channels", [])]
    channels.append([text("All channels")] + rate_cells(s.get("rates", {}), True) +
                    upsell(s.get("upsell", {})))

    criteria = []
    for c in report.get("criteria", []):
        counts = [integer(n) for n in c.get("counts", [])]
        counts += [integer(None)] * (6 - len(counts))
        criteria.append([text(c["criterionId"]), text(c.get("question", ""))] + counts + [
            integer(c.get("notRated", 0)), index(c.get("mean16")),
            index(c.get("mean100"), c.get("zone")), zone_name(c.get("zone"))])

    observers = [[text(o["observerId"]), text(names.observer(o["observerId"])),
                  integer(o.get("contacts", 0)), signed(o.get("leniency", 0.0))]
                 for o in report.get("observers", [])]

    return {
        "Summary": (["Measure", "Value"], summary, None),
        "Industries": (["Rank", "Industry id", "Industry", "Ranked", "Index", "Answered index",
                        "Answered rank", "Agent index", "Agent rank", "Adjusted index", "Zone",
                        "Eligible companies", "Winners", "Winners told apart?", "Contacts"] +
                       RATE_HEADERS, industries, 1),
        "Companies": (["Company id", "Company", "Industry id", "Industry", "Contacts", "Eligible",
                       "Rank in industry", "Overall rank", "Index", "95% CI low", "95% CI high",
                       "Answered index", "Answered rank in industry", "Answered overall rank",
                       "Agent index", "Agent rank in industry", "Agent overall rank",
                       "Adjusted index", "Zone", "Win probability in industry",
                       "Win probability overall", "Rank set in industry, low",
                       "Rank set in industry, high", "Overall rank set, low",
                       "Overall rank set, high"] + RATE_HEADERS, companies, None),
        "Channels": (["Channel", "Contacts"] + RATE_HEADERS +
                     ["Upsell recorded", "No upsell", "Needs-based upsell", "Pushy upsell"],
                     channels, None),
        "Criteria": (["Criterion id", "Question", "Answers 1", "Answers 2", "Answers 3",
                      "Answers 4", "Answers 5", "Answers 6", "Not rated", "Mean (1-6)",
                      "Mean (0-100)", "Zone"], criteria, None),
        "Observers": (["Observer id", "Observer", "Contacts", "Leniency"], observers, 0),
    }


def expected_scenario_sheet(report):
    """Contact types: one row per scenario and level, as scenarios.csv."""
    names = Names(report)
    rows = []

    def add(s, level, industry, channel, f):
        row = [text(s["scenarioId"]), text(s.get("name", "")), text(level), text(industry),
               text(channel), integer(f.get("rank")), index(f.get("index"), f.get("zone")),
               index(f.get("answeredIndex")), index(f.get("agentIndex")),
               zone_name(f.get("zone"))]
        if "rates" in f:
            row += rate_cells(f["rates"], True)
        else:
            row.append(integer(f.get("contacts", 0)))
        rows.append(row)

    for s in report.get("scenarios", []):
        add(s, "program", "", "", s.get("program", {}))
        for c in s.get("channels", []):
            add(s, "channel", "", CHANNEL_NAMES[c["channel"]], c.get("figures", {}))
        for i in s.get("industries", []):
            add(s, "industry", names.industry(i["industryId"]), "", i.get("figures", {}))
    headers = ["Scenario id", "Contact type", "Level", "Industry", "Channel", "Rank", "Index",
               "Answered index", "Agent index", "Zone", "Contacts"] + RATE_HEADERS
    return {"Contact types": (headers, rows, None)} if rows else {}


CHANGE_HEADERS = ["Previous index", "Change", "Change 95% CI low", "Change 95% CI high",
                  "Significant"]


def change_cells(ch):
    return [index(ch.get("previousIndex")), signed(ch.get("change")), signed(ch.get("changeLow")),
            signed(ch.get("changeHigh")), maybe_boolean(ch.get("significant"))]


def period(cmp, start_field, end_field):
    return text(f"{cmp.get(start_field) or 'open'} to {cmp.get(end_field) or 'open'}")


def expected_comparison_sheets(report):
    """The year-over-year sheets: sheet name -> (headers, rows, key column)."""
    names = Names(report)
    cmp = report["comparison"]
    largest = {m["companyId"]: "gain" for m in cmp.get("gains", [])}
    largest.update({m["companyId"]: "fall" for m in cmp.get("falls", [])})
    movers = []
    compared = [c for c in report.get("companies", []) if "change" in c]
    for c in sorted(compared, key=lambda c: (-c["change"]["change"], c["companyId"])):
        ch = c["change"]
        movers.append([
            text(c["companyId"]), text(names.company(c["companyId"])), text(c["industryId"]),
            text(names.industry(c["industryId"])), index(c.get("index"), c.get("zone"))
        ] + change_cells(ch) + [
            integer(c.get("rankOverall")), integer(ch.get("previousRank")),
            integer(ch.get("rankChange")), integer(c.get("rankInIndustry")),
            integer(ch.get("previousRankInIndustry")), integer(ch.get("rankInIndustryChange")),
            text(largest.get(c["companyId"], ""))])
    industries = []
    for i in report.get("industries", []):
        if "change" not in i:
            continue
        ch = i["change"]
        industries.append([text(i["industryId"]), text(names.industry(i["industryId"])),
                           index(i.get("index"), i.get("zone"))] + change_cells(ch) +
                          [integer(i.get("rank")), integer(ch.get("previousRank")),
                           integer(ch.get("rankChange"))])
    differences = [
        [text("program_id"), text(report["programId"]), text(cmp["previousProgramId"])],
        [text("program_name"), text(report.get("programName", "")),
         text(cmp.get("previousProgramName", ""))],
        [text("period"), period(cmp, "periodStart", "periodEnd"),
         period(cmp, "previousPeriodStart", "previousPeriodEnd")],
        [text("config_sha256"), text(report["configSha256"]), text(cmp["previousConfigSha256"])],
    ] + [[text(d["field"]), text(d.get("current", "")), text(d.get("previous", ""))]
         for d in cmp.get("configDifferences", [])]
    return {
        "Movers": (["Company id", "Company", "Industry id", "Industry", "Index"] +
                   CHANGE_HEADERS +
                   ["Overall rank", "Previous overall rank", "Overall rank change",
                    "Rank in industry", "Previous rank in industry", "Rank change in industry",
                    "Largest move"], movers, None),
        "Industry changes": (["Industry id", "Industry", "Index"] + CHANGE_HEADERS +
                             ["Rank", "Previous rank", "Rank change"], industries, 0),
        "Differences": (["Field", "This program", "Compared program"], differences, None),
    }


def close(a, b):
    # libxlsxwriter writes 16 significant digits; a double has up to 17.
    return math.isclose(a, b, rel_tol=1e-15, abs_tol=1e-300) or a == b


def check_fill(where, cell, zone, colours):
    fill = cell.fill
    if zone in ZONES:
        want = colours[ZONES[zone]].upper()
        got = (fill.fgColor.rgb or "") if fill.fill_type == "solid" else ""
        if not isinstance(got, str) or got[-6:].upper() != want.lstrip("#"):
            fail(where, f"zone {zone}: fill {fill.fill_type} {got!r}, expected {want}")
        if not isinstance(cell.font.color.rgb if cell.font.color else None, str) or \
                cell.font.color.rgb[-6:].upper() != "FFFFFF":
            fail(where, "a zone fill needs white text")
    elif fill.fill_type is not None:
        fail(where, f"filled ({fill.fill_type}) without a zone")


def check_cell(where, cell, want, colours):
    kind, value = want[0], want[1]
    zone = want[2] if len(want) > 2 else None
    if cell.number_format != FORMATS[kind] and not (value is None or value == ""):
        fail(where, f"number format {cell.number_format!r}, expected {FORMATS[kind]!r}")
    check_fill(where, cell, zone, colours)
    if value is None or (kind == "text" and value == ""):
        if cell.value is not None:
            fail(where, f"holds {cell.value!r}, expected an empty cell")
        return
    if kind in ("text", "zone"):
        if cell.data_type != "s" or cell.value != value:
            fail(where, f"holds {cell.value!r} ({cell.data_type}), expected text {value!r}")
    elif kind == "bool":
        if cell.data_type != "b" or cell.value is not value:
            fail(where, f"holds {cell.value!r} ({cell.data_type}), expected {value}")
    elif kind == "wait":
        # Stored as a number of days; openpyxl gives a timedelta rounded to 1 ms.
        if cell.data_type != "d" or not isinstance(cell.value, datetime.timedelta):
            fail(where, f"holds {cell.value!r} ({cell.data_type}), expected a duration")
        elif abs(cell.value.total_seconds() - value) > 0.0005 + 1e-9 * value:
            fail(where, f"holds {cell.value.total_seconds()} s, expected {value} s")
    else:
        if cell.data_type != "n" or isinstance(cell.value, bool) or \
                not isinstance(cell.value, (int, float)):
            fail(where, f"holds {cell.value!r} ({cell.data_type}), expected the number {value}")
        elif not close(float(cell.value), float(value)):
            fail(where, f"holds {cell.value!r}, expected {value!r}")


def check_sheet(ws, headers, rows, key, colours):
    name = ws.title
    if ws.freeze_panes != "A2":
        fail(name, f"frozen panes at {ws.freeze_panes}, expected the header row (A2)")
    ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    if ws.auto_filter.ref != ref:
        fail(name, f"autofilter {ws.auto_filter.ref}, expected {ref}")
    if ws.max_column != len(headers) or ws.max_row != len(rows) + 1:
        fail(name, f"{ws.max_row} rows x {ws.max_column} columns, "
                   f"expected {len(rows) + 1} x {len(headers)}")
    got_headers = [ws.cell(1, c + 1).value for c in range(len(headers))]
    if got_headers != headers:
        fail(name, f"headers {got_headers}, expected {headers}")
        return
    for c in range(len(headers)):
        if not ws.cell(1, c + 1).font.b:
            fail(f"{name}!{get_column_letter(c + 1)}1", "header not bold")
    # Rows are compared in the report's order, or by their key where the sheet sorts.
    sheet_rows = list(range(2, len(rows) + 2))
    if key is not None:
        by_key = {}
        for r in sheet_rows:
            by_key[ws.cell(r, key + 1).value] = r
        if len(by_key) != len(rows):
            fail(name, "row keys are not unique")
        sheet_rows = [by_key.get(row[key][1]) for row in rows]
    for want_row, r in zip(rows, sheet_rows):
        if r is None:
            fail(name, f"no row for {want_row[key][1]!r}")
            continue
        for c, want in enumerate(want_row):
            check_cell(f"{name}!{get_column_letter(c + 1)}{r} ({headers[c]})", ws.cell(r, c + 1),
                       want, colours)


def check_order(wb, report):
    # Industries read in rank order, the unranked after them by name.
    ws = wb["Industries"]
    rows = [(ws.cell(r, 1).value, ws.cell(r, 3).value) for r in range(2, ws.max_row + 1)]
    ranked = [rank for rank, _ in rows if rank is not None]
    if rows[:len(ranked)] != [(rank, n) for rank, n in rows if rank is not None]:
        fail("Industries", "an unranked industry is listed before a ranked one")
    if ranked != sorted(ranked):
        fail("Industries", f"ranks out of order: {ranked}")
    unranked = [n for rank, n in rows if rank is None]
    if unranked != sorted(unranked):
        fail("Industries", "unranked industries are not in name order")
    # Observers: the most lenient first.
    ws = wb["Observers"]
    leniency = [ws.cell(r, 4).value for r in range(2, ws.max_row + 1)]
    if leniency != sorted(leniency, reverse=True):
        fail("Observers", "not sorted by leniency, most lenient first")


def check_demo_data(report):
    # The demo data reaches the interesting cases; a test that saw none proves little.
    companies = report.get("companies", [])
    for what, seen in [
        ("a company without an interval", any("ciLow" not in c for c in companies)),
        ("an ineligible company", any(not c.get("eligible") for c in companies)),
        ("a ranked industry", any(i.get("ranked") for i in report.get("industries", []))),
        ("an agent index", any("agentIndex" in c for c in companies)),
        ("an agent rank", any("rankAgentOverall" in c for c in companies)),
        ("every zone", {c.get("zone") for c in companies} >= set(ZONES)),
        ("a formula-like name", any(c.get("name", "").startswith("=") for c in companies)),
        ("a rank set in an industry", any("rankSetInIndustryLow" in c for c in companies)),
        ("an industry winner's clarity",
         any(i.get("winnerClarity") for i in report.get("industries", []))),
        ("the award's clarity", bool(report.get("overallWinnerClarity"))),
        ("a ranked contact type",
         any("rank" in s.get("program", {}) for s in report.get("scenarios", []))),
    ]:
        if not seen:
            fail("demo data", f"has no {what}")


def check_comparison_data(report):
    changes = [c["change"] for c in report.get("companies", []) if "change" in c]
    cmp = report["comparison"]
    for what, seen in [
        ("a compared company", bool(changes)),
        ("a change without an interval", any("changeLow" not in ch for ch in changes)),
        ("a significant change", any(ch.get("significant") for ch in changes)),
        ("a change that is not significant", any(ch.get("significant") is False for ch in changes)),
        ("a rank change", any("rankChange" in ch for ch in changes)),
        ("a gain and a fall", bool(cmp.get("gains")) and bool(cmp.get("falls"))),
        ("a config difference", bool(cmp.get("configDifferences"))),
    ]:
        if not seen:
            fail("compared demo data", f"has no {what}")


def zone_colours(html):
    colours = dict(re.findall(r"\.zone\.(green|yellow|red) \{ background: (#[0-9a-fA-F]{6}); \}",
                              html))
    if set(colours) != {"green", "yellow", "red"}:
        sys.exit(f"xlsx_report_test: no zone colours in the HTML page's stylesheet: {colours}")
    return colours


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--msc", required=True)
    parser.add_argument("--demo-db", required=True)
    parser.add_argument("--keep", help="write the files here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="msc-xlsx-test-") as tmp:
        work = args.keep or tmp
        os.makedirs(work, exist_ok=True)
        db = os.path.join(work, "m.db")
        if os.path.exists(db):
            os.remove(db)
        run(args.demo_db, db, "1500", "--previous")
        config = os.path.join(work, "fast.textproto")
        with open(config, "w") as f:
            f.write("bootstrap { replicates: 40 }\n")
        award = [args.msc, "--db", db, "award", "--program", PROGRAM, "--config", config]
        html = run(*award, "--format", "html").stdout
        colours = zone_colours(html)
        cells = 0
        for compare in ([], ["--compare", PREVIOUS]):
            report = json.loads(run(*award, *compare, "--format", "json").stdout)
            xlsx = os.path.join(work, "award-compared.xlsx" if compare else "award.xlsx")
            run(*award, *compare, "--format", "xlsx", "--out", xlsx)
            wb = openpyxl.load_workbook(xlsx)
            sheets = SHEETS + (["Contact types"] if report.get("scenarios") else []) + \
                (COMPARISON_SHEETS if compare else [])
            if wb.sheetnames != sheets:
                fail("workbook", f"sheets {wb.sheetnames}, expected {sheets}")
            if ("comparison" in report) != bool(compare):
                fail("report", f"comparison present: {'comparison' in report}, with {compare}")
            expected = expected_sheets(report)
            expected.update(expected_scenario_sheet(report))
            if compare:
                expected.update(expected_comparison_sheets(report))
            for name in sheets:
                if name not in wb.sheetnames:
                    continue
                headers, rows, key = expected[name]
                check_sheet(wb[name], headers, rows, key, colours)
                cells += len(headers) * (len(rows) + 1)
            check_order(wb, report)
            if compare:
                check_comparison_data(report)
            else:
                check_demo_data(report)

    for f in failures[:50]:
        print(f)
    print(f"checked {cells} cells in {2 * len(SHEETS) + 2 + len(COMPARISON_SHEETS)} sheets: "
          f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
