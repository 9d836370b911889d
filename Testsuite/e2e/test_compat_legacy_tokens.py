"""Legacy tokens (Docs/COMPAT.md "Legacy tokens"): refresh tokens minted by
the real djangorestframework-simplejwt with the old back end's key are
exchanged once at /api/token/refresh/; old access tokens are never taken."""

import base64
import hashlib
import json
import os
import secrets
import subprocess
import sys

import pytest

from authtest import JWT_SECRET, strong_password, unique_email
from compat import assert_drf_401, assert_login_answer, indian_mobile
from test_config_validation import assert_refused, run_server

OLD_KEY = "django-insecure-9#x!old-back-end-secret-key-for-e2e"
MINT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mint_simplejwt.py")


def mint(user_id, exp_offset=None, key=OLD_KEY):
    args = ["/usr/bin/python3", MINT, key, str(user_id)] + ([str(exp_offset)] if exp_offset is not None else [])
    out = subprocess.run(args, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def legacy(start_server):
    return start_server({"compat.profiles": "accounts", "phone.defaultRegion": "IN",
                         "auth.requireEmailVerification": "false", "compat.legacySigningKey": OLD_KEY})


def django_hash(password, iterations=1000):
    """Django's PBKDF2PasswordHasher format (pbkdf2_sha256$iterations$salt$b64)."""
    salt = secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${base64.b64encode(digest).decode()}"


def new_account(srv):
    """An account as the cut-over leaves it: imported from the old back end's
    dumpdata by `authserver --import-django` (only those hold legacy tokens)."""
    password = strong_password()
    email = unique_email("legacy")
    pk = 5_000_000 + secrets.randbelow(1_000_000_000)
    dump = os.path.join(srv.tmp, f"legacy-{pk}.json")
    with open(dump, "w", encoding="utf-8") as f:
        json.dump([{"model": "auth.user", "pk": pk, "fields": {
            "password": django_hash(password), "last_login": None, "is_superuser": False,
            "username": f"legacy{pk}", "first_name": "Old", "last_name": "User", "email": email,
            "is_staff": False, "is_active": True, "date_joined": "2025-01-02T03:04:05Z",
            "groups": [], "user_permissions": []}}], f)
    cmd = [srv.binary] + [f"--define={k}={v}" for k, v in srv.defines.items()] + [f"--import-django={dump}"]
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}
    proc = subprocess.run(cmd, cwd=srv.tmp, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return email, password, pk


def native_account(srv):
    password = strong_password()
    body = {"email": unique_email("native"), "contact": indian_mobile(), "password": password, "password2": password}
    r = srv.client.post("/api/accounts/register/user/", json=body)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def metric(srv, result):
    for line in srv.client.get("/metrics").text.splitlines():
        if line.startswith('authserver_compat_legacy_exchanges_total{result="%s"}' % result):
            return int(line.split()[-1])
    raise AssertionError("no legacy exchange counter for " + result)


def test_legacy_refresh_token_exchanged_once(legacy):
    c = legacy.client
    email, _, uid = new_account(legacy)
    old = mint(uid)
    before = metric(legacy, "exchanged")
    r = c.post("/api/token/refresh/", json={"refresh": old["refresh"]})
    assert r.status_code == 200, r.text
    pair = r.json()
    assert set(pair) == {"access", "refresh"}, pair
    me = c.get("/api/accounts/profile/", token=pair["access"])
    assert me.status_code == 200 and me.json()["email"] == email, me.text
    assert metric(legacy, "exchanged") == before + 1
    again = c.post("/api/token/refresh/", json={"refresh": old["refresh"]})
    assert assert_drf_401(again) == {"detail": "Token is blacklisted", "code": "token_not_valid"}
    # The new refresh token is an AuthServer one and rotates natively.
    assert c.post("/api/token/refresh/", json={"refresh": pair["refresh"]}).status_code == 200
    assert legacy.wait_log("event=legacy_token_exchanged"), legacy.logs(4000)
    assert legacy.wait_log("event=token_reuse_detected"), legacy.logs(4000)
    for path in (legacy.stdout_path, legacy.stderr_path):
        with open(path, encoding="utf-8", errors="replace") as f:
            assert OLD_KEY not in f.read(), path


def test_legacy_token_of_an_account_made_here_is_refused(legacy):
    """A leaked old key must not open accounts created after the cut-over
    (an admin made here): only imported accounts hold legacy tokens."""
    uid = native_account(legacy)
    old = mint(uid)
    r = legacy.client.post("/api/token/refresh/", json={"refresh": old["refresh"]})
    assert assert_drf_401(r) == {"detail": "Token is invalid or expired", "code": "token_not_valid"}


def test_legacy_refresh_token_refused_after_exp(legacy):
    _, _, uid = new_account(legacy)
    expired = mint(uid, exp_offset=-1)
    r = legacy.client.post("/api/token/refresh/", json={"refresh": expired["refresh"]})
    assert assert_drf_401(r) == {"detail": "Token is invalid or expired", "code": "token_not_valid"}


def test_legacy_token_of_another_key_or_changed_password_refused(legacy):
    email, password, uid = new_account(legacy)
    other = mint(uid, key="some-other-django-secret-key-entirely")
    assert legacy.client.post("/api/token/refresh/", json={"refresh": other["refresh"]}).status_code == 401
    old = mint(uid)
    login = assert_login_answer(legacy.client.post("/api/accounts/login/", json={"email": email, "password": password}), email)
    new = strong_password()
    r = legacy.client.post("/api/auth/password/change", token=login["access"],
                           json={"old_password": password, "new_password": new, "new_password_confirm": new})
    assert r.status_code == 200, r.text
    r = legacy.client.post("/api/token/refresh/", json={"refresh": old["refresh"]})
    assert assert_drf_401(r)["detail"] == "Token is invalid or expired"
    assert metric(legacy, "refused") >= 2


def test_legacy_access_token_never_accepted(legacy):
    _, _, uid = new_account(legacy)
    old = mint(uid)
    c = legacy.client
    assert_drf_401(c.get("/api/accounts/profile/", token=old["access"]))
    assert c.get("/api/auth/profile", token=old["access"]).status_code == 401
    r = c.post("/api/token/refresh/", json={"refresh": old["access"]})
    assert assert_drf_401(r)["code"] == "token_not_valid"
    assert c.post("/api/auth/token/refresh", json={"refresh_token": old["refresh"]}).status_code == 401


def test_legacy_key_equal_to_jwt_secret_stops_the_start(tmp_path):
    proc = run_server(tmp_path, "--define=compat.profiles=accounts", f"--define=compat.legacySigningKey={JWT_SECRET}")
    assert proc.returncode == 78, proc.stderr
    assert_refused(proc, "compat.legacySigningKey")
    assert JWT_SECRET not in proc.stderr


def test_unknown_profile_stops_the_start(tmp_path):
    proc = run_server(tmp_path, "--define=compat.profiles=accounts,acounts")
    assert proc.returncode == 78, proc.stderr
    assert_refused(proc, "compat.profiles")
    assert "acounts" in proc.stderr
