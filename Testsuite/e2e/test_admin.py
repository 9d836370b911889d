"""Admin API, --create-admin and the audit query (API.md, CONFIG.md)."""

import os
import random
import subprocess
import urllib.parse
import uuid

import pytest

from authtest import (
    Account, assert_invalid_token_401, assert_json, assert_problem, create_verified,
    login_ok, profile, refresh, register_ok, strong_password, unique_email,
)


def create_admin(server, email=None, password=None, extra_args=(), input_text=None):
    """Runs `authserver --create-admin` against the server's database."""
    email = email or unique_email("admin")
    password = password or strong_password()
    path = os.path.join(server.tmp, f"pw-{email}.txt")
    with open(path, "w") as f:
        f.write(password + "\n")
    args = [server.binary, "--create-admin", f"--email={email}"]
    if input_text is None:
        args.append(f"--password-file={path}")
    args += [f"--define={k}={v}" for k, v in server.defines.items()]
    args += list(extra_args)
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}
    proc = subprocess.run(args, cwd=server.tmp, env=env, capture_output=True, text=True,
                          timeout=60, input=input_text)
    return proc, Account(email, password, None)


@pytest.fixture
def admin(server):
    proc, acc = create_admin(server)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return acc, login_ok(server, acc)


def test_create_admin_makes_a_verified_admin_that_can_log_in(server, admin):
    acc, tokens = admin
    assert tokens["user"]["role"] == "admin"
    assert tokens["user"]["email_verified"] is True


def test_create_admin_reads_the_password_from_stdin_without_a_file(server):
    password = strong_password()
    proc, acc = create_admin(server, password=password, input_text=password + "\n")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert login_ok(server, acc)["user"]["role"] == "admin"


def test_create_admin_promotes_an_existing_account(server):
    acc = create_verified(server)
    proc, _ = create_admin(server, email=acc.email, password=acc.password)
    assert proc.returncode == 0, proc.stderr
    assert login_ok(server, acc)["user"]["role"] == "admin"


def test_create_admin_refuses_a_weak_password_or_no_email(server):
    proc, acc = create_admin(server, password="password")
    assert proc.returncode != 0
    assert "password" in proc.stderr
    assert login_ok_status(server, acc) == 401
    bad = subprocess.run([server.binary, "--create-admin"] + [f"--define={k}={v}" for k, v in server.defines.items()],
                         cwd=server.tmp, capture_output=True, text=True, timeout=60)
    assert bad.returncode != 0 and "--email" in bad.stderr


def login_ok_status(server, acc):
    return server.client.post("/api/auth/login", json={"email": acc.email, "password": acc.password}).status_code


def test_non_admin_is_refused_with_403_on_every_admin_route(client, logged_in):
    _, t = logged_in
    for method, path in [("GET", "/api/admin/users"), ("GET", "/api/admin/users/1"),
                         ("PATCH", "/api/admin/users/1"), ("GET", "/api/admin/audit")]:
        if method == "PATCH":
            resp = client.patch(path, json={"role": "admin"}, token=t["access_token"])
        else:
            resp = client.get(path, token=t["access_token"])
        assert_problem(resp, 403, "forbidden")
    assert client.get("/api/admin/users").status_code == 401


def test_admin_lists_and_searches_users_with_paging(server, client, admin):
    _, t = admin
    tag = unique_email("Needle").split("@")[0]
    made = [create_verified(server, email=f"{tag}-{i}@Example.com".lower()) for i in range(3)]
    body = assert_json(client.get(f"/api/admin/users?q={tag.upper()}&page=1&page_size=2", token=t["access_token"]), 200)
    assert body["total"] == 3 and body["page"] == 1 and body["page_size"] == 2
    assert len(body["items"]) == 2
    page2 = assert_json(client.get(f"/api/admin/users?q={tag}&page=2&page_size=2", token=t["access_token"]), 200)
    assert len(page2["items"]) == 1
    ids = {u["id"] for u in body["items"] + page2["items"]}
    assert ids == {a.user["id"] for a in made}
    for u in body["items"]:
        assert "password" not in str(u).lower()
    # LIKE wildcards typed by the caller match literally.
    assert assert_json(client.get("/api/admin/users?q=%25", token=t["access_token"]), 200)["total"] == 0
    assert assert_json(client.get("/api/admin/users?q=_", token=t["access_token"]), 200)["total"] == 0
    # Defaults and limits.
    default = assert_json(client.get("/api/admin/users", token=t["access_token"]), 200)
    assert default["page"] == 1 and default["page_size"] == 20 and default["total"] >= 4
    for bad in ("page=0", "page_size=101", "page_size=0", "page=abc"):
        assert_problem(client.get(f"/api/admin/users?{bad}", token=t["access_token"]), 400, "validation_error")


