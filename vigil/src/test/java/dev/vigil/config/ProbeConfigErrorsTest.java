package dev.vigil.config;

import static dev.vigil.config.ConfigFiles.problemLines;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per class of probe error, and one file with many errors reported all at once. */
class ProbeConfigErrorsTest {

    @TempDir
    Path dir;

    private List<String> probeProblems(String probeKeys) {
        return problemLines(dir, """
                [services.web]
                command = ["/bin/true"]
                [services.web.probes.health]
                %s
                """.formatted(probeKeys));
    }

    @Test
    void timeoutMustNotExceedInterval() {
        assertThat(probeProblems("""
                kind = "tcp"
                address = "127.0.0.1:8080"
                interval = "1s"
                timeout = "1001ms"
                """)).containsExactly("services.toml:7:11: services.web.probes.health.timeout: must be at most"
                + " interval (1s), was \"1s1ms\" (a timeout no longer than the interval)");
    }

    @Test
    void restartAfterMustCoverEveryLivenessProbesFailures() {
        List<String> lines = problemLines(dir, """
                [services.web]
                command = ["/bin/true"]
                restart_after = 2
                [services.web.probes.health]
                kind = "tcp"
                address = "127.0.0.1:8080"
                failures = 5
                [services.web.probes.ready]
                kind = "tcp"
                address = "127.0.0.1:8081"
                role = "readiness"
                failures = 9
                """);
        assertThat(lines).containsExactly("services.toml:3:17: services.web.restart_after: must be at least every"
                + " liveness probe's failures (probe health has failures = 5), was 2 (an integer >= 5, so the service"
                + " is DEGRADED before it is restarted)");
    }

    @Test
    void restartAfterDefaultsToTheLargestLivenessFailures() {
        VigilConfig config = ConfigFiles.valid(ConfigFiles.write(dir, "services.toml", """
                [services.web]
                command = ["/bin/true"]
                [services.web.probes.a]
                kind = "tcp"
                address = "127.0.0.1:8080"
                failures = 4
                [services.web.probes.b]
                kind = "tcp"
                address = "127.0.0.1:8081"
                failures = 6
                role = "readiness"
                """));
        assertThat(config.services().getFirst().restartAfter()).isEqualTo(4);
    }

    @Test
    void probeMustNameAnExistingProcess() {
        List<String> lines = problemLines(dir, """
                [services.os.processes.server]
                command = ["/bin/true"]
                [services.os.processes.ui]
                command = ["/bin/true"]
                [services.os.probes.sock]
                kind = "tcp"
                unix = "/run/os/ui.sock"
                process = "iu"
                """);
        assertThat(lines).containsExactly("services.toml:8:11: services.os.probes.sock.process: names no process of"
                + " this service, was \"iu\" (did you mean \"ui\"? one of server, ui)");
    }

    @Test
    void badRegexIsReportedWithWhereItBreaks() {
        assertThat(probeProblems("""
                kind = "http"
                url = "http://127.0.0.1:8080/health"
                body_matches = "status: (up"
                """)).containsExactly("services.toml:6:16: services.web.probes.health.body_matches: is not a valid"
                + " regex: Unclosed group near index 11, was \"status: (up\" (a Java regular expression, found"
                + " anywhere in the body)");
    }

    @Test
    void kindIsRequiredAndMustBeKnown() {
        assertThat(probeProblems("address = \"127.0.0.1:1\"")).containsExactly(
                "services.toml:3:1: services.web.probes.health.kind: is missing (one of \"tcp\", \"http\", \"jsonrpc\","
                        + " \"exec\", \"grpc\")",
                "services.toml:4:1: services.web.probes.health.address: is not used here (only for kind tcp, jsonrpc"
                        + " or grpc; valid keys here: kind, process, interval, timeout, start_grace, failures,"
                        + " successes, role)");
        assertThat(probeProblems("kind = \"htp\"")).containsExactly(
                "services.toml:4:8: services.web.probes.health.kind: is not a valid choice, was \"htp\" (did you"
                        + " mean \"http\"? one of \"tcp\", \"http\", \"jsonrpc\", \"exec\", \"grpc\")");
    }

    @Test
    void keysOfAnotherKindAreNamedAsSuch() {
        List<String> lines = probeProblems("""
                kind = "tcp"
                address = "127.0.0.1:8080"
                url = "http://127.0.0.1:8080/"
                """);
        assertThat(lines).singleElement().asString().startsWith(
                "services.toml:6:1: services.web.probes.health.url: is not used here (only for kind http or jsonrpc;");
    }

