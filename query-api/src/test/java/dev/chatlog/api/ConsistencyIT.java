package dev.chatlog.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.publish.ConsistencyToken;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** consistent_with answers only once the worker's stored offsets show the write applied. */
@ExtendWith(ChatlogServersExtension.class)
class ConsistencyIT {

    static final String USER = Users.id("reader");
    static final String TOPIC = "chat.events";
    static RunningApi api;

    @BeforeAll
    static void start(TestDatabase database) {
        api = RunningApi.start(database);
        api.rows.conversation(USER, "c", "chat", HistoryRows.T0, 0);
        api.rows.appliedOffset(TOPIC, 0, 10);
        api.rows.appliedOffset("another.topic", 1, 1_000);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void answersAtOnceWhenTheOffsetIsAlreadyApplied() {
        String token = new ConsistencyToken(0, 9).encode();
        for (String path : List.of("/v1/conversations", "/v1/conversations/c", "/v1/conversations/c/items",
                "/v1/conversations/c/items?format=chat_completions")) {
            ApiClient.Reply reply = get(path + (path.contains("?") ? "&" : "?") + "consistent_with=" + token + "&wait_ms=0");
            assertThat(reply.status()).as(path).isEqualTo(200);
        }
    }

    @Test
    void waitsUntilTheWorkerHasAppliedTheOffset() {
        api.rows.appliedOffset(TOPIC, 2, 40);
        String token = new ConsistencyToken(2, 41).encode();
        CompletableFuture<ApiClient.Reply> reply = CompletableFuture.supplyAsync(
                () -> get("/v1/conversations/c?consistent_with=" + token + "&wait_ms=10000"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !reply.isDone());
        api.rows.appliedOffset(TOPIC, 2, 41);
        // offset 41 is applied only once next_offset > 41
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !reply.isDone());
        api.rows.appliedOffset(TOPIC, 2, 42);
        await().atMost(Duration.ofSeconds(5)).until(reply::isDone);
        assertThat(reply.join().status()).isEqualTo(200);
        assertThat(reply.join().json().get("id").asText()).isEqualTo("c");
    }

    @Test
    void answers503WithRetryAfterWhenTheOffsetIsNotAppliedWithinTheWait() {
        String token = new ConsistencyToken(0, 1_000_000).encode();
        long start = System.nanoTime();
        ApiClient.Reply reply = get("/v1/conversations/c/items?consistent_with=" + token + "&wait_ms=300");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isEqualTo("1");
        JsonNode problem = RequestValidationIT.problem(reply);
        assertThat(problem.get("type").asText()).isEqualTo("urn:chatlog:problem:not-yet-consistent");
        assertThat(problem.get("detail").asText()).contains("partition 0, offset 1000000");
        assertThat(elapsedMs).isBetween(300L, 5_000L);
    }

    @Test
    void refusesAtOnceWithWaitZeroAndCountsOnlyTheConfiguredTopic() {
        ApiClient.Reply reply = get("/v1/conversations?consistent_with=" + new ConsistencyToken(1, 500).encode()
                + "&wait_ms=0");
        assertThat(reply.status()).isEqualTo(503);
        ApiClient.Reply unknownPartition = get("/v1/conversations?consistent_with="
                + new ConsistencyToken(77, 0).encode() + "&wait_ms=50");
        assertThat(unknownPartition.status()).isEqualTo(503);
    }

    @Test
    void waitingRequestsHoldNoDatabaseConnection() {
        try (RunningApi small = RunningApi.start(api.database, Map.of("CHATLOG_DB_POOL_SIZE", "1",
                "CHATLOG_DB_CONNECTION_TIMEOUT_MS", "500"))) {
            String never = new ConsistencyToken(3, 1_000_000).encode();
            List<CompletableFuture<ApiClient.Reply>> waiting = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                waiting.add(CompletableFuture.supplyAsync(() -> small.client.get(
                        "/v1/conversations?consistent_with=" + never + "&wait_ms=1500", TestTokensFor.user(USER))));
            }
            for (int i = 0; i < 5; i++) {
                assertThat(small.client.get("/v1/conversations/c", TestTokensFor.user(USER)).status()).isEqualTo(200);
            }
            assertThat(waiting).allSatisfy(f -> assertThat(f.join().status()).isEqualTo(503));
        }
    }

    @Test
    void waitsEndWhenTheWorkerAppliesEvenWhileOtherRequestsHoldEveryPooledConnection() throws Exception {
        // One pooled connection, held by a request reading conversations, which the test locks for
        // longer than the waiters may wait. The offset is applied meanwhile: the poller must see it
        // on its own connection, so the waits end in time, and the reads follow once the pool frees.
        try (RunningApi small = RunningApi.start(api.database, Map.of("CHATLOG_DB_POOL_SIZE", "1",
                "CHATLOG_DB_CONNECTION_TIMEOUT_MS", "15000", "CHATLOG_DB_STATEMENT_TIMEOUT_MS", "30000"));
             Connection admin = api.database.dataSource().getConnection()) {
            admin.setAutoCommit(false);
            try (Statement lock = admin.createStatement()) {
                lock.execute("LOCK TABLE chatlog.conversations IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<ApiClient.Reply> blocker = CompletableFuture.supplyAsync(
                    () -> small.client.get("/v1/conversations/c", TestTokensFor.user(USER)));
            await().atMost(Duration.ofSeconds(10)).until(() -> waitingOnLock(api.database) > 0);
            api.rows.appliedOffset(TOPIC, 6, 20);
            String token = new ConsistencyToken(6, 20).encode();
            List<CompletableFuture<ApiClient.Reply>> waiting = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                waiting.add(CompletableFuture.supplyAsync(() -> small.client.get(
                        "/v1/conversations/c?consistent_with=" + token + "&wait_ms=2000", TestTokensFor.user(USER))));
            }
            Thread.sleep(300);
            api.rows.appliedOffset(TOPIC, 6, 21);
            // past every waiter's deadline: a poller queueing for the pool would only now see the offset
            Thread.sleep(4000);
            assertThat(waiting).noneMatch(CompletableFuture::isDone);
            admin.rollback();
            assertThat(blocker.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(waiting).allSatisfy(f -> {
                ApiClient.Reply reply = f.get(20, TimeUnit.SECONDS);
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            });
        }
    }

    private static int waitingOnLock(TestDatabase database) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE application_name = 'chatlog-query-api' AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static ApiClient.Reply get(String path) {
        return api.client.get(path, TestTokensFor.user(USER));
    }
}
