"""OWASP ASVS 4.0.3 V5 (validation, sanitization and encoding), black-box.
Each test is named after the requirement it proves."""

import json
import os
from urllib.parse import quote

import pytest

import authtest
from authtest import (
    assert_json, assert_problem, create_verified, login, login_ok, mail_html, mail_text, register,
    unique_email,
)
from messaging import forgot, wait_reset_mail
from test_admin import create_admin


@pytest.fixture(scope="module")
def admin_token(server):
    proc, acc = create_admin(server)
    assert proc.returncode == 0, proc.stderr
    return login_ok(server, acc)["access_token"]


def raw_post(client, path, body, content_type="application/json"):
    return client.request("POST", path, data=body, headers={"Content-Type": content_type})


def test_asvs_5_1_1_json_member_given_twice_is_refused(client, account):
    # {"email": <victim>, "email": <attacker>}: one parser keeps the first,
    # another the last; the server refuses instead of picking.
    body = '{"email":"%s","password":"x","email":"other@example.com"}' % account.email
    assert_problem(raw_post(client, "/api/auth/login", body), 400, "invalid_json")
    body = '{"email":"a@example.com","nested":{"k":1,"k":2}}'
    assert_problem(raw_post(client, "/api/auth/password/forgot", body), 400, "invalid_json")


def test_asvs_5_1_1_query_parameter_given_twice_is_refused(client, admin_token):
    resp = client.get("/api/admin/users?page=1&page=2", token=admin_token)
    body = assert_problem(resp, 400, "validation_error")
    assert "page" in body["errors"]
    resp = client.get("/api/admin/audit?user_id=1&user_id=2", token=admin_token)
    assert_problem(resp, 400, "validation_error")
    assert_json(client.get("/api/admin/users?page=1&page_size=5", token=admin_token), 200)


def test_asvs_5_1_2_mass_assignment_unknown_and_protected_fields_refused(client, logged_in):
    _, t = logged_in
    for extra in ({"role": "admin"}, {"is_active": False}, {"phone_verified": True},
                  {"needs_profile_completion": False}, {"created_at": "2000-01-01T00:00:00Z"}, {"nonsense": 1}):
        resp = client.patch("/api/auth/profile", json={"bio": "x", **extra}, token=t["access_token"])
        body = assert_problem(resp, 400, "validation_error")
        assert set(extra) <= set(body["errors"]), body


def test_asvs_5_1_3_allowlist_validation_of_registration_fields(client):
    cases = [
        ({"role": "admin"}, "role"),
        ({"role": "superuser"}, "role"),
        ({"full_name": "x" * 151}, "full_name"),
        ({"phone_number": "not a phone"}, "phone_number"),
    ]
    for extra, field in cases:
        resp, _, _ = register(client, **extra)
        assert resp.status_code == 400, (extra, resp.text)
        assert field in resp.json().get("errors", {}), (extra, resp.json())


def test_asvs_5_1_3_allowlist_validation_of_profile_fields(client, logged_in):
    _, t = logged_in
    for field, value in (("avatar_url", "javascript:alert(1)"), ("avatar_url", "file:///etc/passwd"),
                         ("avatar_url", "data:text/html,<script>"), ("birth_date", "2999-01-01"),
                         ("birth_date", "01/02/1990"), ("bio", "b" * 501), ("location", "l" * 101),
                         ("otp_channel", "carrier-pigeon")):
        resp = client.patch("/api/auth/profile", json={field: value}, token=t["access_token"])
        body = assert_problem(resp, 400, "validation_error")
        assert field in body["errors"], (field, value, body)


def test_asvs_5_1_4_structured_data_is_typed(client, logged_in):
    _, t = logged_in
    for field, value in (("otp_login_enabled", "true"), ("otp_login_enabled", 1), ("bio", 5),
                         ("full_name", ["a"]), ("birth_date", {"y": 1990})):
        resp = client.patch("/api/auth/profile", json={field: value}, token=t["access_token"])
        body = assert_problem(resp, 400, "validation_error")
        assert field in body["errors"], (field, value, body)
    for email in ("plainaddress", "a@", "@example.com", "a b@example.com", "a@example.com\r\nBcc: x@y.z"):
        resp, _, _ = register(client, email=email)
        assert resp.status_code == 400, (email, resp.text)


