#!/bin/sh
# tests/fuzz/seeds.sh DIR - writes the fuzzer's seed corpus into DIR.
#
# From every golden test's project: each .mig file alone, and the whole
# project as one input in fuzz_compile.c's format (first revision, a line
# "%%%%", schema.mig, then the other revisions, each after a "%%%%" line).
# Also the files of tests/fuzz/seeds-compile/.  Also writes DIR.dict, a libFuzzer dictionary of the language's keywords.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$1
mkdir -p "$out"
n=0
for dir in "$root"/tests/golden/*/ "$root"/examples/*/; do
	name=$(basename "$dir")
	revs=$(ls "$dir"versions/*.mig 2>/dev/null | head -7 || true)
	for f in $revs "$dir"schema.mig; do
		[ -f "$f" ] || continue
		cp "$f" "$out/$name-$(basename "$f")"
		n=$((n + 1))
	done
	[ -n "$revs" ] || continue
	first=$(echo "$revs" | head -1)
	{
		cat "$first"
		printf '\n%%%%%%%%\n'
		[ -f "$dir"schema.mig ] && cat "$dir"schema.mig
		for f in $(echo "$revs" | tail -n +2); do
			printf '\n%%%%%%%%\n'
			cat "$f"
		done
	} >"$out/$name-project"
	n=$((n + 1))
done
# hand-kept seeds: one revision creating every object kind beyond tables
# (autogenerate's output for genproject.py --all-kinds histories, names in
# every quoting style)
for f in "$here"/seeds-compile/*.mig; do
	[ -f "$f" ] || continue
	cp "$f" "$out/seed-$(basename "$f")"
	n=$((n + 1))
done
sed -n 's/^MIG_KEYWORD("\([a-z_]*\)".*/"\1"/p' "$root/grammar/keywords.h" >"$out.dict"
printf '"$$"\n"%%%%%%%%"\n"\\x0a%%%%%%%%\\x0a"\n"("\n")"\n";"\n"{"\n"}"\n' >>"$out.dict"
echo "seeds: $n files in $out"
