#!/usr/bin/env bash
# Run every test program and print one closing line: "N passed, N failed"
# (and ", N skipped" when a test skipped itself, each with its reason above).
#
#   tests/run-all.sh --build DIR [--san-build DIR] [--timeout SECS]
#                    [--label TEXT] [--tag NAME] [--shell GLOB]
#
# Unit and integration programs are cmocka binaries (DIR/tests/test-*); they
# find the programs under test through $TALLY_BIN and $TALLY_HUB_BIN, and the
# translations through $TALLY_LOCALEDIR.  Shell tests (tests/integration/*.sh)
# run once, against the normal build.  With --san-build the cmocka programs
# run a second time, built with AddressSanitizer and UBSan, against sanitized
# binaries.  Set TESTS=pattern to run only matching programs.
# --timeout bounds every program (default 600 s, shell tests 900 s), so a
# hang is a failure with its name rather than a stuck run; --label names the
# run in the closing line (which then always counts skips) and --tag its
# programs' lines (default "normal"); --shell runs only the shell tests
# whose names match GLOB.  One throwaway PostgreSQL cluster serves the whole
# run (tests/pg-cluster.sh; TALLY_TEST_PG, tests/README.md "PostgreSQL").
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build="" san="" limit="" title="" tag=normal shell="*"
usage="usage: $0 --build DIR [--san-build DIR] [--timeout SECS] [--label TEXT] [--tag NAME] [--shell GLOB]"
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift 2 ;;
	--san-build) san=$2; shift 2 ;;
	--timeout) limit=$2; shift 2 ;;
	--label) title=$2; shift 2 ;;
	--tag) tag=$2; shift 2 ;;
	--shell) shell=$2; shift 2 ;;
	*) echo "$usage" >&2; exit 64 ;;
	esac
done
[ -n "$build" ] || { echo "$usage" >&2; exit 64; }

passed=0 failed=0 skipped=0 failures=() skips=()
export CMOCKA_MESSAGE_OUTPUT=STDOUT
export TALLY_SRCDIR="$top"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# A test never reads the machine's or the user's configuration.
export XDG_CONFIG_HOME=/nonexistent TALLY_SYSCONF=/nonexistent
unset TALLY_DB TALLY_LANG

# One throwaway PostgreSQL cluster for the whole run (tests/pg-cluster.sh),
# stopped and removed however the run ends; each test that needs it makes a
# database of its own (tests/lib/pg-db.h).  A TALLY_TEST_PG given by the
# caller is used instead (its server must let that role create databases).
# Where PostgreSQL is not installed, TALLY_TEST_PG_SKIP says so and its
# tests skip with that reason; a cluster that fails to start fails the run.
pgdir="" pgfail=""
if [ -z "${TALLY_TEST_PG:-}" ]; then
	unset TALLY_TEST_PG_SKIP
	# As root the server's unprivileged account must reach the directory.
	pgbase=${TMPDIR:-/tmp}
	{ [ "$(id -u)" = 0 ] || [ "${#pgbase}" -gt 60 ]; } && pgbase=/tmp
	pgdir=$(mktemp -u "$pgbase/tally-pg.XXXXXX")
	trap '"$top/tests/pg-cluster.sh" stop "$pgdir"; rm -f "$pgdir.err"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	TALLY_TEST_PG=$("$top/tests/pg-cluster.sh" start "$pgdir" 2>"$pgdir.err")
	case $? in
	0)
		TALLY_TEST_PG_BINDIR=$("$top/tests/pg-cluster.sh" bindir)
		export TALLY_TEST_PG TALLY_TEST_PG_BINDIR
		;;
	69)
		unset TALLY_TEST_PG
		TALLY_TEST_PG_SKIP=$(cat "$pgdir.err")
		export TALLY_TEST_PG_SKIP
		;;
	*) unset TALLY_TEST_PG; pgfail=$(cat "$pgdir.err") ;;
	esac
	rm -f "$pgdir.err"
