# shellcheck shell=bash
# The tally-hub package standing alone, as a region's IT installs it on a
# server: only tally-hub, never tally or tally-sync.  Sourced by
# check-packaging.sh, which gives check(), absent() and apt_wait; it runs
# check_hub_alone DEB when neither package is installed, and leaves none
# installed.  Checks: the package needs nothing from tally (apt installs it
# alone, no tally file on the machine), its help speaks Norwegian under
# LANG=nb_NO.UTF-8 from its own catalogue, its man page and guides are in
# place, `init` + `serve` answer /v1/health and the public page in
# Norwegian, `hash-pin` works, and a purge leaves nothing.

# GET PATH from the hub at 127.0.0.1:PORT with bash's own /dev/tcp (the
# server needs no HTTP client): the whole reply on stdout.
hub_alone_get() { # hub_alone_get PORT PATH
	local fd
	exec {fd}<>"/dev/tcp/127.0.0.1/$1" || return 1
	printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&"$fd"
	timeout 10 cat <&"$fd"
	exec {fd}>&-
}

# The reply to GET PATH is 200 and holds TEXT.
hub_alone_says() { # hub_alone_says PORT PATH TEXT
	local reply
	reply=$(hub_alone_get "$1" "$2") || return 1
	[[ "$reply" == "HTTP/1."?" 200"* && "$reply" == *"$3"* ]]
}

hub_alone_pin_hash() { # a yescrypt hash of a PIN from stdin
	[[ "$(echo 4711 | /usr/bin/tally-hub hash-pin)" == '$y$'* ]]
}

check_hub_alone() { # check_hub_alone DEB
	local deb=$1 work pid="" port="" doc=/usr/share/doc/tally-hub
	work=$(mktemp -d)
	check "hub alone: install only tally-hub" apt-get $apt_wait install -y -q \
		--no-install-recommends "$(realpath "$deb")"
	check "hub alone: tally is not installed" sh -c \
		'! dpkg-query -W -f="\${Status}" tally 2>/dev/null | grep -q installed'
	check "hub alone: no program of tally's here" sh -c \
		'! test -e /usr/bin/tally && ! test -e /usr/libexec/tally/tally-sync'
	check "hub alone: its own Norwegian catalogue" sh -c \
		'dpkg -L tally-hub | grep -qx /usr/share/locale/nb/LC_MESSAGES/tally-hub.mo &&
		 ! test -e /usr/share/locale/nb/LC_MESSAGES/tally.mo'
	check "hub alone: tally-hub --help in Norwegian (LANG=nb_NO.UTF-8)" sh -c \
		'env -u LANGUAGE -u TALLY_LANG LANG=nb_NO.UTF-8 /usr/bin/tally-hub --help |
		 grep -q "^bruk: tally-hub \[--db FIL\]"'
	check "hub alone: tally-hub report --help in Norwegian" sh -c \
		'env -u LANGUAGE -u TALLY_LANG LANG=nb_NO.UTF-8 /usr/bin/tally-hub report --help |
		 grep -q "rapporter fra de avstemte registreringene"'
	check "hub alone: man page tally-hub(8)" test -f /usr/share/man/man8/tally-hub.8.gz
	local d
	for d in hub.md hub-reports.md protocol.md install.md; do
		check "hub alone: $doc/$d" sh -c "test -f $doc/$d || test -f $doc/$d.gz"
	done
	check "hub alone: the guide's screenshots" test -f "$doc/img/hub-borrow.png"
	check "hub alone: tally-hub init" /usr/bin/tally-hub --db "$work/hub.db" init
	/usr/bin/tally-hub --db "$work/hub.db" serve --listen 127.0.0.1:0 \
		>"$work/serve.out" 2>"$work/serve.log" &
	pid=$!
	for _ in $(seq 100); do
		port=$(sed -n 's/^listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.out")
		[ -n "$port" ] && break
		sleep 0.1
	done
	check "hub alone: serve listens" test -n "$port"
	check "hub alone: /v1/health answers without a token" hub_alone_says "$port" /v1/health ""
	check "hub alone: the public page speaks Norwegian" \
		hub_alone_says "$port" /borrow "Hvor kan jeg låne"
	check "hub alone: no missing catalogue said in its log" sh -c \
		"! grep -q 'no Norwegian catalogue' '$work/serve.log'"
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	check "hub alone: hash-pin without the handheld's package" hub_alone_pin_hash
	check "hub alone: reports in Oslo time (tzdata)" sh -c \
		"/usr/bin/tally-hub --lang en --db '$work/hub.db' report stock >/dev/null &&
		 /usr/bin/tally-hub --timezone Europe/Oslo --db '$work/hub.db' report stock >/dev/null"
	rm -rf "$work"
	check "hub alone: purge" apt-get $apt_wait purge -y -q tally-hub
	local f
	for f in /usr/bin/tally-hub /usr/share/locale/nb/LC_MESSAGES/tally-hub.mo "$doc" \
		/usr/share/man/man8/tally-hub.8.gz /etc/default/tally-hub; do
		check "hub alone: gone: $f" absent "$f"
	done
}
