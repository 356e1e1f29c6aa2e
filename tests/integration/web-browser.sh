#!/usr/bin/env bash
# The hub's web front in a real browser (tests/browser/web.py: chromium,
# headless, through chromedriver and selenium) against a real tally-hub on
# loopback with a small region, three accounts, and a handheld that sent
# a count and two scans of a code the hub does not know.  Screenshots and
# the pick list as PDF are kept in $TALLY_BUILD/browser/.
set -u
hub=${TALLY_HUB_BIN:?} src=${TALLY_SRCDIR:?} build=${TALLY_BUILD:?}
py=/usr/bin/python3
for need in /usr/bin/chromium /usr/bin/chromedriver; do
	[ -x "$need" ] || { echo "skipped: $need is not installed (packaging/setup-deps.sh)"; exit 0; }
done
"$py" -c "import selenium" 2>/dev/null ||
	{ echo "skipped: python3-selenium is not installed (packaging/setup-deps.sh)"; exit 0; }

dir=$(mktemp -d)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
db=$dir/hub.db
out=$build/browser
rm -rf "$out" && mkdir -p "$out"

"$hub" --db "$db" init >/dev/null || exit 1
"$hub" --db "$db" import "$src/tests/browser/fixture.json" >/dev/null || exit 1
for u in "anne pharmacy" "lise pharmacy" "boss admin"; do
	set -- $u
	name="Anne Hansen"; [ "$1" = anne ] || name="$1"
	echo "riktig hest batteri" | "$hub" --db "$db" user add "$1" --name "$name" --roles "$2" >/dev/null ||
		{ echo "web-browser: user add $1 failed"; exit 1; }
done

# The hub, on a port of its own; its first line says which.
"$hub" --db "$db" serve --listen 127.0.0.1:0 >"$dir/out" 2>"$dir/log" &
pid=$!
for _ in $(seq 100); do
	grep -q "listening on" "$dir/out" && break
	sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$dir/out")
[ -n "$url" ] || { echo "web-browser: the hub did not start"; cat "$dir/log"; exit 1; }

# A handheld enrols and counts 3 of A1 on MED1 (min 5, max 20: bring 17);
# it scans a pack it does not know, once as EAN-13, once as DataMatrix.
code=$("$hub" --db "$db" enroll-code "MED1 handheld" --url "$url" | grep -oE '[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}' | head -1)
token=$(curl -sf -H 'Content-Type: application/json' \
	-d "{\"code\":\"$code\",\"name\":\"MED1 handheld\",\"db_id\":\"b1\"}" "$url/v1/enroll" |
	"$py" -c 'import json,sys; print(json.load(sys.stdin)["token"])') ||
	{ echo "web-browser: enrolment failed"; exit 1; }
curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"db_id":"b1","events":[
 {"seq":1,"uuid":"21111111-1111-4111-8111-111111111111","kind":"count",
  "device_time":"2026-11-23T08:15:00.000Z","location_id":"MED1","article_id":"A1","qty":3,"data":{}},
 {"seq":2,"uuid":"21111111-1111-4111-8111-111111111112","kind":"unknown-code",
  "device_time":"2026-11-23T08:16:00.000Z","location_id":"MED1","code":"]E09520000099992","qty":0,"data":{}},
 {"seq":3,"uuid":"21111111-1111-4111-8111-111111111113","kind":"unknown-code",
  "device_time":"2026-11-23T08:17:00.000Z","location_id":"MED1","code":"]d201095200000999921727063010B7","qty":0,"data":{}}]}' \
	"$url/v1/events" | grep -q accepted || { echo "web-browser: the count was not accepted"; exit 1; }

# chromium keeps its profile under HOME and XDG_CONFIG_HOME: in the test's
# own directory, never in the machine's or the user's.
HOME=$dir XDG_CONFIG_HOME=$dir/config XDG_CACHE_HOME=$dir/cache \
	"$py" "$src/tests/browser/web.py" --url "$url" --out "$out" --token "$token"
rc=$?
[ $rc -eq 0 ] || { echo "web-browser: the hub's log:"; tail -40 "$dir/log"; }
exit $rc
