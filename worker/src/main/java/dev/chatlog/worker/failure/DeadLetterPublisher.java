package dev.chatlog.worker.failure;

import java.util.List;

/**
 * Publishes dead letters found while writing a batch, before the batch commits. It returns only
 * once every one is stored, so a crash after it can duplicate a dead letter but never lose one.
 */
@FunctionalInterface
public interface DeadLetterPublisher {

    /** Stores every dead letter durably, or throws; never returns having stored only some. */
    void publish(List<DeadLetter> deadLetters);
}
