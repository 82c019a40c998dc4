package dev.chatlog.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatlog.migrations.Migrations;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.Ports;
import dev.chatlog.testkit.TestDatabase;
import dev.chatlog.testkit.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The launcher's long-running commands stop in order on a signal and exit 0, in a child JVM as in production. */
@ExtendWith(ChatlogServersExtension.class)
class StopSignalsIT {

    private static final Path LOGS = Path.of("target", "launcher-logs");

    @Test
    void theWorkerStopsOnceAndExitsZeroOnSigterm(TestServers servers, TestDatabase db) throws Exception {
        Map<String, String> env = LauncherFixture.env(servers, db, servers.newTopic(4));
        try (ChatlogProcess worker = ChatlogProcess.start(List.of("worker"), env, LOGS.resolve("worker-sigterm.log"), false)) {
            await().atMost(Duration.ofMinutes(2)).until(() -> worker.output().contains("-> RUNNING"));

            worker.signal("TERM", false);

            assertThat(worker.awaitExit(Duration.ofMinutes(1))).as(worker.output()).isZero();
            assertThat(worker.count("stopping the worker")).as(worker.output()).isOne();
            assertThat(worker.count("worker stopped")).as(worker.output()).isOne();
        }
    }

    @Test
    void theWorkerStopsAtOnceOnSigtermWhileItStillWaitsForPostgres(TestServers servers, TestDatabase db)
            throws Exception {
        Map<String, String> env = LauncherFixture.env(servers, db, servers.newTopic(1));
        // nothing listens there: connecting is refused, which start-up retries for minutes
        env.put("CHATLOG_DB_URL", "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/chatlog");
        try (ChatlogProcess worker = ChatlogProcess.start(List.of("worker"), env, LOGS.resolve("worker-sigterm-start.log"), false)) {
            await().atMost(Duration.ofMinutes(2)).until(() -> worker.output().contains("retrying with backoff"));

            long signalled = System.nanoTime();
            worker.signal("TERM", false);

            assertThat(worker.awaitExit(Duration.ofMinutes(1))).as(worker.output()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(30));
            assertThat(worker.count("stopped during start-up")).as(worker.output()).isOne();
            assertThat(worker.output()).doesNotContain("-> RUNNING");
        }
    }

    @Test
    void theApiStopsAndExitsZeroOnSigint(TestServers servers, TestDatabase db) throws Exception {
        Migrations.apply(db.dataSource(), Migrations.DEFAULT_SCHEMA);
        Map<String, String> env = LauncherFixture.apiEnv(db, LauncherFixture.env(servers, db, servers.newTopic(1)));
        env.put("CHATLOG_API_PORT", "0");
        env.put("CHATLOG_JWT_HS256_SECRET", "stop-signals-test-secret-of-32-bytes!");
        try (ChatlogProcess api = ChatlogProcess.start(List.of("api"), env, LOGS.resolve("api-sigint.log"), false)) {
            await().atMost(Duration.ofMinutes(1)).until(() -> api.output().contains("query API listening"));

            api.signal("INT", false);

            if (api.output().contains("SIGINT was ignored when the process started")) {
                // the suite runs as a background job of a non-interactive shell (or under nohup): the
                // API inherited SIGINT ignored, and keeps it so, as a shell user expects
                assertThat(api.awaitExit(Duration.ofSeconds(3))).as(api.output()).isEqualTo(-1);
                assertThat(api.output()).doesNotContain("received: stopping");
                api.signal("TERM", false);
            }
            assertThat(api.awaitExit(Duration.ofMinutes(1))).as(api.output()).isZero();
            assertThat(api.count("query API on port \\d+ stopped")).as(api.output()).isOne();
        }
    }

    @Test
    void theApiRefusesToStartAsASuperuserWithExitTwoAndAClearMessage(TestServers servers, TestDatabase db)
            throws Exception {
        Migrations.apply(db.dataSource(), Migrations.DEFAULT_SCHEMA);
        Map<String, String> env = LauncherFixture.env(servers, db, "unused");
        env.put("CHATLOG_API_PORT", "0");
        env.put("CHATLOG_JWT_HS256_SECRET", "stop-signals-test-secret-of-32-bytes!");
        try (ChatlogProcess api = ChatlogProcess.start(List.of("api"), env, LOGS.resolve("api-superuser.log"), false)) {
            assertThat(api.awaitExit(Duration.ofMinutes(1))).as(api.output()).isEqualTo(2);
            assertThat(api.output()).contains("The query API refuses to start: its database login " + db.user()
                    + " is a superuser or has BYPASSRLS", "CHATLOG_API_ALLOW_PRIVILEGED_LOGIN=true")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void anInvalidConfigurationExitsTwoListingEveryProblem(TestServers servers, TestDatabase db) throws Exception {
        Map<String, String> env = LauncherFixture.env(servers, db, "unused");
        env.put("CHATLOG_DB_POOL_SIZE", "lots");
        env.put("CHATLOG_FLUSH_INTERVAL_MS", "-1");
        try (ChatlogProcess worker = ChatlogProcess.start(List.of("worker"), env, LOGS.resolve("worker-invalid.log"), false)) {
            assertThat(worker.awaitExit(Duration.ofMinutes(1))).as(worker.output()).isEqualTo(2);
            assertThat(worker.output()).contains("The configuration of the worker has 2 problems",
                    "Invalid value 'lots' for CHATLOG_DB_POOL_SIZE", "Invalid value '-1' for CHATLOG_FLUSH_INTERVAL_MS");
        }
    }

    @Test
    void devModeStopsTheWorkerAndTheApiBeforeItsServersWhenItsProcessGroupGetsSigterm() throws Exception {
        Path home = Files.createTempDirectory("chatlog-dev-stop");
        List<String> arguments = List.of("dev", "--home", home.toString(), "--api-port", Integer.toString(Ports.free()),
                "--kafka-port", Integer.toString(Ports.free()), "--db-port", Integer.toString(Ports.free()),
                "--metrics-port", Integer.toString(Ports.free()));
        try (ChatlogProcess dev = ChatlogProcess.start(arguments, Map.of(), LOGS.resolve("dev-sigterm.log"), true)) {
            await().atMost(Duration.ofMinutes(4)).until(() -> dev.output().contains("chatlog dev is ready"));

            long signalled = System.nanoTime();
            dev.signal("TERM", true);

            assertThat(dev.awaitExit(Duration.ofMinutes(2))).as(dev.output()).isZero();
            Duration stopping = Duration.ofNanos(System.nanoTime() - signalled);
            String output = dev.output();
            assertThat(output).contains("query API on port", "worker stopped")
                    .doesNotContain("Failed to validate connection", "This connection has been closed");
            assertThat(output.indexOf("worker stopped")).as("the worker stops before PostgreSQL")
                    .isLessThan(output.indexOf("PostgreSQL at port"));
            // Waiting on dead connections took 30 s and more; an orderly stop takes a few seconds.
            assertThat(stopping).as(output).isLessThan(Duration.ofSeconds(25));
        }
    }
}
