"""The hosted account pages in headless Chromium at a phone's viewport
(Debian's /usr/bin/chromium driven by npm's playwright-core,
Testsuite/browser/account_pages.js), issue 16.5: the verification link from
the outbox .eml opens a page whose one button confirms the address, and the
account can then log in; the reset link opens a form that lists the
password rules' errors and then sets the new password, which logs in. No
script, no CSP violation, nothing from another origin, the self-hosted
stylesheet applies, no sideways scrolling. Screenshots are kept in
build/test-artifacts/account-*.png.

scripts/check-swagger-ui.sh installs playwright-core into build/browser-npm
and runs this test with AUTHSERVER_REQUIRE_BROWSER=1 (CI)."""

import json
import os
import re
import subprocess

import pytest

from authtest import REPO, assert_json, assert_problem, assert_token_response, login, mail_text, register_ok, strong_password
from messaging import forgot, wait_reset_mail
from test_swagger_ui_browser import CHROMIUM, NODE_MODULES, missing_tools

SCRIPT = os.path.join(REPO, "Testsuite", "browser", "account_pages.js")
ARTIFACTS = os.path.join(REPO, "build", "test-artifacts")


@pytest.fixture(scope="module")
def hosted(start_server):
    missing = missing_tools()
    if missing:
        if os.environ.get("AUTHSERVER_REQUIRE_BROWSER"):
            pytest.fail("browser test cannot run: " + "; ".join(missing), pytrace=False)
        pytest.skip("browser test needs " + "; ".join(missing))
    return start_server({"app.frontendUrl": ""}, name="no-frontend-browser")


def link_in(msg, path):
    m = re.search(r"(https?://\S+" + re.escape(path) + r"\?token=[A-Za-z0-9_-]+)", mail_text(msg))
    assert m, mail_text(msg)
    return m.group(1)


def browse(*args):
    env = dict(os.environ, NODE_PATH=NODE_MODULES, CHROMIUM=CHROMIUM)
    result = subprocess.run(["node", SCRIPT, *args], capture_output=True, text=True, timeout=180, env=env,
                            cwd=os.path.join(REPO, "Testsuite", "browser"))
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, "no report from account_pages.js (exit %d)\n%s\n%s" % (result.returncode, result.stdout, result.stderr)
    report = json.loads(lines[-1])
    assert result.returncode == 0 and "error" not in report, "%s\n%s" % (report.get("error"), result.stderr)
    return report


def assert_clean(report, expected_console_errors=()):
    assert report["formStatus"] == 200
    assert report["scripts"] == 0
    assert report["stylesheetApplied"] is True
    assert report["horizontalScroll"] is False
    assert report["cspViolations"] == []
    assert report["pageErrors"] == []
    assert report["foreignRequests"] == []
    assert report["consoleErrors"] == list(expected_console_errors)
    for shot in report["screenshots"]:
        with open(shot, "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_verification_link_from_the_outbox_confirms_with_one_button_then_login_works(hosted):
    acc = register_ok(hosted)
    link = link_in(hosted.wait_mail(acc.email), "/verify-email")
    assert link.startswith(hosted.base_url + "/verify-email?token=")
    assert_problem(login(hosted.client, acc.email, acc.password), 403, "email_not_verified")
    report = browse("verify", link, os.path.join(ARTIFACTS, "account-verify"))
    assert_clean(report)
    assert report["title"].startswith("Confirm your email address"), report["title"]
    assert report["resultTitle"].startswith("Email address confirmed"), report["resultTitle"]
    assert report["resultClass"] == "success", report
    assert_token_response(login(hosted.client, acc.email, acc.password))


def test_password_reset_through_the_form_shows_rule_errors_then_logs_in(hosted):
    acc = register_ok(hosted)
    hosted.wait_mail(acc.email)
    seen = set(hosted.mails_to(acc.email))
    assert_json(forgot(hosted.client, acc.email), 202)
    link = link_in(wait_reset_mail(hosted, acc.email, seen), "/reset-password")
    new = strong_password()
    report = browse("reset", link, new, os.path.join(ARTIFACTS, "account-reset"))
    # The refused attempt is answered 400 (the form again, with the errors);
    # Chromium logs every 4xx document load as a console error.
    assert_clean(report, ["Failed to load resource: the server responded with a status of 400 (Bad Request)"])
    assert report["title"].startswith("Choose a new password"), report["title"]
    assert "do not match" in report["errorsText"], report["errorsText"]
    assert report["resultTitle"].startswith("Password changed"), report["resultTitle"]
    assert report["resultClass"] == "success", report
    assert_token_response(login(hosted.client, acc.email, new))
    assert_problem(login(hosted.client, acc.email, acc.password), 401, "invalid_credentials")
