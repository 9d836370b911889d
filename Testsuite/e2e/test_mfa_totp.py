"""Second factors, authenticator apps (issue 15, API.md "Second factors"):
TOTP set-up and confirmation, login with a code or a recovery code, replay,
recovery-code regeneration, turning it off, the admin reset, the end of a
challenge after 5 wrong answers. Codes are computed by python3-pyotp, an
implementation independent of the server's (RFC 6238, SHA-1, 6 digits, 30 s).

The server refuses a time step once accepted, so each account uses the
current step for the confirmation and the next one (within the ±1 step of
drift the server allows) for the one operation after it."""

import base64
import sqlite3
import time
import urllib.parse

import pyotp
import pytest

from authtest import (assert_json, assert_problem, assert_token_response, create_verified, login,
                      login_ok, mail_text, six_digit_code, unique_email)
from test_admin import create_admin


def setup_totp(server, token):
    body = assert_json(server.client.post("/api/auth/mfa/totp/setup", token=token), 200)
    return body


def next_step(totp):
    """The code of the step after now (accepted as drift, not yet used)."""
    return totp.at(time.time() + 30)


def other_code(*codes):
    """A 6-digit code that is none of codes (and so wrong for every step tried)."""
    for candidate in ("000000", "111111", "222222", "333333"):
        if candidate not in codes:
            return candidate


def enable(server, account=None):
    """A verified account with TOTP on: (account, tokens, pyotp.TOTP, recovery codes)."""
    account = account or create_verified(server)
    tokens = login_ok(server, account)
    setup = setup_totp(server, tokens["access_token"])
    totp = pyotp.TOTP(setup["secret"])
    body = assert_json(server.client.post("/api/auth/mfa/totp/confirm", json={"code": totp.now()},
                                          token=tokens["access_token"]), 200)
    return account, tokens, totp, body["recovery_codes"]


def challenge(server, account):
    body = assert_json(login(server.client, account.email, account.password), 200)
    assert body["mfa_required"] is True, body
    assert "access_token" not in body and "refresh_token" not in body
    return body


def answer(server, chal, method, code):
    return server.client.post("/api/auth/login/mfa", json={
        "mfa_challenge": chal["mfa_challenge"], "method": method, "code": code})


@pytest.fixture
def admin_tokens(server):
    proc, acc = create_admin(server)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return login_ok(server, acc)


def audit_events(server, admin_tokens, user_id, event):
    body = assert_json(server.client.get(f"/api/admin/audit?user_id={user_id}&event={event}",
                                         token=admin_tokens["access_token"]), 200)
    return body["items"]


def test_setup_answers_secret_otpauth_url_and_qr_svg_and_nothing_is_on_yet(server):
    account = create_verified(server)
    tokens = login_ok(server, account)
    body = setup_totp(server, tokens["access_token"])
    assert set(body) == {"secret", "otpauth_url", "qr_svg"}
    assert len(body["secret"]) == 32 and set(body["secret"]) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    url = urllib.parse.urlparse(body["otpauth_url"])
    assert (url.scheme, url.netloc) == ("otpauth", "totp")
    query = urllib.parse.parse_qs(url.query)
    assert query["secret"] == [body["secret"]]
    issuer = query["issuer"][0]
    assert urllib.parse.unquote(url.path) == f"/{issuer}:{account.email}"
    # pyotp reads the URI as an authenticator app would.
    parsed = pyotp.parse_uri(body["otpauth_url"])
    assert parsed.secret == body["secret"] and parsed.digits == 6 and parsed.interval == 30
    assert body["qr_svg"].startswith("<svg") and body["qr_svg"].rstrip().endswith("</svg>")
    # Not on until confirmed: the password alone still logs in.
    assert_token_response(login(server.client, account.email, account.password))
    assert server.client.post("/api/auth/mfa/totp/setup").status_code == 401


