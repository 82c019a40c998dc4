package dev.chatlog.worker;

/** The worker stopped because of a failure that retrying cannot fix (a defect or a wrong configuration). */
public final class WorkerStoppedException extends RuntimeException {

    WorkerStoppedException(Throwable cause) {
        super("the worker stopped: " + root(cause), cause);
    }

    private static String root(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
