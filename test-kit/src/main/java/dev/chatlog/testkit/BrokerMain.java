package dev.chatlog.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import sun.misc.Signal;

/**
 * Entry point of the broker's child JVM: formats the KRaft log directory on first start, then runs
 * Kafka. It exits when its standard input closes, so a broker never outlives the process that
 * started it, even when that process is killed.
 * <p>
 * It ignores SIGINT, SIGTERM and SIGHUP. Ctrl-C in a terminal interrupts the whole foreground
 * process group, the broker included, and a closing terminal or a supervisor signals the whole
 * group too; a broker that stopped at once would leave the parent's clients (a worker committing
 * its last transaction) waiting for it until their timeouts. The parent stops it after them, by
 * closing its standard input.
 */
public final class BrokerMain {

    /** The file in the broker's working directory to which it writes its Kafka version. */
    static final String VERSION_FILE = "kafka.version";

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: BrokerMain <server.properties> <log dir> <cluster id>");
            System.exit(2);
        }
        String properties = args[0];
        Path logDir = Path.of(args[1]);
        String clusterId = args[2];
        exitWhenParentGoes(System.in);
        ignoreInterrupts();
        Files.writeString(Path.of(VERSION_FILE), org.apache.kafka.common.utils.AppInfoParser.getVersion());
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int rc = kafka.tools.StorageTool$.MODULE$.execute(
                    new String[] {"format", "--standalone", "-t", clusterId, "-c", properties, "--ignore-formatted"},
                    System.out);
            if (rc != 0) {
                System.err.println("formatting " + logDir + " failed with exit code " + rc);
                System.exit(rc);
            }
        }
        kafka.Kafka.main(new String[] {properties});
    }

    private static void ignoreInterrupts() {
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            Signal.handle(new Signal(name), signal -> System.out.println("SIG" + signal.getName()
                    + " ignored: the process that started this broker stops it when its clients are done"));
        }
    }

    private static void exitWhenParentGoes(InputStream parent) {
        Thread watcher = new Thread(() -> {
            try {
                while (parent.read() >= 0) {
                    // the parent never writes; reading only detects the pipe closing
                }
            } catch (IOException ignored) {
                // a broken pipe means the same as end of stream
            }
            System.exit(0);
        }, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
