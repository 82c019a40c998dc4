package dev.chatlog.api.db;

import dev.chatlog.migrations.ControlSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema a deployment reads now, as {@code chatlog_control.deployments} names it, looked up at
 * most once per {@code refresh}: a rebuild's switch reaches the API within that time, without a
 * restart and without a pause of reads. When the lookup fails the last known schema stays.
 */
public final class DeploymentSchema implements ActiveSchema {

    private static final Logger log = LoggerFactory.getLogger(DeploymentSchema.class);

    private record Known(String schema, long fetchedAtNanos) {
    }

    private final DataSource dataSource;
    private final String deployment;
    private final long refreshNanos;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Known known;

    public DeploymentSchema(DataSource dataSource, String deployment, Duration refresh) {
        this.dataSource = dataSource;
        this.deployment = deployment;
        this.refreshNanos = refresh.toNanos();
        this.known = new Known(deployment, System.nanoTime() - refreshNanos - 1);
    }

    @Override
    public String name() {
        Known current = known;
        if (System.nanoTime() - current.fetchedAtNanos() <= refreshNanos) {
            return current.schema();
        }
        // One request looks the schema up; the others go on with the one known, which is at most a
        // lookup older. No monitor: on JDK 21 a virtual thread blocking inside one pins its carrier.
        if (!refreshing.tryLock()) {
            return current.schema();
        }
        try {
            current = known;
            if (System.nanoTime() - current.fetchedAtNanos() > refreshNanos) {
                current = new Known(lookUp(current.schema()), System.nanoTime());
                known = current;
            }
        } finally {
            refreshing.unlock();
        }
        return current.schema();
    }

    private String lookUp(String fallback) {
        try (Connection c = dataSource.getConnection()) {
            String schema = ControlSchema.activeSchema(c, deployment);
            if (!c.getAutoCommit()) {
                c.commit();
            }
            if (!schema.equals(fallback)) {
                log.info("deployment {} now reads schema {}", deployment, schema);
            }
            return schema;
        } catch (SQLException e) {
            log.warn("could not look up the schema of deployment {}; reading {} meanwhile: {}",
                    deployment, fallback, e.getMessage());
            return fallback;
        }
    }
}
