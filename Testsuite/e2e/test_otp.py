"""One-time codes: POST /api/auth/otp/request, /otp/verify, and the login
OTP challenge (/login -> otp_required, /login/otp) (API.md)."""

import time

from authtest import (
    assert_json, assert_problem, assert_token_response, assert_user,
    create_verified, login, login_ok, profile, register_ok, unique_email,
)
from messaging import (
    fresh_phone, mail_code, mailed_otp, request_otp, set_verified_phone,
    sms_code, sms_to, verify_otp, wait_otp_mail, wait_sms,
)


def enable_otp_login(client, token, channel="email"):
    body = assert_json(client.patch("/api/auth/profile", token=token,
                                    json={"otp_login_enabled": True, "otp_channel": channel}), 200)
    assert_user(body, otp_login_enabled=True, otp_channel=channel)
    return body


def wrong(code):
    return ("0" if code[0] == "9" else str(int(code[0]) + 1)) + code[1:]


def test_request_answers_202_with_the_same_body_whoever_asks(client, account):
    answers = [request_otp(client, "email", account.email, "login"),
               request_otp(client, "email", unique_email(), "login"),
               request_otp(client, "sms", fresh_phone(), "login"),
               request_otp(client, "email", unique_email(), "verify")]
    for resp in answers:
        assert_json(resp, 202)
    assert all(r.json() == answers[0].json() for r in answers)


def test_request_for_unknown_address_sends_nothing(server, client):
    address = unique_email()
    assert_json(request_otp(client, "email", address, "login"), 202)
    time.sleep(0.2)
    assert server.mails_to(address) == []


def test_login_code_by_email_gives_tokens_once(server, client, account):
    code = mailed_otp(server, account.email, "login")
    assert len(code) == 6 and code.isdigit()
    tokens = assert_token_response(verify_otp(client, "email", account.email.upper(), code, "login"))
    assert tokens["user"]["email"] == account.email
    assert_json(profile(client, tokens["access_token"]), 200)
    assert_problem(verify_otp(client, "email", account.email, code, "login"), 400, "invalid_otp")


def test_verify_code_marks_the_email_verified(server, client):
    acc = register_ok(server)
    assert_problem(login(client, acc.email, acc.password), 403, "email_not_verified")
    code = mailed_otp(server, acc.email, "verify")
    body = assert_json(verify_otp(client, "email", acc.email, code, "verify"), 200)
    assert_user(body["user"], email_verified=True)
    assert_token_response(login(client, acc.email, acc.password))


def test_fifth_wrong_code_kills_the_code(server, client, account):
    code = mailed_otp(server, account.email, "login")
    for _ in range(4):
        assert_problem(verify_otp(client, "email", account.email, wrong(code), "login"), 400, "invalid_otp")
    assert_problem(verify_otp(client, "email", account.email, wrong(code), "login"), 429, "otp_attempts_exceeded")
    assert_problem(verify_otp(client, "email", account.email, code, "login"), 429, "otp_attempts_exceeded")


def test_resend_cooldown_sends_one_code(server, client, account):
    seen = set(server.mails_to(account.email))
    for _ in range(3):
        assert_json(request_otp(client, "email", account.email, "login"), 202)
    msg = wait_otp_mail(server, account.email, seen)
    time.sleep(0.3)
    assert len(set(server.mails_to(account.email)) - seen) == 1
    assert_token_response(verify_otp(client, "email", account.email, mail_code(msg), "login"))


def test_expired_code_refused(start_server):
    srv = start_server({"otp.lifetime": 1})
    acc = create_verified(srv)
    code = mailed_otp(srv, acc.email, "login")
    time.sleep(2.1)
    assert_problem(verify_otp(srv.client, "email", acc.email, code, "login"), 400, "otp_expired")


def test_bad_input(client):
    assert_problem(request_otp(client, "pigeon", "a@example.com", "login"), 400, "validation_error")
    assert_problem(request_otp(client, "email", "a@example.com", "dance"), 400, "validation_error")
    assert_problem(request_otp(client, "email", "not an address", "login"), 400, "validation_error")
    assert_problem(request_otp(client, "sms", "12", "login"), 400, "invalid_phone_number")
    assert_problem(client.post("/api/auth/otp/request", json={"channel": 1, "destination": [], "purpose": None}),
                   400, "validation_error")
    assert_problem(verify_otp(client, "email", "a@example.com", "", "login"), 400, "validation_error")
    assert_problem(verify_otp(client, "email", "a@example.com", "123456", "other"), 400, "validation_error")
    assert_problem(verify_otp(client, "email", unique_email(), "123456", "login"), 400, "invalid_otp")
    assert_problem(client.post("/api/auth/login/otp", json={}), 400, "validation_error")
    assert_problem(client.post("/api/auth/login/otp", json={"otp_challenge": "nope", "code": "123456"}),
                   400, "invalid_otp")


