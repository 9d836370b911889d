#!/usr/bin/env bash
# One command on a fresh Debian machine: install dependencies, build, and run
# AuthServer on the embedded default (SQLite in var/, mail in var/mail/,
# SMS in var/sms.jsonl) at http://127.0.0.1:8000. Extra arguments go to the
# server, e.g. scripts/run.sh --define=http.port=9000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
scripts/build.sh OFF
exec build/bin/authserver "$@"
