"""Account enumeration and anti-automation: OWASP ASVS 4.0.3 V2.2
(2.2.1 anti-automation, 2.2.3 notifications), NIST SP 800-63B §5.2.2
(rate limiting), API.md "Responses that would reveal whether an account
exists" and auth.preventEnumeration (CONFIG.md).
"""

import statistics
import time

import pytest

import authtest
from authtest import (assert_json, assert_problem, assert_token_response,
                      create_verified, login, mail_text, register,
                      strong_password, unique_email)
from messaging import forgot

NOTICE = "tried to create a new"


@pytest.fixture(scope="module")
def guarded(start_server):
    return start_server({"auth.preventEnumeration": "true"}, name="prevent-enumeration")


def _limited(**defines):
    base = {"rateLimit.enabled": "true"}
    base.update({k: str(v) for k, v in defines.items()})
    return base


# ---- registration of a taken email ---------------------------------------

def test_asvs_2_2_1_taken_email_is_409_by_default_seed_compatible(server, client):
    acc = create_verified(server)
    assert_problem(register(client, email=acc.email)[0], 409, "conflict")


def test_asvs_2_2_1_taken_email_answers_201_like_a_new_one_with_prevent_enumeration(guarded):
    client = guarded.client
    owner = create_verified(guarded, full_name="Owner Person")
    before_owner = set(guarded.mails_to(owner.email))

    new_resp, new_email, new_password = register(client, full_name="Someone Else")
    taken_resp, _, attacker_password = register(client, email=owner.email.upper(), full_name="Someone Else")
    after_resp, _, _ = register(client, full_name="Someone Else")
    new, taken, after = (assert_json(r, 201) for r in (new_resp, taken_resp, after_resp))

    # Same shape and values but the email and id.
    assert set(taken) == set(new) and set(taken["user"]) == set(new["user"])
    assert taken["verification"] == new["verification"] == "email_sent"
    for key in new["user"]:
        if key not in ("id", "email", "created_at", "updated_at"):
            assert taken["user"][key] == new["user"][key], key
    assert taken["user"]["email"] == owner.email.lower()
    assert taken["user"]["email_verified"] is False
    # Ids stay consecutive: the next real account does not tell that
    # nothing was stored for the taken one.
    ids = [int(new["user"]["id"]), int(taken["user"]["id"]), int(after["user"]["id"])]
    assert ids == [ids[0], ids[0] + 1, ids[0] + 2], ids

    # The owner is mailed the notice (text and HTML), with no link of a
    # new account and no password; the attacker gets nothing.
    notice = guarded.wait_mail(owner.email, exclude=before_owner,
                               predicate=lambda m: NOTICE in mail_text(m))
    text = mail_text(notice)
    assert "Owner Person" in text and "/forgot-password" in text
    assert "verify-email" not in text and attacker_password not in text
    assert notice.get_body(("html",)) is not None
    assert [n for n in guarded.mails_to(owner.email) if n not in before_owner] != []

    # Nothing changed for the owner.
    assert_token_response(login(client, owner.email, owner.password))
    # Logging in with the attacker's password gives the same answer as a
    # fresh, unverified account would: 401 invalid_credentials.
    taken_login = login(client, owner.email, attacker_password)
    fresh_login = login(client, new_email, new_password)
    a = assert_problem(taken_login, 401, "invalid_credentials")
    b = assert_problem(fresh_login, 401, "invalid_credentials")
    assert a == b


def test_asvs_2_2_1_taken_email_notice_counts_against_the_hourly_cap(start_server):
    srv = start_server({"auth.preventEnumeration": "true", "otp.maxSendsPerHour": 2}, name="prevent-enum-cap")
    owner = create_verified(srv)   # the verification mail counts as one send
    for _ in range(4):
        assert_json(register(srv.client, email=owner.email)[0], 201)
    time.sleep(0.5)
    notices = [name for _, name, msg in srv._all_mails()
               if authtest.addressed_to(msg, owner.email) and NOTICE in mail_text(msg)]
    assert len(notices) == 1, notices   # not a mail bomb


# ---- forgot-password and resend-verification -----------------------------

