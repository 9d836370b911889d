"""Transport conventions every endpoint shares (API.md, Conventions)."""

import re

import pytest
import requests

from authtest import REQUEST_ID, assert_json, assert_no_store, assert_problem, login

LOGIN = "/api/auth/login"


# ---- request bodies -------------------------------------------------------

def _post_big(client, size):
    big = b'{"email": "' + b"a" * size + b'@example.com", "password": "x"}'
    try:
        return client.post(LOGIN, data=big, headers={"Content-Type": "application/json"})
    except requests.ConnectionError as exc:
        pytest.fail(f"no readable 413 answer to a {len(big)}-byte body: the server closed "
                    f"the connection while the client was sending ({exc!r})", pytrace=False)


def test_one_mebibyte_body_is_payload_too_large(client):
    assert_problem(_post_big(client, 1024 * 1024), 413, "payload_too_large")


def test_body_just_over_64_kib_is_payload_too_large(client):
    assert_problem(_post_big(client, 65 * 1024), 413, "payload_too_large")


def test_server_still_serves_after_oversized_body(client):
    _post_big(client, 1024 * 1024)
    assert_json(client.get("/health"), 200)


@pytest.mark.parametrize("raw", [b'{"email": ', b"{email: 'a'}", b"not json at all",
                                 b'{"email": "a@example.com",}', b"\xff\xfe{}"])
def test_malformed_json_is_invalid_json(client, raw):
    resp = client.post(LOGIN, data=raw, headers={"Content-Type": "application/json"})
    assert_problem(resp, 400, "invalid_json")


@pytest.mark.parametrize("raw", [b"[]", b'[{"email": "a@example.com"}]', b'"text"',
                                 b"42", b"null", b"true"])
def test_json_that_is_not_an_object_is_invalid_json(client, raw):
    resp = client.post(LOGIN, data=raw, headers={"Content-Type": "application/json"})
    assert_problem(resp, 400, "invalid_json")


def test_empty_body_counts_as_empty_object(client):
    resp = client.post(LOGIN, data=b"", headers={"Content-Type": "application/json"})
    assert_problem(resp, 400, "validation_error")


def test_wrong_field_type_is_validation_error(client):
    resp = client.post(LOGIN, json={"email": 5, "password": "Whatever-Passw0rd"})
    body = assert_problem(resp, 400, "validation_error")
    assert "email" in body.get("errors", {}), body


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded",
                                   "multipart/form-data; boundary=x", "application/xml"])
def test_content_type_other_than_json_is_unsupported_media_type(client, ctype):
    resp = client.post(LOGIN, data=b'{"email": "a@example.com", "password": "x"}',
                       headers={"Content-Type": ctype})
    assert_problem(resp, 415, "unsupported_media_type")


def test_json_content_type_with_charset_is_accepted(client, account):
    import json
    resp = client.post(LOGIN, data=json.dumps({"email": account.email,
                                               "password": account.password}).encode(),
                       headers={"Content-Type": "application/json; charset=utf-8"})
    assert_json(resp, 200)


# ---- routing --------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/auth/does-not-exist", "/nope", "/api/auth/loginx",
                                  "/api/auth/login/extra"])
def test_unknown_path_is_not_found_problem(client, path):
    assert_problem(client.get(path), 404, "not_found")


def test_unknown_path_with_post_is_not_found_problem(client):
    assert_problem(client.post("/api/auth/does-not-exist", json={}), 404, "not_found")


@pytest.mark.parametrize("method,path,allowed", [
    ("GET", "/api/auth/login", "POST"),
    ("DELETE", "/api/auth/login", "POST"),
    ("PUT", "/api/auth/register", "POST"),
    ("GET", "/api/auth/token/refresh", "POST"),
    ("POST", "/health", "GET"),
    ("DELETE", "/ready", "GET"),
])
def test_known_path_with_wrong_method_is_405_with_allow(client, method, path, allowed):
    resp = client.request(method, path)
    assert_problem(resp, 405, "method_not_allowed")
    allow = [m.strip().upper() for m in resp.headers.get("Allow", "").split(",")]
    assert allowed in allow, f"Allow is {resp.headers.get('Allow')!r}"


