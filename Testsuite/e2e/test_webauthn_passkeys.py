"""Passkeys (W3C WebAuthn Level 2; issue 15, API.md "Second factors"):
registration, passwordless login, a passkey as the second factor of a
password login, removal, and the refusals (challenge reuse, origin, user
verification, counter). The authenticator is software (webauthn_soft.py:
python3-fido2's data classes, keys from python3-cryptography), and
python3-fido2's own relying party (Fido2Server) checks the very same
responses: it must agree with AuthServer's verdicts."""

import pyotp
import pytest
from fido2.client import ClientData
from fido2.ctap2 import AttestationObject, AuthenticatorData
from fido2.server import Fido2Server
from fido2.webauthn import PublicKeyCredentialRpEntity

from authtest import (assert_json, assert_problem, assert_token_response, b64url_decode, b64url_encode, create_verified,
                      login, login_ok, unique_email)
from test_mfa_totp import admin_tokens, audit_events  # noqa: F401 (fixture)
from webauthn_soft import SoftAuthenticator


def rp_id(server):
    return "127.0.0.1"


def register(server, token, authenticator, name=None, **kw):
    options = assert_json(server.client.post("/api/auth/webauthn/register/options", token=token), 200)
    credential, client_data, attestation = authenticator.create(options, **kw)
    body = {"credential": credential}
    if name is not None:
        body["name"] = name
    return options, server.client.post("/api/auth/webauthn/register/verify", json=body, token=token), client_data, attestation


def with_passkey(server, alg="ES256"):
    account = create_verified(server)
    tokens = login_ok(server, account)
    authenticator = SoftAuthenticator(server.base_url, alg)
    _, resp, _, _ = register(server, tokens["access_token"], authenticator, name="Laptop")
    passkey = assert_json(resp, 201)
    return account, tokens, authenticator, passkey


def login_options(server, email=None):
    body = {} if email is None else {"email": email}
    return assert_json(server.client.post("/api/auth/webauthn/login/options", json=body), 200)


def passwordless(server, credential):
    return server.client.post("/api/auth/webauthn/login/verify", json={"credential": credential})


def test_registration_options_follow_webauthn_level3_json(server):
    account = create_verified(server)
    tokens = login_ok(server, account)
    options = assert_json(server.client.post("/api/auth/webauthn/register/options", token=tokens["access_token"]), 200)
    pk = options["publicKey"]
    assert pk["rp"] == {"id": rp_id(server), "name": pk["rp"]["name"]} and pk["rp"]["name"]
    assert len(b64url_decode(pk["challenge"])) == 32
    assert 1 <= len(b64url_decode(pk["user"]["id"])) <= 64
    assert pk["user"]["name"] == account.email
    assert {p["alg"] for p in pk["pubKeyCredParams"]} >= {-7, -257}
    assert all(p["type"] == "public-key" for p in pk["pubKeyCredParams"])
    assert pk["excludeCredentials"] == []
    assert pk["authenticatorSelection"]["residentKey"] == "preferred"
    assert pk["authenticatorSelection"]["userVerification"] == "preferred"
    assert pk["attestation"] == "none"
    assert pk["timeout"] == 300000
    assert_problem(server.client.post("/api/auth/webauthn/register/options"), 401)


@pytest.mark.parametrize("alg", ["ES256", "RS256", "EdDSA"])
def test_passkey_registered_then_passwordless_login_gives_tokens(server, alg):
    account, tokens, authenticator, passkey = with_passkey(server, alg)
    assert set(passkey) == {"id", "name", "created_at", "last_used_at"}
    assert passkey["name"] == "Laptop" and passkey["last_used_at"] is None
    listed = assert_json(server.client.get("/api/auth/webauthn/credentials", token=tokens["access_token"]), 200)
    assert [c["id"] for c in listed["credentials"]] == [passkey["id"]]

    options = login_options(server)
    assert options["publicKey"]["allowCredentials"] == []
    assert options["publicKey"]["userVerification"] == "required"
    assert options["publicKey"]["rpId"] == rp_id(server)
    credential, _, _, _ = authenticator.get(options)
    body = assert_token_response(passwordless(server, credential))
    assert body["user"]["email"] == account.email
    listed = assert_json(server.client.get("/api/auth/webauthn/credentials", token=tokens["access_token"]), 200)
    assert listed["credentials"][0]["last_used_at"] is not None


