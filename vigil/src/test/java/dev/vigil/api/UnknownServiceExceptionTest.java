package dev.vigil.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownServiceExceptionTest {

    @Test
    void aNameIsEchoedWholeUpToTheLimitAndShortenedBeyondIt() {
        String exact = "a".repeat(UnknownServiceException.ECHOED);
        UnknownServiceException e = new UnknownServiceException(exact, List.of("web", "db"));
        assertThat(e.getMessage()).isEqualTo("unknown service '" + exact + "'");
        assertThat(e.data()).containsEntry("name", exact).containsEntry("known", List.of("db", "web"));

        UnknownServiceException huge = new UnknownServiceException("x".repeat(1_000_000), List.of());
        String shown = "x".repeat(UnknownServiceException.ECHOED) + "... (1000000 characters)";
        assertThat(huge.getMessage()).isEqualTo("unknown service '" + shown + "'");
        assertThat(huge.data()).containsEntry("name", shown);
    }
}
