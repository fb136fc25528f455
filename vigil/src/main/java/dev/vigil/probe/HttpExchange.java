package dev.vigil.probe;

import dev.vigil.config.Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 request and its response over an already connected channel, {@code Connection: close},
 * bounded: headers up to 16 KiB, body up to 64 KiB (a longer body is cut, never waited for).
 * Failures carry the reason people need: empty reply, reset, malformed status line.
 */
final class HttpExchange {

    static final int MAX_HEADERS = 16 * 1024;
    static final int MAX_BODY = 64 * 1024;
    private static final int FIRST_BUFFER = 4 * 1024;
    private static final byte[] HTTP_PREFIX = "HTTP/".getBytes(StandardCharsets.US_ASCII);

    private HttpExchange() {
    }

    /** The bytes of a request; {@code body} may be null (then no Content-Length is sent). */
    static byte[] request(String method, String path, String host, String contentType, byte[] body) {
        StringBuilder head = new StringBuilder(128)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("User-Agent: vigil-probe\r\nAccept: */*\r\nConnection: close\r\n");
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /**
     * Sends {@code request} and reads the response. With {@code readBody} false it returns as soon as
     * the headers are in (HEAD, or no body check), which spares reading what nobody looks at.
     */
    static HttpResponse exchange(SocketChannel channel, Deadline deadline, Endpoint endpoint, byte[] request,
                                 boolean readBody) throws ProbeFailure {
        try {
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) {
                channel.write(out);
            }
        } catch (IOException e) {
            throw Connections.failure(e, deadline, "sending the request", endpoint);
        }
        ByteBuffer in = ByteBuffer.allocate(FIRST_BUFFER);
        int headerEnd = -1;
        int status = 0;
        long bodyLimit = MAX_BODY;
        boolean chunked = false;
        while (true) {
            if (!in.hasRemaining()) {
                if (in.capacity() >= MAX_HEADERS + MAX_BODY) {
                    break;
                }
                in = grow(in);
            }
            int read;
            try {
                read = channel.read(in);
            } catch (IOException e) {
                throw Connections.failure(e, deadline, "reading the response", endpoint);
            }
            if (read < 0) {
                break;
            }
            byte[] bytes = in.array();
            int length = in.position();
            if (headerEnd < 0) {
                checkPrefix(bytes, length);
                headerEnd = headerEnd(bytes, length);
                if (headerEnd < 0) {
                    if (length > MAX_HEADERS) {
                        throw ProbeFailure.unhealthy("response headers larger than " + (MAX_HEADERS / 1024) + " KiB");
                    }
                    continue;
                }
                String headers = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1);
                status = parseStatus(headers);
                if (!readBody || status == 204 || status == 304 || status / 100 == 1) {
                    return new HttpResponse(status, headers, new byte[0], false);
                }
                HttpResponse headOnly = new HttpResponse(status, headers, new byte[0], false);
                chunked = headOnly.header("transfer-encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false);
                if (!chunked) {
                    bodyLimit = Math.min(MAX_BODY, headOnly.header("content-length").map(HttpExchange::parseLength).orElse((long) MAX_BODY));
                }
            }
            int bodyRead = length - headerEnd;
            if (bodyRead >= bodyLimit || (chunked && endsWithLastChunk(bytes, headerEnd, length))) {
                break;
            }
        }
        return finish(in, headerEnd, status, chunked, bodyLimit);
    }

