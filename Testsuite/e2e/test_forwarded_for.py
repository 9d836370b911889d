"""X-Forwarded-For is honoured only from http.trustedProxies (API.md, CONFIG.md):
the session IP, the audit IP and the last login IP come from it."""

from authtest import assert_json, create_verified


def login_from(client, acc, forwarded):
    resp = client.post("/api/auth/login", json={"email": acc.email, "password": acc.password},
                       headers={"X-Forwarded-For": forwarded})
    return assert_json(resp, 200)


def session_ips(client, token):
    body = assert_json(client.get("/api/auth/sessions", token=token), 200)
    return [s["ip"] for s in body["sessions"] if s["current"]]


def test_forwarded_for_ignored_from_an_untrusted_peer(server, client):
    acc = create_verified(server)
    t = login_from(client, acc, "203.0.113.7")
    assert session_ips(client, t["access_token"]) == ["127.0.0.1"]


def test_forwarded_for_honoured_from_a_trusted_proxy(start_server):
    srv = start_server({"http.trustedProxies": "127.0.0.1"}, name="trusted-proxy")
    client = srv.client
    acc = create_verified(srv)
    # The rightmost untrusted hop is the client; a forged left part is ignored.
    t = login_from(client, acc, "198.51.100.1, 203.0.113.7")
    assert session_ips(client, t["access_token"]) == ["203.0.113.7"]
    assert t["user"]["last_login_at"] is not None
