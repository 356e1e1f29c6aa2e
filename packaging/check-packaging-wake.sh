# shellcheck shell=bash
# Sourced by check-packaging.sh: the sync daemon woken across users.  On an
# installed handheld tally-sync.service runs as user tally and staff run
# tally as themselves (group tally), so a signal from their tally is
# refused; the FIFO beside the store (<store>.wake, 0660 group tally) is
# what wakes it.  With an interval of an hour, the round's records can only
# reach the hub at once through it.
#
#   wake_across_users STORE NURSE WORKDIR    (uses check, round_ok, pending)
wake_across_users() {
	local store=$1 nurse=$2 work=$3 fifo=$1.wake daemon="" before
	last_sync() { runuser -u tally -- /usr/bin/tally status --json | sed -n 's/.*"last_sync": *//p'; }
	before=$(last_sync)
	printf '[hub]\ninterval_s = 3600\n' >"$work/wake.conf"
	chmod 0644 "$work/wake.conf"
	# setpriv execs: $! is the daemon itself, as the unit runs it.
	setpriv --reuid=tally --regid=tally --init-groups -- \
		/usr/bin/tally --lang en --db "$store" --config "$work/wake.conf" sync --daemon \
		>"$work/wake-daemon.log" 2>&1 &
	daemon=$!
	for _ in $(seq 100); do
		[ -p "$fifo" ] && [ -f "$store.sync.pid" ] && break
		sleep 0.1
	done
	check "the sync daemon (user tally) makes $fifo" test -p "$fifo"
	check "... 0660, group tally, like the store" sh -c \
		"[ \"\$(stat -c %a:%U:%G '$fifo')\" = 660:tally:tally ]"
	# Its first round done (last_sync moves on), it sleeps for the hour.
	for _ in $(seq 100); do
		[ "$(last_sync)" != "$before" ] && break
		sleep 0.1
	done
	check "a round by $nurse (group tally) while the daemon sleeps" round_ok
	local sent=""
	for _ in $(seq 300); do
		[ "$(pending)" = 0 ] && { sent=yes; break; }
		sleep 0.1
	done
	kill "$daemon" 2>/dev/null
	wait "$daemon" 2>/dev/null
	check "the round reached the hub at once, not after interval_s" test -n "$sent"
	check "the FIFO goes with the daemon" test ! -e "$fifo"
	[ -n "$sent" ] || sed 's/^/    daemon: /' "$work/wake-daemon.log"
}
