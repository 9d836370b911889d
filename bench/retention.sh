#!/usr/bin/env bash
# Retention under load (issue 14): 100,000 refreshes (4 clients, a session
# abandoned every 200 refreshes) against a server whose sessions idle out
# after 2 s and are deleted 1 s later, audit events after 3 s, the job
# running every second. Prints the peak and final row counts and the SQLite
# file size; fails if the counts are not bounded or a valid row was deleted.
# It is Testsuite/e2e/test_retention.py with more refreshes.
#
#   bench/retention.sh [REFRESHES]      (default 100000)
#
# Environment: AUTHSERVER_BIN (default <repo>/build/bin/authserver);
# AUTHSERVER_E2E_DEFINES as for the e2e suite (e.g. PostgreSQL + Redis).
set -euo pipefail
cd "$(dirname "$0")/.."
export RETENTION_REFRESHES="${1:-100000}"
exec /usr/bin/python3 -m pytest -q -s -x Testsuite/e2e/test_retention.py
