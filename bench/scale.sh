#!/usr/bin/env bash
# Flat at a million users (issue 14): for each back end and each size N, seeds N users
# straight into the schema the migrations made (one statement: a recursive CTE through
# Python's sqlite3, or generate_series through psql; every user shares one real Argon2id
# hash, the admin's, made by `authserver --create-admin`), starts AuthServer on it (one
# server per size, all running at once) and measures, with wrk and bench/lua (the load
# tool of bench/run.sh), SCALE_ROUNDS runs of each scenario per size, the sizes taking
# turns so that the shared host's drift between minutes falls on every size alike:
#   login    POST /api/auth/login, rotating over users spread across the id range
#   profile  GET /api/auth/profile with their access tokens
#   refresh  POST /api/auth/token/refresh, one rotation chain per connection
#   search   GET /api/admin/users?q=... (admin), rotating over email, name and phone
#            substrings of users spread across the id range
# then times single search requests one at a time (selective, no match, broad: every user
# matches and the total is capped, a 2-character q through the pair index of migration
# 0018, a 1-character q no user holds, read from migration 0020's index, and one every
# user holds, answered by the first users of a walk by id).
# Prints, per back end, req/s and p50/p99 at each size and the ratio of the largest size
# to the smallest (goal: every ratio within 90 %, search under 20 ms).
#
#   bench/scale.sh
#
# Environment (all optional):
#   AUTHSERVER_BIN       server binary (default <repo>/build/bin/authserver)
#   SCALE_SIZES          user counts, smallest first (default "1000 1000000")
#   SCALE_BACKENDS       "sqlite" (embedded), "postgresql" (PostgreSQL + Redis started on
#                        loopback by scripts/backends.sh and stopped at exit); default both
#   SCALE_SCENARIOS      default "profile refresh search login"
#   SCALE_SECONDS        duration of each wrk run (default 10)
#   SCALE_THREADS / SCALE_CONNECTIONS   wrk -t / -c (default 2 / 32)
#   SCALE_REPEAT         single search requests timed per search text (default 30)
#   SCALE_ROUNDS         wrk runs per scenario and size, the sizes taking turns; the run of
#                        median req/s is reported (default 3)
#   SCALE_OUT            the report is written there too (default /tmp/authserver-scale.txt)
#   SCALE_KEEP_TMP=1     keep the temporary folders (server logs, wrk output)
#   SCALE_HUGE_PAGES     2 MiB huge pages reserved for PostgreSQL's shared memory while the
#                        bench runs, as root (default 100: its 128 MB of shared_buffers and
#                        the rest of its segment); 0 leaves vm.nr_hugepages alone
# Only loopback addresses; every wait is bounded; servers are stopped at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"
export AUTHSERVER_BIN="${AUTHSERVER_BIN:-$REPO/build/bin/authserver}"
export SCALE_SIZES="${SCALE_SIZES:-1000 1000000}"
export SCALE_BACKENDS="${SCALE_BACKENDS:-sqlite postgresql}"
export SCALE_SCENARIOS="${SCALE_SCENARIOS:-profile refresh search login}"
export SCALE_SECONDS="${SCALE_SECONDS:-10}"
export SCALE_THREADS="${SCALE_THREADS:-2}"
export SCALE_CONNECTIONS="${SCALE_CONNECTIONS:-32}"
export SCALE_REPEAT="${SCALE_REPEAT:-30}"
export SCALE_ROUNDS="${SCALE_ROUNDS:-3}"
export SCALE_OUT="${SCALE_OUT:-/tmp/authserver-scale.txt}"
export SCALE_LUA="$REPO/bench/lua"
export SCALE_HUGE_PAGES="${SCALE_HUGE_PAGES:-100}"
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }
[[ -x "$AUTHSERVER_BIN" ]] || { echo "no server binary at $AUTHSERVER_BIN" >&2; exit 1; }

