package dev.chatlog.api.db;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.chatlog.api.config.ApiConfig;
import dev.chatlog.db.PostgresDataSources;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Builds the API's HikariCP pool: fixed size, the reader role and a statement timeout set as each
 * connection opens (so no rollback undoes them, and a connection never acts as its login user),
 * metrics.
 */
public final class ConnectionPool {

    private ConnectionPool() {
    }

    /** The pool the requests share: {@code CHATLOG_DB_POOL_SIZE} connections. */
    public static HikariDataSource create(ApiConfig config, MeterRegistry registry) {
        return create(config, registry, "chatlog-api", config.dbPoolSize());
    }

    /**
     * The two connections of read-your-writes, apart from the requests' pool, so that requests
     * holding every pooled connection cannot stall the waits: one listens for the worker's commits,
     * the other reads the applied offsets.
     */
    public static HikariDataSource createForAppliedOffsets(ApiConfig config, MeterRegistry registry) {
        return create(config, registry, "chatlog-api-offsets", 2);
    }

    private static HikariDataSource create(ApiConfig config, MeterRegistry registry, String name, int size) {
        PostgresDataSources.PoolBuilder pool = PostgresDataSources.pool(name, config.databaseLogin());
        if (!config.allowPrivilegedLogin()) {
            pool.checkEachConnection(LoginCheck.GUARD);
        }
        return pool
                .size(size)
                .connectionTimeout(config.connectionTimeout())
                .role(config.readerRole())
                .serverSetting("statement_timeout", Long.toString(config.statementTimeout().toMillis()))
                // Generic plans: every query is a keyed lookup whose partition is pruned at executor start-up;
                // PostgreSQL's own choice re-plans each execution, because a generic plan's cost counts all partitions.
                .serverSetting("plan_cache_mode", "force_generic_plan")
                .applicationName("chatlog-query-api")
                // start even while the database is down: /health/ready says so, and requests answer 503
                .startWhileDatabaseDown()
                .metrics(new MicrometerMetricsTrackerFactory(registry))
                .build();
    }
}
