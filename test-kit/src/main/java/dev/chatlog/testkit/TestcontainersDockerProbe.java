package dev.chatlog.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.testcontainers.DockerClientFactory;

/**
 * Asks Testcontainers whether it finds a Docker engine, but only when one of the places it looks
 * for one holds something: its own probe loads the Docker client and logs an error before it
 * answers no, which took about 2 s per test JVM on a machine without Docker.
 */
final class TestcontainersDockerProbe implements DockerProbe {

    private static final List<String> VARIABLES =
            List.of("DOCKER_HOST", "TESTCONTAINERS_HOST_OVERRIDE", "TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE");

    @Override
    public boolean dockerAvailable() {
        return mayHaveDocker(System.getenv(), Path.of(System.getProperty("user.home")), Files::exists)
                && DockerClientFactory.instance().isDockerAvailable();
    }

    /**
     * Whether a Docker endpoint may exist where Testcontainers looks: a variable naming one, its
     * properties file (which may name one), or a socket of Docker, Docker Desktop or rootless Docker.
     */
    static boolean mayHaveDocker(Map<String, String> env, Path home, Predicate<Path> exists) {
        if (VARIABLES.stream().anyMatch(name -> env.get(name) != null && !env.get(name).isBlank())) {
            return true;
        }
        List<Path> places = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                home.resolve(".testcontainers.properties"),
                home.resolve(".docker/run/docker.sock"),
                home.resolve(".docker/desktop/docker.sock")));
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            places.add(Path.of(runtime, "docker.sock"));
            places.add(Path.of(runtime, ".docker/run/docker.sock"));
        }
        return places.stream().anyMatch(exists);
    }
}
