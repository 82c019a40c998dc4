package dev.chatlog.api.db;

/**
 * The schema whose tables the API reads, asked on every transaction and bound as a parameter, never
 * written into SQL text: a rebuild can switch readers to freshly built tables without a restart.
 */
@FunctionalInterface
public interface ActiveSchema {

    String name();

    /** A schema that never changes, as configured. */
    static ActiveSchema fixed(String name) {
        return () -> name;
    }
}
