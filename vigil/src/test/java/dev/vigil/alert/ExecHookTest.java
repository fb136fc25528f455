package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real hook processes: what they receive, and that a hanging one dies with its group. */
class ExecHookTest {

    @TempDir
    Path dir;

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void hookReceivesExactlyTheDocumentedEnvironmentAndJson() throws IOException {
        Path envFile = dir.resolve("env");
        Path stdinFile = dir.resolve("stdin");
        Path hook = script("hook", "env > " + envFile + "\ncat > " + stdinFile + "\necho paged\n");
        AlertNotice notice = Notices.firing("api");
        ExecHook exec = new ExecHook("t", List.of(hook.toString()), Duration.ofSeconds(30), AlertDispatcher.setsid(),
                "/usr/bin:/bin");

        DeliveryResult result = exec.send(notice);

        assertThat(result.ok()).as(result.detail()).isTrue();
        Map<String, String> env = Files.readAllLines(envFile).stream().map(l -> l.split("=", 2))
                .filter(kv -> !kv[0].equals("PWD") && !kv[0].equals("SHLVL") && !kv[0].equals("_"))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
        assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of(
                "PATH", "/usr/bin:/bin",
                "VIGIL_TARGET", "t",
                "VIGIL_ALERT_ID", "api@" + Notices.STARTS.toEpochMilli(),
                "VIGIL_SERVICE", "api",
                "VIGIL_EVENT", "firing",
                "VIGIL_FROM", "running",
                "VIGIL_TO", "degraded",
                "VIGIL_REASON", "probe health: status 500",
                "VIGIL_PROBE", "health",
                "VIGIL_RESTARTS", "2"));
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(Files.readString(stdinFile));
        assertThat(json).containsEntry("event", "firing").containsEntry("service", "api")
                .containsEntry("from", "running").containsEntry("to", "degraded").containsEntry("probe", "health")
                .containsEntry("starts_at", "2026-11-29T10:00:00Z").containsEntry("ends_at", null)
                .containsEntry("evidence", Map.of("proc_state", "S"));
        assertThat(json.get("restarts")).isEqualTo(2L);
    }

    @Test
    void failingHookIsAFailureWithItsExitCode() throws IOException {
        Path hook = script("fail", "echo nope >&2\nexit 3\n");
        DeliveryResult result = new ExecHook("t", List.of(hook.toString()), Duration.ofSeconds(30),
                AlertDispatcher.setsid(), "/usr/bin:/bin").send(Notices.firing("api"));
        assertThat(result.ok()).isFalse();
        assertThat(result.detail()).isEqualTo("exit 3");
    }

    @Test
    void hangingHookIsKilledAtItsTimeoutWithItsGroup() throws IOException {
        Path pids = dir.resolve("pids");
        // The hook leaves a grandchild in its group, then hangs itself.
        Path hook = script("hang", "sleep 300 &\necho $$ $! > " + pids + "\nexec sleep 300\n");
        ExecHook exec = new ExecHook("t", List.of(hook.toString()), Duration.ofMillis(1500), AlertDispatcher.setsid(),
                "/usr/bin:/bin");

        DeliveryResult result = exec.send(Notices.firing("api"));

        assertThat(result.ok()).isFalse();
        assertThat(result.detail()).startsWith("timed out after 1500 ms; process group");
        long[] both = Arrays.stream(Files.readString(pids).strip().split(" ")).mapToLong(Long::parseLong).toArray();
        for (long pid : both) {
            await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)
                    || isZombie(pid));
        }
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }
}
