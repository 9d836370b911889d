-- 0008_legacy_token_exchanges: refresh tokens of the old Django back end
-- (simplejwt) exchanged at a compatibility profile's refresh route
-- (Docs/COMPAT.md "Legacy tokens"). The jti is the unique key: a token is
-- exchanged once across every instance sharing the database; rows are
-- kept until the token's own exp, then deleted at the next exchange.

CREATE TABLE legacy_token_exchanges (
	jti TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	exchanged_at INTEGER NOT NULL
);

CREATE INDEX legacy_token_exchanges_expires_at ON legacy_token_exchanges(expires_at);
