package dev.chatlog.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.regex.JDKRegularExpressionFactory;
import com.networknt.schema.regex.RegularExpression;
import dev.chatlog.event.AutomatonRegularExpressionFactory.AutomatonRegularExpression;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AutomatonRegularExpressionFactoryTest {

    private static final AutomatonRegularExpressionFactory factory = new AutomatonRegularExpressionFactory();
    /** The engine the schemas used before: java.util.regex with a trailing {@code $} read as {@code \z}. */
    private static final JDKRegularExpressionFactory jdk = JDKRegularExpressionFactory.getInstance();

    /** What a single character of a value is replaced by or grows by: ASCII, line terminators, non-ASCII, surrogates. */
    private static final List<String> EDITS = Stream.concat(
            IntStream.range(0x20, 0x7F).mapToObj(c -> String.valueOf((char) c)),
            Stream.of("\n", "\r", "\t", "\0", "\u0085", "\u2028", "é", "\uFF10", "\uD83D", "\uDE00", "😀"))
            .toList();

    /** Values beyond the examples: other valid forms, lengths around the limits, very long ones. */
    private static final List<String> EXTRA_VALUES = List.of(
            "", "a", "auth0|abc", "a.b_c:d@e|f=g+h-i", "add_task",
            "3F1C2A4E-9B7D-4C1E-8A2F-5D6E7F8A9B0C",
            "2025-06-13T09:15:03Z", "2025-06-13t09:15:03.123456789z", "2025-06-13T09:15:03.1234567890Z",
            "2025-06-13T09:15:03+02:00", "2025-06-13T09:15:03.5-11:30", "2025-06-13T09:15:03.Z",
            "a".repeat(64), "a".repeat(65), "x".repeat(128), "x".repeat(129),
            "a".repeat(100_000), "0".repeat(100_000) + "\n", "é".repeat(1000), "😀".repeat(1000));

    static Stream<String> schemaPatterns() {
        SortedSet<String> patterns = new TreeSet<>();
        EventSchemasTest.schemaFiles().forEach(file -> collectPatterns(readSchema(file), patterns));
        return patterns.stream();
    }

    static Stream<Arguments> subsetPatterns() {
        return Stream.of(
                Arguments.of("^$", List.of("")),
                Arguments.of("^()$", List.of("")),
                Arguments.of("^a{0}b$", List.of("b")),
                Arguments.of("^(ab|a)*b?$", List.of("abaab", "aab")),
                Arguments.of("^(a|)+c$", List.of("aac", "c")),
                Arguments.of("^[+-]?[0-9]{2,}$", List.of("-12", "+007", "42")),
                Arguments.of("^x{2,3}(y|z){1,}$", List.of("xxyzy", "xxxz")),
                Arguments.of("^a(b(c|d)*)?e$", List.of("abcde", "ae", "abe")),
                Arguments.of("^((a|b){2}){1,2}$", List.of("ab", "abba")),
                Arguments.of("^[-a]$", List.of("-", "a")),
                Arguments.of("^[a-]*$", List.of("a-a", "")),
                Arguments.of("^[.-9]+$", List.of("./09", "5")),
                Arguments.of("^[$*?(){}|]+$", List.of("$*?", "(){}|")),
                Arguments.of("^[\\]\\-\\\\^]$", List.of("]", "-", "\\", "^")),
                Arguments.of("^\\.\\-\\+\\*\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\\\/$", List.of(".-+*?()[]{}|^$\\/")),
                Arguments.of("^\"&~#@<> ,;'!%=:_/$", List.of("\"&~#@<> ,;'!%=:_/")),
                Arguments.of("^[\"~#@<>]{2}$", List.of("\"~", "<>")));
    }

    static Stream<String> patternsOutsideTheSubset() {
        return Stream.of("a.b", "\\d+", "^(?=x)", "[^a]", "^a*?$", "abc", "^é$", "^a|b$", "^a\\$", "^[^a]$",
                "^a.$", "^\\w+$", "^(a)\\1$", "^[a&&b]$", "^\\p{L}+$", "^a$|^b$", "^😀$");
    }

    @ParameterizedTest
    @MethodSource("schemaPatterns")
    void compilesEveryPatternOfTheSchemasToAnAutomaton(String pattern) {
        assertThat(factory.getRegularExpression(pattern)).isInstanceOf(AutomatonRegularExpression.class);
    }

    @ParameterizedTest
    @MethodSource("schemaPatterns")
    void answersEveryPatternOfTheSchemasAsTheJdkEngineForExamplesAndTheirMutations(String pattern) {
        RegularExpression expected = jdk.getRegularExpression(pattern);
        Set<String> values = new LinkedHashSet<>(EXTRA_VALUES);
        EventExamples.valid().values().forEach(example -> collectStrings(readJson(example), values));
        List<String> matching = values.stream().filter(expected::matches).toList();
        matching.stream().filter(value -> value.length() <= 200).forEach(value -> addMutations(value, values));

        assertThat(matching).isNotEmpty();
        assertSameAnswers(pattern, values);
    }

    @ParameterizedTest
    @MethodSource("subsetPatterns")
    void answersPatternsOfTheSubsetAsTheJdkEngineForEveryShortValue(String pattern, List<String> matching) {
        assertThat(factory.getRegularExpression(pattern)).isInstanceOf(AutomatonRegularExpression.class);
        assertThat(matching).allMatch(jdk.getRegularExpression(pattern)::matches);

        Set<String> values = new LinkedHashSet<>(matching);
        matching.forEach(value -> addMutations(value, values));
        addEveryString(alphabetOf(pattern), 3, values);
        assertSameAnswers(pattern, values);
    }

    @ParameterizedTest
    @MethodSource("patternsOutsideTheSubset")
    void leavesPatternsOutsideTheSubsetToTheJdkEngine(String pattern) {
        RegularExpression compiled = factory.getRegularExpression(pattern);
        RegularExpression expected = jdk.getRegularExpression(pattern);

        assertThat(compiled).isNotInstanceOf(AutomatonRegularExpression.class);
        assertThat(Stream.of("", "a", "b", "x", "ab", "abc", "aXb", "a\nb", "a\n", "aa", "1", "é", "😀", "Ab"))
                .allMatch(value -> compiled.matches(value) == expected.matches(value));
    }

    private static void assertSameAnswers(String pattern, Set<String> values) {
        RegularExpression automaton = factory.getRegularExpression(pattern);
        RegularExpression expected = jdk.getRegularExpression(pattern);
        List<String> differing = new ArrayList<>();
        int matched = 0;
        for (String value : values) {
            boolean answer = expected.matches(value);
            matched += answer ? 1 : 0;
            if (automaton.matches(value) != answer) {
                differing.add(value);
            }
        }

        assertThat(differing).as("values answered differently by %s", pattern).isEmpty();
        assertThat(matched).as("matching values").isPositive().isLessThan(values.size());
    }

    /** Every deletion, replacement and insertion of one character, and line terminators around the value. */
    private static void addMutations(String value, Set<String> into) {
        for (int i = 0; i <= value.length(); i++) {
            String before = value.substring(0, i);
            if (i < value.length()) {
                String after = value.substring(i + 1);
                into.add(before + after);
                EDITS.forEach(edit -> into.add(before + edit + after));
            }
            String rest = value.substring(i);
            EDITS.forEach(edit -> into.add(before + edit + rest));
        }
        Stream.of("\n", "\r\n", "\r", "\u2028").forEach(terminator -> {
            into.add(value + terminator);
            into.add(terminator + value);
        });
    }

    private static void addEveryString(List<String> alphabet, int maxLength, Set<String> into) {
        List<String> current = List.of("");
        for (int length = 0; length <= maxLength; length++) {
            into.addAll(current);
            current = current.stream().flatMap(prefix -> alphabet.stream().map(c -> prefix + c)).toList();
        }
    }

    private static List<String> alphabetOf(String pattern) {
        return Stream.concat(pattern.chars().distinct().mapToObj(c -> String.valueOf((char) c)),
                Stream.of("x", "\n", "é")).distinct().toList();
    }

    // errorMessage objects hold the message of each keyword under the keyword's name, "pattern" too.
    private static void collectPatterns(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equals("pattern") && field.getValue().isTextual()) {
                    into.add(field.getValue().textValue());
                } else if (!field.getKey().equals("errorMessage")) {
                    collectPatterns(field.getValue(), into);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> collectPatterns(element, into));
        }
    }

    private static void collectStrings(JsonNode node, Set<String> into) {
        if (node.isTextual()) {
            into.add(node.textValue());
        }
        node.properties().forEach(field -> into.add(field.getKey()));
        node.forEach(child -> collectStrings(child, into));
    }

    private static JsonNode readSchema(String file) {
        return readJson(EventSchemas.fromClasspath(EventSchemas.BASE_ID + file).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode readJson(byte[] json) {
        try {
            return EventJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
