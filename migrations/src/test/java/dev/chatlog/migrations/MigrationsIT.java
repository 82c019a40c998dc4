package dev.chatlog.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ChatlogServersExtension.class)
class MigrationsIT {

    private static final List<String> TABLES = List.of("applied_offsets", "conversations", "messages", "tool_calls");

    @Test
    void appliesEveryMigrationToAnEmptyDatabase(TestDatabase database) throws Exception {
        MigrateResult result = Migrations.apply(database.dataSource(), Migrations.DEFAULT_SCHEMA);

        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isEqualTo(migrationFileCount());
        assertThat(tablesOf(database.dataSource(), Migrations.DEFAULT_SCHEMA)).containsAll(TABLES);
    }

    @Test
    void secondApplyAppliesNothingAndTheSchemaValidates(TestDatabase database) {
        MigrateResult first = Migrations.apply(database.dataSource(), Migrations.DEFAULT_SCHEMA);
        MigrateResult second = Migrations.apply(database.dataSource(), Migrations.DEFAULT_SCHEMA);

        assertThat(second.success).isTrue();
        assertThat(second.migrationsExecuted).isZero();
        assertThat(second.initialSchemaVersion).isEqualTo(first.targetSchemaVersion);
        assertThatCode(() -> Migrations.validate(database.dataSource(), Migrations.DEFAULT_SCHEMA))
                .doesNotThrowAnyException();
    }

    @Test
    void migratesTwoSchemasOfOneDatabaseIndependently(TestDatabase database) throws Exception {
        DataSource dataSource = database.dataSource();

        Migrations.apply(dataSource, "chatlog_blue");
        Migrations.apply(dataSource, "chatlog_green");
        try (Connection blue = Queries.open(dataSource, "chatlog_blue")) {
            SampleRows.insertConversation(blue, "user-1", "conv-1", 2);
        }

        assertThat(tablesOf(dataSource, "chatlog_blue")).containsAll(TABLES);
        assertThat(tablesOf(dataSource, "chatlog_green")).containsAll(TABLES);
        try (Connection c = dataSource.getConnection()) {
            assertThat(Queries.count(c, "SELECT count(*) FROM chatlog_blue.messages")).isEqualTo(1);
            assertThat(Queries.count(c, "SELECT count(*) FROM chatlog_green.messages")).isZero();
            for (String schema : List.of("chatlog_blue", "chatlog_green")) {
                for (String role : List.of(Migrations.READER_ROLE, Migrations.WRITER_ROLE, Migrations.FINDER_ROLE)) {
                    assertThat(Queries.string(c, "SELECT has_schema_privilege(?, ?, 'USAGE')", role, schema))
                            .as("%s may use %s", role, schema)
                            .isEqualTo("t");
                }
                assertThat(Queries.strings(c, "SELECT DISTINCT pg_get_userbyid(p.proowner) FROM pg_proc p"
                        + " WHERE p.pronamespace = ?::regnamespace AND p.proname IN ('find_tool_calls', 'search_messages')", schema))
                        .as("owner of the finder functions of %s", schema).containsExactly(Migrations.FINDER_ROLE);
            }
        }
        assertThatCode(() -> Migrations.validate(dataSource, "chatlog_green")).doesNotThrowAnyException();
    }

    @Test
    void instancesStartingTogetherMigrateTheSchemaOnce(TestDatabase database) throws IOException, SQLException {
        List<Integer> executed;
        try (ExecutorService instances = Executors.newFixedThreadPool(4)) {
            List<CompletableFuture<MigrateResult>> runs = IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> Migrations.apply(database.dataSource(), Migrations.DEFAULT_SCHEMA), instances))
                    .toList();
            executed = runs.stream().map(run -> run.join().migrationsExecuted).toList();
        }

        // Flyway takes its lock per migration, so two instances may share the work; each migration runs once.
        assertThat(executed.stream().mapToInt(Integer::intValue).sum()).as("migrations run by %s", executed)
                .isEqualTo(migrationFileCount());
        try (Connection c = database.dataSource().getConnection()) {
            assertThat(Queries.count(c, "SELECT count(*) FROM chatlog.flyway_schema_history WHERE version IS NOT NULL"))
                    .isEqualTo(migrationFileCount());
        }
    }

    @Test
    void validateRejectsASchemaThatWasNeverMigrated(TestDatabase database) {
        assertThatThrownBy(() -> Migrations.validate(database.dataSource(), Migrations.DEFAULT_SCHEMA))
                .isInstanceOf(FlywayValidateException.class)
                .hasMessageContaining("Schema \"chatlog\" doesn't exist yet");
    }

    @Test
    void validateRejectsASchemaMissingTheLatestMigrations(TestDatabase database) {
        Flyway.configure()
                .dataSource(database.dataSource())
                .schemas(Migrations.DEFAULT_SCHEMA)
                .createSchemas(true)
                .locations(Migrations.LOCATION)
                .target("1")
                .load()
                .migrate();

        assertThatThrownBy(() -> Migrations.validate(database.dataSource(), Migrations.DEFAULT_SCHEMA))
                .isInstanceOf(FlywayValidateException.class)
                .hasMessageContaining("Detected resolved migration not applied to database: 2");
    }

    @Test
    void olderReleaseAcceptsASchemaMigratedByANewerOne(TestDatabase database) throws SQLException {
        Migrations.apply(database.dataSource(), Migrations.DEFAULT_SCHEMA);
        try (Connection c = Queries.open(database.dataSource())) {
            Queries.update(c, """
                    INSERT INTO flyway_schema_history
                        (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
                    VALUES (99, '99', 'change of a newer release', 'SQL', 'V99__change_newer_release.sql', 0, current_user, 0, true)""");
        }

        assertThatCode(() -> Migrations.validate(database.dataSource(), Migrations.DEFAULT_SCHEMA))
                .doesNotThrowAnyException();
        assertThat(Migrations.apply(database.dataSource(), Migrations.DEFAULT_SCHEMA).migrationsExecuted).isZero();
    }

    private static List<String> tablesOf(DataSource dataSource, String schema) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return Queries.strings(c, """
                    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition""", schema);
        }
    }

    /** The migrations in the module's sources: each must be found on the classpath and applied. */
    private static int migrationFileCount() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/chatlog"))) {
            return (int) files.filter(file -> file.getFileName().toString().matches("V\\d+__\\w+\\.sql")).count();
        }
    }
}
