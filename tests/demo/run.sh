#!/usr/bin/env bash
# The demo: a handheld on a ward with no network.  Master data for a
# sample region (one hospital, three wards of 40 articles, a logistics
# warehouse, an emergency plan) is loaded from a file, then — in line mode,
# with scans as a handheld's scan engine sends them — a restocking round on
# Medisinsk sengepost 1 and an emergency-stock drill counted at two storage
# places.  Run by `make demo`; `make check` runs it too and checks it.
#
#   tests/demo/run.sh [--build DIR] [--keep]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build="$top/build"
keep=0
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$(cd "$2" && pwd); shift 2 ;;
	--keep) keep=1; shift ;;
	*) echo "usage: $0 [--build DIR] [--keep]" >&2; exit 64 ;;
	esac
done
export TALLY_LOCALEDIR="$build/locale"
work=$(mktemp -d "${TMPDIR:-/tmp}/tally-demo-XXXXXX")
[ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT
db="$work/handheld.db"
tally() { "$build/tally" --lang "${DEMO_LANG:-en}" --db "$db" "$@"; }
GS=$'\x1d'
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "1. Set up a handheld from a file (no network): the sample region"
tally import "$top/tests/demo/region.json"
tally status

say "2. What a pack's GS1 DataMatrix means (image made with zint, read by libdmtx)"
if command -v zint >/dev/null; then
	zint --barcode=71 --gs1 --scale=3 --output="$work/pack.png" \
		--data='[01]09520009990016[17]280630[10]B7781[21]SN000123'
	tally decode --image "$work/pack.png"
fi
tally decode ']d20109520009990016\x1d1728063010B7781' || true

say "3. Restocking round on Medisinsk sengepost 1 (scans: pack<TAB>count on the shelf)"
# Three packs counted, one short-dated, one unknown code; the rest of the
# basis list is left uncounted and recorded as skipped.
{
	printf ']d2010952000001000317270115\t3\n'        # Paracetamol 500 mg: 3, short-dated
	printf ']E09520000010379\t25\n'                 # Paracetamol 1 g: 25 (EAN-13)
	printf ']d20109520000010744%s10LOT42\t0\n' "" # Ibuprofen: empty shelf
	printf ']E05701234567899\t2\n'                  # a code this handheld does not know
} > "$work/round.txt"
TALLY_TODAY=2026-11-23 tally round LOC:MED1 --user 1001 --scanner "file:$work/round.txt"

say "4. Goods receipt at the logistics warehouse: parcel 1 of PO-2026-1187"
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

say "5. Emergency-stock drill: Masseskadehendelse, counted at two storage places"
{
	printf 'LOC:AKUTT\n'
	printf ']d20109520009990016172806301%s0B7781\t6\n' ""  # 6 packs of 10 x 2 g
	printf ']d20109520000021849172806301%s0N11\t1\n' ""    # naloxone: 1, below min 2
	printf ']d20109520000021849172510311%s0N09\t3\n' ""    # 3 expired naloxone
	printf 'LOC:APOTEK\n'
	printf ']d20109520009990016172806301%s0B7781\t40\n' "" # 40 at the pharmacy
} > "$work/drill.txt"
TALLY_TODAY=2026-11-23 tally drill MASSESKADE --user 1001 --scanner "file:$work/drill.txt"

say "6. The calculator behind the plan: 10 x 2 g a pack, 6 g a day, 100 patients, 2 days"
tally calc --dose 6 --strength 2 --units 10 --patients 100 --days 2

say "7. Everything above is recorded on the handheld, waiting to sync"
tally status
echo
echo "Not in this demo yet: the central server (tally-hub) and syncing to it,"
echo "and the full-screen handheld UI (open issues)."
[ "$keep" = 1 ] && echo "The handheld's store is kept: $db"
exit 0
