#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for one test run: made in a directory of its
# own, reachable only through a Unix socket in that directory, removed whole
# at the end.  Nothing of the machine's own PostgreSQL (its clusters, its
# port, its configuration) is used or touched.
#
#   tests/pg-cluster.sh start DIR   initdb + start; prints the connection string
#   tests/pg-cluster.sh stop DIR    stop the server (if running) and remove DIR
#   tests/pg-cluster.sh down DIR    stop the server at once, keeping its data
#   tests/pg-cluster.sh up DIR      start it again after down
#   tests/pg-cluster.sh bindir      print PostgreSQL's bin directory, or fail
#   tests/pg-cluster.sh standby DIR PRIMARY_DIR [--sync]
#                                   a streaming-replication standby of the
#                                   running cluster PRIMARY_DIR, made in DIR
#                                   and started; prints its connection string
#   tests/pg-cluster.sh promote DIR the standby in DIR made a primary; returns
#                                   once it takes writes
#
# DIR must not exist yet (start makes it) and its path must be short: the
# socket's path, DIR/.s.PGSQL.5432, has to fit in a sockaddr_un (107 bytes).
#
# start prints one line, the connection string of the cluster's maintenance
# database as the role the tests use:
#
#   postgresql:///postgres?host=DIR&port=5432&user=tally
#
# The role `tally` may log in and create databases (each test makes its
# own: tests/lib/pg-db.h) and is nothing more; authentication is `trust`,
# which is safe only because the socket's directory is private (0700) to
# the account the server runs as (and root).
#
# PostgreSQL refuses to run as root.  As root (CI) the cluster is made and
# run as the `postgres` account Debian's package creates, or `nobody` where
# there is none, in a DIR that account owns; as anyone else it runs as that
# user.  The server is started with fsync=off, synchronous_commit=off and
# full_page_writes=off: a crash of a throwaway cluster loses nothing anyone
# wants, and the tests run faster.  Durability is the hub's driver's
# business and is not tested through this switch.  PG_CLUSTER_DURABLE=1
# (the benchmarks: tests/bench/run.sh) starts it with PostgreSQL's own
# defaults instead, fsync on, so that its figures stand against SQLite's,
# which syncs every commit.
#
# standby copies the primary with pg_basebackup -R (initdb's pg_hba.conf
# already lets the server's own account make replication connections
# through the socket; wal_level=replica and max_wal_senders are
# PostgreSQL's defaults) and waits until it streams.  With --sync the
# primary then names it in synchronous_standby_names ('*'), so a commit
# that asks for synchronous_commit=on (the hub's sessions do) returns only
# once the standby has the WAL too; the standby's own copy of the settings
# is taken before that, so once promoted it waits for no standby of its
# own.  The standby listens on the socket in DIR, like any cluster here,
# and `stop DIR` removes it.
#
# Exit status: 0 done; 69 (EX_UNAVAILABLE) PostgreSQL's programs are not
# installed (the message says so: callers turn it into "skipped: ..."); 1
# anything else (the message and the server's log say what).
set -u

port=5432
role=tally

