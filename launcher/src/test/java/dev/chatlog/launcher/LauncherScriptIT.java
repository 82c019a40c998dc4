package dev.chatlog.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./chatlog} script's JVM options: the worker and a rebuild run on the parallel collector,
 * the other commands keep the JVM's default, and {@code CHATLOG_JAVA_OPTS} replaces the defaults.
 * The script runs against a stand-in Java home whose {@code java} prints the arguments it was given.
 */
class LauncherScriptIT {

    private static final Path SCRIPT = Path.of("..", "chatlog").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target", "chatlog.jar").toAbsolutePath();

    @TempDir
    static Path javaHome;

    @BeforeAll
    static void standInJava() throws IOException {
        Path bin = Files.createDirectories(javaHome.resolve("bin"));
        // ./chatlog asks for the version first (.mvn/find-jdk.sh); any other call prints its arguments
        write(bin.resolve("java"), """
                #!/usr/bin/env bash
                if [ "$1" = "-XshowSettings:properties" ]; then echo "    java.specification.version = 21" >&2; exit 0; fi
                printf '%s\\n' "$@"
                """);
        write(bin.resolve("javac"), "#!/usr/bin/env bash\nexit 0\n");
    }

    @Test
    void theWorkerAndARebuildRunOnTheParallelCollector() throws Exception {
        assertThat(javaArguments(Map.of(), "worker")).containsExactly(
                "-Xmx512m", "-XX:+UseParallelGC", "-jar", JAR.toString(), "worker");
        assertThat(javaArguments(Map.of(), "rebuild", "--help")).containsExactly(
                "-Xmx512m", "-XX:+UseParallelGC", "-jar", JAR.toString(), "rebuild", "--help");
    }

    @Test
    void theOtherCommandsKeepTheJvmsDefaultCollector() throws Exception {
        assertThat(javaArguments(Map.of(), "api")).containsExactly("-Xmx512m", "-jar", JAR.toString(), "api");
        assertThat(javaArguments(Map.of(), "dev")).containsExactly("-Xmx512m", "-jar", JAR.toString(), "dev");
        assertThat(javaArguments(Map.of())).containsExactly("-Xmx512m", "-jar", JAR.toString());
    }

    @Test
    void chatlogJavaOptsReplacesTheDefaults() throws Exception {
        assertThat(javaArguments(Map.of("CHATLOG_JAVA_OPTS", "-Xmx1g -XX:+UseG1GC"), "worker")).containsExactly(
                "-Xmx1g", "-XX:+UseG1GC", "-jar", JAR.toString(), "worker");
    }

    private static List<String> javaArguments(Map<String, String> env, String... args) throws Exception {
        assertThat(JAR).as("the packaged jar, so that the script does not build").exists();
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add("bash");
        pb.command().add(SCRIPT.toString());
        pb.command().addAll(List.of(args));
        pb.environment().remove("CHATLOG_JAVA_OPTS");
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
