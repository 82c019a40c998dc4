package dev.chatlog.api.history;

import java.util.regex.Pattern;

/**
 * How the API searches messages: the PostgreSQL text search configuration of the queries, and the
 * markers put around matched words in snippets. With {@code escapeHtml} the snippet's text is
 * HTML-escaped (the markers themselves are not), so a client can insert it into a page as it is.
 *
 * @param configuration a text search configuration name, optionally schema-qualified: the one the
 *                      worker's search indexer made the documents with ({@code CHATLOG_SEARCH_CONFIG})
 */
public record SearchSettings(String configuration, String startMarker, String stopMarker, boolean escapeHtml) {

    /** Letters, digits and underscores, optionally qualified by a schema: a name safe to send as it is. */
    public static final Pattern CONFIGURATION = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

    public static final SearchSettings DEFAULT = new SearchSettings("simple", "<mark>", "</mark>", true);

    public SearchSettings {
        if (!CONFIGURATION.matcher(configuration).matches()) {
            throw new IllegalArgumentException("not a text search configuration name: " + configuration);
        }
    }
}
