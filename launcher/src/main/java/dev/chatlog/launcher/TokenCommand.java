package dev.chatlog.launcher;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints a dev token for a user, accepted by this checkout's dev-mode API only. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Prints a bearer token for <user>, valid for 12 hours against the dev-mode API of this checkout only.")
final class TokenCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<user>", description = "the user id the token is for (its sub claim)")
    String user;

    @Option(names = "--home", defaultValue = ".chatlog", paramLabel = "<dir>",
            description = "dev mode's state directory (default: ${DEFAULT-VALUE})")
    Path home;

    @Override
    public Integer call() {
        System.out.println(DevTokens.mint(new DevHome(home).secret(), user, Instant.now()));
        return 0;
    }
}
