# migc.bash - bash completion for migc and for the migrators it builds.
#
# Installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/migc (bash-completion loads
# it on the first `migc <TAB>`).  Commands and options come from migc
# itself (`migc __complete commands`, `migc __complete options CMD`, read
# from the --help texts), revision ids from the project
# (`migc [-C DIR] __complete revisions`).  A migrator NAME-migrate
# completes the commands and options of its own --help and the revision
# ids of its plan (`migc __complete migrator NAME-migrate
# commands|options|revisions`) once registered:
#   complete -F _migc_migrate blog-migrate

_migc_revs_cmds=" show sql merge "

_migc()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local i cmd="" dir=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-C|--project) dir=(-C "${COMP_WORDS[i+1]}"); ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	case $prev in
	-C|--project|--emit-c|--env-file|-o|--output|--python)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--format)
		COMPREPLY=($(compgen -W "text json sarif github" -- "$cur"))
		return ;;
	--rev-id|-m|--message|--url|--from-url)
		return ;;
	esac
	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-C --project -q --quiet -v --verbose -h --help -V --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(migc __complete commands 2>/dev/null)" -- "$cur"))
		fi
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(migc __complete options "$cmd" 2>/dev/null)" -- "$cur"))
		return
	fi
	case $cmd in
	help)
		COMPREPLY=($(compgen -W "$(migc __complete commands 2>/dev/null) migc.conf" -- "$cur")) ;;
	show|merge)
		COMPREPLY=($(compgen -W "head heads $(migc "${dir[@]}" __complete revisions 2>/dev/null)" -- "$cur")) ;;
	sql)
		COMPREPLY=($(compgen -W "upgrade downgrade head base $(migc "${dir[@]}" __complete revisions 2>/dev/null)" -- "$cur")) ;;
	fmt)
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}
complete -F _migc migc

_migc_migrate()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local prog=${COMP_WORDS[0]} i cmd=""
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--url|--env-file|--format|--lock-timeout|--statement-timeout|--retries|-r|--schema|--targets|--schemas|-j|--canary|--on-error|--report) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	case $prev in
	--env-file|--targets|--report) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--format) COMPREPLY=($(compgen -W "text json markdown" -- "$cur")); return ;;
	--on-error) COMPREPLY=($(compgen -W "stop continue" -- "$cur")); return ;;
	--url|--lock-timeout|--statement-timeout|--retries|-r|--schema|--schemas|-j|--canary) return ;;
	esac
	# the migrator's own --help and plan say what it accepts
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(migc __complete migrator "$prog" options 2>/dev/null)" -- "$cur"))
		return
	fi
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$(migc __complete migrator "$prog" commands 2>/dev/null)" -- "$cur"))
		return
	fi
	local revs
	revs=$(migc __complete migrator "$prog" revisions 2>/dev/null)
	case $cmd in
	upgrade|downgrade|show|stamp|resolve|accept-checksum|sql|plan)
		COMPREPLY=($(compgen -W "head heads base upgrade downgrade applied pending $revs" -- "$cur")) ;;
	esac
}
