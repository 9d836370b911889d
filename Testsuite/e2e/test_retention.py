"""Retention (issue 14): under steady refresh load with short lifetimes and
retention set to seconds, the row counts stay bounded, and nothing still
valid (a live session, an unused unexpired token) is deleted.

Sessions here idle out after 2 s (session.idleTimeout) and are deleted 1 s
later (retention.sessionDays as a fraction of a day); audit events after 3 s;
the job runs every second. Counts are read from the server's SQLite file
(on PostgreSQL with psql). RETENTION_REFRESHES sets the number of refreshes
(default 100,000, issue 14; scripts/test.sh sets 5,000 to keep CI cheap;
bench/retention.sh runs 100,000).
"""

import os
import re
import subprocess
import threading
import time

import requests

from authtest import Client, assert_json, create_verified, register_ok, refresh, verification_token

DAY = 86400.0
IDLE = 2
DEFINES = {
    "session.idleTimeout": IDLE,
    "session.absoluteLifetime": 600,
    "retention.sessionDays": "%.10f" % (1 / DAY),
    "retention.oneTimeTokenDays": "%.10f" % (1 / DAY),
    "audit.retentionDays": "%.10f" % (3 / DAY),
    "retention.interval": 1,
}
REFRESHES = int(os.environ.get("RETENTION_REFRESHES", "100000"))
WORKERS = 4
PER_SESSION = 200          # refreshes before a worker abandons its session
MIN_LOAD_SECONDS = 12      # longer than idle + retention + interval, several times over


class Counter:
    def __init__(self, server):
        self.url = server.defines["database.url"]
        self.postgres = server.defines.get("database.connector") == "postgresql"
        if not self.postgres:
            import sqlite3
            self.db = sqlite3.connect("file:%s?mode=ro" % self.url, uri=True, timeout=10, check_same_thread=False)

    def scalar(self, sql):
        if self.postgres:
            out = subprocess.run(["psql", self.url, "-Atc", sql], check=True, capture_output=True, text=True).stdout
            return int(out.strip())
        return int(self.db.execute(sql).fetchone()[0])

    def counts(self):
        return {t: self.scalar("SELECT COUNT(*) FROM %s" % t)
                for t in ("sessions", "refresh_tokens", "audit_events", "one_time_tokens")}


def deleted_metric(client, table):
    text = client.get("/metrics").text
    m = re.search(r'^authserver_retention_rows_deleted_total\{table="%s"\} (\d+)$' % table, text, re.M)
    assert m, "authserver_retention_rows_deleted_total{table=%s} missing" % table
    return int(m.group(1))


