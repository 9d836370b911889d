-- 0020_user_search_last_characters: a q of 1 character read through the
-- pair index of 0018 (issue 14). Every character of a value but its last
-- starts one of the value's pairs; this adds, per value, a token of its last
-- character alone (substr(t, length(t), 2) is 1 character). A user holds a
-- character c exactly when it holds a token that starts with c's hex, so the
-- FTS5 prefix query "<hex of c>" * reads c's holders in rowid order (UTF-8 is
-- prefix-free: the hex of a whole character starts no token of another one;
-- and a 1-character token never equals a pair's). FTS5 merges the id lists of
-- every token with that prefix before the first row, so UserStore first walks
-- a few thousand users by id and reads the index only for a character too rare
-- to fill the page there. The triggers of 0018 are replaced by the same ones
-- with the last position, and the table is filled again (a contentless table
-- forgets nothing it was not told: its rows are deleted with the tokens they
-- were inserted with). Statements in a trigger body start with ';' on their
-- line (the migration runner ends a statement at a line ending in ';').

DROP TRIGGER user_search_pairs_insert;
DROP TRIGGER user_search_pairs_delete;
DROP TRIGGER user_search_pairs_update;

INSERT INTO user_search_pairs (user_search_pairs) VALUES ('delete-all');

INSERT INTO user_search_pairs (rowid, grams)
	SELECT v.id, group_concat(hex(substr(v.t, p.pos, 2)), ' ') FROM (
		SELECT id, lower(COALESCE(email, pending_email, '')) AS t FROM users
		UNION ALL SELECT id, lower(full_name) FROM users
		UNION ALL SELECT id, lower(COALESCE(phone_number, pending_phone, '')) FROM users) AS v
	JOIN user_search_positions p ON p.pos <= length(v.t)
	GROUP BY v.id;

CREATE TRIGGER user_search_pairs_insert AFTER INSERT ON users BEGIN
	INSERT INTO user_search_pairs (rowid, grams)
		SELECT new.id, g FROM (SELECT group_concat(hex(substr(v.t, p.pos, 2)), ' ') AS g FROM (
			SELECT lower(COALESCE(new.email, new.pending_email, '')) AS t
			UNION ALL SELECT lower(new.full_name)
			UNION ALL SELECT lower(COALESCE(new.phone_number, new.pending_phone, ''))) AS v
			JOIN user_search_positions p ON p.pos <= length(v.t)) WHERE g IS NOT NULL
	; END;

CREATE TRIGGER user_search_pairs_delete AFTER DELETE ON users BEGIN
	INSERT INTO user_search_pairs (user_search_pairs, rowid, grams)
		SELECT 'delete', old.id, g FROM (SELECT group_concat(hex(substr(v.t, p.pos, 2)), ' ') AS g FROM (
			SELECT lower(COALESCE(old.email, old.pending_email, '')) AS t
			UNION ALL SELECT lower(old.full_name)
			UNION ALL SELECT lower(COALESCE(old.phone_number, old.pending_phone, ''))) AS v
			JOIN user_search_positions p ON p.pos <= length(v.t)) WHERE g IS NOT NULL
	; END;

CREATE TRIGGER user_search_pairs_update AFTER UPDATE OF email, pending_email, full_name, phone_number, pending_phone ON users BEGIN
	INSERT INTO user_search_pairs (user_search_pairs, rowid, grams)
		SELECT 'delete', old.id, g FROM (SELECT group_concat(hex(substr(v.t, p.pos, 2)), ' ') AS g FROM (
			SELECT lower(COALESCE(old.email, old.pending_email, '')) AS t
			UNION ALL SELECT lower(old.full_name)
			UNION ALL SELECT lower(COALESCE(old.phone_number, old.pending_phone, ''))) AS v
			JOIN user_search_positions p ON p.pos <= length(v.t)) WHERE g IS NOT NULL
	; INSERT INTO user_search_pairs (rowid, grams)
		SELECT new.id, g FROM (SELECT group_concat(hex(substr(v.t, p.pos, 2)), ' ') AS g FROM (
			SELECT lower(COALESCE(new.email, new.pending_email, '')) AS t
			UNION ALL SELECT lower(new.full_name)
			UNION ALL SELECT lower(COALESCE(new.phone_number, new.pending_phone, ''))) AS v
			JOIN user_search_positions p ON p.pos <= length(v.t)) WHERE g IS NOT NULL
	; END;
