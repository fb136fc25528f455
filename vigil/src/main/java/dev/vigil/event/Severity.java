package dev.vigil.event;

/** How loudly an event is logged. */
public enum Severity {
    DEBUG, INFO, WARN, ERROR
}
