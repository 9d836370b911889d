-- 0016_user_search_rare: the admin search's page and count for a q whose
-- rarest gram hashes few users hold (issue 14; UserStore, PgGramPlanner).
-- As prepared statements these were planned again for every q (a custom
-- plan: 0.2-1.2 ms at 10^6 users, against 0.03-0.1 ms of execution), since
-- PostgreSQL keeps custom plans while they cost less than the generic one.
-- Here the plan is generic (plan_cache_mode for the function's statements
-- only) and kept per connection by PL/pgSQL. The gram test sits in a
-- sub-select that nothing is pushed into (OFFSET 0), so the generic plan
-- cannot combine the gram bitmap with pg_trgm's LIKE bitmaps (10 ms for one
-- email, 18 s for a q every user holds) or with users_pkey on the id bound
-- (27-61 ms); it reads the gram bitmap alone, then checks the id bound and
-- the LIKE on those few rows (0.1 ms). A q whose rarest gram is common
-- keeps the custom-planned statements, which walk users by id. (No line of
-- a body ends in a semicolon: MigrationRunner splits statements there.)
CREATE FUNCTION user_search_rare(after bigint, hashes integer[], pattern text, lim bigint, skip bigint)
	RETURNS SETOF users
	LANGUAGE plpgsql STABLE
	SET plan_cache_mode = force_generic_plan
	AS $$
BEGIN
	RETURN QUERY
		SELECT u.* FROM (
			SELECT * FROM users
			WHERE user_search_grams(COALESCE(email, pending_email, ''), full_name, COALESCE(phone_number, pending_phone, '')) @> hashes
			OFFSET 0) AS u
		WHERE u.id > after
			AND (lower(COALESCE(u.email, u.pending_email, '')) LIKE lower(pattern) ESCAPE '!'
				OR lower(u.full_name) LIKE lower(pattern) ESCAPE '!'
				OR COALESCE(u.phone_number, u.pending_phone, '') LIKE pattern ESCAPE '!')
		ORDER BY u.id LIMIT lim OFFSET skip; END
$$;

CREATE FUNCTION user_search_rare_count(hashes integer[], pattern text, lim bigint)
	RETURNS bigint
	LANGUAGE plpgsql STABLE
	SET plan_cache_mode = force_generic_plan
	AS $$
DECLARE n bigint; BEGIN
	SELECT COUNT(*) INTO n FROM (
		SELECT 1 FROM (
			SELECT * FROM users
			WHERE user_search_grams(COALESCE(email, pending_email, ''), full_name, COALESCE(phone_number, pending_phone, '')) @> hashes
			OFFSET 0) AS u
		WHERE lower(COALESCE(u.email, u.pending_email, '')) LIKE lower(pattern) ESCAPE '!'
			OR lower(u.full_name) LIKE lower(pattern) ESCAPE '!'
			OR COALESCE(u.phone_number, u.pending_phone, '') LIKE pattern ESCAPE '!'
		LIMIT lim) AS capped; RETURN n; END
$$;
