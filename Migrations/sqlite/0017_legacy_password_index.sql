-- 0017_legacy_password_index: the accounts still holding an imported Django
-- password hash (issue 14; DjangoImport::ImportStore). Their count answers
-- the gauge authserver_compat_legacy_password_hashes and tells the login
-- timing whether to pad (both at most every 10 s), and the start-up reads
-- one hash per cost class in pages by id. Without an index each of these
-- read the whole users table (about 0.1 s at 10^6 users). A partial index
-- over those rows alone makes them cost what is left to migrate: nothing,
-- once every account has logged in. Its WHERE is ImportStore's predicate
-- word for word; SQLite uses a partial index only when the query's WHERE
-- holds that same term.

CREATE INDEX users_legacy_password ON users(id) WHERE password_hash LIKE 'pbkdf2\_%' ESCAPE '\' OR password_hash LIKE 'argon2$%' OR password_hash LIKE 'bcrypt%';
