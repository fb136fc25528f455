package dev.vigil.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify against real receiving datagram sockets with SO_PASSCRED: ours (FFM) and Python's. */
class SdNotifyIT {
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Process python;

    @AfterEach
    void cleanUp() throws Exception {
        ChildJvm.destroy(python);
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        toClose.add(c);
        return c;
    }

    @Test
    void pathSocketReceivesUtf8StatesWithOurPidAsCredentials() throws Throwable {
        String path = dir.resolve("notify.sock").toString();
        NotifyReceiver receiver = closing(new NotifyReceiver(path));
        Notifier notifier = closing(Notifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path), PID));
        notifier.send("READY=1\nSTATUS=prêt à servir ✓");
        assertThat(receiver.receive(Duration.ofSeconds(5)))
                .contains(new NotifyReceiver.Datagram("READY=1\nSTATUS=prêt à servir ✓", (int) PID));
    }

    @Test
    void abstractSocketReceives() throws Throwable {
        String name = "@vigil-test-" + UUID.randomUUID();
        NotifyReceiver receiver = closing(new NotifyReceiver(name));
        Notifier notifier = closing(Notifier.fromEnvironment(Map.of("NOTIFY_SOCKET", name), PID));
        notifier.send("STOPPING=1");
        assertThat(receiver.receive(Duration.ofSeconds(5))).contains(new NotifyReceiver.Datagram("STOPPING=1", (int) PID));
    }

    @Test
    void aPythonReceiverAsASecondPeerSeesTheSameDatagrams() throws Throwable {
        String name = "vigil-test-" + UUID.randomUUID();
        String script = """
                import socket, struct, sys
                s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
                s.bind("\\0" + sys.argv[1])
                s.settimeout(20)
                print("bound", flush=True)
                msg, anc, flags, addr = s.recvmsg(4096, socket.CMSG_SPACE(12))
                pid = [struct.unpack("iII", d)[0] for (lvl, typ, d) in anc if typ == socket.SCM_CREDENTIALS][0]
                print(pid, msg.decode("utf-8").replace("\\n", "|"), flush=True)
                """;
        python = new ProcessBuilder("python3", "-c", script, name).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("bound");
        Notifier notifier = closing(Notifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name), PID));
        notifier.send("READY=1\nSTATUS=ünïcode");
        assertThat(out.readLine()).isEqualTo(PID + " READY=1|STATUS=ünïcode");
    }

    @Test
    void watchdogPingsOnlyWhileFreshAndTriggersOnAStall() throws Throwable {
        String path = dir.resolve("wd.sock").toString();
        NotifyReceiver receiver = closing(new NotifyReceiver(path));
        Notifier notifier = Notifier.fromEnvironment(
                Map.of("NOTIFY_SOCKET", path, "WATCHDOG_USEC", "400000", "WATCHDOG_PID", Long.toString(PID)), PID);
        Liveness liveness = closing(Liveness.builder().port(-1).notifier(notifier).start());
        Heartbeat hb = liveness.heartbeat("poll", Duration.ofMillis(600));
        hb.beat();
        liveness.ready();

        List<String> fresh = new ArrayList<>();
        while (fresh.stream().filter("WATCHDOG=1"::equals).count() < 3) {
            hb.beat();
            fresh.add(receiver.receive(Duration.ofSeconds(5)).orElseThrow().text());
        }
        assertThat(fresh).contains("READY=1").anyMatch(s -> s.startsWith("STATUS=live and ready"));

        // Stop beating: pings stop, the stall is confirmed with WATCHDOG=trigger.
        List<String> afterWedge = new ArrayList<>();
        for (Optional<NotifyReceiver.Datagram> d; (!afterWedge.contains("WATCHDOG=trigger")
                || !afterWedge.contains("STATUS=not live: heartbeat 'poll' stalled")) && (d = receiver.receive(Duration.ofSeconds(5))).isPresent(); ) {
            afterWedge.add(d.get().text());
        }
        assertThat(afterWedge).contains("WATCHDOG=trigger", "STATUS=not live: heartbeat 'poll' stalled");
        // Pings within the budget before the stall are expected; none after the trigger, for 1 s (5 intervals).
        for (Optional<NotifyReceiver.Datagram> d; (d = receiver.receive(Duration.ofSeconds(1))).isPresent(); ) {
            assertThat(d.get().text()).isNotEqualTo("WATCHDOG=1");
        }
        liveness.close();
        assertThat(receiver.receive(Duration.ofSeconds(5)).orElseThrow().text()).isEqualTo("STOPPING=1");
    }

    @Test
    void unusableSocketsDegradeToANoOpOrALoggedFailure() throws Throwable {
        Notifier relative = Notifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "relative.sock"), PID);
        relative.send("READY=1"); // no-op, warned once
        Path nobody = dir.resolve("nobody-listens.sock");
        Notifier unanswered = closing(Notifier.fromEnvironment(Map.of("NOTIFY_SOCKET", nobody.toString()), PID));
        unanswered.send("READY=1"); // ENOENT, logged, not thrown
        assertThat(Files.exists(nobody)).isFalse();
    }
}
