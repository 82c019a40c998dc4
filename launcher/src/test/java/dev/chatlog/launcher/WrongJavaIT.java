package dev.chatlog.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged jar the way users do, {@code java -jar chatlog.jar}: on a Java older than 21
 * found on this machine (under /usr/lib/jvm or as {@code java} on the PATH) it must print one line
 * naming that Java and the one needed; on this JVM it must run the command.
 */
class WrongJavaIT {

    private static final Path JAR = Path.of("target", "chatlog.jar").toAbsolutePath();

    private record Run(int exitCode, String out, String err) {
    }

    @Test
    void anOlderJavaSaysInOneLineWhichJavaItIsAndWhichIsNeeded() throws Exception {
        Optional<Path> older = olderJava();
        if (older.isPresent()) {
            Run run = run(older.get().resolve("bin/java").toString(), "-jar", JAR.toString(), "--version");
            int feature = feature(older.get());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err().lines().toList()).singleElement().asString()
                    .startsWith("chatlog needs Java 21 or newer, but this is Java " + feature + " (")
                    .doesNotContain("UnsupportedClassVersionError");
            assertThat(run.out()).isEmpty();
        } else {
            // no Java older than 21 on this machine: the check's own verdict on one
            assertThat(ChatlogMain.problem("17", "/opt/jdk-17")).startsWith("chatlog needs Java 21 or newer, but this is Java 17");
        }
    }

    @Test
    void theJavaRunningTheBuildRunsTheCommand() throws Exception {
        Run run = run(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(), "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("chatlog 0.1.0");
        assertThat(run.err()).doesNotContain("chatlog needs Java");
    }

    /** A Java home older than 21: under /usr/lib/jvm, else the {@code java} on the PATH. */
    private static Optional<Path> olderJava() throws IOException {
        List<Path> candidates = new ArrayList<>();
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                homes.sorted().forEach(candidates::add);
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path java = Path.of(dir, "java");
            if (!dir.isEmpty() && Files.isExecutable(java)) {
                candidates.add(java.toRealPath().getParent().getParent());
            }
        }
        return candidates.stream()
                .filter(home -> Files.isExecutable(home.resolve("bin/java")))
                .filter(home -> feature(home) > 0 && feature(home) < ChatlogMain.REQUIRED_JAVA)
                .findFirst();
    }

    /** The feature version in a Java home's {@code release} file, or -1. */
    private static int feature(Path home) {
        try {
            return Files.readAllLines(home.resolve("release")).stream()
                    .filter(line -> line.startsWith("JAVA_VERSION="))
                    .map(line -> ChatlogMain.feature(line.substring("JAVA_VERSION=".length()).replace("\"", "")))
                    .findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static Run run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
