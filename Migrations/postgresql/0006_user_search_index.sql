-- 0006_user_search_index: admin user search served by an index (issue 14).
-- pg_trgm GIN indexes on exactly the expressions UserStore's search matches
-- with LIKE '%q%' (lower(COALESCE(email, '')), lower(full_name),
-- COALESCE(phone_number, '')), so the planner combines them (BitmapOr)
-- instead of scanning users. pg_trgm is a trusted extension (PostgreSQL
-- 13+): the database owner may create it.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX users_email_trgm ON users USING gin (lower(COALESCE(email, pending_email, '')) gin_trgm_ops);
CREATE INDEX users_full_name_trgm ON users USING gin (lower(full_name) gin_trgm_ops);
CREATE INDEX users_phone_number_trgm ON users USING gin (COALESCE(phone_number, pending_phone, '') gin_trgm_ops);
