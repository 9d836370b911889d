"""Phone sign-up and login with SMS codes, profile completion (API.md)."""

import random
import time

import pytest

from authtest import (
    assert_json, assert_problem, assert_token_response, create_verified, login_ok,
    profile, unique_email, verification_token,
)
from messaging import fresh_phone, sms_code, sms_to, wait_sms


def signup(client, phone):
    return client.post("/api/auth/phone/signup", json={"phone_number": phone})


def verify_signup(client, phone, code):
    return client.post("/api/auth/phone/verify-signup", json={"phone_number": phone, "otp_code": code})


def phone_login(client, phone):
    return client.post("/api/auth/phone/login", json={"phone_number": phone})


def verify_login(client, phone, code):
    return client.post("/api/auth/phone/verify-login", json={"phone_number": phone, "otp_code": code})


def sms_code_after(server, phone, action):
    before = len(sms_to(server, phone))
    assert_json(action(), 202)
    return sms_code(wait_sms(server, phone, before))


def test_seed_phone_flow_end_to_end(server, client):
    """signup -> SMS OTP from the outbox -> verify-signup -> complete profile
    -> login -> verify-login -> profile."""
    phone = fresh_phone()
    code = sms_code_after(server, phone, lambda: signup(client, phone))
    resp = verify_signup(client, phone, code)
    assert resp.status_code == 201, resp.text
    t = resp.json()
    assert t["token_type"] == "Bearer" and t["access_token"] and t["refresh_token"]
    user = t["user"]
    assert user["phone_number"] == phone and user["phone_verified"] is True
    assert user["needs_profile_completion"] is True
    assert user["email"] is None and user["role"] == "user"
    # The code is single use.
    assert_problem(verify_signup(client, phone, code), 400, "invalid_otp")

    email = unique_email("phone")
    seen = set(server.mails_to(email))
    resp = client.post("/api/auth/profile/complete", token=t["access_token"],
                       json={"full_name": "Priya Phone", "email": email.upper(), "bio": "hi"})
    done = assert_json(resp, 200)
    assert done["needs_profile_completion"] is False and done["full_name"] == "Priya Phone"
    assert done["email"] == email and done["email_verified"] is False and done["bio"] == "hi"
    assert verification_token(server.wait_verification_mail(email, exclude=seen))

    code = sms_code_after(server, phone, lambda: phone_login(client, phone))
    t2 = assert_token_response(verify_login(client, phone, code))
    me = assert_json(profile(client, t2["access_token"]), 200)
    assert me["phone_number"] == phone and me["full_name"] == "Priya Phone"
    assert me["last_login_at"] is not None
    # A phone-only account has no password: password login is refused.
    assert client.post("/api/auth/login", json={"email": email, "password": "anything at all 1"}).status_code in (401, 403)


def test_profile_complete_rules(server, client):
    phone = fresh_phone()
    code = sms_code_after(server, phone, lambda: signup(client, phone))
    t = assert_json(verify_signup(client, phone, code), 201)
    tok = t["access_token"]
    assert_problem(client.post("/api/auth/profile/complete", token=tok, json={}), 400, "validation_error")
    assert_problem(client.post("/api/auth/profile/complete", token=tok, json={"full_name": "X", "role": "admin"}), 400, "validation_error")
    assert_problem(client.post("/api/auth/profile/complete", token=tok, json={"full_name": "X", "email": "nope"}), 400, "validation_error")
    taken = create_verified(server)
    assert_problem(client.post("/api/auth/profile/complete", token=tok, json={"full_name": "X", "email": taken.email}), 409, "conflict")
    # Nothing was half-written by the refused calls.
    me = assert_json(profile(client, tok), 200)
    assert me["needs_profile_completion"] is True and me["email"] is None
    assert_json(client.post("/api/auth/profile/complete", token=tok, json={"full_name": "Done"}), 200)
    # An account with an email cannot set another one here.
    acc = create_verified(server)
    other = login_ok(server, acc)
    assert_problem(client.post("/api/auth/profile/complete", token=other["access_token"],
                               json={"full_name": "X", "email": unique_email()}), 400, "validation_error")


def test_verify_signup_for_a_known_number_logs_in_with_200(start_server):
    srv = start_server({"otp.resendInterval": 1}, name="resend-1s")
    client = srv.client
    phone = fresh_phone()
    code = sms_code_after(srv, phone, lambda: signup(client, phone))
    first = assert_json(verify_signup(client, phone, code), 201)
    time.sleep(1.2)
    code = sms_code_after(srv, phone, lambda: signup(client, phone))
    again = verify_signup(client, phone, code)
    assert again.status_code == 200, again.text
    assert assert_token_response(again)["user"]["id"] == first["user"]["id"]


def test_wrong_code_and_unknown_numbers(server, client):
    phone = fresh_phone()
    assert_json(signup(client, phone), 202)
    assert_problem(verify_signup(client, phone, "000000"), 400, "invalid_otp")
    # Login for an unknown number: 202, no SMS, and no code works.
    stranger = fresh_phone()
    assert_json(phone_login(client, stranger), 202)
    assert sms_to(server, stranger) == []
    assert_problem(verify_login(client, stranger, "123456"), 400, "invalid_otp")
    assert_problem(signup(client, "12"), 400, "invalid_phone_number")
    assert_problem(phone_login(client, "not a number"), 400, "invalid_phone_number")
    assert_problem(client.post("/api/auth/phone/signup", json={}), 400, "validation_error")
    assert_problem(client.post("/api/auth/phone/verify-login", json={"phone_number": phone}), 400, "validation_error")


@pytest.mark.parametrize("national", ["98{n}", "098{n}", "+91 98{n}", "(+91) 98-{n}", "0091 98{n}"])
def test_national_formats_normalise_with_default_region_in(start_server, national):
    srv = start_server({"phone.defaultRegion": "IN"}, name="region-IN")
    client = srv.client
    digits = f"{random.SystemRandom().randrange(10**8):08d}"
    e164 = "+9198" + digits
    typed = national.format(n=digits)
    before = len(sms_to(srv, e164))
    assert_json(signup(client, typed), 202)
    code = sms_code(wait_sms(srv, e164, before))
    t = assert_json(verify_signup(client, typed, code), 201)
    assert t["user"]["phone_number"] == e164
