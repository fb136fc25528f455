package dev.vigil.config;

import java.util.Objects;

/**
 * {@code restart_on_memory}: the resident memory above which a process is restarted.
 *
 * @param bytes  the limit
 * @param source where it was written, for messages only: no part of {@link #equals} or
 *               {@link #hashCode} (as in {@link ServiceSpec}), so a reload sees a process moved by a
 *               comment as unchanged
 */
public record MemoryLimit(long bytes, SourceRef source) {

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryLimit m && bytes == m.bytes;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(bytes);
    }
}
