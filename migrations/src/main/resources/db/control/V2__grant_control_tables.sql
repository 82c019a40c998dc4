-- The roles are created by the main migrations (db/chatlog V2), which always run first.
GRANT USAGE ON SCHEMA "${flyway:defaultSchema}" TO ${writer_role}, ${reader_role};
GRANT SELECT, UPDATE ON deployments TO ${writer_role};
GRANT SELECT ON deployments TO ${reader_role};
