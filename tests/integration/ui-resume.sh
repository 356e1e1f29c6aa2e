#!/usr/bin/env bash
# An interrupted job continued on the handheld, as sold: tally ui at 30 x 16
# in Norwegian, driven through tmux, whole screens compared.  A drill, a
# goods receipt and a consumption are each started, a pack counted, and the
# screen killed (a flat battery); started again by the same user within
# [jobs] resume_hours, each asks whether to continue, saying from when and
# what was counted; continuing shows those counts and goes on in the same
# session; Esc decides nothing; declining closes the old session as
# abandoned and starts anew.
set -u
tally=${TALLY_BIN:?} src=${TALLY_SRCDIR:?}
command -v tmux >/dev/null || { echo "skipped: tmux is not installed (packaging/setup-deps.sh)"; exit 0; }
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 is not installed (packaging/setup-deps.sh)"; exit 0; }
name="ui-resume"
. "$src/tests/lib/tmux-ui.sh"
# The time a session started and a drill's running clock differ from run
# to run: <tid>.
screen_mask=('s/[0-9]*[0-9]:[0-9][0-9]/<tid>/g')

# sessions JOB: how many sessions of the job were started, how many
# records of packs they hold, and how many were ended.
sessions() {
	sqlite3 "$db" "SELECT
	  (SELECT count(*) FROM record WHERE kind = 'session-start' AND json_extract(data, '\$.job') = '$1'),
	  (SELECT count(*) FROM record WHERE kind IN ('count', 'receive', 'consume') AND session IN
	     (SELECT uuid FROM record WHERE kind = 'session-start' AND json_extract(data, '\$.job') = '$1')),
	  (SELECT count(*) FROM record WHERE kind = 'session-end' AND json_extract(data, '\$.job') = '$1')" |
		tr '|' ' '
}

# start NAME: tally ui in a new 30 x 16 terminal, Rita signed in.
start() {
	ui=$1
	tm new-session -d -s "$ui" -x 30 -y 16 \
		"'$tally' --db '$db' --config '$dir/tally.conf' ui; echo TALLY-EXITED \$?; sleep 60" ||
		{ echo "ui-resume: tmux could not start a terminal"; exit 1; }
	wait_for "Skann ansattkortet ditt"
	keys 2001 Enter
	wait_for "Skriv PIN-koden"
	keys 4711 Enter
	wait_for "Logget inn: Rita Runde"
}

hash=$(printf '4711' | "$tally" login --hash-pin) || { echo "hash-pin failed"; exit 1; }
cat >"$dir/users.json" <<JSON
{"user": [
  {"badge": "2001", "name": "Rita Runde", "pin_hash": "$hash",
   "roles": "round,receive,drill,consume"}
]}
JSON
for f in "$src/tests/fixtures/ward.json" "$src/tests/fixtures/drill.json" "$dir/users.json"; do
	"$tally" --create --db "$db" import "$f" >/dev/null || { echo "ui-resume: import $f failed"; exit 1; }
done
printf '[session]\nidle_logout_s = 300\n[jobs]\nresume_hours = 12\n' >"$dir/tally.conf"

# --- a drill: 12 packs at the pharmacy, then the battery goes.
start drill
keys 3 Enter
wait_for "Øvelse: hvilken plan?"
keys 1 Enter
wait_for "Skann hyllemerket på"
keys LOC:APOTEK Enter
wait_for "Sykehusapoteket"
keys 12 Enter
keys ']E09521234543213' Enter
wait_for "Paracetamol 500 mg +12"
tm kill-session -t drill

