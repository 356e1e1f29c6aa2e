#!/usr/bin/env bash
# When the terminal of `tally ui` hangs up (an SSH session closed, a tmux
# killed, a console unplugged), tally ends by itself instead of spinning on
# a terminal that will never send a key again, even with SIGHUP ignored;
# what was recorded stays.  Stopped with SIGTERM (systemctl stop of
# tally-kiosk.service, a shutdown) it ends with status 0, so that the unit
# does not count as failed.
set -u
tally=${TALLY_BIN:?} src=${TALLY_SRCDIR:?}
command -v tmux >/dev/null || { echo "skipped: tmux is not installed (packaging/setup-deps.sh)"; exit 0; }
name="ui-hangup"
. "$src/tests/lib/tmux-ui.sh"
"$tally" --create --db "$db" import "$src/tests/fixtures/ward.json" >/dev/null || exit 1

# SIGHUP ignored, as under nohup or a supervisor that masks it: then only
# the hangup on the terminal itself can tell tally it is alone.
ui=hangup
tm new-session -d -s "$ui" -x 30 -y 16 "trap '' HUP; exec '$tally' --lang en --db '$db' ui" ||
	{ echo "ui-hangup: tmux could not start a terminal"; exit 1; }
pid=$(tm list-panes -t "$ui" -F '#{pane_pid}')
kill_at_exit=("$pid")
wait_for "Scan your staff badge"

tm kill-server # the terminal hangs up
for _ in $(seq 50); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
	echo "ui-hangup: tally ui is still running 5 s after its terminal hung up"
	exit 1
fi
kill_at_exit=()
"$tally" --db "$db" status >/dev/null || { echo "ui-hangup: the store does not open after"; exit 1; }
echo "ui-hangup: tally ui ends when its terminal hangs up"

# SIGTERM, as systemd stops a unit: a clean end (0), not ncurses' exit 1.
ui=stop
tm new-session -d -s "$ui" -x 30 -y 16 \
	"'$tally' --lang en --db '$db' ui; echo \$? >'$dir/status'; sleep 60" ||
	{ echo "ui-hangup: tmux could not start a terminal"; exit 1; }
wait_for "Scan your staff badge"
shell=$(tm list-panes -t "$ui" -F '#{pane_pid}')
tally_pid=$(pgrep -P "$shell" -x tally)
[ -n "$tally_pid" ] || { echo "ui-hangup: no tally ui under the terminal's shell"; exit 1; }
kill -TERM "$tally_pid"
for _ in $(seq 50); do
	[ -s "$dir/status" ] && break
	sleep 0.1
done
[ "$(cat "$dir/status" 2>/dev/null)" = 0 ] ||
	{ echo "ui-hangup: tally ui stopped by SIGTERM ended with '$(cat "$dir/status" 2>/dev/null)', not 0"; exit 1; }
echo "ui-hangup: tally ui stopped by SIGTERM ends with 0"
