#!/usr/bin/env bash
# Builds the Debian package of AuthServer with CPack into build/ and prints
# its path (build/authserver_<version>-1_<arch>.deb). Builds first: an
# existing build/ is rebuilt incrementally as configured, a missing one is
# configured without the test suites. Needs dpkg-dev (dpkg-shlibdeps) for
# the dependency list: scripts/install-deps.sh installs it.
# Usage: scripts/package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -f build/CMakeCache.txt ]]; then
	cmake --build build -j"$(nproc)" >/dev/null
else
	scripts/build.sh OFF >/dev/null
fi
rm -f build/authserver_*.deb
if ! (cd build && cpack -G DEB >cpack.log 2>&1); then
	cat build/cpack.log >&2
	echo "package.sh: cpack failed (log above, build/cpack.log)" >&2
	exit 1
fi
deb=(build/authserver_*.deb)
[[ -f "${deb[0]}" ]] || { echo "package.sh: cpack wrote no build/authserver_*.deb" >&2; exit 1; }
echo "$(pwd)/${deb[0]}"
