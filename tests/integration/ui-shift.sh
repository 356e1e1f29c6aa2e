#!/usr/bin/env bash
# A nurse's shift on the handheld as it is sold: tally ui at 30 x 16 in
# Norwegian (the default), driven through tmux, whole screens compared.
# The menu keeps a job's number and a stray Enter starts nothing; "Hvor kan
# jeg låne?" by part of a name, the wards with their last counts in local,
# relative time ("i dag HH:MM", "for 10 dager siden"), own hospital first; a
# round where a pack without a readable code is found by name (and nothing
# typed is kept as an unknown code); a drill report whose numbers all show
# at 30 columns; Status with the last sync in local time; a user whose
# language is English; a handheld whose tally.conf says English.  Each result
# comes with its banner (OK / ADVARSEL / FEIL) above the message.
set -u
tally=${TALLY_BIN:?} src=${TALLY_SRCDIR:?}
command -v tmux >/dev/null || { echo "skipped: tmux is not installed (packaging/setup-deps.sh)"; exit 0; }
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 is not installed (packaging/setup-deps.sh)"; exit 0; }
name="ui-shift"
. "$src/tests/lib/tmux-ui.sh"
ui=shift
screen_mask=('s/^Varighet [0-9]*:[0-9]*$/Varighet <tid>/')

hash=$(printf '4711' | "$tally" login --hash-pin) || { echo "hash-pin failed"; exit 1; }
cat >"$dir/users.json" <<JSON
{"user": [
  {"badge": "2001", "name": "Rita Runde", "pin_hash": "$hash", "roles": "round,drill"},
  {"badge": "2002", "name": "Emma Evans", "pin_hash": "$hash", "roles": "round", "lang": "en"}
]}
JSON
# Counts the hub last knew: Medisinsk 1 a minute ago, Kirurgisk 2 ten days
# ago (at noon UTC, so a day is a day in any zone).
now=$(date +%s)
just=$((now - 60))
ten=$(date -u -d "@$((now - 10 * 86400))" +%Y-%m-%dT12:00:00Z)
cat >"$dir/stock.json" <<JSON
{"stock": [
  {"location_id": "W-MED1", "article_id": "A-PARA", "qty": 9,
   "counted_at": "$(date -u -d "@$just" +%Y-%m-%dT%H:%M:%SZ)"},
  {"location_id": "W-KIR2", "article_id": "A-PARA", "qty": 7, "counted_at": "$ten"}
]}
JSON
for f in "$src/tests/fixtures/ward.json" "$src/tests/fixtures/drill.json" "$dir/users.json" \
	"$dir/stock.json"; do
	"$tally" --create --db "$db" import "$f" >/dev/null || { echo "ui-shift: import $f failed"; exit 1; }
done
# As a sync leaves it: the last sync a minute ago.
sqlite3 "$db" "INSERT INTO meta(key, value) VALUES('last_sync',
	'$(date -u -d "@$just" +%Y-%m-%dT%H:%M:%S.000Z)')" || exit 1
printf '[session]\nidle_logout_s = 300\n[device]\nhospital = H-A\n' >"$dir/tally.conf"
# What a minute ago reads as in Oslo: today, or yesterday just after midnight.
hm=$(TZ=Europe/Oslo date -d "@$just" +%H:%M)
if [ "$(TZ=Europe/Oslo date -d "@$just" +%F)" = "$(TZ=Europe/Oslo date -d "@$now" +%F)" ]; then
	just_nb="i dag $hm"
else
	just_nb="i går $hm"
fi

tm new-session -d -s "$ui" -x 30 -y 16 \
	"'$tally' --db '$db' --config '$dir/tally.conf' ui; echo TALLY-EXITED \$?; sleep 60" ||
	{ echo "ui-shift: tmux could not start a terminal"; exit 1; }