def test_wrong_method_on_trailing_slash_path_is_also_405(client):
    resp = client.get("/api/auth/login/")
    assert_problem(resp, 405)
    assert "POST" in resp.headers.get("Allow", "").upper()


@pytest.mark.parametrize("path", [LOGIN, LOGIN + "/"])
def test_paths_work_with_and_without_trailing_slash(client, account, path):
    resp = client.post(path, json={"email": account.email, "password": account.password})
    assert_json(resp, 200)


def test_register_with_trailing_slash_works(client):
    from authtest import register
    resp, _, _ = register(client, path="/api/auth/register/")
    assert_json(resp, 201)


# ---- headers on every response -------------------------------------------

def _responses(client, token):
    return {
        "health 200": client.get("/health"),
        "profile 200": client.get("/api/auth/profile", token=token),
        "login 401": login(client, "nobody@example.com", "Whatever-Passw0rd"),
        "invalid_json 400": client.post(LOGIN, data=b"[", headers={"Content-Type": "application/json"}),
        "unknown 404": client.get("/api/auth/nope"),
        "wrong method 405": client.get(LOGIN),
        "no auth 401": client.get("/api/auth/profile"),
        "415": client.post(LOGIN, data=b"x", headers={"Content-Type": "text/plain"}),
    }


@pytest.fixture(scope="module")
def responses(server, shared_login):
    return _responses(server.client, shared_login[1]["access_token"])


RESPONSE_KINDS = ["health 200", "profile 200", "login 401", "invalid_json 400",
                  "unknown 404", "wrong method 405", "no auth 401", "415"]


@pytest.mark.parametrize("kind", RESPONSE_KINDS)
def test_every_response_has_security_headers(responses, kind):
    h = responses[kind].headers
    assert h.get("X-Content-Type-Options", "").lower() == "nosniff", dict(h)
    assert h.get("X-Frame-Options", "").upper() == "DENY", dict(h)
    assert h.get("Referrer-Policy", "").lower() == "no-referrer", dict(h)
    csp = h.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp, dict(h)
    assert "default-src 'none'" in csp, dict(h)


@pytest.mark.parametrize("kind", RESPONSE_KINDS)
def test_every_response_has_a_valid_request_id(responses, kind):
    rid = responses[kind].headers.get("X-Request-Id")
    assert rid and REQUEST_ID.match(rid), f"X-Request-Id is {rid!r}"


@pytest.mark.parametrize("kind", RESPONSE_KINDS)
def test_no_server_header_names_a_version(responses, kind):
    server_header = responses[kind].headers.get("Server")
    assert server_header is None or not re.search(r"\d", server_header), server_header


@pytest.mark.parametrize("kind", [k for k in RESPONSE_KINDS if k not in ("health 200", "profile 200")])
def test_every_error_is_problem_json(responses, kind):
    resp = responses[kind]
    assert_problem(resp, resp.status_code)


def test_generated_request_ids_differ(client):
    a = client.get("/health").headers.get("X-Request-Id")
    b = client.get("/health").headers.get("X-Request-Id")
    assert a and b and a != b


@pytest.mark.parametrize("rid", ["e2e-abc.123_XYZ", "a", "r" * 128])
def test_valid_caller_request_id_is_echoed(client, rid):
    for resp in (client.get("/health", headers={"X-Request-Id": rid}),
                 client.get("/nope", headers={"X-Request-Id": rid})):
        assert resp.headers.get("X-Request-Id") == rid


