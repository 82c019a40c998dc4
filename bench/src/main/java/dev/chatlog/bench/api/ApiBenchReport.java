package dev.chatlog.bench.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Renders the API figures as Markdown and puts them between the api markers of docs/benchmarks.md. */
final class ApiBenchReport {

    private static final String SAME_SQL = "pgbench, same SQL";

    private ApiBenchReport() {
    }

    static String render(ApiBenchOptions o, ApiDataset dataset, String postgresVersion, List<ApiLoadResult> results)
            throws IOException, InterruptedException {
        StringBuilder out = new StringBuilder();
        String pgbench = ApiPgBench.available() ? ApiPgBench.version() : "not installed (JDBC baseline)";
        out.append(String.format(Locale.ROOT, """
                Measured %s by `bench/run api --items %d --rate %d --seconds %d --db-connections %d \
                --http-connections %d` on %d cores (%s), all on one machine: PostgreSQL %s, the API \
                in its own JVM (Java %s, `-Xmx%s`, pool of %d connections), the load generator (Java, raw \
                keep-alive HTTP/1.1 over %d connections, open loop latency counted from each request's due \
                time), and %s.

                Dataset: %s.

                | read | driver | load | throughput | p50 | p99 | errors |
                | --- | --- | --- | ---: | ---: | ---: | ---: |
                """, LocalDate.now(), o.items(), o.rate(), o.seconds(), o.dbConnections(), o.httpConnections(),
                Runtime.getRuntime().availableProcessors(), cpuModel(), postgresVersion,
                System.getProperty("java.version"), o.heap(), o.dbConnections(), o.httpConnections(), pgbench,
                dataset.describe()));
        for (ApiLoadResult r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f/s | %.2f ms | %.2f ms | %d |%n", r.read(),
                    r.driver(), r.mode(), r.throughput(), r.p50Millis(), r.p99Millis(), r.errors()));
        }
        out.append("\nTargets: p99 at most 5 ms at ").append(o.rate()).append("/s, and saturation at least half of"
                + " the better of the two same-SQL baselines (the query-only figure is the database's ceiling, for"
                + " reference):\n\n");
        for (ApiHotRead read : ApiHotRead.ALL) {
            Optional<ApiLoadResult> fixed = find(results, read, "API", "open loop");
            Optional<ApiLoadResult> api = find(results, read, "API", "closed loop");
            Optional<ApiLoadResult> base = results.stream().filter(r -> r.read().equals(read.name())
                            && (r.driver().startsWith(SAME_SQL) || r.driver().startsWith("JDBC"))
                            && r.mode().startsWith("closed loop"))
                    .max(Comparator.comparingDouble(ApiLoadResult::throughput));
            Optional<ApiLoadResult> ceiling = find(results, read, "pgbench, query only", "closed loop");
            if (fixed.isEmpty() || api.isEmpty() || base.isEmpty()) {
                continue;
            }
            double ratio = api.get().throughput() / base.get().throughput();
            out.append(String.format(Locale.ROOT, "- %s: p99 %.2f ms at %d/s (%s); saturation %,.0f/s = %.0f%% of"
                            + " %,.0f/s (%s, %s)", read.name(), fixed.get().p99Millis(), o.rate(),
                    fixed.get().p99Millis() <= 5.0 ? "met" : "missed", api.get().throughput(), ratio * 100,
                    base.get().throughput(), base.get().driver(), ratio >= 0.5 ? "met" : "missed"));
            ceiling.ifPresent(c -> out.append(String.format(Locale.ROOT, "; %.0f%% of the query alone (%,.0f/s)",
                    api.get().throughput() / c.throughput() * 100, c.throughput())));
            out.append(".\n");
        }
        return out.toString();
    }

    private static Optional<ApiLoadResult> find(List<ApiLoadResult> results, ApiHotRead read, String driver,
                                                String mode) {
        return results.stream().filter(r -> r.read().equals(read.name()) && r.driver().startsWith(driver)
                && r.mode().startsWith(mode)).findFirst();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
