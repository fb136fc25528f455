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

/**
 * One {@code vigil export}: checks the options, loads the config, picks the services and prints
 * the export (exit codes in {@link ExportCommand}'s help and docs/CLI.md).
 */
final class ExportRun {
    static final int EXPORTED = 0;
    static final int FAILED = 1;

    private final String platform;
    private final List<String> services;
    private final Path config;
    private final String format;
    private final boolean pod;
    private final boolean deployment;
    private final String image;
    private final String vigil;

    ExportRun(String platform, List<String> services, Path config, String format, boolean pod, boolean deployment,
              String image, String vigil) {
        this.platform = platform;
        this.services = List.copyOf(services);
        this.config = config;
        this.format = format;
        this.pod = pod;
        this.deployment = deployment;
        this.image = image;
        this.vigil = vigil;
    }

    /** Exports and returns the exit code; output to {@code out}, warnings and errors to {@code err}. */
    int run(PrintWriter out, PrintWriter err) {
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
        if (image != null && image.isBlank()) {
            err.println("vigil export: --image needs an image reference, e.g. ghcr.io/acme/web:1.4");
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
