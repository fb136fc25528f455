package dev.vigil.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * picocli's usage error (exit 2, the message and the command's usage), made here rather than in
 * the commands. The JVM checks a class's verification constraints when it links the class, and
 * {@code return new ParameterException(...)} in a command would make linking it load picocli's
 * exception classes. Those are the one thing the client AOT cache cannot hold (picocli is built
 * for Java 5), so loading them opens the 26 MB jar: a few milliseconds of every fast-path
 * {@code vigil list} and {@code vigil status}, which never report a usage error.
 */
final class UsageErrors {

    private UsageErrors() {
    }

    static RuntimeException of(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
