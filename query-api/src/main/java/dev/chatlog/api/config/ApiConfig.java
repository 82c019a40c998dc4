package dev.chatlog.api.config;

import dev.chatlog.api.ConnectionLimits;
import dev.chatlog.api.history.SearchSettings;
import dev.chatlog.config.KafkaSetting;
import dev.chatlog.config.SearchSetting;
import dev.chatlog.config.Setting;
import dev.chatlog.config.Settings;
import dev.chatlog.db.DatabaseLogin;
import dev.chatlog.db.DatabaseSetting;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The query API's configuration, read once from the environment by {@link #fromEnv(Map)}, which
 * reports every invalid or missing value in one {@link dev.chatlog.config.ConfigException}.
 * {@link #toString()} masks secrets and passwords inside URLs. Optional values are null when unset.
 */
public final class ApiConfig {

    /** HS256 needs a key of at least 256 bits (RFC 7518, section 3.2). */
    static final int MIN_SECRET_BYTES = 32;

    /** Every setting of the API, in the order of the README and {@code --help}. */
    static final List<Setting> SETTINGS = Settings.of(
            List.of(ApiSetting.values()), List.of(DatabaseSetting.values()), List.of(KafkaSetting.TOPIC),
            List.of(SearchSetting.CONFIG));

    private final Settings settings;

    private ApiConfig(Settings settings) {
        this.settings = settings;
    }

    /** Reads the configuration from {@code env}, reporting every problem at once. */
    public static ApiConfig fromEnv(Map<String, String> env) {
        Settings s = Settings.read("the query API", env, SETTINGS);
        boolean jwks = s.isGiven(ApiSetting.JWT_JWKS_URL);
        boolean secret = s.isGiven(ApiSetting.JWT_HS256_SECRET);
        if (jwks == secret) {
            s.problem("Exactly one of " + ApiSetting.JWT_JWKS_URL.variable() + " and "
                    + ApiSetting.JWT_HS256_SECRET.variable() + " must be set"
                    + (jwks ? ", not both" : ": how to verify bearer tokens"));
        }
        if (jwks && !s.isGiven(ApiSetting.JWT_ISSUER) || jwks && !s.isGiven(ApiSetting.JWT_AUDIENCE)) {
            Boolean allowed = s.get(ApiSetting.JWT_ALLOW_MISSING_ISSUER_AUDIENCE);
            if (allowed == null || !allowed) {
                s.problem("With " + ApiSetting.JWT_JWKS_URL.variable() + ", set " + ApiSetting.JWT_ISSUER.variable()
                        + " and " + ApiSetting.JWT_AUDIENCE.variable() + " (the iss and aud of the issuer's tokens),"
                        + " or " + ApiSetting.JWT_ALLOW_MISSING_ISSUER_AUDIENCE.variable() + "=true to accept"
                        + " tokens of any issuer or audience the keys signed");
            }
        }
        Integer opsPort = s.get(ApiSetting.OPS_PORT);
        Integer port = s.get(ApiSetting.PORT);
        if (opsPort != null && opsPort != 0 && opsPort.equals(port)) {
            s.invalid(ApiSetting.OPS_PORT, "must differ from " + ApiSetting.PORT.variable());
        }
        String key = s.get(ApiSetting.JWT_HS256_SECRET);
        if (key != null && key.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            s.invalid(ApiSetting.JWT_HS256_SECRET, "must be at least " + MIN_SECRET_BYTES + " bytes long");
        }
        return new ApiConfig(s.check());
    }

    /** The port of the operations listener, or null when health and metrics are served on the API port. */
    public Integer opsPort() {
        return settings.get(ApiSetting.OPS_PORT);
    }

    /** What one client connection may hold of the server. */
    public ConnectionLimits connectionLimits() {
        return new ConnectionLimits(settings.get(ApiSetting.REQUEST_TIMEOUT_SECONDS),
                settings.get(ApiSetting.RESPONSE_TIMEOUT_SECONDS), settings.<Integer>get(ApiSetting.MAX_CONNECTIONS),
                settings.get(ApiSetting.IDLE_TIMEOUT_SECONDS));
    }

    /** How many requests a listener works on at once; more are answered with 503 overloaded. */
    public int maxConcurrentRequests() {
        return settings.get(ApiSetting.MAX_CONCURRENT_REQUESTS);
    }

    /** The longest accepted exp - iat, or null when not checked. */
    public Duration tokenMaxLifetime() {
        return settings.get(ApiSetting.JWT_MAX_LIFETIME_SECONDS);
    }

    /** Whether a JWKS URL without issuer or audience was explicitly allowed. */
    public boolean allowsMissingIssuerOrAudience() {
        return settings.<Boolean>get(ApiSetting.JWT_ALLOW_MISSING_ISSUER_AUDIENCE);
    }

    public int jwksMaxBytes() {
        return settings.<Integer>get(ApiSetting.JWT_JWKS_MAX_BYTES);
    }

    public Duration jwksFetchTimeout() {
        return settings.get(ApiSetting.JWT_JWKS_FETCH_TIMEOUT_MS);
    }

    /** Every environment variable read, with a one-line description that names its default. */
    public static Map<String, String> documentation() {
        return Settings.documentation(SETTINGS);
    }

    public int port() {
        return settings.get(ApiSetting.PORT);
    }

    public String bindAddress() {
        return settings.get(ApiSetting.BIND);
    }

    /** Where the database is and who logs in. */
    public DatabaseLogin databaseLogin() {
        return DatabaseLogin.from(settings);
    }

    public String dbSchema() {
        return settings.get(DatabaseSetting.SCHEMA);
    }

    public int dbPoolSize() {
        return settings.get(ApiSetting.DB_POOL_SIZE);
    }

    public Duration statementTimeout() {
        return settings.get(ApiSetting.DB_STATEMENT_TIMEOUT_MS);
    }

    public Duration connectionTimeout() {
        return settings.get(ApiSetting.DB_CONNECTION_TIMEOUT_MS);
    }

    public String readerRole() {
        return settings.get(ApiSetting.DB_READER_ROLE);
    }

    /** Whether the API may log in as a role that row-level security does not bind. */
    public boolean allowPrivilegedLogin() {
        return settings.get(ApiSetting.ALLOW_PRIVILEGED_LOGIN);
    }

    /** How /v1/search parses queries and marks snippets. */
    public SearchSettings search() {
        return new SearchSettings(settings.get(SearchSetting.CONFIG), settings.get(ApiSetting.SEARCH_HIGHLIGHT_START),
                settings.get(ApiSetting.SEARCH_HIGHLIGHT_STOP), settings.<Boolean>get(ApiSetting.SEARCH_ESCAPE_HTML));
    }

    public String topic() {
        return settings.get(KafkaSetting.TOPIC);
    }

    public URI jwksUrl() {
        return settings.get(ApiSetting.JWT_JWKS_URL);
    }

    public String hs256Secret() {
        return settings.get(ApiSetting.JWT_HS256_SECRET);
    }

    public String issuer() {
        return settings.get(ApiSetting.JWT_ISSUER);
    }

    public String audience() {
        return settings.get(ApiSetting.JWT_AUDIENCE);
    }

    public Duration clockSkew() {
        return settings.get(ApiSetting.JWT_CLOCK_SKEW_SECONDS);
    }

    public Duration jwksRefetchInterval() {
        return settings.get(ApiSetting.JWT_JWKS_REFETCH_SECONDS);
    }

    @Override
    public String toString() {
        return "ApiConfig[" + settings.describe() + "]";
    }
}
