"""Helpers for the AuthServer black-box end-to-end tests.

Everything here talks to the server over HTTP or reads the files it writes
(mail outbox); nothing looks inside the implementation.  The wire contract is
Docs/API.md (and Docs/CONFIGURATION.md for the command line).
"""

import base64
import email
import email.policy
import email.utils
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_BIN = os.path.join(REPO, "build", "bin", "authserver")

# 48 characters; HS256 key used by every server this suite starts.
JWT_SECRET = "e2e-test-secret-0123456789-abcdefghijklmnopqrstu"
assert len(JWT_SECRET) == 48
ISSUER = "authserver"
FRONTEND = "http://frontend.test"

USER_KEYS = {
    "id", "email", "phone_number", "full_name", "role", "is_active",
    "email_verified", "phone_verified", "bio", "location", "birth_date",
    "avatar_url", "company_name", "needs_profile_completion",
    "otp_login_enabled", "otp_channel", "created_at", "updated_at",
    "last_login_at",
}
RFC3339_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")

VERIFY_LINK = re.compile(re.escape(FRONTEND) + r"/verify-email\?token=([A-Za-z0-9_-]+)")
RESET_LINK = re.compile(re.escape(FRONTEND) + r"/reset-password\?token=([A-Za-z0-9_-]+)")
SIX_DIGITS = re.compile(r"\b(\d{6})\b")
URL = re.compile(r"https?://\S+")

# Servers currently running; conftest attaches their log tails to failing tests.
RUNNING = []
_MISSING = object()


def server_binary():
    return os.environ.get("AUTHSERVER_BIN", DEFAULT_BIN)


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
    finally:
        s.close()


def unique_email(prefix="e2e", domain="example.com"):
    return f"{prefix}-{uuid.uuid4().hex[:16]}@{domain}"


def strong_password():
    # Long, random, never on a common-password list.
    return "Tr0ub4dor-" + uuid.uuid4().hex[:14] + "-e2e"


# --------------------------------------------------------------------------
# HTTP client
# --------------------------------------------------------------------------

class Client:
    """Thin wrapper over requests.Session bound to one server.

    Every response is checked for "never a 500" (API.md, Conventions) unless
    the caller passes allow_5xx=True.  One Client per thread.
    """

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()

    def request(self, method, path, json=_MISSING, data=None, token=None,
                headers=None, allow_5xx=False, timeout=15):
        hdrs = dict(headers or {})
        if token is not None:
            hdrs["Authorization"] = f"Bearer {token}"
        kwargs = {"headers": hdrs, "timeout": timeout, "allow_redirects": False}
        if json is not _MISSING:
            kwargs["json"] = json
        if data is not None:
            kwargs["data"] = data
        resp = self.session.request(method, self.base_url + path, **kwargs)
        if resp.status_code >= 400 and (json is not _MISSING or data is not None):
            # Start the next request on a fresh connection, so that a server that
            # leaves an unread body on a kept-alive connection fails only the
            # test that checks for it (test_http_conventions, keep-alive tests).
            self.session.close()
        if not allow_5xx:
            assert resp.status_code < 500, (
                f"{method} {path} answered {resp.status_code} (never a 500): {resp.text[:500]}")
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, json=_MISSING, **kw):
        return self.request("POST", path, json=json, **kw)

    def patch(self, path, json=_MISSING, **kw):
        return self.request("PATCH", path, json=json, **kw)

    def put(self, path, json=_MISSING, **kw):
        return self.request("PUT", path, json=json, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def close(self):
        self.session.close()


# --------------------------------------------------------------------------
# Server process
# --------------------------------------------------------------------------

def extra_defines():
    """Defines every server of the run gets, from AUTHSERVER_E2E_DEFINES:
    `key=value` pairs separated by `;` (values may hold spaces and `=`).
    scripts/test.sh uses it to run the same suite against PostgreSQL + Redis.
    A `{db}` in database.url is replaced per server by a fresh database
    (see fresh_backend_defines)."""
    result = {}
    for item in os.environ.get("AUTHSERVER_E2E_DEFINES", "").split(";"):
        if item.strip():
            key, _, value = item.partition("=")
            result[key.strip()] = value.strip()
    return result


def fresh_backend_defines():
    """Defines giving a server (or several that must share state) storage of
    its own: on PostgreSQL a new database created through the `{db}` url
    template, on Redis a new key prefix; empty for the embedded profile,
    where each server's temporary folder already holds its own database."""
    extra = extra_defines()
    result = {}
    url = extra.get("database.url", "")
    if "{db}" in url:
        name = "e2e_" + uuid.uuid4().hex[:16]
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url.replace("{db}", "postgres"),
                        "-c", f"CREATE DATABASE {name}"],
                       check=True, timeout=30, stdout=subprocess.DEVNULL)
        result["database.url"] = url.replace("{db}", name)
    if extra.get("cache.backend") == "redis":
        result["redis.keyPrefix"] = "e2e-" + uuid.uuid4().hex[:12] + ":"
    return result


