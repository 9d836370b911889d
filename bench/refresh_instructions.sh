#!/usr/bin/env bash
# Instructions a token refresh costs AuthServer (embedded SQLite profile).
#
#   bench/refresh_instructions.sh [REFRESHES]     (default 400)
#
# Runs build/bin/authserver (or $AUTHSERVER_BIN; temporary folder, HS256) under
# valgrind --tool=callgrind, seeds 4 users, zeroes the counters, sends REFRESHES
# POST /api/auth/token/refresh along 4 rotation chains over keep-alive
# connections (one request at a time), dumps, and prints
#   refreshes=<N> instructions_per_refresh=<all threads>
#   jwt_per_refresh=<inside TokenService::verify + issue*>
#   json_per_refresh=<inside Poco::JSON stringify/parse>
# Instruction counts do not move with other load on the machine (unlike req/s).
# Argon2id is set to its cheapest here: a refresh never hashes a password, and
# under valgrind on a busy machine seeding with the default cost took longer
# than seed.py's 60 s timeout.
# CG_KEEP=/path/file keeps the callgrind output for callgrind_annotate.
# Needs valgrind (Debian) and /usr/bin/python3 with requests.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
BIN="${AUTHSERVER_BIN:-$REPO/build/bin/authserver}"
REFRESHES="${1:-400}"
command -v valgrind >/dev/null || { echo "valgrind missing (apt-get install valgrind)" >&2; exit 1; }
TMP="$(mktemp -d "${TMPDIR:-/tmp}/authserver-cg.XXXXXX")"
PORT="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$TMP/mail"
cleanup() { [ -n "${VPID:-}" ] && kill "$VPID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT
(cd "$TMP" && exec valgrind --tool=callgrind --dump-instr=no --callgrind-out-file="$TMP/cg.out" "$BIN" \
	--define=http.port="$PORT" --define=database.url="$TMP/auth.db" \
	--define=mail.outbox.directory="$TMP/mail" --define=sms.outbox.file="$TMP/sms.jsonl" \
	--define=jwt.secret=refresh-instructions-bench-secret-0123456789abcdef \
	--define=rateLimit.enabled=false --define=auth.requireEmailVerification=false \
	--define=password.argon2.memoryKiB=1024 --define=password.argon2.iterations=1) >"$TMP/server.log" 2>&1 &
VPID=$!
for _ in $(seq 180); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 1; done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/health" || { echo "server did not start" >&2; cat "$TMP/server.log" >&2; exit 1; }
/usr/bin/python3 "$HERE/seed.py" --base "http://127.0.0.1:$PORT" --count 4 --password 'Bench-Passw0rd!x' \
	--outdir "$TMP" --register >/dev/null
# A few rotations first, so the counts below see warm caches and statements.
drive() {
	/usr/bin/python3 - "$PORT" "$TMP/refresh.txt" "$1" <<'EOF'
import sys, requests
port, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
tokens = [line.strip() for line in open(path) if line.strip()]
sessions = [requests.Session() for _ in tokens]
url = f"http://127.0.0.1:{port}/api/auth/token/refresh"
for i in range(n):
    k = i % len(tokens)
    r = sessions[k].post(url, json={"refresh_token": tokens[k]}, timeout=60)
    if r.status_code != 200:
        sys.exit(f"refresh answered {r.status_code}: {r.text[:300]}")
    tokens[k] = r.json()["refresh_token"]
with open(path, "w") as f:
    f.writelines(t + "\n" for t in tokens)
EOF
}
drive 40
callgrind_control -z "$VPID" >/dev/null 2>&1
drive "$REFRESHES"
callgrind_control -d "$VPID" >/dev/null 2>&1
sleep 1
OUT="$(ls -t "$TMP"/cg.out.* | head -n1)"
[ -n "${CG_KEEP:-}" ] && cp "$OUT" "$CG_KEEP"
ANN="$(callgrind_annotate --auto=no --inclusive=yes --threshold=100 "$OUT")"
total="$(sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' <<<"$ANN" | tr -d ,)"
sum() { { grep -E "$1" <<<"$ANN" || true; } | sed -n 's/^ *\([0-9,]*\) .*/\1/p' | tr -d , | awk '{ s += $1 } END { print s + 0 }'; }
jwt="$(sum 'AuthServer::Tokens::TokenService::(verifyUncached|issue)\(')"
json="$(sum 'Poco::JSON::(Object::stringify|Parser::parse|Stringifier::stringify)\(')"
[ -n "$total" ] || { echo "could not read the callgrind totals" >&2; exit 1; }
awk -v t="$total" -v j="$jwt" -v s="$json" -v n="$REFRESHES" 'BEGIN {
	printf "refreshes=%d instructions_per_refresh=%.0f jwt_per_refresh=%.0f json_per_refresh=%.0f\n",
		n, t / n, j / n, s / n }'
