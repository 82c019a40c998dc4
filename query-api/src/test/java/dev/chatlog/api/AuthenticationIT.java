package dev.chatlog.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.chatlog.testkit.ChatlogServersExtension;
import dev.chatlog.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bearer tokens against a JWKS served like Better Auth's, and every way a token must be refused. */
@ExtendWith(ChatlogServersExtension.class)
class AuthenticationIT {

    static final String USER = Users.id("tokenuser");
    static final String BASE_URL = "http://localhost:3000";

    static OctetKeyPair ed25519;
    static RSAKey rsa;
    static ECKey ec;
    static JwksServer jwks;
    static RunningApi api;

    @BeforeAll
    static void start(TestDatabase database) throws JOSEException {
        ed25519 = new OctetKeyPairGenerator(Curve.Ed25519).keyID("Pk4oJ3kXwXzZ7zO2S0f0i8m8l9tq1n7C").generate();
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        jwks = new JwksServer(ed25519, rsa, ec);
        api = RunningApi.start(database, Map.of("CHATLOG_JWT_HS256_SECRET", "", "CHATLOG_JWT_JWKS_URL", jwks.url(),
                "CHATLOG_JWT_ISSUER", BASE_URL, "CHATLOG_JWT_AUDIENCE", BASE_URL));
        api.rows.conversation(USER, "mine", "my chat", HistoryRows.T0, 0);
    }

    @AfterAll
    static void stop() {
        api.close();
        jwks.close();
    }

    @Test
    void acceptsAnEd25519TokenShapedLikeBetterAuths() throws JOSEException {
        String token = TestTokens.sign(new Ed25519Signer(ed25519),
                new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(ed25519.getKeyID()).build(),
                betterAuthClaims().build());
        ApiClient.Reply reply = api.client.get("/v1/conversations", token);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(HistoryIT.ids(reply.json().get("data"))).containsExactly("mine");
    }

    @Test
    void acceptsRs256AndEs256TokensFromTheSameJwks() throws JOSEException {
        String rs256 = TestTokens.sign(new RSASSASigner(rsa),
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").type(JOSEObjectType.JWT).build(),
                betterAuthClaims().build());
        String es256 = TestTokens.sign(new ECDSASigner(ec),
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(), betterAuthClaims().build());
        assertThat(api.client.get("/v1/conversations/mine", rs256).status()).isEqualTo(200);
        assertThat(api.client.get("/v1/conversations/mine", es256).status()).isEqualTo(200);
    }

