package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.config.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Status lines, chunked bodies and the http verdict, without sockets. */
class HttpParsingTest {

    @Test
    void readsStatusCodes() throws Exception {
        assertThat(HttpExchange.parseStatus("HTTP/1.1 200 OK\r\nA: b")).isEqualTo(200);
        assertThat(HttpExchange.parseStatus("HTTP/1.0 503")).isEqualTo(503);
    }

    @Test
    void rejectsMalformedStatusLinesWithThatReason() {
        assertThatThrownBy(() -> HttpExchange.parseStatus("SSH-2.0-OpenSSH_9.2"))
                .hasMessage("malformed status line: \"SSH-2.0-OpenSSH_9.2\"");
        assertThatThrownBy(() -> HttpExchange.parseStatus("HTTP/1.1 2x0 OK")).hasMessageStartingWith("malformed status line");
        assertThatThrownBy(() -> HttpExchange.parseStatus("HTTP/1.1 200OK")).hasMessageStartingWith("malformed status line");
        assertThatThrownBy(() -> HttpExchange.parseStatus("HTTP/1.1 099 Odd")).hasMessageStartingWith("malformed status line");
    }

    @Test
    void dechunksWhatArrived() {
        byte[] raw = "4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(HttpExchange.dechunk(raw), StandardCharsets.US_ASCII)).isEqualTo("Wikipedia");
        byte[] torn = "4\r\nWiki\r\n9\r\npe".getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(HttpExchange.dechunk(torn), StandardCharsets.US_ASCII)).isEqualTo("Wikipe");
    }

    @Test
    void judgesHeaderAndBody() {
        var target = new dev.vigil.config.ProbeTarget.Http(new Endpoint.Tcp("127.0.0.1", 1), "GET", "/", "h", 200, 299,
                Optional.of("ready"), Optional.of(Pattern.compile("v\\d+")), Optional.of("X-Role"), Optional.of("primary"));
        HttpResponse good = new HttpResponse(200, "HTTP/1.1 200 OK\r\nx-role:  primary \r\n", "ready v2".getBytes(), false);
        assertThat(HttpProber.judge(target, good)).isEmpty();
        HttpResponse replica = new HttpResponse(200, "HTTP/1.1 200 OK\r\nX-Role: replica\r\n", "ready v2".getBytes(), false);
        assertThat(HttpProber.judge(target, replica)).contains("HTTP 200 with header X-Role: \"replica\", expected \"primary\"");
        HttpResponse noRole = new HttpResponse(200, "HTTP/1.1 200 OK\r\n", "ready v2".getBytes(), false);
        assertThat(HttpProber.judge(target, noRole)).contains("HTTP 200 without header X-Role");
        HttpResponse noVersion = new HttpResponse(200, "HTTP/1.1 200 OK\r\nX-Role: primary\r\n", "ready".getBytes(), true);
        assertThat(HttpProber.judge(target, noVersion)).contains("HTTP 200 but body does not match /v\\d+/ (in its first 64 KiB)");
        HttpResponse redirect = new HttpResponse(302, "HTTP/1.1 302 Found\r\n", new byte[0], false);
        assertThat(HttpProber.judge(target, redirect)).contains("HTTP 302 (expected 200-299)");
    }
}