fi

# run_one LABEL TIMEOUT CMD...: counts cmocka's totals from its output, or
# the program as one test when it prints none.
run_one() {
	local label=$1 limit=$2; shift 2
	local log rc p f s why
	log=$(mktemp)
	timeout --kill-after=10 "$limit" "$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	# A test that skips itself says why on a line "skipped: REASON".
	while IFS= read -r why; do
		skips+=("$label: ${why#*skipped: }")
	done < <(grep '^skipped: ' "$log")
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && [ "$s" -eq 0 ]; then
		if [ $rc -ne 0 ]; then
			f=1
		elif grep -q '^skipped: ' "$log"; then
			s=1 # a shell test that said it could not run here
		else
			p=1
		fi
	elif [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or timed out after its last summary
	fi
	[ $rc -eq 124 ] && echo "$label: timed out after ${limit}s"
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	[ "$f" -gt 0 ] && failures+=("$label (exit $rc)")
	rm -f "$log"
}

run_suite() {
	local dir=$1 tag=$2 t name
	export TALLY_BIN="$top/$dir/tally" TALLY_HUB_BIN="$top/$dir/tally-hub"
	export TALLY_HELPERS="$top/$dir/tests/helpers"
	export TALLY_LOCALEDIR="$top/$dir/locale"
	for t in "$top/$dir"/tests/test-*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		[ -n "${TESTS:-}" ] && [[ "$name" != *$TESTS* ]] && continue
		echo "== $tag $name"
		run_one "$tag $name" "${limit:-600}" "$t"
		# The hub's test programs listed in tests/pg-hub-tests run a
		# second time with the hub on PostgreSQL (tests/lib/hub-run.h).
		grep -qx "$name" "$top/tests/pg-hub-tests" || continue
		if [ -n "${TALLY_TEST_PG:-}" ]; then
			echo "== $tag $name [postgresql]"
			TALLY_TEST_HUB_ENGINE=postgresql run_one "$tag $name [postgresql]" \
				"${limit:-600}" "$t"
		elif [ -n "${TALLY_TEST_PG_SKIP:-}" ]; then
			skips+=("$tag $name [postgresql]: $TALLY_TEST_PG_SKIP")
			skipped=$((skipped + 1))
		fi
	done
}

if [ -n "$pgfail" ]; then
	echo "$pgfail"
	failed=$((failed + 1))
	failures+=("PostgreSQL cluster (tests/pg-cluster.sh start)")
fi

run_suite "$build" "[$tag]"
export TALLY_BIN="$top/$build/tally" TALLY_HUB_BIN="$top/$build/tally-hub"
export TALLY_HELPERS="$top/$build/tests/helpers" TALLY_LOCALEDIR="$top/$build/locale"
export TALLY_BUILD="$top/$build"
# The sanitizer build, for shell tests that read both builds (linkage.sh).
if [ -n "$san" ]; then export TALLY_SAN_BUILD="$top/$san"; else unset TALLY_SAN_BUILD; fi
for t in "$top"/tests/integration/*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t")
	# shellcheck disable=SC2053
	[[ "$name" == $shell ]] || continue
	[ -n "${TESTS:-}" ] && [[ "$name" != *$TESTS* ]] && continue
	echo "== [shell] $name"
	run_one "[shell] $name" "${limit:-900}" bash "$t"
done
if [ -n "$san" ]; then
	run_suite "$san" "[asan+ubsan]"
fi

echo
for f in "${skips[@]+"${skips[@]}"}"; do echo "SKIPPED: $f"; done
for f in "${failures[@]+"${failures[@]}"}"; do echo "FAILED: $f"; done
if [ -n "$title" ]; then
	echo "$title: $passed passed, $failed failed, $skipped skipped"
elif [ "$skipped" -gt 0 ]; then
	echo "tests: $passed passed, $failed failed, $skipped skipped"
else
	echo "tests: $passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
