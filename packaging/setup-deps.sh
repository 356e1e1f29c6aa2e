#!/bin/sh
# Install the Debian packages that building and testing tally need, when any
# is missing.  As root it runs apt-get itself; otherwise it names the packages
# and the command to run, and fails.
#
#   packaging/setup-deps.sh                 build and test on this machine
#   packaging/setup-deps.sh --cross arm64   also cross-build for arm64 and run
#                                           its tests under qemu-user
set -eu

cross=""
if [ "${1:-}" = --cross ]; then
	cross=${2:?usage: $0 [--cross arm64]}
	[ "$cross" = arm64 ] || { echo "tally: --cross knows arm64 only" >&2; exit 64; }
fi

pkgs="build-essential pkg-config git gettext sqlite3 libsqlite3-dev libzbar-dev
libdmtx-dev libcurl4-openssl-dev libmicrohttpd-dev libjansson-dev libevdev-dev
libncurses-dev libpng-dev libqrencode-dev libcrypt-dev nettle-dev zlib1g-dev libcmocka-dev
zint faketime clang tmux debhelper lintian fakeroot"
# openssl (the command) makes the certificates of the HTTPS tests; chromium,
# its driver and selenium run the web front's browser tests.
pkgs="$pkgs openssl curl chromium chromium-driver python3-selenium"
# The hub's PostgreSQL driver links libpq; the tests run a throwaway
# PostgreSQL cluster of their own (tests/pg-cluster.sh): the server's
# programs, not a running service.
pkgs="$pkgs libpq-dev postgresql"
# debootstrap and systemd-nspawn boot the packages under a real systemd
# (make check-systemd).
pkgs="$pkgs debootstrap systemd-container"

# The same libraries for the target architecture (Debian multiarch), the
# cross compiler, and qemu-user to run the target's test programs.
# libzbar-dev and libpq-dev are not Multi-Arch: same in Debian 12 (installing it for arm64
# removes the native one), so only its run-time library is installed; make
# cross links against that (packaging/build.mk).  libc6:ARCH is named
# although the -dev packages pull it in: its loader is the one the tests
# run under qemu with (packaging/check-cross.sh).  pkgconf:ARCH (Multi-Arch:
# same, beside the native one) brings the cross pkg-config,
# /usr/bin/TRIPLET-pkg-config, that make cross asks for each library's flags.
cross_libs="pkgconf libc6 libsqlite3-dev libzbar0 libdmtx-dev libcurl4-openssl-dev
libmicrohttpd-dev libjansson-dev libevdev-dev libncurses-dev libpng-dev
libqrencode-dev libcrypt-dev nettle-dev zlib1g-dev libcmocka-dev libpq5"
if [ -n "$cross" ]; then
	pkgs="$pkgs crossbuild-essential-$cross qemu-user"
	for p in $cross_libs; do pkgs="$pkgs $p:$cross"; done
fi

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "tally: these Debian packages are needed to build and test:$missing" >&2
	echo "tally: install them as root with: apt-get update && apt-get install$missing" >&2
	exit 1
fi
echo "tally: installing missing packages:$missing"
export DEBIAN_FRONTEND=noninteractive
if [ -n "$cross" ] && ! dpkg --print-foreign-architectures | grep -qx "$cross"; then
	dpkg --add-architecture "$cross"
fi
apt-get update -q
# --no-remove: never let a package for another architecture replace one
# this machine's builds need.
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends --no-remove $missing
