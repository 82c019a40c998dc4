package dev.chatlog.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys published at a JWKS URL. They are fetched on first use and cached; a token naming
 * an unknown {@code kid} causes a refetch (keys rotate), at most once per {@code minRefetchInterval}
 * so that tokens with made-up key ids cannot hammer the issuer.
 */
final class JwksKeys implements SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(JwksKeys.class);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

    private final URI url;
    private final HttpClient http;
    private final Duration minRefetchInterval;
    private final Clock clock;
    private volatile List<VerificationKey> keys;
    private Instant lastFetch;

    JwksKeys(URI url, HttpClient http, Duration minRefetchInterval, Clock clock) {
        this.url = url;
        this.http = http;
        this.minRefetchInterval = minRefetchInterval;
        this.clock = clock;
    }

    @Override
    public JWSVerifier verifierFor(JWSHeader header) throws InvalidTokenException {
        String kid = header.getKeyID();
        List<VerificationKey> seen = keys;
        VerificationKey key = seen == null ? null : find(seen, kid);
        if (key == null) {
            key = find(refetch(seen), kid);
        }
        if (key == null) {
            throw new InvalidTokenException(kid == null ? "token names no key id (kid)" : "token names an unknown key id");
        }
        if (!key.algorithms().contains(header.getAlgorithm())) {
            throw new InvalidTokenException("algorithm " + header.getAlgorithm() + " does not fit the key it names");
        }
        return key.verifier();
    }

    /** Fetches the keys now, so the first request does not wait; a failure is logged and retried on demand. */
    void preload() {
        try {
            refetch(null);
        } catch (KeysUnavailableException e) {
            // logged where it happened; the next token tries again once the interval has passed
        }
    }

    private static VerificationKey find(List<VerificationKey> keys, String kid) {
        if (kid == null) {
            // without a kid, only an unambiguous single key may be used
            return keys.size() == 1 ? keys.getFirst() : null;
        }
        for (VerificationKey key : keys) {
            if (kid.equals(key.kid())) {
                return key;
            }
        }
        return null;
    }

    private synchronized List<VerificationKey> refetch(List<VerificationKey> seen) {
        List<VerificationKey> current = keys;
        if (current != seen) {
            return current;
        }
        Instant now = clock.instant();
        if (lastFetch != null && now.isBefore(lastFetch.plus(minRefetchInterval))) {
            if (current == null) {
                throw new KeysUnavailableException("the signing keys at " + url + " could not be fetched yet", null);
            }
            return current;
        }
        lastFetch = now;
        try {
            List<VerificationKey> fetched = fetch();
            keys = fetched;
            log.info("loaded {} signing keys from {}", fetched.size(), url);
            return fetched;
        } catch (IOException | ParseException | JOSEException e) {
            if (current == null) {
                log.warn("could not fetch the signing keys at {}; tokens are refused with 503 until it works: {}",
                        url, e.toString());
                throw new KeysUnavailableException("the signing keys at " + url + " could not be fetched: " + e, e);
            }
            log.warn("could not refetch the signing keys at {}, keeping the {} known: {}", url, current.size(), e.toString());
            return current;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeysUnavailableException("interrupted while fetching the signing keys at " + url, e);
        }
    }

    private List<VerificationKey> fetch() throws IOException, InterruptedException, ParseException, JOSEException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(FETCH_TIMEOUT)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the JWKS URL answered HTTP " + response.statusCode());
        }
        List<VerificationKey> usable = new ArrayList<>();
        for (JWK jwk : JWKSet.parse(response.body()).getKeys()) {
            VerificationKey key = VerificationKey.from(jwk);
            if (key == null) {
                log.warn("ignoring key {} ({}) from {}: it cannot verify signatures here", jwk.getKeyID(),
                        jwk.getKeyType(), url);
            } else {
                usable.add(key);
            }
        }
        return List.copyOf(usable);
    }
}
