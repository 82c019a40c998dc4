package dev.chatlog.launcher;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Mints HS256 tokens for dev mode, signed with the dev home's secret. */
final class DevTokens {

    static final Duration LIFETIME = Duration.ofHours(12);

    private DevTokens() {
    }

    static String mint(String secret, String user, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user)
                .issuer(DevHome.ISSUER)
                .audience(DevHome.AUDIENCE)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a dev token", e);
        }
        return jwt.serialize();
    }
}
