package dev.chatlog.bench.latency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time read from Linux's {@code /proc}: the whole machine's busy time and each process's own
 * (user and system, in clock ticks), so that a run can say where the machine's CPU went between two
 * readings. A process that ends between them is not counted.
 */
record CpuUse(long machineBusyTicks, Map<Long, Long> ticksByPid, Map<Long, String> names) {

    /** Linux's USER_HZ, which {@code /proc} counts in; 100 on every common build. */
    private static final double TICKS_PER_SECOND = 100.0;

    static CpuUse read() throws IOException {
        List<String> cpu = List.of(Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+"));
        long all = 0;
        for (int i = 1; i < cpu.size(); i++) {
            all += Long.parseLong(cpu.get(i));
        }
        // idle and iowait are the fields after user, nice and system
        long idle = Long.parseLong(cpu.get(4)) + Long.parseLong(cpu.get(5));
        Map<Long, Long> ticks = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                // the name is in parentheses and may hold spaces; the fields after it are fixed
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String[] f = stat.substring(close + 2).split(" ");
                long pid = Long.parseLong(p.getFileName().toString());
                ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                names.put(pid, stat.substring(open + 1, close));
            }
        }
        return new CpuUse(all - idle, ticks, names);
    }

    /** What the machine spent between {@code earlier} and this reading, in CPU-seconds. */
    double machineSeconds(CpuUse earlier) {
        return (machineBusyTicks - earlier.machineBusyTicks) / TICKS_PER_SECOND;
    }

    /** What process {@code pid} spent since {@code earlier}, in CPU-seconds (0 if it was not there both times). */
    double processSeconds(CpuUse earlier, long pid) {
        Long before = earlier.ticksByPid.get(pid);
        Long after = ticksByPid.get(pid);
        return before == null || after == null ? 0 : (after - before) / TICKS_PER_SECOND;
    }

    /** What the processes named {@code name} spent since {@code earlier}, together, in CPU-seconds. */
    double namedSeconds(CpuUse earlier, String name) {
        double sum = 0;
        for (Map.Entry<Long, String> e : names.entrySet()) {
            if (e.getValue().equals(name)) {
                sum += processSeconds(earlier, e.getKey());
            }
        }
        return sum;
    }
}
