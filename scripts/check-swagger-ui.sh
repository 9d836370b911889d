#!/usr/bin/env bash
# Renders the Swagger UI page (GET /api/docs) in Debian's headless Chromium
# with npm's playwright-core (installed from Testsuite/browser/package-lock.json
# into build/browser-npm; never a downloaded browser) and checks what it shows
# (Testsuite/e2e/test_swagger_ui_browser.py); the screenshot lands in
# build/test-artifacts/swagger.png. Also drives the hosted verify/reset pages
# at a phone's viewport (Testsuite/e2e/test_account_pages_browser.py,
# screenshots build/test-artifacts/account-*.png), and registers and uses a
# passkey through a DevTools virtual authenticator
# (Testsuite/e2e/test_webauthn_browser.py). Run after scripts/build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build/browser-npm
if ! cmp -s Testsuite/browser/package-lock.json build/browser-npm/package-lock.json || [[ ! -d build/browser-npm/node_modules/playwright-core ]]; then
	cp Testsuite/browser/package.json Testsuite/browser/package-lock.json build/browser-npm/
	(cd build/browser-npm && timeout 300 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
AUTHSERVER_REQUIRE_BROWSER=1 /usr/bin/python3 -m pytest -q Testsuite/e2e/test_swagger_ui_browser.py Testsuite/e2e/test_account_pages_browser.py \
	Testsuite/e2e/test_webauthn_browser.py
