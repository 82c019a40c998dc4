package dev.chatlog.bench.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Runs pgbench on a script and reads its per-transaction log, so its p50 and p99 are computed
 * exactly like the API's. With {@code --rate} the latency counts from the scheduled start
 * (logged time plus schedule lag), as the open-loop HTTP generator counts it.
 */
final class ApiPgBench {

    private final ApiBenchDatabase database;
    private final Path work;

    ApiPgBench(ApiBenchDatabase database, Path work) {
        this.database = database;
        this.work = work;
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("pgbench", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String version() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pgbench", "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return out;
    }

    /**
     * @param rate 0 for as fast as possible
     * @param protocol pgbench's query mode: simple (which allows two statements in one round trip) or prepared
     */
    ApiLoadResult run(String read, String label, String script, int clients, int rate, int seconds, String protocol)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(work, "pgbench");
        Path file = dir.resolve("script.sql");
        Files.writeString(file, script);
        List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-h", database.host(),
                "-p", Integer.toString(database.port()), "-U", database.user(), "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)),
                "-T", Integer.toString(seconds), "-M", protocol, "-f", file.toString(), "-l",
                "--log-prefix=" + dir.resolve("log")));
        if (rate > 0) {
            command.addAll(List.of("-R", Integer.toString(rate)));
        }
        command.add(database.name());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // the plan cache mode of the API's connections, so prepared statements keep their generic plans too
        if (database.password() != null) {
            builder.environment().put("PGPASSWORD", database.password());
        }
        builder.environment().put("PGOPTIONS", "-c search_path=chatlog -c plan_cache_mode=force_generic_plan");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 || output.contains("ERROR")) {
            throw new IllegalStateException("pgbench failed:\n" + output);
        }
        Histogram latency = ApiLoadResult.histogram();
        long failed = readLogs(dir, latency, rate > 0);
        String mode = (rate > 0 ? "open loop at " + rate + "/s" : "closed loop") + ", " + clients + " connections";
        return new ApiLoadResult(read, label, mode, latency.getTotalCount(), failed, seconds, latency);
    }

    private static long readLogs(Path dir, Histogram latency, boolean withLag) throws IOException {
        long failed = 0;
        List<Path> logs;
        try (Stream<Path> files = Files.list(dir)) {
            logs = files.filter(p -> p.getFileName().toString().startsWith("log")).toList();
        }
        for (Path log : logs) {
            for (String line : Files.readAllLines(log)) {
                String[] f = line.split(" ");
                // client_id transaction_no time script_no time_epoch time_us [schedule_lag]
                if (f.length < 6 || f[2].equals("skipped") || f[2].equals("failed")) {
                    failed++;
                    continue;
                }
                long micros = Long.parseLong(f[2]) + (withLag && f.length > 6 ? Long.parseLong(f[6]) : 0);
                latency.recordValue(Math.min(micros * 1000, latency.getHighestTrackableValue()));
            }
        }
        return failed;
    }
}
