package dev.vigil.web;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /metrics}: Vigil's families plus the JVM's memory and threads, in the Prometheus
 * text format or OpenMetrics by the {@code Accept} header (the official client's writers).
 * Thread-safe; a scrape reads snapshots and counters only.
 */
final class MetricsEndpoint {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();

    MetricsEndpoint(VigilCollector vigil) {
        registry.register(vigil);
        JvmMemoryMetrics.builder().register(registry);
        JvmThreadsMetrics.builder().register(registry);
    }

    void handle(Request request, Response response, Callback callback) {
        ExpositionFormatWriter writer = writer(request.getHeaders().get(HttpHeader.ACCEPT));
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
        try {
            writer.write(body, registry.scrape());
        } catch (IOException | RuntimeException e) {
            Answers.error(response, callback, 500, null, "metrics could not be written: " + e.getClass().getSimpleName(),
                    Map.of());
            return;
        }
        Answers.send(response, callback, 200, writer.getContentType(), body.toByteArray());
    }

    /** OpenMetrics when asked for, else the Prometheus text format (never protobuf). */
    private ExpositionFormatWriter writer(String accept) {
        var openMetrics = formats.getOpenMetricsTextFormatWriter();
        return accept != null && openMetrics.accepts(accept) ? openMetrics : formats.getPrometheusTextFormatWriter();
    }
}
