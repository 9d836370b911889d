#!/usr/bin/env python3
"""Holds N idle keep-alive connections to a server: each makes one
GET /health and then stays open, as browsers and mobile HTTP clients do.
Prints "ready N" once every answer is in, then waits until SIGTERM. Non-blocking sockets and a selector: no thread per
connection. Loopback only.

    hold_idle.py --port 8000 --count 5000 [--source 127.0.0.2]
"""

import argparse
import re
import resource
import selectors
import signal
import socket
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--source", default="127.0.0.2")
    args = ap.parse_args()
    if not args.source.startswith("127."):
        sys.exit("hold_idle: loopback sources only")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    request = b"GET /health HTTP/1.1\r\nHost: bench\r\n\r\n"
    sel = selectors.DefaultSelector()
    socks = []
    pending = {}
    for _ in range(args.count):
        s = socket.socket()
        s.bind((args.source, 0))
        s.connect(("127.0.0.1", args.port))
        s.setblocking(False)
        s.send(request)
        sel.register(s, selectors.EVENT_READ)
        socks.append(s)
        pending[s] = b""
    deadline = time.monotonic() + 120
    while pending and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=1):
            s = key.fileobj
            try:
                data = s.recv(65536)
            except BlockingIOError:
                continue
            if not data:
                sys.exit("hold_idle: a connection was closed before its answer")
            pending[s] += data
            head, sep, body = pending[s].partition(b"\r\n\r\n")
            length = re.search(rb"\r\ncontent-length: *(\d+)", head, re.I)
            if sep and length and len(body) >= int(length.group(1)):
                sel.unregister(s)
                del pending[s]
    if pending:
        sys.exit(f"hold_idle: {len(pending)} answers missing after 120 s")
    print(f"ready {len(socks)}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
