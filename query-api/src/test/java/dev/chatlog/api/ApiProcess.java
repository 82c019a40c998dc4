package dev.chatlog.api;

import dev.chatlog.api.config.ApiConfig;
import java.io.IOException;

/**
 * The API alone in a JVM of its own, configured from its environment, serving until its standard
 * input closes. The JDK reads its HTTP server properties once per JVM, so tests of the connection
 * limits run the API here, where no other HTTP server came first.
 */
public final class ApiProcess {

    private ApiProcess() {
    }

    public static void main(String[] args) throws IOException {
        try (ApiServer server = ApiServer.start(ApiConfig.fromEnv(System.getenv()))) {
            System.out.println("listening on " + server.port());
            while (System.in.read() >= 0) {
                // serve until the parent closes our input or ends us
            }
        }
    }
}
