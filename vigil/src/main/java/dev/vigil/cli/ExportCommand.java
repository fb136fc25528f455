package dev.vigil.cli;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.LoadResult;
import dev.vigil.config.ServiceSpec;
import dev.vigil.config.VigilConfig;
import dev.vigil.export.ExportFormat;
import dev.vigil.export.ExportOptions;
import dev.vigil.export.Exported;
import dev.vigil.export.Exports;
import dev.vigil.export.Lossy;
import dev.vigil.export.Platform;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil export PLATFORM [SERVICE...] --config PATH}: prints the services' probes as another
 * platform's health checks (docs/EXPORT.md). Needs no daemon. Only this command loads the export
 * package, and with it fabric8 and Jackson YAML: its fields are plain strings so that picocli,
 * which builds every command at start-up, loads nothing heavy for the other commands.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Print the probes of a config as Kubernetes probes, a Nomad service block, Consul service "
                + "definitions or a Docker HEALTHCHECK.",
                "Every translation that is not exact is listed on stderr, one line each:",
                "  warning: FIELD: FROM -> TO (WHY)"},
        footer = {"", "Examples:",
                "  vigil export kubernetes web --config /etc/vigil/          # the probe part of web's container",
                "  vigil export k8s --deployment --image ghcr.io/acme/web:1.4 -c services.toml",
                "  vigil export kubernetes os --pod --format json -c services.toml",
                "  vigil export nomad --format hcl -c services.toml",
                "  vigil export consul api -c services.toml > /etc/consul.d/api.json",
                "  vigil export docker web -c services.toml >> Dockerfile",
                "", "Formats: kubernetes yaml (default) or json; nomad json (default, HCL's JSON syntax) or hcl;",
                "         consul json; docker text.",
                "", "Exit status: 0 exported (warnings may have been printed), 1 invalid config (every problem printed)",
                "or the export failed, 2 bad usage, 4 no such service (a did-you-mean was printed)."})
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

    static final int EXPORTED = 0;
    static final int FAILED = 1;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int run(PrintWriter out, PrintWriter err) {
        Optional<Platform> target = Platform.parse(platform);
        if (target.isEmpty()) {
            List<String> close = DidYouMean.suggest(platform, List.of("kubernetes", "k8s", "nomad", "consul", "docker"));
            err.println("vigil export: unknown platform '" + platform + "'."
                    + (close.isEmpty() ? "" : " Did you mean '" + close.getFirst() + "'?")
                    + " Platforms: kubernetes (k8s), nomad, consul, docker.");
            return ExitCodes.USAGE;
        }
        Optional<ExportOptions> options = options(target.get(), err);
        if (options.isEmpty()) {
            return ExitCodes.USAGE;
        }
        VigilConfig loaded;
        switch (new ConfigLoader().load(config)) {
            case LoadResult.Invalid invalid -> {
                invalid.problems().forEach(err::println);
                return FAILED;
            }
            case LoadResult.Valid valid -> loaded = valid.config();
        }
        List<ServiceSpec> selected = new ArrayList<>();
        for (String name : new LinkedHashSet<>(services)) {
            Optional<ServiceSpec> service = loaded.service(name);
            if (service.isEmpty()) {
                List<String> known = loaded.services().stream().map(ServiceSpec::name).toList();
                List<String> close = DidYouMean.suggest(name, known);
                err.println("vigil export: unknown service '" + name + "' in " + config + "."
                        + (close.isEmpty() ? "" : " Did you mean " + String.join(" or ", close.stream().map(s -> "'" + s + "'").toList()) + "?")
                        + (known.isEmpty() ? " No services are configured." : " Services: " + String.join(", ", known)));
                return ExitCodes.UNKNOWN_SERVICE;
            }
            selected.add(service.get());
        }
        if (selected.isEmpty()) {
            selected.addAll(loaded.services());
        }
        Exported exported;
        try {
            exported = Exports.export(target.get(), selected, options.get());
        } catch (RuntimeException e) {
            // A bug of ours, not the user's input: say so in one line, never with a stack trace.
            err.println("vigil export: could not export: " + e);
            return FAILED;
        }
        out.print(exported.text());
        for (Lossy lossy : exported.warnings()) {
            err.println(lossy);
        }
        return EXPORTED;
    }

    private Optional<ExportOptions> options(Platform target, PrintWriter err) {
        ExportOptions options = ExportOptions.defaults(target);
        if (format != null) {
            Optional<ExportFormat> f = ExportFormat.parse(format).filter(target.formats()::contains);
            if (f.isEmpty()) {
                err.println("vigil export: " + target.cliName() + " exports as " + String.join(" or ",
                        target.formats().stream().map(ExportFormat::cliName).toList()) + ", not '" + format + "'");
                return Optional.empty();
            }
            options = options.withFormat(f.get());
        }
        if ((pod || deployment || image != null) && target != Platform.KUBERNETES) {
            err.println("vigil export: --pod, --deployment and --image apply to kubernetes only");
            return Optional.empty();
        }
        if (pod && deployment) {
            err.println("vigil export: choose one of --pod and --deployment");
            return Optional.empty();
        }
        if (image != null && !pod && !deployment) {
            err.println("vigil export: --image needs --pod or --deployment (bare containers carry only probes)");
            return Optional.empty();
        }
        if (vigil.isBlank()) {
            err.println("vigil export: --vigil needs a command, e.g. /usr/local/bin/vigil");
            return Optional.empty();
        }
        ExportOptions.Shape shape = pod ? ExportOptions.Shape.POD
                : deployment ? ExportOptions.Shape.DEPLOYMENT : ExportOptions.Shape.CONTAINERS;
        return Optional.of(new ExportOptions(options.format(), shape, image == null ? ExportOptions.DEFAULT_IMAGE : image,
                vigil));
    }
}
