package dev.chatlog.launcher;

import dev.chatlog.migrations.Migrations;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Applies the database migrations and exits. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Applies the database migrations to the schema and exits.")
final class MigrateCommand implements Callable<Integer>, EnvBacked {

    @Spec
    CommandSpec spec;

    @Override
    public Map<String, String> documentation() {
        Map<String, String> docs = new LinkedHashMap<>();
        docs.put("CHATLOG_DB_URL", "JDBC URL of PostgreSQL (required)");
        docs.put("CHATLOG_DB_USER", "database user that owns the schema (default: postgres)");
        docs.put("CHATLOG_DB_PASSWORD", "password of that user (default: none)");
        docs.put("CHATLOG_DB_SCHEMA", "schema holding the tables (default: " + Migrations.DEFAULT_SCHEMA + ")");
        return docs;
    }

    @Override
    public Integer call() {
        Map<String, String> env = EnvOptions.environment(spec, documentation(), System.getenv());
        String url = env.get("CHATLOG_DB_URL");
        if (url == null || url.isBlank()) {
            spec.commandLine().getErr().println("Missing required configuration CHATLOG_DB_URL (or --db-url).");
            return 2;
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(env.getOrDefault("CHATLOG_DB_USER", "postgres"));
        if (env.get("CHATLOG_DB_PASSWORD") != null) {
            dataSource.setPassword(env.get("CHATLOG_DB_PASSWORD"));
        }
        String schema = env.getOrDefault("CHATLOG_DB_SCHEMA", Migrations.DEFAULT_SCHEMA);
        MigrateResult result = Migrations.apply(dataSource, schema);
        spec.commandLine().getOut().printf("schema %s: %d migration(s) applied, now at version %s%n",
                schema, result.migrationsExecuted, result.targetSchemaVersion);
        return 0;
    }
}
