-- 0007_webauthn_credentials: passkeys (twin of
-- Migrations/sqlite/0007_webauthn_credentials.sql; see the comments there).
-- credential_id is unique; public_key is the COSE_Key, base64url; sign_count
-- only grows, by a conditional UPDATE.

CREATE TABLE webauthn_credentials (
	id BIGSERIAL PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	credential_id TEXT NOT NULL UNIQUE,
	user_handle TEXT NOT NULL,
	public_key TEXT NOT NULL,
	algorithm INTEGER NOT NULL,
	sign_count BIGINT NOT NULL DEFAULT 0,
	name TEXT NOT NULL,
	transports TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	last_used_at BIGINT
);

CREATE INDEX webauthn_credentials_user ON webauthn_credentials(user_id);
