package dev.chatlog.bench.api;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.chatlog.api.db.SqlCall;
import dev.chatlog.api.history.SearchStore;
import dev.chatlog.api.history.ToolCallStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A read that finds things in the heavy user's whole history: tool calls by name or JSON content,
 * or a full-text search. Each request picks one of {@code values} at random. The SQL is the query
 * API's ({@link ToolCallStore#call}, {@link SearchStore#call}) with the request document the API
 * builds for that request ({@code ToolCallQuery}, {@code SearchQuery}): {@code document} with the
 * value in place of {@code %s} as JSON.
 *
 * @param values    what a request picks from: strings, or the integers 1..n
 * @param parameter the request's query parameter, e.g. {@code name}
 * @param filter    the parameter's value: {@code %s} for the value as it is, or a JSON object with
 *                  {@code %s} for the value as JSON
 * @param document  the request document of the database function, with {@code %s} for the value as JSON
 */
record ApiFindRead(String name, Kind kind, List<?> values, String parameter, String filter, String document)
        implements ApiRead {

    /** Which endpoint and database function the read goes through. */
    enum Kind {
        TOOL_CALLS("/v1/tool_calls?"),
        SEARCH("/v1/search?");

        final String path;

        Kind(String path) {
            this.path = path;
        }
    }

    /** Every request asks for a page of this size, so the request document asks for one row more. */
    static final int PAGE = 20;
    private static final String TOOL_CALLS_PAGE = ", \"descending\": true, \"limit\": " + (PAGE + 1) + "}";

    static final ApiFindRead BY_NAME = new ApiFindRead("tool calls by name", Kind.TOOL_CALLS,
            ApiToolCalls.NAMES, "name", "%s", "{\"name\": %s" + TOOL_CALLS_PAGE);

    static final ApiFindRead BY_TASK_ID = containing("tool calls by arguments_contains, a task id (rare)",
            IntStream.rangeClosed(1, ApiToolCalls.TASK_IDS).boxed().toList(), "{\"task_id\": %s}");

    static final ApiFindRead BY_PRIORITY = containing("tool calls by arguments_contains, a priority (common)",
            ApiToolCalls.PRIORITIES, "{\"priority\": %s}");

    static final ApiFindRead COMMON_WORD = search("search, a common word", ApiChatText.commonWords());

    static final ApiFindRead RARE_WORD = search("search, a rare word", ApiChatText.rareWords());

    static final List<ApiFindRead> ALL = List.of(BY_NAME, BY_TASK_ID, BY_PRIORITY, COMMON_WORD, RARE_WORD);

    private static ApiFindRead containing(String name, List<?> values, String filter) {
        return new ApiFindRead(name, Kind.TOOL_CALLS, values, "arguments_contains", filter,
                "{\"contains\": {\"a\": " + filter + "}" + TOOL_CALLS_PAGE);
    }

    private static ApiFindRead search(String name, List<String> words) {
        return new ApiFindRead(name, Kind.SEARCH, words, "q", "%s", "{\"q\": %s, \"limit\": " + (PAGE + 1)
                + ", \"config\": \"" + ApiDatasetLoader.SEARCH_CONFIGURATION + "\"}");
    }

    @Override
    public int rate(ApiBenchOptions options) {
        return options.findRate();
    }

    /** Not the query alone: without the scope statement's user, the database functions find nothing. */
    @Override
    public List<Script> scripts() {
        return List.of(Script.SAME_SQL_ONE_ROUND_TRIP, Script.SAME_SQL_PREPARED_TRANSACTION);
    }

    @Override
    public int[] pick(ApiDataset dataset, SplittableRandom random) {
        return new int[] {0, random.nextInt(values.size())};
    }

    @Override
    public SqlCall call(int[] pick) {
        Object value = values.get(pick[1]);
        return sql(ApiDataset.user(pick[0]), document.formatted(json(value)), value.toString());
    }

    private SqlCall sql(String user, String requestDocument, String q) {
        return switch (kind) {
            case TOOL_CALLS -> ToolCallStore.call(READER_ROLE, SCHEMA, user, requestDocument);
            case SEARCH -> SearchStore.call(READER_ROLE, SCHEMA, user, requestDocument,
                    ApiDatasetLoader.SEARCH_CONFIGURATION, q);
        };
    }

    @Override
    public ApiHttpLoad.Requests requests(ApiDataset dataset, List<String> tokens) {
        return random -> {
            int[] pick = pick(dataset, random);
            Object value = values.get(pick[1]);
            return ApiRead.get(path(value), tokens.get(pick[0]));
        };
    }

    /** The request's path and query for {@code value}. */
    String path(Object value) {
        return kind.path + parameter + "=" + URLEncoder.encode(parameterValue(value), StandardCharsets.UTF_8)
                + "&limit=" + PAGE;
    }

    /** The value of the request's parameter for {@code value}. */
    String parameterValue(Object value) {
        return filter.equals("%s") ? value.toString() : filter.formatted(json(value));
    }

    private static String json(Object value) {
        return value instanceof String s ? TextNode.valueOf(s).toString() : value.toString();
    }

    /**
     * The script picks {@code k} and computes the value from it in SQL: {@code :k} itself for
     * integers, else the k-th of an array of the strings; the request document is then the
     * concatenation of the template's text around the value as JSON.
     */
    @Override
    public String pgbenchScript(ApiDataset dataset, Script script) {
        boolean numbers = values.getFirst() instanceof Integer;
        String value = numbers ? ":k" : values.stream().map(v -> "'" + v + "'")
                .collect(Collectors.joining(", ", "(ARRAY[", "])[:k]"));
        String json = numbers ? value : "to_json(" + value + ")::text";
        String[] around = document.split("%s", -1);
        String requestDocument = "(" + literal(around[0]) + " || " + json + " || " + literal(around[1]) + ")";
        SqlCall call = sql(PGBENCH_USER, requestDocument, value);
        List<String> expressions = new ArrayList<>(List.of(PGBENCH_USER, requestDocument, value));
        String scope = PgBenchSql.inline(call.scopeSql(), call.scopeArguments(), expressions);
        String query = PgBenchSql.inline(call.querySql(), call.queryArguments(), expressions);
        return "\\set u 0\n\\set k random(1, " + values.size() + ")\n" + script.body(scope, query);
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
