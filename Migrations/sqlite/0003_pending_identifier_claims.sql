-- 0003_pending_identifier_claims: an identifier counts only once proven
-- (OWASP ASVS 2.5, 3.7; Sudhodanan & Paverd, "Pre-hijacked accounts",
-- USENIX Security 2022). users.email and users.phone_number now hold only
-- PROVEN identifiers, so their UNIQUE constraints of 0001 are exactly "unique
-- over proven identifiers". An unproven email or number is a pending claim in
-- pending_email / pending_phone: not unique (several accounts may claim the
-- same address; whoever proves it takes it and the others lose the claim),
-- and it never opens an account. email_verified / phone_verified stay, kept
-- equal to "email IS NOT NULL" / "phone_number IS NOT NULL" by the store.
-- (Moving the unproven values out of the UNIQUE columns avoids rebuilding the
-- users table, which SQLite needs to drop a column constraint and which would
-- cascade-delete sessions and tokens under foreign_keys = ON.)

ALTER TABLE users ADD COLUMN pending_email TEXT;
ALTER TABLE users ADD COLUMN pending_phone TEXT;

UPDATE users SET pending_email = email, email = NULL WHERE email IS NOT NULL AND email_verified = 0;
UPDATE users SET pending_phone = phone_number, phone_number = NULL WHERE phone_number IS NOT NULL AND phone_verified = 0;

CREATE INDEX users_pending_email ON users(pending_email);
CREATE INDEX users_pending_phone ON users(pending_phone);
