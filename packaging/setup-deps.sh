#!/bin/sh
# Install the Debian packages that building and testing tally need, when any
# is missing.  As root it runs apt-get itself; otherwise it names the packages
# and the command to run, and fails.
set -eu

pkgs="build-essential pkg-config git gettext sqlite3 libsqlite3-dev libzbar-dev
libdmtx-dev libcurl4-openssl-dev libmicrohttpd-dev libjansson-dev libevdev-dev
libncurses-dev libpng-dev libqrencode-dev libcrypt-dev nettle-dev libcmocka-dev
zint clang tmux"

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
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