if [[ " $SCALE_BACKENDS " == *" postgresql "* ]]; then
	# shellcheck source=../scripts/backends.sh
	source "$REPO/scripts/backends.sh"
	# PostgreSQL's shared memory in huge pages, as its documentation advises for a
	# large shared_buffers ("Linux Huge Pages"): huge_pages = try, its default, takes
	# them when the kernel has them reserved. With 4 KiB pages every backend walks
	# page tables for the buffers it touches, and at 10^6 users a search touches
	# buffers all over shared_buffers where at 10^3 it meets the same few: alternate
	# 4 s search runs on one pair of servers gave 10^6 / 10^3 = 0.904 and 0.908
	# (mean of 10 and 12 pairs) with 4 KiB pages, 0.939 and 0.938 with huge pages
	# (bench/README.md). The reservation is given back at exit.
	HUGE_PAGES_BEFORE=""
	if (( SCALE_HUGE_PAGES > 0 )) && [[ -w /proc/sys/vm/nr_hugepages ]] \
		&& (( $(cat /proc/sys/vm/nr_hugepages) < SCALE_HUGE_PAGES )); then
		HUGE_PAGES_BEFORE="$(cat /proc/sys/vm/nr_hugepages)"
		echo "$SCALE_HUGE_PAGES" > /proc/sys/vm/nr_hugepages || true
	fi
	finish() {
		stop_backends
		[[ -n "$HUGE_PAGES_BEFORE" ]] && echo "$HUGE_PAGES_BEFORE" > /proc/sys/vm/nr_hugepages || true
	}
	trap finish EXIT
	start_postgres
	# Which pages PostgreSQL's shared memory got (Debian's PostgreSQL 15 has no
	# huge_pages_status to ask): its postmaster's mappings of 2 MiB pages.
	huge_kb=$(awk '/^Size:/ {size = $2} /^KernelPageSize: +2048 kB/ {kb += size} END {print kb + 0}' \
		"/proc/$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null)/smaps" 2>/dev/null || true)
	huge_kb=${huge_kb:-0}
	if (( huge_kb > 0 )); then export SCALE_PG_PAGES="2 MiB huge pages ($(( huge_kb / 1024 )) MiB)"
	else export SCALE_PG_PAGES="4 KiB pages (no huge pages reserved: SCALE_HUGE_PAGES, or not root)"; fi
	start_redis
	export SCALE_PG_URL="$PG_URL" SCALE_REDIS_PORT="$REDIS_PORT"
fi

/usr/bin/python3 - <<'PY'
import concurrent.futures, json, os, re, shutil, socket, statistics, subprocess, sys, tempfile, time
import urllib.parse, urllib.request

BIN = os.environ["AUTHSERVER_BIN"]
SIZES = [int(s) for s in os.environ["SCALE_SIZES"].split()]
BACKENDS = os.environ["SCALE_BACKENDS"].split()
SCENARIOS = os.environ["SCALE_SCENARIOS"].split()
SECONDS = int(os.environ["SCALE_SECONDS"])
THREADS = int(os.environ["SCALE_THREADS"])
CONNS = int(os.environ["SCALE_CONNECTIONS"])
REPEAT = int(os.environ["SCALE_REPEAT"])
ROUNDS = int(os.environ["SCALE_ROUNDS"])
LUA = os.environ["SCALE_LUA"]
PG_URL = os.environ.get("SCALE_PG_URL", "")
REDIS_PORT = os.environ.get("SCALE_REDIS_PORT", "")
KEEP = os.environ.get("SCALE_KEEP_TMP") == "1"
PASSWORD = "Scale-bench-Password-42!"
ADMIN = "admin@scale.example"
HOLDERS = CONNS + 2 * THREADS + 16      # logged-in users: one refresh chain per connection, spares
report = []


def say(line=""):
    print(line)
    sys.stdout.flush()
    report.append(line)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(url, sql):
    return subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-Atc", sql], check=True,
                          capture_output=True, text=True, timeout=600).stdout


def pg_url(n):
    return " ".join(p for p in PG_URL.split() if not p.startswith("dbname=")) + " dbname=scale_%d" % n


