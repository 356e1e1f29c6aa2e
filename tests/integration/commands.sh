#!/usr/bin/env bash
# Every command describes itself, and the man pages and the bash completion
# say the same.  For each command `tally help` and `tally-hub help` list
# (tally-sync's enroll and sync included, through tally):
#   - `help NAME` and `NAME --help` print its usage and summary on stdout,
#     exit 0, in Norwegian by default and English with --lang en;
#   - a wrong option prints its usage on stderr and exits 64;
#   - every form of its usage is a command tag (.TP/.TQ) of tally(1) or
#     tally-hub(8), and a line of README.md's command list, word for word;
#   - the completion offers each of its options after `PROG NAME -`.
# And: the program's own synopsis is in its man page; the completions offer
# the commands the help lists, `--scanner file:` completes paths, and both
# completions are installed.
set -u
tally=${TALLY_BIN:?} hub=${TALLY_HUB_BIN:?} src=${TALLY_SRCDIR:?}
sync=$(dirname "$tally")/tally-sync
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# No command here may touch a store or database: point them where nothing is.
export TALLY_DB=$dir/no-store.db TALLY_HUB_DB=$dir/no-hub.db
fail=0
bad() {
	echo "commands: $*"
	fail=1
}

# names PROG...: the command names `PROG help` lists.
names() {
	"$@" --lang en help | sed -n '/^commands:$/,/^$/p' | awk 'NF > 1 { print $1 }'
}

# forms PROG NAME: the forms of NAME's usage from its help, one a line,
# without the program's name.
forms() {
	"$1" --lang en help "$2" | sed -n '/^usage:/,/^$/p' | sed -e '/^$/d' \
		-e 's/^usage://' -e 's/^ *//' -e "s|^$(basename "$1") ||"
}

# tags MANPAGE: the command tags of a man page (the line after .TP or .TQ)
# as they read, and its SYNOPSIS lines; font escapes and \- undone.
tags() {
	awk '
		/^\.SH/ { syn = ($2 == "SYNOPSIS"); next }
		/^\.(TP|TQ)/ { tag = 1; next }
		tag && !/^\./ { print; tag = 0; next }
		syn && !/^\./ { print }
		{ tag = 0 }' "$1" |
		sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\e/\\/g'
}

