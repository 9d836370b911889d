"""POST /api/auth/token/refresh: rotation, grace window and reuse detection
(API.md, Endpoints and JWT claims)."""

import jwt
import pytest

from authtest import (
    JWT_SECRET, assert_invalid_token_401, assert_json, assert_problem,
    assert_token_response, create_verified, login_ok, profile, refresh,
)


def claims(token):
    return jwt.decode(token, JWT_SECRET, algorithms=["HS256"], options={"verify_aud": False})


def test_refresh_rotates_to_new_tokens_in_same_session(client, logged_in):
    acc, t0 = logged_in
    t1 = assert_token_response(refresh(client, t0["refresh_token"]))
    assert t1["access_token"] != t0["access_token"]
    assert t1["refresh_token"] != t0["refresh_token"]
    assert claims(t1["refresh_token"])["sid"] == claims(t0["refresh_token"])["sid"]
    assert claims(t1["access_token"])["sid"] == claims(t0["access_token"])["sid"]
    assert claims(t1["refresh_token"])["jti"] != claims(t0["refresh_token"])["jti"]
    assert t1["user"]["id"] == acc.id
    assert_json(profile(client, t1["access_token"]), 200)


def test_refresh_accepts_trailing_slash(client, logged_in):
    _, t0 = logged_in
    assert_token_response(client.post("/api/auth/token/refresh/",
                                      json={"refresh_token": t0["refresh_token"]}))


def test_refresh_retry_within_grace_window_returns_same_new_refresh_token(client, logged_in):
    _, t0 = logged_in
    t1 = assert_token_response(refresh(client, t0["refresh_token"]))
    retry = assert_token_response(refresh(client, t0["refresh_token"]))
    assert retry["refresh_token"] == t1["refresh_token"]
    # Only one rotation happened: the new token still works and rotates on.
    t2 = assert_token_response(refresh(client, t1["refresh_token"]))
    assert t2["refresh_token"] not in (t0["refresh_token"], t1["refresh_token"])
    assert_json(profile(client, t2["access_token"]), 200)


def test_refresh_chain_of_rotations_keeps_working(client, logged_in):
    _, t = logged_in
    seen = {t["refresh_token"]}
    for _ in range(4):
        t = assert_token_response(refresh(client, t["refresh_token"]))
        assert t["refresh_token"] not in seen
        seen.add(t["refresh_token"])
    assert_json(profile(client, t["access_token"]), 200)


@pytest.mark.parametrize("token", ["garbage", "a.b.c", ""])
def test_refresh_with_garbage_token_is_refused(client, token):
    resp = refresh(client, token)
    assert resp.status_code in (400, 401), resp.text
    assert_problem(resp, resp.status_code,
                   codes=("invalid_token", "validation_error"))


def test_refresh_without_refresh_token_field_is_refused(client):
    resp = client.post("/api/auth/token/refresh", json={})
    assert resp.status_code in (400, 401), resp.text
    assert_problem(resp, resp.status_code, codes=("validation_error", "invalid_token"))


def test_refresh_with_wrong_type_is_validation_error(client):
    assert_problem(client.post("/api/auth/token/refresh", json={"refresh_token": 42}),
                   400, "validation_error")


def test_access_token_presented_as_refresh_token_is_invalid_token(client, logged_in):
    _, t = logged_in
    assert_problem(refresh(client, t["access_token"]), 401, "invalid_token")


def test_refresh_token_signed_with_wrong_secret_is_invalid_token(client, logged_in):
    _, t = logged_in
    forged = jwt.encode(claims(t["refresh_token"]), "x" * 48, algorithm="HS256")
    assert_problem(refresh(client, forged), 401, "invalid_token")


# ---- reuse detection (jwt.refreshReuseInterval=0: no grace window) -------

@pytest.fixture(scope="module")
def nograce(start_server):
    return start_server({"jwt.refreshReuseInterval": 0}, name="refreshReuseInterval=0")


def test_reuse_of_rotated_refresh_token_is_token_reused_and_kills_the_session(nograce):
    client = nograce.client
    acc = create_verified(nograce)
    t0 = login_ok(nograce, acc)
    t1 = assert_token_response(refresh(client, t0["refresh_token"]))

    assert_problem(refresh(client, t0["refresh_token"]), 401, "token_reused")

    # The newest refresh token of that family is refused too ...
    resp = refresh(client, t1["refresh_token"])
    assert_problem(resp, 401, codes=("invalid_token", "token_reused"))
    # ... and so are the session's access tokens, at once.
    assert_invalid_token_401(profile(client, t1["access_token"]),
                             codes=("invalid_token", "token_reused"))
    assert_invalid_token_401(profile(client, t0["access_token"]),
                             codes=("invalid_token", "token_reused"))


def test_reuse_detection_leaves_the_users_other_sessions_alone(nograce):
    client = nograce.client
    acc = create_verified(nograce)
    victim = login_ok(nograce, acc)
    other = login_ok(nograce, acc)
    assert_token_response(refresh(client, victim["refresh_token"]))
    assert_problem(refresh(client, victim["refresh_token"]), 401, "token_reused")
    assert_json(profile(client, other["access_token"]), 200)
    assert_token_response(refresh(client, other["refresh_token"]))


def test_without_grace_window_an_immediate_retry_is_already_reuse(nograce):
    client = nograce.client
    acc = create_verified(nograce)
    t0 = login_ok(nograce, acc)
    assert_token_response(refresh(client, t0["refresh_token"]))
    assert_problem(refresh(client, t0["refresh_token"]), 401, "token_reused")
