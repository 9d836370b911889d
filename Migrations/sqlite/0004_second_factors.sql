-- 0004_second_factors: authenticator apps (TOTP, RFC 6238) and their
-- recovery codes (issue 15).
-- totp_factors holds one secret per user, sealed with AES-256-GCM under
-- mfa.encryptionKey (never in clear, OWASP ASVS 2.8.3 / 6.2). A row with
-- confirmed_at NULL is a set-up not yet proven with a code; the factor is on
-- once confirmed_at is set. last_step is the last accepted time step: a code
-- is accepted only for a later step (a conditional UPDATE), so a code seen
-- once is refused again on every instance (RFC 6238 §5.2).
-- recovery_codes holds SHA-256 digests of single-use codes, each with a
-- random salt of its own (OWASP ASVS 2.6.1, 2.6.2); used_at is set by a
-- conditional UPDATE when one is spent.

CREATE TABLE totp_factors (
	user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	secret TEXT NOT NULL,
	confirmed_at INTEGER,
	last_step INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);

CREATE TABLE recovery_codes (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	salt TEXT NOT NULL,
	code_hash TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	used_at INTEGER
);

CREATE INDEX recovery_codes_user ON recovery_codes(user_id);
