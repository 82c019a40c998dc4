package dev.chatlog.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatlog.event.InvalidExamples.InvalidExample;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventParserTest {

    static final String USER = "Yx3kP9qLm2VnB7tR4wZc8HdJ6fGs1AeU";
    private static final EventParser parser = new EventParser();

    static Stream<String> validExamples() {
        return EventExamples.NAMES.stream();
    }

    static Stream<InvalidExample> invalidExamples() {
        return InvalidExamples.all().stream();
    }

    @ParameterizedTest
    @MethodSource("validExamples")
    void parsesEveryValidExampleIntoTheRecordOfItsType(String name) {
        byte[] value = EventExamples.valid().get(name);

        ChatEvent event = parsed(parser.parse(bytes(USER), value));

        assertThat(name).startsWith(event.type() + ".");
        assertThat(event.userId()).isEqualTo(USER);
        assertThat(event.eventId()).hasSize(36);
        assertThat(event.occurredAt()).isAfter(Instant.parse("2025-01-01T00:00:00Z"));
    }

    /** The check without the event accepts the record with its own key, and rejects every other key as parse does. */
    @ParameterizedTest
    @MethodSource("validExamples")
    void judgesAValidValueWithoutItsEventAsParseDoesWhateverTheKey(String name) {
        byte[] value = EventExamples.valid().get(name);
        byte[] sameLengthNotAscii = bytes(USER);
        sameLengthNotAscii[3] = (byte) 0xC3;
        String oneLetterOff = USER.substring(0, USER.length() - 1) + "V";

        assertThat(parser.rejection(bytes(USER), value)).isNull();
        for (byte[] key : List.of(sameLengthNotAscii, bytes(oneLetterOff), bytes(USER + "x"), bytes("\u00e9" + USER),
                new byte[0])) {
            ParseResult.Rejected rejected = parser.rejection(key, value);
            assertThat(rejected).isNotNull().isEqualTo(parser.parse(key, value));
            assertThat(rejected.reason()).isEqualTo(RejectReason.KEY_MISMATCH);
        }
        assertThat(parser.rejection(null, value)).isNotNull().isEqualTo(parser.parse(null, value));
        assertThat(parser.rejection(bytes(USER), null)).isNotNull().isEqualTo(parser.parse(bytes(USER), null));
    }

    @ParameterizedTest
    @MethodSource("validExamples")
    void mapsAnAcceptedValueAgainFromInsideABufferToTheSameEvent(String name) {
        byte[] value = EventExamples.valid().get(name);
        byte[] buffer = new byte[value.length + 7];
        System.arraycopy(value, 0, buffer, 5, value.length);

        assertThat(parser.parseAccepted(buffer, 5, value.length)).isEqualTo(parsed(parser.parse(bytes(USER), value)));
    }

    @Test
    void refusesToMapBytesThatAreNoEventAsAccepted() {
        byte[] notJson = bytes("{\"type\": ");
        byte[] unknownType = bytes("{\"type\": \"message.edited\"}");

        assertThatThrownBy(() -> parser.parseAccepted(notJson, 0, notJson.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no longer parses");
        assertThatThrownBy(() -> parser.parseAccepted(unknownType, 0, unknownType.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no known type");
    }

    @ParameterizedTest
    @MethodSource("invalidExamples")
    void rejectsEveryInvalidExampleWithItsReasonAndPointers(InvalidExample example) {
        ParseResult result = parser.parse(example.keyBytes(), example.value());

        assertThat(result).isInstanceOfSatisfying(ParseResult.Rejected.class, rejected -> {
            assertThat(rejected.reason()).as(rejected.violations().toString()).isEqualTo(example.reason());
            assertThat(rejected.violations()).extracting(Violation::pointer).containsAll(example.pointers());
            assertThat(rejected.violations()).allSatisfy(v -> assertThat(v.message()).isNotBlank());
        });
    }

    @Test
    void listsEveryInvalidExampleFileInTheManifest() throws IOException, URISyntaxException {
        Path directory = Path.of(getClass().getClassLoader().getResource(InvalidExamples.DIRECTORY).toURI());
        try (Stream<Path> files = Files.list(directory)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("expected.json")).toList();
            assertThat(InvalidExamples.all()).extracting(InvalidExample::file).containsExactlyInAnyOrderElementsOf(names);
        }
    }

    @Test
    void mapsMessageCreatedFieldByField() {
        ChatEvent event = parsed(parser.parse(bytes(USER), EventExamples.valid().get("message.created.json")));

        assertThat(event).isEqualTo(new MessageCreated("c16990a0-ed4b-4408-b8d3-8d2220223ee0", USER,
                "conv_01JXB4Q7R8S9T0V1W2X3Y4Z5A6", Instant.parse("2025-06-13T09:15:03.481Z"),
                "msg_01JXB4R2K7M3N8P4Q9R5S0T6V1", Role.USER,
                "Add \"buy milk\" to my list for tomorrow, then show me what's still open."));
    }

    @Test
    void mapsAbsentOptionalFieldsToNull() {
        ToolCallRequested listTasks = (ToolCallRequested) parsed(
                parser.parse(bytes(USER), EventExamples.valid().get("tool_call.requested.list_tasks.json")));
        ToolCallCompleted failed = (ToolCallCompleted) parsed(
                parser.parse(bytes(USER), EventExamples.valid().get("tool_call.completed.error.json")));
        UserErased erased = (UserErased) parsed(parser.parse(bytes(USER), EventExamples.valid().get("user.erased.json")));

        assertThat(listTasks.messageId()).isNull();
        assertThat(failed.output()).isNull();
        assertThat(failed.status()).isEqualTo(ToolCallStatus.ERROR);
        assertThat(erased.conversationId()).isNull();
    }

    @Test
    void reportsTheEventIdOfARejectedEventWhenItIsReadable() {
        ParseResult.Rejected rejected = rejected(parser.parse(bytes(USER), InvalidExamples.read("examples/invalid/bad-id-space.json")));
        ParseResult.Rejected unreadable = rejected(parser.parse(bytes(USER), InvalidExamples.read("examples/invalid/invalid-json.json")));

        assertThat(rejected.eventId()).isEqualTo("9f4f6d8c-ad5c-4e87-b15a-4cad8d5dbe54");
        assertThat(unreadable.eventId()).isNull();
    }

    @Test
    void describesInvalidJsonByLineAndColumnWithoutEchoingTheSource() {
        ParseResult.Rejected rejected = rejected(parser.parse(bytes(USER), InvalidExamples.read("examples/invalid/invalid-json.json")));

        assertThat(rejected.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.pointer()).isEmpty();
            assertThat(violation.message())
                    .startsWith("the value is not valid JSON at line 6, column 1: Unexpected end-of-input")
                    .doesNotContain("Source");
        });
    }

    @Test
    void namesAMissingFieldInItsPointerAndMessage() {
        ParseResult.Rejected rejected = rejected(parser.parse(bytes(USER), InvalidExamples.read("examples/invalid/missing-field.json")));

        assertThat(rejected.violations()).containsExactly(new Violation("/data/content", "content is required"));
    }

    @Test
    void reportsEveryViolationNotOnlyTheFirst() {
        String json = """
                {"event_id": "nope", "type": "message.created", "user_id": "%s", "occurred_at": "soon",
                 "data": {"role": "robot", "content": 7}, "extra": true}""".formatted(USER);

        ParseResult.Rejected rejected = rejected(parser.parse(bytes(USER), bytes(json)));

        assertThat(rejected.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(rejected.violations()).extracting(Violation::pointer).containsExactlyInAnyOrder(
                "/event_id", "/occurred_at", "/conversation_id", "/extra",
                "/data/message_id", "/data/role", "/data/content");
    }

    @Test
    void prefersSchemaViolationOverOverLimitWhenBothOccur() {
        String json = message("m".repeat(200), "user", null);

        ParseResult.Rejected rejected = rejected(parser.parse(bytes(USER), bytes(json)));

        assertThat(rejected.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(rejected.violations()).extracting(Violation::pointer).contains("/data/message_id", "/data/content");
    }

    @Test
    void acceptsContentOfExactlyTheLimitAndRejectsOneCharacterMore() {
        String atLimit = message("msg_1", "assistant", "é".repeat(100_000));
        String overLimit = message("msg_1", "assistant", "é".repeat(100_001));

        assertThat(parser.parse(bytes(USER), bytes(atLimit))).isInstanceOf(ParseResult.Parsed.class);
        assertThat(rejected(parser.parse(bytes(USER), bytes(overLimit))).reason()).isEqualTo(RejectReason.OVER_LIMIT);
    }

    @Test
    void acceptsArgumentsOfExactlySixtyFourKibibytesAndRejectsOneByteMore() {
        assertThat(parser.parse(bytes(USER), toolCallWithArgumentsOf(SizeLimits.ARGUMENTS_MAX_BYTES)))
                .isInstanceOf(ParseResult.Parsed.class);

        ParseResult.Rejected rejected = rejected(parser.parse(bytes(USER), toolCallWithArgumentsOf(SizeLimits.ARGUMENTS_MAX_BYTES + 1)));

        assertThat(rejected.reason()).isEqualTo(RejectReason.OVER_LIMIT);
        assertThat(rejected.violations()).containsExactly(new Violation("/data/arguments",
                "arguments must be at most 65536 bytes (64 KiB) as compact JSON, but is 65537 bytes"));
    }

    @Test
    void rejectsOutputOverTwoHundredFiftySixKibibytesAsOverLimit() {
        String json = """
                {"event_id": "2b7c0a54-58a4-4d6e-9d43-1d2f0b0f6a11", "type": "tool_call.completed", "user_id": "%s",
                 "conversation_id": "c1", "occurred_at": "2025-06-13T09:15:05Z",
                 "data": {"tool_call_id": "call_1", "status": "ok", "output": ["%s"]}}"""
                .formatted(USER, "x".repeat(SizeLimits.OUTPUT_MAX_BYTES));

        ParseResult.Rejected rejected = rejected(parser.parse(bytes(USER), bytes(json)));

        assertThat(rejected.reason()).isEqualTo(RejectReason.OVER_LIMIT);
        assertThat(rejected.violations()).extracting(Violation::pointer).containsExactly("/data/output");
    }

    @Test
    void rejectsTimestampsFinerThanNanoseconds() {
        String json = new String(EventExamples.valid().get("user.erased.json"), StandardCharsets.UTF_8)
                .replace("2025-07-01T08:00:00Z", "2025-07-01T08:00:00.1234567891Z");

        ParseResult.Rejected rejected = rejected(parser.parse(bytes(USER), bytes(json)));

        assertThat(rejected.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(rejected.violations()).extracting(Violation::pointer).containsOnly("/occurred_at");
    }

    @Test
    void rejectsADateThatDoesNotExistAsSchemaViolation() {
        String json = new String(EventExamples.valid().get("user.erased.json"), StandardCharsets.UTF_8)
                .replace("2025-07-01T08:00:00Z", "2025-02-30T08:00:00Z");

        ParseResult.Rejected rejected = rejected(parser.parse(bytes(USER), bytes(json)));

        assertThat(rejected.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(rejected.violations()).extracting(Violation::pointer).containsOnly("/occurred_at");
    }

    @Test
    void readsOffsetsLowerCaseSeparatorsAndLeapSecondsAsJavaTimeDoes() {
        String json = new String(EventExamples.valid().get("user.erased.json"), StandardCharsets.UTF_8);

        assertThat(parsed(parser.parse(bytes(USER), bytes(json.replace("2025-07-01T08:00:00Z",
                "2025-07-01t10:00:00.5+02:00")))).occurredAt()).isEqualTo(Instant.parse("2025-07-01T08:00:00.5Z"));
        assertThat(parsed(parser.parse(bytes(USER), bytes(json.replace("2025-07-01T08:00:00Z",
                "2016-12-31T23:59:60.25Z")))).occurredAt()).isEqualTo(Instant.parse("2016-12-31T23:59:60.25Z"));
    }

    @Test
    void treatsAMissingKeyAsAKeyMismatch() {
        ParseResult.Rejected rejected = rejected(parser.parse(null, EventExamples.valid().get("message.created.json")));

        assertThat(rejected.reason()).isEqualTo(RejectReason.KEY_MISMATCH);
        assertThat(rejected.violations()).extracting(Violation::pointer).containsExactly("/user_id");
    }

    @Test
    void skipsTheKeyCheckWhenParsingAValueOnItsOwn() {
        assertThat(parser.parseValue(EventExamples.valid().get("message.created.json"))).isInstanceOf(ParseResult.Parsed.class);
    }

    @Test
    void rejectsValuesThatAreNotOneJsonDocumentAsInvalidJson() {
        Map<String, byte[]> values = Map.of(
                "empty", new byte[0],
                "blank", bytes("  \n"),
                "trailing content", bytes("{\"type\": \"user.erased\"} {}"),
                "duplicate field", bytes("{\"type\": \"user.erased\", \"type\": \"message.created\"}"),
                "not UTF-8 text", new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'});

        values.forEach((what, value) -> assertThat(rejected(parser.parse(bytes(USER), value)).reason())
                .as(what).isEqualTo(RejectReason.INVALID_JSON));
        assertThat(rejected(parser.parse(bytes(USER), null)).violations())
                .containsExactly(new Violation("", "the record has no value"));
    }

    @Test
    void rejectsJsonThatIsNotAnObjectAsSchemaViolation() {
        ParseResult.Rejected rejected = rejected(parser.parse(bytes(USER), bytes("[1, 2]")));

        assertThat(rejected.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(rejected.violations()).containsExactly(new Violation("", "the event must be of type object, not array"));
    }

    @Test
    void acceptsAnExplicitVersionOneAndRejectsAnyOtherVersion() {
        String versionOne = "{\"version\": 1, " + new String(EventExamples.valid().get("user.erased.json"), StandardCharsets.UTF_8).substring(1);
        String versionText = versionOne.replace("\"version\": 1", "\"version\": \"1\"");

        assertThat(parser.parse(bytes(USER), bytes(versionOne))).isInstanceOf(ParseResult.Parsed.class);
        assertThat(rejected(parser.parse(bytes(USER), bytes(versionText))).reason()).isEqualTo(RejectReason.UNSUPPORTED_VERSION);
    }

    @Test
    void acceptsUserErasedWithoutConversationIdOrData() {
        String json = """
                {"event_id": "05d89569-56ca-49c6-bbbf-3470c18d34e1", "type": "user.erased", "user_id": "auth0|abc",
                 "occurred_at": "2025-07-01T08:00:00Z"}""";

        assertThat(parsed(parser.parse(bytes("auth0|abc"), bytes(json))))
                .isEqualTo(new UserErased("05d89569-56ca-49c6-bbbf-3470c18d34e1", "auth0|abc", Instant.parse("2025-07-01T08:00:00Z")));
    }

    @Test
    void rejectsFieldsInTheDataOfConversationDeleted() {
        String json = """
                {"event_id": "f3ca26a9-32c2-4412-8c1b-d3b4c13ba5a0", "type": "conversation.deleted", "user_id": "%s",
                 "conversation_id": "c1", "occurred_at": "2025-06-20T18:02:44Z", "data": {"reason": "spam"}}""".formatted(USER);

        assertThat(rejected(parser.parse(bytes(USER), bytes(json))).violations())
                .containsExactly(new Violation("/data/reason", "reason is not a known field"));
    }

    @Test
    void loadsSchemasWhenBuiltAndNeverWhileParsing() {
        AtomicInteger loads = new AtomicInteger();
        EventParser counted = new EventParser(id -> {
            loads.incrementAndGet();
            return EventSchemas.fromClasspath(id);
        });
        int loadsWhenBuilt = loads.get();

        for (int round = 0; round < 3; round++) {
            EventExamples.valid().values().forEach(value -> parsed(counted.parse(bytes(USER), value)));
            InvalidExamples.all().forEach(example -> rejected(counted.parse(example.keyBytes(), example.value())));
        }

        assertThat(loadsWhenBuilt).isGreaterThanOrEqualTo(ChatEvent.TYPES.size() + 1);
        assertThat(loads.get()).isEqualTo(loadsWhenBuilt);
    }

    @Test
    void parsesFromManyThreadsAtOnce() throws Exception {
        List<byte[]> values = List.copyOf(EventExamples.valid().values());
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> counts = threads.invokeAll(Stream.generate(() -> (java.util.concurrent.Callable<Integer>) () -> {
                int parsedCount = 0;
                for (int i = 0; i < 50; i++) {
                    for (byte[] value : values) {
                        parsedCount += parser.parse(bytes(USER), value) instanceof ParseResult.Parsed ? 1 : 0;
                    }
                }
                return parsedCount;
            }).limit(4).toList());
            for (Future<Integer> count : counts) {
                assertThat(count.get()).isEqualTo(50 * values.size());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static String message(String messageId, String role, String content) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("message_id", messageId).put("role", role);
        if (content != null) {
            data.put("content", content);
        }
        return """
                {"event_id": "2b7c0a54-58a4-4d6e-9d43-1d2f0b0f6a11", "type": "message.created", "user_id": "%s",
                 "conversation_id": "c1", "occurred_at": "2025-06-13T09:15:03Z", "data": %s}""".formatted(USER, data);
    }

    /** A tool_call.requested whose arguments are exactly {@code size} bytes of compact JSON. */
    private static byte[] toolCallWithArgumentsOf(int size) {
        String arguments = "{\"notes\":\"" + "n".repeat(size - "{\"notes\":\"\"}".length()) + "\"}";
        assertThat(arguments).hasSize(size);
        return bytes("""
                {"event_id": "2b7c0a54-58a4-4d6e-9d43-1d2f0b0f6a11", "type": "tool_call.requested", "user_id": "%s",
                 "conversation_id": "c1", "occurred_at": "2025-06-13T09:15:04Z",
                 "data": {"tool_call_id": "call_1", "name": "add_task", "arguments": %s}}""".formatted(USER, arguments));
    }

    static ChatEvent parsed(ParseResult result) {
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).event();
    }

    static ParseResult.Rejected rejected(ParseResult result) {
        assertThat(result).isInstanceOf(ParseResult.Rejected.class);
        return (ParseResult.Rejected) result;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
