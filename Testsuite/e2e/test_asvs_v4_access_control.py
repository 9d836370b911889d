"""OWASP ASVS 4.0.3 V4 (access control), black-box. Each test is named
after the requirement it proves; several restate, in ASVS terms, behaviour
other files test in more detail."""

import subprocess
import time

import pytest

import authtest
from authtest import (
    assert_invalid_token_401, assert_json, assert_problem, create_verified, jwt_compose, jwt_parts,
    login_ok, profile, refresh,
)
from test_admin import create_admin
from test_sessions import sessions

# Every route of API.md that needs an access token, with a harmless body.
ACCESS_ROUTES = [
    ("GET", "/api/auth/profile"), ("PATCH", "/api/auth/profile"), ("PUT", "/api/auth/profile"),
    ("POST", "/api/auth/profile/complete"), ("POST", "/api/auth/logout"),
    ("POST", "/api/auth/password/change"), ("GET", "/api/auth/sessions"),
    ("DELETE", "/api/auth/sessions/1"),
]
ADMIN_ROUTES = [
    ("GET", "/api/admin/users"), ("GET", "/api/admin/users/1"), ("PATCH", "/api/admin/users/1"),
    ("GET", "/api/admin/audit"),
]


def call(client, method, path, token=None):
    if method in ("POST", "PATCH", "PUT"):
        return client.request(method, path, json={}, token=token)
    return client.request(method, path, token=token)


@pytest.fixture(scope="module")
def admin_tokens(server):
    proc, acc = create_admin(server)
    assert proc.returncode == 0, proc.stderr
    return acc, login_ok(server, acc)


def test_asvs_4_1_1_access_control_enforced_on_the_server_for_every_protected_route(client):
    # No token, a malformed one, one signed with another key: refused by the
    # server whatever the client is (no client-side trust).
    forged = jwt_compose({"alg": "HS256", "typ": "JWT"},
                         {"iss": "authserver", "sub": "1", "typ": "access", "role": "admin", "sid": "x",
                          "jti": "y", "iat": 1, "exp": 4102444800}, "c2lnbmF0dXJl")
    for method, path in ACCESS_ROUTES + ADMIN_ROUTES:
        resp = call(client, method, path)
        assert_problem(resp, 401, "invalid_token")
        assert resp.headers["WWW-Authenticate"] == 'Bearer realm="authserver"'
        assert_invalid_token_401(call(client, method, path, token="not-a-jwt"))
        assert_invalid_token_401(call(client, method, path, token=forged))


def test_asvs_4_1_2_users_cannot_change_protected_attributes_of_their_account(client, logged_in):
    acc, t = logged_in
    for field, value in (("role", "admin"), ("is_active", True), ("email_verified", True),
                         ("id", "1"), ("email", "other@example.com"), ("password", "x")):
        resp = client.patch("/api/auth/profile", json={field: value}, token=t["access_token"])
        body = assert_problem(resp, 400, "validation_error")
        assert field in body["errors"], body
    user = assert_json(profile(client, t["access_token"]), 200)
    assert user["role"] == "user" and user["email"] == acc.email


def test_asvs_4_1_3_least_privilege_users_and_suppliers_get_403_on_admin_routes(server, client, logged_in):
    _, user_tokens = logged_in
    supplier = create_verified(server, supplier=True)
    supplier_tokens = login_ok(server, supplier)
    for t in (user_tokens, supplier_tokens):
        for method, path in ADMIN_ROUTES:
            assert_problem(call(client, method, path, token=t["access_token"]), 403, "forbidden")


def test_asvs_4_1_3_role_comes_from_the_server_not_from_a_tampered_token(client, logged_in):
    _, t = logged_in
    header, payload, signature = jwt_parts(t["access_token"])
    payload["role"] = "admin"
    escalated = jwt_compose(header, payload, signature)
    assert_invalid_token_401(client.get("/api/admin/users", token=escalated))


def test_asvs_4_1_5_access_control_fails_securely_for_a_deactivated_or_demoted_user(server, client, admin_tokens):
    _, admin = admin_tokens
    acc = create_verified(server)
    t = login_ok(server, acc)
    resp = client.patch(f"/api/admin/users/{acc.id}", json={"is_active": False}, token=admin["access_token"])
    assert_json(resp, 200)
    # Refused at once although the token itself is still unexpired.
    assert profile(client, t["access_token"]).status_code in (401, 403)
    assert refresh(client, t["refresh_token"]).status_code in (401, 403)


def test_asvs_4_2_1_idor_a_user_cannot_revoke_or_see_another_users_session(server, client):
    alice, bob = create_verified(server), create_verified(server)
    a, b = login_ok(server, alice), login_ok(server, bob)
    bobs = sessions(client, b["access_token"])
    alices = sessions(client, a["access_token"])
    assert not {s["id"] for s in bobs} & {s["id"] for s in alices}
    for s in bobs:
        assert_problem(client.delete(f"/api/auth/sessions/{s['id']}", token=a["access_token"]), 404, "not_found")
    assert profile(client, b["access_token"]).status_code == 200
    # Alice's profile answers are always Alice's, whatever id she names.
    assert assert_json(profile(client, a["access_token"]), 200)["id"] == alice.id
    assert_problem(client.get(f"/api/admin/users/{bob.id}", token=a["access_token"]), 403, "forbidden")