    @Test
    void targetsMustBeWellFormed() {
        assertThat(probeProblems("kind = \"tcp\"\naddress = \"localhost\"")).singleElement().asString()
                .contains("address: must be host:port, was \"localhost\"");
        assertThat(probeProblems("kind = \"tcp\"\naddress = \"::1:80\"")).singleElement().asString()
                .contains("address: an IPv6 address needs brackets");
        assertThat(probeProblems("kind = \"tcp\"\naddress = \"127.0.0.1:70000\"")).singleElement().asString()
                .contains("address: has no valid port (1-65535)");
        assertThat(probeProblems("kind = \"tcp\"\naddress = \"127.0.0.1:1\"\nunix = \"/x.sock\"")).singleElement()
                .asString().contains("unix: cannot be combined with address (exactly one of address, unix)");
        assertThat(probeProblems("kind = \"tcp\"")).singleElement().asString()
                .isEqualTo("services.toml:3:1: services.web.probes.health: needs one of address, unix (exactly one of address, unix)");
        assertThat(probeProblems("kind = \"http\"\nurl = \"https://example.org/\"")).singleElement().asString()
                .contains("url: must use http://");
        assertThat(probeProblems("kind = \"http\"\nurl = \"http://h/\"\nstatus = \"500-200\"")).singleElement()
                .asString().contains("status: is not a range of HTTP statuses, was \"500-200\"");
        assertThat(probeProblems("kind = \"http\"\nunix = \"" + "x".repeat(120) + "\"")).singleElement().asString()
                .contains("longer than the 107 a Unix socket allows");
        assertThat(probeProblems("kind = \"jsonrpc\"\nunix = \"/x.sock\"\nparams = 3")).singleElement().asString()
                .contains("params: must be a table or an array, not an integer, was 3");
        assertThat(probeProblems("kind = \"exec\"\ncommand = [\"/no/such/check\"]")).singleElement().asString()
                .contains("command[0]: does not exist (/no/such/check)");
        assertThat(probeProblems("kind = \"grpc\"")).singleElement().asString()
                .contains("services.web.probes.health.address: is missing");
    }

    @Test
    void everyErrorInOneFileIsReportedAtItsOwnLineAndColumn() {
        List<String> lines = problemLines(dir, """
                [daemon]
                probe_restart_budget = -1

                [services.web]
                command = ["/bin/true"]
                restart = "sometimes"
                period = "0s"
                stop_timeout = "forever"

                [services.web.probes.health]
                kind = "http"
                url = "http://127.0.0.1:8080/health"
                interval = "5s"
                timeout = "-1s"
                failures = 0
                role = "liveliness"
                colour = "red"

                [services.db]
                cwd = "/tmp"
                """);
        assertThat(lines).containsExactly(
                "services.toml:2:24: daemon.probe_restart_budget: must be >= 0, was -1 (an integer from 0 to 10000)",
                "services.toml:6:11: services.web.restart: is not a valid choice, was \"sometimes\" (one of \"always\","
                        + " \"on-failure\", \"never\")",
                "services.toml:7:10: services.web.period: must be >= 1s, was \"0s\" (a duration such as \"250ms\","
                        + " \"5s\", \"2m\", \"1h30m\", >= 1s and <= 24h)",
                "services.toml:8:16: services.web.stop_timeout: is not a duration, was \"forever\" (a duration such"
                        + " as \"250ms\", \"5s\", \"2m\", \"1h30m\", > 0 and <= 1h)",
                "services.toml:14:11: services.web.probes.health.timeout: must be >= 10ms, was \"-1s\" (a duration such"
                        + " as \"250ms\", \"5s\", \"2m\", \"1h30m\", >= 10ms and <= 1h)",
                "services.toml:15:12: services.web.probes.health.failures: must be >= 1, was 0 (an integer from 1 to 1000)",
                "services.toml:16:8: services.web.probes.health.role: is not a valid choice, was \"liveliness\" (did"
                        + " you mean \"liveness\"? one of \"liveness\", \"readiness\", \"startup\")",
                "services.toml:17:1: services.web.probes.health.colour: unknown key (valid keys here: kind, url,"
                        + " unix, path, method, status, body_contains, body_matches, header, process, interval,"
                        + " timeout, start_grace, failures, successes, role)",
                "services.toml:19:1: services.db.command: is missing (an array of strings such as"
                        + " [\"/usr/bin/python3\", \"-m\", \"http.server\"])");
    }
}
