package dev.chatlog.api.config;

import dev.chatlog.config.KafkaSetting;
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
            List.of(ApiSetting.values()), List.of(DatabaseSetting.values()), List.of(KafkaSetting.TOPIC));

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
        String key = s.get(ApiSetting.JWT_HS256_SECRET);
        if (key != null && key.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            s.invalid(ApiSetting.JWT_HS256_SECRET, "must be at least " + MIN_SECRET_BYTES + " bytes long");
        }
        return new ApiConfig(s.check());
    }

    public Integer opsPort() {
        return null;
    }

    public dev.chatlog.api.ConnectionLimits connectionLimits() {
        return dev.chatlog.api.ConnectionLimits.DEFAULTS;
    }

    public Duration tokenMaxLifetime() {
        return null;
    }

    public int jwksMaxBytes() {
        return 256 * 1024;
    }

    public Duration jwksFetchTimeout() {
        return Duration.ofSeconds(5);
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
