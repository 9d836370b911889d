#!/usr/bin/env bash
# AuthServer benchmark: wrk (Debian's) against AuthServer and the Django peer
# (shared/peer/django), same scenarios, same machine, one table.
#
#   bench/run.sh
#
# Environment (all optional):
#   AUTHSERVER_BIN         server binary (default <repo>/build/bin/authserver)
#   BENCH_DEFINES          extra "KEY=VALUE KEY=VALUE" passed as --define=KEY=VALUE (after the
#                          bench's own, so they win), e.g. "jwt.algorithm=ES256 ..." or
#                          "database.connector=postgresql database.url=..." / "cache.backend=redis"
#   BENCH_SECONDS          duration of each wrk run (default 10; whole run ~2.5 min at 10)
#   BENCH_OUT              where the table is written as well (default /tmp/authserver-bench.txt)
#   BENCH_USERS            users seeded per server (default 64; >= connections + threads)
#   BENCH_PAUSE            seconds of rest before each wrk run, so the previous run's backlog
#                          (queued Argon2 hashes, gunicorn's accept queue) drains (default 2)
#   BENCH_THREADS / BENCH_CONNECTIONS   wrk -t / -c (default 2 / 32)
#   BENCH_TIMEOUT          wrk --timeout (default 10s: slow answers count in the latency, not as errors)
#   BENCH_SKIP_AUTHSERVER=1 / BENCH_SKIP_PEER=1 / BENCH_SKIP_CEILING=1   leave one server out
#   HELLO_BIN              the ceiling server (default: bench/hello/hello.cpp compiled into the temp folder)
#   BENCH_IDLE             idle keep-alive connections held during profile-idle (default 5000)
#   BENCH_RSS_IDLE         idle connections held while AuthServer's RSS is read (default 10000; 0 skips)
#   BENCH_COMPAT_FIRST=1   compat-refresh runs before the native refresh instead of after it
#   BENCH_WIDE_CONNECTIONS connections of the profile-wide run (default 1000)
#   CEILING_THREADS        threads of the ceiling (default 64, or BENCH_WIDE_CONNECTIONS + 32 when larger:
#                          POCO's HTTPServer gives each keep-alive connection a thread, so at -c1000 with
#                          64 threads 936 connections would wait for the whole run)
#   PEER_DIR               the Django peer (default <repo>/../shared/peer/django, else /work/shared/peer/django)
#   PEER_WORKER_CLASS      sync (default) or gthread; PEER_DB=sqlite|postgres, WORKERS, THREADS
#                          go to the peer's run.sh as they are
#   BENCH_SCENARIOS        the scenarios to run, space-separated (default: all of
#                          "health profile refresh login flood profile-wide profile-idle rss";
#                          compat-profile and compat-refresh run only when named),
#                          e.g. BENCH_SCENARIOS=refresh BENCH_SKIP_PEER=1 BENCH_SKIP_CEILING=1 while iterating
#   BENCH_KEEP_TMP=1       keep the temp folder (logs, databases, token files)
#   BENCH_CAPTURE_ERRORS=1 health/profile runs keep their first non-2xx body too (costs wrk CPU;
#                          refresh and login runs always keep it); without it a health/profile run
#                          with non-2xx answers is followed by one probe request, shown in the report
#
# Scenarios, each run against AuthServer and then the peer (both servers stay up, so a
# background load such as a compile hits both alike):
#   health   GET /health
#   profile  GET /api/auth/profile, Bearer access token (round-robin over the users)
#   refresh  POST /api/auth/token/refresh, one rotation chain per connection (lua/refresh.lua)
#   login    POST /api/auth/login, rotating over the users (Argon2id-bound)
#   flood    login at -t1 -c8 in the background while GET profile runs at -t1 -c16
#   profile-wide  GET profile at -c$BENCH_WIDE_CONNECTIONS (AuthServer, and the ceiling right before it)
#   profile-idle  GET profile at -c$BENCH_CONNECTIONS while $BENCH_IDLE idle keep-alive connections
#            (bench/hold_idle.py, from 127.0.0.2) are held open (AuthServer only)
#   compat-profile  GET /api/accounts/profile/ of the `accounts` compat profile, right after the
#            profile runs (AuthServer only; the report prints compat / native, goal >= 95%)
#   compat-refresh  POST /api/token/refresh/ {"refresh"} of `accounts`, right after the
#            refresh runs, on chains of its own (a second login of the seeded users)
#   With either compat scenario named, AuthServer runs with compat.profiles=accounts for the
#   whole run (so the native rows of that run carry the same token claims), e.g.
#   BENCH_SCENARIOS="profile compat-profile refresh compat-refresh" BENCH_SKIP_PEER=1 BENCH_SKIP_CEILING=1
# and the ceiling: a bare POCO HTTPServer answering a fixed JSON body (bench/hello/hello.cpp) gets
# the health and profile runs, so AuthServer's share of what the machine gives is in the same run.
# AuthServer runs with http.maxConnectionsPerIp=20000 (wrk and the idle holder each come from one
# address). After the scenarios, AuthServer's RSS is read with $BENCH_RSS_IDLE idle connections held.
# plus the Argon2id ceiling: nproc / (seconds per python3-argon2 hash at m=19456,t=2,p=1), and
# the hashes/s that nproc python3-argon2 processes reach side by side (bench/argon2_ceiling.py).
# Only loopback addresses; every wait loop is bounded; servers and wrk are killed at exit.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
PY=/usr/bin/python3                     # Debian's python (python3-requests, python3-argon2)
LUA="$HERE/lua"

