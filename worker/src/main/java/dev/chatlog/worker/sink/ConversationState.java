package dev.chatlog.worker.sink;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One conversation while a batch is planned: its row as it will be, and the items the batch adds. */
final class ConversationState {

    final String userId;
    final String conversationId;
    /**
     * Not read from the database: {@link #itemCount} counts only the batch's items, so their seqs
     * are relative to the stored count, and {@link #exists} says only whether the batch creates it.
     */
    final boolean unread;
    boolean exists;
    boolean changed;
    String title;
    Instant createdAt;
    Instant lastActivityAt;
    int itemCount;
    Instant deletedAt;
    final List<MessageRow> newMessages = new ArrayList<>();
    final Map<String, ToolCallRow> newToolCalls = new LinkedHashMap<>();
    final Set<String> newMessageIds = new HashSet<>();
    final Map<String, Completion> completionsOfStored = new HashMap<>();

    private ConversationState(String userId, String conversationId, boolean unread) {
        this.userId = userId;
        this.conversationId = conversationId;
        this.unread = unread;
    }

    static ConversationState absent(ConversationKey key) {
        return new ConversationState(key.userId(), key.conversationId(), false);
    }

    /** A conversation the batch only appends to, whose row it did not read. */
    static ConversationState unread(ConversationKey key) {
        return new ConversationState(key.userId(), key.conversationId(), true);
    }

    static ConversationState of(ConversationRow row) {
        ConversationState s = new ConversationState(row.userId(), row.conversationId(), false);
        s.exists = true;
        s.title = row.title();
        s.createdAt = row.createdAt();
        s.lastActivityAt = row.lastActivityAt();
        s.itemCount = row.itemCount();
        s.deletedAt = row.deletedAt();
        return s;
    }

    /** Creates the conversation implicitly when this event is its first. */
    void ensureExists(Instant at) {
        if (!exists) {
            exists = true;
            createdAt = at;
            lastActivityAt = at;
            changed = true;
        }
    }

    /** Moves last activity forward to {@code at}, never back. */
    void touch(Instant at) {
        if (lastActivityAt == null || at.isAfter(lastActivityAt)) {
            lastActivityAt = at;
        }
        changed = true;
    }

    long nextSeq() {
        itemCount++;
        changed = true;
        return itemCount;
    }

    ConversationAppend append() {
        return new ConversationAppend(userId, conversationId, createdAt != null ? createdAt : lastActivityAt,
                lastActivityAt, itemCount);
    }

    ConversationRow row() {
        return new ConversationRow(userId, conversationId, title, createdAt, lastActivityAt, itemCount, deletedAt);
    }
}
