-- The logins docker compose gives the worker and the API: each only a member of its group role,
-- neither superuser nor BYPASSRLS, so row-level security binds both. The migrations run as the
-- owner (POSTGRES_USER) and create the group roles only when missing, so they are created here
-- first. PostgreSQL runs this file once, when it initialises an empty data volume.

DO $$
DECLARE
    entry record;
BEGIN
    FOR entry IN SELECT * FROM (VALUES ('chatlog_worker', 'chatlog_writer'),
                                       ('chatlog_api', 'chatlog_reader')) AS l(name, group_role) LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = entry.group_role) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', entry.group_role);
        END IF;
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = entry.name) THEN
            -- the password is the login's name, as the compose file's other passwords are: change both for anything but a trial
            EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD %L', entry.name, entry.name);
        END IF;
        EXECUTE format('GRANT %I TO %I', entry.group_role, entry.name);
    END LOOP;
END
$$;
