"""https.enabled: TLS 1.2+ only with forward-secret AEAD suites, a
certificate made at test time, Strict-Transport-Security over HTTPS only
(OWASP ASVS 4.0 9.1.3, 14.4.5; RFC 6797 §7.2), and start-up errors that name
the key."""

import os
import shutil
import signal
import subprocess
import time

import pytest
import requests

from authtest import JWT_SECRET, free_port, server_binary
from smtp import make_certificate

HSTS = "max-age=31536000; includeSubDomains"


def server_args(tmp_path, port, cert, key):
    return [server_binary(), f"--define=jwt.secret={JWT_SECRET}", f"--define=http.port={port}",
            "--define=http.host=127.0.0.1", "--define=rateLimit.enabled=false",
            f"--define=database.url={tmp_path}/a.db", f"--define=app.dataDirectory={tmp_path}/var",
            f"--define=mail.outbox.directory={tmp_path}/mail", f"--define=sms.outbox.file={tmp_path}/sms.jsonl",
            "--define=https.enabled=true", f"--define=https.certificateFile={cert}",
            f"--define=https.privateKeyFile={key}"]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return make_certificate(str(tmp_path_factory.mktemp("https-cert")))


@pytest.fixture(scope="module")
def https_server(tmp_path_factory, certificate):
    tmp_path = tmp_path_factory.mktemp("https-server")
    cert, key = certificate
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}
    with open(tmp_path / "stderr.log", "wb") as err, open(tmp_path / "stdout.log", "wb") as out:
        proc = subprocess.Popen(server_args(tmp_path, port, cert, key), cwd=tmp_path, env=env,
                                stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    base = f"https://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, (tmp_path / "stderr.log").read_text() + (tmp_path / "stdout.log").read_text()
            try:
                if requests.get(base + "/health", verify=cert, timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "the HTTPS server did not answer /health"
            time.sleep(0.2)
        yield {"base": base, "port": port, "cert": cert, "proc": proc, "tmp": tmp_path}
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def s_client(port, *args):
    """openssl s_client handshake; returns (completed process, output)."""
    proc = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-servername", "localhost",
                           *args], input="Q\n", capture_output=True, text=True, timeout=30)
    return proc, proc.stdout + proc.stderr


def test_requests_verified_against_the_certificate_get_hsts(https_server):
    resp = requests.get(https_server["base"] + "/health", verify=https_server["cert"], timeout=10)
    assert resp.status_code == 200
    assert resp.headers.get("Strict-Transport-Security") == HSTS
    assert resp.headers.get("X-Request-Id")
    resp = requests.post(https_server["base"] + "/api/auth/login/", verify=https_server["cert"], timeout=10,
                         json={"email": "nobody@example.com", "password": "not the password"})
    assert resp.status_code == 401
    assert resp.headers["Content-Type"].startswith("application/problem+json")
    assert resp.headers.get("Strict-Transport-Security") == HSTS
    # POCO's ConsoleChannel writes to std::clog (stderr).
    log = (https_server["tmp"] / "stderr.log").read_text() + (https_server["tmp"] / "stdout.log").read_text()
    assert f"listening on https://127.0.0.1:{https_server['port']}" in log


def test_plain_http_on_the_https_port_gets_no_answer(https_server):
    with pytest.raises(requests.RequestException):
        requests.get(f"http://127.0.0.1:{https_server['port']}/health", timeout=5)


def test_hsts_is_not_sent_over_plain_http(server):
    resp = server.client.get("/health")
    assert resp.status_code == 200
    assert "Strict-Transport-Security" not in resp.headers


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_tls_1_2_and_1_3_handshake_with_forward_secret_aead(https_server):
    port = https_server["port"]
    proc, out = s_client(port, "-tls1_3")
    assert proc.returncode == 0 and "TLSv1.3" in out, out
    proc, out = s_client(port, "-tls1_2")
    assert proc.returncode == 0 and "TLSv1.2" in out, out
    cipher = [line for line in out.splitlines() if "Cipher is" in line or line.strip().startswith("Cipher")]
    assert any("ECDHE" in line and ("GCM" in line or "CHACHA20" in line) for line in cipher), cipher


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_weak_tls_1_2_suites_are_refused(https_server):
    # Static-RSA key exchange with CBC: no forward secrecy, not on the list.
    proc, out = s_client(https_server["port"], "-tls1_2", "-cipher", "AES128-SHA")
    assert proc.returncode != 0, out
    assert "Cipher is (NONE)" in out or "handshake failure" in out or "alert" in out, out


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
@pytest.mark.parametrize("version", ["-tls1_1", "-tls1"])
def test_tls_1_1_and_1_0_are_refused(https_server, version):
    # Debian's OpenSSL 3 client refuses TLS < 1.2 at its default security
    # level by itself; @SECLEVEL=0 lets it offer the old version, so a
    # failure here is the server's refusal.
    proc, out = s_client(https_server["port"], version, "-cipher", "DEFAULT:@SECLEVEL=0")
    if "no protocols available" in out or "unknown option" in out:
        pytest.skip(f"this openssl client cannot offer {version}: {out.strip().splitlines()[-1]}")
    assert proc.returncode != 0, out
    assert "protocol version" in out or "Cipher is (NONE)" in out or "handshake failure" in out, out


def run_refused(tmp_path, cert, key):
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}
    try:
        return subprocess.run(server_args(tmp_path, free_port(), cert, key), cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("the server started with a bad TLS configuration")


def test_missing_certificate_file_names_the_key(tmp_path, certificate):
    proc = run_refused(tmp_path, str(tmp_path / "nope.pem"), certificate[1])
    assert proc.returncode != 0
    assert "https.certificateFile" in proc.stderr, proc.stderr


def test_missing_key_file_names_the_key(tmp_path, certificate):
    proc = run_refused(tmp_path, certificate[0], str(tmp_path / "nope.key"))
    assert proc.returncode != 0
    assert "https.privateKeyFile" in proc.stderr, proc.stderr


def test_key_of_another_certificate_names_the_key(tmp_path, certificate):
    other_cert, other_key = make_certificate(str(tmp_path))
    proc = run_refused(tmp_path, certificate[0], other_key)
    assert proc.returncode != 0
    assert "https.privateKeyFile" in proc.stderr, proc.stderr


def test_a_file_that_is_not_pem_names_the_key(tmp_path, certificate):
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    proc = run_refused(tmp_path, str(junk), certificate[1])
    assert proc.returncode != 0
    assert "https.certificateFile" in proc.stderr, proc.stderr
