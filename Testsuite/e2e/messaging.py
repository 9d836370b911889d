"""Helpers for the messaging tests: OTP mails and SMS, reset links.

They read what the server delivered (the mail outbox folder or, later, a
real SMTP server; the SMS outbox file) and never look inside the server.
"""

import json
import random
import os
import re
import time

from authtest import assert_json, mail_text, reset_token

OTP_MAIL = "Use this code"
SMS_CODE = re.compile(r"\b(\d{6})\b")
RESET_MAIL = "/reset-password?token="

def mail_code(msg):
    text = mail_text(msg)
    m = re.search(r":\s+(\d{6})\s", text)
    assert m, f"no 6-digit code in the OTP mail:\n{text}"
    return m.group(1)


def wait_otp_mail(server, address, seen, timeout=5.0):
    return server.wait_mail(address, exclude=seen, timeout=timeout,
                            predicate=lambda m: OTP_MAIL in mail_text(m))


def wait_reset_mail(server, address, seen, timeout=5.0):
    return server.wait_mail(address, exclude=seen, timeout=timeout,
                            predicate=lambda m: RESET_MAIL in mail_text(m))


def sms_lines(server):
    try:
        with open(server.sms_file, "r", encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def sms_to(server, number):
    return [m for m in sms_lines(server) if m["to"] == number]


def wait_sms(server, number, count_before, timeout=5.0):
    """The newest SMS to number once more than count_before were sent."""
    deadline = time.monotonic() + timeout
    while True:
        msgs = sms_to(server, number)
        if len(msgs) > count_before:
            return msgs[-1]
        if time.monotonic() >= deadline:
            raise AssertionError(f"no new SMS to {number} in {server.sms_file} within {timeout} s")
        time.sleep(0.05)


def sms_code(msg):
    m = SMS_CODE.search(msg["body"])
    assert m, f"no 6-digit code in SMS {msg}"
    return m.group(1)


def request_otp(client, channel, destination, purpose):
    return client.post("/api/auth/otp/request",
                       json={"channel": channel, "destination": destination, "purpose": purpose})


def verify_otp(client, channel, destination, code, purpose):
    return client.post("/api/auth/otp/verify", json={
        "channel": channel, "destination": destination, "code": code, "purpose": purpose})


def mailed_otp(server, address, purpose="login"):
    """Requests a code by email and returns it from the delivered mail."""
    seen = set(server.mails_to(address))
    assert_json(request_otp(server.client, "email", address, purpose), 202)
    return mail_code(wait_otp_mail(server, address, seen))


def forgot(client, address):
    return client.post("/api/auth/password/forgot", json={"email": address})


def reset(client, token, new, confirm=None):
    return client.post("/api/auth/password/reset", json={
        "token": token, "new_password": new,
        "new_password_confirm": new if confirm is None else confirm})


def mailed_reset_token(server, address):
    seen = set(server.mails_to(address))
    assert_json(forgot(server.client, address), 202)
    return reset_token(wait_reset_mail(server, address, seen))


def fresh_phone():
    """A random valid Indian mobile number in E.164 (+91 98xxxxxxxx)."""
    return "+9198" + f"{random.SystemRandom().randrange(10**8):08d}"


def set_verified_phone(server, token, phone):
    """PATCH the profile's phone, prove it with an SMS code; returns the user."""
    client = server.client
    assert_json(client.patch("/api/auth/profile", token=token, json={"phone_number": phone}), 200)
    before = len(sms_to(server, phone))
    assert_json(request_otp(client, "sms", phone, "verify"), 202)
    code = sms_code(wait_sms(server, phone, before))
    body = assert_json(verify_otp(client, "sms", phone, code, "verify"), 200)
    assert body["user"]["phone_verified"] is True, body
    return body["user"]
