package dev.chatlog.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.publish.ConsistencyToken;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Beyond CHATLOG_API_MAX_CONCURRENT_REQUESTS a request is answered at once with 503 overloaded. */
@ExtendWith(ChatlogServersExtension.class)
class OverloadIT {

    static final String USER = Users.id("overloaded");
    static final int BOUND = 4;

    @Test
    void requestsBeyondTheBoundAreShedAtOnceAndHealthStillAnswers(TestDatabase database) throws Exception {
        try (RunningApi api = RunningApi.start(database, Map.of("CHATLOG_API_MAX_CONCURRENT_REQUESTS",
                Integer.toString(BOUND)))) {
            api.rows.conversation(USER, "c", "chat", HistoryRows.T0, 0);
            String never = new ConsistencyToken(0, 1_000_000).encode();
            List<CompletableFuture<ApiClient.Reply>> waiting = new ArrayList<>();
            for (int i = 0; i < BOUND; i++) {
                waiting.add(CompletableFuture.supplyAsync(() -> api.client.get(
                        "/v1/conversations/c?consistent_with=" + never + "&wait_ms=6000", TestTokensFor.user(USER))));
            }
            // once the waiters hold every permit, the next request is refused without waiting
            ApiClient.Reply[] shed = new ApiClient.Reply[1];
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
                shed[0] = api.client.get("/v1/conversations/c", TestTokensFor.user(USER));
                return shed[0].status() == 503;
            });
            assertThat(waiting).noneMatch(CompletableFuture::isDone);
            JsonNode problem = RequestValidationIT.problem(shed[0]);
            assertThat(problem.get("type").asText()).isEqualTo("urn:chatlog:problem:overloaded");
            assertThat(problem.get("detail").asText()).contains(BOUND + " requests");
            assertThat(shed[0].header("Retry-After")).isEqualTo("1");

            assertThat(api.client.get("/health/live", null).status()).isEqualTo(200);
            assertThat(api.client.get("/health/ready", null).status()).isEqualTo(200);
            assertThat(api.client.get("/metrics", null).body()).contains("route=\"overloaded\"");

            assertThat(waiting).allSatisfy(f -> assertThat(f.get(20, TimeUnit.SECONDS).status()).isEqualTo(503));
            assertThat(api.client.get("/v1/conversations/c", TestTokensFor.user(USER)).status()).isEqualTo(200);
        }
    }
}
