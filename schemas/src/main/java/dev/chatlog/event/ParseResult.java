package dev.chatlog.event;

import java.util.List;

/** What {@link EventParser} made of one record: the event, or why it was rejected. */
public sealed interface ParseResult {

    /** The record is a valid event. */
    record Parsed(ChatEvent event) implements ParseResult {
    }

    /**
     * The record is not a valid event: the reason, every violation found, and the event's
     * {@code event_id} when it could be read (null otherwise).
     */
    record Rejected(RejectReason reason, List<Violation> violations, String eventId) implements ParseResult {

        public Rejected {
            violations = List.copyOf(violations);
        }
    }
}
