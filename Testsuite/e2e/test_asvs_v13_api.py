"""OWASP ASVS 4.0.3 V13 (API and web service), black-box. Each test is
named after the requirement it proves."""

import pytest

from authtest import JWT_SECRET, assert_json, assert_problem, login_ok, profile


def test_asvs_13_1_1_one_encoding_utf8_json_in_and_out(client, shared_login):
    _, t = shared_login
    resp = client.patch("/api/auth/profile", json={"bio": "Zo\u00eb \u2603 \U0001F511"}, token=t["access_token"])
    body = assert_json(resp, 200)
    assert "charset=utf-8" in resp.headers["Content-Type"].lower()
    assert body["bio"] == "Zo\u00eb \u2603 \U0001F511"
    # A body declared in another charset is not silently reinterpreted.
    resp = client.request("POST", "/api/auth/login", data='{"email":"a@example.com","password":"x"}'.encode("utf-16"),
                          headers={"Content-Type": "application/json; charset=utf-16"})
    assert resp.status_code in (400, 415), resp.text


def test_asvs_13_1_3_no_credentials_in_urls(client, shared_login):
    _, t = shared_login
    # A token in the query string is never accepted (it would end in logs,
    # histories and Referer headers).
    for query in (f"access_token={t['access_token']}", f"token={t['access_token']}"):
        assert_problem(client.get(f"/api/auth/profile?{query}"), 401, "invalid_token")
    # Verification and reset tokens travel in JSON bodies, not API URLs.
    assert_problem(client.get("/api/auth/verify-email?token=abc"), 405, "method_not_allowed")


def test_asvs_13_1_4_authorization_at_uri_and_resource_level(server, client, shared_login):
    _, t = shared_login
    assert_problem(client.get("/api/admin/users/1", token=t["access_token"]), 403, "forbidden")
    assert_problem(client.delete("/api/auth/sessions/1", token=t["access_token"]), 404, "not_found")


@pytest.mark.parametrize("method,path", [
    ("TRACE", "/api/auth/profile"), ("TRACE", "/health"), ("DELETE", "/api/auth/profile"),
    ("PUT", "/api/auth/login"), ("PATCH", "/api/auth/sessions"), ("POST", "/api/admin/users/1"),
    ("CONNECT", "/health"),
])
def test_asvs_13_2_1_http_methods_restricted_405_with_allow(client, method, path):
    resp = client.request(method, path)
    assert_problem(resp, 405, "method_not_allowed")
    allow = {m.strip().upper() for m in resp.headers.get("Allow", "").split(",") if m.strip()}
    assert allow and method not in allow, resp.headers.get("Allow")


def test_asvs_13_2_2_json_schema_types_and_unknown_members_are_checked(client, shared_login):
    _, t = shared_login
    resp = client.post("/api/auth/login", json={"email": ["a@example.com"], "password": {"x": 1}})
    body = assert_problem(resp, 400, "validation_error")
    assert {"email", "password"} <= set(body["errors"])
    resp = client.patch("/api/auth/profile", json={"bio": "x", "unexpected": True}, token=t["access_token"])
    assert "unexpected" in assert_problem(resp, 400, "validation_error")["errors"]
    assert_problem(client.post("/api/auth/login", json=["a", "b"]), 400, "invalid_json")


def test_asvs_13_2_3_no_cookies_so_no_csrf_token_needed(server, client, account):
    resp = client.post("/api/auth/login", json={"email": account.email, "password": account.password})
    assert_json(resp, 200)
    assert "Set-Cookie" not in resp.headers
    # Credentials are only ever read from the Authorization header.
    resp = client.request("GET", "/api/auth/profile", headers={"Cookie": f"access_token={resp.json()['access_token']}"})
    assert_problem(resp, 401, "invalid_token")


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                                   "application/xml", "application/jsonp", "text/json"])
def test_asvs_13_2_5_request_content_type_is_checked(client, ctype):
    resp = client.request("POST", "/api/auth/login", data='{"email":"a@example.com","password":"x"}',
                          headers={"Content-Type": ctype})
    assert_problem(resp, 415, "unsupported_media_type")


def test_asvs_13_2_6_forwarded_headers_from_untrusted_peers_are_ignored(server, client, account):
    resp = client.post("/api/auth/login", json={"email": account.email, "password": account.password},
                       headers={"X-Forwarded-For": "203.0.113.77", "X-Real-IP": "203.0.113.78",
                                "User-Agent": "asvs-13-2-6"})
    t = assert_json(resp, 200)
    sessions = assert_json(client.get("/api/auth/sessions", token=t["access_token"]), 200)["sessions"]
    mine = [s for s in sessions if s["current"]]
    assert mine and mine[0]["ip"] == "127.0.0.1", mine
