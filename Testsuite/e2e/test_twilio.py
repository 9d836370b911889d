"""SMS through the Twilio transport against a loopback fake of Twilio's
Messages endpoint (path, basic auth and form fields checked by the fake)."""

import re
import time

import pytest

from authtest import (
    assert_json, assert_token_response, create_verified, login, login_ok,
)
from messaging import fresh_phone, request_otp, verify_otp
from twilio_fake import TOKEN, TwilioFake


@pytest.fixture(scope="module")
def twilio():
    fake = TwilioFake()
    yield fake
    fake.stop()


def wait_twilio(fake, number, count_before, timeout=10.0):
    deadline = time.monotonic() + timeout
    while True:
        msgs = fake.to(number)
        if len(msgs) > count_before:
            return msgs[-1]
        assert time.monotonic() < deadline, f"no SMS to {number} at the Twilio fake (refused: {fake.refused})"
        time.sleep(0.05)


def code_of(msg):
    m = re.search(r"\b(\d{6})\b", msg["Body"])
    assert m, msg
    return m.group(1)


def prove_phone(srv, fake, token, phone):
    assert_json(srv.client.patch("/api/auth/profile", token=token, json={"phone_number": phone}), 200)
    before = len(fake.to(phone))
    assert_json(request_otp(srv.client, "sms", phone, "verify"), 202)
    code = code_of(wait_twilio(fake, phone, before))
    body = assert_json(verify_otp(srv.client, "sms", phone, code, "verify"), 200)
    assert body["user"]["phone_verified"] is True


def test_otp_by_sms_through_twilio_and_login_challenge(start_server, twilio):
    srv = start_server(twilio.defines())
    acc = create_verified(srv)
    t = login_ok(srv, acc)
    phone = fresh_phone()
    prove_phone(srv, twilio, t["access_token"], phone)
    assert_json(srv.client.patch("/api/auth/profile", token=t["access_token"],
                                 json={"otp_login_enabled": True, "otp_channel": "sms"}), 200)
    before = len(twilio.to(phone))
    challenge = assert_json(login(srv.client, acc.email, acc.password), 200)
    assert challenge["channel"] == "sms"
    msg = wait_twilio(twilio, phone, before)
    assert set(msg) == {"To", "From", "Body"}
    assert_token_response(srv.client.post("/api/auth/login/otp", json={
        "otp_challenge": challenge["otp_challenge"], "code": code_of(msg)}))
    # The server's own output (not the test's header with its arguments).
    assert TOKEN not in srv._read(srv.stdout_path) + srv._read(srv.stderr_path)


def test_twilio_500_then_201_delivers_after_the_retry(start_server, twilio):
    srv = start_server(twilio.defines(**{"delivery.retryDelay": 1, "delivery.maxRetryDelay": 2}))
    acc = create_verified(srv)
    t = login_ok(srv, acc)
    phone = fresh_phone()
    assert_json(srv.client.patch("/api/auth/profile", token=t["access_token"], json={"phone_number": phone}), 200)
    refused_before = len(twilio.refused)
    twilio.fail_next = 1
    started = time.monotonic()
    assert_json(request_otp(srv.client, "sms", phone, "verify"), 202)
    assert time.monotonic() - started < 1.0
    msg = wait_twilio(twilio, phone, 0, timeout=15)
    assert twilio.refused[refused_before:] == [(500, "scripted failure")]
    assert srv.wait_log("attempt 1 failed") and srv.wait_log("sent at attempt 2"), srv.logs()
    assert_json(verify_otp(srv.client, "sms", phone, code_of(msg), "verify"), 200)


def test_plain_http_twilio_url_must_be_loopback(tmp_path):
    import subprocess
    from authtest import JWT_SECRET, server_binary
    proc = subprocess.run([server_binary(), f"--define=jwt.secret={JWT_SECRET}", "--define=http.port=0",
                           f"--define=database.url={tmp_path}/a.db", f"--define=app.dataDirectory={tmp_path}",
                           "--define=sms.transport=twilio", "--define=twilio.baseUrl=http://api.example.com",
                           "--define=twilio.accountSid=AC123", "--define=twilio.authToken=x",
                           "--define=twilio.from=+15005550006"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert proc.returncode != 0
    assert "twilio.baseUrl" in proc.stderr, proc.stderr


@pytest.fixture(scope="module")
def twilio_https(tmp_path_factory):
    from smtp import make_certificate
    cert, key = make_certificate(str(tmp_path_factory.mktemp("twilio-cert")))
    fake = TwilioFake(tls=(cert, key))
    fake.cert = cert
    yield fake
    fake.stop()


def test_twilio_over_https_verifies_the_certificate(start_server, twilio_https):
    srv = start_server(twilio_https.defines(**{"twilio.caFile": twilio_https.cert}))
    acc = create_verified(srv)
    t = login_ok(srv, acc)
    prove_phone(srv, twilio_https, t["access_token"], fresh_phone())
    # Without the CA the same fake is refused (and the SMS is retried later).
    untrusting = start_server(twilio_https.defines(**{"delivery.retryDelay": 30}))
    acc = create_verified(untrusting)
    t = login_ok(untrusting, acc)
    phone = fresh_phone()
    assert_json(untrusting.client.patch("/api/auth/profile", token=t["access_token"], json={"phone_number": phone}), 200)
    assert_json(request_otp(untrusting.client, "sms", phone, "verify"), 202)
    deadline = time.monotonic() + 10
    while "attempt 1 failed" not in untrusting.logs():
        assert time.monotonic() < deadline, untrusting.logs()
        time.sleep(0.05)
    assert twilio_https.to(phone) == []
