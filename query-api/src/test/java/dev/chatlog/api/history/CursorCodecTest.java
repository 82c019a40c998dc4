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
        String cursor = CursorCodec.conversation(at, "conv:with:colons|and=more");
        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        CursorCodec.ConversationKey key = CursorCodec.decodeConversation(cursor);
        assertThat(key.lastActivityAt()).isEqualTo(at);
        assertThat(key.conversationId()).isEqualTo("conv:with:colons|and=more");
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

    @Test
    void refusesCursorsWhoseValuesNoQueryCouldTake() {
        for (String text : new String[] {"c1:-9000000000000000000:x", "c1:9000000000000000000:x",
                "c1:" + (CursorCodec.MIN_MICROS - 1) + ":x", "c1:" + (CursorCodec.MAX_MICROS + 1) + ":x",
                "c1:0:a\u0000b", "c1:0:x\ud800", "c1:0:" + "x".repeat(129), "c1:0:a b"}) {
            assertThatThrownBy(() -> CursorCodec.decodeConversation(encode(text))).as(text)
                    .hasMessage("is not a cursor this API issued");
        }
        for (String text : new String[] {"i1:+5", "i1:5\u0000", "i1:-1", "i1:\u00005"}) {
            assertThatThrownBy(() -> CursorCodec.decodeItem(encode(text))).as(text)
                    .hasMessage("is not a cursor this API issued");
        }
        assertThat(CursorCodec.decodeConversation(encode("c1:" + CursorCodec.MAX_MICROS + ":x")).lastActivityAt())
                .isEqualTo(Instant.parse("9999-12-31T23:59:59.999999Z"));
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
