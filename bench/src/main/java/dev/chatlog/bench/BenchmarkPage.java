package dev.chatlog.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** docs/benchmarks.md: each benchmark replaces its own section, between {@code <!-- name:start -->} and {@code <!-- name:end -->}. */
public final class BenchmarkPage {

    private static final Path FILE = Path.of("docs", "benchmarks.md");

    private BenchmarkPage() {
    }

    /** Replaces section {@code name} with {@code section}; says so when run outside the repository. */
    public static void write(String name, String section) throws IOException {
        if (!Files.exists(FILE)) {
            System.out.println("no " + FILE + " here; figures not written");
            return;
        }
        String startMarker = "<!-- " + name + ":start -->";
        String endMarker = "<!-- " + name + ":end -->";
        String doc = Files.readString(FILE);
        int start = doc.indexOf(startMarker);
        int end = doc.indexOf(endMarker);
        if (start < 0 || end < start) {
            throw new IllegalStateException(FILE + " has no " + startMarker + " ... " + endMarker + " section");
        }
        Files.writeString(FILE, doc.substring(0, start + startMarker.length()) + "\n" + section.strip() + "\n"
                + doc.substring(end));
        System.out.println("figures written to " + FILE);
    }
}
