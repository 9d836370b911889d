"""Compatibility profile `signup` (Docs/COMPAT.md): POST /api/auth/signup
with a username, its documented answers byte for byte, as curl and HTTPie
send them (JSON) and as forms."""

import json

import pytest

from authtest import strong_password, unique_email, verification_token
from compat import assert_login_answer

CREATED = b'{"message":"User registered successfully"}'
EMAIL_TAKEN = ["A user with this email already exists."]
USERNAME_TAKEN = ["A user with this username already exists."]


@pytest.fixture(scope="module")
def signup(start_server):
    return start_server({"compat.profiles": "signup"})


def fresh_username():
    return "user_" + unique_email("s").split("@")[0][-12:].replace("-", "_")


def test_signup_acceptance_flow(signup):
    c = signup.client
    username, email, password = fresh_username(), unique_email("signup"), strong_password()
    body = {"username": username, "email": email, "password": password}
    # HTTPie's JSON: its own Accept and Content-Type.
    r = c.post("/api/auth/signup", data=json.dumps(body),
               headers={"Content-Type": "application/json", "Accept": "application/json, */*;q=0.5"})
    assert r.status_code == 201 and r.content == CREATED, r.text
    # The native verification mail; the email is taken once proven.
    token = verification_token(signup.wait_verification_mail(email))
    assert c.post("/api/auth/verify-email", json={"token": token}).status_code == 200
    r = c.post("/api/auth/signup", json=body)
    assert r.status_code == 400 and r.json() == {"email": EMAIL_TAKEN, "username": USERNAME_TAKEN}, r.text
    r = c.post("/api/auth/signup", json=dict(body, username=fresh_username()))
    assert r.status_code == 400 and r.json() == {"email": EMAIL_TAKEN}, r.text
    # A handle, not a login identifier: these accounts log in by email
    # (native route).
    r = c.post("/api/auth/login", json={"email": email, "password": password})
    assert r.status_code == 200, r.text


def test_signup_form_encoded_and_errors(signup):
    c = signup.client
    password = strong_password()
    r = c.post("/api/auth/signup", data={"username": fresh_username(), "email": unique_email("signup"),
                                          "password": password, "password2": password})
    assert r.status_code == 201 and r.content == CREATED, r.text
    r = c.post("/api/auth/signup", json={"email": unique_email(), "password": password})
    assert r.status_code == 400 and r.json() == {"username": ["This field is required."]}, r.text
    r = c.post("/api/auth/signup", json={"username": "no spaces", "email": unique_email(), "password": password})
    assert r.status_code == 400 and r.json() == {"username": [
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."]}, r.text
    r = c.post("/api/auth/signup", json={"username": "u" * 151, "email": unique_email(), "password": password})
    assert r.status_code == 400 and r.json() == {"username": ["Ensure this field has no more than 150 characters."]}, r.text
    r = c.post("/api/auth/signup", json={"username": fresh_username(), "email": unique_email(), "password": password,
                                          "password_confirm": strong_password()})
    assert r.status_code == 400 and r.json() == {"password": ["Password fields didn't match."]}, r.text
    r = c.post("/api/auth/signup", data="{", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["detail"].startswith("JSON parse error - "), r.text
