package dev.chatlog.api;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import dev.chatlog.api.auth.BearerAuthenticator;
import dev.chatlog.api.config.ApiConfig;
import dev.chatlog.api.consistency.AppliedOffsetWatcher;
import dev.chatlog.api.consistency.ConsistencyGate;
import dev.chatlog.api.db.DeploymentSchema;
import dev.chatlog.api.db.ConnectionPool;
import dev.chatlog.api.db.ReaderTransactions;
import dev.chatlog.api.history.HistoryEndpoints;
import dev.chatlog.api.http.Dispatcher;
import dev.chatlog.api.http.Route;
import dev.chatlog.api.http.Router;
import dev.chatlog.api.ops.OpsEndpoints;
import dev.chatlog.api.ops.RequestMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running query API: the JDK's HTTP server, one virtual thread per request, routes for the
 * history and for operations. {@link #start(ApiConfig)} owns its connection pool and closes it.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final int BACKLOG = 1024;
    /** How soon a rebuild's switch of the deployment's schema reaches the readers. */
    private static final Duration SCHEMA_REFRESH = Duration.ofSeconds(1);
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    private final HttpServer http;
    private final ExecutorService executor;
    private final AppliedOffsetWatcher watcher;
    private final Router router;
    private final PrometheusMeterRegistry registry;
    private final HikariDataSource ownedPool;

    private ApiServer(HttpServer http, ExecutorService executor, AppliedOffsetWatcher watcher, Router router,
                      PrometheusMeterRegistry registry, HikariDataSource ownedPool) {
        this.http = http;
        this.executor = executor;
        this.watcher = watcher;
        this.router = router;
        this.registry = registry;
        this.ownedPool = ownedPool;
    }

    /** Starts the API with a HikariCP pool built from {@code config}. */
    public static ApiServer start(ApiConfig config) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HikariDataSource pool = ConnectionPool.create(config, registry);
        try {
            return start(config, pool, pool, registry);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Starts the API on a data source the caller owns. Its user must be a member of the reader role,
     * and its connections should carry what {@link ConnectionPool} sets: a statement timeout and
     * {@code plan_cache_mode=force_generic_plan}.
     */
    public static ApiServer start(ApiConfig config, DataSource dataSource) {
        return start(config, dataSource, null, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    private static ApiServer start(ApiConfig config, DataSource dataSource, HikariDataSource ownedPool,
                                   PrometheusMeterRegistry registry) {
        disableNagle();
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on " + config.bindAddress() + ":" + config.port(), e);
        }
        ReaderTransactions transactions =
                new ReaderTransactions(dataSource, config.readerRole(),
                        new DeploymentSchema(dataSource, config.dbSchema(), SCHEMA_REFRESH));
        AppliedOffsetWatcher watcher = new AppliedOffsetWatcher(transactions, config.topic());
        try {
            List<Route> routes = new ArrayList<>(HistoryEndpoints.routes(transactions, new ConsistencyGate(watcher)));
            routes.addAll(OpsEndpoints.routes(transactions, registry));
            Router router = new Router(routes);
            http.createContext("/", new Dispatcher(router, BearerAuthenticator.fromConfig(config),
                    new RequestMetrics(registry)));
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            http.setExecutor(executor);
            http.start();
            ApiServer server = new ApiServer(http, executor, watcher, router, registry, ownedPool);
            log.info("query API listening on port {} with {}", server.port(), config);
            return server;
        } catch (RuntimeException e) {
            http.stop(0);
            try {
                watcher.close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
    }

    /**
     * The JDK server writes a response's headers and body separately; with Nagle's algorithm the body
     * then waits for the client's delayed ACK, up to 40 ms (p99 157 ms instead of 3.6 ms at 1,000/s).
     * The JDK reads this property once, when the first HttpServer of the JVM is created, so a process
     * that starts another HttpServer first must set it itself (e.g. -Dsun.net.httpserver.nodelay=true).
     */
    private static void disableNagle() {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        } else if (!Boolean.getBoolean(NODELAY)) {
            log.warn("{} is false: responses may wait up to 40 ms for delayed ACKs", NODELAY);
        }
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The route table, for the OpenAPI contract test. */
    List<Route> routes() {
        return router.routes();
    }

    /** Stops accepting requests, lets running ones finish (at most a second), then releases everything. */
    @Override
    public void close() {
        int port = port();
        http.stop(1);
        executor.close();
        try {
            watcher.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownedPool != null) {
            ownedPool.close();
        }
        registry.close();
        log.info("query API on port {} stopped", port);
    }
}
