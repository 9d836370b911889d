"""Parallel requests (API.md: refresh grace window covers parallel tabs)."""

from concurrent.futures import ThreadPoolExecutor

import jwt

from authtest import (
    JWT_SECRET, Client, assert_json, assert_token_response, login, login_ok, profile,
    refresh,
)


def _parallel(server, n, fn):
    def run(i):
        c = Client(server.base_url)
        try:
            return fn(c, i)
        finally:
            c.close()
    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


def test_eight_parallel_logins_of_one_user_all_succeed(server, account):
    results = _parallel(server, 8, lambda c, i: (login(c, account.email, account.password)))
    bodies = [assert_token_response(r) for r in results]
    sids = {jwt.decode(b["access_token"], JWT_SECRET, algorithms=["HS256"])["sid"] for b in bodies}
    assert len(sids) == 8
    assert len({b["refresh_token"] for b in bodies}) == 8
    for b in bodies:
        assert_json(profile(server.client, b["access_token"]), 200)


def test_parallel_refreshes_of_one_token_all_get_the_same_new_refresh_token(server, account):
    t0 = login_ok(server, account)
    results = _parallel(server, 4, lambda c, i: refresh(c, t0["refresh_token"]))
    bodies = [assert_token_response(r) for r in results]
    assert len({b["refresh_token"] for b in bodies}) == 1, "only one rotation may happen"
    assert_token_response(refresh(server.client, bodies[0]["refresh_token"]))
