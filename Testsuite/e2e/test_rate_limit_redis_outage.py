"""Rate limits while Redis is down (issue 16.8): they used to fail open,
letting an attacker guess passwords without limit during an outage. Now
each instance counts in its own memory until Redis answers again, says so
once in the log and counts it in /metrics. A Redis of the test's own on a
free loopback port, killed and restarted; runs on every profile."""

import os
import re
import shutil
import subprocess
import tempfile
import time

import pytest

import authtest
from authtest import Server, free_port, login

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")

PER_IP = 3


class Redis:
    def __init__(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="authserver-redis-")
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--dir", self.dir,
                                      "--save", "", "--appendonly", "no"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), "ping"],
                             capture_output=True, text=True, timeout=5).stdout.strip() != "PONG":
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
        return self

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def redis_and_server():
    redis = Redis().start()
    srv = Server({"cache.backend": "redis", "redis.host": "127.0.0.1", "redis.port": redis.port,
                  "redis.timeout": 1, "rateLimit.enabled": "true",
                  "rateLimit.login.perIp": PER_IP, "rateLimit.login.perAccount": 0, "rateLimit.login.window": 600,
                  "rateLimit.lockout.threshold": 0},
                 name="redis-outage")
    try:
        srv.start()
        yield redis, srv
    finally:
        srv.stop()
        srv.cleanup()
        redis.cleanup()


def metric(srv, name):
    text = srv.client.get("/metrics").text
    m = re.search(r"^" + re.escape(name) + r" (\d+)$", text, re.M)
    assert m, text[-2000:]
    return int(m.group(1))


def guesses(srv, count):
    return [login(srv.client, "victim@example.com", f"Guess-{i}-Passw0rd").status_code for i in range(count)]


def test_rate_limits_still_refuse_while_redis_is_down(redis_and_server):
    redis, srv = redis_and_server
    redis.stop()
    statuses = guesses(srv, PER_IP + 5)
    # Every guess beyond the per-IP limit is refused, Redis or not.
    assert 429 in statuses, statuses
    assert statuses[-3:] == [429, 429, 429], statuses
    assert all(s in (401, 429, 503) for s in statuses), statuses
    assert metric(srv, "authserver_rate_limit_fallback") == 1
    assert metric(srv, "authserver_rate_limit_fallback_total") >= PER_IP + 5
    assert srv.wait_log("rate limits and lockouts count in this instance's memory")
    assert srv.logs().count("rate limits and lockouts count in this instance's memory") == 1  # said once


def test_rate_limits_go_back_to_redis_when_it_answers_again(redis_and_server):
    redis, srv = redis_and_server
    redis.stop()
    guesses(srv, 1)
    assert metric(srv, "authserver_rate_limit_fallback") == 1
    redis.start()
    # The fallback probes Redis at most once a second: bounded wait.
    deadline = time.monotonic() + 10
    while True:
        guesses(srv, 1)
        if metric(srv, "authserver_rate_limit_fallback") == 0:
            break
        assert time.monotonic() < deadline, srv.logs(limit=20)
        time.sleep(0.2)
    assert srv.wait_log("cache answers again")
