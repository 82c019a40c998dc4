package dev.chatlog.api.config;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The query API's configuration, read once from the environment by {@link #fromEnv(Map)}. Every
 * invalid or missing value is reported in one exception; {@link #toString()} masks secrets.
 */
public record ApiConfig(
        int port,
        String bindAddress,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String dbSchema,
        int dbPoolSize,
        Duration statementTimeout,
        Duration connectionTimeout,
        String readerRole,
        String topic,
        URI jwksUrl,
        String hs256Secret,
        String issuer,
        String audience,
        Duration clockSkew,
        Duration jwksRefetchInterval) {

    static final int DEFAULT_PORT = 8080;
    static final String DEFAULT_BIND = "0.0.0.0";
    static final String DEFAULT_SCHEMA = "chatlog";
    static final int DEFAULT_POOL_SIZE = 8;
    static final int DEFAULT_STATEMENT_TIMEOUT_MS = 2000;
    static final int DEFAULT_CONNECTION_TIMEOUT_MS = 3000;
    static final String DEFAULT_READER_ROLE = "chatlog_reader";
    static final String DEFAULT_TOPIC = "chat.events";
    static final int DEFAULT_CLOCK_SKEW_SECONDS = 30;
    static final int DEFAULT_JWKS_REFETCH_SECONDS = 30;
    /** HS256 needs a key of at least 256 bits (RFC 7518, section 3.2). */
    static final int MIN_SECRET_BYTES = 32;

    private static final Map<String, String> DOCUMENTATION = documentationTable();

    /** Reads the configuration from {@code env}; throws IllegalArgumentException listing every problem. */
    public static ApiConfig fromEnv(Map<String, String> env) {
        EnvReader in = new EnvReader(env);
        int port = in.integer("CHATLOG_API_PORT", DEFAULT_PORT, 0, 65535);
        String bind = in.string("CHATLOG_API_BIND", DEFAULT_BIND);
        String dbUrl = in.required("CHATLOG_DB_URL", "the JDBC URL of PostgreSQL, e.g. jdbc:postgresql://localhost:5432/chatlog");
        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:")) {
            in.invalid("CHATLOG_DB_URL", dbUrl, "must be a PostgreSQL JDBC URL starting with jdbc:postgresql:");
        }
        String dbUser = in.optional("CHATLOG_DB_USER");
        String dbPassword = in.optional("CHATLOG_DB_PASSWORD");
        String schema = in.identifier("CHATLOG_DB_SCHEMA", DEFAULT_SCHEMA);
        int poolSize = in.integer("CHATLOG_DB_POOL_SIZE", DEFAULT_POOL_SIZE, 1, 64);
        int statementMs = in.integer("CHATLOG_DB_STATEMENT_TIMEOUT_MS", DEFAULT_STATEMENT_TIMEOUT_MS, 1, 600_000);
        int connectionMs = in.integer("CHATLOG_DB_CONNECTION_TIMEOUT_MS", DEFAULT_CONNECTION_TIMEOUT_MS, 250, 600_000);
        String readerRole = in.identifier("CHATLOG_DB_READER_ROLE", DEFAULT_READER_ROLE);
        String topic = in.string("CHATLOG_TOPIC", DEFAULT_TOPIC);
        URI jwksUrl = in.httpUrl("CHATLOG_JWT_JWKS_URL");
        String secret = in.optional("CHATLOG_JWT_HS256_SECRET");
        boolean jwksGiven = in.optional("CHATLOG_JWT_JWKS_URL") != null;
        if (jwksGiven == (secret != null)) {
            in.problem("Exactly one of CHATLOG_JWT_JWKS_URL and CHATLOG_JWT_HS256_SECRET must be set"
                    + (jwksGiven ? ", not both" : ": how to verify bearer tokens"));
        }
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            in.invalid("CHATLOG_JWT_HS256_SECRET", "[hidden]", "must be at least " + MIN_SECRET_BYTES + " bytes long");
        }
        String issuer = in.optional("CHATLOG_JWT_ISSUER");
        String audience = in.optional("CHATLOG_JWT_AUDIENCE");
        int skew = in.integer("CHATLOG_JWT_CLOCK_SKEW_SECONDS", DEFAULT_CLOCK_SKEW_SECONDS, 0, 600);
        int refetch = in.integer("CHATLOG_JWT_JWKS_REFETCH_SECONDS", DEFAULT_JWKS_REFETCH_SECONDS, 0, 3600);
        if (!in.problems().isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", in.problems()));
        }
        return new ApiConfig(port, bind, dbUrl, dbUser, dbPassword, schema, poolSize, Duration.ofMillis(statementMs),
                Duration.ofMillis(connectionMs), readerRole, topic, jwksUrl, secret, issuer, audience,
                Duration.ofSeconds(skew), Duration.ofSeconds(refetch));
    }

    /** Every environment variable read, with a one-line description that names its default. */
    public static Map<String, String> documentation() {
        return DOCUMENTATION;
    }

    @Override
    public String toString() {
        return "ApiConfig[port=" + port + ", bindAddress=" + bindAddress + ", dbUrl=" + dbUrl + ", dbUser=" + dbUser
                + ", dbPassword=" + mask(dbPassword) + ", dbSchema=" + dbSchema + ", dbPoolSize=" + dbPoolSize
                + ", statementTimeout=" + statementTimeout + ", connectionTimeout=" + connectionTimeout
                + ", readerRole=" + readerRole + ", topic=" + topic + ", jwksUrl=" + jwksUrl
                + ", hs256Secret=" + mask(hs256Secret) + ", issuer=" + issuer + ", audience=" + audience
                + ", clockSkew=" + clockSkew + ", jwksRefetchInterval=" + jwksRefetchInterval + "]";
    }

    private static String mask(String secret) {
        return secret == null ? "null" : "[hidden]";
    }

    private static Map<String, String> documentationTable() {
        Map<String, String> doc = new LinkedHashMap<>();
        doc.put("CHATLOG_API_PORT", "TCP port of the HTTP API, 0 picks a free one (default " + DEFAULT_PORT + ")");
        doc.put("CHATLOG_API_BIND", "address the HTTP API listens on (default " + DEFAULT_BIND + ")");
        doc.put("CHATLOG_DB_URL", "JDBC URL of PostgreSQL (required)");
        doc.put("CHATLOG_DB_USER", "database login user, a member of the reader role (default: the driver's)");
        doc.put("CHATLOG_DB_PASSWORD", "password of the database login user (secret; default none)");
        doc.put("CHATLOG_DB_SCHEMA", "schema holding the chatlog tables (default " + DEFAULT_SCHEMA + ")");
        doc.put("CHATLOG_DB_POOL_SIZE", "database connections of the API, 1..64 (default " + DEFAULT_POOL_SIZE + ")");
        doc.put("CHATLOG_DB_STATEMENT_TIMEOUT_MS",
                "statement timeout of every query in milliseconds (default " + DEFAULT_STATEMENT_TIMEOUT_MS + ")");
        doc.put("CHATLOG_DB_CONNECTION_TIMEOUT_MS",
                "longest wait for a free pooled connection in milliseconds, 250 or more (default "
                        + DEFAULT_CONNECTION_TIMEOUT_MS + ")");
        doc.put("CHATLOG_DB_READER_ROLE", "role every query runs as, under row-level security (default "
                + DEFAULT_READER_ROLE + ")");
        doc.put("CHATLOG_TOPIC", "topic whose applied offsets consistency tokens refer to (default " + DEFAULT_TOPIC + ")");
        doc.put("CHATLOG_JWT_JWKS_URL", "JWKS URL of the token issuer, e.g. https://auth.example.com/api/auth/jwks"
                + " (this or CHATLOG_JWT_HS256_SECRET)");
        doc.put("CHATLOG_JWT_HS256_SECRET", "shared HS256 secret of at least " + MIN_SECRET_BYTES
                + " bytes (secret; this or CHATLOG_JWT_JWKS_URL)");
        doc.put("CHATLOG_JWT_ISSUER", "required iss claim (default: not checked)");
        doc.put("CHATLOG_JWT_AUDIENCE", "required aud claim (default: not checked)");
        doc.put("CHATLOG_JWT_CLOCK_SKEW_SECONDS", "tolerance for exp and nbf in seconds, 0..600 (default "
                + DEFAULT_CLOCK_SKEW_SECONDS + ")");
        doc.put("CHATLOG_JWT_JWKS_REFETCH_SECONDS", "least interval between JWKS fetches caused by an unknown kid,"
                + " 0..3600 (default " + DEFAULT_JWKS_REFETCH_SECONDS + ")");
        return Collections.unmodifiableMap(doc);
    }
}
