package dev.vigil.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads the {@link ProcessControls} keys of a process: {@code user}, {@code group},
 * {@code env_file}, {@code clear_env}, {@code umask}, {@code stdin}, {@code rlimits},
 * {@code memory_max}, {@code cpu_max}, {@code restart_on_memory}. Env files are read here, at load
 * time, so a bad line is a config error with its file and line, reported by {@code vigil check}
 * and by a reload.
 */
final class ControlsReader {

    static final List<String> KEYS = List.of("user", "group", "env_file", "clear_env", "umask", "stdin", "rlimits",
            "memory_max", "cpu_max", "restart_on_memory");

    /** Env files are small; a bigger one is a mistake (a log, a binary) and must not be read into memory. */
    static final long MAX_ENV_FILE_BYTES = 1 << 20;
    private static final String USER_EXPECTED = "a user name such as \"nobody\" or a numeric uid such as \"65534\"";
    private static final String GROUP_EXPECTED = "a group name such as \"nogroup\" or a numeric gid such as \"65534\"";
    private static final String ENV_FILE_EXPECTED = "an array of dotenv files such as [\".env\"] (relative = to the config's directory)";
    private static final String UMASK_EXPECTED = "an octal mask as a string such as \"027\" or \"0077\" (0 to 0777)";
    private static final String CPU_EXPECTED = "a percentage of one CPU such as \"50%\" or \"200%\" (1% to 10000%)";
    /** cgroup v2 refuses less than a few pages per process; below 1 MiB nothing useful runs. */
    private static final long MIN_MEMORY = 1L << 20;

    private final Accounts accounts;

    ControlsReader(Accounts accounts) {
        this.accounts = accounts;
    }

    /** The controls of {@code r}; problems are reported on {@code r} (see {@link TomlReader#failed}). */
    ProcessControls read(TomlReader r) {
        Optional<RunAs> runAs = runAs(r);
        List<Path> envFiles = new ArrayList<>();
        Map<String, String> fileEnv = envFiles(r, envFiles);
        boolean clearEnv = r.bool("clear_env", false);
        OptionalInt umask = umask(r);
        r.string("stdin", "\"null\" (stdin is always /dev/null)").ifPresent(s -> {
            if (!s.equals("null")) {
                r.problem("stdin", TomlValues.quote(s), "is not supported: services never read the daemon's input",
                        "\"null\" (stdin is always /dev/null)");
            }
        });
        Map<Rlimit, Long> rlimits = rlimits(r);
        OptionalLong memoryMax = size(r, "memory_max", MIN_MEMORY, Long.MAX_VALUE / 2);
        OptionalInt cpuMax = cpuMax(r);
        Optional<MemoryLimit> restartOnMemory = restartOnMemory(r, memoryMax);
        return new ProcessControls(runAs, envFiles, fileEnv, clearEnv, umask, rlimits, memoryMax, cpuMax, restartOnMemory);
    }

    /**
     * {@code restart_on_memory}: a size like {@code memory_max}, and below it when both are given
     * (at or above {@code memory_max} the cgroup's OOM killer acts first and the restart never comes).
     */
    private static Optional<MemoryLimit> restartOnMemory(TomlReader r, OptionalLong memoryMax) {
        OptionalLong bytes = size(r, "restart_on_memory", MIN_MEMORY, Long.MAX_VALUE / 2);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        if (memoryMax.isPresent() && bytes.getAsLong() >= memoryMax.getAsLong()) {
            r.problem("restart_on_memory", TomlValues.render(r.raw("restart_on_memory").orElseThrow()),
                    "must be below memory_max (" + ByteSizes.format(memoryMax.getAsLong())
                            + "): at memory_max the kernel's OOM killer acts first and the restart never comes",
                    "a size below memory_max, or no memory_max");
            return Optional.empty();
        }
        return Optional.of(new MemoryLimit(bytes.getAsLong(), r.at("restart_on_memory")));
    }

