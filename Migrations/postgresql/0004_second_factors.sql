-- 0004_second_factors: authenticator apps (TOTP) and recovery codes (twin of
-- Migrations/sqlite/0004_second_factors.sql; see the comments there).
-- secret is sealed with AES-256-GCM; last_step refuses a replayed code;
-- recovery codes are stored as salted digests and spent by a conditional
-- UPDATE.

CREATE TABLE totp_factors (
	user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	secret TEXT NOT NULL,
	confirmed_at BIGINT,
	last_step BIGINT NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL
);

CREATE TABLE recovery_codes (
	id BIGSERIAL PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	salt TEXT NOT NULL,
	code_hash TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	used_at BIGINT
);

CREATE INDEX recovery_codes_user ON recovery_codes(user_id);
