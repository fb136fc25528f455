package dev.vigil.export;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.LoadResult;
import dev.vigil.config.VigilConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One golden export: a config from {@code examples/}, a platform and its options, and the golden
 * files {@code export/CONFIG/NAME} (stdout) and {@code export/CONFIG/NAME.warnings} (stderr) under
 * {@code src/test/resources}.
 */
record ExportCase(String config, String name, Platform platform, ExportOptions options) {

    /** The repository root: tests run in the {@code vigil} module directory. */
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    static List<ExportCase> all() {
        List<ExportCase> cases = new ArrayList<>();
        for (String config : List.of("reference", "demo")) {
            ExportOptions k8s = ExportOptions.defaults(Platform.KUBERNETES);
            cases.add(new ExportCase(config, "kubernetes.yaml", Platform.KUBERNETES, k8s));
            cases.add(new ExportCase(config, "kubernetes.json", Platform.KUBERNETES, k8s.withFormat(ExportFormat.JSON)));
            cases.add(new ExportCase(config, "kubernetes-pod.yaml", Platform.KUBERNETES, k8s.withShape(ExportOptions.Shape.POD)));
            cases.add(new ExportCase(config, "kubernetes-pod.json", Platform.KUBERNETES,
                    k8s.withShape(ExportOptions.Shape.POD).withFormat(ExportFormat.JSON)));
            cases.add(new ExportCase(config, "kubernetes-deployment.yaml", Platform.KUBERNETES,
                    k8s.withShape(ExportOptions.Shape.DEPLOYMENT)));
            cases.add(new ExportCase(config, "nomad.json", Platform.NOMAD, ExportOptions.defaults(Platform.NOMAD)));
            cases.add(new ExportCase(config, "nomad.hcl", Platform.NOMAD,
                    ExportOptions.defaults(Platform.NOMAD).withFormat(ExportFormat.HCL)));
            cases.add(new ExportCase(config, "consul.json", Platform.CONSUL, ExportOptions.defaults(Platform.CONSUL)));
            cases.add(new ExportCase(config, "docker.txt", Platform.DOCKER, ExportOptions.defaults(Platform.DOCKER)));
        }
        return cases;
    }

    Path configPath() {
        return REPO.resolve(config.equals("reference") ? "examples/reference.toml" : "examples/demo");
    }

    VigilConfig load() {
        return switch (new ConfigLoader().load(configPath())) {
            case LoadResult.Valid valid -> valid.config();
            case LoadResult.Invalid invalid -> throw new AssertionError("examples must be valid: " + invalid.problems());
        };
    }

    Exported export() {
        return Exports.export(platform, load().services(), options);
    }

    /** Machine-independent text: the checkout's absolute path becomes {@code <repo>}. */
    static String portable(String text) {
        return text.replace(REPO.toString(), "<repo>");
    }

    String golden() {
        return "export/" + config + "/" + name;
    }

    @Override
    public String toString() {
        return config + " -> " + name;
    }
}
