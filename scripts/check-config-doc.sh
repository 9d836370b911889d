#!/usr/bin/env bash
# Checks that Docs/CONFIGURATION.md is exactly what `authserver --list-config`
# prints from the key table (Modules/Core/src/ConfigKeyTable.cpp). After a
# change to the table, regenerate it:
#   build/bin/authserver --list-config > Docs/CONFIGURATION.md
# Run after scripts/build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${AUTHSERVER_BIN:-build/bin/authserver}"
generated="$(mktemp)"
trap 'rm -f "$generated"' EXIT
"$bin" --list-config > "$generated"
if ! diff -u Docs/CONFIGURATION.md "$generated"; then
	echo "Docs/CONFIGURATION.md differs from '$bin --list-config' (above); regenerate it: $bin --list-config > Docs/CONFIGURATION.md" >&2
	exit 1
fi
echo "Docs/CONFIGURATION.md matches --list-config"
