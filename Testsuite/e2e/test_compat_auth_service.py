"""Compatibility profile `auth-service` (Docs/COMPAT.md): its native register,
login, logout and profile routes plus the five DRF + simplejwt routes, in the
Acceptance flow as its clients send it (JSON and form-encoded)."""

import pytest

from authtest import reset_token, strong_password, unique_email
from compat import assert_drf_401
from messaging import wait_reset_mail


@pytest.fixture(scope="module")
def service(start_server):
    return start_server({"compat.profiles": "auth-service", "auth.requireEmailVerification": "false"})


def register_and_login(c, form=False):
    email, password = unique_email("svc"), strong_password()
    body = {"email": email, "full_name": "Ravi Kumar", "password": password, "password_confirm": password}
    r = c.post("/api/auth/register/", json=body)
    assert r.status_code == 201, r.text
    r = c.post("/api/auth/login/", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    return email, password, r.json()


def test_auth_service_acceptance_flow(service):
    c = service.client
    email, password, login = register_and_login(c)
    access = login["access_token"]
    r = c.get("/api/auth/profile/", token=access)
    assert r.status_code == 200, r.text
    profile = r.json()

    r = c.post("/api/auth/refresh/", json={"refresh": login["refresh_token"]})
    assert r.status_code == 200, r.text
    pair = r.json()
    assert set(pair) == {"access", "refresh"}, pair
    access = pair["access"]

    profile["full_name"] = "Ravi K. Kumar"
    r = c.put("/api/auth/profile/update/", json=profile, token=access)
    assert r.status_code == 200, r.text
    assert r.json()["full_name"] == "Ravi K. Kumar" and isinstance(r.json()["id"], int), r.text

    new = strong_password()
    r = c.post("/api/auth/change-password/", json={"old_password": password, "new_password": new, "confirm_password": new}, token=access)
    assert r.status_code == 200 and r.json() == {"message": "Password changed successfully."}, r.text

    r = c.post("/api/auth/logout/", json={"refresh_token": pair["refresh"]}, token=access)
    assert r.status_code == 204, r.text

    seen = set(service.mails_to(email))
    r = c.post("/api/auth/forgot-password/", json={"email": email})
    assert r.status_code == 200 and "message" in r.json(), r.text
    token = reset_token(wait_reset_mail(service, email, seen))
    newer = strong_password()
    r = c.post("/api/auth/reset-password/", json={"token": token, "new_password": newer, "confirm_password": newer})
    assert r.status_code == 200 and r.json() == {"message": "Password has been reset."}, r.text
    r = c.post("/api/auth/login/", json={"email": email, "password": newer})
    assert r.status_code == 200, r.text


def test_auth_service_form_encoded_and_errors(service):
    c = service.client
    email, password, login = register_and_login(c)
    access = login["access_token"]
    r = c.patch("/api/auth/profile/update/", data={"bio": "Hello", "avatar": "https://example.com/a.png", "id": "99", "role": "admin"}, token=access)
    assert r.status_code == 200, r.text
    assert r.json()["bio"] == "Hello" and r.json()["avatar_url"] == "https://example.com/a.png" and r.json()["role"] == "user", r.text
    r = c.patch("/api/auth/profile/update/", json={"email": unique_email()}, token=access)
    assert r.status_code == 400 and r.json() == {"email": ["The email address cannot be changed."]}, r.text
    r = c.post("/api/auth/change-password/", data={"old_password": "not-the-password-1", "new_password": strong_password()}, token=access)
    assert r.status_code == 400 and r.json() == {"old_password": ["Wrong password."]}, r.text
    assert assert_drf_401(c.put("/api/auth/profile/update/", json={})) == {"detail": "Authentication credentials were not provided."}
    r = c.post("/api/auth/refresh/", json={"refresh": access})
    assert assert_drf_401(r) == {"detail": "Token has wrong type", "code": "token_not_valid"}
    r = c.post("/api/auth/refresh/", json={})
    assert r.status_code == 400 and r.json() == {"refresh": ["This field is required."]}, r.text
    # Rotation: the old refresh token, presented again past the grace, is blacklisted.
    r = c.post("/api/auth/refresh/", data={"refresh": login["refresh_token"]})
    assert r.status_code == 200, r.text
    r = c.post("/api/auth/reset-password/", json={"token": "bogus", "new_password": strong_password()})
    assert r.status_code == 400 and r.json() == {"token": ["Invalid or expired token."]}, r.text
