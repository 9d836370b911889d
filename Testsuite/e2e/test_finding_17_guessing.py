"""Issue 17 (black-box attack), findings 4, 5, 6, 8, 9 and 12: guessing
oracles, timing, lockout as a weapon, reset links that outlive a password
change, routes without a per-address bucket, and the informational ones
(HEAD, admin search). The JWT `crit` and `sub` parts of finding 12 are
CppUnit cases (TokenServiceTest::testFinding12...).
"""

import statistics
import time

import pytest

import authtest
from authtest import (assert_json, assert_problem, assert_token_response,
                      create_verified, login, login_ok, register_ok,
                      strong_password, unique_email)
from messaging import forgot, mailed_reset_token, request_otp, reset
from test_admin import create_admin


def _limited(**defines):
    base = {"rateLimit.enabled": "true"}
    base.update({k: str(v) for k, v in defines.items()})
    return base


def _change(client, token, old, new=None):
    new = new or strong_password()
    return client.post("/api/auth/password/change", token=token, json={
        "old_password": old, "new_password": new, "new_password_confirm": new})


def _retry_after(resp):
    value = resp.headers.get("Retry-After", "")
    assert value.isdigit() and int(value) >= 1, resp.headers
    return int(value)


# ---- finding 4: password/change is no longer an unthrottled oracle -------

def test_finding_4_password_change_guessing_throttled(start_server):
    """The rateLimit.lockout.threshold-th wrong old_password through one
    session ends that session; the failures count toward the login lockout,
    which password/change obeys too (423)."""
    srv = start_server(_limited(**{"rateLimit.login.perIp": 0, "rateLimit.login.perAccount": 0,
                                   "rateLimit.passwordChange.perIp": 0, "rateLimit.passwordChange.perAccount": 0,
                                   "rateLimit.lockout.threshold": 3, "rateLimit.lockout.baseSeconds": 300}),
                       name="f4-lockout")
    acc = create_verified(srv)
    other = login_ok(srv, acc)["access_token"]       # a second session of the owner
    stolen = login_ok(srv, acc)["access_token"]
    for _ in range(2):
        assert_problem(_change(srv.client, stolen, "wrong-guess-" + unique_email()), 400, "validation_error")
    # The third wrong guess ends the guessing session at once.
    assert_problem(_change(srv.client, stolen, "wrong-guess-3"), 401, "invalid_token")
    assert_problem(srv.client.get("/api/auth/profile", token=stolen), 401, "invalid_token")
    assert_problem(_change(srv.client, stolen, acc.password), 401, "invalid_token")
    # The guesses locked the account for this address, for login and change alike.
    resp = login(srv.client, acc.email, acc.password)
    assert_problem(resp, 423, "account_locked")
    _retry_after(resp)
    resp = _change(srv.client, other, acc.password)
    assert_problem(resp, 423, "account_locked")
    _retry_after(resp)
    # The other session itself was not ended by someone else's guessing.
    assert_json(srv.client.get("/api/auth/profile", token=other), 200)


def test_finding_4_password_change_per_account_bucket(start_server):
    srv = start_server(_limited(**{"rateLimit.passwordChange.perIp": 0, "rateLimit.passwordChange.perAccount": 2,
                                   "rateLimit.passwordChange.window": 60, "rateLimit.lockout.threshold": 0}),
                       name="f4-bucket")
    acc = create_verified(srv)
    token = login_ok(srv, acc)["access_token"]
    for _ in range(2):
        assert_problem(_change(srv.client, token, "wrong-guess-1"), 400, "validation_error")
    resp = _change(srv.client, token, "wrong-guess-1")
    assert_problem(resp, 429, "rate_limited")
    _retry_after(resp)
    # Per account: another account from the same address is not affected.
    acc2 = create_verified(srv)
    token2 = login_ok(srv, acc2)["access_token"]
    assert_problem(_change(srv.client, token2, "wrong-guess-1"), 400, "validation_error")


# ---- finding 5: known and unknown addresses answer in the same time ------

@pytest.fixture(scope="module")
def timing_server(start_server):
    # Every known address is used once per route, under the hourly cap and
    # outside the resend cooldown, so the known path does all its work.
    return start_server({"otp.maxSendsPerHour": 1000}, name="f5-timing")


