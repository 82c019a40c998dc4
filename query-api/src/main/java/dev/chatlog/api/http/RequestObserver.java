package dev.chatlog.api.http;

/** Told about every answered request, for metrics. {@code route} is the route's path template or "unmatched". */
@FunctionalInterface
public interface RequestObserver {

    void answered(String route, String method, int status, long nanos);
}
