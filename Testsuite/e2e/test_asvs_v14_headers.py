"""OWASP ASVS 4.0.3 V14.4 (HTTP security headers) and 14.5.3 (CORS origin
allow list), black box. CORS runs on a server with http.cors.allowedOrigins
set; the shared server has it empty (the default: no CORS at all).
"""

import subprocess

import pytest

import authtest
from authtest import assert_json, assert_problem, login

LOGIN = "/api/auth/login"
ALLOWED = "https://app.example.com"
ALLOWED_2 = "http://localhost:3000"


def _answers(client, token):
    return [
        client.get("/health"),
        client.get("/api/auth/profile", token=token),
        login(client, "nobody@example.com", "Whatever-Passw0rd"),
        client.get("/api/auth/nope"),
        client.get(LOGIN),
        client.post(LOGIN, data=b"x", headers={"Content-Type": "text/plain"}),
        client.get("/metrics"),
    ]


@pytest.fixture(scope="module")
def answers(server, shared_login):
    return _answers(server.client, shared_login[1]["access_token"])


@pytest.fixture(scope="module")
def cors(start_server):
    return start_server({"http.cors.allowedOrigins": f"{ALLOWED}, {ALLOWED_2}"}, name="cors")


# ---- 14.4: headers on every answer (success, error, 404, 405, metrics) ---

def test_asvs_14_4_1_every_answer_declares_its_content_type_and_charset(answers):
    for resp in answers:
        ctype = resp.headers.get("Content-Type", "")
        assert ctype, resp.url
        if ctype.startswith("application/json"):
            assert "charset=utf-8" in ctype.replace(" ", "").lower(), ctype


def test_asvs_14_4_2_json_answers_are_served_as_attachments(answers):
    for resp in answers:
        if resp.headers.get("Content-Type", "").startswith(("application/json", "application/problem+json")):
            assert resp.headers.get("Content-Disposition") == 'attachment; filename="api.json"', (
                resp.url, resp.status_code, dict(resp.headers))


def test_asvs_14_4_3_content_security_policy_on_api_answers(answers):
    for resp in answers:
        assert resp.headers.get("Content-Security-Policy") == "default-src 'none'; frame-ancestors 'none'", (
            resp.url, resp.status_code, dict(resp.headers))


def test_asvs_14_4_4_nosniff_on_every_answer(answers):
    for resp in answers:
        assert resp.headers.get("X-Content-Type-Options") == "nosniff", resp.url


def test_asvs_14_4_6_referrer_policy_no_referrer(answers):
    for resp in answers:
        assert resp.headers.get("Referrer-Policy") == "no-referrer", resp.url


def test_asvs_14_4_7_framing_is_refused(answers):
    for resp in answers:
        assert resp.headers.get("X-Frame-Options") == "DENY", resp.url
        assert "frame-ancestors 'none'" in resp.headers.get("Content-Security-Policy", ""), resp.url


# ---- 14.5.3: CORS only for listed origins --------------------------------

def test_asvs_14_5_3_no_cors_headers_by_default(client):
    for origin in (ALLOWED, "null", "http://evil.test"):
        resp = client.get("/health", headers={"Origin": origin})
        assert not [h for h in resp.headers if h.lower().startswith("access-control-")], dict(resp.headers)
    pre = client.request("OPTIONS", LOGIN, headers={"Origin": ALLOWED, "Access-Control-Request-Method": "POST"})
    assert pre.status_code == 405
    assert "Access-Control-Allow-Origin" not in pre.headers


def test_asvs_14_5_3_listed_origin_is_echoed_with_vary_origin(cors):
    for origin in (ALLOWED, ALLOWED_2):
        resp = cors.client.post(LOGIN, json={"email": "nobody@example.com", "password": "Whatever-Passw0rd"},
                                headers={"Origin": origin})
        assert_problem(resp, 401, "invalid_credentials")
        assert resp.headers.get("Access-Control-Allow-Origin") == origin
        assert "origin" in [v.strip().lower() for v in resp.headers.get("Vary", "").split(",")]
        assert "X-Request-Id" in resp.headers.get("Access-Control-Expose-Headers", "")
        assert "Access-Control-Allow-Credentials" not in resp.headers


def test_asvs_14_5_3_unlisted_null_and_lookalike_origins_get_no_cors(cors):
    for origin in ("http://evil.test", "null", ALLOWED + ".evil.test", ALLOWED.replace("https", "http"),
                   ALLOWED + "/", ALLOWED.upper(), "*"):
        resp = cors.client.get("/health", headers={"Origin": origin})
        assert_json(resp, 200)
        assert "Access-Control-Allow-Origin" not in resp.headers, origin
        assert "origin" in resp.headers.get("Vary", "").lower()   # caches keep answers apart
    # Never "*", whatever the request.
    resp = cors.client.get("/health")
    assert resp.headers.get("Access-Control-Allow-Origin") is None


def test_asvs_14_5_3_preflight_for_listed_origin(cors):
    resp = cors.client.request("OPTIONS", "/api/auth/profile/", headers={
        "Origin": ALLOWED, "Access-Control-Request-Method": "PATCH",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert resp.status_code == 204, resp.text
    assert resp.headers.get("Access-Control-Allow-Origin") == ALLOWED
    methods = {m.strip() for m in resp.headers.get("Access-Control-Allow-Methods", "").split(",")}
    assert {"GET", "PATCH", "PUT"} <= methods, methods
    allowed_headers = {h.strip().lower() for h in resp.headers.get("Access-Control-Allow-Headers", "").split(",")}
    assert {"authorization", "content-type"} <= allowed_headers, allowed_headers
    assert int(resp.headers.get("Access-Control-Max-Age", "0")) > 0
    assert "origin" in resp.headers.get("Vary", "").lower()
    assert "Access-Control-Allow-Credentials" not in resp.headers
    # The real call that follows gets the origin back too.
    assert cors.client.get("/health", headers={"Origin": ALLOWED}).headers.get(
        "Access-Control-Allow-Origin") == ALLOWED


def test_asvs_14_5_3_preflight_for_other_origin_is_refused(cors):
    for origin in ("http://evil.test", "null"):
        resp = cors.client.request("OPTIONS", LOGIN, headers={
            "Origin": origin, "Access-Control-Request-Method": "POST"})
        assert_problem(resp, 403, "forbidden")
        assert not [h for h in resp.headers if h.lower().startswith("access-control-")], dict(resp.headers)
    # OPTIONS that is not a preflight is still 405 with Allow.
    resp = cors.client.request("OPTIONS", LOGIN)
    assert resp.status_code == 405 and "POST" in resp.headers.get("Allow", "")


@pytest.mark.parametrize("value", ["*", "null", "https://app.example.com/", "app.example.com",
                                   "https://app.example.com/path", "ftp://files.example.com"])
def test_asvs_14_5_3_wildcard_null_and_malformed_origins_refused_at_start(value):
    srv = authtest.Server({"http.cors.allowedOrigins": value}, name="cors-bad")
    try:
        args = [srv.binary] + [f"--define={k}={v}" for k, v in srv.defines.items()]
        proc = subprocess.run(args, cwd=srv.tmp, capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)
        assert proc.returncode == 78, (proc.returncode, proc.stdout[-500:], proc.stderr[-500:])
        assert "http.cors.allowedOrigins" in proc.stdout + proc.stderr
    finally:
        srv.cleanup()
