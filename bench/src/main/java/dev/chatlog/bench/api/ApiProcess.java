package dev.chatlog.bench.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The query API in a child JVM with its own heap limit, started with the launcher's {@code api} command as in production. */
public final class ApiProcess implements AutoCloseable {

    /** As in production: INFO for chatlog, WARN for libraries; logging every pool wait would be measured too. */
    private static final String LOGBACK = """
            <configuration>
              <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <logger name="dev.chatlog" level="INFO"/>
              <root level="WARN"><appender-ref ref="out"/></root>
            </configuration>
            """;

    private final Process process;
    private final int port;

    /** The API's process id. */
    public long pid() {
        return process.pid();
    }

    private ApiProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static ApiProcess start(Map<String, String> env, int port, String heap, List<String> jvmOptions, Path log)
            throws IOException, InterruptedException {
        Path logback = log.resolveSibling("api-logback.xml");
        Files.writeString(logback, LOGBACK);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap, "-Dlogback.configurationFile=" + logback));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.chatlog.launcher.ChatlogCommand", "api"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        // should the benchmark die, its API goes with it
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        ApiProcess api = new ApiProcess(process, port);
        api.awaitReady();
        return api;
    }

    public int port() {
        return port;
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the API exited with code " + process.exitValue() + " at start-up");
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the API did not become ready within 60 s");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
