#!/usr/bin/env bash
# Checks Api/openapi.json: a valid OpenAPI 3 document (swagger-parser from
# npm, installed into build/npm), and it matches the served routes
# (build/bin/authserver --list-routes). Run after scripts/build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build/npm
cp Testsuite/openapi/package.json build/npm/package.json
if [[ ! -d build/npm/node_modules/@apidevtools/swagger-parser ]]; then
	(cd build/npm && timeout 300 npm install --no-audit --no-fund --loglevel=error)
fi
NODE_PATH="$PWD/build/npm/node_modules" node Testsuite/openapi/validate.js Api/openapi.json
/usr/bin/python3 Testsuite/openapi/check_routes.py "${AUTHSERVER_BIN:-build/bin/authserver}" Api/openapi.json
