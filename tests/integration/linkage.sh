#!/usr/bin/env bash
# Who links what, read from the built programs themselves (readelf -d, the
# NEEDED entries), in every build there is: the normal one, the sanitizer
# one ($TALLY_SAN_BUILD, which `make check` always builds, so there it must
# be present) and build/arm64 when it was cross-built.
#
#   tally       neither libcurl nor libmicrohttpd (the handheld program
#               speaks no HTTP: tally-sync does)
#   tally-sync  not libmicrohttpd
#   tally-hub   neither libcurl nor ncurses; it links libpq (its
#               PostgreSQL driver), which neither handheld program does
#
# The programs' library lists are their build.mk's (TALLY_PKGS,
# TALLY_SYNC_PKGS, HUB_PKGS); this fails when a build links more than its
# list, e.g. one library list for all, which Debian's --as-needed default
# hides in one build and not in another.
set -u
top=${TALLY_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${TALLY_BUILD:-$top/build}

if ! command -v readelf >/dev/null; then
	echo "skipped: readelf (binutils) is not installed, so the programs' libraries are not read here"
	exit 0
fi

bad=0 checked=0

# forbid BUILD PROGRAM REGEX WHAT: fail when PROGRAM of BUILD needs a
# library matching REGEX.
forbid() {
	local dir=$1 prog=$2 re=$3 what=$4 needed
	if [ ! -x "$dir/$prog" ]; then
		echo "FAIL: $dir/$prog is missing: build it (make all) first"
		bad=1
		return
	fi
	needed=$(readelf -d "$dir/$prog" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
	if [ -z "$needed" ]; then
		echo "FAIL: readelf shows no libraries for $dir/$prog"
		bad=1
		return
	fi
	local hit
	hit=$(grep -E "$re" <<<"$needed")
	if [ -n "$hit" ]; then
		echo "FAIL: $dir/$prog links $(tr '\n' ' ' <<<"$hit")— $prog must not link $what"
		echo "      (its libraries: $(tr '\n' ' ' <<<"$needed"))"
		bad=1
	fi
	checked=$((checked + 1))
}

check_build() {
	local dir=$1
	forbid "$dir" tally '^libcurl' "libcurl"
	forbid "$dir" tally '^libmicrohttpd' "libmicrohttpd"
	forbid "$dir" tally-sync '^libmicrohttpd' "libmicrohttpd"
	forbid "$dir" tally-hub '^libcurl' "libcurl"
	forbid "$dir" tally-hub '^lib(ncurses|tinfo|form|panel|menu)' "ncurses"
	forbid "$dir" tally '^libpq' "libpq"
	forbid "$dir" tally-sync '^libpq' "libpq"
	echo "checked $dir"
}

check_build "$build"
if [ -n "${TALLY_SAN_BUILD:-}" ]; then
	check_build "$TALLY_SAN_BUILD"
elif [ -d "$build/san" ]; then
	check_build "$build/san"
fi
if [ -d "$top/build/arm64" ]; then
	check_build "$top/build/arm64"
fi

# The rules must be able to fail: the hub does link libmicrohttpd, and
# tally-sync libcurl (if these change, the list above must change too).
for pair in "tally-hub:^libmicrohttpd" "tally-hub:^libpq" "tally-sync:^libcurl" "tally:^libncurses"; do
	prog=${pair%%:*} re=${pair#*:}
	if ! readelf -d "$build/$prog" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | grep -qE "$re"; then
		echo "FAIL: $build/$prog does not link ${re#^}: readelf -d is not read as this test expects"
		bad=1
	fi
done

echo "$checked program checks"
exit $bad
