#!/bin/sh
# tests/e2e/88-tutorial.t - docs/tutorial.md is true (issue 18 part 6):
# runs its marked blocks in order against a throwaway PostgreSQL and
# compares each command's output with the page's, so the page cannot rot.
#
# Markers (an HTML comment on the line before a fenced block):
#   <!-- tutorial -->            a console block: "$ CMD" lines are run with
#                                sh in the tutorial's directory ("$ cd DIR"
#                                changes it), the lines after one are its
#                                expected stdout and stderr
#   <!-- tutorial file NAME -->  the block is written to NAME
# Before comparing, output is normalised: revision ids (12 hex digits, in
# order of first appearance) become <REV>, <REV2>, ...; timestamps <DATE>;
# durations "(<TIME>)"; the database URL <URL>.  TUTORIAL_WRITE=1 rewrites the page's outputs
# with the real ones instead (then review the diff).
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
e2e_pg_start
pg_fresh_db tutorial
mkdir -p "$work/bin" "$work/run"
ln -s "$MIGC" "$work/bin/migc"
DATABASE_URL="postgresql:///tutorial?host=$PGHOST&port=$PGPORT"
MIGC_CACHE_DIR=$work/cache
PATH=$work/bin:$PATH
export DATABASE_URL MIGC_CACHE_DIR PATH
unset PGDATABASE
/usr/bin/python3 - "$ROOT/docs/tutorial.md" "$work/run" <<'EOPY'
import os, re, subprocess, sys

page, cwd = sys.argv[1], sys.argv[2]
lines = open(page).read().split("\n")

# ---- parse: steps are ("file", name, text) or ("cmd", cmd, expected, (start, end))
steps = []
i = 0
while i < len(lines):
    m = re.match(r"<!-- tutorial( file (\S+))? -->$", lines[i])
    if not m:
        i += 1
        continue
    assert lines[i + 1].startswith("```"), "a marker must precede a fence (line %d)" % (i + 2)
    j = i + 2
    while lines[j] != "```":
        j += 1
    body = lines[i + 2:j]
    if m.group(2):
        steps.append(("file", m.group(2), "\n".join(body) + "\n"))
    else:
        k = 0
        while k < len(body):
            assert body[k].startswith("$ "), "expected a command at line %d" % (i + 3 + k)
            e = k + 1
            while e < len(body) and not body[e].startswith("$ "):
                e += 1
            steps.append(("cmd", body[k][2:], "\n".join(body[k + 1:e]), (i + 3 + k, i + 2 + e)))
            k = e
    i = j + 1

ncmd = sum(1 for s in steps if s[0] == "cmd")
write = os.environ.get("TUTORIAL_WRITE") == "1"
print("1..%d" % ncmd)

ids = {}
url = os.environ["DATABASE_URL"]
def norm(text):
    def rev(mo):
        if mo.group(0) not in ids:
            ids[mo.group(0)] = "<REV>" if not ids else "<REV%d>" % (len(ids) + 1)
        return ids[mo.group(0)]
    text = text.replace(url, "<URL>")
    text = re.sub(r"(?<![0-9A-Za-z])[0-9a-f]{12}(?![0-9A-Za-z])", rev, text)
    text = re.sub(r"\(\d+(\.\d+)? m?s\)", "(<TIME>)", text)
    text = re.sub(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d(:?\d\d)?|Z)?", "<DATE>", text)
    return text.rstrip("\n")

n = 0
edits = []
for s in steps:
    if s[0] == "file":
        open(os.path.join(cwd, s[1]), "w").write(s[2])
        continue
    n += 1
    cmd, want, span = s[1], s[2], s[3]
    if cmd.startswith("cd "):
        cwd = os.path.normpath(os.path.join(cwd, cmd[3:].strip()))
        got = ""
        status = 0 if os.path.isdir(cwd) else 1
    else:
        p = subprocess.run(["sh", "-c", cmd], cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        got, status = norm(p.stdout), p.returncode
    if write:
        edits.append((span, got))
    if status == 0 and got == want:
        print("ok %d - tutorial: %s" % (n, cmd))
    else:
        print("not ok %d - tutorial: %s" % (n, cmd))
        print("#   exit status %d" % status)
        for l in ("got:\n" + got + "\nwant:\n" + want).split("\n"):
            print("#   " + l)

if write:
    for (a, b), got in sorted(edits, reverse=True):
        lines[a:b] = got.split("\n") if got else []
    open(page, "w").write("\n".join(lines))
EOPY
