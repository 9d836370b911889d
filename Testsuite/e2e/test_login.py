"""POST /api/auth/login (API.md, Endpoints; token response per RFC 6749 §5.1)."""

import pytest

from authtest import (
    assert_json, assert_problem, assert_token_response, assert_user, login,
    profile, unique_email,
)


def test_login_answers_rfc6749_token_response_with_user(server, client, account):
    resp = login(client, account.email, account.password)
    body = assert_token_response(resp)
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert body["refresh_expires_in"] == 604800
    assert_user(body["user"], id=account.id, email=account.email, email_verified=True,
                role="user", is_active=True)
    assert body["user"]["last_login_at"] is not None


def test_login_access_token_opens_the_profile(client, logged_in):
    acc, tokens = logged_in
    user = assert_json(profile(client, tokens["access_token"]), 200)
    assert_user(user, id=acc.id, email=acc.email)
    assert user["last_login_at"] is not None


def test_login_email_is_case_insensitive(client, account):
    assert_token_response(login(client, account.email.upper(), account.password))


def test_login_with_wrong_password_is_invalid_credentials(client, account):
    body = assert_problem(login(client, account.email, account.password + "!"),
                          401, "invalid_credentials")
    assert "errors" not in body


def test_login_with_unknown_email_is_invalid_credentials(client):
    assert_problem(login(client, unique_email(), "Whatever-Passw0rd-xyz"),
                   401, "invalid_credentials")


def test_login_unknown_email_and_wrong_password_answer_alike(client, account):
    a = assert_problem(login(client, unique_email(), account.password), 401)
    b = assert_problem(login(client, account.email, account.password + "!"), 401)
    assert (a["code"], a["title"], a["detail"]) == (b["code"], b["title"], b["detail"])


def test_login_password_is_not_truncated_or_trimmed(client, account):
    assert_problem(login(client, account.email, account.password[:-1]), 401, "invalid_credentials")
    assert_problem(login(client, account.email, account.password + " "), 401, "invalid_credentials")
    assert_problem(login(client, account.email, " " + account.password), 401, "invalid_credentials")


def test_supplier_login_carries_role_supplier(server, client):
    from authtest import create_verified
    acc = create_verified(server, supplier=True)
    body = assert_token_response(login(client, acc.email, acc.password))
    assert body["user"]["role"] == "supplier"


@pytest.mark.parametrize("body", [{}, {"email": "a@example.com"}, {"password": "x" * 10}])
def test_login_with_missing_fields_is_validation_error(client, body):
    assert_problem(client.post("/api/auth/login", json=body), 400, "validation_error")


@pytest.mark.parametrize("body", [{"email": 5, "password": "Whatever-Passw0rd"},
                                  {"email": "a@example.com", "password": 12345678},
                                  {"email": None, "password": None},
                                  {"email": ["a@example.com"], "password": "x" * 10}])
def test_login_with_wrong_field_types_is_validation_error(client, body):
    assert_problem(client.post("/api/auth/login", json=body), 400, "validation_error")


def test_each_login_opens_a_new_session_with_new_tokens(server, client, account):
    a = assert_token_response(login(client, account.email, account.password))
    b = assert_token_response(login(client, account.email, account.password))
    assert a["access_token"] != b["access_token"]
    assert a["refresh_token"] != b["refresh_token"]
    assert_json(profile(client, a["access_token"]), 200)
    assert_json(profile(client, b["access_token"]), 200)
