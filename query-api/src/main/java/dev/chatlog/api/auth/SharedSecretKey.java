package dev.chatlog.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import java.nio.charset.StandardCharsets;

/** An HS256 shared secret: the only algorithm it accepts is HS256, whatever key id the token names. */
final class SharedSecretKey implements SigningKeys {

    private final JWSVerifier verifier;

    SharedSecretKey(String secret) {
        try {
            this.verifier = new MACVerifier(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the HS256 secret is not usable: " + e.getMessage(), e);
        }
    }

    @Override
    public JWSVerifier verifierFor(JWSHeader header) throws InvalidTokenException {
        if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
            throw new InvalidTokenException("algorithm " + header.getAlgorithm() + " is not accepted; expected HS256");
        }
        return verifier;
    }
}
