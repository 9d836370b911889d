"""OWASP ASVS 4.0.3 V3 (session management) and RFC 9700 §4.14 (refresh
token protection), black box. Sessions are refresh-token families (API.md,
JWT claims); session.absoluteLifetime and session.idleTimeout (CONFIG.md)
run here with small values so that the tests wait seconds, not days.
"""

import time

import jwt
import pytest

from authtest import (JWT_SECRET, assert_invalid_token_401, assert_json,
                      assert_problem, create_verified, login, profile, refresh)


def _claims(token):
    return jwt.decode(token, JWT_SECRET, algorithms=["HS256"], options={"verify_aud": False})


def _tokens(resp):
    body = assert_json(resp, 200)
    assert "access_token" in body and "refresh_token" in body, body
    return body


def _login(srv, acc):
    return _tokens(login(srv.client, acc.email, acc.password))


# ---- 3.2: session tokens -------------------------------------------------

def test_asvs_3_2_1_each_login_starts_a_new_session(server, client, account):
    a, b = _login(server, account), _login(server, account)
    assert _claims(a["access_token"])["sid"] != _claims(b["access_token"])["sid"]
    assert a["refresh_token"] != b["refresh_token"]


def test_asvs_3_2_2_session_ids_carry_at_least_64_bits_of_entropy(server, client, account):
    sids = {_claims(_login(server, account)["access_token"])["sid"] for _ in range(5)}
    assert len(sids) == 5
    for sid in sids:
        # base64url of 16 random bytes (128 bits): at least 11 characters
        # would be needed for 64 bits.
        assert len(sid) >= 16, sid


# ---- 3.3: logout and timeouts --------------------------------------------

def test_asvs_3_3_1_logout_invalidates_access_and_refresh_tokens(server, client, account):
    t = _login(server, account)
    assert client.post("/api/auth/logout", token=t["access_token"], json={}).status_code == 204
    assert_invalid_token_401(profile(client, t["access_token"]))
    assert_problem(refresh(client, t["refresh_token"]), 401)


@pytest.fixture(scope="module")
def absolute(start_server):
    # Absolute lifetime 4 s, idle timeout far away, no grace window.
    return start_server({"session.absoluteLifetime": 4, "session.idleTimeout": 3600,
                         "jwt.refreshReuseInterval": 0}, name="absolute-4s")


@pytest.fixture(scope="module")
def idle(start_server):
    # Idle timeout 3 s (whole seconds: a refresh every second stays well
    # inside it), absolute lifetime far away.
    return start_server({"session.absoluteLifetime": 3600, "session.idleTimeout": 3,
                         "jwt.refreshReuseInterval": 0}, name="idle-3s")


def test_asvs_3_3_2_absolute_lifetime_is_not_extended_by_rotation(absolute):
    acc = create_verified(absolute)
    started = time.monotonic()
    t = _login(absolute, acc)
    assert t["refresh_expires_in"] <= 4, t["refresh_expires_in"]
    exp = _claims(t["refresh_token"])["exp"]
    # Rotate every 0.7 s: each new refresh token keeps the session's end.
    rotations = 0
    while time.monotonic() - started < 2.8:
        time.sleep(0.7)
        t = _tokens(refresh(absolute.client, t["refresh_token"]))
        rotations += 1
        assert _claims(t["refresh_token"])["exp"] <= exp
        assert t["refresh_expires_in"] <= 4
    assert rotations >= 3
    time.sleep(max(0.0, 5.2 - (time.monotonic() - started)))
    assert_problem(refresh(absolute.client, t["refresh_token"]), 401,
                   codes=("invalid_token", "token_expired"))
    # A new login starts a new session with a full lifetime.
    _tokens(refresh(absolute.client, _login(absolute, acc)["refresh_token"]))


def test_asvs_3_3_2_idle_timeout_ends_a_session_without_refresh(idle):
    acc = create_verified(idle)
    t = _login(idle, acc)
    # Used within the timeout: alive, and each use restarts the clock.
    for _ in range(3):
        time.sleep(1.0)
        t = _tokens(refresh(idle.client, t["refresh_token"]))
    time.sleep(4.2)
    assert_problem(refresh(idle.client, t["refresh_token"]), 401,
                   codes=("invalid_token", "token_expired"))
    # The session is ended, not only this token: its access token is refused.
    assert_invalid_token_401(profile(idle.client, t["access_token"]))


def test_asvs_3_3_3_password_change_can_end_every_other_session(server, client, account):
    keep, other = _login(server, account), _login(server, account)
    new = "violet tuba " + account.password
    assert_json(client.post("/api/auth/password/change", token=keep["access_token"], json={
        "old_password": account.password, "new_password": new, "new_password_confirm": new}), 200)
    assert_invalid_token_401(profile(client, other["access_token"]))
    assert_json(profile(client, keep["access_token"]), 200)


def test_asvs_3_3_4_users_can_list_and_end_their_active_sessions(server, client, account):
    mine, other = _login(server, account), _login(server, account)
    sessions = assert_json(client.get("/api/auth/sessions", token=mine["access_token"]), 200)["sessions"]
    other_sid = _claims(other["access_token"])["sid"]
    assert other_sid in {s["id"] for s in sessions}
    assert client.delete(f"/api/auth/sessions/{other_sid}", token=mine["access_token"]).status_code == 204
    assert_invalid_token_401(profile(client, other["access_token"]))
    assert_problem(refresh(client, other["refresh_token"]), 401)


# ---- 3.5: token-based sessions -------------------------------------------

def test_asvs_3_5_2_refresh_token_is_not_accepted_as_access_token(client, shared_login):
    _, t = shared_login
    assert_invalid_token_401(profile(client, t["refresh_token"]))


def test_asvs_3_5_3_tampered_or_unsigned_tokens_are_refused(client, shared_login):
    _, t = shared_login
    header, payload, signature = t["access_token"].split(".")
    unsigned = jwt.encode(_claims(t["access_token"]), key=None, algorithm="none")
    forged = jwt.encode({**_claims(t["access_token"]), "role": "admin"}, "another-secret-0123456789-0123456789",
                        algorithm="HS256")
    for token in (unsigned, forged, f"{header}.{payload}.", f"{header}.{payload}x.{signature}"):
        assert_invalid_token_401(profile(client, token))


def test_rfc9700_4_14_refresh_rotation_and_reuse_detection_end_the_session(start_server):
    srv = start_server({"jwt.refreshReuseInterval": 0}, name="refreshReuseInterval=0")
    acc = create_verified(srv)
    t0 = _login(srv, acc)
    t1 = _tokens(refresh(srv.client, t0["refresh_token"]))
    assert t1["refresh_token"] != t0["refresh_token"]           # rotation (§4.14.2)
    assert_problem(refresh(srv.client, t0["refresh_token"]), 401, "token_reused")
    # The whole family is revoked: the legitimate holder's newer token too.
    assert_problem(refresh(srv.client, t1["refresh_token"]), 401, codes=("invalid_token", "token_reused"))
    assert_invalid_token_401(profile(srv.client, t1["access_token"]), codes=("invalid_token", "token_reused"))
