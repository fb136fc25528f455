package dev.vigil.notify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A notify client independent of Vigil's code: Python's own AF_UNIX datagram socket. Each
 * argument is one datagram, hex-encoded (so tests can send any bytes); an argument
 * {@code N:hex} sends the datagram with N descriptors of /dev/null attached; an argument
 * {@code wait} waits for a line on stdin first. After the last datagram it prints {@code sent}
 * and waits on stdin, so it is alive while its datagrams are judged.
 */
final class PythonNotifyClient {

    static final String SCRIPT = String.join("\n",
            "import array, os, socket, sys",
            "a = os.environ['NOTIFY_SOCKET']",
            "a = '\\0' + a[1:] if a.startswith('@') else a",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "for arg in sys.argv[1:]:",
            "    if arg == 'wait':",
            "        sys.stdin.readline()",
            "        continue",
            "    n, _, h = arg.rpartition(':')",
            "    fds = [os.open('/dev/null', os.O_RDONLY) for _ in range(int(n or 0))]",
            "    if fds:",
            "        rights = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array('i', fds))]",
            "        s.sendmsg([bytes.fromhex(h)], rights, 0, a)",
            "    else:",
            "        s.sendto(bytes.fromhex(h), a)",
            "    for fd in fds: os.close(fd)",
            "print('sent', flush=True)",
            "sys.stdin.read()");

    private PythonNotifyClient() {}

    /** The argv of a client sending each datagram in turn. */
    static List<String> command(List<byte[]> datagrams) {
        List<String> argv = new ArrayList<>(List.of("python3", "-c", SCRIPT));
        datagrams.forEach(d -> argv.add(HexFormat.of().formatHex(d)));
        return argv;
    }

    static List<String> commandText(String... datagrams) {
        return command(java.util.Arrays.stream(datagrams).map(d -> d.getBytes(StandardCharsets.UTF_8)).toList());
    }

    /** Raw arguments, for {@link #WAIT_FOR_LINE} and {@link #withDescriptors}; others are hex datagrams. */
    static List<String> commandArgs(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("python3", "-c", SCRIPT));
        argv.addAll(args);
        return argv;
    }

    static String hex(String datagram) {
        return HexFormat.of().formatHex(datagram.getBytes(StandardCharsets.UTF_8));
    }

    static final String WAIT_FOR_LINE = "wait";

    /** An argument for a datagram sent with {@code descriptors} descriptors attached. */
    static String withDescriptors(int descriptors, byte[] datagram) {
        return descriptors + ":" + HexFormat.of().formatHex(datagram);
    }
}
