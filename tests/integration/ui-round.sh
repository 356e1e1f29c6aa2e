#!/usr/bin/env bash
# The handheld UI driven as a user would, in a real terminal (tmux): sign in
# with badge and PIN (a wrong PIN first), a restocking round on the fixture
# ward with two packs typed in as a keyboard-wedge scanner does, one undone,
# the screen killed and the round continued, an empty shelf's line picked
# by its number (whole screen compared) and counted 0, a line picked with
# the arrows and Enter left again with Esc, ending with a line uncounted asked first, the refill order on
# screen and the records in the store; idle sign-out; a user
# without the round role does not see Round; that user's receipt with a
# damaged pack.
set -u
tally=${TALLY_BIN:?} src=${TALLY_SRCDIR:?}
command -v tmux >/dev/null || { echo "skipped: tmux is not installed (packaging/setup-deps.sh)"; exit 0; }
name="ui-round"
. "$src/tests/lib/tmux-ui.sh"
fail=0

# start NAME CONF: tally ui in a new 40x20 terminal (a new session each
# time: killing one while starting the next races the tmux server).
start() {
	ui=$1
	tm new-session -d -s "$ui" -x 40 -y 20 \
		"'$tally' --lang en --db '$db' --config '$2' ui; echo TALLY-EXITED \$?; sleep 60" ||
		{ echo "ui-round: tmux could not start a terminal"; exit 1; }
}

hash=$(printf '4711' | "$tally" login --hash-pin) || { echo "hash-pin failed"; exit 1; }
cat >"$dir/users.json" <<JSON
{"user": [
  {"badge": "2001", "name": "Rita Runde", "pin_hash": "$hash", "roles": "round"},
  {"badge": "2002", "name": "Lars Lager", "pin_hash": "$hash", "roles": "receive"}
]}
JSON
"$tally" --create --db "$db" import "$src/tests/fixtures/ward.json" >/dev/null || exit 1
"$tally" --db "$db" import "$dir/users.json" >/dev/null || exit 1
printf '[session]\nidle_logout_s = 300\n' >"$dir/long.conf"
printf '[session]\nidle_logout_s = 2\n' >"$dir/idle.conf"

# --- sign in: a wrong PIN is refused and said so; the right one signs in.
start first "$dir/long.conf"
wait_for "Scan your staff badge"
keys 2001 Enter
wait_for "Type your PIN"
keys 1234 Enter
wait_for "Wrong PIN for badge 2001"
screen | grep -q 1234 && { echo "ui-round: the PIN was shown"; fail=1; }
keys 4711 Enter
wait_for "Signed in: Rita Runde"
wait_for "Round"

# --- a round at Medisinsk 1: two packs with their counts; the second
# undone; the screen killed halfway (a flat battery).
keys 1 Enter
wait_for "Round: which ward?"
keys LOC:MED1 Enter
wait_for "3 articles on the basis list"
keys ']E09521234543213' Enter
wait_for "type how many packs"
keys 3 Enter
wait_for "Paracetamol 500 mg: 3, refill 17."
keys ']E09521234000013' Enter
wait_for "type how many packs"
keys 2 Enter
wait_for "Nalokson 0,4 mg/ml: 2, refill 1."
keys F8
wait_for "Undone: Nalokson 0,4 mg/ml counted 2"
keys F10
wait_for "2 not counted: end the round? F10 = yes"
tm kill-session -t first

# --- the same user at the same ward again: the round is offered to
# continue, with what was counted; Sinkpasta's empty shelf is counted 0 by
# its row; ending with Nalokson uncounted asks first.
start resume "$dir/long.conf"
wait_for "Scan your staff badge"
keys 2001 Enter
wait_for "Type your PIN"
keys 4711 Enter
wait_for "Signed in: Rita Runde"
keys 1 Enter
wait_for "Round: which ward?"
keys LOC:MED1 Enter
wait_for "Continue the round from"
keys Enter
wait_for "Round Medisinsk 1"
screen | grep -q "Paracetamol.* 3 " || { echo "ui-round: the resumed round lost its count"; screen; fail=1; }
# A line picked by its number: 7 is none of the three; 3 is Sinkpasta,
# highlighted, its min-max by the field, and its count typed next.
keys 7 Enter
wait_for "No line 7: the list has lines 1-3."
keys 3 Enter
wait_for "Sinkpasta 10 %: type how many packs"
same_screen line-picked <<'SCREEN'
Round Medisinsk 1  [Rita Runde]
  Article                Cnt Min-Max  Re
