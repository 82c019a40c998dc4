package dev.chatlog.launcher;

import java.util.Map;

/** A command whose options are the CHATLOG_* variables of a configuration. */
interface EnvBacked {

    /** Variable name to a one-line description with its default. */
    Map<String, String> documentation();
}
