package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The header's figures from a scripted /proc and clock: CPU over the read interval, rounded, read at most every 2 s. */
class DaemonFactsTest {
    private long now = 1_000_000_000L;
    private long rss = 50L << 20;
    private Duration cpu = Duration.ofSeconds(3);
    private int reads;
    private int budget = 10;

    private final DaemonFacts facts = new DaemonFacts(new DaemonFacts.Usage() {
        @Override
        public long rssBytes() {
            reads++;
            return rss;
        }

        @Override
        public Duration cpu() {
            return cpu;
        }
    }, () -> now, () -> budget, "/etc/vigil/vigil.toml");

    @Test
    void cpuIsTheShareOfOneCoreOverTheLastInterval() {
        Map<String, Object> first = facts.sample();
        assertThat(first).containsEntry("config_path", "/etc/vigil/vigil.toml").containsEntry("rss_mib", 50.0)
                .containsEntry("restart_budget_remaining", 10);
        assertThat(first.get("cpu_percent")).as("unknown before two reads").isNull();

        now += Duration.ofSeconds(2).toNanos();
        cpu = cpu.plusMillis(50); // 50 ms of CPU in 2 s
        rss += 3L << 20;
        Map<String, Object> second = facts.sample();
        assertThat(second).containsEntry("cpu_percent", 2.5).containsEntry("rss_mib", 53.0);
    }

    @Test
    void procIsReadAtMostEveryTwoSecondsAndSmallChangesDoNotShow() {
        Map<String, Object> first = facts.sample();
        now += Duration.ofMillis(250).toNanos();
        rss += 1000; // not a visible change, and not read yet anyway
        assertThat(facts.sample()).isEqualTo(first);
        assertThat(reads).isEqualTo(1);

        budget = 9; // the budget is read every sample: it is cheap and it matters
        assertThat(facts.sample()).containsEntry("restart_budget_remaining", 9);
        assertThat(reads).isEqualTo(1);
    }

    @Test
    void theRealProcSelfGivesThisProcessesFigures() {
        DaemonFacts.Usage self = DaemonFacts.procSelf();
        assertThat(self.rssBytes()).isGreaterThan(1L << 20);
        assertThat(self.cpu()).isPositive();
    }
}
