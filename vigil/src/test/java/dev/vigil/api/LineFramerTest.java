package dev.vigil.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.LineFramer.Frame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void splitsLinesAcrossArbitraryChunks() {
        String input = "{\"a\":1}\r\n{\"é\":\"😀\"}\n\nlast";
        byte[] all = input.getBytes(StandardCharsets.UTF_8);
        for (int chunk = 1; chunk <= all.length; chunk++) {
            LineFramer framer = new LineFramer(1024);
            List<Frame> frames = new ArrayList<>();
            for (int i = 0; i < all.length; i += chunk) {
                frames.addAll(framer.feed(ByteBuffer.wrap(all, i, Math.min(chunk, all.length - i))));
            }
            frames.addAll(framer.finish());
            assertThat(frames).as("chunk " + chunk).containsExactly(
                    new Frame.Text("{\"a\":1}"), new Frame.Text("{\"é\":\"😀\"}"), new Frame.Text(""), new Frame.Text("last"));
        }
    }

    @Test
    void aLineOverTheLimitEndsTheStream() {
        LineFramer framer = new LineFramer(1024);
        assertThat(framer.feed(bytes("x".repeat(1024) + "\n"))).containsExactly(new Frame.Text("x".repeat(1024)));
        assertThat(framer.feed(bytes("y".repeat(600)))).isEmpty();
        assertThat(framer.feed(bytes("y".repeat(600) + "\n{}\n"))).containsExactly(new Frame.TooLong(1024));
        assertThat(framer.feed(bytes("{}\n"))).isEmpty();
        assertThat(framer.finish()).isEmpty();
    }

    @Test
    void invalidUtf8IsReportedPerLine() {
        LineFramer framer = new LineFramer(1024);
        ByteBuffer in = ByteBuffer.wrap(new byte[] {'"', (byte) 0xC3, '"', '\n', '1', '\n'});
        List<Frame> frames = framer.feed(in);
        assertThat(frames).hasSize(2);
        assertThat(frames.getFirst()).isInstanceOf(Frame.Undecodable.class);
        assertThat(frames.get(1)).isEqualTo(new Frame.Text("1"));
    }
}
