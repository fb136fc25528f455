package dev.vigil.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Real notify peers for the daemon's end-to-end tests, written without any of Vigil's code: a
 * Python client steered line by line through a command file, and a Python sender the test runs
 * itself (a process outside every service's group).
 */
final class NotifyPeers {
    private NotifyPeers() {
    }

    /**
     * A notify client as a Python one-liner service: it follows {@code argv[1]} like {@code tail -f}
     * and acts on each line. {@code ping on}/{@code ping off} start and stop a WATCHDOG=1 every
     * 0.5 s; {@code hex HEX} sends those bytes; {@code sleep S} pauses; any other line is sent as
     * one datagram with {@code \n} standing for a newline.
     */
    static final String CLIENT = String.join("\n",
            "import os, socket, sys, time",
            "a = os.environ['NOTIFY_SOCKET']",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "f = open(sys.argv[1], 'rb')",
            "ping = False",
            "due = 0.0",
            "while True:",
            "    line = f.readline()",
            "    if line.endswith(b'\\n'):",
            "        line = line[:-1].decode()",
            "        if line == 'ping on': ping = True; due = 0.0",
            "        elif line == 'ping off': ping = False",
            "        elif line.startswith('hex '): s.sendto(bytes.fromhex(line[4:]), a)",
            "        elif line.startswith('sleep '): time.sleep(float(line[6:]))",
            "        else: s.sendto(line.replace('\\\\n', '\\n').encode(), a)",
            "        continue",
            "    if line: f.seek(-len(line), 1)",
            "    if ping and time.monotonic() >= due:",
            "        s.sendto(b'WATCHDOG=1', a); due = time.monotonic() + 0.5",
            "    time.sleep(0.02)");

    /** The command line of a {@link #CLIENT} following {@code commands}. */
    static List<String> client(Path commands) {
        return List.of("/usr/bin/python3", "-c", CLIENT, commands.toString());
    }

    /** Appends lines to a client's command file (one write, so the client never sees half a line). */
    static void tell(Path commands, String... lines) throws IOException {
        Files.writeString(commands, String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Sends each datagram to {@code socket} from a fresh Python process of the test's own; returns its pid. */
    static long sendFromOutside(Path socket, List<byte[]> datagrams) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder(
                "import os, socket, sys\ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)\n"
                        + "print(os.getpid(), flush=True)\nfor h in sys.argv[2:]: s.sendto(bytes.fromhex(h), sys.argv[1])\n");
        List<String> argv = new java.util.ArrayList<>(List.of("/usr/bin/python3", "-c", script.toString(), socket.toString()));
        datagrams.forEach(d -> argv.add(HexFormat.of().formatHex(d)));
        Process sender = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            if (!sender.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("python sender did not finish");
            }
            String out = new String(sender.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (sender.exitValue() != 0) {
                throw new AssertionError("python sender failed: " + out);
            }
            return Long.parseLong(out.lines().findFirst().orElseThrow());
        } finally {
            sender.destroyForcibly();
        }
    }

    /** A loopback port that was free a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The notify socket the daemon gives {@code service}'s process of the same name. */
    static Path socketOf(DaemonHarness daemon, String service) {
        return daemon.stateDir().resolve("notify").resolve(service + "." + service + ".notify");
    }

    static Predicate<JsonNode> event(String type, String service) {
        return DaemonHarness.event(type, service, Map.of());
    }

    static Predicate<JsonNode> stateTo(String service, String to) {
        return DaemonHarness.event("service_state_changed", service, Map.of("to", to));
    }

    static Predicate<JsonNode> received(String service, String key) {
        return DaemonHarness.event("notify_received", service, Map.of("key", key));
    }

    static Instant at(JsonNode event) {
        return Instant.parse(event.path("ts").asText());
    }

    static Duration between(JsonNode earlier, JsonNode later) {
        return Duration.between(at(earlier), at(later));
    }

    /** Events of {@code type} for {@code service} seen so far. */
    static List<JsonNode> all(DaemonHarness daemon, String type, String service) {
        return daemon.events().stream().filter(event(type, service)).toList();
    }
}
