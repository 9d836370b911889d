"""Compatibility profile `otp-activation` (Docs/COMPAT.md): accounts
activated by a mailed 6-digit code, in the Acceptance flow as the old DRF
clients send it (JSON and form-encoded), with DRF's error shapes."""

import pytest

from authtest import assert_problem, strong_password, unique_email
from compat import assert_drf_401, assert_drf_user, assert_login_answer
from messaging import mail_code, wait_otp_mail

NOT_ACTIVATED = {"detail": "Account is not activated. Enter the code sent to your email."}


@pytest.fixture(scope="module")
def activation(start_server):
    # The profile's rule holds whatever auth.requireEmailVerification says.
    return start_server({"compat.profiles": "otp-activation", "auth.requireEmailVerification": "false"})


def register(server, form=False, **extra):
    email, password = unique_email("act"), strong_password()
    body = {"email": email, "password": password, "password2": password}
    body.update(extra)
    seen = set(server.mails_to(email))
    r = server.client.post("/api/register/", **({"data": body} if form else {"json": body}))
    assert r.status_code == 201, r.text
    return email, password, r.json(), seen


def test_otp_activation_acceptance_flow(activation):
    c = activation.client
    email, password, user, seen = register(activation)
    assert_drf_user(user, email)
    assert user["is_active"] is False and user["username"] is None, user
    code = mail_code(wait_otp_mail(activation, email, seen))

    r = c.post("/api/login/", json={"email": email, "password": password})
    assert r.status_code == 403 and r.json() == NOT_ACTIVATED, r.text
    assert_drf_401(c.post("/api/login/", json={"email": email, "password": strong_password()}))
    # No login on any route while pending.
    assert c.post("/api/auth/login", json={"email": email, "password": password}).status_code in (401, 403)

    r = c.post("/api/verify-otp/", json={"email": email, "otp": code})
    assert r.status_code == 200 and r.json() == {"message": "Account activated successfully."}, r.text
    login = assert_login_answer(c.post("/api/login/", json={"email": email, "password": password}), email)
    assert login["user"]["is_active"] is True and login["user"]["email_verified"] is True, login
    # The code is single use.
    r = c.post("/api/verify-otp/", json={"email": email, "otp": code})
    assert r.status_code == 400 and r.json() == {"otp": ["Invalid or expired OTP."]}, r.text
    assert activation.wait_log("profile=otp-activation"), activation.logs(4000)


def test_otp_activation_form_encoded_username_and_names(activation):
    c = activation.client
    username = "asha." + unique_email("u").split("@")[0][-12:]
    email, password, user, seen = register(activation, form=True, username=username, first_name="Asha", last_name="Rao")
    assert user["username"] == username and user["full_name"] == "Asha Rao", user
    code = mail_code(wait_otp_mail(activation, email, seen))
    r = c.post("/api/verify-otp/", data={"email": email, "otp": code})
    assert r.status_code == 200, r.text
    assert_login_answer(c.post("/api/login/", data={"email": email, "password": password}), email)
    # Usernames are unique case-insensitively.
    again = c.post("/api/register/", json={"email": unique_email("act"), "password": password, "username": username.upper()})
    assert again.status_code == 400 and again.json() == {"username": ["A user with this username already exists."]}, again.text


def test_otp_activation_drf_errors(activation):
    c = activation.client
    r = c.post("/api/register/", json={"email": "not-an-email", "password": strong_password()})
    assert r.status_code == 400 and r.json() == {"email": ["Enter a valid email address."]}, r.text
    r = c.post("/api/register/", json={"email": unique_email(), "password": "x1", "password2": "x1"})
    assert r.status_code == 400 and list(r.json()) == ["password"], r.text
    r = c.post("/api/register/", json={"email": unique_email(), "password": strong_password(), "password2": strong_password()})
    assert r.status_code == 400 and r.json() == {"password": ["Password fields didn't match."]}, r.text
    r = c.post("/api/register/", json={"email": unique_email(), "password": strong_password(), "username": "bad name!"})
    assert r.status_code == 400 and list(r.json()) == ["username"], r.text
    r = c.post("/api/verify-otp/", json={"email": unique_email()})
    assert r.status_code == 400 and r.json() == {"otp": ["This field is required."]}, r.text
    r = c.post("/api/verify-otp/", json={"email": unique_email(), "otp": "000000"})
    assert r.status_code == 400 and r.json() == {"otp": ["Invalid or expired OTP."]}, r.text
    r = c.post("/api/login/", json={})
    assert r.status_code == 400 and r.json() == {"email": ["This field is required."], "password": ["This field is required."]}, r.text
    r = c.post("/api/login/", data="[]", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json() == {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}, r.text


def test_otp_activation_native_verification_does_not_activate(activation):
    """Only the profile's code activates: an admin-style deactivation or a
    native verification never opens a pending account."""
    c = activation.client
    email, password, _, seen = register(activation)
    code = mail_code(wait_otp_mail(activation, email, seen))
    r = c.post("/api/auth/otp/verify", json={"channel": "email", "destination": email, "code": code, "purpose": "verify"})
    assert r.status_code == 200, r.text
    r = c.post("/api/login/", json={"email": email, "password": password})
    assert r.status_code == 403 and r.json() == NOT_ACTIVATED, r.text
