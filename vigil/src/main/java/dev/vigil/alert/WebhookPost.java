package dev.vigil.alert;

import dev.vigil.config.AlertTransport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code webhook = "..."}: one POST per notice with the JDK client. Header values from
 * {@code header_files} are read at each send (a rotated token is picked up) and never logged. The
 * response body is discarded unread, so a server cannot make Vigil buffer anything.
 */
final class WebhookPost implements Transport {

    /** A secret file larger than this is a mistake (a whole key ring), not a header value. */
    private static final long MAX_SECRET_BYTES = 8 * 1024;

    private final AlertTransport.Webhook spec;
    private final Duration timeout;
    private final HttpClient client;
    private final URI uri;
    private final String generatorBase;

    WebhookPost(AlertTransport.Webhook spec, Duration timeout, HttpClient client, String generatorBase) {
        this.spec = spec;
        this.timeout = timeout;
        this.client = client;
        this.generatorBase = generatorBase;
        this.uri = spec.format() == dev.vigil.config.WebhookFormat.ALERTMANAGER ? alertsEndpoint(spec.url()) : spec.url();
    }

    /** Alertmanager's API path is appended unless the URL already names it. */
    static URI alertsEndpoint(URI base) {
        String s = base.toString();
        if (s.endsWith("/api/v2/alerts")) {
            return base;
        }
        return URI.create(s.replaceAll("/+$", "") + "/api/v2/alerts");
    }

    URI uri() {
        return uri;
    }

    String body(AlertNotice n) {
        return switch (spec.format()) {
            case JSON -> AlertPayloads.json(n);
            case SLACK -> AlertPayloads.slack(n);
            case ALERTMANAGER -> AlertPayloads.alertmanager(n, generatorBase + "/services/" + n.service());
        };
    }

    @Override
    public DeliveryResult send(AlertNotice notice) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(notice)));
        spec.headers().forEach(request::header);
        for (Map.Entry<String, Path> secret : spec.headerFiles().entrySet()) {
            try {
                if (Files.size(secret.getValue()) > MAX_SECRET_BYTES) {
                    return DeliveryResult.failed("header file for " + secret.getKey() + " is larger than " + MAX_SECRET_BYTES + " bytes");
                }
                String value = Files.readString(secret.getValue()).strip();
                if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                    return DeliveryResult.failed("header file for " + secret.getKey() + " holds more than one line");
                }
                request.header(secret.getKey(), value);
            } catch (IOException | IllegalArgumentException e) {
                // The message of either could quote the value; say only which header.
                return DeliveryResult.failed("header file for " + secret.getKey() + " cannot be used");
            }
        }
        try {
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return DeliveryResult.sent("HTTP " + status);
            }
            if (status / 100 == 5 || status == 429) {
                return DeliveryResult.retry("HTTP " + status);
            }
            return DeliveryResult.failed("HTTP " + status);
        } catch (java.net.http.HttpConnectTimeoutException e) {
            return DeliveryResult.retry("connect timed out after " + timeout.toMillis() + " ms");
        } catch (HttpTimeoutException e) {
            return DeliveryResult.failed("timed out after " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return DeliveryResult.retry("cannot connect: " + e.getClass().getSimpleName());
        } catch (IOException e) {
            return DeliveryResult.retry("I/O error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.failed("interrupted (daemon stopping)");
        }
    }
}