def test_admin_reads_one_user_and_404s_unknown(server, client, admin):
    _, t = admin
    acc = create_verified(server)
    user = assert_json(client.get(f"/api/admin/users/{acc.user['id']}/", token=t["access_token"]), 200)
    assert user["email"] == acc.email and user["role"] == "user"
    assert_problem(client.get("/api/admin/users/999999999", token=t["access_token"]), 404, "not_found")
    assert_problem(client.get("/api/admin/users/abc", token=t["access_token"]), 404, "not_found")


def test_deactivated_user_is_cut_off_at_once(server, client, admin):
    _, t = admin
    acc = create_verified(server)
    victim = login_ok(server, acc)
    resp = client.patch(f"/api/admin/users/{acc.user['id']}", json={"is_active": False}, token=t["access_token"])
    assert assert_json(resp, 200)["is_active"] is False
    resp = profile(client, victim["access_token"])
    assert resp.status_code in (401, 403), resp.text
    # Deactivation revokes the sessions: the refresh token is just revoked (Api/openapi.json).
    assert_problem(refresh(client, victim["refresh_token"]), 401, "invalid_token")
    assert_problem(client.post("/api/auth/login", json={"email": acc.email, "password": acc.password}), 403, "account_inactive")
    # Reactivation lets them log in again; the old session stays dead.
    resp = client.patch(f"/api/admin/users/{acc.user['id']}", json={"is_active": True}, token=t["access_token"])
    assert assert_json(resp, 200)["is_active"] is True
    assert login_ok(server, acc)
    assert refresh(client, victim["refresh_token"]).status_code == 401
    audit = assert_json(client.get(f"/api/admin/audit?user_id={acc.user['id']}", token=t["access_token"]), 200)
    events = [e["event"] for e in audit["items"]]
    assert events.index("user_activated") < events.index("user_deactivated")  # newest first


def test_role_change_is_applied_and_audited(server, client, admin):
    _, t = admin
    acc = create_verified(server)
    resp = client.patch(f"/api/admin/users/{acc.user['id']}", json={"role": "supplier"}, token=t["access_token"])
    assert assert_json(resp, 200)["role"] == "supplier"
    assert_problem(client.patch(f"/api/admin/users/{acc.user['id']}", json={"role": "root"}, token=t["access_token"]), 400, "validation_error")
    assert_problem(client.patch(f"/api/admin/users/{acc.user['id']}", json={"email": "x@example.com"}, token=t["access_token"]), 400, "validation_error")
    # Promoted to admin: the admin API opens for them (role read from the database).
    client.patch(f"/api/admin/users/{acc.user['id']}", json={"role": "admin"}, token=t["access_token"])
    theirs = login_ok(server, acc)
    assert client.get("/api/admin/users", token=theirs["access_token"]).status_code == 200
    items = assert_json(client.get(f"/api/admin/audit?user_id={acc.user['id']}&event=role_changed", token=t["access_token"]), 200)["items"]
    assert [e["detail"].split(" by ")[0] for e in items] == ["supplier -> admin", "user -> supplier"]


def test_admin_cannot_deactivate_or_demote_themselves(server, client, admin):
    acc, t = admin
    me = t["user"]["id"]
    assert_problem(client.patch(f"/api/admin/users/{me}", json={"is_active": False}, token=t["access_token"]), 400, "validation_error")
    assert_problem(client.patch(f"/api/admin/users/{me}", json={"role": "user"}, token=t["access_token"]), 400, "validation_error")
    assert assert_json(client.get(f"/api/admin/users/{me}", token=t["access_token"]), 200)["role"] == "admin"


def test_audit_query_filters_pages_and_is_newest_first(server, client, admin):
    _, t = admin
    acc = create_verified(server)
    client.post("/api/auth/login", json={"email": acc.email, "password": "wrong-password-123"},
                headers={"User-Agent": "e2e-audit"})
    login_ok(server, acc)
    uid = acc.user["id"]
    body = assert_json(client.get(f"/api/admin/audit?user_id={uid}", token=t["access_token"]), 200)
    assert body["page"] == 1 and body["page_size"] == 20 and body["total"] == len(body["items"])
    events = [e["event"] for e in body["items"]]
    assert events[0] == "login_succeeded"
    assert "login_failed" in events and "register" in events
    ids = [int(e["id"]) for e in body["items"]]
    assert ids == sorted(ids, reverse=True)
    failed = assert_json(client.get(f"/api/admin/audit?user_id={uid}&event=login_failed", token=t["access_token"]), 200)
    assert failed["total"] == 1
    item = failed["items"][0]
    assert set(item) == {"id", "user_id", "event", "ip", "user_agent", "created_at", "detail"}
    assert item["user_id"] == uid and item["ip"] == "127.0.0.1" and item["user_agent"] == "e2e-audit"
    assert item["detail"]
    one = assert_json(client.get(f"/api/admin/audit?user_id={uid}&page_size=1&page=2", token=t["access_token"]), 200)
    assert len(one["items"]) == 1 and one["items"][0]["id"] == body["items"][1]["id"]
    assert_problem(client.get("/api/admin/audit?user_id=abc", token=t["access_token"]), 400, "validation_error")


