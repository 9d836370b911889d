"""GET /metrics: Prometheus text exposition (API.md, Endpoints)."""

import re

from authtest import assert_problem, unique_email

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (\S+)$')


def scrape(client):
    resp = client.get("/metrics")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = {}
    types = {}
    for line in resp.text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            types[name] = kind
            continue
        if line.startswith("#") or not line:
            continue
        m = SAMPLE.match(line)
        assert m, "not an exposition sample line: %r" % line
        key = line.rsplit(" ", 1)[0]
        samples[key] = float(m.group(4))
    return resp.text, samples, types


def requests_key(route, method, status):
    return 'authserver_http_requests_total{route="%s",method="%s",status="%d"}' % (route, method, status)


def test_metrics_counts_requests_by_route_pattern_method_and_status(client):
    _, before, types = scrape(client)
    assert types["authserver_http_requests_total"] == "counter"
    assert types["authserver_http_request_duration_seconds"] == "histogram"
    assert types["authserver_logins_total"] == "counter"
    assert types["authserver_messages_total"] == "counter"
    assert types["authserver_queue_depth"] == "gauge"
    for _ in range(3):
        assert client.get("/health/").status_code == 200
    assert client.get("/api/unknown-route-abc/42").status_code == 404
    text, after, _ = scrape(client)
    health = requests_key("/health", "GET", 200)
    assert after[health] - before.get(health, 0) == 3
    unmatched = requests_key("unmatched", "GET", 404)
    assert after[unmatched] - before.get(unmatched, 0) == 1
    # The raw path never becomes a label value (bounded cardinality).
    assert "unknown-route-abc" not in text


def test_metrics_histogram_is_cumulative_and_consistent(client):
    client.get("/health")
    text, samples, _ = scrape(client)
    prefix = 'authserver_http_request_duration_seconds_bucket{route="/health",le="'
    buckets = [(k[len(prefix):-2], v) for k, v in samples.items() if k.startswith(prefix)]
    assert buckets, text
    values = [v for _, v in buckets]
    assert values == sorted(values)
    assert buckets[-1][0] == "+Inf"
    assert samples['authserver_http_request_duration_seconds_count{route="/health"}'] == buckets[-1][1]
    assert samples['authserver_http_request_duration_seconds_sum{route="/health"}'] >= 0


def test_metrics_counts_failed_logins_by_outcome(client):
    _, before, _ = scrape(client)
    resp = client.post("/api/auth/login", json={"email": unique_email("metrics"), "password": "Wrong-password-123!"})
    assert_problem(resp, 401)
    _, after, _ = scrape(client)
    key = 'authserver_logins_total{outcome="invalid_credentials"}'
    assert after[key] - before[key] == 1
    route = requests_key("/api/auth/login", "POST", 401)
    assert after[route] - before.get(route, 0) == 1


def test_metrics_report_messages_queue_depth_and_pool(client):
    _, samples, _ = scrape(client)
    for channel in ("email", "sms"):
        for result in ("sent", "retried", "dropped"):
            assert 'authserver_messages_total{channel="%s",result="%s"}' % (channel, result) in samples
    assert samples['authserver_queue_depth{queue="delivery"}'] >= 0
    assert samples['authserver_queue_depth{queue="http"}'] >= 0
    assert samples['authserver_pool_threads{pool="http",state="busy"}'] >= 1  # this scrape
    assert samples['authserver_pool_threads{pool="http",state="max"}'] >= 1


def test_metrics_never_show_secrets(client):
    password = "Secret-Pass-987!"
    client.post("/api/auth/login", json={"email": unique_email("metrics"), "password": password})
    client.get("/api/auth/profile", token="not-a-real-token-xyz")
    text, _, _ = scrape(client)
    assert password not in text
    assert "not-a-real-token-xyz" not in text
