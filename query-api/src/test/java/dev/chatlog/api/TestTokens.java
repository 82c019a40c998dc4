package dev.chatlog.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Mints bearer tokens for tests, shaped like Better Auth's: a 32-character sub, iss and aud the auth URL, 15 minutes. */
final class TestTokens {

    static final String SECRET = "a-test-secret-of-at-least-32-bytes-long!";
    static final String ISSUER = "http://localhost:3000";

    private TestTokens() {
    }

    /** An HS256 token for {@code user}, valid for 15 minutes. */
    static String hs256(String user) {
        try {
            return sign(new MACSigner(SECRET), new JWSHeader(JWSAlgorithm.HS256), claims(user).build());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HS256 token whose payload is exactly {@code payloadJson}, for claims no builder would write. */
    static String hs256Payload(String payloadJson) {
        try {
            com.nimbusds.jose.JWSObject jws = new com.nimbusds.jose.JWSObject(new JWSHeader(JWSAlgorithm.HS256),
                    new com.nimbusds.jose.Payload(payloadJson));
            jws.sign(new MACSigner(SECRET));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The payload of a valid 15-minute token around {@code subjectJson}, a JSON value written as is. */
    static String payloadWithSubject(String subjectJson) {
        long now = Instant.now().getEpochSecond();
        return "{\"sub\":" + subjectJson + ",\"iss\":\"" + ISSUER + "\",\"aud\":\"" + ISSUER + "\",\"iat\":" + now
                + ",\"exp\":" + (now + 900) + "}";
    }

    static JWTClaimsSet.Builder claims(String user) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject(user)
                .issuer(ISSUER)
                .audience(ISSUER)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))));
    }

    static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
