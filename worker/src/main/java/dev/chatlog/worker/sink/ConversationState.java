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
    /** The item count the batch read, which its seqs continue: 0 unless the row was read. */
    final int base;
    boolean exists;
    /** An event of the batch set the title, or {@code deleted_at}. */
    boolean renamed;
    boolean deleted;
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

    private ConversationState(String userId, String conversationId, boolean unread, int base) {
        this.userId = userId;
        this.conversationId = conversationId;
        this.unread = unread;
        this.base = base;
        this.itemCount = base;
    }

    static ConversationState absent(ConversationKey key) {
        return new ConversationState(key.userId(), key.conversationId(), false, 0);
    }

    /** A conversation the batch only appends to, whose row it did not read. */
    static ConversationState unread(ConversationKey key) {
        return new ConversationState(key.userId(), key.conversationId(), true, 0);
    }

    static ConversationState of(ConversationRow row) {
        ConversationState s = new ConversationState(row.userId(), row.conversationId(), false, row.itemCount());
        s.exists = true;
        s.title = row.title();
        s.createdAt = row.createdAt();
        s.lastActivityAt = row.lastActivityAt();
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

    /** The write of a conversation the batch changed; a row it creates starts with its first event's time. */
    ConversationWrite write() {
        return new ConversationWrite(userId, conversationId, title, createdAt != null ? createdAt : lastActivityAt,
                lastActivityAt, base, itemCount - base, deletedAt, renamed, deleted);
    }
}
