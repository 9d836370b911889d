-- 0012_compat_activations: PostgreSQL twin of
-- Migrations/sqlite/0012_compat_activations.sql. Accounts registered on the
-- otp-activation compatibility profile are stored inactive and wait here
-- until the code mailed to them comes back to POST /api/verify-otp/.

CREATE TABLE compat_pending_activations (
	user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	created_at BIGINT NOT NULL
);
