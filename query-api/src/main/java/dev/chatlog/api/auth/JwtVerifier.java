package dev.chatlog.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Map;

/**
 * Verifies a compact JWS with Nimbus: parses it (an unsecured {@code alg: none} token does not
 * parse as signed), lets {@link SigningKeys} pick the key, checks the signature, then the claims.
 */
final class JwtVerifier implements TokenVerifier {

    private final SigningKeys keys;
    private final ClaimsRules rules;

    JwtVerifier(SigningKeys keys, ClaimsRules rules) {
        this.keys = keys;
        this.rules = rules;
    }

    @Override
    public VerifiedToken verify(String token) throws InvalidTokenException {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("token is not a signed JWT");
        }
        JWSVerifier verifier = keys.verifierFor(jwt.getHeader());
        boolean valid;
        try {
            valid = jwt.verify(verifier);
        } catch (JOSEException e) {
            throw new InvalidTokenException("token signature cannot be verified");
        }
        if (!valid) {
            throw new InvalidTokenException("token signature is invalid");
        }
        // Nimbus turns a numeric sub into text; the user must be the string the issuer wrote
        Map<String, Object> payload = jwt.getPayload().toJSONObject();
        Object subject = payload == null ? null : payload.get("sub");
        if (subject != null && !(subject instanceof String)) {
            throw new InvalidTokenException("token subject (sub) must be a JSON string");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("token claims are malformed");
        }
        return rules.check(claims);
    }
}
