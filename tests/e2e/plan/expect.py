#!/usr/bin/env python3
# tests/e2e/plan/expect.py PLAN.json DIR - splits a `plan --format json` into
# one set of files per statement for 99-plan.t: DIR/N.sql (the statement),
# N.rev (its revision), N.locks (what plan says it locks: "relname Mode" lines,
# pg_locks' mode names, sorted), N.effect, N.table (relname or "-").
import json
import sys

MODES = {
    "ACCESS SHARE": "AccessShareLock", "ROW SHARE": "RowShareLock",
    "ROW EXCLUSIVE": "RowExclusiveLock",
    "SHARE UPDATE EXCLUSIVE": "ShareUpdateExclusiveLock",
    "SHARE": "ShareLock", "SHARE ROW EXCLUSIVE": "ShareRowExclusiveLock",
    "EXCLUSIVE": "ExclusiveLock", "ACCESS EXCLUSIVE": "AccessExclusiveLock",
}


def relname(sql_name):
    return sql_name.split(".")[-1].strip('"')


plan = json.load(open(sys.argv[1]))
n = 0
for rev in plan["revisions"]:
    for st in rev["statements"]:
        n += 1
        base = "%s/%d" % (sys.argv[2], n)
        open(base + ".sql", "w").write(st["sql"] + ";\n")
        open(base + ".rev", "w").write(rev["id"] + "\n")
        locks = sorted("%s %s" % (relname(l["relation"]), MODES[l["mode"]])
                       for l in st["locks"])
        open(base + ".locks", "w").write("".join(x + "\n" for x in locks))
        open(base + ".effect", "w").write(st["effect"] + "\n")
        open(base + ".table", "w").write(
            (relname(st["table"]) if st["table"] else "-") + "\n")
print(n)
