"""Bearer authentication failures on GET /api/auth/profile
(API.md, Conventions: RFC 6750 §3, §3.1; JWT claims)."""

import time

import jwt
import pytest

from authtest import (
    JWT_SECRET, assert_invalid_token_401, assert_json, assert_problem,
    assert_token_response, b64url_encode, create_verified, flip_char, jwt_compose,
    jwt_parts, login_ok, profile, refresh,
)


def test_missing_authorization_is_401_with_realm_and_no_error(client):
    resp = client.get("/api/auth/profile")
    assert_problem(resp, 401)
    www = resp.headers.get("WWW-Authenticate", "")
    assert www.startswith("Bearer"), www
    assert 'realm="authserver"' in www, www
    assert "error=" not in www, www


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Token abc"])
def test_malformed_authorization_header_is_401(client, header):
    resp = client.get("/api/auth/profile", headers={"Authorization": header})
    assert_problem(resp, 401)
    assert resp.headers.get("WWW-Authenticate", "").startswith("Bearer")


@pytest.mark.parametrize("token", ["abc", "abc.def.ghi", "a.b", "....", "x" * 2000])
def test_garbage_bearer_token_is_invalid_token(client, token):
    assert_invalid_token_401(profile(client, token))


def test_tampered_payload_is_invalid_token(client, shared_login):
    _, t = shared_login
    h, p, s = t["access_token"].split(".")
    assert_invalid_token_401(profile(client, f"{h}.{flip_char(p, len(p) // 2)}.{s}"))


def test_payload_escalated_to_admin_with_original_signature_is_invalid_token(client, shared_login):
    _, t = shared_login
    header, payload, sig = jwt_parts(t["access_token"])
    payload["role"] = "admin"
    assert_invalid_token_401(profile(client, jwt_compose(header, payload, sig)))


def test_tampered_signature_is_invalid_token(client, shared_login):
    _, t = shared_login
    h, p, s = t["access_token"].split(".")
    assert_invalid_token_401(profile(client, f"{h}.{p}.{flip_char(s, 5)}"))


def test_stripped_signature_is_invalid_token(client, shared_login):
    _, t = shared_login
    h, p, _ = t["access_token"].split(".")
    assert_invalid_token_401(profile(client, f"{h}.{p}."))


@pytest.mark.parametrize("alg", ["none", "None", "NONE"])
def test_alg_none_token_is_refused(client, shared_login, alg):
    _, t = shared_login
    _, payload, _ = jwt_parts(t["access_token"])
    assert_invalid_token_401(profile(client, jwt_compose({"alg": alg, "typ": "JWT"}, payload, "")))


def test_hs256_token_signed_with_wrong_secret_is_refused(client, shared_login):
    _, t = shared_login
    _, payload, _ = jwt_parts(t["access_token"])
    forged = jwt.encode(payload, "wrong-secret-" + "z" * 40, algorithm="HS256")
    assert_invalid_token_401(profile(client, forged))


@pytest.mark.parametrize("alg", ["HS384", "HS512"])
def test_token_with_other_alg_is_refused_even_with_right_secret(client, shared_login, alg):
    _, t = shared_login
    _, payload, _ = jwt_parts(t["access_token"])
    assert_invalid_token_401(profile(client, jwt.encode(payload, JWT_SECRET, algorithm=alg)))


def test_token_with_wrong_issuer_is_refused(client, shared_login):
    _, t = shared_login
    _, payload, _ = jwt_parts(t["access_token"])
    payload["iss"] = "someone-else"
    assert_invalid_token_401(profile(client, jwt.encode(payload, JWT_SECRET, algorithm="HS256")))


def test_refresh_token_used_as_access_token_is_refused(client, shared_login):
    _, t = shared_login
    assert_invalid_token_401(profile(client, t["refresh_token"]))


def test_access_token_used_as_refresh_token_is_refused(client, shared_login):
    _, t = shared_login
    assert_problem(refresh(client, t["access_token"]), 401, "invalid_token")


def test_correctly_signed_token_with_past_exp_is_refused(client, shared_login):
    _, t = shared_login
    _, payload, _ = jwt_parts(t["access_token"])
    now = int(time.time())
    payload["iat"], payload["exp"] = now - 2000, now - 1000
    resp = profile(client, jwt.encode(payload, JWT_SECRET, algorithm="HS256"))
    assert_invalid_token_401(resp, codes=("token_expired", "invalid_token"))


# ---- real expiry: a server whose access tokens live 2 s ------------------

@pytest.fixture(scope="module")
def short_lived(start_server):
    return start_server({"jwt.accessTokenLifetime": 2}, name="accessTokenLifetime=2")


def test_expired_access_token_is_401_invalid_token_and_refresh_still_works(short_lived):
    client = short_lived.client
    acc = create_verified(short_lived)
    resp = client.post("/api/auth/login", json={"email": acc.email, "password": acc.password})
    tokens = assert_token_response(resp, access_lifetime=2)
    assert_json(profile(client, tokens["access_token"]), 200)
    time.sleep(3.2)
    assert_invalid_token_401(profile(client, tokens["access_token"]),
                             codes=("token_expired", "invalid_token"))
    fresh = assert_token_response(refresh(client, tokens["refresh_token"]), access_lifetime=2)
    assert_json(profile(client, fresh["access_token"]), 200)
