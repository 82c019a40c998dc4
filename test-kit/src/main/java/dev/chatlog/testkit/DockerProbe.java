package dev.chatlog.testkit;

/** Answers whether a Docker engine is reachable, for the {@code auto} choice of test servers. */
@FunctionalInterface
public interface DockerProbe {

    boolean dockerAvailable();
}
