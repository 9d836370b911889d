"""Email verification: POST /api/auth/verify-email and /api/auth/resend-verification."""

import pytest

from authtest import (
    assert_json, assert_problem, assert_token_response, assert_user, login,
    register_ok, six_digit_code, unique_email, verification_token,
)


def test_login_before_verification_is_email_not_verified(server, client):
    acc = register_ok(server)
    assert_problem(login(client, acc.email, acc.password), 403, "email_not_verified")


def test_login_before_verification_with_wrong_password_is_invalid_credentials(server, client):
    # The unverified state must not be revealed to someone without the password.
    acc = register_ok(server)
    assert_problem(login(client, acc.email, acc.password + "x"), 401, "invalid_credentials")


def test_verify_by_link_token_marks_email_verified_and_allows_login(server, client):
    acc = register_ok(server)
    token = verification_token(server.wait_verification_mail(acc.email))
    body = assert_json(client.post("/api/auth/verify-email", json={"token": token}), 200)
    assert_user(body["user"], email=acc.email, email_verified=True, id=acc.id)
    assert_token_response(login(client, acc.email, acc.password))


def test_verify_by_email_and_code_marks_email_verified(server, client):
    acc = register_ok(server)
    code = six_digit_code(server.wait_verification_mail(acc.email))
    body = assert_json(client.post("/api/auth/verify-email",
                                   json={"email": acc.email, "code": code}), 200)
    assert_user(body["user"], email=acc.email, email_verified=True)
    assert_token_response(login(client, acc.email, acc.password))


def test_verify_by_code_accepts_email_in_other_case(server, client):
    acc = register_ok(server)
    code = six_digit_code(server.wait_verification_mail(acc.email))
    body = assert_json(client.post("/api/auth/verify-email",
                                   json={"email": acc.email.upper(), "code": code}), 200)
    assert body["user"]["email_verified"] is True


def test_verify_link_token_is_single_use(server, client):
    acc = register_ok(server)
    token = verification_token(server.wait_verification_mail(acc.email))
    assert_json(client.post("/api/auth/verify-email", json={"token": token}), 200)
    assert_problem(client.post("/api/auth/verify-email", json={"token": token}),
                   400, "invalid_token")


def test_verify_code_is_single_use(server, client):
    acc = register_ok(server)
    code = six_digit_code(server.wait_verification_mail(acc.email))
    body = {"email": acc.email, "code": code}
    assert_json(client.post("/api/auth/verify-email", json=body), 200)
    assert_problem(client.post("/api/auth/verify-email", json=body), 400, "invalid_token")


def test_link_token_is_dead_after_verifying_by_code(server, client):
    acc = register_ok(server)
    msg = server.wait_verification_mail(acc.email)
    assert_json(client.post("/api/auth/verify-email",
                            json={"email": acc.email, "code": six_digit_code(msg)}), 200)
    assert_problem(client.post("/api/auth/verify-email",
                               json={"token": verification_token(msg)}), 400, "invalid_token")


@pytest.mark.parametrize("token", ["garbage", "A" * 43, "not a token!"])
def test_verify_with_unknown_token_is_invalid_token(client, token):
    assert_problem(client.post("/api/auth/verify-email", json={"token": token}),
                   400, "invalid_token")


def test_verify_with_wrong_code_is_refused(server, client):
    acc = register_ok(server)
    code = six_digit_code(server.wait_verification_mail(acc.email))
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    assert_problem(client.post("/api/auth/verify-email",
                               json={"email": acc.email, "code": wrong}),
                   400, codes=("invalid_token", "invalid_otp"))
    # The right code still works afterwards (one wrong try does not kill it).
    assert_json(client.post("/api/auth/verify-email",
                            json={"email": acc.email, "code": code}), 200)


def test_verify_with_code_for_unknown_email_is_refused(client):
    assert_problem(client.post("/api/auth/verify-email",
                               json={"email": unique_email(), "code": "123456"}),
                   400, codes=("invalid_token", "invalid_otp"))


def test_verify_with_empty_body_is_refused_without_500(client):
    resp = client.post("/api/auth/verify-email", json={})
    assert_problem(resp, 400, codes=("validation_error", "invalid_token"))


def test_resend_verification_answers_202_for_known_and_unknown_email_alike(server, client):
    acc = register_ok(server)
    known = client.post("/api/auth/resend-verification", json={"email": acc.email})
    unknown = client.post("/api/auth/resend-verification", json={"email": unique_email()})
    assert known.status_code == 202, known.text
    assert unknown.status_code == 202, unknown.text
    assert known.content == unknown.content


def test_resend_verification_sends_new_link_and_kills_the_earlier_token(server, client):
    acc = register_ok(server)
    first = server.wait_verification_mail(acc.email)
    seen = set(server.mails_to(acc.email))
    resp = client.post("/api/auth/resend-verification", json={"email": acc.email})
    assert resp.status_code == 202, resp.text
    second = server.wait_verification_mail(acc.email, exclude=seen)
    old_token, new_token = verification_token(first), verification_token(second)
    assert old_token != new_token
    assert_problem(client.post("/api/auth/verify-email", json={"token": old_token}),
                   400, "invalid_token")
    body = assert_json(client.post("/api/auth/verify-email", json={"token": new_token}), 200)
    assert body["user"]["email_verified"] is True


def test_resend_verification_kills_the_earlier_code(server, client):
    acc = register_ok(server)
    first = server.wait_verification_mail(acc.email)
    seen = set(server.mails_to(acc.email))
    assert client.post("/api/auth/resend-verification",
                       json={"email": acc.email}).status_code == 202
    second = server.wait_verification_mail(acc.email, exclude=seen)
    old_code, new_code = six_digit_code(first), six_digit_code(second)
    if old_code != new_code:
        assert_problem(client.post("/api/auth/verify-email",
                                   json={"email": acc.email, "code": old_code}),
                       400, codes=("invalid_token", "invalid_otp"))
    assert_json(client.post("/api/auth/verify-email",
                            json={"email": acc.email, "code": new_code}), 200)

