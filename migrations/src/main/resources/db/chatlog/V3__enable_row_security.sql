-- Row-level security on the user tables. The query API's role sees only the rows of the user it
-- set for the current transaction with set_config('chatlog.user_id', ?, true), and nothing when
-- none is set. NULLIF matters: once a transaction that set the user has ended, the setting reads
-- as '' rather than NULL for the rest of the connection, and '' must match no row at all.
-- The worker's role writes the rows of every user. The owner (the role running these migrations)
-- is not subject to policies.

ALTER TABLE conversations ENABLE ROW LEVEL SECURITY;
ALTER TABLE messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE tool_calls ENABLE ROW LEVEL SECURITY;

CREATE POLICY conversations_of_current_user ON conversations FOR SELECT TO ${reader_role}
    USING (user_id = NULLIF(current_setting('chatlog.user_id', true), ''));
CREATE POLICY messages_of_current_user ON messages FOR SELECT TO ${reader_role}
    USING (user_id = NULLIF(current_setting('chatlog.user_id', true), ''));
CREATE POLICY tool_calls_of_current_user ON tool_calls FOR SELECT TO ${reader_role}
    USING (user_id = NULLIF(current_setting('chatlog.user_id', true), ''));

CREATE POLICY conversations_of_every_user ON conversations FOR ALL TO ${writer_role}
    USING (true) WITH CHECK (true);
CREATE POLICY messages_of_every_user ON messages FOR ALL TO ${writer_role}
    USING (true) WITH CHECK (true);
CREATE POLICY tool_calls_of_every_user ON tool_calls FOR ALL TO ${writer_role}
    USING (true) WITH CHECK (true);
