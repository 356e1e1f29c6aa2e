#!/usr/bin/env bash
# The units under a real systemd: a minimal Debian 12 root (debootstrap,
# cached under BUILD/systemd/root), booted with systemd-nspawn in a private
# network, the built packages installed into it (on a throw-away overlay:
# the cache stays clean); then, as docs/install.md says:
#   tally-hub.service started, /v1/health answered, master data imported;
#   tally-sync.service enrolled and enabled, a round by a member of group
#     tally, its records on the hub at once (the daemon sleeps an hour:
#     only the wake-up FIFO can send them sooner);
#   tally-kiosk.service started: `tally ui` as tally-kiosk on tty1, its
#     sign-in screen on that console (read back from /dev/vcs1);
#   no unit failed, and each service's sandbox left it working.
# Needs root, systemd-nspawn (systemd-container) and debootstrap.  Ends with
# "systemd: N passed, N failed".
#
#   packaging/check-systemd.sh DIR-WITH-DEBS
#
# The Debian mirror for the first debootstrap is $TALLY_DEBIAN_MIRROR, else
# the first one this machine's apt sources name.
set -u
dir=${1:?usage: $0 DIR-WITH-DEBS}
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "$dir" && pwd)
cache=$(dirname "$dir")/systemd
root=$cache/root
suite=bookworm
passed=0 failed=0
hub=127.0.0.1:8420

say() { echo "check-systemd: $*" >&2; }
check() { # check NAME CMD...
	local name=$1; shift
	if "$@" >"$cache/last.out" 2>&1; then
		echo "[       OK ] $name"; passed=$((passed + 1))
	else
		echo "[  FAILED  ] $name"; failed=$((failed + 1))
		sed 's/^/    /' "$cache/last.out" | tail -n 20
	fi
}

if [ "$(id -u)" != 0 ]; then
	say "needs root (it boots a container)"; exit 77
fi
for p in systemd-nspawn debootstrap; do
	command -v $p >/dev/null || { say "needs $p: run packaging/setup-deps.sh (as root)"; exit 69; }
done
# The kiosk's console: tally-kiosk.service runs on tty1, read back here.
[ -c /dev/tty1 ] && [ -e /dev/vcs1 ] ||
	{ say "needs a console tty1 (and /dev/vcs1) for tally-kiosk.service; this machine has none"; exit 69; }
debs=("$dir"/tally_*.deb "$dir"/tally-hub_*.deb)
for d in "${debs[@]}"; do [ -f "$d" ] || { say "no $d: run make deb"; exit 66; }; done
mkdir -p "$cache"

mirror() {
	[ -n "${TALLY_DEBIAN_MIRROR:-}" ] && { echo "$TALLY_DEBIAN_MIRROR"; return; }
	local m
	m=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
		grep -v security | head -n1)
	[ -n "$m" ] || m=$(sed -n 's/^deb  *\(\[[^]]*\] *\)\{0,1\}\([^ ]*\) .*/\2/p' \
		/etc/apt/sources.list 2>/dev/null | grep -v security | head -n1)
	echo "$m"
}

# --- the cached root: Debian 12 with systemd, and the packages' libraries --
if [ ! -f "$root/.tally-base" ]; then
	m=$(mirror)
	[ -n "$m" ] || { say "no Debian mirror: set TALLY_DEBIAN_MIRROR"; exit 78; }
	say "debootstrap $suite into $root (once; a few minutes)"
	rm -rf "$root.tmp"
	debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,procps,adduser \
		"$suite" "$root.tmp" "$m" >"$cache/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$cache/debootstrap.log"; say "debootstrap failed"; exit 69; }
	rm -rf "$root" && mv "$root.tmp" "$root" && touch "$root/.tally-base"
fi
# What the packages depend on, installed into the cache when it changes.
deps=$(for d in "${debs[@]}"; do dpkg-deb -f "$d" Depends; done | paste -sd, -)
if [ "$(cat "$root/.tally-deps" 2>/dev/null)" != "$deps" ]; then
	say "installing the packages' dependencies into $root"
	cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
	chroot "$root" env DEBIAN_FRONTEND=noninteractive sh -c \
		'apt-get update -q && apt-get satisfy -y -q --no-install-recommends "$1" && apt-get clean' \
		_ "$deps" >"$cache/deps.log" 2>&1 ||
		{ tail -n 20 "$cache/deps.log"; say "could not install $deps"; exit 69; }
	printf '%s' "$deps" >"$root/.tally-deps"
fi

# --- boot it ---------------------------------------------------------------
machine=tallycheck$$
nspawn_pid="" leader=""
cleanup() {
	if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
		kill -TERM "$nspawn_pid" 2>/dev/null # the container powers off
		for _ in $(seq 150); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.2; done
		# Still there: end the container's PID 1 (and so all in it), then
		# nspawn, which alone would leave the container running.
		[ -n "$leader" ] && kill -KILL "$leader" 2>/dev/null
		sleep 0.5
		kill -KILL "$nspawn_pid" 2>/dev/null
		wait "$nspawn_pid" 2>/dev/null
	fi
}
trap cleanup EXIT
# --register=no --keep-unit: the host need not run systemd.  tty1 is the
# host's: the kiosk's console, read back through the host's /dev/vcs1.
systemd-nspawn --quiet --register=no --keep-unit --machine="$machine" -D "$root" \
	--volatile=overlay --private-network --bind=/dev/tty1 \
	--bind-ro="$dir":/debs --bind-ro="$top/tests/demo":/demo \
	--boot --console=passive >"$cache/boot.log" 2>&1 &
