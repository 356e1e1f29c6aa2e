#!/usr/bin/env bash
# A scan whose saving could not be confirmed (a failed fsync: db/outcome.c
# keeps it in the "unsure" file beside the store) is settled when the store
# next opens, and the full-screen UI says which on its first screen, where
# the nurse looks, not on a stderr hidden under the screen.  Both outcomes:
# saved after all (do not scan again), and not saved (scan again).
set -u
tally=${TALLY_BIN:?} src=${TALLY_SRCDIR:?}
command -v tmux >/dev/null || { echo "skipped: tmux is not installed (packaging/setup-deps.sh)"; exit 0; }
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 is not installed (packaging/setup-deps.sh)"; exit 0; }
name="ui-notice"
. "$src/tests/lib/tmux-ui.sh"

"$tally" --create --db "$db" import "$src/tests/fixtures/ward.json" >/dev/null || exit 1
printf '[session]\nidle_logout_s = 300\n' >"$dir/tally.conf"

# unsure UUID: the file a failed commit leaves beside the store.
unsure() {
	printf '{"uuid":"%s","kind":"count","device_time":"2026-11-30T08:15:02.000Z","made":%s,"qty":3,"location_id":"MED1","article_id":"A-PARA"}\n' \
		"$1" "$(date +%s)" >"$db.unsure"
}

# start NAME: tally ui in a 30x16 terminal, as on the handheld.
start() {
	ui=$1
	tm new-session -d -s "$ui" -x 30 -y 16 \
		"'$tally' --lang en --db '$db' --config '$dir/tally.conf' ui; sleep 60" ||
		{ echo "ui-notice: tmux could not start a terminal"; exit 1; }
}

# 1. The record is there: saved after all.
printf '%s\t3\n' "]E09521234543213" >"$dir/dump"
"$tally" --db "$db" --config "$dir/tally.conf" count LOC:MED1 --user 1001 \
	--scanner "file:$dir/dump" >/dev/null 2>&1
uuid=$(sqlite3 "$db" "SELECT uuid FROM record WHERE kind = 'count' ORDER BY seq DESC LIMIT 1")
[ -n "$uuid" ] || { echo "ui-notice: the line-mode count recorded nothing"; exit 1; }
unsure "$uuid"
start saved
wait_for "was saved after all"
wait_for "do not scan it again"

# 2. No such record: not saved, scan again.
unsure "7f0c7b1e-0000-4000-8000-000000000001"
start lost
wait_for "was not saved: scan it again"
echo "ui-notice: the first screen says what became of an unsure scan"
