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

    public static HikariDataSource create(ApiConfig config, MeterRegistry registry) {
        PostgresDataSources.PoolBuilder pool = PostgresDataSources.pool("chatlog-api", config.databaseLogin());
        if (!config.allowPrivilegedLogin()) {
            pool.checkEachConnection(LoginCheck.GUARD);
        }
        return pool
                .size(config.dbPoolSize())
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
