"""RFC 8725 (JSON Web Token Best Current Practices), black-box: each test
names the section it proves. The HS256 cases use the shared server; the
asymmetric cases a server with an ES256 key from --generate-keys."""

import os
import shutil
import subprocess
import tempfile
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

import authtest
from authtest import (
    JWT_SECRET, assert_invalid_token_401, assert_problem, jwt_compose, jwt_parts, login_ok, profile, refresh,
)
from test_jwks import generate_keys


@pytest.fixture(scope="module")
def es256():
    """(server, tokens, public key PEM) of a server signing with ES256."""
    keydir = tempfile.mkdtemp(prefix="authserver-rfc8725-")
    props = generate_keys(os.path.join(keydir, "k"), "ES256")
    srv = authtest.Server(props, name="rfc8725-es256")
    srv.start()
    try:
        acc = authtest.create_verified(srv)
        tokens = login_ok(srv, acc)
        with open(props["jwt.publicKeyFile"], "rb") as f:
            pem = f.read()
        yield srv, tokens, pem
    finally:
        srv.stop()
        srv.cleanup()
        shutil.rmtree(keydir, ignore_errors=True)


def resign(payload, header=None, key=JWT_SECRET, alg="HS256"):
    return jwt.encode(payload, key, algorithm=alg, headers=header)


def test_rfc8725_3_1_alg_none_refused(client, shared_login):
    _, t = shared_login
    _, payload, _ = jwt_parts(t["access_token"])
    for alg in ("none", "None", "nOnE", ""):
        assert_invalid_token_401(profile(client, jwt_compose({"alg": alg, "typ": "JWT"}, payload, "")))


def test_rfc8725_3_1_only_the_configured_algorithm_is_accepted(client, shared_login):
    _, t = shared_login
    _, payload, _ = jwt_parts(t["access_token"])
    for alg in ("HS384", "HS512"):
        assert_invalid_token_401(profile(client, resign(payload, alg=alg)))
    # alg missing, not a string, or a list.
    for header in ({"typ": "JWT"}, {"alg": 256}, {"alg": ["HS256"]}):
        h = jwt_compose(header, payload, "").split(".")[0]
        assert_invalid_token_401(profile(client, f"{h}.{t['access_token'].split('.')[1]}.{t['access_token'].split('.')[2]}"))


def test_rfc8725_3_1_hs256_signed_with_the_public_key_is_refused_under_es256(es256):
    srv, tokens, pem = es256
    _, payload, _ = jwt_parts(tokens["access_token"])
    # The classic confusion attack: HMAC keyed with the public key bytes.
    import hmac, hashlib
    header = {"alg": "HS256", "typ": "JWT", "kid": jwt_parts(tokens["access_token"])[0]["kid"]}
    unsigned = jwt_compose(header, payload, "")[:-1]
    sig = authtest.b64url_encode(hmac.new(pem, unsigned.encode(), hashlib.sha256).digest())
    assert_invalid_token_401(profile(srv.client, unsigned + "." + sig))
    assert_invalid_token_401(profile(srv.client, jwt_compose({"alg": "none"}, payload, "")))
    assert profile(srv.client, tokens["access_token"]).status_code == 200


def test_rfc8725_3_2_key_strength_short_hs256_secret_refused_at_start(tmp_path):
    proc = subprocess.run([authtest.server_binary(), "--define=jwt.secret=" + "s" * 31, "--define=http.port=0",
                           f"--define=database.url={tmp_path}/a.db"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL,
                          env={k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")})
    assert proc.returncode == 78, proc.stdout + proc.stderr
    assert "jwt.secret" in proc.stderr


def test_rfc8725_3_3_every_signature_is_verified(client, shared_login):
    _, t = shared_login
    h, p, s = t["access_token"].split(".")
    for i in (0, len(s) // 2, len(s) - 2):
        assert_invalid_token_401(profile(client, f"{h}.{p}.{authtest.flip_char(s, i)}"))
    assert_invalid_token_401(profile(client, f"{h}.{p}."))
    assert_invalid_token_401(profile(client, f"{h}.{p}"))


def test_rfc8725_3_8_issuer_is_validated(client, shared_login):
    _, t = shared_login
    _, payload, _ = jwt_parts(t["access_token"])
    for iss in ("someone-else", "", None, 5, ["authserver"]):
        forged = dict(payload)
        if iss is None:
            del forged["iss"]
        else:
            forged["iss"] = iss
        assert_invalid_token_401(profile(client, resign(forged)))


def test_rfc8725_3_9_audience_is_validated_when_configured(start_server):
    srv = start_server({"jwt.audience": "orders-api"}, name="rfc8725-aud")
    acc = authtest.create_verified(srv)
    t = login_ok(srv, acc)
    _, payload, _ = jwt_parts(t["access_token"])
    assert payload["aud"] == "orders-api"
    for aud in ("billing-api", ["billing-api"], None, ""):
        forged = dict(payload)
        if aud is None:
            del forged["aud"]
        else:
            forged["aud"] = aud
        assert_invalid_token_401(profile(srv.client, resign(forged)))
    forged = dict(payload, aud=["billing-api", "orders-api"])
    assert profile(srv.client, resign(forged)).status_code == 200


def test_rfc8725_3_10_unknown_or_hostile_kid_is_refused(es256):
    srv, tokens, _ = es256
    h, p, s = tokens["access_token"].split(".")
    header, _, _ = jwt_parts(tokens["access_token"])
    for kid in ("../../../../dev/null", "' OR 1=1 --", "", "x" * 5000, 7, None):
        forged_header = dict(header)
        if kid is None:
            del forged_header["kid"]
        else:
            forged_header["kid"] = kid
        hh = jwt_compose(forged_header, {}, "").split(".")[0]
        assert_invalid_token_401(profile(srv.client, f"{hh}.{p}.{s}"))


def test_rfc8725_3_11_explicit_typing_access_and_refresh_are_not_interchangeable(client, shared_login):
    _, t = shared_login
    assert_invalid_token_401(profile(client, t["refresh_token"]))
    assert_problem(refresh(client, t["access_token"]), 401, "invalid_token")
    # Retyping a token needs the key: a re-signed one with a wrong typ fails.
    _, payload, _ = jwt_parts(t["access_token"])
    for typ in ("refresh", "ACCESS", "", None, "at+jwt"):
        forged = dict(payload)
        if typ is None:
            del forged["typ"]
        else:
            forged["typ"] = typ
        assert_invalid_token_401(profile(client, resign(forged)))


def test_rfc8725_3_12_validation_rules_are_mutually_exclusive_per_kind(client, shared_login):
    # An access token that also carries every refresh-token claim is still
    # only an access token; a refresh token with a role is still no access token.
    _, t = shared_login
    _, access, _ = jwt_parts(t["access_token"])
    _, refresh_claims, _ = jwt_parts(t["refresh_token"])
    assert access["typ"] == "access" and refresh_claims["typ"] == "refresh"
    assert_problem(refresh(client, resign(dict(access))), 401, "invalid_token")
    with_role = dict(refresh_claims, role="admin")
    assert_invalid_token_401(profile(client, resign(with_role)))


def test_rfc7519_4_1_4_expiry_is_enforced(client, shared_login):
    _, t = shared_login
    _, payload, _ = jwt_parts(t["access_token"])
    now = int(time.time())
    for exp in (now - 1, None, "4102444800", 4102444800.5):
        forged = dict(payload)
        if exp is None:
            del forged["exp"]
        else:
            forged["exp"] = exp
        assert_invalid_token_401(profile(client, resign(forged)), codes=("invalid_token", "token_expired"))