bindir() {
	local d
	if command -v pg_config >/dev/null 2>&1; then
		d=$(pg_config --bindir 2>/dev/null)
		# Debian's pg_config (libpq-dev) may name the client's bin
		# directory, without initdb: then look beside the servers.
		[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
	fi
	# Debian: /usr/lib/postgresql/VERSION/bin, the newest first.
	for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
		[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
	done
	# Elsewhere: on PATH.
	d=$(command -v initdb 2>/dev/null) || return 1
	d=$(dirname "$d")
	[ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
	return 1
}

# The account the server runs as: this user, or when root an unprivileged one.
runas_user() {
	if [ "$(id -u)" != 0 ]; then
		id -un
	elif id -u postgres >/dev/null 2>&1; then
		echo postgres
	else
		echo nobody
	fi
}

# as USER CMD...: run CMD as USER (as ourselves when USER is us).
as() {
	local u=$1
	shift
	if [ "$(id -u)" != 0 ]; then
		"$@"
	else
		# setpriv reads neither PAM nor the account's shell (nobody's is
		# nologin); HOME=/ keeps the programs out of root's home.
		setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups \
			env HOME=/ "$@"
	fi
}

start() {
	local dir=$1 bin user
	bin=$(bindir) || {
		echo "pg-cluster: PostgreSQL is not installed (no initdb/pg_ctl found; packaging/setup-deps.sh installs it)" >&2
		exit 69
	}
	[ -e "$dir" ] && { echo "pg-cluster: $dir exists already" >&2; exit 1; }
	if [ "${#dir}" -gt 90 ]; then
		echo "pg-cluster: $dir is too long a path for the server's socket" >&2
		exit 1
	fi
	user=$(runas_user)
	mkdir -m 0700 "$dir" || exit 1
	if [ "$(id -u)" = 0 ]; then
		chown "$user:$(id -g "$user")" "$dir" || exit 1
		# The account must be able to reach DIR through its parents.
		as "$user" test -w "$dir" || {
			echo "pg-cluster: $user cannot reach $dir (a parent directory is closed to it): choose a DIR under /tmp" >&2
			rm -rf "$dir"
			exit 1
		}
	fi
	if ! as "$user" "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust \
		--encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 &&
		! as "$user" "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust \
			--encoding=UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
		echo "pg-cluster: initdb failed:" >&2
		cat "$dir/initdb.log" >&2
		exit 1
	fi
	# No TCP at all (listen_addresses empty): the socket in DIR only.
	echo "$port" >"$dir/port"
	if ! serve "$dir" "$user" "$bin"; then
		echo "pg-cluster: the server did not start:" >&2
		cat "$dir/server.log" >&2
		exit 1
	fi
	if ! as "$user" "$bin/psql" -X -q -v ON_ERROR_STOP=1 \
		"postgresql:///postgres?host=$dir&port=$port&user=$user" \
		-c "CREATE ROLE $role LOGIN CREATEDB" >/dev/null 2>"$dir/psql.log"; then
		echo "pg-cluster: creating the role $role failed:" >&2
		cat "$dir/psql.log" >&2
		exit 1
	fi
	echo "postgresql:///postgres?host=$dir&port=$port&user=$role"
}

# serve DIR USER BIN: start the cluster's server (pg_ctl start).
serve() {
	local dir=$1 user=$2 bin=$3 fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	[ "${PG_CLUSTER_DURABLE:-}" = 1 ] && fast=""
	as "$user" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses= -k $dir -p $(cat "$dir/port") $fast" \
		start >/dev/null 2>&1
}

# down DIR / up DIR: the server stopped at once (as in a crash: every
# connection cut, nothing checkpointed) and started again, its data kept;
# for the tests of a hub whose database goes away.
down() {
	local dir=$1 bin
	bin=$(bindir) || exit 69
	as "$(stat -c %U "$dir/data")" "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop \
		>/dev/null 2>&1
}

up() {
	local dir=$1 bin
	bin=$(bindir) || exit 69
	serve "$dir" "$(stat -c %U "$dir/data")" "$bin"
}

stop() {
	local dir=$1 bin user pid
	[ -d "$dir" ] || return 0
	if [ -f "$dir/data/postmaster.pid" ]; then
		user=$(stat -c %U "$dir/data")
		if bin=$(bindir); then
			# immediate: nothing in it is kept, so nothing needs a checkpoint.
			as "$user" "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop \
				>/dev/null 2>&1
		fi
		# Whatever pg_ctl could not stop, its postmaster's pid says.
		pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null)
		if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
			kill -QUIT "$pid" 2>/dev/null
			sleep 1
			kill -KILL "$pid" 2>/dev/null
		fi
	fi
	rm -rf "$dir"
}

# sql DIR SQL: run SQL on the cluster in DIR as its superuser; rows on stdout.
sql() {
	local dir=$1 bin=$2 q=$3
	as "$(stat -c %U "$dir/data")" "$bin/psql" -X -q -A -t -v ON_ERROR_STOP=1 \
		"postgresql:///postgres?host=$dir&port=$(cat "$dir/port")&user=$(stat -c %U "$dir/data")" \
		-c "$q"
}

# wait_for DIR BIN SQL WANT: poll SQL on DIR's cluster (0.1 s apart, 60 s at
# most) until it prints WANT.
wait_for() {
	local dir=$1 bin=$2 q=$3 want=$4 i
	for ((i = 0; i < 600; i++)); do
		[ "$(sql "$dir" "$bin" "$q" 2>/dev/null)" = "$want" ] && return 0
		sleep 0.1
	done
	return 1
}

standby() {
	local dir=$1 primary=$2 sync=$3 bin user
	bin=$(bindir) || {
		echo "pg-cluster: PostgreSQL is not installed (no initdb/pg_ctl found; packaging/setup-deps.sh installs it)" >&2
		exit 69
	}
	[ -f "$primary/data/postmaster.pid" ] || { echo "pg-cluster: no cluster runs in $primary" >&2; exit 1; }
	[ -e "$dir" ] && { echo "pg-cluster: $dir exists already" >&2; exit 1; }
	if [ "${#dir}" -gt 90 ]; then
		echo "pg-cluster: $dir is too long a path for the server's socket" >&2
		exit 1
	fi
	user=$(stat -c %U "$primary/data")
	mkdir -m 0700 "$dir" || exit 1
	[ "$(id -u)" = 0 ] && { chown "$user:$(id -g "$user")" "$dir" || exit 1; }
	# -R: standby.signal and primary_conninfo (the primary's socket) written
	# into the copy; -X stream: the WAL made meanwhile comes with it.
	if ! as "$user" "$bin/pg_basebackup" -D "$dir/data" -R -X stream -c fast --no-sync \
		-d "host=$primary port=$(cat "$primary/port") user=$user" >"$dir/basebackup.log" 2>&1; then
		echo "pg-cluster: pg_basebackup from $primary failed:" >&2
		cat "$dir/basebackup.log" >&2
		exit 1
	fi
	echo "$port" >"$dir/port"
	if ! serve "$dir" "$user" "$bin"; then
		echo "pg-cluster: the standby did not start:" >&2
		cat "$dir/server.log" >&2
		exit 1
	fi
	if ! wait_for "$primary" "$bin" \
		"SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'" 1; then
		echo "pg-cluster: the standby in $dir does not stream from $primary:" >&2
		cat "$dir/server.log" >&2
		exit 1
	fi
	if [ "$sync" = --sync ]; then
		if ! sql "$primary" "$bin" "ALTER SYSTEM SET synchronous_standby_names = '*'" >/dev/null ||
			! sql "$primary" "$bin" "SELECT pg_reload_conf()" >/dev/null ||
			! wait_for "$primary" "$bin" \
				"SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'" 1; then
			echo "pg-cluster: the standby in $dir did not become synchronous" >&2
			exit 1
		fi
	fi
	echo "postgresql:///postgres?host=$dir&port=$port&user=$role"
}

promote() {
	local dir=$1 bin
	bin=$(bindir) || exit 69
	# -w: pg_ctl returns once the server has left recovery.
	if ! as "$(stat -c %U "$dir/data")" "$bin/pg_ctl" -D "$dir/data" -w -t 60 promote \
		>/dev/null 2>&1 || ! wait_for "$dir" "$bin" "SELECT pg_is_in_recovery()" f; then
		echo "pg-cluster: the standby in $dir was not promoted:" >&2
		cat "$dir/server.log" >&2
		exit 1
	fi
}

case "${1:-}" in
start) [ $# -eq 2 ] || { echo "usage: $0 start DIR" >&2; exit 64; }; start "$2" ;;
stop) [ $# -eq 2 ] || { echo "usage: $0 stop DIR" >&2; exit 64; }; stop "$2" ;;
down) [ $# -eq 2 ] || { echo "usage: $0 down DIR" >&2; exit 64; }; down "$2" ;;
up) [ $# -eq 2 ] || { echo "usage: $0 up DIR" >&2; exit 64; }; up "$2" ;;
bindir) bindir ;;
standby)
	{ [ $# -eq 3 ] || { [ $# -eq 4 ] && [ "$4" = --sync ]; }; } ||
		{ echo "usage: $0 standby DIR PRIMARY_DIR [--sync]" >&2; exit 64; }
	standby "$2" "$3" "${4:-}"
	;;
promote) [ $# -eq 2 ] || { echo "usage: $0 promote DIR" >&2; exit 64; }; promote "$2" ;;
*) echo "usage: $0 start DIR | stop DIR | down DIR | up DIR | standby DIR PRIMARY_DIR [--sync] | promote DIR | bindir" >&2; exit 64 ;;
esac
