-- 0012_compat_activations: accounts registered on the otp-activation
-- compatibility profile (Docs/COMPAT.md) are stored inactive and wait here
-- until the code mailed to them comes back to POST /api/verify-otp/; only
-- then are they activated. An account an administrator deactivated is
-- never here, so a code never undoes a deactivation.

CREATE TABLE compat_pending_activations (
	user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL
);
