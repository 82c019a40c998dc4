package dev.chatlog.api.history;

import dev.chatlog.api.consistency.ConsistencyGate;
import dev.chatlog.api.db.ReaderTransactions;
import dev.chatlog.api.http.ParameterCheck;
import dev.chatlog.api.http.Request;
import dev.chatlog.api.http.Response;
import dev.chatlog.api.http.Route;
import java.util.List;

/** The authenticated routes that find things across a user's conversations: tool calls, and message search. */
public final class FindEndpoints {

    private final ToolCallStore toolCalls;
    private final SearchStore search;
    private final ConsistencyGate gate;

    private FindEndpoints(ReaderTransactions transactions, SearchSettings settings, ConsistencyGate gate) {
        this.toolCalls = new ToolCallStore(transactions);
        this.search = new SearchStore(transactions, settings);
        this.gate = gate;
    }

    public static List<Route> routes(ReaderTransactions transactions, SearchSettings settings, ConsistencyGate gate) {
        FindEndpoints endpoints = new FindEndpoints(transactions, settings, gate);
        return List.of(
                Route.get("/v1/tool_calls", HistoryEndpoints.parameters(ToolCallQuery.PARAMETERS.toArray(String[]::new)),
                        true, endpoints::listToolCalls),
                Route.get("/v1/search", HistoryEndpoints.parameters(SearchQuery.PARAMETERS.toArray(String[]::new)),
                        true, endpoints::search));
    }

    private Response listToolCalls(Request request) {
        ParameterCheck check = new ParameterCheck();
        ToolCallQuery.Parsed query = ToolCallQuery.parse(request, check);
        ConsistencyGate.Wait wait = gate.parse(request, check);
        check.done();
        gate.await(wait);
        return Response.json(HistoryJson.toolCalls(toolCalls.list(request.user(), query)));
    }

    private Response search(Request request) {
        ParameterCheck check = new ParameterCheck();
        SearchQuery.Parsed query = SearchQuery.parse(request, check);
        ConsistencyGate.Wait wait = gate.parse(request, check);
        check.done();
        gate.await(wait);
        return Response.json(HistoryJson.searchHits(search.search(request.user(), query)));
    }
}