def test_second_registration_excludes_the_first_passkey(server):
    account, tokens, authenticator, passkey = with_passkey(server)
    options = assert_json(server.client.post("/api/auth/webauthn/register/options", token=tokens["access_token"]), 200)
    assert [b64url_decode(d["id"]) for d in options["publicKey"]["excludeCredentials"]] == [authenticator.credential_id]
    # The same user handle for every passkey of the account.
    assert b64url_decode(options["publicKey"]["user"]["id"]) == authenticator.user_handle
    # The same credential again is refused (one key, one registration).
    credential, _, _ = authenticator.create(options)
    assert_problem(server.client.post("/api/auth/webauthn/register/verify", json={"credential": credential},
                                      token=tokens["access_token"]), 400, "invalid_credential")


def test_fido2_server_agrees_with_authserver_on_the_same_responses(server):
    """python3-fido2's Fido2Server checks the registration and the
    assertions AuthServer checked: both accept the good ones, both refuse a
    forged signature."""
    account = create_verified(server)
    tokens = login_ok(server, account)
    authenticator = SoftAuthenticator(server.base_url)
    fido = Fido2Server(PublicKeyCredentialRpEntity(rp_id(server), "AuthServer"),
                       verify_origin=lambda origin: origin == server.base_url)

    options, resp, client_data, attestation = register(server, tokens["access_token"], authenticator)
    assert_json(resp, 201)
    auth_data = fido.register_complete({"challenge": options["publicKey"]["challenge"], "user_verification": "preferred"},
                                       ClientData(bytes(client_data)), AttestationObject(bytes(attestation)))
    stored = auth_data.credential_data
    assert stored.credential_id == authenticator.credential_id

    options = login_options(server)
    state = {"challenge": options["publicKey"]["challenge"], "user_verification": "required"}
    credential, client_data, auth_data, signature = authenticator.get(options)
    assert fido.authenticate_complete(state, [stored], authenticator.credential_id, ClientData(bytes(client_data)),
                                      AuthenticatorData(bytes(auth_data)), signature) is stored
    assert_token_response(passwordless(server, credential))

    # A forged signature (one bit flipped): both refuse.
    options = login_options(server)
    state = {"challenge": options["publicKey"]["challenge"], "user_verification": "required"}
    credential, client_data, auth_data, signature = authenticator.get(options)
    forged = bytearray(signature)
    forged[-1] ^= 1
    with pytest.raises(ValueError):
        fido.authenticate_complete(state, [stored], authenticator.credential_id, ClientData(bytes(client_data)),
                                   AuthenticatorData(bytes(auth_data)), bytes(forged))
    credential["response"]["signature"] = b64url_encode(bytes(forged))
    assert_problem(passwordless(server, credential), 400, "invalid_credential")


def test_asvs_2_9_2_passkey_challenges_are_random_and_single_use(server):
    _, tokens, authenticator, _ = with_passkey(server)
    first, second = login_options(server), login_options(server)
    challenges = {first["publicKey"]["challenge"], second["publicKey"]["challenge"]}
    registration = assert_json(server.client.post("/api/auth/webauthn/register/options", token=tokens["access_token"]), 200)
    challenges.add(registration["publicKey"]["challenge"])
    assert len(challenges) == 3 and all(len(b64url_decode(c)) == 32 for c in challenges)
    credential, _, _, _ = authenticator.get(first)
    assert_token_response(passwordless(server, credential))
    assert_problem(passwordless(server, credential), 400, "invalid_credential")
    # A challenge the server never gave is refused.
    credential, _, _, _ = authenticator.get({"publicKey": {"challenge": b64url_encode(b"\0" * 32), "rpId": rp_id(server)}})
    assert_problem(passwordless(server, credential), 400, "invalid_credential")


def test_registration_challenge_is_single_use(server):
    account = create_verified(server)
    tokens = login_ok(server, account)
    authenticator = SoftAuthenticator(server.base_url)
    options = assert_json(server.client.post("/api/auth/webauthn/register/options", token=tokens["access_token"]), 200)
    credential, _, _ = authenticator.create(options)
    assert_json(server.client.post("/api/auth/webauthn/register/verify", json={"credential": credential},
                                   token=tokens["access_token"]), 201)
    other = SoftAuthenticator(server.base_url)
    credential, _, _ = other.create(options)
    assert_problem(server.client.post("/api/auth/webauthn/register/verify", json={"credential": credential},
                                      token=tokens["access_token"]), 400, "invalid_credential")


