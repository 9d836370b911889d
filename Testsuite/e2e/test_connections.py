"""The event-driven connection layer (issue 13) and the framing findings of
issue 17 (finding 2: metrics listener, finding 3: request smuggling,
finding 12: a too-large header block).

Many connections are held with non-blocking sockets and a selector, so the
test itself needs no thread per connection. Every target is a loopback
address; idle and slow clients come from 127.0.0.2 / 127.0.0.3 so the probe
client (127.0.0.1) is a fresh address.
"""

import json
import re
import resource
import selectors
import signal
import socket
import statistics
import subprocess
import time

import pytest

import authtest
from authtest import assert_problem, create_verified, login_ok


def _raise_nofile(wanted):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else wanted
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        pytest.skip(f"this test needs {wanted} open files, the hard limit is {soft}")


def _connect(port, source="127.0.0.1", blocking=True):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((source, 0))
    s.settimeout(10)
    s.connect(("127.0.0.1", port))
    s.setblocking(blocking)
    return s


def _raw(port, data, source="127.0.0.1", timeout=5.0):
    """Sends data on a fresh connection, returns (everything read until the
    server closed, closed) within timeout."""
    s = _connect(port, source)
    s.settimeout(timeout)
    s.sendall(data)
    chunks = []
    closed = False
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            chunk = s.recv(65536)
            if not chunk:
                closed = True
                break
            chunks.append(chunk)
    except socket.timeout:
        pass
    except ConnectionResetError:
        closed = True
    finally:
        s.close()
    return b"".join(chunks), closed


def _parse(raw):
    """The answers in raw bytes: [(status, headers {lower: value}, body)]."""
    answers = []
    rest = raw
    while rest:
        head, sep, rest = rest.partition(b"\r\n\r\n")
        if not sep:
            break
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        answers.append((status, headers, rest[:length]))
        rest = rest[length:]
    return answers


def _assert_problem_answer(answer, status, code):
    got_status, headers, body = answer
    assert got_status == status, answer
    assert headers["content-type"].startswith("application/problem+json"), headers
    problem = json.loads(body)
    assert problem["status"] == status and problem["code"] == code, problem
    # The same headers as every other answer (OWASP ASVS 14.4).
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers.get("x-request-id")


def _hold_idle(port, count, source):
    """count connections that each made one GET /health and stay open."""
    socks = []
    for _ in range(count):
        socks.append(_connect(port, source, blocking=False))
    request = b"GET /health HTTP/1.1\r\nHost: t\r\n\r\n"
    sel = selectors.DefaultSelector()
    pending = {}
    for s in socks:
        s.send(request)
        sel.register(s, selectors.EVENT_READ)
        pending[s] = b""
    deadline = time.monotonic() + 30
    while pending and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=1):
            s = key.fileobj
            try:
                data = s.recv(65536)
            except BlockingIOError:
                continue
            assert data, "an idle connection was closed before its answer"
            pending[s] += data
            if b"\r\n\r\n" in pending[s] and pending[s].endswith(b"}"):
                sel.unregister(s)
                del pending[s]
    sel.close()
    assert not pending, f"{len(pending)} of {count} idle connections got no answer in 30 s"
    return socks


def _open_slow(port, count, source):
    socks = []
    for _ in range(count):
        s = _connect(port, source, blocking=False)
        s.send(b"GET /health HTTP/1.1\r\nHost: t\r\n")
        socks.append(s)
    return socks


def _trickle(socks):
    for s in socks:
        try:
            s.send(b"X-a: b\r\n")
        except OSError:
            pass


def _close_all(socks):
    for s in socks:
        try:
            s.close()
        except OSError:
            pass


def _metrics(srv):
    import requests
    resp = requests.get(srv.metrics_url(), timeout=5)
    assert resp.status_code == 200
    samples = {}
    for line in resp.text.splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.rpartition(" ")
            samples[key] = float(value)
    return samples


