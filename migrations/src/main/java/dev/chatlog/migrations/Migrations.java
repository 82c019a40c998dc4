package dev.chatlog.migrations;

import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a PostgreSQL schema to chatlog's current table layout with Flyway. The worker, the query
 * API and the launcher all call this class, so the schema is defined and migrated in one place.
 */
public final class Migrations {

    /** The schema chatlog's tables live in unless configured otherwise. */
    public static final String DEFAULT_SCHEMA = "chatlog";

    /** The group role the worker acts as: reads and writes the rows of every user. */
    public static final String WRITER_ROLE = "chatlog_writer";

    /** The group role the query API acts as: reads only the rows of the user set per transaction. */
    public static final String READER_ROLE = "chatlog_reader";

    /**
     * The role the finder functions of the query API run as ({@code SECURITY DEFINER}): it reads
     * the tables they search, under policies that show it every row, and no role is a member of it.
     */
    public static final String FINDER_ROLE = "chatlog_finder";

    /** The setting that names, per transaction, the user whose rows {@link #READER_ROLE} sees. */
    public static final String USER_SETTING = "chatlog.user_id";

    static final String LOCATION = "classpath:db/chatlog";

    /** The control schema's migrations (see {@link ControlSchema}); they run after the main ones, which create the roles. */
    static final String CONTROL_LOCATION = "classpath:db/control";

    private Migrations() {
    }

    /**
     * Applies every pending migration to {@code schema}, creating the schema and the two roles when
     * missing, brings the shared control schema up to date, and registers {@code schema} as a
     * deployment there unless it is one already. Running it again on a current schema applies nothing.
     *
     * @throws org.flywaydb.core.api.FlywayException when a migration fails or an applied one was changed
     */
    public static MigrateResult apply(DataSource dataSource, String schema) {
        MigrateResult result = flyway(dataSource, schema, LOCATION).migrate();
        flyway(dataSource, ControlSchema.SCHEMA, CONTROL_LOCATION).migrate();
        ControlSchema.register(dataSource, schema);
        return result;
    }

    /**
     * Checks, without changing anything, that {@code schema} has every migration of this release
     * applied unchanged. Either application role can run it with its own login, for example at start-up.
     *
     * @throws org.flywaydb.core.api.exception.FlywayValidateException when a migration is pending,
     *     failed or was changed after it was applied
     */
    public static void validate(DataSource dataSource, String schema) {
        flyway(dataSource, schema, LOCATION).validate();
    }

    private static Flyway flyway(DataSource dataSource, String schema, String location) {
        Objects.requireNonNull(dataSource, "dataSource");
        if (schema == null || schema.isBlank()) {
            throw new IllegalArgumentException("schema must be a non-blank name, got '" + schema + "'");
        }
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(schema)
                .createSchemas(true)
                .locations(location)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .placeholders(Map.of("writer_role", WRITER_ROLE, "reader_role", READER_ROLE, "finder_role", FINDER_ROLE))
                .load();
    }
}
