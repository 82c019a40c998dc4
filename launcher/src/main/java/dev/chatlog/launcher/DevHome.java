package dev.chatlog.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The directory dev mode keeps its state in (./.chatlog by default): the broker's and the
 * database's data, and the secret that signs dev tokens. The secret is made once per directory,
 * so a dev token is accepted by this checkout's dev-mode API and by nothing else.
 */
record DevHome(Path root) {

    static final String ISSUER = "chatlog-dev";
    static final String AUDIENCE = "chatlog-dev";

    Path kafka() {
        return root.resolve("kafka");
    }

    Path postgres() {
        return root.resolve("postgres");
    }

    Path streamsState() {
        return root.resolve("streams");
    }

    Path demoMarker() {
        return root.resolve("demo-published");
    }

    /** The token-signing secret, created on first use. */
    String secret() {
        Path file = root.resolve("dev-token-secret");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(root);
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the dev token secret in " + root, e);
        }
    }

    /** Removes everything dev mode stored. */
    void wipe() {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not wipe " + root, e);
        }
    }
}