def _median_gap(srv, path, body, known, unknown, label):
    client = authtest.Client(srv.base_url)
    samples = {"known": [], "unknown": []}

    def timed(address):
        t0 = time.perf_counter()
        resp = client.post(path, json=body(address))
        elapsed = time.perf_counter() - t0
        assert resp.status_code == 202, (resp.status_code, resp.text)
        return elapsed, resp.content

    for i in range(3):                      # warm up connections and caches
        timed(known[i]), timed(unknown[i])
    bodies = set()
    for i in range(3, len(known)):          # interleaved, alternating which goes first
        order = ("known", "unknown") if i % 2 == 0 else ("unknown", "known")
        for kind in order:
            elapsed, content = timed(known[i] if kind == "known" else unknown[i])
            samples[kind].append(elapsed)
            bodies.add(content)
    client.close()
    k, u = statistics.median(samples["known"]), statistics.median(samples["unknown"])
    print(f"{label} median: known {k * 1000:.3f} ms, unknown {u * 1000:.3f} ms")
    assert len(bodies) == 1, bodies         # the same answer, byte for byte
    return k, u


def _assert_timing_equal(srv, path, body, make_known, make_unknown, label, attempts=3):
    """Medians within 15 % of each other. Sub-millisecond medians move with the
    machine's load (a build next to the test shifts one side by 0.5 ms), so a
    gap is measured again on fresh addresses, up to `attempts` times in all: a
    real difference (the known path doing work in the request) shows in every
    attempt, noise does not. Returns the known addresses of the passing attempt."""
    gaps = []
    for _ in range(attempts):
        known, unknown = make_known(), make_unknown()
        k, u = _median_gap(srv, path, body, known, unknown, label)
        if abs(k - u) <= 0.15 * max(k, u):
            return known, unknown
        gaps.append((k, u))
    raise AssertionError("known/unknown medians differ by more than 15 %% in every attempt: %r" % gaps)


@pytest.mark.parametrize("path,body", [
    ("/api/auth/password/forgot", lambda a: {"email": a}),
    ("/api/auth/resend-verification", lambda a: {"email": a}),
    # purpose verify: the known addresses are unverified, and a login code
    # goes only to a proven address (finding 1), so verify is what mails them.
    ("/api/auth/otp/request", lambda a: {"channel": "email", "destination": a, "purpose": "verify"}),
])
def test_finding_5_forgot_resend_and_otp_request_timing_equal_for_known_and_unknown(timing_server, path, body):
    """Before: only a known address did the token insert and the mail write
    in the request (1.18 ms against 0.84 ms). Now both post the same job."""
    srv = timing_server
    seen = {}

    def make_known():
        known = [register_ok(srv).email for _ in range(33)]   # unverified: resend-verification mails them
        seen[known[-1]] = set(srv.mails_to(known[-1]))
        return known

    known, unknown = _assert_timing_equal(srv, path, body, make_known,
                                          lambda: [unique_email() for _ in range(33)], path)
    seen = seen[known[-1]]
    # The known addresses still get their mail (after the answer), the
    # unknown ones none.
    srv.wait_mail(known[-1], exclude=seen)
    assert srv.mails_to(unknown[-1]) == []


def test_finding_5_phone_login_timing_equal_for_known_and_unknown_numbers(timing_server):
    """phone/login answers 202 always, like the routes above; a known number
    did the lookup, code and SMS write in the request. Now both post the same
    job, as otp/request does."""
    from messaging import fresh_phone, sms_code, sms_to, wait_sms
    srv = timing_server

    def make_known():
        known = []
        for _ in range(33):
            phone = fresh_phone()
            assert_json(srv.client.post("/api/auth/phone/signup", json={"phone_number": phone}), 202)
            code = sms_code(wait_sms(srv, phone, 0))
            resp = srv.client.post("/api/auth/phone/verify-signup", json={"phone_number": phone, "otp_code": code})
            assert resp.status_code == 201, (resp.status_code, resp.text)
            known.append(phone)
        return known

    known, unknown = _assert_timing_equal(srv, "/api/auth/phone/login", lambda n: {"phone_number": n}, make_known,
                                          lambda: [fresh_phone() for _ in range(33)], "phone/login")
    # The known numbers still get their code (after the answer), the unknown none.
    wait_sms(srv, known[-1], 1)
    assert sms_to(srv, unknown[-1]) == []


def test_finding_5_phone_login_code_is_sent_after_the_answer(timing_server):
    """The deterministic side of the timing test above: the lookup and the
    SMS of a known number happen after the 202 (DeferredWork starts a job
    100 ms after it), so right after the answer the outbox has no code yet.
    Before, the SMS was written before the answer every time."""
    from messaging import fresh_phone, sms_code, sms_to, wait_sms
    srv = timing_server
    late = 0
    for _ in range(5):
        phone = fresh_phone()
        assert_json(srv.client.post("/api/auth/phone/signup", json={"phone_number": phone}), 202)
        code = sms_code(wait_sms(srv, phone, 0))
        resp = srv.client.post("/api/auth/phone/verify-signup", json={"phone_number": phone, "otp_code": code})
        assert resp.status_code == 201, (resp.status_code, resp.text)
        assert_json(srv.client.post("/api/auth/phone/login", json={"phone_number": phone}), 202)
        if len(sms_to(srv, phone)) == 1:
            late += 1
        wait_sms(srv, phone, 1)             # the login code does arrive
    assert late >= 4, late                  # one stall of the test process is forgiven


