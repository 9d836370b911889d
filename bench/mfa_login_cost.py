#!/usr/bin/python3
"""What a second factor adds to a login (issue 15: "login with TOTP costs no
more than 5 % over password login").

Starts build/bin/authserver (or $AUTHSERVER_BIN) as the e2e suite does
(SQLite, default Argon2id cost), makes N accounts without and N with an
authenticator app, then times, one request at a time, a password login of each
plain account and a password login plus POST /api/auth/login/mfa (code from
python3-pyotp) of each TOTP account. Prints the medians and means, seen by
the client (two round trips for TOTP) and by the server (the access log's
duration of each request, by X-Request-Id), and the ratios, and the server's
time for POST /api/auth/login/mfa alone against a password login. Each TOTP account
logs in once (a time step is accepted only once).

Usage: bench/mfa_login_cost.py [N]   (default 24)
"""

import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Testsuite", "e2e"))

import pyotp  # noqa: E402

import authtest  # noqa: E402


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 24
    srv = authtest.Server({"auth.requireEmailVerification": "false"}, name="bench-mfa").start()
    try:
        c = srv.client
        plain, totp_accounts = [], []
        for i in range(2 * n):
            resp, email, password = authtest.register(c)
            assert resp.status_code == 201, resp.text
            if i % 2 == 0:
                plain.append((email, password))
                continue
            tokens = authtest.login(c, email, password).json()
            secret = c.post("/api/auth/mfa/totp/setup", token=tokens["access_token"]).json()["secret"]
            totp = pyotp.TOTP(secret)
            r = c.post("/api/auth/mfa/totp/confirm", json={"code": totp.now()}, token=tokens["access_token"])
            assert r.status_code == 200, r.text
            totp_accounts.append((email, password, totp))
        # Interleaved, so background load hits both alike.
        password_times, totp_times = [], []
        password_rids, totp_rids = [], []
        for i, ((email, password), (temail, tpassword, totp)) in enumerate(zip(plain, totp_accounts)):
            rid = f"bench-p-{i}"
            t0 = time.perf_counter()
            r = c.post("/api/auth/login", json={"email": email, "password": password}, headers={"X-Request-Id": rid})
            password_times.append(time.perf_counter() - t0)
            assert r.status_code == 200 and "access_token" in r.json(), r.text
            password_rids.append([rid])
            rids = [f"bench-t-{i}-a", f"bench-t-{i}-b"]
            t0 = time.perf_counter()
            chal = c.post("/api/auth/login", json={"email": temail, "password": tpassword}, headers={"X-Request-Id": rids[0]}).json()
            r = c.post("/api/auth/login/mfa", json={"mfa_challenge": chal["mfa_challenge"], "method": "totp",
                                                    "code": totp.at(time.time() + 30)}, headers={"X-Request-Id": rids[1]})
            totp_times.append(time.perf_counter() - t0)
            assert r.status_code == 200 and "access_token" in r.json(), r.text
            totp_rids.append(rids)
        time.sleep(0.5)  # the access log is written after the answer
        served = {m.group(2): float(m.group(1)) for m in re.finditer(r" ([0-9.]+)ms rid=(\S+)", srv.logs())}

        def report(label, times):
            print(f"{label}: median {statistics.median(times) * 1000:.1f} ms, mean {statistics.mean(times) * 1000:.1f} ms (n={n})")

        server_password = [served[r[0]] / 1000 for r in password_rids]
        server_totp = [sum(served[x] for x in r) / 1000 for r in totp_rids]
        report("client, password login          ", password_times)
        report("client, password + TOTP login   ", totp_times)
        report("server, password login          ", server_password)
        report("server, password + TOTP login   ", server_totp)
        for label, a, b in (("client", password_times, totp_times), ("server", server_password, server_totp)):
            print(f"{label}: TOTP adds {(statistics.median(b) / statistics.median(a) - 1) * 100:+.1f} % (medians)")
        # The second request alone: what the factor costs the server, free
        # of the Argon2id noise of the two password checks (a loaded
        # machine moves those by tens of milliseconds).
        server_mfa = [served[r[1]] / 1000 for r in totp_rids]
        report("server, POST /api/auth/login/mfa", server_mfa)
        print(f"server: login/mfa alone is {statistics.median(server_mfa) / statistics.median(server_password) * 100:.1f} % "
              "of a password login (medians)")
    finally:
        srv.stop()
        srv.cleanup()


if __name__ == "__main__":
    main()
