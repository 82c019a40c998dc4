package dev.chatlog.bench.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Replaces the worker section of docs/benchmarks.md, between its start and end markers. */
final class WorkerBenchmarkReport {

    private static final String START = "<!-- worker:start -->";
    private static final String END = "<!-- worker:end -->";

    private WorkerBenchmarkReport() {
    }

    static void write(Path file, String section) throws IOException {
        if (!Files.exists(file)) {
            System.out.println("no " + file + " here; figures not written");
            return;
        }
        String doc = Files.readString(file);
        int start = doc.indexOf(START);
        int end = doc.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException(file + " has no " + START + " ... " + END + " section");
        }
        Files.writeString(file, doc.substring(0, start + START.length()) + "\n" + section.strip() + "\n" + doc.substring(end));
        System.out.println("figures written to " + file);
    }
}