AUTHSERVER_BIN="${AUTHSERVER_BIN:-$REPO/build/bin/authserver}"
BENCH_DEFINES="${BENCH_DEFINES:-}"
SECS="${BENCH_SECONDS:-10}"
BENCH_OUT="${BENCH_OUT:-/tmp/authserver-bench.txt}"
USERS="${BENCH_USERS:-64}"
THREADS="${BENCH_THREADS:-2}"
CONNS="${BENCH_CONNECTIONS:-32}"
WRK_TIMEOUT="${BENCH_TIMEOUT:-10s}"
PAUSE="${BENCH_PAUSE:-2}"
FLOOD_CONNS=8
FLOOD_PROFILE_CONNS=16
SKIP_AS="${BENCH_SKIP_AUTHSERVER:-0}"
SKIP_PEER="${BENCH_SKIP_PEER:-0}"
SKIP_CEIL="${BENCH_SKIP_CEILING:-0}"
IDLE="${BENCH_IDLE:-5000}"
RSS_IDLE="${BENCH_RSS_IDLE:-10000}"
COMPAT_FIRST="${BENCH_COMPAT_FIRST:-0}"
WIDE="${BENCH_WIDE_CONNECTIONS:-1000}"
SCENARIOS=" ${BENCH_SCENARIOS:-health profile refresh login flood profile-wide profile-idle rss} "
want() { [[ "$SCENARIOS" == *" $1 "* ]]; }
CEIL_THREADS="${CEILING_THREADS:-$(( WIDE + 32 > 64 ? WIDE + 32 : 64 ))}"
PEER_WORKER_CLASS="${PEER_WORKER_CLASS:-sync}"
if [ -z "${PEER_DIR:-}" ]; then
  PEER_DIR="$REPO/../shared/peer/django"
  [ -x "$PEER_DIR/run.sh" ] || PEER_DIR=/work/shared/peer/django
fi
PEER_PASSWORD="Bench-Passw0rd!"          # the peer's seed_users default
AS_PASSWORD="bench-Quartz-lantern-71"     # not on any common-password list

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

