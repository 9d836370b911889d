"""The hosted pages behind the links in mails (issue 16.5): GET
/verify-email and /reset-password when app.frontendUrl is empty, and
/account/verify-email and /account/reset-password always. A GET never
verifies (mail scanners fetch links); the page's button POSTs the token. The
pages are server-rendered HTML without script under a CSP of default-src
'none' plus style-src 'self' and form-action 'self'."""

import re

import pytest

from authtest import (
    assert_json, assert_problem, assert_token_response, login, register_ok, reset_token,
    strong_password, verification_token,
)
from messaging import forgot, wait_reset_mail

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
PAGE_CSP = "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"


@pytest.fixture(scope="module")
def hosted(start_server):
    """A server without a front end: the links in mails point at itself."""
    return start_server({"app.frontendUrl": ""}, name="no-frontend")


def link_in(msg, path):
    from authtest import mail_text
    m = re.search(r"(https?://[^\s]+" + re.escape(path) + r"\?token=[A-Za-z0-9_-]+)", mail_text(msg))
    assert m, mail_text(msg)
    return m.group(1)


def assert_page(resp, status):
    assert resp.status_code == status, resp.text[:500]
    assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
    assert resp.headers["Content-Security-Policy"] == PAGE_CSP
    assert resp.headers["Cache-Control"] == "no-store"
    assert "<script" not in resp.text.lower()
    assert 'name="viewport"' in resp.text
    return resp.text


def test_verification_link_opens_a_page_on_this_server_when_no_front_end(hosted):
    acc = register_ok(hosted)
    link = link_in(hosted.wait_mail(acc.email), "/verify-email")
    assert link.startswith(hosted.base_url + "/verify-email?token=")
    page = assert_page(hosted.client.get(link[len(hosted.base_url):]), 200)
    assert 'action="/account/verify-email"' in page and 'method="post"' in page


def test_get_never_verifies_and_the_button_post_does(hosted):
    acc = register_ok(hosted)
    link = link_in(hosted.wait_mail(acc.email), "/verify-email")
    token = link.split("token=", 1)[1]
    for path in (link[len(hosted.base_url):], "/account/verify-email?token=" + token):
        assert_page(hosted.client.get(path), 200)
    assert_problem(login(hosted.client, acc.email, acc.password), 403, "email_not_verified")
    page = assert_page(hosted.client.post("/account/verify-email", data={"token": token}, headers=FORM), 200)
    assert 'id="result"' in page and 'class="success"' in page
    assert_token_response(login(hosted.client, acc.email, acc.password))
    # Single use: the same form again shows the failure page.
    again = assert_page(hosted.client.post("/account/verify-email", data={"token": token}, headers=FORM), 400)
    assert 'class="failure"' in again


def test_reset_form_shows_the_password_rules_errors_and_then_resets(hosted):
    acc = register_ok(hosted)
    hosted.wait_mail(acc.email)
    seen = set(hosted.mails_to(acc.email))
    assert_json(forgot(hosted.client, acc.email), 202)
    link = link_in(wait_reset_mail(hosted, acc.email, seen), "/reset-password")
    token = link.split("token=", 1)[1]
    page = assert_page(hosted.client.get(link[len(hosted.base_url):]), 200)
    assert 'action="/account/reset-password"' in page
    assert page.count('type="password"') == 2
    new = strong_password()
    mismatch = assert_page(hosted.client.post("/account/reset-password", headers=FORM, data={
        "token": token, "new_password": new, "new_password_confirm": new + "x"}), 400)
    assert 'id="errors"' in mismatch and "do not match" in mismatch
    weak = assert_page(hosted.client.post("/account/reset-password", headers=FORM, data={
        "token": token, "new_password": "password", "new_password_confirm": "password"}), 400)
    assert 'id="errors"' in weak and f'value="{token}"' in weak   # the token stays usable
    done = assert_page(hosted.client.post("/account/reset-password", headers=FORM, data={
        "token": token, "new_password": new, "new_password_confirm": new}), 200)
    assert 'class="success"' in done
    assert_token_response(login(hosted.client, acc.email, new))


def test_account_pages_are_served_with_a_front_end_and_root_links_go_there(server, client):
    acc = register_ok(server)
    token = verification_token(server.wait_verification_mail(acc.email))
    assert_page(client.get("/account/verify-email?token=" + token), 200)
    resp = client.get("/verify-email?token=" + token)
    assert resp.status_code == 302
    assert resp.headers["Location"] == "http://frontend.test/verify-email?token=" + token
    resp = client.get("/reset-password?token=abc")
    assert resp.status_code == 302 and resp.headers["Location"] == "http://frontend.test/reset-password?token=abc"


def test_pages_without_a_token_or_with_a_bad_one(client):
    assert "id=\"result\"" in assert_page(client.get("/account/verify-email"), 400)
    assert "id=\"result\"" in assert_page(client.get("/account/reset-password?token="), 400)
    bad = assert_page(client.post("/account/verify-email", data={"token": "nope"}, headers=FORM), 400)
    assert 'class="failure"' in bad
    new = strong_password()
    bad = assert_page(client.post("/account/reset-password", headers=FORM, data={
        "token": "nope", "new_password": new, "new_password_confirm": new}), 400)
    assert 'class="failure"' in bad


def test_page_values_are_html_escaped(client):
    page = assert_page(client.get("/account/verify-email?token=%22%3E%3Cscript%3Ex%3C/script%3E"), 200)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_forms_want_a_urlencoded_body(client):
    assert_problem(client.post("/account/verify-email", json={"token": "x"}), 415, "unsupported_media_type")
    assert_problem(client.post("/account/verify-email", data="token=a&token=b", headers=FORM), 400, "validation_error")


def test_stylesheet_is_self_hosted(client):
    resp = client.get("/account/style.css")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "text/css; charset=utf-8"
    assert "max-width" in resp.text
