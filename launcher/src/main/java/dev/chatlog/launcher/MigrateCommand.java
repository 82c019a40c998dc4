package dev.chatlog.launcher;

import dev.chatlog.config.Settings;
import dev.chatlog.db.DatabaseLogin;
import dev.chatlog.db.DatabaseSetting;
import dev.chatlog.db.PostgresDataSources;
import dev.chatlog.migrations.Migrations;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Applies the database migrations and exits. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Applies the database migrations to the schema and exits.",
            "Run it as the login that owns the schema; the worker and the API log in as members of their roles."})
final class MigrateCommand implements Callable<Integer>, EnvBacked {

    @Spec
    CommandSpec spec;

    static final List<DatabaseSetting> SETTINGS = List.of(DatabaseSetting.values());

    @Override
    public Map<String, String> documentation() {
        return Settings.documentation(SETTINGS);
    }

    @Override
    public Integer call() {
        Settings settings = Settings.read("chatlog migrate", EnvOptions.environment(spec, documentation(), System.getenv()),
                SETTINGS).check();
        String schema = settings.get(DatabaseSetting.SCHEMA);
        MigrateResult result = Migrations.apply(PostgresDataSources.direct(DatabaseLogin.from(settings)), schema);
        spec.commandLine().getOut().printf("schema %s: %d migration(s) applied, now at version %s%n",
                schema, result.migrationsExecuted, result.targetSchemaVersion);
        return 0;
    }
}
