#!/usr/bin/python3
"""Every figure the award printed before issue 12 is printed the same today.

The golden report (data/award_before_issue12.json.gz) was written by the msc of commit
541600c (stop 9, before issue 12's new results) from the scoring benchmark's database
made with the options below, with 200 bootstrap replicates. This test makes the same
database with today's msc-bench-make-db, scores it with today's msc, and compares the
JSON reports field by field, each number by its printed text (so "byte-identical"
holds figure by figure, not merely within a tolerance):

- every field of the golden report is in today's with the same text;
- today's report may have more fields only where issue 12 added them (NEW_FIELDS);
- config_sha256 differs by design: the default config gained agent_criteria and
  winner_result, and the digest covers the effective config.

Usage: award_before_after_test.py --msc PATH --make-db PATH --golden FILE.json.gz
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile

# The bench database the golden report was made from (tools/bench-scoring.sh's
# generator, unchanged since 541600c).
DB_OPTIONS = ["--contacts", "20000", "--companies", "300", "--seed", "11"]
CONFIG = "bootstrap { replicates: 200 }\n"

# Fields issue 12 added to the report (JSON names); anywhere in the tree.
NEW_FIELDS = {
    # item 1, the agent result
    "agentIndex", "rankAnsweredInIndustry", "rankAnsweredOverall", "rankAgentInIndustry",
    "rankAgentOverall", "rankAnswered", "rankAgent", "agentCriteria", "winnerResult",
    # item 2, rank sets
    "rankSetInIndustryLow", "rankSetInIndustryHigh", "rankSetOverallLow", "rankSetOverallHigh",
    "winnerClarity", "overallWinnerClarity",
    # item 3, contact types
    "scenarios", "contactsWithoutScenario",
    # item 4, year over year (only with --compare, which this test does not ask for)
    "change", "comparison",
}
CHANGED_BY_DESIGN = {"configSha256"}


def load(text):
    # Numbers stay the text the renderer printed.
    return json.loads(text, parse_float=str, parse_int=str)


def compare(old, new, path, problems):
    if isinstance(old, dict):
        if not isinstance(new, dict):
            problems.append(f"{path}: was an object, now {type(new).__name__}")
            return
        for key, value in old.items():
            if key in CHANGED_BY_DESIGN:
                continue
            if key not in new:
                problems.append(f"{path}.{key}: missing today (was {str(value)[:60]})")
            else:
                compare(value, new[key], f"{path}.{key}", problems)
        for key in new:
            if key not in old and key not in NEW_FIELDS and key not in CHANGED_BY_DESIGN:
                problems.append(f"{path}.{key}: new today and not a field issue 12 added")
    elif isinstance(old, list):
        if not isinstance(new, list) or len(new) != len(old):
            problems.append(f"{path}: list of {len(old)}, now "
                            f"{len(new) if isinstance(new, list) else type(new).__name__}")
            return
        for i, (a, b) in enumerate(zip(old, new)):
            compare(a, b, f"{path}[{i}]", problems)
    elif old != new:
        problems.append(f"{path}: was {old}, now {new}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--msc", required=True)
    parser.add_argument("--make-db", required=True)
    parser.add_argument("--golden", required=True)
    args = parser.parse_args()
    with gzip.open(args.golden, "rt", encoding="utf-8") as f:
        golden = load(f.read())
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "fixed.db")
        subprocess.run([args.make_db, "--db", db, *DB_OPTIONS], check=True,
                       stdout=subprocess.DEVNULL)
        config = os.path.join(tmp, "b200.textproto")
        with open(config, "w") as f:
            f.write(CONFIG)
        out = os.path.join(tmp, "report.json")
        subprocess.run([args.msc, "--db", db, "award", "--program", "bench", "--config", config,
                        "--format", "json", "--out", out], check=True)
        with open(out, encoding="utf-8") as f:
            today = load(f.read())
    problems = []
    compare(golden, today, "report", problems)
    if problems:
        print(f"{len(problems)} differences from the report before issue 12:", file=sys.stderr)
        for p in problems[:40]:
            print("  " + p, file=sys.stderr)
        return 1
    companies = len(golden.get("companies", []))
    print(f"same figures as before issue 12: {companies} companies, "
          f"{len(golden.get('industries', []))} industries, every number's text equal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
