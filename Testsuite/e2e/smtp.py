"""Start and stop the loopback SMTP server (smtp_sink.py, aiosmtpd) and
make self-signed certificates with the openssl CLI, for the SMTP tests."""

import os
import shutil
import subprocess
import tempfile
import time

from authtest import free_port

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"


def make_certificate(directory):
    """A self-signed certificate for 127.0.0.1 (CN and SAN); returns
    (cert.pem, key.pem)."""
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", key, "-out", cert, "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


class SmtpSink:
    def __init__(self, port=None, starttls=None, tls=None, user=None, password=None, hang=False,
                 mechanisms=None, postfix_prompts=False):
        self.port = port or free_port()
        self.dir = tempfile.mkdtemp(prefix="authserver-smtp-")
        self.args = [PYTHON, os.path.join(HERE, "smtp_sink.py"), "--port", str(self.port), "--dir", self.dir]
        if starttls:
            self.args += ["--starttls", *starttls]
        if tls:
            self.args += ["--tls", *tls]
        if user:
            self.args += ["--user", user, "--password", password]
        if hang:
            self.args += ["--hang"]
        if mechanisms:
            self.args += ["--mechanisms", mechanisms]
        if postfix_prompts:
            self.args += ["--postfix-prompts"]
        self.proc = None

    def start(self, timeout=15.0):
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=open(os.path.join(self.dir, "sink.err"), "wb"),
                                     stdin=subprocess.DEVNULL, text=True)
        deadline = time.monotonic() + timeout
        line = self.proc.stdout.readline()  # bounded: the sink prints READY or exits
        if "READY" not in line or time.monotonic() > deadline:
            self.stop()
            raise RuntimeError(f"SMTP sink did not start: {line!r} {self.errors()}")
        return self

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def errors(self):
        try:
            with open(os.path.join(self.dir, "sink.err"), encoding="utf-8", errors="replace") as f:
                return f.read()[-2000:]
        except OSError:
            return ""

    def sessions(self):
        try:
            with open(os.path.join(self.dir, "sessions.log"), encoding="utf-8") as f:
                return f.read().splitlines()
        except FileNotFoundError:
            return []


def smtp_defines(sink, security="none", user=None, password=None, ca=None, **extra):
    d = {"mail.transport": "smtp", "mail.smtp.host": "127.0.0.1", "mail.smtp.port": sink.port,
         "mail.smtp.security": security, "delivery.pollInterval": 50}
    if user:
        d.update({"mail.smtp.username": user, "mail.smtp.password": password})
    if ca:
        d["mail.smtp.caFile"] = ca
    d.update(extra)
    return d
