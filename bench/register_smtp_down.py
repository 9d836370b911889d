#!/usr/bin/python3
"""Register latency with the SMTP server down (issue 3, "done when"):

  /usr/bin/python3 bench/register_smtp_down.py [N]   (default N=200)

Starts build/bin/authserver (or $AUTHSERVER_BIN) in a temporary folder with
mail.transport=smtp pointing at a loopback port where nothing listens,
sends N sequential POST /api/auth/register (after 10 warm-up calls), prints
p50/p95/p99/max in ms, then starts a real SMTP server (aiosmtpd,
Testsuite/e2e/smtp_sink.py) on that port and waits (at most 120 s) until
every verification mail has arrived. Loopback only; every wait bounded.
"""

import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "Testsuite", "e2e"))

import authtest  # noqa: E402
from smtp import SmtpSink, smtp_defines  # noqa: E402


def percentile(sorted_values, p):
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    sink = SmtpSink()  # its port stays closed until sink.start()
    srv = authtest.Server(smtp_defines(sink, **{"delivery.retryDelay": 1, "delivery.maxRetryDelay": 4}), name="bench")
    srv.start()
    try:
        for _ in range(10):
            authtest.register(srv.client)
        durations, emails = [], []
        for _ in range(n):
            t0 = time.perf_counter()
            resp, email, _ = authtest.register(srv.client)
            durations.append((time.perf_counter() - t0) * 1000.0)
            assert resp.status_code == 201, resp.text
            emails.append(email)
        durations.sort()
        print(f"POST /api/auth/register x{n}, SMTP down (connection refused), sequential, keep-alive:")
        print(f"  p50 {percentile(durations, 50):.1f} ms  p95 {percentile(durations, 95):.1f} ms  "
              f"p99 {percentile(durations, 99):.1f} ms  max {durations[-1]:.1f} ms")
        pending = len([line for line in srv._read(srv.stderr_path).splitlines() if "attempt 1 failed" in line])
        print(f"  first attempts failed and queued for retry: {pending}")
        sink.start()
        srv.mail_dir = sink.dir
        t0 = time.monotonic()
        deadline = t0 + 120
        wanted = set(e.lower() for e in emails)
        while time.monotonic() < deadline:
            got = set()
            for _, _, msg in srv._all_mails():
                for to in msg.get_all("To", []) or []:
                    got.add(str(to).strip("<> ").lower())
            if wanted <= got:
                break
            time.sleep(0.5)
        arrived = len(wanted & got)
        print(f"SMTP started: {arrived}/{n} verification mails arrived within {time.monotonic() - t0:.1f} s")
        return 0 if arrived == n else 1
    finally:
        srv.stop()
        srv.cleanup()
        sink.cleanup()


if __name__ == "__main__":
    sys.exit(main())