[[ "$SECS" =~ ^[0-9]+$ ]] && [ "$SECS" -ge 1 ] && [ "$SECS" -le 600 ] || die "BENCH_SECONDS must be 1..600"
[[ "$USERS" =~ ^[0-9]+$ ]] && [ "$USERS" -ge $((CONNS + THREADS)) ] ||
  die "BENCH_USERS ($USERS) must be >= connections + threads ($((CONNS + THREADS))): the refresh chains need spares"
[ $((CONNS % THREADS)) -eq 0 ] || die "BENCH_CONNECTIONS must be a multiple of BENCH_THREADS"
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
"$PY" -c 'import requests, argon2' 2>/dev/null || die "/usr/bin/python3 needs python3-requests and python3-argon2 (apt-get install)"
if [ "$SKIP_AS" != 1 ]; then [ -x "$AUTHSERVER_BIN" ] || die "no AuthServer binary at $AUTHSERVER_BIN (set AUTHSERVER_BIN, or BENCH_SKIP_AUTHSERVER=1)"; fi
if [ "$SKIP_PEER" != 1 ]; then [ -x "$PEER_DIR/run.sh" ] || die "no peer at $PEER_DIR (set PEER_DIR, or BENCH_SKIP_PEER=1)"; fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/authserver-bench.XXXXXX")"
RESULTS="$TMP/results.tsv"
META="$TMP/meta.txt"
WRKLOG="$TMP/wrk.log"
: >"$RESULTS"; : >"$META"; : >"$WRKLOG"
AS_PID=""; PEER_PID=""; CEIL_PID=""; HOLD_PID=""; BG_PIDS=()

stop_pid() {  # stop_pid PID: TERM, wait up to 10 s, then KILL
  local pid="$1" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for p in "${BG_PIDS[@]}"; do   # a background run_wrk subshell: its timeout+wrk first
    pkill -TERM -P "$p" 2>/dev/null || true; stop_pid "$p"
  done
  stop_pid "$HOLD_PID"
  stop_pid "$AS_PID"
  stop_pid "$PEER_PID"
  stop_pid "$CEIL_PID"
  if [ "${BENCH_KEEP_TMP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_health URL PID SECONDS NAME LOGFILE
wait_health() {
  local url="$1" pid="$2" limit="$3" name="$4" logf="$5" i
  for i in $(seq 1 $((limit * 4))); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$logf" >&2 || true
      die "$name exited before answering $url"
    fi
    [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url" || true)" = 200 ] && return 0
    sleep 0.25
  done
  tail -n 30 "$logf" >&2 || true
  die "$name did not answer 200 on $url within $limit s"
}

meta() { printf '%s=%s\n' "$1" "$2" >>"$META"; }

declare -A DEAD   # server -> how it ended, once it has
# check_alive SCENARIO SERVER: false (and a NOTE for the report) if that server has exited
check_alive() {
  local scen="$1" srv="$2" pid rc logf
  case "$srv" in
    authserver) pid="$AS_PID"; logf="$AS_DIR/server.log" ;;
    ceiling) pid="$CEIL_PID"; logf="$CEIL_DIR/server.log" ;;
    *) pid="$PEER_PID"; logf="$PEER_TMP/server.log" ;;
  esac
  [ -n "${DEAD[$srv]:-}" ] && return 1
  kill -0 "$pid" 2>/dev/null && return 0
  rc=0; wait "$pid" 2>/dev/null || rc=$?
  if [ "$rc" -gt 128 ]; then DEAD[$srv]="killed by signal $((rc - 128)) ($(kill -l $((rc - 128)) 2>/dev/null || echo ?))"
  else DEAD[$srv]="exit status $rc"; fi
  printf '%s\t%s\tNOTE\tSERVER DIED during or before this run: %s; last log lines: %s\n' "$scen" "$srv" "${DEAD[$srv]}" \
    "$(grep -vE 'AuthServer\.(Access|Audit)' "$logf" | tail -n 4 | tr '\n' '|' | cut -c1-500)" >>"$RESULTS"
  log "$srv died: ${DEAD[$srv]}"
  return 1
}

