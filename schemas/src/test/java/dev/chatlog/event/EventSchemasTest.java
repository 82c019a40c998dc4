package dev.chatlog.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.chatlog.event.InvalidExamples.InvalidExample;
import java.io.IOException;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventSchemasTest {

    private static final Set<RejectReason> VISIBLE_TO_A_SCHEMA = Set.of(
            RejectReason.SCHEMA_VIOLATION, RejectReason.UNKNOWN_TYPE, RejectReason.UNSUPPORTED_VERSION);

    /** What a producer in another language gets: the single event schema, no chatlog code. */
    private static final Schema ANY_EVENT = SchemaRegistry
            .withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(EventSchemas::fromClasspath))
            .getSchema(SchemaLocation.of(EventSchemas.BASE_ID + "event.schema.json"));

    static Stream<String> schemaFiles() {
        return Stream.concat(Stream.of("envelope", "event"), ChatEvent.TYPES.stream()).map(name -> name + ".schema.json");
    }

    static Stream<String> validExamples() {
        return EventExamples.NAMES.stream();
    }

    static Stream<InvalidExample> schemaVisibleInvalidExamples() {
        return InvalidExamples.all().stream().filter(example -> VISIBLE_TO_A_SCHEMA.contains(example.reason()));
    }

    @ParameterizedTest
    @MethodSource("schemaFiles")
    void everySchemaIsDraft202012WithItsOwnIdAndADescription(String file) throws IOException {
        JsonNode schema = EventJson.MAPPER.readTree(EventSchemas.fromClasspath(EventSchemas.BASE_ID + file));

        assertThat(schema.path("$schema").textValue()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").textValue()).isEqualTo(EventSchemas.BASE_ID + file);
        assertThat(schema.path("description").textValue()).isNotBlank();
    }

    @ParameterizedTest
    @MethodSource("validExamples")
    void theSingleEventSchemaAcceptsEveryValidExample(String name) throws IOException {
        JsonNode example = EventJson.MAPPER.readTree(EventExamples.valid().get(name));

        assertThat(ANY_EVENT.validate(example)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("schemaVisibleInvalidExamples")
    void theSingleEventSchemaRejectsWhatTheParserRejectsForItsContent(InvalidExample example) throws IOException {
        JsonNode value = EventJson.MAPPER.readTree(example.value());

        assertThat(ANY_EVENT.validate(value)).isNotEmpty();
    }

    @Test
    void knowsEveryTypeAndNoOther() {
        EventSchemas schemas = new EventSchemas(EventSchemas::fromClasspath);

        assertThat(ChatEvent.TYPES).allSatisfy(type -> assertThat(schemas.forType(type)).isNotNull());
        assertThat(schemas.forType("message.edited")).isNull();
        assertThat(schemas.forType(null)).isNull();
    }
}
