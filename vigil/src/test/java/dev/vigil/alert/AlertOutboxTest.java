package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.config.AlertTransport;
import dev.vigil.config.WebhookFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox on a real SQLite file: notices round-trip, and a notice left undelivered is sent by the next dispatcher. */
class AlertOutboxTest {

    @TempDir
    Path dir;

    @Test
    void noticesRoundTripAndOpenAlertsAreTrackedUntilResolved() throws Exception {
        try (AlertOutbox outbox = AlertOutbox.open(dir.resolve("vigil.db"))) {
            AlertNotice firing = Notices.firing("api");
            long id = outbox.add(firing);
            assertThat(outbox.pending("t")).containsExactly(new AlertOutbox.Stored(id, firing));
            assertThat(outbox.pending("other")).isEmpty();
            outbox.remove(id);
            assertThat(outbox.pending("t")).isEmpty();

            outbox.track(firing);
            assertThat(outbox.open("t")).containsExactly(firing);
            outbox.track(Notices.resolved("api"));
            assertThat(outbox.open("t")).isEmpty();
        }
    }

    @Test
    void aNoticeLeftInTheOutboxIsDeliveredOnceByTheNextDispatcher() throws Exception {
        Path db = dir.resolve("vigil.db");
        try (AlertOutbox before = AlertOutbox.open(db)) {
            before.add(Notices.resolved("api"));
        }
        try (WebhookFixture fixture = new WebhookFixture(0)) {
            var target = AlertTargets.target(dev.vigil.config.AlertTrigger.DEFAULT, Duration.ZERO, Optional.empty(),
                    new AlertTransport.Webhook(fixture.uri("/hook"), WebhookFormat.JSON, Map.of(), Map.of()),
                    Duration.ofSeconds(30));
            try (AlertDispatcher alerts = new AlertDispatcher(List.of(target), Instant::now, AlertCounter.NONE,
                    RetryPolicy.NONE, AlertDispatcher.setsid(), AlertOutbox.open(db))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> fixture.received().size() == 1);
            }
            assertThat(fixture.received().getFirst().body()).contains("\"event\":\"resolved\"");
            try (AlertOutbox after = AlertOutbox.open(db)) {
                assertThat(after.pending("t")).isEmpty();
            }
        }
    }
}
