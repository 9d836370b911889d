-- 0015_user_search_grams: admin user search flat at 10^6 users (issue 14).
-- A contentless FTS5 table (detail=none: a list of user ids per token, no
-- positions) whose tokens are the 5-character substrings ("grams") of the
-- three searched values, lowered by lower() (ASCII letters, as LIKE
-- compares them), each written as the hex of its UTF-8 bytes so that any
-- character is one 'ascii' token. The expressions are those of UserStore's
-- LIKE and migration 0006. A user holds every gram of a q of 5 or more
-- characters that it contains, so the users holding q's two rarest grams
-- are the candidates (checked with the same LIKE): a lookup reads two
-- short id lists instead of the trigram posting lists of migration 0006,
-- which grow with the table (each digit trigram of 10^6 numbered users is
-- held by ~1.5 % of them). The trigram index of 0006 still serves q of 3
-- or 4 characters. Positions 1-2048 cover any value AuthServer stores
-- (email 254, full name 150 characters; a Django import's full name at
-- most 301). Kept in step by triggers; statements in a trigger body start
-- with ';' on their line (the migration runner ends a statement at a line
-- ending in ';').

CREATE TABLE user_search_positions (pos INTEGER PRIMARY KEY);

INSERT INTO user_search_positions (pos)
	WITH RECURSIVE p(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM p WHERE i < 2048) SELECT i FROM p;

CREATE VIRTUAL TABLE user_search_grams USING fts5(grams, content='', detail=none, tokenize='ascii');

INSERT INTO user_search_grams (rowid, grams)
	SELECT v.id, group_concat(hex(substr(v.t, p.pos, 5)), ' ') FROM (
		SELECT id, lower(COALESCE(email, pending_email, '')) AS t FROM users
		UNION ALL SELECT id, lower(full_name) FROM users
		UNION ALL SELECT id, lower(COALESCE(phone_number, pending_phone, '')) FROM users) AS v
	JOIN user_search_positions p ON p.pos <= length(v.t) - 4
	GROUP BY v.id;

CREATE TRIGGER user_search_grams_insert AFTER INSERT ON users BEGIN
	INSERT INTO user_search_grams (rowid, grams)
		SELECT new.id, g FROM (SELECT group_concat(hex(substr(v.t, p.pos, 5)), ' ') AS g FROM (
			SELECT lower(COALESCE(new.email, new.pending_email, '')) AS t
			UNION ALL SELECT lower(new.full_name)
			UNION ALL SELECT lower(COALESCE(new.phone_number, new.pending_phone, ''))) AS v
		JOIN user_search_positions p ON p.pos <= length(v.t) - 4) WHERE g IS NOT NULL
	; END;

CREATE TRIGGER user_search_grams_delete AFTER DELETE ON users BEGIN
	INSERT INTO user_search_grams (user_search_grams, rowid, grams)
		SELECT 'delete', old.id, g FROM (SELECT group_concat(hex(substr(v.t, p.pos, 5)), ' ') AS g FROM (
			SELECT lower(COALESCE(old.email, old.pending_email, '')) AS t
			UNION ALL SELECT lower(old.full_name)
			UNION ALL SELECT lower(COALESCE(old.phone_number, old.pending_phone, ''))) AS v
		JOIN user_search_positions p ON p.pos <= length(v.t) - 4) WHERE g IS NOT NULL
	; END;

CREATE TRIGGER user_search_grams_update AFTER UPDATE OF email, pending_email, full_name, phone_number, pending_phone ON users BEGIN
	INSERT INTO user_search_grams (user_search_grams, rowid, grams)
		SELECT 'delete', old.id, g FROM (SELECT group_concat(hex(substr(v.t, p.pos, 5)), ' ') AS g FROM (
			SELECT lower(COALESCE(old.email, old.pending_email, '')) AS t
			UNION ALL SELECT lower(old.full_name)
			UNION ALL SELECT lower(COALESCE(old.phone_number, old.pending_phone, ''))) AS v
		JOIN user_search_positions p ON p.pos <= length(v.t) - 4) WHERE g IS NOT NULL
	; INSERT INTO user_search_grams (rowid, grams)
		SELECT new.id, g FROM (SELECT group_concat(hex(substr(v.t, p.pos, 5)), ' ') AS g FROM (
			SELECT lower(COALESCE(new.email, new.pending_email, '')) AS t
			UNION ALL SELECT lower(new.full_name)
			UNION ALL SELECT lower(COALESCE(new.phone_number, new.pending_phone, ''))) AS v
		JOIN user_search_positions p ON p.pos <= length(v.t) - 4) WHERE g IS NOT NULL
	; END;
