package dev.vigil.notify;

import static dev.vigil.notify.NotifyTestSupport.next;
import static dev.vigil.notify.NotifyTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.NotifyAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real {@code /usr/bin/systemd-notify}, wrapped as a shell-script service would use it.
 * It sends with its parent's pid (the shell, the main process), then BARRIER=1 from its own pid
 * with a descriptor attached, and exits non-zero after 5 s unless that descriptor is closed.
 */
class SystemdNotifyIT {

    /** The shell prints each systemd-notify's exit status, so the test learns it without timing. */
    private static final String SCRIPT = """
            systemd-notify --ready --status=hello; echo "exit=$?"
            systemd-notify WATCHDOG=1; echo "exit=$?"
            exec sleep 1000
            """;

    @TempDir
    Path dir;

    private final BlockingQueue<NotifyDatagram> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<NotifyDrop> dropped = new LinkedBlockingQueue<>();

    @Test
    void readyStatusAndWatchdogFromAShellScriptPassNotifyAccessMain() throws Exception {
        try (NotifyEndpoint endpoint = new UnixNotifySockets(dir, dev.vigil.process.ProcessInspector.system(), dropped::add)
                .open("script", spec("main", NotifyAccess.MAIN, Optional.empty()), received::add);
             TestChild shell = TestChild.inOwnGroup(endpoint.environment(), List.of("sh", "-c", SCRIPT))) {
            endpoint.attach(shell.pid(), shell.pid());

            NotifyDatagram ready = next(received);
            assertThat(ready.senderPid()).as("systemd-notify sends with its parent's pid").isEqualTo(shell.pid());
            assertThat(ready.messages()).containsExactlyInAnyOrder(
                    new NotifyMessage.Ready(), new NotifyMessage.Status("hello"));
            assertThat(shell.readLine()).as("barrier answered: exit 0, not the 5 s barrier failure")
                    .isEqualTo("exit=0");

            NotifyDatagram ping = next(received);
            assertThat(ping.senderPid()).isEqualTo(shell.pid());
            assertThat(ping.messages()).containsExactly(new NotifyMessage.WatchdogPing());
            assertThat(shell.readLine()).isEqualTo("exit=0");

            assertThat(received).as("barriers come from systemd-notify's own pid: not delivered under main").isEmpty();
            assertThat(dropped).as("and not logged as access violations either").isEmpty();
        }
    }

    @Test
    void underNotifyAccessAllTheBarrierFromSystemdNotifyItselfIsDeliveredToo() throws Exception {
        try (NotifyEndpoint endpoint = new UnixNotifySockets(dir, dev.vigil.process.ProcessInspector.system(), dropped::add)
                .open("script", spec("main", NotifyAccess.ALL, Optional.empty()), received::add);
             TestChild shell = TestChild.inOwnGroup(endpoint.environment(), List.of("sh", "-c", SCRIPT))) {
            endpoint.attach(shell.pid(), shell.pid());

            assertThat(next(received).messages()).contains(new NotifyMessage.Ready());
            NotifyDatagram barrier = next(received);
            assertThat(barrier.messages()).containsExactly(new NotifyMessage.Barrier());
            assertThat(barrier.senderPid()).as("systemd-notify's own pid").isNotEqualTo(shell.pid());
            assertThat(shell.readLine()).isEqualTo("exit=0");
            assertThat(next(received).messages()).containsExactly(new NotifyMessage.WatchdogPing());
            assertThat(shell.readLine()).isEqualTo("exit=0");
        }
    }
}
