#!/usr/bin/env bash
# Private PostgreSQL and Redis servers for the tests, on loopback ports in a
# temporary folder, stopped by stop_backends. Meant to be sourced:
#   source scripts/backends.sh; start_postgres; start_redis; ...; stop_backends
# Sets PG_PORT, PG_URL, REDIS_PORT. PostgreSQL refuses to run as root, so as
# root the cluster belongs to the `postgres` user (Debian's package creates it).
# Every wait is bounded (30 s).

BACKENDS_DIR="${BACKENDS_DIR:-}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"

_backends_dir() {
	if [[ -z "$BACKENDS_DIR" ]]; then
		BACKENDS_DIR="$(mktemp -d /tmp/authserver-backends.XXXXXX)"
		export BACKENDS_DIR
		chmod 755 "$BACKENDS_DIR"
	fi
}

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

_as_pg_user() {
	if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
	_backends_dir
	PG_DATA="$BACKENDS_DIR/pg"
	mkdir -p "$PG_DATA"
	[[ $(id -u) -eq 0 ]] && chown postgres: "$PG_DATA"
	PG_PORT="$(free_port)"
	_as_pg_user "$PG_BIN/initdb" -D "$PG_DATA" -U authserver --auth=trust -E UTF8 >"$BACKENDS_DIR/initdb.log" 2>&1
	pg_start
	_as_pg_user "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U authserver authserver
	PG_URL="host=127.0.0.1 port=$PG_PORT user=authserver dbname=authserver"
	export PG_PORT PG_URL PG_DATA PG_BIN
}

pg_start() {
	_as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 30 \
		-o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DATA -c max_connections=200 -c fsync=off" start >/dev/null
}

pg_stop() {
	_as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null || true
}

start_redis() {
	_backends_dir
	REDIS_PORT="$(free_port)"
	mkdir -p "$BACKENDS_DIR/redis"
	redis_start
	export REDIS_PORT
}

redis_start() {
	redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$BACKENDS_DIR/redis" \
		--save "" --appendonly no --daemonize yes --pidfile "$BACKENDS_DIR/redis/redis.pid" \
		--logfile "$BACKENDS_DIR/redis/redis.log"
	for _ in $(seq 1 300); do
		redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "redis-server did not start" >&2
	return 1
}

redis_stop() {
	local pidfile="$BACKENDS_DIR/redis/redis.pid"
	[[ -f "$pidfile" ]] || return 0
	local pid
	pid="$(cat "$pidfile")"
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 1 300); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	rm -f "$pidfile"
}

stop_backends() {
	[[ -n "$BACKENDS_DIR" && -d "$BACKENDS_DIR" ]] || return 0
	[[ -n "${PG_DATA:-}" && -f "$PG_DATA/postmaster.pid" ]] && pg_stop
	redis_stop
	rm -rf "$BACKENDS_DIR"
	BACKENDS_DIR=""
}
