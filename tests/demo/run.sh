#!/usr/bin/env bash
# The demo: the whole story on one machine.  A central server (tally-hub)
# starts on loopback with a sample region (one hospital, three wards of 40
# articles, a logistics warehouse, an emergency plan), a handheld enrols and
# pulls its master data; then — with the hub stopped, as on a ward without
# network — the handheld works in line mode with scans as its scan engine
# sends them: a restocking round (one article under a shortage notice the
# pharmacy registered), a goods receipt with one deviation, and an
# emergency-stock drill counted at two storage places of a plan placed by
# time-criticality tier.  The hub comes back,
# the handheld syncs, and the hub prints its reconciled reports.
# Run by `make demo`; `make check` runs it too and checks it.
#
#   tests/demo/run.sh [--build DIR]
#
# The handheld's store and the hub's database are kept in DIR/demo, so the
# UI command printed at the end opens the same store.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build="$top/build"
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$(cd "$2" && pwd); shift 2 ;;
	*) echo "usage: $0 [--build DIR]" >&2; exit 64 ;;
	esac
done
export TALLY_LOCALEDIR="$build/locale"
work="$build/demo"
rm -rf "$work"
mkdir -p "$work"
db="$work/handheld.db"
hubdb="$work/hub.db"
lang="${DEMO_LANG:-en}"
tally() { "$build/tally" --lang "$lang" --db "$db" "$@"; }
hub() { TALLY_LANG="$lang" "$build/tally-hub" --db "$hubdb" "$@"; }
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

hub_pid=""
stop_hub() {
	if [ -n "$hub_pid" ]; then
		kill "$hub_pid" 2>/dev/null || true
		wait "$hub_pid" 2>/dev/null || true
		hub_pid=""
	fi
}
trap stop_hub EXIT
# Start the hub on ADDR:PORT (port 0: any free one) and wait for its
# "listening on URL" line.
start_hub() {
	: >"$work/hub.out"
	TALLY_LANG="$lang" "$build/tally-hub" --db "$hubdb" serve --listen "$1" \
		>"$work/hub.out" 2>>"$work/hub.log" &
	hub_pid=$!
	for _ in $(seq 100); do
		url=$(sed -n 's/^listening on //p' "$work/hub.out")
		[ -n "$url" ] && return 0
		sleep 0.05
	done
	echo "demo: the hub did not start; see $work/hub.log" >&2
	exit 69
}

say "1. The central server: tally-hub with the sample region, on loopback"
hub init
hub import "$top/tests/demo/region.json"
# The pharmacy has word of a supply failure: Paracetamol 500 mg tablets are
# out until January; the clinicians chose the 1 g tablets instead.
hub shortage add A001 --status ongoing --from 2026-11-20 --to 2027-01-31 \
	--message "Leveringssvikt hos produsent, ventet tilbake i januar" \
	--alternative "A002=annen styrke"
start_hub 127.0.0.1:0
echo "tally-hub is listening on $url"

say "2. Enrol a handheld with a one-time code, and pull its master data"
hub enroll-code "MED1 handheld 1" --url "$url" | tee "$work/code.txt" | grep -v '[▀▄█#]' || true
code=$(grep -Eo '[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}' "$work/code.txt" | head -n1)
tally --create enroll "$url" "$code" --name "MED1 handheld 1"
tally sync --once

say "3. The network goes: the hub stops.  The handheld works on."
stop_hub
echo "tally-hub stopped."

say "4. What a pack's GS1 DataMatrix means (image made with zint, read by libdmtx)"
if command -v zint >/dev/null; then
	zint --barcode=71 --gs1 --scale=3 --output="$work/pack.png" \
		--data='[01]09520009990016[17]280630[10]B7781[21]SN000123'
	tally decode --image "$work/pack.png"
fi

