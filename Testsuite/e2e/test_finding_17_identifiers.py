"""Issue 17, findings 1, 7, 10 and 11: identifiers count only once proven
(account pre-hijacking, Sudhodanan & Paverd, USENIX Security 2022), phone
numbers under auth.preventEnumeration, input checks, protected fields at
registration.

Each test reproduces the attack of the finding it is named after and fails on
a server without the fix."""

import time

import pytest

from authtest import (
    assert_invalid_token_401, assert_json, assert_problem, assert_token_response,
    create_verified, login_ok, profile, register, unique_email, verification_token,
)
from messaging import (
    fresh_phone, mailed_reset_token, request_otp, reset, sms_code, sms_to,
    verify_otp, wait_sms,
)
import authtest


# -- helpers -----------------------------------------------------------------

def sms_after(server, phone, action, expect_sms=True):
    """Runs action (which must answer 202) and returns the code of the SMS it
    sent to phone, or None when expect_sms is False and none came."""
    before = len(sms_to(server, phone))
    assert_json(action(), 202)
    if not expect_sms:
        time.sleep(0.3)  # a delivery would be written within the request
        assert len(sms_to(server, phone)) == before, f"an SMS went to {phone}"
        return None
    return sms_code(wait_sms(server, phone, before))


def sms_signup(server, phone):
    """phone/signup + phone/verify-signup; returns the response."""
    c = server.client
    code = sms_after(server, phone, lambda: c.post("/api/auth/phone/signup", json={"phone_number": phone}))
    return c.post("/api/auth/phone/verify-signup", json={"phone_number": phone, "otp_code": code})


def sms_login_code_sent(server, phone):
    """True when phone/login sends a code to phone."""
    before = len(sms_to(server, phone))
    assert_json(server.client.post("/api/auth/phone/login", json={"phone_number": phone}), 202)
    time.sleep(0.3)
    return len(sms_to(server, phone)) > before


def sms_login(server, phone):
    c = server.client
    code = sms_after(server, phone, lambda: c.post("/api/auth/phone/login", json={"phone_number": phone}))
    return c.post("/api/auth/phone/verify-login", json={"phone_number": phone, "otp_code": code})


def reset_password(server, email):
    new = authtest.strong_password()
    assert_json(reset(server.client, mailed_reset_token(server, email), new), 200)
    return new


def password_login(server, email, password):
    return assert_token_response(authtest.login(server.client, email, password))


# -- finding 1 (High): account pre-hijacking ---------------------------------

def test_finding_1a_registered_email_with_attacker_phone_gives_no_sms_access(server):
    """The attacker registers the victim's email with the attacker's phone and
    signs up by SMS: that lands in a new account of the attacker's own, never
    in the account holding the victim's email; after the victim's reset the
    victim's account has no phone the attacker controls."""
    victim, attacker_phone = unique_email("victim1a"), fresh_phone()
    assert_json(register(server.client, email=victim, phone_number=attacker_phone)[0], 201)

    signed_up = sms_signup(server, attacker_phone)
    assert signed_up.status_code == 201, f"SMS sign-up logged into the pre-registered account: {signed_up.text}"
    assert signed_up.json()["user"]["email"] is None

    password = reset_password(server, victim)
    tokens = password_login(server, victim, password)
    assert tokens["user"]["phone_number"] is None, tokens["user"]

    attacker = assert_token_response(sms_login(server, attacker_phone))
    assert attacker["user"]["email"] is None and attacker["user"]["id"] != tokens["user"]["id"]


def test_finding_1a_attacker_proven_phone_is_removed_when_the_victim_resets(server):
    """The attacker proves the phone on the pre-registered account and logs in
    by SMS; the victim's password reset proves the email, which removes the
    number the victim did not prove and ends the attacker's session."""
    c = server.client
    victim, attacker_phone = unique_email("victim1a2"), fresh_phone()
    assert_json(register(c, email=victim, phone_number=attacker_phone)[0], 201)
    code = sms_after(server, attacker_phone, lambda: request_otp(c, "sms", attacker_phone, "verify"))
    assert_json(verify_otp(c, "sms", attacker_phone, code, "verify"), 200)
    attacker = assert_token_response(sms_login(server, attacker_phone))
    assert attacker["user"]["email"] == victim

    password = reset_password(server, victim)
    assert_invalid_token_401(profile(c, attacker["access_token"]))
    assert not sms_login_code_sent(server, attacker_phone), "the attacker still signs in by SMS after the reset"
    me = password_login(server, victim, password)["user"]
    assert me["phone_number"] is None and me["email_verified"] is True, me


