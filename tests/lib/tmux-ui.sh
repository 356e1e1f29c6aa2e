# tmux-ui.sh — what a tmux-driven UI test needs, sourced by
# tests/integration/ui-*.sh after they set `name` (the test's name, for its
# messages and its tmux server).  It makes $dir (removed at exit, with the
# tmux server and its socket), $db inside it, and:
#   tm ARGS...         tmux on the test's own server
#   screen             the pane $ui as text
#   keys KEYS...       send-keys to the pane $ui
#   wait_for TEXT [S]  until TEXT is on screen (also across wrapped rows), at
#                      most S seconds (10); else the screen is shown, exit 1
#   same_screen WHAT   the whole screen equals stdin (trailing blanks and
#                      empty rows at the end left out; each sed expression
#                      in the array screen_mask applied first, for what
#                      differs from run to run); else the diff, exit 1
#   kill_at_exit       an array of process ids killed (SIGKILL) at exit,
#                      after the tmux server: a program the test expects
#                      to end with its terminal, left over when it did not
# shellcheck shell=bash disable=SC2034,SC2154  # set here for the sourcing script; name set by it
dir=$(mktemp -d)
db=$dir/tally.db
sock="tally-$name-$$"
ui=none
screen_mask=()
kill_at_exit=()
tm() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
	tm kill-server 2>/dev/null
	[ ${#kill_at_exit[@]} -eq 0 ] || kill -9 "${kill_at_exit[@]}" 2>/dev/null
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock" # the server's socket, left behind
	rm -rf "$dir"
}
trap cleanup EXIT
screen() { tm capture-pane -p -t "$ui" 2>&1; }
keys() { tm send-keys -t "$ui" "$@"; }

wait_for() {
	local deadline=$((SECONDS + ${2:-10})) out
	while [ $SECONDS -lt $deadline ]; do
		out=$(screen) || break
		grep -qF -- "$1" <<<"$out" && return 0
		grep -qF -- "$1" <<<"$(tr '\n' ' ' <<<"$out" | tr -s ' ')" && return 0
		sleep 0.1
	done
	echo "$name: expected on screen: $1"
	printf '%s\n' "$out"
	exit 1
}

same_screen() {
	local want got mask=(-e 's/ *$//')
	for m in "${screen_mask[@]}"; do mask+=(-e "$m"); done
	want=$(cat)
	got=$(screen | sed "${mask[@]}" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}')
	if [ "$got" != "$want" ]; then
		echo "$name: the $1 screen differs (- expected, + got):"
		diff -u <(printf '%s\n' "$want") <(printf '%s\n' "$got") | tail -n +3
		exit 1
	fi
}
