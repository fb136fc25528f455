package dev.vigil.process;

import dev.vigil.config.ProcessControls;
import dev.vigil.config.Rlimit;
import dev.vigil.config.RunAs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies what must happen between fork and exec and that {@code posix_spawn(3)} cannot do
 * (setuid/setgid/initgroups, setrlimit, umask, joining a cgroup) by starting the program through a
 * chain of small standard exec helpers, each of which changes one thing of its own process and then
 * execs the next, so the PID, session and pipes Vigil set up stay the program's:
 *
 * <pre>  sh -c 'echo $$ &gt; CGROUP/cgroup.procs; umask M; exec "$@"'  →  prlimit --nofile=N:N --  →  setpriv --reuid=U --regid=G --init-groups --  →  program</pre>
 *
 * <p>Only the links a process needs are added: a process without controls is spawned directly.
 * The order matters: the cgroup is joined and the limits raised while still root, identity is
 * dropped last. {@code setpriv} and {@code prlimit} are util-linux, present on every Linux
 * distribution and in most images; {@code sh} is POSIX. A helper that is missing is reported at
 * start with what to install. Why not FFM: the JVM cannot run Java code between fork and exec, and
 * glibc's {@code posix_spawn} has no hook for it; why not prlimit(2) on the child after spawn: the
 * program would already run, briefly, with the old limits and as root.
 *
 * <p>Immutable and thread-safe.
 */
final class ExecHelpers {
    private static final List<Path> SYSTEM_DIRS = List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/sbin"),
            Path.of("/sbin"));

    /** The argv to spawn: {@code argv.getFirst()} is the absolute executable. */
    record Chain(Path executable, List<String> argv) {
        Chain {
            argv = List.copyOf(argv);
        }
    }

    private final Optional<Path> sh;
    private final Optional<Path> prlimit;
    private final Optional<Path> setpriv;

    ExecHelpers(Optional<Path> sh, Optional<Path> prlimit, Optional<Path> setpriv) {
        this.sh = sh;
        this.prlimit = prlimit;
        this.setpriv = setpriv;
    }

    /** The helpers found in the system directories (never PATH: a service's PATH must not choose them). */
    static ExecHelpers system() {
        return new ExecHelpers(find("sh"), find("prlimit"), find("setpriv"));
    }

    private static Optional<Path> find(String name) {
        return SYSTEM_DIRS.stream().map(dir -> dir.resolve(name)).filter(Files::isExecutable).findFirst();
    }

    /**
     * The command that starts {@code argv} (whose program is {@code executable}) with
     * {@code controls} applied; {@code cgroupProcs} is the {@code cgroup.procs} file to join, if any.
     *
     * @throws LaunchException when a needed helper is not installed
     */
    Chain wrap(Path executable, List<String> argv, ProcessControls controls, Optional<Path> cgroupProcs)
            throws LaunchException {
        List<String> out = new ArrayList<>();
        boolean shell = cgroupProcs.isPresent() || controls.umask().isPresent();
        if (shell) {
            StringBuilder script = new StringBuilder();
            List<String> values = new ArrayList<>();
            if (cgroupProcs.isPresent()) {
                script.append("echo $$ > \"$1\" && shift && ");
                values.add(cgroupProcs.get().toString());
            }
            if (controls.umask().isPresent()) {
                script.append("umask \"$1\" && shift && ");
                values.add(String.format("%04o", controls.umask().getAsInt()));
            }
            script.append("exec \"$@\"");
            out.add(need(sh, "sh", "a POSIX shell").toString());
            out.add("-c");
            out.add(script.toString());
            out.add("vigil-preexec");     // $0
            out.addAll(values);
        }
        if (!controls.rlimits().isEmpty()) {
            out.add(need(prlimit, "prlimit", "util-linux").toString());
            controls.rlimits().entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                    .forEach(e -> {
                        String v = e.getValue() == Rlimit.UNLIMITED ? "unlimited" : Long.toString(e.getValue());
                        out.add("--" + e.getKey().key() + "=" + v + ":" + v);
                    });
            out.add("--");
        }
        if (controls.runAs().isPresent()) {
            RunAs runAs = controls.runAs().get();
            out.add(need(setpriv, "setpriv", "util-linux").toString());
            runAs.uid().ifPresent(uid -> out.add("--reuid=" + uid));
            runAs.gid().ifPresent(gid -> out.add("--regid=" + gid));
            // Supplementary groups are the user's own; never the daemon's (root's) left behind.
            out.add(runAs.uid().isPresent() && runAs.userName().isPresent() ? "--init-groups" : "--clear-groups");
            out.add("--");
        }
        if (out.isEmpty()) {
            return new Chain(executable, argv);
        }
        out.add(executable.toString());
        out.addAll(argv.subList(1, argv.size()));
        return new Chain(Path.of(out.getFirst()), out);
    }

    private static Path need(Optional<Path> helper, String name, String pkg) throws LaunchException {
        return helper.orElseThrow(() -> new LaunchException("needs " + name + " (" + pkg + ") in /usr/bin, /bin, "
                + "/usr/sbin or /sbin to apply user, group, umask, rlimits or cgroup limits; install it"));
    }
}
