"""Compatibility profile `accounts` (Docs/COMPAT.md): the Acceptance flow as
the old DRF + simplejwt clients send it, JSON and form-encoded."""

import pytest

from authtest import (
    reset_token, strong_password, unique_email, verification_token,
)
from compat import (
    assert_drf_401, assert_drf_user, assert_login_answer, claims, indian_mobile,
)
from messaging import mail_code, wait_otp_mail, wait_reset_mail


DEFINES = {
    "compat.profiles": "accounts",
    "phone.defaultRegion": "IN",
    "auth.requireEmailVerification": "false",
}


@pytest.fixture(scope="module")
def accounts(start_server):
    return start_server(DEFINES)


def register_body(email=None, password=None, **extra):
    password = password or strong_password()
    body = {"email": email or unique_email("acc"), "full_name": "Asha Rao", "contact": indian_mobile(),
            "password": password, "password2": password, "role": "user"}
    body.update(extra)
    return body


def test_accounts_acceptance_flow(accounts):
    c = accounts.client
    body = register_body()
    email, password = body["email"], body["password"]
    r = c.post("/api/accounts/register/user/", json=body)
    assert r.status_code == 201, r.text
    user = r.json()
    assert_drf_user(user, email)
    assert user["contact"] == "+91" + body["contact"] and user["phone_number"] == user["contact"], user
    assert user["role"] == "user"

    # Only a proven address is taken (native rule): verify it first.
    token = verification_token(accounts.wait_verification_mail(email))
    r = c.post("/api/accounts/verify-email/", json={"token": token})
    assert r.status_code == 200, r.text
    assert r.json()["message"] == "Email verified successfully."
    assert r.json()["user"]["email_verified"] is True
    again = c.post("/api/accounts/register/user/", json=register_body(email=email))
    assert again.status_code == 400, again.text
    assert again.json() == {"email": ["user with this email already exists."]}

    supplier = register_body()
    del supplier["role"]
    r = c.post("/api/accounts/register/supplier/", json=supplier)
    assert r.status_code == 201, r.text
    assert r.json()["role"] == "supplier"

    login = assert_login_answer(c.post("/api/accounts/login/", json={"email": email, "password": password}), email)
    r = c.get("/api/accounts/profile/", token=login["access"])
    assert r.status_code == 200, r.text
    assert_drf_user(r.json(), email)

    r = c.post("/api/token/refresh/", json={"refresh": login["refresh"]})
    assert r.status_code == 200, r.text
    pair = r.json()
    assert set(pair) == {"access", "refresh"}, pair
    assert claims(pair["access"])["token_type"] == "access"
    garbage = c.post("/api/token/refresh/", json={"refresh": "garbage"})
    assert assert_drf_401(garbage)["code"] == "token_not_valid"

    # The supplier has not verified yet: a new mail, verified by its link.
    seen = set(accounts.mails_to(supplier["email"]))
    r = c.post("/api/accounts/resend-verification/", json={"email": supplier["email"]})
    assert r.status_code == 200 and "message" in r.json(), r.text
    token = verification_token(accounts.wait_verification_mail(supplier["email"], exclude=seen))
    r = c.post("/api/accounts/verify-email/", json={"token": token})
    assert r.status_code == 200 and r.json()["user"]["email"] == supplier["email"], r.text

    seen = set(accounts.mails_to(email))
    r = c.post("/api/accounts/otp/request/", json={"email": email})
    assert r.status_code == 200 and r.json() == {"message": "OTP sent."}, r.text
    code = mail_code(wait_otp_mail(accounts, email, seen))
    assert_login_answer(c.post("/api/accounts/otp/verify/", json={"email": email, "otp": code}), email)

    seen = set(accounts.mails_to(email))
    r = c.post("/api/accounts/password-reset/request/", json={"email": email})
    assert r.status_code == 200 and "message" in r.json(), r.text
    reset = reset_token(wait_reset_mail(accounts, email, seen))
    new = strong_password()
    r = c.post("/api/accounts/password-reset/confirm/", json={"token": reset, "new_password": new, "new_password2": new})
    assert r.status_code == 200 and r.json() == {"message": "Password has been reset."}, r.text

    login = assert_login_answer(c.post("/api/accounts/login/", json={"email": email, "password": new}), email)
    r = c.post("/api/accounts/logout/", json={"refresh": login["refresh"]}, token=login["access"])
    assert r.status_code == 200 and r.json() == {}, r.text
    assert_drf_401(c.get("/api/accounts/profile/", token=login["access"]))
    assert_drf_401(c.post("/api/token/refresh/", json={"refresh": login["refresh"]}))


