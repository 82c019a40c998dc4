package dev.chatlog.api.ops;

import dev.chatlog.api.db.ReaderTransactions;
import dev.chatlog.api.http.ApiException;
import dev.chatlog.api.http.Json;
import dev.chatlog.api.http.Request;
import dev.chatlog.api.http.Response;
import dev.chatlog.api.http.Route;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The unauthenticated operations routes: liveness, readiness, Prometheus metrics and the OpenAPI document. */
public final class OpsEndpoints {

    static final String OPENAPI_RESOURCE = "/dev/chatlog/api/openapi.json";
    private static final Logger log = LoggerFactory.getLogger(OpsEndpoints.class);
    private static final ReaderTransactions.Query READY = ReaderTransactions.prepare(
            "SELECT count(*) FROM conversations WHERE false");
    private static final byte[] UP = Json.write(out -> {
        out.writeStartObject();
        out.writeStringField("status", "up");
        out.writeEndObject();
    });

    /** How long /health/ready keeps its answer. */
    static final Duration READY_CACHE = Duration.ofSeconds(1);

    private final ReaderTransactions transactions;
    private final PrometheusMeterRegistry registry;
    private final Readiness readiness;
    private volatile boolean ready = true;

    private OpsEndpoints(ReaderTransactions transactions, PrometheusMeterRegistry registry) {
        this.transactions = transactions;
        this.registry = registry;
        this.readiness = new Readiness(this::checkReady, READY_CACHE, System::nanoTime);
    }

    /** Every operations route: health, metrics and the OpenAPI document. */
    public static List<Route> routes(ReaderTransactions transactions, PrometheusMeterRegistry registry) {
        List<Route> routes = new ArrayList<>(healthAndMetrics(transactions, registry));
        routes.add(documentRoute());
        return routes;
    }

    /** Health and metrics, which tell about the pool and the process: what an operations port serves. */
    public static List<Route> healthAndMetrics(ReaderTransactions transactions, PrometheusMeterRegistry registry) {
        OpsEndpoints ops = new OpsEndpoints(transactions, registry);
        return List.of(
                Route.get("/health/live", List.of(), false, request -> Response.json(UP)),
                Route.get("/health/ready", List.of(), false, ops::ready),
                Route.get("/metrics", List.of(), false, ops::metrics));
    }

    /** The OpenAPI document, which the public listener always serves. */
    public static Route documentRoute() {
        byte[] openApi = openApiDocument();
        return Route.get("/openapi.json", List.of(), false, request -> Response.json(openApi));
    }

    /** The OpenAPI 3.1 document served at /openapi.json. */
    public static byte[] openApiDocument() {
        try (InputStream in = OpsEndpoints.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + OPENAPI_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + OPENAPI_RESOURCE, e);
        }
    }

    private Response ready(Request request) {
        if (!readiness.ready()) {
            throw ApiException.unavailable("not-ready", "Not ready",
                    "The database cannot be queried; see the server log", 5);
        }
        return Response.json(UP);
    }

    /** Ready when the reader role can query the tables of the active schema. */
    private boolean checkReady() {
        try {
            transactions.query("", READY, rs -> rs.next(), List.of());
        } catch (RuntimeException e) {
            if (ready) {
                log.warn("not ready: the database cannot be queried as the reader role: {}", e.toString());
                ready = false;
            }
            return false;
        }
        if (!ready) {
            log.info("ready again: the database can be queried");
            ready = true;
        }
        return true;
    }

    private Response metrics(Request request) {
        return new Response(200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
    }
}
