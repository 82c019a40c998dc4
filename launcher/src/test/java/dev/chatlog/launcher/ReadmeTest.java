package dev.chatlog.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.api.config.ApiConfig;
import dev.chatlog.worker.config.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README is the front door: it must name every setting and the commands it promises. */
class ReadmeTest {

    private static String readme() throws IOException {
        return Files.readString(Path.of("..", "README.md"));
    }

    @Test
    void documentsEveryWorkerAndApiVariable() throws IOException {
        String readme = readme();
        for (String variable : WorkerConfig.documentation().keySet()) {
            assertThat(readme).as("README documents %s", variable).contains("`" + variable + "`");
        }
        for (String variable : ApiConfig.documentation().keySet()) {
            assertThat(readme).as("README documents %s", variable).contains("`" + variable + "`");
        }
    }

    @Test
    void testCommandIsTheOneCiRuns() throws IOException {
        String ci = Files.readString(Path.of("..", ".ci", "run"));
        assertThat(ci).contains("./mvnw -B verify");
        assertThat(readme()).contains("./mvnw -B verify", "./chatlog dev");
    }

    @Test
    void listsEverySubcommand() throws IOException {
        String readme = readme();
        for (String sub : ChatlogCommand.commandLine().getSubcommands().keySet()) {
            if (!sub.equals("help")) {
                assertThat(readme).as("README mentions ./chatlog %s", sub).contains("./chatlog " + sub);
            }
        }
    }
}
