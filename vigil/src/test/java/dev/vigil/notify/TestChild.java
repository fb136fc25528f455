package dev.vigil.notify;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A process a test starts, optionally as leader of its own session and process group (through
 * util-linux {@code setsid}, which execs in place because a child of the JVM is not a group
 * leader). {@link #close()} kills what it started: the whole group, or the single process.
 */
final class TestChild implements AutoCloseable {

    private final Process process;
    private final boolean ownGroup;
    private final BufferedReader stdout;

    private TestChild(Process process, boolean ownGroup) {
        this.process = process;
        this.ownGroup = ownGroup;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static TestChild inOwnGroup(Map<String, String> env, List<String> command) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add("setsid");
        argv.addAll(command);
        TestChild child = start(env, argv, true);
        long pid = child.pid();
        await().atMost(Duration.ofSeconds(10)).until(() -> dev.vigil.process.ProcessInspector.system().stat(pid).map(s -> s.pgrp() == pid).orElse(false));
        return child;
    }

    static TestChild inTestGroup(Map<String, String> env, List<String> command) throws IOException {
        return start(env, command, false);
    }

    private static TestChild start(Map<String, String> env, List<String> command, boolean ownGroup) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().remove("NOTIFY_SOCKET");
        builder.environment().putAll(env);
        return new TestChild(builder.start(), ownGroup);
    }

    long pid() {
        return process.pid();
    }

    /** The next line the child printed; null at end of output. */
    String readLine() throws IOException {
        return stdout.readLine();
    }

    void writeLine(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    int waitForExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("pid " + pid() + " did not exit within 30 s");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (ownGroup) {
            // The group is ours: its leader is the process this test started.
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
