package dev.chatlog.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.Set;

/** A public key from a JWKS with the algorithms it may verify, derived from its type and curve. */
record VerificationKey(String kid, Set<JWSAlgorithm> algorithms, JWSVerifier verifier) {

    private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

    /**
     * The key for {@code jwk}, or null when it cannot verify signatures here: an encryption key, a
     * symmetric key (a published JWKS must never hold a shared secret), or an unsupported curve.
     */
    static VerificationKey from(JWK jwk) throws JOSEException {
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            return null;
        }
        Set<JWSAlgorithm> algorithms;
        JWSVerifier verifier;
        if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
            // Better Auth serves Ed25519 keys without "alg"; tokens name the algorithm EdDSA (RFC 8037) or Ed25519 (RFC 9864)
            algorithms = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
            verifier = new Ed25519Verifier(okp.toPublicJWK());
        } else if (jwk instanceof RSAKey rsa) {
            algorithms = RSA;
            verifier = new RSASSAVerifier(rsa.toPublicJWK());
        } else if (jwk instanceof ECKey ec && ecAlgorithm(ec.getCurve()) != null) {
            algorithms = Set.of(ecAlgorithm(ec.getCurve()));
            verifier = new ECDSAVerifier(ec.toPublicJWK());
        } else {
            return null;
        }
        if (jwk.getAlgorithm() != null) {
            JWSAlgorithm named = JWSAlgorithm.parse(jwk.getAlgorithm().getName());
            if (!algorithms.contains(named)) {
                return null;
            }
            algorithms = Set.of(named);
        }
        return new VerificationKey(jwk.getKeyID(), algorithms, verifier);
    }

    private static JWSAlgorithm ecAlgorithm(Curve curve) {
        if (Curve.P_256.equals(curve)) {
            return JWSAlgorithm.ES256;
        }
        if (Curve.P_384.equals(curve)) {
            return JWSAlgorithm.ES384;
        }
        if (Curve.P_521.equals(curve)) {
            return JWSAlgorithm.ES512;
        }
        return null;
    }
}
