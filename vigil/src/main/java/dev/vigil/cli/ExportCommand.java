package dev.vigil.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil export PLATFORM [SERVICE...] --config PATH}: prints the services' probes as another
 * platform's health checks (docs/EXPORT.md). Needs no daemon. Only this command loads the export
 * package, and with it fabric8 and Jackson YAML: picocli reflects over every command class at
 * start-up (loading the types of its fields and methods), so this class holds plain options and
 * leaves the work, and every export type, to {@link ExportRun}.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Print the probes of a config as Kubernetes probes, a Nomad service block, Consul service "
                + "definitions or a Docker HEALTHCHECK.",
                "Every translation that is not exact is listed on stderr, one line each:",
                "  warning: FIELD: FROM -> TO (WHY)"},
        footer = {"", "Examples:",
                "  vigil export kubernetes web --config /etc/vigil/   # web's container probes",
                "  vigil export k8s --deployment --image ghcr.io/acme/web:1.4 -c services.toml",
                "  vigil export kubernetes os --pod --format json -c services.toml",
                "  vigil export nomad --format hcl -c services.toml",
                "  vigil export consul api -c services.toml > /etc/consul.d/api.json",
                "  vigil export docker web -c services.toml >> Dockerfile",
                "", "Formats: kubernetes yaml (default) or json; nomad json (default: HCL's",
                "JSON syntax) or hcl; consul json; docker text.",
                "", "Exit status: 0 exported (warnings may have been printed), 1 invalid config",
                "(every problem printed) or the export failed, 2 bad usage, 4 no such service."})
public final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PLATFORM", description = "kubernetes (or k8s), nomad, consul or docker.")
    String platform;

    @Parameters(index = "1..*", paramLabel = "SERVICE", description = "Services to export (default: all, in config order).")
    List<String> services = new ArrayList<>();

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "PATH",
            description = "A .toml file, or a directory of *.toml files.")
    Path config;

    @Option(names = "--format", paramLabel = "FORMAT", description = "yaml, json, hcl or text (see Formats below).")
    String format;

    @Option(names = "--pod", description = "Kubernetes: a whole Pod per service (image, command, env, probes).")
    boolean pod;

    @Option(names = "--deployment", description = "Kubernetes: a Deployment per service.")
    boolean deployment;

    @Option(names = "--image", paramLabel = "IMAGE",
            description = "Kubernetes --pod/--deployment: the container image (default: a placeholder to replace).")
    String image;

    @Option(names = "--vigil", paramLabel = "PATH", defaultValue = "vigil",
            description = "How exported commands run vigil where the checks run (default: ${DEFAULT-VALUE}, on PATH).")
    String vigil;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return new ExportRun(platform, services, config, format, pod, deployment, image, vigil).run(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
