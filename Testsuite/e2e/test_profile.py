"""GET / PATCH / PUT /api/auth/profile (API.md, Endpoints; text field limits)."""

import datetime

import pytest

from authtest import (
    assert_json, assert_no_store, assert_problem, assert_user, profile,
)


def test_get_profile_returns_user_object_with_exactly_the_contract_keys(client, logged_in):
    acc, t = logged_in
    resp = profile(client, t["access_token"])
    user = assert_json(resp, 200)
    assert_user(user, id=acc.id, email=acc.email, role="user", is_active=True,
                email_verified=True, phone_verified=False, phone_number=None,
                needs_profile_completion=False, otp_login_enabled=False,
                otp_channel="email", company_name=None, bio="", location="",
                avatar_url="", birth_date=None)
    assert_no_store(resp)


def test_get_profile_accepts_trailing_slash(client, logged_in):
    _, t = logged_in
    assert_json(client.get("/api/auth/profile/", token=t["access_token"]), 200)


def test_get_profile_without_authorization_is_401(client):
    resp = client.get("/api/auth/profile")
    assert_problem(resp, 401)


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_profile_update_is_partial(client, logged_in, method):
    acc, t = logged_in
    before = assert_json(profile(client, t["access_token"]), 200)
    resp = client.request(method, "/api/auth/profile", json={"bio": "Counts things."},
                          token=t["access_token"])
    user = assert_json(resp, 200)
    assert_no_store(resp)
    assert_user(user, bio="Counts things.", full_name=before["full_name"],
                location=before["location"], email=acc.email, role="user")
    again = assert_json(profile(client, t["access_token"]), 200)
    assert again["bio"] == "Counts things."
    assert again["full_name"] == before["full_name"]


def test_profile_update_sets_all_editable_text_fields(client, logged_in):
    _, t = logged_in
    changes = {"full_name": "Grace Hopper", "bio": "b" * 500, "location": "l" * 100,
               "birth_date": "1995-01-01", "avatar_url": "https://example.com/a.png"}
    user = assert_json(client.patch("/api/auth/profile", json=changes, token=t["access_token"]), 200)
    assert_user(user, **changes)
    assert assert_json(profile(client, t["access_token"]), 200)["birth_date"] == "1995-01-01"


def test_profile_update_accepts_plain_http_avatar_and_unicode_name(client, logged_in):
    _, t = logged_in
    changes = {"avatar_url": "http://example.com/me.jpg", "full_name": "Zoë Ñúñez 李"}
    user = assert_json(client.put("/api/auth/profile", json=changes, token=t["access_token"]), 200)
    assert_user(user, **changes)


def test_profile_update_otp_login_flag_with_email_channel(client, logged_in):
    _, t = logged_in
    user = assert_json(client.patch("/api/auth/profile", token=t["access_token"],
                                    json={"otp_login_enabled": False, "otp_channel": "email"}), 200)
    assert_user(user, otp_login_enabled=False, otp_channel="email")


def test_profile_update_with_empty_body_changes_nothing(client, logged_in):
    _, t = logged_in
    before = assert_json(profile(client, t["access_token"]), 200)
    after = assert_json(client.patch("/api/auth/profile", json={}, token=t["access_token"]), 200)
    for key in ("full_name", "bio", "location", "birth_date", "avatar_url", "email", "role"):
        assert after[key] == before[key], key


@pytest.mark.parametrize("field,value", [
    ("role", "admin"), ("is_active", False), ("email", "new@example.com"),
    ("password", "Another-Passw0rd-123"), ("email_verified", True),
    ("id", "1"), ("favourite_colour", "blue"),
])
def test_profile_update_refuses_protected_and_unknown_fields(client, logged_in, field, value):
    acc, t = logged_in
    resp = client.patch("/api/auth/profile", json={field: value, "bio": "should not stick"},
                        token=t["access_token"])
    assert_problem(resp, 400)
    user = assert_json(profile(client, t["access_token"]), 200)
    assert_user(user, role="user", is_active=True, email=acc.email, id=acc.id)
    assert user["bio"] != "should not stick"


@pytest.mark.parametrize("field,value", [
    ("full_name", 5), ("bio", ["x"]), ("location", {"city": "x"}), ("birth_date", 19950101),
    ("avatar_url", 1), ("otp_login_enabled", "yes"), ("otp_login_enabled", 1),
    ("otp_channel", 2),
])
def test_profile_update_with_wrong_types_is_validation_error(client, logged_in, field, value):
    _, t = logged_in
    resp = client.patch("/api/auth/profile", json={field: value}, token=t["access_token"])
    body = assert_problem(resp, 400, "validation_error")
    assert field in body.get("errors", {}), body


@pytest.mark.parametrize("field,value", [
    ("bio", "b" * 501), ("full_name", "n" * 151), ("location", "l" * 101),
    ("avatar_url", "https://example.com/" + "a" * 2030),
])
def test_profile_update_over_length_limits_is_validation_error(client, logged_in, field, value):
    _, t = logged_in
    resp = client.patch("/api/auth/profile", json={field: value}, token=t["access_token"])
    body = assert_problem(resp, 400, "validation_error")
    assert field in body.get("errors", {}), body


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.com/a.png",
                                 "example.com/a.png", "data:image/png;base64,AAAA",
                                 "https://"])
def test_profile_update_avatar_url_must_be_http_or_https(client, logged_in, url):
    _, t = logged_in
    resp = client.patch("/api/auth/profile", json={"avatar_url": url}, token=t["access_token"])
    body = assert_problem(resp, 400, "validation_error")
    assert "avatar_url" in body.get("errors", {}), body


def test_profile_update_birth_date_in_the_future_is_validation_error(client, logged_in):
    _, t = logged_in
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    resp = client.patch("/api/auth/profile", json={"birth_date": future}, token=t["access_token"])
    body = assert_problem(resp, 400, "validation_error")
    assert "birth_date" in body.get("errors", {}), body


@pytest.mark.parametrize("value", ["1995-02-30", "not-a-date", "01/02/1995", "1995-1-1"])
def test_profile_update_malformed_birth_date_is_validation_error(client, logged_in, value):
    _, t = logged_in
    resp = client.patch("/api/auth/profile", json={"birth_date": value}, token=t["access_token"])
    assert_problem(resp, 400, "validation_error")


def test_profile_update_unknown_otp_channel_is_validation_error(client, logged_in):
    _, t = logged_in
    resp = client.patch("/api/auth/profile", json={"otp_channel": "pigeon"}, token=t["access_token"])
    assert_problem(resp, 400, "validation_error")


def test_profile_update_sms_channel_without_verified_phone_is_refused(client, logged_in):
    _, t = logged_in
    resp = client.patch("/api/auth/profile", json={"otp_channel": "sms"}, token=t["access_token"])
    assert_problem(resp, 400)


def test_profile_update_without_authorization_is_401(client):
    assert_problem(client.patch("/api/auth/profile", json={"bio": "x"}), 401)