wait_for "Skann ansattkortet ditt"
keys 2001 Enter
wait_for "Skriv PIN-koden"
keys 4711 Enter
wait_for "Logget inn: Rita Runde"
# --- the menu: the jobs this user may do, each with its own number; a
# stray Enter starts none of them.
keys Enter
wait_for "Skriv et nummer"
same_screen menu <<'SCREEN'
Meny  [Rita Runde]
1 Runde
3 Øvelse
4 Telling
5 Forbruk
6 Hvor kan jeg låne?
7 Antidoter
8 Status
9 Logg ut



Skann/nr.:
Skriv et nummer, eller bruk
pilene først, så Enter.
Piler+Enter, nr.  Esc tilbake
SCREEN

# --- Hvor kan jeg låne? by part of the name.
keys 6 Enter
wait_for "Skriv en del av navnet"
keys parac Enter
wait_for "Kirurgisk 2"
same_screen where <<SCREEN
Hvor kan jeg låne?  [Rita Rund
Paracetamol 500 mg
Kirurgisk 2
  7 pakn., for 10 dager siden
Medisinsk 1
  9 pakn., $just_nb
Akuttmottak B
  ikke telt (min 5)




Enter/Esc:


Piler blar  Enter ferdig
SCREEN
keys Enter
wait_for "Skriv et nytt navn"
# The same by scanning a pack (the GS1-128 label of an outer pack of ten).
keys ']C10119521234543210' Enter
wait_for "Kirurgisk 2"
screen | grep -qx "Paracetamol 500 mg" || { echo "ui-shift: a scan found no article"; screen; exit 1; }
keys Enter
wait_for "Skriv et nytt navn"
keys Escape
wait_for "Meny"

# --- a round: Sinkpasta's pack has no readable code: found by name and
# counted; letters that hold two names list them, the ward's first.
keys 1 Enter
wait_for "hvilken post?"
keys LOC:MED1 Enter
wait_for "3 varer på basislisten"
keys sink Enter
wait_for "Sinkpasta 10 %: skriv hvor mange"
wait_for "Antall (2-6):"   # the line's min-max while its count is typed
keys 1 Enter
wait_for "Sinkpasta 10 %: 1, påfyll 5."
keys o Enter
wait_for 'Hvilken «o»?'
same_screen choose <<'SCREEN'
Hvilken «o»?  [Rita Runde]
1 Nalokson 0,4 mg/ml
2 Paracetamol 500 mg









Nr.:


Piler+Enter, nr.  Esc tilbake
SCREEN
keys 2 Enter
wait_for "Paracetamol 500 mg: skriv hvor mange"
keys 3 Enter
wait_for "Paracetamol 500 mg: 3, påfyll 17."
# A name no article has: said with the error banner, nothing recorded.
keys xyz Enter
wait_for "Ingen vare heter «xyz»"
same_screen no-such-name <<'SCREEN'
Runde Medisinsk 1  [Rita Runde
  Vare        Telt Min-Max Fyl
1 Nalokson 0,    -    1-3
2 Paracetamol    3   4-20  +17
3 Sinkpasta 1    1    2-6   +5





Skann/nr.:
             FEIL
Ingen vare heter «xyz»: skriv
færre bokstaver, eller skann
den.
F2 hopp F8 angre F10 slutt
SCREEN
keys F10
wait_for "1 ikke telt: avslutte runden? F10 = ja"
keys F10
wait_for "Påfyllingsordre"
keys Enter
wait_for "Meny"
report=$("$tally" --lang en --db "$db" --json report last)
grep -q '"unknown-code"' <<<"$report" && { echo "ui-shift: typed text was kept as an unknown code"; exit 1; }
grep -qF '"A-ZINK"' <<<"$report" || { echo "ui-shift: the count by name was not recorded"; exit 1; }

# --- a drill: 12 packs at the pharmacy; the report's numbers all on screen.
keys 3 Enter
wait_for "Øvelse: hvilken plan?"
keys 1 Enter
wait_for "Skann hyllemerket på"
keys LOC:APOTEK Enter
wait_for "Sykehusapoteket"
keys 12 Enter
keys ']E09521234543213' Enter
wait_for "Paracetamol 500 mg +12"
keys F10
wait_for "Øvelsesrapport"
# the drill's duration differs from run to run: <tid>
same_screen drill-report <<'SCREEN'
Øvelsesrapport  [Rita Runde]
Varighet <tid>
Nalokson 0,4 mg/ml
  krav 40, telt 0
  mangler 40, utløpt 0
  steder under min: 1
Paracetamol 500 mg
  krav 60, telt 12
  mangler 48, utløpt 0
  steder under min: 1

Enter/Esc:
              OK
Øvelse avsluttet.

Piler blar  Enter ferdig
SCREEN
keys Enter
wait_for "Meny"

# --- Status: what waits, the last sync in local time; F5 asks for a sync
# now, and no sync service runs here.
waiting=$("$tally" --lang en --db "$db" --json status | sed -n 's/.*"pending": *\([0-9]*\).*/\1/p')
keys 8 Enter
wait_for "Sist synk"
same_screen status <<SCREEN
Status  [Rita Runde]
Venter på synkronisering: $waiting
Avvist av huben:  0
Sist synk: $just_nb
Hub: ikke meldt inn







Enter/Esc:


F5 synk nå  Enter ferdig
SCREEN
keys F5
wait_for "Ingen synkronisering kjører her"
keys Enter
wait_for "Meny"
# Enrolled, and the last try found no hub: as tally-sync notes it.
sqlite3 "$db" "INSERT INTO meta(key, value) VALUES('hub_url', 'https://hub.example.org'),
	('last_try', '$(date -u -d "@$just" +%Y-%m-%dT%H:%M:%S.000Z)'),
	('last_try_error', 'kunne ikke koble til huben: Connection refused')" || exit 1
keys 8 Enter
wait_for "Huben svarte IKKE"
same_screen status-no-hub <<SCREEN
Status  [Rita Runde]
Venter på synkronisering: $waiting
Avvist av huben:  0
Sist synk: $just_nb
Hub: meldt inn
Huben svarte IKKE $just_nb:
kunne ikke koble til huben:
Connection refused




Enter/Esc:


F5 synk nå  Enter ferdig
SCREEN
keys Enter
wait_for "Meny"
keys 9 Enter
wait_for "Skann ansattkortet ditt"

# --- a user whose language is English (user.lang): the UI speaks it from
# sign-in on, and Norwegian again for the next one.
keys 2002 Enter
wait_for "Skriv PIN-koden"
keys 4711 Enter
wait_for "Signed in: Emma Evans"
same_screen menu-en <<'SCREEN'
Menu  [Emma Evans]
1 Round
4 Count
5 Consume
6 Where can I borrow?
7 Antidotes
8 Status
9 Sign out



Scan/No.:
              OK
Signed in: Emma Evans

Arrows+Enter, No.  Esc back
SCREEN
keys 9 Enter
wait_for "Skann ansattkortet ditt"
keys F10
wait_for "TALLY-EXITED 0"

# --- a handheld set to English in tally.conf ([ui] lang): its sign-in
# screen is English; Rita, with no language of her own, gets it too.
printf '[ui]\nlang = en\n[device]\nhospital = H-A\n' >"$dir/en.conf"
ui=english
tm new-session -d -s "$ui" -x 30 -y 16 \
	"'$tally' --db '$db' --config '$dir/en.conf' ui; echo TALLY-EXITED \$?; sleep 60" ||
	{ echo "ui-shift: tmux could not start a terminal"; exit 1; }
wait_for "Scan your staff badge"
keys 2001 Enter
wait_for "Type your PIN"
keys 4711 Enter
wait_for "Signed in: Rita Runde"
wait_for "6 Where can I borrow?"
keys 9 Enter
wait_for "Scan your staff badge"
keys F10
wait_for "TALLY-EXITED 0"
exit 0
