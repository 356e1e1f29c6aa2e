#!/usr/bin/env bash
# The sync daemon wakes when the network changes, not only on its timer or
# a poke: a handheld carried back into Wi-Fi range sends at once.  Run in a
# private network namespace (the hub too, on its loopback), where adding an
# address is a real netlink event and harms nothing.
set -u
if [ "${1:-}" != --inside ]; then
	if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null || ! unshare -n true 2>/dev/null; then
		echo "skipped: needs root, unshare and ip (iproute2) for a private network namespace"
		exit 0
	fi
	exec unshare -n bash "$0" --inside
fi

ip link set lo up
work=$(mktemp -d "${TMPDIR:-/tmp}/tally-netlink-XXXXXX")
hub_pid="" daemon_pid=""
cleanup() {
	[ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null
	[ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "sync-netlink: $*"; [ -f "$work/daemon.log" ] && cat "$work/daemon.log"; exit 1; }

hub() { TALLY_LANG=en "$TALLY_HUB_BIN" --db "$work/hub.db" "$@"; }
printf '[hub]\ninterval_s = 3600\n' >"$work/tally.conf"
tally() { "$TALLY_BIN" --lang en --db "$work/h.db" --config "$work/tally.conf" "$@"; }
pending() { tally status --json | sed -n 's/.*"pending": *\([0-9]*\).*/\1/p'; }

hub init >/dev/null && hub import "$TALLY_SRCDIR/tests/demo/region.json" >/dev/null ||
	fail "could not set up the hub"
# Not through the functions: $! must be the program, for cleanup to stop it.
TALLY_LANG=en "$TALLY_HUB_BIN" --db "$work/hub.db" serve --listen 127.0.0.1:0 \
	>"$work/hub.out" 2>"$work/hub.log" &
hub_pid=$!
url=""
for _ in $(seq 100); do
	url=$(sed -n 's/^listening on //p' "$work/hub.out")
	[ -n "$url" ] && break
	sleep 0.05
done
[ -n "$url" ] || fail "the hub did not start"
code=$(hub enroll-code netlink --url "$url" | grep -Eo '[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}' | head -n1)
tally --create enroll "$url" "$code" >/dev/null || fail "enrolment failed"

"$TALLY_BIN" --lang en --db "$work/h.db" --config "$work/tally.conf" sync --daemon \
	>"$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 100); do
	[ -f "$work/h.db.sync.pid" ] && tally status --json | grep -q '"last_sync": *"' && break
	sleep 0.1
done
tally status --json | grep -q '"last_sync": *"' || fail "the daemon's first round did not happen"

# A record, made while the daemon sleeps for an hour.  The line-mode
# command would poke the daemon (a byte into h.db.wake, else SIGUSR1 via
# sync.pid) when it ends: hide both so that only the network can wake it
# (the daemon keeps the FIFO it holds open).
[ -p "$work/h.db.wake" ] || fail "the daemon made no wake-up FIFO beside the store"
mv "$work/h.db.sync.pid" "$work/h.db.sync.pid.hidden"
mv "$work/h.db.wake" "$work/h.db.wake.hidden"
printf ']E09520000010379\t5\n' >"$work/scans.txt"
tally count MED1 --user 1003 --scanner "file:$work/scans.txt" >/dev/null || fail "count failed"
mv "$work/h.db.sync.pid.hidden" "$work/h.db.sync.pid"
mv "$work/h.db.wake.hidden" "$work/h.db.wake"
[ "$(pending)" -ge 1 ] || fail "no record pending after the count"
sleep 2
[ "$(pending)" -ge 1 ] || fail "the record went without a network change: the test proves nothing"

ip addr add 10.9.9.9/32 dev lo # the network changed
for _ in $(seq 100); do
	[ "$(pending)" = 0 ] && break
	sleep 0.1
done
[ "$(pending)" = 0 ] || fail "the daemon did not wake on the network change (still $(pending) pending)"
echo "sync-netlink: the daemon sent the record when an address appeared"
exit 0
