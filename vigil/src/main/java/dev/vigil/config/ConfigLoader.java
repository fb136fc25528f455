package dev.vigil.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads and validates a Vigil configuration: one TOML file, or every {@code *.toml} file of a
 * directory (not recursive) in name order.
 *
 * <p>Validation never stops at the first error: every problem in every file is collected. A file
 * with TOML syntax errors reports those and is not checked further (its partial content would only
 * produce misleading errors); the other files are still checked. A service (or {@code [daemon]})
 * declared in two files is an error naming both places.
 *
 * <p>Relative paths ({@code cwd}, {@code unix}, a {@code command[0]} containing a slash) are
 * resolved against the directory of the file they are written in. Executability and directories
 * are checked against the file system at load time. Thread-safe: holds no mutable state.
 */
public final class ConfigLoader {

    private final Executables executables;
    private final Accounts accounts;

    /** Looks bare command names up on this process's {@code PATH}. */
    public ConfigLoader() {
        this(System.getenv("PATH"));
    }

    /** Looks bare command names up on {@code searchPath} (colon-separated, as PATH). */
    public ConfigLoader(String searchPath) {
        this(searchPath, Accounts.system());
    }

    /** With another user database and daemon identity (tests play a non-root daemon). */
    ConfigLoader(String searchPath, Accounts accounts) {
        this.executables = new Executables(searchPath);
        this.accounts = accounts;
    }

    /**
     * Never throws for any input: what cannot be read, parsed or trusted becomes a problem naming
     * the file (see {@link LoadBoundary}), and the limits of {@link ConfigLimits} bound the work.
     */
    public LoadResult load(Path fileOrDirectory) {
        ProblemLog problems = new ProblemLog();
        List<Path> files = LoadBoundary.guard(fileOrDirectory, problems, List.of(), () -> files(fileOrDirectory, problems));
        DaemonSettings daemon = DaemonSettings.defaults();
        Map<String, ConfigFileReader.Declared> declared = new HashMap<>();
        List<ServiceSpec> services = new ArrayList<>();
        List<AlertTarget> alerts = new ArrayList<>();
        Optional<HttpSpec> http = Optional.empty();
        Optional<ConsulSpec> consul = Optional.empty();
        ConfigFileReader reader = new ConfigFileReader(executables, accounts);
        long bytesLeft = ConfigLimits.MAX_TOTAL_BYTES;
        int servicesLeft = ConfigLimits.MAX_SERVICES;
        for (Path file : files) {
            Problems fileProblems = new Problems(file, problems);
            long maxBytes = Math.min(ConfigLimits.MAX_FILE_BYTES, bytesLeft);
            Optional<ParsedFile> parsed = LoadBoundary.guard(file, problems, Optional.empty(),
                    () -> parse(file, maxBytes, fileProblems));
            if (parsed.isEmpty()) {
                continue;
            }
            bytesLeft -= parsed.get().bytes();
            int fileServices = serviceCount(parsed.get().root());
            if (fileServices > servicesLeft) {
                reportServiceLimit(parsed.get().root(), servicesLeft, fileProblems);
                break;
            }
            servicesLeft -= fileServices;
            ConfigFileReader.FileContent content = LoadBoundary.guard(file, problems, null,
                    () -> reader.read(parsed.get().root(), fileProblems));
            if (content == null) {
                continue;
            }
            for (ConfigFileReader.Declared table : content.declared()) {
                ConfigFileReader.Declared earlier = declared.putIfAbsent(table.field(), table);
                if (earlier != null) {
                    fileProblems.add(table.where(), table.field(), "", "is declared twice: here and at "
                            + earlier.where().file() + ":" + earlier.where().line() + ":" + earlier.where().column(),
                            "declare it in one file only");
                }
            }
            daemon = content.daemon().orElse(daemon);
            http = content.http().isPresent() ? content.http() : http;
            consul = content.consul().isPresent() ? content.consul() : consul;
            services.addAll(content.services());
            AlertTargetChecks.addAcrossFiles(alerts, content.alerts(), fileProblems);
        }
        if (problems.isEmpty()) {
            AlertTargetChecks.servicesExist(alerts, services, problems);
            consul.ifPresent(c -> ConsulReader.servicesHaveWatchdogs(c, services, problems));
            DependencyChecks.check(services, problems);
        }
        if (!problems.isEmpty()) {
            return new LoadResult.Invalid(problems.listed(files, fileOrDirectory));
        }
        return new LoadResult.Valid(new VigilConfig(files, daemon, services, http, alerts, consul));
    }