def test_accounts_register_form_encoded(accounts):
    c = accounts.client
    body = register_body()
    body["full_name"] = ""  # an empty optional form field is absent
    r = c.post("/api/accounts/register/user/", data=body)
    assert r.status_code == 201, r.text
    assert_drf_user(r.json(), body["email"])
    login = c.post("/api/accounts/login/", data={"email": body["email"], "password": body["password"]})
    assert_login_answer(login, body["email"])


def test_accounts_field_given_twice_is_non_field_error(accounts):
    body = register_body()
    body["password_confirm"] = body["password2"]
    r = accounts.client.post("/api/accounts/register/user/", json=body)
    assert r.status_code == 400, r.text
    assert r.json() == {"non_field_errors": ["Field 'password_confirm' was given more than once."]}
    form = "email=a%40example.com&email=b%40example.com&password=x"
    r = accounts.client.post("/api/accounts/login/", data=form,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and r.json() == {"non_field_errors": ["Field 'email' was given more than once."]}, r.text


def test_accounts_drf_errors(accounts):
    c = accounts.client
    body = register_body(password2="something-else-entirely-9")
    r = c.post("/api/accounts/register/user/", json=body)
    assert r.status_code == 400 and r.json() == {"password": ["Password fields didn't match."]}, r.text
    r = c.post("/api/accounts/register/user/", json=register_body(contact="12"))
    assert r.status_code == 400 and list(r.json()) == ["contact"], r.text
    r = c.post("/api/accounts/login/", json={"email": unique_email(), "password": "wrong-password-123"})
    assert assert_drf_401(r) == {"detail": "No active account found with the given credentials"}
    assert assert_drf_401(c.get("/api/accounts/profile/")) == {"detail": "Authentication credentials were not provided."}
    bad = assert_drf_401(c.get("/api/accounts/profile/", token="not-a-token"))
    assert bad["code"] == "token_not_valid" and bad["messages"][0]["token_type"] == "access", bad
    two = assert_drf_401(c.get("/api/accounts/profile/", headers={"Authorization": "Bearer a b"}))
    assert two["code"] == "bad_authorization_header", two
    r = c.post("/api/accounts/login/", data="[1]", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json() == {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}, r.text
    r = c.post("/api/accounts/login/", data="{", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["detail"].startswith("JSON parse error - "), r.text


def test_accounts_native_routes_unchanged_and_metrics(accounts):
    c = accounts.client
    body = register_body()
    assert c.post("/api/accounts/register/user/", json=body).status_code == 201
    native = c.post("/api/auth/login", json={"email": body["email"], "password": body["password"]})
    assert native.status_code == 200 and "access_token" in native.json(), native.text
    # Tokens work across native and compat routes, and carry simplejwt's claims.
    assert claims(native.json()["access_token"])["token_type"] == "access"
    assert c.get("/api/accounts/profile/", token=native.json()["access_token"]).status_code == 200
    text = c.get("/metrics").text
    line = [l for l in text.splitlines() if l.startswith('authserver_compat_requests_total{profile="accounts"}')]
    assert line and int(line[0].split()[-1]) >= 2, text[-2000:]
    assert accounts.wait_log("profile=accounts"), accounts.logs(4000)


def test_accounts_openapi_and_routes_only_when_on(accounts, server):
    doc = accounts.client.get("/api/openapi.json").json()
    assert "/api/accounts/login/" in doc["paths"] or "/api/accounts/login" in doc["paths"]
    assert not any(p.startswith("/api/auth/refresh") for p in doc["paths"]), "auth-service is off"
    assert server.client.post("/api/accounts/login/", json={}).status_code == 404
    native = server.client.get("/api/openapi.json").json()
    assert not any(p.startswith("/api/accounts/") for p in native["paths"])
