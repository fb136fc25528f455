package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProbeTargetEqualityTest {

    private static ProbeTarget.Http http(String regex) {
        return new ProbeTarget.Http(new Endpoint.Tcp("127.0.0.1", 8080), "GET", "/health", "127.0.0.1:8080",
                200, 399, Optional.empty(), Optional.of(Pattern.compile(regex)), Optional.empty(), Optional.empty());
    }

    @Test
    void httpTargetsWrittenAlikeAreEqualDespitePatternIdentity() {
        assertThat(http("ok.*")).isEqualTo(http("ok.*")).hasSameHashCodeAs(http("ok.*"));
    }

    @Test
    void httpTargetsWithDifferentRegexesDiffer() {
        assertThat(http("ok.*")).isNotEqualTo(http("fine.*"));
    }
}
