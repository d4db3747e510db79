# tests/lib/tap.sh - TAP for shell tests (git's t/ style), sourced by tests/e2e/*.t
#
#   ok "description" command args...     passes when the command exits 0
#   not_ok_expected / is "got" "want" "description"
#   contains "haystack" "needle" "description"
#   done_testing                         prints the plan, exits 1 if any failed
_tap_n=0
_tap_failed=0

_tap_result() {
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		_tap_failed=$((_tap_failed + 1))
		echo "not ok $_tap_n - $2"
	fi
}

ok() {
	desc=$1
	shift
	if "$@" >"${TAP_TMP:-/tmp}/tap_last.log" 2>&1; then
		_tap_result 0 "$desc"
	else
		_tap_result 1 "$desc"
		sed 's/^/#   /' "${TAP_TMP:-/tmp}/tap_last.log" | head -30
	fi
}

is() {
	if [ "$1" = "$2" ]; then
		_tap_result 0 "$3"
	else
		_tap_result 1 "$3"
		printf '%s\n' "#   got:  $1" | head -20
		printf '%s\n' "#   want: $2" | head -20
	fi
}

contains() {
	case $1 in
	*"$2"*) _tap_result 0 "$3" ;;
	*)
		_tap_result 1 "$3"
		printf '%s\n' "$1" | head -20 | sed 's/^/#   got: /'
		printf '%s\n' "#   missing: $2"
		;;
	esac
}

lacks() {
	case $1 in
	*"$2"*)
		_tap_result 1 "$3"
		printf '%s\n' "#   unexpected: $2"
		;;
	*) _tap_result 0 "$3" ;;
	esac
}

done_testing() {
	echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ]
}
