package dev.vigil.probe;

import dev.vigil.config.ProbeTarget;
import dev.vigil.files.SearchPath;
import dev.vigil.process.TaggedProcesses;
import dev.vigil.time.Ticker;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code exec}: runs the command in its own session and process group ({@code setsid}); exit 0
 * within the timeout is healthy. When the run ends (exit or timeout) the whole group is SIGKILLed,
 * so neither a hung command nor a helper it left in the background outlives the probe. A command
 * that cannot be found or executed is {@link ProbeOutcome.Unprobeable}: a config error, not the
 * service's fault. The first 200 characters of its output go into the failure reason.
 *
 * <p>Every run carries a random token in {@value #TOKEN_VARIABLE}. A descendant that left the group
 * and the session ({@code setsid sleep 100 &}) is out of reach of the group kill; such a descendant
 * still holds the output pipe, so when the pipe is not at end of file just after the group kill
 * (and always after a timeout) every process with the token is SIGKILLed. That lets the pipe reach
 * end of file and its descriptor close, on every path (issue 9 item 10: 30 rounds leaked 7
 * processes and 12 descriptors). Not found: a descendant that escaped the session, closed the
 * pipe, and replaced its environment.
 */
final class ExecProber {

    static final String TOKEN_VARIABLE = "VIGIL_PROBE_INSTANCE";
    private static final int OUTPUT_SHOWN = 200;
    /** After the group kill, how long the pipe may take to reach end of file before the token sweep. */
    private static final long EOF_GRACE_MILLIS = 50;
    /** How long to wait for the pipe to close once everything holding it was killed. */
    private static final long DRAIN_LIMIT_MILLIS = 2_000;
    /** How long the pipe may take to reach end of file after a token sweep before the next sweep. */
    private static final long SWEEP_AGAIN_MILLIS = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ExecProber() {
    }

    static ProbeOutcome probe(ProbeTarget.Exec target, Duration timeout, Ticker ticker, SearchPath searchPath,
            TaggedProcesses tagged) {
        long start = ticker.nanoTime();
        long deadline = start + timeout.toNanos();
        Path cwd = target.cwd().orElse(Path.of("").toAbsolutePath());
        Optional<Path> executable = searchPath.find(target.command().getFirst(), cwd);
        if (executable.isEmpty()) {
            return new ProbeOutcome.Unprobeable("command not found or not executable: " + target.command().getFirst());
        }
        Optional<Path> setsid = searchPath.find("setsid", cwd);
        if (setsid.isEmpty()) {
            return new ProbeOutcome.Unprobeable("setsid not found on PATH (util-linux), needed to run exec probes in their own process group");
        }
        List<String> command = new ArrayList<>(target.command().size() + 1);
        command.add(setsid.get().toString());
        command.add(executable.get().toString());
        command.addAll(target.command().subList(1, target.command().size()));
        byte[] tokenBytes = new byte[16];
        RANDOM.nextBytes(tokenBytes);
        String token = HexFormat.of().formatHex(tokenBytes);
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put(TOKEN_VARIABLE, token);
            // Registered so that Vigil as PID 1 / subreaper leaves it to the JDK's reaper.
            process = dev.vigil.process.OwnChildren.spawn(builder::start, Process::pid);
            long child = process.pid();
            process.onExit().thenRun(() -> dev.vigil.process.OwnChildren.release(child));
        } catch (IOException e) {
            return new ProbeOutcome.Unprobeable("cannot start " + target.command().getFirst() + ": " + e.getMessage());
        }
        // setsid execs the command in place (the child of a JVM is never a group leader), so the
        // child's PID is also its process group's ID.
        long pgid = process.pid();
        CompletableFuture<String> output = drain(process.getInputStream());
        boolean timedOut = true;
        try {
            boolean exited = process.waitFor(Math.max(0, deadline - ticker.nanoTime()), TimeUnit.NANOSECONDS);
            dev.vigil.process.Signals.sendToGroup(pgid, dev.vigil.config.UnixSignal.KILL.number());
            Duration latency = Duration.ofNanos(ticker.nanoTime() - start);
            if (!exited) {
                process.waitFor(100, TimeUnit.MILLISECONDS);
                return new ProbeOutcome.TimedOut(timeout);
            }
            timedOut = false;
            int exit = process.exitValue();
            if (exit == 0) {
                return new ProbeOutcome.Healthy(latency, "exit 0");
            }
            // Not completeOnTimeout: that would make a pipe still held look closed to leaveNothing.
            String shown = endOfFile(output, EOF_GRACE_MILLIS) ? output.join() : "";
            return new ProbeOutcome.Unhealthy("exit status " + exit + (shown.isEmpty() ? "" : ": " + shown), latency);
        } catch (InterruptedException e) {
            dev.vigil.process.Signals.sendToGroup(pgid, dev.vigil.config.UnixSignal.KILL.number());
            Thread.currentThread().interrupt();
            return new ProbeOutcome.Unprobeable("interrupted while waiting for " + target.command().getFirst());
        } finally {
            leaveNothing(tagged, token, output, timedOut);
        }
    }

    /**
     * After the group kill: if something outside the group still holds the output pipe (or the
     * run timed out), kills every process with the run's token, then waits (bounded) for the pipe
     * to reach end of file, which closes its descriptor.
     */
    private static void leaveNothing(TaggedProcesses tagged, String token, CompletableFuture<String> output,
            boolean timedOut) {
        if (timedOut || !endOfFile(output, EOF_GRACE_MILLIS)) {
            // Swept again while the pipe stays open: a descendant caught between setsid() and its
            // exec can show no environment to one pass and so be missed by it.
            long passes = DRAIN_LIMIT_MILLIS / SWEEP_AGAIN_MILLIS;
            do {
                tagged.killAll(TOKEN_VARIABLE, token);
            } while (!endOfFile(output, SWEEP_AGAIN_MILLIS) && --passes > 0);
        }
    }

    private static boolean endOfFile(CompletableFuture<String> output, long waitMillis) {
        try {
            output.get(waitMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Reads the output on a virtual thread, keeping the start of it, so a chatty command never blocks on a full pipe. */
    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> shown = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try (stream) {
                int read;
                while ((read = stream.read(buffer)) >= 0) {
                    kept.write(buffer, 0, Math.min(read, Math.max(0, OUTPUT_SHOWN * 4 - kept.size())));
                }
            } catch (IOException e) {
                // The group was killed and the pipe went away: what was read so far is all there is.
            }
            String text = kept.toString(StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
            shown.complete(text.length() <= OUTPUT_SHOWN ? text : text.substring(0, OUTPUT_SHOWN) + "...");
        });
        return shown;
    }
}
