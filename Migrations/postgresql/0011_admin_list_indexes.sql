-- 0011_admin_list_indexes: GET /api/admin/audit at scale (issue 14).
-- The list is newest first (ORDER BY id DESC) and filters by user_id or
-- event; single-column indexes found the rows but left PostgreSQL to sort
-- every event of the user or name before the first page. (user_id, id)
-- and (event, id) give the rows already in id order, so a page, and a
-- keyset page (id < cursor), reads page_size entries; they replace the
-- single-column indexes of 0001 (the foreign key's lookups use the
-- leading user_id), so a write keeps the same number of indexes. SQLite
-- needs no change: its indexes carry the rowid (= id) after the key.
-- Admin user search's indexes are those of 0006.

CREATE INDEX audit_events_user_id_id ON audit_events(user_id, id);
CREATE INDEX audit_events_event_id ON audit_events(event, id);
DROP INDEX IF EXISTS audit_events_user_id;
DROP INDEX IF EXISTS audit_events_event;
