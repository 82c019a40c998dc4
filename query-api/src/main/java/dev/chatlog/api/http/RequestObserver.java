package dev.chatlog.api.http;

/**
 * Told about every answered request, for metrics. {@code route} is the path template the request's
 * path fits, also when its method is refused with a 405, or "unmatched" when no template fits.
 */
@FunctionalInterface
public interface RequestObserver {

    void answered(String route, String method, int status, long nanos);
}
