package dev.vigil.export;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Where probes are exported to, with the output formats each accepts (the first is the default). */
public enum Platform {
    KUBERNETES(List.of(ExportFormat.YAML, ExportFormat.JSON)),
    NOMAD(List.of(ExportFormat.JSON, ExportFormat.HCL)),
    CONSUL(List.of(ExportFormat.JSON)),
    DOCKER(List.of(ExportFormat.TEXT));

    private final List<ExportFormat> formats;

    Platform(List<ExportFormat> formats) {
        this.formats = formats;
    }

    public List<ExportFormat> formats() {
        return formats;
    }

    public ExportFormat defaultFormat() {
        return formats.getFirst();
    }

    /** The name on the command line: {@code kubernetes}, {@code nomad}, ... */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code kubernetes} (or {@code k8s}), {@code nomad}, {@code consul}, {@code docker}. */
    public static Optional<Platform> parse(String text) {
        String name = text.toLowerCase(Locale.ROOT);
        if (name.equals("k8s")) {
            return Optional.of(KUBERNETES);
        }
        for (Platform p : values()) {
            if (p.cliName().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
