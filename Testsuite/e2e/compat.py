"""Helpers for the compatibility profile tests (Docs/COMPAT.md): requests as
the old Django clients send them, and checks of DRF-shaped answers."""

import random

from authtest import jwt_parts


def indian_mobile():
    """A fresh 10-digit Indian mobile number (phone.defaultRegion=IN)."""
    return random.choice("6789") + "".join(random.choice("0123456789") for _ in range(9))


def claims(token):
    return jwt_parts(token)[1]


def assert_drf_user(user, email=None):
    assert isinstance(user["id"], int) and not isinstance(user["id"], bool), user
    assert "username" in user, user
    if email is not None:
        assert user["email"] == email, user


def assert_login_answer(resp, email=None):
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert set(body) >= {"refresh", "access", "user"}, body
    assert_drf_user(body["user"], email)
    access = claims(body["access"])
    assert access["token_type"] == "access", access
    assert isinstance(access["user_id"], int) and access["user_id"] == body["user"]["id"], access
    assert claims(body["refresh"])["token_type"] == "refresh"
    return body


def assert_drf_401(resp):
    assert resp.status_code == 401, resp.text
    assert resp.headers.get("WWW-Authenticate") == 'Bearer realm="api"', resp.headers
    body = resp.json()
    assert isinstance(body.get("detail"), str), body
    return body
