#!/usr/bin/env bash
# The scan content parser under libFuzzer for $FUZZ_SECONDS (60) seconds,
# starting from the seed corpus (the case table's inputs).  Any crash,
# sanitizer report or broken invariant fails the run and leaves the input
# as tests/fuzz/crash-*.  Skipped, saying so, when clang is not installed.
set -u
cd "$TALLY_SRCDIR" || exit 1
if ! command -v clang >/dev/null; then
	echo "skipped: clang is not installed, so the parser is not fuzzed here"
	exit 0
fi
build=${TALLY_BUILD:-$TALLY_SRCDIR/build}
make --no-print-directory BUILD="${build#"$TALLY_SRCDIR"/}" "${build#"$TALLY_SRCDIR"/}"/fuzz/fuzz-scan >/dev/null || exit 1
rm -rf "$build"/fuzz/corpus-run && cp -r tests/fuzz/corpus "$build"/fuzz/corpus-run
"$build"/fuzz/fuzz-scan -max_total_time="${FUZZ_SECONDS:-60}" -max_len=600 \
	-artifact_prefix=tests/fuzz/ -print_final_stats=1 "$build"/fuzz/corpus-run 2>&1 |
	grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|Test unit written'
status=${PIPESTATUS[0]}
rm -rf "$build"/fuzz/corpus-run
exit "$status"