def defines(backend, tmp, port, n):
    if backend == "postgresql":
        store = {"database.connector": "postgresql", "database.url": pg_url(n), "cache.backend": "redis",
                 "redis.port": REDIS_PORT, "redis.keyPrefix": "scale-%d-%d:" % (n, port)}
    else:
        store = {"database.url": os.path.join(tmp, "auth.db")}
    return {**store, "http.host": "127.0.0.1", "http.port": str(port), "http.maxConnectionsPerIp": "20000",
            "mail.outbox.directory": os.path.join(tmp, "mail"), "sms.outbox.file": os.path.join(tmp, "sms.jsonl"),
            "jwt.secret": "scale-bench-secret-0123456789abcdef0123456789", "rateLimit.enabled": "false"}


def call(url, token=None, body=None):
    req = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json",
                                          **({"Authorization": "Bearer " + token} if token else {})})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def seed(backend, url, n):
    """Inserts users 1..n (user<i>@scale.example, proven, the admin's hash) in one statement."""
    started = time.monotonic()
    if backend == "postgresql":
        # A bulk load builds the GIN indexes (trigram, gram) once afterwards instead of
        # row by row ("Populating a Database": remove indexes, then CREATE INDEX): the
        # definitions the migrations made are read back, so nothing here repeats them.
        gin = [d for d in psql(url, "SELECT indexdef FROM pg_indexes WHERE tablename = 'users' "
                                    "AND indexdef LIKE '%USING gin%'").splitlines() if d.strip()]
        for d in gin:
            psql(url, "DROP INDEX %s" % d.split(" INDEX ", 1)[1].split()[0])
        psql(url, """INSERT INTO users (email, phone_number, password_hash, full_name, email_verified, created_at, updated_at)
                     SELECT 'user' || i || '@scale.example', '+1555' || lpad(i::text, 7, '0'),
                            (SELECT password_hash FROM users WHERE email = '%s'), 'Scale Person ' || i, 1, 0, 0
                     FROM generate_series(1, %d) AS i""" % (ADMIN, n))
        # Two builds at a time, one per core, the costliest first (the gram
        # and pair indexes compute their hashes row by row: about 24 and 15 s
        # at 10^6; each trigram index 4 s; the character index of migration
        # 0020 took the seeding from 36 to 44 s), as pg_restore --jobs builds indexes.
        gin.sort(key=lambda d: ("user_search_pairs" not in d, "user_search_grams" not in d))
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda d: psql(url, "SET maintenance_work_mem = '512MB'; " + d), gin))
        psql(url, "VACUUM ANALYZE users")   # what autovacuum leaves: statistics, visibility map
        # and what the checkpointer leaves: the load's dirty buffers written out
        # before the measures instead of during them.
        psql(url, "CHECKPOINT")
    else:
        import sqlite3
        db = sqlite3.connect(url)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        (phc,) = db.execute("SELECT password_hash FROM users WHERE email = ?", (ADMIN,)).fetchone()
        db.execute("""WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
                      INSERT INTO users (email, phone_number, password_hash, full_name, email_verified, created_at, updated_at)
                      SELECT 'user' || i || '@scale.example', '+1555' || printf('%07d', i), ?, 'Scale Person ' || i, 1, 0, 0 FROM s""",
                   (n, phc))
        db.commit()
        # What the retention job's merge steps leave (README "Retention"): each
        # FTS5 search index in one segment (the bulk insert left about 11).
        for table in ("users_search", "user_search_grams", "user_search_pairs"):
            db.execute("INSERT INTO %s(%s) VALUES('optimize')" % (table, table))
        db.commit()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
    return time.monotonic() - started


