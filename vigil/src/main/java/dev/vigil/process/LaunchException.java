package dev.vigil.process;

/** A process could not be started at all; the message is for the operator. */
public final class LaunchException extends Exception {
    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }

    public LaunchException(String message) {
        super(message);
    }
}
