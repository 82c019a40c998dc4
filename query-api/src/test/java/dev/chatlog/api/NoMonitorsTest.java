package dev.chatlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API serves every request on a virtual thread. On JDK 21, the Docker image's runtime, a virtual
 * thread that blocks inside {@code synchronized} or in {@code Object.wait} pins its carrier thread, and
 * a few such requests stall the whole server; so the API's own code holds no monitor at all.
 */
class NoMonitorsTest {

    private static final Pattern MONITOR = Pattern.compile("\\bsynchronized\\b|\\.wait\\(|\\.notify(All)?\\(");

    @Test
    void theApiCodeHoldsNoMonitor() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).strip();
                    if (!code.startsWith("*") && !code.startsWith("/*") && !code.startsWith("//")
                            && MONITOR.matcher(code).find()) {
                        found.add(file + ":" + (i + 1) + ": " + code);
                    }
                }
            }
        }
        assertThat(found).as("monitors in the API's code").isEmpty();
    }
}