def test_asvs_4_2_1_idor_logout_with_another_users_refresh_token_does_not_end_their_session(server, client):
    alice, bob = create_verified(server), create_verified(server)
    a, b = login_ok(server, alice), login_ok(server, bob)
    resp = client.post("/api/auth/logout", json={"refresh_token": b["refresh_token"]}, token=a["access_token"])
    assert resp.status_code in (204, 400, 403, 404), resp.text
    assert profile(client, b["access_token"]).status_code == 200
    assert refresh(client, b["refresh_token"]).status_code == 200


def test_asvs_4_2_2_no_ambient_credentials_so_no_csrf(server, client, account):
    # Bearer tokens in a header, never cookies: a cross-site request carries
    # no credential (ASVS 4.2.2, 13.2.3).
    resp = client.post("/api/auth/login", json={"email": account.email, "password": account.password})
    assert_json(resp, 200)
    assert "Set-Cookie" not in resp.headers
    assert profile(client, None).status_code == 401


def test_asvs_4_3_1_admin_interface_needs_the_admin_role(server, client, admin_tokens):
    _, admin = admin_tokens
    assert_json(client.get("/api/admin/users", token=admin["access_token"]), 200)
    assert_json(client.get("/api/admin/audit", token=admin["access_token"]), 200)
    # Demoting an admin cuts the admin interface off for their live token.
    proc, other = create_admin(server)
    assert proc.returncode == 0, proc.stderr
    other_tokens = login_ok(server, other)
    other_id = other_tokens["user"]["id"]
    assert_json(client.patch(f"/api/admin/users/{other_id}", json={"role": "user"}, token=admin["access_token"]), 200)
    resp = client.get("/api/admin/users", token=other_tokens["access_token"])
    assert resp.status_code in (401, 403), resp.text


def test_asvs_4_3_2_no_directory_listing_or_metadata_files(client):
    for path in ("/.git/config", "/.git/HEAD", "/Config/AuthServer.properties", "/var/jwt.secret",
                 "/../Config/AuthServer.properties", "/api/", "/.env", "/var/"):
        resp = client.get(path)
        assert resp.status_code in (400, 404), (path, resp.status_code)
        assert "secret" not in resp.text.lower() and "[core]" not in resp.text, (path, resp.text)


def test_asvs_4_3_3_sensitive_change_needs_the_current_password(client, logged_in):
    acc, t = logged_in
    new = authtest.strong_password()
    resp = client.post("/api/auth/password/change", token=t["access_token"], json={
        "old_password": "not-the-password-1", "new_password": new, "new_password_confirm": new})
    body = assert_problem(resp, 400, "validation_error")
    assert "old_password" in body["errors"]
    assert client.post("/api/auth/login", json={"email": acc.email, "password": acc.password}).status_code == 200


# ---- 4.3.1 administrators sign in with a second factor (auth.adminRequireOtp) ----

def test_asvs_4_3_1_admin_password_login_needs_a_one_time_code(start_server):
    from messaging import mail_code, mailed_otp, verify_otp, wait_otp_mail
    srv = start_server({"auth.adminRequireOtp": "true", "otp.resendInterval": "1"}, name="admin-mfa")
    client = srv.client
    proc, acc = create_admin(srv)
    assert proc.returncode == 0, proc.stderr
    # Password alone: a challenge, never tokens.
    seen = set(srv.mails_to(acc.email))
    body = assert_json(authtest.login(client, acc.email, acc.password), 200)
    assert body.get("otp_required") is True and "access_token" not in body, body
    # The mailed code completes the login: password + code, two factors.
    code = mail_code(wait_otp_mail(srv, acc.email, seen))
    tokens = assert_json(client.post("/api/auth/login/otp",
                                     json={"otp_challenge": body["otp_challenge"], "code": code}), 200)
    assert tokens["user"]["role"] == "admin"
    assert_json(client.get("/api/admin/users", token=tokens["access_token"]), 200)
    # A one-time code alone is one factor: refused for an administrator...
    time.sleep(1.1)  # otp.resendInterval
    assert_problem(verify_otp(client, "email", acc.email, mailed_otp(srv, acc.email, "login"), "login"),
                   403, "forbidden")
    # ...but not for a user, and a user's password login is unchanged.
    user = create_verified(srv)
    assert "access_token" in assert_json(authtest.login(client, user.email, user.password), 200)
    assert "access_token" in assert_json(
        verify_otp(client, "email", user.email, mailed_otp(srv, user.email, "login"), "login"), 200)


def test_asvs_4_3_1_admin_password_login_is_one_step_when_not_required(server, client):
    # Default (embedded profile): the seeds' one-step admin login.
    proc, acc = create_admin(server)
    assert proc.returncode == 0, proc.stderr
    assert "access_token" in assert_json(authtest.login(client, acc.email, acc.password), 200)
