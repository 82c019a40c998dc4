package dev.chatlog.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestcontainersDockerProbeTest {

    private static final Path HOME = Path.of("/home/dev");

    @Test
    void withNoVariableAndNoSocketThereIsNoDockerToAskAbout() {
        assertThat(TestcontainersDockerProbe.mayHaveDocker(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), HOME,
                path -> false)).isFalse();
    }

    @Test
    void aDockerHostVariableIsWorthAsking() {
        assertThat(TestcontainersDockerProbe.mayHaveDocker(Map.of("DOCKER_HOST", "tcp://build-host:2375"), HOME,
                path -> false)).isTrue();
        assertThat(TestcontainersDockerProbe.mayHaveDocker(Map.of("DOCKER_HOST", ""), HOME, path -> false)).isFalse();
    }

    @Test
    void eachSocketPlaceIsWorthAsking() {
        for (Path socket : Set.of(Path.of("/var/run/docker.sock"), HOME.resolve(".docker/run/docker.sock"),
                HOME.resolve(".docker/desktop/docker.sock"), HOME.resolve(".testcontainers.properties"),
                Path.of("/run/user/1000/docker.sock"))) {
            assertThat(TestcontainersDockerProbe.mayHaveDocker(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), HOME,
                    socket::equals)).as(socket.toString()).isTrue();
        }
    }
}