    private Optional<RunAs> runAs(TomlReader r) {
        Optional<String> userText = r.text("user", USER_EXPECTED);
        Optional<String> groupText = r.text("group", GROUP_EXPECTED);
        Optional<Accounts.User> user = Optional.empty();
        if (userText.isPresent()) {
            user = accounts.user(userText.get());
            if (user.isEmpty()) {
                r.problem("user", TomlValues.quote(userText.get()), "is not a user on this system", USER_EXPECTED);
            } else if (user.get().uid() != accounts.effectiveUid() && accounts.effectiveUid() != 0) {
                r.problem("user", TomlValues.quote(userText.get()), "cannot be used: the daemon runs as uid "
                        + accounts.effectiveUid() + ", not root, and may start processes only as itself",
                        "no user key, or run the daemon as root");
                user = Optional.empty();
            }
        }
        Optional<Integer> gid = Optional.empty();
        if (groupText.isPresent()) {
            gid = accounts.group(groupText.get());
            if (gid.isEmpty()) {
                r.problem("group", TomlValues.quote(groupText.get()), "is not a group on this system", GROUP_EXPECTED);
            } else if (gid.get() != accounts.effectiveGid() && accounts.effectiveUid() != 0) {
                r.problem("group", TomlValues.quote(groupText.get()), "cannot be used: the daemon runs as uid "
                        + accounts.effectiveUid() + ", not root, and may start processes only in its own group "
                        + accounts.effectiveGid(), "no group key, or run the daemon as root");
                gid = Optional.empty();
            }
        }
        if (user.isEmpty() && gid.isEmpty()) {
            return Optional.empty();
        }
        Optional<Accounts.User> u = user;
        Optional<Integer> effectiveGid = gid.isPresent() ? gid : u.map(Accounts.User::gid);
        // A bare uid that the database does not know has no name: its supplementary groups are cleared.
        Optional<String> name = u.filter(x -> !x.name().isEmpty()).map(Accounts.User::name);
        return Optional.of(new RunAs(u.map(Accounts.User::uid), effectiveGid, name, u.map(Accounts.User::home)));
    }

    private static Map<String, String> envFiles(TomlReader r, List<Path> files) {
        Map<String, String> out = new LinkedHashMap<>();
        Optional<List<String>> names = r.strings("env_file", false, ENV_FILE_EXPECTED);
        if (names.isEmpty()) {
            return out;
        }
        for (int i = 0; i < names.get().size(); i++) {
            String name = names.get().get(i);
            SourceRef at = r.elementAt("env_file", i);
            String field = r.field("env_file") + "[" + i + "]";
            Path file;
            try {
                file = r.problems().dir().resolve(name).normalize();
            } catch (InvalidPathException e) {
                fail(r, at, field, name, "is not a valid path");
                continue;
            }
            files.add(file);
            try {
                if (!Files.isRegularFile(file)) {
                    fail(r, at, field, name, Files.exists(file) ? "is not a regular file (" + file + ")" : "does not exist (" + file + ")");
                    continue;
                }
                if (Files.size(file) > MAX_ENV_FILE_BYTES) {
                    fail(r, at, field, name, "is larger than 1MiB (" + file + ")");
                    continue;
                }
                String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
                out.putAll(DotEnv.parse(text));
            } catch (DotEnv.DotEnvException e) {
                fail(r, at, field, name, "line " + e.line() + " of " + file.getFileName() + " (" + file + ":" + e.line() + "): " + e.getMessage());
            } catch (CharacterCodingException e) {
                fail(r, at, field, name, "is not UTF-8 text (" + file + ")");
            } catch (IOException e) {
                fail(r, at, field, name, "cannot be read (" + file + "): " + e.getMessage());
            }
        }
        return out;
    }

    private static void fail(TomlReader r, SourceRef at, String field, String name, String message) {
        r.problems().add(at, field, TomlValues.quote(name), message, ENV_FILE_EXPECTED);
        r.markFailed("env_file");
    }

