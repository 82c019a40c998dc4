package dev.chatlog.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ChatlogMainTest {

    @Test
    void anOlderJavaGetsOneLineNamingItAndTheJavaNeeded() {
        String line = ChatlogMain.problem("17", "/usr/lib/jvm/java-17-openjdk-amd64");

        assertThat(line).isEqualTo("chatlog needs Java 21 or newer, but this is Java 17"
                + " (/usr/lib/jvm/java-17-openjdk-amd64); run the jar with a Java 21+ (JAVA_HOME, or ./chatlog, which finds one)");
    }

    @Test
    void javaEightIsNamedByItsFeatureVersion() {
        assertThat(ChatlogMain.problem("1.8", "/opt/jre8")).contains("but this is Java 8 (/opt/jre8)");
        assertThat(ChatlogMain.problem("20", "/opt/jdk20")).contains("this is Java 20");
    }

    @Test
    void theRequiredJavaAndNewerPass() {
        assertThat(ChatlogMain.problem("21", "/opt/jdk21")).isNull();
        assertThat(ChatlogMain.problem("25", "/opt/jdk25")).isNull();
        assertThat(ChatlogMain.problem(System.getProperty("java.specification.version"), "this JVM")).isNull();
    }

    @Test
    void anUnreadableVersionIsLetThrough() {
        assertThat(ChatlogMain.feature(null)).isEqualTo(-1);
        assertThat(ChatlogMain.feature("internal")).isEqualTo(-1);
        assertThat(ChatlogMain.problem("internal", "/opt/jdk")).isNull();
    }

    @Test
    void theEntryPointLoadsOnJavaEightAndTheRequiredJavaIsTheOneTheCommandIsCompiledFor() throws IOException {
        assertThat(javaOfClassFile(ChatlogMain.class)).isEqualTo(8);
        assertThat(javaOfClassFile(ChatlogCommand.class)).isEqualTo(ChatlogMain.REQUIRED_JAVA);
    }

    /** The Java feature version a class file was compiled for: its major version minus 44. */
    private static int javaOfClassFile(Class<?> type) throws IOException {
        try (DataInputStream in = new DataInputStream(
                type.getResourceAsStream(type.getSimpleName() + ".class"))) {
            in.readInt();
            in.readUnsignedShort();
            return in.readUnsignedShort() - 44;
        }
    }
}
