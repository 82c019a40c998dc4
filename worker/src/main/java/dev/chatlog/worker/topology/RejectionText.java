package dev.chatlog.worker.topology;

import dev.chatlog.event.ParseResult;
import dev.chatlog.event.Violation;
import java.util.stream.Collectors;

/** The plain sentence a dead letter's message header carries for a rejected record. */
final class RejectionText {

    private static final int MAX_LENGTH = 2000;

    private RejectionText() {
    }

    static String of(ParseResult.Rejected rejected) {
        String text = "The record is not a valid chat event (" + rejected.reason().code() + ")"
                + (rejected.violations().isEmpty() ? "." : ": " + rejected.violations().stream()
                        .map(RejectionText::describe).collect(Collectors.joining("; ")));
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 1) + "…";
    }

    private static String describe(Violation v) {
        return v.pointer() == null || v.pointer().isEmpty() ? v.message() : v.pointer() + ": " + v.message();
    }
}
