#!/usr/bin/env bash
# Configures and builds AuthServer into build/ (tests on or off).
# Usage: scripts/build.sh [ON|OFF]
set -euo pipefail
cd "$(dirname "$0")/.."
tests="${1:-ON}"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAUTHSERVER_BUILD_TESTS="$tests" >/dev/null
cmake --build build -j"$(nproc)"
