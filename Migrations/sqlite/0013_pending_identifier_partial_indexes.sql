-- 0014_pending_identifier_partial_indexes: the login lookup
-- (WHERE email = ? OR pending_email = ?, and the same for phone_number /
-- pending_phone) stays an index search after ANALYZE. Nearly every row has
-- pending_email and pending_phone NULL, so once ANALYZE has written
-- sqlite_stat1 the full indexes of 0003 look useless for "= ?" (one value
-- covering all rows), SQLite drops the MULTI-INDEX OR plan and every login
-- becomes a scan of users. A partial index over the non-NULL values holds
-- only the pending claims: its statistics are about them, and "x = ?"
-- implies "x IS NOT NULL", so the planner still uses it. It is also smaller
-- and cheaper to keep up on each write of users.

DROP INDEX users_pending_email;
DROP INDEX users_pending_phone;
CREATE INDEX users_pending_email ON users(pending_email) WHERE pending_email IS NOT NULL;
CREATE INDEX users_pending_phone ON users(pending_phone) WHERE pending_phone IS NOT NULL;
