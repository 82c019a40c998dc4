package dev.chatlog.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds free TCP ports on the loopback interface for servers that a test starts a moment later.
 *
 * <p>A port is chosen below the kernel's range of ephemeral ports, not by binding port 0. Between
 * the choice and the server's own bind, the port is free for anyone to take; a port from the
 * ephemeral range is exactly what the kernel hands to the next outgoing connection of any client
 * (a Kafka consumer, a JDBC pool), and a broker then failed to start with "Address already in
 * use". Below that range only another explicit bind can take it, and this class never hands the
 * same port out twice in one JVM.
 */
public final class Ports {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Linux's default ephemeral range starts at 32768; other systems' start higher. */
    private static final int DEFAULT_EPHEMERAL_LOW = 32768;
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Ports() {
    }

    /** A port that was free a moment ago, outside the ephemeral range, not handed out before. */
    public static int free() {
        int[] range = candidates(ephemeralLow());
        synchronized (HANDED_OUT) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(range[0], range[1]);
                if (!HANDED_OUT.contains(port) && bindable(port)) {
                    HANDED_OUT.add(port);
                    return port;
                }
            }
        }
        throw new UncheckedIOException(new IOException("no free port on loopback in [" + range[0] + ", "
                + range[1] + ") after " + ATTEMPTS + " attempts"));
    }

    /** The first port of the kernel's ephemeral range, or Linux's default where it cannot be read. */
    static int ephemeralLow() {
        try {
            // readAllLines, not readString: procfs reports a size of 0, and readString trusts it
            String[] bounds = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            int low = Integer.parseInt(bounds[0]);
            return low >= 1024 && low <= 65_535 ? low : DEFAULT_EPHEMERAL_LOW;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }

    /** The half-open range to choose from, below {@code ephemeralLow} when that leaves room. */
    static int[] candidates(int ephemeralLow) {
        if (ephemeralLow - LOWEST >= 1_000) {
            return new int[] {LOWEST, ephemeralLow};
        }
        return new int[] {LOWEST, 65_536};
    }

    static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
