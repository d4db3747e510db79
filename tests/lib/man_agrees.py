#!/usr/bin/python3
# tests/lib/man_agrees.py RENDERED HELP... - passes (prints "ok N") when
# every non-blank line of the --help texts HELP... is a line of the man page
# as `man -l` rendered it (RENDERED), whitespace at both ends ignored: a
# "usage: X" line may appear as X (the SYNOPSIS), a heading "word:" as
# WORD.  Otherwise prints the lines missing and exits 1.
import re
import sys

page = set(l.strip() for l in open(sys.argv[1], encoding="utf-8"))
missing, n = [], 0
for f in sys.argv[2:]:
    for line in open(f, encoding="utf-8"):
        s = line.strip()
        if not s:
            continue
        n += 1
        forms = [s]
        if s.startswith("usage: "):
            forms.append(s[7:])
        m = re.match(r"^([a-z][a-z ]*?)( \(.*)?:$", s)
        if m:
            forms.append(m.group(1).upper())
        if not any(x in page for x in forms):
            missing.append("%s: %s" % (f, s))
if missing:
    print("\n".join(missing))
    sys.exit(1)
print("ok %d" % n)
