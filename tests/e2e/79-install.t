#!/bin/sh
# tests/e2e/79-install.t - `make install DESTDIR=... PREFIX=/usr`: migc,
# its runtime, the man pages migc(1), migc-migrate(1), migc.conf(5) and the
# bash, zsh and fish completions at their conventional places; the pages
# render with man and say every line of the --help texts they come from
# (so they cannot drift); `migc build --man`; bash completes a command, an
# option and a revision id (of the project, and of a migrator's plan); the
# zsh and fish files parse and complete, a migrator too (its commands and
# options from its own --help); `make uninstall` leaves no file behind.
# No database.  Uses the build under MIGC_OUT (make install finds it up to
# date; LIBPQ_CACHE from the environment, as for make).
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/e2e.sh
echo "1..36"

PY3=/usr/bin/python3
OUT=${MIGC_OUT:-$ROOT}
d=$work/root
MAKE_VARS="OUT=$OUT DESTDIR=$d PREFIX=/usr"

make --no-print-directory -j2 $MAKE_VARS install >"$work/install.log" 2>&1
st=$?
is "$st" 0 "make install DESTDIR PREFIX=/usr exits 0" || sed 's/^/# /' "$work/install.log" | tail -20

(cd "$d" && find . -type f | sort) >"$work/files"
is "$(cat "$work/files")" "./usr/bin/migc
./usr/include/migc/migrt.h
./usr/lib/migc/libmigrt.a
./usr/lib/migc/libpgcommon.a
./usr/lib/migc/libpgport.a
./usr/lib/migc/libpq.a
./usr/lib/migc/migc-alembic-export.py
./usr/share/bash-completion/completions/migc
./usr/share/fish/vendor_completions.d/migc.fish
./usr/share/man/man1/migc-migrate.1
./usr/share/man/man1/migc.1
./usr/share/man/man5/migc.conf.5
./usr/share/zsh/vendor-completions/_migc" "install puts exactly these files"

M=$d/usr/bin/migc
export MANWIDTH=200

# ---- man pages: they render, without groff warnings, and agree with --help -------
render() { LC_ALL=C man --warnings -l "$1" 2>"$work/man.err" | col -bx >"$work/$2.txt"; }
render "$d/usr/share/man/man1/migc.1" migc
is "$(cat "$work/man.err")" "" "man -l migc.1: no warnings"
contains "$(cat "$work/migc.txt")" "migc - compile a PostgreSQL migration project" "migc(1) has its NAME line"
"$M" --help >"$work/h.main"
for c in $("$M" __complete commands); do
	[ "$c" = help ] || "$M" help "$c" >"$work/h.cmd.$c"
done
is "$("$PY3" tests/lib/man_agrees.py "$work/migc.txt" "$work"/h.main "$work"/h.cmd.* 2>&1 | sed 's/ok [0-9]*/ok/')" "ok" \
	"migc(1) holds every line of migc --help and of each command's --help"
is "$(ls "$work"/h.cmd.* | wc -l)" 15 "(the 15 commands)"

render "$d/usr/share/man/man5/migc.conf.5" conf
is "$(cat "$work/man.err")" "" "man -l migc.conf.5: no warnings"
"$M" help migc.conf >"$work/h.conf"
is "$("$PY3" tests/lib/man_agrees.py "$work/conf.txt" "$work/h.conf" | sed 's/ok [0-9]*/ok/')" "ok" \
	"migc.conf(5) holds every line of migc help migc.conf"
contains "$(cat "$work/conf.txt")" "version_table = T" "migc.conf(5) names the keys"

mkdir -p "$work/bin"
(cd "$work/bin" && "$M" -C "$ROOT/examples/blog" build --man) >"$work/b.out" 2>&1
is "$?|$(cat "$work/b.out")" "0|wrote blog-migrate
wrote blog-migrate.1" "migc build --man writes the migrator and its page"
render "$work/bin/blog-migrate.1" blog
"$work/bin/blog-migrate" --help >"$work/h.blog"
is "$(cat "$work/man.err")|$("$PY3" tests/lib/man_agrees.py "$work/blog.txt" "$work/h.blog" | sed 's/ok [0-9]*/ok/')" "|ok" \
	"blog-migrate.1 renders and holds every line of blog-migrate --help"
render "$d/usr/share/man/man1/migc-migrate.1" mm
sed -e 's/^usage: [^ ]*/usage: NAME-migrate/' -e 's/for project blog (.*)\.$/for one migc project (NAME from its migc.conf)./' \
	"$work/h.blog" >"$work/h.mm"
is "$(cat "$work/man.err")|$("$PY3" tests/lib/man_agrees.py "$work/mm.txt" "$work/h.mm" | sed 's/ok [0-9]*/ok/')" "|ok" \
	"migc-migrate(1) renders and holds every line of a migrator's --help"