def test_registration_from_another_origin_refused(server):
    account = create_verified(server)
    tokens = login_ok(server, account)
    authenticator = SoftAuthenticator("https://evil.example.test")
    _, resp, _, _ = register(server, tokens["access_token"], authenticator)
    assert_problem(resp, 400, "invalid_credential")
    listed = assert_json(server.client.get("/api/auth/webauthn/credentials", token=tokens["access_token"]), 200)
    assert listed["credentials"] == []


def test_registration_for_another_rp_id_refused(server):
    account = create_verified(server)
    tokens = login_ok(server, account)
    authenticator = SoftAuthenticator(server.base_url)
    _, resp, _, _ = register(server, tokens["access_token"], authenticator, rp_id="example.com")
    assert_problem(resp, 400, "invalid_credential")


def test_passwordless_login_without_user_verification_refused(server):
    _, _, authenticator, _ = with_passkey(server)
    credential, _, _, _ = authenticator.get(login_options(server), uv=False)
    assert_problem(passwordless(server, credential), 400, "invalid_credential")


def test_sign_counter_that_does_not_grow_refused(server):
    _, _, authenticator, _ = with_passkey(server)
    credential, _, _, _ = authenticator.get(login_options(server), counter=5)
    assert_token_response(passwordless(server, credential))
    credential, _, _, _ = authenticator.get(login_options(server), counter=5)
    assert_problem(passwordless(server, credential), 400, "invalid_credential")
    credential, _, _, _ = authenticator.get(login_options(server), counter=6)
    assert_token_response(passwordless(server, credential))


def test_login_options_look_the_same_for_unknown_emails(server):
    account, _, authenticator, _ = with_passkey(server)
    known = login_options(server, account.email)["publicKey"]
    unknown = login_options(server, unique_email())["publicKey"]
    without = login_options(server, create_verified(server).email)["publicKey"]
    assert set(known) == set(unknown) == set(without)
    for options in (known, unknown, without):
        assert len(options["allowCredentials"]) == 1
        assert set(options["allowCredentials"][0]) == {"type", "id"}
        assert len(b64url_decode(options["allowCredentials"][0]["id"])) == 32
    assert b64url_decode(known["allowCredentials"][0]["id"]) == authenticator.credential_id
    # A made-up id is stable, so asking twice tells nothing either.
    email = unique_email()
    assert login_options(server, email)["publicKey"]["allowCredentials"] == \
        login_options(server, email)["publicKey"]["allowCredentials"]


def test_password_login_of_account_with_passkey_asks_for_it_and_login_mfa_finishes(server):
    account, _, authenticator, _ = with_passkey(server)
    chal = assert_json(login(server.client, account.email, account.password), 200)
    assert chal["mfa_required"] is True and chal["methods"] == ["webauthn"]
    assert "access_token" not in chal
    options = chal["webauthn"]
    allowed = [b64url_decode(d["id"]) for d in options["publicKey"]["allowCredentials"]]
    assert allowed == [authenticator.credential_id]
    # An assertion over another challenge (a passwordless one) is refused.
    wrong, _, _, _ = authenticator.get(login_options(server), uv=False)
    assert_problem(server.client.post("/api/auth/login/mfa", json={
        "mfa_challenge": chal["mfa_challenge"], "method": "webauthn", "credential": wrong}), 400, "invalid_credential")
    # User presence is enough for a second factor.
    credential, _, _, _ = authenticator.get(options, uv=False)
    assert_token_response(server.client.post("/api/auth/login/mfa", json={
        "mfa_challenge": chal["mfa_challenge"], "method": "webauthn", "credential": credential}))
    # The challenge is spent.
    credential, _, _, _ = authenticator.get(options, uv=False)
    assert_problem(server.client.post("/api/auth/login/mfa", json={
        "mfa_challenge": chal["mfa_challenge"], "method": "webauthn", "credential": credential}), 400, "otp_expired")


