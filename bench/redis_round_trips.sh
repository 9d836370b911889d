#!/usr/bin/env bash
# Redis commands per authenticated request (issue 14: none once warm with the
# near cache, redis.nearCache=true; one, an MGET, without it).
# Starts a private PostgreSQL and Redis (scripts/backends.sh), one AuthServer on
# them, registers and logs in one user, warms the cache with two GET profile,
# resets Redis's command statistics, sends N GET /api/auth/profile and prints
# INFO commandstats divided by N.
#
#   bench/redis_round_trips.sh            # N=1000, build/bin/authserver
#   AUTHSERVER_BIN=/path/authserver N=500 bench/redis_round_trips.sh
#   NEAR_CACHE=false bench/redis_round_trips.sh   # without the near cache
#
# Loopback only; every wait is bounded; servers are stopped at exit.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
AUTHSERVER_BIN="${AUTHSERVER_BIN:-$REPO/build/bin/authserver}"
N="${N:-1000}"
NEAR_CACHE="${NEAR_CACHE:-true}"
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
	--define=database.url="$PG_URL" --define=cache.backend=redis --define=redis.port="$REDIS_PORT" --define=redis.nearCache="$NEAR_CACHE" \
	--define=mail.outbox.directory="$TMP/mail" --define=sms.outbox.file="$TMP/sms.jsonl" \
	--define=jwt.secret="round-trips-secret-round-trips-secret-0123456789" --define=rateLimit.enabled=false \
	--define=auth.requireEmailVerification=false --define=metrics.port=0) >"$TMP/server.log" 2>&1 &
AS_PID=$!
/usr/bin/python3 - "$PORT" "$REDIS_PORT" "$N" <<'PY'
import json, sys, time, http.client, subprocess
port, redis_port, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
def call(conn, method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token: headers["Authorization"] = "Bearer " + token
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    r = conn.getresponse()
    return r.status, r.read()
for _ in range(300):  # at most 30 s
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5); c.request("GET", "/health"); c.getresponse().read(); break
    except OSError:
        time.sleep(0.1)
c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
pw = "correct horse battery staple"
call(c, "POST", "/api/auth/register", {"email": "rt@example.com", "password": pw, "password_confirm": pw, "full_name": "Round Trip"})
status, body = call(c, "POST", "/api/auth/login", {"email": "rt@example.com", "password": pw})
assert status == 200, body
token = json.loads(body)["access_token"]
for _ in range(2):  # the first fills the near cache, the second shows it warm
    assert call(c, "GET", "/api/auth/profile", token=token)[0] == 200
redis = ["redis-cli", "-h", "127.0.0.1", "-p", redis_port]
subprocess.run(redis + ["CONFIG", "RESETSTAT"], check=True, capture_output=True)
for _ in range(n):
    assert call(c, "GET", "/api/auth/profile", token=token)[0] == 200
stats = subprocess.run(redis + ["INFO", "commandstats"], check=True, capture_output=True, text=True).stdout
total = 0
for line in stats.splitlines():
    if line.startswith("cmdstat_") and not line.startswith("cmdstat_config"):
        name, rest = line.split(":", 1)
        calls = int(dict(kv.split("=") for kv in rest.split(","))["calls"])
        total += calls
        print(f"{name[8:]:>10}: {calls / n:.3f} per request")
print(f"redis commands per GET /api/auth/profile: {total / n:.3f} ({total} over {n} requests)")
PY
