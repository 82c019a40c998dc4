package dev.chatlog.launcher;

import java.io.PrintWriter;
import java.time.Duration;

/** A one-line progress bar: events done of total, rate, and time left. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final long startNanos = System.nanoTime();
    private final long startDone;

    ProgressBar(PrintWriter out, long startDone) {
        this.out = out;
        this.startDone = startDone;
    }

    void show(long done, long total) {
        out.print("\r" + render(done, total, Duration.ofNanos(System.nanoTime() - startNanos)));
        out.flush();
    }

    void finish() {
        out.println();
        out.flush();
    }

    String render(long done, long total, Duration elapsed) {
        double fraction = total == 0 ? 1.0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
        double rate = (done - startDone) / seconds;
        String left = rate <= 0 ? "--:--" : clock(Duration.ofSeconds((long) ((total - done) / rate)));
        return String.format("[%s%s] %,d / %,d events  %,.0f/s  %s left ",
                "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, rate, left);
    }

    private static String clock(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