def _probe(port, request):
    """Latency in ms of one request on a fresh connection."""
    started = time.perf_counter()
    s = _connect(port)
    s.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        assert chunk, data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(re.search(rb"Content-Length: (\d+)", head, re.I).group(1))
    while len(body) < length:
        chunk = s.recv(65536)
        assert chunk
        body += chunk
    elapsed = (time.perf_counter() - started) * 1000
    s.close()
    assert head.startswith(b"HTTP/1.1 200"), head
    return elapsed


# ---- issue 13: thousands of clients at once ------------------------------

def test_idle_and_slowloris_connections_do_not_stall_new_clients(start_server):
    _raise_nofile(12000)
    srv = start_server({"http.maxConnectionsPerIp": "6000", "http.requestHeaderTimeout": "60"},
                       name="connections-many")
    account = create_verified(srv)
    token = login_ok(srv, account)["access_token"]
    idle = _hold_idle(srv.port, 5000, "127.0.0.3")
    slow = _open_slow(srv.port, 500, "127.0.0.2")
    try:
        health = b"GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
        profile = (b"GET /api/auth/profile HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
                   b"Authorization: Bearer " + token.encode() + b"\r\n\r\n")
        samples = {"health": [], "profile": []}
        for i in range(200):
            samples["health"].append(_probe(srv.port, health))
            samples["profile"].append(_probe(srv.port, profile))
            if i % 50 == 0:
                _trickle(slow)
        for name, values in samples.items():
            values.sort()
            p99 = values[int(len(values) * 0.99) - 1]
            assert p99 < 20, f"{name}: p99 {p99:.1f} ms, median {statistics.median(values):.1f} ms"
        gauges = _metrics(srv)
        assert gauges["authserver_http_connections_open"] >= 5500
    finally:
        _close_all(idle)
        _close_all(slow)


def test_slow_header_connections_are_closed_after_request_header_timeout(start_server):
    srv = start_server({"http.requestHeaderTimeout": "1"}, name="connections-header-timeout")
    slow = _open_slow(srv.port, 50, "127.0.0.2")
    started = time.monotonic()
    try:
        sel = selectors.DefaultSelector()
        answers = {}
        for s in slow:
            sel.register(s, selectors.EVENT_READ)
            answers[s] = b""
        closed = set()
        trickled = time.monotonic()
        while len(closed) < len(slow) and time.monotonic() - started < 5:
            if time.monotonic() - trickled > 0.3:
                _trickle([s for s in slow if s not in closed])  # bytes keep coming: the deadline still holds
                trickled = time.monotonic()
            for key, _ in sel.select(timeout=0.1):
                s = key.fileobj
                try:
                    data = s.recv(65536)
                except (BlockingIOError, ConnectionResetError):
                    data = b"" if s not in closed else None
                if not data:
                    closed.add(s)
                    sel.unregister(s)
                else:
                    answers[s] += data
        elapsed = time.monotonic() - started
        assert len(closed) == len(slow), f"{len(slow) - len(closed)} slow connections still open after {elapsed:.1f} s"
        assert 0.9 <= elapsed < 3.5, elapsed
        timed_out = [a for a in answers.values() if a.startswith(b"HTTP/1.1 408")]
        assert len(timed_out) >= len(slow) * 0.9, [a[:40] for a in answers.values()][:5]
        _assert_problem_answer(_parse(timed_out[0])[0], 408, "request_timeout")
        assert _metrics(srv)['authserver_http_connections_refused_total{reason="header_timeout"}'] >= len(timed_out)
    finally:
        _close_all(slow)