    @Test
    void refusesAnUnsecuredTokenWithAlgNone() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        String claims = Base64URL.encode(betterAuthClaims().build().toString()).toString();
        assertRefused("Bearer " + header + "." + claims + ".", "not a signed JWT");
    }

    @Test
    void refusesHs256SignedWithThePublicKeyAsTheSecret() throws JOSEException {
        byte[] publicX = ed25519.getX().decode();
        byte[] rsaPublic = rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        for (byte[] secret : new byte[][] {publicX, rsaPublic}) {
            for (String kid : new String[] {ed25519.getKeyID(), "rsa-1"}) {
                String token = TestTokens.sign(new MACSigner(secret),
                        new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), betterAuthClaims().build());
                assertRefused("Bearer " + token, "does not fit the key");
            }
        }
    }

    @Test
    void refusesAnAlgorithmThatDoesNotFitTheKeyItNames() throws JOSEException {
        String token = TestTokens.sign(new ECDSASigner(ec),
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ed25519.getKeyID()).build(), betterAuthClaims().build());
        assertRefused("Bearer " + token, "does not fit the key");
    }

    @Test
    void refusesATokenForAnotherIssuerOrAudience() throws JOSEException {
        assertRefused(ed25519Token(betterAuthClaims().issuer("https://evil.example")), "issuer");
        assertRefused(ed25519Token(betterAuthClaims().audience("https://other.example")), "audience");
        assertRefused(ed25519Token(betterAuthClaims().audience((String) null)), "audience");
    }

    @Test
    void refusesAnExpiredTokenAndOneNotValidYetBeyondTheClockSkew() throws JOSEException {
        Instant now = Instant.now();
        assertRefused(ed25519Token(betterAuthClaims().expirationTime(Date.from(now.minusSeconds(31)))), "expired");
        assertRefused(ed25519Token(betterAuthClaims().notBeforeTime(Date.from(now.plusSeconds(120)))), "not valid yet");
        assertRefused(ed25519Token(betterAuthClaims().expirationTime(null)), "no expiry");
    }

    @Test
    void acceptsATokenJustExpiredWithinTheClockSkew() throws JOSEException {
        String token = ed25519Token(betterAuthClaims().expirationTime(Date.from(Instant.now().minusSeconds(5))))
                .substring("Bearer ".length());
        assertThat(api.client.get("/v1/conversations", token).status()).isEqualTo(200);
    }

    @Test
    void refusesATokenWithoutASubject() throws JOSEException {
        assertRefused(ed25519Token(betterAuthClaims().subject(null)), "sub");
    }

    @Test
    void refusesASignatureByAnotherKeyUnderAKnownKid() throws JOSEException {
        OctetKeyPair impostor = new OctetKeyPairGenerator(Curve.Ed25519).keyID(ed25519.getKeyID()).generate();
        String token = TestTokens.sign(new Ed25519Signer(impostor),
                new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(ed25519.getKeyID()).build(), betterAuthClaims().build());
        assertRefused("Bearer " + token, "signature is invalid");
    }

    @Test
    void refusesAnUnknownKidAfterRefetchingTheJwksAtMostOncePerInterval() throws JOSEException {
        OctetKeyPair unknown = new OctetKeyPairGenerator(Curve.Ed25519).keyID("never-published").generate();
        String token = "Bearer " + TestTokens.sign(new Ed25519Signer(unknown),
                new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID("never-published").build(), betterAuthClaims().build());
        int before = jwks.fetches();
        assertRefused(token, "unknown key id");
        assertRefused(token, "unknown key id");
        assertRefused(token.replace("Bearer ", "bearer "), "unknown key id");
        assertThat(jwks.fetches() - before).as("refetches within the interval").isLessThanOrEqualTo(1);
    }

    @Test
    void refusesMissingAndGarbledAuthorizationHeaders() {
        for (String header : new String[] {null, "", "Bearer", "Bearer ", "Bearer abc", "Bearer a.b.c",
                "Basic dXNlcjpwYXNz", "Bearer eyJhbGciOiJFZERTQSJ9.e30.!!!"}) {
            ApiClient.Reply reply = api.client.send("GET", "/v1/conversations", header);
            assertThat(reply.status()).as(String.valueOf(header)).isEqualTo(401);
            assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer realm=\"chatlog\"");
            assertThat(reply.contentType()).isEqualTo("application/problem+json");
        }
    }

    @Test
    void refusesEveryV1RouteWithoutAToken() {
        for (String path : new String[] {"/v1/conversations", "/v1/conversations/mine", "/v1/conversations/mine/items"}) {
            ApiClient.Reply reply = api.client.get(path, null);
            assertThat(reply.status()).as(path).isEqualTo(401);
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"chatlog\"");
        }
        assertThat(api.client.get("/health/live", null).status()).isEqualTo(200);
    }

    static JWTClaimsSet.Builder betterAuthClaims() {
        return TestTokens.claims(USER).issuer(BASE_URL).audience(BASE_URL)
                .claim("email", "user@example.com").claim("name", "Token User").claim("emailVerified", true);
    }

    static String ed25519Token(JWTClaimsSet.Builder claims) throws JOSEException {
        return "Bearer " + TestTokens.sign(new Ed25519Signer(ed25519),
                new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(ed25519.getKeyID()).build(), claims.build());
    }

    static void assertRefused(String authorization, String reason) {
        ApiClient.Reply reply = api.client.send("GET", "/v1/conversations", authorization);
        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer realm=\"chatlog\", error=\"invalid_token\"")
                .contains(reason);
        assertThat(reply.json().get("status").asInt()).isEqualTo(401);
        assertThat(reply.body()).doesNotContain("my chat");
    }
}
