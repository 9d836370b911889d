"""POST /api/auth/password/change (API.md, Endpoints)."""

import pytest

from authtest import (
    assert_invalid_token_401, assert_json, assert_problem, assert_token_response,
    login, login_ok, profile, refresh, strong_password,
)


def change(client, token, old, new, confirm=None):
    return client.post("/api/auth/password/change", token=token, json={
        "old_password": old, "new_password": new,
        "new_password_confirm": new if confirm is None else confirm})


def test_wrong_old_password_is_validation_error_on_old_password(client, logged_in):
    acc, t = logged_in
    resp = change(client, t["access_token"], acc.password + "x", strong_password())
    body = assert_problem(resp, 400, "validation_error")
    assert "old_password" in body.get("errors", {}), body
    # Still the old password.
    assert_token_response(login(client, acc.email, acc.password))


def test_password_change_succeeds_and_swaps_the_password(client, logged_in):
    acc, t = logged_in
    new = strong_password()
    body = assert_json(change(client, t["access_token"], acc.password, new), 200)
    assert isinstance(body.get("detail"), str), body
    assert_problem(login(client, acc.email, acc.password), 401, "invalid_credentials")
    assert_token_response(login(client, acc.email, new))


def test_password_change_revokes_other_sessions_at_once_and_keeps_this_one(server, client, account):
    current, other = login_ok(server, account), login_ok(server, account)
    new = strong_password()
    assert_json(change(client, current["access_token"], account.password, new), 200)
    # Other session: access token refused at once, refresh refused.
    assert_invalid_token_401(profile(client, other["access_token"]))
    assert_problem(refresh(client, other["refresh_token"]), 401,
                   codes=("invalid_token", "token_reused"))
    # This session keeps working, access and refresh.
    assert_json(profile(client, current["access_token"]), 200)
    rotated = assert_token_response(refresh(client, current["refresh_token"]))
    assert_json(profile(client, rotated["access_token"]), 200)


def test_password_change_confirm_mismatch_is_password_mismatch(client, logged_in):
    acc, t = logged_in
    resp = change(client, t["access_token"], acc.password, strong_password(), strong_password())
    assert_problem(resp, 400, "password_mismatch")
    assert_token_response(login(client, acc.email, acc.password))


@pytest.mark.parametrize("new", ["password1", "12345678"])
def test_password_change_to_common_password_is_weak_password(client, logged_in, new):
    acc, t = logged_in
    assert_problem(change(client, t["access_token"], acc.password, new), 400, "weak_password")


def test_password_change_to_short_password_is_refused(client, logged_in):
    acc, t = logged_in
    assert_problem(change(client, t["access_token"], acc.password, "x7$Q"),
                   400, codes=("weak_password", "validation_error"))


def test_password_change_without_authorization_is_401(client, account):
    resp = client.post("/api/auth/password/change", json={
        "old_password": account.password, "new_password": strong_password(),
        "new_password_confirm": "x"})
    assert_problem(resp, 401)
    assert 'realm="authserver"' in resp.headers.get("WWW-Authenticate", "")


def test_password_change_with_missing_fields_is_validation_error(client, logged_in):
    _, t = logged_in
    assert_problem(client.post("/api/auth/password/change", json={}, token=t["access_token"]),
                   400, "validation_error")


def test_password_change_with_wrong_types_is_validation_error(client, logged_in):
    _, t = logged_in
    resp = client.post("/api/auth/password/change", token=t["access_token"], json={
        "old_password": 1, "new_password": 2, "new_password_confirm": 2})
    assert_problem(resp, 400, "validation_error")
