-- 0017_legacy_password_index: the accounts still holding an imported Django
-- password hash (issue 14; DjangoImport::ImportStore). Their count answers
-- the gauge authserver_compat_legacy_password_hashes and tells the login
-- timing whether to pad (both at most every 10 s), and the start-up reads
-- one hash per cost class in pages by id. Without an index each of these
-- was a parallel scan of users (145 ms at 10^6 users); with this partial
-- index over those rows alone the count is an index-only scan of what is
-- left to migrate (0.02 ms when nothing is). Its WHERE is ImportStore's
-- predicate word for word, which the planner proves the query implies.

CREATE INDEX users_legacy_password ON users (id) WHERE password_hash LIKE 'pbkdf2\_%' ESCAPE '\' OR password_hash LIKE 'argon2$%' OR password_hash LIKE 'bcrypt%';
