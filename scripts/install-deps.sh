#!/usr/bin/env bash
# Installs AuthServer's Debian build, run and test dependencies.
# Usage: scripts/install-deps.sh [build|test|bench]   (default: build)
# Idempotent: packages already installed are skipped, apt-get update runs
# only when something is missing.
set -euo pipefail

profile="${1:-build}"
packages=(
	build-essential cmake pkg-config
	libpoco-dev libssl-dev libpq-dev libsqlite3-dev
	libargon2-dev libphonenumber-dev libkainjow-mustache-dev
	libqrencode-dev      # QR codes (SVG) of TOTP secrets (Modules/SecondFactor)
	libcbor-dev          # CBOR of WebAuthn attestation objects and COSE keys (Modules/SecondFactor)
	libcrypt-dev         # libxcrypt's crypt_r: bcrypt ($2b$) of imported Django hashes (Modules/DjangoImport)
	libjemalloc-dev      # the server's malloc (AuthServer/CMakeLists.txt, AUTHSERVER_JEMALLOC)
	libicu-dev           # NFKC, Unicode properties, TS #39 skeletons (input checks, NIST 800-63B §5.1.1.2)
	dpkg-dev             # dpkg-shlibdeps: the .deb's dependencies (scripts/package.sh)
	nodejs               # npm at build time: the breached-password list (ThirdParty/passwords) and swagger-ui-dist (Docs/)
)
if [[ "$profile" == test || "$profile" == bench ]]; then
	packages+=(libcppunit-dev python3 python3-pytest python3-requests python3-jwt python3-cryptography
		python3-aiosmtpd openssl    # a real SMTP server and test certificates for the mail tests
		python3-pyotp              # TOTP codes computed independently (Testsuite/e2e/test_mfa_totp.py)
		python3-fido2              # WebAuthn client data and a second relying-party check (Testsuite/e2e/test_webauthn_passkeys.py)
		python3-django python3-djangorestframework-simplejwt   # legacy refresh tokens minted by the real simplejwt (Testsuite/e2e/test_compat_legacy_tokens.py)
		python3-argon2 python3-bcrypt   # Django's Argon2 and bcrypt hashers: real Django users and hashes (Testsuite/e2e/test_django_import.py)
		nodejs                      # the OpenAPI validator from npm (scripts/check-openapi.sh)
		chromium                    # headless Swagger UI check (scripts/check-swagger-ui.sh)
		postgresql redis-server)   # private instances started by scripts/backends.sh
fi
[[ "$profile" == test ]] && packages+=(curl)   # the package test (Testsuite/package/test_deb.sh)
if [[ "$profile" == test ]]; then
	# scripts/fuzz.sh: clang, libFuzzer and the ASan/UBSan runtimes
	# (libclang-rt-14-dev is only a Recommends of clang), llvm-symbolizer.
	packages+=(clang libclang-rt-14-dev llvm-14)
fi
if [[ "$profile" == bench ]]; then
	packages+=(wrk python3-django python3-djangorestframework python3-djangorestframework-simplejwt gunicorn python3-argon2
		python3-psycopg2)   # the Django peer on PostgreSQL (bench/run.sh, PEER_DB=postgres)
fi

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
	echo "installing: ${missing[*]}"
	sudo_cmd=()
	[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
	"${sudo_cmd[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# Debian's nodejs comes without npm (a separate package); a nodesource nodejs
# brings its own and conflicts with Debian's npm, so ask for npm only if missing.
if ! command -v npm >/dev/null; then   # every profile: the build runs npm ci (Docs/)
	sudo_cmd=()
	[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
	"${sudo_cmd[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends npm
fi
