package dev.chatlog.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension handing tests the shared {@link TestServers} and a fresh {@link TestDatabase}
 * per parameter: {@code @ExtendWith(ChatlogServersExtension.class)}.
 */
public final class ChatlogServersExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestServers.class || type == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestServers servers = TestServers.get();
        return parameter.getParameter().getType() == TestServers.class ? servers : servers.newDatabase();
    }
}
