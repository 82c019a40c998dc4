package dev.chatlog.bench.api;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The baseline when pgbench is not installed: the command the API sends, with the same arguments
 * bound the same way, over JDBC, closed loop on the same number of connections. Labelled as such
 * in the report.
 */
final class ApiJdbcLoad {

    private ApiJdbcLoad() {
    }

    static ApiLoadResult closedLoop(ApiRead read, ApiDataset dataset, ApiBenchDatabase database, int connections,
                                    int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        String sql = read.call(new int[] {0, 1}).sql(); // the text is the same for every pick
        for (int c = 0; c < connections; c++) {
            Histogram histogram = ApiLoadResult.histogram();
            histograms.add(histogram);
            SplittableRandom random = new SplittableRandom(c * 31L + 5);
            threads.add(Thread.ofPlatform().start(() -> {
                try (Connection connection = DriverManager.getConnection(database.url(), database.user(),
                        database.password());
                     PreparedStatement statement = connection.prepareStatement(sql)) {
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        List<Object> arguments = read.call(read.pick(dataset, random)).arguments();
                        for (int i = 0; i < arguments.size(); i++) {
                            statement.setObject(i + 1, arguments.get(i));
                        }
                        statement.execute();
                        statement.getMoreResults();
                        try (ResultSet rs = statement.getResultSet()) {
                            while (rs.next()) {
                                rs.getString(1);
                            }
                        }
                        histogram.recordValue(System.nanoTime() - start);
                    }
                } catch (SQLException e) {
                    errors.incrementAndGet();
                    System.err.println("JDBC baseline connection failed: " + e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        Histogram all = ApiLoadResult.histogram();
        histograms.forEach(all::add);
        return new ApiLoadResult(read.name(), "JDBC, same SQL (pgbench not installed)",
                "closed loop, " + connections + " connections", all.getTotalCount(), errors.get(), seconds, all);
    }
}
