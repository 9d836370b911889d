"""GET /api/auth/sessions and DELETE /api/auth/sessions/{id} (API.md)."""

from authtest import (
    assert_invalid_token_401, assert_json, assert_problem, create_verified,
    login_ok, profile, refresh,
)


def sessions(client, token):
    return assert_json(client.get("/api/auth/sessions", token=token), 200)["sessions"]


def test_sessions_lists_each_login_and_marks_the_callers_own(server, client):
    acc = create_verified(server)
    first = login_ok(server, acc)
    second = client.post("/api/auth/login", json={"email": acc.email, "password": acc.password},
                         headers={"User-Agent": "e2e-phone/1.0"})
    second = assert_json(second, 200)
    items = sessions(client, second["access_token"])
    assert len(items) == 2
    for item in items:
        assert set(item) == {"id", "created_at", "last_used_at", "ip", "user_agent", "current"}
        assert item["ip"] == "127.0.0.1"
        assert item["created_at"].endswith("Z")
    current = [s for s in items if s["current"]]
    assert len(current) == 1
    assert current[0]["user_agent"] == "e2e-phone/1.0"
    # The other token sees the other session as current.
    other = [s for s in sessions(client, first["access_token"]) if s["current"]]
    assert len(other) == 1 and other[0]["id"] != current[0]["id"]


def test_delete_session_revokes_that_family_at_once(server, client):
    acc = create_verified(server)
    first = login_ok(server, acc)
    second = login_ok(server, acc)
    items = sessions(client, second["access_token"])
    target = [s for s in items if not s["current"]][0]
    resp = client.delete(f"/api/auth/sessions/{target['id']}", token=second["access_token"])
    assert resp.status_code == 204, resp.text
    assert_invalid_token_401(profile(client, first["access_token"]))
    assert_problem(refresh(client, first["refresh_token"]), 401, codes=("invalid_token", "token_reused"))
    # The caller's own session is untouched.
    assert profile(client, second["access_token"]).status_code == 200
    assert [s["id"] for s in sessions(client, second["access_token"])] != [target["id"]]
    assert len(sessions(client, second["access_token"])) == 1
    # A second delete of the same id is 404.
    assert_problem(client.delete(f"/api/auth/sessions/{target['id']}", token=second["access_token"]), 404, "not_found")


def test_delete_of_another_users_session_is_404_and_leaves_it_alive(server, client):
    alice = create_verified(server)
    bob = create_verified(server)
    a = login_ok(server, alice)
    b = login_ok(server, bob)
    bobs = sessions(client, b["access_token"])[0]["id"]
    assert_problem(client.delete(f"/api/auth/sessions/{bobs}", token=a["access_token"]), 404, "not_found")
    assert_problem(client.delete("/api/auth/sessions/no-such-id", token=a["access_token"]), 404, "not_found")
    assert profile(client, b["access_token"]).status_code == 200
    assert refresh(client, b["refresh_token"]).status_code == 200


def test_sessions_need_an_access_token(client):
    assert client.get("/api/auth/sessions").status_code == 401
    assert client.delete("/api/auth/sessions/x").status_code == 401
