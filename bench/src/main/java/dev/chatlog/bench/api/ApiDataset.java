package dev.chatlog.bench.api;

import java.util.Locale;

/**
 * The benchmark's dataset: user 0 is the heavy user with many conversations; every other user has
 * the same few. Each conversation repeats user message, assistant message, tool call (of that
 * assistant message), assistant message. Messages hold chat text ({@link ApiChatText}); tool calls
 * are those of a todo-list chat ({@link ApiToolCalls}). Ids are derivable, so pgbench scripts can
 * pick them too.
 *
 * @param heavyItemsPerConversation items of each of the heavy user's conversations
 * @param itemsPerConversation      items of each conversation of the other users
 */
record ApiDataset(int users, int heavyConversations, int conversationsPerUser, int heavyItemsPerConversation,
                  int itemsPerConversation) {

    static ApiDataset of(ApiBenchOptions o) {
        int heavyPer = (int) Math.max(1, o.heavyItems() / o.heavyConversations());
        long rest = o.items() - (long) heavyPer * o.heavyConversations();
        int per = (int) Math.max(1, rest / ((long) (o.users() - 1) * o.conversationsPerUser()));
        return new ApiDataset(o.users(), o.heavyConversations(), o.conversationsPerUser(), heavyPer, per);
    }

    static String user(int n) {
        return String.format(Locale.ROOT, "u%031d", n);
    }

    static String conversation(int k) {
        return "c" + k;
    }

    int conversationsOf(int user) {
        return user == 0 ? heavyConversations : conversationsPerUser;
    }

    int itemsOf(int user) {
        return user == 0 ? heavyItemsPerConversation : itemsPerConversation;
    }

    long conversations() {
        return heavyConversations + (long) (users - 1) * conversationsPerUser;
    }

    long items() {
        return (long) heavyConversations * heavyItemsPerConversation
                + (long) (users - 1) * conversationsPerUser * itemsPerConversation;
    }

    /** The text stored with the tables, so a run can tell whether the data already there is this dataset. */
    String describe() {
        return String.format(Locale.ROOT, "bench dataset v2 (chat text, five tools, search indexed): %d users, heavy user %d conversations x %d items,"
                        + " others %d x %d items: %,d conversations, %,d items", users, heavyConversations,
                heavyItemsPerConversation, conversationsPerUser, itemsPerConversation, conversations(), items());
    }
}
