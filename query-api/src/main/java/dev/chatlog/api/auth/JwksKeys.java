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
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys published at a JWKS URL. They are fetched on first use and cached; a token naming
 * an unknown {@code kid} causes a refetch (keys rotate), at most once per {@code minRefetchInterval}
 * (never less than {@link #MIN_REFETCH_INTERVAL}) so that tokens with made-up key ids cannot hammer
 * the issuer. A fetch is bounded in size and in total time, and runs under a {@link ReentrantLock}:
 * on JDK 21 a virtual thread blocking inside {@code synchronized} would pin its carrier thread.
 */
final class JwksKeys implements SigningKeys {

    /** The least interval between fetches that any configuration gets. */
    static final Duration MIN_REFETCH_INTERVAL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(JwksKeys.class);

    private final URI url;
    private final HttpClient http;
    private final Duration minRefetchInterval;
    private final int maxBytes;
    private final Duration fetchTimeout;
    private final Clock clock;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile List<VerificationKey> keys;
    private Instant lastFetch;

    /**
     * @param maxBytes     the largest JWKS accepted
     * @param fetchTimeout the longest a fetch may take, from connecting to the last byte of the body
     * @throws IllegalArgumentException when {@code minRefetchInterval} is below {@link #MIN_REFETCH_INTERVAL}
     */
    JwksKeys(URI url, HttpClient http, Duration minRefetchInterval, int maxBytes, Duration fetchTimeout, Clock clock) {
        if (minRefetchInterval.compareTo(MIN_REFETCH_INTERVAL) < 0) {
            throw new IllegalArgumentException("the JWKS refetch interval must be at least " + MIN_REFETCH_INTERVAL
                    + ", not " + minRefetchInterval);
        }
        this.url = url;
        this.http = http;
        this.minRefetchInterval = minRefetchInterval;
        this.maxBytes = maxBytes;
        this.fetchTimeout = fetchTimeout;
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

    private List<VerificationKey> refetch(List<VerificationKey> seen) {
        fetching.lock();
        try {
            return refetchLocked(seen);
        } finally {
            fetching.unlock();
        }
    }

    private List<VerificationKey> refetchLocked(List<VerificationKey> seen) {
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
        HttpRequest request = HttpRequest.newBuilder(url).timeout(fetchTimeout)
                .header("Accept", "application/json").GET().build();
        CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(request, BoundedBody.handler(maxBytes));
        HttpResponse<byte[]> response;
        try {
            response = sent.get(fetchTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new IOException("the JWKS URL did not answer in full within " + fetchTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            sent.cancel(true);
            throw e;
        }
        if (response.statusCode() != 200) {
            throw new IOException("the JWKS URL answered HTTP " + response.statusCode());
        }
        List<VerificationKey> usable = new ArrayList<>();
        for (JWK jwk : JWKSet.parse(new String(response.body(), StandardCharsets.UTF_8)).getKeys()) {
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
