package dev.chatlog.api.history;

import dev.chatlog.api.consistency.ConsistencyGate;
import dev.chatlog.api.db.ReaderTransactions;
import dev.chatlog.api.http.ApiException;
import dev.chatlog.api.http.ParameterCheck;
import dev.chatlog.api.http.Request;
import dev.chatlog.api.http.Response;
import dev.chatlog.api.http.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The authenticated {@code /v1} routes: the user's conversations, one conversation, and its items. */
public final class HistoryEndpoints {

    private static final Set<String> FORMATS = Set.of("items", "chat_completions", "anthropic_messages");

    private final ConversationStore conversations;
    private final ItemStore items;
    private final ConsistencyGate gate;

    private HistoryEndpoints(ReaderTransactions transactions, ConsistencyGate gate) {
        this.conversations = new ConversationStore(transactions);
        this.items = new ItemStore(transactions);
        this.gate = gate;
    }

    public static List<Route> routes(ReaderTransactions transactions, ConsistencyGate gate) {
        HistoryEndpoints endpoints = new HistoryEndpoints(transactions, gate);
        return List.of(
                Route.get("/v1/conversations", parameters("limit", "after", "before", "order"), true,
                        endpoints::listConversations),
                Route.get("/v1/conversations/{id}", parameters(), true, endpoints::getConversation),
                Route.get("/v1/conversations/{id}/items", parameters("limit", "after", "before", "order", "format"),
                        true, endpoints::listItems));
    }

    private Response listConversations(Request request) {
        ParameterCheck check = new ParameterCheck();
        Paging<CursorCodec.ConversationKey> paging =
                Paging.parse(request, check, "desc", CursorCodec::decodeConversation);
        ConsistencyGate.Wait wait = gate.parse(request, check);
        check.done();
        gate.await(wait);
        return Response.json(HistoryJson.conversations(conversations.list(request.user(), paging)));
    }

    private Response getConversation(Request request) {
        ParameterCheck check = new ParameterCheck();
        String id = conversationId(request);
        ConsistencyGate.Wait wait = gate.parse(request, check);
        check.done();
        gate.await(wait);
        Conversation conversation = conversations.find(request.user(), id).orElseThrow(() -> noSuch(id));
        return Response.json(HistoryJson.conversation(conversation));
    }

    private Response listItems(Request request) {
        ParameterCheck check = new ParameterCheck();
        String id = conversationId(request);
        Paging<Long> paging = Paging.parse(request, check, "asc", CursorCodec::decodeItem);
        String format = check.get(() -> request.choiceParameter("format", "items", FORMATS), "items");
        ConsistencyGate.Wait wait = gate.parse(request, check);
        check.done();
        gate.await(wait);
        String user = request.user();
        Page<Item> page = items.list(user, id, paging).orElseThrow(() -> noSuch(id));
        if (format.equals("items")) {
            return Response.json(HistoryJson.items(page));
        }
        List<Item> ascending = new ArrayList<>(page.data());
        if (paging.descending() != paging.backwards()) {
            ascending = ascending.reversed();
        }
        Item predecessor = ChatCompletions.needsPredecessor(ascending)
                ? items.item(user, id, ascending.getFirst().seq() - 1).orElse(null)
                : null;
        ChatCompletions.Window window = ChatCompletions.window(ascending, predecessor);
        return Response.json(format.equals("anthropic_messages")
                ? HistoryJson.anthropicMessages(window, page.hasMore())
                : HistoryJson.chatCompletions(window, page.hasMore()));
    }

    static List<String> parameters(String... own) {
        List<String> all = new ArrayList<>(List.of(own));
        all.addAll(ConsistencyGate.PARAMETERS);
        return all;
    }

    /** The conversation id, an identifier already checked by the dispatcher like every path parameter. */
    private static String conversationId(Request request) {
        return request.pathParameter("id");
    }

    private static ApiException noSuch(String id) {
        return ApiException.notFound("No conversation '" + id + "'");
    }
}
