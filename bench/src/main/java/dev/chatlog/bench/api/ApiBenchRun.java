package dev.chatlog.bench.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chatlog.migrations.Migrations;
import dev.chatlog.testkit.Ports;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/** Runs the API benchmark: database and dataset, the API in a child JVM, the load, the baselines, the report. */
public final class ApiBenchRun {

    static final String SECRET = "bench-secret-bench-secret-bench-secret!";

    private ApiBenchRun() {
    }

    public static void run(ApiBenchOptions o) throws Exception {
        Files.createDirectories(o.dataDir());
        Path work = o.dataDir().toAbsolutePath();
        try (ApiBenchDatabase database = ApiBenchDatabase.open(System.getenv(), work)) {
            PGSimpleDataSource dataSource = database.dataSource();
            Migrations.apply(dataSource, "chatlog");
            ApiDataset dataset = ApiDataset.of(o);
            ApiDatasetLoader.ensure(dataSource, "chatlog", dataset);
            List<ApiRead> reads = o.readList();
            String counts = o.reads().find() ? ApiFindCounts.describe(dataSource, dataset) : "";
            System.out.print(counts);
            if (o.reads().find()) {
                ApiFindPlans.write(dataSource, work.resolve("find-plans.txt"));
            }
            String load = ApiBenchReport.machineLoad();
            List<ApiLoadResult> results = new ArrayList<>();
            measureApi(o, dataset, database, work, reads, results);
            measureBaselines(o, dataset, database, work, reads, results);
            String postgres = serverVersion(dataSource) + " (" + database.describe() + ")";
            String loadAfter = ApiBenchReport.machineLoad();
            if (o.reads().hot()) {
                write("api", ApiBenchReport.render(o, dataset, postgres, ApiHotRead.ALL, results, load, loadAfter));
            }
            if (o.reads().find()) {
                write("api-find", ApiBenchReport.render(o, dataset, postgres, ApiFindRead.ALL, results, load, loadAfter)
                        + "\n" + counts);
            }
        }
    }

    private static void write(String section, String report) throws Exception {
        System.out.println(report);
        dev.chatlog.bench.BenchmarkPage.write(section, report);
    }

    private static void measureApi(ApiBenchOptions o, ApiDataset dataset, ApiBenchDatabase database, Path work,
                                   List<ApiRead> reads, List<ApiLoadResult> results) throws Exception {
        int port = Ports.free();
        Map<String, String> env = new HashMap<>();
        env.put("CHATLOG_API_PORT", Integer.toString(port));
        env.put("CHATLOG_API_BIND", "127.0.0.1");
        env.put("CHATLOG_DB_URL", database.url());
        env.put("CHATLOG_DB_USER", database.user());
        if (database.password() != null) {
            env.put("CHATLOG_DB_PASSWORD", database.password());
        }
        env.put("CHATLOG_DB_POOL_SIZE", Integer.toString(o.dbConnections()));
        env.put("CHATLOG_JWT_HS256_SECRET", SECRET);
        // the benchmark's database login may be its superuser; what is measured does not change
        env.put("CHATLOG_API_ALLOW_PRIVILEGED_LOGIN", "true");
        List<String> tokens = tokens(dataset.users());
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
        String javaOptions = System.getenv().getOrDefault("BENCH_API_JAVA_OPTS", "").trim();
        List<String> jvm = javaOptions.isEmpty() ? List.of() : List.of(javaOptions.split("\\s+"));
        try (ApiProcess api = ApiProcess.start(env, port, o.heap(), jvm, work.resolve("api.log"))) {
            for (ApiRead read : reads) {
                System.out.println("warming up the API: " + read.name());
                ApiHttpLoad.closedLoop(read.name(), target, read.requests(dataset, tokens), o.httpConnections(),
                        o.warmupSeconds());
            }
            for (ApiRead read : reads) {
                ApiHttpLoad.Requests requests = read.requests(dataset, tokens);
                results.add(print(ApiHttpLoad.fixedRate(read.name(), target, requests, read.rate(o), o.seconds(),
                        o.httpConnections())));
                results.add(print(ApiHttpLoad.closedLoop(read.name(), target, requests, o.httpConnections(),
                        o.seconds())));
            }
        }
    }

    private static void measureBaselines(ApiBenchOptions o, ApiDataset dataset, ApiBenchDatabase database, Path work,
                                         List<ApiRead> reads, List<ApiLoadResult> results) throws Exception {
        if (!ApiPgBench.available()) {
            System.out.println("pgbench is not on PATH: measuring the same SQL over JDBC instead");
            for (ApiRead read : reads) {
                results.add(print(ApiJdbcLoad.closedLoop(read, dataset, database, o.dbConnections(), o.seconds())));
            }
            return;
        }
        ApiPgBench pgbench = new ApiPgBench(database, work);
        for (ApiRead read : reads) {
            ApiRead.Script api = ApiRead.Script.SAME_SQL_ONE_ROUND_TRIP;
            String script = read.pgbenchScript(dataset, api);
            pgbench.run(read.name(), api.label, script, o.dbConnections(), 0, o.warmupSeconds(), api.protocol);
            results.add(print(pgbench.run(read.name(), api.label, script, o.dbConnections(), read.rate(o), o.seconds(),
                    api.protocol)));
            for (ApiRead.Script s : read.scripts()) {
                results.add(print(pgbench.run(read.name(), s.label, read.pgbenchScript(dataset, s), o.dbConnections(),
                        0, o.seconds(), s.protocol)));
            }
        }
    }

    private static ApiLoadResult print(ApiLoadResult r) {
        System.out.printf("%-45s %-40s %-38s %9.0f/s  p50 %7.3f ms  p99 %7.3f ms  errors %d%n", r.read(), r.driver(),
                r.mode(), r.throughput(), r.p50Millis(), r.p99Millis(), r.errors());
        return r;
    }

    static List<String> tokens(int users) throws JOSEException {
        List<String> tokens = new ArrayList<>(users);
        MACSigner signer = new MACSigner(SECRET);
        Date expiry = Date.from(Instant.now().plusSeconds(6 * 3600));
        for (int u = 0; u < users; u++) {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                    new JWTClaimsSet.Builder().subject(ApiDataset.user(u)).expirationTime(expiry).build());
            jwt.sign(signer);
            tokens.add(jwt.serialize());
        }
        return tokens;
    }

    private static String serverVersion(PGSimpleDataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
