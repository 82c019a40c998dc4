package dev.chatlog.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HS256 secret mode, and key rotation in JWKS mode. */
@ExtendWith(ChatlogServersExtension.class)
class TokenModesIT {

    static final String USER = Users.id("modes");
    static TestDatabase database;

    @BeforeAll
    static void migrate(TestDatabase db) {
        database = db;
        RunningApi.start(database).close();
    }

    @Test
    void acceptsOnlyHs256TokensSignedWithTheSecretInSecretMode() throws JOSEException {
        try (RunningApi api = RunningApi.start(database)) {
            assertThat(api.client.get("/v1/conversations", TestTokens.hs256(USER)).status()).isEqualTo(200);

            String otherSecret = TestTokens.sign(new MACSigner("another-secret-that-is-32-bytes-or-more"),
                    new JWSHeader(JWSAlgorithm.HS256), TestTokens.claims(USER).build());
            assertThat(challenge(api, otherSecret)).contains("signature is invalid");

            OctetKeyPair key = new OctetKeyPairGenerator(Curve.Ed25519).keyID("k").generate();
            String eddsa = TestTokens.sign(new Ed25519Signer(key), new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID("k")
                    .build(), TestTokens.claims(USER).build());
            assertThat(challenge(api, eddsa)).contains("expected HS256");

            String none = Base64URL.encode("{\"alg\":\"none\"}") + "."
                    + Base64URL.encode(TestTokens.claims(USER).build().toString()) + ".";
            assertThat(challenge(api, none)).contains("not a signed JWT");
        }
    }

    @Test
    void acceptsATokenSignedWithAKeyPublishedAfterStartByRefetchingTheJwks() throws JOSEException {
        OctetKeyPair first = new OctetKeyPairGenerator(Curve.Ed25519).keyID("first").generate();
        OctetKeyPair rotated = new OctetKeyPairGenerator(Curve.Ed25519).keyID("rotated").generate();
        try (JwksServer jwks = new JwksServer(first);
             RunningApi api = RunningApi.start(database, Map.of("CHATLOG_JWT_HS256_SECRET", "",
                     "CHATLOG_JWT_JWKS_URL", jwks.url(), "CHATLOG_JWT_JWKS_REFETCH_SECONDS", "1",
                     "CHATLOG_JWT_ISSUER", TestTokens.ISSUER, "CHATLOG_JWT_AUDIENCE", TestTokens.ISSUER))) {
            String token = TestTokens.sign(new Ed25519Signer(rotated),
                    new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID("rotated").build(), TestTokens.claims(USER).build());
            assertThat(challenge(api, token)).contains("unknown key id");
            jwks.add(rotated);
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> api.client.get("/v1/conversations", token).status() == 200);
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertThat(jwks.fetches()).as("at most one refetch a second").isBetween(2, 3 + (int) seconds);
        }
    }

    @Test
    void answers503WhenTheJwksCannotBeFetchedAtAll() {
        String nowhere = "http://127.0.0.1:" + dev.chatlog.testkit.Ports.free() + "/api/auth/jwks";
        try (RunningApi api = RunningApi.start(database, Map.of("CHATLOG_JWT_HS256_SECRET", "",
                "CHATLOG_JWT_JWKS_URL", nowhere, "CHATLOG_JWT_JWKS_REFETCH_SECONDS", "1",
                "CHATLOG_JWT_ISSUER", TestTokens.ISSUER, "CHATLOG_JWT_AUDIENCE", TestTokens.ISSUER))) {
            ApiClient.Reply reply = api.client.get("/v1/conversations", TestTokens.hs256(USER));
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.header("Retry-After")).isNotBlank();
            assertThat(RequestValidationIT.problem(reply).get("type").asText())
                    .isEqualTo("urn:chatlog:problem:keys-unavailable");
            assertThat(reply.body()).doesNotContain("127.0.0.1");
        }
    }

    private static String challenge(RunningApi api, String token) {
        ApiClient.Reply reply = api.client.get("/v1/conversations", token);
        assertThat(reply.status()).isEqualTo(401);
        return reply.header("WWW-Authenticate");
    }
}
