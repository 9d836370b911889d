-- 0018_user_search_pairs: admin user search for a q of 2 characters
-- (issue 14). The trigram index of 0006 needs 3 characters and the gram
-- index of 0015 five, so a shorter q walked users by id with the LIKE: fast
-- when many users hold it (the walk stops at the page), a walk of the whole
-- table when few do (536 ms for "zq" at 10^6 users). This contentless FTS5
-- table (detail=none: a list of user ids per token) holds, per user, every
-- 2-character substring ("pair") of the three searched values, lowered and
-- written as the hex of its UTF-8 bytes as in 0015 (one 'ascii' token per
-- pair; a token of 0015 is 10 or more hex digits, one of this table 4 to
-- 16). A user holds q exactly when it holds q's token, so a page reads that
-- id list in id order from the keyset bound and the LIKE checks each row,
-- as for 0015. Single characters are left out: they doubled what the index
-- costs to write (an insert's triggers at 10^6 users: +18 s for the pairs,
-- +36 s with the characters too), and a q of one character still walks
-- users by id. Kept in step by triggers; statements in a trigger body start
-- with ';' on their line (the migration runner ends a statement at a line
-- ending in ';').

CREATE VIRTUAL TABLE user_search_pairs USING fts5(grams, content='', detail=none, tokenize='ascii');

INSERT INTO user_search_pairs (rowid, grams)
	SELECT v.id, group_concat(hex(substr(v.t, p.pos, 2)), ' ') FROM (
		SELECT id, lower(COALESCE(email, pending_email, '')) AS t FROM users
		UNION ALL SELECT id, lower(full_name) FROM users
		UNION ALL SELECT id, lower(COALESCE(phone_number, pending_phone, '')) FROM users) AS v
	JOIN user_search_positions p ON p.pos <= length(v.t) - 1
	GROUP BY v.id;

CREATE TRIGGER user_search_pairs_insert AFTER INSERT ON users BEGIN
	INSERT INTO user_search_pairs (rowid, grams)
		SELECT new.id, g FROM (SELECT group_concat(hex(substr(v.t, p.pos, 2)), ' ') AS g FROM (
			SELECT lower(COALESCE(new.email, new.pending_email, '')) AS t
			UNION ALL SELECT lower(new.full_name)
			UNION ALL SELECT lower(COALESCE(new.phone_number, new.pending_phone, ''))) AS v
			JOIN user_search_positions p ON p.pos <= length(v.t) - 1) WHERE g IS NOT NULL
	; END;

CREATE TRIGGER user_search_pairs_delete AFTER DELETE ON users BEGIN
	INSERT INTO user_search_pairs (user_search_pairs, rowid, grams)
		SELECT 'delete', old.id, g FROM (SELECT group_concat(hex(substr(v.t, p.pos, 2)), ' ') AS g FROM (
			SELECT lower(COALESCE(old.email, old.pending_email, '')) AS t
			UNION ALL SELECT lower(old.full_name)
			UNION ALL SELECT lower(COALESCE(old.phone_number, old.pending_phone, ''))) AS v
			JOIN user_search_positions p ON p.pos <= length(v.t) - 1) WHERE g IS NOT NULL
	; END;

CREATE TRIGGER user_search_pairs_update AFTER UPDATE OF email, pending_email, full_name, phone_number, pending_phone ON users BEGIN
	INSERT INTO user_search_pairs (user_search_pairs, rowid, grams)
		SELECT 'delete', old.id, g FROM (SELECT group_concat(hex(substr(v.t, p.pos, 2)), ' ') AS g FROM (
			SELECT lower(COALESCE(old.email, old.pending_email, '')) AS t
			UNION ALL SELECT lower(old.full_name)
			UNION ALL SELECT lower(COALESCE(old.phone_number, old.pending_phone, ''))) AS v
			JOIN user_search_positions p ON p.pos <= length(v.t) - 1) WHERE g IS NOT NULL
	; INSERT INTO user_search_pairs (rowid, grams)
		SELECT new.id, g FROM (SELECT group_concat(hex(substr(v.t, p.pos, 2)), ' ') AS g FROM (
			SELECT lower(COALESCE(new.email, new.pending_email, '')) AS t
			UNION ALL SELECT lower(new.full_name)
			UNION ALL SELECT lower(COALESCE(new.phone_number, new.pending_phone, ''))) AS v
			JOIN user_search_positions p ON p.pos <= length(v.t) - 1) WHERE g IS NOT NULL
	; END;