start drill-again
keys 3 Enter
wait_for "Øvelse: hvilken plan?"
keys 1 Enter
wait_for "Fortsette øvelsen"
same_screen drill-question <<'SCREEN'
Uavsluttet øvelse  [Rita Runde
1 Ja, fortsett
2 Nei, ny (den gamle lukkes)









Velg:
Fortsette øvelsen fra <tid>
(12 pakninger telt)?
Piler+Enter, nr.  Esc tilbake
SCREEN
# Continued: the 12 counted at the pharmacy, which stays the place.
keys Enter
wait_for "Øvelse Masseskade"
same_screen drill-continued <<'SCREEN'
Øvelse Masseskade  [Rita Runde
Sted: Sykehusapoteket beredska
Vare            Krav Telt  Mgl
Nalokson 0,4 mg   40    0   40
Paracetamol 500   60   12   48





Skann:
Teller på Sykehusapoteket
beredskapslager: skann
pakningene, eller merket på
neste lagerplass.
F8 angre  F10 slutt
SCREEN
keys 3 Enter
keys ']E09521234543213' Enter
wait_for "Paracetamol 500 mg +3"
keys F10
wait_for "Øvelsesrapport"
wait_for "krav 60, telt 15"
keys Enter
wait_for "Meny"
# One drill session, its two counts in it, ended once.
[ "$(sessions drill)" = "1 2 1" ] ||
	{ echo "ui-resume: the drill's sessions, counts, ends: $(sessions drill)"; exit 1; }

# --- a goods receipt: the parcel, its bin, one pack; the battery goes.
keys 2 Enter
wait_for "Kolli: skann SSCC"
keys ']C100095212340000000020' Enter
wait_for "PO-77"
keys LOC:MED1 Enter
wait_for "Medisinsk 1"
keys 4 Enter
keys ']E09521234543213' Enter
wait_for "Paracetamol 500 mg +4"
tm kill-session -t drill-again

start receipt-again
keys 2 Enter
wait_for "Fortsette varemottaket"
same_screen receipt-question <<'SCREEN'
Uavsluttet varemottak  [Rita R
1 Ja, fortsett
2 Nei, ny (den gamle lukkes)







Velg:
Fortsette varemottaket fra
<tid> (kolli
095212340000000020: 4
pakninger mottatt)?
Piler+Enter, nr.  Esc tilbake
SCREEN
keys 1 Enter
wait_for "er åpent"
same_screen receipt-continued <<'SCREEN'
Mottak  [Rita Runde]
Kolli: 095212340000000020
Hylle: Medisinsk 1
Paracetamol 500 mg      4/40







Skann:
Kolli 095212340000000020 er
åpent: skann pakningene,
eller neste SSCC.
F3 skadet F8 angre F10 slutt
SCREEN
keys ']E09521234543213' Enter
wait_for "Paracetamol 500 mg +1"
keys F10
wait_for "Mottak ferdig"
keys Enter
wait_for "Meny"
[ "$(sessions receive)" = "1 2 1" ] ||
	{ echo "ui-resume: the receipt's sessions, packs, ends: $(sessions receive)"; exit 1; }

# --- Forbruk: a pack used for a patient; the battery goes; started again,
# the nurse declines: the old consumption is closed as abandoned, the new
# one starts from nothing.
keys 5 Enter
wait_for "hvilken post?"
keys LOC:MED1 Enter
wait_for "Skann hver pakning"
keys ']E09521234543213' Enter
wait_for "Paracetamol 500 mg: 1 brukt"
tm kill-session -t receipt-again

start consume-again
keys 5 Enter
wait_for "hvilken post?"
keys LOC:MED1 Enter
wait_for "Fortsette forbruket fra"
same_screen consume-question <<'SCREEN'
Uavsluttet forbruk  [Rita Rund
1 Ja, fortsett
2 Nei, ny (den gamle lukkes)








Velg:
Fortsette forbruket fra <tid>
(1 brukt, 0 kassert, 0 lånt
ut)?
Piler+Enter, nr.  Esc tilbake
SCREEN
# Esc decides nothing: the old one stays open, and is asked about again.
keys Escape
wait_for "hvilken post?"
[ "$(sessions consume)" = "1 1 0" ] ||
	{ echo "ui-resume: Esc on the question changed the sessions: $(sessions consume)"; exit 1; }
keys LOC:MED1 Enter
wait_for "Fortsette forbruket fra"
keys 2 Enter
wait_for "Skann hver pakning"
same_screen consume-new <<'SCREEN'
Forbruk Medisinsk 1  [Rita Run
Årsak: pasient

Brukt:   0
Kassert: 0
Lånt ut: 0






Skann:
Skann hver pakning du tar.

F2 kasser F3 lån F8 angre F10
SCREEN
# Two consumptions started, the old one's pack in it, the old one ended as
# abandoned.
[ "$(sessions consume)" = "2 1 1" ] ||
	{ echo "ui-resume: the consumptions' sessions, packs, ends: $(sessions consume)"; exit 1; }
abandoned=$(sqlite3 "$db" "SELECT count(*) FROM record WHERE kind = 'session-end'
	AND json_extract(data, '\$.job') = 'consume' AND json_extract(data, '\$.abandoned')")
[ "$abandoned" = 1 ] || { echo "ui-resume: the old consumption was not closed as abandoned"; exit 1; }
keys ']E09521234543213' Enter
wait_for "Brukt:   1"
keys F10
wait_for "Ferdig: 1 brukt"
keys 9 Enter
wait_for "Skann ansattkortet ditt"
keys F10
wait_for "TALLY-EXITED 0"
exit 0
