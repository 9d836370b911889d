#!/usr/bin/env bash
# One command on a fresh Debian machine: install dependencies, build, and run
# every test: the CppUnit suites of each module (ctest) and the end-to-end
# suite against the real build/bin/authserver (pytest). Exits non-zero on
# any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
scripts/build.sh ON
echo "== CppUnit suites (ctest)"
(cd build && ctest --output-on-failure)
echo "== OpenAPI document (valid, and matches the served routes)"
scripts/check-openapi.sh
echo "== end-to-end suite (pytest against build/bin/authserver)"
# Debian's python3 sees python3-pytest/requests/jwt; a pyenv python3 may not.
/usr/bin/python3 -m pytest -q Testsuite/e2e
