#!/bin/sh
# 05-layout.t - the tree's layering, checked on the built objects and the
# sources (issue 11): the runtime archive exports only migrt.h's entry
# points, no two files call each other in a circle, only front/ sees the
# generated parser headers and only live/, common/ and the runtime see
# libpq's, and no C file grows past 600 lines.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
OUT=${MIGC_OUT:-$ROOT}
B=$OUT/build
PY=/usr/bin/python3

echo "1..10"

exports=$(nm -g --defined-only "$OUT/lib/migc/libmigrt.a" | awk 'NF == 3 { print $3 }' | sort | tr '\n' ' ')
is "$exports" "main migrt_main migrt_sql " "libmigrt.a exports only main and migrt.h's MIGRT_API entry points"
ok "migrt.h marks migrt_main and migrt_sql MIGRT_API" \
	sh -c "grep -q 'MIGRT_API int migrt_main(' runtime/migrt.h && grep -q 'MIGRT_API int migrt_sql(' runtime/migrt.h"

internal=$(grep -rhoE '\bmigrt_[a-z_]+' runtime/*.c runtime/rt*.h common | sort -u |
	grep -vxE 'migrt_(main|sql|plan|revision|stmt|stmt_info|finding|lock|catrow|project_plan)' | tr '\n' ' ')
is "$internal" "" "the runtime's internal names carry rt_: migrt_ is only what migrt.h declares"

# the objects of the sources as they are now (a stale object of a removed
# file must not count)
objs_of() { for f in "$@"; do echo "$B/${f%.c}.o"; done; }
compiler_objs=$(objs_of $(find compiler -name '*.c' | sort))
runtime_objs=$(objs_of runtime/*.c common/*.c)
ok "the call graph of compiler/ has no circle between files" $PY tests/tools/call_cycles.py $compiler_objs
ok "the call graph of runtime/ and common/ has no circle between files" $PY tests/tools/call_cycles.py $runtime_objs
# the checker itself finds a circle when there is one: two objects that
# call each other
printf 'int b(void);\nint a(void) { return b(); }\n' >"$work/a.c"
printf 'int a(void);\nint b(void) { return a(); }\n' >"$work/b.c"
cc -c -o "$work/a.o" "$work/a.c" && cc -c -o "$work/b.o" "$work/b.c"
out=$($PY tests/tools/call_cycles.py "$work/a.o" "$work/b.o")
is "$out" "circle: a.o b.o" "call_cycles.py reports a circle it is given"

bad=$(grep -rl '#include "parser.h"\|#include "lexer.h"' compiler common runtime | grep -v '^compiler/front/' || true)
is "$bad" "" "only compiler/front/ includes the generated parser and lexer headers"
bad=$(grep -rl '#include <libpq-fe.h>' compiler | grep -v '^compiler/live/' || true)
is "$bad" "" "only compiler/live/ includes libpq-fe.h among the compiler's folders"
bad=$(grep -rl '"rt.h"' compiler common || true)
is "$bad" "" "neither the compiler nor common/ includes the runtime's private rt.h"

big=$(find compiler common runtime -name '*.[ch]' -exec awk 'END { if (NR > 600) print FILENAME ": " NR }' {} \;)
is "$big" "" "no C file in compiler/, common/ or runtime/ is longer than 600 lines"
[ "$_tap_failed" -eq 0 ]
