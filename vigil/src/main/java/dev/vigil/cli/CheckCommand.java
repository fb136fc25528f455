package dev.vigil.cli;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.ConfigProblem;
import dev.vigil.config.LoadResult;
import dev.vigil.config.VigilConfig;
import dev.vigil.json.Json;
import dev.vigil.process.Cgroups;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil check PATH}: validates a configuration without starting anything. Exit 0 and a
 * one-line summary when valid; exit 1 and every problem, one per line in file/line/column order,
 * when not.
 */
@Command(name = "check",
        description = "Validate a config file, or every *.toml in a directory, and print every problem at once.",
        mixinStandardHelpOptions = true,
        footer = {"", "Example:", "  vigil check /etc/vigil/", "  vigil check services.toml --json",
                "", "Exit status: 0 valid, 1 invalid."})
public final class CheckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PATH", description = "A .toml file or a directory of them.")
    Path path;

    @Option(names = "--json", description = "Print {\"valid\":..., \"problems\":[...], \"notes\":[...]} for scripts.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LoadResult result = new ConfigLoader().load(path);
        List<ConfigProblem> problems = switch (result) {
            case LoadResult.Valid v -> List.of();
            case LoadResult.Invalid i -> i.problems();
        };
        List<String> notes = switch (result) {
            case LoadResult.Valid v -> CgroupNotes.notes(v.config(), Cgroups.detect());
            case LoadResult.Invalid i -> List.of();
        };
        if (json) {
            out.println(json(problems, notes));
        } else {
            switch (result) {
                case LoadResult.Valid v -> {
                    out.println(summary(v.config()));
                    notes.forEach(out::println);
                }
                case LoadResult.Invalid i -> i.problems().forEach(out::println);
            }
        }
        out.flush();
        return problems.isEmpty() ? 0 : 1;
    }

    static String summary(VigilConfig config) {
        int services = config.services().size();
        int processes = config.services().stream().mapToInt(s -> s.processes().size()).sum();
        int probes = config.services().stream().mapToInt(s -> s.probes().size()).sum();
        int files = config.sources().size();
        return "valid: " + count(services, "service") + ", " + count(processes, "process") + ", "
                + count(probes, "probe") + " in " + count(files, "file");
    }

    private static String count(int n, String noun) {
        return n + " " + (n == 1 ? noun : noun.endsWith("s") ? noun + "es" : noun + "s");
    }

    private static String json(List<ConfigProblem> problems, List<String> notes) throws Exception {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("valid", problems.isEmpty());
        root.put("problems", problems.stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", p.file().toString());
            m.put("line", p.line());
            m.put("column", p.column());
            m.put("field", p.field());
            m.put("value", p.value());
            m.put("expected", p.expected());
            m.put("message", p.message());
            return m;
        }).toList());
        root.put("notes", notes);
        return Json.write(root);
    }
}
