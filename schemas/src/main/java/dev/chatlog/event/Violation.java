package dev.chatlog.event;

/**
 * One thing wrong with an event: where, as a JSON pointer ({@code "/data/content"}, {@code ""}
 * for the whole value), and what, as a plain sentence.
 */
public record Violation(String pointer, String message) {

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "(value)" : pointer) + ": " + message;
    }
}
