-- 0002_message_queue: the durable delivery queue of outgoing mail and SMS
-- (twin of Migrations/sqlite/0002_message_queue.sql; see the comments there).
-- A worker of any instance claims a row with a conditional UPDATE, so two
-- instances never send one message twice; payload is sealed with AES-256-GCM.

CREATE TABLE message_queue (
	id BIGSERIAL PRIMARY KEY,
	channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
	payload TEXT NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at BIGINT NOT NULL,
	claimed_until BIGINT,
	claimed_by TEXT,
	last_error TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL
);

CREATE INDEX message_queue_due ON message_queue(next_attempt_at);