    /** A file's root table and its size in bytes. */
    private record ParsedFile(TomlTable root, long bytes) {}

    private static int serviceCount(TomlTable root) {
        return root.get("services") instanceof TomlTable all ? all.keySet().size() : 0;
    }

    /** One problem at the first service too many; the file is not validated (each service costs disk checks). */
    private static void reportServiceLimit(TomlTable root, int servicesLeft, Problems problems) {
        TomlTable all = (TomlTable) root.get("services");
        String first = all.keySet().stream().skip(Math.max(0, servicesLeft)).findFirst().orElseThrow();
        problems.add(problems.at(all.entry(first).keyPosition()), "services." + first, "",
                "is one service too many", "at most " + ConfigLimits.MAX_SERVICES + " services in all files");
    }

    private static List<Path> files(Path path, ProblemLog problems) {
        Path absolute = path.toAbsolutePath().normalize();
        if (Files.isRegularFile(absolute)) {
            return List.of(absolute);
        }
        if (!Files.isDirectory(absolute)) {
            problems.add(new ConfigProblem(absolute, 0, 0, "", "", "a .toml file or a directory of them",
                    Files.exists(absolute) ? "is not a regular file" : "does not exist"));
            return List.of();
        }
        try (Stream<Path> entries = Files.list(absolute)) {
            List<Path> files = entries.filter(p -> p.getFileName().toString().endsWith(".toml"))
                    .filter(Files::isRegularFile).limit(ConfigLimits.MAX_FILES + 1L)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
            if (files.isEmpty()) {
                problems.add(new ConfigProblem(absolute, 0, 0, "", "", "at least one file named *.toml",
                        "has no .toml files"));
            }
            if (files.size() > ConfigLimits.MAX_FILES) {
                problems.add(new ConfigProblem(absolute, 0, 0, "", "", "at most " + ConfigLimits.MAX_FILES,
                        "has more than " + ConfigLimits.MAX_FILES + " .toml files"));
                return List.of();
            }
            return files;
        } catch (IOException e) {
            problems.add(new ConfigProblem(absolute, 0, 0, "", "", "a readable directory", "cannot be listed: " + e));
            return List.of();
        }
    }

    private static Optional<ParsedFile> parse(Path file, long maxBytes, Problems problems) {
        switch (ConfigText.read(file, maxBytes)) {
            case ConfigText.Result.TooLarge tooLarge -> {
                SourceRef where = new SourceRef(file, 0, 0);
                if (tooLarge.bytes() > ConfigLimits.MAX_FILE_BYTES) {
                    problems.add(where, "", "", "is larger than " + ByteSizes.format(ConfigLimits.MAX_FILE_BYTES)
                            + " (" + tooLarge.bytes() + " bytes)", "a config file of at most "
                            + ByteSizes.format(ConfigLimits.MAX_FILE_BYTES) + "; split services over several files in a directory");
                } else {
                    problems.add(where, "", "", "brings the config over " + ByteSizes.format(ConfigLimits.MAX_TOTAL_BYTES)
                            + " in all files", "at most " + ByteSizes.format(ConfigLimits.MAX_TOTAL_BYTES) + " of *.toml in one directory");
                }
                return Optional.empty();
            }
            case ConfigText.Result.Refused refused -> {
                problems.add(refused.where(), "", "", refused.message(), refused.expected());
                return Optional.empty();
            }
            case ConfigText.Result.Text text -> {
                try {
                    return Optional.of(new ParsedFile(TomlParser.parse(text.text()), text.bytes()));
                } catch (TomlSyntaxException e) {
                    problems.add(problems.at(e.position()), "", "", "TOML syntax: " + e.getMessage(), "see https://toml.io");
                    return Optional.empty();
                }
            }
        }
    }
}
