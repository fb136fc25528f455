package dev.vigil.notify;

import static dev.vigil.notify.NotifyTestSupport.next;
import static dev.vigil.notify.NotifyTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.config.NotifyAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real sockets, a real Python client: the protocol end to end, and the socket file's life. */
class UnixNotifySocketsIT {

    @TempDir
    Path dir;

    private final BlockingQueue<NotifyDatagram> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<NotifyDrop> dropped = new LinkedBlockingQueue<>();

    private UnixNotifySockets sockets() {
        return new UnixNotifySockets(dir.resolve("notify"), dev.vigil.process.ProcessInspector.system(), dropped::add);
    }

    @Test
    void pythonClientMessagesArriveParsedWithTheSendersPid() throws Exception {
        try (NotifyEndpoint endpoint = sockets().open("web", spec("main", NotifyAccess.MAIN, Optional.empty()), received::add);
             TestChild client = TestChild.inOwnGroup(endpoint.environment(), PythonNotifyClient.commandText(
                     "READY=1",
                     "STATUS=warming caches",
                     "WATCHDOG=trigger",
                     "WATCHDOG_USEC=2500000\nEXTEND_TIMEOUT_USEC=7000000\nSTATUS=two at once\n",
                     "MAINPID=" + ProcessHandle.current().pid()))) {
            endpoint.attach(client.pid(), client.pid());

            assertThat(next(received)).isEqualTo(new NotifyDatagram("web", "main", client.pid(), 0,
                    java.util.List.of(new NotifyMessage.Ready())));
            assertThat(next(received).messages()).containsExactly(new NotifyMessage.Status("warming caches"));
            assertThat(next(received).messages()).containsExactly(new NotifyMessage.WatchdogTrigger());
            assertThat(next(received).messages()).containsExactly(new NotifyMessage.WatchdogUsec(2_500_000),
                    new NotifyMessage.ExtendTimeout(7_000_000), new NotifyMessage.Status("two at once"));
            assertThat(next(received).messages()).containsExactly(
                    new NotifyMessage.MainPid(ProcessHandle.current().pid()));
            assertThat(dropped).isEmpty();
        }
    }

    @Test
    void environmentNamesTheSocketAndTheWatchdogInterval() throws Exception {
        try (NotifyEndpoint endpoint = sockets().open("web", spec("main", NotifyAccess.MAIN,
                Optional.of(Duration.ofMillis(2500))), received::add)) {
            assertThat(endpoint.environment())
                    .containsEntry("NOTIFY_SOCKET", dir.resolve("notify/web.main.notify").toString())
                    .containsEntry("WATCHDOG_USEC", "2500000")
                    .doesNotContainKey("WATCHDOG_PID");
        }
        try (NotifyEndpoint endpoint = sockets().open("web", spec("main", NotifyAccess.MAIN, Optional.empty()), received::add)) {
            assertThat(endpoint.environment()).containsOnlyKeys("NOTIFY_SOCKET");
        }
    }

