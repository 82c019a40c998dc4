package dev.chatlog.api;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a JWKS at {@code /api/auth/jwks} the way Better Auth does: Ed25519 public keys as
 * {@code {"crv":"Ed25519","x":"…","kty":"OKP","kid":"…"}}, without "alg" or "use". RSA and EC keys
 * are published as public JWKs. Counts fetches, and keys can be added while it runs.
 */
final class JwksServer implements AutoCloseable {

    private final HttpServer server;
    private final List<JWK> keys = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();

    JwksServer(JWK... initial) {
        keys.addAll(List.of(initial));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/auth/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = jwks().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/auth/jwks";
    }

    void add(JWK key) {
        keys.add(key);
    }

    int fetches() {
        return fetches.get();
    }

    String jwks() {
        List<String> published = new ArrayList<>();
        for (JWK key : keys) {
            published.add(switch (key) {
                case OctetKeyPair okp -> "{\"crv\":\"Ed25519\",\"x\":\"" + okp.getX() + "\",\"kty\":\"OKP\",\"kid\":\""
                        + okp.getKeyID() + "\"}";
                case RSAKey rsa -> rsa.toPublicJWK().toJSONString();
                case ECKey ec -> ec.toPublicJWK().toJSONString();
                default -> throw new IllegalArgumentException("not published here: " + key.getKeyType());
            });
        }
        return "{\"keys\":[" + String.join(",", published) + "]}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
