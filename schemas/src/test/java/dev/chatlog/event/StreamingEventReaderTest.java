package dev.chatlog.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatlog.event.InvalidExamples.InvalidExample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Differential test of the streaming reader against the JSON Schema validator, the reference for
 * what is valid: on the schema examples, the invalid corpus and generated mutations of both, the
 * streaming reader vouches for a record exactly when the schema path accepts it, and then for the
 * same event; and the parser as a whole answers exactly as the schema path does.
 *
 * <p>The mutations are QuickTheories properties run from a fixed seed, so a run repeats exactly;
 * {@code -Dchatlog.fuzz.seed=N} picks another seed and {@code -Dchatlog.fuzz.cases=N} sets the cases of
 * each property, for longer campaigns. A failure reports the shrunk record and the seed.
 */
class StreamingEventReaderTest {

    private static final EventParser parser = new EventParser();
    private static final ObjectMapper plain = new ObjectMapper();
    private static final long SEED = Long.getLong("chatlog.fuzz.seed", 20_261_203L);
    static final int MUTATIONS = Integer.getInteger("chatlog.fuzz.cases", 4_000);
    static final int BYTE_MUTATIONS = Integer.getInteger("chatlog.fuzz.cases", 1_000);
    /** Shrinking re-runs the property; values run up to 256 KiB, so the search is bounded. */
    private static final int SHRINK_CYCLES = 2_000;
    private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

    private static final List<String> ENVELOPE_FIELDS = List.of("event_id", "type", "user_id", "conversation_id",
            "occurred_at", "version", "data");
    private static final List<String> DATA_FIELDS = List.of("title", "message_id", "role", "content", "tool_call_id",
            "name", "arguments", "status", "output", "error");

    @Test
    void vouchesForEveryValidExample() {
        EventExamples.valid().forEach((name, value) -> {
            String user = userOf(value);
            assertSameVerdict(user.getBytes(StandardCharsets.UTF_8), value);
            assertThat(StreamingEventReader.read(value, 0, value.length)).as(name).isNotNull();
        });
    }

    @Test
    void vouchesForNoInvalidExample() {
        for (InvalidExample example : InvalidExamples.all()) {
            assertSameVerdict(example.keyBytes(), example.value());
            assertThat(parser.parse(example.keyBytes(), example.value())).as(example.file())
                    .isInstanceOf(ParseResult.Rejected.class);
        }
    }

