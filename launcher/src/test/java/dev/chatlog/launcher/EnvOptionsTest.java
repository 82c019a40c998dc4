package dev.chatlog.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

class EnvOptionsTest {

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Override
        public void run() {
        }
    }

    private static final Map<String, String> DOCS = new LinkedHashMap<>(Map.of(
            "CHATLOG_DB_URL", "JDBC URL (required)",
            "CHATLOG_DB_POOL_SIZE", "pool size (default: 8)"));

    @Test
    void namesTheOptionAfterTheVariable() {
        assertThat(EnvOptions.optionName("CHATLOG_DB_POOL_SIZE")).isEqualTo("--db-pool-size");
        assertThatThrownBy(() -> EnvOptions.optionName("DB_URL")).hasMessageContaining("CHATLOG_");
    }

    @Test
    void helpListsEveryOptionWithTheVariableBehindIt() {
        CommandLine commandLine = new CommandLine(new Probe());
        EnvOptions.addTo(commandLine.getCommandSpec(), DOCS);
        String usage = commandLine.getUsageMessage();
        assertThat(usage).contains("--db-url", "[env CHATLOG_DB_URL]", "--db-pool-size", "[env CHATLOG_DB_POOL_SIZE]");
    }

    @Test
    void optionGivenOnTheCommandLineWinsOverTheEnvironment() {
        CommandLine commandLine = new CommandLine(new Probe());
        CommandSpec spec = commandLine.getCommandSpec();
        EnvOptions.addTo(spec, DOCS);
        commandLine.parseArgs("--db-pool-size", "4");
        Map<String, String> env = EnvOptions.environment(spec, DOCS,
                Map.of("CHATLOG_DB_POOL_SIZE", "16", "CHATLOG_DB_URL", "jdbc:postgresql://db/x", "HOME", "/root"));
        assertThat(env).containsEntry("CHATLOG_DB_POOL_SIZE", "4")
                .containsEntry("CHATLOG_DB_URL", "jdbc:postgresql://db/x")
                .containsEntry("HOME", "/root");
    }
}