# ---- finding 6: lockout is no weapon against the owner -------------------

def test_finding_6_lockout_spares_the_address_the_owner_logs_in_from(start_server):
    srv = start_server(_limited(**{"http.trustedProxies": "127.0.0.1",
                                   "rateLimit.login.perIp": 0, "rateLimit.login.perAccount": 0,
                                   "rateLimit.lockout.threshold": 3, "rateLimit.lockout.baseSeconds": 300}),
                       name="f6-lockout")
    acc = create_verified(srv)

    def login_from(ip, password, email=None):
        return srv.client.post("/api/auth/login", json={"email": email or acc.email, "password": password},
                               headers={"X-Forwarded-For": ip})

    assert_token_response(login_from("198.51.100.10", acc.password))    # the owner's usual address
    # An attacker fails from elsewhere, with every spelling of the email.
    for spelling in (acc.email, acc.email.upper(), "  " + acc.email + " "):
        assert_problem(login_from("203.0.113.66", "wrong-password-1", spelling), 401, "invalid_credentials")
    resp = login_from("203.0.113.66", acc.password)
    assert_problem(resp, 423, "account_locked")
    _retry_after(resp)
    # A stranger's address is locked too (the per-account cap of NIST SP
    # 800-63B §5.2.2 holds), unknown and known emails alike ...
    assert_problem(login_from("192.0.2.50", acc.password), 423, "account_locked")
    # ... but the owner still logs in from where they did before.
    assert_token_response(login_from("198.51.100.10", acc.password))


def test_finding_6_lockout_back_off_stops_at_15_minutes_by_default(start_server):
    # Threshold 1 and a first lock of 10 minutes: one doubling would give 20
    # minutes; the default cap (rateLimit.lockout.maxSeconds) keeps it at 15.
    srv = start_server(_limited(**{"rateLimit.login.perIp": 0, "rateLimit.login.perAccount": 0,
                                   "rateLimit.lockout.threshold": 1, "rateLimit.lockout.baseSeconds": 600,
                                   "http.trustedProxies": "127.0.0.1"}), name="f6-cap")
    acc = create_verified(srv)

    def login_from(ip, password):
        return srv.client.post("/api/auth/login", json={"email": acc.email, "password": password},
                               headers={"X-Forwarded-For": ip})

    for ip in ("198.51.100.1", "198.51.100.2"):
        assert_token_response(login_from(ip, acc.password))
    # Two failures on the email (from two addresses the owner used, which
    # the email's lock does not stop): the second doubles the lock.
    for ip in ("198.51.100.1", "198.51.100.2"):
        assert_problem(login_from(ip, "wrong-password-1"), 401, "invalid_credentials")
    resp = login_from("203.0.113.4", acc.password)
    assert_problem(resp, 423, "account_locked")
    assert 600 < _retry_after(resp) <= 900, resp.headers["Retry-After"]


# ---- finding 8: a password change ends the outstanding reset links -------

def test_finding_8_reset_link_dies_with_a_password_change(server, client):
    acc = create_verified(server)
    link = mailed_reset_token(server, acc.email)
    token = login_ok(server, acc)["access_token"]
    new = strong_password()
    assert_json(_change(client, token, acc.password, new), 200)
    assert_problem(reset(client, link, strong_password()), 400, "invalid_token")
    assert_token_response(login(client, acc.email, new))


def test_finding_8_reset_link_dies_with_a_reset_and_an_admin_password(server, client):
    acc = create_verified(server)
    first = mailed_reset_token(server, acc.email)
    # A second link supersedes the first; the reset with the second ends
    # every other link as well.
    second = mailed_reset_token(server, acc.email)
    assert_json(reset(client, second, strong_password()), 200)
    assert_problem(reset(client, first, strong_password()), 400, "invalid_token")
    # --create-admin on an existing account replaces its password.
    link = mailed_reset_token(server, acc.email)
    proc, _ = create_admin(server, email=acc.email, password=strong_password())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_problem(reset(client, link, strong_password()), 400, "invalid_token")


# ---- finding 9: every route has a per-address bucket ---------------------

