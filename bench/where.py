"""where.py - where an upgrade's time goes on the server, for bench.py.

Runs the migrator's upgrade head and downgrade base of the N-revision
project once more, on a fresh database, with log_min_duration_statement=0
for its session, and sums the durations the server logged by kind of
statement (CREATE TABLE, COMMIT, the version-table INSERT's parse, bind and
execute, ...).  The difference between the wall time and the sum is the
client's own work plus the round trips.  Reads the server log at
$PG_DIR/server.log (tests/lib/pg.sh).
"""
import collections
import os
import re
import time

LINE = re.compile(r"duration: ([\d.]+) ms\s+(statement|execute [^:]*|parse [^:]*|bind [^:]*): (.*)")


def kind(how, stmt):
    w = stmt.split()
    k = " ".join(w[:2]).upper() if w else "?"
    if k.startswith("ALTER TABLE"):
        u = stmt.upper()
        k = "ALTER TABLE " + ("ADD" if " ADD " in u else
                              "DROP" if " DROP COLUMN " in u or " DROP CONSTRAINT " in u
                              else "ALTER")
    elif k.startswith("SELECT") or k.startswith("SET"):
        k = "(start-up queries)"
    if how.startswith("parse") or how.startswith("bind"):
        k = "%s (%s)" % (k, how.split()[0])
    return k


def breakdown(b):
    """Returns markdown lines; b is the Bench."""
    log = os.path.join(os.environ.get("PG_DIR", ""), "server.log")
    if not os.path.exists(log):
        return ["(server log not found: the server-side breakdown is skipped)"]
    out = ["", "Server-side time of one migrator run at N=%d (log_min_duration_statement=0;"
           " the rest of the wall time is the client and the round trips):" % b.a.n, "",
           "| run | statement kind | count | total ms | ms each |", "|---|---|---|---|---|"]
    db = "bench_where"
    b.fresh(db)
    for what in ("upgrade head", "downgrade base"):
        b.sql("CHECKPOINT")
        off = os.path.getsize(log)
        t0 = time.perf_counter()
        b.run([b.migrator] + what.split(), db=db,
              extra={"PGOPTIONS": "-c log_min_duration_statement=0"})
        wall = (time.perf_counter() - t0) * 1000
        time.sleep(0.5)  # let the logging collector write the last lines
        tot, cnt = collections.Counter(), collections.Counter()
        with open(log, errors="replace") as f:
            f.seek(off)
            for ln in f:
                m = LINE.search(ln)
                if m:
                    k = kind(m.group(2), m.group(3))
                    tot[k] += float(m.group(1))
                    cnt[k] += 1
        for k, v in tot.most_common():
            out.append("| %s | %s | %d | %.0f | %.3f |" % (what, k, cnt[k], v, v / cnt[k]))
        out.append("| %s | **sum on the server / wall** | | %.0f / %.0f | |"
                   % (what, sum(tot.values()), wall))
    return out
