package dev.chatlog.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void portsComeFromBelowTheEphemeralRangeAndAreNeverHandedOutTwice() throws IOException {
        int[] range = Ports.candidates(Ports.ephemeralLow());
        assertThat(range[0]).isEqualTo(10_000);
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            int port = Ports.free();
            assertThat(port).isBetween(range[0], range[1] - 1);
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
        }
        int port = Ports.free();
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aPortSomeoneListensOnIsNotBindable() throws IOException {
        int port = Ports.free();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(Ports.bindable(port)).isFalse();
        }
        assertThat(Ports.bindable(port)).isTrue();
    }

    @Test
    void withNoRoomBelowTheEphemeralRangeAnyHighPortWillDo() {
        assertThat(Ports.candidates(32_768)).containsExactly(10_000, 32_768);
        assertThat(Ports.candidates(10_500)).containsExactly(10_000, 65_536);
    }
}
