package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus example (examples/prometheus) checked by the real {@code promtool}
 * (Debian's {@code prometheus} package, installed by bin/install-test-deps): the rules parse, the
 * config is valid, and the alert rules' unit tests pass.
 */
class PromtoolRulesIT {

    private static final Path EXAMPLES = Path.of("..", "examples", "prometheus").toAbsolutePath().normalize();

    private static String promtool(String... args) throws IOException, InterruptedException {
        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(promtool).as("promtool missing: run bin/install-test-deps (Debian package prometheus)").isExecutable();
        List<String> command = new java.util.ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(EXAMPLES.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void alertRulesAreValid() throws Exception {
        assertThat(promtool("check", "rules", "vigil.rules.yml")).contains("SUCCESS: 5 rules found");
    }

    @Test
    void alertRuleUnitTestsPass() throws Exception {
        assertThat(promtool("test", "rules", "vigil.rules.test.yml")).contains("SUCCESS");
    }

    @Test
    void scrapeConfigIsValid() throws Exception {
        assertThat(promtool("check", "config", "prometheus.yml")).contains("is valid prometheus config file syntax");
    }

    @Test
    void everyAlertTheIssueNamesIsThere() throws Exception {
        String rules = Files.readString(EXAMPLES.resolve("vigil.rules.yml"));
        assertThat(rules).contains("alert: VigilServiceDegraded", "alert: VigilCrashLooping", "alert: VigilServiceFailed",
                "alert: VigilWatchdogTimeouts", "alert: VigilDown");
    }
}