def test_one_address_cannot_open_more_than_max_connections_per_ip(start_server):
    srv = start_server({"http.maxConnectionsPerIp": "20"}, name="connections-per-ip")
    held = [_connect(srv.port, "127.0.0.2") for _ in range(20)]
    try:
        time.sleep(0.2)
        data, closed = _raw(srv.port, b"", source="127.0.0.2", timeout=3)
        answers = _parse(data)
        assert closed and answers, data
        _assert_problem_answer(answers[0], 503, "service_unavailable")
        assert answers[0][1]["retry-after"] == "1"
        # Another address is unaffected.
        data, _ = _raw(srv.port, b"GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", source="127.0.0.3")
        assert _parse(data)[0][0] == 200
        assert _metrics(srv)['authserver_http_connections_refused_total{reason="max_connections_per_ip"}'] >= 1
    finally:
        _close_all(held)
    # The address gets its connections back once they close.
    deadline = time.monotonic() + 3
    while True:
        data, _ = _raw(srv.port, b"GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", source="127.0.0.2")
        if data.startswith(b"HTTP/1.1 200") or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert data.startswith(b"HTTP/1.1 200"), data[:100]


def test_sigterm_with_many_idle_connections_stops_fast_and_finishes_in_flight():
    _raise_nofile(12000)
    srv = authtest.Server({"http.maxConnectionsPerIp": "6000"}, name="connections-sigterm").start()
    idle = []
    try:
        idle = _hold_idle(srv.port, 5000, "127.0.0.3")
        account = create_verified(srv)
        # A login (Argon2id, tens of ms) is in flight when SIGTERM comes.
        body = json.dumps({"email": account.email, "password": account.password}).encode()
        busy = _connect(srv.port)
        busy.sendall(b"POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                     b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        time.sleep(0.005)
        started = time.monotonic()
        srv.proc.send_signal(signal.SIGTERM)
        srv.proc.wait(timeout=10)
        elapsed = time.monotonic() - started
        busy.settimeout(5)
        data = b""
        try:
            while True:
                chunk = busy.recv(65536)
                if not chunk:
                    break
                data += chunk
        except (socket.timeout, ConnectionResetError):
            pass
        busy.close()
        assert elapsed < 1.0, f"stopped in {elapsed:.2f} s with 5000 idle connections"
        answers = _parse(data)
        assert answers and answers[0][0] == 200, data[:300]
        assert answers[0][1].get("connection", "").lower() == "close"
    finally:
        _close_all(idle)
        srv.stop()
        srv.cleanup()


# ---- issue 17 finding 2: /metrics on its own listener ---------------------

def test_finding_2_metrics_not_public_by_default(start_server):
    srv = start_server({"metrics.public": "false"}, name="metrics-private")
    assert_problem(srv.client.get("/metrics"), 404, "not_found")
    url = srv.metrics_url()
    assert url.startswith("http://127.0.0.1:")
    import requests
    resp = requests.get(url, timeout=5)
    assert resp.status_code == 200
    assert "authserver_messages_total" in resp.text
    # The metrics listener serves /metrics only.
    assert requests.get(url.replace("/metrics", "/api/auth/login"), timeout=5).status_code == 404


def test_finding_2_metrics_port_zero_is_logged_and_refused_when_taken(tmp_path):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        env = {k: v for k, v in __import__("os").environ.items() if not k.upper().startswith("AUTHSERVER_")}
        proc = subprocess.run([authtest.server_binary(), f"--define=jwt.secret={authtest.JWT_SECRET}",
                               f"--define=http.port={authtest.free_port()}", f"--define=database.url={tmp_path}/a.db",
                               f"--define=app.dataDirectory={tmp_path}/var", f"--define=metrics.port={port}"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=30)
    finally:
        taken.close()
    assert proc.returncode == 78, proc.stderr
    assert "metrics.port" in proc.stderr


# ---- issue 17 finding 3: request smuggling (RFC 9112 §6.1, §6.3) ----------

HIDDEN = b"GET /api/auth/hidden-smuggled HTTP/1.1\r\nHost: t\r\n\r\n"


def _assert_refused_and_closed(server, request):
    data, closed = _raw(server.port, request)
    answers = _parse(data)
    assert len(answers) == 1, data
    _assert_problem_answer(answers[0], 400, "bad_request")
    assert answers[0][1]["connection"].lower() == "close"
    assert closed, "the connection stayed open after a smuggling vector"


def test_finding_3_differing_content_length_answers_400_and_closes(server):
    _assert_refused_and_closed(server, b"POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                               b"Content-Length: 2\r\nContent-Length: 60\r\n\r\n{}" + HIDDEN)


def test_finding_3_repeated_content_length_answers_400_and_closes(server):
    _assert_refused_and_closed(server, b"POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                               b"Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}")


@pytest.mark.parametrize("encoding", [b"Transfer-Encoding: Chunked", b"Transfer-Encoding: gzip, chunked",
                                      b"Transfer-Encoding: chunked\r\nTransfer-Encoding: identity",
                                      b"Transfer-Encoding: identity", b"Transfer-Encoding : chunked"])
def test_finding_3_transfer_encoding_other_than_one_chunked_answers_400(server, encoding):
    _assert_refused_and_closed(server, b"POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                               b"Content-Length: 5\r\n" + encoding + b"\r\n\r\n0\r\n\r\n" + HIDDEN)


def test_finding_3_content_length_with_chunked_is_served_then_closed(server):
    data, closed = _raw(server.port, b"POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 60\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n" + HIDDEN)
    answers = _parse(data)
    assert len(answers) == 1, data  # the hidden request never runs
    assert answers[0][0] == 400  # the chunked body {} lacks the login fields
    assert answers[0][1]["connection"].lower() == "close"
    assert closed


def test_finding_3_bare_lf_answers_400_and_closes(server):
    _assert_refused_and_closed(server, b"GET /health HTTP/1.1\nHost: t\n\n")
    _assert_refused_and_closed(server, b"GET /health HTTP/1.1\r\nHost: t\nX-A: b\r\n\r\n")


def test_finding_3_obs_fold_answers_400_and_closes(server):
    _assert_refused_and_closed(server, b"GET /health HTTP/1.1\r\nHost: t\r\nX-A: b\r\n c\r\n\r\n")


def test_chunked_request_body_is_decoded(server):
    body = b'{"email": "x@example.com", "password": "wrong-password-1"}'
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    data, _ = _raw(server.port, b"POST /api/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                   b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunked)
    status, _, answer = _parse(data)[0]
    assert status == 401, answer


def test_pipelined_requests_are_answered_in_order(server):
    data, _ = _raw(server.port, b"GET /health HTTP/1.1\r\nHost: t\r\nX-Request-Id: one\r\n\r\n"
                   b"GET /nope HTTP/1.1\r\nHost: t\r\nX-Request-Id: two\r\n\r\n"
                   b"GET /health HTTP/1.1\r\nHost: t\r\nX-Request-Id: three\r\nConnection: close\r\n\r\n")
    answers = _parse(data)
    assert [(a[0], a[1]["x-request-id"]) for a in answers] == [(200, "one"), (404, "two"), (200, "three")]


# ---- issue 17 finding 12: a too-large header block ------------------------

def test_finding_12_too_large_header_block_gets_431_with_security_headers(server):
    request = b"GET /health HTTP/1.1\r\nHost: t\r\n"
    request += b"".join(b"X-Pad-%d: %s\r\n" % (i, b"p" * 4000) for i in range(20)) + b"\r\n"
    data, closed = _raw(server.port, request)
    answers = _parse(data)
    assert answers, data
    _assert_problem_answer(answers[0], 431, "request_header_fields_too_large")
    assert closed


# ---- start-up checks of the limits ----------------------------------------

def _run_refused(tmp_path, *defines):
    import os
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}
    return subprocess.run([authtest.server_binary(), f"--define=jwt.secret={authtest.JWT_SECRET}",
                           f"--define=http.port={authtest.free_port()}", f"--define=database.url={tmp_path}/a.db",
                           f"--define=app.dataDirectory={tmp_path}/var", "--define=metrics.port=0"]
                          + [f"--define={d}" for d in defines],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=30)


def test_max_connections_above_the_open_files_limit_is_refused(tmp_path):
    proc = _run_refused(tmp_path, "http.maxConnections=1000000")
    assert proc.returncode == 78, proc.stderr
    assert "http.maxConnections" in proc.stderr and "open-files limit" in proc.stderr


def test_open_files_limit_and_connection_capacity_are_logged(server):
    assert server.wait_log("open-files limit")
    assert re.search(r"open-files limit \d+: room for \d+ connections", server.logs())


def test_old_key_http_threads_is_accepted_with_a_warning(start_server):
    srv = start_server({"http.threads": "8"}, name="old-threads-key")
    assert srv.wait_log("http.threads is the old name of http.workerThreads")
    assert srv.client.get("/health").status_code == 200


# ---- the same on the HTTPS listener ----------------------------------------

def test_https_idle_and_slow_connections_do_not_stall_new_clients(tmp_path):
    import os
    import ssl
    import requests
    from smtp import make_certificate
    _raise_nofile(4000)
    cert, key = make_certificate(str(tmp_path))
    port = authtest.free_port()
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}
    args = [authtest.server_binary(), f"--define=jwt.secret={authtest.JWT_SECRET}", f"--define=http.port={port}",
            "--define=http.host=127.0.0.1", f"--define=database.url={tmp_path}/a.db",
            f"--define=app.dataDirectory={tmp_path}/var", f"--define=mail.outbox.directory={tmp_path}/mail",
            f"--define=sms.outbox.file={tmp_path}/sms.jsonl", "--define=metrics.port=0",
            "--define=https.enabled=true", f"--define=https.certificateFile={cert}",
            f"--define=https.privateKeyFile={key}", "--define=http.maxConnectionsPerIp=3000",
            "--define=http.requestHeaderTimeout=3"]
    with open(tmp_path / "out.log", "wb") as out:
        proc = subprocess.Popen(args, cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    ctx = ssl.create_default_context(cafile=cert)
    ctx.check_hostname = False
    held = []
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, (tmp_path / "out.log").read_text()
            try:
                if requests.get(f"https://127.0.0.1:{port}/health", verify=cert, timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline
            time.sleep(0.1)

        def tls(source):
            s = ctx.wrap_socket(_connect(port, source))
            s.settimeout(10)
            return s

        def get(s, close=False):
            s.sendall(b"GET /health HTTP/1.1\r\nHost: t\r\n" + (b"Connection: close\r\n" if close else b"") + b"\r\n")
            data = b""
            while True:
                head, sep, body = data.partition(b"\r\n\r\n")
                if sep and len(body) >= int(re.search(rb"Content-Length: (\d+)", head, re.I).group(1)):
                    return data
                chunk = s.recv(65536)
                assert chunk, data
                data += chunk

        for _ in range(1000):
            s = tls("127.0.0.3")
            assert get(s).startswith(b"HTTP/1.1 200")
            held.append(s)
        slow = []
        for _ in range(200):
            s = tls("127.0.0.2")
            s.sendall(b"GET /health HTTP/1.1\r\nHost: t\r\n")
            slow.append(s)
        held.extend(slow)
        started = time.monotonic()
        latencies = []
        for _ in range(100):
            t0 = time.perf_counter()
            s = tls("127.0.0.1")
            answer = get(s, close=True)
            latencies.append((time.perf_counter() - t0) * 1000)
            s.close()
            assert answer.startswith(b"HTTP/1.1 200")
            assert b"Strict-Transport-Security" in answer
        latencies.sort()
        p99 = latencies[98]
        assert p99 < 20, f"p99 {p99:.1f} ms (TLS handshake included), median {statistics.median(latencies):.1f} ms"
        # The slow ones get a 408 over TLS after http.requestHeaderTimeout.
        timed_out = 0
        for s in slow:
            s.settimeout(max(0.1, started + 6 - time.monotonic()))
            try:
                if s.recv(65536).startswith(b"HTTP/1.1 408"):
                    timed_out += 1
            except (socket.timeout, ssl.SSLError, OSError):
                pass
        assert timed_out >= len(slow) * 0.9, f"{timed_out} of {len(slow)} slow TLS connections got 408"
    finally:
        _close_all(held)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
