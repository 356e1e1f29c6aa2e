#!/usr/bin/env bash
# Run every benchmark (build/bench/bench-*) and print one table of every
# figure: what, measured, baseline measured in the same run, ratio, target,
# met or not.  Each benchmark prints rows as tab-separated
#   name<TAB>value<TAB>unit<TAB>baseline<TAB>target-ratio<TAB>met(yes|no)
set -u
build=build
[ "${1:-}" = "--build" ] && build=$2
rows=$(mktemp)
for b in "$build"/bench/bench-*; do
	[ -x "$b" ] || continue
	"$b" >>"$rows" || echo "$(basename "$b")	failed	-	-	-	no" >>"$rows"
done
printf '%-44s %14s %-6s %14s %8s %8s %s\n' benchmark measured unit baseline ratio target met
awk -F'\t' '{ r = ($4 > 0) ? $2 / $4 : 0;
	printf "%-44s %14s %-6s %14s %8.2f %8s %s\n", $1, $2, $3, $4, r, $5, $6 }' "$rows"
rm -f "$rows"