def test_finding_1b_email_claimed_by_phone_account_reserves_nothing(server):
    """The attacker signs up by phone and claims the victim's email through
    profile/complete: the victim can still register it (201), proving it
    takes it from the attacker's account, and the attacker's mailed link dies."""
    c = server.client
    victim, attacker_phone = unique_email("victim1b"), fresh_phone()
    attacker = assert_json(sms_signup(server, attacker_phone), 201)
    seen = set(server.mails_to(victim))
    assert_json(c.post("/api/auth/profile/complete", token=attacker["access_token"],
                       json={"full_name": "Mallory", "email": victim}), 200)
    attacker_link = verification_token(server.wait_verification_mail(victim, exclude=seen))

    seen = set(server.mails_to(victim))
    resp, _, password = register(c, email=victim)
    assert resp.status_code == 201, f"an unproven claim reserved the email: {resp.text}"
    link = verification_token(server.wait_verification_mail(victim, exclude=seen))
    verified = assert_json(c.post("/api/auth/verify-email", json={"token": link}), 200)["user"]
    assert verified["email"] == victim and verified["email_verified"] is True

    assert assert_json(profile(c, attacker["access_token"]), 200)["email"] is None
    assert_problem(c.post("/api/auth/verify-email", json={"token": attacker_link}), 400, "invalid_token")
    me = password_login(server, victim, password)["user"]
    assert me["id"] == verified["id"] and me["phone_number"] is None
    sms = assert_token_response(sms_login(server, attacker_phone))["user"]
    assert sms["id"] != me["id"] and sms["email"] is None


def test_finding_1b_reset_through_claimed_email_removes_the_attackers_phone(server):
    """The victim resets the password of the email the attacker's phone
    account claimed: the reset proves the email and removes the attacker's
    number and sessions, so SMS login no longer reaches the account."""
    c = server.client
    victim, attacker_phone = unique_email("victim1b2"), fresh_phone()
    attacker = assert_json(sms_signup(server, attacker_phone), 201)
    assert_json(c.post("/api/auth/profile/complete", token=attacker["access_token"],
                       json={"full_name": "Mallory", "email": victim}), 200)

    password = reset_password(server, victim)
    assert_invalid_token_401(profile(c, attacker["access_token"]))
    assert not sms_login_code_sent(server, attacker_phone), "the attacker still signs in by SMS after the reset"
    me = password_login(server, victim, password)["user"]
    assert me["phone_number"] is None and me["otp_channel"] == "email", me


def test_finding_1b_victim_clicking_the_attackers_verification_link_keeps_no_attacker_phone(server):
    """The victim clicks the verification link the attacker's profile/complete
    sent: the email is proven, but not in a session of that account, so the
    number proven before it (the attacker's) goes, with its sessions."""
    c = server.client
    victim, attacker_phone = unique_email("victim1b3"), fresh_phone()
    attacker = assert_json(sms_signup(server, attacker_phone), 201)
    seen = set(server.mails_to(victim))
    assert_json(c.post("/api/auth/profile/complete", token=attacker["access_token"],
                       json={"full_name": "Mallory", "email": victim}), 200)
    link = verification_token(server.wait_verification_mail(victim, exclude=seen))

    user = assert_json(c.post("/api/auth/verify-email", json={"token": link}), 200)["user"]
    assert user["email_verified"] is True and user["phone_number"] is None, user
    assert_invalid_token_401(profile(c, attacker["access_token"]))
    assert not sms_login_code_sent(server, attacker_phone), "the attacker still signs in by SMS"


