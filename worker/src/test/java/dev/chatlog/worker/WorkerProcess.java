package dev.chatlog.worker;

import dev.chatlog.worker.config.WorkerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A worker in a child JVM with the test class path, which a test can kill. The child runs
 * {@link #main}: the worker until SIGTERM, as the launcher's {@code worker} command runs it.
 */
public final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The child JVM: runs the worker from its environment until SIGTERM or a failure stops it. */
    public static void main(String[] args) throws InterruptedException {
        Worker worker = Worker.start(WorkerConfig.fromEnv(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "worker-shutdown"));
        try {
            worker.awaitTermination();
        } catch (WorkerStoppedException e) {
            System.exit(1);
        }
    }

    public static WorkerProcess start(Map<String, String> env, Path log) {
        try {
            Files.createDirectories(log.getParent());
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), WorkerProcess.class.getName());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            return new WorkerProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a worker process", e);
        }
    }

    /** Kills the process with SIGKILL: no shutdown hook, no commit, no goodbye. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(30);
    }

    /** Waits up to {@code seconds} for the process to exit and returns its exit code, or -1 if it still runs. */
    public int awaitExit(long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Sends SIGTERM and returns at once: the worker shuts down cleanly while the caller watches. */
    public void terminate() {
        process.destroy();
    }

    /** How often {@code text} occurs in the output so far. */
    public int count(String text) {
        String out = output();
        int n = 0;
        for (int i = out.indexOf(text); i >= 0; i = out.indexOf(text, i + text.length())) {
            n++;
        }
        return n;
    }

    /** Stops the process with SIGTERM, waiting for its clean shutdown. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (awaitExit(60) == -1) {
                process.destroyForcibly();
                awaitExit(10);
            }
        }
    }
}