# run_wrk SCENARIO SERVER THREADS CONNS SECONDS URL LUA [ARGS...]: one wrk run, result line to $RESULTS
run_wrk() {
  local scen="$1" srv="$2" t="$3" c="$4" d="$5" url="$6" script="$7"; shift 7
  local out="$TMP/wrk-$scen-$srv.txt" line
  if [ -n "${DEAD[$srv]:-}" ] || { [ "$scen" != flood-login ] && ! check_alive "$scen" "$srv"; }; then
    printf '%s\t%s\tNOTE\tnot run: the server died earlier (%s)\n' "$scen" "$srv" "${DEAD[$srv]}" >>"$RESULTS"
    return 0
  fi
  [[ "$scen" == flood-* ]] || sleep "$PAUSE"
  log "wrk $scen $srv: -t$t -c$c -d${d}s $url"
  timeout --signal=INT --kill-after=10 $((d + 60)) \
    wrk -t"$t" -c"$c" -d"${d}s" --latency --timeout "$WRK_TIMEOUT" -s "$LUA/$script" "$url" -- "$@" \
    >"$out" 2>&1 || log "wrk $scen $srv exited with $?"
  { echo "===== $scen $srv"; cat "$out"; } >>"$WRKLOG"
  line="$(grep -m1 '^BENCH_RESULT ' "$out" || true)"
  if [ -z "$line" ]; then
    printf '%s\t%s\tNOTE\twrk printed no result: %s\n' "$scen" "$srv" "$(tr '\n' ' ' <"$out" | cut -c1-300)" >>"$RESULTS"
  else
    printf '%s\t%s\t%s\n' "$scen" "$srv" "${line#BENCH_RESULT }" >>"$RESULTS"
    grep -m1 '^BENCH_FIRST_ERROR ' "$out" | sed "s/^BENCH_FIRST_ERROR /$scen\t$srv\tFIRST_ERROR\t/" >>"$RESULTS" || true
    grep -m1 'Non-2xx or 3xx' "$out" >&2 || true
  fi
  [ "$scen" = flood-login ] || check_alive "$scen" "$srv" || true   # (wait works only in the main shell)
}

# probe SCENARIO SERVER METHOD URL [AUTH]: after a run with non-2xx answers and no captured body,
# show what one request of that kind gets now (status, body).
probe() {
  local scen="$1" srv="$2" method="$3" url="$4" auth="${5:-}" r
  r="$(curl -s -m 5 -X "$method" ${auth:+-H "Authorization: Bearer $auth"} -w ' [HTTP %{http_code}]' "$url" | tr '\n' ' ' | cut -c1-400 || true)"
  printf '%s\t%s\tPROBE\tone %s now answers: %s\n' "$scen" "$srv" "$method" "$r" >>"$RESULTS"
}

# needs_probe SCENARIO SERVER: non-2xx answers and no body captured by the Lua script
needs_probe() {
  [ -z "${DEAD[$2]:-}" ] && [ "$(non2xx_of "$1" "$2")" != 0 ] &&
    ! awk -F'\t' -v s="$1" -v v="$2" '$1==s && $2==v && $3=="FIRST_ERROR" {f=1} END {exit !f}' "$RESULTS"
}

non2xx_of() {  # non2xx_of SCENARIO SERVER
  awk -F'\t' -v s="$1" -v v="$2" '$1==s && $2==v && $3 ~ /non2xx=/ { match($3, /non2xx=[0-9]+/); print substr($3, RSTART+7, RLENGTH-7) }' "$RESULTS"
}

