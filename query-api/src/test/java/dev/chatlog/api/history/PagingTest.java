package dev.chatlog.api.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.api.http.ApiException;
import dev.chatlog.api.http.InvalidParam;
import dev.chatlog.api.http.ParameterCheck;
import dev.chatlog.api.http.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PagingTest {

    static Paging<Long> parse(Map<String, String> query) {
        ParameterCheck check = new ParameterCheck();
        Paging<Long> paging = Paging.parse(new Request(Map.of(), query, "u"), check, "asc", CursorCodec::decodeItem);
        check.done();
        return paging;
    }

    @Test
    void scansForwardFromTheStartByDefault() {
        assertThat(parse(Map.of())).isEqualTo(new Paging<Long>(20, false, null, false));
        assertThat(parse(Map.of("order", "desc", "limit", "100"))).isEqualTo(new Paging<Long>(100, true, null, false));
    }

    @Test
    void aFirstPageIsWhatARequestWithoutACursorAsksFor() {
        assertThat(parse(Map.of("order", "desc", "limit", "50"))).isEqualTo(Paging.first(50, true));
        assertThat(parse(Map.of())).isEqualTo(Paging.first(Paging.DEFAULT_LIMIT, false));
    }

    @Test
    void continuesPastAnAfterCursorInTheRequestedOrder() {
        String cursor = CursorCodec.item(7);
        assertThat(parse(Map.of("after", cursor))).isEqualTo(new Paging<>(20, false, 7L, false));
        assertThat(parse(Map.of("after", cursor, "order", "desc"))).isEqualTo(new Paging<>(20, true, 7L, false));
    }

    @Test
    void scansTheOtherWayAndTurnsTheRowsRoundForABeforeCursor() {
        String cursor = CursorCodec.item(7);
        assertThat(parse(Map.of("before", cursor))).isEqualTo(new Paging<>(20, true, 7L, true));
        assertThat(parse(Map.of("before", cursor, "order", "desc"))).isEqualTo(new Paging<>(20, false, 7L, true));
    }

    @Test
    void refusesAfterTogetherWithBeforeAndNamesEveryBadParameter() {
        String cursor = CursorCodec.item(7);
        assertThatThrownBy(() -> parse(Map.of("after", cursor, "before", cursor, "limit", "0")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.invalidParams())
                        .extracting(InvalidParam::name).containsExactlyInAnyOrder("limit", "before"));
        assertThatThrownBy(() -> parse(Map.of("after", "bad", "order", "up")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.invalidParams())
                        .extracting(InvalidParam::name).isEqualTo(List.of("order", "after")));
    }

    @Test
    void turnsTheRowsOfABackwardScanRoundAndSaysWhetherMoreFollow() {
        Page<Integer> page = Pages.of(List.of(9, 8, 7), new Paging<Long>(2, true, 10L, true));
        assertThat(page).isEqualTo(new Page<>(List.of(8, 9), true));
        assertThat(Pages.of(List.of(1, 2), new Paging<Long>(2, false, null, false)))
                .isEqualTo(new Page<>(List.of(1, 2), false));
    }
}
