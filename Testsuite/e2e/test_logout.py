"""POST /api/auth/logout (API.md, Endpoints; revocation is immediate)."""

from authtest import (
    assert_invalid_token_401, assert_json, assert_problem, assert_token_response,
    login_ok, profile, refresh,
)


def assert_refresh_refused(client, token):
    resp = refresh(client, token)
    assert_problem(resp, 401, codes=("invalid_token", "token_reused"))


def test_logout_answers_204_and_revokes_access_and_refresh_token(client, logged_in):
    _, t = logged_in
    resp = client.post("/api/auth/logout", json={"refresh_token": t["refresh_token"]},
                       token=t["access_token"])
    assert resp.status_code == 204, resp.text
    assert resp.content == b""
    assert_invalid_token_401(profile(client, t["access_token"]))
    assert_refresh_refused(client, t["refresh_token"])


def test_logout_without_body_still_revokes_the_session_family(client, logged_in):
    _, t = logged_in
    resp = client.post("/api/auth/logout", token=t["access_token"])
    assert resp.status_code == 204, resp.text
    assert_invalid_token_401(profile(client, t["access_token"]))
    assert_refresh_refused(client, t["refresh_token"])


def test_logout_accepts_trailing_slash(client, logged_in):
    _, t = logged_in
    resp = client.post("/api/auth/logout/", json={}, token=t["access_token"])
    assert resp.status_code == 204, resp.text


def test_logout_revokes_tokens_rotated_earlier_in_the_session(client, logged_in):
    _, t0 = logged_in
    t1 = assert_token_response(refresh(client, t0["refresh_token"]))
    resp = client.post("/api/auth/logout", json={"refresh_token": t1["refresh_token"]},
                       token=t1["access_token"])
    assert resp.status_code == 204, resp.text
    assert_refresh_refused(client, t1["refresh_token"])
    assert_invalid_token_401(profile(client, t0["access_token"]))


def test_logout_keeps_other_sessions_of_the_user(server, client, account):
    a, b = login_ok(server, account), login_ok(server, account)
    resp = client.post("/api/auth/logout", json={"refresh_token": a["refresh_token"]},
                       token=a["access_token"])
    assert resp.status_code == 204, resp.text
    assert_json(profile(client, b["access_token"]), 200)
    assert_token_response(refresh(client, b["refresh_token"]))


def test_logout_all_sessions_revokes_every_session_of_the_user(server, client, account):
    a, b, c = (login_ok(server, account) for _ in range(3))
    resp = client.post("/api/auth/logout",
                       json={"refresh_token": a["refresh_token"], "all_sessions": True},
                       token=a["access_token"])
    assert resp.status_code == 204, resp.text
    for t in (a, b, c):
        assert_invalid_token_401(profile(client, t["access_token"]))
        assert_refresh_refused(client, t["refresh_token"])
    # A new login still works.
    assert_json(profile(client, login_ok(server, account)["access_token"]), 200)


def test_logout_all_sessions_leaves_other_users_alone(server, client, account, shared_login):
    a = login_ok(server, account)
    resp = client.post("/api/auth/logout", json={"all_sessions": True}, token=a["access_token"])
    assert resp.status_code == 204, resp.text
    assert_json(profile(client, shared_login[1]["access_token"]), 200)


def test_logout_without_authorization_is_401(client, logged_in):
    _, t = logged_in
    resp = client.post("/api/auth/logout", json={"refresh_token": t["refresh_token"]})
    assert_problem(resp, 401)
    assert 'realm="authserver"' in resp.headers.get("WWW-Authenticate", "")
    # Nothing was revoked.
    assert_json(profile(client, t["access_token"]), 200)


def test_logout_twice_with_same_access_token_is_401(client, logged_in):
    _, t = logged_in
    assert client.post("/api/auth/logout", token=t["access_token"]).status_code == 204
    assert_invalid_token_401(client.post("/api/auth/logout", token=t["access_token"]))


def test_logout_with_wrong_all_sessions_type_is_validation_error(client, logged_in):
    _, t = logged_in
    resp = client.post("/api/auth/logout", json={"all_sessions": "yes"}, token=t["access_token"])
    assert_problem(resp, 400, "validation_error")