def spread(n, k):
    """k user numbers spread evenly over 1..n."""
    return [1 + (j * n) // k for j in range(k)]


def wrk(tmp, scen, url, script, *args):
    out = subprocess.run(["wrk", "-t%d" % THREADS, "-c%d" % CONNS, "-d%ds" % SECONDS, "--latency", "--timeout", "10s",
                          "-s", os.path.join(LUA, script), url, "--"] + [str(a) for a in args],
                         capture_output=True, text=True, timeout=SECONDS + 120).stdout
    with open(os.path.join(tmp, "wrk-%s.txt" % scen), "w") as f:
        f.write(out)
    m = re.search(r"^BENCH_RESULT (.*)$", out, re.M)
    if not m:
        return {"note": "no result: " + out[-300:]}
    return {k: float(v) for k, v in (kv.split("=") for kv in m.group(1).split())}


def single_search(base, token, n):
    mid = max(1, n // 2)
    queries = [("email", "user%d@" % mid), ("name", "person %d" % mid), ("phone", "%07d" % mid),
               ("no match", "nobody-here"), ("broad (capped)", "scale"), ("2 chars (pairs)", "zq"),
               ("1 char, rare", "q"), ("1 char, common", "s")]
    rows = []
    for label, q in queries:
        times, body = [], None
        for _ in range(REPEAT):
            t = time.perf_counter()
            body = call(base + "/api/admin/users?page_size=20&q=" + urllib.parse.quote(q), token=token)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        total = "%d%s" % (body["total"], "+" if body.get("total_capped") else "")
        rows.append((label, q, total, statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]))
    return rows


class Sized:
    """One size's database and server, started by prepare() and kept running while
    the scenarios alternate between the sizes."""
    pass


def prepare(backend, n):
    """Seeds n users into a new database, starts AuthServer on it and writes the
    wrk input files (tokens, logins, search paths) into its temporary folder."""
    z = Sized()
    z.n, z.backend = n, backend
    z.tmp = tempfile.mkdtemp(prefix="authserver-scale-")
    port = free_port()
    d = defines(backend, z.tmp, port, n)
    if backend == "postgresql":
        psql(PG_URL, "DROP DATABASE IF EXISTS scale_%d" % n)
        psql(PG_URL, "CREATE DATABASE scale_%d" % n)
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}
    args = ["--define=%s=%s" % kv for kv in d.items()]
    with open(os.path.join(z.tmp, "pw"), "w") as f:
        f.write(PASSWORD + "\n")
    subprocess.run([BIN, "--create-admin", "--email=" + ADMIN, "--password-file=" + os.path.join(z.tmp, "pw")] + args,
                   cwd=z.tmp, env=env, check=True, capture_output=True, timeout=120)
    z.seeded = seed(backend, d["database.url"], n)
    log = open(os.path.join(z.tmp, "server.log"), "wb")
    z.proc = subprocess.Popen([BIN] + args, cwd=z.tmp, env=env, stdout=log, stderr=log)
    z.base = "http://127.0.0.1:%d" % port
    for _ in range(300):
        try:
            urllib.request.urlopen(z.base + "/health", timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    z.admin = call(z.base + "/api/auth/login", body={"email": ADMIN, "password": PASSWORD})["access_token"]
    z.bodies = [{"email": "user%d@scale.example" % i, "password": PASSWORD} for i in spread(n, HOLDERS)]
    tokens = log_in(z)
    files = {"access": [t["access_token"] for t in tokens], "logins": [json.dumps(b) for b in z.bodies],
             "admin": [z.admin]}
    queries = []
    for i in spread(n, 300):
        queries += ["user%d@" % i, "Person %d" % i, "%07d" % i]
    files["search"] = ["/api/admin/users?page_size=20&q=" + urllib.parse.quote(q) for q in queries]
    for name, lines in files.items():
        write_lines(z, name, lines)
    return z


def log_in(z):
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        return list(pool.map(lambda b: call(z.base + "/api/auth/login", body=b), z.bodies))


def write_lines(z, name, lines):
    with open(os.path.join(z.tmp, name + ".txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


def measure(z, scen, round_):
    """One wrk run of scen on z's server."""
    f = lambda name: os.path.join(z.tmp, name + ".txt")
    tag = "%s-%d" % (scen, round_)
    time.sleep(2)
    if scen == "profile":
        return wrk(z.tmp, tag, z.base + "/api/auth/profile", "profile.lua", f("access"))
    if scen == "refresh":
        # Fresh chains for every round: a token of the last round's file has been
        # rotated, and presenting it again would be a reuse (and revoke its family).
        write_lines(z, "refresh", [t["refresh_token"] for t in log_in(z)])
        return wrk(z.tmp, tag, z.base + "/api/auth/token/refresh", "refresh.lua", f("refresh"),
                   THREADS, CONNS // THREADS)
    if scen == "search":
        return wrk(z.tmp, tag, z.base + "/", "search.lua", f("admin"), f("search"))
    if scen == "login":
        return wrk(z.tmp, tag, z.base + "/api/auth/login", "login.lua", f("logins"))
    return {"note": "unknown scenario " + scen}


def median_run(runs):
    """The run of median req/s (its p50 and p99 with it); a note if any run failed."""
    good = [r for r in runs if "rps" in r]
    if len(good) < len(runs):
        return next(r for r in runs if "rps" not in r)
    good.sort(key=lambda r: r["rps"])
    return dict(good[(len(good) - 1) // 2], runs=[r["rps"] for r in runs])


def stop(z):
    z.proc.terminate()
    z.proc.wait(timeout=30)
    if not KEEP:
        shutil.rmtree(z.tmp, ignore_errors=True)
    if z.backend == "postgresql":
        psql(PG_URL, "DROP DATABASE IF EXISTS scale_%d" % z.n)


def run_backend(backend):
    """Every size's server running at once; each scenario runs ROUNDS times per size,
    the sizes taking turns (smallest first in even rounds, largest first in odd ones),
    so that a drift of the shared host between minutes falls on both sizes alike."""
    servers = []
    try:
        for n in SIZES:
            servers.append(prepare(backend, n))
        results = {z.n: {} for z in servers}
        for scen in SCENARIOS:
            runs = {z.n: [] for z in servers}
            for round_ in range(ROUNDS):
                for z in (servers if round_ % 2 == 0 else servers[::-1]):
                    runs[z.n].append(measure(z, scen, round_))
            for z in servers:
                results[z.n][scen] = median_run(runs[z.n])
        singles = {z.n: single_search(z.base, z.admin, z.n) for z in servers}
        return {z.n: z.seeded for z in servers}, results, singles
    finally:
        for z in servers:
            stop(z)


say("bench/scale.sh %s: wrk -t%d -c%d -d%ds, sizes %s, nproc %d, load average %s" % (
    time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), THREADS, CONNS, SECONDS, " ".join(map(str, SIZES)),
    os.cpu_count(), " ".join(open("/proc/loadavg").read().split()[:3])))
if "postgresql" in BACKENDS:
    say("PostgreSQL's shared memory: " + os.environ.get("SCALE_PG_PAGES", "?"))
for backend in BACKENDS:
    label = "PostgreSQL + Redis" if backend == "postgresql" else "SQLite (embedded)"
    seeded, measured, singles = run_backend(backend)
    for n in SIZES:
        say()
        say("%s, %d users (seeded in %.1f s)" % (label, n, seeded[n]))
        say("  %-9s %10s %9s %9s %7s   %s" % ("scenario", "req/s", "p50 ms", "p99 ms", "non2xx",
                                              "req/s of each round (median shown)"))
        for scen, r in measured[n].items():
            if "note" in r:
                say("  %-9s %s" % (scen, r["note"]))
            else:
                say("  %-9s %10.0f %9.2f %9.2f %7d   %s" % (scen, r["rps"], r["p50_ms"], r["p99_ms"], r["non2xx"],
                                                          " ".join("%.0f" % x for x in r["runs"])))
        say("  single search requests, one at a time (%d each):" % REPEAT)
        say("    %-16s %-14s %8s %10s %8s" % ("q", "text", "total", "median ms", "p95 ms"))
        for row in singles[n]:
            say("    %-16s %-14s %8s %10.2f %8.2f" % row)
    if len(SIZES) > 1:
        lo, hi = SIZES[0], SIZES[-1]
        say()
        say("%s, %d / %d users (goal: req/s ratio >= 0.90):" % (label, hi, lo))
        for scen in SCENARIOS:
            a, b = measured[lo].get(scen, {}), measured[hi].get(scen, {})
            if "rps" in a and "rps" in b and a["rps"] > 0:
                say("  %-9s req/s %.2f   p50 %.2f   p99 %.2f" % (scen, b["rps"] / a["rps"],
                    b["p50_ms"] / max(a["p50_ms"], 1e-9), b["p99_ms"] / max(a["p99_ms"], 1e-9)))
with open(os.environ["SCALE_OUT"], "w") as out:
    out.write("\n".join(report) + "\n")
PY