class ServerStartError(RuntimeError):
    pass


class Server:
    def __init__(self, defines=None, name="default"):
        self.name = name
        self.binary = server_binary()
        self.tmp = tempfile.mkdtemp(prefix="authserver-e2e-")
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.mail_dir = os.path.join(self.tmp, "mail")
        self.sms_file = os.path.join(self.tmp, "sms.jsonl")
        self.stdout_path = os.path.join(self.tmp, "stdout.log")
        self.stderr_path = os.path.join(self.tmp, "stderr.log")
        self.defines = {
            "http.port": str(self.port),
            "http.host": "127.0.0.1",
            "database.url": os.path.join(self.tmp, "auth.db"),
            "mail.outbox.directory": self.mail_dir,
            "sms.outbox.file": self.sms_file,
            "jwt.secret": JWT_SECRET,
            "rateLimit.enabled": "false",
            "app.publicUrl": self.base_url,
            "app.frontendUrl": FRONTEND,
            # /metrics has its own listener (metrics.port, default 9464):
            # each test server picks a free port; the suite's /metrics tests
            # read the API listener, so the harness opts in to it there
            # (test_connections.py checks the default, metrics.public=false).
            "metrics.port": "0",
            "metrics.public": "true",
        }
        self.defines.update(extra_defines())
        defines = {k: str(v) for k, v in (defines or {}).items()}
        if "database.url" not in defines and "redis.keyPrefix" not in defines:
            defines = {**fresh_backend_defines(), **defines}
        self.defines.update(defines)
        self.proc = None
        self.client = Client(self.base_url)
        self._mail_cache = {}  # file name -> parsed message
        self._mail_lock = threading.Lock()

    # -- lifecycle ---------------------------------------------------------

    def start(self, timeout=20.0):
        if not os.path.isfile(self.binary) or not os.access(self.binary, os.X_OK):
            raise ServerStartError(
                f"AuthServer binary not found at {self.binary} "
                "(build it, or set AUTHSERVER_BIN)")
        args = [self.binary] + [f"--define={k}={v}" for k, v in self.defines.items()]
        env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}
        self._out = open(self.stdout_path, "wb")
        self._err = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(args, cwd=self.tmp, stdout=self._out,
                                     stderr=self._err, stdin=subprocess.DEVNULL,
                                     env=env)
        RUNNING.append(self)
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                raise ServerStartError(
                    f"authserver exited with {self.proc.returncode} before answering "
                    f"/health\n{self.logs()}")
            try:
                r = requests.get(self.base_url + "/health", timeout=1)
                if r.status_code == 200:
                    return self
                last_error = f"status {r.status_code}"
            except requests.RequestException as exc:
                last_error = repr(exc)
            time.sleep(0.1)
        self.stop()
        raise ServerStartError(
            f"authserver did not answer GET /health with 200 within {timeout} s "
            f"(last: {last_error})\n{self.logs()}")

    def stop(self):
        if self in RUNNING:
            RUNNING.remove(self)
        self.client.close()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        for f in (getattr(self, "_out", None), getattr(self, "_err", None)):
            if f is not None and not f.closed:
                f.close()

    def cleanup(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _read(self, path, limit=None):
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            return ""
        text = data.decode("utf-8", "replace")
        if limit is not None:
            lines = text.splitlines()
            text = "\n".join(lines[-limit:])
        return text

    def logs(self, limit=None):
        return (f"--- authserver [{self.name}] args: {self.defines}\n"
                f"--- stdout ({self.stdout_path}):\n{self._read(self.stdout_path, limit)}\n"
                f"--- stderr ({self.stderr_path}):\n{self._read(self.stderr_path, limit)}\n")

    def wait_log(self, text, timeout=5.0):
        """True once `text` appears in the server's output. A line about an
        event the test has already seen (a message delivered) may be written
        a moment after it, so asserting on logs() at once can race."""
        deadline = time.monotonic() + timeout
        while True:
            if text in self.logs():
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    def metrics_url(self, timeout=5.0):
        """The URL of the metrics listener, from the start-up log line."""
        line = self.wait_log("metrics on http://", timeout=timeout)
        match = re.search(r"metrics on (http://[0-9.]+:[0-9]+/metrics)", self.logs())
        assert match, line
        return match.group(1)

    def url(self, path):
        return self.base_url + path

    # -- mail outbox -------------------------------------------------------

    def owns(self, obj):
        """True if obj is this server or a Client bound to it."""
        return obj is self or (isinstance(obj, Client) and obj.base_url == self.base_url)

    def _all_mails(self):
        """[(mtime, name, message)] of every finished .eml file, oldest first."""
        out = []
        try:
            names = os.listdir(self.mail_dir)
        except FileNotFoundError:
            return out
        for name in names:
            if not name.endswith(".eml"):
                continue
            path = os.path.join(self.mail_dir, name)
            try:
                mtime = os.stat(path).st_mtime
            except FileNotFoundError:
                continue
            with self._mail_lock:
                msg = self._mail_cache.get(name)
                if msg is None:
                    try:
                        with open(path, "rb") as f:
                            msg = email.message_from_binary_file(f, policy=email.policy.default)
                    except OSError:
                        continue
                    self._mail_cache[name] = msg
            out.append((mtime, name, msg))
        out.sort(key=lambda t: (t[0], t[1]))
        return out

    def mails_to(self, address):
        """Names of the mails addressed to `address`, oldest first."""
        return [name for _, name, msg in self._all_mails() if addressed_to(msg, address)]

    def wait_mail(self, address, exclude=(), timeout=5.0, predicate=None):
        """Newest mail to `address` whose file name is not in `exclude`."""
        deadline = time.monotonic() + timeout
        while True:
            found = [msg for _, name, msg in self._all_mails()
                     if name not in exclude and addressed_to(msg, address)
                     and (predicate is None or predicate(msg))]
            if found:
                return found[-1]
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"no mail to {address} in {self.mail_dir} within {timeout} s "
                    f"(files: {sorted(os.listdir(self.mail_dir)) if os.path.isdir(self.mail_dir) else 'none'})")
            time.sleep(0.05)

    def wait_verification_mail(self, address, exclude=(), timeout=5.0):
        return self.wait_mail(address, exclude, timeout,
                              predicate=lambda m: VERIFY_LINK.search(mail_text(m) + mail_html(m)))


