package dev.chatlog.event;

import static dev.chatlog.event.EventParserTest.USER;
import static dev.chatlog.event.EventParserTest.bytes;
import static dev.chatlog.event.EventParserTest.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EventExamplesTest {

    private static final EventParser parser = new EventParser();

    @Test
    void listsEveryFileOfTheExamplesDirectory() throws IOException, URISyntaxException {
        Path directory = Path.of(getClass().getClassLoader().getResource(EventExamples.DIRECTORY).toURI());
        try (Stream<Path> files = Files.list(directory)) {
            List<String> names = files.map(path -> path.getFileName().toString()).toList();

            assertThat(EventExamples.valid().keySet()).containsExactlyInAnyOrderElementsOf(names);
        }
    }

    @Test
    void coversEveryEventType() {
        List<String> types = EventExamples.valid().values().stream()
                .map(value -> parsed(parser.parse(bytes(USER), value)).type()).distinct().toList();

        assertThat(types).containsExactlyInAnyOrderElementsOf(ChatEvent.TYPES);
    }

    @Test
    void tellsOneConversationInTopicOrder() {
        List<ChatEvent> events = EventExamples.valid().values().stream()
                .map(value -> parsed(parser.parse(bytes(USER), value))).toList();

        assertThat(events).extracting(ChatEvent::occurredAt).isSorted();
        assertThat(events).extracting(ChatEvent::userId).containsOnly(USER);
        assertThat(events.getFirst()).isInstanceOf(ConversationCreated.class);
        assertThat(events.getLast()).isInstanceOf(UserErased.class);
        assertThat(events.stream().map(ChatEvent::conversationId).filter(id -> id != null).distinct()).hasSize(1);
    }

    @Test
    void givesEveryCallerItsOwnCopy() {
        EventExamples.valid().firstEntry().getValue()[0] = 'x';

        assertThat(EventExamples.valid().firstEntry().getValue()[0]).isEqualTo((byte) '{');
    }
}
