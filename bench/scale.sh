#!/usr/bin/env bash
# Admin user search at scale (issue 14): seeds SCALE_SIZES users (default
# 1,000 and 1,000,000) into a fresh SQLite database, all sharing one Argon2id
# hash (the admin's, made by `authserver --create-admin`), starts AuthServer
# on it and times GET /api/admin/users?q=... for a few selective search texts
# (email, name and phone substrings, 3+ characters: the trigram index) and a
# 2-character one (the scan fallback). Prints seeding time and, per size and
# query, median / p95 / max milliseconds over SCALE_REPEAT requests.
#
#   bench/scale.sh
#
# Environment: AUTHSERVER_BIN (default <repo>/build/bin/authserver),
# SCALE_SIZES (e.g. "1000 1000000"), SCALE_REPEAT (default 50),
# SCALE_PG_URL: a libpq connection string of a PostgreSQL server whose user
# may create databases (e.g. scripts/backends.sh's PG_URL): then each size
# runs in a fresh database scale_<n> there, seeded with psql.
set -euo pipefail
cd "$(dirname "$0")/.."
export AUTHSERVER_BIN="${AUTHSERVER_BIN:-$PWD/build/bin/authserver}"
export SCALE_SIZES="${SCALE_SIZES:-1000 1000000}"
export SCALE_REPEAT="${SCALE_REPEAT:-50}"
exec /usr/bin/python3 - <<'PY'
import json, os, shutil, socket, sqlite3, statistics, subprocess, sys, tempfile, time
import urllib.parse, urllib.request

BIN = os.environ["AUTHSERVER_BIN"]
SIZES = [int(s) for s in os.environ["SCALE_SIZES"].split()]
REPEAT = int(os.environ["SCALE_REPEAT"])
PG_URL = os.environ.get("SCALE_PG_URL", "")
PASSWORD = "Scale-bench-Password-42!"
ADMIN = "admin@scale.example"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_url(n):
    return " ".join(p for p in PG_URL.split() if not p.startswith("dbname=")) + " dbname=scale_%d" % n


def psql(url, sql):
    return subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-Atc", sql], check=True, capture_output=True, text=True).stdout


def defines(tmp, port, n):
    backend = {"database.url": os.path.join(tmp, "auth.db")}
    if PG_URL:
        backend = {"database.connector": "postgresql", "database.url": pg_url(n)}
    return {**backend, "http.host": "127.0.0.1", "http.port": str(port),
            "mail.outbox.directory": os.path.join(tmp, "mail"), "sms.outbox.file": os.path.join(tmp, "sms.jsonl"),
            "jwt.secret": "scale-bench-secret-0123456789abcdef0123456789", "rateLimit.enabled": "false",
            "retention.interval": "3600"}


def args(d):
    return ["--define=%s=%s" % kv for kv in d.items()]


def call(url, token=None, body=None):
    req = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json", **({"Authorization": "Bearer " + token} if token else {})})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def seed_pg(url, n):
    started = time.monotonic()
    psql(url, """INSERT INTO users (email, phone_number, password_hash, full_name, email_verified, created_at, updated_at)
                 SELECT 'user' || i || '@scale.example', '+1555' || lpad(i::text, 7, '0'),
                        (SELECT password_hash FROM users WHERE email = '%s'), 'Scale Person ' || i, 1, 0, 0
                 FROM generate_series(1, %d) AS i""" % (ADMIN, n))
    psql(url, "ANALYZE users")
    return time.monotonic() - started


def seed(db_path, n):
    if PG_URL:
        return seed_pg(db_path, n)
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    (phc,) = db.execute("SELECT password_hash FROM users WHERE email = ?", (ADMIN,)).fetchone()
    started = time.monotonic()
    db.execute("""WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
                  INSERT INTO users (email, phone_number, password_hash, full_name, email_verified, created_at, updated_at)
                  SELECT 'user' || i || '@scale.example', '+1555' || printf('%07d', i), ?, 'Scale Person ' || i, 1, 0, 0 FROM s""",
               (n, phc))
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return time.monotonic() - started


def run(n):
    tmp = tempfile.mkdtemp(prefix="authserver-scale-")
    port = free_port()
    d = defines(tmp, port, n)
    if PG_URL:
        psql(PG_URL, "DROP DATABASE IF EXISTS scale_%d" % n)
        psql(PG_URL, "CREATE DATABASE scale_%d" % n)
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}
    pw = os.path.join(tmp, "pw")
    with open(pw, "w") as f:
        f.write(PASSWORD + "\n")
    subprocess.run([BIN, "--create-admin", "--email=" + ADMIN, "--password-file=" + pw] + args(d),
                   cwd=tmp, env=env, check=True, capture_output=True)
    seconds = seed(d["database.url"], n)
    log = open(os.path.join(tmp, "server.log"), "wb")
    proc = subprocess.Popen([BIN] + args(d), cwd=tmp, env=env, stdout=log, stderr=log)
    try:
        base = "http://127.0.0.1:%d" % port
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        token = call(base + "/api/auth/login", body={"email": ADMIN, "password": PASSWORD})["access_token"]
        mid = max(1, n // 2)
        queries = [("email", "user%d@" % mid), ("name", "person %d" % mid), ("phone", "%07d" % mid),
                   ("no match", "nobody-here"), ("2 chars (scan)", "zq")]
        rows = []
        for label, q in queries:
            times = []
            total = None
            for _ in range(REPEAT):
                t = time.perf_counter()
                body = call(base + "/api/admin/users?page_size=20&q=" + urllib.parse.quote(q), token=token)
                times.append((time.perf_counter() - t) * 1000)
                total = body["total"]
            times.sort()
            rows.append((label, q, total, statistics.median(times), times[int(len(times) * 0.95) - 1], times[-1]))
        print("\n%d users, %s (seeded in %.1f s):" % (n, "PostgreSQL" if PG_URL else "SQLite", seconds))
        print("  %-16s %-20s %8s %9s %9s %9s" % ("query", "q", "total", "median ms", "p95 ms", "max ms"))
        for r in rows:
            print("  %-16s %-20s %8d %9.2f %9.2f %9.2f" % r)
        sys.stdout.flush()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


for n in SIZES:
    run(n)
PY