    @Test
    void socketFileIsMode0600InA0700DirectoryAndRemovedOnClose() throws Exception {
        Path socket;
        try (NotifyEndpoint endpoint = sockets().open("web", spec("main", NotifyAccess.MAIN, Optional.empty()), received::add)) {
            socket = Path.of(endpoint.environment().get("NOTIFY_SOCKET"));
            int mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            assertThat(mode & 0170000).as("a socket").isEqualTo(0140000);
            assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(socket.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void closeWakesTheBlockedReceiverAndIsIdempotent() throws Exception {
        UnixNotifyEndpoint endpoint = (UnixNotifyEndpoint) sockets().open("web",
                spec("main", NotifyAccess.MAIN, Optional.empty()), received::add);
        assertThat(endpoint.receiving()).isTrue();
        endpoint.close();
        assertThat(endpoint.receiving()).as("receiver thread ended").isFalse();
        endpoint.close();
    }

    @Test
    void aSecondOpenOfTheSameProcessFailsUntilTheFirstIsClosed() throws Exception {
        UnixNotifySockets sockets = sockets();
        NotifyEndpoint first = sockets.open("web", spec("main", NotifyAccess.MAIN, Optional.empty()), received::add);
        assertThatThrownBy(() -> sockets.open("web", spec("main", NotifyAccess.MAIN, Optional.empty()), received::add))
                .isInstanceOf(IOException.class).hasMessageContaining("still open");
        first.close();
        sockets.open("web", spec("main", NotifyAccess.MAIN, Optional.empty()), received::add).close();
    }

    @Test
    void aStaleSocketFromAnEarlierDaemonIsReplaced() throws Exception {
        UnixNotifySockets sockets = sockets();
        Path socket;
        // A socket file whose endpoint is gone without close, as after a daemon crash.
        try (UnixDatagramSocket stale = UnixDatagramSocket.bind(Files.createDirectories(dir.resolve("notify"))
                .resolve("web.main.notify").toString())) {
            socket = Path.of(stale.address());
        }
        assertThat(socket).exists();
        try (NotifyEndpoint endpoint = sockets.open("web", spec("main", NotifyAccess.MAIN, Optional.empty()), received::add);
             TestChild client = TestChild.inOwnGroup(endpoint.environment(), PythonNotifyClient.commandText("READY=1"))) {
            endpoint.attach(client.pid(), client.pid());
            assertThat(next(received).messages()).containsExactly(new NotifyMessage.Ready());
        }
    }

    @Test
    void aLongDirectoryFallsBackToAShortHashedNameThatStillWorks() throws Exception {
        // Long enough that the readable name does not fit, short enough for the hashed one.
        Path deep = dir.resolve("a".repeat(40));
        String service = "service-with-a-long-name";
        UnixNotifySockets sockets = new UnixNotifySockets(deep, dev.vigil.process.ProcessInspector.system(), dropped::add);
        try (NotifyEndpoint endpoint = sockets.open(service, spec("process-with-a-long-name", NotifyAccess.MAIN,
                Optional.empty()), received::add);
             TestChild client = TestChild.inOwnGroup(endpoint.environment(), PythonNotifyClient.commandText("READY=1"))) {
            Path socket = Path.of(endpoint.environment().get("NOTIFY_SOCKET"));
            assertThat(deep.resolve(service + ".process-with-a-long-name.notify").toString().length())
                    .isGreaterThan(NotifySocketPaths.MAX_PATH_BYTES);
            assertThat(socket.getParent()).isEqualTo(deep);
            assertThat(socket.getFileName().toString()).matches("n-[0-9a-f]{16}\\.notify");
            endpoint.attach(client.pid(), client.pid());
            assertThat(next(received).messages()).containsExactly(new NotifyMessage.Ready());
        }
    }

    @Test
    void aDirectoryTooDeepForAnySocketNameFailsNamingIt() {
        Path tooDeep = dir.resolve("d".repeat(110));
        assertThatThrownBy(() -> new UnixNotifySockets(tooDeep, dev.vigil.process.ProcessInspector.system(), dropped::add)
                .open("web", spec("main", NotifyAccess.MAIN, Optional.empty()), received::add))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(tooDeep.toString())
                .hasMessageContaining("at most 107 bytes");
    }

    @Test
    void abstractAddressesBindAndReceive() throws Exception {
        String name = "@vigil-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (UnixDatagramSocket socket = UnixDatagramSocket.bind(name);
             UnixNotifyEndpoint endpoint = new UnixNotifyEndpoint("web", "main", NotifyAccess.MAIN, socket,
                     java.util.Map.of("NOTIFY_SOCKET", name), received::add, dropped::add, UnixDatagramSocket.SenderLookup.NONE, () -> {});
             TestChild client = TestChild.inOwnGroup(endpoint.environment(), PythonNotifyClient.commandText("STATUS=abstract"))) {
            endpoint.attach(client.pid(), client.pid());
            assertThat(next(received).messages()).containsExactly(new NotifyMessage.Status("abstract"));
        }
    }

    @Test
    void bindFailuresNameTheCallAndErrno() throws Exception {
        Path taken = Files.createDirectories(dir.resolve("x")).resolve("taken");
        try (UnixDatagramSocket first = UnixDatagramSocket.bind(taken.toString())) {
            assertThatThrownBy(() -> UnixDatagramSocket.bind(taken.toString()))
                    .isInstanceOf(IOException.class)
                    .hasMessage("bind(" + taken + ") failed: Address already in use (errno 98)");
        }
    }
}
