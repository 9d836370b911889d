-- 0010_retention_lease: one retention runner at a time, and the indexes for
-- the single-use records migration 0005 left out (issue 14).
-- job_leases holds one row per background job that must not run on two
-- instances at once: the holder (a random id per process) owns it until
-- expires_at (epoch seconds); a holder that dies loses it when it lapses.
-- SQLite takes the retention lease here; PostgreSQL uses an advisory lock
-- and has the same table for symmetry.
-- recovery_codes_used_at: spent recovery codes are deleted
-- retention.oneTimeTokenDays after use (legacy_token_exchanges has its
-- expires_at index since 0008).

CREATE TABLE job_leases (
	name TEXT PRIMARY KEY,
	holder TEXT NOT NULL,
	expires_at INTEGER NOT NULL
);

CREATE INDEX recovery_codes_used_at ON recovery_codes(used_at);
