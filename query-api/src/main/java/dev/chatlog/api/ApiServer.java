package dev.chatlog.api;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import dev.chatlog.api.auth.BearerAuthenticator;
import dev.chatlog.api.config.ApiConfig;
import dev.chatlog.api.consistency.AppliedOffsetWatcher;
import dev.chatlog.api.consistency.ConsistencyGate;
import dev.chatlog.api.db.DeploymentSchema;
import dev.chatlog.api.db.LoginCheck;
import dev.chatlog.api.db.SearchConfigurationAtStart;
import dev.chatlog.api.db.ConnectionPool;
import dev.chatlog.api.db.ReaderTransactions;
import dev.chatlog.api.history.FindEndpoints;
import dev.chatlog.api.history.HistoryEndpoints;
import dev.chatlog.api.http.Dispatcher;
import dev.chatlog.api.http.RequestAdmission;
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

    private final HttpServer http;
    private final HttpServer ops;
    private final ExecutorService executor;
    private final AppliedOffsetWatcher watcher;
    private final List<Route> routes;
    private final PrometheusMeterRegistry registry;
    private final List<HikariDataSource> ownedPools;

    private ApiServer(HttpServer http, HttpServer ops, ExecutorService executor, AppliedOffsetWatcher watcher,
                      List<Route> routes, PrometheusMeterRegistry registry, List<HikariDataSource> ownedPools) {
        this.http = http;
        this.ops = ops;
        this.executor = executor;
        this.watcher = watcher;
        this.routes = List.copyOf(routes);
        this.registry = registry;
        this.ownedPools = ownedPools;
    }

    /** Starts the API with a HikariCP pool built from {@code config}. */
    public static ApiServer start(ApiConfig config) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HikariDataSource pool = ConnectionPool.create(config, registry);
        HikariDataSource offsets = null;
        try {
            offsets = ConnectionPool.createForAppliedOffsets(config, registry);
            return start(config, pool, offsets, List.of(pool, offsets), registry);
        } catch (RuntimeException e) {
            pool.close();
            if (offsets != null) {
                offsets.close();
            }
            throw e;
        }
    }

    /**
     * Starts the API on a data source the caller owns. Its user must be a member of the reader role,
     * and its connections should carry what {@link ConnectionPool} sets: a statement timeout and
     * {@code plan_cache_mode=force_generic_plan}. One of its connections listens for the worker's
     * commits for as long as the API runs, and read-your-writes waits read the offsets on another.
     */
    public static ApiServer start(ApiConfig config, DataSource dataSource) {
        return start(config, dataSource, dataSource, List.of(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    private static ApiServer start(ApiConfig config, DataSource dataSource, DataSource offsetsSource,
                                   List<HikariDataSource> ownedPools, PrometheusMeterRegistry registry) {
        LoginCheck.atStart(dataSource, config.databaseLogin().user(), config.allowPrivilegedLogin());
        SearchConfigurationAtStart.check(dataSource, config.search().configuration());
        HttpServerProperties.apply(config.connectionLimits());
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        ReaderTransactions transactions =
                new ReaderTransactions(dataSource, config.readerRole(),
                        new DeploymentSchema(dataSource, config.dbSchema(), SCHEMA_REFRESH));
        List<HttpServer> started = new ArrayList<>();
        AppliedOffsetWatcher watcher = new AppliedOffsetWatcher(transactions, offsetsSource, config.topic());
        try {
            ConsistencyGate gate = new ConsistencyGate(watcher);
            List<Route> history = new ArrayList<>(HistoryEndpoints.routes(transactions, gate));
            history.addAll(FindEndpoints.routes(transactions, config.search(), gate));
            List<Route> operations = OpsEndpoints.healthAndMetrics(transactions, registry);
            List<Route> publicRoutes = new ArrayList<>(history);
            publicRoutes.add(OpsEndpoints.documentRoute());
            if (config.opsPort() == null) {
                publicRoutes.addAll(operations);
            }
            RequestMetrics metrics = new RequestMetrics(registry);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            HttpServer http = listen(config.bindAddress(), config.port(), new RequestAdmission(
                    new Dispatcher(new Router(publicRoutes), BearerAuthenticator.fromConfig(config), metrics),
                    config.maxConcurrentRequests(), metrics), executor);
            started.add(http);
            HttpServer ops = null;
            if (config.opsPort() != null) {
                ops = listen(config.bindAddress(), config.opsPort(), new Dispatcher(new Router(operations),
                        authorization -> {
                            throw new IllegalStateException("no operations route needs a token");
                        }, metrics), executor);
                started.add(ops);
            }
            List<Route> all = new ArrayList<>(publicRoutes);
            if (ops != null) {
                all.addAll(operations);
            }
            ApiServer server = new ApiServer(http, ops, executor, watcher, all, registry, ownedPools);
            log.info("query API listening on port {}{} with {}", server.port(),
                    ops == null ? "" : ", operations on port " + server.opsPort(), config);
            return server;
        } catch (RuntimeException e) {
            started.forEach(h -> h.stop(0));
            try {
                watcher.close();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
    }

    private static HttpServer listen(String address, int port, HttpHandler handler, ExecutorService executor) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(address, port), BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on " + address + ":" + port, e);
        }
        http.createContext("/", handler);
        http.setExecutor(executor);
        http.start();
        return http;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The port of the operations listener, or -1 when health and metrics are served on {@link #port()}. */
    public int opsPort() {
        return ops == null ? -1 : ops.getAddress().getPort();
    }

    /** The route table of both listeners, for the OpenAPI contract test. */
    List<Route> routes() {
        return routes;
    }

    /** Stops accepting requests, lets running ones finish (at most a second), then releases everything. */
    @Override
    public void close() {
        int port = port();
        http.stop(1);
        if (ops != null) {
            ops.stop(0);
        }
        executor.close();
        try {
            watcher.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ownedPools.forEach(HikariDataSource::close);
        registry.close();
        log.info("query API on port {} stopped", port);
    }
}
