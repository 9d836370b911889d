#!/usr/bin/env bash
# Configures and builds AuthServer into build/ (tests on or off).
# Usage: scripts/build.sh [ON|OFF]
# A compiler warning in AuthServer's own code fails the build
# (AUTHSERVER_WERROR; AUTHSERVER_WERROR=OFF scripts/build.sh to only print it).
set -euo pipefail
cd "$(dirname "$0")/.."
tests="${1:-ON}"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAUTHSERVER_BUILD_TESTS="$tests" \
	-DAUTHSERVER_WERROR="${AUTHSERVER_WERROR:-ON}" >/dev/null
cmake --build build -j"$(nproc)"
