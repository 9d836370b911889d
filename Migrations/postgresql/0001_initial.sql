-- 0001_initial: users, sessions (refresh-token families), refresh tokens,
-- single-use tokens (email verification, password reset) and the audit log.
-- Times are integer seconds since the Unix epoch (UTC). Secrets are stored
-- only as SHA-256 digests (OWASP ASVS 2.10, 3.5); passwords as Argon2id PHC
-- strings (NIST SP 800-63B §5.1.1.2).
--
-- PostgreSQL twin of Migrations/sqlite/0001_initial.sql: same tables, names
-- and columns; BIGSERIAL ids and BIGINT times; flags stay INTEGER 0/1 so the
-- stores read both dialects the same way.

CREATE TABLE users (
	id BIGSERIAL PRIMARY KEY,
	email TEXT UNIQUE,
	phone_number TEXT UNIQUE,
	password_hash TEXT,
	full_name TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'supplier', 'admin')),
	is_active INTEGER NOT NULL DEFAULT 1,
	email_verified INTEGER NOT NULL DEFAULT 0,
	phone_verified INTEGER NOT NULL DEFAULT 0,
	bio TEXT NOT NULL DEFAULT '',
	location TEXT NOT NULL DEFAULT '',
	birth_date TEXT,
	avatar_url TEXT NOT NULL DEFAULT '',
	company_name TEXT,
	needs_profile_completion INTEGER NOT NULL DEFAULT 0,
	otp_login_enabled INTEGER NOT NULL DEFAULT 0,
	otp_channel TEXT NOT NULL DEFAULT 'email',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	last_login_at BIGINT,
	last_login_ip TEXT
);

CREATE TABLE sessions (
	id TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at BIGINT NOT NULL,
	last_used_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	ip TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT '',
	revoked_at BIGINT,
	revoked_reason TEXT
);

CREATE INDEX sessions_user_id ON sessions(user_id);

CREATE TABLE refresh_tokens (
	token_hash TEXT PRIMARY KEY,
	session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	issued_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	rotated_at BIGINT
);

CREATE INDEX refresh_tokens_session_id ON refresh_tokens(session_id);

CREATE TABLE one_time_tokens (
	id BIGSERIAL PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	purpose TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	code_hash TEXT,
	code_salt TEXT,
	attempts INTEGER NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	used_at BIGINT
);

CREATE INDEX one_time_tokens_user_purpose ON one_time_tokens(user_id, purpose);

CREATE TABLE audit_events (
	id BIGSERIAL PRIMARY KEY,
	user_id BIGINT,
	event TEXT NOT NULL,
	ip TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL
);

CREATE INDEX audit_events_user_id ON audit_events(user_id);
CREATE INDEX audit_events_event ON audit_events(event);