def test_login_with_otp_on_answers_a_challenge_then_tokens(server, client, logged_in):
    acc, t = logged_in
    enable_otp_login(client, t["access_token"])
    seen = set(server.mails_to(acc.email))
    body = assert_json(login(client, acc.email, acc.password), 200)
    assert body["otp_required"] is True and body["channel"] == "email", body
    assert isinstance(body["otp_challenge"], str) and len(body["otp_challenge"]) >= 32, body
    assert "access_token" not in body and "refresh_token" not in body, body
    code = mail_code(wait_otp_mail(server, acc.email, seen))
    assert_problem(client.post("/api/auth/login/otp", json={"otp_challenge": body["otp_challenge"], "code": wrong(code)}),
                   400, "invalid_otp")
    tokens = assert_token_response(client.post("/api/auth/login/otp",
                                               json={"otp_challenge": body["otp_challenge"], "code": code}))
    assert tokens["user"]["otp_login_enabled"] is True
    assert_problem(client.post("/api/auth/login/otp", json={"otp_challenge": body["otp_challenge"], "code": code}),
                   400, "invalid_otp")
    # A wrong password never reaches the code step.
    assert_problem(login(client, acc.email, acc.password + "x"), 401, "invalid_credentials")


def test_sms_channel_needs_a_verified_phone(client, logged_in):
    _, t = logged_in
    resp = client.patch("/api/auth/profile", token=t["access_token"],
                        json={"otp_login_enabled": True, "otp_channel": "sms"})
    assert_problem(resp, 400, "validation_error")


def test_phone_verified_by_sms_code_then_login_challenge_by_sms(server, client, logged_in):
    acc, t = logged_in
    phone = fresh_phone()
    user = set_verified_phone(server, t["access_token"], phone)
    assert user["phone_number"] == phone
    enable_otp_login(client, t["access_token"], "sms")
    before = len(sms_to(server, phone))
    body = assert_json(login(client, acc.email, acc.password), 200)
    assert body["otp_required"] is True and body["channel"] == "sms", body
    msg = wait_sms(server, phone, before)
    assert set(msg) == {"to", "body", "sent_at"}, msg
    tokens = assert_token_response(client.post("/api/auth/login/otp",
                                               json={"otp_challenge": body["otp_challenge"], "code": sms_code(msg)}))
    assert tokens["user"]["id"] == acc.id


def test_login_code_by_sms(server, client, logged_in):
    acc, t = logged_in
    phone = fresh_phone()
    set_verified_phone(server, t["access_token"], phone)
    before = len(sms_to(server, phone))
    assert_json(request_otp(client, "sms", phone, "login"), 202)
    code = sms_code(wait_sms(server, phone, before))
    tokens = assert_token_response(verify_otp(client, "sms", phone, code, "login"))
    assert tokens["user"]["id"] == acc.id and tokens["user"]["phone_verified"] is True


def test_full_flow_register_verify_forgot_reset_login_and_otp_logins(server, client):
    """register -> verification mail -> verify -> forgot -> reset -> login ->
    OTP login by email -> OTP login by SMS (the issue's "done when")."""
    from authtest import strong_password, verify_by_link
    from messaging import mailed_reset_token, reset
    acc = verify_by_link(server, register_ok(server))
    new = strong_password()
    assert_json(reset(client, mailed_reset_token(server, acc.email), new), 200)
    t = assert_token_response(login(client, acc.email, new))
    code = mailed_otp(server, acc.email, "login")
    assert_token_response(verify_otp(client, "email", acc.email, code, "login"))
    phone = fresh_phone()
    set_verified_phone(server, t["access_token"], phone)
    enable_otp_login(client, t["access_token"], "sms")
    before = len(sms_to(server, phone))
    challenge = assert_json(login(client, acc.email, new), 200)
    assert challenge["channel"] == "sms"
    code = sms_code(wait_sms(server, phone, before))
    assert_token_response(client.post("/api/auth/login/otp",
                                      json={"otp_challenge": challenge["otp_challenge"], "code": code}))


def test_queued_delivery_sends_mail_and_sms_from_the_worker(start_server):
    """delivery.queue=on: mail and SMS are accepted into the durable queue
    in the request and sent by the worker thread."""
    srv = start_server({"delivery.queue": "on", "delivery.pollInterval": 50})
    assert "delivery queue: mail queued, sms queued" in srv.logs()
    acc = create_verified(srv)  # verification mail through the queue
    t = login_ok(srv, acc)
    phone = fresh_phone()
    set_verified_phone(srv, t["access_token"], phone)  # SMS through the queue
    code = mailed_otp(srv, acc.email, "login")
    assert_token_response(verify_otp(srv.client, "email", acc.email, code, "login"))