@pytest.mark.parametrize("bucket,method,path,body,status", [
    ("otpVerify", "POST", "/api/auth/verify-email", {"email": "nobody@example.com", "code": "000000"}, 400),
    ("resendVerification", "POST", "/api/auth/resend-verification", {"email": "nobody@example.com"}, 202),
    ("passwordReset", "POST", "/api/auth/password/reset",
     {"token": "x" * 43, "new_password": "violet tuba 42", "new_password_confirm": "violet tuba 42"}, 400),
    ("tokenRefresh", "POST", "/api/auth/token/refresh", {"refresh_token": "not-a-token"}, 401),
    ("profileUpdate", "PATCH", "/api/auth/profile", {"bio": "x"}, 401),
    ("passwordChange", "POST", "/api/auth/password/change",
     {"old_password": "a", "new_password": "b", "new_password_confirm": "b"}, 401),
])
def test_finding_9_routes_have_a_per_address_bucket(start_server, bucket, method, path, body, status):
    srv = start_server(_limited(**{f"rateLimit.{bucket}.perIp": 2, f"rateLimit.{bucket}.window": 60}),
                       name="f9-" + bucket)
    for _ in range(2):
        resp = srv.client.request(method, path, json=body)
        assert resp.status_code == status, (resp.status_code, resp.text)
    resp = srv.client.request(method, path, json=body)
    assert_problem(resp, 429, "rate_limited")
    _retry_after(resp)


@pytest.mark.parametrize("bucket,path,form", [
    ("otpVerify", "/account/verify-email", {"token": "x" * 43}),
    ("passwordReset", "/account/reset-password",
     {"token": "x" * 43, "new_password": "violet tuba 42", "new_password_confirm": "violet tuba 42"}),
])
def test_finding_9_hosted_page_posts_share_the_api_buckets(start_server, bucket, path, form):
    # The hosted pages (issue 16) post to the same services as the API routes:
    # they must not be a way around those routes' per-address buckets.
    # window 59, not 60: start_server shares a server by defines, and the API
    # route test above has already spent this bucket on its own server.
    srv = start_server(_limited(**{f"rateLimit.{bucket}.perIp": 2, f"rateLimit.{bucket}.window": 59}),
                       name="f9-page-" + bucket)
    for _ in range(2):
        resp = srv.client.request("POST", path, data=form)
        assert resp.status_code == 400, (resp.status_code, resp.text)
    resp = srv.client.request("POST", path, data=form)
    assert_problem(resp, 429, "rate_limited")


def test_finding_9_refresh_allows_heavy_legitimate_traffic_by_default(start_server):
    # The shipped limit (rateLimit.tokenRefresh.perIp = 600 a minute) lets a
    # busy client or NAT refresh many sessions from one address.
    srv = start_server(_limited(**{"rateLimit.login.perIp": 0, "rateLimit.login.perAccount": 0}),
                       name="f9-refresh-default")
    acc = create_verified(srv)
    refresh = login_ok(srv, acc)["refresh_token"]
    for _ in range(100):
        body = assert_json(srv.client.post("/api/auth/token/refresh", json={"refresh_token": refresh}), 200)
        refresh = body["refresh_token"]


# ---- finding 12: HEAD, admin search --------------------------------------

@pytest.mark.parametrize("path", ["/health", "/api/openapi.json", "/.well-known/jwks.json"])
def test_finding_12_head_is_answered_as_get_without_content(client, path):
    got = client.get(path)
    head = client.request("HEAD", path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers.get("Content-Length") == got.headers.get("Content-Length")
    for name in ("Content-Type", "X-Content-Type-Options", "Content-Security-Policy", "X-Request-Id"):
        assert name in head.headers, name


def test_finding_12_head_on_a_post_route_is_405_and_get_routes_allow_head(client):
    resp = client.request("HEAD", "/api/auth/login")
    assert resp.status_code == 405
    assert resp.headers.get("Allow") == "POST"
    resp = client.post("/health", json={})
    assert_problem(resp, 405, "method_not_allowed")
    assert resp.headers.get("Allow") == "GET, HEAD"


def test_finding_12_head_on_a_protected_route_still_needs_a_token(client):
    assert client.request("HEAD", "/api/auth/profile").status_code == 401


def test_finding_12_admin_search_refuses_control_characters(server, client):
    proc, acc = create_admin(server)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    token = login_ok(server, acc)["access_token"]
    everyone = assert_json(client.get("/api/admin/users", token=token), 200)["total"]
    assert everyone >= 1
    for q in ("%00", "a%00", "%0A", "%1F", "%7F", "%C2%85"):
        body = assert_problem(client.get("/api/admin/users?q=" + q, token=token), 400, "validation_error")
        assert "q" in body.get("errors", {}), body
    # Ordinary text, LIKE wildcards included, is still data.
    assert_json(client.get("/api/admin/users?q=%25", token=token), 200)
    assert assert_json(client.get("/api/admin/users?q=" + acc.email, token=token), 200)["total"] == 1
