#!/usr/bin/env bash
# Install test for the Debian packages: install both .debs on this machine,
# try the programs, check the files are in place, purge, check nothing is
# left.  Needs root (it really installs).  Ends with "N passed, N failed".
#
#   packaging/check-packaging.sh DIR-WITH-DEBS
set -u
dir=${1:?usage: $0 DIR-WITH-DEBS}
passed=0 failed=0

check() { # check NAME CMD...
	local name=$1; shift
	if "$@" >/dev/null 2>&1; then
		echo "[       OK ] $name"; passed=$((passed + 1))
	else
		echo "[  FAILED  ] $name"; failed=$((failed + 1))
	fi
}
absent() { [ ! -e "$1" ]; }

if [ "$(id -u)" != 0 ]; then
	echo "check-packaging: needs root, since it installs the packages" >&2
	exit 77
fi
debs=("$dir"/tally_*.deb "$dir"/tally-hub_*.deb)
for d in "${debs[@]}"; do [ -f "$d" ] || { echo "no $d: run make deb" >&2; exit 66; }; done
for p in tally tally-hub; do
	if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q installed; then
		echo "check-packaging: $p is already installed here; not touching it" >&2
		exit 75
	fi
done

export DEBIAN_FRONTEND=noninteractive
# apt-get resolves the run-time libraries the packages depend on.
check "install both packages" apt-get install -y -q --no-install-recommends \
	"$(realpath "${debs[0]}")" "$(realpath "${debs[1]}")"
check "tally --version" sh -c '/usr/bin/tally --version | grep -q "^tally "'
check "tally-hub --version" sh -c '/usr/bin/tally-hub --version | grep -q "tally-hub"'
check "tally sync runs tally-sync (not enrolled yet)" sh -c \
	'd=$(mktemp -d); /usr/bin/tally --lang en --db "$d/t.db" sync --once 2>&1 | grep -q "not enrolled"; r=$?; rm -rf "$d"; exit $r'
check "tally-sync is the only program linking libcurl" sh -c \
	'! ldd /usr/bin/tally | grep -q libcurl && ldd /usr/libexec/tally/tally-sync | grep -q libcurl'
check "tally finds its nb translation" test -f /usr/share/locale/nb/LC_MESSAGES/tally.mo
check "conffile /etc/tally/tally.conf" sh -c \
	'dpkg-query -W -f="\${Conffiles}" tally | grep -q /etc/tally/tally.conf'
check "conffile /etc/default/tally-hub" sh -c \
	'dpkg-query -W -f="\${Conffiles}" tally-hub | grep -q /etc/default/tally-hub'
check "unit tally-sync.service" test -f /lib/systemd/system/tally-sync.service
check "unit tally-hub.service" test -f /lib/systemd/system/tally-hub.service
# With the binaries in place, systemd's own checker can judge the units;
# it exits 0 on unknown keys and bad values, so any message is a failure.
verify_unit() { local out; out=$(systemd-analyze verify --man=no "$1" 2>&1) && [ -z "$out" ] || { echo "$out"; return 1; }; }
for u in tally-sync tally-hub; do
	check "systemd-analyze verify $u.service" verify_unit /lib/systemd/system/$u.service
done
check "udev rule" test -f /lib/udev/rules.d/60-tally-scanners.rules
check "man pages" sh -c 'test -f /usr/share/man/man1/tally.1.gz && test -f /usr/share/man/man8/tally-hub.8.gz'
check "bash completion" test -f /usr/share/bash-completion/completions/tally
check "system user tally" getent passwd tally
check "state dir /var/lib/tally owned by tally" sh -c '[ "$(stat -c %U /var/lib/tally)" = tally ]'

check "purge both packages" dpkg --purge tally tally-hub
check "no package left" sh -c '! dpkg-query -W -f="\${Status}\n" tally tally-hub 2>/dev/null | grep -q installed'
for f in /usr/bin/tally /usr/bin/tally-hub /etc/tally /etc/default/tally-hub \
	/lib/systemd/system/tally-sync.service /lib/systemd/system/tally-hub.service \
	/lib/udev/rules.d/60-tally-scanners.rules /usr/share/man/man1/tally.1.gz \
	/usr/share/locale/nb/LC_MESSAGES/tally.mo /usr/share/bash-completion/completions/tally \
	/var/lib/tally /var/lib/tally-hub; do
	check "gone: $f" absent "$f"
done
check "user tally gone" sh -c '! getent passwd tally'

echo "packaging: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