def test_finding_1_email_proven_in_its_own_session_keeps_the_proven_phone(server):
    """The legitimate phone-first flow: the owner proves the email from a
    session of the account (the access token sent with verify-email), so the
    number and the session stay."""
    c = server.client
    mine, phone = unique_email("phonefirst"), fresh_phone()
    tokens = assert_json(sms_signup(server, phone), 201)
    seen = set(server.mails_to(mine))
    assert_json(c.post("/api/auth/profile/complete", token=tokens["access_token"],
                       json={"full_name": "Priya", "email": mine}), 200)
    link = verification_token(server.wait_verification_mail(mine, exclude=seen))
    user = assert_json(c.post("/api/auth/verify-email", token=tokens["access_token"], json={"token": link}), 200)["user"]
    assert user["email_verified"] is True and user["phone_number"] == phone and user["phone_verified"] is True, user
    assert assert_json(profile(c, tokens["access_token"]), 200)["email"] == mine
    assert assert_token_response(sms_login(server, phone))["user"]["id"] == user["id"]


def test_finding_1c_victim_sms_signup_never_lands_in_attacker_account(server):
    """The attacker registers any email with the victim's number: the
    victim's SMS sign-up creates the victim's own account and the attacker's
    account loses the number."""
    c = server.client
    victim_phone = fresh_phone()
    resp, attacker_email, attacker_password = register(c, phone_number=victim_phone)
    assert_json(resp, 201)

    signed_up = sms_signup(server, victim_phone)
    assert signed_up.status_code == 201, f"the victim's SMS sign-up landed in another account: {signed_up.text}"
    victim = signed_up.json()["user"]
    assert victim["email"] is None and victim["phone_verified"] is True

    msg = server.wait_verification_mail(attacker_email)
    assert_json(c.post("/api/auth/verify-email", json={"token": verification_token(msg)}), 200)
    mallory = password_login(server, attacker_email, attacker_password)["user"]
    assert mallory["phone_number"] is None, mallory
    assert assert_token_response(sms_login(server, victim_phone))["user"]["id"] == victim["id"]


def test_finding_1c_number_claimed_by_profile_update_never_opens_the_account(server):
    """PATCH /profile with someone's number is a claim: SMS login and SMS
    one-time codes do not reach it, and the number's owner signing up takes it."""
    c = server.client
    mallory = create_verified(server)
    token = login_ok(server, mallory)["access_token"]
    victim_phone = fresh_phone()
    assert_json(c.patch("/api/auth/profile", token=token, json={"phone_number": victim_phone}), 200)
    assert not sms_login_code_sent(server, victim_phone)
    sms_after(server, victim_phone, lambda: request_otp(c, "sms", victim_phone, "login"), expect_sms=False)

    victim = assert_json(sms_signup(server, victim_phone), 201)["user"]
    assert victim["email"] is None
    assert assert_json(profile(c, token), 200)["phone_number"] is None


def test_finding_1_emailed_login_code_only_for_a_proven_email(server):
    """An unproven email never opens an account: no login code goes to it (the
    code would have logged into whichever account claimed it)."""
    c = server.client
    resp, email, _ = register(c)
    assert_json(resp, 201)
    seen = set(server.mails_to(email))
    assert_json(request_otp(c, "email", email, "login"), 202)
    # A verify code is still sent; it arrives after a login code would have.
    assert_json(request_otp(c, "email", email, "verify"), 202)
    msg = server.wait_mail(email, exclude=seen, predicate=lambda m: "Use this code" in authtest.mail_text(m))
    later = [n for n in server.mails_to(email) if n not in seen]
    assert len(later) == 1, f"a login code went to an unproven email: {later}"
    assert "confirm this email address" in authtest.mail_text(msg)


# -- finding 7 (Low): phone numbers under auth.preventEnumeration -------------

def test_finding_7_taken_phone_number_not_told_with_prevent_enumeration(start_server):
    srv = start_server({"auth.preventEnumeration": "true"}, name="prevent-enumeration-phone")
    phone = fresh_phone()
    owner = assert_json(sms_signup(srv, phone), 201)["user"]

    resp, _, _ = register(srv.client, phone_number=phone)
    assert resp.status_code == 201, f"registration tells the number is taken: {resp.text}"
    other = create_verified(srv)
    token = login_ok(srv, other)["access_token"]
    patched = srv.client.patch("/api/auth/profile", token=token, json={"phone_number": phone})
    assert patched.status_code == 200, f"PATCH /profile tells the number is taken: {patched.text}"
    assert patched.json()["phone_verified"] is False
    # The claims open nothing: the owner's SMS login still reaches the owner.
    assert assert_token_response(sms_login(srv, phone))["user"]["id"] == owner["id"]