# --------------------------------------------------------------------------
# Search at scale (issue 14): index-served q, keyset cursor, capped totals.
# --------------------------------------------------------------------------

def walk_users(client, token, q, page_size=100, max_pages=50):
    """Follows next/cursor from the first page; returns every item seen and
    the answers. Bounded: at most max_pages requests."""
    items, answers, cursor = [], [], None
    for _ in range(max_pages):
        path = f"/api/admin/users?q={urllib.parse.quote(q)}&page_size={page_size}"
        if cursor:
            path += f"&cursor={urllib.parse.quote(cursor)}"
        body = assert_json(client.get(path, token=token), 200)
        answers.append(body)
        items += body["items"]
        cursor = body["next"]
        if cursor is None:
            return items, answers
    raise AssertionError(f"q={q!r}: more than {max_pages} pages")


def searched_text(user):
    return " ".join(v for v in (user["email"], user["full_name"], user["phone_number"]) if v).lower()


def test_admin_search_matches_substrings_of_email_name_and_phone_case_insensitively(server, client, admin):
    _, t = admin
    tag = uuid.uuid4().hex[:10]
    digits = "".join(str(int(c, 16) % 10) for c in tag[:4])
    by_email = register_ok(server, email=f"zz{tag}mail@example.com", full_name="Plain Person")
    by_name = register_ok(server, full_name=f"Ada {tag.upper()} Lovelace")
    by_phone = register_ok(server, full_name="Phone Person", phone_number=f"+1650253{digits}")
    search = lambda q: {u["id"] for u in walk_users(client, t["access_token"], q)[0]}
    assert search(f"{tag}MAIL@") == {by_email.user["id"]}
    assert search(f"a {tag} l") == {by_name.user["id"]}
    assert search(tag.upper()) == {by_email.user["id"], by_name.user["id"]}
    phone_hits = search(f"0253{digits}")
    assert by_phone.user["id"] in phone_hits
    assert all(f"0253{digits}" in (u["phone_number"] or "")
               for u in walk_users(client, t["access_token"], f"0253{digits}")[0])
    # A q of 1 or 2 characters (below the trigram index) is still an exact
    # substring search: every hit holds it, and our users are among them.
    for short in (tag[:2].upper(), "Z"):
        items, _ = walk_users(client, t["access_token"], short)
        assert all(short.lower() in searched_text(u) for u in items), short
        assert len({u["id"] for u in items}) == len(items)
    assert by_email.user["id"] in {u["id"] for u in walk_users(client, t["access_token"], "zz")[0]}


def ascii_lower(text):
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def holds(user, q):
    """q is a substring of the email, full_name or phone_number, ASCII
    letters folded (non-ASCII folding differs between back ends and
    locales, so the queries below never depend on it)."""
    return any(ascii_lower(q) in ascii_lower(v) for v in (user["email"], user["full_name"], user["phone_number"]) if v)


def test_admin_search_equals_a_naive_substring_filter(server, client, admin):
    # Issue 14: the index reads only the rarest trigrams of q (FTS5 on
    # SQLite, pg_trgm GIN on PostgreSQL) and checks each candidate against
    # the whole q. The answer must be exactly a plain substring filter
    # (ASCII case folding, API.md) for q of 1 to 20 characters, non-ASCII
    # letters, %, _, quotes. Our users hold a fresh tag, so the other
    # users of the shared server cannot hold the q cut around it.
    _, t = admin
    tag = uuid.uuid4().hex[:8]
    people = [register_ok(server, email=f"{tag}.oneil@example.com", full_name=f"Zo\u00eb {tag} O'Neil \"Q\""),
              register_ok(server, email=f"x{tag}y@example.org", full_name=f"\u00c9lise {tag.upper()} 100% sure_thing"),
              register_ok(server, full_name=f"Kat {tag}\u5c71\u7530 a_b", phone_number="+1650253" + str(int(tag[:4], 16) % 10000).zfill(4))]
    ours = {p.user["id"]: p.user for p in people}
    values = [v for p in people for v in (p.user["email"], p.user["full_name"], p.user["phone_number"]) if v]
    rng = random.Random(14)
    queries = {"%", "_", "'", '"', "\u00eb", "\u00c9lise", "0% s", "e_t", '"q"', "a_b", "\u5c71\u7530", "zzz-none"}
    for value in values:
        at = value.lower().find(tag)
        if at < 0:
            continue
        for length in range(3, 21):
            for start in {max(0, at + 4 - length), at + 2, rng.randrange(max(1, at + 4 - length + 1), at + 3)}:
                q = value[max(0, start):max(0, start) + length]
                if len(q) == length and tag[2:5] in q.lower():
                    queries.add(q if rng.random() < 0.5 else "".join(c.upper() if c.isascii() else c for c in q))
    for q in sorted(queries):
        items, _ = walk_users(client, t["access_token"], q)
        found = {u["id"] for u in items}
        assert len(found) == len(items), q
        assert all(holds(u, q) for u in items), q
        expected = {i for i, u in ours.items() if holds(u, q)}
        assert found & set(ours) == expected, q


