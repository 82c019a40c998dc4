package dev.chatlog.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.chatlog.api.http.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

class BearerAuthenticatorTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    final MutableClock clock = new MutableClock(NOW);
    final BearerAuthenticator authenticator = new BearerAuthenticator(new JwtVerifier(new SharedSecretKey(SECRET),
            new ClaimsRules(null, null, Duration.ofSeconds(30), null, clock)));

    static String token(String subject, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(expires)).build());
        jwt.sign(new MACSigner(SECRET));
        return jwt.serialize();
    }

    @Test
    void answersTheSubjectOfAValidToken() throws Exception {
        assertThat(authenticator.authenticate("Bearer " + token("user-1", NOW.plusSeconds(60)))).isEqualTo("user-1");
        assertThat(authenticator.authenticate("bearer  " + token("user-2", NOW.plusSeconds(60)))).isEqualTo("user-2");
    }

    @Test
    void challengesAMissingOrForeignSchemeWithoutAnErrorCode() {
        for (String header : new String[] {null, "", "  ", "Basic abc", "Bearer"}) {
            assertThatThrownBy(() -> authenticator.authenticate(header))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"chatlog\"");
                    });
        }
    }

    @Test
    void challengesARefusedTokenWithInvalidTokenAndAQuotableDescription() throws Exception {
        String expired = token("user-1", NOW.minusSeconds(60));
        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + expired))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.headers().get("WWW-Authenticate"))
                        .isEqualTo("Bearer realm=\"chatlog\", error=\"invalid_token\", error_description=\"token has expired\""));
        String weirdAlg = com.nimbusds.jose.util.Base64URL.encode("{\"alg\":\"\\\"\\u0001x\"}") + ".e30.c2ln";
        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + weirdAlg))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.headers().get("WWW-Authenticate"))
                        .doesNotContain("\\").matches("[\\x20-\\x7e]+"));
    }

    /** A token whose payload is {@code payloadJson} as written, signed with the secret. */
    static String rawToken(String payloadJson) throws Exception {
        com.nimbusds.jose.JWSObject jws = new com.nimbusds.jose.JWSObject(new JWSHeader(JWSAlgorithm.HS256),
                new com.nimbusds.jose.Payload(payloadJson));
        jws.sign(new MACSigner(SECRET));
        return jws.serialize();
    }

    @Test
    void refusesASubjectThatIsNotAJsonStringOrNotAnIdentifier() throws Exception {
        long exp = NOW.plusSeconds(60).getEpochSecond();
        for (String sub : new String[] {"123", "1.5e3", "true", "[\"u\"]", "{\"id\":\"u\"}", "\"x\\ud800\"",
                "\"a\\u0000b\"", "\"\"", "\"" + "x".repeat(129) + "\"", "\"a b\""}) {
            String token = rawToken("{\"sub\":" + sub + ",\"exp\":" + exp + "}");
            assertThatThrownBy(() -> authenticator.authenticate("Bearer " + token)).as(sub)
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.getMessage()).contains("sub");
                    });
        }
        assertThat(authenticator.authenticate("Bearer " + rawToken("{\"sub\":\"auth0|x\",\"exp\":" + exp + "}")))
                .isEqualTo("auth0|x");
    }
}