1 Nalokson 0,4 mg/ml       -    1-3
2 Paracetamol 500 mg       3   4-20  +17
3 Sinkpasta 10 %           -    2-6











Count (2-6):
Sinkpasta 10 %: type how many packs are
on the shelf (0: empty).
F2 skip F8 undo F10 end
SCREEN
keys 0 Enter
wait_for "Sinkpasta 10 %: 0, refill 6."
# Or with the arrows and Enter; Esc leaves the line uncounted.
keys Up Enter
wait_for "Paracetamol 500 mg: type how many packs"
keys Escape
wait_for "Count not typed: nothing recorded."
screen | grep -q "^Scan/No.:" || { echo "ui-round: Esc left the count field"; screen; fail=1; }
keys F10
wait_for "1 not counted: end the round? F10 = yes"
keys F10
wait_for "Refill order for Medisinsk 1"
wait_for "17  Paracetamol 500 mg"
wait_for "6  Sinkpasta 10 %"
wait_for "Nalokson 0,4 mg/ml"   # not counted: listed as skipped

report=$("$tally" --lang en --db "$db" --json report last)
for want in '"kind": "count"' '"qty": 3' '"qty": 0' '"void"' '"skip"' '"A-NALOX"'; do
	grep -qF -- "$want" <<<"$report" || { echo "ui-round: report lacks $want"; fail=1; }
done
# three counts, and the void that names the count of Nalokson ({"kind": "count"}):
# the two made before the screen was killed are in this last session, so the
# round went on in it (a new session would hold the 0 alone).
counts=$(grep -c '"kind": "count"' <<<"$report")
[ "$counts" -eq 4 ] || { echo "ui-round: $counts count kinds, expected 3 counts and a void"; fail=1; }

# Back to the menu, sign out, leave.
keys Enter
wait_for "Sign out"
keys 9 Enter
wait_for "Scan your staff badge"
keys F10
wait_for "TALLY-EXITED 0"

# --- idle sign-out after idle_logout_s = 2, back at sign-in.
start second "$dir/idle.conf"
wait_for "Scan your staff badge"
keys 2001 Enter
wait_for "Type your PIN"
keys 4711 Enter
wait_for "Signed in: Rita Runde"
wait_for "Signed out after 2 s" 8
wait_for "Scan your staff badge"

# --- a user whose roles do not include round: no Round in the menu.
keys 2002 Enter
wait_for "Type your PIN"
keys 4711 Enter
wait_for "Signed in: Lars Lager"
wait_for "Receive"
if screen | grep -q "Round"; then
	echo "ui-round: a user without the round role sees Round"
	screen
	fail=1
fi

# --- a receipt with a damaged pack: the deviation on screen and recorded.
# This time the badge comes from the configured scanner (a file of scans).
printf 'B:2002\n' >"$dir/badge.txt"
printf '[session]\nidle_logout_s = 300\n[scanner]\nspec = file:%s\n' "$dir/badge.txt" \
	>"$dir/scanner.conf"
start third "$dir/scanner.conf"
wait_for "Badge 2002"
wait_for "Type your PIN"
keys 4711 Enter
wait_for "Signed in: Lars Lager"
keys 2 Enter
wait_for "Parcel: scan SSCC"
keys ']C100095212340000000013' Enter
wait_for "received blind"
keys LOC:MED1 Enter
wait_for "Put away to Medisinsk 1."
keys F3
wait_for "scan the damaged pack first"
keys 2 Enter
wait_for "Quantity 2 for the next pack"
keys ']E09521234543213' Enter
wait_for "Paracetamol 500 mg +2"
keys F3
wait_for "recorded as damaged"
keys F10
wait_for "1 deviation recorded"
report=$("$tally" --lang en --db "$db" --json report last)
grep -qF '"damaged"' <<<"$report" || { echo "ui-round: no damaged deviation in the store"; fail=1; }

# --- Status: the records wait to sync (no hub here); one the hub rejected
# is listed with its reason.
"${TALLY_HELPERS:-$(dirname "$tally")/tests/helpers}/store-reject" "$db" 1 \
	"unknown location W-X" || { echo "ui-round: store-reject failed"; exit 1; }
keys Enter
wait_for "Sign out"
keys 8 Enter
wait_for "Waiting to sync:"
wait_for "Rejected by hub:  1"
wait_for "#1 session-start: unknown location W-X"
wait_for "Last sync: never"
exit $fail