# ---------------------------------------------------------------- header facts
meta date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
meta host "$(uname -srm)"
meta nproc "$(nproc)"
meta cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || echo unknown)"
meta loadavg "$(cut -d' ' -f1-3 /proc/loadavg)"
meta wrk "$(wrk -v 2>&1 | head -n1 | awk '{print $2}')"
meta threads "$THREADS"; meta connections "$CONNS"; meta seconds "$SECS"; meta timeout "$WRK_TIMEOUT"
meta flood_conns "$FLOOD_CONNS"; meta flood_profile_conns "$FLOOD_PROFILE_CONNS"; meta users "$USERS"
meta bench_defines "$BENCH_DEFINES"; meta pause "$PAUSE"
meta wide_connections "$WIDE"; meta scenarios "$(echo $SCENARIOS)"

# ---------------------------------------------------------------- start AuthServer
declare -A BASE
SERVERS=()
if [ "$SKIP_AS" != 1 ]; then
  AS_DIR="$TMP/authserver"; mkdir -p "$AS_DIR/mail"
  AS_PORT="$(free_port)"
  JWT_SECRET="$(head -c 36 /dev/urandom | base64 | tr '+/' '-_')"   # 48 characters
  AS_ARGS=(--define=http.port="$AS_PORT" --define=database.url="$AS_DIR/auth.db"
           --define=mail.outbox.directory="$AS_DIR/mail" --define=sms.outbox.file="$AS_DIR/sms.jsonl"
           --define=jwt.secret="$JWT_SECRET" --define=rateLimit.enabled=false
           --define=auth.requireEmailVerification=false --define=metrics.port=0
           --define=http.maxConnectionsPerIp=20000)
  if want compat-profile || want compat-refresh; then AS_ARGS+=(--define=compat.profiles=accounts); fi
  for kv in $BENCH_DEFINES; do
    [[ "$kv" == *=* ]] || die "BENCH_DEFINES entry '$kv' is not KEY=VALUE"
    AS_ARGS+=(--define="$kv")
  done
  GITREV="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo none)"
  [ -z "$(git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null)" ] || GITREV="$GITREV+uncommitted changes"
  meta authserver "$AUTHSERVER_BIN ($(timeout 5 "$AUTHSERVER_BIN" --version 2>/dev/null | head -n1 || true), built $(date -u -r "$AUTHSERVER_BIN" +%Y-%m-%dT%H:%M:%SZ), repo at $GITREV) on 127.0.0.1:$AS_PORT"
  meta defines "http.port=$AS_PORT database.url=TMP/auth.db mail.outbox.directory=TMP/mail sms.outbox.file=TMP/sms.jsonl jwt.secret=<48 chars> rateLimit.enabled=false auth.requireEmailVerification=false metrics.port=0 http.maxConnectionsPerIp=20000"
  log "starting AuthServer on 127.0.0.1:$AS_PORT"
  (cd "$AS_DIR" && exec "$AUTHSERVER_BIN" "${AS_ARGS[@]}") >"$AS_DIR/server.log" 2>&1 &
  AS_PID=$!
  BASE[authserver]="http://127.0.0.1:$AS_PORT"
  SERVERS+=(authserver)
else
  meta authserver "skipped (BENCH_SKIP_AUTHSERVER=1)"
fi

# ---------------------------------------------------------------- start the ceiling
if [ "$SKIP_CEIL" != 1 ]; then
  CEIL_DIR="$TMP/ceiling"; mkdir -p "$CEIL_DIR"
  if [ -z "${HELLO_BIN:-}" ]; then
    HELLO_BIN="$CEIL_DIR/hello"
    log "compiling the ceiling server (bench/hello/hello.cpp)"
    g++ -std=c++17 -O2 "$HERE/hello/hello.cpp" -o "$HELLO_BIN" -lPocoNet -lPocoUtil -lPocoFoundation ||
      die "cannot compile bench/hello/hello.cpp (libpoco-dev; or BENCH_SKIP_CEILING=1)"
  fi
  CEIL_PORT="$(free_port)"
  (cd "$CEIL_DIR" && exec "$HELLO_BIN" "$CEIL_PORT" "$CEIL_THREADS") >"$CEIL_DIR/server.log" 2>&1 &
  CEIL_PID=$!
  BASE[ceiling]="http://127.0.0.1:$CEIL_PORT"
  SERVERS+=(ceiling)
  meta ceiling "bare POCO HTTPServer, $CEIL_THREADS threads, fixed JSON body (bench/hello/hello.cpp) on 127.0.0.1:$CEIL_PORT"
