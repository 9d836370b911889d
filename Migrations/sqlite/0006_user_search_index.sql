-- 0006_user_search_index: admin user search served by an index (issue 14).
-- A contentless FTS5 table with the trigram tokenizer (SQLite 3.34+;
-- case-insensitive) over the three searched values, the same expressions
-- UserStore's LIKE checks (an email or number is the proven one, else the
-- pending claim of migration 0003), kept in step with users by triggers.
-- UserStore uses it as a prefilter for a search text of 3 or more
-- characters and checks each candidate with the same LIKE as before, so the
-- results are exactly those of the scan. Statements in a trigger
-- body start with ';' on their line: the migration runner ends a statement
-- at a line ending in ';'.

CREATE VIRTUAL TABLE users_search USING fts5(email, full_name, phone_number, content='', tokenize='trigram');

INSERT INTO users_search(rowid, email, full_name, phone_number)
	SELECT id, COALESCE(email, pending_email, ''), full_name, COALESCE(phone_number, pending_phone, '') FROM users;

CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
	INSERT INTO users_search(rowid, email, full_name, phone_number)
		VALUES (new.id, COALESCE(new.email, new.pending_email, ''), new.full_name, COALESCE(new.phone_number, new.pending_phone, ''))
	; END;

CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
	INSERT INTO users_search(users_search, rowid, email, full_name, phone_number)
		VALUES ('delete', old.id, COALESCE(old.email, old.pending_email, ''), old.full_name, COALESCE(old.phone_number, old.pending_phone, ''))
	; END;

CREATE TRIGGER users_search_update AFTER UPDATE OF email, pending_email, full_name, phone_number, pending_phone ON users BEGIN
	INSERT INTO users_search(users_search, rowid, email, full_name, phone_number)
		VALUES ('delete', old.id, COALESCE(old.email, old.pending_email, ''), old.full_name, COALESCE(old.phone_number, old.pending_phone, ''))
	; INSERT INTO users_search(rowid, email, full_name, phone_number)
		VALUES (new.id, COALESCE(new.email, new.pending_email, ''), new.full_name, COALESCE(new.phone_number, new.pending_phone, ''))
	; END;
