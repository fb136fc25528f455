package dev.vigil.notify;

import static dev.vigil.notify.NotifyTestSupport.next;
import static dev.vigil.notify.NotifyTestSupport.spec;
import static dev.vigil.notify.PythonNotifyClient.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.NotifyAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile datagrams: each is dropped with one drop event, and the receiver keeps working. */
class NotifyGarbageIT {

    private static final int DATAGRAMS_WITH_DESCRIPTORS = 100;
    private static final int DESCRIPTORS_EACH = 3;

    @TempDir
    Path dir;

    private final BlockingQueue<NotifyDatagram> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<NotifyDrop> dropped = new LinkedBlockingQueue<>();

    @Test
    void garbageIsDroppedOneEventEachAndGoodMessagesStillArrive() throws Exception {
        byte[] random = new byte[300];
        new Random(6).nextBytes(random);
        random[0] = 0; // NUL or not UTF-8: garbage either way; pinned so the reason is stable
        byte[] invalidUtf8 = {'S', 'T', 'A', 'T', 'U', 'S', '=', (byte) 0xFF, (byte) 0xFE};
        byte[] oversized = ("STATUS=" + "x".repeat(5000)).getBytes(StandardCharsets.UTF_8);
        // Still within the kernel's argument limit once hex-encoded, and far over ours.
        byte[] huge = ("STATUS=" + "y".repeat(60_000)).getBytes(StandardCharsets.UTF_8);
        List<String> args = Stream.of(random, invalidUtf8, oversized, huge, new byte[0],
                        "READY=1\nnonsense\nWATCHDOG_USEC=soon".getBytes(StandardCharsets.UTF_8),
                        "STATUS=after garbage".getBytes(StandardCharsets.UTF_8))
                .map(HexFormat.of()::formatHex).toList();
        try (UnixNotifyEndpoint endpoint = (UnixNotifyEndpoint) new UnixNotifySockets(dir, dev.vigil.process.ProcessInspector.system(), dropped::add)
                .open("svc", spec("main", NotifyAccess.MAIN, Optional.empty()), received::add);
             TestChild client = TestChild.inOwnGroup(endpoint.environment(), PythonNotifyClient.commandArgs(args))) {
            endpoint.attach(client.pid(), client.pid());

            assertThat(next(dropped)).isEqualTo(drop(client, NotifyDrop.Reason.GARBAGE, "NUL byte at offset 0"));
            assertThat(next(dropped)).isEqualTo(drop(client, NotifyDrop.Reason.GARBAGE, "not UTF-8 at byte 7"));
            assertThat(next(dropped)).isEqualTo(drop(client, NotifyDrop.Reason.OVERSIZED,
                    oversized.length + " bytes, the limit is 4096"));
            assertThat(next(dropped)).isEqualTo(drop(client, NotifyDrop.Reason.OVERSIZED,
                    huge.length + " bytes, the limit is 4096"));
            assertThat(next(dropped)).isEqualTo(drop(client, NotifyDrop.Reason.MALFORMED_ASSIGNMENT,
                    "line 2: 'nonsense' is not KEY=VALUE"));
            assertThat(next(dropped)).isEqualTo(drop(client, NotifyDrop.Reason.MALFORMED_ASSIGNMENT,
                    "line 3: WATCHDOG_USEC='soon': must be an integer from 0 to 9223372036854775807"));
            assertThat(next(received).messages()).as("the good part of a mixed datagram")
                    .containsExactly(new NotifyMessage.Ready());
            assertThat(next(received).messages()).containsExactly(new NotifyMessage.Status("after garbage"));
            assertThat(dropped).isEmpty();
            assertThat(endpoint.receiving()).isTrue();
        }
    }

    @Test
    void everyPassedDescriptorIsClosedWhateverBecomesOfItsDatagram() throws Exception {
        long before = openDescriptors();
        // Sent after attach: more datagrams than the pre-attach backlog holds.
        List<String> args = new ArrayList<>(List.of(PythonNotifyClient.WAIT_FOR_LINE));
        for (int i = 0; i < DATAGRAMS_WITH_DESCRIPTORS; i++) {
            args.add(PythonNotifyClient.withDescriptors(DESCRIPTORS_EACH, "WATCHDOG=1".getBytes(StandardCharsets.UTF_8)));
        }
        args.add(PythonNotifyClient.withDescriptors(DESCRIPTORS_EACH, new byte[] {(byte) 0xFF}));
        args.add(PythonNotifyClient.withDescriptors(DESCRIPTORS_EACH, new byte[0]));
        args.add(hex("STATUS=after descriptors"));
        try (NotifyEndpoint endpoint = new UnixNotifySockets(dir, dev.vigil.process.ProcessInspector.system(), dropped::add)
                .open("svc", spec("main", NotifyAccess.MAIN, Optional.empty()), received::add);
             TestChild client = TestChild.inOwnGroup(endpoint.environment(), PythonNotifyClient.commandArgs(args))) {
            endpoint.attach(client.pid(), client.pid());
            client.writeLine("go");
            for (int i = 0; i < DATAGRAMS_WITH_DESCRIPTORS; i++) {
                assertThat(next(received).messages()).containsExactly(new NotifyMessage.WatchdogPing());
            }
            assertThat(next(dropped).reason()).isEqualTo(NotifyDrop.Reason.GARBAGE);
            assertThat(next(received).messages()).containsExactly(new NotifyMessage.Status("after descriptors"));

            // 309 descriptors arrived; a leak would show hundreds. The slack covers the child's
            // pipes, the socket and whatever the JVM opens meanwhile.
            assertThat(openDescriptors() - before).isLessThan(30);
        }
    }

    @Test
    void descriptorsFromARejectedSenderAreClosedToo() throws Exception {
        long before = openDescriptors();
        List<String> args = new ArrayList<>();
        for (int i = 0; i < DATAGRAMS_WITH_DESCRIPTORS; i++) {
            args.add(PythonNotifyClient.withDescriptors(DESCRIPTORS_EACH, "READY=1".getBytes(StandardCharsets.UTF_8)));
        }
        try (NotifyEndpoint endpoint = new UnixNotifySockets(dir, dev.vigil.process.ProcessInspector.system(), dropped::add)
                .open("svc", spec("main", NotifyAccess.MAIN, Optional.empty()), received::add);
             TestChild main = TestChild.inOwnGroup(endpoint.environment(), List.of("sleep", "1000"));
             TestChild outsider = TestChild.inTestGroup(endpoint.environment(), PythonNotifyClient.commandArgs(args))) {
            endpoint.attach(main.pid(), main.pid());
            for (int i = 0; i < DATAGRAMS_WITH_DESCRIPTORS; i++) {
                assertThat(next(dropped).reason()).isEqualTo(NotifyDrop.Reason.ACCESS_DENIED);
            }
            assertThat(openDescriptors() - before).isLessThan(30);
            assertThat(received).isEmpty();
        }
    }

    private static NotifyDrop drop(TestChild client, NotifyDrop.Reason reason, String detail) {
        return new NotifyDrop("svc", "main", client.pid(), reason, detail);
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
