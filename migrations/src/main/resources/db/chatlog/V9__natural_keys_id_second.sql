-- The natural keys of items, (user_id, conversation_id, message_id) and (user_id, conversation_id,
-- tool_call_id), are unique as before; their indexes now list the id second.
--
-- Why: a conversation id is unique to its user, but PostgreSQL estimates the rows of
-- "user_id = ? AND conversation_id = ?" as if the two were independent, so about one row. For a
-- lookup by (user_id, conversation_id, seq), as the search indexer makes for every queued message and
-- the search for every hit, the old natural-key index then cost the same as the primary key, and
-- PostgreSQL took it (the index created last wins a tie): it read every item of the conversation and
-- filtered them on seq. With the id second, that index serves a lookup by seq with its first column
-- only, and the primary key is always cheaper. Every query by a natural key names all three columns,
-- so it is served as before, and a producer's retried duplicate still fails the insert on this index.
--
-- The new indexes are built before the old ones are dropped, in one transaction: on a large
-- database the tables are locked while they are built (see migrations/README.md).
ALTER TABLE messages ADD CONSTRAINT messages_message_id_key UNIQUE (user_id, message_id, conversation_id);
ALTER TABLE messages DROP CONSTRAINT messages_user_id_conversation_id_message_id_key;

ALTER TABLE tool_calls ADD CONSTRAINT tool_calls_tool_call_id_key UNIQUE (user_id, tool_call_id, conversation_id);
ALTER TABLE tool_calls DROP CONSTRAINT tool_calls_user_id_conversation_id_tool_call_id_key;
