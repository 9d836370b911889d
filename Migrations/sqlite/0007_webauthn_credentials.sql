-- 0007_webauthn_credentials: passkeys (W3C WebAuthn Level 2; issue 15).
-- One row per public-key credential a user registered. credential_id is the
-- authenticator's credential id (base64url, unique: one key belongs to one
-- account, WebAuthn L2 §7.1 step 22). user_handle is the opaque user.id
-- given to the authenticator (base64url of 32 random bytes, the same for
-- every passkey of a user; never the database id or the email, §14.6.1).
-- public_key is the COSE_Key (RFC 9052 §7) exactly as the authenticator
-- sent it, base64url; algorithm its COSE alg (-7 ES256, -257 RS256, -8
-- EdDSA). sign_count is the last signature counter seen: an assertion is
-- accepted only with a greater one (unless both are 0), by a conditional
-- UPDATE, so a cloned authenticator or a replay loses (§6.1.1).
-- transports: comma-separated hints (usb, nfc, ble, internal, hybrid).
-- The ceremonies' challenges live in the cache (single use, 300 s).

CREATE TABLE webauthn_credentials (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	credential_id TEXT NOT NULL UNIQUE,
	user_handle TEXT NOT NULL,
	public_key TEXT NOT NULL,
	algorithm INTEGER NOT NULL,
	sign_count INTEGER NOT NULL DEFAULT 0,
	name TEXT NOT NULL,
	transports TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	last_used_at INTEGER
);

CREATE INDEX webauthn_credentials_user ON webauthn_credentials(user_id);
