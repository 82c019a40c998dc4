package dev.chatlog.config;

/**
 * The full-text search setting the worker and the query API share: the worker makes the search
 * documents with the configuration the API parses queries with, so both read the same variable.
 */
public enum SearchSetting implements Setting {
    CONFIG("CHATLOG_SEARCH_CONFIG", "simple", ValueType.identifier(),
            "PostgreSQL text search configuration of full-text search: the worker makes the search documents with it"
            + " and the API parses queries and makes snippets with it, so give both the same; simple matches words"
            + " as written in any language, a language's (e.g. english) also matches other forms of a word;"
            + " changing it needs the messages indexed again");

    private final Definition definition;

    SearchSetting(String variable, String defaultValue, ValueType<?> type, String doc) {
        this.definition = new Definition(variable, defaultValue, type, doc);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