def test_confirm_turns_totp_on_and_returns_ten_recovery_codes_once(server, admin_tokens):
    account = create_verified(server)
    tokens = login_ok(server, account)
    totp = pyotp.TOTP(setup_totp(server, tokens["access_token"])["secret"])
    assert_problem(server.client.post("/api/auth/mfa/totp/confirm", json={"code": other_code(totp.now(), next_step(totp), totp.at(time.time() - 30))},
                                      token=tokens["access_token"]), 400, "invalid_otp")
    assert_problem(server.client.post("/api/auth/mfa/totp/confirm", json={}, token=tokens["access_token"]),
                   400, "validation_error")
    body = assert_json(server.client.post("/api/auth/mfa/totp/confirm", json={"code": totp.now()},
                                          token=tokens["access_token"]), 200)
    codes = body["recovery_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    # On now: a second set-up or confirmation is a conflict.
    assert_problem(server.client.post("/api/auth/mfa/totp/setup", token=tokens["access_token"]), 409, "conflict")
    assert challenge(server, account)["methods"] == ["totp", "recovery_code"]
    assert len(audit_events(server, admin_tokens, account.id, "mfa_enabled")) == 1


def test_asvs_2_8_3_login_requires_a_code_an_independent_rfc_6238_implementation_computes(server):
    account, _, totp, _ = enable(server)
    chal = challenge(server, account)
    assert set(chal) == {"mfa_required", "mfa_challenge", "methods"}
    tokens = assert_token_response(answer(server, chal, "totp", next_step(totp)))
    assert tokens["user"]["id"] == account.id
    assert server.client.get("/api/auth/profile", token=tokens["access_token"]).status_code == 200


def test_wrong_code_is_invalid_otp_and_the_challenge_survives(server):
    account, _, totp, _ = enable(server)
    chal = challenge(server, account)
    assert_problem(answer(server, chal, "totp", other_code(totp.now(), next_step(totp), totp.at(time.time() - 30))), 400, "invalid_otp")
    assert_problem(answer(server, chal, "totp", "12ab56"), 400, "invalid_otp")
    assert_problem(answer(server, chal, "sms", "123456"), 400, "validation_error")
    assert_token_response(answer(server, chal, "totp", next_step(totp)))
    # Spent: the challenge answers no more.
    assert_problem(answer(server, chal, "totp", next_step(totp)), 400, "otp_expired")
    assert_problem(answer(server, {"mfa_challenge": "not-a-challenge"}, "totp", "123456"), 400, "otp_expired")


def test_asvs_2_8_4_totp_code_is_accepted_only_once(server):
    account, _, totp, _ = enable(server)
    code = next_step(totp)
    assert_token_response(answer(server, challenge(server, account), "totp", code))
    assert_problem(answer(server, challenge(server, account), "totp", code), 400, "invalid_otp")
    # The confirmation's code is spent too.
    assert_problem(answer(server, challenge(server, account), "totp", totp.now()), 400, "invalid_otp")


REUSE_NOTICE = "had already\nbeen used"


def test_asvs_2_8_5_reused_totp_code_is_refused_logged_and_the_owner_notified(server, admin_tokens):
    account, _, totp, _ = enable(server)
    code = next_step(totp)
    assert_token_response(answer(server, challenge(server, account), "totp", code))
    # A wrong code is no reuse: no event, no notice.
    assert_problem(answer(server, challenge(server, account), "totp", other_code(code, totp.now())), 400, "invalid_otp")
    assert audit_events(server, admin_tokens, account.id, "totp_reuse_detected") == []
    seen = set(server.mails_to(account.email))
    # The used code, twice: refused, audited each time, one notice mail.
    assert_problem(answer(server, challenge(server, account), "totp", code), 400, "invalid_otp")
    assert_problem(answer(server, challenge(server, account), "totp", code), 400, "invalid_otp")
    assert len(audit_events(server, admin_tokens, account.id, "totp_reuse_detected")) == 2
    notice = server.wait_mail(account.email, exclude=seen, predicate=lambda m: REUSE_NOTICE in mail_text(m))
    assert "127.0.0.1" in mail_text(notice)
    assert code not in mail_text(notice)
    notices = [n for n in server.mails_to(account.email) if n not in seen]
    assert len(notices) == 1, notices


def test_asvs_2_6_1_recovery_code_works_once(server, admin_tokens):
    account, _, _, codes = enable(server)
    # Case and dashes do not matter.
    assert_token_response(answer(server, challenge(server, account), "recovery_code", codes[0].upper().replace("-", "")))
    assert_problem(answer(server, challenge(server, account), "recovery_code", codes[0]), 400, "invalid_otp")
    assert_token_response(answer(server, challenge(server, account), "recovery_code", codes[1]))
    assert len(audit_events(server, admin_tokens, account.id, "recovery_code_used")) == 2


def test_regenerating_recovery_codes_kills_the_old_set(server, admin_tokens):
    account, tokens, totp, old = enable(server)
    assert_problem(server.client.post("/api/auth/mfa/recovery-codes", json={"code": totp.now()},
                                      token=tokens["access_token"]), 400, "invalid_otp")  # the confirmation's step
    body = assert_json(server.client.post("/api/auth/mfa/recovery-codes", json={"code": next_step(totp)},
                                          token=tokens["access_token"]), 200)
    new = body["recovery_codes"]
    assert len(new) == 10 and not set(new) & set(old)
    chal = challenge(server, account)
    assert_problem(answer(server, chal, "recovery_code", old[2]), 400, "invalid_otp")
    assert_token_response(answer(server, chal, "recovery_code", new[2]))
    assert len(audit_events(server, admin_tokens, account.id, "recovery_codes_regenerated")) == 1


def test_disable_with_the_password_mails_a_notice(server, admin_tokens):
    account, tokens, _, _ = enable(server)
    before = set(server.mails_to(account.email))
    assert_problem(server.client.delete("/api/auth/mfa/totp", json={}, token=tokens["access_token"]),
                   400, "validation_error")
    body = assert_problem(server.client.delete("/api/auth/mfa/totp", json={"password": account.password + "x"},
                                               token=tokens["access_token"]), 400, "validation_error")
    assert "password" in body["errors"]
    resp = server.client.delete("/api/auth/mfa/totp", json={"password": account.password}, token=tokens["access_token"])
    assert resp.status_code == 204, resp.text
    assert_token_response(login(server.client, account.email, account.password))
    notice = server.wait_mail(account.email, exclude=before, predicate=lambda m: "authenticator" in m["Subject"])
    assert "turned off" in notice["Subject"]
    assert len(audit_events(server, admin_tokens, account.id, "mfa_disabled")) == 1
    assert_problem(server.client.delete("/api/auth/mfa/totp", json={"password": account.password},
                                        token=tokens["access_token"]), 404, "not_found")


def test_disable_with_a_code(server):
    account, tokens, totp, codes = enable(server)
    resp = server.client.delete("/api/auth/mfa/totp", json={"code": next_step(totp)}, token=tokens["access_token"])
    assert resp.status_code == 204, resp.text
    assert_token_response(login(server.client, account.email, account.password))
    # The recovery codes died with it: turning TOTP on again gives a new set.
    _, _, _, again = enable(server, account)
    assert not set(again) & set(codes)


def test_asvs_2_8_6_a_lost_authenticator_is_revoked_by_an_admin(server, admin_tokens):
    account, tokens, _, _ = enable(server)
    resp = server.client.delete(f"/api/admin/users/{account.id}/mfa", token=admin_tokens["access_token"])
    assert resp.status_code == 204, resp.text
    assert_token_response(login(server.client, account.email, account.password))
    assert len(audit_events(server, admin_tokens, account.id, "mfa_reset_by_admin")) == 1
    assert_problem(server.client.delete("/api/admin/users/987654321/mfa", token=admin_tokens["access_token"]), 404, "not_found")
    assert_problem(server.client.delete(f"/api/admin/users/{account.id}/mfa", token=tokens["access_token"]), 403, "forbidden")


def test_five_wrong_answers_end_the_challenge(server):
    account, _, totp, codes = enable(server)
    chal = challenge(server, account)
    wrong = other_code(totp.now(), next_step(totp), totp.at(time.time() - 30))
    for _ in range(5):
        assert_problem(answer(server, chal, "totp", wrong), 400, "invalid_otp")
    assert_problem(answer(server, chal, "totp", next_step(totp)), 400, "otp_expired")
    assert_problem(answer(server, chal, "recovery_code", codes[0]), 400, "otp_expired")
    # A new login starts a new challenge.
    assert_token_response(answer(server, challenge(server, account), "totp", next_step(totp)))


def test_email_code_login_of_a_totp_account_asks_for_the_second_factor(server):
    account, _, totp, _ = enable(server)
    before = set(server.mails_to(account.email))
    resp = server.client.post("/api/auth/otp/request", json={"channel": "email", "destination": account.email, "purpose": "login"})
    assert resp.status_code == 202, resp.text
    code = six_digit_code(server.wait_mail(account.email, exclude=before))
    chal = assert_json(server.client.post("/api/auth/otp/verify", json={
        "channel": "email", "destination": account.email, "code": code, "purpose": "login"}), 200)
    assert chal["mfa_required"] is True and "access_token" not in chal
    assert_token_response(answer(server, chal, "totp", next_step(totp)))


def test_admin_require_otp_accepts_totp(start_server):
    srv = start_server({"auth.adminRequireOtp": "true"})
    proc, acc = create_admin(srv)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Without TOTP an administrator gets the emailed code first.
    before = set(srv.mails_to(acc.email))
    first = assert_json(login(srv.client, acc.email, acc.password), 200)
    assert first["otp_required"] is True
    code = six_digit_code(srv.wait_mail(acc.email, exclude=before))
    tokens = assert_token_response(srv.client.post("/api/auth/login/otp", json={"otp_challenge": first["otp_challenge"], "code": code}))
    acc.user = tokens["user"]
    totp = pyotp.TOTP(setup_totp(srv, tokens["access_token"])["secret"])
    assert_json(srv.client.post("/api/auth/mfa/totp/confirm", json={"code": totp.now()}, token=tokens["access_token"]), 200)
    chal = challenge(srv, acc)
    admin = assert_token_response(answer(srv, chal, "totp", next_step(totp)))
    assert admin["user"]["role"] == "admin"
    assert assert_json(srv.client.get("/api/admin/users", token=admin["access_token"]), 200)["total"] >= 1


def test_the_secret_never_reaches_the_log(server):
    account = create_verified(server)
    tokens = login_ok(server, account)
    secret = setup_totp(server, tokens["access_token"])["secret"]
    assert secret not in server.logs()


def test_asvs_2_8_1_totp_codes_live_one_step_either_side(server):
    account, _, totp, _ = enable(server)
    chal = challenge(server, account)
    # Two steps away (60 s) is outside the ±1 step of drift allowed.
    assert_problem(answer(server, chal, "totp", totp.at(time.time() - 60)), 400, "invalid_otp")
    assert_problem(answer(server, chal, "totp", totp.at(time.time() + 60)), 400, "invalid_otp")
    assert_token_response(answer(server, chal, "totp", next_step(totp)))


# ---- storage (read back from the embedded database) ------------------------

def _rows(server, sql, params):
    if server.defines.get("database.connector", "sqlite") != "sqlite":
        pytest.skip("reads the stored form from the embedded SQLite database")
    with sqlite3.connect(server.defines["database.url"]) as db:
        return db.execute(sql, params).fetchall()


def test_asvs_2_8_2_totp_secrets_are_encrypted_at_rest(server):
    account, tokens, _, _ = enable(server)
    # A second account's pending secret, known to the test.
    other = create_verified(server)
    secret = setup_totp(server, login_ok(server, other)["access_token"])["secret"]
    rows = _rows(server, "SELECT user_id, secret FROM totp_factors WHERE user_id IN (?, ?)", (account.id, other.id))
    assert len(rows) == 2
    stored = dict(rows)[int(other.id)]
    assert secret not in stored and secret.lower() not in stored.lower()
    # AES-256-GCM, base64: a 12-byte IV, a 16-byte tag, then the 32 characters
    # of the base32 secret encrypted.
    raw = base64.b64decode(stored)
    assert len(raw) == 12 + 16 + 32
    assert secret.encode() not in raw


def test_asvs_2_6_2_recovery_codes_are_random_and_stored_salted_and_hashed(server):
    account, _, _, codes = enable(server)
    rows = _rows(server, "SELECT salt, code_hash FROM recovery_codes WHERE user_id = ?", (account.id,))
    assert len(rows) == 10
    salts = [salt for salt, _ in rows]
    assert len(set(salts)) == 10 and all(len(salt) >= 22 for salt in salts)  # 128-bit random salts
    for code in codes:
        assert all(code not in h and code.replace("-", "") not in h for _, h in rows)
    # 16 symbols of a 30-symbol alphabet each: 78 bits.
    assert all(len(code.replace("-", "")) == 16 for code in codes)
    assert len({c for code in codes for c in code.replace("-", "")}) > 16


def test_sms_code_logins_of_a_totp_account_ask_for_the_second_factor(start_server):
    # phone/verify-login, and phone/verify-signup of a known number, are logins too.
    from messaging import fresh_phone, sms_code, sms_to, wait_sms
    srv = start_server({"otp.resendInterval": "1"})

    def code_after(phone, path):
        before = len(sms_to(srv, phone))
        assert srv.client.post(path, json={"phone_number": phone}).status_code == 202
        return sms_code(wait_sms(srv, phone, before))

    phone = fresh_phone()
    code = code_after(phone, "/api/auth/phone/signup")
    tokens = assert_json(srv.client.post("/api/auth/phone/verify-signup", json={"phone_number": phone, "otp_code": code}), 201)
    totp = pyotp.TOTP(setup_totp(srv, tokens["access_token"])["secret"])
    assert_json(srv.client.post("/api/auth/mfa/totp/confirm", json={"code": totp.now()}, token=tokens["access_token"]), 200)

    code = code_after(phone, "/api/auth/phone/login")
    chal = assert_json(srv.client.post("/api/auth/phone/verify-login", json={"phone_number": phone, "otp_code": code}), 200)
    assert chal["mfa_required"] is True and "access_token" not in chal
    time.sleep(1.2)  # otp.resendInterval of the sign-up code
    code = code_after(phone, "/api/auth/phone/signup")
    again = assert_json(srv.client.post("/api/auth/phone/verify-signup", json={"phone_number": phone, "otp_code": code}), 200)
    assert again["mfa_required"] is True and "access_token" not in again
    assert_token_response(answer(srv, again, "totp", next_step(totp)))


def test_a_new_setup_replaces_an_unconfirmed_one(server):
    account = create_verified(server)
    tokens = login_ok(server, account)
    first = pyotp.TOTP(setup_totp(server, tokens["access_token"])["secret"])
    second = pyotp.TOTP(setup_totp(server, tokens["access_token"])["secret"])
    assert first.secret != second.secret
    if first.now() != second.now():
        assert_problem(server.client.post("/api/auth/mfa/totp/confirm", json={"code": first.now()},
                                          token=tokens["access_token"]), 400, "invalid_otp")
    assert_json(server.client.post("/api/auth/mfa/totp/confirm", json={"code": second.now()},
                                   token=tokens["access_token"]), 200)
    assert_token_response(answer(server, challenge(server, account), "totp", next_step(second)))