else
  meta ceiling "skipped (BENCH_SKIP_CEILING=1)"
fi

# ---------------------------------------------------------------- start the peer
if [ "$SKIP_PEER" != 1 ]; then
  PEER_TMP="$TMP/peer"; mkdir -p "$PEER_TMP"
  PEER_PORT="$(free_port)"
  log "starting the Django peer on 127.0.0.1:$PEER_PORT (migrate + seed $USERS users first)"
  PEER_VAR_DIR="$PEER_TMP" FRESH_DB=1 SEED_USERS="$USERS" PYTHONDONTWRITEBYTECODE=1 \
    "$PEER_DIR/run.sh" "$PEER_PORT" "$PEER_WORKER_CLASS" >"$PEER_TMP/server.log" 2>&1 &
  PEER_PID=$!
  BASE[peer]="http://127.0.0.1:$PEER_PORT"
  SERVERS+=(peer)
else
  meta peer "skipped (BENCH_SKIP_PEER=1)"
fi
[ "${#SERVERS[@]}" -gt 0 ] || die "nothing to bench"

if [ "$SKIP_AS" != 1 ]; then
  wait_health "${BASE[authserver]}/health" "$AS_PID" 60 AuthServer "$AS_DIR/server.log"
  log "AuthServer up; seeding $USERS users (register + login)"
  "$PY" "$HERE/seed.py" --base "${BASE[authserver]}" --count "$USERS" --password "$AS_PASSWORD" \
    --outdir "$AS_DIR" --register >&2 || { tail -n 20 "$AS_DIR/server.log" >&2; die "seeding AuthServer failed"; }
  if want compat-refresh; then   # refresh chains of their own: the native run rotates the first ones away
    "$PY" "$HERE/seed.py" --base "${BASE[authserver]}" --count "$USERS" --password "$AS_PASSWORD" \
      --outdir "$AS_DIR/compat" >&2 || { tail -n 20 "$AS_DIR/server.log" >&2; die "second login for compat-refresh failed"; }
  fi
fi
if [ "$SKIP_CEIL" != 1 ]; then wait_health "${BASE[ceiling]}/health" "$CEIL_PID" 20 ceiling "$CEIL_DIR/server.log"; fi
if [ "$SKIP_PEER" != 1 ]; then
  wait_health "${BASE[peer]}/health" "$PEER_PID" 180 peer "$PEER_TMP/server.log"
  meta peer "$(grep -m1 '^peer: ' "$PEER_TMP/server.log" | sed 's/^peer: //') ($PEER_DIR)"
  log "peer up; logging in its $USERS seeded users"
  "$PY" "$HERE/seed.py" --base "${BASE[peer]}" --count "$USERS" --password "$PEER_PASSWORD" \
    --outdir "$PEER_TMP" >&2 || { tail -n 20 "$PEER_TMP/server.log" >&2; die "logging in the peer's users failed"; }
fi
DIRS_authserver="${AS_DIR:-}"; DIRS_peer="${PEER_TMP:-}"; DIRS_ceiling="${CEIL_DIR:-}"
dir_of() { case "$1" in authserver) echo "$DIRS_authserver" ;; ceiling) echo "$DIRS_ceiling" ;; *) echo "$DIRS_peer" ;; esac; }
[ "$SKIP_AS" = 1 ] || [ "$SKIP_CEIL" = 1 ] || cp "$AS_DIR/access.txt" "$CEIL_DIR/access.txt"   # the ceiling ignores the token

