#!/usr/bin/env bash
# Install test for the Debian packages: install both .debs on this machine,
# try the programs, check the files are in place; then the handheld as it
# is used: enrol as the service user into the one shared store, a round by
# a member of group tally on that store, a sync to a real tally-hub on
# loopback; the sync daemon (user tally) woken by that user's round at
# once (check-packaging-wake.sh); the units' systemd-analyze security
# scores; purging with records not yet sent keeps the store; purge, check
# nothing is left; then tally-hub installed alone (check-hub-alone.sh).
# Needs root (it really installs).  Ends with "N passed, N failed".
#
#   packaging/check-packaging.sh DIR-WITH-DEBS
set -u
dir=${1:?usage: $0 DIR-WITH-DEBS}
top=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0
# The highest systemd-analyze security exposure a unit may have.
max_exposure=3.0

check() { # check NAME CMD...
	local name=$1; shift
	if "$@" >/dev/null 2>&1; then
		echo "[       OK ] $name"; passed=$((passed + 1))
	else
		echo "[  FAILED  ] $name"; failed=$((failed + 1))
	fi
}
absent() { [ ! -e "$1" ]; }
# The tally-hub package alone, on a server without tally (its own file).
. "$top/packaging/check-hub-alone.sh"

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
# Wait for another apt-get or dpkg on the machine rather than fail.
apt_wait="-o DPkg::Lock::Timeout=600"
# apt-get resolves the run-time libraries the packages depend on.
check "install both packages" apt-get $apt_wait install -y -q --no-install-recommends \
	"$(realpath "${debs[0]}")" "$(realpath "${debs[1]}")"
check "tally --version" sh -c '/usr/bin/tally --version | grep -q "^tally "'
check "tally-hub --version" sh -c '/usr/bin/tally-hub --version | grep -q "tally-hub"'
check "tally sync runs tally-sync (not enrolled yet)" sh -c \
	'd=$(mktemp -d); /usr/bin/tally --lang en --create --db "$d/t.db" sync --once 2>&1 | grep -q "not enrolled"; r=$?; rm -rf "$d"; exit $r'
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

check "unit tally-kiosk.service" test -f /lib/systemd/system/tally-kiosk.service
check "systemd-analyze verify tally-kiosk.service" verify_unit /lib/systemd/system/tally-kiosk.service
check "tally-kiosk.service shipped but not enabled" sh -c \
	'! ls /etc/systemd/system/*.wants/tally-kiosk.service 2>/dev/null | grep -q .'
check "sync service not enabled before enrolment" sh -c \
	'! ls /etc/systemd/system/*.wants/tally-sync.service 2>/dev/null | grep -q .'

# --- how exposed each unit is: printed, and checked against max_exposure --
exposure() { # exposure UNIT: the number systemd-analyze rates it
	systemd-analyze security --offline=yes --no-pager "/lib/systemd/system/$1.service" 2>/dev/null |
		sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p'
}
for u in tally-sync tally-hub tally-kiosk; do
	score=$(exposure $u)
	echo "systemd-analyze security $u.service: ${score:-?} (at most $max_exposure)"
	check "$u.service exposure ${score:-?} <= $max_exposure" \
		awk -v s="${score:-99}" -v m="$max_exposure" 'BEGIN { exit !(s <= m) }'
done

# --- the one shared store -------------------------------------------------
store=/var/lib/tally/tally.db
check "[store] path in /etc/tally/tally.conf" grep -qx "path = $store" /etc/tally/tally.conf
check "/var/lib/tally is 2770 tally:tally" sh -c \
	'[ "$(stat -c %a:%U:%G /var/lib/tally)" = 2770:tally:tally ]'
check "the store is made by the package, 0660 tally:tally" sh -c \
	"[ \"\$(stat -c %a:%U:%G $store)\" = 660:tally:tally ]"
check "user tally-kiosk in group tally" sh -c 'id -nG tally-kiosk | grep -qw tally'

