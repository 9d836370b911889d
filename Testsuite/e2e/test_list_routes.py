"""authserver --list-routes: the route table as 'METHOD PATTERN' lines (for the
OpenAPI coverage check in CI)."""

import re
import subprocess

from authtest import server_binary

LINE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (/[A-Za-z0-9_./{}-]*)$")


def list_routes():
    out = subprocess.run([server_binary(), "--list-routes"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines
    for line in lines:
        assert LINE.match(line), "not 'METHOD PATTERN': %r" % line
    return [tuple(line.split(" ")) for line in lines]


def test_list_routes_prints_the_route_table_and_exits_zero():
    routes = list_routes()
    assert len(routes) == len(set(routes)), "duplicate rows"
    for expected in [("POST", "/api/auth/login"), ("GET", "/api/auth/profile"), ("PUT", "/api/auth/profile"),
                     ("GET", "/health"), ("GET", "/metrics"), ("GET", "/.well-known/jwks.json")]:
        assert expected in routes


def test_every_listed_route_is_served(client):
    # Each listed (method, pattern) reaches a handler: not 405, and not 404
    # for a fixed path (a handler may answer 404 for an unknown {id}).
    for method, pattern in list_routes():
        path = re.sub(r"\{[^}]+\}", "1", pattern)
        resp = client.request(method, path, json={}) if method != "GET" else client.get(path)
        assert resp.status_code != 405, (method, path, resp.status_code)
        if "{" not in pattern:
            assert resp.status_code != 404, (method, path, resp.status_code)
