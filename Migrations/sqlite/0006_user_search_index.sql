-- 0006_user_search_index: admin user search served by an index (issue 14).
-- An external-content FTS5 table with the trigram tokenizer (SQLite 3.34+;
-- case-insensitive) over the three searched columns, kept in step with users
-- by triggers. UserStore uses it as a prefilter for a search text of 3 or
-- more characters and checks each candidate with the same LIKE as before,
-- so the results are exactly those of the scan. Statements in a trigger
-- body start with ';' on their line: the migration runner ends a statement
-- at a line ending in ';'.

CREATE VIRTUAL TABLE users_search USING fts5(email, full_name, phone_number, content='users', content_rowid='id', tokenize='trigram');

INSERT INTO users_search(users_search) VALUES ('rebuild');

CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
	INSERT INTO users_search(rowid, email, full_name, phone_number) VALUES (new.id, new.email, new.full_name, new.phone_number)
	; END;

CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
	INSERT INTO users_search(users_search, rowid, email, full_name, phone_number) VALUES ('delete', old.id, old.email, old.full_name, old.phone_number)
	; END;

CREATE TRIGGER users_search_update AFTER UPDATE OF email, full_name, phone_number ON users BEGIN
	INSERT INTO users_search(users_search, rowid, email, full_name, phone_number) VALUES ('delete', old.id, old.email, old.full_name, old.phone_number)
	; INSERT INTO users_search(rowid, email, full_name, phone_number) VALUES (new.id, new.email, new.full_name, new.phone_number)
	; END;
