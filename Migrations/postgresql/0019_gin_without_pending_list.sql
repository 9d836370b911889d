-- 0019_gin_without_pending_list: the admin search's GIN indexes (0006's
-- trigrams, 0015's grams, 0018's pairs) take each new entry into their
-- trees at once (fastupdate off) instead of a pending list (issue 14).
-- With fastupdate on, a user inserted, or updated onto another page (a
-- login's last_login_at, when the row's page is full, as every page of a
-- bulk-loaded table is), adds its entries to an unsorted list that every
-- search of the index reads from start to end, until VACUUM or a list of
-- gin_pending_list_limit (4 MB) flushes it. Autovacuum comes after 20 % of
-- a table's rows changed: after 250 logins at 10^3 users, never in a
-- benchmark at 10^6, where the 52 logins of bench/scale.sh's set-up left
-- 2-6 pending pages per index and search ran at 0.78-0.82 of 10^3 (p99
-- 168 ms); with those pages flushed 0.92 (p99 22 ms). PostgreSQL's
-- documentation ("GIN Fast Update Technique") names this trade: a write
-- now costs its GIN inserts (about 220 entries a user over the five
-- indexes), a search never reads an unsorted list. The entries already
-- pending are moved into the trees here, as the documentation advises
-- after turning the option off.

ALTER INDEX users_email_trgm SET (fastupdate = off);
ALTER INDEX users_full_name_trgm SET (fastupdate = off);
ALTER INDEX users_phone_number_trgm SET (fastupdate = off);
ALTER INDEX users_search_grams SET (fastupdate = off);
ALTER INDEX users_search_pairs SET (fastupdate = off);
SELECT gin_clean_pending_list(c.oid) FROM pg_class c
	WHERE c.relname IN ('users_email_trgm', 'users_full_name_trgm', 'users_phone_number_trgm', 'users_search_grams', 'users_search_pairs');
