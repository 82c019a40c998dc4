package dev.chatlog.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestTest {

    static final List<String> ACCEPTED = List.of("limit", "after", "order");

    @Test
    void decodesQueryParameters() {
        assertThat(Request.parseQuery("limit=5&after=a%2Bb+c&order=", ACCEPTED))
                .isEqualTo(Map.of("limit", "5", "after", "a+b c", "order", ""));
        assertThat(Request.parseQuery(null, ACCEPTED)).isEmpty();
        assertThat(Request.parseQuery("&&limit=1&", ACCEPTED)).isEqualTo(Map.of("limit", "1"));
    }

    @Test
    void refusesUnknownRepeatedAndUndecodableParametersAllAtOnce() {
        assertThatThrownBy(() -> Request.parseQuery("limit=1&limit=2&user=x&after=%zz", ACCEPTED))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.invalidParams())
                        .extracting(InvalidParam::name).containsExactly("limit", "user", "after"));
    }

    @Test
    void parsesBoundedIntegersAndChoices() {
        Request request = new Request(Map.of(), Map.of("limit", "100", "order", "desc", "bad", "1e3"), null);
        assertThat(request.intParameter("limit", 20, 1, 100)).isEqualTo(100);
        assertThat(request.intParameter("absent", 20, 1, 100)).isEqualTo(20);
        assertThat(request.choiceParameter("order", "asc", Set.of("asc", "desc"))).isEqualTo("desc");
        assertThatThrownBy(() -> request.intParameter("bad", 20, 1, 100))
                .hasMessage("Invalid parameter 'bad': must be an integer from 1 to 100");
        assertThatThrownBy(() -> request.choiceParameter("limit", "asc", Set.of("desc", "asc")))
                .hasMessage("Invalid parameter 'limit': must be one of asc, desc");
    }

    @Test
    void hasNoUserOnAnOpenRoute() {
        assertThatThrownBy(() -> new Request(Map.of(), Map.of(), null).user()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void checksPathParametersAndQueryParametersNamedIdAsIdentifiersAndRefusesNulEverywhere() {
        assertThat(Request.parse(Map.of("id", "auth0|x"), "conversation_id=c-1&limit=5",
                List.of("conversation_id", "limit"))).containsEntry("conversation_id", "c-1");
        assertThatThrownBy(() -> Request.parse(Map.of("id", "a\u0000b"), "conversation_id=a%20b&limit=%00",
                List.of("conversation_id", "limit")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.invalidParams())
                        .extracting(InvalidParam::name).containsExactly("id", "conversation_id", "limit"));
    }

    @Test
    void namesAtMostTwentyProblemsAndCutsLongNamesShort() {
        String query = "x".repeat(1_000) + "=1&" + "a=1&".repeat(5_000) + String.join("&",
                java.util.stream.IntStream.range(0, 100).mapToObj(i -> "p" + i + "=1").toList());
        assertThatThrownBy(() -> Request.parseQuery(query, ACCEPTED))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.invalidParams()).hasSize(20);
                    assertThat(e.invalidParams().getFirst().name()).hasSize(67);
                });
    }
}