    private static OptionalInt umask(TomlReader r) {
        Optional<Object> raw = r.raw("umask");
        if (raw.isEmpty()) {
            return OptionalInt.empty();
        }
        if (raw.get() instanceof String s && s.matches("0?[0-7]{1,3}")) {
            return OptionalInt.of(Integer.parseInt(s, 8));
        }
        String why = raw.get() instanceof String ? "is not an octal mask from 0 to 0777"
                : "must be a string (an unquoted 027 would be read as decimal), not " + TomlValues.typeName(raw.get());
        r.problem("umask", TomlValues.render(raw.get()), why, UMASK_EXPECTED);
        return OptionalInt.empty();
    }

    private static Map<Rlimit, Long> rlimits(TomlReader r) {
        Map<Rlimit, Long> out = new EnumMap<>(Rlimit.class);
        String expected = "a table such as { nofile = 65536, core = 0 } with keys " + String.join(", ", Rlimit.keys());
        Optional<TomlReader> table = r.table("rlimits", expected);
        if (table.isEmpty()) {
            return out;
        }
        TomlReader t = table.get();
        for (String key : t.keys()) {
            Optional<Rlimit> limit = Rlimit.keys().contains(key) ? Optional.of(Rlimit.valueOf(key.toUpperCase(java.util.Locale.ROOT)))
                    : Optional.empty();
            if (limit.isEmpty()) {
                t.problem(key, TomlValues.render(t.raw(key).orElseThrow()), "is not a resource limit"
                        + Suggestions.closest(key, Rlimit.keys()).map(s -> " (did you mean " + s + "?)").orElse(""), expected);
                continue;
            }
            RlimitValues.read(t, key, limit.get()).ifPresent(v -> out.put(limit.get(), v));
        }
        if (t.failed(t.keys().toArray(String[]::new))) {
            r.markFailed("rlimits");
        }
        return out;
    }

    /** A size written as bytes or {@code "512MiB"}, within {@code min..max}. */
    static OptionalLong size(TomlReader r, String key, long min, long max) {
        String expected = ByteSizes.EXAMPLES + ", from " + ByteSizes.format(min)
                + (max == Long.MAX_VALUE / 2 ? "" : " to " + ByteSizes.format(max));
        Optional<Object> raw = r.raw(key);
        if (raw.isEmpty()) {
            return OptionalLong.empty();
        }
        long bytes;
        switch (raw.get()) {
            case Long n -> bytes = n;
            case String s -> {
                try {
                    bytes = ByteSizes.parse(s);
                } catch (IllegalArgumentException e) {
                    r.problem(key, TomlValues.quote(s), e.getMessage(), expected);
                    return OptionalLong.empty();
                }
            }
            default -> {
                r.problem(key, TomlValues.render(raw.get()),
                        "must be an integer or a string, not " + TomlValues.typeName(raw.get()), expected);
                return OptionalLong.empty();
            }
        }
        if (bytes < min || bytes > max) {
            r.problem(key, TomlValues.render(raw.get()),
                    bytes < min ? "must be at least " + ByteSizes.format(min) : "must be at most " + ByteSizes.format(max), expected);
            return OptionalLong.empty();
        }
        return OptionalLong.of(bytes);
    }

    private static OptionalInt cpuMax(TomlReader r) {
        Optional<String> text = r.string("cpu_max", CPU_EXPECTED);
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        String s = text.get().strip();
        if (s.matches("\\d{1,5}%")) {
            int percent = Integer.parseInt(s.substring(0, s.length() - 1));
            if (percent >= 1 && percent <= 10000) {
                return OptionalInt.of(percent);
            }
        }
        r.problem("cpu_max", TomlValues.quote(text.get()), "is not a percentage from 1% to 10000%", CPU_EXPECTED);
        return OptionalInt.empty();
    }
}
