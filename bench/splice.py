#!/usr/bin/env python3
"""splice.py - puts a bench run's figures into docs/benchmarks.md.

Usage: splice.py WORKDIR [DOC] [--command "how the run was started"]

Replaces what lies between the BEGIN GENERATED and END GENERATED markers of
DOC (default docs/benchmarks.md) with WORKDIR's environment.txt and
results.md, as bench/run.sh left them.
"""
import argparse
import os
import re

ap = argparse.ArgumentParser()
ap.add_argument("work")
ap.add_argument("doc", nargs="?", default=os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "docs", "benchmarks.md"))
ap.add_argument("--command", default="make bench")
a = ap.parse_args()
with open(os.path.join(a.work, "environment.txt")) as f:
    env = f.read().strip()
with open(os.path.join(a.work, "results.md")) as f:
    res = f.read().strip()
block = "Run: `%s`\n\n```\n%s\n```\n\n%s" % (a.command, env, res)
with open(a.doc) as f:
    doc = f.read()
pat = re.compile(r"(<!-- BEGIN GENERATED[^\n]*-->\n).*?(\n<!-- END GENERATED -->)", re.S)
if not pat.search(doc):
    raise SystemExit("splice.py: no GENERATED markers in %s" % a.doc)
doc = pat.sub(lambda m: m.group(1) + block + m.group(2), doc)
with open(a.doc, "w") as f:
    f.write(doc)
