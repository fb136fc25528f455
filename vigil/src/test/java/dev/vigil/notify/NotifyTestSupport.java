package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.LogSpec;
import dev.vigil.config.NotifyAccess;
import dev.vigil.config.ProcessSpec;
import dev.vigil.config.ProcessType;
import dev.vigil.config.UnixSignal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** Specs and queue helpers shared by the notify tests. */
final class NotifyTestSupport {

    static final Duration WAIT = Duration.ofSeconds(20);

    private NotifyTestSupport() {}

    static ProcessSpec spec(String name, NotifyAccess access, Optional<Duration> watchdog) {
        return new ProcessSpec(name, List.of("/bin/true"), Map.of(), Optional.empty(), UnixSignal.TERM,
                Duration.ofSeconds(10), ProcessType.NOTIFY, Duration.ofSeconds(30), watchdog, access, false,
                LogSpec.defaults());
    }

    /** The next element, failing the test when none arrives in {@link #WAIT}. */
    static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(item).as("an element within " + WAIT).isNotNull();
        return item;
    }
}
