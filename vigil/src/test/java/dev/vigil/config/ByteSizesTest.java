package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

    @ParameterizedTest
    @CsvSource({"10MiB, 10485760", "512KiB, 524288", "1GiB, 1073741824", "2kb, 2000", "1.5MiB, 1572864",
            "4096, 4096", "100B, 100", "10 mib, 10485760"})
    void parses(String text, long bytes) {
        assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ten", "10TiB", "-1MiB", "1.5B", "99999999999GiB", ""})
    void rejects(String text) {
        assertThatThrownBy(() -> ByteSizes.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"10485760, 10MiB", "1536, 1536B", "2048, 2KiB", "0, 0B"})
    void formats(long bytes, String text) {
        assertThat(ByteSizes.format(bytes)).isEqualTo(text);
    }
}
