package dev.chatlog.api.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.chatlog.api.config.ApiConfig;
import io.micrometer.core.instrument.MeterRegistry;

/** Builds the API's HikariCP pool: fixed size, a statement timeout on every connection, metrics. */
public final class ConnectionPool {

    private ConnectionPool() {
    }

    public static HikariDataSource create(ApiConfig config, MeterRegistry registry) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("chatlog-api");
        hikari.setJdbcUrl(config.dbUrl());
        hikari.setUsername(config.dbUser());
        hikari.setPassword(config.dbPassword());
        hikari.setMaximumPoolSize(config.dbPoolSize());
        hikari.setMinimumIdle(config.dbPoolSize());
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        // start even while the database is down: /health/ready says so, and requests answer 503
        hikari.setInitializationFailTimeout(-1);
        // Generic plans: every query is a keyed lookup whose partition is pruned at executor start-up;
        // PostgreSQL's own choice re-plans each execution, because a generic plan's cost counts all partitions.
        hikari.addDataSourceProperty("options", "-c statement_timeout=" + config.statementTimeout().toMillis()
                + " -c plan_cache_mode=force_generic_plan");
        hikari.addDataSourceProperty("ApplicationName", "chatlog-query-api");
        hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        return new HikariDataSource(hikari);
    }
}
