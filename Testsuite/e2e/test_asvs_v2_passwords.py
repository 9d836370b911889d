"""OWASP ASVS 4.0.3 V2.1 (password security) and NIST SP 800-63B §5.1.1.2,
black box: each test is named after the requirement it proves.

Both length profiles run: the default (password.minLength 8) on the shared
server, and password.minLength=12 (ASVS 2.1.1 "at least 12 characters") on a
server of its own.
"""

import os
import random

import pytest

import authtest
from authtest import (assert_json, assert_problem, assert_token_response,
                      create_verified, login, login_ok, register,
                      strong_password, unique_email)
from messaging import mailed_reset_token, reset

MIN12 = {"password.minLength": 12}


def _change(client, token, old, new):
    return client.post("/api/auth/password/change", token=token, json={
        "old_password": old, "new_password": new, "new_password_confirm": new})


def _random_text(n, alphabet="abcdefghijklmnopqrstuvwxyz"):
    return "".join(random.SystemRandom().choice(alphabet) for _ in range(n))


def _weak(resp, field="password"):
    body = assert_problem(resp, 400, "weak_password")
    assert field in body.get("errors", {}), body
    return body


def _shipped_list():
    path = os.path.join(os.path.dirname(os.path.dirname(authtest.server_binary())),
                        "share", "common-passwords.txt")
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


@pytest.fixture(scope="module")
def min12(start_server):
    return start_server(MIN12, name="password-min12")


# ---- 2.1.1 / 2.1.2: length in code points, 8 (or 12) .. 128 -------------

@pytest.mark.parametrize("profile", ["default", "min12"])
def test_asvs_2_1_1_passwords_below_the_minimum_length_are_refused(server, min12, profile):
    srv, minimum = (server, 8) if profile == "default" else (min12, 12)
    short = _random_text(minimum - 1)
    _weak(register(srv.client, password=short)[0])
    resp, _, _ = register(srv.client, password=_random_text(minimum))
    assert_json(resp, 201)


def test_asvs_2_1_1_min12_profile_applies_to_change_and_reset(min12):
    acc = create_verified(min12, password="Tr0ub4dor-" + _random_text(12))
    tokens = login_ok(min12, acc)
    eleven = _random_text(11)
    _weak(_change(min12.client, tokens["access_token"], acc.password, eleven), "new_password")
    token = mailed_reset_token(min12, acc.email)
    _weak(reset(min12.client, token, eleven), "new_password")
    twelve = _random_text(12)
    assert_json(reset(min12.client, token, twelve), 200)
    assert_token_response(login(min12.client, acc.email, twelve))


def test_asvs_2_1_2_passwords_of_64_to_128_characters_are_accepted_129_refused(client):
    for n in (64, 128):
        assert_json(register(client, password=_random_text(n))[0], 201)
    _weak(register(client, password=_random_text(129))[0])


# ---- 2.1.3: no truncation ------------------------------------------------

def test_asvs_2_1_3_password_is_never_truncated(server, client):
    password = _random_text(100)
    acc = create_verified(server, password=password)
    # bcrypt cuts at 72 bytes, some systems at 64 or 50: each prefix is wrong.
    for cut in (50, 64, 72, 99):
        assert_problem(login(client, acc.email, password[:cut]), 401, "invalid_credentials")
    assert_problem(login(client, acc.email, password + "x"), 401, "invalid_credentials")
    assert_token_response(login(client, acc.email, password))


def test_asvs_2_1_3_consecutive_spaces_are_kept(server, client):
    password = "violet   tuba " + _random_text(8)
    acc = create_verified(server, password=password)
    assert_problem(login(client, acc.email, password.replace("   ", " ")), 401, "invalid_credentials")
    assert_token_response(login(client, acc.email, password))


# ---- 2.1.4: any printable Unicode, counted in code points ----------------

def test_asvs_2_1_4_unicode_and_emoji_passwords_are_accepted(server, client):
    password = "Ünïcödé пароль 密码 🔐 " + _random_text(4)
    acc = create_verified(server, password=password)
    assert_token_response(login(client, acc.email, password))
    # 7 emoji are 28 bytes but 7 code points: too short; 8 are enough.
    _weak(register(client, password="😀🔐🎉🐍🦀🌍🚀")[0])
    assert_json(register(client, password="😀🔐🎉🐍🦀🌍🚀" + random.choice("🧪🧲🧬"))[0], 201)


# ---- 2.1.5 / 2.1.6: change needs the current password --------------------

def test_asvs_2_1_5_users_can_change_their_password(server, client, account):
    tokens = login_ok(server, account)
    new = strong_password()
    assert_json(_change(client, tokens["access_token"], account.password, new), 200)
    assert_token_response(login(client, account.email, new))


def test_asvs_2_1_6_password_change_requires_the_current_password(server, client, account):
    tokens = login_ok(server, account)
    body = assert_problem(_change(client, tokens["access_token"], account.password + "x", strong_password()),
                          400, "validation_error")
    assert "old_password" in body["errors"], body
    body = assert_problem(client.post("/api/auth/password/change", token=tokens["access_token"], json={
        "new_password": strong_password(), "new_password_confirm": strong_password()}), 400)
    assert_token_response(login(client, account.email, account.password))


