"""`authserver --import-django` on real Django output (issue 18, Docs/DJANGO_IMPORT.md).

Users are made by Debian's python3-django (3.2) with its own hashers
(PBKDF2-SHA256, the default; PBKDF2-SHA1; Argon2 through python3-argon2;
bcrypt-SHA256 through python3-bcrypt) in a throw-away Django project, dumped
with `manage.py dumpdata auth.user`, imported into a fresh AuthServer
database, and logged in with their old passwords at /api/auth/login.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap

import pytest

import authtest
from authtest import assert_json, assert_problem

PYTHON = "/usr/bin/python3"

SETTINGS = """
SECRET_KEY = "e2e-django-import"
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": %(db)r}}
USE_TZ = True
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
]
"""

MANAGE = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "e2e_settings")
from django.core.management import execute_from_command_line
execute_from_command_line(sys.argv)
"""

# email as given to Django, hasher, password (None: unusable), active
USERS = [
    ("Ann.PBKDF2@Example.COM", "pbkdf2_sha256", "old pbkdf2 password 1", True),
    ("sha1@example.com", "pbkdf2_sha1", "old sha1 password 22", True),
    ("argon@example.com", "argon2", "old argon2 password 333", True),
    ("bcrypt@example.com", "bcrypt_sha256", "old bcrypt password " + "x" * 80, True),
    ("unusable@example.com", None, None, True),
    ("inactive@example.com", "pbkdf2_sha256", "old inactive password 4", False),
]

MAKE_USERS = """
import json, sys
import django
django.setup()
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
for email, hasher, password, active in json.load(sys.stdin):
    user = User(username=email.split("@")[0][:30], email=email, is_active=active,
                first_name="Old", last_name="User")
    user.password = make_password(password, hasher=hasher) if password else make_password(None)
    user.save()
"""


