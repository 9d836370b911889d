"""POST /api/auth/password/forgot and /password/reset (API.md, Endpoints)."""

from authtest import (
    assert_invalid_token_401, assert_json, assert_problem, assert_token_response,
    login, login_ok, mail_text, profile, refresh, register_ok, strong_password,
    unique_email,
)
from messaging import forgot, mailed_reset_token, reset, wait_reset_mail


def test_forgot_answers_202_with_the_same_body_for_known_and_unknown(server, client, account):
    known = forgot(client, account.email)
    unknown = forgot(client, unique_email())
    assert_json(known, 202)
    assert_json(unknown, 202)
    assert known.json() == unknown.json()
    # Only the account's owner gets a link.
    wait_reset_mail(server, account.email, seen=())


def test_forgot_for_unknown_address_sends_nothing(server, client):
    address = unique_email()
    assert_json(forgot(client, address), 202)
    assert server.mails_to(address) == []


def test_reset_revokes_every_session_and_mails_the_notice(server, client, account):
    one, two = login_ok(server, account), login_ok(server, account)
    token = mailed_reset_token(server, account.email)
    seen = set(server.mails_to(account.email))
    new = strong_password()
    body = assert_json(reset(client, token, new), 200)
    assert isinstance(body.get("detail"), str), body
    for t in (one, two):
        assert_invalid_token_401(profile(client, t["access_token"]))
        assert_problem(refresh(client, t["refresh_token"]), 401)
    assert_problem(login(client, account.email, account.password), 401, "invalid_credentials")
    assert_token_response(login(client, account.email, new))
    notice = server.wait_mail(account.email, exclude=seen,
                              predicate=lambda m: "was changed" in mail_text(m))
    assert new not in mail_text(notice)


def test_reset_link_is_single_use(server, client, account):
    token = mailed_reset_token(server, account.email)
    assert_json(reset(client, token, strong_password()), 200)
    assert_problem(reset(client, token, strong_password()), 400, "invalid_token")


def test_refused_reset_leaves_the_token_usable(server, client, account):
    token = mailed_reset_token(server, account.email)
    new = strong_password()
    assert_problem(reset(client, token, new, new + "x"), 400, "password_mismatch")
    assert_problem(reset(client, token, "password", "password"), 400, "weak_password")
    assert_token_response(login(client, account.email, account.password))
    assert_json(reset(client, token, new), 200)
    assert_token_response(login(client, account.email, new))


def test_new_forgot_supersedes_the_earlier_link(server, client, account):
    first = mailed_reset_token(server, account.email)
    second = mailed_reset_token(server, account.email)
    assert first != second
    assert_problem(reset(client, first, strong_password()), 400, "invalid_token")
    assert_json(reset(client, second, strong_password()), 200)


def test_reset_verifies_the_email_of_an_unverified_account(server, client):
    acc = register_ok(server)
    assert_problem(login(client, acc.email, acc.password), 403, "email_not_verified")
    token = mailed_reset_token(server, acc.email)
    new = strong_password()
    assert_json(reset(client, token, new), 200)
    assert assert_token_response(login(client, acc.email, new))["user"]["email_verified"] is True


def test_reset_bad_input(client):
    body = assert_problem(reset(client, "", "", ""), 400, "validation_error")
    assert {"token", "new_password", "new_password_confirm"} <= set(body["errors"]), body
    assert_problem(reset(client, "not-a-real-token", "violet tuba 42 x", "violet tuba 42 x"), 400, "invalid_token")
    assert_problem(client.post("/api/auth/password/reset", json={"token": 5, "new_password": [],
                                                                 "new_password_confirm": {}}), 400, "validation_error")
    assert_problem(client.post("/api/auth/password/forgot", json={"email": 42}), 400, "validation_error")


def test_expired_reset_link_refused(start_server):
    import time
    srv = start_server({"passwordReset.lifetime": 1})
    from authtest import create_verified
    acc = create_verified(srv)
    token = mailed_reset_token(srv, acc.email)
    time.sleep(2.1)
    assert_problem(reset(srv.client, token, strong_password()), 400, "invalid_token")


def test_hourly_cap_drops_extra_links_but_still_answers_202(start_server):
    from authtest import create_verified
    srv = start_server({"otp.maxSendsPerHour": 3})  # the verification mail counts too
    acc = create_verified(srv)
    before = len(srv.mails_to(acc.email))
    for _ in range(4):
        assert_json(forgot(srv.client, acc.email), 202)
    import time
    time.sleep(0.5)
    links = [n for n in srv.mails_to(acc.email)[before:]]
    assert len(links) == 2, links
