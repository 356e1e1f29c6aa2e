#!/usr/bin/env bash
# The antidote screen against the recommended stocking tiers: tally ui at
# 30 x 16 in Norwegian, driven through tmux, the whole screen compared.
# The handheld's hospital (Sykehuset Nord, a larger hospital) and per
# antidote what its tier recommends there against what the hospital's
# places hold by their last counts (tests/unit/test-antidotes.c has the
# same figures in line mode): naloxone 10 recommended, 4 + 3 held, 3
# short; acetylcysteine 4, 5 held, enough; digoxin antibody twice per
# region; Sør's 20 naloxone not Nord's.
set -u
tally=${TALLY_BIN:?}
command -v tmux >/dev/null || { echo "skipped: tmux is not installed (packaging/setup-deps.sh)"; exit 0; }
name="ui-antidotes"
. "${TALLY_SRCDIR:?}/tests/lib/tmux-ui.sh"
ui=antidotes

hash=$(printf '4711' | "$tally" login --hash-pin) || { echo "hash-pin failed"; exit 1; }
cat >"$dir/master.json" <<JSON
{
 "article": [
  {
   "id": "A-NALOX",
   "name": "Nalokson 0,4 mg/ml",
   "antidote": 1,
   "antidote_tier": "all",
   "antidote_qty": 10
  },
  {
   "id": "A-ACET",
   "name": "Acetylcystein 200 mg/ml",
   "antidote": 1,
   "antidote_tier": "larger",
   "antidote_qty": 4
  },
  {
   "id": "A-DIGI",
   "name": "Digoksin-antistoff",
   "antidote": 1,
   "antidote_tier": "region",
   "antidote_qty": 2
  },
  {
   "id": "A-FOME",
   "name": "Fomepizol",
   "antidote": 1
  }
 ],
 "code": [
  {
   "code": "09521234000068",
   "article_id": "A-NALOX"
  },
  {
   "code": "09521234000075",
   "article_id": "A-ACET"
  }
 ],
 "location": [
  {
   "id": "H-NORD",
   "name": "Sykehuset Nord",
   "kind": "hospital",
   "antidote_tier": "larger"
  },
  {
   "id": "H-SOR",
   "name": "Sykehuset Sør",
   "kind": "hospital"
  },
  {
   "id": "N-AKUTT",
   "code": "LOC:NAKUTT",
   "name": "Akutten Nord",
   "kind": "emergency-store",
   "parent_id": "H-NORD",
   "hospital_id": "H-NORD"
  },
  {
   "id": "N-APOTEK",
   "code": "LOC:NAPOTEK",
   "name": "Apoteket Nord",
   "kind": "pharmacy",
   "parent_id": "H-NORD",
   "hospital_id": "H-NORD"
  },
  {
   "id": "S-AKUTT",
   "code": "LOC:SAKUTT",
   "name": "Akutten Sør",
   "kind": "emergency-store",
   "parent_id": "H-SOR",
   "hospital_id": "H-SOR"
  }
 ],
 "basis": [
  {
   "location_id": "N-AKUTT",
   "article_id": "A-NALOX",
   "min": 2,
   "max": 6
  },
  {
   "location_id": "N-AKUTT",
   "article_id": "A-ACET",
   "min": 2,
   "max": 6
  },
  {
   "location_id": "N-APOTEK",
   "article_id": "A-NALOX",
   "min": 2,
   "max": 6
  },
  {
   "location_id": "N-APOTEK",
   "article_id": "A-DIGI",
   "min": 1,
   "max": 2
  },
  {
   "location_id": "S-AKUTT",
   "article_id": "A-NALOX",
   "min": 2,
   "max": 30
  }
 ],
 "user": [
  {
   "badge": "1001",
   "name": "Kari Nordmann",
   "pin_hash": "$hash",
   "roles": "count"
  }
 ]
}
JSON
"$tally" --create --db "$db" import "$dir/master.json" >/dev/null || { echo "ui-antidotes: import failed"; exit 1; }
printf '[device]\nhospital = H-NORD\n' >"$dir/tally.conf"
count() {
	printf "$2" | "$tally" --db "$db" --config "$dir/tally.conf" count "$1" --user 1001 \
		--scanner stdin >/dev/null || { echo "ui-antidotes: count at $1 failed"; exit 1; }
}
count LOC:NAKUTT ']d20109521234000068\t4\n]d20109521234000075\t5\n'
count LOC:NAPOTEK ']d20109521234000068\t3\n'
count LOC:SAKUTT ']d20109521234000068\t20\n'

tm new-session -d -s "$ui" -x 30 -y 16 \
	"'$tally' --db '$db' --config '$dir/tally.conf' ui; echo TALLY-EXITED \$?; sleep 60" ||
	{ echo "ui-antidotes: tmux could not start a terminal"; exit 1; }
wait_for "Skann ansattkortet ditt"
keys 1001 Enter
wait_for "Skriv PIN-koden"
keys 4711 Enter
wait_for "Logget inn: Kari Nordmann"
keys Enter
wait_for "Skriv et nummer"
keys 7 Enter
wait_for "Nalokson"
want=$(cat <<'SCREEN'
Antidoter  [Kari Nordmann]
Sykehuset Nord: større sykehus
Acetylcystein 200 mg/ml
  anb. 4, har 5: nok
  Akutten Nord: 5
Digoksin-antistoff
  2 én gang per region
  Apoteket Nord: ikke telt
Fomepizol
Nalokson 0,4 mg/ml
  anb. 10, har 7: mangler 3
  Akutten Nord: 4
Enter/Esc:


Piler blar  Enter ferdig
SCREEN
)
got=$(screen | sed -e 's/ *$//' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}')
if [ "$got" != "$want" ]; then
	echo "ui-antidotes: the antidote screen differs (- expected, + got):"
	diff -u <(printf '%s\n' "$want") <(printf '%s\n' "$got") | tail -n +3
	exit 1
fi
# The rest of the naloxone places, scrolled to: Sør's count is listed, not
# held by Nord (7 above).
keys Down Down Down
wait_for "  Akutten Sør: 20"
wait_for "  Apoteket Nord: 3"
echo "ui-antidotes: the hospital's tier and recommended against held, at 30 x 16"
