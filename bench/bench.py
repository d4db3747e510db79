#!/usr/bin/env python3
"""bench.py - runs migc's benchmarks side by side with Alembic and psql.

Usage (bench/run.sh sets up everything and calls it):
  bench.py --migc BIN --work DIR [--rounds R] [--db-rounds R] [--n N]
           [--n-big N] [--no-extras]

Needs a running PostgreSQL reachable through PGHOST/PGPORT/PGUSER (libpq's
defaults, which the migrator, psql and psycopg2 all read), PG_BINDIR, GNU
time at /usr/bin/time, Debian's alembic at /usr/bin/alembic, strace for the
round-trip count (skipped when missing).

Wall time is measured here, client CPU comes from wait4's rusage (what GNU
time prints as %U %S, without its extra process); peak memory is taken in
a separate pass with GNU time's %M.  Commands that touch a database get a fresh
database each time, followed by a CHECKPOINT so that every run starts from
the same state.  Within a round the commands alternate, and the order
rotates from round to round, so that a drift of the disk's speed hits them
all alike.  The report (markdown) goes to stdout and DIR/results.md, the
raw samples to DIR/results.json.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import where

HERE = os.path.dirname(os.path.abspath(__file__))
TIME = "/usr/bin/time"
ALEMBIC = "/usr/bin/alembic"
PY = "/usr/bin/python3"


class Bench:
    def __init__(self, a):
        self.a = a
        self.migc = os.path.abspath(a.migc)
        self.work = os.path.abspath(a.work)
        self.bindir = os.environ["PG_BINDIR"]
        self.psql = os.path.join(self.bindir, "psql")
        self.samples = {}   # (group, name) -> [ {wall, cpu} ]
        self.facts = {}
        self.p = os.path.join(self.work, "p%d" % a.n)
        self.pbig = os.path.join(self.work, "p%d" % a.n_big)
        self.migrator = os.path.join(self.work, "bench-migrate")
        self.tf = tempfile.NamedTemporaryFile(prefix="bench-time", delete=False).name
        self.devnull = os.open(os.devnull, os.O_WRONLY)
        self.exe = {}       # command name -> path, for posix_spawn

    # -- running things -------------------------------------------------
    def env(self, db=None, extra=None):
        e = dict(os.environ)
        e.pop("DATABASE_URL", None)
        # migc sql's plan cache (docs/compiler.md) in the bench's own dir
        e["MIGC_CACHE_DIR"] = os.path.join(self.work, "migc-cache")
        if db:
            e["PGDATABASE"] = db
            e["BENCH_DB"] = db
        if extra:
            e.update(extra)
        return e

    def run(self, cmd, db=None, extra=None):
        """Runs cmd with stdout on /dev/null; returns {wall, cpu} or raises.

        The child is started with os.posix_spawn (a vfork and an exec, with
        two dup2s), the cheapest correct way Python has: subprocess.Popen
        adds an error pipe, closes every inherited descriptor and waits on
        the pipe, which cost the floor command `true` about 4 ms here.  CPU
        comes from wait4's rusage (what GNU time prints as %U %S), so that
        no wrapper process adds to the wall time of short commands."""
        exe = self.exe.get(cmd[0])
        if exe is None:
            exe = self.exe[cmd[0]] = shutil.which(cmd[0]) or cmd[0]
        env = self.env(db, extra)
        with tempfile.TemporaryFile() as err:
            fa = [(os.POSIX_SPAWN_DUP2, self.devnull, 1),
                  (os.POSIX_SPAWN_DUP2, err.fileno(), 2)]
            t0 = time.perf_counter()
            pid = os.posix_spawn(exe, cmd, env, file_actions=fa)
            _, status, ru = os.wait4(pid, 0)
            wall = time.perf_counter() - t0
            code = os.waitstatus_to_exitcode(status)
            if code != 0:
                err.seek(0)
                sys.stderr.write(err.read().decode(errors="replace")[-3000:])
                raise SystemExit("bench: command failed (%d): %s"
                                 % (code, " ".join(cmd)))
        # (ru_maxrss is not kept: it counts the harness's own pages that the
        # child had before its exec; peak memory comes from GNU time)
        return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime}

    def gnu_time_rss(self, cmd, db=None):
        """Peak RSS in kB as GNU time's %M reports it."""
        self.run([TIME, "-f", "%M", "-o", self.tf] + cmd, db=db)
        with open(self.tf) as f:
            return int(f.read().split()[-1])

    def where(self):
        self.facts["where"] = where.breakdown(self)

    def memory(self):
        """Peak memory by GNU time's %M, one run of each command."""
        ini = ["-c", os.path.join(self.p, "alembic", "alembic.ini")]
        small, big = os.path.join(self.p, "migc"), os.path.join(self.pbig, "migc")
        out = os.path.join(self.work, "build-out")
        res = {}
        for name, up, down in (
                ("migrator", [self.migrator, "upgrade", "head"],
                 [self.migrator, "downgrade", "base"]),
                ("alembic", [ALEMBIC] + ini + ["upgrade", "head"],
                 [ALEMBIC] + ini + ["downgrade", "base"])):
            self.fresh("bench_mem")
            res[name + " upgrade head"] = self.gnu_time_rss(up, db="bench_mem")
            res[name + " downgrade base"] = self.gnu_time_rss(down, db="bench_mem")
        for name, cmd in (
                ("migrator sql upgrade", [self.migrator, "sql", "upgrade"]),
                ("alembic upgrade head --sql", [ALEMBIC] + ini + ["upgrade", "head", "--sql"]),
                ("migc check N=%d" % self.a.n, [self.migc, "-C", small, "check"]),
                ("migc check N=%d" % self.a.n_big, [self.migc, "-C", big, "check"]),
                ("migc build N=%d" % self.a.n, [self.migc, "-C", small, "build", "-o", out])):
            res[name] = self.gnu_time_rss(cmd)
        self.facts["gnu_time_rss_kb"] = res

    def sql(self, q, db="postgres"):
        r = subprocess.run([self.psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                            "-d", db, "-c", q], env=self.env(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode != 0:
            raise SystemExit("bench: psql failed: %s\n%s" % (q, r.stderr.decode()))
        return r.stdout.decode().strip()

    def fresh(self, db):
        self.sql('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % db)
        self.sql('CREATE DATABASE "%s"' % db)
        self.sql("CHECKPOINT")

    def record(self, group, name, s):
        self.samples.setdefault((group, name), []).append(s)

    def rounds(self, group, cmds, n, prep=None):
        """cmds: [(name, fn)]; each fn returns a sample. Rotating order."""
        for r in range(n):
            k = r % len(cmds)
            for name, fn in cmds[k:] + cmds[:k]:
                if prep:
                    prep(name)
                self.record(group, name, fn())
            sys.stderr.write("  %s: round %d/%d done\n" % (group, r + 1, n))

    # -- the projects -----------------------------------------------------
    def setup(self):
        a = self.a
        os.makedirs(self.work, exist_ok=True)
        for d, n, only in ((self.p, a.n, []), (self.pbig, a.n_big, ["--only", "migc"])):
            shutil.rmtree(d, ignore_errors=True)
            subprocess.run([PY, os.path.join(HERE, "gen.py"), d, str(n)] + only,
                           check=True)
        for d in (self.p, self.pbig):
            self.run([self.migc, "-C", os.path.join(d, "migc"), "check"])
        self.run([self.migc, "-C", os.path.join(self.p, "migc"), "build",
                  "-o", self.migrator])

    # -- measurements -----------------------------------------------------
    def updown(self):
        p = self.p
        sqld = os.path.join(p, "sql")
        ini = ["-c", os.path.join(p, "alembic", "alembic.ini")]
        psql = [self.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f"]
        tools = [
            ("migc", [self.migrator, "upgrade", "head"],
             [self.migrator, "downgrade", "base"], None),
            ("alembic", [ALEMBIC] + ini + ["upgrade", "head"],
             [ALEMBIC] + ini + ["downgrade", "base"], None),
            ("psql", psql + [os.path.join(sqld, "upgrade.sql")],
             psql + [os.path.join(sqld, "downgrade.sql")], None),
        ]
        if not self.a.no_extras:
            tools += [
                ("psql-1rt", psql + [os.path.join(sqld, "upgrade_1rt.sql")],
                 psql + [os.path.join(sqld, "downgrade_1rt.sql")], None),
                ("psql-async", psql + [os.path.join(sqld, "upgrade.sql")],
                 psql + [os.path.join(sqld, "downgrade.sql")],
                 {"PGOPTIONS": "-c synchronous_commit=off"}),
            ]
        self.dumps = {}

        def one(name, up, down, extra):
            def fn():
                db = "bench_" + name.replace("-", "_")
                self.fresh(db)
                s = self.run(up, db=db, extra=extra)
                self.record("upgrade", name, s)
                self.check_applied(db, name)
                self.sql("CHECKPOINT")
                d = self.run(down, db=db, extra=extra)
                left = self.sql("SELECT count(*) FROM pg_class c JOIN pg_namespace n"
                                " ON n.oid = c.relnamespace WHERE nspname = 'public'"
                                " AND relname NOT LIKE 'migc\\_version%'"
                                " AND relname NOT LIKE 'alembic\\_version%'",
                                db)
                if left != "0":
                    raise SystemExit("bench: %s downgrade base left %s relations"
                                     % (name, left))
                return d
            return fn

        cmds = [(t[0], one(*t)) for t in tools]
        self.rounds("downgrade", cmds, self.a.db_rounds)
        # every tool must have built exactly the schema psql built
        for k, v in self.dumps.items():
            if v != self.dumps["psql"]:
                raise SystemExit("bench: the schema %s built differs from psql's"
                                 " (diff %s/schema-%s.sql %s/schema-psql.sql)"
                                 % (k, self.work, k, self.work))

    def check_applied(self, db, name):
        """The run applied everything; the first time, dumps the schema."""
        n = self.a.n
        if name == "alembic":
            v = self.sql("SELECT version_num FROM alembic_version", db)
            if v != self.last_rev():
                raise SystemExit("bench: alembic is at %s, not %s" % (v, self.last_rev()))
        else:
            c = self.sql("SELECT count(*) FROM migc_version", db)
            if c != str(n):
                raise SystemExit("bench: %s recorded %s revisions, not %d" % (name, c, n))
        if name in self.dumps:
            return
        r = subprocess.run([os.path.join(self.bindir, "pg_dump"), "-s", "-d", db,
                            "-T", "migc_version", "-T", "alembic_version"],
                           env=self.env(), stdout=subprocess.PIPE, check=True)
        # pg_dump's restrict lines carry a random key: leave them out
        dump = b"".join(ln for ln in r.stdout.splitlines(True)
                        if not re.match(rb"\\(un)?restrict ", ln))
        self.dumps[name] = dump
        with open(os.path.join(self.work, "schema-%s.sql" % name), "wb") as f:
            f.write(dump)

    def last_rev(self):
        vs = sorted(os.listdir(os.path.join(self.p, "migc", "versions")))
        return vs[-1].split("_")[0]

    def offline(self):
        p = self.p
        ini = ["-c", os.path.join(p, "alembic", "alembic.ini")]
        msql = [self.migc, "-C", os.path.join(p, "migc"), "sql", "upgrade"]
        cmds = [
            # the second and later calls on an unchanged project: served
            # from the plan cache (the warm-up call below fills it)
            ("migc sql", lambda: self.run(msql)),
            ("migc sql, no cache", lambda: self.run(msql, extra={"MIGC_CACHE_DIR": "off"})),
            ("migrator sql", lambda: self.run([self.migrator, "sql", "upgrade"])),
            ("alembic --sql", lambda: self.run([ALEMBIC] + ini + ["upgrade", "head", "--sql"])),
        ]
        for _, fn in cmds:
            fn()  # warm the page cache
        self.rounds("offline", cmds, self.a.rounds)

    def status(self):
        p = self.p
        ini = ["-c", os.path.join(p, "alembic", "alembic.ini")]
        # "nothing pending": each tool's stamp fills its version table as if
        # all N revisions had run, which is all current and history read
        for db, stamp in (("bench_st_migc", [self.migrator, "stamp", "head"]),
                          ("bench_st_alembic", [ALEMBIC] + ini + ["stamp", "head"])):
            self.fresh(db)
            self.run(stamp, db=db)
        m, al = "bench_st_migc", "bench_st_alembic"
        cmds = []
        for c in ("current", "history", "heads"):
            cmds.append(("migrator " + c, (lambda c=c: self.run([self.migrator, c], db=m))))
            cmds.append(("alembic " + c, (lambda c=c: self.run([ALEMBIC] + ini + [c], db=al))))
        # the harness's own cost of starting a process, for scale
        cmds.append(("true (harness floor)", lambda: self.run(["true"])))
        cmds.append(("psql -c 'select 1' (connection floor)",
                     lambda: self.run([self.psql, "-X", "-At", "-c", "select 1"], db=m)))
        for _, fn in cmds:
            fn()
        self.rounds("status", cmds, self.a.rounds)

    def compiler(self):
        small = os.path.join(self.p, "migc")
        big = os.path.join(self.pbig, "migc")
        out = os.path.join(self.work, "build-out")
        cmds = [
            ("check %d" % self.a.n, lambda: self.run([self.migc, "-C", small, "check"])),
            ("check %d" % self.a.n_big, lambda: self.run([self.migc, "-C", big, "check"])),
        ]
        for _, fn in cmds:
            fn()
        self.rounds("check", cmds, self.a.rounds)

        def build():
            if os.path.exists(out):
                os.unlink(out)
            return self.run([self.migc, "-C", small, "build", "-o", out])
        self.rounds("build", [("build %d" % self.a.n, build)], max(3, self.a.rounds // 2))

    def roundtrips(self):
        """strace's count of send/recv calls for one upgrade and downgrade
        of a small project (the counts grow linearly with N)."""
        if not shutil.which("strace"):
            self.facts["syscalls_note"] = "strace missing: not measured"
            return
        n = self.a.n_rt
        p = os.path.join(self.work, "p%d" % n)
        shutil.rmtree(p, ignore_errors=True)
        subprocess.run([PY, os.path.join(HERE, "gen.py"), p, str(n)], check=True)
        mig = os.path.join(self.work, "bench-migrate-%d" % n)
        self.run([self.migc, "-C", os.path.join(p, "migc"), "build", "-o", mig])
        ini = ["-c", os.path.join(p, "alembic", "alembic.ini")]
        sqld = os.path.join(p, "sql")
        psql = [self.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f"]
        res = {}
        for name, up, down in (
                ("migc", [mig, "upgrade", "head"], [mig, "downgrade", "base"]),
                ("alembic", [ALEMBIC] + ini + ["upgrade", "head"],
                 [ALEMBIC] + ini + ["downgrade", "base"]),
                ("psql", psql + [os.path.join(sqld, "upgrade.sql")],
                 psql + [os.path.join(sqld, "downgrade.sql")]),
                ("psql-1rt", psql + [os.path.join(sqld, "upgrade_1rt.sql")],
                 psql + [os.path.join(sqld, "downgrade_1rt.sql")])):
            db = "bench_rt"
            self.fresh(db)
            for what, cmd in (("upgrade", up), ("downgrade", down)):
                so = os.path.join(self.work, "strace-%s-%s.txt" % (name, what))
                self.run(["strace", "-f", "-c", "-o", so,
                          "-e", "trace=sendto,recvfrom,sendmsg,recvmsg,write,read,poll,ppoll"]
                         + cmd, db=db)
                calls = {}
                with open(so) as f:
                    for ln in f:
                        m = re.match(r"\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)$", ln)
                        if m:
                            calls[m.group(2)] = int(m.group(1))
                res["%s %s" % (name, what)] = calls
        self.facts["syscalls"] = res

    # -- the report -------------------------------------------------------
    def targets(self, med, have):
        """Issue 7's targets against this run: a markdown table."""
        n, nb = self.a.n, self.a.n_big
        rows = []

        def at_most(what, val, lim, unit=""):
            ok = val <= lim
            rows.append((what, "<= %g%s" % (lim, unit), "%.3g%s" % (val, unit),
                         "met" if ok else "NOT met: %.2fx the target" % (val / lim)))

        def at_least(what, val, lim):
            ok = val >= lim
            rows.append((what, ">= %gx" % lim, "%.3gx" % val,
                         "met" if ok else "NOT met: %.1fx short" % (lim / val)))
        for g in ("upgrade", "downgrade"):
            if have(g, "migc", "psql"):
                at_most("%s, N=%d: migc / psql floor" % (g, n),
                        med(g, "migc") / med(g, "psql"), 1.05)
        if have("upgrade", "migc", "psql"):
            at_most("upgrade, N=%d: migc / psql floor (part 4: one round trip, one flush per run)" % n,
                    med("upgrade", "migc") / med("upgrade", "psql"), 0.8)
        if have("offline", "alembic --sql", "migc sql", "migrator sql"):
            al = med("offline", "alembic --sql")
            at_least("offline SQL, N=%d: alembic --sql / migc sql" % n,
                     al / med("offline", "migc sql"), 200)
            at_least("offline SQL, N=%d: alembic --sql / migrator sql" % n,
                     al / med("offline", "migrator sql"), 200)
        for c in ("current", "history"):
            if have("status", "alembic " + c, "migrator " + c):
                at_least("%s, nothing pending: alembic / migrator" % c,
                         med("status", "alembic " + c) / med("status", "migrator " + c), 50)
        small, big = "check %d" % n, "check %d" % nb
        if have("check", big):
            at_most("migc check, N=%d" % nb, med("check", big), 0.3, " s")
        if have("check", small, big):
            at_most("migc check, N=%d / N=%d" % (nb, n),
                    med("check", big) / med("check", small), 11)
        if have("build", "build %d" % n):
            at_most("migc build, N=%d, with the C compiler" % n,
                    med("build", "build %d" % n), 5, " s")
        gt = self.facts.get("gnu_time_rss_kb", {})
        gt = [v for k, v in gt.items() if k.startswith("migrator")]
        if gt:
            at_most("migrator peak RSS (GNU time %%M), N=%d" % n, max(gt) / 1024, 16, " MB")
        L = ["", "Targets (issue 7), this run:", "",
             "| target | wanted | measured | verdict |", "|---|---|---|---|"]
        L += ["| %s | %s | %s | %s |" % r for r in rows]
        return L


    def stat(self, group, name, key="wall"):
        v = [s[key] for s in self.samples[(group, name)]]
        return statistics.median(v), min(v), max(v), len(v)

    def report(self):
        n = self.a.n
        L = []

        def fmt(group, name, key="wall"):
            med, lo, hi, k = self.stat(group, name, key)
            return "%.3f s (%.3f-%.3f, %d runs)" % (med, lo, hi, k)

        def med(group, name, key="wall"):
            return self.stat(group, name, key)[0]

        L.append("| measurement | command | median wall (min-max, runs) | client CPU |")
        L.append("|---|---|---|---|")
        for (g, name) in self.samples:
            L.append("| %s | %s | %s | %.3f s |" % (
                g, name, fmt(g, name), med(g, name, "cpu")))
        L.append("")
        L.append("Ratios (medians):")
        L.append("")

        def ratio(g, a, b):
            return med(g, a) / med(g, b)

        def have(g, *names):
            return all((g, x) in self.samples for x in names)
        for g in ("upgrade", "downgrade"):
            if not have(g, "migc", "alembic", "psql"):
                continue
            fl = med(g, "psql")
            L.append("- %s, N=%d: migc/psql floor = %.3f, alembic/psql floor = %.3f,"
                     " migc/alembic = %.3f; client overhead per revision over the floor:"
                     " migc %.2f ms, alembic %.2f ms"
                     % (g, n, ratio(g, "migc", "psql"), ratio(g, "alembic", "psql"),
                        ratio(g, "migc", "alembic"), (med(g, "migc") - fl) / n * 1000,
                        (med(g, "alembic") - fl) / n * 1000))
            pr = [a["wall"] / b["wall"] for a, b in zip(self.samples[(g, "migc")],
                                                        self.samples[(g, "psql")])]
            L.append("  - migc/psql floor, median of the per-round ratios (each pair run"
                     " back to back): %.3f (%.3f-%.3f)" % (statistics.median(pr), min(pr), max(pr)))
            L.append("  - client CPU (user+sys, start-up included) per revision: migc %.3f ms,"
                     " alembic %.3f ms, psql %.3f ms"
                     % tuple(med(g, t, "cpu") / n * 1000 for t in ("migc", "alembic", "psql")))
            for x in ("psql-1rt", "psql-async"):
                if have(g, x):
                    L.append("  - %s/psql floor = %.3f" % (x, ratio(g, x, "psql")))
        if have("offline", "alembic --sql", "migc sql", "migrator sql"):
            al = med("offline", "alembic --sql")
            L.append("- offline SQL, N=%d: alembic/migc sql = %.0fx,"
                     " alembic/migrator sql = %.0fx"
                     % (n, al / med("offline", "migc sql"),
                        al / med("offline", "migrator sql")))
            if have("offline", "migc sql, no cache"):
                L.append("  - migc sql without its plan cache (a full check each"
                         " time): alembic/migc sql = %.0fx"
                         % (al / med("offline", "migc sql, no cache")))
            if have("status", "true (harness floor)"):
                fl = med("status", "true (harness floor)")
                L.append("  - over the harness floor (`true`, %.1f ms): migc sql"
                         " %.1f ms, migrator sql %.1f ms"
                         % (fl * 1e3, (med("offline", "migc sql") - fl) * 1e3,
                            (med("offline", "migrator sql") - fl) * 1e3))
        for c in ("current", "history", "heads"):
            if have("status", "alembic " + c, "migrator " + c):
                L.append("- %s, nothing pending: alembic/migrator = %.0fx"
                         % (c, ratio("status", "alembic " + c, "migrator " + c)))
        small, big = "check %d" % n, "check %d" % self.a.n_big
        if have("check", small, big):
            L.append("- migc check: N=%d %.3f s, N=%d %.3f s, ratio %.1f"
                     % (n, med("check", small), self.a.n_big, med("check", big),
                        ratio("check", big, small)))
        if have("build", "build %d" % n):
            L.append("- migc build N=%d: %.3f s" % (n, med("build", "build %d" % n)))
        if "gnu_time_rss_kb" in self.facts:
            L.append("- peak RSS by GNU time's %%M (N=%d unless said): %s" % (n, "; ".join(
                "%s %d kB" % kv for kv in self.facts["gnu_time_rss_kb"].items())))
        L += self.targets(med, have)
        L += self.facts.get("where", [])
        if "syscalls" in self.facts:
            L.append("")
            L.append("System calls for one run at N=%d (strace -f -c; a round trip is one"
                     " sendto and at least one recvfrom):" % self.a.n_rt)
            L.append("")
            L.append("| run | sendto | recvfrom | poll | write | read |")
            L.append("|---|---|---|---|---|---|")
            for k, c in self.facts["syscalls"].items():
                L.append("| %s | %s | %s | %s | %s | %s |" % (
                    k, c.get("sendto", 0), c.get("recvfrom", 0),
                    c.get("poll", 0) + c.get("ppoll", 0), c.get("write", 0), c.get("read", 0)))
        text = "\n".join(L) + "\n"
        with open(os.path.join(self.work, "results.md"), "w") as f:
            f.write(text)
        with open(os.path.join(self.work, "results.json"), "w") as f:
            json.dump({"%s|%s" % k: v for k, v in self.samples.items()}
                      | {"facts": self.facts}, f, indent=1)
        sys.stdout.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--migc", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--db-rounds", type=int, default=7)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--n-big", type=int, default=10000)
    ap.add_argument("--n-rt", type=int, default=100)
    ap.add_argument("--no-extras", action="store_true")
    ap.add_argument("--only",
                    default="setup,updown,offline,status,compiler,memory,where,roundtrips")
    a = ap.parse_args()
    b = Bench(a)
    steps = a.only.split(",")
    t0 = time.time()
    for step in ("setup", "compiler", "offline", "status", "updown", "memory",
                 "where", "roundtrips"):
        if step in steps:
            sys.stderr.write("bench: %s (%.0f s so far)\n" % (step, time.time() - t0))
            getattr(b, step)()
    b.report()
    os.unlink(b.tf)
    sys.stderr.write("bench: done in %.0f s\n" % (time.time() - t0))


if __name__ == "__main__":
    main()
