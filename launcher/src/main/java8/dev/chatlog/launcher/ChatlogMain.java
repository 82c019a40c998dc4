package dev.chatlog.launcher;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The jar's entry point. It is compiled for Java 8, so that an older Java than chatlog needs can
 * load it and say so in one line, instead of failing with an UnsupportedClassVersionError on
 * {@link ChatlogCommand}; on a Java that suffices it runs {@code ChatlogCommand}.
 */
public final class ChatlogMain {

    /** The Java feature version the rest of chatlog is compiled for. */
    static final int REQUIRED_JAVA = 21;

    private static final String COMMAND = "dev.chatlog.launcher.ChatlogCommand";

    private ChatlogMain() {
    }

    public static void main(String[] args) throws Throwable {
        String problem = problem(System.getProperty("java.specification.version"), System.getProperty("java.home"));
        if (problem != null) {
            System.err.println(problem);
            System.exit(1);
        }
        // looked up by name: naming the class here would make this one need Java 21 as well
        MethodHandle command = MethodHandles.publicLookup().findStatic(Class.forName(COMMAND), "main",
                MethodType.methodType(void.class, String[].class));
        command.invokeExact(args);
    }

    /**
     * The line to print when a Java of {@code specificationVersion} ("1.8", "17", ...) at
     * {@code javaHome} is too old, or null when it suffices or its version cannot be read.
     */
    static String problem(String specificationVersion, String javaHome) {
        int feature = feature(specificationVersion);
        if (feature < 0 || feature >= REQUIRED_JAVA) {
            return null;
        }
        return "chatlog needs Java " + REQUIRED_JAVA + " or newer, but this is Java " + feature + " (" + javaHome
                + "); run the jar with a Java " + REQUIRED_JAVA + "+ (JAVA_HOME, or ./chatlog, which finds one)";
    }

    /** 8 for "1.8", 17 for "17"; -1 when unreadable. */
    static int feature(String specificationVersion) {
        if (specificationVersion == null) {
            return -1;
        }
        String version = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? -1 : Integer.parseInt(version.substring(0, end));
    }
}
