-- 0009_django_import: `authserver --import-django` (issue 18).
-- PostgreSQL twin of Migrations/sqlite/0009_django_import.sql.
-- users.username: the optional user name of Django accounts (1-150 letters,
-- digits and @.+-_), unique case-insensitively.
-- django_imports: one row per imported user, keyed by its Django pk (= the
-- user id), with the SHA-256 hex digests of the dump's password string and
-- of the mapped fields at the last import, so a re-import updates a user
-- only when the dump changed and its password only when the dump's hash
-- changed (a rehash or a password set here is kept).

ALTER TABLE users ADD COLUMN username TEXT;

CREATE UNIQUE INDEX users_username_lower ON users(lower(username)) WHERE username IS NOT NULL;

CREATE TABLE django_imports (
	user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	password_digest TEXT NOT NULL,
	fields_digest TEXT NOT NULL,
	imported_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
