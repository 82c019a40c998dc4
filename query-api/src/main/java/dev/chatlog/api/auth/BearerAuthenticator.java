package dev.chatlog.api.auth;

import dev.chatlog.api.config.ApiConfig;
import dev.chatlog.api.http.ApiException;
import dev.chatlog.api.http.Authenticator;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates {@code Authorization: Bearer <JWT>} and answers who the user is (the token's
 * {@code sub}). Every refusal is a 401 with a {@code WWW-Authenticate} challenge (RFC 6750).
 */
public final class BearerAuthenticator implements Authenticator {

    private static final Logger log = LoggerFactory.getLogger(BearerAuthenticator.class);
    static final String REALM = "Bearer realm=\"chatlog\"";
    private static final int CACHE_SIZE = 10_000;


    private final TokenVerifier verifier;

    BearerAuthenticator(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    /** Verifies with the configured JWKS URL (fetched now) or HS256 secret, caching verified tokens. */
    public static BearerAuthenticator fromConfig(ApiConfig config) {
        Clock clock = Clock.systemUTC();
        SigningKeys keys;
        if (config.jwksUrl() != null) {
            if (config.issuer() == null || config.audience() == null) {
                log.warn("CHATLOG_JWT_ALLOW_MISSING_ISSUER_AUDIENCE is true and the {} not checked: any token the"
                        + " keys at {} signed is accepted, whatever issuer or audience it was made for",
                        config.issuer() == null && config.audience() == null ? "issuer and audience are"
                                : config.issuer() == null ? "issuer is" : "audience is", config.jwksUrl());
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            JwksKeys jwks = new JwksKeys(config.jwksUrl(), http, config.jwksRefetchInterval(), config.jwksMaxBytes(),
                    config.jwksFetchTimeout(), clock);
            jwks.preload();
            keys = jwks;
        } else {
            keys = new SharedSecretKey(config.hs256Secret());
        }
        ClaimsRules rules = new ClaimsRules(config.issuer(), config.audience(), config.clockSkew(),
                config.tokenMaxLifetime(), clock);
        return new BearerAuthenticator(
                new VerifiedTokenCache(new JwtVerifier(keys, rules), CACHE_SIZE, config.clockSkew(), clock));
    }

    @Override
    public String authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthorized("A bearer token is required", REALM);
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("The Authorization header must use the Bearer scheme", REALM);
        }
        String token = authorization.substring(7).trim();
        try {
            return verifier.verify(token).subject();
        } catch (InvalidTokenException e) {
            throw ApiException.unauthorized("The bearer token is not accepted: " + e.getMessage(),
                    REALM + ", error=\"invalid_token\", error_description=\"" + quotable(e.getMessage()) + "\"");
        } catch (KeysUnavailableException e) {
            throw ApiException.unavailable("keys-unavailable", "Signing keys unavailable",
                    "The keys that verify bearer tokens cannot be fetched; retry later", 5);
        }
    }

    /** Keeps a message inside a quoted-string of a header: printable ASCII without quotes or backslashes. */
    private static String quotable(String message) {
        StringBuilder out = new StringBuilder(message.length());
        for (char c : message.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
        }
        return out.toString();
    }
}
