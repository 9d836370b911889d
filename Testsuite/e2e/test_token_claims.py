"""JWT claims of access and refresh tokens (API.md, JWT claims)."""

import jwt
import pytest

from authtest import ISSUER, JWT_SECRET, jwt_parts


def decode(token):
    return jwt.decode(token, JWT_SECRET, algorithms=["HS256"], issuer=ISSUER,
                      options={"verify_aud": False, "require": ["exp", "iat", "iss", "sub"]})


@pytest.fixture(scope="module")
def tokens(shared_login):
    return shared_login


def test_access_token_header_alg_is_hs256(tokens):
    _, t = tokens
    assert jwt.get_unverified_header(t["access_token"])["alg"] == "HS256"
    assert jwt.get_unverified_header(t["refresh_token"])["alg"] == "HS256"


def test_access_token_verifies_with_configured_secret_and_issuer(tokens):
    _, t = tokens
    claims = decode(t["access_token"])
    assert claims["iss"] == "authserver"


def test_access_token_times_are_integers_900_seconds_apart(tokens):
    _, t = tokens
    claims = decode(t["access_token"])
    assert type(claims["iat"]) is int, claims
    assert type(claims["exp"]) is int, claims
    assert claims["exp"] - claims["iat"] == 900


def test_access_token_claims_typ_sub_sid_jti_role(tokens):
    acc, t = tokens
    claims = decode(t["access_token"])
    assert claims["typ"] == "access"
    assert claims["sub"] == acc.id and isinstance(claims["sub"], str)
    assert isinstance(claims["sid"], str) and claims["sid"]
    assert isinstance(claims["jti"], str) and claims["jti"]
    assert claims["role"] == "user"
    assert "aud" not in claims  # jwt.audience is not configured


def test_refresh_token_claims_typ_refresh_same_sid_week_lifetime(tokens):
    acc, t = tokens
    access = decode(t["access_token"])
    claims = decode(t["refresh_token"])
    assert claims["typ"] == "refresh"
    assert claims["sid"] == access["sid"]
    assert claims["sub"] == acc.id
    assert type(claims["iat"]) is int and type(claims["exp"]) is int
    assert claims["exp"] - claims["iat"] == 604800
    assert isinstance(claims["jti"], str) and claims["jti"] != access["jti"]


def test_tokens_carry_no_secret_material(tokens):
    acc, t = tokens
    for tok in (t["access_token"], t["refresh_token"]):
        _, payload, _ = jwt_parts(tok)
        blob = str(payload).lower()
        assert acc.password.lower() not in blob
        assert "password" not in blob and "argon2" not in blob


def test_each_login_gets_new_jti_and_sid(server, account):
    from authtest import login_ok
    a, b = login_ok(server, account), login_ok(server, account)
    ca, cb = decode(a["access_token"]), decode(b["access_token"])
    assert ca["jti"] != cb["jti"]
    assert ca["sid"] != cb["sid"]


def test_supplier_access_token_role_is_supplier(server):
    from authtest import create_verified, login_ok
    acc = create_verified(server, supplier=True)
    assert decode(login_ok(server, acc)["access_token"])["role"] == "supplier"
