package dev.vigil.liveness;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal in-process HTTP/1.1 GET over a plain socket, for polling the listener in tests. */
final class RawHttp {
    private RawHttp() {
    }

    /** The whole response text; the status code is at index 9..12. */
    static String get(int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static int status(int port, String path) throws IOException {
        return Integer.parseInt(get(port, path).substring(9, 12));
    }
}
