-- 0018_user_search_pairs: admin user search for a q of 2 characters
-- (issue 14). pg_trgm (0006) cannot serve a LIKE of fewer than 3
-- characters and the gram index of 0015 needs five, so a shorter q walked
-- users by id with the LIKE: fast when many users hold it (the walk stops
-- at the page), a walk of the whole table when few do (693 ms for "zq" at
-- 10^6 users). user_search_pairs(email, full_name, phone) holds the hashes
-- (hashtext, 32 bits) of every 2-character substring ("pair") of the three
-- values, lowered as UserStore's LIKE lowers them, with a GIN index over the
-- same expressions as 0015. A user holding q holds its hash (a collision
-- only adds a candidate, which the LIKE drops). Repeats are left in (GIN
-- keeps each key of a row once): without 0015's DISTINCT the function takes
-- about 15 us a row, and building the index at 10^6 users about 15 s.
-- Single characters are left out (they doubled that cost, as on SQLite); a
-- q of one character still walks users by id. ANALYZE's most_common_elems
-- of the index tell a common q (its page walks users by id and stops) from
-- a rare one, read through the two functions below, as 0016's are for
-- 0015: the hash test in a sub-select nothing is pushed into, a generic
-- plan kept per connection. (No line of a body ends in a semicolon:
-- MigrationRunner splits statements there.)

CREATE FUNCTION user_search_pairs(email text, full_name text, phone text) RETURNS integer[]
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$
		SELECT COALESCE(array_agg(hashtext(substr(v, i, 2))), '{}'::integer[])
		FROM unnest(ARRAY[lower(email), lower(full_name), lower(phone)]) AS v, generate_series(1, length(v) - 1) AS i
	$$;

CREATE INDEX users_search_pairs ON users USING gin (
	user_search_pairs(COALESCE(email, pending_email, ''), full_name, COALESCE(phone_number, pending_phone, '')));

CREATE FUNCTION user_search_pairs_rare(after bigint, hashes integer[], pattern text, lim bigint, skip bigint)
	RETURNS SETOF users
	LANGUAGE plpgsql STABLE
	SET plan_cache_mode = force_generic_plan
	AS $$
BEGIN
	RETURN QUERY
		SELECT u.* FROM (
			SELECT * FROM users
			WHERE user_search_pairs(COALESCE(email, pending_email, ''), full_name, COALESCE(phone_number, pending_phone, '')) @> hashes
			OFFSET 0) AS u
		WHERE u.id > after
			AND (lower(COALESCE(u.email, u.pending_email, '')) LIKE lower(pattern) ESCAPE '!'
				OR lower(u.full_name) LIKE lower(pattern) ESCAPE '!'
				OR COALESCE(u.phone_number, u.pending_phone, '') LIKE pattern ESCAPE '!')
		ORDER BY u.id LIMIT lim OFFSET skip; END
$$;

CREATE FUNCTION user_search_pairs_count(hashes integer[], pattern text, lim bigint)
	RETURNS bigint
	LANGUAGE plpgsql STABLE
	SET plan_cache_mode = force_generic_plan
	AS $$
DECLARE n bigint; BEGIN
	SELECT COUNT(*) INTO n FROM (
		SELECT 1 FROM (
			SELECT * FROM users
			WHERE user_search_pairs(COALESCE(email, pending_email, ''), full_name, COALESCE(phone_number, pending_phone, '')) @> hashes
			OFFSET 0) AS u
		WHERE lower(COALESCE(u.email, u.pending_email, '')) LIKE lower(pattern) ESCAPE '!'
			OR lower(u.full_name) LIKE lower(pattern) ESCAPE '!'
			OR COALESCE(u.phone_number, u.pending_phone, '') LIKE pattern ESCAPE '!'
		LIMIT lim) AS capped; RETURN n; END
$$;
