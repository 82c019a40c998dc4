package dev.chatlog.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fetching, caching and rate-limited refetching of a JWKS served by a local HTTP server. */
class JwksKeysTest {

    final AtomicReference<String> body = new AtomicReference<>("{\"keys\":[]}");
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicInteger fetches = new AtomicInteger();
    final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    final AtomicInteger dripMillis = new AtomicInteger();
    HttpServer server;
    URI url;
    JwksKeys keys;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            int drip = dripMillis.get();
            exchange.sendResponseHeaders(status.get(), drip > 0 ? 0 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (drip == 0) {
                    out.write(bytes);
                }
                for (int i = 0; drip > 0 && i < bytes.length; i++) {
                    out.write(bytes[i]);
                    out.flush();
                    Thread.sleep(drip);
                }
            } catch (InterruptedException | IOException e) {
                // the client gave up
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
        keys = new JwksKeys(url, HttpClient.newHttpClient(), Duration.ofSeconds(30), 64 * 1024, Duration.ofSeconds(2), clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static OctetKeyPair key(String kid) throws JOSEException {
        return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).generate();
    }

    static String betterAuthJwks(OctetKeyPair... keys) {
        StringBuilder out = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < keys.length; i++) {
            out.append(i == 0 ? "" : ",").append("{\"crv\":\"Ed25519\",\"x\":\"").append(keys[i].getX())
                    .append("\",\"kty\":\"OKP\",\"kid\":\"").append(keys[i].getKeyID()).append("\"}");
        }
        return out.append("]}").toString();
    }

    static JWSHeader eddsa(String kid) {
        return new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(kid).build();
    }

    @Test
    void selectsAnEd25519KeyWithoutAlgByKidForEdDsaAndEd25519() throws Exception {
        body.set(betterAuthJwks(key("k1"), key("k2")));
        assertThat(keys.verifierFor(eddsa("k2")).supportedJWSAlgorithms())
                .contains(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
        assertThat(keys.verifierFor(new JWSHeader.Builder(JWSAlgorithm.Ed25519).keyID("k1").build())).isNotNull();
        assertThat(fetches).hasValue(1);
    }

    @Test
    void refusesAnotherAlgorithmForTheKeyAndATokenWithoutKidWhenThereAreSeveralKeys() throws Exception {
        body.set(betterAuthJwks(key("k1"), key("k2")));
        assertThatThrownBy(() -> keys.verifierFor(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build()))
                .hasMessageContaining("does not fit the key");
        assertThatThrownBy(() -> keys.verifierFor(new JWSHeader(JWSAlgorithm.EdDSA)))
                .hasMessageContaining("names no key id");
    }

    @Test
    void usesTheOnlyKeyForATokenWithoutKid() throws Exception {
        body.set(betterAuthJwks(key("only")));
        assertThat(keys.verifierFor(new JWSHeader(JWSAlgorithm.EdDSA))).isNotNull();
    }

    @Test
    void refetchesForAnUnknownKidAtMostOncePerInterval() throws Exception {
        body.set(betterAuthJwks(key("k1")));
        keys.verifierFor(eddsa("k1"));
        body.set(betterAuthJwks(key("k1"), key("k2")));
        clock.advance(Duration.ofSeconds(10));
        assertThatThrownBy(() -> keys.verifierFor(eddsa("k2"))).hasMessageContaining("unknown key id");
        assertThat(fetches).as("within 30 s of the last fetch").hasValue(1);
        clock.advance(Duration.ofSeconds(20));
        assertThat(keys.verifierFor(eddsa("k2"))).isNotNull();
        assertThat(fetches).hasValue(2);
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> keys.verifierFor(eddsa("k3"))).hasMessageContaining("unknown key id");
        assertThatThrownBy(() -> keys.verifierFor(eddsa("k4"))).hasMessageContaining("unknown key id");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void keepsTheKnownKeysWhenARefetchFails() throws Exception {
        body.set(betterAuthJwks(key("k1")));
        keys.verifierFor(eddsa("k1"));
        status.set(500);
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> keys.verifierFor(eddsa("k2"))).isInstanceOf(InvalidTokenException.class);
        assertThat(keys.verifierFor(eddsa("k1"))).isNotNull();
        assertThat(fetches).hasValue(2);
    }

    @Test
    void saysTheKeysAreUnavailableWhenNoneWasEverFetched() {
        status.set(503);
        assertThatThrownBy(() -> keys.verifierFor(eddsa("k1"))).isInstanceOf(KeysUnavailableException.class);
        assertThatThrownBy(() -> keys.verifierFor(eddsa("k1"))).isInstanceOf(KeysUnavailableException.class);
        assertThat(fetches).as("failed fetches are rate limited too").hasValue(1);
    }

    @Test
    void ignoresSymmetricAndEncryptionKeysInTheJwks() throws Exception {
        body.set("{\"keys\":[{\"kty\":\"oct\",\"kid\":\"s\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\"},"
                + key("enc").toPublicJWK().toJSONObject().entrySet().stream().map(e -> "\"" + e.getKey() + "\":\""
                + e.getValue() + "\"").reduce("{\"use\":\"enc\"", (a, b) -> a + "," + b) + "}]}");
        assertThatThrownBy(() -> keys.verifierFor(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("s").build()))
                .hasMessageContaining("unknown key id");
        assertThatThrownBy(() -> keys.verifierFor(eddsa("enc"))).hasMessageContaining("unknown key id");
    }

    @Test
    void refusesAJwksLargerThanTheBoundWhetherAnnouncedOrChunked() throws Exception {
        body.set(betterAuthJwks(key("k1")) + " ".repeat(64 * 1024));
        assertThatThrownBy(() -> keys.verifierFor(eddsa("k1"))).isInstanceOf(KeysUnavailableException.class)
                .hasMessageContaining("larger than 65536 bytes");
        JwksKeys chunked = new JwksKeys(url, HttpClient.newHttpClient(), Duration.ofSeconds(1), 100,
                Duration.ofSeconds(5), clock);
        body.set(betterAuthJwks(key("k1")));
        dripMillis.set(1);
        assertThatThrownBy(() -> chunked.verifierFor(eddsa("k1"))).isInstanceOf(KeysUnavailableException.class)
                .hasMessageContaining("larger than 100 bytes");
    }

    @Test
    void givesUpOnAJwksThatDripsSlowerThanTheFetchTimeout() throws Exception {
        body.set(betterAuthJwks(key("k1")));
        dripMillis.set(50);
        long start = System.nanoTime();
        assertThatThrownBy(() -> keys.verifierFor(eddsa("k1"))).isInstanceOf(KeysUnavailableException.class)
                .hasMessageContaining("within 2000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void refusesARefetchIntervalBelowOneSecond() {
        assertThatThrownBy(() -> new JwksKeys(url, HttpClient.newHttpClient(), Duration.ofMillis(999),
                1024, Duration.ofSeconds(1), clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least PT1S");
    }
}