def addressed_to(msg, address):
    tos = msg.get_all("To", []) or []
    addrs = [a.lower() for _, a in email.utils.getaddresses([str(t) for t in tos])]
    return address.lower() in addrs


def mail_text(msg):
    part = msg.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def mail_html(msg):
    part = msg.get_body(preferencelist=("html",))
    return part.get_content() if part is not None else ""


def verification_token(msg):
    m = VERIFY_LINK.search(mail_text(msg)) or VERIFY_LINK.search(mail_html(msg))
    assert m, f"no {FRONTEND}/verify-email?token=... link in mail:\n{mail_text(msg)}"
    return m.group(1)


def reset_token(msg):
    m = RESET_LINK.search(mail_text(msg)) or RESET_LINK.search(mail_html(msg))
    assert m, f"no {FRONTEND}/reset-password?token=... link in mail:\n{mail_text(msg)}"
    return m.group(1)


def six_digit_code(msg):
    text = URL.sub(" ", mail_text(msg))  # a link's token may hold digit runs
    m = SIX_DIGITS.search(text)
    assert m, f"no 6-digit code in the text/plain part:\n{mail_text(msg)}"
    return m.group(1)


# --------------------------------------------------------------------------
# Assertions
# --------------------------------------------------------------------------

def assert_problem(resp, status, code=None, codes=None):
    """RFC 9457 problem details with the contract's `code` (API.md, Conventions)."""
    assert resp.status_code == status, (
        f"expected {status}, got {resp.status_code}: {resp.text[:500]}")
    ctype = resp.headers.get("Content-Type", "")
    assert ctype.split(";")[0].strip().lower() == "application/problem+json", (
        f"error Content-Type is {ctype!r}, expected application/problem+json")
    body = resp.json()
    assert isinstance(body, dict), body
    for key in ("type", "title", "status", "detail", "code"):
        assert key in body, f"problem body lacks {key!r}: {body}"
    assert body["status"] == status and type(body["status"]) is int, body
    assert isinstance(body["title"], str) and body["title"], body
    assert isinstance(body["detail"], str), body
    assert isinstance(body["code"], str) and re.fullmatch(r"[a-z][a-z0-9_]*", body["code"]), body
    assert body["type"] == f"https://authserver.dev/problems/{body['code']}", body
    if code is not None:
        assert body["code"] == code, f"expected code {code!r}, got {body['code']!r}: {body}"
    if codes is not None:
        assert body["code"] in codes, f"expected code in {codes}, got {body['code']!r}: {body}"
    if "errors" in body:
        assert isinstance(body["errors"], dict), body
        for field, msgs in body["errors"].items():
            assert isinstance(msgs, list) and all(isinstance(m, str) for m in msgs), body
    return body


