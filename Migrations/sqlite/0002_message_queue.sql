-- 0002_message_queue: the durable delivery queue of outgoing mail and SMS.
-- A message is accepted into this table in the request and sent by a worker
-- thread of any instance: a worker claims a row with a conditional UPDATE
-- (claimed_until in the past or NULL), so two instances never send one
-- message twice, and a crashed worker's claim lapses. payload is sealed
-- with AES-256-GCM (it holds one-time codes and links, which must never be
-- stored in clear, API.md). A row is deleted once sent or dropped.

CREATE TABLE message_queue (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
	payload TEXT NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL,
	claimed_until INTEGER,
	claimed_by TEXT,
	last_error TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL
);

CREATE INDEX message_queue_due ON message_queue(next_attempt_at);
