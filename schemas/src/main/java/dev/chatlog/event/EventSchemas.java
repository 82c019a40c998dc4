package dev.chatlog.event;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The compiled version 1 schemas: the envelope and one per type, loaded once. */
final class EventSchemas {

    static final String BASE_ID = "https://chatlog.dev/schemas/v1/";
    static final String RESOURCE_DIRECTORY = "dev/chatlog/schemas/v1/";

    // Messages must not depend on the default locale: they end up in dead-letter headers. Formats
    // stay annotations, as draft 2020-12 has them: every format of ours is also a pattern, which
    // is asserted, and EventMapping parses occurred_at, rejecting a date that does not exist, so
    // asserting them would check each value twice. Patterns run on java.util.regex: the worker's
    // valid events never reach this validator (StreamingEventReader vouches for them), so a faster
    // pattern engine measured no difference in the worker's throughput.
    private static final SchemaRegistryConfig CONFIG = SchemaRegistryConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(false)
            .locale(Locale.ENGLISH)
            .errorMessageKeyword("errorMessage")
            .build();

    private final Schema envelope;
    private final Map<String, Schema> byType;

    /** @param source the schema text for a schema id, or null when it names no schema of ours */
    EventSchemas(Function<String, String> source) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(source).schemaRegistryConfig(CONFIG));
        this.envelope = load(registry, "envelope.schema.json");
        Map<String, Schema> schemas = new HashMap<>();
        for (String type : ChatEvent.TYPES) {
            schemas.put(type, load(registry, type + ".schema.json"));
        }
        this.byType = Map.copyOf(schemas);
    }

    /** Reads schema ids under {@link #BASE_ID} from the class path. */
    static String fromClasspath(String id) {
        if (!id.startsWith(BASE_ID)) {
            return null;
        }
        String resource = RESOURCE_DIRECTORY + id.substring(BASE_ID.length());
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read schema " + resource, e);
        }
    }

    private static Schema load(SchemaRegistry registry, String file) {
        Schema schema = registry.getSchema(SchemaLocation.of(BASE_ID + file));
        // Resolves every $ref now, so that validating a record never loads anything.
        schema.initializeValidators();
        return schema;
    }

    Schema envelope() {
        return envelope;
    }

    /** The schema of {@code type}, or null when it is not a version 1 type. */
    Schema forType(String type) {
        return type == null ? null : byType.get(type);
    }
}
