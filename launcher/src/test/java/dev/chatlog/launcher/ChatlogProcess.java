package dev.chatlog.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code chatlog <command>} in a child JVM with the test class path, as {@code java -jar chatlog.jar}
 * runs it, optionally as the leader of its own process group, so a test can signal the whole group
 * the way a closing terminal or a supervisor does.
 */
final class ChatlogProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChatlogProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChatlogProcess start(List<String> arguments, Map<String, String> env, Path log, boolean ownProcessGroup) {
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>();
            if (ownProcessGroup) {
                // setsid makes the JVM the leader of a new session and process group, whose id is its pid
                command.add("setsid");
            }
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), ChatlogCommand.class.getName()));
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().keySet().removeIf(name -> name.startsWith("CHATLOG_"));
            builder.environment().putAll(env);
            return new ChatlogProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start chatlog " + arguments, e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Sends {@code signal} (e.g. "TERM") to the process, or to its whole process group. */
    void signal(String signal, boolean wholeGroup) throws IOException, InterruptedException {
        String target = wholeGroup ? "-" + pid() : Long.toString(pid());
        Process kill = new ProcessBuilder("kill", "-" + signal, "--", target).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + target + " failed");
        }
    }

    /** The exit status, once the process has exited within {@code timeout}; -1 if it still runs. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** How often {@code regex} matches the output. */
    int count(String regex) {
        Matcher m = Pattern.compile(regex).matcher(output());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