@pytest.mark.parametrize("rid", ["bad id!", "r" * 129, "semi;colon", "quote\"s", "%0d%0aX: y"])
def test_invalid_caller_request_id_is_replaced(client, rid):
    resp = client.get("/health", headers={"X-Request-Id": rid})
    got = resp.headers.get("X-Request-Id")
    assert got and got != rid and REQUEST_ID.match(got), f"X-Request-Id is {got!r}"


def test_token_responses_are_not_cached(client, account):
    resp = login(client, account.email, account.password)
    assert_json(resp, 200)
    assert_no_store(resp)
    from authtest import refresh
    resp2 = refresh(client, resp.json()["refresh_token"])
    assert_json(resp2, 200)
    assert_no_store(resp2)


def test_profile_responses_are_not_cached(client, shared_login):
    resp = client.get("/api/auth/profile", token=shared_login[1]["access_token"])
    assert_json(resp, 200)
    assert_no_store(resp)


def test_no_cors_headers_when_no_origin_is_allowed(client):
    resp = client.get("/health", headers={"Origin": "http://evil.test"})
    assert "Access-Control-Allow-Origin" not in resp.headers
    pre = client.request("OPTIONS", LOGIN, headers={
        "Origin": "http://evil.test", "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in pre.headers
    assert "Access-Control-Allow-Credentials" not in pre.headers


def test_json_success_responses_declare_json_content_type(client):
    resp = client.get("/health")
    assert resp.headers.get("Content-Type", "").split(";")[0].strip() == "application/json"


# ---- keep-alive: a refused request must not poison its connection --------

KEEP_ALIVE_CASES = [
    ("POST", "/api/auth/logout", {"refresh_token": "x" * 300}, "401 without Authorization"),
    ("PATCH", "/api/auth/profile", {"bio": "x" * 300}, "401 without Authorization"),
    ("POST", "/api/auth/password/change", {"old_password": "x" * 50}, "401 without Authorization"),
    ("POST", "/api/auth/does-not-exist", {"a": "x" * 300}, "404"),
    ("PUT", LOGIN, {"a": "x" * 300}, "405"),
    ("POST", "/health", {"a": "x" * 300}, "405"),
    ("POST", LOGIN, {"email": "nobody@example.com", "password": "Whatever-Passw0rd"}, "401 login"),
]


@pytest.mark.parametrize("method,path,body,what", KEEP_ALIVE_CASES,
                         ids=[f"{c[0]} {c[1]} {c[3]}" for c in KEEP_ALIVE_CASES])
def test_next_request_on_kept_alive_connection_works_after_refused_request_with_body(
        server, method, path, body, what):
    # The server must read (or discard) the body of a request it refuses early,
    # or close the connection; otherwise the leftover body is parsed as the next
    # request on that keep-alive connection.
    s = requests.Session()
    try:
        first = s.request(method, server.url(path), json=body, timeout=10)
        assert 400 <= first.status_code < 500, first.status_code
        try:
            nxt = s.get(server.url("/health"), timeout=10)
        except requests.ConnectionError as exc:
            pytest.fail(f"after {method} {path} answered {first.status_code} "
                        f"(Connection: {first.headers.get('Connection')}), the next request "
                        f"on the same connection broke: {exc!r}", pytrace=False)
        assert nxt.status_code == 200, (
            f"after {method} {path} answered {first.status_code}, GET /health on the same "
            f"connection answered {nxt.status_code}: {nxt.text[:200]!r}")
        assert nxt.json() == {"status": "ok"}
    finally:
        s.close()


# ---- status line ----------------------------------------------------------

def test_status_line_reason_phrase_matches_the_code(client):
    # RFC 9110 §15: the reason phrase is advisory, but "401 OK" misleads people
    # reading raw traffic and logs; each answer carries its code's own phrase.
    wrong = client.post(LOGIN, json={"email": "nobody@example.com", "password": "Wrong-Passw0rd!"})
    assert wrong.status_code == 401 and wrong.reason == "Unauthorized"
    assert client.get("/health").reason == "OK"
    assert client.get("/api/auth/profile").reason == "Unauthorized"