say "5. Restocking round on Medisinsk sengepost 1 (scans: pack<TAB>count on the shelf)"
# Seven articles counted, one short-dated, one unknown code; the rest of the
# basis list is left uncounted and recorded as skipped.
{
	printf ']d2010952000001000317270115\t3\n'        # Paracetamol 500 mg: 3, short-dated
	printf ']E09520000010379\t25\n'                 # Paracetamol 1 g: 25 (EAN-13)
	printf ']d20109520000010744%s10LOT42\t0\n' "" # Ibuprofen: empty shelf
	printf ']E09520000011116\t2\n'                  # Morfin: 2, below min 5
	printf ']E09520000012595\t3\n'                  # Furosemid tablets: 3, at min
	printf ']E09520000013332\t12\n'                 # Enoksaparin: 12, enough
	printf ']d20109520000013707\t4\n'               # Natriumklorid 1000 ml: 4
	printf ']E05701234567899\t2\n'                  # a code this handheld does not know
} > "$work/round.txt"
TALLY_TODAY=2026-11-23 tally round LOC:MED1 --user 1001 --scanner "file:$work/round.txt"
# Paracetamol 500 mg is under a shortage notice: where are the alternatives?
tally where A001

say "6. Goods receipt at the logistics warehouse: parcel 1 of PO-2026-1187"
# The SSCC label, a bin to put away to, then the three lines expected; one
# batch expires sooner than the article's required shelf life.
{
	printf ']C1000952123000000500050209520000010003374\x1d10B0100\n'
	printf 'LOC:LAGER-A01\n'
	printf ']d20109520000010003172703311%s0B0100\t20\n' ""   # short expiry: a deviation
	printf ']d20109520000010379172806301%s0B0101\t30\n' ""
	printf ']d20109520000010744172806301%s0B0102\t40\n' ""
} > "$work/receipt.txt"
TALLY_TODAY=2026-11-23 tally receive --user 1002 --scanner "file:$work/receipt.txt"

say "7. Emergency-stock drill: Masseskadehendelse, counted at two storage places (the plan places them by tier: ambulance, emergency department, pharmacy)"
{
	printf 'LOC:AKUTT\n'
	printf ']d20109520009990016172806301%s0B7781\t6\n' ""  # 6 packs of 10 x 2 g
	printf ']d20109520000021849172806301%s0N11\t1\n' ""    # naloxone: 1, below min 2
	printf ']d20109520000021849172510311%s0N09\t3\n' ""    # 3 expired naloxone
	printf 'LOC:APOTEK\n'
	printf ']d20109520009990016172806301%s0B7781\t40\n' "" # 40 at the pharmacy
} > "$work/drill.txt"
TALLY_TODAY=2026-11-23 tally drill MASSESKADE --user 1001 --scanner "file:$work/drill.txt"

say "8. The calculator behind the plan: 10 x 2 g a pack, 6 g a day, 100 patients, 2 days"
tally calc --dose 6 --strength 2 --units 10 --patients 100 --days 2

say "9. Still offline: everything above is on the handheld, waiting"
tally status
tally sync --once || echo "(exit $?: the hub is unreachable; the records wait and nothing is lost)"

say "10. The network is back: the hub starts again and the handheld syncs"
start_hub "${url#http://}"
tally sync --once
tally status

say "11. At the hub: the refill pick list for Medisinsk sengepost 1"
hub report refill --location MED1

say "12. At the hub: the goods receipt and its deviations"
hub report receipt

say "13. At the hub: the drill's cover, shortfalls and duration"
hub report drill --plan MASSESKADE

say "14. At the hub: the shortage notices the handhelds got"
hub shortage list

stop_hub
echo
rel() { case "$1" in "$PWD"/*) printf '%s' "${1#"$PWD"/}" ;; *) printf '%s' "$1" ;; esac; }
echo "Open the same store in the full-screen handheld UI (badge 1003, PIN 1234):"
echo "  $(rel "$build/tally") --db $(rel "$db") ui"
exit 0
