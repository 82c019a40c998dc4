package dev.chatlog.api;

import dev.chatlog.api.config.ApiConfig;

/** Runs the query API from the environment (see {@link ApiConfig#documentation()}) until the process is stopped. */
public final class ApiMain {

    private ApiMain() {
    }

    public static void main(String[] args) {
        ApiConfig config;
        try {
            config = ApiConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("chatlog query API: invalid configuration\n" + e.getMessage());
            System.exit(2);
            return;
        }
        ApiServer server = ApiServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "chatlog-api-shutdown"));
    }
}
