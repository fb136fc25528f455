package dev.vigil.cli;

import dev.vigil.config.HttpSpec;
import dev.vigil.web.TokenFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil token}: creates the HTTP API's bearer token file (mode 0600) if it is missing. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Create the bearer token that HTTP actions (POST /api/v1/...) need, if it does not exist yet: "
                + "a random 256-bit token in <state-dir>/http.token (or --file), mode 0600.",
                "Prints the file's path. Use it as: curl -H \"Authorization: Bearer $(cat PATH)\" ..."},
        footer = {"", "Exit status: 0 created or already there, 1 could not create it."})
public final class TokenCommand implements Callable<Integer> {

    @Option(names = "--file", paramLabel = "PATH", description = "The token file (default: <state-dir>/http.token, "
            + "as [http] token_file defaults to).")
    Path file;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path target = file != null ? file.toAbsolutePath() : main.stateDir().resolve(HttpSpec.DEFAULT_TOKEN_FILE);
        try {
            boolean created = TokenFile.createIfMissing(target);
            spec.commandLine().getOut().println((created ? "created " : "exists ") + target);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (java.io.IOException | RuntimeException e) {
            spec.commandLine().getErr().println("vigil token: cannot create " + target + ": " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
