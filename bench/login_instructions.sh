#!/usr/bin/env bash
# Instructions a login costs AuthServer, and the share of them inside Argon2id.
#
#   bench/login_instructions.sh [LOGINS]     (default 20)
#
# Runs build/bin/authserver (embedded profile, temporary folder) under
# valgrind --tool=callgrind, seeds 4 users, zeroes the counters, sends LOGINS
# POST /api/auth/login one at a time, dumps, and prints
#   instructions_per_login=<all threads> argon2_per_login=<inside argon2_ctx>
#   outside_argon2_per_login=<the rest: HTTP, JSON, SQLite, JWT, audit>
#   argon2_share=<argon2 / all>
# Instruction counts do not move with other load on the machine (unlike req/s), so
# argon2_share is the repeatable upper bound of login throughput as a share of what
# the Argon2id cost allows: a server with every core hashing reaches at most that
# share of the hash rate. Needs valgrind (Debian) and /usr/bin/python3 with requests.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
BIN="${AUTHSERVER_BIN:-$REPO/build/bin/authserver}"
LOGINS="${1:-20}"
command -v valgrind >/dev/null || { echo "valgrind missing (apt-get install valgrind)" >&2; exit 1; }
TMP="$(mktemp -d "${TMPDIR:-/tmp}/authserver-cg.XXXXXX")"
PORT="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$TMP/mail"
cleanup() { [ -n "${VPID:-}" ] && kill "$VPID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT
(cd "$TMP" && exec valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.out" "$BIN" \
	--define=http.port="$PORT" --define=database.url="$TMP/auth.db" \
	--define=mail.outbox.directory="$TMP/mail" --define=sms.outbox.file="$TMP/sms.jsonl" \
	--define=jwt.secret=login-instructions-bench-secret-0123456789abcdef \
	--define=rateLimit.enabled=false --define=auth.requireEmailVerification=false) >"$TMP/server.log" 2>&1 &
VPID=$!
for _ in $(seq 180); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 1; done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/health" || { echo "server did not start" >&2; cat "$TMP/server.log" >&2; exit 1; }
/usr/bin/python3 "$HERE/seed.py" --base "http://127.0.0.1:$PORT" --count 4 --password 'Bench-Passw0rd!x' \
	--outdir "$TMP" --register >/dev/null
callgrind_control -z "$VPID" >/dev/null 2>&1
for i in $(seq "$LOGINS"); do
	code="$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
		--data "$(sed -n "$(( i % 4 + 1 ))p" "$TMP/logins.jsonl")" "http://127.0.0.1:$PORT/api/auth/login")"
	[ "$code" = 200 ] || { echo "login answered $code" >&2; exit 1; }
done
callgrind_control -d "$VPID" >/dev/null 2>&1
sleep 1
OUT="$(ls -t "$TMP"/cg.out.* | head -n1)"
total="$(callgrind_annotate --inclusive=yes --threshold=100 "$OUT" | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,)"
argon="$(callgrind_annotate --inclusive=yes --threshold=100 "$OUT" | sed -n 's/^ *\([0-9,]*\) .*:argon2_ctx .*/\1/p' | head -n1 | tr -d ,)"
[ -n "$total" ] && [ -n "$argon" ] || { echo "could not read the callgrind totals" >&2; exit 1; }
awk -v t="$total" -v a="$argon" -v n="$LOGINS" 'BEGIN {
	printf "logins=%d instructions_per_login=%.0f argon2_per_login=%.0f outside_argon2_per_login=%.0f argon2_share=%.4f\n",
		n, t / n, a / n, (t - a) / n, a / t }'
