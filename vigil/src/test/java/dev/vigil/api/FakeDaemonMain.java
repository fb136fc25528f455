package dev.vigil.api;

import java.nio.file.Path;

/**
 * A stand-in daemon for measuring the CLI alone: serves {@code N} fake running services on a
 * socket until stdin closes or it is killed. Used by bench/cli-list.sh --fake.
 *
 * <p>Usage: {@code java -cp vigil.jar:test-classes dev.vigil.api.FakeDaemonMain SOCKET [N]}
 */
public final class FakeDaemonMain {
    private FakeDaemonMain() {
    }

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        try (ControlServer server = ControlServer.start(ServerOptions.defaults(socket),
                new FakeControlHandler(FakeControlHandler.manyServices(n)))) {
            System.out.println("serving " + n + " fake services on " + server.socket());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Runs until stdin closes (or the process is killed by its PID).
            }
        }
    }
}
