package dev.chatlog.config;

/**
 * One environment variable a component reads. Each component lists its settings in an enum that
 * implements this interface, so every variable is declared once with its default, its type and a
 * one-line description; {@link Settings} reads them all and reports every problem at once.
 */
public interface Setting {

    /** The declaration behind this setting. */
    Definition definition();

    /** The environment variable, e.g. {@code CHATLOG_DB_URL}. */
    default String variable() {
        return definition().variable();
    }

    /**
     * A setting's declaration.
     *
     * @param variable the environment variable, with the {@code CHATLOG_} prefix
     * @param defaultValue the default as text; null when the setting is required, "" when it has none
     * @param type how the text is checked and turned into a value
     * @param doc what the setting is for, in one line
     */
    record Definition(String variable, String defaultValue, ValueType<?> type, String doc) {
        public Definition {
            if (!variable.startsWith("CHATLOG_")) {
                throw new IllegalArgumentException("variable " + variable + " lacks the CHATLOG_ prefix");
            }
        }
    }
}
