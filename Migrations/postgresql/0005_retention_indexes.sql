-- 0005_retention_indexes: indexes for the retention job's deletes (issue 14),
-- so each batch finds its rows without scanning the table. Times are epoch
-- seconds; a retention run deletes rows whose time is older than a cut-off.

CREATE INDEX refresh_tokens_expires_at ON refresh_tokens(expires_at);
CREATE INDEX sessions_revoked_at ON sessions(revoked_at);
CREATE INDEX sessions_expires_at ON sessions(expires_at);
CREATE INDEX sessions_last_used_at ON sessions(last_used_at);
CREATE INDEX one_time_tokens_used_at ON one_time_tokens(used_at);
CREATE INDEX one_time_tokens_expires_at ON one_time_tokens(expires_at);
CREATE INDEX audit_events_created_at ON audit_events(created_at);
