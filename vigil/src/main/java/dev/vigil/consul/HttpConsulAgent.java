package dev.vigil.consul;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code PUT /v1/agent/check/pass|fail/ID?note=...} with the JDK client, each bounded by the
 * timeout. The token file is read at each update (a rotated token is picked up) and never logged;
 * of an error answer only the first 200 bytes are read.
 */
final class HttpConsulAgent implements ConsulAgent, AutoCloseable {

    private static final long MAX_TOKEN_BYTES = 8 * 1024;
    private static final int MAX_ERROR_BYTES = 200;

    private final URI address;
    private final Optional<Path> tokenFile;
    private final Duration timeout;
    private final HttpClient client;

    HttpConsulAgent(URI address, Optional<Path> tokenFile, Duration timeout) {
        this.address = address;
        this.tokenFile = tokenFile;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void update(String checkId, TtlStatus status, String note) throws IOException {
        String base = address.toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/v1/agent/check/" + status.word() + "/" + URLEncoder.encode(checkId, StandardCharsets.UTF_8)
                .replace("%3A", ":") + "?note=" + URLEncoder.encode(note, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).PUT(HttpRequest.BodyPublishers.noBody());
        if (tokenFile.isPresent()) {
            request.header("X-Consul-Token", token(tokenFile.get()));
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                String said = new String(body.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8).strip()
                        .replaceAll("\\s+", " ");
                throw new IOException("Consul answered " + response.statusCode() + " for " + checkId
                        + (said.isEmpty() ? "" : ": " + said));
            }
        }
    }

    /** Ends the client's own threads; an update under way fails. */
    @Override
    public void close() {
        client.shutdownNow();
    }

    private static String token(Path file) throws IOException {
        try {
            if (Files.size(file) > MAX_TOKEN_BYTES) {
                throw new IOException("token_file " + file + " is larger than " + MAX_TOKEN_BYTES + " bytes");
            }
            String token = Files.readString(file).strip();
            if (token.isEmpty() || token.indexOf('\n') >= 0 || token.indexOf('\r') >= 0) {
                throw new IOException("token_file " + file + " must hold one non-empty line");
            }
            return token;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("token_file " + file + " does not exist");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException("token_file " + file + " is not UTF-8 text");
        }
    }
}