def assert_invalid_token_401(resp, codes=("invalid_token",)):
    body = assert_problem(resp, 401, codes=codes)
    www = resp.headers.get("WWW-Authenticate", "")
    assert www.startswith("Bearer"), f"WWW-Authenticate is {www!r}"
    assert 'error="invalid_token"' in www, f"WWW-Authenticate is {www!r}"
    return body


def assert_json(resp, status):
    assert resp.status_code == status, (
        f"expected {status}, got {resp.status_code}: {resp.text[:500]}")
    ctype = resp.headers.get("Content-Type", "")
    assert ctype.split(";")[0].strip().lower() == "application/json", (
        f"Content-Type is {ctype!r}, expected application/json")
    return resp.json()


def assert_no_store(resp):
    cc = resp.headers.get("Cache-Control", "")
    assert "no-store" in [p.strip().lower() for p in cc.split(",")], (
        f"Cache-Control is {cc!r}, expected no-store")


def assert_user(user, **expected):
    assert isinstance(user, dict), user
    assert set(user) == USER_KEYS, (
        f"User keys differ from API.md: extra {sorted(set(user) - USER_KEYS)}, "
        f"missing {sorted(USER_KEYS - set(user))}")
    assert isinstance(user["id"], str) and user["id"], user
    assert user["role"] in ("user", "supplier", "admin"), user
    for flag in ("is_active", "email_verified", "phone_verified",
                 "needs_profile_completion", "otp_login_enabled"):
        assert isinstance(user[flag], bool), (flag, user)
    for ts in ("created_at", "updated_at"):
        assert isinstance(user[ts], str) and RFC3339_UTC.match(user[ts]), (ts, user)
    assert user["last_login_at"] is None or RFC3339_UTC.match(user["last_login_at"]), user
    assert user["otp_channel"] in ("email", "sms"), user
    for text_field in ("full_name", "bio", "location", "avatar_url"):
        assert isinstance(user[text_field], str), (text_field, user)
    blob = json.dumps(user).lower()
    for secret in ("argon2", "password", "$2b$", "hash"):
        assert secret not in blob, f"User object leaks {secret!r}: {user}"
    for key, value in expected.items():
        assert user[key] == value, f"user[{key!r}] is {user[key]!r}, expected {value!r}"
    return user


