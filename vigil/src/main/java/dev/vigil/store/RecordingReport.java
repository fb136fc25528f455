package dev.vigil.store;

import java.time.Duration;

/**
 * What the store has to say about recording: typed and counted, so the daemon turns it into one
 * event ({@code events_not_recorded}, {@code events_recording_resumed}, ...) instead of a stack
 * trace on stderr.
 */
public sealed interface RecordingReport {
    /** {@code events} or {@code processes}: which part of the store. */
    String what();

    /**
     * Writing failed, or events were dropped, since the last report.
     *
     * @param waiting    held in memory, to be written when the store works again
     * @param lost       dropped since the last report (queue full, or the daemon stopped first)
     * @param lostTotal  dropped since the daemon started
     * @param reason     the store's error, e.g. the SQLite message naming the file
     */
    record NotRecorded(String what, long waiting, long lost, long lostTotal, String reason) implements RecordingReport {}

    /** A write succeeded again after {@code outage}; {@code lost} were dropped in between. */
    record Resumed(String what, long lost, Duration outage) implements RecordingReport {}
}
