#!/usr/bin/python3
"""Times `authserver --import-django` of N users (issue 18; goal: 10^5 users
under 20 s on SQLite).

Writes a `manage.py dumpdata auth.user`-shaped file of N users (distinct
emails and usernames, one shared PBKDF2-SHA256 hash as Django 3.2 writes
it: the import stores the string and never verifies it, so one hash costs
what N would), imports it into a fresh SQLite database, then imports it
again (all unchanged) and prints both times and the peak memory (RSS) of
each run. With --postgres the same runs go to a loopback PostgreSQL
started for the run as scripts/backends.sh does (or to the database of
AUTHSERVER_E2E_DEFINES when it is set, as for the e2e suite).

    bench/django_import.py [N] [--postgres]        (default N = 100000)

Environment: AUTHSERVER_BIN (default <repo>/build/bin/authserver).
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Testsuite", "e2e"))
import authtest  # noqa: E402

REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

# django.contrib.auth.hashers.make_password("bench password", "saltsaltsalt12345678ab")
# with Django 3.2's PBKDF2PasswordHasher (260,000 iterations).
HASH = "pbkdf2_sha256$260000$saltsaltsalt12345678ab$0000000000000000000000000000000000000000000="


def write_dump(path, n):
    with open(path, "w") as out:
        out.write("[\n")
        for pk in range(1, n + 1):
            obj = {"model": "auth.user", "pk": pk, "fields": {
                "password": HASH, "last_login": "2024-05-01T10:00:00.123Z", "is_superuser": False,
                "username": f"user{pk}", "first_name": "Bench", "last_name": f"User {pk}",
                "email": f"User{pk}@Example.com", "is_staff": False, "is_active": True,
                "date_joined": "2023-01-01T00:00:00Z", "groups": [], "user_permissions": []}}
            out.write(json.dumps(obj))
            out.write(",\n" if pk < n else "\n")
        out.write("]\n")


def timed(server, dump):
    cmd = [server.binary] + [f"--define={k}={v}" for k, v in server.defines.items()] + [f"--import-django={dump}"]
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=server.tmp, env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu_before
    if proc.returncode != 0:
        sys.exit(f"import failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return elapsed, cpu, proc.stdout.splitlines()[0], max(peak, before)


def start_postgres():
    """Starts a loopback PostgreSQL through scripts/backends.sh; returns the
    AUTHSERVER_E2E_DEFINES value for it and the environment that stops it."""
    out = subprocess.run(["bash", "-c", "set -e; source scripts/backends.sh; start_postgres >&2; "
                          "echo \"$BACKENDS_DIR|$PG_DATA|$PG_BIN|$PG_PORT|$PG_URL\""],
                         cwd=REPO, check=True, capture_output=True, text=True, timeout=120).stdout
    backends, data, pg_bin, port, url = out.strip().splitlines()[-1].split("|")
    stop = {"BACKENDS_DIR": backends, "PG_DATA": data, "PG_BIN": pg_bin, "PG_PORT": port}
    return f"database.connector=postgresql;database.url={url.replace('dbname=authserver', 'dbname={db}')}", stop


def stop_postgres(stop):
    subprocess.run(["bash", "-c", "source scripts/backends.sh; stop_backends"], cwd=REPO,
                   env={**os.environ, **stop}, timeout=120)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 100000
    stop = None
    if "--postgres" in sys.argv and "postgresql" not in os.environ.get("AUTHSERVER_E2E_DEFINES", ""):
        os.environ["AUTHSERVER_E2E_DEFINES"], stop = start_postgres()
    try:
        run(n)
    finally:
        if stop:
            stop_postgres(stop)


def run(n):
    server = authtest.Server(name="django-import-bench")
    print(f"database: {server.defines.get('database.connector', 'sqlite')}")
    dump = os.path.join(tempfile.mkdtemp(prefix="authserver-dump-"), "users.json")
    write_dump(dump, n)
    print(f"dump: {n} users, {os.path.getsize(dump) / 1e6:.1f} MB")
    for label in ("first import", "re-import"):
        elapsed, cpu, summary, peak_kib = timed(server, dump)
        print(f"{label}: {elapsed:.1f} s wall, {cpu:.1f} s CPU ({n / elapsed:,.0f} users/s), "
              f"peak RSS {peak_kib / 1024:.0f} MiB, load average {os.getloadavg()[0]:.1f}: {summary}")
    os.remove(dump)
    os.rmdir(os.path.dirname(dump))
    server.cleanup()


if __name__ == "__main__":
    main()