def _django_available():
    return subprocess.run([PYTHON, "-c", "import django, argon2, bcrypt"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(not _django_available(),
                                reason="needs python3-django, python3-argon2 and python3-bcrypt (scripts/install-deps.sh test)")


def make_dump(folder):
    """Builds USERS in a Django project in folder and returns dumpdata's file."""
    with open(os.path.join(folder, "e2e_settings.py"), "w") as f:
        f.write(SETTINGS % {"db": os.path.join(folder, "django.sqlite3")})
    with open(os.path.join(folder, "manage.py"), "w") as f:
        f.write(MANAGE)
    env = {**os.environ, "PYTHONPATH": folder, "DJANGO_SETTINGS_MODULE": "e2e_settings"}
    run = lambda args, **kw: subprocess.run([PYTHON] + args, cwd=folder, env=env, check=True,
                                            capture_output=True, text=True, timeout=120, **kw)
    run(["manage.py", "migrate", "-v0"])
    run(["-c", MAKE_USERS], input=json.dumps(USERS))
    dump = os.path.join(folder, "users.json")
    run(["manage.py", "dumpdata", "auth.user", "-o", dump])
    return dump


def run_authserver(server, *args):
    """Runs the binary once against the server's database and configuration."""
    cmd = [server.binary] + [f"--define={k}={v}" for k, v in server.defines.items()] + list(args)
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}
    return subprocess.run(cmd, cwd=server.tmp, env=env, capture_output=True, text=True, timeout=300)


def import_django(server, dump, *args):
    proc = run_authserver(server, f"--import-django={dump}", *args)
    lines = proc.stdout.splitlines()
    counts = next((line for line in lines if line.startswith("imported ")), None)
    return proc, counts, lines


class Database:
    """Reads the server's database (sqlite3 on the embedded profile, psql on PostgreSQL)."""

    def __init__(self, server):
        self.url = server.defines["database.url"]
        self.postgres = server.defines.get("database.connector") == "postgresql"

    def rows(self, sql):
        if self.postgres:
            out = subprocess.run(["psql", self.url, "-AtF", "\t", "-c", sql], check=True,
                                 capture_output=True, text=True).stdout
            return [tuple(line.split("\t")) for line in out.splitlines()]
        import sqlite3
        with sqlite3.connect(self.url, timeout=10) as db:
            return [tuple("" if v is None else str(v) for v in row) for row in db.execute(sql).fetchall()]

    def scalar(self, sql):
        return self.rows(sql)[0][0]


@pytest.fixture(scope="module")
def dump():
    folder = tempfile.mkdtemp(prefix="authserver-django-")
    return make_dump(folder)


@pytest.fixture(scope="module")
def imported(dump):
    """A fresh database with the dump imported, then the server started on it."""
    srv = authtest.Server(name="django-import")
    first = import_django(srv, dump)
    srv.start()
    yield srv, first
    srv.stop()
    srv.cleanup()


def login(srv, email, password):
    return srv.client.post("/api/auth/login", json={"email": email, "password": password})


def test_import_of_django_dumpdata_reports_counts_and_exits_0(imported):
    srv, (proc, counts, lines) = imported
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert counts == "imported 6, updated 0, unchanged 0, skipped 0, dropped 0", proc.stdout
    db = Database(srv)
    assert db.scalar("SELECT COUNT(*) FROM users") == "6"
    hashes = dict(db.rows("SELECT email, password_hash FROM users WHERE email IS NOT NULL"))
    assert hashes["ann.pbkdf2@example.com"].startswith("pbkdf2_sha256$260000$")
    assert hashes["sha1@example.com"].startswith("pbkdf2_sha1$")
    assert hashes["argon@example.com"].startswith("argon2$argon2id$")
    assert hashes["bcrypt@example.com"].startswith("bcrypt_sha256$$2b$")
    assert hashes["unusable@example.com"] == ""


def test_legacy_hash_gauge_counts_django_hashes_left(imported):
    srv, _ = imported
    text = srv.client.get("/metrics").text
    m = re.search(r"^authserver_compat_legacy_password_hashes (\d+)$", text, re.M)
    assert m, text
    # pbkdf2_sha256, pbkdf2_sha1, argon2, bcrypt_sha256 and the inactive
    # account's; the unusable password is none (read before any login).
    assert int(m.group(1)) == 5


@pytest.mark.parametrize("email,hasher,password,active", [u for u in USERS if u[2] and u[3]],
                         ids=[u[1] for u in USERS if u[2] and u[3]])
def test_old_password_logs_in_and_is_rehashed_to_argon2id_once(imported, email, hasher, password, active):
    srv, _ = imported
    db = Database(srv)
    lower = email.lower()
    uid = db.scalar(f"SELECT id FROM users WHERE email = '{lower}'")
    # A wrong password changes nothing.
    assert_problem(login(srv, email, password + "!"), 401)
    assert db.scalar(f"SELECT password_hash FROM users WHERE id = {uid}").startswith(hasher + "$")
    body = assert_json(login(srv, email, password), 200)
    assert body["user"]["email"] == lower
    assert body["access_token"]
    stored = db.scalar(f"SELECT password_hash FROM users WHERE id = {uid}")
    assert stored.startswith("$argon2id$"), stored
    # The new hash serves the next login; the rehash is audited once.
    assert_json(login(srv, lower, password), 200)
    assert db.scalar(f"SELECT password_hash FROM users WHERE id = {uid}") == stored
    assert db.rows(f"SELECT detail FROM audit_events WHERE event = 'password_rehashed' AND user_id = {uid}") == [(hasher,)]


def test_unusable_and_inactive_django_accounts_are_refused(imported):
    srv, _ = imported
    assert_problem(login(srv, "unusable@example.com", "anything at all 123"), 401)
    r = login(srv, "inactive@example.com", "old inactive password 4")
    assert r.status_code in (401, 403), r.text
    db = Database(srv)
    assert db.scalar("SELECT password_hash FROM users WHERE pending_email = 'inactive@example.com'").startswith("pbkdf2_sha256$")


def test_reimport_gives_equal_counts_without_duplicates_and_keeps_rehashes(imported, dump):
    srv, _ = imported
    db = Database(srv)
    assert_json(login(srv, "sha1@example.com", "old sha1 password 22"), 200)
    before = db.rows("SELECT id, email, password_hash FROM users ORDER BY id")
    proc, counts, _ = import_django(srv, dump)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert counts == "imported 0, updated 0, unchanged 6, skipped 0, dropped 0", proc.stdout
    assert db.rows("SELECT id, email, password_hash FROM users ORDER BY id") == before
    assert db.scalar("SELECT COUNT(*) FROM users") == "6"


def test_duplicate_emails_are_skipped_by_pk_with_exit_1(tmp_path):
    srv = authtest.Server(name="django-import-skips")
    try:
        path = tmp_path / "dup.json"
        user = lambda pk, email: {"model": "auth.user", "pk": pk, "fields": {
            "password": "!", "email": email, "username": f"u{pk}", "is_active": True}}
        path.write_text(json.dumps([user(12, "Same@example.com"), user(17, "same@EXAMPLE.com"), user(20, "ok@example.com")]))
        proc, counts, lines = import_django(srv, str(path))
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert counts == "imported 1, updated 0, unchanged 0, skipped 2, dropped 0"
        assert "pk=12: email equals pk 17 lower-cased" in lines
        assert "pk=17: email equals pk 12 lower-cased" in lines
        assert "same@example.com" not in proc.stdout.lower()
        proc, counts, _ = import_django(srv, str(path), "--allow-skips")
        assert proc.returncode == 0
        assert counts == "imported 0, updated 0, unchanged 1, skipped 2, dropped 0"
    finally:
        srv.cleanup()


def test_malformed_dump_exits_65_naming_the_byte(tmp_path):
    srv = authtest.Server(name="django-import-malformed")
    try:
        path = tmp_path / "bad.json"
        path.write_text('[{"model": "auth.user", "pk": 1, "fields": {"email": "a@example.com"}} {"x": 1}]')
        proc, counts, _ = import_django(srv, str(path))
        assert proc.returncode == 65, proc.stdout + proc.stderr
        assert counts is None
        assert "byte 71: expected ',' or ']'" in proc.stderr
    finally:
        srv.cleanup()


def test_drop_django_hashes_prints_the_count(tmp_path, dump):
    srv = authtest.Server(name="django-import-drop")
    try:
        proc, counts, _ = import_django(srv, dump, "--dry-run")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert counts.startswith("imported 6, updated 0, unchanged 0, skipped 0, dropped 0"), counts
        proc, counts, _ = import_django(srv, dump)
        assert counts == "imported 6, updated 0, unchanged 0, skipped 0, dropped 0"
        proc = run_authserver(srv, "--drop-django-hashes")
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip().splitlines()[-1] == "5"
        assert Database(srv).scalar("SELECT COUNT(*) FROM users WHERE password_hash IS NOT NULL") == "0"
    finally:
        srv.cleanup()


def test_import_leaves_the_admin_search_indexes_ready(tmp_path):
    """Issue 14: 6,000 users go in three transactions of 2,000; on SQLite each
    left a segment in the FTS5 search indexes (a search probes every one)
    until the hourly retention run merged them, on PostgreSQL the gram
    statistics waited for autovacuum. The import now merges / analyzes."""
    srv = authtest.Server(name="django-import-search")
    try:
        path = tmp_path / "many.json"
        path.write_text(json.dumps([{"model": "auth.user", "pk": pk, "fields": {
            "password": "!", "email": f"many{pk}@example.com", "username": f"many{pk}",
            "first_name": "Many", "last_name": f"User {pk}", "is_active": True}} for pk in range(1, 6001)]))
        proc, counts, _ = import_django(srv, str(path))
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert counts == "imported 6000, updated 0, unchanged 0, skipped 0, dropped 0", proc.stdout
        db = Database(srv)
        if db.postgres:
            assert "users analyzed for the search" in proc.stderr, proc.stderr
            assert int(db.scalar("SELECT COUNT(*) FROM pg_stats WHERE tablename = 'users_search_grams'")) > 0
        else:
            assert re.search(r"search indexes merged: [1-9]\d* steps", proc.stderr), proc.stderr
            for table in ("users_search", "user_search_grams", "user_search_pairs"):
                assert db.scalar(f"SELECT COUNT(DISTINCT segid) FROM {table}_idx") == "1", table
        # A dry run writes nothing, so it has nothing to merge.
        proc, counts, _ = import_django(srv, str(path), "--dry-run")
        assert proc.returncode == 0 and "search index" not in proc.stderr, proc.stderr
    finally:
        srv.cleanup()
