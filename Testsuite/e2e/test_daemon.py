"""--daemon, --pidfile, --umask on Linux, the rotating log file of a daemon,
the access log, and a graceful SIGTERM (CONFIG.md "Command line").

The server is started from a temporary folder with every path relative (the
--config file, database, outboxes, data folder, log file): the daemon
changes to / after start-up, so this also checks that relative paths are
resolved against the folder it was started in.
"""

import os
import re
import signal
import socket
import subprocess
import time

import pytest
import requests

from authtest import JWT_SECRET, free_port, server_binary

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc")

SECRET_PASSWORD = "Pw-in-body-7f3a9c"
SECRET_BEARER = "bearer-in-header-5d1e2b"
SECRET_QUERY_TOKEN = "token-in-query-8c4f0a"
SECRET_QUERY_CODE = "493817"


def alive(pid):
    """True while the process exists and is not a zombie (a reparented
    daemon may stay a zombie when PID 1 does not reap)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def start_daemon(tmp_path, extra_lines=()):
    """Starts a daemon from tmp_path with relative paths; returns its facts."""
    port = free_port()
    (tmp_path / "local.properties").write_text("\n".join([
        f"http.port = {port}",
        "http.host = 127.0.0.1",
        f"jwt.secret = {JWT_SECRET}",
        "rateLimit.enabled = false",
        "database.url = var/auth.db",
        "mail.outbox.directory = var/mail",
        "sms.outbox.file = var/sms.jsonl",
        "app.dataDirectory = var",
        "logging.channels.file.path = var/log/authserver.log",
        *extra_lines,
        "",
    ]))
    pidfile = tmp_path / "authserver.pid"
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}
    started = subprocess.run([server_binary(), "--daemon", "--pidfile=authserver.pid", "--umask=077",
                              "--config=local.properties"],
                             cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    info = {"tmp": tmp_path, "port": port, "pidfile": pidfile,
            "log": tmp_path / "var" / "log" / "authserver.log",
            "base": f"http://127.0.0.1:{port}"}
    if pidfile.exists():
        info["pid"] = int(pidfile.read_text().strip())
    try:
        # The command returns once the daemon listens (or failed to start).
        assert started.returncode == 0, started.stderr
        assert "pid" in info, "no pid file after a successful start"
        assert requests.get(info["base"] + "/health", timeout=5).status_code == 200
    except BaseException:
        stop_daemon(info)
        raise
    return info


def stop_daemon(info):
    pid = info.get("pid")
    if pid and alive(pid):
        os.kill(pid, signal.SIGKILL)


@pytest.fixture
def daemon(tmp_path):
    info = {}
    try:
        info = start_daemon(tmp_path)
        yield info
    finally:
        stop_daemon(info)


def log_text(info):
    path = info["log"]
    return path.read_text(errors="replace") if path.exists() else ""


def test_daemon_detaches_writes_pid_file_and_resolves_relative_paths(daemon):
    pid = daemon["pid"]
    assert alive(pid)
    # Detached: its own session, working directory / (POCO beDaemon + chdir).
    assert os.getsid(pid) == pid
    assert os.readlink(f"/proc/{pid}/cwd") == "/"
    umask = [line for line in open(f"/proc/{pid}/status") if line.startswith("Umask:")]
    if umask:
        assert umask[0].split()[1] == "0077"
    # Relative paths meant the folder it was started in, not /.
    assert (daemon["tmp"] / "var" / "auth.db").exists()
    assert (daemon["tmp"] / "var" / "jwt.secret").exists() is False  # the configured secret is used
    wait_for(lambda: "listening on http://127.0.0.1:%d" % daemon["port"] in log_text(daemon), 10,
             "the start-up line in the daemon's log file")


def test_access_log_line_has_request_facts_and_no_secrets(daemon):
    rid = "e2e-daemon-rid-1"
    resp = requests.post(daemon["base"] + f"/api/auth/login/?token={SECRET_QUERY_TOKEN}&code={SECRET_QUERY_CODE}",
                         json={"email": "nobody@example.com", "password": SECRET_PASSWORD},
                         headers={"Authorization": f"Bearer {SECRET_BEARER}", "X-Request-Id": rid}, timeout=10)
    assert resp.status_code == 401
    assert resp.headers.get("X-Request-Id") == rid
    assert "Strict-Transport-Security" not in resp.headers  # plain HTTP
    resp = requests.get(daemon["base"] + "/api/auth/profile/", headers={"Authorization": f"Bearer {SECRET_BEARER}"},
                        timeout=10)
    assert resp.status_code == 401
    line_re = re.compile(r"POST /api/auth/login/ 401 (\d+(?:\.\d+)?)ms rid=" + re.escape(rid) + r"\b")
    match = wait_for(lambda: line_re.search(log_text(daemon)), 10, "the access-log line of the login")
    assert float(match.group(1)) >= 0
    wait_for(lambda: re.search(r"GET /api/auth/profile/ 401 [\d.]+ms rid=\S+", log_text(daemon)), 10,
             "the access-log line of the profile request")
    text = log_text(daemon)
    for secret in (SECRET_PASSWORD, SECRET_BEARER, SECRET_QUERY_TOKEN, SECRET_QUERY_CODE, JWT_SECRET):
        assert secret not in text, f"{secret!r} reached the log"
    assert "?token=" not in text


def test_sigterm_finishes_the_in_flight_request_and_exits_cleanly(daemon):
    pid = daemon["pid"]
    body = ('{"email": "slow@example.com", "password": "' + SECRET_PASSWORD + '"' + " " * 2000 + "}").encode()
    head = (f"POST /api/auth/login/ HTTP/1.1\r\nHost: 127.0.0.1:{daemon['port']}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "X-Request-Id: e2e-in-flight\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", daemon["port"]), timeout=20) as conn:
        # The handler is now reading a body that is only half there: the
        # request is in flight when SIGTERM arrives.
        conn.sendall(head + body[:100])
        time.sleep(0.5)
        os.kill(pid, signal.SIGTERM)
        wait_for(lambda: "shutting down" in log_text(daemon), 10, "the shutdown line")
        time.sleep(0.5)
        assert alive(pid), "the server exited with a request in flight"
        # No new connection is accepted once shutting down.
        with pytest.raises(requests.RequestException):
            requests.get(daemon["base"] + "/health", timeout=2)
        conn.sendall(body[100:])
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = conn.recv(65536)
            if not chunk:
                break
            answer += chunk
    status_line = answer.split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1.1 401 "), answer[:300]
    assert b"invalid_credentials" in answer
    wait_for(lambda: not alive(pid), 15, "the daemon to exit")
    assert not daemon["pidfile"].exists(), "the pid file was left behind"
    text = log_text(daemon)
    assert "AuthServer stopped" in text
    assert re.search(r"POST /api/auth/login/ 401 [\d.]+ms rid=e2e-in-flight\b", text)


def test_daemon_start_up_error_reaches_the_caller(tmp_path):
    # The command waits for the daemon's start-up report: a bad key is
    # printed on its stderr and its exit status is the daemon's (78), not 0.
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}
    proc = subprocess.run([server_binary(), "--daemon", "--pidfile=authserver.pid",
                           f"--define=jwt.secret={JWT_SECRET}", f"--define=http.port={free_port()}",
                           "--define=database.url=var/auth.db", "--define=http.threads=lots"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 78, (proc.returncode, proc.stderr)
    assert "http.threads" in proc.stderr
    wait_for(lambda: not (tmp_path / "authserver.pid").exists(), 10, "the pid file to be removed")


def test_daemon_port_in_use_reaches_the_caller(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}
        proc = subprocess.run([server_binary(), "--daemon", f"--define=jwt.secret={JWT_SECRET}",
                               f"--define=http.port={port}", "--define=database.url=var/auth.db",
                               "--define=app.dataDirectory=var", "--define=mail.outbox.directory=var/mail",
                               "--define=sms.outbox.file=var/sms.jsonl"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0, proc.stderr
    assert "http.port" in proc.stderr


def test_daemon_log_file_rotates_and_archives(tmp_path):
    info = {}
    try:
        info = start_daemon(tmp_path, ["logging.channels.file.rotation = 2 K",
                                       "logging.channels.file.compress = false"])
        session = requests.Session()
        for i in range(60):
            assert session.get(info["base"] + "/health", headers={"X-Request-Id": f"rotate-{i}"},
                               timeout=5).status_code == 200
        log_dir = tmp_path / "var" / "log"
        archives = wait_for(lambda: [p for p in log_dir.iterdir() if p.name.startswith("authserver.log.")],
                            10, "an archived log file")
        assert archives
        assert (log_dir / "authserver.log").exists()
    finally:
        stop_daemon(info)
