package dev.chatlog.publish;

import dev.chatlog.event.ParseResult;
import dev.chatlog.event.RejectReason;
import dev.chatlog.event.Violation;
import java.util.List;
import java.util.stream.Collectors;

/** An event the publisher refused to send because it breaks the event contract; nothing was sent. */
public final class InvalidEventException extends RuntimeException {

    private static final int LISTED_MAX = 10;

    private final RejectReason reason;
    private final List<Violation> violations;
    private final String eventId;

    InvalidEventException(ParseResult.Rejected rejected) {
        super(message(rejected));
        this.reason = rejected.reason();
        this.violations = rejected.violations();
        this.eventId = rejected.eventId();
    }

    public RejectReason reason() {
        return reason;
    }

    /** Every violation found, each with its JSON pointer. */
    public List<Violation> violations() {
        return violations;
    }

    /** The event's id, or null when it could not be read. */
    public String eventId() {
        return eventId;
    }

    private static String message(ParseResult.Rejected rejected) {
        List<Violation> all = rejected.violations();
        String listed = all.stream().limit(LISTED_MAX).map(Violation::toString).collect(Collectors.joining("; "));
        String more = all.size() > LISTED_MAX ? "; and " + (all.size() - LISTED_MAX) + " more" : "";
        String which = rejected.eventId() == null ? "event" : "event " + rejected.eventId();
        return which + " is invalid (" + rejected.reason().code() + "): " + listed + more;
    }
}
