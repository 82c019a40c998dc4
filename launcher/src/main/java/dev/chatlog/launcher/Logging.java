package dev.chatlog.launcher;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** Sends java.util.logging (used by some libraries) through SLF4J, so there is one log format. */
final class Logging {

    private Logging() {
    }

    static void routeJulToSlf4j() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
