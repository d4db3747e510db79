#!/bin/sh
# tests/e2e/80-authoring.t - the commands that write files: init, revision,
# merge, revision --autogenerate.
#
# Each tests/golden-authoring/<case>/ holds
#   project/         the input project (absent: an empty directory)
#   cmd              the migc arguments as shell words, one line, run inside a
#                    copy of project/
#                    (revision ids fixed with --rev-id)
#   expected.out     expected standard output
#   expected.status  expected exit status (default 0)
#   expected.err     optional: expected standard error (for the refusals)
#   expected/        every file the command writes, byte for byte; no other
#                    file may appear
#   models-differ    optional: autogenerate leaves TODOs, so `check --models`
#                    must still fail
# After an autogenerate that wrote a revision, `migc check` and
# `migc check --models` must pass, and PostgreSQL must run the whole
# upgrade, the new revision's downgrade, and its upgrade again.
# ACCEPT=1 rewrites expected.out and expected/ from the actual results.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh

e2e_pg_start

n=0
for dir in tests/golden-authoring/*/; do
	case=$(basename "$dir")
	n=$((n + 1))
	src=$ROOT/$dir
	run=$work/$case
	mkdir -p "$run"
	if [ -d "$src/project" ]; then cp -R "$src/project/." "$run/"; fi
	(cd "$run" && find . -type f | LC_ALL=C sort) >"$work/before.list"
	args=$(cat "$src/cmd")
	# the arguments are shell words: "quoted messages" work
	(cd "$run" && eval "\"\$MIGC\" $args" >"$work/out" 2>"$work/err")
	status=$?
	want=0
	[ -f "$src/expected.status" ] && want=$(cat "$src/expected.status")
	(cd "$run" && find . -type f | LC_ALL=C sort) >"$work/after.list"
	new=$(comm -13 "$work/before.list" "$work/after.list" | sed 's|^\./||')
	if [ "${ACCEPT:-0}" = 1 ]; then
		cp "$work/out" "$src/expected.out"
		if [ "$status" -ne 0 ]; then cp "$work/err" "$src/expected.err"; fi
		rm -rf "$src/expected"
		for f in $new; do
			mkdir -p "$src/expected/$(dirname "$f")"
			cp "$run/$f" "$src/expected/$f"
		done
	fi
	is "$status" "$want" "$case: exit status"
	[ "$status" = "$want" ] || sed 's/^/#   /' "$work/err" | head -20
	is "$(cat "$work/out")" "$(cat "$src/expected.out")" "$case: standard output"
	if [ -f "$src/expected.err" ]; then
		is "$(cat "$work/err")" "$(cat "$src/expected.err")" "$case: standard error"
	fi
	wanted=""
	[ -d "$src/expected" ] && wanted=$(cd "$src/expected" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
	is "$new" "$wanted" "$case: the files written"
	for f in $wanted; do
		ok "$case: $f as expected" diff -u "$src/expected/$f" "$run/$f"
	done
	case $args in
	init*)
		[ "$status" = 0 ] && ok "$case: the new project checks" "$MIGC" -C "$run/newproj" check
		continue ;;
	*--autogenerate*) ;;
	*) continue ;;
	esac
	[ -n "$new" ] || continue
	ok "$case: migc check accepts the generated revision" "$MIGC" -C "$run" check
	ok "$case: the generated revision is in migc fmt's layout" "$MIGC" fmt --check "$run/$new"
	if [ -f "$src/models-differ" ]; then
		# what autogenerate cannot write is left as TODO: still a difference
		"$MIGC" -C "$run" check --models >/dev/null 2>&1
		is "$?" 1 "$case: migc check --models still reports what was not generated"
	else
		ok "$case: migc check --models finds no difference" "$MIGC" -C "$run" check --models
	fi
	rev=$(basename "$new" | sed 's/_.*//')
	parent=$(sed -n 's/^parent *//p' "$run/$new")
	db=a$n
	pg_fresh_db $db
	"$MIGC" -C "$run" sql upgrade >"$work/up.sql" 2>"$work/err"
	ok "$case: migc sql upgrade exits 0 and PostgreSQL runs it" sql_runs $? "$work/up.sql" $db
	"$MIGC" -C "$run" sql downgrade "$rev:$parent" >"$work/down.sql" 2>"$work/err"
	ok "$case: PostgreSQL runs the generated downgrade (migc sql exits 0)" sql_runs $? "$work/down.sql" $db
	"$MIGC" -C "$run" sql upgrade "$parent:$rev" >"$work/up2.sql" 2>"$work/err"
	ok "$case: and the generated upgrade again (migc sql exits 0)" sql_runs $? "$work/up2.sql" $db
done
ok "at least 10 authoring cases were run" test "$n" -ge 10

done_testing
