package dev.chatlog.bench.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatlog.api.history.SearchStore;
import dev.chatlog.api.history.ToolCallStore;
import dev.chatlog.bench.api.ApiRead.Script;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ApiFindReadTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theJdbcFormIsTheApisCallWithTheRequestDocumentOfThePick() throws Exception {
        var call = ApiFindRead.BY_TASK_ID.call(new int[] {0, 6});
        String document = (String) call.queryArguments().getFirst();

        assertThat(call).isEqualTo(ToolCallStore.call("chatlog_reader", "chatlog", ApiDataset.user(0), document));
        assertThat(JSON.readTree(document)).isEqualTo(JSON.readTree(
                "{\"contains\": {\"a\": {\"task_id\": 7}}, \"descending\": true, \"limit\": 21}"));
    }

    @Test
    void aSearchSendsTheWordAsTheQueryAndInTheRequestDocument() throws Exception {
        String word = ApiChatText.rareWords().get(2);
        var call = ApiFindRead.RARE_WORD.call(new int[] {0, 2});
        String document = "{\"q\": \"" + word + "\", \"limit\": 21, \"config\": \"simple\"}";

        assertThat(call).isEqualTo(SearchStore.call("chatlog_reader", "chatlog", ApiDataset.user(0), document,
                "simple", word));
    }

    @Test
    void theRequestAsksForAPageOfTheSizeTheDocumentFetchesOneMoreThan() throws Exception {
        for (ApiFindRead read : ApiFindRead.ALL) {
            JsonNode document = JSON.readTree((String) read.call(new int[] {0, 0}).queryArguments().stream()
                    .filter(a -> a.toString().startsWith("{")).findFirst().orElseThrow());
            assertThat(document.get("limit").asInt()).isEqualTo(ApiFindRead.PAGE + 1);
            assertThat(read.path(read.values().getFirst())).endsWith("&limit=" + ApiFindRead.PAGE);
        }
    }

    @Test
    void aContainmentRequestCarriesTheFilterAsJson() throws Exception {
        String path = ApiFindRead.BY_PRIORITY.path("high");
        String parameter = URLDecoder.decode(path.substring(path.indexOf('=') + 1, path.indexOf('&')),
                StandardCharsets.UTF_8);

        assertThat(path).startsWith("/v1/tool_calls?arguments_contains=");
        assertThat(JSON.readTree(parameter)).isEqualTo(JSON.readTree("{\"priority\": \"high\"}"));
        assertThat(ApiFindRead.BY_NAME.path("add_task")).isEqualTo("/v1/tool_calls?name=add_task&limit=20");
    }

    @Test
    void pgbenchComputesTheValueAndTheRequestDocumentFromK() {
        String byName = ApiFindRead.BY_NAME.pgbenchScript(null, Script.SAME_SQL_ONE_ROUND_TRIP);
        String byTask = ApiFindRead.BY_TASK_ID.pgbenchScript(null, Script.SAME_SQL_ONE_ROUND_TRIP);
        String rare = ApiFindRead.RARE_WORD.pgbenchScript(null, Script.SAME_SQL_PREPARED_TRANSACTION);

        assertThat(byName).startsWith("\\set u 0\n\\set k random(1, 5)\n").contains(
                "find_tool_calls(('{\"name\": ' || to_json((ARRAY['add_task', 'list_tasks', 'complete_task',"
                        + " 'update_task', 'delete_task'])[:k])::text || ', \"descending\": true, \"limit\": 21}')"
                        + "::jsonb)");
        assertThat(byTask).startsWith("\\set u 0\n\\set k random(1, 5000)\n")
                .contains("('{\"contains\": {\"a\": {\"task_id\": ' || :k || '}}, \"descending\": true");
        String words = "(ARRAY['" + String.join("', '", ApiChatText.rareWords()) + "'])[:k]";
        assertThat(rare).startsWith("\\set u 0\n\\set k random(1, 20)\nBEGIN;\n")
                .contains("websearch_to_tsquery('simple'::regconfig, " + words + ")")
                .contains("search_messages(('{\"q\": ' || to_json(" + words + ")::text || ', \"limit\": 21, "
                        + "\"config\": \"simple\"}')::jsonb)");
        for (ApiFindRead read : ApiFindRead.ALL) {
            for (Script script : read.scripts()) {
                assertThat(read.pgbenchScript(null, script)).doesNotContain("?").contains(ApiRead.PGBENCH_USER);
            }
        }
    }
}