def test_login_mfa_with_webauthn_needs_a_credential_object(server):
    account, _, _, _ = with_passkey(server)
    chal = assert_json(login(server.client, account.email, account.password), 200)
    assert_problem(server.client.post("/api/auth/login/mfa", json={
        "mfa_challenge": chal["mfa_challenge"], "method": "webauthn"}), 400, "validation_error")
    assert_problem(server.client.post("/api/auth/login/mfa", json={
        "mfa_challenge": chal["mfa_challenge"], "method": "webauthn", "credential": "x"}), 400, "validation_error")


def test_account_with_totp_and_passkey_offers_every_method(server):
    account, tokens, authenticator, _ = with_passkey(server)
    setup = assert_json(server.client.post("/api/auth/mfa/totp/setup", token=tokens["access_token"]), 200)
    assert_json(server.client.post("/api/auth/mfa/totp/confirm", json={"code": pyotp.TOTP(setup["secret"]).now()},
                                   token=tokens["access_token"]), 200)
    chal = assert_json(login(server.client, account.email, account.password), 200)
    assert chal["methods"] == ["totp", "recovery_code", "webauthn"]
    credential, _, _, _ = authenticator.get(chal["webauthn"], uv=False)
    assert_token_response(server.client.post("/api/auth/login/mfa", json={
        "mfa_challenge": chal["mfa_challenge"], "method": "webauthn", "credential": credential}))


def test_removed_passkey_no_longer_logs_in_and_both_are_audited(server, admin_tokens):  # noqa: F811
    account, tokens, authenticator, passkey = with_passkey(server)
    user_id = tokens["user"]["id"]
    assert_problem(server.client.delete("/api/auth/webauthn/credentials/999999999", token=tokens["access_token"]), 404, "not_found")
    assert_problem(server.client.delete("/api/auth/webauthn/credentials/abc", token=tokens["access_token"]), 404, "not_found")
    other = login_ok(server, create_verified(server))
    assert_problem(server.client.delete(f"/api/auth/webauthn/credentials/{passkey['id']}", token=other["access_token"]), 404, "not_found")
    resp = server.client.delete(f"/api/auth/webauthn/credentials/{passkey['id']}", token=tokens["access_token"])
    assert resp.status_code == 204, resp.text
    credential, _, _, _ = authenticator.get(login_options(server))
    assert_problem(passwordless(server, credential), 400, "invalid_credential")
    # Without passkeys the password alone logs in again.
    assert "access_token" in assert_json(login(server.client, account.email, account.password), 200)
    assert len(audit_events(server, admin_tokens, user_id, "passkey_added")) == 1
    assert len(audit_events(server, admin_tokens, user_id, "passkey_removed")) == 1


def test_admin_reset_removes_passkeys(server, admin_tokens):  # noqa: F811
    account, tokens, _, _ = with_passkey(server)
    resp = server.client.delete(f"/api/admin/users/{tokens['user']['id']}/mfa", token=admin_tokens["access_token"])
    assert resp.status_code == 204, resp.text
    listed = assert_json(server.client.get("/api/auth/webauthn/credentials", token=tokens["access_token"]), 200)
    assert listed["credentials"] == []


def test_malformed_credentials_answer_400_never_500(server):
    account = create_verified(server)
    tokens = login_ok(server, account)
    assert_problem(server.client.post("/api/auth/webauthn/register/verify", json={}, token=tokens["access_token"]), 400, "validation_error")
    for credential in ({}, {"type": "public-key"}, {"type": "public-key", "response": {"clientDataJSON": "!!"}},
                       {"type": "public-key", "response": {"clientDataJSON": "e30", "attestationObject": "oA"}}):
        assert_problem(server.client.post("/api/auth/webauthn/register/verify", json={"credential": credential},
                                          token=tokens["access_token"]), 400, "invalid_credential")
        assert_problem(passwordless(server, credential), 400, "invalid_credential")
    assert_problem(server.client.post("/api/auth/webauthn/login/verify", json={}), 400, "validation_error")


@pytest.mark.parametrize("define", ["webauthn.origins=https://login.example.test/path",
                                    "webauthn.origins=login.example.test",
                                    "webauthn.origins=https://Login.example.test",
                                    "webauthn.origins=https://login.example.test:443",
                                    "webauthn.rpIdd=login.example.test"])
def test_malformed_webauthn_origins_refused_at_start_up(tmp_path, define):
    from test_config_validation import assert_refused, run_server
    assert_refused(run_server(tmp_path, "--define=" + define), define.split("=")[0])