def assert_token_response(resp, access_lifetime=900, refresh_lifetime=604800):
    body = assert_json(resp, 200)
    assert_no_store(resp)
    for key in ("access_token", "refresh_token", "token_type", "expires_in",
                "refresh_expires_in", "user"):
        assert key in body, f"token response lacks {key!r}: {body}"
    assert isinstance(body["access_token"], str) and body["access_token"].count(".") == 2
    assert isinstance(body["refresh_token"], str) and body["refresh_token"].count(".") == 2
    assert body["access_token"] != body["refresh_token"]
    assert body["token_type"] == "Bearer", body
    assert body["expires_in"] == access_lifetime and type(body["expires_in"]) is int, body
    assert body["refresh_expires_in"] == refresh_lifetime and type(body["refresh_expires_in"]) is int, body
    assert_user(body["user"])
    return body


# --------------------------------------------------------------------------
# JWT helpers (no verification; for crafting bad tokens)
# --------------------------------------------------------------------------

def b64url_encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jwt_parts(token):
    h, p, s = token.split(".")
    return json.loads(b64url_decode(h)), json.loads(b64url_decode(p)), s


def jwt_compose(header, payload, signature=""):
    enc = lambda obj: b64url_encode(json.dumps(obj, separators=(",", ":")).encode())
    return f"{enc(header)}.{enc(payload)}.{signature}"


def flip_char(segment, index):
    """Replace the character at `index` by another base64url character."""
    c = segment[index]
    repl = "A" if c != "A" else "B"
    return segment[:index] + repl + segment[index + 1:]


# --------------------------------------------------------------------------
# Account flows
# --------------------------------------------------------------------------

class Account:
    def __init__(self, email, password, user):
        self.email = email
        self.password = password
        self.user = user

    @property
    def id(self):
        return self.user["id"]


def register(client, email=None, password=None, full_name="E2E Tester",
             path="/api/auth/register", **extra):
    email = unique_email() if email is None else email
    password = strong_password() if password is None else password
    body = {"email": email, "password": password, "password_confirm": password,
            "full_name": full_name}
    body.update(extra)
    return client.post(path, json=body), email, password


def register_ok(server, supplier=False, **kw):
    if supplier:
        kw.setdefault("company_name", "E2E Supplies Ltd")
        kw.setdefault("path", "/api/auth/register/supplier")
    resp, email_, password = register(server.client, **kw)
    body = assert_json(resp, 201)
    return Account(email_, password, body["user"])


def verify_by_link(server, account):
    msg = server.wait_verification_mail(account.email)
    resp = server.client.post("/api/auth/verify-email", json={"token": verification_token(msg)})
    body = assert_json(resp, 200)
    account.user = body["user"]
    return account


def create_verified(server, supplier=False, **kw):
    return verify_by_link(server, register_ok(server, supplier=supplier, **kw))


def login(client, email_, password):
    return client.post("/api/auth/login", json={"email": email_, "password": password})


def login_ok(server, account, client=None):
    resp = login(client or server.client, account.email, account.password)
    return assert_token_response(resp)


def refresh(client, refresh_token):
    return client.post("/api/auth/token/refresh", json={"refresh_token": refresh_token})


def profile(client, token):
    return client.get("/api/auth/profile", token=token)