def test_asvs_2_2_1_forgot_password_does_not_reveal_existence(server, client, account):
    known, unknown = forgot(client, account.email), forgot(client, unique_email())
    assert assert_json(known, 202) == assert_json(unknown, 202)


def test_asvs_2_2_1_resend_verification_does_not_reveal_existence(server, client):
    acc = authtest.register_ok(server)
    verified = create_verified(server)
    answers = [client.post("/api/auth/resend-verification", json={"email": e})
               for e in (acc.email, verified.email, unique_email())]
    bodies = [assert_json(r, 202) for r in answers]
    assert bodies[0] == bodies[1] == bodies[2]


# ---- login timing: known and unknown accounts cost one Argon2id each -----

def test_asvs_2_2_1_login_timing_equal_for_known_and_unknown_accounts(server):
    client = authtest.Client(server.base_url)
    acc = create_verified(server)
    unknown = unique_email()
    wrong = strong_password()
    samples = {"known": [], "unknown": []}

    def timed(email):
        t0 = time.perf_counter()
        resp = login(client, email, wrong)
        elapsed = time.perf_counter() - t0
        assert_problem(resp, 401, "invalid_credentials")
        return elapsed, resp.json()

    for _ in range(3):           # warm up connections and caches
        timed(acc.email), timed(unknown)
    bodies = set()
    for i in range(40):          # interleaved, alternating which goes first
        order = ("known", "unknown") if i % 2 == 0 else ("unknown", "known")
        for kind in order:
            elapsed, body = timed(acc.email if kind == "known" else unknown)
            samples[kind].append(elapsed)
            bodies.add(tuple(sorted(body.items())))
    client.close()
    known, unknown_ = statistics.median(samples["known"]), statistics.median(samples["unknown"])
    print(f"login median: known {known * 1000:.1f} ms, unknown {unknown_ * 1000:.1f} ms")
    assert len(bodies) == 1, bodies           # the same answer, byte for byte
    # One Argon2id verify each (tens of ms): without the dummy verify the
    # unknown account would answer in well under a millisecond.
    assert abs(known - unknown_) <= 0.25 * max(known, unknown_), (known, unknown_)
    assert unknown_ >= 0.004, unknown_


# ---- 2.2.1 / NIST 5.2.2: throttling and lockout --------------------------

def test_asvs_2_2_1_repeated_failures_lock_the_account_with_retry_after(start_server):
    srv = start_server(_limited(**{"rateLimit.login.perIp": 0, "rateLimit.login.perAccount": 0,
                                   "rateLimit.lockout.threshold": 3, "rateLimit.lockout.baseSeconds": 60,
                                   "rateLimit.lockout.maxSeconds": 600}), name="asvs-lockout")
    acc = create_verified(srv)
    for _ in range(3):
        assert_problem(login(srv.client, acc.email, "wrong-password-1"), 401, "invalid_credentials")
    resp = login(srv.client, acc.email, acc.password)
    assert_problem(resp, 423, "account_locked")
    assert resp.headers.get("Retry-After", "").isdigit()


def test_nist_5_2_2_login_attempts_are_rate_limited_per_address(start_server):
    srv = start_server(_limited(**{"rateLimit.login.perIp": 4, "rateLimit.login.window": 60,
                                   "rateLimit.lockout.threshold": 0}), name="asvs-login-ip")
    for _ in range(4):
        assert_problem(login(srv.client, unique_email(), "wrong-password-1"), 401, "invalid_credentials")
    resp = login(srv.client, unique_email(), "wrong-password-1")
    assert_problem(resp, 429, "rate_limited")
    assert 1 <= int(resp.headers["Retry-After"]) <= 120  # sliding window: up to 2 x window


def test_asvs_2_2_3_password_change_is_notified_to_the_owner(server, client, account):
    tokens = authtest.login_ok(server, account)
    before = set(server.mails_to(account.email))
    new = strong_password()
    assert_json(client.post("/api/auth/password/change", token=tokens["access_token"], json={
        "old_password": account.password, "new_password": new, "new_password_confirm": new}), 200)
    notice = server.wait_mail(account.email, exclude=before, predicate=lambda m: "was changed" in mail_text(m))
    assert new not in mail_text(notice)
