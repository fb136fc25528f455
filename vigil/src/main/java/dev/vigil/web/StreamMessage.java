package dev.vigil.web;

import java.nio.charset.StandardCharsets;

/**
 * One Server-Sent Events message of {@code /api/v1/stream}, already encoded: {@code id:} (the
 * stream's epoch and sequence number, so a reconnecting page can say where it was), {@code event:}
 * and one {@code data:} line of JSON (JSON never contains a raw newline).
 *
 * @param seq   position in the stream, increasing by one per message
 * @param bytes the encoded message, ending with the blank line
 */
record StreamMessage(long seq, byte[] bytes) {

    static StreamMessage of(String epoch, long seq, String event, String json) {
        String text = "id: " + epoch + "-" + seq + "\nevent: " + event + "\ndata: " + json + "\n\n";
        return new StreamMessage(seq, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A message outside the sequence (the snapshot a client starts from, a heartbeat). */
    static StreamMessage unnumbered(String text) {
        return new StreamMessage(-1, text.getBytes(StandardCharsets.UTF_8));
    }
}