    /**
     * The streaming reader finds duplicate keys itself (Jackson's detection is off on its path): every
     * key of every object of every example, at any depth, given twice, with the same value and with
     * another, is refused by both paths.
     */
    @Test
    void refusesEveryKeyGivenTwiceAtAnyDepth() throws IOException {
        int cases = 0;
        for (byte[] value : EventExamples.valid().values()) {
            JsonNode root = read(value);
            byte[] key = root.get("user_id").textValue().getBytes(StandardCharsets.UTF_8);
            List<ObjectNode> objects = new ArrayList<>();
            collectObjects(root, objects);
            for (ObjectNode object : objects) {
                for (String field : iterable(object.fieldNames())) {
                    for (boolean sameValue : new boolean[] {true, false}) {
                        byte[] doubled = writeWithDuplicate(root, object, field, sameValue);
                        assertThat(assertSameVerdict(key, doubled)).as(new String(doubled, StandardCharsets.UTF_8)).isFalse();
                        assertThat(((ParseResult.Rejected) parser.parse(key, doubled)).reason())
                                .isEqualTo(RejectReason.INVALID_JSON);
                        cases++;
                    }
                }
            }
        }
        // the examples hold objects below data (tool arguments and output), so every depth is exercised
        assertThat(cases).isGreaterThan(100);
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
        }
        node.elements().forEachRemaining(child -> collectObjects(child, into));
    }

    private static <T> Iterable<T> iterable(Iterator<T> it) {
        List<T> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        return all;
    }

    /** {@code root} as JSON text, with {@code field} of {@code target} written twice. */
    private static byte[] writeWithDuplicate(JsonNode root, ObjectNode target, String field, boolean sameValue)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = plain.createGenerator(out)) {
            writeNode(json, root, target, field, sameValue);
        }
        return out.toByteArray();
    }

    private static void writeNode(JsonGenerator json, JsonNode node, ObjectNode target,
            String field, boolean sameValue) throws IOException {
        if (node.isObject()) {
            json.writeStartObject();
            for (Map.Entry<String, JsonNode> e : iterable(node.fields())) {
                if (node == target && e.getKey().equals(field)) {
                    json.writeFieldName(e.getKey());
                    writeNode(json, sameValue ? e.getValue() : nodes.textNode("another"), target, field, sameValue);
                }
                json.writeFieldName(e.getKey());
                writeNode(json, e.getValue(), target, field, sameValue);
            }
            json.writeEndObject();
        } else if (node.isArray()) {
            json.writeStartArray();
            for (JsonNode element : node) {
                writeNode(json, element, target, field, sameValue);
            }
            json.writeEndArray();
        } else {
            plain.writeTree(json, node);
        }
    }

    @Test
    void agreesAtTheLimitsOfEveryField() {
        for (Map.Entry<String, byte[]> e : EventExamples.valid().entrySet()) {
            ObjectNode root = (ObjectNode) read(e.getValue());
            for (String id : List.of("x".repeat(128), "x".repeat(129))) {
                ObjectNode copy = root.deepCopy();
                copy.put("conversation_id", id);
                assertSameVerdict(root.get("user_id").textValue().getBytes(StandardCharsets.UTF_8), write(copy));
            }
        }
    }

    @Test
    void acceptsExactlyWhatTheSchemaAcceptsOnMutations() {
        Verdicts verdicts = check("tree mutations", MUTATIONS, mutations());
        // both verdicts are exercised, else the property would hold for a reader that always says one thing
        assertThat(verdicts.valid()).isGreaterThan(verdicts.cases() / 20);
        assertThat(verdicts.invalid()).isGreaterThan(verdicts.cases() / 20);
    }

    @Test
    void acceptsExactlyWhatTheSchemaAcceptsOnMutatedBytes() {
        check("byte mutations", BYTE_MUTATIONS, byteMutations());
    }

    /** How many cases of a property each path accepted, and refused. */
    record Verdicts(int valid, int invalid) {
        int cases() {
            return valid + invalid;
        }
    }

    /**
     * Runs {@code cases} cases of {@code mutations} from the run's seed, which a failure reports. QuickTheories
     * skips a case it generated before, so the cases run are counted, and most must have run.
     */
    private static Verdicts check(String property, int cases, Gen<Mutation> mutations) {
        AtomicInteger valid = new AtomicInteger();
        AtomicInteger invalid = new AtomicInteger();
        qt().withFixedSeed(SEED).withExamples(cases).withShrinkCycles(SHRINK_CYCLES)
                .forAll(mutations)
                .checkAssert(m -> (assertSameVerdict(m.key(), m.value()) ? valid : invalid).incrementAndGet());
        Verdicts verdicts = new Verdicts(valid.get(), invalid.get());
        System.out.printf("streaming reader against the schema, %s: %d cases (seed %d), %d valid, %d invalid%n",
                property, verdicts.cases(), SEED, verdicts.valid(), verdicts.invalid());
        assertThat(verdicts.cases()).isGreaterThan(cases / 2);
        return verdicts;
    }

    /** Both paths agree on the verdict and the event; the parser answers as the schema path, rejections included. */
    private static boolean assertSameVerdict(byte[] key, byte[] value) {
        ParseResult reference = parser.parseWithSchema(key, value);
        ChatEvent streamed = StreamingEventReader.read(value, 0, value.length);
        boolean vouched = streamed != null && Arrays.equals(key, streamed.userId().getBytes(StandardCharsets.UTF_8));
        Supplier<String> shown = () -> shortened(new String(value, StandardCharsets.UTF_8));
        assertThat(vouched).as(() -> "streaming verdict on " + shown.get() + " (reference " + reference + ")")
                .isEqualTo(reference instanceof ParseResult.Parsed);
        if (reference instanceof ParseResult.Parsed parsed) {
            assertThat(streamed).as(shown).isEqualTo(parsed.event());
            assertThat(parser.parseAccepted(value, 0, value.length)).isEqualTo(parsed.event());
        }
        assertThat(parser.parse(key, value)).as(shown).isEqualTo(reference);
        // the check without the event: the same user, and the same verdict and rejection
        String checked = StreamingEventReader.vouchedUserId(value, 0, value.length);
        assertThat(checked).as(shown).isEqualTo(streamed == null ? null : streamed.userId());
        assertThat(parser.rejection(key, value)).as(shown)
                .isEqualTo(reference instanceof ParseResult.Rejected rejected ? rejected : null);
        return vouched;
    }

    /** {@code text} with long runs of one character cut short, so that a 256 KiB value still reads in a report. */
    private static String shortened(String text) {
        return text.replaceAll("(.)\\1{31,}", "$1$1$1...");
    }

    /** A record to judge: its key and value. */
    record Mutation(byte[] key, byte[] value) {
        @Override
        public String toString() {
            return shortened(new String(key, StandardCharsets.UTF_8) + " -> " + new String(value, StandardCharsets.UTF_8));
        }
    }

    private static Gen<Mutation> mutations() {
        Gen<ObjectNode> base = Generate.frequency(Pair.of(4, Generate.pick(validBases())),
                Pair.of(1, Generate.pick(bases())));
        Gen<List<Edit>> edits = Generate.frequency(Pair.of(1, Generate.constant(List.<Edit>of())),
                Pair.of(6, SourceDSL.lists().of(edit()).ofSize(1)),
                Pair.of(2, SourceDSL.lists().of(edit()).ofSizeBetween(2, 3)));
        Gen<Boolean> otherKey = Generate.range(0, 9).map(i -> i == 0);
        return base.zip(edits, otherKey, (root, list, wrongKey) -> {
            ObjectNode copy = root.deepCopy();
            for (Edit e : list) {
                e.applyTo(copy);
            }
            JsonNode user = copy.get("user_id");
            String key = wrongKey || user == null || !user.isTextual() ? "someone-else" : user.textValue();
            return new Mutation(key.getBytes(StandardCharsets.UTF_8), write(copy));
        });
    }

    private static Gen<Mutation> byteMutations() {
        Gen<ObjectNode> base = Generate.pick(bases());
        Gen<Integer> cut = Generate.range(0, 10_000);
        Gen<String> insert = Generate.pick(List.of("", " ", "x", "}", "{}", "\n", ",", "\"", "\\", "\u00e9",
                "\uD83D\uDE00", "\"type\":\"message.created\",",
                "\"event_id\":\"3f1c2a4e-9b7d-4c1e-8a2f-5d6e7f8a9b0c\","));
        Gen<Integer> kind = Generate.range(0, 3);
        return in -> {
            ObjectNode root = base.generate(in);
            int at = cut.generate(in);
            String text = insert.generate(in);
            int how = kind.generate(in);
            String json = new String(write(root), StandardCharsets.UTF_8);
            int pos = at % (json.length() + 1);
            String mutated = switch (how) {
                case 0 -> json.substring(0, pos);
                case 1 -> json + text;
                case 2 -> "{" + text + json.substring(1);
                default -> json.substring(0, pos) + text + json.substring(pos);
            };
            String user = root.path("user_id").asText("u");
            return new Mutation(user.getBytes(StandardCharsets.UTF_8), mutated.getBytes(StandardCharsets.UTF_8));
        };
    }

    /** One change to an event tree. */
    @FunctionalInterface
    interface Edit {
        void applyTo(ObjectNode root);
    }

    private static Gen<Edit> edit() {
        Gen<String> envelopeField = Generate.pick(ENVELOPE_FIELDS);
        Gen<String> dataField = Generate.pick(DATA_FIELDS);
        Gen<String> unknownField = Generate.pick(List.of("extra", "Type", "data ", "deleted_by", ""));
        Gen<Edit> removeTop = envelopeField.map(f -> root -> root.remove(f));
        Gen<Edit> removeData = dataField.map(f -> root -> data(root).ifPresent(d -> d.remove(f)));
        Gen<Edit> setTop = Generate.oneOf(envelopeField, unknownField)
                .flatMap(f -> valueFor(f).map(v -> (Edit) root -> root.set(f, v.deepCopy())));
        Gen<Edit> setData = Generate.oneOf(dataField, unknownField)
                .flatMap(f -> valueFor(f).map(v -> (Edit) root -> data(root).ifPresent(d -> d.set(f, v.deepCopy()))));
        Gen<Edit> retype = Generate.pick(ChatEvent.TYPES).map(t -> root -> root.put("type", t));
        Gen<Edit> moveDataFirst = Generate.constant(root -> {
            JsonNode data = root.remove("data");
            if (data != null) {
                ObjectNode rest = root.deepCopy();
                root.removeAll();
                root.set("data", data);
                root.setAll(rest);
            }
        });
        return Generate.frequency(Pair.of(2, removeTop), Pair.of(3, removeData), Pair.of(5, setTop),
                Pair.of(6, setData), Pair.of(2, retype), Pair.of(1, moveDataFirst));
    }

    private static Optional<ObjectNode> data(ObjectNode root) {
        return root.get("data") instanceof ObjectNode d ? Optional.of(d) : Optional.empty();
    }

    /** Built once per field: the edge values run up to 256 KiB. */
    private static final Map<String, Gen<JsonNode>> VALUES = new ConcurrentHashMap<>();

    private static Gen<JsonNode> valueFor(String field) {
        return VALUES.computeIfAbsent(field, StreamingEventReaderTest::valuesFor);
    }

    /** Mostly values at the edges of the rule for {@code field}, sometimes any value at all. */
    private static Gen<JsonNode> valuesFor(String field) {
        List<String> edges = switch (field) {
            case "user_id", "conversation_id", "message_id", "tool_call_id" -> List.of("x".repeat(128), "x".repeat(129),
                    "", "a", "auth0|abc", "a b", "a/b", "id\n", "\nid", "a:b@c=d+e|f.g_h-i", "\u00e9", "call_1");
            case "event_id" -> List.of("3f1c2a4e-9b7d-4c1e-8a2f-5d6e7f8a9b0c", "3F1C2A4E-9B7D-4C1E-8A2F-5D6E7F8A9B0C",
                    "3f1c2a4e9b7d-4c1e-8a2f-5d6e7f8a9b0c-", "3f1c2a4e-9b7d-4c1e-8a2f-5d6e7f8a9b0g",
                    "3f1c2a4e-9b7d-4c1e-8a2f-5d6e7f8a9b0c\n", "3f1c2a4e-9b7d-4c1e-8a2f-5d6e7f8a9b0", "");
            case "occurred_at" -> List.of("2025-06-13T09:15:02.120Z", "2025-06-13t09:15:02z", "2025-06-13T09:15:02+02:00",
                    "2025-06-13T09:15:02.123456789Z", "2025-06-13T09:15:02.1234567891Z", "2025-06-13T09:15:02.Z",
                    "2025-06-13 09:15:02Z", "2025-02-30T09:15:02Z", "2025-06-13T24:00:00Z", "2016-12-31T23:59:60Z",
                    "2025-06-13T09:15:02", "2025-06-13T09:15:02+0200", "2025-06-13T09:15:02Z\n", "0000-01-01T00:00:00Z",
                    "9999-12-31T23:59:59-23:59", "2025-06-13T09:15:02-00:00", "2025-13-01T00:00:00Z",
                    "2025-06-13T09:60:00Z", "2025-06-13T09:15:02+24:00");
            case "title" -> List.of("t".repeat(200), "t".repeat(201), "\uD83D\uDE00".repeat(200),
                    "\uD83D\uDE00".repeat(101) + "t".repeat(98), "\uD83D\uDE00".repeat(201), "", "\uD800");
            case "content" -> List.of("c".repeat(100_000), "c".repeat(100_001), "\uD83D\uDE00".repeat(60_000), "",
                    "nul\u0000", "\uD800");
            case "error" -> List.of("e".repeat(4000), "e".repeat(4001), "\uD83D\uDE00".repeat(4000), "");
            case "name" -> List.of("x".repeat(64), "x".repeat(65), "add_task", "add task", "add-task.v2", "", "add:task");
            case "role" -> List.of("user", "assistant", "system", "tool", "User", "");
            case "status" -> List.of("ok", "error", "OK", "failed", "");
            case "type" -> List.of("message.created", "tool_call.completed", "user.erased", "message", "");
            default -> List.of();
        };
        Gen<JsonNode> nonText = switch (field) {
            case "arguments", "output", "data" -> nodesOf(nodes.objectNode(), nodes.objectNode().put("k", "v"),
                    nodes.nullNode(), nodes.arrayNode().add(1), nodes.textNode("{}"), nodes.numberNode(1.5),
                    bigObject(65_536), bigObject(65_537), bigObject(262_144), bigObject(262_145));
            case "version" -> nodesOf(nodes.numberNode(1), nodes.numberNode(0), nodes.numberNode(2),
                    nodes.numberNode(new java.math.BigDecimal("1.0")), nodes.numberNode(new java.math.BigDecimal("1E+0")),
                    nodes.numberNode(BigInteger.TWO.pow(64).add(BigInteger.ONE)), nodes.numberNode(1L << 32 | 1),
                    nodes.textNode("1"));
            default -> anyValue();
        };
        if (edges.isEmpty()) {
            return Generate.frequency(Pair.of(3, nonText), Pair.of(1, anyValue()));
        }
        return Generate.frequency(Pair.of(6, Generate.pick(edges).map(text -> (JsonNode) nodes.textNode(text))),
                Pair.of(1, nonText), Pair.of(1, anyValue()));
    }

    private static Gen<JsonNode> nodesOf(JsonNode... values) {
        return Generate.pick(List.of(values));
    }

    /** Any JSON value: short strings over an alphabet around the id rules, and every other JSON type. */
    private static Gen<JsonNode> anyValue() {
        List<Character> alphabet = "aZ09._:@|=+- \n/\u00e9\u00ff".chars().mapToObj(c -> (char) c).toList();
        Gen<JsonNode> strings = SourceDSL.lists().of(Generate.pick(alphabet)).ofSizeBetween(0, 12)
                .map(chars -> (JsonNode) nodes.textNode(chars.stream().map(String::valueOf).collect(Collectors.joining())));
        Gen<JsonNode> others = nodesOf(nodes.numberNode(1), nodes.numberNode(-1), nodes.booleanNode(true),
                nodes.nullNode(), nodes.arrayNode(), nodes.arrayNode().add("a"), nodes.objectNode(),
                nodes.objectNode().put("n", 1.50),
                nodes.objectNode().set("deep", nodes.objectNode().set("list", nodes.arrayNode().add(1).add("x"))));
        return Generate.oneOf(strings, others);
    }

    /** An object whose compact JSON is exactly {@code bytes} long. */
    private static JsonNode bigObject(int bytes) {
        return nodes.objectNode().put("s", "b".repeat(bytes - "{\"s\":\"\"}".length()));
    }

    /** The valid examples as trees. */
    private static List<ObjectNode> validBases() {
        List<ObjectNode> bases = new ArrayList<>();
        for (byte[] value : EventExamples.valid().values()) {
            bases.add((ObjectNode) read(value));
        }
        return bases;
    }

    /** The valid and the invalid examples as trees, as bases to mutate. */
    private static List<ObjectNode> bases() {
        List<ObjectNode> bases = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : EventExamples.valid().entrySet()) {
            bases.add((ObjectNode) read(e.getValue()));
        }
        for (InvalidExample e : InvalidExamples.all()) {
            if (read(e.value()) instanceof ObjectNode root) {
                bases.add(root);
            }
        }
        return bases;
    }

    private static String userOf(byte[] value) {
        return read(value).get("user_id").textValue();
    }

    private static JsonNode read(byte[] value) {
        try {
            return plain.readTree(value);
        } catch (IOException e) {
            return nodes.missingNode();
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return plain.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