# -- finding 10 (Low): input checks ------------------------------------------

BAD_NAMES = ["Eve\r\nSubject: urgent", "Eve\nClick https://evil.test", "Eve\x00", "Eve\u202eevil",
             "Eve\u2066x\u2069", "Eve\u200fx", "Eve\x7f", "Eve\x85"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_finding_10_full_name_control_characters_refused(server, shared_login, name):
    body = assert_problem(register(server.client, full_name=name)[0], 400, "validation_error")
    assert "full_name" in body["errors"], body
    token = shared_login[1]["access_token"]
    body = assert_problem(server.client.patch("/api/auth/profile", token=token, json={"full_name": name}), 400, "validation_error")
    assert "full_name" in body["errors"], body


@pytest.mark.parametrize("password", [" " * 12, "\t" * 10, "\u200b" * 12, "\u3000" * 10, "\u200d\u2060" * 6, "a\u200b\u200b" * 4, "  abc  \u200b  "])
def test_finding_10_blank_or_invisible_passwords_refused(client, password):
    body = assert_problem(register(client, password=password)[0], 400, "weak_password")
    assert "password" in body["errors"], body


@pytest.mark.parametrize("password", [
    "password1 ",                      # trailing space
    " password1",                      # leading space
    "p\u0430ssword1",                  # Cyrillic a
    "\u0440assword1",                  # Cyrillic er for p
    "\uff50\uff41\uff53\uff53\uff57\uff4f\uff52\uff44\uff11",  # fullwidth: NFKC
    "pass\u200bword1",                 # zero-width space inside
])
def test_finding_10_breached_password_variants_refused(client, password):
    assert_problem(register(client, password="password1")[0], 400, "weak_password")
    body = assert_problem(register(client, password=password)[0], 400, "weak_password")
    assert "password" in body["errors"], body


def test_finding_10_unicode_passwords_still_accepted(client):
    for password in ["Gr\u00fc\u00dfe aus K\u00f6ln 42", "\u043f\u0430\u0440\u043e\u043b\u044c-\u0441\u043b\u043e\u043d-2026", "\U0001f511 vault \U0001f512 door"]:
        assert_json(register(client, password=password)[0], 201)


@pytest.mark.parametrize("url", [
    "https://cdn.example.com/a b.png",
    "https://user:secret@cdn.example.com/a.png",
    "https://bank.example@evil.test/a.png",
    "https://cdn.example.com/a%00.png",
    "https://cdn.example.com/a.png?x=%00",
    "https://cdn.example.com/a.png#%0d%0a",
    "https://cdn.example.com/\ta.png",
])
def test_finding_10_avatar_url_spaces_userinfo_and_nul_refused(server, shared_login, url):
    token = shared_login[1]["access_token"]
    body = assert_problem(server.client.patch("/api/auth/profile", token=token, json={"avatar_url": url}), 400, "validation_error")
    assert "avatar_url" in body["errors"], body


def test_finding_10_plain_avatar_url_still_accepted(server, shared_login):
    token = shared_login[1]["access_token"]
    url = "https://cdn.example.com/u/42/a%20b.png?size=128&v=2#top"
    assert assert_json(server.client.patch("/api/auth/profile", token=token, json={"avatar_url": url}), 200)["avatar_url"] == url


# -- finding 11 (Low): protected fields at registration -----------------------

@pytest.mark.parametrize("field,value", [("is_active", False), ("email_verified", True), ("id", "1"),
                                         ("phone_verified", True)])
@pytest.mark.parametrize("path", ["/api/auth/register", "/api/auth/register/supplier"])
def test_finding_11_register_refuses_protected_fields(client, field, value, path):
    extra = {field: value}
    if path.endswith("supplier"):
        extra["company_name"] = "ACME"
    body = assert_problem(register(client, path=path, **extra)[0], 400, "validation_error")
    assert field in body["errors"], body


def test_finding_11_register_still_takes_role(client):
    assert assert_json(register(client, role="supplier", company_name="ACME")[0], 201)["user"]["role"] == "supplier"
    assert_problem(register(client, role="admin")[0], 400, "validation_error")
