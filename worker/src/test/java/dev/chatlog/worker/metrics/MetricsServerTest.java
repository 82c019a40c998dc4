package dev.chatlog.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheWorkersMetricsInPrometheusTextFormat() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        WorkerMetrics metrics = new WorkerMetrics(registry);
        metrics.applied("message.created", 3);
        metrics.deadLettered("invalid-json");
        metrics.flushed(3, 2_000_000);

        try (MetricsServer server = MetricsServer.start(registry, 0)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(response.body())
                    .contains("chatlog_worker_events_applied_total{type=\"message.created\"} 3.0")
                    .contains("chatlog_worker_dead_letters_total{reason=\"invalid-json\"} 1.0")
                    .contains("chatlog_worker_batch_size_count 1")
                    .contains("chatlog_worker_outbox_events 0.0");
        }
    }

    @Test
    void refusesMethodsOtherThanGet() throws Exception {
        try (MetricsServer server = MetricsServer.start(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), 0)) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(405);
        }
    }
}
