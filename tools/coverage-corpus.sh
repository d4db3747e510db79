#!/bin/sh
# tools/coverage-corpus.sh - how much of PostgreSQL's own regression DDL
# migc's front end parses and checks (docs/language.md, "Coverage").
#
# usage: tools/coverage-corpus.sh [PG_SRC]
#   MIGC=bin/migc (default), KEEP=DIR keeps the work files there,
#   FILES="identity generated" measures only those regression files.
#
# PG_SRC is a PostgreSQL 15 source tree; without it, Debian's postgresql-15
# source package is fetched (tools/build-libpq.sh --source-only) into
# build/pgsrc and reused afterwards.  For each regression file listed
# below, a fresh database made from a template on which test_setup.sql ran
# gets the file's statements one by one (psql, one session, errors
# ignored, as pg_regress runs them); the create/alter/drop/comment
# statements that the server accepted form the corpus.  Each is then put
# alone in the upgrade block of a one-revision project and given to
# `migc check`: "parsed" counts those without a syntax error, "checked"
# those with no error at all (a native statement about a table created by
# an earlier statement of the file fails the check on its own: that is
# counted as parsed, not checked).  Prints the figures and, per file and
# per first words, the statements that are syntax errors.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MIGC=${MIGC:-$ROOT/bin/migc}
case $MIGC in /*) ;; *) MIGC=$ROOT/$MIGC ;; esac
[ -x "$MIGC" ] || { echo "coverage-corpus: no migc at $MIGC (make first, or MIGC=)" >&2; exit 2; }
FILES=${FILES:-"create_table alter_table create_index create_view triggers domain
sequence foreign_key create_type enum identity generated inherit
create_function_sql rowsecurity"}

SRC=${1:-${PG_SRC:-}}
if [ -z "$SRC" ]; then
	SRC=$ROOT/build/pgsrc
	[ -d "$SRC/src/test/regress/sql" ] || sh tools/build-libpq.sh --source-only "$SRC"
fi
REG=$SRC/src/test/regress
[ -f "$REG/sql/test_setup.sql" ] || { echo "coverage-corpus: $REG/sql/test_setup.sql is missing" >&2; exit 2; }

. tests/lib/pg.sh
W=${KEEP:-$(mktemp -d "${TMPDIR:-/tmp}/migc-cov.XXXXXX")}
mkdir -p "$W"
chmod 755 "$W"
trap 'pg_stop; [ -n "${KEEP:-}" ] || rm -rf "$W"' EXIT INT TERM HUP
pg_start >/dev/null
# test_setup.sql reads its data files from PG_ABS_SRCDIR
export PG_ABS_SRCDIR=$REG PG_ABS_BUILDDIR=$REG PG_LIBDIR=$REG PG_DLSUFFIX=.so
pg_psql -c "create database cov_setup"
psql -X -q -d cov_setup -f "$REG/sql/test_setup.sql" >"$W/setup.log" 2>&1 || :

: >"$W/corpus.tsv"
for f in $FILES; do
	d=$W/$f
	python3 tools/coverage-split.py "$d" "$REG/sql/$f.sql" >"$W/$f.psql"
	pg_psql -c "drop database if exists cov_run" -c "create database cov_run template cov_setup"
	# one session, errors ignored; \warn markers tie errors to statements
	psql -X -q -d cov_run -f "$W/$f.psql" >/dev/null 2>"$W/$f.err" || :
	awk -F '\t' -v errs="$W/$f.err" -v dir="$d" '
		BEGIN {
			while ((getline l < errs) > 0) {
				if (l ~ /^@@[0-9]+$/) cur = substr(l, 3)
				else if (l ~ /(ERROR|FATAL):/) bad[cur] = 1
			}
		}
		!bad[$1] && tolower($4) ~ /^(create|alter|drop|comment)$/ {
			print dir "/" $1 ".sql\t" $2 "\t" $3
		}' "$d/index.tsv" >>"$W/corpus.tsv"
done

P=$W/proj
mkdir -p "$P/versions"
printf 'name = cov\nversion_table = migc_version\ndefault_schema = public\n' >"$P/migc.conf"
total=0 parsed=0 checked=0
: >"$W/syntax.tsv"
while IFS="$(printf '\t')" read -r stmt file line; do
	total=$((total + 1))
	{
		printf 'revision 000000000001\nparent base\nmessage "corpus"\n\nupgrade {\n'
		cat "$stmt"
		printf '}\n\ndowngrade { }\n'
	} >"$P/versions/000000000001_corpus.mig"
	if "$MIGC" -q -C "$P" check >"$W/out" 2>&1; then
		parsed=$((parsed + 1)) checked=$((checked + 1))
	elif grep -q 'syntax error' "$W/out"; then
		words=$(tr '\n\t' '  ' <"$stmt" | awk '{ print tolower($1 " " $2 " " $3) }')
		printf '%s\t%s:%s\t%s\n' "$words" "$file" "$line" "$(grep -m1 'syntax error' "$W/out" | sed 's/^[^ ]* //')" >>"$W/syntax.tsv"
	else
		parsed=$((parsed + 1))
	fi
done <"$W/corpus.tsv"

echo "corpus: $total create/alter/drop/comment statements accepted by PostgreSQL 15"
echo "parsed: $parsed ($((parsed * 100 / (total > 0 ? total : 1))) %), syntax errors: $((total - parsed))"
echo "checked without error: $checked ($((checked * 100 / (total > 0 ? total : 1))) %)"
echo "syntax errors by leading words:"
cut -f1 "$W/syntax.tsv" | awk '{ print $1, $2 }' | sort | uniq -c | sort -rn | head -n 40
[ -z "${KEEP:-}" ] || echo "work files: $W (syntax.tsv lists each syntax error)"
