#!/usr/bin/python3
"""Seed benchmark accounts on a server and write the token files the wrk Lua scripts read.

    /usr/bin/python3 bench/seed.py --base http://127.0.0.1:PORT --count 64 \
        --password PW --outdir DIR [--register]

For i in 1..count, user bench<i>@bench.local: with --register, POST /api/auth/register
(201, or 409 when it already exists), then POST /api/auth/login (200 with tokens).
Writes into DIR, one line per user, in user order:
    access.txt     access tokens     (profile scenario)
    refresh.txt    refresh tokens    (refresh-rotation scenario)
    logins.jsonl   {"email","password"} request bodies (login scenario)
Loopback only; every request has a timeout and the whole run a deadline.
"""
import argparse
import concurrent.futures
import json
import os
import sys
import threading
import time
from urllib.parse import urlparse

import requests

_local = threading.local()


def session():
    s = getattr(_local, "s", None)
    if s is None:
        s = _local.s = requests.Session()
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--count", type=int, default=64)
    ap.add_argument("--prefix", default="bench")
    ap.add_argument("--password", required=True)
    ap.add_argument("--outdir", required=True)
    ap.add_argument("--register", action="store_true")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--deadline", type=float, default=240.0, help="seconds for the whole seeding")
    a = ap.parse_args()

    host = urlparse(a.base).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"seed.py: refusing non-loopback base URL {a.base}")
    deadline = time.monotonic() + a.deadline

    def post(path, body):
        left = deadline - time.monotonic()
        if left <= 0:
            raise RuntimeError("seeding deadline passed")
        return session().post(a.base + path, json=body, timeout=min(60.0, left))

    def one(i):
        email = f"{a.prefix}{i}@bench.local"
        if a.register:
            r = post("/api/auth/register", {"email": email, "password": a.password,
                                            "password_confirm": a.password,
                                            "full_name": f"Bench User {i}"})
            if r.status_code not in (201, 409):
                raise RuntimeError(f"register {email}: {r.status_code} {r.text[:500]}")
        r = post("/api/auth/login", {"email": email, "password": a.password})
        if r.status_code != 200:
            raise RuntimeError(f"login {email}: {r.status_code} {r.text[:500]}")
        body = r.json()
        if "access_token" not in body or "refresh_token" not in body:
            raise RuntimeError(f"login {email}: no tokens in {r.text[:500]}")
        return i, body["access_token"], body["refresh_token"], {"email": email, "password": a.password}

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.workers) as ex:
        rows = sorted(ex.map(one, range(1, a.count + 1)))
    os.makedirs(a.outdir, exist_ok=True)
    with open(os.path.join(a.outdir, "access.txt"), "w") as f:
        f.writelines(r[1] + "\n" for r in rows)
    with open(os.path.join(a.outdir, "refresh.txt"), "w") as f:
        f.writelines(r[2] + "\n" for r in rows)
    with open(os.path.join(a.outdir, "logins.jsonl"), "w") as f:
        f.writelines(json.dumps(r[3], separators=(",", ":")) + "\n" for r in rows)
    print(f"seeded {len(rows)} users on {a.base} in {time.monotonic() - t0:.1f} s"
          f"{' (registered + logged in)' if a.register else ' (logged in)'}")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # one line, for run.sh's log
        sys.exit(f"seed.py: {e}")
