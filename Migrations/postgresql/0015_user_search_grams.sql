-- 0015_user_search_grams: admin user search flat at 10^6 users (issue 14).
-- user_search_grams(email, full_name, phone) is the set of hashes
-- (hashtext, 32 bits) of every 5-character substring (a "gram") of the
-- three values, lowered by lower() as UserStore's LIKE lowers them; a GIN
-- index on it over the same expressions as migration 0006 keeps each
-- hash's users in a short posting list. A user holds every gram of a q of
-- 5 or more characters that it contains, so "grams @> the grams of q"
-- keeps every match (a hash collision only adds a candidate, which the
-- LIKE then drops), and GIN intersects the posting lists of q's grams,
-- skipping through the long ones by the short ones: a lookup reads a few
-- pages where pg_trgm's trigram lists (each digit trigram of 10^6 numbered
-- users is held by ~1.5 % of them) grow with the table. The planner sees
-- how common each hash is (ANALYZE's most_common_elems of the index
-- expression), so a q every user holds still walks users by id. The
-- pg_trgm indexes of 0006 still serve q of 3 or 4 characters.

CREATE FUNCTION user_search_grams(email text, full_name text, phone text) RETURNS integer[]
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$
		SELECT COALESCE(array_agg(DISTINCT hashtext(substr(v, i, 5))), '{}'::integer[])
		FROM unnest(ARRAY[lower(email), lower(full_name), lower(phone)]) AS v, generate_series(1, length(v) - 4) AS i
	$$;

CREATE INDEX users_search_grams ON users USING gin (
	user_search_grams(COALESCE(email, pending_email, ''), full_name, COALESCE(phone_number, pending_phone, '')));
