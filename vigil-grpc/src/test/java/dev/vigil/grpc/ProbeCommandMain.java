package dev.vigil.grpc;

import dev.vigil.cli.ProbeCommand;
import picocli.CommandLine;

/**
 * Runs {@code vigil probe ARGS} alone, so tests can start the packaged jars with a chosen class
 * path ({@code vigil.jar} with or without the plugin jar) and see what ServiceLoader finds there.
 */
public final class ProbeCommandMain {
    private ProbeCommandMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProbeCommand()).execute(args));
    }
}