work=$(mktemp -d)
chmod 0755 "$work"
nurse=tallycheck$$
hub_pid=""
stop_hub() { [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null; hub_pid=""; }
cleanup() { stop_hub; userdel "$nurse" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
start_hub() { # start_hub [ADDR:PORT]: on loopback (any free port); sets url
	: >"$work/hub.out"
	/usr/bin/tally-hub --db "$work/hub.db" serve --listen "${1:-127.0.0.1:0}" \
		>"$work/hub.out" 2>>"$work/hub.log" &
	hub_pid=$!
	url=""
	for _ in $(seq 100); do
		url=$(sed -n 's/^listening on //p' "$work/hub.out")
		[ -n "$url" ] && return 0
		sleep 0.1
	done
	return 1
}
as_tally() { runuser -u tally -- /usr/bin/tally --lang en "$@"; }
as_nurse() { runuser -u "$nurse" -- /usr/bin/tally --lang en "$@"; }
pending() { as_tally status --json | sed -n 's/^ *"pending": *\([0-9]*\).*/\1/p'; }
pending_at_least() { [ "$(pending)" -ge "$1" ]; }
round() { runuser -u "$nurse" -- /usr/bin/tally --lang en round LOC:MED1 --user 1001 <"$work/round.txt"; }
round_ok() { round | grep -q 'Refill order'; }
sync_sends() { as_tally sync --once | grep -q 'sent [1-9]'; }
said() { printf '%s\n' "$1" | grep -q "$2"; }

/usr/bin/tally-hub --db "$work/hub.db" init >/dev/null 2>&1 &&
	/usr/bin/tally-hub --db "$work/hub.db" import "$top/tests/demo/region.json" >/dev/null 2>&1
check "a tally-hub on loopback" start_hub
code=$(/usr/bin/tally-hub --db "$work/hub.db" enroll-code "check-packaging" --url "$url" 2>/dev/null |
	grep -Eo '[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}' | head -n1)
# No --db: the store of tally.conf, as docs/install.md says.
check "enrol as the service user (no --db)" as_tally enroll "$url" "$code"
check "the token is the service's alone (0600 tally)" sh -c \
	'[ "$(stat -c %a:%U /var/lib/tally/tally.db.token)" = 600:tally ]'
check "first sync pulls master data" as_tally sync --once
# A home of its own, empty: no personal tally.conf gets in the way.
mkdir -p "$work/home"
useradd --no-create-home --home-dir "$work/home" --shell /usr/sbin/nologin "$nurse"
check "a second user, added to group tally as the docs say" adduser --quiet "$nurse" tally
printf ']E09520000010379\t25\n]E09520000011116\t2\n' >"$work/round.txt"
chmod 0644 "$work/round.txt"
check "a round as the second user on the shared store" round_ok
check "the round's records are in the service's store" pending_at_least 3
check "the store and its -wal/-shm stay 0660 group tally" sh -c \
	'for f in /var/lib/tally/tally.db /var/lib/tally/tally.db-wal /var/lib/tally/tally.db-shm; do
		[ ! -e "$f" ] || [ "$(stat -c %a:%G "$f")" = 660:tally ] || exit 1; done'
check "the second user cannot read the device token" sh -c \
	"[ -e /var/lib/tally/tally.db.token ] && ! runuser -u $nurse -- cat /var/lib/tally/tally.db.token"
check "the kiosk user opens the shared store" runuser -u tally-kiosk -- /usr/bin/tally status
# What tally-kiosk.service runs, as its user, in a 30 x 16 terminal of its
# own (tmux; systemd is not asked to start it here): the sign-in screen,
# in Norwegian.
kiosk_signin() {
	local sock="tally-kiosk-check-$$" out=""
	tmux -L "$sock" -f /dev/null new-session -d -x 30 -y 16 \
		"cd /var/lib/tally && runuser -u tally-kiosk -- env TERM=screen /usr/bin/tally ui" ||
		return 1
	for _ in $(seq 100); do
		out=$(tmux -L "$sock" capture-pane -p 2>/dev/null)
		printf '%s' "$out" | grep -q "Skann ansattkortet" && break
		sleep 0.1
	done
	# Leave as a user would (F10), so that nothing of tally-kiosk's is left
	# running to keep purge from deleting the user.
	tmux -L "$sock" send-keys F10 2>/dev/null
	for _ in $(seq 50); do
		[ -z "$(ps -u tally-kiosk -o pid= 2>/dev/null)" ] && break
		sleep 0.1
	done
	tmux -L "$sock" kill-server 2>/dev/null
	local left
	left=$(ps -u tally-kiosk -o pid= 2>/dev/null)
	[ -n "$left" ] && kill $left 2>/dev/null
	printf '%s' "$out" | grep -q "Skann ansattkortet" && [ -z "$left" ]
}
if command -v tmux >/dev/null; then
	check "the kiosk's tally ui shows the sign-in screen" kiosk_signin
fi
check "a user outside group tally is refused (77)" sh -c \
	'runuser -u nobody -- env HOME="$1/home" /usr/bin/tally --lang en status; [ $? -eq 77 ]' _ "$work"
check "--db naming a missing store: 66, nothing made" sh -c \
	'/usr/bin/tally --db /var/lib/tally/typo.db status; [ $? -eq 66 ] && [ ! -e /var/lib/tally/typo.db ]'
check "sync sends the round" sync_sends
check "nothing pending after the sync" test "$(pending)" = 0
. "$top/packaging/check-packaging-wake.sh"
wake_across_users "$store" "$nurse" "$work"

# --- removal with records the hub does not have ----------------------------
stop_hub
hub_addr=${url#http://}
check "a round while the hub is away" round_ok
purge_out=$(apt-get $apt_wait purge -y -q tally 2>&1)
echo "$purge_out" | grep -F '*' | sed 's/^/    /'
check "purge with records unsent warns loudly" said "$purge_out" "not yet sent to the hub"
check "... and says it keeps them" said "$purge_out" "NOT deleting /var/lib/tally"
check "... and keeps the store" test -s "$store"
check "reinstall tally" apt-get $apt_wait install -y -q --no-install-recommends "$(realpath "${debs[0]}")"
check "the kept records are still pending" pending_at_least 1
check "the hub back, at the same address" start_hub "$hub_addr"
check "sync sends them" sync_sends
check "nothing pending now" test "$(pending)" = 0
stop_hub
userdel "$nurse" 2>/dev/null

check "purge both packages" apt-get $apt_wait purge -y -q tally tally-hub
check "no package left" sh -c '! dpkg-query -W -f="\${Status}\n" tally tally-hub 2>/dev/null | grep -q installed'
for f in /usr/bin/tally /usr/bin/tally-hub /etc/tally /etc/default/tally-hub \
	/lib/systemd/system/tally-sync.service /lib/systemd/system/tally-hub.service \
	/lib/udev/rules.d/60-tally-scanners.rules /usr/share/man/man1/tally.1.gz \
	/usr/share/locale/nb/LC_MESSAGES/tally.mo /usr/share/bash-completion/completions/tally \
	/lib/systemd/system/tally-kiosk.service /var/lib/tally /var/lib/tally-hub; do
	check "gone: $f" absent "$f"
done
check "user tally gone" sh -c '! getent passwd tally'
check "user tally-kiosk gone" sh -c '! getent passwd tally-kiosk'

check_hub_alone "${debs[1]}"

echo "packaging: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
