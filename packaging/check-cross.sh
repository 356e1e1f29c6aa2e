#!/usr/bin/env bash
# Run the test suite of a cross build under qemu-user, without binfmt_misc
# (containers and CI machines often lack it): a mirror of the build
# directory whose programs are small scripts running the real ones through
# qemu.  A test that runs tally (fork + execve of $TALLY_BIN) execs such a
# script, so the program under test goes through qemu too.
#
#   packaging/check-cross.sh BUILD-DIR TRIPLET [ARCH]   e.g. build/arm64 aarch64-linux-gnu arm64
#
# The target's loader and every library come from Debian multiarch
# (/lib/TRIPLET, libc6:ARCH): the programs' own interpreter path
# (/lib/ld-linux-aarch64.so.1) names that loader, so qemu needs no -L.
# Not `-L /usr/TRIPLET`: that directory holds the cross toolchain's libc
# (libc6-ARCH-cross), a different glibc build from the multiarch libc.so.6 the
# loader then finds through ld.so.cache, and a loader and libc of two builds
# disagree on ld.so's private data: the first fork() in a test then loops
# for ever in glibc's child-side stack bookkeeping.
#
# Each test program gets CROSS_TIMEOUT seconds (default 300): a hang is a
# failure with its name.  Tests that qemu-user cannot serve skip themselves
# with a reason (TALLY_UNDER_QEMU is set for them); docs/install.md lists them.
set -eu
build=$(realpath "$1") triplet=$2 arch=${3:-${triplet%%-*}}
qemu=qemu-${triplet%%-*}
command -v "$qemu" >/dev/null || { echo "no $qemu: packaging/setup-deps.sh --cross $arch" >&2; exit 69; }
readelf -h "$build/tally" | grep -q AArch64 || [ "$triplet" != aarch64-linux-gnu ] ||
	{ echo "$build/tally is not an arm64 program" >&2; exit 65; }
interp=$(readelf -l "$build/tally" | sed -n 's/.*program interpreter: \(.*\)]$/\1/p')
[ -e "$interp" ] || { echo "no $interp (libc6:$arch): packaging/setup-deps.sh --cross $arch" >&2; exit 69; }
unset QEMU_LD_PREFIX

run="$build-qemu"
rm -rf "$run" && mkdir -p "$run/tests/helpers"
wrap() { # wrap REAL WRAPPER
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$qemu" "$1" >"$2"
	chmod +x "$2"
}
wrap "$build/tally" "$run/tally"
wrap "$build/tally-hub" "$run/tally-hub"
wrap "$build/tally-sync" "$run/tally-sync"
for t in "$build"/tests/test-* "$build"/tests/helpers/*; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	wrap "$t" "$run/${t#"$build"/}"
done
ln -s "$build/locale" "$run/locale"

# Of the shell tests the demo runs too (the target's tally end to end); the
# fuzzer is a native clang/libFuzzer build, not the target's code.
export TALLY_UNDER_QEMU="$qemu"
# tally execs tally-sync: without binfmt_misc only the wrapper can run it.
export TALLY_SYNC_BIN="$run/tally-sync"
exec "$(dirname "$0")/../tests/run-all.sh" --build "${run#"$PWD"/}" --shell demo.sh \
	--timeout "${CROSS_TIMEOUT:-300}" --tag "$arch" --label "cross tests ($arch under qemu-user)"
