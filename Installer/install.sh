#!/usr/bin/env bash
# Installs AuthServer on this Debian machine as the systemd service
# `authserver`, from a built package or from this source tree.
#
#   sudo Installer/install.sh PATH/authserver_VERSION-1_ARCH.deb   install that package
#   sudo Installer/install.sh                                       build the package from this
#                                                                   tree (scripts/package.sh), then
#                                                                   install it
#
# apt-get installs the package's dependencies (libpoco*, libargon2-1, ...).
# The package creates the system user `authserver`, /var/lib/authserver
# (data) and /var/log/authserver, installs the site file
# /etc/authserver/AuthServer.properties (edit it, then
# `systemctl restart authserver`) and enables the service; when systemd runs
# the service is started and this script waits for GET /health to answer.
# Remove with `apt-get remove authserver` (keeps data and settings) or
# `apt-get purge authserver` (deletes them and the user).
set -euo pipefail

if [[ $(id -u) -ne 0 ]]; then
	echo "install.sh: run as root (sudo $0 $*)" >&2
	exit 1
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
if (($# > 1)); then
	echo "usage: $0 [PACKAGE.deb]" >&2
	exit 2
fi
if (($# == 1)); then
	deb=$(readlink -f "$1")
	[[ -f "$deb" ]] || { echo "install.sh: $1 does not exist" >&2; exit 1; }
else
	"$repo/scripts/install-deps.sh" build
	echo "building the package from $repo"
	deb=$("$repo/scripts/package.sh")
fi

echo "installing $deb"
DEBIAN_FRONTEND=noninteractive apt-get install -y "$deb"

if [[ -d /run/systemd/system ]]; then
	# The port of the site file if it sets one, else the default 8000.
	port=$(sed -n 's/^[[:space:]]*http\.port[[:space:]]*=[[:space:]]*\([0-9][0-9]*\).*/\1/p' /etc/authserver/AuthServer.properties | tail -1)
	port=${port:-8000}
	for _ in $(seq 1 30); do
		if systemctl is-active --quiet authserver; then
			if ! command -v curl >/dev/null; then
				echo "authserver is running (journalctl -u authserver for its log)"
				exit 0
			fi
			if curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; then
				echo "authserver is running: http://127.0.0.1:$port/health answers (journalctl -u authserver for its log)"
				exit 0
			fi
		fi
		sleep 1
	done
	echo "install.sh: the package is installed but the service does not answer on port $port:" >&2
	systemctl --no-pager status authserver >&2 || true
	exit 1
fi
echo "installed; systemd is not running here, so the service was not started."
echo "start it by hand: cd /var/lib/authserver && setpriv --reuid=authserver --regid=authserver --init-groups /usr/bin/authserver --config=/etc/authserver/AuthServer.properties"
