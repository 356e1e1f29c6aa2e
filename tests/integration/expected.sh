#!/usr/bin/env bash
# The main commands' outputs compared whole against tests/expected/*, as
# git's test_cmp does: a stray, missing or reordered line fails, and the
# failure is a unified diff.  Each expected file ends with the command's
# exit status ("exit: N").  Times, UUIDs, ports and durations that differ
# from run to run are replaced by <time>, <uuid>, <port>, <duration> in
# the output before it is compared (normalise() below), never left out.
#
# The outputs: `tally decode` of a few scans (text and --json), `tally
# calc`, and — after the demo's story (tests/demo/run.sh, run in a scratch
# directory) — `tally status`, `tally report last` and every report of the
# hub in English and in Norwegian (*.nb.txt), as the pharmacy and the
# warehouse office read them.
#
# When an output changes on purpose, write the new expectations with
#   TALLY_UPDATE_EXPECTED=1 tests/run-all.sh --build build --shell expected.sh
# and read `git diff tests/expected` before committing them.
set -u
top=${TALLY_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${TALLY_BUILD:-$top/build}
expected="$top/tests/expected"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# What varies from run to run, made constant; everything else stays.
normalise() {
	sed -E \
		-e 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<uuid>/g' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z/<time>/g' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}/<local time+offset>/g' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/<time>/g' \
		-e 's/[0-9]{2}\.[0-9]{2}\.[0-9]{4} [0-9]{2}:[0-9]{2}/<time>/g' \
		-e 's/(127\.0\.0\.1|localhost):[0-9]+/\1:<port>/g' \
		-e 's/(took|varte) [0-9]+ min [0-9]+ s/\1 <duration>/g' \
		-e 's/(weeks|uker), [0-9]{4}-[0-9]{2}-[0-9]{2} (to|til) [0-9]{4}-[0-9]{2}-[0-9]{2}/\1, <from> \2 <to>/' \
		-e 's/"duration_s": [0-9.e+-]+/"duration_s": <duration>/g' \
		-e 's/(clock offset: +)-?[0-9]+ ms/\1<n> ms/'
}

# check NAME CMD...: run CMD, normalise what it wrote (stdout, then
# stderr) and its exit status, compare with tests/expected/NAME.
check() {
	local name=$1 out="$work/$1" cmd
	shift
	cmd=$*
	cmd=${cmd//$'\x1d'/<GS>}
	{
		"$@" 2>"$work/stderr"
		echo "exit: $?"
		cat "$work/stderr"
	} | normalise >"$out"
	if [ -n "${TALLY_UPDATE_EXPECTED:-}" ]; then
		cp "$out" "$expected/$name"
		echo "wrote tests/expected/$name"
	elif [ ! -f "$expected/$name" ]; then
		echo "FAIL: tests/expected/$name does not exist (TALLY_UPDATE_EXPECTED=1 writes it)"
		fail=1
	elif ! diff -u --label "tests/expected/$name" --label "$cmd" "$expected/$name" "$out"; then
		echo "FAIL: the output of '$cmd' is not tests/expected/$name (diff above: - expected, + got)"
		fail=1
	fi
}

tally() { "$build/tally" --lang en "$@"; }
export TALLY_LOCALEDIR="$build/locale"

# --- no store needed ----------------------------------------------------------
gs=$'\x1d'
check decode.txt tally decode \
	"]d2010952123454321310AB12${gs}17271231" \
	"]d201095200100000011727011510L000x${gs}21SN00000" \
	"]E05701234567899" \
	"]C100095212340000000013020952123454321337120${gs}10LOT9" \
	"]E05701234567898" \
	"]d2010952123454321317270229"
check decode.json tally --json decode \
	"]d2010952123454321317270100" \
	"]E05701234567898"
check calc.txt tally calc --dose 6 --strength 2 --units 10 --patients 100 --days 2

# --- after the demo's story --------------------------------------------------
# The demo runs in a directory of its own (it writes DIR/demo), with the
# programs and translations of this build.
mkdir -p "$work/build"
for f in tally tally-sync tally-hub locale; do ln -s "$build/$f" "$work/build/$f"; done
if ! DEMO_LANG=en "$top/tests/demo/run.sh" --build "$work/build" >"$work/demo.out" 2>&1; then
	cat "$work/demo.out"
	echo "FAIL: the demo did not run to its end, so its outputs are not compared"
	exit 1
fi
db="$work/build/demo/handheld.db"
hubdb="$work/build/demo/hub.db"
hub() { TALLY_LANG=en "$build/tally-hub" --db "$hubdb" "$@"; }
hub_nb() { TALLY_LANG=nb "$build/tally-hub" --db "$hubdb" "$@"; }
# Paths of this run's scratch directory are not compared either.
cd "$work/build/demo" || exit 1
db=handheld.db hubdb=hub.db

check status.txt tally --db "$db" status
check report-last.txt tally --db "$db" report last
check hub-report-refill.txt hub report refill --location MED1
check hub-report-receipt.txt hub report receipt
check hub-report-drill.txt hub report drill --plan MASSESKADE
check hub-report-stock.txt hub report stock --location MED1
check hub-report-stock.csv hub report stock --location MED1 --csv
check hub-report-variance.txt hub report variance --all
check hub-report-antidotes.txt hub report antidotes
check hub-report-unknown.txt hub report unknown
check hub-report-cover.txt hub report cover --location MED1
check hub-report-refill.nb.txt hub_nb report refill --location MED1
check hub-report-receipt.nb.txt hub_nb report receipt
check hub-report-drill.nb.txt hub_nb report drill --plan MASSESKADE
check hub-report-stock.nb.txt hub_nb report stock --location MED1
check hub-report-variance.nb.txt hub_nb report variance --all
check hub-report-antidotes.nb.txt hub_nb report antidotes
check hub-report-unknown.nb.txt hub_nb report unknown
check hub-report-cover.nb.txt hub_nb report cover --location MED1

exit $fail
