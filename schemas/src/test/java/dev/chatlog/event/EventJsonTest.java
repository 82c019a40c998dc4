package dev.chatlog.event;

import static dev.chatlog.event.EventParserTest.USER;
import static dev.chatlog.event.EventParserTest.bytes;
import static dev.chatlog.event.EventParserTest.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventJsonTest {

    private static final EventParser parser = new EventParser();
    private static final Instant AT = Instant.parse("2025-06-13T09:15:03.481Z");

    static Stream<String> validExamples() {
        return EventExamples.NAMES.stream();
    }

    @ParameterizedTest
    @MethodSource("validExamples")
    void roundTripsEveryValidExampleThroughItsRecord(String name) {
        ChatEvent event = parsed(parser.parse(bytes(USER), EventExamples.valid().get(name)));

        byte[] written = EventJson.write(event);

        assertThat(parsed(parser.parse(bytes(USER), written))).isEqualTo(event);
        assertThat(EventJson.write(parsed(parser.parse(bytes(USER), written)))).isEqualTo(written);
    }

    @Test
    void writesTheEnvelopeAndDataInCanonicalOrder() {
        MessageCreated message = new MessageCreated("c16990a0-ed4b-4408-b8d3-8d2220223ee0", USER, "conv_1", AT,
                "msg_1", Role.ASSISTANT, "Added \"Buy milk\".");

        assertThat(new String(EventJson.write(message), StandardCharsets.UTF_8)).isEqualTo(
                "{\"event_id\":\"c16990a0-ed4b-4408-b8d3-8d2220223ee0\",\"type\":\"message.created\","
                        + "\"user_id\":\"" + USER + "\",\"conversation_id\":\"conv_1\",\"occurred_at\":\"2025-06-13T09:15:03.481Z\","
                        + "\"data\":{\"message_id\":\"msg_1\",\"role\":\"assistant\",\"content\":\"Added \\\"Buy milk\\\".\"}}");
    }

    @Test
    void leavesOutAbsentOptionalFieldsAndWritesEmptyData() {
        String created = new String(EventJson.write(new ConversationCreated("e1", "u1", "c1", AT, null)), StandardCharsets.UTF_8);
        String erased = new String(EventJson.write(new UserErased("e2", "u1", AT)), StandardCharsets.UTF_8);

        assertThat(created).endsWith("\"occurred_at\":\"2025-06-13T09:15:03.481Z\",\"data\":{}}");
        assertThat(erased).doesNotContain("conversation_id").endsWith("\"data\":{}}");
    }

    @Test
    void writesOccurredAtInUtc() {
        ChatEvent event = parsed(parser.parse(bytes(USER), EventExamples.valid().get("message.created.json")));

        assertThat(new String(EventJson.write(event), StandardCharsets.UTF_8))
                .contains("\"occurred_at\":\"2025-06-13T09:15:03.481Z\"");
    }

    @Test
    void keepsDecimalsAndLargeNumbersInToolOutputExact() throws Exception {
        JsonNode output = EventJson.MAPPER.readTree("{\"amount\": 0.10000000000000000555, \"total\": 12.50, \"id\": 123456789012345678901234567890}");
        ToolCallCompleted completed = new ToolCallCompleted("e1", "u1", "c1", AT, "call_1", ToolCallStatus.OK, output, null);

        String written = new String(EventJson.write(completed), StandardCharsets.UTF_8);

        assertThat(written).contains("{\"amount\":0.10000000000000000555,\"total\":12.50,\"id\":123456789012345678901234567890}");
    }

    @Test
    void writesAJsonNullOutputAsNull() {
        JsonNode nullOutput = new ObjectMapper().nullNode();
        ToolCallCompleted completed = new ToolCallCompleted("9d6c1f0e-2a3b-4c5d-8e9f-0a1b2c3d4e5f", USER, "c1", AT,
                "call_1", ToolCallStatus.OK, nullOutput, null);

        byte[] written = EventJson.write(completed);

        assertThat(new String(written, StandardCharsets.UTF_8)).contains("\"output\":null");
        assertThat(parsed(parser.parse(bytes(USER), written))).isEqualTo(completed);
    }
}
