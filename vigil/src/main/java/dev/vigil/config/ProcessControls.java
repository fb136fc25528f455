package dev.vigil.config;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The everyday controls of a process: identity, environment, file mode mask, resource limits and
 * cgroup limits. {@link #NONE} = start as the daemon's user with the daemon's environment.
 *
 * @param runAs       {@code user}/{@code group}; empty = the daemon's identity
 * @param envFiles    {@code env_file}, resolved against the config's directory (for display)
 * @param fileEnv     the variables read from {@code envFiles} at load time, later files winning;
 *                    {@code env} wins over them
 * @param clearEnv    start from an empty environment plus PATH (and Vigil's own variables)
 * @param umask       the file mode creation mask, 0..0777; empty = the daemon's
 * @param rlimits     soft = hard limit per resource ({@link Rlimit#UNLIMITED} = no limit)
 * @param memoryMax   cgroup v2 {@code memory.max} in bytes
 * @param cpuMaxPercent cgroup v2 {@code cpu.max} as a percentage of one CPU (1..10000)
 * @param restartOnMemory restart the process when the resident memory of its group stays above
 *                    this (see {@link MemoryProbes})
 */
public record ProcessControls(
        Optional<RunAs> runAs,
        List<Path> envFiles,
        Map<String, String> fileEnv,
        boolean clearEnv,
        OptionalInt umask,
        Map<Rlimit, Long> rlimits,
        OptionalLong memoryMax,
        OptionalInt cpuMaxPercent,
        Optional<MemoryLimit> restartOnMemory) {

    public static final ProcessControls NONE = new ProcessControls(Optional.empty(), List.of(), Map.of(), false,
            OptionalInt.empty(), Map.of(), OptionalLong.empty(), OptionalInt.empty());

    /** Controls without {@code restart_on_memory}. */
    public ProcessControls(Optional<RunAs> runAs, List<Path> envFiles, Map<String, String> fileEnv, boolean clearEnv,
            OptionalInt umask, Map<Rlimit, Long> rlimits, OptionalLong memoryMax, OptionalInt cpuMaxPercent) {
        this(runAs, envFiles, fileEnv, clearEnv, umask, rlimits, memoryMax, cpuMaxPercent, Optional.empty());
    }

    public ProcessControls {
        envFiles = List.copyOf(envFiles);
        fileEnv = Map.copyOf(fileEnv);
        rlimits = rlimits.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(rlimits));
    }

    /** True when a cgroup limit is asked for. */
    public boolean wantsCgroup() {
        return memoryMax.isPresent() || cpuMaxPercent.isPresent();
    }
}
