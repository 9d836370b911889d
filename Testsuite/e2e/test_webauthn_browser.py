"""Passkeys in headless Chromium (issue 15): Debian's /usr/bin/chromium
driven by npm's playwright-core (Testsuite/browser/webauthn.js) with a
DevTools virtual authenticator (WebAuthn.addVirtualAuthenticator) registers
a passkey from the server's own origin, uses it as the second factor of a
password login, then for a passwordless login with a discoverable
credential. The server runs with app.publicUrl on http://localhost (a
secure context; browsers refuse an IP address as the relying party id), so
webauthn.rpId and webauthn.origins take their defaults from it.

scripts/check-swagger-ui.sh installs playwright-core into build/browser-npm
and runs the browser tests with AUTHSERVER_REQUIRE_BROWSER=1 (CI)."""

import json
import os
import subprocess

import pytest

import authtest
from authtest import REPO, create_verified, login_ok
from test_swagger_ui_browser import CHROMIUM, NODE_MODULES, missing_tools

SCRIPT = os.path.join(REPO, "Testsuite", "browser", "webauthn.js")


@pytest.fixture(scope="module")
def localhost_server():
    missing = missing_tools()
    if missing:
        if os.environ.get("AUTHSERVER_REQUIRE_BROWSER"):
            pytest.fail("browser test cannot run: " + "; ".join(missing), pytrace=False)
        pytest.skip("browser test needs " + "; ".join(missing))
    srv = authtest.Server(name="webauthn-localhost")
    srv.defines["app.publicUrl"] = f"http://localhost:{srv.port}"
    srv.start()
    yield srv
    srv.stop()


def test_chromium_virtual_authenticator_registers_passkey_then_second_factor_and_passwordless_login(localhost_server):
    srv = localhost_server
    account = create_verified(srv)
    tokens = login_ok(srv, account)
    env = dict(os.environ, NODE_PATH=NODE_MODULES, CHROMIUM=CHROMIUM)
    result = subprocess.run(["node", SCRIPT, f"http://localhost:{srv.port}", account.email, account.password,
                             tokens["access_token"]], capture_output=True, text=True, timeout=180, env=env,
                            cwd=os.path.join(REPO, "Testsuite", "browser"))
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, "no report from webauthn.js (exit %d)\n%s\n%s" % (result.returncode, result.stdout, result.stderr)
    report = json.loads(lines[-1])
    assert result.returncode == 0 and "error" not in report, "%s\n%s\n%s" % (report.get("error"), result.stderr, srv.logs())
    assert report["registerStatus"] == 201, report
    assert report["passkey"]["name"] == "Chromium"
    assert report["loginStatus"] == 200 and report["mfaMethods"] == ["webauthn"], report
    assert report["mfaStatus"] == 200 and report["mfaEmail"] == account.email, report
    assert report["passwordlessStatus"] == 200 and report["passwordlessEmail"] == account.email, report
    assert report["passwordlessHasTokens"] is True
    # One discoverable passkey for this origin's host; its counter grew with
    # each of the two assertions (Chromium also counts the registration).
    assert len(report["credentials"]) == 1, report
    assert report["credentials"][0]["isResidentCredential"] is True and report["credentials"][0]["rpId"] == "localhost"
    assert report["credentials"][0]["signCount"] >= 2, report
    assert report["pageErrors"] == []
