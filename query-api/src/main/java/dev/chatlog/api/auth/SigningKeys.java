package dev.chatlog.api.auth;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;

/**
 * Chooses the key that verifies a token. The key decides which algorithms it accepts; the token's
 * {@code alg} header only has to be one of them, so a token cannot pick its own algorithm.
 */
interface SigningKeys {

    JWSVerifier verifierFor(JWSHeader header) throws InvalidTokenException;
}
