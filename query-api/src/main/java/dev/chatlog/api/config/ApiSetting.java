package dev.chatlog.api.config;

import dev.chatlog.config.Setting;
import dev.chatlog.config.ValueType;

/**
 * Every environment variable only the query API reads, with its default, its type and a one-line
 * description; the database and topic settings it shares with the other components are
 * {@link dev.chatlog.db.DatabaseSetting}, {@link dev.chatlog.config.KafkaSetting} and
 * {@link dev.chatlog.config.SearchSetting}. A new setting
 * is one constant here and one accessor in {@link ApiConfig}.
 */
enum ApiSetting implements Setting {
    PORT("CHATLOG_API_PORT", "8080", ValueType.port(), "TCP port of the HTTP API; 0 picks a free one"),
    BIND("CHATLOG_API_BIND", "0.0.0.0", ValueType.text(), "address the HTTP API listens on"),
    OPS_PORT("CHATLOG_API_OPS_PORT", "", ValueType.port(), "TCP port of a second listener, on the same address,"
            + " serving /health/live, /health/ready and /metrics, which then leave the API port; 0 picks a free one;"
            + " none: served on the API port"),
    REQUEST_TIMEOUT_SECONDS("CHATLOG_API_REQUEST_TIMEOUT_SECONDS", "10", ValueType.seconds(1, 300),
            "longest time from a request's first byte to its last, and for a new connection to send its first byte;"
            + " a slower connection is closed"),
    RESPONSE_TIMEOUT_SECONDS("CHATLOG_API_RESPONSE_TIMEOUT_SECONDS", "60", ValueType.seconds(15, 3600),
            "longest time from having read a request to having written its response in full, the wait for"
            + " consistent_with (up to 10 s) and the queries included; a client that does not read its response"
            + " within it is cut off"),
    MAX_CONNECTIONS("CHATLOG_API_MAX_CONNECTIONS", "10000", ValueType.integer(1, 1_000_000),
            "open client connections at once, busy and idle kept-alive ones, per listener; more are closed as they"
            + " arrive; idle kept-alive connections are kept up to this bound (needs as many file descriptors)"),
    IDLE_TIMEOUT_SECONDS("CHATLOG_API_IDLE_TIMEOUT_SECONDS", "30", ValueType.seconds(1, 3600),
            "how long a kept-alive connection may wait for its next request"),
    MAX_CONCURRENT_REQUESTS("CHATLOG_API_MAX_CONCURRENT_REQUESTS", "512", ValueType.integer(1, 100_000),
            "requests worked on at once, read-your-writes waits included, per listener; more are answered at once with"
            + " 503 overloaded and Retry-After: 1 (health checks and /metrics are always answered); each takes 60-90 KB of heap"),
    DB_POOL_SIZE("CHATLOG_DB_POOL_SIZE", "8", ValueType.integer(1, 64), "database connections of the API"),
    DB_STATEMENT_TIMEOUT_MS("CHATLOG_DB_STATEMENT_TIMEOUT_MS", "2000", ValueType.millis(1, 600_000),
            "statement timeout of every query, in ms"),
    DB_CONNECTION_TIMEOUT_MS("CHATLOG_DB_CONNECTION_TIMEOUT_MS", "3000", ValueType.millis(250, 600_000),
            "longest wait for a free pooled connection, in ms"),
    DB_READER_ROLE("CHATLOG_DB_READER_ROLE", "chatlog_reader", ValueType.identifier(),
            "role every query runs as, under row-level security"),
    ALLOW_PRIVILEGED_LOGIN("CHATLOG_API_ALLOW_PRIVILEGED_LOGIN", "false", ValueType.bool(),
            "run even when the database login is a superuser or has BYPASSRLS, which row-level security does not bind"),
    JWT_JWKS_URL("CHATLOG_JWT_JWKS_URL", "", ValueType.httpUrl(),
            "JWKS URL of the token issuer, e.g. https://auth.example.com/api/auth/jwks (this or CHATLOG_JWT_HS256_SECRET)"),
    JWT_HS256_SECRET("CHATLOG_JWT_HS256_SECRET", "", ValueType.secret(),
            "shared HS256 secret of at least " + ApiConfig.MIN_SECRET_BYTES
                    + " bytes (secret: never logged; this or CHATLOG_JWT_JWKS_URL)"),
    JWT_ISSUER("CHATLOG_JWT_ISSUER", "", ValueType.text(), "required iss claim; none: not checked"),
    JWT_AUDIENCE("CHATLOG_JWT_AUDIENCE", "", ValueType.text(), "required aud claim; none: not checked"),
    JWT_CLOCK_SKEW_SECONDS("CHATLOG_JWT_CLOCK_SKEW_SECONDS", "30", ValueType.seconds(0, 600),
            "tolerance for exp and nbf, in seconds"),
    JWT_ALLOW_MISSING_ISSUER_AUDIENCE("CHATLOG_JWT_ALLOW_MISSING_ISSUER_AUDIENCE", "false", ValueType.bool(),
            "true lets the API start with a JWKS URL but without CHATLOG_JWT_ISSUER or CHATLOG_JWT_AUDIENCE,"
            + " with a warning: then any token the issuer's keys signed, for any audience, is accepted"),
    JWT_MAX_LIFETIME_SECONDS("CHATLOG_JWT_MAX_LIFETIME_SECONDS", "", ValueType.seconds(1, 31_536_000),
            "longest accepted token lifetime, exp - iat, in seconds; a token without iat is then refused;"
            + " none: not checked"),
    JWT_JWKS_REFETCH_SECONDS("CHATLOG_JWT_JWKS_REFETCH_SECONDS", "30", ValueType.seconds(1, 3600),
            "least interval between JWKS fetches caused by an unknown kid, in seconds (1 at least)"),
    JWT_JWKS_MAX_BYTES("CHATLOG_JWT_JWKS_MAX_BYTES", "262144", ValueType.integer(1024, 16 * 1024 * 1024),
            "largest JWKS document accepted, in bytes"),
    JWT_JWKS_FETCH_TIMEOUT_MS("CHATLOG_JWT_JWKS_FETCH_TIMEOUT_MS", "5000", ValueType.millis(100, 60_000),
            "longest time one JWKS fetch may take, from connecting to the last byte, in ms"),
    SEARCH_HIGHLIGHT_START("CHATLOG_SEARCH_HIGHLIGHT_START", "<mark>", ValueType.text(),
            "text put before each matched word of a search snippet"),
    SEARCH_HIGHLIGHT_STOP("CHATLOG_SEARCH_HIGHLIGHT_STOP", "</mark>", ValueType.text(),
            "text put after each matched word of a search snippet"),
    SEARCH_ESCAPE_HTML("CHATLOG_SEARCH_ESCAPE_HTML", "true", ValueType.bool(),
            "HTML-escape the text of search snippets (not the highlight markers), so a page can show them as they are");

    private final Definition definition;

    ApiSetting(String variable, String defaultValue, ValueType<?> type, String doc) {
        this.definition = new Definition(variable, defaultValue, type, doc);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
