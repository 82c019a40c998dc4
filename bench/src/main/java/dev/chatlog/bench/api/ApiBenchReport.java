package dev.chatlog.bench.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Renders the API figures of a group of reads as Markdown, for their section of docs/benchmarks.md. */
final class ApiBenchReport {

    private static final String SAME_SQL = "pgbench, same SQL";
    /** The finding reads' targets: p99 at the fixed rate, and what the API may add to pgbench's p99 there. */
    static final double FIND_P99_MILLIS = 50.0;
    static final double FIND_OVERHEAD_MILLIS = 2.0;

    private ApiBenchReport() {
    }

    static String render(ApiBenchOptions o, ApiDataset dataset, String postgresVersion, List<? extends ApiRead> reads,
                         List<ApiLoadResult> all, String loadBefore, String loadAfter)
            throws IOException, InterruptedException {
        Set<String> names = reads.stream().map(ApiRead::name).collect(Collectors.toSet());
        List<ApiLoadResult> results = all.stream().filter(r -> names.contains(r.read())).toList();
        int rate = reads.getFirst().rate(o);
        StringBuilder out = new StringBuilder();
        String pgbench = ApiPgBench.available() ? ApiPgBench.version() : "not installed (JDBC baseline)";
        out.append(String.format(Locale.ROOT, """
                Measured %s at commit %s by `%s` on %d cores (%s), all on one machine: PostgreSQL %s, the API \
                in its own JVM (Java %s, `-Xmx%s`, pool of %d connections), the load generator (Java, raw \
                keep-alive HTTP/1.1 over %d connections, open loop latency counted from each request's due \
                time), and %s. Load average (1, 5, 15 min) of the machine at the start and at the end of the \
                measurements: %s and %s.

                Dataset: %s.

                | read | driver | load | throughput | p50 | p99 | errors |
                | --- | --- | --- | ---: | ---: | ---: | ---: |
                """, LocalDate.now(), commit(), o.command(), Runtime.getRuntime().availableProcessors(), cpuModel(),
                postgresVersion, System.getProperty("java.version"), o.heap(), o.dbConnections(), o.httpConnections(),
                pgbench, loadBefore, loadAfter, dataset.describe()));
        for (ApiLoadResult r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f/s | %.2f ms | %.2f ms | %d |%n", r.read(),
                    r.driver(), r.mode(), r.throughput(), r.p50Millis(), r.p99Millis(), r.errors()));
        }
        if (reads.getFirst() instanceof ApiFindRead) {
            findTargets(out, reads, results, rate);
        } else {
            hotTargets(out, reads, results, rate);
        }
        return out.toString();
    }

    private static void hotTargets(StringBuilder out, List<? extends ApiRead> reads, List<ApiLoadResult> results,
                                   int rate) {
        out.append("\nTargets: p99 at most 5 ms at ").append(rate).append("/s, and saturation at least half of"
                + " the better of the two same-SQL baselines (the query-only figure is the database's ceiling, for"
                + " reference):\n\n");
        for (ApiRead read : reads) {
            Optional<ApiLoadResult> fixed = find(results, read, "API", "open loop");
            Optional<ApiLoadResult> api = find(results, read, "API", "closed loop");
            Optional<ApiLoadResult> base = bestBaseline(results, read);
            Optional<ApiLoadResult> ceiling = find(results, read, "pgbench, query only", "closed loop");
            if (fixed.isEmpty() || api.isEmpty() || base.isEmpty()) {
                continue;
            }
            double ratio = api.get().throughput() / base.get().throughput();
            out.append(String.format(Locale.ROOT, "- %s: p99 %.2f ms at %d/s (%s); saturation %,.0f/s = %.0f%% of"
                            + " %,.0f/s (%s, %s)", read.name(), fixed.get().p99Millis(), rate,
                    fixed.get().p99Millis() <= 5.0 ? "met" : "missed", api.get().throughput(), ratio * 100,
                    base.get().throughput(), base.get().driver(), ratio >= 0.5 ? "met" : "missed"));
            ceiling.ifPresent(c -> out.append(String.format(Locale.ROOT, "; %.0f%% of the query alone (%,.0f/s)",
                    api.get().throughput() / c.throughput() * 100, c.throughput())));
            out.append(".\n");
        }
    }

    private static void findTargets(StringBuilder out, List<? extends ApiRead> reads, List<ApiLoadResult> results,
                                    int rate) {
        out.append(String.format(Locale.ROOT, "%nTargets: p99 at most %.0f ms at %d/s, and the API's p99 at most"
                + " %.0f ms above pgbench's p99 running the same SQL at the same rate (the saturation rates are"
                + " reported beside the better of the two same-SQL baselines, without a target):%n%n",
                FIND_P99_MILLIS, rate, FIND_OVERHEAD_MILLIS));
        for (ApiRead read : reads) {
            Optional<ApiLoadResult> fixed = find(results, read, "API", "open loop");
            Optional<ApiLoadResult> api = find(results, read, "API", "closed loop");
            Optional<ApiLoadResult> pgFixed = results.stream().filter(r -> r.read().equals(read.name())
                    && (r.driver().startsWith(SAME_SQL)) && r.mode().startsWith("open loop")).findFirst();
            Optional<ApiLoadResult> base = bestBaseline(results, read);
            if (fixed.isEmpty() || api.isEmpty()) {
                continue;
            }
            double p99 = fixed.get().p99Millis();
            out.append(String.format(Locale.ROOT, "- %s: p99 %.2f ms at %d/s (%s", read.name(), p99, rate,
                    p99 <= FIND_P99_MILLIS ? "met" : String.format(Locale.ROOT, "missed by %.1f ms",
                            p99 - FIND_P99_MILLIS)));
            pgFixed.ifPresent(pg -> {
                double added = p99 - pg.p99Millis();
                out.append(String.format(Locale.ROOT, "); pgbench's p99 %.2f ms, the API adds %.2f ms (%s",
                        pg.p99Millis(), added, added <= FIND_OVERHEAD_MILLIS ? "met" : String.format(Locale.ROOT,
                                "missed by %.1f ms", added - FIND_OVERHEAD_MILLIS)));
            });
            out.append(String.format(Locale.ROOT, "); saturation %,.0f/s", api.get().throughput()));
            base.ifPresent(b -> out.append(String.format(Locale.ROOT, " = %.0f%% of %,.0f/s (%s)",
                    api.get().throughput() / b.throughput() * 100, b.throughput(), b.driver())));
            out.append(".\n");
        }
    }

    private static Optional<ApiLoadResult> bestBaseline(List<ApiLoadResult> results, ApiRead read) {
        return results.stream().filter(r -> r.read().equals(read.name())
                        && (r.driver().startsWith(SAME_SQL) || r.driver().startsWith("JDBC"))
                        && r.mode().startsWith("closed loop"))
                .max(Comparator.comparingDouble(ApiLoadResult::throughput));
    }

    private static Optional<ApiLoadResult> find(List<ApiLoadResult> results, ApiRead read, String driver,
                                                String mode) {
        return results.stream().filter(r -> r.read().equals(read.name()) && r.driver().startsWith(driver)
                && r.mode().startsWith(mode)).findFirst();
    }

    /** The machine's load averages over 1, 5 and 15 minutes, as /proc/loadavg gives them. */
    static String machineLoad() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String commit() {
        try {
            String head = git("rev-parse", "--short", "HEAD");
            return head.isEmpty() ? "unknown" : "`" + head + "`" + (git("status", "--porcelain").isEmpty() ? ""
                    : " (with uncommitted changes)");
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String git(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
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
