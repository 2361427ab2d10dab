# lib.sh: shared by the end-to-end shell tests.  TAP output, a private temp
# directory per test, bounded waits, and clean-up of every process a test
# started.  Sourced by tests run from the build tree with top_srcdir and
# top_builddir set by the makefile.

set -u

: "${top_builddir:=$(pwd)}"
: "${top_srcdir:=$top_builddir}"
T_N=0
T_FAIL=0
T_PIDS=""
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/qtmcp-test.XXXXXX") || exit 99
QTMCP="$top_builddir/qtmcp"
QTMCP_LAUNCH="$top_builddir/qtmcp-launch"
TPROG="$top_builddir/tests/helper/tprog"

t_cleanup() {
	for p in $T_PIDS; do
		kill -KILL "$p" 2>/dev/null
	done
	rm -rf "$T_TMP"
}
trap t_cleanup EXIT
trap 'exit 1' INT TERM HUP

# Remember a PID to kill when the test ends, whatever happens.
t_track() {
	T_PIDS="$T_PIDS $*"
}

t_result() {
	T_N=$((T_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T_N - $2"
	else
		echo "not ok $T_N - $2"
		T_FAIL=$((T_FAIL + 1))
	fi
}

# ok DESCRIPTION COMMAND...: passes when the command succeeds.
ok() {
	_d=$1
	shift
	"$@" >/dev/null 2>&1
	t_result $? "$_d"
}

# is GOT WANT DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then
		t_result 0 "$3"
	else
		t_result 1 "$3"
		echo "#   got:  '$1'"
		echo "#   want: '$2'"
	fi
}

# like GOT SUBSTRING DESCRIPTION
like() {
	case $1 in
	*"$2"*)
		t_result 0 "$3"
		;;
	*)
		t_result 1 "$3"
		echo "#   '$1'" | head -20
		echo "#   does not contain '$2'"
		;;
	esac
}

# unlike GOT SUBSTRING DESCRIPTION
unlike() {
	case $1 in
	*"$2"*)
		t_result 1 "$3"
		echo "#   '$1' contains '$2'"
		;;
	*)
		t_result 0 "$3"
		;;
	esac
}

diag() {
	echo "# $*"
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

# wait_until SECONDS COMMAND...: poll a condition, bounded.
wait_until() {
	_limit=$1
	shift
	_end=$(( $(date +%s) + _limit ))
	while ! "$@" >/dev/null 2>&1; do
		if [ "$(date +%s)" -ge "$_end" ]; then
			return 1
		fi
		sleep 0.02
	done
	return 0
}

# The value of KEY in a tprog report.
report_get() {
	sed -n "s/^$2=//p" "$1" | head -n 1
}

done_testing() {
	echo "1..$T_N"
	[ "$T_FAIL" -eq 0 ]
	exit $?
}
