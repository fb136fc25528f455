package dev.vigil.config;

import static dev.vigil.config.ConfigFiles.problemLines;
import static dev.vigil.config.ConfigFiles.valid;
import static dev.vigil.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.Severity;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [[notify]]} entries: defaults, every field, and one test per class of error. */
class AlertTargetConfigTest {

    private static final String SERVICE = """
            [services.api]
            command = ["/bin/true"]
            """;

    @TempDir
    Path dir;

    @Test
    void execTargetGetsTheDocumentedDefaults() {
        VigilConfig config = valid(write(dir, "v.toml", SERVICE + """
                [[notify]]
                name = "pager"
                exec = ["true", "--loud"]
                """));
        AlertTarget t = config.alerts().getFirst();
        assertThat(t.name()).isEqualTo("pager");
        assertThat(t.on()).containsExactlyInAnyOrder(AlertTrigger.DEGRADED, AlertTrigger.FAILED, AlertTrigger.RECOVERED);
        assertThat(t.services()).isEmpty();
        assertThat(t.minSeverity()).isEqualTo(Severity.DEBUG);
        assertThat(t.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(t.groupWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(t.repeat()).isEmpty();
        assertThat(t.transport()).isEqualTo(new AlertTransport.Exec(List.of("true", "--loud")));
    }

    @Test
    void webhookTargetReadsEveryField() {
        write(dir, "token", "Bearer s3cret\n");
        VigilConfig config = valid(write(dir, "v.toml", SERVICE + """
                [[notify]]
                name = "am"
                on = ["degraded", "crash_loop", "recovered"]
                services = ["api"]
                min_severity = "warn"
                webhook = "http://127.0.0.1:9093/api/v2/alerts"
                format = "alertmanager"
                headers = { X-Env = "prod" }
                header_files = { Authorization = "token" }
                timeout = "3s"
                repeat = "1h"
                group_wait = "0s"
                """));
        AlertTarget t = config.alerts().getFirst();
        assertThat(t.on()).containsExactlyInAnyOrder(AlertTrigger.DEGRADED, AlertTrigger.CRASH_LOOP, AlertTrigger.RECOVERED);
        assertThat(t.services()).containsExactly("api");
        assertThat(t.minSeverity()).isEqualTo(Severity.WARN);
        assertThat(t.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(t.repeat()).isEqualTo(Optional.of(Duration.ofHours(1)));
        assertThat(t.groupWait()).isZero();
        AlertTransport.Webhook w = (AlertTransport.Webhook) t.transport();
        assertThat(w.url()).isEqualTo(URI.create("http://127.0.0.1:9093/api/v2/alerts"));
        assertThat(w.format()).isEqualTo(WebhookFormat.ALERTMANAGER);
        assertThat(w.headers()).containsEntry("X-Env", "prod");
        assertThat(w.headerFiles()).containsEntry("Authorization", dir.resolve("token").toAbsolutePath().normalize());
        assertThat(t.toString()).doesNotContain("s3cret");
    }

    @Test
    void unknownEventNameSuggestsTheClosest() {
        List<String> lines = problemLines(dir, SERVICE + """
                [[notify]]
                name = "pager"
                on = ["degraded", "recoverd"]
                exec = ["true"]
                """);
        assertThat(lines).containsExactly("services.toml:5:19: notify[0].on[1]: is not an event name, was \"recoverd\""
                + " (did you mean \"recovered\"? some of \"degraded\", \"failed\", \"recovered\", \"restarted\","
                + " \"watchdog\", \"crash_loop\", \"budget_exhausted\")");
    }

    @Test
    void missingExecutableIsReportedAtTheProgram() {
        List<String> lines = problemLines(dir, SERVICE + """
                [[notify]]
                name = "pager"
                exec = ["/nonexistent/page-me"]
                """);
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).startsWith("services.toml:5:9: notify[0].exec[0]: does not exist");
    }

    @Test
    void webhookMustBeHttpOrHttps() {
        List<String> lines = problemLines(dir, SERVICE + """
                [[notify]]
                name = "hook"
                webhook = "ftp://example.com/x"
                """);
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).startsWith("services.toml:5:11: notify[0].webhook: has scheme ftp, not http or https");
    }

    @Test
    void transportIsExactlyOne() {
        assertThat(problemLines(dir, SERVICE + """
                [[notify]]
                name = "none"
                """)).singleElement().asString().contains("notify[0]: has no transport");
        assertThat(problemLines(dir, SERVICE + """
                [[notify]]
                name = "both"
                exec = ["true"]
                webhook = "http://127.0.0.1:1/"
                """)).singleElement().asString().contains("notify[0]: has both exec and webhook");
    }

    @Test
    void formatWithExecIsNotUsedHere() {
        List<String> lines = problemLines(dir, SERVICE + """
                [[notify]]
                name = "pager"
                exec = ["true"]
                format = "slack"
                """);
        assertThat(lines).singleElement().asString().startsWith("services.toml:6:1: notify[0].format: is not used here (only with webhook");
    }

    @Test
    void missingHeaderFileIsAnErrorAndDuplicateNamesToo() {
        List<String> lines = problemLines(dir, SERVICE + """
                [[notify]]
                name = "hook"
                webhook = "https://hooks.example.com/x"
                header_files = { Authorization = "no-such-token" }
                [[notify]]
                name = "pager"
                exec = ["true"]
                [[notify]]
                name = "pager"
                exec = ["true"]
                """);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("notify[0].header_files: header Authorization: is not a readable file");
        assertThat(lines.get(1)).contains("notify[2].name: is used twice");
    }

    @Test
    void unknownServiceSuggestsTheClosest() {
        List<String> lines = problemLines(dir, SERVICE + """
                [[notify]]
                name = "pager"
                services = ["apj"]
                exec = ["true"]
                """);
        assertThat(lines).singleElement().asString().contains("is not a declared service").contains("did you mean \"api\"?");
    }

    @Test
    void notifyAsAPlainTableIsRejected() {
        List<String> lines = problemLines(dir, SERVICE + """
                [notify]
                name = "pager"
                """);
        assertThat(lines).singleElement().asString().contains("notify: must be an array of tables");
    }
}
