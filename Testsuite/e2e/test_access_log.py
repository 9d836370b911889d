"""The access log of a server in the foreground (console): one line per
request with method, path without query, status, duration in ms and request
id; never a password, token or code (CONFIG.md; OWASP ASVS 4.0 7.1.1)."""

import re
import time

from authtest import JWT_SECRET

PASSWORD = "Fg-password-in-body-2b7e"
BEARER = "fg-bearer-in-header-91ac"
QUERY_TOKEN = "fg-token-in-query-c3d0"
QUERY_CODE = "720364"


def console_log(srv):
    text = ""
    for path in (srv.stdout_path, srv.stderr_path):
        with open(path, errors="replace") as f:
            text += f.read()
    return text


def wait_for_line(srv, pattern, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = re.search(pattern, console_log(srv))
        if match:
            return match
        time.sleep(0.1)
    raise AssertionError(f"no log line matching {pattern!r}")


def test_access_line_per_request_without_secrets(server):
    rid = "e2e-access-log-fg-1"
    resp = server.client.post(f"/api/auth/login/?token={QUERY_TOKEN}&code={QUERY_CODE}",
                              json={"email": "nobody-fg@example.com", "password": PASSWORD},
                              headers={"Authorization": f"Bearer {BEARER}", "X-Request-Id": rid})
    assert resp.status_code in (400, 401)
    assert resp.headers.get("X-Request-Id") == rid
    resp = server.client.post("/api/auth/verify-email/", json={"email": "nobody-fg@example.com", "code": QUERY_CODE},
                              headers={"X-Request-Id": rid + "-b"})
    assert resp.status_code == 400
    match = wait_for_line(server, r"AuthServer\.Access: POST /api/auth/login/ (\d{3}) (\d+(?:\.\d+)?)ms rid="
                          + re.escape(rid) + r" ip=127\.0\.0\.1")
    assert match.group(1) == str(401) or match.group(1) == str(400)
    wait_for_line(server, r"POST /api/auth/verify-email/ 400 [\d.]+ms rid=" + re.escape(rid) + "-b")
    text = console_log(server)
    for secret in (PASSWORD, BEARER, QUERY_TOKEN, QUERY_CODE, JWT_SECRET):
        assert secret not in text, f"{secret!r} reached the log"
