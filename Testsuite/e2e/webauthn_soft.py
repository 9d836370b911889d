"""A software passkey authenticator for the e2e tests (W3C WebAuthn Level 2).

It answers the server's options the way a browser and an authenticator
would: clientDataJSON, authenticator data, a "none" attestation object and
assertion signatures, built with python3-fido2's CBOR/COSE/data classes and
keys from python3-cryptography (independent of the server's libcbor and
OpenSSL code). The JSON it returns is RegistrationResponseJSON /
AuthenticationResponseJSON (WebAuthn Level 3 §5.1.8-9, base64url members)."""

import hashlib
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from fido2.client import ClientData
from fido2.cose import ES256, EdDSA, RS256
from fido2.ctap2 import AttestationObject, AttestedCredentialData, AuthenticatorData

from authtest import b64url_decode, b64url_encode

UP = AuthenticatorData.FLAG.USER_PRESENT
UV = AuthenticatorData.FLAG.USER_VERIFIED
AT = AuthenticatorData.FLAG.ATTESTED


class SoftAuthenticator:
    def __init__(self, origin, alg="ES256"):
        self.origin = origin
        self.alg = alg
        if alg == "ES256":
            self.key = ec.generate_private_key(ec.SECP256R1())
            self.cose = ES256.from_cryptography_key(self.key.public_key())
        elif alg == "RS256":
            self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            self.cose = RS256.from_cryptography_key(self.key.public_key())
        else:
            self.key = ed25519.Ed25519PrivateKey.generate()
            self.cose = EdDSA.from_cryptography_key(self.key.public_key())
        self.credential_id = os.urandom(32)
        self.counter = 0
        self.user_handle = None
        self.rp_id = None

    def sign(self, data):
        if self.alg == "ES256":
            return self.key.sign(data, ec.ECDSA(hashes.SHA256()))
        if self.alg == "RS256":
            return self.key.sign(data, padding.PKCS1v15(), hashes.SHA256())
        return self.key.sign(data)

    def create(self, options, uv=True, origin=None, rp_id=None):
        """RegistrationResponseJSON for {"publicKey": creation options}, and
        the raw (client_data, attestation_object) pair."""
        pk = options["publicKey"]
        self.rp_id = rp_id or pk["rp"]["id"]
        self.user_handle = b64url_decode(pk["user"]["id"])
        client_data = ClientData.build(type="webauthn.create", challenge=pk["challenge"],
                                       origin=origin or self.origin, crossOrigin=False)
        credential_data = AttestedCredentialData.create(b"\0" * 16, self.credential_id, self.cose)
        flags = UP | AT | (UV if uv else 0)
        auth_data = AuthenticatorData.create(hashlib.sha256(self.rp_id.encode()).digest(), flags,
                                             self.counter, credential_data)
        # The WebAuthn form: string keys (fmt, attStmt, authData), not CTAP2 integers.
        attestation = AttestationObject.create("none", auth_data, {}).with_string_keys()
        response = {
            "id": b64url_encode(self.credential_id),
            "rawId": b64url_encode(self.credential_id),
            "type": "public-key",
            "response": {"clientDataJSON": b64url_encode(client_data),
                         "attestationObject": b64url_encode(attestation),
                         "transports": ["internal"]},
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }
        return response, client_data, attestation

    def get(self, options, uv=True, counter=None, origin=None):
        """AuthenticationResponseJSON for {"publicKey": request options}, and
        the raw (client_data, auth_data, signature)."""
        pk = options["publicKey"]
        self.counter = self.counter + 1 if counter is None else counter
        client_data = ClientData.build(type="webauthn.get", challenge=pk["challenge"],
                                       origin=origin or self.origin, crossOrigin=False)
        flags = UP | (UV if uv else 0)
        auth_data = AuthenticatorData.create(hashlib.sha256(pk.get("rpId", self.rp_id).encode()).digest(),
                                             flags, self.counter)
        signature = self.sign(bytes(auth_data) + client_data.hash)
        response = {
            "id": b64url_encode(self.credential_id),
            "rawId": b64url_encode(self.credential_id),
            "type": "public-key",
            "response": {"clientDataJSON": b64url_encode(client_data),
                         "authenticatorData": b64url_encode(auth_data),
                         "signature": b64url_encode(signature),
                         "userHandle": b64url_encode(self.user_handle)},
            "clientExtensionResults": {},
        }
        return response, client_data, auth_data, signature