    private static HttpResponse finish(ByteBuffer in, int headerEnd, int status, boolean chunked, long bodyLimit)
            throws ProbeFailure {
        byte[] bytes = in.array();
        int length = in.position();
        if (length == 0) {
            throw ProbeFailure.unhealthy("empty reply (connection closed before any byte)");
        }
        if (headerEnd < 0) {
            int lineEnd = indexOf(bytes, length, (byte) '\n');
            if (lineEnd >= 0) {
                parseStatus(new String(bytes, 0, lineEnd, StandardCharsets.ISO_8859_1));
            }
            throw ProbeFailure.unhealthy("truncated response: connection closed after " + length
                    + " bytes, before the end of the headers");
        }
        String headers = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1);
        int bodyLength = (int) Math.min(length - headerEnd, bodyLimit);
        byte[] body = new byte[bodyLength];
        System.arraycopy(bytes, headerEnd, body, 0, bodyLength);
        boolean truncated = length - headerEnd >= MAX_BODY;
        return new HttpResponse(status, headers, chunked ? dechunk(body) : body, truncated);
    }

    /** Fails fast on a reply that is not HTTP at all, instead of waiting for headers that never come. */
    private static void checkPrefix(byte[] bytes, int length) throws ProbeFailure {
        int n = Math.min(length, HTTP_PREFIX.length);
        for (int i = 0; i < n; i++) {
            if (bytes[i] != HTTP_PREFIX[i]) {
                int lineEnd = indexOf(bytes, length, (byte) '\n');
                throw malformed(new String(bytes, 0, lineEnd < 0 ? length : lineEnd, StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** Parses "HTTP/1.1 200 OK" (the first line of {@code headers}) into its status code. */
    static int parseStatus(String headers) throws ProbeFailure {
        int lineEnd = headers.indexOf('\n');
        String line = (lineEnd < 0 ? headers : headers.substring(0, lineEnd)).stripTrailing();
        // "HTTP/x.y SSS" at least; the reason phrase is optional.
        if (line.length() < 12 || !line.startsWith("HTTP/") || line.charAt(6) != '.' || line.charAt(8) != ' '
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw malformed(line);
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed(line);
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100) {
            throw malformed(line);
        }
        return status;
    }

    private static ProbeFailure malformed(String line) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < line.length() && shown.length() < 60; i++) {
            char c = line.charAt(i);
            shown.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return ProbeFailure.unhealthy("malformed status line: \"" + shown + (line.length() > 60 ? "...\"" : "\""));
    }

    private static long parseLength(String value) {
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return MAX_BODY;
        }
    }

    private static int headerEnd(byte[] bytes, int length) {
        for (int i = 0; i + 1 < length; i++) {
            if (bytes[i] == '\n') {
                if (bytes[i + 1] == '\n') {
                    return i + 2;
                }
                if (bytes[i + 1] == '\r' && i + 2 < length && bytes[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    private static boolean endsWithLastChunk(byte[] bytes, int from, int length) {
        byte[] last = {'0', '\r', '\n', '\r', '\n'};
        if (length - from < last.length) {
            return false;
        }
        for (int i = 0; i < last.length; i++) {
            if (bytes[length - last.length + i] != last[i]) {
                return false;
            }
        }
        return length - from == last.length || bytes[length - last.length - 1] == '\n';
    }

    /** Decodes as much of a chunked body as arrived; a torn last chunk is kept as far as it goes. */
    static byte[] dechunk(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        int pos = 0;
        while (pos < raw.length) {
            int lineEnd = indexOf(raw, pos, raw.length, (byte) '\n');
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(raw, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).trim();
            int semicolon = sizeText.indexOf(';');
            int size;
            try {
                size = Integer.parseInt(semicolon < 0 ? sizeText : sizeText.substring(0, semicolon), 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (size <= 0) {
                break;
            }
            int start = lineEnd + 1;
            int take = Math.min(size, raw.length - start);
            out.write(raw, start, take);
            pos = start + size + 2;
        }
        return out.toByteArray();
    }

    private static ByteBuffer grow(ByteBuffer in) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.min(in.capacity() * 4, MAX_HEADERS + MAX_BODY));
        in.flip();
        bigger.put(in);
        return bigger;
    }

    private static int indexOf(byte[] bytes, int length, byte wanted) {
        return indexOf(bytes, 0, length, wanted);
    }

    private static int indexOf(byte[] bytes, int from, int length, byte wanted) {
        for (int i = from; i < length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
