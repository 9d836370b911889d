"""Several AuthServer processes sharing one database and one cache (issue 5).

With AUTHSERVER_E2E_DEFINES selecting PostgreSQL + Redis (scripts/test.sh,
second pass) they share both, which is the production set-up behind a load
balancer. In the embedded pass two processes share one SQLite file but not
their in-process caches (CONFIG.md: memory is for one process), so only the
checks that rest on the database run there (refresh rotation is a
conditional UPDATE).
"""

import concurrent.futures
import os
import subprocess
import threading

import pytest

import authtest
from authtest import (assert_json, assert_problem, assert_token_response,
                      login, refresh, register_ok, verification_token)


def _pg():
    return authtest.extra_defines().get("database.connector") == "postgresql"


def _shared_defines(**extra):
    defines = authtest.fresh_backend_defines()
    if "database.url" not in defines:
        # Embedded profile: both processes use one SQLite file.
        folder = authtest.tempfile.mkdtemp(prefix="authserver-shared-")
        defines["database.url"] = os.path.join(folder, "shared.db")
    defines.update(extra)
    return defines


@pytest.fixture
def pair():
    defines = _shared_defines(**{"jwt.refreshReuseInterval": "0"})
    a = authtest.Server(defines, name="A").start()
    try:
        b = authtest.Server(defines, name="B").start()
    except Exception:
        a.stop()
        raise
    yield a, b
    for s in (a, b):
        s.stop()
        s.cleanup()


def _redis():
    return authtest.extra_defines().get("cache.backend") == "redis"


@pytest.mark.skipif(not _redis(), reason="several instances need the shared cache (cache.backend=redis): "
                    "with memory each process memoises verified access tokens for itself")
def test_register_on_a_verify_and_login_on_b_refresh_on_a_logout_on_b(pair):
    a, b = pair
    account = register_ok(a)
    msg = a.wait_verification_mail(account.email)
    assert_json(b.client.post("/api/auth/verify-email", json={"token": verification_token(msg)}), 200)

    tokens = assert_token_response(login(b.client, account.email, account.password))
    assert_json(a.client.get("/api/auth/profile", token=tokens["access_token"]), 200)

    rotated = assert_token_response(refresh(a.client, tokens["refresh_token"]))
    assert_json(b.client.get("/api/auth/profile", token=rotated["access_token"]), 200)

    resp = b.client.post("/api/auth/logout", json={"refresh_token": rotated["refresh_token"]},
                         token=rotated["access_token"])
    assert resp.status_code == 204, resp.text

    # A never saw the logout: the shared cache (or the database behind it)
    # must still make it refuse the access token and the refresh token.
    authtest.assert_invalid_token_401(a.client.get("/api/auth/profile", token=rotated["access_token"]),
                                      codes=("invalid_token", "token_revoked"))
    assert_problem(refresh(a.client, rotated["refresh_token"]), 401,
                   codes=("invalid_token", "token_reused", "token_revoked"))


def test_concurrent_double_refresh_across_a_and_b_one_wins_and_family_dies(pair):
    a, b = pair
    account = authtest.create_verified(a)
    for attempt in range(5):
        tokens = assert_token_response(login(a.client, account.email, account.password))
        barrier = threading.Barrier(2, timeout=10)

        def go(server):
            client = authtest.Client(server.base_url)
            try:
                barrier.wait()
                return refresh(client, tokens["refresh_token"])
            finally:
                client.close()

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(go, (a, b)))
        statuses = sorted(r.status_code for r in answers)
        assert statuses == [200, 401], [(r.status_code, r.text) for r in answers]
        loser = next(r for r in answers if r.status_code == 401)
        assert_problem(loser, 401, codes=("token_reused", "invalid_token"))
        winner = next(r for r in answers if r.status_code == 200).json()
        # Reuse detection revoked the whole family, the winner's new tokens too.
        assert_problem(refresh(b.client, winner["refresh_token"]), 401,
                       codes=("invalid_token", "token_reused", "token_revoked"))
        authtest.assert_invalid_token_401(a.client.get("/api/auth/profile", token=winner["access_token"]),
                                          codes=("invalid_token", "token_revoked"))


def _near_cache_hits(server):
    text = server.client.get("/metrics").text
    for line in text.splitlines():
        if line.startswith('authserver_near_cache_total{result="hit"}'):
            return int(float(line.split()[-1]))
    return 0


@pytest.mark.skipif(not _redis(), reason="the near cache sits in front of Redis (cache.backend=redis)")
def test_revocation_on_a_is_immediate_on_b_despite_its_near_cache(pair):
    # Issue 14: B answers warm authenticated requests from its near cache
    # (no Redis round trip); Redis's invalidation of the blacklist / session
    # entries must reach B before A's "logged out" reaches the client, every
    # time (no retry, no sleep).
    a, b = pair
    account = authtest.create_verified(a)
    for attempt in range(50):
        tokens = assert_token_response(login(a.client, account.email, account.password))
        for _ in range(2):  # the second answer comes from B's near cache
            assert_json(b.client.get("/api/auth/profile", token=tokens["access_token"]), 200)
        if attempt % 2 == 0:
            resp = a.client.post("/api/auth/logout", json={"refresh_token": tokens["refresh_token"]},
                                 token=tokens["access_token"])
        else:
            resp = a.client.post("/api/auth/logout", json={"all_sessions": True}, token=tokens["access_token"])
        assert resp.status_code == 204, resp.text
        authtest.assert_invalid_token_401(b.client.get("/api/auth/profile", token=tokens["access_token"]),
                                          codes=("invalid_token", "token_revoked"))
    assert _near_cache_hits(b) >= 50, "B's near cache was never used: the test proves nothing"


@pytest.mark.skipif(not _pg(), reason="advisory-lock migration race needs PostgreSQL")
def test_concurrent_migrate_only_starts_apply_the_schema_once():
    defines = authtest.fresh_backend_defines()
    url = defines["database.url"]
    folder = authtest.tempfile.mkdtemp(prefix="authserver-migrate-")
    args = [authtest.server_binary(), "--migrate-only",
            "--define=database.connector=postgresql", f"--define=database.url={url}",
            f"--define=jwt.secret={authtest.JWT_SECRET}"]
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}
    procs = [subprocess.Popen(args, cwd=folder, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT) for _ in range(4)]
    outputs = [p.communicate(timeout=60)[0].decode(errors="replace") for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outputs
    rows = subprocess.run(["psql", "-Atc", "SELECT version FROM schema_migrations ORDER BY version", url],
                          check=True, capture_output=True, text=True, timeout=30).stdout.split()
    on_disk = sorted(int(f[:4]) for f in os.listdir(os.path.join(authtest.REPO, "Migrations", "postgresql"))
                     if f.endswith(".sql"))
    assert [int(r) for r in rows] == on_disk
