package dev.chatlog.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.chatlog.event.MessageCreated;
import dev.chatlog.event.RejectReason;
import dev.chatlog.event.Role;
import dev.chatlog.event.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** An invalid event is refused before it is handed to the producer, so these need no reachable broker. */
class ChatEventPublisherTest {

    private static final String NO_BROKER = "localhost:9";

    @Test
    void failsAnInvalidEventWithItsViolationsWithoutSendingIt() {
        MessageCreated tooLong = new MessageCreated("0b87e65d-006f-4dbd-a26d-69c2d1db4ba1", "auth0|abc", "conv_1",
                Instant.parse("2025-06-13T09:15:04Z"), "msg_1", Role.ASSISTANT, "x".repeat(100_001));

        try (ChatEventPublisher publisher = new ChatEventPublisher(NO_BROKER, "chat.events")) {
            CompletableFuture<PublishResult> result = publisher.publish(tooLong);

            assertThat(result).isCompletedExceptionally();
            InvalidEventException invalid = invalidEvent(result);
            assertThat(invalid.reason()).isEqualTo(RejectReason.OVER_LIMIT);
            assertThat(invalid.eventId()).isEqualTo("0b87e65d-006f-4dbd-a26d-69c2d1db4ba1");
            assertThat(invalid.violations()).extracting(Violation::pointer).containsExactly("/data/content");
            assertThat(invalid).hasMessage("event 0b87e65d-006f-4dbd-a26d-69c2d1db4ba1 is invalid (over-limit): "
                    + "/data/content: content must be at most 100000 characters long");
        }
    }

    @Test
    void reportsMissingFieldsOfARecordAsSchemaViolations() {
        MessageCreated incomplete = new MessageCreated(null, "auth0|abc", "conv_1", null, "msg_1", null, "hi");

        try (ChatEventPublisher publisher = new ChatEventPublisher(NO_BROKER, "chat.events")) {
            InvalidEventException invalid = invalidEvent(publisher.publish(incomplete));

            assertThat(invalid.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
            assertThat(invalid.violations()).extracting(Violation::pointer)
                    .containsExactlyInAnyOrder("/event_id", "/occurred_at", "/data/role");
        }
    }

    @Test
    void failsJsonThatIsNotAnEvent() {
        try (ChatEventPublisher publisher = new ChatEventPublisher(NO_BROKER, "chat.events")) {
            InvalidEventException invalid = invalidEvent(publisher.publishJson("{\"type\":".getBytes(StandardCharsets.UTF_8)));

            assertThat(invalid.reason()).isEqualTo(RejectReason.INVALID_JSON);
            assertThat(invalid.eventId()).isNull();
        }
    }

    private static InvalidEventException invalidEvent(CompletableFuture<PublishResult> result) {
        Throwable failure = catchThrowable(result::join);
        assertThat(failure).isInstanceOf(CompletionException.class).hasCauseInstanceOf(InvalidEventException.class);
        return (InvalidEventException) failure.getCause();
    }
}
