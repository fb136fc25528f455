package dev.vigil.probe;

/** What a {@link MemoryGauge} found. */
public sealed interface MemoryReading {

    /**
     * @param bytes resident memory summed over what {@code scope} names
     * @param scope what was measured, for people: "cgroup vigil.web.web" or "group 1234, 3 processes"
     */
    record Measured(long bytes, String scope) implements MemoryReading {}

    /** No reading could be taken (the process is gone, /proc is unreadable): says nothing about the service. */
    record Unreadable(String why) implements MemoryReading {}
}
