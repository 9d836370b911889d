"""A real SMTP server on loopback for the end-to-end tests (Debian's
python3-aiosmtpd).  Every message it receives is written to --dir as an
RFC 5322 `.eml` file (under a temporary name, then renamed), in the same
layout as the server's mail outbox, so the suite reads codes and links
from what SMTP really carried.  One line per session event goes to
--dir/sessions.log: `AUTH <mechanism> <login>`, `TLS`, `MAIL <rcpts>`.

Modes: plain (default); --starttls CERT KEY (STARTTLS required before
AUTH and MAIL); --tls CERT KEY (implicit TLS); --user/--password (AUTH
required: LOGIN or PLAIN, --mechanisms to offer fewer, --postfix-prompts
for Postfix's LOGIN challenge texts); --hang: accept connections and never
answer.

Usage: smtp_sink.py --port N --dir DIR [options]; prints READY once
listening and runs until SIGTERM.
"""

import argparse
import os
import signal
import socket
import ssl
import sys
import threading
import time
import uuid


def write_eml(directory, data):
    name = f"{int(time.time() * 1000)}-{uuid.uuid4().hex[:8]}"
    tmp = os.path.join(directory, f".{name}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, os.path.join(directory, name + ".eml"))


def log(directory, line):
    with open(os.path.join(directory, "sessions.log"), "a", encoding="utf-8") as f:
        f.write(line + "\n")


def hang(port):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(64)
    held = []
    print("READY", flush=True)
    srv.settimeout(0.5)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    while not stop.is_set():
        try:
            conn, _ = srv.accept()
            held.append(conn)  # never read, never answer
        except socket.timeout:
            pass
    for c in held:
        c.close()
    srv.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--hang", action="store_true")
    p.add_argument("--postfix-prompts", action="store_true")
    p.add_argument("--mechanisms", help="comma-separated AUTH mechanisms to offer (default: aiosmtpd's, LOGIN and PLAIN)")
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    if a.hang:
        hang(a.port)
        return

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

    # aiosmtpd's own AUTH LOGIN prompts ("User Name\0", "Password\0") are
    # kept unless --postfix-prompts asks for the "Username:" / "Password:"
    # that Postfix, Gmail and SendGrid send: a client must answer them by
    # their order, not their text (draft-murchison-sasl-login).
    if a.postfix_prompts:
        SMTP.AuthLoginUsernameChallenge = "Username:"
        SMTP.AuthLoginPasswordChallenge = "Password:"

    directory = a.dir

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            log(directory, "MAIL " + ",".join(envelope.rcpt_tos)
                + (" TLS" if session.ssl is not None or a.tls else ""))
            write_eml(directory, envelope.original_content or envelope.content)
            return "250 OK"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == a.user and auth_data.password.decode() == a.password)
        log(directory, f"AUTH {mechanism} {auth_data.login.decode() if isinstance(auth_data, LoginPassword) else '?'} "
                       f"{'ok' if ok else 'refused'}")
        return AuthResult(success=ok)

    kwargs = {"hostname": "127.0.0.1", "port": a.port, "ready_timeout": 10}
    if a.user:
        kwargs.update(authenticator=authenticator, auth_required=True,
                      auth_require_tls=bool(a.starttls))  # implicit TLS: aiosmtpd does not see it as TLS
        if a.mechanisms:
            offered = {m.strip().upper() for m in a.mechanisms.split(",")}
            kwargs["auth_exclude_mechanism"] = [m for m in ("LOGIN", "PLAIN") if m not in offered]
    if a.starttls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(*a.starttls)
        kwargs.update(tls_context=ctx, require_starttls=True)
    if a.tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(*a.tls)
        kwargs.update(ssl_context=ctx)
    controller = Controller(Handler(), **kwargs)
    controller.start()
    print("READY", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *x: stop.set())
    signal.signal(signal.SIGINT, lambda *x: stop.set())
    while not stop.wait(0.5):
        pass
    controller.stop()


if __name__ == "__main__":
    sys.exit(main())