# ---- bash completion ------------------------------------------------------------
# comp WORDS...: the completions bash offers for the last word
comp() {
	PATH="$d/usr/bin:$PATH" bash -c '. "$1"; shift; [ -n "$REG" ] && complete -F _migc_migrate "$REG"
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		f=$(complete -p "$1" | sed "s/.*-F \([^ ]*\).*/\1/"); "$f" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
		comp "$d/usr/share/bash-completion/completions/migc" "$@"
}
is "$(comp migc h)" "heads help history " "bash: a command"
is "$(comp migc -C examples/blog lint --f)" "--format " "bash: a command's option"
is "$(comp migc lint --format "")" "github json sarif text " "bash: --format's values"
is "$(comp migc -C examples/blog show 3c)" "3c4d5e6f7081 " "bash: a revision id of the project (-C)"
is "$(cd examples/blog && comp migc sql 5)" "5e6f708192a3 " "bash: a revision id of the project (current directory)"
is "$(REG="$work/bin/blog-migrate" comp "$work/bin/blog-migrate" downgrade 2b)" "2b3c4d5e6f70 " \
	"bash: a revision id from a migrator's plan"
is "$(REG="$work/bin/blog-migrate" comp "$work/bin/blog-migrate" up)" "upgrade " "bash: a migrator's command"
is "$(REG="$work/bin/blog-migrate" comp "$work/bin/blog-migrate" "")" \
	"accept-checksum adopt branches check current downgrade fleet heads history plan resolve show sql stamp upgrade " \
	"bash: every command of the migrator's own --help"
is "$(REG="$work/bin/blog-migrate" comp "$work/bin/blog-migrate" --s)" \
	"--schema --schemas --small-table --sql --statement-timeout --sync-each " "bash: a migrator's options, from its --help"

# ---- zsh and fish parse theirs -----------------------------------------------------
zsh -n "$d/usr/share/zsh/vendor-completions/_migc" 2>&1
is "$?" 0 "zsh -n _migc"
fish -n "$d/usr/share/fish/vendor_completions.d/migc.fish" 2>&1
is "$?" 0 "fish -n migc.fish"

# zc WORDS...: what _migc offers for the last word, compadd stubbed to print
zc() {
	PATH="$d/usr/bin:$PATH" zsh -fc 'compadd() { if [[ $1 == -a ]]; then print -rl -- ${(P)2}; else [[ $1 == -- ]] && shift; print -rl -- "$@"; fi }
		_files() { }; service=${argv[1]:t}; words=("$@"); CURRENT=$#
		source "$F" | grep -- "^${argv[-1]}" | sort | tr "\n" " "' zc "$@"
}
export F="$d/usr/share/zsh/vendor-completions/_migc"
is "$(zc migc h)" "heads help history " "zsh: a command"
is "$(zc migc -C examples/blog show 3c)" "3c4d5e6f7081 " "zsh: a revision id of the project"
is "$(zc "$work/bin/blog-migrate" downgrade 2b)" "2b3c4d5e6f70 " "zsh: a revision id from a migrator's plan (-p *-migrate)"
is "$(zc "$work/bin/blog-migrate" fl)" "fleet " "zsh: a migrator's command, from its --help"
# fc LINE: what fish completes for LINE
fc() {
	PATH="$d/usr/bin:$PATH" fish -c "source $d/usr/share/fish/vendor_completions.d/migc.fish; complete -C '$1'" | sort | tr '\n' ' '
}
is "$(fc 'migc h')" "heads help history " "fish: a command"
is "$(fc 'migc -C examples/blog show 3c')" "3c4d5e6f7081 " "fish: a revision id of the project"
is "$(fc 'migc lint --f')" "--format " "fish: an option"
# fm LINE: the same for a migrator registered with migc_complete_migrator
fm() {
	PATH="$d/usr/bin:$work/bin:$PATH" fish -c "source $d/usr/share/fish/vendor_completions.d/migc.fish
		migc_complete_migrator blog-migrate; complete -C '$1'" | cut -f1 | sort | tr '\n' ' '
}
is "$(fm 'blog-migrate p')" "plan " "fish: a migrator's command"
is "$(fm 'blog-migrate --on')" "--on-error " "fish: a migrator's option"
is "$(fm 'blog-migrate downgrade 2b')" "2b3c4d5e6f70 " "fish: a revision id from a migrator's plan"
is "$(fm 'blog-migrate --format ')" "json markdown text " "fish: a migrator's --format values"

# ---- uninstall ----------------------------------------------------------------------
make --no-print-directory $MAKE_VARS uninstall >"$work/un.log" 2>&1
is "$?" 0 "make uninstall exits 0"
is "$(cd "$d" && find . -type f -o -type l)" "" "make uninstall leaves no file behind"
