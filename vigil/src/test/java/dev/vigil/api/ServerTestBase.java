package dev.vigil.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A control server on a real socket in a temp dir with a fake handler, closed after each test with all it opened. */
abstract class ServerTestBase {

    @TempDir
    Path dir;
    final FakeControlHandler handler = new FakeControlHandler();
    final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    ControlServer start(ServerOptions options) throws IOException {
        ControlServer server = ControlServer.start(options, handler);
        toClose.add(server);
        return server;
    }
}
