-- The two group roles the applications act as. Roles belong to the whole cluster, which may hold
-- many chatlog schemas and databases, so each is created only when missing and never altered here.
-- Login users are made members of them (see migrations/README.md).
--   ${writer_role}: the worker; reads and writes the rows of every user.
--   ${reader_role}: the query API; reads only, and row-level security (V3) limits it to one user.

DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['${writer_role}', '${reader_role}'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
            EXCEPTION
                -- Another database of the cluster created it concurrently.
                WHEN duplicate_object OR unique_violation THEN NULL;
            END;
        END IF;
    END LOOP;
END
$$;

GRANT USAGE ON SCHEMA "${flyway:defaultSchema}" TO ${writer_role}, ${reader_role};

-- Privileges are granted on the partitioned tables only, never on their partitions: row-level
-- security is enforced through the parent, so a partition must not be readable on its own.
GRANT SELECT, INSERT, UPDATE, DELETE ON conversations, messages, tool_calls, applied_offsets TO ${writer_role};
GRANT SELECT ON conversations, messages, tool_calls TO ${reader_role};

-- applied_offsets holds no user data; the API reads it to wait for a consistency token.
GRANT SELECT ON applied_offsets TO ${reader_role};

-- Lets both applications check at start-up, with their own credentials, that the schema is current.
GRANT SELECT ON "${flyway:table}" TO ${writer_role}, ${reader_role};
