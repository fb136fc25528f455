package dev.vigil.notify;

import static dev.vigil.notify.NotifyTestSupport.next;
import static dev.vigil.notify.NotifyTestSupport.spec;
import static dev.vigil.notify.PythonNotifyClient.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.NotifyAccess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * notify_access with real processes: the main process is a shell in its own process group; a
 * grandchild is a Python client the shell starts (same group); an outsider is a Python client
 * the test starts (the test JVM's group). Negative cases synchronise on the drop event, which
 * the one receiver thread emits in arrival order.
 */
class NotifyAccessIT {

    @TempDir
    Path dir;

    private final BlockingQueue<NotifyDatagram> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<NotifyDrop> dropped = new LinkedBlockingQueue<>();

    /** {@code sh -c 'python3 -c SCRIPT HEX'}: the grandchild sends HEX and stays alive. */
    private static List<String> shellWithGrandchild(String datagram) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "python3 -c \"$0\" \"$1\"; exec sleep 1000",
                PythonNotifyClient.SCRIPT, hex(datagram)));
        return argv;
    }

    private NotifyEndpoint open(NotifyAccess access) throws Exception {
        return new UnixNotifySockets(dir, dev.vigil.process.ProcessInspector.system(), dropped::add).open("svc", spec("main", access, Optional.empty()), received::add);
    }

    @Test
    void grandchildInTheGroupIsAcceptedUnderAll() throws Exception {
        try (NotifyEndpoint endpoint = open(NotifyAccess.ALL);
             TestChild shell = TestChild.inOwnGroup(endpoint.environment(), shellWithGrandchild("STATUS=from grandchild"))) {
            endpoint.attach(shell.pid(), shell.pid());
            NotifyDatagram datagram = next(received);
            assertThat(datagram.messages()).containsExactly(new NotifyMessage.Status("from grandchild"));
            assertThat(datagram.senderPid()).isNotEqualTo(shell.pid());
            assertThat(dev.vigil.process.ProcessInspector.system().stat(datagram.senderPid()).map(s -> s.pgrp())).contains(shell.pid());
            assertThat(dropped).isEmpty();
        }
    }

    @Test
    void grandchildIsDroppedUnderMain() throws Exception {
        try (NotifyEndpoint endpoint = open(NotifyAccess.MAIN);
             TestChild shell = TestChild.inOwnGroup(endpoint.environment(), shellWithGrandchild("STATUS=from grandchild"))) {
            endpoint.attach(shell.pid(), shell.pid());
            NotifyDrop drop = next(dropped);
            assertThat(drop.reason()).isEqualTo(NotifyDrop.Reason.ACCESS_DENIED);
            assertThat(drop.senderPid()).isNotEqualTo(shell.pid());
            assertThat(drop.detail()).isEqualTo("notify_access=main: sender pid " + drop.senderPid()
                    + " is not the main pid " + shell.pid());
            assertThat(received).isEmpty();
        }
    }

    @Test
    void outsiderIsDroppedUnderMainAndUnderAll() throws Exception {
        for (NotifyAccess access : NotifyAccess.values()) {
            try (NotifyEndpoint endpoint = open(access);
                 TestChild main = TestChild.inOwnGroup(endpoint.environment(), List.of("sleep", "1000"));
                 TestChild outsider = TestChild.inTestGroup(endpoint.environment(),
                         PythonNotifyClient.commandText("READY=1"))) {
                endpoint.attach(main.pid(), main.pid());
                NotifyDrop drop = next(dropped);
                assertThat(drop.reason()).as(access.name()).isEqualTo(NotifyDrop.Reason.ACCESS_DENIED);
                assertThat(drop.senderPid()).isEqualTo(outsider.pid());
                assertThat(drop.detail()).contains(access == NotifyAccess.MAIN ? "is not the main pid" : "is in process group");
                assertThat(received).isEmpty();
            }
        }
    }

    @Test
    void aPidAnnouncedWithMainPidIsAcceptedUnderMain() throws Exception {
        try (NotifyEndpoint endpoint = open(NotifyAccess.MAIN);
             TestChild announced = TestChild.inTestGroup(endpoint.environment(), PythonNotifyClient.commandArgs(
                     List.of(PythonNotifyClient.WAIT_FOR_LINE, hex("STATUS=from the announced pid"))));
             TestChild main = TestChild.inOwnGroup(endpoint.environment(),
                     PythonNotifyClient.commandText("MAINPID=" + announced.pid()))) {
            endpoint.attach(main.pid(), main.pid());
            assertThat(next(received).messages()).containsExactly(new NotifyMessage.MainPid(announced.pid()));

            announced.writeLine("go");
            NotifyDatagram datagram = next(received);
            assertThat(datagram.senderPid()).isEqualTo(announced.pid());
            assertThat(datagram.messages()).containsExactly(new NotifyMessage.Status("from the announced pid"));
        }
    }
}
