#!/usr/bin/python3
"""Server CPU per request of the `accounts` compat routes against the native
ones (issue 18: within 5 %), steadier than wrk's req/s on a loaded machine.

    bench/compat_overhead.py [N]        (default 1500 requests per leg)

Starts AuthServer with compat.profiles=accounts (Testsuite/e2e/authtest.py;
AUTHSERVER_BIN), then on one keep-alive connection runs N refresh rotations
on the native route, N on /api/token/refresh/, again native, again compat
(A-B-A-B, so drift of the machine hits both), then the same for GET profile
(/api/auth/profile vs /api/accounts/profile/), and prints the server's CPU
time (utime + stime of its process) per request of each leg and the ratios.
wrk runs of bench/run.sh (BENCH_SCENARIOS="... compat-profile compat-refresh")
measure throughput; a refresh run right after another refresh run is slower
whatever the route, which this A-B-A-B order cancels.
"""
import os
import sys

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Testsuite", "e2e"))
import authtest  # noqa: E402

srv = authtest.Server(defines={"compat.profiles": "accounts", "auth.requireEmailVerification": "false"}, name="aba")
srv.start()
pid = srv.proc.pid
s = requests.Session()
base = srv.base_url
pw = "bench-Quartz-lantern-71"
s.post(base + "/api/auth/register", json={"email": "a@bench.local", "password": pw, "password_confirm": pw, "full_name": "A"})
def login():
    r = s.post(base + "/api/auth/login", json={"email": "a@bench.local", "password": pw}); r.raise_for_status(); return r.json()
def cpu():
    f = open(f"/proc/{pid}/stat").read().split(")")[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1500
def native_refresh(n):
    tok = login()["refresh_token"]
    for _ in range(n):
        r = s.post(base + "/api/auth/token/refresh", json={"refresh_token": tok}); assert r.status_code == 200, r.text; tok = r.json()["refresh_token"]
def compat_refresh(n):
    tok = login()["refresh_token"]
    for _ in range(n):
        r = s.post(base + "/api/token/refresh/", json={"refresh": tok}); assert r.status_code == 200, r.text; tok = r.json()["refresh"]
acc = login()["access_token"]
def native_profile(n):
    for _ in range(n):
        r = s.get(base + "/api/auth/profile", headers={"Authorization": "Bearer " + acc}); assert r.status_code == 200
def compat_profile(n):
    for _ in range(n):
        r = s.get(base + "/api/accounts/profile/", headers={"Authorization": "Bearer " + acc}); assert r.status_code == 200
res = {}
for name, fn in [("native refresh", native_refresh), ("compat refresh", compat_refresh), ("native refresh", native_refresh), ("compat refresh", compat_refresh),
                 ("native profile", native_profile), ("compat profile", compat_profile), ("native profile", native_profile), ("compat profile", compat_profile)]:
    c0 = cpu(); fn(N); c = cpu() - c0
    res.setdefault(name, []).append(1e6 * c / N)
    print(f"{name}: {1e6 * c / N:.0f} us server CPU per request", flush=True)
for a, b in (("compat refresh", "native refresh"), ("compat profile", "native profile")):
    print(f"{a} / {b}: {sum(res[a]) / sum(res[b]) * 100:.1f}%")
srv.stop(); srv.cleanup()
