#!/usr/bin/env python3
"""migc-alembic-export.py - an Alembic history's revisions with their SQL.

Run by `migc import alembic` (compiler/import/import_alembic.c), never by
hand.  Usage: migc-alembic-export.py VERSIONS_DIR

Loads every revision file in VERSIONS_DIR with Alembic's own ScriptDirectory
(no alembic.ini, no env.py: nothing of the application is imported beyond
what the revision files import themselves) and renders each revision's
upgrade() and downgrade() in Alembic's offline mode (as_sql, PostgreSQL
dialect, literal binds) into a buffer.  Writes to stdout, base first, in an
order where every parent comes before its children:

    R <id>
    P <parent id> ...          (nothing after P: the first revision)
    M <message>                (one line)
    F <the revision file>
    U <n> / D <n>              then exactly n bytes of SQL (UTF-8) and "\n"
    EU <text> / ED <text>      instead of U / D: the direction could not be
                               rendered offline (the exception, one line)
    .
Exit status: 0, or 2 with a message on stderr when the history itself
cannot be loaded (no revisions, a revision file that does not import, a
missing parent).
"""
import io
import sys


def one_line(text):
    return " ".join(str(text).split())


def render(ctx_opts, fn):
    from alembic.migration import MigrationContext
    from alembic.operations import Operations
    buf = io.StringIO()
    opts = dict(ctx_opts)
    opts["output_buffer"] = buf
    ctx = MigrationContext.configure(dialect_name="postgresql", opts=opts)
    with Operations.context(ctx):
        fn()
    return buf.getvalue()


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: migc-alembic-export.py VERSIONS_DIR\n")
        return 2
    try:
        from alembic.script import ScriptDirectory
    except ImportError as e:
        sys.stderr.write("migc: import: alembic cannot be imported by %s: %s\n"
                         % (sys.executable, e))
        return 2
    versions = argv[1]
    sys.path.insert(0, versions)
    try:
        scripts = ScriptDirectory(dir=versions, version_locations=[versions])
        revs = list(scripts.walk_revisions(base="base", head="heads"))
    except Exception as e:  # the history itself is broken
        sys.stderr.write("migc: import: Alembic cannot read the history in %s: %s\n"
                         % (versions, one_line(e)))
        return 2
    revs.reverse()
    # walk_revisions goes from the heads down; make every parent come first
    done, ordered = set(), []
    pending = list(revs)
    while pending:
        rest = []
        for r in pending:
            if all(p in done for p in r._all_down_revisions):
                ordered.append(r)
                done.add(r.revision)
            else:
                rest.append(r)
        if len(rest) == len(pending):
            sys.stderr.write("migc: import: the Alembic history has a parent that is missing\n")
            return 2
        pending = rest
    opts = {"as_sql": True, "transactional_ddl": False,
            "literal_binds": True}
    out = sys.stdout.buffer
    for r in ordered:
        msg = one_line(r.doc or r.revision)
        out.write(("R %s\nP %s\nM %s\nF %s\n" % (
            r.revision, " ".join(r._all_down_revisions), msg, r.path)).encode())
        for tag, fn in (("U", r.module.upgrade), ("D", r.module.downgrade)):
            try:
                sql = render(opts, fn).encode()
            except Exception as e:
                out.write(("E%s %s: %s\n" % (tag, type(e).__name__, one_line(e))).encode())
                continue
            out.write(("%s %d\n" % (tag, len(sql))).encode())
            out.write(sql)
            out.write(b"\n")
        out.write(b".\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