def test_asvs_5_1_4_phone_numbers_are_normalised_to_e164_or_refused(client):
    for bad in ("12345", "+1", "+999 123", "+91 62058 2937", "tel:+1-650", "+91620582937612345"):
        resp = client.post("/api/auth/phone/signup", json={"phone_number": bad})
        assert_problem(resp, 400, "invalid_phone_number")


def test_asvs_5_1_5_links_in_mails_ignore_the_host_header(server, client, account):
    # The reset link is built from app.frontendUrl, never from Host or
    # X-Forwarded-Host (no open redirect / poisoned reset link).
    seen = set(server.mails_to(account.email))
    resp = client.post("/api/auth/password/forgot", json={"email": account.email},
                       headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"})
    assert resp.status_code == 202, resp.text
    msg = wait_reset_mail(server, account.email, seen)
    assert "evil.example" not in mail_text(msg) + mail_html(msg)
    assert authtest.FRONTEND + "/reset-password?token=" in mail_text(msg)


def test_asvs_5_2_3_mail_header_injection_through_the_name_is_neutralised(server, client):
    address = unique_email("hdr")
    resp, _, _ = register(client, email=address, full_name="Eve\r\nBcc: victim@evil.example\r\nSubject: pwned")
    if resp.status_code == 400:
        return  # refused outright: equally safe
    assert resp.status_code == 201, resp.text
    msg = server.wait_verification_mail(address)
    assert msg.get_all("Bcc") is None
    assert "pwned" not in str(msg["Subject"])
    assert all("evil.example" not in str(v) for v in msg.get_all("To", []))


def test_asvs_5_3_1_and_5_3_3_user_text_is_html_escaped_in_mails(server, client):
    address = unique_email("xss")
    resp, _, _ = register(client, email=address, full_name='<script>alert("x")</script><img src=x onerror=1>')
    assert resp.status_code == 201, resp.text
    html = mail_html(server.wait_verification_mail(address))
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html or "&lt;script>" in html


def test_asvs_5_3_4_sql_metacharacters_are_data_not_code(server, client, admin_token):
    for email in ("' OR '1'='1' --@example.com", "a@example.com' OR 1=1 --", "x@example.com\"; DROP TABLE users; --"):
        resp = login(client, email, "' OR '1'='1")
        assert resp.status_code in (400, 401), resp.text
    acc = create_verified(server)
    assert login_ok(server, acc)  # the users table is intact
    for q in ("' OR '1'='1", "%' --", "\\", "'; DELETE FROM users; --"):
        body = assert_json(client.get(f"/api/admin/users?q={quote(q, safe='')}", token=admin_token), 200)
        assert body["total"] == 0, (q, body["total"])


def test_asvs_5_5_2_xml_bodies_are_not_parsed(client):
    xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
    for ctype in ("application/xml", "text/xml"):
        resp = raw_post(client, "/api/auth/login", xxe, ctype)
        assert_problem(resp, 415, "unsupported_media_type")
        assert "root:" not in resp.text


def test_asvs_5_5_3_deserialisation_is_bounded_in_size_and_depth(client):
    deep = "[" * 5000 + "]" * 5000
    assert_problem(raw_post(client, "/api/auth/login", '{"email":' + deep + "}"), 400, "invalid_json")
    assert_problem(raw_post(client, "/api/auth/login", '{"a":' * 100 + "1" + "}" * 100), 400, "invalid_json")
    assert_problem(raw_post(client, "/api/auth/login", json.dumps({"email": "a" * 70000})), 413, "payload_too_large")
    # Numbers beyond any integer or double, invalid UTF-8 and lone surrogates.
    for body in (b'{"email":1e999999,"password":123456789012345678901234567890}',
                 b'{"email":"\xff\xfe","password":"x"}', b'{"email":"\\ud800","password":"x"}',
                 b'{"email":"a@example.com","password":"\x00"}'):
        resp = client.request("POST", "/api/auth/login", data=body, headers={"Content-Type": "application/json"})
        assert resp.status_code in (400, 401), (body, resp.status_code, resp.text)
        authtest.assert_problem(resp, resp.status_code)
