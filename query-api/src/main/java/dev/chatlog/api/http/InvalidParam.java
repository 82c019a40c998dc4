package dev.chatlog.api.http;

/** One entry of a problem's {@code invalid_params}: the parameter and why its value was refused. */
public record InvalidParam(String name, String reason) {
}
