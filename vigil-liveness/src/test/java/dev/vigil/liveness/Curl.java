package dev.vigil.liveness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Probes from a separate process: curl, as a kubelet or a supervisor would from outside the JVM. */
final class Curl {
    /** What curl saw: status (0 if none), body, and total seconds. */
    record Reply(int status, String body, double seconds) {
    }

    private Curl() {
    }

    static Reply get(int port, String path, int maxSeconds) throws IOException, InterruptedException {
        Process curl = new ProcessBuilder("curl", "-s", "--max-time", Integer.toString(maxSeconds),
                "-w", "\n%{http_code} %{time_total}", "http://127.0.0.1:" + port + path)
                .redirectErrorStream(true).start();
        try {
            if (!curl.waitFor(maxSeconds + 5L, TimeUnit.SECONDS)) {
                throw new IllegalStateException("curl did not exit");
            }
            String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int lastNewline = out.lastIndexOf('\n');
            String[] tail = out.substring(lastNewline + 1).trim().split(" ");
            return new Reply(Integer.parseInt(tail[0]), out.substring(0, Math.max(0, lastNewline)), Double.parseDouble(tail[1]));
        } finally {
            ChildJvm.destroy(curl);
        }
    }
}
