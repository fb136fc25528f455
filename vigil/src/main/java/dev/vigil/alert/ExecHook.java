package dev.vigil.alert;

import dev.vigil.config.UnixSignal;
import dev.vigil.process.Signals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code exec = [...]}: runs the hook in its own session and process group ({@code setsid}) with
 * the notice in its environment and as JSON on stdin; its output goes to Vigil's log, line by line
 * (at most {@link #MAX_LOGGED_LINES}); at the timeout the whole group is killed.
 */
final class ExecHook implements Transport {
    private static final System.Logger LOG = System.getLogger(ExecHook.class.getName());
    static final int MAX_LOGGED_LINES = 100;
    private static final int MAX_LINE_CHARS = 2_000;

    private final String target;
    private final List<String> command;
    private final Duration timeout;
    private final String setsid;
    private final String path;

    ExecHook(String target, List<String> command, Duration timeout, String setsid, String path) {
        this.target = target;
        this.command = List.copyOf(command);
        this.timeout = timeout;
        this.setsid = setsid;
        this.path = path;
    }

    /** The environment a hook gets: PATH and the documented VIGIL_* variables, nothing of the daemon's own. */
    static Map<String, String> environment(AlertNotice n, String path) {
        return Map.of("PATH", path,
                "VIGIL_TARGET", n.target(),
                "VIGIL_ALERT_ID", n.alertId(),
                "VIGIL_SERVICE", n.service(),
                "VIGIL_EVENT", n.status().label(),
                "VIGIL_FROM", n.from(),
                "VIGIL_TO", n.to(),
                "VIGIL_REASON", n.reason(),
                "VIGIL_PROBE", n.probe(),
                "VIGIL_RESTARTS", Integer.toString(n.restarts()));
    }

    @Override
    public DeliveryResult send(AlertNotice notice) {
        List<String> argv = new ArrayList<>();
        argv.add(setsid);
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment(notice, path));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return DeliveryResult.failed("cannot start " + command.getFirst() + ": " + e.getMessage());
        }
        // setsid execs the hook in place (the child of a JVM is never a group leader): pid == pgid.
        long pgid = process.pid();
        Thread.ofVirtual().name("vigil-alert-stdin-" + target).start(() -> writeStdin(process, notice));
        Thread output = Thread.ofVirtual().name("vigil-alert-output-" + target).start(() -> logOutput(process));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Signals.sendToGroup(pgid, UnixSignal.KILL.number());
                process.waitFor();
                output.join(Duration.ofSeconds(1));
                return DeliveryResult.failed("timed out after " + timeout.toMillis() + " ms; process group " + pgid + " killed");
            }
            // The hook may have left children holding its output open; do not wait for them.
            output.join(Duration.ofSeconds(1));
            Signals.sendToGroup(pgid, UnixSignal.KILL.number());
        } catch (InterruptedException e) {
            Signals.sendToGroup(pgid, UnixSignal.KILL.number());
            Thread.currentThread().interrupt();
            return DeliveryResult.failed("interrupted (daemon stopping); process group " + pgid + " killed");
        }
        int code = process.exitValue();
        return code == 0 ? DeliveryResult.sent("exit 0") : DeliveryResult.failed("exit " + code);
    }

    private static void writeStdin(Process process, AlertNotice notice) {
        try (OutputStream in = process.getOutputStream()) {
            in.write((AlertPayloads.json(notice) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // A hook that does not read stdin and exits is fine: the environment has the essentials.
        }
    }

    private void logOutput(Process process) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            int lines = 0;
            StringBuilder line = new StringBuilder();
            boolean cut = false;
            int c;
            // Char by char, keeping at most MAX_LINE_CHARS: a hook printing without newlines costs no memory.
            while ((c = out.read()) != -1) {
                if (c != '\n') {
                    if (line.length() < MAX_LINE_CHARS) {
                        line.append((char) c);
                    } else {
                        cut = true;
                    }
                    continue;
                }
                if (lines++ < MAX_LOGGED_LINES) {
                    LOG.log(Level.INFO, "notify hook " + target + ": " + line + (cut ? "..." : ""));
                }
                line.setLength(0);
                cut = false;
            }
            if (!line.isEmpty() && lines++ < MAX_LOGGED_LINES) {
                LOG.log(Level.INFO, "notify hook " + target + ": " + line + (cut ? "..." : ""));
            }
            if (lines > MAX_LOGGED_LINES) {
                LOG.log(Level.INFO, "notify hook " + target + ": " + (lines - MAX_LOGGED_LINES) + " more lines not logged");
            }
        } catch (IOException e) {
            // The pipe closes when the group is killed; nothing more to log.
        }
    }
}