# ---- 2.1.7: breached passwords refused at register, change and reset -----

BREACHED = ["trustno1", "LetMeIn123", "1Q2W3E4R5T", "Password123", "sunshine1"]


@pytest.mark.parametrize("password", BREACHED)
def test_asvs_2_1_7_breached_password_refused(client, password):
    body = _weak(register(client, password=password)[0])
    assert "breach" in " ".join(body["errors"]["password"]).lower(), body


def test_asvs_2_1_7_breached_list_holds_at_least_100000_entries_and_all_are_used(client):
    entries = _shipped_list()
    assert len(entries) >= 100000, len(entries)
    # Entries from every part of the list, far past the first 100,000
    # (the list is in the source's order, most common first), in upper case.
    rng = random.Random(20261201)
    picks = [entries[i] for i in sorted(rng.sample(range(len(entries)), 12))] + [entries[-1]]
    for password in picks:
        _weak(register(client, password=password.upper())[0])


def test_asvs_2_1_7_breached_password_refused_at_change_and_reset(server, client, account):
    tokens = login_ok(server, account)
    _weak(_change(client, tokens["access_token"], account.password, "trustno1"), "new_password")
    token = mailed_reset_token(server, account.email)
    _weak(reset(client, token, "LetMeIn123"), "new_password")
    # The refused reset left the token usable (API.md).
    assert_json(reset(client, token, strong_password()), 200)


def test_asvs_2_1_7_breached_password_refused_in_min12_profile(min12):
    entries = [e for e in _shipped_list() if len(e) >= 12]
    assert len(entries) > 1000
    _weak(register(min12.client, password=entries[len(entries) // 2])[0])


# ---- NIST §5.1.1.2 context-specific words --------------------------------

def test_nist_5_1_1_2_context_specific_words_refused_at_register(client):
    local = "ada.quillfeather." + _random_text(6)
    address = f"{local}@example.com"
    for password in (address, local, local + "1815", "Ada Quillfeather", "AdaQuillfeather!!", "QUILLFEATHER"):
        resp, _, _ = register(client, email=address, password=password, full_name="Ada Quillfeather")
        body = _weak(resp)
        assert "email" in " ".join(body["errors"]["password"]).lower(), body
    # The service's own name (app.name, "AuthServer") and derivatives.
    _weak(register(client, password="MyAuthServer2026")[0])
    # A passphrase that merely holds a first name is fine.
    assert_json(register(client, email=address, password="ada counts bernoulli " + _random_text(4),
                         full_name="Ada Quillfeather")[0], 201)


def test_nist_5_1_1_2_context_specific_words_refused_at_change_and_reset(server, client):
    local = "grace.hopper." + _random_text(6)
    acc = create_verified(server, email=f"{local}@example.com", full_name="Grace Hopper")
    tokens = login_ok(server, acc)
    _weak(_change(client, tokens["access_token"], acc.password, local + "!"), "new_password")
    _weak(_change(client, tokens["access_token"], acc.password, "GraceHopper1906"), "new_password")
    token = mailed_reset_token(server, acc.email)
    _weak(reset(client, token, acc.email.upper()), "new_password")
    _weak(reset(client, token, "grace hopper"), "new_password")


# ---- 2.1.9: no composition rules -----------------------------------------

def test_asvs_2_1_9_no_composition_rules(client):
    # Only lower-case letters, only digits-free words: accepted.
    assert_json(register(client, password=_random_text(16))[0], 201)
    assert_json(register(client, password="correct horse " + _random_text(8))[0], 201)


# ---- 2.4 credential storage (read back from the embedded database) --------

def _stored_hash(server, email):
    import sqlite3
    if server.defines.get("database.connector", "sqlite") != "sqlite":
        pytest.skip("reads the hash from the embedded SQLite database")
    with sqlite3.connect(server.defines["database.url"]) as db:
        row = db.execute("SELECT password_hash FROM users WHERE email = ?", (email,)).fetchone()
    assert row and row[0], row
    return row[0]


def test_asvs_2_4_1_and_2_4_4_passwords_are_stored_as_argon2id_at_the_configured_cost(server):
    acc = create_verified(server)
    phc = _stored_hash(server, acc.email)
    # PHC string format: $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>
    parts = phc.split("$")
    assert parts[1:4] == ["argon2id", "v=19", "m=19456,t=2,p=1"], phc
    assert acc.password not in phc


def test_asvs_2_4_2_every_hash_has_its_own_salt_of_at_least_128_bits(server):
    password = strong_password()
    a, b = create_verified(server, password=password), create_verified(server, password=password)
    salts = [_stored_hash(server, acc.email).split("$")[4] for acc in (a, b)]
    assert salts[0] != salts[1]
    # unpadded base64 (PHC): 22 characters carry 16 bytes = 128 bits (ASVS 2.4.2 asks 32 bits).
    assert all(len(s) >= 22 for s in salts), salts
