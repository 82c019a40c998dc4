package dev.chatlog.api.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CursorCodecTest {

    @Test
    void roundTripsAConversationKeyToTheMicrosecond() {
        Instant at = Instant.parse("2025-06-01T10:00:00.123456Z");
        String cursor = CursorCodec.conversation(at, "conv:with:colons/and/slashes é");
        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        CursorCodec.ConversationKey key = CursorCodec.decodeConversation(cursor);
        assertThat(key.lastActivityAt()).isEqualTo(at);
        assertThat(key.conversationId()).isEqualTo("conv:with:colons/and/slashes é");
    }

    @Test
    void roundTripsTimesBeforeTheEpoch() {
        Instant at = Instant.parse("1969-12-31T23:59:59.999999Z");
        assertThat(CursorCodec.decodeConversation(CursorCodec.conversation(at, "c")).lastActivityAt()).isEqualTo(at);
    }

    @Test
    void roundTripsAnItemSeq() {
        assertThat(CursorCodec.decodeItem(CursorCodec.item(4711))).isEqualTo(4711);
    }

    @Test
    void refusesACursorOfTheOtherList() {
        assertThatThrownBy(() -> CursorCodec.decodeItem(CursorCodec.conversation(Instant.EPOCH, "c")))
                .hasMessage("is a cursor of another list");
        assertThatThrownBy(() -> CursorCodec.decodeConversation(CursorCodec.item(1)))
                .hasMessage("is a cursor of another list");
    }

    @Test
    void refusesMalformedCursors() {
        for (String cursor : new String[] {"", "!!!", "a", encode("i1:"), encode("i1:x"), encode("i1:-5"),
                encode("i1:99999999999999999999"), encode("c1:12"), encode("c1::id"), encode("c1:x:id"),
                encode("c1:12:"), encode("hello"), "A".repeat(600)}) {
            assertThatThrownBy(() -> CursorCodec.decodeItem(cursor)).as(cursor)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CursorCodec.decodeConversation(cursor)).as(cursor)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> CursorCodec.decodeConversation(encode("c1:12:")))
                .hasMessage("is not a cursor this API issued");
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
