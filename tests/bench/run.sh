#!/usr/bin/env bash
# Run every benchmark (build/bench/bench-*) and print one table of every
# figure: what, measured, baseline measured in the same run, ratio, target,
# met or not.  Each benchmark prints rows as tab-separated
#   name<TAB>value<TAB>unit<TAB>baseline<TAB>target-ratio<TAB>met(yes|no)
#
# The benchmarks that measure the hub on PostgreSQL (bench-region) get a
# throwaway cluster of their own (tests/pg-cluster.sh), started durable --
# fsync on, as PostgreSQL's defaults have it -- so that its figures stand
# against SQLite's; TALLY_BENCH_PG names another server instead (its role
# must be allowed to create databases).  Without PostgreSQL installed those
# rows say why they were not measured.
set -u
build=build
[ "${1:-}" = "--build" ] && build=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
rows=$(mktemp)
pgdir=""
if [ -z "${TALLY_BENCH_PG:-}" ]; then
	pgdir=$(mktemp -u /tmp/tally-bench-pg.XXXXXX)
	trap '"$top/tests/pg-cluster.sh" stop "$pgdir"; rm -f "$rows"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	if TALLY_BENCH_PG=$(PG_CLUSTER_DURABLE=1 "$top/tests/pg-cluster.sh" start "$pgdir"); then
		export TALLY_BENCH_PG
	else
		unset TALLY_BENCH_PG
	fi
fi
if bindir=$("$top/tests/pg-cluster.sh" bindir 2>/dev/null); then
	export TALLY_BENCH_PG_BINDIR=$bindir
fi
for b in "$build"/bench/bench-*; do
	[ -x "$b" ] || continue
	"$b" >>"$rows" || echo "$(basename "$b")	failed	-	-	-	no" >>"$rows"
done
printf '%-44s %14s %-6s %14s %8s %8s %s\n' benchmark measured unit baseline ratio target met
awk -F'\t' '{ r = ($4 > 0) ? $2 / $4 : 0;
	printf "%-44s %14s %-6s %14s %8.2f %8s %s\n", $1, $2, $3, $4, r, $5, $6 }' "$rows"
rm -f "$rows"