def test_retention_keeps_row_counts_bounded_and_valid_rows(start_server):
    srv = start_server(DEFINES, name="retention")
    counter = Counter(srv)

    # Valid rows that must survive every run: an unused, unexpired
    # verification token, and a session kept alive by a refresh every
    # second (below the 2 s idle timeout) for the whole test.
    pending = register_ok(srv)
    pending_link = verification_token(srv.wait_verification_mail(pending.email))
    keeper_account = create_verified(srv)   # its verification token is used: deleted after 1 s
    r = srv.client.post("/api/auth/login", json={"email": keeper_account.email, "password": keeper_account.password})
    keeper = {"refresh_token": assert_json(r, 200)["refresh_token"], "issued": 1}
    keeper_lock = threading.Lock()

    load_account = create_verified(srv)
    stop = threading.Event()
    failures = []
    totals = {"logins": 1, "refreshes": 0}    # keeper's login counted
    totals_lock = threading.Lock()
    peaks = {"refresh_tokens": 0, "sessions": 0, "audit_events": 0}

    def keep_alive():
        c = Client(srv.base_url)
        while not stop.wait(0.7):
            with keeper_lock:
                r = refresh(c, keeper["refresh_token"])
                if r.status_code != 200:
                    failures.append("keeper refresh: %d %s" % (r.status_code, r.text))
                    return
                keeper["refresh_token"] = r.json()["refresh_token"]
                keeper["issued"] += 1

    def worker():
        c = Client(srv.base_url)
        while not stop.is_set():
            r = c.post("/api/auth/login", json={"email": load_account.email, "password": load_account.password})
            if r.status_code != 200:
                failures.append("login: %d %s" % (r.status_code, r.text))
                return
            with totals_lock:
                totals["logins"] += 1
            token = r.json()["refresh_token"]
            for _ in range(PER_SESSION):
                if stop.is_set():
                    break
                r = refresh(c, token)
                if r.status_code != 200:
                    failures.append("refresh: %d %s" % (r.status_code, r.text))
                    return
                token = r.json()["refresh_token"]
                with totals_lock:
                    totals["refreshes"] += 1
            # The session is abandoned here: it idles out IDLE s later.

    def sampler():
        while not stop.wait(0.5):
            for table, n in counter.counts().items():
                if table in peaks:
                    peaks[table] = max(peaks[table], n)

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    threads += [threading.Thread(target=keep_alive), threading.Thread(target=sampler)]
    started = time.monotonic()
    for t in threads:
        t.start()
    limit = max(120.0, REFRESHES / 50.0)
    while not failures and time.monotonic() - started < limit:
        with totals_lock:
            done = totals["refreshes"]
        if done >= REFRESHES and time.monotonic() - started >= MIN_LOAD_SECONDS:
            break
        time.sleep(0.2)
    stop.set()
    for t in threads:
        t.join(timeout=30)
    assert not failures, failures[:3]
    load_seconds = time.monotonic() - started
    assert totals["refreshes"] >= REFRESHES, "only %d refreshes in %.0f s" % (totals["refreshes"], load_seconds)

    issued = totals["logins"] + totals["refreshes"] + keeper["issued"] - 1
    # Rows were deleted while the load ran: the table never held every token
    # issued (each refresh inserts one), but about a window's worth of them.
    assert peaks["refresh_tokens"] < 0.75 * issued, (peaks, issued, load_seconds)

    # The keeper session is still valid: its refresh rotates.
    c = Client(srv.base_url)
    r = refresh(c, keeper["refresh_token"])
    body = assert_json(r, 200)
    keeper["refresh_token"] = body["refresh_token"]
    keeper["issued"] += 1
    issued += 1

    # Once the load stops, every abandoned session goes within idle +
    # retention + a run (bounded wait): only the keeper's rows stay.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        counts = counter.counts()
        if counts["sessions"] == 1 and counts["one_time_tokens"] == 1:
            break
        r = refresh(c, keeper["refresh_token"])
        keeper["refresh_token"] = assert_json(r, 200)["refresh_token"]
        keeper["issued"] += 1
        issued += 1
        time.sleep(0.5)
    counts = counter.counts()
    assert counts["sessions"] == 1, counts
    assert counts["one_time_tokens"] == 1, counts      # the unused one
    keeper_tokens = counter.scalar("SELECT COUNT(*) FROM refresh_tokens WHERE session_id = "
                                   "(SELECT id FROM sessions LIMIT 1)")
    assert counts["refresh_tokens"] == keeper_tokens, counts
    assert keeper_tokens == keeper["issued"], (keeper_tokens, keeper["issued"])   # rotated, unexpired: kept
    old = counter.scalar("SELECT COUNT(*) FROM audit_events WHERE created_at < %d" % (int(time.time()) - 10))
    assert old == 0, "audit events older than retention + interval remain: %d" % old
    assert counts["audit_events"] < 0.5 * issued, counts

    # The metric counts every row deleted: all tokens issued but those left.
    assert deleted_metric(srv.client, "refresh_tokens") == issued - counts["refresh_tokens"]
    assert deleted_metric(srv.client, "sessions") == totals["logins"] - 1
    assert deleted_metric(srv.client, "one_time_tokens") == 2    # the two used links
    assert deleted_metric(srv.client, "audit_events") > 0
    assert deleted_metric(srv.client, "recovery_codes") == 0
    assert deleted_metric(srv.client, "legacy_token_exchanges") == 0
    # One log line per run, with what it deleted.
    assert re.search(r"retention run: deleted \d+ sessions, \d+ refresh tokens, .* audit events in \d+ ms", srv.logs()), \
        srv.logs(limit=40)

    # The unused verification link still works after all those runs.
    r = srv.client.post("/api/auth/verify-email", json={"token": pending_link})
    assert_json(r, 200)
    # And the keeper session still refreshes.
    assert_json(refresh(c, keeper["refresh_token"]), 200)
    size = ""
    if not counter.postgres:
        # The file stays small too: deleted pages are reused, and each run
        # ends with a TRUNCATE checkpoint, so the write-ahead log does not
        # keep the size it grew to under load (45 MB here without it).
        db_bytes = os.path.getsize(counter.url)
        wal_bytes = os.path.getsize(counter.url + "-wal") if os.path.exists(counter.url + "-wal") else 0
        assert db_bytes < 16 * 1024 * 1024, db_bytes
        assert wal_bytes < 4 * 1024 * 1024, wal_bytes
        size = "; database file %d KiB (+ WAL %d KiB)" % (db_bytes // 1024, wal_bytes // 1024)
    else:
        # Deleted tuples' space is reused after autovacuum; stated, not
        # asserted (autovacuum's timing is the server's).
        size = "; tables %d KiB" % (counter.scalar(
            "SELECT SUM(pg_total_relation_size(c)) FROM unnest(ARRAY['sessions', 'refresh_tokens', "
            "'audit_events', 'one_time_tokens']::regclass[]) AS c") // 1024)
    print("\nretention e2e: %d refreshes, %d logins in %.1f s; peak rows %s; final %s%s"
          % (totals["refreshes"], totals["logins"], load_seconds, peaks, counts, size))
