"""Fault tests for the production back ends (issue 5), in the PostgreSQL +
Redis pass of scripts/test.sh (which exports BACKENDS_DIR, REDIS_PORT,
PG_DATA, PG_PORT, PG_BIN of its private servers): Redis killed and
restarted, PostgreSQL restarted, under light load. Requests that need the
down dependency answer 503 service_unavailable (or still succeed), never 500
and never a dropped connection; /ready names the failed dependency and
recovers by itself; nothing committed before the fault is lost.
"""

import os
import subprocess
import threading
import time

import pytest
import requests

import authtest
from authtest import assert_problem, assert_token_response, create_verified, login

pytestmark = pytest.mark.skipif(
    not (os.environ.get("BACKENDS_DIR") and os.environ.get("PG_DATA")
         and authtest.extra_defines().get("cache.backend") == "redis"),
    reason="needs the private PostgreSQL + Redis of scripts/test.sh")


def _backends(action):
    subprocess.run(["bash", "-c", f"source scripts/backends.sh && {action}"], cwd=authtest.REPO,
                   check=True, timeout=60)


class Load:
    """Light load: a login and a profile read every ~50 ms from one thread,
    recording every status (or transport error)."""

    def __init__(self, srv, account):
        self.srv = srv
        self.account = account
        self.statuses = []
        self.errors = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        client = authtest.Client(self.srv.base_url)
        token = None
        deadline = time.monotonic() + 120
        while not self._stop.is_set() and time.monotonic() < deadline:
            try:
                r = _login(client, self.account)
                self.statuses.append(r.status_code)
                if r.status_code == 200:
                    token = r.json()["access_token"]
                if token:
                    self.statuses.append(client.get("/api/auth/profile", token=token, allow_5xx=True).status_code)
            except requests.RequestException as exc:
                self.errors.append(repr(exc))
            time.sleep(0.05)
        client.close()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=30)


def _login(client, account):
    return client.post("/api/auth/login", json={"email": account.email, "password": account.password},
                       allow_5xx=True)


def _ready(srv):
    return srv.client.get("/ready", allow_5xx=True)


def _wait_ready(srv, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = _ready(srv)
        if r.status_code == 200:
            return r
        time.sleep(0.2)
    pytest.fail(f"/ready did not recover within {timeout} s: {r.status_code} {r.text}")


@pytest.fixture
def srv():
    s = authtest.Server(authtest.fresh_backend_defines(), name="faults").start()
    yield s
    s.stop()
    s.cleanup()


def _check_load(load):
    assert not load.errors, load.errors[:5]
    assert 500 not in load.statuses, load.statuses
    assert set(load.statuses) <= {200, 503}, sorted(set(load.statuses))
    assert 200 in load.statuses


def test_redis_killed_and_restarted_under_load(srv):
    account = create_verified(srv)
    try:
        with Load(srv, account) as load:
            time.sleep(0.5)
            _backends("redis_stop")
            time.sleep(1.0)
            r = _ready(srv)
            body = assert_problem(r, 503, "service_unavailable")
            assert body["checks"] == {"database": "ok", "cache": "down"}, body
            _backends("redis_start")
            _wait_ready(srv)
            time.sleep(0.5)
        _check_load(load)
    finally:
        _backends("redis-cli -h 127.0.0.1 -p $REDIS_PORT ping >/dev/null 2>&1 || redis_start")
    assert_token_response(login(srv.client, account.email, account.password))


def test_postgresql_restarted_under_load(srv):
    account = create_verified(srv)
    try:
        with Load(srv, account) as load:
            time.sleep(0.5)
            _backends("pg_stop")
            time.sleep(1.0)
            body = assert_problem(_ready(srv), 503, "service_unavailable")
            assert body["checks"] == {"database": "down", "cache": "ok"}, body
            assert_problem(_login(srv.client, account), 503, "service_unavailable")
            _backends("pg_start")
            _wait_ready(srv)
            time.sleep(0.5)
        _check_load(load)
    finally:
        _backends("[[ -f $PG_DATA/postmaster.pid ]] || pg_start")
    # The account committed before the restart is still there.
    assert_token_response(login(srv.client, account.email, account.password))


def test_revoked_token_refused_while_redis_is_down(srv):
    account = create_verified(srv)
    revoked = assert_token_response(login(srv.client, account.email, account.password))
    live = assert_token_response(login(srv.client, account.email, account.password))
    resp = srv.client.post("/api/auth/logout", token=revoked["access_token"])
    assert resp.status_code == 204, resp.text
    try:
        _backends("redis_stop")
        # The revocation marker is out of reach: the session check falls
        # back to the database, so the logged-out token stays refused ...
        resp = srv.client.get("/api/auth/profile", token=revoked["access_token"], allow_5xx=True)
        authtest.assert_invalid_token_401(resp, codes=("invalid_token", "token_revoked"))
        # ... and the other session still works.
        resp = srv.client.get("/api/auth/profile", token=live["access_token"], allow_5xx=True)
        assert resp.status_code == 200, resp.text
    finally:
        _backends("redis_start")
