"""OWASP ASVS 4.0.3 V7 (error handling and logging), black-box.

One server with every logger at debug level runs a whole account life
(register, verify by link and by code, login, refresh, OTP request/verify,
forgot/reset, change, logout) with distinctive values; the tests then read
its log output (stdout and stderr: the console channel of the shipped
logging.* keys) and its audit API.
"""

import os
import re
import socket
import sqlite3
import subprocess
import time

import pytest

import authtest
from authtest import (
    assert_json, assert_problem, assert_token_response, login, login_ok, refresh,
    register_ok, strong_password, unique_email, verification_token,
)
from messaging import mail_code, mailed_reset_token, request_otp, reset, verify_otp, wait_otp_mail
from test_admin import create_admin

LOG_LINE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z ")
# What Python's str.splitlines() (and many log viewers) treat as a line end.
LINE_BREAKS = ["\r", "\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


def log_text(srv):
    out = ""
    for path in (srv.stdout_path, srv.stderr_path):
        with open(path, "rb") as f:
            out += f.read().decode("utf-8", "surrogateescape")
    return out


def wait_log(srv, needle, timeout=5.0):
    """The log text once it contains needle (the console channel is async)."""
    deadline = time.monotonic() + timeout
    while True:
        text = log_text(srv)
        if needle in text or time.monotonic() > deadline:
            return text
        time.sleep(0.05)


def raw_request(srv, request_bytes):
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
        s.sendall(request_bytes)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    return data


@pytest.fixture(scope="module")
def flow(start_server):
    """Runs the whole flow on a debug-level server; returns (server, secrets, facts)."""
    srv = start_server({"logging.loggers.root.level": "debug", "logging.loggers.app.level": "debug"},
                       name="asvs-v7-debug")
    c = srv.client
    secrets = {}
    facts = {"full_name": "Quillon Vexbridge " + os.urandom(4).hex(), "phone": None}
    password = strong_password()
    secrets["password"] = password
    acc = register_ok(srv, password=password, full_name=facts["full_name"])
    facts["email"] = acc.email
    facts["user_id"] = acc.id
    msg = srv.wait_verification_mail(acc.email)
    secrets["verify_token"] = verification_token(msg)
    secrets["verify_code"] = authtest.six_digit_code(msg)
    assert_json(c.post("/api/auth/verify-email", json={"token": secrets["verify_token"]}), 200)

    assert_problem(login(c, acc.email, "Wr0ng-" + password), 401, "invalid_credentials")
    secrets["wrong_password"] = "Wr0ng-" + password
    tokens = login_ok(srv, acc)
    secrets["access1"], secrets["refresh1"] = tokens["access_token"], tokens["refresh_token"]
    rotated = assert_token_response(refresh(c, tokens["refresh_token"]))
    secrets["access2"], secrets["refresh2"] = rotated["access_token"], rotated["refresh_token"]

    seen = set(srv.mails_to(acc.email))
    assert_json(request_otp(c, "email", acc.email, "login"), 202)
    secrets["otp"] = mail_code(wait_otp_mail(srv, acc.email, seen))
    otp_tokens = assert_token_response(verify_otp(c, "email", acc.email, secrets["otp"], "login"))
    secrets["access3"], secrets["refresh3"] = otp_tokens["access_token"], otp_tokens["refresh_token"]

    secrets["reset_token"] = mailed_reset_token(srv, acc.email)
    secrets["reset_password"] = strong_password()
    assert_json(reset(c, secrets["reset_token"], secrets["reset_password"]), 200)
    acc.password = secrets["reset_password"]
    tokens = login_ok(srv, acc)
    secrets["changed_password"] = strong_password()
    assert_json(c.post("/api/auth/password/change", token=tokens["access_token"], json={
        "old_password": acc.password, "new_password": secrets["changed_password"],
        "new_password_confirm": secrets["changed_password"]}), 200)
    secrets["access4"], secrets["refresh4"] = tokens["access_token"], tokens["refresh_token"]
    resp = c.post("/api/auth/logout", token=tokens["access_token"], json={"refresh_token": tokens["refresh_token"]})
    assert resp.status_code == 204, resp.text
    # A refused bearer token (once valid) and a garbage one also reach the log path.
    assert resp.status_code == 204
    c.get("/api/auth/profile", token=tokens["access_token"])
    secrets["garbage_bearer"] = "Zq9" + os.urandom(12).hex()
    c.get("/api/auth/profile", token=secrets["garbage_bearer"])
    # Let the async console channel catch up with the last request.
    wait_log(srv, "event=logout")
    time.sleep(0.3)
    return srv, secrets, facts


def test_asvs_7_1_1_no_credentials_or_tokens_logged(flow):
    srv, secrets, _ = flow
    text = log_text(srv)
    assert "event=login_succeeded" in text, "the log was not captured"
    for name, value in secrets.items():
        assert value not in text, f"the {name} appears in the server log"
        if value.count(".") == 2:  # a JWT: no part of its signature either
            assert value.split(".")[2] not in text, f"the signature of {name} is logged"
    assert "Bearer " not in text and "Authorization" not in text


def test_asvs_7_1_2_no_personal_data_logged(flow):
    srv, _, facts = flow
    text = log_text(srv)
    # Users are named by id in the log, never by address or name.
    assert facts["email"] not in text and facts["email"].split("@")[0] not in text
    assert facts["full_name"] not in text


def test_asvs_7_1_3_security_events_are_logged(flow):
    srv, _, facts = flow
    text = log_text(srv)
    user = facts["user_id"]
    for event in ("register", "email_verified", "login_failed", "login_succeeded", "token_refreshed",
                  "otp_sent", "otp_succeeded", "password_reset", "password_changed", "logout"):
        assert re.search(rf"event={event} user={user}\b", text), f"no {event} event for user {user} in the log"
    assert re.search(rf"event=login_failed user={user} .*detail=bad_password", text)


def test_asvs_7_1_4_events_carry_time_source_and_request_id(flow):
    srv, _, facts = flow
    lines = [line for line in log_text(srv).splitlines() if f"user={facts['user_id']} " in line]
    assert lines
    for line in lines:
        assert LOG_LINE.match(line), f"no UTC timestamp: {line!r}"
        assert re.search(r" ip=127\.0\.0\.1 ", line), f"no source address: {line!r}"
        assert re.search(r" request=[A-Za-z0-9._-]+", line), f"no request id: {line!r}"
        assert " ua=" in line, f"no user agent: {line!r}"
    # The stored audit trail has the same who/where/when.
    proc, admin = create_admin(srv)
    assert proc.returncode == 0, proc.stderr
    token = login_ok(srv, admin)["access_token"]
    items = assert_json(srv.client.get(f"/api/admin/audit?user_id={facts['user_id']}&page_size=100", token=token), 200)["items"]
    assert {"register", "login_succeeded", "logout"} <= {i["event"] for i in items}
    for item in items:
        assert item["ip"] == "127.0.0.1" and authtest.RFC3339_UTC.match(item["created_at"]), item
        assert item["user_agent"].startswith("python-requests"), item


def test_asvs_7_2_2_access_control_failures_are_logged(flow):
    srv, _, _ = flow
    acc = authtest.create_verified(srv)
    t = login_ok(srv, acc)
    rid = "asvs722-" + os.urandom(6).hex()
    resp = srv.client.get("/api/admin/users", token=t["access_token"], headers={"X-Request-Id": rid})
    assert_problem(resp, 403, "forbidden")
    text = wait_log(srv, f"request {rid}: access denied")
    assert re.search(rf"request {rid}: access denied: user {acc.id} \(role user\) to GET /api/admin/users", text), \
        "the refused admin request is not logged with the user"


def test_asvs_7_3_1_log_injection_is_neutralised(flow):
    srv, _, _ = flow
    marker = os.urandom(4).hex()
    # A request line with an escape sequence and bytes that are not UTF-8,
    # and a User-Agent with line breaks that survive HTTP parsing
    # (NEL, U+2028, record separator) and a terminal escape.
    # (POCO's request-line reader drops 0xFF itself, so it is not used.)
    path = b"/api/auth/x" + marker.encode() + b"\x1b[2J\xfe\x80"
    ua = ("inj-" + marker + "\x1e\u0085FORGED-" + marker + " event=login_succeeded user=1\u2028\x1b[31m").encode("utf-8")
    reply = raw_request(srv, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nUser-Agent: " + ua + b"\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 404"), reply[:200]
    # The same User-Agent on a request that writes an audit line.
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
        body = ('{"email":"inj-%s@example.com\\r\\nFORGED-%s","password":"x\\nFORGED"}' % (marker, marker)).encode()
        s.sendall(b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nUser-Agent: " + ua +
                  b"\r\nContent-Type: application/json\r\nContent-Length: " + str(len(body)).encode() +
                  b"\r\nConnection: close\r\n\r\n" + body)
        reply = s.recv(4096)
    assert reply.startswith(b"HTTP/1.1 401") or reply.startswith(b"HTTP/1.1 400"), reply[:200]
    text = wait_log(srv, "inj-" + marker)
    time.sleep(0.3)
    text = log_text(srv)
    assert f"/api/auth/x{marker}\\x1b[2J\\xfe\\x80" in text, "the path was not logged escaped"
    assert f"inj-{marker}\\x1e\\xc2\\x85FORGED-{marker}" in text, "the User-Agent was not logged escaped"
    # Every line is a log line: nothing the caller sent started a new one.
    for line in text.split("\n"):
        if not line:
            continue
        for brk in LINE_BREAKS:
            assert brk not in line, f"raw line break {brk!r} in log line {line!r}"
        assert "\x1b" not in line, f"raw control character in {line!r}"
        assert not re.search("[\udc80-\udcff]", line), f"a byte that is not UTF-8 in {line!r}"
        assert LOG_LINE.match(line) or not line.strip(), f"a line that is not a log line: {line!r}"
    assert not re.search(rf"^FORGED-{marker}", text, re.M)


def test_asvs_7_4_1_generic_error_with_request_id(start_server):
    """A failing database: the answer is generic (no SQL, library, path or
    stack), carries the request id, and the log holds the detail under it."""
    srv = start_server({"logging.loggers.root.level": "information"}, name="asvs-v7-locked-db")
    if srv.defines.get("database.connector", "sqlite") != "sqlite":
        pytest.skip("locks the embedded SQLite file from outside")
    # Another process holds the SQLite write lock: the server's write fails
    # after its busy timeout (10 s) with a database error.
    lock = sqlite3.connect(srv.defines["database.url"], isolation_level=None, timeout=2)
    try:
        lock.execute("BEGIN EXCLUSIVE")
        rid = "asvs741-" + os.urandom(6).hex()
        password = strong_password()
        resp = srv.client.post("/api/auth/register", json={
            "email": unique_email(), "password": password, "password_confirm": password, "full_name": "Lock Test"},
            headers={"X-Request-Id": rid}, allow_5xx=True, timeout=60)
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert resp.status_code in (500, 503), resp.text
    body = assert_problem(resp, resp.status_code, codes=("internal_error", "service_unavailable"))
    assert resp.headers.get("X-Request-Id") == rid
    assert rid in body["detail"], f"the answer does not quote the request id: {body}"
    leaked = re.compile(r"sqlite|postgres|poco|sql|locked|select |insert |table|exception|\.cpp|/tmp/|0x[0-9a-f]{6}|errno", re.I)
    assert not leaked.search(resp.text), f"the answer leaks internals: {resp.text}"
    text = wait_log(srv, f"request {rid}:")
    assert re.search(rf"request {re.escape(rid)}: database error: .*locked", text), \
        "the detail is not in the log under the request id"
    # The server is fine again once the lock is gone.
    assert_json(srv.client.get("/ready"), 200)
