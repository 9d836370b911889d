-- 0014_pending_identifier_partial_indexes: the indexes of 0003 on
-- pending_email and pending_phone become partial (WHERE ... IS NOT NULL),
-- as on SQLite, where the full ones lose the login lookup to a table scan
-- after ANALYZE. PostgreSQL keeps a null fraction in its statistics and
-- plans the lookup well either way; here the change keeps the two back ends
-- alike and leaves out of the index the NULL of nearly every row, so it is
-- smaller and cheaper to keep up on each write of users. "x = $1" implies
-- "x IS NOT NULL" (= is strict), so the lookups still use them.

DROP INDEX users_pending_email;
DROP INDEX users_pending_phone;
CREATE INDEX users_pending_email ON users(pending_email) WHERE pending_email IS NOT NULL;
CREATE INDEX users_pending_phone ON users(pending_phone) WHERE pending_phone IS NOT NULL;
