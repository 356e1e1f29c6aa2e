#!/usr/bin/env bash
# Run the test suite of a cross build under qemu-user, without binfmt_misc
# (containers and CI machines often lack it): a mirror of the build
# directory whose programs are small scripts running the real ones through
# qemu, with the target's loader and libraries from Debian multiarch.
#
#   packaging/check-cross.sh BUILD-DIR TRIPLET    e.g. build/arm64 aarch64-linux-gnu
set -eu
build=$(realpath "$1") triplet=$2
qemu=qemu-${triplet%%-*}
command -v "$qemu" >/dev/null || { echo "no $qemu: packaging/setup-deps.sh --cross ARCH" >&2; exit 69; }
run="$build-qemu"
rm -rf "$run" && mkdir -p "$run/tests/helpers"
wrap() { # wrap REAL WRAPPER
	printf '#!/bin/sh\nexec %s -L /usr/%s %s "$@"\n' "$qemu" "$triplet" "$1" >"$2"
	chmod +x "$2"
}
wrap "$build/tally" "$run/tally"
wrap "$build/tally-hub" "$run/tally-hub"
for t in "$build"/tests/test-* "$build"/tests/helpers/*; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	wrap "$t" "$run/${t#"$build"/}"
done
ln -s "$build/locale" "$run/locale"
readelf -h "$build/tally" | grep -q AArch64 || [ "$triplet" != aarch64-linux-gnu ] ||
	{ echo "$build/tally is not an arm64 program" >&2; exit 65; }
exec "$(dirname "$0")/../tests/run-all.sh" --build "${run#"$PWD"/}"
