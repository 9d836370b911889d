"""RS256 / ES256 signing keys, the JWKS and key rotation (issue 8).

Tokens issued by the running server are verified with an independent
library (PyJWT + cryptography) using ONLY the JWK set served at
/.well-known/jwks.json.  Keys come from `authserver --generate-keys`.
"""

import json
import os
import shutil
import stat
import subprocess
import tempfile

import jwt
import pytest

import authtest
from authtest import assert_invalid_token_401, b64url_encode, jwt_compose, jwt_parts


def generate_keys(directory, algorithm):
    proc = subprocess.run(
        [authtest.server_binary(), f"--generate-keys={directory}", f"--define=jwt.algorithm={algorithm}"],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    props = {}
    for line in proc.stdout.splitlines():
        if line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        props[key.strip()] = value.strip()
    return props


@pytest.fixture(scope="module")
def keydir():
    path = tempfile.mkdtemp(prefix="authserver-keys-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


def start(defines, name):
    srv = authtest.Server(defines, name=name)
    srv.start()
    return srv


def fetch_jwks(srv):
    resp = srv.client.get("/.well-known/jwks.json")
    assert resp.status_code == 200, resp.text
    assert "max-age=" in resp.headers.get("Cache-Control", "")
    return resp.json()


def verify_with_jwks(token, jwks, algorithm):
    """Verify `token` with PyJWT using only the JWK set; returns the claims."""
    kid = jwt.get_unverified_header(token)["kid"]
    matching = [k for k in jwks["keys"] if k["kid"] == kid]
    assert len(matching) == 1, (kid, jwks)
    key = jwt.PyJWK(matching[0])
    return jwt.decode(token, key.key, algorithms=[algorithm], issuer=authtest.ISSUER,
                      options={"verify_aud": False})


def assert_public_only(jwks, algorithm):
    kty = "RSA" if algorithm == "RS256" else "EC"
    public = {"RSA": {"kty", "kid", "alg", "use", "n", "e"},
              "EC": {"kty", "kid", "alg", "use", "crv", "x", "y"}}[kty]
    assert jwks["keys"], jwks
    for k in jwks["keys"]:
        assert set(k) == public, k  # never d, p, q, dp, dq, qi
        assert k["kty"] == kty and k["alg"] == algorithm and k["use"] == "sig"
        if kty == "EC":
            assert k["crv"] == "P-256"


@pytest.mark.parametrize("algorithm", ["RS256", "ES256"])
def test_generate_keys_writes_private_key_0600(keydir, algorithm):
    d = os.path.join(keydir, "gen-" + algorithm)
    props = generate_keys(d, algorithm)
    assert props["jwt.algorithm"] == algorithm
    assert os.path.samefile(props["jwt.privateKeyFile"], os.path.join(d, "private.pem"))
    assert os.path.samefile(props["jwt.publicKeyFile"], os.path.join(d, "public.pem"))
    assert stat.S_IMODE(os.stat(props["jwt.privateKeyFile"]).st_mode) == 0o600
    # Refuses to overwrite an existing key.
    proc = subprocess.run([authtest.server_binary(), f"--generate-keys={d}", f"--define=jwt.algorithm={algorithm}"],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode != 0
    proc = subprocess.run([authtest.server_binary(), f"--generate-keys={d}-hs"],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 78 and "jwt.algorithm" in proc.stderr


@pytest.mark.parametrize("algorithm", ["RS256", "ES256"])
def test_tokens_verify_with_jwks_and_survive_rotation(keydir, algorithm):
    old = generate_keys(os.path.join(keydir, "old-" + algorithm), algorithm)
    new = generate_keys(os.path.join(keydir, "new-" + algorithm), algorithm)
    first = start(old, name=f"{algorithm}-old")
    second = None
    try:
        acc = authtest.create_verified(first)
        tokens = authtest.login_ok(first, acc)
        access, refresh = tokens["access_token"], tokens["refresh_token"]
        jwks = fetch_jwks(first)
        assert_public_only(jwks, algorithm)
        assert len(jwks["keys"]) == 1
        header, _, _ = jwt_parts(access)
        assert header["alg"] == algorithm and header["kid"] == jwks["keys"][0]["kid"]
        claims = verify_with_jwks(access, jwks, algorithm)
        assert claims["sub"] == str(acc.id) and claims["typ"] == "access"
        assert verify_with_jwks(refresh, jwks, algorithm)["typ"] == "refresh"
        old_kid = header["kid"]
        # A tampered signature does not verify with the JWKS either.
        h, p, s = access.split(".")
        with pytest.raises(jwt.InvalidSignatureError):
            verify_with_jwks(f"{h}.{p}.{authtest.flip_char(s, 5)}", jwks, algorithm)

        # Rotation: the new key signs, the old public key is retired; same
        # database, restarted server.
        first.stop()
        defines = dict(new)
        defines["jwt.previousPublicKeyFiles"] = old["jwt.publicKeyFile"]
        defines["database.url"] = first.defines["database.url"]
        second = start(defines, name=f"{algorithm}-rotated")
        jwks2 = fetch_jwks(second)
        assert_public_only(jwks2, algorithm)
        kids = [k["kid"] for k in jwks2["keys"]]
        assert len(kids) == 2 and old_kid in kids and kids[0] != old_kid
        # The old token is still accepted and still verifies with the new JWKS.
        resp = authtest.profile(second.client, access)
        assert resp.status_code == 200, resp.text
        verify_with_jwks(access, jwks2, algorithm)
        # Its refresh token rotates into tokens signed by the new key.
        resp = authtest.refresh(second.client, refresh)
        assert resp.status_code == 200, resp.text
        renewed = resp.json()["access_token"]
        assert jwt.get_unverified_header(renewed)["kid"] == kids[0]
        verify_with_jwks(renewed, jwks2, algorithm)
        assert authtest.profile(second.client, renewed).status_code == 200
    finally:
        first.stop()
        if second is not None:
            second.stop()
        first.cleanup()
        if second is not None:
            second.cleanup()


@pytest.fixture(scope="module")
def rs256_server(keydir):
    props = generate_keys(os.path.join(keydir, "refusals"), "RS256")
    srv = start(props, name="RS256-refusals")
    yield srv, props
    srv.stop()
    srv.cleanup()


def test_refusals_under_rs256(rs256_server):
    srv, props = rs256_server
    acc = authtest.create_verified(srv)
    access = authtest.login_ok(srv, acc)["access_token"]
    header, payload, _ = jwt_parts(access)
    assert authtest.profile(srv.client, access).status_code == 200

    # alg none, with and without the kid.
    for h in ({"alg": "none", "typ": "JWT"}, {"alg": "none", "typ": "JWT", "kid": header["kid"]}):
        assert_invalid_token_401(authtest.profile(srv.client, jwt_compose(h, payload)))

    # Algorithm confusion (RFC 8725 §2.1): HS256 keyed with the public key PEM.
    with open(props["jwt.publicKeyFile"], "rb") as f:
        pem = f.read()
    import hmac, hashlib
    h = dict(header, alg="HS256")
    unsigned = jwt_compose(h, payload)[:-1]
    mac = hmac.new(pem, unsigned.encode(), hashlib.sha256).digest()
    assert_invalid_token_401(authtest.profile(srv.client, unsigned + "." + b64url_encode(mac)))

    # Unknown kid, missing kid: validly signed with the server's own private
    # key, so only the kid is wrong.
    with open(props["jwt.privateKeyFile"], "rb") as f:
        private_pem = f.read()
    same = jwt.encode(payload, private_pem, algorithm="RS256", headers={"kid": header["kid"]})
    assert authtest.profile(srv.client, same).status_code == 200
    for headers in ({"kid": "unknown-key"}, None):
        forged = jwt.encode(payload, private_pem, algorithm="RS256", headers=headers)
        assert_invalid_token_401(authtest.profile(srv.client, forged))

    # A token signed by a key the server does not know, under its kid.
    from cryptography.hazmat.primitives.asymmetric import rsa
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    foreign = jwt.encode(payload, stranger, algorithm="RS256", headers={"kid": header["kid"]})
    assert_invalid_token_401(authtest.profile(srv.client, foreign))


def test_startup_refuses_bad_keys(keydir):
    rs = generate_keys(os.path.join(keydir, "bad-rs"), "RS256")
    rs2 = generate_keys(os.path.join(keydir, "bad-rs2"), "RS256")
    es = generate_keys(os.path.join(keydir, "bad-es"), "ES256")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    small_path = os.path.join(keydir, "small.pem")
    with open(small_path, "wb") as f:
        f.write(small.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()))
    cases = [
        (dict(rs, **{"jwt.privateKeyFile": os.path.join(keydir, "missing.pem")}), "jwt.privateKeyFile"),
        (dict(rs, **{"jwt.publicKeyFile": rs2["jwt.publicKeyFile"]}), "jwt.publicKeyFile"),
        (dict(es, **{"jwt.algorithm": "RS256"}), "jwt.privateKeyFile"),
        (dict(rs, **{"jwt.algorithm": "ES256"}), "jwt.privateKeyFile"),
        ({"jwt.algorithm": "RS256", "jwt.privateKeyFile": small_path}, "jwt.privateKeyFile"),
        (dict(rs, **{"jwt.previousPublicKeyFiles": es["jwt.publicKeyFile"]}), "jwt.previousPublicKeyFiles"),
    ]
    for defines, key in cases:
        srv = authtest.Server(defines, name="bad-keys")
        try:
            with pytest.raises(authtest.ServerStartError) as info:
                srv.start(timeout=20)
            assert srv.proc.returncode == 78, (defines, srv.logs())
            assert key in srv.logs(), (key, srv.logs())
            assert "BEGIN" not in srv.logs()
        finally:
            srv.stop()
            srv.cleanup()


def test_jwks_empty_under_hs256(server):
    jwks = fetch_jwks(server)
    assert jwks == {"keys": []}