# complete_words LINE: what the completion offers with the cursor at the
# end of LINE, one a line.  bash splits COMP_WORDS at blanks and at the
# characters of COMP_WORDBREAKS, as readline would.
complete_words() {
	local line=$1 prog=${1%% *}
	(
		source "$src/packaging/bash-completion/$prog" || exit 1
		COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'
		COMP_LINE=$line COMP_POINT=${#line}
		COMP_WORDS=()
		local word="" c i fn
		for ((i = 0; i < ${#line}; i++)); do
			c=${line:i:1}
			if [[ "$c" == " " ]]; then
				[[ -n "$word" ]] && COMP_WORDS+=("$word")
				word=""
			elif [[ "$c" == [=:] ]]; then
				[[ -n "$word" ]] && COMP_WORDS+=("$word")
				COMP_WORDS+=("$c")
				word=""
			else
				word+=$c
			fi
		done
		COMP_WORDS+=("$word")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		fn=$(complete -p "$prog" | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
		[[ -n "$fn" ]] || { echo "no completion for $prog" >&2; exit 1; }
		"$fn" "$prog" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf '%s\n' "${COMPREPLY[@]}"
	)
}

# check PROG-PATH MANPAGE: the whole contract for one program.
check() {
	local bin=$1 man=$2 prog name out out2 nb form opt
	prog=$(basename "$bin")
	[[ -f "$src/packaging/bash-completion/$prog" ]] || bad "no bash completion for $prog"
	tags "$man" >"$dir/tags"
	local list
	list=$(names "$bin")
	[[ $(wc -l <<<"$list") -ge 5 ]] || bad "$prog help lists too few commands: $list"

	# The program's own synopsis, as --help prints it, is in the man page.
	"$bin" --lang en --help | sed -n '/^usage:/,/^$/p' | sed -e '/^$/d' -e 's/^usage://' \
		-e 's/^ *//' >"$dir/synopsis"
	while IFS= read -r form; do
		grep -qxF -- "$form" "$dir/tags" || bad "$man: no synopsis line '$form'"
	done <"$dir/synopsis"
	out=$(complete_words "$prog ")
	for name in $list; do
		grep -qx -- "$name" <<<"$out" || bad "completion of '$prog ' lacks $name"
	done

	for name in $list; do
		out=$("$bin" --lang en help "$name" 2>&1) || bad "$prog help $name exits $?"
		[[ "$out" == "usage: $prog $name"* ]] || bad "$prog help $name: $out"
		out2=$("$bin" --lang en "$name" --help 2>&1) || bad "$prog $name --help exits $?"
		[[ "$out" == "$out2" ]] || bad "$prog $name --help differs from help $name: $out2"
		nb=$("$bin" "$name" --help 2>/dev/null)
		[[ "$nb" == "bruk: $prog $name"* ]] || bad "$prog $name --help is not Norwegian: $nb"

		"$bin" --lang en "$name" --no-such-option >"$dir/out" 2>"$dir/err" </dev/null
		local rc=$?
		[[ $rc -eq 64 ]] || bad "$prog $name --no-such-option exits $rc"
		grep -q "^usage: $prog $name" "$dir/err" ||
			bad "$prog $name --no-such-option shows no usage: $(cat "$dir/err")"

		forms "$bin" "$name" >"$dir/forms"
		[[ -s "$dir/forms" ]] || bad "$prog help $name shows no usage"
		while IFS= read -r form; do
			grep -qxF -- "$form" "$dir/tags" ||
				bad "$man: no command tag '$form' (what '$prog help $name' says)"
			grep -qE -- "^      $(sed 's/[][\.*^$|+?(){}]/\\&/g' <<<"$form")( |\$)" \
				"$src/README.md" || bad "README.md: no line '$form' in its command list"
		done <"$dir/forms"
		out=$(complete_words "$prog $name -")
		for opt in $(grep -o -- '--[a-z][a-z-]*' "$dir/forms" | sort -u); do
			grep -qx -- "$opt" <<<"$out" ||
				bad "completion of '$prog $name -' lacks $opt (it offers: $(echo $out))"
		done
	done
}

check "$tally" "$src/docs/man/tally.1"
check "$hub" "$src/docs/man/tally-hub.8"

# tally lists tally-sync's commands with tally-sync's own summaries.
for name in enroll sync; do
	a=$("$tally" --lang en help | grep "^  $name ")
	b=$("$sync" --lang en help | grep "^  $name ")
	[[ -n "$a" && "$a" == "$b" ]] || bad "tally's summary of $name '$a' is not tally-sync's '$b'"
done

# A scanner spec completes its kinds, and paths after file:.
mkdir -p "$dir/dumps"
: >"$dir/dumps/ward-7.txt"
out=$(complete_words "tally --scanner ")
for kind in evdev: serial: camera: file: stdin; do
	grep -qx -- "$kind" <<<"$out" || bad "completion of '--scanner ' lacks $kind"
done
# bash replaces only what follows the last ':' of the word.
out=$(complete_words "tally --scanner file:$dir/dumps/wa")
grep -qx -- "$dir/dumps/ward-7.txt" <<<"$out" ||
	bad "completion of '--scanner file:$dir/dumps/wa' offers '$out'"
out=$(complete_words "tally round W-MED1 --user 1001 --scanner file:$dir/dumps/")
grep -qx -- "$dir/dumps/ward-7.txt" <<<"$out" ||
	bad "completion of 'round ... --scanner file:$dir/dumps/' offers '$out'"

# Both completions are installed, by `make install` and by the packages.
for prog in tally tally-hub; do
	grep -q "packaging/bash-completion/$prog " "$src/packaging/build.mk" ||
		bad "packaging/build.mk does not install the completion of $prog"
	grep -qx "usr/share/bash-completion/completions/$prog" \
		"$src/packaging/debian/$prog.install" ||
		bad "packaging/debian/$prog.install does not hold the completion of $prog"
done

[[ ! -e "$TALLY_DB" && ! -e "$TALLY_HUB_DB" ]] || bad "help or a usage error made a store"
[[ $fail -eq 0 ]] && echo "commands: every command's help, man page and completion agree"
exit $fail
