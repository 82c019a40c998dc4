package dev.chatlog.api.config;

import dev.chatlog.config.Setting;
import dev.chatlog.config.ValueType;

/**
 * Every environment variable only the query API reads, with its default, its type and a one-line
 * description; the database and topic settings it shares with the other components are
 * {@link dev.chatlog.db.DatabaseSetting} and {@link dev.chatlog.config.KafkaSetting}. A new setting
 * is one constant here and one accessor in {@link ApiConfig}.
 */
enum ApiSetting implements Setting {
    PORT("CHATLOG_API_PORT", "8080", ValueType.port(), "TCP port of the HTTP API; 0 picks a free one"),
    BIND("CHATLOG_API_BIND", "0.0.0.0", ValueType.text(), "address the HTTP API listens on"),
    DB_POOL_SIZE("CHATLOG_DB_POOL_SIZE", "8", ValueType.integer(1, 64), "database connections of the API"),
    DB_STATEMENT_TIMEOUT_MS("CHATLOG_DB_STATEMENT_TIMEOUT_MS", "2000", ValueType.millis(1, 600_000),
            "statement timeout of every query, in ms"),
    DB_CONNECTION_TIMEOUT_MS("CHATLOG_DB_CONNECTION_TIMEOUT_MS", "3000", ValueType.millis(250, 600_000),
            "longest wait for a free pooled connection, in ms"),
    DB_READER_ROLE("CHATLOG_DB_READER_ROLE", "chatlog_reader", ValueType.identifier(),
            "role every query runs as, under row-level security"),
    JWT_JWKS_URL("CHATLOG_JWT_JWKS_URL", "", ValueType.httpUrl(),
            "JWKS URL of the token issuer, e.g. https://auth.example.com/api/auth/jwks (this or CHATLOG_JWT_HS256_SECRET)"),
    JWT_HS256_SECRET("CHATLOG_JWT_HS256_SECRET", "", ValueType.secret(),
            "shared HS256 secret of at least " + ApiConfig.MIN_SECRET_BYTES
                    + " bytes (secret: never logged; this or CHATLOG_JWT_JWKS_URL)"),
    JWT_ISSUER("CHATLOG_JWT_ISSUER", "", ValueType.text(), "required iss claim; none: not checked"),
    JWT_AUDIENCE("CHATLOG_JWT_AUDIENCE", "", ValueType.text(), "required aud claim; none: not checked"),
    JWT_CLOCK_SKEW_SECONDS("CHATLOG_JWT_CLOCK_SKEW_SECONDS", "30", ValueType.seconds(0, 600),
            "tolerance for exp and nbf, in seconds"),
    JWT_JWKS_REFETCH_SECONDS("CHATLOG_JWT_JWKS_REFETCH_SECONDS", "30", ValueType.seconds(0, 3600),
            "least interval between JWKS fetches caused by an unknown kid, in seconds");

    private final Definition definition;

    ApiSetting(String variable, String defaultValue, ValueType<?> type, String doc) {
        this.definition = new Definition(variable, defaultValue, type, doc);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
