#!/usr/bin/env bash
# The demo is a test too: what `make demo` shows must stay true.
set -u
out=$("$TALLY_SRCDIR/tests/demo/run.sh" --build "$TALLY_BUILD" 2>&1)
status=$?
fail=0
expect() {
	if ! grep -qF -- "$1" <<<"$out"; then
		echo "demo: expected to see: $1"
		fail=1
	fi
}
[ $status -eq 0 ] || { echo "demo exited $status"; fail=1; }
expect "tally-hub is listening on http://127.0.0.1:"
expect "as device 1 (\"MED1 handheld 1\")"
expect "pulled 341 changes"
expect "(exit 75: the hub is unreachable; the records wait and nothing is lost)"
expect "records:        55 waiting to sync, 0 at the hub, 0 rejected"
expect "sent 55, rejected 0"
expect "records:        0 waiting to sync, 55 at the hub, 0 rejected"
expect "gs1      ]d2  GTIN 09520009990016  batch B7781  expiry 2028-06-30  serial SN000123"
expect "Round at Medisinsk sengepost 1 (MED1), 40 articles on the basis list"
expect "[short-dated: expires in 53 days]"
expect "unknown code: kept for the pharmacy to resolve"
expect "Refill order for Medisinsk sengepost 1:"
expect "Not counted (recorded as skipped):"
expect "PARCEL PO-2026-1187 Demo Grossist AS"
expect "[DEVIATION: expires in 128 days, shorter than required]"
expect "Receipt done: 1 deviation recorded"
expect "Nalokson 0,4 mg/ml injeksjon           40        1        39       3 2"
expect "Paracetamol 2 g infusjon, 10 x 2 g       60       46        14       0 1"
expect "required:              60 packs"
# The pharmacy's shortage notice reached the handheld: the round warns, and
# where-to-borrow shows who holds the alternative.
expect "SHORTAGE line 1: Supply failure for Paracetamol 500 mg tablett, 20 stk: Leveringssvikt hos produsent, ventet tilbake i januar. Alternatives: Paracetamol 1 g tablett, 100 stk (annen styrke)."
expect "Paracetamol 1 g tablett, 100 stk is on the basis list of 1 places:"
# The drill by time-criticality tier, on the handheld and at the hub.
expect "  within ambulances: 0 of 60; within emergency department: 6 of 60; within hospital pharmacy: 46 of 60"
expect "  scenario: large external event"
expect "  within emergency department             60        6         54     10.0"
expect "Paracetamol 500 mg tablett, 20 stk (A001): ongoing, from 2026-11-20 to 2027-01-31"
# The hub's reconciled reports, after the sync.
expect "Medisinsk sengepost 1 (MED1) — last round"
expect "33 articles not counted"
expect "Morfin 10 mg/ml injeksjon, 10 amp             2    5   18  top up at min      16"
expect "Natriumklorid 9 mg/ml infusjon 1000 ml        4    6   20  top up at min      16"
expect "by Ola Hansen (1002) on MED1 handheld 1: 1 parcel, 1 deviation"
expect "short expiry  expires 2027-03-31, in 128 days; 180 required"
expect "Drill Masseskadehendelse, 100 pasienter i 2 døgn (MASSESKADE), started"
expect "Nalokson 0,4 mg/ml injeksjon              40        1         39      2.5        3"
expect "Paracetamol 2 g infusjon, 10 x 2 g        60       46         14     76.7        0"
expect "demo/handheld.db ui"
[ $fail -eq 0 ] || printf '%s\n' "$out"
exit $fail