# hold_idle COUNT: start bench/hold_idle.py against AuthServer and wait for "ready"
hold_idle() {
  local n="$1" i
  "$PY" "$HERE/hold_idle.py" --port "$AS_PORT" --count "$n" --source 127.0.0.2 >"$TMP/hold.out" 2>&1 &
  HOLD_PID=$!
  for i in $(seq 1 600); do
    grep -q '^ready' "$TMP/hold.out" && return 0
    kill -0 "$HOLD_PID" 2>/dev/null || { cat "$TMP/hold.out" >&2; HOLD_PID=""; return 1; }
    sleep 0.2
  done
  return 1
}
release_idle() { stop_pid "$HOLD_PID"; HOLD_PID=""; sleep 1; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# ---------------------------------------------------------------- Argon2id ceiling (servers idle)
if want login; then
log "timing Argon2id (m=19456 KiB, t=2, p=1) x20"
A2="$("$PY" "$HERE/argon2_ceiling.py" --runs 20)"
meta argon2_seconds_per_hash "$(echo "$A2" | sed -n 's/.*seconds_per_hash=\([0-9.]*\).*/\1/p')"
meta argon2_fastest "$(echo "$A2" | sed -n 's/.*fastest=\([0-9.]*\).*/\1/p')"
meta argon2_runs 20
meta argon2_parallel_procs "$(echo "$A2" | sed -n 's/.*parallel_procs=\([0-9]*\).*/\1/p')"
meta argon2_parallel_rate "$(echo "$A2" | sed -n 's/.*parallel_hashes_per_second=\([0-9.]*\).*/\1/p')"
fi

# ---------------------------------------------------------------- scenarios
CPT=$((CONNS / THREADS))
for srv in "${SERVERS[@]}"; do
  want health || break
  run_wrk health "$srv" "$THREADS" "$CONNS" "$SECS" "${BASE[$srv]}/health" health.lua
  ! needs_probe health "$srv" || probe health "$srv" GET "${BASE[$srv]}/health"
done
for srv in "${SERVERS[@]}"; do
  want profile || break
  d="$(dir_of "$srv")"
  run_wrk profile "$srv" "$THREADS" "$CONNS" "$SECS" "${BASE[$srv]}/api/auth/profile" profile.lua "$d/access.txt"
  ! needs_probe profile "$srv" || probe profile "$srv" GET "${BASE[$srv]}/api/auth/profile" "$(head -n1 "$d/access.txt")"
done
if [ "$SKIP_AS" != 1 ] && want compat-profile; then
  d="$(dir_of authserver)"
  run_wrk compat-profile authserver "$THREADS" "$CONNS" "$SECS" "${BASE[authserver]}/api/accounts/profile/" profile.lua "$d/access.txt"
  ! needs_probe compat-profile authserver || probe compat-profile authserver GET "${BASE[authserver]}/api/accounts/profile/" "$(head -n1 "$d/access.txt")"
fi
# compat-refresh: chains of its own on the same server. Whichever refresh run
# comes second meets a database grown by the first one's rotations and audit
# rows, so BENCH_COMPAT_FIRST=1 puts the compat run first; run both orders and
# average the ratios for a fair figure.
compat_refresh() {
  if [ "$SKIP_AS" != 1 ] && want compat-refresh; then
    run_wrk compat-refresh authserver "$THREADS" "$CONNS" "$SECS" "${BASE[authserver]}/api/token/refresh/" refresh.lua \
      "$(dir_of authserver)/compat/refresh.txt" "$THREADS" "$CPT" refresh refresh
  fi
}
[ "$COMPAT_FIRST" != 1 ] || compat_refresh
for srv in "${SERVERS[@]}"; do
  [ "$srv" != ceiling ] && want refresh || continue
  d="$(dir_of "$srv")"
  run_wrk refresh "$srv" "$THREADS" "$CONNS" "$SECS" "${BASE[$srv]}/api/auth/token/refresh" refresh.lua \
    "$d/refresh.txt" "$THREADS" "$CPT"
done
[ "$COMPAT_FIRST" = 1 ] || compat_refresh
for srv in "${SERVERS[@]}"; do
  [ "$srv" != ceiling ] && want login || continue
  d="$(dir_of "$srv")"
  run_wrk login "$srv" "$THREADS" "$CONNS" "$SECS" "${BASE[$srv]}/api/auth/login" login.lua "$d/logins.jsonl"
done
for srv in "${SERVERS[@]}"; do
  [ "$srv" != ceiling ] && want flood || continue
  d="$(dir_of "$srv")"
  # the flood starts 1 s before and ends ~1 s after the profile run it disturbs
  sleep "$PAUSE"
  run_wrk flood-login "$srv" 1 "$FLOOD_CONNS" $((SECS + 2)) "${BASE[$srv]}/api/auth/login" login.lua "$d/logins.jsonl" &
  BG_PIDS+=($!)
  sleep 1
  run_wrk flood-profile "$srv" 1 "$FLOOD_PROFILE_CONNS" "$SECS" "${BASE[$srv]}/api/auth/profile" profile.lua "$d/access.txt"
  wait "${BG_PIDS[-1]}" || true
  ! needs_probe flood-profile "$srv" || probe flood-profile "$srv" GET "${BASE[$srv]}/api/auth/profile" "$(head -n1 "$d/access.txt")"
done

if want profile-wide && [ "$SKIP_CEIL" != 1 ]; then
  run_wrk profile-wide ceiling "$THREADS" "$WIDE" "$SECS" "${BASE[ceiling]}/api/auth/profile" profile.lua "$(dir_of ceiling)/access.txt"
fi
if [ "$SKIP_AS" != 1 ]; then
  d="$(dir_of authserver)"
  ! want profile-wide || run_wrk profile-wide authserver "$THREADS" "$WIDE" "$SECS" "${BASE[authserver]}/api/auth/profile" profile.lua "$d/access.txt"
  meta rss_kib_before_idle "$(rss_kib "$AS_PID")"
  if ! want profile-idle; then
    :
  elif hold_idle "$IDLE"; then
    meta rss_kib_idle "$IDLE $(rss_kib "$AS_PID")"
    run_wrk profile-idle authserver "$THREADS" "$CONNS" "$SECS" "${BASE[authserver]}/api/auth/profile" profile.lua "$d/access.txt"
    release_idle
  else
    printf 'profile-idle\tauthserver\tNOTE\tcould not hold %s idle connections\n' "$IDLE" >>"$RESULTS"
  fi
  if [ "$RSS_IDLE" -gt 0 ] && want rss; then
    if hold_idle "$RSS_IDLE"; then
      sleep 1
      meta rss_kib_idle_big "$RSS_IDLE $(rss_kib "$AS_PID")"
      release_idle
    else
      meta rss_kib_idle_big "$RSS_IDLE could not be held"
    fi
  fi
fi

# ---------------------------------------------------------------- report
REPORT="$("$PY" "$HERE/report.py" "$META" "$RESULTS")"
echo "$REPORT"
mkdir -p "$(dirname "$BENCH_OUT")"
{ echo "$REPORT"; echo; echo "raw wrk output:"; cat "$WRKLOG"; } >"$BENCH_OUT"
log "table and raw wrk output written to $BENCH_OUT"
if [ "$SKIP_AS" != 1 ] && grep -qiE 'error|fatal|exception' "$AS_DIR/server.log"; then
  log "AuthServer log lines with error/fatal/exception (first 10):"
  grep -iE 'error|fatal|exception' "$AS_DIR/server.log" | head -n 10 >&2
fi