nspawn_pid=$!
# The container's PID 1 (nspawn's first children are short-lived helpers).
for _ in $(seq 300); do
	leader=$(pgrep -x -P "$nspawn_pid" systemd | head -n1)
	[ -n "$leader" ] && break
	sleep 0.1
done
inside() { # inside CMD...: run in the container, as root
	nsenter -t "$leader" -a -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive "$@"
}
booted() {
	[ -n "$leader" ] || { cat "$cache/boot.log"; return 1; }
	local state=""
	# systemctl answers once systemd's own socket is there.
	for _ in $(seq 600); do
		inside test -S /run/systemd/private && break
		sleep 0.1
	done
	state=$(inside timeout 120 systemctl is-system-running --wait 2>&1)
	echo "$state"
	[ "$state" = running ] || { inside systemctl --failed --no-pager; return 1; }
}
check "Debian $suite boots under systemd-nspawn" booted
[ "$failed" = 0 ] || { echo "systemd: $passed passed, $failed failed"; exit 1; }

check "install both packages" inside sh -c 'dpkg -i /debs/tally_*.deb /debs/tally-hub_*.deb'

# --- tally-hub.service -----------------------------------------------------
health() { # bash's own TCP: the root has no HTTP client
	inside bash -c 'exec 3<>/dev/tcp/${1%:*}/${1#*:} &&
		printf "GET /v1/health HTTP/1.0\r\nHost: x\r\n\r\n" >&3 && cat <&3' _ "$hub"
}
hub_up() {
	inside systemctl start tally-hub.service || return 1
	for _ in $(seq 100); do
		health 2>/dev/null | head -n1 | grep -q ' 200 ' && return 0
		sleep 0.1
	done
	health
	inside journalctl -u tally-hub --no-pager -n 20
	return 1
}
check "tally-hub.service starts and answers /v1/health" hub_up
hubcmd() { inside /usr/bin/tally-hub --db /var/lib/tally-hub/hub.db "$@"; }
check "master data imported into the running hub (as root, as the docs say)" \
	hubcmd import /demo/region.json
check "tally-hub.service still active after the import" inside systemctl is-active tally-hub.service

# --- tally-sync.service ----------------------------------------------------
# An hour between rounds: only the wake-up FIFO can send a round sooner.
inside sh -c 'printf "\n[hub]\ninterval_s = 3600\n" >>/etc/tally/tally.conf'
code=$(hubcmd enroll-code nspawn-check --url "http://$hub" 2>/dev/null |
	grep -Eo '[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}' | head -n1)
as_tally() { inside runuser -u tally -- /usr/bin/tally --lang en "$@"; }
enrol() { as_tally enroll "http://$hub" "$code" && as_tally sync --once; }
check "enrol as user tally and pull the master data" enrol
last_sync() { as_tally status --json | sed -n 's/.*"last_sync": *//p'; }
sync_up() {
	local before
	before=$(last_sync)
	inside systemctl enable --now tally-sync.service || return 1
	# Its first round done (last_sync moves on), it sleeps for the hour.
	for _ in $(seq 100); do
		inside test -p /var/lib/tally/tally.db.wake && [ "$(last_sync)" != "$before" ] && break
		sleep 0.1
	done
	inside systemctl is-active tally-sync.service &&
		inside test -p /var/lib/tally/tally.db.wake ||
		{ inside journalctl -u tally-sync --no-pager -n 20; return 1; }
}
check "tally-sync.service runs, holding /var/lib/tally/tally.db.wake" sync_up
inside useradd --no-create-home --shell /usr/sbin/nologin nurse1
inside adduser --quiet nurse1 tally
round() {
	printf ']E09520000010379\t25\n]E09520000011116\t2\n' |
		inside runuser -u nurse1 -- /usr/bin/tally --lang en round LOC:MED1 --user 1001 |
		grep -q 'Refill order'
}
check "a round by nurse1 (group tally) on the shared store" round
received() { # the records the hub holds from the handheld
	hubcmd --lang en devices 2>/dev/null | awk '/nspawn-check/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) n = $i } END { print n + 0 }'
}
reached() {
	for _ in $(seq 300); do
		[ "$(received)" -ge 3 ] && return 0
		sleep 0.1
	done
	hubcmd --lang en devices
	inside journalctl -u tally-sync --no-pager -n 20
	return 1
}
check "the round reaches the hub at once (the service was woken)" reached

# --- tally-kiosk.service ---------------------------------------------------
kiosk_up() {
	inside systemctl start tally-kiosk.service || return 1
	local screen=""
	for _ in $(seq 100); do
		screen=$(tr -s ' ' </dev/vcs1 2>/dev/null)
		echo "$screen" | grep -q "Skann ansattkortet" && break
		sleep 0.1
	done
	inside ps -o user:16=,tty=,args= -C tally | grep -E '^tally-kiosk +tty1 +/usr/bin/tally ui' ||
		{ inside ps -ef; inside journalctl -u tally-kiosk --no-pager -n 20; return 1; }
	echo "$screen" | grep -q "Skann ansattkortet" || { echo "tty1: $screen"; return 1; }
}
check "tally-kiosk.service: tally ui as tally-kiosk on tty1, at sign-in" kiosk_up
inside systemctl stop tally-kiosk.service

failed_units() {
	local f
	f=$(inside systemctl list-units --failed --plain --no-legend)
	echo "$f"
	[ -z "$f" ] || { inside journalctl -b --no-pager -n 30 -u tally-kiosk -u tally-sync -u tally-hub; return 1; }
}
check "no unit failed" failed_units
echo "systemd: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