def test_admin_search_cursor_visits_every_match_once(server, client, admin):
    _, t = admin
    tag = "cur" + uuid.uuid4().hex[:8]
    made = {register_ok(server, email=f"{tag}-{i}@example.com").user["id"] for i in range(5)}
    items, answers = walk_users(client, t["access_token"], tag, page_size=2)
    assert [len(a["items"]) for a in answers] == [2, 2, 1]
    assert [u["id"] for u in items] == sorted(made)
    assert answers[0]["page"] == 1 and all(a["page"] is None for a in answers[1:])
    assert all(a["total"] == 5 and a["total_capped"] is False for a in answers)
    assert [a["next"] is None for a in answers] == [False, False, True]
    # page/page_size keep working, and a page's next continues from it.
    page2 = assert_json(client.get(f"/api/admin/users?q={tag}&page=2&page_size=2", token=t["access_token"]), 200)
    assert [u["id"] for u in page2["items"]] == [u["id"] for u in answers[1]["items"]]
    assert page2["next"] == answers[1]["next"]
    for bad in ("cursor=abc", "cursor=-1", "cursor=0", "cursor=1&page=2", "cursor=1e3"):
        assert_problem(client.get(f"/api/admin/users?{bad}", token=t["access_token"]), 400, "validation_error")


class Database:
    """Writes straight into a server's database: sqlite3 (embedded) or psql."""

    def __init__(self, server):
        self.url = server.defines["database.url"]
        self.postgres = server.defines.get("database.connector") == "postgresql"

    def execute(self, sqlite_sql, postgres_sql):
        if self.postgres:
            subprocess.run(["psql", self.url, "-v", "ON_ERROR_STOP=1", "-qc", postgres_sql],
                           check=True, capture_output=True, timeout=60)
        else:
            import sqlite3
            db = sqlite3.connect(self.url, timeout=30)
            try:
                db.execute(sqlite_sql)
                db.commit()
            finally:
                db.close()


def test_admin_lists_flag_a_capped_total_past_10000_rows(start_server):
    # Own server: 10,001 users and audit events written straight into its
    # database (one statement each) stay out of the shared server's lists.
    srv = start_server({"app.name": "AuthServer search at scale"}, name="search-at-scale")
    proc, acc = create_admin(srv)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    token = login_ok(srv, acc)["access_token"]
    db = Database(srv)
    db.execute("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 10001) "
               "INSERT INTO users (pending_email, full_name, created_at, updated_at) "
               "SELECT 'bulk' || i || '@example.com', 'Bulk ' || i, 1, 1 FROM s",
               "INSERT INTO users (pending_email, full_name, created_at, updated_at) "
               "SELECT 'bulk' || i || '@example.com', 'Bulk ' || i, 1, 1 FROM generate_series(1, 10001) AS i")
    db.execute("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 10001) "
               "INSERT INTO audit_events (event, created_at) SELECT 'bulk_event', 1 FROM s",
               "INSERT INTO audit_events (event, created_at) SELECT 'bulk_event', 1 FROM generate_series(1, 10001)")
    for path in ("/api/admin/users?q=bulk", "/api/admin/users", "/api/admin/audit?event=bulk_event"):
        body = assert_json(srv.client.get(path, token=token), 200)
        assert body["total"] == 10000 and body["total_capped"] is True, path
        assert len(body["items"]) == 20 and body["next"], path
    few = assert_json(srv.client.get("/api/admin/users?q=bulk1000", token=token), 200)
    assert few["total"] == 3 and few["total_capped"] is False    # bulk1000, bulk10000, bulk10001
    # The audit cursor walks to older events.
    first = assert_json(srv.client.get("/api/admin/audit?event=bulk_event&page_size=3", token=token), 200)
    second = assert_json(srv.client.get(f"/api/admin/audit?event=bulk_event&page_size=3&cursor={first['next']}", token=token), 200)
    ids = [int(e["id"]) for e in first["items"] + second["items"]]   # audit ids are strings
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 6
