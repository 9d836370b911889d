#!/usr/bin/env bash
# Messages AuthServer sends to PostgreSQL per login, profile, logout, refresh,
# register, sessions list and password change.
# Starts a private PostgreSQL and Redis (scripts/backends.sh), one AuthServer on
# them, registers one user, logs in once (statements get prepared on a pooled
# connection), then traces the server's sendto() calls with strace while it
# sends N logins, N GET /api/auth/profile, N login + logout pairs, N refresh
# rotations, N registrations, N GET /api/auth/sessions and N login + password
# change pairs, and prints
# the sends that are not Redis ("*...") or HTTP ("HTTP/...", "{...") per
# request. Through POCO 1.11 a statement is four sends (Parse, Describe, Bind
# + Execute, DEALLOCATE); a statement prepared once per connection is one.
# The delivery worker's poll of message_queue (about four sends a second) is
# counted too: the profile line shows that background rate.
#
#   bench/pg_round_trips.sh             # N=10, build/bin/authserver
#   AUTHSERVER_BIN=/path/authserver N=20 bench/pg_round_trips.sh
#
# Needs strace. Loopback only; every wait is bounded; servers stop at exit.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
AUTHSERVER_BIN="${AUTHSERVER_BIN:-$REPO/build/bin/authserver}"
N="${N:-10}"
command -v strace >/dev/null || { echo "strace missing (apt-get install strace)" >&2; exit 1; }
cd "$REPO"
source scripts/backends.sh
TMP="$(mktemp -d)"
AS_PID=""
cleanup() { [ -n "$AS_PID" ] && kill "$AS_PID" 2>/dev/null; wait 2>/dev/null || true; stop_backends; rm -rf "$TMP"; }
trap cleanup EXIT
start_postgres >/dev/null
start_redis >/dev/null
PORT="$(free_port)"
mkdir -p "$TMP/mail"
(cd "$TMP" && exec "$AUTHSERVER_BIN" --define=http.port="$PORT" --define=database.connector=postgresql \
	--define=database.url="$PG_URL" --define=cache.backend=redis --define=redis.port="$REDIS_PORT" \
	--define=mail.outbox.directory="$TMP/mail" --define=sms.outbox.file="$TMP/sms.jsonl" \
	--define=jwt.secret="pg-round-trips-secret-pg-round-trips-0123456789" --define=rateLimit.enabled=false \
	--define=auth.requireEmailVerification=false --define=metrics.port=0) >"$TMP/server.log" 2>&1 &
AS_PID=$!
B="http://127.0.0.1:$PORT"
for _ in $(seq 120); do curl -fs -o /dev/null "$B/health" && break; sleep 0.5; done
curl -fs -o /dev/null "$B/health" || { echo "server did not start" >&2; cat "$TMP/server.log" >&2; exit 1; }
ACCOUNT='{"email":"trips@example.com","password":"Bench-Passw0rd!x","password_confirm":"Bench-Passw0rd!x","full_name":"Trips"}'
curl -fs -o /dev/null -H 'Content-Type: application/json' -d "$ACCOUNT" "$B/api/auth/register"
login() { curl -fs -H 'Content-Type: application/json' -d '{"email":"trips@example.com","password":"Bench-Passw0rd!x"}' "$B/api/auth/login"; }
access() { /usr/bin/python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])'; }
login >/dev/null
profile() { curl -fs -o /dev/null -H "Authorization: Bearer $TOKEN" "$B/api/auth/profile"; }
logout() { local t; t="$(login | access)"; curl -fs -o /dev/null -X POST -H "Authorization: Bearer $t" -H 'Content-Type: application/json' -d '{}' "$B/api/auth/logout"; }
measure() {
	strace -f -qq -e trace=sendto -s 4 -p "$AS_PID" -o "$TMP/trace.txt" &
	local tracer=$!
	sleep 1
	for _ in $(seq "$N"); do "$1" >/dev/null; done
	sleep 0.5
	kill "$tracer"; wait "$tracer" 2>/dev/null || true
	local sends
	sends="$(grep 'sendto(' "$TMP/trace.txt" | grep -vc '"\*\|"HTTP\|"{' || true)"
	awk -v s="$sends" -v n="$N" -v name="$1" 'BEGIN { printf "%s: %.1f PostgreSQL sends per request\n", name, s / n }'
}
refresh_chain() { /usr/bin/python3 -c 'import sys, json; print(json.load(sys.stdin)["refresh_token"])'; }
refresh() {
	local answer
	answer="$(curl -fs -H 'Content-Type: application/json' -d "{\"refresh_token\":\"$REFRESH\"}" "$B/api/auth/token/refresh")"
	REFRESH="$(printf '%s' "$answer" | refresh_chain)"
}
COUNT=0
register() {
	COUNT=$((COUNT + 1))
	curl -fs -o /dev/null -H 'Content-Type: application/json' \
		-d "{\"email\":\"trips-$COUNT-$RANDOM@example.com\",\"password\":\"Bench-Passw0rd!x\",\"password_confirm\":\"Bench-Passw0rd!x\",\"full_name\":\"Trips\"}" "$B/api/auth/register"
}
sessions() { curl -fs -o /dev/null -H "Authorization: Bearer $TOKEN" "$B/api/auth/sessions"; }
PASSWORDS=("Rotor-Quill-8!a" "Rotor-Quill-8!b")
CURRENT=0
password_change() {
	local t next=$((1 - CURRENT))
	t="$(curl -fs -H 'Content-Type: application/json' -d "{\"email\":\"pwswap@example.com\",\"password\":\"${PASSWORDS[$CURRENT]}\"}" "$B/api/auth/login" | access)"
	curl -fs -o /dev/null -H "Authorization: Bearer $t" -H 'Content-Type: application/json' \
		-d "{\"old_password\":\"${PASSWORDS[$CURRENT]}\",\"new_password\":\"${PASSWORDS[$next]}\",\"new_password_confirm\":\"${PASSWORDS[$next]}\"}" "$B/api/auth/password/change" || echo "password change failed" >&2
	CURRENT=$next
}
measure login
TOKEN="$(login | access)"
profile
measure profile
measure logout
echo "(logout: a login and a logout per request)"
REFRESH="$(login | refresh_chain)"
refresh
measure refresh
register
measure register
sessions
measure sessions
curl -fs -o /dev/null -H 'Content-Type: application/json' \
	-d '{"email":"pwswap@example.com","password":"Rotor-Quill-8!a","password_confirm":"Rotor-Quill-8!a","full_name":"Swap"}' "$B/api/auth/register"
password_change
measure password_change
echo "(password_change: a login and a change per request)"
