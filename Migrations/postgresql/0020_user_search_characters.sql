-- 0020_user_search_characters: a q of 1 character read through an index
-- (issue 14). No index of 0006, 0015 or 0018 holds single characters, so
-- such a q walked users by id with the LIKE: quick for a common character
-- (the page fills at once), the whole table for a rare one (0.6-0.7 s at
-- 10^6 users). This GIN index holds, per user, the set of characters of
-- its email (or pending claim), name and phone, lowered as UserStore's
-- LIKE lowers them, from built-in functions only (string_to_array with a
-- NULL delimiter splits a text into its characters; GIN keeps each once a
-- row). "characters @> ARRAY[c]" finds every user holding c; the LIKE
-- then checks each. A bitmap of a common character's holders would be
-- most of the table, so UserStore first walks a few thousand users by id
-- and reads the index only for a character too rare to fill the page
-- there. New entries go into the tree at once, as for the indexes of 0019.

CREATE INDEX users_search_characters ON users USING gin (
	string_to_array(lower(COALESCE(email, pending_email, '') || full_name || COALESCE(phone_number, pending_phone, '')), NULL))
	WITH (fastupdate = off);
