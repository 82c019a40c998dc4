package dev.chatlog.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The one way chatlog connects to PostgreSQL: a plain data source for migrations and one-shot
 * commands, and a HikariCP pool for the worker and the API.
 *
 * <p>A pool's role and server settings travel in the connection's start-up packet
 * ({@code options=-c role=... -c name=value}), not as SQL run after connecting. They are then the
 * session's own defaults: no transaction can roll them back, and a login that may not take the
 * role fails to connect, with PostgreSQL's message, instead of silently staying itself.
 */
public final class PostgresDataSources {

    private static final Pattern OPTION_TEXT = Pattern.compile("[A-Za-z0-9_.]+");

    private PostgresDataSources() {
    }

    /** A data source without a pool: each {@code getConnection()} opens a new connection. */
    public static PGSimpleDataSource direct(DatabaseLogin login) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(login.url());
        if (login.user() != null) {
            ds.setUser(login.user());
        }
        if (login.password() != null) {
            ds.setPassword(login.password());
        }
        return ds;
    }

    /** Starts building a pool named {@code name} (the name shows in metrics and logs). */
    public static PoolBuilder pool(String name, DatabaseLogin login) {
        return new PoolBuilder(name, login);
    }

    /** The settings of a pool; {@link #build()} opens it. */
    public static final class PoolBuilder {
        private final String name;
        private final DatabaseLogin login;
        private final Map<String, String> serverSettings = new LinkedHashMap<>();
        private int size = 4;
        private Integer minimumIdle;
        private boolean autoCommit = true;
        private Duration connectionTimeout = Duration.ofSeconds(3);
        private Duration validationTimeout = Duration.ofSeconds(1);
        private boolean startWhileDown;
        private String applicationName;
        private MetricsTrackerFactory metrics;
        private String connectionCheck;

        private PoolBuilder(String name, DatabaseLogin login) {
            this.name = name;
            this.login = login;
        }

        /** The most connections the pool holds. */
        public PoolBuilder size(int maximum) {
            this.size = maximum;
            return this;
        }

        /** Idle connections kept open; the pool size unless set. */
        public PoolBuilder minimumIdle(int idle) {
            this.minimumIdle = idle;
            return this;
        }

        /**
         * The role every connection acts as for its whole life, set at connect time; null keeps the
         * login user.
         */
        public PoolBuilder role(String role) {
            if (role == null) {
                serverSettings.remove("role");
                return this;
            }
            return serverSetting("role", role);
        }

        /** A server setting of every connection, e.g. {@code statement_timeout}, set at connect time. */
        public PoolBuilder serverSetting(String setting, String value) {
            if (!OPTION_TEXT.matcher(setting).matches() || !OPTION_TEXT.matcher(value).matches()) {
                throw new IllegalArgumentException("server setting " + setting + "=" + value
                        + " must be letters, digits, '_' and '.' only");
            }
            serverSettings.put(setting, value);
            return this;
        }

        /** Whether connections commit each statement by themselves; true unless set. */
        public PoolBuilder autoCommit(boolean enabled) {
            this.autoCommit = enabled;
            return this;
        }

        /** The longest wait for a free connection. */
        public PoolBuilder connectionTimeout(Duration timeout) {
            this.connectionTimeout = timeout;
            return this;
        }

        /** The longest wait for a connection's liveness check. */
        public PoolBuilder validationTimeout(Duration timeout) {
            this.validationTimeout = timeout;
            return this;
        }

        /** Opens the pool even while the database is down; connections are made once it is back. */
        public PoolBuilder startWhileDatabaseDown() {
            this.startWhileDown = true;
            return this;
        }

        /** The application name PostgreSQL shows in {@code pg_stat_activity}. */
        public PoolBuilder applicationName(String application) {
            this.applicationName = application;
            return this;
        }

        /**
         * A statement run once on each new connection that fails the connection when it throws, such
         * as a guard against a login that must not be used. It must change nothing: with auto-commit
         * off it runs in the connection's first transaction.
         */
        public PoolBuilder checkEachConnection(String sql) {
            this.connectionCheck = sql;
            return this;
        }

        /** Where the pool reports its metrics. */
        public PoolBuilder metrics(MetricsTrackerFactory factory) {
            this.metrics = factory;
            return this;
        }

        /** Opens the pool: connects at once unless {@link #startWhileDatabaseDown()} was asked for. */
        public HikariDataSource build() {
            return new HikariDataSource(hikariConfig());
        }

        HikariConfig hikariConfig() {
            PGSimpleDataSource ds = direct(login);
            if (applicationName != null) {
                ds.setApplicationName(applicationName);
            }
            if (!serverSettings.isEmpty()) {
                StringBuilder options = new StringBuilder();
                String fromUrl = ds.getOptions();
                if (fromUrl != null && !fromUrl.isBlank()) {
                    options.append(fromUrl.strip());
                }
                serverSettings.forEach((setting, value) -> {
                    if (!options.isEmpty()) {
                        options.append(' ');
                    }
                    options.append("-c ").append(setting).append('=').append(value);
                });
                ds.setOptions(options.toString());
            }
            HikariConfig hikari = new HikariConfig();
            hikari.setPoolName(name);
            hikari.setDataSource(ds);
            hikari.setMaximumPoolSize(size);
            hikari.setMinimumIdle(minimumIdle == null ? size : minimumIdle);
            hikari.setAutoCommit(autoCommit);
            hikari.setConnectionTimeout(connectionTimeout.toMillis());
            hikari.setValidationTimeout(validationTimeout.toMillis());
            if (startWhileDown) {
                hikari.setInitializationFailTimeout(-1);
            }
            if (metrics != null) {
                hikari.setMetricsTrackerFactory(metrics);
            }
            if (connectionCheck != null) {
                hikari.setConnectionInitSql(connectionCheck);
            }
            return hikari;
        }
    }
}
