# tests/lib/normdump.awk - makes `pg_dump --schema-only` output comparable.
#
# Drops comments, SET lines and blank lines, and sorts the column lines of
# each CREATE TABLE (a column dropped and added back lands at the end, as in
# PostgreSQL, and our schema comparisons ignore physical column order).
# A string literal's cast in a default is dropped: PostgreSQL stores the
# default 'x' of a varchar column later altered to text as
# 'x'::character varying, and the same default set again as 'x'::text.
function flush(   i, j, t) {
	for (i = 2; i <= n; i++) {
		t = buf[i]; j = i - 1
		while (j >= 1 && buf[j] > t) { buf[j + 1] = buf[j]; j-- }
		buf[j + 1] = t
	}
	for (i = 1; i <= n; i++) print "    " buf[i]
	n = 0
}
/^\\(un)?restrict / || /^--/ || /^SET / || /^SELECT pg_catalog.set_config/ || /^$/ { next }
/^CREATE TABLE .*\($/ { print; intable = 1; n = 0; next }
intable && /^\);$/ { flush(); print; intable = 0; next }
intable { line = $0; sub(/,$/, "", line); gsub(/'::[a-z ]+( *\([0-9]+\))?/, "'", line); sub(/^ +/, "", line); buf[++n] = line; next }
{ print }
